/**
 * plainText (src/publish/cms-post.ts, the CMS exports' excerpts) without
 * cheerio: the markup the site writes is read by plainHtmlText
 * (src/publish/plain-html.ts), the rest by cheerio, loaded on first use.
 * Checked against the former implementation (cheerio's text() of parse5's
 * DOM, kept here) on every recap, intro and section HTML of the example
 * site, of a generated site and of the hostile site; on the hostile
 * collections (BLNS, DOMPurify, html5sec), raw and rendered as notes; and
 * on edge cases. The site's markup must all take the path without a DOM,
 * and importing the build must not load cheerio, parse5 or undici.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { corpusPath, corpusTest, ROOT } from './helpers/corpus.ts';
import { HOSTILE_FILES, loadHostileCollections, writeHostileSite } from './helpers/hostile-site.ts';
import { generateSite } from '../bench/site-generator.ts';
import { plainText } from '../src/publish/cms-post.ts';
import { plainHtmlText } from '../src/publish/plain-html.ts';
import { firstParagraph, renderMarkdown } from '../src/notes/markdown.ts';
import { requireSite } from '../src/site/site.ts';
import type { SiteView } from '../src/publish/site-view.ts';

/** The implementation plainText replaced. */
const cheerioPlainText = (html: string) => (html ? cheerio.load(html, null, false).root().text().replace(/\s+/g, ' ').trim() : '');

/** Every HTML fragment of a site's notes: teasers, intro blocks, section blocks. */
function notesHtml(site: SiteView): string[] {
  return site.jams.flatMap((jam) => [jam.teaserHtml, ...jam.introBlocks.map((b) => b.html ?? ''), ...jam.questions.flatMap((q) => q.blocks.map((b) => b.html ?? ''))]).filter(Boolean);
}

/** Whether plainText reads the fragment without a DOM (its line breaks normalized first, as it does). */
const readWithoutDom = (html: string) => plainHtmlText(html.replace(/\r\n?/g, '\n')) !== null;

/** Asserts plainText equals the former implementation on each input; the number of inputs read without a DOM. */
function compare(inputs: string[]): number {
  let plain = 0;
  for (const html of inputs) {
    assert.equal(plainText(html), cheerioPlainText(html), JSON.stringify(html));
    if (readWithoutDom(html)) plain++;
  }
  return plain;
}

describe('plainText on the notes of built sites', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-plain-text-'));
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('the example site: every fragment the same, all read without a DOM', () => {
    const inputs = notesHtml(requireSite(join(ROOT, 'content')));
    assert.ok(inputs.length >= 5, `${inputs.length} fragments`);
    assert.equal(compare(inputs), inputs.length);
  });

  test('a generated site: every fragment the same, all read without a DOM', () => {
    const content = join(tmp, 'generated');
    generateSite(content, { jams: 6, messages: 150, seed: 7 });
    const inputs = notesHtml(requireSite(content));
    assert.ok(inputs.length >= 6 * 5, `${inputs.length} fragments`);
    assert.equal(compare(inputs), inputs.length);
  });

  corpusTest('the hostile site: every fragment the same, all read without a DOM', HOSTILE_FILES, async () => {
    const content = join(tmp, 'hostile');
    await writeHostileSite(content);
    const inputs = notesHtml(requireSite(content));
    assert.ok(inputs.length >= 10, `${inputs.length} fragments`);
    assert.equal(compare(inputs), inputs.length);
  });
});

corpusTest('plainText on the hostile collections, raw and as notes', HOSTILE_FILES, async (t) => {
  const { dompurify, html5sec, blns } = await loadHostileCollections();
  const raw = [...dompurify, ...html5sec, ...blns];
  assert.equal(raw.length, 223 + 139 + 515);
  // Raw payloads: what plainText is given when it is not the site's own markup.
  const rawPlain = compare(raw);
  // Payloads as the intro the notes would render (markdown-it, no raw HTML): the teaser and the whole block.
  const notes = raw.flatMap((p) => {
    const html = renderMarkdown(`Intro ${p} end.\n\nMore ${p}\n`);
    return [html, firstParagraph(html)];
  });
  const notesPlain = compare(notes);
  assert.equal(notesPlain, notes.length, 'rendered notes all read without a DOM');
  t.diagnostic(`raw payloads read without a DOM: ${rawPlain} of ${raw.length}; rendered: ${notesPlain} of ${notes.length}`);
  assert.ok(existsSync(corpusPath(HOSTILE_FILES[0])));
});

test('plainText on edge cases: references, raw text, comments, CDATA, broken markup, NUL, lone surrogates', (t) => {
  const cases = [
    '',
    ' ',
    'plain',
    '<p>a  b\n\tc</p>',
    // References: with and without semicolons, in and outside the subset.
    '<p>&amp; &lt; &gt; &quot; &apos; &nbsp;x&#39;&#x41;&#65;</p>',
    '<p>AT&T &amp &lt &gt &nbsp &copy &copy; &notit; &notin; &not; &ampx &amp;x &Amp; &unknown; &</p>',
    '<p>&#0; &#x80; &#x9f; &#xD800; &#xDFFF; &#x110000; &#xFFFE; &#1114111; &#65 &#x41 &#; &#x; &#99999999999;</p>',
    '<p>a&nbsp;b\u00a0c&NonBreakingSpace;d</p>',
    // Comments and CDATA: dropped in HTML; CDATA is text only in foreign content.
    '<p>a<!-- c -->b<!---->c<!--->d<!-- unclosed</p>',
    '<p>a<![CDATA[x<y]]>b</p>',
    '<svg><![CDATA[x<y&amp;]]></svg><math><mi><![CDATA[z]]></mi></math>',
    '<svg><style>&amp;<b>x</b></style></svg>',
    // Raw text and RCDATA elements.
    '<script>if (a < b && c) { x = "&amp;" }</script>after',
    '<style>.a > b { content: "&amp;" }</style>',
    '<p>x</p><style>.a>b{}</style>',
    '<textarea>\nfirst line &amp; <b>no tag</b></textarea>',
    '<title>&lt;t&gt; <i>x</i></title>',
    '<xmp>&amp; <b></xmp><noscript>&amp;<b>n</b></noscript><iframe>&amp;</iframe><noembed>e</noembed><noframes>f</noframes>',
    '<plaintext>everything </plaintext> after &amp; <b>',
    '<script>unclosed',
    '<style>unclosed &amp;',
    '<textarea>unclosed &amp;',
    // Unclosed and misnested tags, lists, tables, pre.
    '<p>one<p>two<div>three',
    '<b>1<p>2</b>3</p>4',
    '<a href="/x/">1<div>2<a href="/y/">3</a>4</div>5',
    '<ul><li>a<ul><li>b</li><li>c<ol><li>d</li></ol></li></ul></li><li>e</ul>',
    '<li>outside</li><dd>dd</dd>',
    '<table><tr><td>cell</td></tr>text<tr><td>more</td></table>after',
    '<table>a<tr>b<td>c</td>d</tr>e</table>',
    '<col>dropped?<colgroup>x',
    '<tr><td>x</td></tr>y',
    '<select>a<option>b<b>c</b></select>',
    '<pre>\nkept?</pre><pre>\n\nnext</pre><listing>\nl</listing>',
    'a<pre>\nb</pre>',
    '<p>line<br>break<br/>and</br>end</p>',
    '<p>a<wbr>b<img alt="alt text">c<hr>d</p>',
    '<html><head><title>t</title></head><body>b</body></html>',
    '<template>inside<p>t</p></template>out',
    '<frameset><frame>f</frameset>',
    '<image src=x>i',
    '<p =x>attr</p><p a=">">gt</p><p a=\'>\'>q</p>',
    '<div <p>x</div>',
    '< p>not a tag</p>',
    '</>empty end',
    '<p>x</P><P>y</p>',
    '<STYLE>A</STYLE><Style>b</stylE>',
    // NUL, CR, lone surrogates, BOM, other white space.
    '<p>a\u0000b</p>',
    '\u0000',
    '<script>a\u0000b</script><textarea>c\u0000d</textarea><svg>e\u0000f</svg>',
    '<p>a\r\nb\rc</p>',
    '<p>a\r\n\r\n\rb</p><p>\r</p>\r',
    '<pre>\r\nx</pre>',
    'a<pre>\rb</pre>',
    '<textarea>\r\nt</textarea>',
    '<p>a&#13;b&#x0D;\rc</p>',
    '<p>\ud800 lone high, \udc00 lone low, \ud83d\ude00 pair, \ude00\ud83d reversed</p>',
    '\ud800',
    '<p title="\ud800">x</p>',
    '\ufeff<p>bom</p>',
    '<p>\u2028\u2029\u3000\u180e\ufeff</p>',
    '<p>\u0001\u0008\u000b\u000c\u007f\u0085 controls</p>',
    // The subset's own markup, with every reference it decodes.
    '<p>It&#39;s &quot;quoted&quot; &amp; <a href="https://e.org/?a=1&amp;b=2">linked</a> <code>&lt;b&gt;</code> <em>em</em> <strong>s</strong></p>',
    '<p><img src="/media/x.png" alt="a &quot;pic&quot;"> caption&nbsp;&#x1F600;</p>',
    '<blockquote><p>q</p></blockquote><h2>h</h2><ul><li>a</li></ul><pre><code>c &lt; d\n</code></pre>',
  ];
  // Both paths are exercised: the subset's markup without a DOM, the rest through cheerio.
  const plain = compare(cases.filter(Boolean));
  t.diagnostic(`edge cases read without a DOM: ${plain} of ${cases.length - 1}`);
  assert.ok(plain >= 10 && plain <= cases.length - 40, `${plain} of ${cases.length} read without a DOM`);
  // Values whose meaning depends on the parser, stated outright.
  assert.equal(plainText('<p>a&nbsp;b</p>'), 'a\u00a0b'.replace(/\s+/g, ' '));
  assert.equal(plainText('<p>x</p><style>.a>b{}</style>'), 'x.a>b{}');
  assert.equal(plainText('<p>&lt;b&gt; &amp;amp;</p>'), '<b> &amp;');
  assert.equal(plainText('<table>a<tr><td>c</td></tr>e</table>'), 'aec');
  assert.equal(plainText('a<pre>\nb</pre>'), 'ab');
  assert.equal(plainText('<p>a\u0000b</p>'), 'ab');
});

test('plainText on generated markup: the subset mixed with what the parser mends, raw text and broken references', (t) => {
  const TAGS = ['a', 'p', 'div', 'span', 'ul', 'ol', 'li', 'h2', 'em', 'strong', 'b', 'blockquote', 'pre', 'code', 'dl', 'dd', 'table', 'td', 'tr', 'textarea', 'title', 'select', 'svg'];
  const text = fc.stringMatching(/^(?:[a-z #;:/.<>"']|&amp;|&lt;|&gt;|&quot;|&#39;|&nbsp;|&copy|&copy;|&#0;|&#x41;|&#13;|&|\u00a0|\r|\n|\r\n|\t|\u0000|\ud800|\ud83d\ude00){0,10}$/);
  const attrs = fc.constantFrom('', ' class="c"', ' href="/x/?a=1&amp;b=2"', ' title="a>b"', " href='/q/'", ' alt=x');
  const node: fc.Memo<string> = fc.memo((depth) =>
    depth <= 1
      ? text
      : fc.oneof(
          { weight: 2, arbitrary: text },
          { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...TAGS), attrs, fc.array(node(depth - 1), { maxLength: 3 })).map(([t, a, kids]) => `<${t}${a}>${kids.join('')}</${t}>`) },
          { weight: 1, arbitrary: fc.constantFrom('<br>', '<img alt="i">', '<hr>', '<style>.a>b{c:"&amp;"}</style>', '<!-- c -->', '<![CDATA[d]]>', '</p>', '<p>', '<pre>\n', '<script>s&amp;</script>', '<col>') },
        ),
  );
  const fragment = fc.array(node(4), { maxLength: 4 }).map((parts) => parts.join(''));
  let plain = 0;
  let runs = 0;
  fc.assert(
    fc.property(fragment, (html) => {
      runs++;
      assert.equal(plainText(html), cheerioPlainText(html));
      if (readWithoutDom(html)) plain++;
    }),
    { numRuns: 3000, seed: 5 },
  );
  t.diagnostic(`generated fragments read without a DOM: ${plain} of ${runs}`);
  assert.ok(plain > runs / 10 && plain < runs * 0.9, `${plain} of ${runs} read without a DOM`);
});

test('plainHtmlText: the text of the subset, null outside it', () => {
  assert.equal(plainHtmlText('<p>a &amp;lt; <b class="x>y">b</b>&nbsp;<style>p>a{x:"&amp;"}</style>c</p>'), 'a &lt; b\u00a0p>a{x:"&amp;"}c');
  assert.equal(plainHtmlText('<p>a</p><p>b</p>'), 'ab');
  for (const html of ['<p>x', '<table><td>x</td></table>', '<p>a<!-- c -->b</p>', 'AT&T', '<pre>\nx</pre>', 'a\u0000b', '<script>x</script>']) {
    assert.equal(plainHtmlText(html), null, html);
  }
});

test('importing the build loads no cheerio, parse5 or undici; plainText of site markup does not either', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-plain-text-hook-'));
  try {
    // A resolve hook refusing the packages: any static import of them fails the import.
    const hook = join(dir, 'hook.mjs');
    writeFileSync(hook, `export async function resolve(s, c, next) { if (/^(cheerio|parse5|undici)(\\/|$)/.test(s)) throw new Error('imported ' + s); return next(s, c); }\n`);
    const register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`);
    const script = `
      import { createRequire } from 'node:module';
      await import('./src/site/build.ts');
      const { plainText } = await import('./src/publish/cms-post.ts');
      const { rebaseHtml, publicUrl } = await import('./src/publish/urls.ts');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules\\/(cheerio|parse5|undici)\\//.test(f)).length;
      const site = plainText('<p>It&#39;s <a href="/a/">x</a> &amp; y</p>') + rebaseHtml('<p><a href="/a/">x</a></p>', '/jams/j/', (u) => publicUrl(u, { baseUrl: 'https://e.org', pathPrefix: '/' }));
      const before = loaded();
      const other = plainText('<table>a<tr><td>c</td></tr>e</table>');
      console.log(JSON.stringify({ site, before, other, after: loaded() }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(register).href, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    assert.equal(out.site, 'It\'s x & y<p><a href="https://e.org/a/">x</a></p>');
    assert.equal(out.before, 0);
    // Markup outside the subset does load cheerio (by require, which the hook does not see): the count can fail.
    assert.equal(out.other, 'aec');
    assert.ok(out.after > 0, `${out.after} modules after the fallback`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
