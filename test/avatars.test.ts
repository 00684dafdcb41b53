/**
 * Generated avatars (src/publish/avatars.ts) and reply context on the
 * site's messages (issue 13): initials of whole graphemes, a colour from
 * the handle that white reads on at WCAG AA, the same in site.css; markup
 * written alike by the TypeScript renderers and the macros they replace,
 * escaped; on every message of the example site's pages; and a reply shows
 * the message it answers, shortened (views/reply-excerpt.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { ROOT } from './helpers/corpus.ts';
import { THEME_DIR } from '../src/site/theme.ts';
import { AVATAR_TONES, avatarFor, avatarInitials, avatarTone } from '../src/publish/avatars.ts';
import { avatarMarkup, messageArticle, messageCompact, quoteMarkup, replyContextMarkup } from '../src/publish/message-markup.ts';
import { replyExcerpt } from '../src/site/views/reply-excerpt.ts';
import { loadSite } from '../src/site/site.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import type { JamModel } from '../src/site/model.ts';
import type { MessageView } from '../src/publish/site-view.ts';

const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(THEME_DIR, '_includes')), { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
const macro = (call: string, context: object) => env.renderString(`{% import "macros.njk" as ui %}{{ ui.${call} }}`, context);
const HOSTILE = `<script>alert("x")</script> & it's \\ "q"`;

test('initials: one or two whole graphemes from the name, else the handle', () => {
  const cases: [string, string | null, string][] = [
    ['ann', 'Ann Example', 'AE'],
    ['ann', 'ann', 'A'],
    ['jacobm', null, 'J'],
    ['Joshua_D_Paul', null, 'JP'],
    ['jacobMiller', null, 'JM'],
    ['x', 'Mary Ann de la Cruz', 'MC'],
    ['x', 'e\u0301lodie durand', 'E\u0301D'], // a combining accent stays with its letter
    ['x', '🦄 Unicorn Fan', 'UF'], // words that do not start with a letter are skipped
    ['unicorn', '🦄🦄', 'U'],
    ['t', '山田 太郎', '山太'],
    ['x', 'ßen', 'ß'], // upper case would be two letters: kept as is
    ['___', null, '_'],
    ['👨‍👩‍👧', null, '👨‍👩‍👧'], // one grapheme of five code points
    ['', null, '?'],
    ['@ann', '<b>&</b>', 'B'],
    ['[removed]', null, 'R'], // a redacted author
    ['x', '"Dr. (Ann) O\'Neil"', 'DO'],
    ['x', '🦄Unicorn', 'U'],
  ];
  for (const [handle, name, want] of cases) assert.equal(avatarInitials(handle, name), want, `${handle} / ${name}`);
});

test('colour: from the handle (case and @ aside), the same in every build, one of ten tones', () => {
  assert.equal(avatarTone('Ann'), avatarTone('@ann'));
  // FNV-1a of the lower-cased handle, mod 10 (worked out apart, in Python).
  assert.deepEqual(['ann', 'jacobm', 'cmswire', 'ITSinsider', 'lehawes'].map(avatarTone), [0, 3, 1, 1, 4]);
  assert.deepEqual(avatarFor('Ann', 'Ann Example'), { initials: 'AE', tone: 0 });
});

/** WCAG 2 relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('every tone has white text at AA contrast (4.5:1), and site.css colours each class t0-t9 with it', () => {
  assert.equal(AVATAR_TONES.length, 10);
  for (const tone of AVATAR_TONES) assert.ok(1.05 / (luminance(tone) + 0.05) >= 4.5, `${tone}: ${(1.05 / (luminance(tone) + 0.05)).toFixed(2)}`);
  const css = readFileSync(join(THEME_DIR, 'assets', 'site.css'), 'utf8');
  assert.deepEqual([...css.matchAll(/\.avatar\.t(\d) \{ background: (#[0-9a-f]{6}); \}/g)].map((m) => [Number(m[1]), m[2]]), AVATAR_TONES.map((t, i) => [i, t]));
  assert.match(css, /\n\.avatar \{ display: inline-flex; align-items: center; justify-content: center; width: 28px; height: 28px; border-radius: 50%; overflow: hidden; vertical-align: middle; color: #fff;/);
  assert.match(css, /\n\.avatar\.small \{ width: 20px; height: 20px;/);
});

const base: MessageView = {
  id: '1001', anchor: 'm-1001', href: '/jams/j/transcript/#m-1001', page: 1, question: 'Q1', questionHref: '/jams/j/#q1', asks: null, endsChat: false,
  handle: 'ann', name: 'Ann Example', personHref: '/participants/ann/', time: '2024-01-02T18:00:00Z', timeLabel: '6:00 PM', timeTitle: '2024-01-02 18:00 UTC',
  textHtml: 'Hello', url: null, urlSite: null, replyTo: null, retweetOf: null, quotedHref: null, attachments: [], avatar: { initials: 'AE', tone: 4 },
};
const hostile: MessageView = { ...base, avatar: { initials: HOSTILE, tone: HOSTILE as unknown as number }, replyTo: { id: '9', href: `${HOSTILE}href`, handle: `${HOSTILE}h`, excerpt: `${HOSTILE}excerpt` } };
const VARIANTS: [string, MessageView][] = [
  ['avatar', base],
  ['no avatar', { ...base, avatar: undefined }],
  ['reply with context', { ...base, replyTo: { id: '1000', href: '/jams/j/transcript/#m-1000', handle: 'bob', excerpt: 'What I said first…' } }],
  ['reply on the site without its text', { ...base, replyTo: { id: '1000', href: '/jams/j/transcript/#m-1000', handle: 'bob', excerpt: null } }],
  ['reply to a message not on the site', { ...base, replyTo: { id: '1000', href: null, handle: null, excerpt: null } }],
  ['hostile avatar and reply', hostile],
  ['saved picture', { ...base, avatar: { initials: 'AE', tone: 4, src: '/media/0123456789abcdef.png' } }],
  ['hostile picture', { ...base, avatar: { initials: 'AE', tone: 4, src: HOSTILE } }],
];

test('golden fragments: the avatar (aria-hidden, sized by its class), and the reply context above the text', () => {
  assert.equal(avatarMarkup(base.avatar), '<span class="avatar t4" aria-hidden="true">AE</span> ');
  assert.equal(avatarMarkup(base.avatar, true), '<span class="avatar small t4" aria-hidden="true">AE</span> ');
  assert.equal(avatarMarkup(undefined), '');
  assert.ok(messageCompact(base).startsWith('<li class="message" data-message-id="1001" data-question="Q1" data-author="ann"><span class="avatar small t4" aria-hidden="true">AE</span> <a class="author"'));
  assert.equal(messageCompact(base, false).includes('avatar'), false, 'no avatar where the author is not shown');
  assert.ok(quoteMarkup({ anchor: 'quote-1', message: base }).includes('<footer><span class="avatar t4" aria-hidden="true">AE</span> <a class="author"'));
  const reply = messageArticle(VARIANTS[2][1]);
  assert.match(reply, /^<article [^>]*>\n<header><span class="avatar t4" aria-hidden="true">AE<\/span> <a class="author" href="\/participants\/ann\/">@ann<\/a> /);
  assert.ok(reply.includes('</header>\n<p class="reply-context"><a class="reply-to" href="/jams/j/transcript/#m-1000">In reply to @bob</a>: <span class="excerpt">What I said first…</span></p>\n<p class="text">Hello</p>\n<footer></footer>'), reply);
  // Without the text of the message replied to, the footer's link stays; nothing is said twice.
  assert.ok(messageArticle(VARIANTS[3][1]).includes('<footer><a class="reply-to" href="/jams/j/transcript/#m-1000">in reply to @bob</a> </footer>'));
  assert.equal(replyContextMarkup(VARIANTS[4][1]), '');
  const bad = messageArticle(hostile);
  assert.ok(!bad.includes('<script>'), bad);
  const esc = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s &#92; &quot;q&quot;';
  assert.ok(bad.includes(`<span class="avatar t${esc}" aria-hidden="true">${esc}</span>`), bad);
});

for (const [name, m] of VARIANTS) {
  test(`renderers equal the macros: ${name}`, () => {
    assert.equal(messageArticle(m), macro('article(m)', { m }));
    assert.equal(messageCompact(m), macro('compact(m)', { m }));
    assert.equal(messageCompact(m, false), macro('compact(m, false)', { m }));
    assert.equal(quoteMarkup({ anchor: 'quote-1', message: m }), macro('quote(qv)', { qv: { anchor: 'quote-1', message: m } }));
    assert.equal(avatarMarkup(m.avatar), macro('avatar(a)', { a: m.avatar }));
    assert.equal(avatarMarkup(m.avatar, true), macro('avatar(a, true)', { a: m.avatar }));
  });
}

test('golden fragments: a saved picture is the site\'s copy, sized (28 px, small 20 px), lazy, alt="" (the name is beside it), escaped', () => {
  const picture = VARIANTS[6][1];
  assert.equal(avatarMarkup(picture.avatar), '<img class="avatar" src="/media/0123456789abcdef.png" width="28" height="28" alt="" loading="lazy"> ');
  assert.equal(avatarMarkup(picture.avatar, true), '<img class="avatar small" src="/media/0123456789abcdef.png" width="20" height="20" alt="" loading="lazy"> ');
  assert.match(messageArticle(picture), /^<article [^>]*>\n<header><img class="avatar" src="\/media\/0123456789abcdef\.png" width="28" height="28" alt="" loading="lazy"> <a class="author" href="\/participants\/ann\/">@ann<\/a> /);
  assert.ok(messageCompact(picture).includes('data-author="ann"><img class="avatar small" src="/media/0123456789abcdef.png" width="20" height="20" alt="" loading="lazy"> <a class="author"'));
  assert.ok(quoteMarkup({ anchor: 'quote-1', message: picture }).includes('<footer><img class="avatar" src="/media/0123456789abcdef.png" width="28" height="28" alt="" loading="lazy"> <a class="author"'));
  const esc = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s &#92; &quot;q&quot;';
  assert.equal(avatarMarkup(VARIANTS[7][1].avatar), `<img class="avatar" src="${esc}" width="28" height="28" alt="" loading="lazy"> `);
});

test('reply excerpts: one clean line of at most 100 whole graphemes', () => {
  assert.equal(replyExcerpt('  short\n\ttext  '), 'short text');
  assert.equal(replyExcerpt('a\u202Eb\u0000c'), 'a b c');
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
  const cut = replyExcerpt(words);
  assert.equal(cut, `${words.slice(0, words.lastIndexOf(' ', 98))}…`);
  assert.ok([...cut].length <= 100);
  // 150 family emoji (5 code points each): 99 of them whole, then the ellipsis.
  const family = '👨‍👩‍👧';
  assert.equal(replyExcerpt(family.repeat(150)), `${family.repeat(99)}…`);
  assert.equal(replyExcerpt('x'.repeat(100)), 'x'.repeat(100));
  assert.equal(replyExcerpt('x'.repeat(101)), `${'x'.repeat(99)}…`);
  // A huge message is read by its head only.
  assert.equal(replyExcerpt(`${'y '.repeat(150_000)}`), `${'y '.repeat(48)}y…`);
});

test('the example site: every message and quote has its author\'s avatar, every participant one; the one reply shows what it answers', () => {
  clearSiteCaches();
  const site = loadSite(join(ROOT, 'content')).site!;
  const jam = site.jams[0] as JamModel;
  // The site's people (the participants index and their pages) too, from the handle and name they go by.
  assert.equal(site.people.length, 27);
  for (const p of site.people) assert.deepEqual(p.avatar, avatarFor(p.handle, p.name), p.handle);
  assert.ok(jam.messages.every((m) => m.avatar && m.avatar.initials.length > 0 && m.avatar.tone === avatarTone(m.handle)));
  // One avatar object per author: 47 messages, 27 people.
  assert.equal(new Set(jam.messages.map((m) => m.avatar)).size, 27);
  assert.deepEqual(jam.participants.filter((p) => ['cmswire', 'Joshua_D_Paul'].includes(p.handle)).map((p) => [p.handle, p.avatar]), [
    ['cmswire', { initials: 'C', tone: 1 }],
    ['Joshua_D_Paul', avatarFor('Joshua_D_Paul', jam.participants.find((p) => p.handle === 'Joshua_D_Paul')!.name)],
  ]);
  const replies = jam.messages.filter((m) => m.replyTo);
  assert.deepEqual(replies.map((m) => [m.id, m.replyTo]), [
    ['261150832194486274', { id: '261150601507766273', href: '/jams/2012-10-24-socbizchat/transcript/#m-261150601507766273', handle: 'jacobm', excerpt: 'social business is a term developed my marketers/vendors, no companies actually use it #socbizchat' }],
  ]);
  const page = jam.transcriptPages.flatMap((p) => p.segments.flatMap((s) => s.messages)).map(messageArticle).join('');
  assert.equal(page.split('<header><span class="avatar t').length - 1, 47);
  assert.equal(page.split('<p class="reply-context">').length - 1, 1);
});

test('avatars cost ~50 bytes a message: no picture, no file, no request', () => {
  const sizes = ['ann', 'Joshua_D_Paul', 'x'].map((h) => Buffer.byteLength(avatarMarkup(avatarFor(h, 'Some Body'))));
  assert.deepEqual(sizes, [53, 53, 53]);
  assert.doesNotMatch(avatarMarkup(avatarFor('ann', null)), /href|src|url\(|<svg|<img/);
});
