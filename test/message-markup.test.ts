/**
 * publish/message-markup.ts writes the bytes of theme/_includes/macros.njk:
 * each renderer against the macro it replaces, rendered by Nunjucks with
 * the site's own environment options, on messages with every optional
 * field set and unset and with hostile text in every field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { THEME_DIR } from '../src/site/theme.ts';
import {
  authorMarkup,
  attachmentsMarkup,
  blockMarkup,
  escapeLikeNunjucks,
  messageArticle,
  messageArticles,
  messageCompact,
  messageCompacts,
  quoteMarkup,
  recapBlocks,
  timeMarkup,
} from '../src/publish/message-markup.ts';
import type { AttachmentView, MessageView, QuoteView, RecapBlock } from '../src/publish/site-view.ts';

// The options site/eleventy.ts gives the site's Nunjucks environment.
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(THEME_DIR, '_includes')), {
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
});

/** `{{ ui.<call> }}` with macros.njk imported, rendered by Nunjucks. */
function macro(call: string, context: object): string {
  return env.renderString(`{% import "macros.njk" as ui %}{{ ui.${call} }}`, context);
}

const HOSTILE = `<script>alert("x")</script> & it's \\ "quoted" 'single' 𝒳😀 &amp;`;

function message(over: Partial<MessageView> = {}): MessageView {
  return {
    id: '1001',
    anchor: 'm-1001',
    href: '/jams/j/transcript/#m-1001',
    page: 1,
    question: 'Q1',
    questionHref: '/jams/j/#q1',
    asks: null,
    endsChat: false,
    handle: 'ann',
    name: 'Ann Example',
    personHref: '/participants/ann/',
    time: '2024-01-02T18:00:00Z',
    timeLabel: '6:00 pm',
    timeTitle: '2 January 2024, 6:00 pm UTC',
    textHtml: 'Hello <a href="https://example.org/">example.org</a> &amp; more',
    url: 'https://twitter.com/ann/status/1001',
    urlSite: 'on twitter.com',
    replyTo: null,
    retweetOf: null,
    quotedHref: null,
    attachments: [],
    ...over,
  };
}

const ATTACHMENTS: AttachmentView[] = [
  { kind: 'image', src: '/media/abc.jpg', width: 640, height: 480, alt: 'a cat', href: 'https://pbs.example/cat.jpg', label: 'Image: a cat' },
  { kind: 'image', src: '/media/def.png', width: null, height: null, alt: '', href: null, label: 'Image' },
  { kind: 'video', src: null, width: null, height: null, alt: 'clip', href: 'https://video.example/clip.mp4', label: 'Video: clip' },
  { kind: 'image', src: null, width: null, height: null, alt: 'gone', href: null, label: 'Image (not saved with the export): gone' },
];

/** Every field that is printed, hostile. */
function hostileMessage(over: Partial<MessageView> = {}): MessageView {
  return message({
    id: `${HOSTILE}id`,
    anchor: `${HOSTILE}anchor`,
    href: `/x?a=1&b="2"'${HOSTILE}`,
    question: `${HOSTILE}Q`,
    questionHref: `${HOSTILE}qhref`,
    asks: HOSTILE,
    handle: `${HOSTILE}handle`,
    name: `${HOSTILE}name`,
    personHref: `${HOSTILE}person`,
    time: `${HOSTILE}time`,
    timeLabel: `${HOSTILE}label`,
    timeTitle: `${HOSTILE}title`,
    textHtml: '<b>already safe</b> &lt;kept&gt; 𝒳',
    url: `${HOSTILE}url`,
    urlSite: `${HOSTILE}site`,
    replyTo: { id: '9', href: `${HOSTILE}reply`, handle: `${HOSTILE}replyhandle` },
    quotedHref: `${HOSTILE}quoted`,
    attachments: [
      { kind: `${HOSTILE}kind` as AttachmentView['kind'], src: `${HOSTILE}src`, width: 10, height: 20, alt: `${HOSTILE}alt`, href: null, label: `${HOSTILE}l` },
      { kind: 'video', src: null, width: null, height: null, alt: '', href: `${HOSTILE}href`, label: `${HOSTILE}label2` },
      { kind: 'image', src: null, width: null, height: null, alt: '', href: null, label: `${HOSTILE}label3` },
    ],
    ...over,
  });
}

/** Messages covering each branch of the macros. */
const MESSAGES: [string, MessageView][] = [
  ['plain, with name and person page', message()],
  ['no name', message({ name: null })],
  ['empty name', message({ name: '' })],
  ['name equal to the handle', message({ name: 'ann' })],
  ['no person page (redacted author)', message({ personHref: null, name: null, handle: 'redacted' })],
  ['no question link', message({ questionHref: null, question: 'none' })],
  ['asks a question', message({ asks: 'Q2' })],
  ['quoted in the recap', message({ quotedHref: '/jams/j/#quote-1' })],
  ['asks and quoted', message({ asks: 'Q1', quotedHref: '/jams/j/#quote-2' })],
  ['reply with a link', message({ replyTo: { id: '1000', href: '/jams/j/transcript/#m-1000', handle: 'bob' } })],
  ['reply without a link', message({ replyTo: { id: '1000', href: null, handle: null } })],
  ['reply to an unknown handle', message({ replyTo: { id: '1000', href: '/x/', handle: null } })],
  ['no original url', message({ url: null })],
  ['no url, reply, quoted', message({ url: null, replyTo: { id: '2', href: null, handle: 'b' }, quotedHref: '/q/' })],
  ['every kind of attachment', message({ attachments: ATTACHMENTS })],
  ['one picture with a size', message({ attachments: [ATTACHMENTS[0]] })],
  ['width 0 is no size', message({ attachments: [{ ...ATTACHMENTS[0], width: 0, height: 0 }] })],
  ['empty text', message({ textHtml: '' })],
  ['hostile text in every field', hostileMessage()],
  ['hostile, no person page, no name', hostileMessage({ personHref: null, name: null })],
  ['hostile, reply without a link, no url', hostileMessage({ replyTo: { id: '1', href: null, handle: HOSTILE }, url: null, quotedHref: null, asks: null })],
  ['hostile name equal to hostile handle', hostileMessage({ name: `${HOSTILE}handle` })],
];

test('escapeLikeNunjucks escapes as Nunjucks autoescape does', () => {
  for (const value of [HOSTILE, '', 'plain', 0, 42, 3.5, null, undefined, '\\', '&&', '😀<']) {
    assert.equal(escapeLikeNunjucks(value), env.renderString('{{ v }}', { v: value }), String(value));
  }
  assert.equal(escapeLikeNunjucks(`a<b>&"'\\`), 'a&lt;b&gt;&amp;&quot;&#39;&#92;');
});

for (const [name, m] of MESSAGES) {
  test(`article: ${name}`, () => {
    assert.equal(messageArticle(m), macro('article(m)', { m }));
  });
  test(`compact with and without the author: ${name}`, () => {
    assert.equal(messageCompact(m), macro('compact(m)', { m }));
    assert.equal(messageCompact(m, true), macro('compact(m, true)', { m }));
    assert.equal(messageCompact(m, false), macro('compact(m, false)', { m }));
  });
  test(`quote, author, when, attachments: ${name}`, () => {
    const qv: QuoteView = { anchor: `quote-${m.anchor}`, message: m };
    assert.equal(quoteMarkup(qv), macro('quote(qv)', { qv }));
    assert.equal(authorMarkup(m), macro('author(m)', { m }));
    assert.equal(timeMarkup(m), macro('when(m)', { m }));
    assert.equal(attachmentsMarkup(m), macro('attachments(m)', { m }));
  });
}

test('the article of a hostile message holds no unescaped markup from its fields', () => {
  const html = messageArticle(hostileMessage());
  assert.ok(!html.includes('<script>'), html);
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s &#92; '), html);
  assert.ok(html.includes('𝒳😀'), html);
});

test('blocks: a quote or the notes HTML as is, hostile quote anchors escaped', () => {
  const blocks: RecapBlock[] = [
    { html: '<p>Intro with <em>markup</em> &amp; an entity</p>\n' },
    { quote: { anchor: 'quote-1', message: message() } },
    { quote: { anchor: `${HOSTILE}quote`, message: hostileMessage() } },
    { html: '' },
    { quote: { anchor: 'quote-3', message: message({ attachments: ATTACHMENTS, personHref: null }) } },
  ];
  for (const b of blocks) assert.equal(blockMarkup(b), macro('block(b)', { b }));
  const loop = env.renderString('{% import "macros.njk" as ui %}{% for b in bs %}{{ ui.block(b) }}{% endfor %}', { bs: blocks });
  assert.equal(recapBlocks(blocks), loop);
});

test('the list renderers equal the macro loops they replace in the pages', () => {
  const ms = MESSAGES.map(([, m]) => m);
  const loop = (body: string) => env.renderString(`{% import "macros.njk" as ui %}{% for m in ms %}${body}{% endfor %}`, { ms });
  assert.equal(messageArticles(ms), loop('{{ ui.article(m) }}'));
  assert.equal(messageCompacts(ms), loop('{{ ui.compact(m) }}'));
  assert.equal(messageCompacts(ms, false), loop('{{ ui.compact(m, false) }}'));
  assert.equal(messageArticles([]), '');
  assert.equal(messageCompacts(null), '');
  assert.equal(recapBlocks(undefined), '');
});

test('as filters, the lists print the same page bytes as the macro loops (whitespace control included)', () => {
  const filters = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(THEME_DIR, '_includes')), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  filters.addFilter('messageArticles', messageArticles);
  filters.addFilter('messageCompacts', messageCompacts);
  filters.addFilter('recapBlocks', recapBlocks);
  const segs = [{ messages: MESSAGES.slice(0, 5).map(([, m]) => m) }, { messages: [] }, { messages: MESSAGES.slice(5).map(([, m]) => m) }];
  const before = '{% import "macros.njk" as ui %}\n<ol>\n{% for seg in segs %}\n<h2>x</h2>\n{% for m in seg.messages %}{{ ui.article(m) }}{% endfor %}\n{% endfor %}\n</ol>\n<ol>\n{% for m in segs[0].messages %}{{ ui.compact(m, false) }}{% endfor %}\n{% if more %}\n<li>more</li>\n{% endif %}\n</ol>\n';
  const after = '<ol>\n{% for seg in segs %}\n<h2>x</h2>\n{{ seg.messages | messageArticles | safe -}}\n{% endfor %}\n</ol>\n<ol>\n{{ segs[0].messages | messageCompacts(false) | safe -}}\n{% if more %}\n<li>more</li>\n{% endif %}\n</ol>\n';
  for (const more of [true, false]) assert.equal(filters.renderString(after, { segs, more }), filters.renderString(before, { segs, more }));
});
