/**
 * Share cards and page metadata (src/site/cards/): a card is a 1200×630
 * PNG (read from its IHDR), the same data draws the same bytes, hostile
 * texts (markup, 5,000 characters, bidi overrides, emoji) draw without a
 * throw or a request; the texts are cleaned and cut. Then the example jam
 * built for real, with and without --base-url: the recap page's
 * description, canonical URL, Open Graph and Twitter tags, its card and one
 * card per question section in the output, the favicon and feed links
 * resolving to files, /favicon.ico, a description and a title on every
 * page, and the card cache (an unchanged jam's cards are not drawn again).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { htmlPaths } from './helpers/browser.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { renderCard } from '../src/site/cards/card-render.ts';
import { cachedFavicon } from '../src/site/cards/card-cache.ts';
import { faviconIco } from '../src/site/cards/favicon-ico.ts';
import { cleanCardText, cutCardText } from '../src/site/cards/card-text.ts';
import { jamCards } from '../src/site/cards/jam-cards.ts';
import { cardStats } from '../src/site/cards/write-cards.ts';
import type { CardData } from '../src/site/cards/card-tree.ts';

const SLUG = '2012-10-24-socbizchat';
const CONTENT = join(ROOT, 'content');
const BASE = 'https://recaps.example.org';

/** A PNG's width and height from its IHDR chunk (after the 8-byte signature and the chunk's length and type). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  assert.equal(b.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

const RECAP: CardData = { kind: 'recap', title: 'From Social Media to Social Business', hashtag: 'socbizchat', dateLabel: 'Wednesday, October 24, 2012, 1:00 PM EDT', messages: 47, participants: 27, questions: 4 };
const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> \u202eevil\u202c \u2067isolate\u2069 😀🏳️‍🌈👍🏽 ${'long '.repeat(1000)}`;

/** Run `fn` with fetch replaced by one that records and refuses every request. */
async function withoutNetwork<T>(fn: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  const requests: string[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: unknown) => {
    requests.push(String(input));
    throw new Error('no network in a build');
  }) as typeof fetch;
  try {
    return { value: await fn(), requests };
  } finally {
    globalThis.fetch = original;
  }
}

describe('a card', () => {
  test('is a 1200×630 PNG, byte-identical across two renders', async () => {
    const a = await renderCard(RECAP);
    const b = await renderCard({ ...RECAP });
    assert.deepEqual(pngSize(a), { width: 1200, height: 630 });
    assert.ok(a.equals(b), 'two renders of the same data give the same bytes');
    const other = await renderCard({ ...RECAP, messages: 48 });
    assert.ok(!a.equals(other), 'another count draws another picture');
  });

  test('a hostile title, hashtag and question draw without a throw or a request', async () => {
    assert.equal(HOSTILE.length > 5000, true);
    const { value, requests } = await withoutNetwork(async () => [
      await renderCard({ ...RECAP, title: HOSTILE, hashtag: HOSTILE, dateLabel: HOSTILE }),
      await renderCard({ kind: 'question', label: HOSTILE, text: HOSTILE, jamTitle: HOSTILE, hashtag: HOSTILE, answers: 1 }),
      await renderCard({ ...RECAP, title: '日本語のタイトル שלום مرحبا 🙂', hashtag: '' }),
    ]);
    assert.deepEqual(requests, []);
    for (const png of value) assert.deepEqual(pngSize(png), { width: 1200, height: 630 });
  });

  test('texts are cleaned (controls, bidi overrides, emoji) and cut with an ellipsis', () => {
    assert.equal(cleanCardText('a\u202eb\u2066c\u0000d\n\te 😀🏳️‍🌈 f'), 'a b c d e f');
    const cut = cutCardText(HOSTILE, 90);
    assert.ok([...cut].length <= 90, `${[...cut].length} characters`);
    assert.ok(cut.endsWith('…'));
    assert.ok(cut.startsWith('<script>alert(1)</script>'), 'markup is kept as text: satori draws it, never parses it');
    assert.doesNotMatch(cut, /[\u202a-\u202e\u2066-\u2069]/);
    assert.equal(cutCardText('short title', 90), 'short title');
    // A word is not split when a space falls in the second half.
    assert.equal(cutCardText('alpha beta gamma delta', 15), 'alpha beta…');
  });

  test('a text of 300,000 characters is cut in time and memory linear in it (only its head is segmented)', () => {
    for (const ch of ['!', '"', 'e\u0301']) {
      const cut = cutCardText(ch.repeat(300_000), 90);
      assert.ok(cut.endsWith('…'), JSON.stringify(ch));
      assert.equal([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(cut)].length, 90, JSON.stringify(ch));
    }
  });

  test('a jam has a recap card and one per question section (an AMA: its answered questions)', () => {
    const q = (n: number, extra: object = {}) => ({ id: `Q${n}`, number: n, anchor: `q${n}`, href: `/jams/x/#q${n}`, text: `Question ${n}?`, heading: null, title: `Question ${n}?`, blocks: [], featured: [], asked: null, answersMore: 0, transcriptHref: null, answerCount: n, ...extra });
    const jam = { title: 'T', hashtag: 'h', dateLabel: 'd', stats: { messages: 1, participants: 1, questions: 2, featured: 0, outside: 0 } };
    assert.deepEqual(jamCards({ ...jam, questionSummaries: [q(1), q(2)] }).map((c) => c.name), ['recap.png', 'q1.png', 'q2.png']);
    const ama = jamCards({ ...jam, questionSummaries: [q(1, { asker: 'a', answered: true }), q(2, { asker: 'b', answered: false })] });
    assert.deepEqual(ama.map((c) => c.name), ['recap.png', 'q1.png']);
    assert.deepEqual(ama[1].data, { kind: 'question', label: 'Q1', text: 'Question 1?', jamTitle: 'T', hashtag: 'h', answers: 1 });
  });
});

describe('the example site', () => {
  let tmp: string;
  let withBase: BuildResult;
  let again: BuildResult;
  let bare: BuildResult;
  const drawn: number[] = [];
  const placed: number[] = [];
  const out = () => join(tmp, 'site');

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-cards-'));
    const cacheDir = join(tmp, 'cache');
    const note = () => {
      drawn.push(cardStats.rendered);
      placed.push(cardStats.placedJams);
    };
    note();
    withBase = await buildSite({ contentDir: CONTENT, outDir: out(), baseUrl: BASE, cacheDir });
    note();
    clearSiteCaches();
    again = await buildSite({ contentDir: CONTENT, outDir: join(tmp, 'again'), baseUrl: BASE, cacheDir });
    note();
    bare = await buildSite({ contentDir: CONTENT, outDir: join(tmp, 'bare'), cacheDir: null });
    note();
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const file = (root: string, url: string) => join(root, ...url.split(/[?#]/)[0].split('/').filter(Boolean), ...(url.endsWith('/') ? ['index.html'] : []));
  const load = (root: string, url: string) => cheerio.load(readFileSync(file(root, url), 'utf8'));

  test('builds', () => {
    for (const r of [withBase, again, bare]) assert.equal(r.ok, true, r.error?.message);
  });

  test('the recap page: description, canonical, Open Graph and Twitter tags, its card in the output', () => {
    const $ = load(out(), `/jams/${SLUG}/`);
    const description = $('meta[name="description"]').attr('content') ?? '';
    assert.match(description, /^#socbizchat, Wednesday, October 24, 2012, 1:00 PM EDT: 47 messages from 27 participants, 4 questions\. With our "From Social Media/);
    assert.ok(description.length <= 200);
    assert.equal($('link[rel="canonical"]').attr('href'), `${BASE}/jams/${SLUG}/`);
    assert.equal($('meta[property="og:url"]').attr('content'), `${BASE}/jams/${SLUG}/`);
    assert.equal($('meta[property="og:title"]').attr('content'), 'From Social Media to Social Business');
    assert.equal($('meta[property="og:description"]').attr('content'), description);
    assert.equal($('meta[property="og:type"]').attr('content'), 'article');
    assert.equal($('meta[name="twitter:card"]').attr('content'), 'summary_large_image');
    const image = $('meta[property="og:image"]').attr('content') ?? '';
    assert.equal(image, `${BASE}/cards/${SLUG}/recap.png`);
    assert.equal($('meta[name="twitter:image"]').attr('content'), image);
    const png = readFileSync(file(out(), image.slice(BASE.length)));
    assert.deepEqual(pngSize(png), { width: 1200, height: 630 });
    assert.deepEqual([$('meta[property="og:image:width"]').attr('content'), $('meta[property="og:image:height"]').attr('content')], ['1200', '630']);
  });

  test('one card per question section of the recap page, each 1200×630', () => {
    const $ = load(out(), `/jams/${SLUG}/`);
    const sections = $('section.question').map((_, s) => $(s).attr('id')).get();
    assert.deepEqual(sections, ['q1', 'q2', 'q3', 'q4']);
    for (const id of sections) assert.deepEqual(pngSize(readFileSync(join(out(), 'cards', SLUG, `${id}.png`))), { width: 1200, height: 630 });
  });

  test('the favicon and feed links resolve to files; /favicon.ico is an icon holding a 32×32 PNG', () => {
    const $ = load(out(), `/jams/${SLUG}/`);
    const icon = $('link[rel="icon"]').attr('href') ?? '';
    assert.match(icon, /^\/assets\/favicon\.[0-9a-f]{8}\.svg$/);
    assert.match(readFileSync(file(out(), icon), 'utf8'), /^<svg /);
    const feeds = $('link[rel="alternate"]').map((_, l) => `${$(l).attr('type')} ${$(l).attr('href')}`).get();
    assert.deepEqual(feeds, ['application/atom+xml /feed.xml', 'application/feed+json /feed.json']);
    assert.match(readFileSync(file(out(), '/feed.xml'), 'utf8'), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.equal(JSON.parse(readFileSync(file(out(), '/feed.json'), 'utf8')).version, 'https://jsonfeed.org/version/1.1');
    const ico = readFileSync(join(out(), 'favicon.ico'));
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4), ico[6], ico[7], ico.readUInt32LE(18)], [0, 1, 1, 32, 32, 22]);
    assert.equal(ico.readUInt32LE(14), ico.length - 22);
    assert.deepEqual(pngSize(ico.subarray(22)), { width: 32, height: 32 });
  });

  test('every page has a title and a description (embeds excepted: noindex, their own layout)', () => {
    const pages = htmlPaths(out()).filter((p) => !p.includes('/download/'));
    assert.ok(pages.length > 30, `${pages.length} pages`);
    const missing: string[] = [];
    for (const url of pages) {
      const $ = load(out(), url);
      if ($('meta[name="robots"]').attr('content') === 'noindex') continue;
      if (!$('title').text().trim() || !($('meta[name="description"]').attr('content') ?? '').trim()) missing.push(url);
      assert.equal($('meta[name="description"]').length, 1, `${url}: one description`);
    }
    assert.deepEqual(missing, []);
    assert.match(load(out(), `/jams/${SLUG}/transcript/`)('meta[name="description"]').attr('content') ?? '', /^The transcript of From Social Media to Social Business: 47 messages\.$/);
    assert.equal(load(out(), `/jams/${SLUG}/transcript/`)('meta[property="og:image"]').attr('content'), `${BASE}/cards/${SLUG}/recap.png`);
    assert.match(load(out(), '/series/socbizchat/')('meta[name="description"]').attr('content') ?? '', /^Every #socbizchat chat: 1 recap, 47 messages\.$/);
  });

  test('without --base-url: no canonical, no og:image (it must be absolute), a plain summary card', () => {
    const $ = load(join(tmp, 'bare'), `/jams/${SLUG}/`);
    assert.equal($('link[rel="canonical"]').length, 0);
    assert.equal($('meta[property="og:image"]').length, 0);
    assert.equal($('meta[name="twitter:card"]').attr('content'), 'summary');
    assert.equal($('meta[property="og:title"]').attr('content'), 'From Social Media to Social Business');
    assert.ok(existsSync(join(tmp, 'bare', 'cards', SLUG, 'recap.png')), 'the cards are written all the same');
  });

  test('an unchanged jam takes its cards from the cache: byte-identical, none drawn again', () => {
    assert.deepEqual([drawn[1] - drawn[0], placed[1] - placed[0]], [5, 0], 'the first build draws the recap card and 4 question cards');
    assert.deepEqual([drawn[2] - drawn[1], placed[2] - placed[1]], [0, 1], 'the second build places them from the cache');
    assert.equal(drawn[3] - drawn[2], 5, 'a build without a cache draws them');
    for (const name of ['recap.png', 'q1.png', 'q2.png', 'q3.png', 'q4.png']) {
      const a = readFileSync(join(out(), 'cards', SLUG, name));
      assert.ok(a.equals(readFileSync(join(tmp, 'again', 'cards', SLUG, name))), `${name}: same bytes from the cache`);
      assert.ok(a.equals(readFileSync(join(tmp, 'bare', 'cards', SLUG, name))), `${name}: same bytes drawn again`);
    }
  });
});

test('favicon.ico is drawn once per icon: the cache gives the same bytes back, a new icon replaces the old entry', () => {
  const cache = mkdtempSync(join(tmpdir(), 'jamrecap-favicon-'));
  try {
    let drawn = 0;
    const draw = (svg: Uint8Array) => (drawn++, faviconIco(svg));
    const svg = (fill: string) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${fill}"/></svg>`);
    const first = cachedFavicon(cache, svg('#123456'), draw);
    assert.ok(first.equals(cachedFavicon(cache, svg('#123456'), draw)));
    assert.equal(drawn, 1);
    assert.ok(first.equals(faviconIco(svg('#123456'))), 'the cached bytes are the drawn ones');
    const other = cachedFavicon(cache, svg('#654321'), draw);
    assert.equal(drawn, 2);
    assert.ok(!other.equals(first));
    assert.equal(readdirSync(join(cache, 'favicon')).length, 1);
    // Without a cache folder: drawn every time.
    cachedFavicon(null, svg('#123456'), draw);
    assert.equal(drawn, 3);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
