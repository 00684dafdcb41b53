/**
 * simple-html.ts, the DOM-free path of mastodon-common.ts `htmlToText`:
 * byte for byte the text and links of the DOM path (htmlparser2 +
 * html-text.ts), on every post of the Mastodon and Zulip corpus files and
 * on generated hostile markup, and it gives up (null) rather than guess.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { domHtmlToText, htmlToText, type FragmentOptions } from '../src/import/formats/mastodon-common.ts';
import { simpleHtmlText } from '../src/import/formats/simple-html.ts';
import { corpusTest } from './helpers/corpus.ts';

/** Every string `content` in a JSON value. */
function contents(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) contents(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'content' && typeof x === 'string') out.push(x);
      else contents(x, out);
    }
  }
  return out;
}

const same = (html: string, options?: FragmentOptions) => assert.deepEqual(htmlToText(html, options), domHtmlToText(html, options), JSON.stringify(html));

corpusTest(
  'every Mastodon and Zulip corpus post reads the same without a DOM',
  ['mastodon-json/bigbone-tag-timeline-2017.json', 'mastodon-json/bigbone-status-context.json', 'mastodon-archive/dealingwith-indieweb-social-2024/outbox.json', 'zulip-archive-json/lean-together-2019-questions-about-lean-4.json'],
  (_t, ...paths) => {
    let posts = 0;
    let simple = 0;
    for (const p of paths) {
      for (const html of contents(JSON.parse(readFileSync(p, 'utf8')))) {
        posts++;
        if (simpleHtmlText(html, () => true)) simple++;
        same(html);
      }
    }
    assert.equal(posts, 20 + 3 + 1586 - 326 + 20);
    // Nearly all take the simple path (the rest: other tags or entities).
    assert.ok(simple >= posts * 0.95, `${simple} of ${posts}`);
  },
);

test('simple markup: paragraphs, breaks, links, mentions, entities', () => {
  const cases = [
    '<p>a</p><p>b<br>c<br/>d<br />e</p>',
    '<p>Hi <span class="h-card"><a href="https://x.example/@bob" class="u-url mention">@<span>bob</span></a></span> see <a href="https://e.example/a?b=1&amp;c=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">e.example/a</span><span class="invisible">?b=1&amp;c=2</span></a></p>',
    '<p><a href="https://m.example/tags/jam" class="mention hashtag" rel="tag">#<span>jam</span></a> &quot;q&quot; &#39;s&#39; &lt;b&gt; &amp;amp; &nbsp;x&#x41;&#128512;</p>',
    '<p>a</p></p></p>b',
    '</p>x',
    '<p>x<p>y<blockquote>z</blockquote></p>',
    '<ul><li>one<li>two</ul><ol><li>three</li></ol>',
    '<pre><code>a\n  b</code></pre>',
    '<p>  lots   of\t\tspace \n\n\n\n here </p>',
    '<a href="https://dup.example/">1</a><a href="https://dup.example/">2</a><a href="javascript:alert(1)">3</a><a href="//proto.example/">4</a>',
    '<a href="https://first.example/" href="https://second.example/">twice</a>',
    '<span class="u-url" >x</span><a class="x  mention" href="https://no.example/">m</a>',
    'a\r\nb\rc',
  ];
  for (const html of cases) {
    assert.ok(simpleHtmlText(html, () => true), `simple path for ${JSON.stringify(html)}`);
    same(html);
  }
});

test('anything else is left to the DOM path', () => {
  const cases = [
    '<P>upper</P>',
    '<p>a<!-- c --></p>',
    '<div>d</div>',
    '<img src="x" alt="😀">',
    '<a href=x>unquoted</a>',
    "<a href='x'>single</a>",
    '<a download>no value</a>',
    '<a href="x"class="y">tight</a>',
    '&amp no semicolon',
    '&hellip;',
    '&#0;',
    '&#128;',
    '&#xD800;',
    '&#1114112;',
    'a < b',
    '<3',
    '</br>',
    'nul\0byte',
    '<p-x>dash</p-x>',
    '<script>x</script>',
    `${'<span>'.repeat(65)}deep`,
  ];
  for (const html of cases) {
    assert.equal(simpleHtmlText(html, () => true), null, JSON.stringify(html));
    same(html);
  }
});

/** A small seeded generator (mulberry32): the same hostile strings on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '<p>', '</p>', '<br>', '<br/>', '<br />', '</br>', '<span>', '</span>', '<span class="invisible">', '<span class="emoji emoji-1f601">', '<span class="katex">',
  '<a href="https://a.example/x">', '<a href="https://a.example/x" class="mention">', '<a href="https://b.example/#/near/12">', '<a rel="tag" href="https://t.example/">', '<a href="mailto:x@y.example">', '</a>',
  '<blockquote>', '</blockquote>', '<ul>', '<ol>', '<li>', '</li>', '</ul>', '<pre>', '</pre>', '<code>', '</code>', '<em>', '</em>', '<strong>', '<b>', '</i>', '<del>', '<s>', '<u>',
  '<span title="&hellip; &amp x &#0;">', '<a href="https://a.example/?q=1&amp;r=2" title="&hellip;">', '<a href="https://a.example/&#x41;" class="hashtag">', '<a\nhref="https://n.example/"\n>', '<a href="https://c.example/" >', '<span x="1"y="2">',
  '<div>', '</div>', '<div class="message_embed">', '<img alt="😀" class="emoji">', '<!-- c -->', '<P>', '<Br>',
  'text', ' ', '  ', '\n', '\r\n', '\t', '\u00a0', 'é', '😀', '>', '<', '< ', '&', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#39;', '&#x27;', '&nbsp;', '&amp', '&#65', '&#128;', '&#0;', '&hellip;', '"', "'", '=', '/',
];

test('generated hostile markup reads the same both ways', () => {
  const next = random(12);
  const plain = (tag: string, attribs: Record<string, string>) => tag !== 'div' && !(tag === 'span' && /emoji|katex/.test(attribs.class ?? ''));
  let simple = 0;
  for (let n = 0; n < 5000; n++) {
    const len = 1 + Math.floor(next() * 24);
    let html = '';
    for (let k = 0; k < len; k++) html += PIECES[Math.floor(next() * PIECES.length)];
    if (simpleHtmlText(html, () => true)) simple++;
    same(html);
    // With callbacks that leave the plain elements alone, only the others reach them.
    same(html, { prepare: () => {}, skip: (el) => el.name === 'div', plain });
  }
  assert.ok(simple > 500, `${simple} took the simple path`);
});
