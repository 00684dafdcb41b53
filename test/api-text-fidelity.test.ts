/**
 * Text fidelity of the Twitter API importers (twarc2, twitter-api-v1):
 *
 * - a retweet shows "RT @x: " and the whole text of the original when the
 *   file has the original (v2 `includes.tweets` or inline, v1.1
 *   `retweeted_status`), not the text the API cut short with "…";
 * - a link cut short with the text ("https://t.co/b8kO…") is never a link;
 * - an expanded URL keeps how it was written in the text (host case, path);
 *   `links` holds the normalised form;
 * - expansion happens once per link entity, where it stands: the text grows
 *   linearly with the file, whatever the expansions hold.
 *
 * The corpus counts are computed here from the raw JSON, not through the
 * importer: twarc-csv-brexit.jsonl has 67 retweets, all with the original in
 * includes.tweets; the API cut 52 of their texts with "…" and left the
 * trailing photo link out of 5 more, so 10 of them equalled their original
 * before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports, importFiles } from '../src/import/pipeline.ts';
import { extractUrls } from '../src/model/entities.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

const V2 = 'twarc2-jsonl/twarc-csv-brexit.jsonl';
const V2_FIXTURE = join(ROOT, 'test/fixtures/twitter-api-v2-fidelity.json');
const V1_FIXTURE = join(ROOT, 'test/fixtures/twitter-api-v1.1-fidelity.json');

interface RawUrl {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
}
interface RawTweet {
  id: string;
  author_id: string;
  text: string;
  entities?: { urls?: RawUrl[] };
  referenced_tweets?: { type: string; id: string }[];
}
interface RawPage {
  data: RawTweet[];
  includes: { users: { id: string; username: string }[]; tweets: RawTweet[] };
}

const byId = (t: Transcript, id: string): Message => {
  const m = t.messages.find((x) => x.id === id);
  assert.ok(m, `message ${id}`);
  return m;
};

/** The API's escaping undone, `&amp;` last so that "&amp;lt;" stays "&lt;". */
const unescapeByHand = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * A v2 tweet's text as it should be shown, written out independently of the
 * importer: each `entities.urls` entry (duplicates at the same start once)
 * replaced by its expanded_url at its code-point indices, then unescaped.
 */
function shownByHand(t: RawTweet): string {
  const points = Array.from(t.text);
  const urls = [...new Map((t.entities?.urls ?? []).map((u) => [u.start, u])).values()].sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  for (const u of urls) {
    assert.equal(points.slice(u.start, u.end).join(''), u.url, 'the indices count code points of the escaped text');
    out += unescapeByHand(points.slice(last, u.start).join('')) + u.expanded_url;
    last = u.end;
  }
  return out + unescapeByHand(points.slice(last).join(''));
}

/** Links that are a URL cut short in the text: the text has the link followed by "…". */
const cutLinks = (m: Message) => m.links.filter((l) => m.text.includes(`${l}…`) || m.text.includes(`${l.replace(/\/$/, '')}…`));

// ------------------------------------------------------------------ v2 corpus

corpusTest('twarc2: every retweet of the brexit page shows "RT @x: " and its original whole, from includes.tweets', [V2], (_t, path) => {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const pages = lines.map((l) => JSON.parse(l) as RawPage);
  const users = new Map(pages.flatMap((p) => p.includes.users.map((u) => [u.id, u.username] as const)));
  const originals = new Map(pages.flatMap((p) => p.includes.tweets.map((x) => [x.id, x] as const)));
  // Counted from the raw lines: retweets whose original (and its author) the file has.
  const expected = new Map<string, { text: string; links: string[]; handle: string; id: string }>();
  let cut = 0;
  for (const tweet of pages.flatMap((p) => p.data)) {
    const ref = tweet.referenced_tweets?.find((r) => r.type === 'retweeted');
    const original = ref && originals.get(ref.id);
    const handle = original && users.get(original.author_id);
    if (!original || !handle) continue;
    if (tweet.text.endsWith('…')) cut++;
    const links = [...new Set((original.entities?.urls ?? []).map((u) => new URL(u.expanded_url).href))];
    expected.set(tweet.id, { text: `RT @${handle}: ${shownByHand(original)}`, links, handle, id: original.id });
  }
  assert.equal(expected.size, 67);
  assert.equal(cut, 52);

  const t = importFiles([path]);
  const rts = t.messages.filter((m) => m.retweetOf);
  assert.equal(rts.length, 67);
  const whole = rts.filter((m) => m.text === expected.get(m.id)?.text);
  assert.equal(whole.length, 67);
  assert.equal(rts.filter((m) => m.text.endsWith('…')).length, 0);
  for (const m of rts) {
    const e = expected.get(m.id)!;
    assert.deepEqual(m.retweetOf, { handle: e.handle, id: e.id });
    assert.deepEqual(m.links, e.links, m.id);
  }
  // The question rules still read these as retweets: none of them asks a question.
  assert.equal(t.questions.filter((q) => rts.some((m) => m.id === q.messageId)).length, 0);
  assert.deepEqual(t.messages.flatMap(cutLinks), []);
});

// ------------------------------------------------------------------ v2 fixture

test('twarc2: whole retweets from includes (a note_tweet too), URLs as written, a cut t.co link never a link', () => {
  const t = importFiles([V2_FIXTURE], { hosts: ['jamhost'] });
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twarc2', 5, 5, 0]);

  // The question: the host's mixed-case URL stays as written (after an emoji and an escaped "&").
  const q = byId(t, '1600000000000000101');
  assert.equal(q.text, 'Q1 🍓 What is your favourite jam & why? Rules: https://Jam.Example.COM/Rules/Q1?Ref=Chat #jamchat');
  assert.deepEqual(q.links, ['https://jam.example.com/Rules/Q1?Ref=Chat']);

  // Its retweet was cut inside the t.co link ("https://t.co/RuLeS…"); the original is in includes.
  const rt = byId(t, '1600000000000000102');
  assert.equal(rt.text, `RT @jamhost: ${q.text}`);
  assert.deepEqual(rt.links, q.links);
  assert.deepEqual(rt.retweetOf, { handle: 'jamhost', id: '1600000000000000101' });
  assert.deepEqual(t.questions.map((x) => [x.id, x.messageId]), [['Q1', '1600000000000000101']]);

  // A retweet of a long tweet: the original's note_tweet, with its own entities.
  const long = byId(t, '1600000000000000103');
  assert.equal(
    long.text,
    "A1 Grandma's damson jam, every time. She picked the damsons at the end of September, when they were almost black, stoned them by hand, cooked them with a little less sugar than any book says, and poured it into jars that still had the labels of the last year. Recipe, her own words: https://Recipes.Example.org/Damson-Jam #jamchat",
  );
  const rtLong = byId(t, '1600000000000000104');
  assert.equal(rtLong.text, `RT @granjam: ${long.text}`);
  assert.deepEqual(rtLong.links, ['https://recipes.example.org/Damson-Jam']);

  // The original is not in the file: the text as the API cut it, and no link made of the fragment.
  const orphan = byId(t, '1600000000000000105');
  assert.equal(orphan.text, 'RT @elsewhere: A1 strawberry, obviously, and the recipe is the one on the jar. Mine: https://t.co/b8kO…');
  assert.deepEqual(orphan.links, []);
  assert.deepEqual(orphan.retweetOf, { handle: 'elsewhere', id: '1600000000000000099' });
  assert.deepEqual(t.messages.flatMap(cutLinks), []);
});

// ------------------------------------------------------------------ v1.1 fixture

test('twitter-api-v1: retweets show retweeted_status whole (full_text, extended_tweet), URLs as written, cut links dropped', () => {
  const t = importFiles([V1_FIXTURE]);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twitter-api-v1', 5, 5, 0]);

  const q = byId(t, '1600000000000000201');
  assert.equal(q.text, 'Q2 What do you spread it on? Reading for this week: https://Jam.Example.org/Q2/Readings #jamchat');
  assert.deepEqual(q.links, ['https://jam.example.org/Q2/Readings']);
  // tweet_mode=extended: the retweet's own full_text is cut ("…"); retweeted_status.full_text is whole.
  const rtExtended = byId(t, '1600000000000000202');
  assert.equal(rtExtended.text, `RT @jamhost: ${q.text}`);
  assert.deepEqual(rtExtended.links, q.links);
  assert.deepEqual(rtExtended.retweetOf, { handle: 'jamhost', id: '1600000000000000201' });

  // Compatibility mode: the original's `text` is cut too; its whole text is in extended_tweet.
  const a2 = byId(t, '1600000000000000203');
  const a2Text =
    'A2 Toast, always toast, but the good kind: sourdough from the bakery on Mill Lane, a lot of butter, and the jam thick enough to stand a spoon in. Photos: https://Photos.Example.NET/Toast/Mill-Lane.JPG';
  assert.equal(a2.text, a2Text);
  assert.deepEqual(a2.links, ['https://photos.example.net/Toast/Mill-Lane.JPG']);
  const rtCompat = byId(t, '1600000000000000204');
  assert.equal(rtCompat.text, `RT @toastie: ${a2Text}`);
  assert.deepEqual(rtCompat.retweetOf, { handle: 'toastie', id: '1600000000000000203' });

  // A retweet typed by hand (no retweeted_status), cut inside its t.co link: kept as written, no link.
  const manual = byId(t, '1600000000000000205');
  assert.equal(manual.text, 'RT @toastie: A2 Toast, always toast, but the good kind: sourdough from the bakery on Mill Lane https://t.co/b8kO…');
  assert.deepEqual(manual.links, []);
  assert.deepEqual(manual.retweetOf, { handle: 'toastie', id: null });
  assert.deepEqual(t.messages.flatMap(cutLinks), []);
});

// ------------------------------------------------------------------ links in text

test('extractUrls: a URL that runs into "…" is cut short and no link; sentence punctuation still ends a URL', () => {
  assert.deepEqual(extractUrls('RT @x: the recipe https://t.co/b8kO…'), []);
  assert.deepEqual(extractUrls('cut https://t.co/b8kO… then whole https://t.co/AbCdE12345.'), ['https://t.co/AbCdE12345']);
  assert.deepEqual(extractUrls('(see https://Example.COM/Jam/Q1)!'), ['https://example.com/Jam/Q1']);
});

// ------------------------------------------------------------------ size

/** A twarc2 page of one tweet by "jo". */
const v2Page = (text: string, urls: unknown[]) =>
  JSON.stringify({
    data: [{ id: '1700000000000000001', author_id: '1', created_at: '2023-01-01T00:00:00.000Z', text, entities: { urls } }],
    includes: { users: [{ id: '1', username: 'jo' }] },
  });

/** A v1.1 search response of one status by "jo". */
const v1Page = (text: string, urls: { url: string; expanded_url: string; start: number; end: number }[]) =>
  JSON.stringify({
    statuses: [
      {
        created_at: 'Sun Jan 01 00:00:00 +0000 2023',
        id_str: '1700000000000000001',
        user: { screen_name: 'jo' },
        full_text: text,
        entities: { urls: urls.map(({ start, end, ...u }) => ({ ...u, indices: [start, end] })) },
      },
    ],
  });

/** One message imported from a generated file, with the file's size. */
function importOne(name: string, json: string): { text: string; links: string[]; bytes: number } {
  const t = importExports([new ExportFile(name, Buffer.from(json))]);
  assert.equal(t.messages.length, 1);
  return { text: t.messages[0].text, links: t.messages[0].links, bytes: Buffer.byteLength(json) };
}

test('expansion is linear: each entity once, where it stands, never inside an earlier expansion', () => {
  for (const page of [v2Page, v1Page]) {
    // Nested: each expansion holds the next shorter t.co link twice. Replacing every occurrence,
    // entity after entity, doubles the text 16 times over; once where each stands, it is one URL.
    const K = 16;
    const short = (k: number) => `https://t.co/${'a'.repeat(k)}`;
    const expanded = (k: number) => (k === 1 ? 'https://x.example/end' : `https://x.example/?a=${short(k - 1)}&b=${short(k - 1)}`);
    const nested = Array.from({ length: K }, (_, i) => ({ url: short(K - i), expanded_url: expanded(K - i), start: 0, end: short(K - i).length }));
    const a = importOne('nested.json', page(short(K), nested));
    assert.equal(a.text, expanded(K));
    assert.ok(a.text.length <= a.bytes, `${a.text.length} > ${a.bytes}`);

    // The same link listed 2000 times at the same place (the API repeats media entities): once.
    const E = 'https://x.example/?from=https://t.co/dup0000001';
    const dup = Array.from({ length: 2000 }, () => ({ url: 'https://t.co/dup0000001', expanded_url: E, start: 4, end: 27 }));
    const b = importOne('dup.json', page('see https://t.co/dup0000001', dup));
    assert.equal(b.text, `see ${E}`);
    assert.deepEqual(b.links, [E]);

    // 3000 different links in one text: the text grows by what the expansions add, no more.
    const n = 3000;
    const id = (i: number) => String(i).padStart(10, '0');
    const text = Array.from({ length: n }, (_, i) => `https://t.co/${id(i)}`).join(' ');
    const many = Array.from({ length: n }, (_, i) => ({ url: `https://t.co/${id(i)}`, expanded_url: `https://Example.org/${id(i)}`, start: i * 24, end: i * 24 + 23 }));
    const c = importOne('many.json', page(text, many));
    assert.equal(c.text, Array.from({ length: n }, (_, i) => `https://Example.org/${id(i)}`).join(' '));
    assert.equal(c.links.length, n);
    assert.ok(c.text.length <= c.bytes);
  }
});

test('any string as a short link ("e") expands once per entity, where its indices put it, never at every "e"', () => {
  for (const page of [v2Page, v1Page]) {
    const text = 'e '.repeat(5000);
    const E = `https://x.example/${'y'.repeat(200)}`;
    // 1000 entities at [0, 1] (one place: one expansion) and 1000 whose indices point nowhere
    // (each placed at most once, after the one before): never a replacement of every "e".
    const here = Array.from({ length: 1000 }, () => ({ url: 'e', expanded_url: E, start: 0, end: 1 }));
    const nowhere = Array.from({ length: 1000 }, () => ({ url: 'e', expanded_url: E, start: 99_999, end: 100_000 }));
    const r = importOne('e.json', page(text, [...here, ...nowhere]));
    assert.ok(r.text.startsWith(E), r.text.slice(0, 300));
    assert.ok(r.text.split(E).length - 1 <= 1 + nowhere.length);
    assert.ok(r.text.length <= r.bytes, `${r.text.length} > ${r.bytes}`);
  }
});
