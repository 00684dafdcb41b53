/**
 * rebaseHtml without a DOM (src/publish/plain-html.ts): for the markup it
 * takes, the same bytes as parse5 through cheerio (rebaseWithDom), and
 * for what it leaves out, the DOM path. Checked on every page of the
 * example site and on generated markup (fast-check) mixing what the subset
 * takes with what the HTML parser would mend.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import { buildSite } from '../src/site/build.ts';
import { publicUrl, rebaseHtml, rebaseWithDom } from '../src/publish/urls.ts';
import { rewritePlainHtml } from '../src/publish/plain-html.ts';

const ADDRESSES = [
  { baseUrl: 'https://recaps.example.org', pathPrefix: '/' },
  { baseUrl: '', pathPrefix: '/recaps/' },
  { baseUrl: '', pathPrefix: '/' },
];

/** parse5's serialization of the fragment (what cheerio writes when a URL changed). */
const parse5RoundTrip = (html: string) => cheerio.load(html, null, false).html();

describe('rebaseHtml on the example site', () => {
  let out: string;
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'jamrecap-plain-html-'));
    const r = await buildSite({ contentDir: join(ROOT, 'content'), outDir: out, cacheDir: null });
    assert.ok(r.ok);
  });
  after(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  test('every page body: the same bytes as through the DOM, for three addresses; the embeds take the plain path', () => {
    const pages = listFiles(out).filter((f) => f.endsWith('.html') && !f.includes('/download/'));
    assert.ok(pages.length > 30, `${pages.length} pages`);
    let plain = 0;
    for (const page of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      const body = html.slice(html.indexOf('<body>') + 6, html.lastIndexOf('</body>'));
      const pageUrl = `/${page.replace(/index\.html$/, '')}`;
      if (rewritePlainHtml(body, (_t, _n, v) => v)) plain++;
      else assert.ok(!page.includes('/embed/'), `${page}: an embed left the plain path`);
      for (const address of ADDRESSES) {
        assert.equal(rebaseHtml(body, pageUrl, (u) => publicUrl(u, address)), rebaseWithDom(body, pageUrl, (u) => publicUrl(u, address)), `${page} with ${JSON.stringify(address)}`);
      }
    }
    assert.ok(plain >= pages.length / 2, `only ${plain} of ${pages.length} pages took the plain path`);
  });
});

describe('rewritePlainHtml on generated markup', () => {
  const TAGS = ['a', 'p', 'div', 'span', 'ul', 'ol', 'li', 'h2', 'h3', 'em', 'strong', 'b', 'blockquote', 'pre', 'code', 'dl', 'dd', 'table', 'td', 'button', 'time'];
  const VOIDS = ['br', 'img', 'hr', 'input'];
  const text = fc.stringMatching(/^(?:[a-z #;:/.?=<>"'\\]|&amp;|&lt;|&gt;|&quot;|&#39;|&#92;|&nbsp;|&copy;|&#0;|&#x41;|&|\u00a0|\r|\n|\t){0,12}$/);
  const url = fc.constantFrom('/jams/x/', '#q1', '../y/', 'https://e.org/a?b=1&amp;c=2', '', 'mailto:a@b', '//cdn.example/x', '?p=2', ' /z/ ');
  const attr = fc.oneof(
    fc.tuple(fc.constantFrom('href', 'src', 'cite', 'class', 'data-x', 'HREF', 'title'), url).map(([n, v]) => ` ${n}="${v}"`),
    fc.tuple(fc.constantFrom('class', 'title', 'alt'), text).map(([n, v]) => ` ${n}="${v.replaceAll('"', '&quot;')}"`),
    fc.constantFrom(' download', " href='/q/'", ' href=/u/', ' class = "a"', '  title="x"', ' href="/a/" href="/b/"'),
  );
  const attrs = fc.array(attr, { maxLength: 3 }).map((a) => a.join(''));
  const node: fc.Memo<string> = fc.memo((depth) =>
    depth <= 1
      ? fc.oneof(text, fc.tuple(fc.constantFrom(...VOIDS), attrs).map(([t, a]) => `<${t}${a}>`))
      : fc.oneof(
          { weight: 2, arbitrary: text },
          { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TAGS), attrs, fc.array(node(depth - 1), { maxLength: 4 })).map(([t, a, kids]) => `<${t}${a}>${kids.join('')}</${t}>`) },
          { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VOIDS), attrs).map(([t, a]) => `<${t}${a}>`) },
          { weight: 1, arbitrary: fc.constantFrom('<style>.a>b{}</style>', '<!-- c -->', '</p>', '<p>', '<br/>', '<STRONG>x</STRONG>', '<pre>\nx</pre>', '<a href="/n/"><a href="/m/">x</a></a>') },
        ),
  );
  const fragment = fc.array(node(4), { maxLength: 4 }).map((parts) => parts.join(''));

  test('what it takes, it serializes as parse5 does; rebaseHtml equals the DOM path on everything', () => {
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(fragment, (html) => {
        runs++;
        const plain = rewritePlainHtml(html, (_t, _n, v) => v);
        if (plain) {
          taken++;
          assert.equal(plain.html, parse5RoundTrip(html));
          assert.equal(plain.changed, false);
        }
        for (const address of ADDRESSES) {
          const to = (u: string) => publicUrl(u, address);
          assert.equal(rebaseHtml(html, '/jams/j/', to), rebaseWithDom(html, '/jams/j/', to));
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
    assert.ok(taken > runs / 5, `the plain path took only ${taken} of ${runs} fragments`);
  });

  test('what the HTML parser would mend is left to the DOM', () => {
    for (const html of ['<p><div>x</div></p>', '<li>x</li>', '<ul><li><div><li>x</li></div></li></ul>', '<a href="/a/"><a href="/b/">x</a></a>', '<h2><h3>x</h3></h2>', '<pre>\nx</pre>', '<p>x', 'x</p>', '<table><tr><td>x</td></tr></table>', '<b><i>x</b></i>', 'a\r\nb', '<!-- x -->', '<a href=/u/>x</a>', 'AT&T', '<br/>']) {
      assert.equal(rewritePlainHtml(html, (_t, _n, v) => v), null, html);
    }
    assert.deepEqual(rewritePlainHtml('<p class="t">it&#39;s &quot;x&quot; &amp; \u00a0<a href="/a/" download>y</a></p>', (_t, n, v) => (n === 'href' ? `https://e.org${v}` : v)), {
      html: '<p class="t">it\'s "x" &amp; &nbsp;<a href="https://e.org/a/" download="">y</a></p>',
      changed: true,
    });
  });
});
