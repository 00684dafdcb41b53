/**
 * Twitter API JSON importers: twitter-api-v1 (2010 search API, v1.1 statuses)
 * and twarc2 (API v2 pages as JSON Lines, flattened tweets, one response).
 *
 * Counts were verified independently with Python over the raw files
 * (json.load; email.utils for RFC 2822 times; ids from the *_str fields):
 * - sferik-twitter-search-2010.json: 15 results, 11 authors (case-insensitive),
 *   03:56:33 -> 03:56:39 UTC on 2010-10-27, ids descending, `id` == `id_str` for
 *   all, 2 "RT @" texts (FelipeNoMore, WildIvory92), 4 `to_user` but no
 *   in_reply_to ids, 1 text with an entity (`&quot;`).
 * - twarc-csv-brexit.jsonl: one line, one page: 100 tweets (ids unique,
 *   descending), 98 authors all in includes.users, 16:25:51 -> 16:37:29Z,
 *   67 retweeted (all in includes.tweets; the "RT @x:" handle agrees for all 67;
 *   carolJhedges retweeted 17 times), 10 replied_to, 11 quoted, 7 texts with
 *   `&amp;` (7 with "&" once decoded, no entity left), 13 texts with astral
 *   characters (25 of them), 25 tweets with entities.urls (no t.co left once
 *   expanded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports, importFiles, type ImportOptions } from '../src/import/pipeline.ts';
import { twitterApiV1 } from '../src/import/formats/twitter-api-v1.ts';
import { twarc2 } from '../src/import/formats/twarc2.ts';
import { decodeApiText, readJson } from '../src/import/formats/twitter-api.ts';
import { arrayEntryOffsets } from '../src/import/json-offsets.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';

const V1 = 'twitter-search-api-v1/sferik-twitter-search-2010.json';
const V2 = 'twarc2-jsonl/twarc-csv-brexit.jsonl';
const FIXTURE = join(ROOT, 'test/fixtures/twitter-api-v1.1-search.json');
const MEDIA_FIXTURE = join(ROOT, 'test/fixtures/twitter-api-v1.1-media.json');

const dir = mkdtempSync(join(tmpdir(), 'jamrecap-twitter-api-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const fromText = (name: string, text: string) => importExports([new ExportFile(name, Buffer.from(text))]);
const byId = (t: Transcript, id: string) => t.messages.find((m) => m.id === id)!;
/** Chronological, and tweets of the same second oldest first (ids ascending), as the pipeline promises. */
const chronological = (ms: Message[]) =>
  [...ms].sort((a, b) => (a.time !== b.time ? (a.time < b.time ? -1 : 1) : BigInt(a.id) < BigInt(b.id) ? -1 : 1)).map((m) => m.id);
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;
const HAS_ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

// ------------------------------------------------------------------ v1 (2010 search API)

corpusTest('twitter-api-v1: the 2010 search API results', [V1], (_t, path) => {
  const t = importFiles([path]);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['twitter-api-v1', 15, 15, 0, 0]);
  assert.deepEqual(src.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.equal(t.participants.length, 11);
  assert.deepEqual(t.participants.slice(0, 1), [{ handle: 'twittag', name: null, messages: 5 }]);
  assert.equal(t.messages[0].time, '2010-10-27T03:56:33.000Z');
  assert.equal(t.messages.at(-1)!.time, '2010-10-27T03:56:39.000Z');
  assert.deepEqual(t.messages.map((m) => m.id), chronological(t.messages));

  // Ids are the id_str values, as strings, in file order (newest first).
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { results: { id_str: string }[] };
  assert.deepEqual(t.messages.map((m) => m.origin.position).sort((a, b) => a - b), raw.results.map((_r, i) => i + 1));
  for (const m of t.messages) {
    assert.equal(typeof m.id, 'string');
    assert.equal(m.id, raw.results[m.origin.position - 1].id_str);
    assert.equal(m.url, `https://twitter.com/${m.author.handle}/status/${m.id}`);
    assert.equal(m.origin.line, 1);
  }

  // "RT @x:" texts are retweets (found by the pipeline: the 2010 API has no retweet field).
  assert.deepEqual(
    t.messages.filter((m) => m.retweetOf).map((m) => [m.author.handle, m.retweetOf!.handle, m.retweetOf!.id]),
    [['WildIvory92', 'FiercePrinceJ', null], ['FelipeNoMore', 'nicoMaiden', null]],
  );
  assert.equal(t.messages.filter((m) => m.replyTo).length, 0);
  // &quot; decoded; a mid-text "RT @" is not a retweet.
  const junita = byId(t, '28857930059');
  assert.equal(junita.text, 'Lama" chat di twitter nih..hahaha RT @buntutbabi: Lo yg mulai juga,siiietRT @Junitaaa: Kelakuan @buntutbabi (cont) http://tl.gd/6m1dcv');
  assert.equal(junita.retweetOf, null);
  assert.deepEqual(junita.links, ['http://tl.gd/6m1dcv']);
  assert.equal(byId(t, '28857934155').text, 'é cada louco que tem nesse twitter que o vicio nao me deixa largar isso jamé');
  assert.equal(t.messages.filter((m) => /&(?:quot|amp|lt|gt);/.test(m.text)).length, 0);
});

// ------------------------------------------------------------------ v1.1 statuses (own fixture)

test('twitter-api-v1: v1.1 search statuses: id_str over imprecise ids, reply, retweet, extended text, expanded links', () => {
  const t = importFiles([FIXTURE], { hosts: ['jamhost'] });
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['twitter-api-v1', 4, 4, 0, 0]);
  assert.deepEqual(src.diagnostics.filter((d) => d.severity !== 'info'), []);

  // The numeric ids in the file lost digits; the messages carry id_str.
  const raw = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { statuses: { id: number; id_str: string }[] };
  for (const s of raw.statuses) assert.notEqual(String(s.id), s.id_str);
  assert.deepEqual(t.messages.map((m) => m.id), ['1055096233591308289', '1055097012345678901', '1055097401234567937', '1055098111111111111']);
  // Each status names the line its object starts on (the file is pretty-printed; newest first).
  assert.deepEqual(t.messages.map((m) => [m.origin.position, m.origin.line]), [[4, 208], [3, 164], [2, 101], [1, 3]]);

  const [q, reply, ext, rt] = t.messages;
  assert.deepEqual(q.author, { handle: 'jamhost', name: 'Book Jam Host' });
  assert.equal(q.text, 'Q1 Which book made you a reader? Reply with A1 and #bookjam. Rules: https://example.com/bookjam/rules');
  assert.deepEqual(q.links, ['https://example.com/bookjam/rules']);
  assert.deepEqual(q.hashtags, ['bookjam']);
  assert.equal(q.time, '2018-10-24T17:45:00.000Z');

  assert.equal(reply.replyTo, '1055096233591308289');
  assert.equal(reply.text, '@jamhost A1 <Matilda> by Roald Dahl 📚 & everything after 🎉 #bookjam');
  assert.deepEqual(reply.author, { handle: 'ana_p', name: 'Ana Pérez' });
  assert.deepEqual(reply.mentions, ['jamhost']);

  // Compatibility mode: `text` is cut at 140; the whole text and its links are in extended_tweet.
  assert.equal(ext.text, 'A1 Not a book but a library card & a patient librarian at the north branch, who kept handing me one more: https://www.example.org/branches/north?ref=jam&year=2018 #bookjam');
  assert.deepEqual(ext.links, ['https://www.example.org/branches/north?ref=jam&year=2018']);

  assert.deepEqual(rt.retweetOf, { handle: 'jamhost', id: '1055096233591308289' });
  assert.equal(rt.text, 'RT @jamhost: Q1 Which book made you a reader? Reply with A1 and #bookjam. Rules: https://example.com/bookjam/rules');

  assert.deepEqual(t.questions.map((x) => [x.id, x.messageId]), [['Q1', '1055096233591308289']]);
  assert.deepEqual(t.messages.map((m) => m.question), ['Q1', 'Q1', 'Q1', 'Q1']);
});

test('twitter-api-v1: media become attachments (extended_entities, else entities; a retweet shows the original\'s; not a quote\'s)', () => {
  // Counted by hand from the fixture: 2 photos (extended_entities; entities lists only the first),
  // 1 old photo with no type, 1 video, 1 GIF, 1 photo in extended_tweet, the retweet's 2 from its
  // original, none for the quote, and of the hostile status's 3 media entries only the photo: 9.
  const raw = JSON.parse(readFileSync(MEDIA_FIXTURE, 'utf8')) as { statuses: Record<string, unknown>[] };
  const entries = (e: unknown) => ((e as { media?: unknown[] } | undefined)?.media ?? []);
  assert.deepEqual(
    raw.statuses.map((s) => [entries(s.entities).length, entries(s.extended_entities).length]),
    [[1, 2], [1, 0], [1, 1], [0, 1], [0, 0], [0, 0], [0, 0], [0, 3]],
  );
  const t = importFiles([MEDIA_FIXTURE]);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept], ['twitter-api-v1', 8, 8]);
  assert.equal(t.messages.reduce((n, m) => n + m.attachments.length, 0), 9);
  const image = (url: string | null, alt: string | null = null) => ({ kind: 'image', url, alt, file: null });
  const pair = [image('https://pbs.twimg.com/media/PhotoPair1.jpg', 'A desk by a window'), image('https://pbs.twimg.com/media/PhotoPair2.jpg')];
  assert.deepEqual(
    Object.fromEntries(t.messages.map((m) => [m.id, m.attachments])),
    {
      '1600000000000000301': pair,
      // An entity without a type is a photo; with only media_url (http), that is its URL.
      '1600000000000000302': [image('http://pbs.twimg.com/media/OldPhoto01.jpg')],
      // The mp4 of the highest bit rate, not the HLS playlist or the poster frame.
      '1600000000000000303': [{ kind: 'video', url: 'https://video.twimg.com/ext_tw_video/Tour-2176.mp4', alt: 'Walking through the office', file: null }],
      // A GIF without variants: its page.
      '1600000000000000304': [{ kind: 'video', url: 'https://twitter.com/cat/status/1600000000000000304/photo/1', alt: null, file: null }],
      // Compatibility mode: the media are in extended_tweet, with the whole text.
      '1600000000000000305': [image('https://pbs.twimg.com/media/ShedPhoto.jpg', 'The shed')],
      '1600000000000000306': pair,
      '1600000000000000307': [],
      // No unsafe URL is kept (the photo links to its tweet); an unknown type and a non-object are no attachment.
      '1600000000000000308': [image('https://twitter.com/mal/status/1600000000000000308')],
    },
  );
  assert.deepEqual(byId(t, '1600000000000000306').retweetOf, { handle: 'jamhost', id: '1600000000000000301' });
});

test('twitter-api-v1: numeric-only ids are kept when exact (safe integers), else left out with one info diagnostic', () => {
  // Written as raw text: 1055096233591308289 is beyond 2^53, so JSON.parse changes it.
  const text = `[
  {"created_at": "Wed Oct 24 17:45:00 +0000 2012", "id": 1055096233591308289, "text": "big", "user": {"screen_name": "a"},
   "in_reply_to_status_id": 1055096233591308287},
  {"created_at": "Wed Oct 24 17:46:00 +0000 2012", "id": 262270013112684545, "text": "small", "user": {"screen_name": "b"}, "in_reply_to_status_id": 12345},
  {"created_at": "Wed Oct 24 17:47:00 +0000 2012", "id_str": "12x", "text": "odd", "user": {"screen_name": "c"}},
  {"created_at": "Wed Oct 24 17:48:00 +0000 2012", "id_str": "9", "text": "no user"},
  "not a status"
]`;
  const t = fromText('numeric.json', text);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twitter-api-v1', 5, 3, 2]);
  const [big, small, odd] = t.messages;
  assert.match(big.id, /^h-[0-9a-f]{16}$/);
  assert.equal(big.url, null);
  assert.equal(big.replyTo, null);
  // 262270013112684545 > 2^53 as well: only the reply id 12345 is exact.
  assert.match(small.id, /^h-/);
  assert.equal(small.replyTo, '12345');
  assert.match(odd.id, /^h-/);
  const info = src.diagnostics.filter((d) => d.code === 'id-unusable');
  assert.equal(info.length, 1);
  assert.equal(info[0].severity, 'info');
  assert.match(info[0].message, /^2 tweet id\(s\) and 1 reply\/retweet reference\(s\) given only as JSON numbers beyond 2\^53.*; 1 id\(s\) that are not digits/);
  assert.deepEqual([info[0].line, info[0].position], [2, 1]);
  assert.deepEqual(
    src.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.line, d.position]),
    [['author-missing', 6, 4], ['not-a-message', 7, 5]],
  );
  // A safe numeric id is exact, so it is kept.
  const safe = fromText('safe.json', '[{"created_at": "Wed, 27 Oct 2010 03:56:39 +0000", "id": 28857935752, "text": "hi", "from_user": "x"}]');
  assert.equal(safe.messages[0].id, '28857935752');
  assert.deepEqual(safe.sources[0].diagnostics.filter((d) => d.code === 'id-unusable'), []);
});

test('twitter-api-v1: JSON Lines (twarc): a broken status line is one skipped status; a broken response line is an error', () => {
  const status = (id: string, sec: number) =>
    JSON.stringify({ created_at: `Wed Oct 24 17:45:${sec} +0000 2012`, id_str: id, text: `tweet ${id} #jam`, user: { screen_name: 'u', name: 'U' } });
  const text = [status('1001', 10), '{"created_at": "Wed Oct 24 17:4', '', status('1003', 30), ''].join('\n');
  const t = fromText('twarc1.jsonl', text);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twitter-api-v1', 3, 2, 1]);
  assert.deepEqual(t.messages.map((m) => [m.id, m.origin.line, m.origin.position]), [['1001', 1, 1], ['1003', 4, 3]]);
  const [skip] = src.diagnostics.filter((d) => d.code === 'json-invalid');
  assert.deepEqual([skip.severity, skip.line, skip.position], ['warning', 2, 2]);
  assert.match(skip.message, /^not valid JSON \(cut short\)/);

  // One search response per line: a broken line held an unknown number of statuses, so it is an error of the file.
  const pages = [`{"statuses": [${status('1001', 10)}, ${status('1002', 20)}]}`, '{"statuses": [{"cre', `{"statuses": [${status('1003', 30)}]}`].join('\n');
  const p = fromText('pages.jsonl', pages);
  assert.deepEqual([p.sources[0].found, p.sources[0].kept, p.sources[0].skipped], [3, 3, 0]);
  assert.deepEqual(p.messages.map((m) => [m.id, m.origin.line, m.origin.position]), [['1001', 1, 1], ['1002', 1, 2], ['1003', 3, 3]]);
  assert.deepEqual(p.sources[0].diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line]), [['json-invalid', 2]]);
});

test('twitter-api-v1: a file that is not JSON at all is an error, not a crash', () => {
  const t = importExports([new ExportFile('cut.json', Buffer.from('{"statuses": [{"created_at": "Wed Oct 24 17:45:00 +0000 2012", "id_str": "1", "user": {"screen_name": "a"}, "text": "x"'))], { format: 'twitter-api-v1' });
  const [src] = t.sources;
  assert.deepEqual([src.found, src.kept, src.skipped], [0, 0, 0]);
  assert.deepEqual(src.diagnostics.map((d) => [d.severity, d.code]), [['error', 'json-invalid']]);
  assert.match(src.diagnostics[0].message, /cut short/);
});

// ------------------------------------------------------------------ v2 (twarc2)

const REPLIES: [string, string][] = [
  ['1440716745577140229', '1440621713281093641'],
  ['1440716673485447171', '1440423765125451780'],
  ['1440716638421090309', '1440703139531792402'],
  ['1440716349462904833', '1440625098214371330'],
  ['1440715891214192643', '1440706774407864325'],
  ['1440715757315190791', '1440698749802606601'],
  ['1440715751921360901', '1440714884245700615'],
  ['1440715597096972295', '1440592853890060290'],
  ['1440714901538803715', '1440714041480015878'],
  ['1440714725235388422', '1440700664632397832'],
];

corpusTest('twarc2: a page of #brexit search results (JSON Lines)', [V2], (_t, path) => {
  const t = importFiles([path]);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['twarc2', 100, 100, 0, 0]);
  assert.deepEqual(src.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.equal(t.participants.length, 98);
  assert.equal(t.messages[0].time, '2021-09-22T16:25:51.000Z');
  assert.equal(t.messages[0].id, '1440713966649417731');
  assert.equal(t.messages.at(-1)!.time, '2021-09-22T16:37:29.000Z');
  assert.equal(t.messages.at(-1)!.id, '1440716895355764743');
  assert.deepEqual(t.messages.map((m) => m.id), chronological(t.messages));
  for (const m of t.messages) {
    assert.match(m.id, /^\d{19}$/);
    assert.equal(m.url, `https://twitter.com/${m.author.handle}/status/${m.id}`);
    assert.equal(m.origin.line, 1);
  }

  // Retweets: 67, each naming the retweeted tweet and its author (through includes).
  const rts = t.messages.filter((m) => m.retweetOf);
  assert.equal(rts.length, 67);
  for (const m of rts) {
    assert.match(m.retweetOf!.id ?? '', /^\d{19}$/);
    assert.ok(m.text.startsWith(`RT @${m.retweetOf!.handle}:`), m.text);
  }
  assert.equal(rts.filter((m) => m.retweetOf!.handle === 'carolJhedges').length, 17);
  assert.deepEqual(byId(t, '1440716856763977732').retweetOf, { handle: 'carolJhedges', id: '1440713161355583489' });
  // The API cut the retweet's text short with "…"; the original in includes.tweets gives it whole
  // (see test/api-text-fidelity.test.ts).
  assert.equal(byId(t, '1440716856763977732').text, "RT @carolJhedges: . #BorisJohnson has revealed his favourite bottle of wine, Tignanello costs £180 \nHe's happy to see the £20 taken from your #UniversalCredit \nSTILL feel 'levelled up'?\nSTILL think he cares about your life?\nStill, he 'got #Brexit done' eh?\n\n#brexit #JohnsonOut #BorisTheLiar https://twitter.com/carolJhedges/status/1440713161355583489/photo/1");

  assert.deepEqual(
    t.messages.filter((m) => m.replyTo).map((m) => [m.id, m.replyTo]).sort(),
    [...REPLIES].sort(),
  );

  // Entities decoded; astral characters intact; every t.co link expanded. Retweets show their
  // whole original, so these count "&" and astral characters beyond the API's cut too (9 texts
  // with "&"; 14 texts with 44 astral characters, where the cut texts had 7, 13 and 25).
  assert.equal(t.messages.filter((m) => /&(?:amp|lt|gt);/.test(m.text)).length, 0);
  assert.equal(t.messages.filter((m) => m.text.includes('&')).length, 9);
  assert.equal(byId(t, '1440716848299872269').text.split('\n')[0], "Id rather have had Billions in Debt & owned something like Corbyns Labour offered than the Billions in debt we currently have going to CEO's,Shareholders & Tory pals.");
  assert.equal(t.messages.filter((m) => HAS_ASTRAL.test(m.text)).length, 14);
  assert.equal(t.messages.reduce((n, m) => n + (m.text.match(ASTRAL)?.length ?? 0), 0), 44);
  assert.equal(t.messages.filter((m) => m.text.includes('t.co/')).length, 0);
  const quote = byId(t, '1440715975020584960');
  assert.equal(quote.text, 'And @AngelaRayner & #NicolaSturgeon blame #Brexit..🤣🤣🤣! https://twitter.com/paulafr68963440/status/1440660748275834882');
  assert.deepEqual(quote.links, ['https://twitter.com/paulafr68963440/status/1440660748275834882']);
  assert.equal(quote.retweetOf, null);
  assert.deepEqual(byId(t, '1440716895355764743').author, { handle: 'WarmongerHodges', name: "Frank Owen's Legendary Paintbrush 🟨🟥🥀🇵🇸" });
});

corpusTest('twarc2: a broken line between two pages is an error naming the line; the other pages are read', [V2], (_t, path) => {
  const page = readFileSync(path, 'utf8').trimEnd();
  const text = [page, page.slice(0, 5000), page].join('\n') + '\n';
  const t = fromText('brexit-x2.jsonl', text);
  const [src] = t.sources;
  // The third line repeats the first: its 100 tweets merge into the first 100.
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['twarc2', 200, 100, 100, 0]);
  const errors = src.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => [d.code, d.line]), [['json-invalid', 2]]);
  assert.match(errors[0].message, /^not valid JSON \(cut short\).*the tweets of that page are missing$/);
  assert.ok(t.messages.every((m) => m.origin.line === 1));
  assert.deepEqual(new Set(src.diagnostics.filter((d) => d.code === 'duplicate').map((d) => d.line)), new Set([3]));
});

test('twarc2: flattened tweets (one per line, author inline); a broken line is one skipped tweet', () => {
  const author = { id: '11', username: 'ann', name: 'Ann' };
  const lines = [
    JSON.stringify({ id: '2001', author_id: '11', author, created_at: '2022-03-01T10:00:00.000Z', text: 'Q1 What &amp; why? #jam' }),
    JSON.stringify({
      id: '2002', author_id: '12', author: { id: '12', username: 'bob' }, created_at: '2022-03-01T10:01:00.000Z', text: 'RT @ann: Q1 What &amp; why? #jam',
      referenced_tweets: [{ type: 'retweeted', id: '2001', author_id: '11', author, text: 'Q1 What &amp; why? #jam' }],
    }),
    '{"id": "2003", "author_id": "13", "text": "cut',
    JSON.stringify({ id: '2004', author_id: '99', created_at: '2022-03-01T10:03:00.000Z', text: 'nobody' }),
    JSON.stringify({ id: '2005', author, created_at: '2022-03-01T10:04:00.000Z', text: 'A1 because', referenced_tweets: [{ type: 'replied_to', id: '2001' }] }),
  ];
  const t = fromText('flat.jsonl', lines.join('\n'));
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twarc2', 5, 3, 2]);
  assert.deepEqual(
    t.messages.map((m) => [m.id, m.author.handle, m.text, m.replyTo, m.retweetOf, m.origin.line, m.origin.position]),
    [
      ['2001', 'ann', 'Q1 What & why? #jam', null, null, 1, 1],
      ['2002', 'bob', 'RT @ann: Q1 What & why? #jam', null, { handle: 'ann', id: '2001' }, 2, 2],
      ['2005', 'ann', 'A1 because', '2001', null, 5, 5],
    ],
  );
  assert.deepEqual(
    src.diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.code, d.line, d.position]),
    [['json-invalid', 3, 3], ['author-missing', 4, 4]],
  );
});

test('twarc2: one pretty-printed v2 response: lines of its tweets, unknown authors skipped, API errors noted', () => {
  const page = {
    data: [
      { id: '1600000000000000001', author_id: '1', created_at: '2022-12-06T12:00:00.000Z', text: 'see https://t.co/abc &lt;3', entities: { urls: [{ start: 4, end: 24, url: 'https://t.co/abc', expanded_url: 'https://example.com/a?b=1&c=2' }] } },
      { id: '1600000000000000002', author_id: '2', created_at: '2022-12-06T12:00:01.000Z', text: 'ghost' },
      { id: '1600000000000000003', author_id: '1', created_at: '2022-12-06T12:00:02.000Z', text: 'bad link https://t.co/js', entities: { urls: [{ url: 'https://t.co/js', expanded_url: 'javascript:alert(1)' }] } },
    ],
    includes: { users: [{ id: '1', username: 'jo', name: 'Jo' }] },
    errors: [{ detail: 'Could not find user with ids: [2].', title: 'Not Found Error' }],
    meta: { result_count: 3 },
  };
  const text = JSON.stringify(page, null, 2);
  // Independently: the data entries are the objects opened at an indent of four spaces, before "includes".
  const lines = text.split('\n');
  const starts = lines.slice(0, lines.indexOf('  "includes": {')).flatMap((l, i) => (l === '    {' ? [i + 1] : []));
  assert.equal(starts.length, 3);
  const t = fromText('response.json', text);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['twarc2', 3, 2, 1]);
  assert.deepEqual(t.messages.map((m) => [m.id, m.origin.line]), [['1600000000000000001', starts[0]], ['1600000000000000003', starts[2]]]);
  assert.equal(t.messages[0].text, 'see https://example.com/a?b=1&c=2 <3');
  assert.deepEqual(t.messages[0].links, ['https://example.com/a?b=1&c=2']);
  // A javascript: expansion is not used: the t.co link stays, and no unsafe link is kept.
  assert.equal(t.messages[1].text, 'bad link https://t.co/js');
  assert.deepEqual(t.messages[1].links, ['https://t.co/js']);
  const skip = src.diagnostics.find((d) => d.code === 'author-missing')!;
  assert.deepEqual([skip.line, skip.position], [starts[1], 2]);
  assert.match(skip.message, /author "2" is not in includes\.users/);
  assert.ok(src.diagnostics.some((d) => d.code === 'api-errors' && d.severity === 'info' && /1 error\(s\).*Could not find user/.test(d.message)));
});

// ------------------------------------------------------------------ v2 media

interface RawMediaPage {
  data: { id: string; attachments?: { media_keys?: string[] }; referenced_tweets?: { type: string; id: string }[] }[];
  includes: { media: { media_key: string; type: string; url?: string; preview_image_url?: string; alt_text?: string }[]; tweets: { id: string; attachments?: { media_keys?: string[] } }[] };
}

corpusTest('twarc2: media keys of the #brexit page become attachments through includes.media', [V2], (_t, path) => {
  // Straight from the JSON: each tweet's own media_keys, or for a retweet without any, its original's
  // (in includes.tweets), looked up in includes.media.
  const page = JSON.parse(readFileSync(path, 'utf8')) as RawMediaPage;
  const media = new Map(page.includes.media.map((m) => [m.media_key, m]));
  const originals = new Map(page.includes.tweets.map((x) => [x.id, x]));
  const want = new Map<string, { kind: string; url: string | null; alt: string | null; file: null }[]>();
  let missing = 0;
  for (const d of page.data) {
    const rt = d.referenced_tweets?.find((r) => r.type === 'retweeted');
    const keys = d.attachments?.media_keys ?? (rt ? originals.get(rt.id)?.attachments?.media_keys : undefined) ?? [];
    missing += keys.filter((k) => !media.has(k)).length;
    want.set(d.id, keys.filter((k) => media.has(k)).map((k) => {
      const m = media.get(k)!;
      return { kind: m.type === 'photo' ? 'image' : 'video', url: m.url ?? m.preview_image_url ?? null, alt: m.alt_text ?? null, file: null };
    }));
  }
  const counted = [...want.values()];
  assert.equal(page.includes.media.length, 8);
  assert.equal(page.data.filter((d) => d.attachments?.media_keys).length, 6);
  assert.equal(counted.flat().length, 11);
  assert.equal(counted.filter((a) => a.length).length, 7);
  assert.equal(counted.flat().filter((a) => a.kind === 'video').length, 2);
  assert.equal(missing, 27);

  const t = importFiles([path]);
  for (const m of t.messages) assert.deepEqual(m.attachments, want.get(m.id), m.id);
  assert.equal(t.messages.reduce((n, m) => n + m.attachments.length, 0), 11);
  // Three photos, the first with alt text; the retweet of it shows them too (it has no media_keys of its own).
  assert.deepEqual(byId(t, '1440713966649417731').attachments.map((a) => [a.kind, a.url, a.alt]), [
    ['image', 'https://pbs.twimg.com/media/E_5xtEhVIAInx_o.jpg', 'A long email from Green Energy - please request full text if required.'],
    ['image', 'https://pbs.twimg.com/media/E_5xtbNVQAQGNb4.jpg', null],
    ['image', 'https://pbs.twimg.com/media/E_5xty_VgBAr1Is.jpg', null],
  ]);
  assert.deepEqual(byId(t, '1440715272805969924').attachments, byId(t, '1440713966649417731').attachments);
  // An animated GIF: a video, linked by its preview image (the page has no variants).
  assert.deepEqual(byId(t, '1440716745577140229').attachments, [{ kind: 'video', url: 'https://pbs.twimg.com/tweet_video_thumb/E_50PPpUYAIE3uX.jpg', alt: null, file: null }]);
  // A quote's media stay with the quoted tweet.
  assert.deepEqual(byId(t, '1440715911913107471').attachments, []);
  const note = t.sources[0].diagnostics.filter((d) => d.code === 'media-missing');
  assert.deepEqual(note.map((d) => [d.severity, d.line]), [['info', 1]]);
  assert.match(note[0].message, /^27 media key\(s\) of 27 message\(s\) are not in includes\.media/);
});

test('twarc2: media inline (flattened), video variants, quoted and unknown media, unsafe URLs', () => {
  const author = { id: '1', username: 'ann' };
  const at = (s: number) => `2022-03-01T10:00:0${s}.000Z`;
  const photo = { media_key: '3_1', type: 'photo', url: 'https://pbs.twimg.com/media/A.jpg', alt_text: 'a whiteboard' };
  const video = {
    media_key: '7_2', type: 'video', preview_image_url: 'https://pbs.twimg.com/thumb/B.jpg',
    variants: [
      { content_type: 'application/x-mpegURL', url: 'https://video.twimg.com/B.m3u8' },
      { content_type: 'video/mp4', bit_rate: 256000, url: 'https://video.twimg.com/B-256.mp4' },
      { content_type: 'video/mp4', bit_rate: 2176000, url: 'https://video.twimg.com/B-2176.mp4' },
      { content_type: 'video/mp4', bit_rate: 9999999, url: 'javascript:alert(1)' },
    ],
  };
  const lines = [
    // twarc2 flatten: the media objects inline.
    { id: '2001', author_id: '1', author, created_at: at(1), text: 'A1 look', attachments: { media_keys: ['3_1', '7_2'], media: [photo, video] } },
    // A quote: the quoted tweet's media are not this message's.
    { id: '2002', author_id: '1', author, created_at: at(2), text: 'A1 this', referenced_tweets: [{ type: 'quoted', id: '2001', author, text: 'A1 look', attachments: { media: [photo] } }] },
    // A retweet with no media of its own shows the original's.
    { id: '2003', author_id: '1', author, created_at: at(3), text: 'RT @ann: A1 look', referenced_tweets: [{ type: 'retweeted', id: '2001', author, text: 'A1 look', attachments: { media: [photo, video] } }] },
    // A poll is no media; an unknown type and an unsafe URL are not used.
    { id: '2004', author_id: '1', author, created_at: at(4), text: 'A1 odd', attachments: { poll_ids: ['9'], media: [{ type: 'hologram', url: 'https://x.example/h' }, { type: 'photo', url: 'javascript:alert(1)', alt_text: '  ' }] } },
  ];
  const t = fromText('flat-media.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
  assert.deepEqual([t.sources[0].format, t.sources[0].kept], ['twarc2', 4]);
  const both = [
    { kind: 'image', url: 'https://pbs.twimg.com/media/A.jpg', alt: 'a whiteboard', file: null },
    { kind: 'video', url: 'https://video.twimg.com/B-2176.mp4', alt: null, file: null },
  ];
  // The photo whose URL is unsafe links to its tweet instead.
  assert.deepEqual(t.messages.map((m) => m.attachments), [both, [], both, [{ kind: 'image', url: 'https://twitter.com/ann/status/2004', alt: null, file: null }]]);

  // A page: keys into includes.media; a key it lacks is one info diagnostic, not an attachment.
  const page = {
    data: [
      { id: '2101', author_id: '1', created_at: at(5), text: 'Q1 see', attachments: { media_keys: ['16_3', '3_404'] } },
      { id: '2102', author_id: '1', created_at: at(6), text: 'no media' },
    ],
    includes: { users: [author], media: [{ media_key: '16_3', type: 'animated_gif', preview_image_url: 'https://pbs.twimg.com/tweet_video_thumb/C.jpg' }] },
  };
  const p = fromText('page.json', JSON.stringify(page));
  assert.deepEqual(p.messages.map((m) => m.attachments), [[{ kind: 'video', url: 'https://pbs.twimg.com/tweet_video_thumb/C.jpg', alt: null, file: null }], []]);
  assert.deepEqual(
    p.sources[0].diagnostics.filter((d) => d.code === 'media-missing').map((d) => [d.severity, d.message]),
    [['info', '1 media key(s) of 1 message(s) are not in includes.media: those pictures and videos are not attached (the texts keep their links)']],
  );
});

// ------------------------------------------------------------------ structural fuzz

/** Every path (keys and indexes) in a JSON value; iterative. */
function allPaths(root: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[root, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (path.length) out.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, [...path, k]]);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let v = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = v[k];
    if (!next || typeof next !== 'object') return;
    v = next as Record<string | number, unknown>;
  }
  v[path[path.length - 1]] = value;
}

/** Values that are wrong in interesting ways where an API field was. */
const ODD = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', '__proto__', 'javascript:alert(1)', '&amp;lt;&#xD800;', 9007199254740993, -1, 0, 1e308, '12x', 'RT @:', '<script>', [], {}, null, true),
  fc.constantFrom('Wed Oct 24 17:45:00 +0000 2012', 'Wed, 31 Feb 2010 03:56:39 +0000', '2021-09-22T16:37:29.000Z', '2021-09-22T16:37:29+99:00'),
);

corpusTest('fuzz: API JSON with fields replaced by wrong values never throws and always reconciles', [V1, V2], () => {
  for (const [rel, format] of [[V1, 'twitter-api-v1'], [V2, 'twarc2']]) {
    const text = readFileSync(corpusPath(rel), 'utf8');
    const doc: unknown = JSON.parse(text);
    const paths = allPaths(doc);
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), value: ODD }), { minLength: 1, maxLength: 8 }), (muts) => {
        const copy = structuredClone(doc);
        for (const m of muts) setAt(copy, paths[m.at % paths.length], m.value);
        const t = importExports([new ExportFile(rel, Buffer.from(JSON.stringify(copy)))], { format });
        for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped);
        for (const m of t.messages) {
          assert.equal(typeof m.id, 'string');
          assert.ok(m.replyTo === null || /^\d+$/.test(m.replyTo));
          assert.ok(m.url === null || m.url.startsWith('https://twitter.com/'));
          for (const l of m.links) assert.match(l, /^https?:/);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  }
});

// ------------------------------------------------------------------ shared pieces

test('decodeApiText decodes once, and leaves references to no character alone', () => {
  assert.equal(decodeApiText('a &amp;lt; b &lt;b&gt; &quot;q&quot; &#39; &#x1F600; &#128512;'), 'a &lt; b <b> "q" \' 😀 😀');
  assert.equal(decodeApiText('&#xD800; &#0; &#x110000; &nbsp; &amp'), '&#xD800; &#0; &#x110000; &nbsp; &amp');
  assert.equal(decodeApiText('a\r\nb\rc'), 'a\nb\nc');
});

test('arrayEntryOffsets and readJson', () => {
  const text = '{"x": [1], "statuses": [ {"a": "]"} ,\n [2], 3 ], "statuses2": []}';
  assert.deepEqual(arrayEntryOffsets(text, 'statuses').map((o) => text[o]), ['{', '[', '3']);
  assert.deepEqual(arrayEntryOffsets('[ ]', null), []);
  assert.deepEqual(arrayEntryOffsets('[{"a":[1,2]}, 5]', null), [1, 14]);
  // A pretty-printed document cut short is not JSON Lines, even if lone lines parse.
  assert.equal(readJson('{\n  "a": [\n    1,\n    23\n').kind, 'invalid');
  const lines = readJson('{"a":1}\n\n{"b":\n{"c":2}\n');
  assert.equal(lines.kind, 'lines');
  if (lines.kind === 'lines') assert.deepEqual(lines.lines.map((l) => [l.line, 'error' in l]), [[1, false], [3, true], [4, false]]);
});

// ------------------------------------------------------------------ detection
// Over the whole corpus: test/detection.test.ts, built on the inventory in test/helpers/corpus.ts.

// ------------------------------------------------------------------ round trip

function withoutOrigin(m: Message): Omit<Message, 'origin'> {
  const { origin: _origin, ...rest } = m;
  return rest;
}

function roundTrip(first: Transcript, name: string, options: ImportOptions = {}): void {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(first, null, 2));
  // jamrecap's own JSON is not a Twitter export, though it quotes tweets.
  const written = ExportFile.read(path);
  assert.equal(twitterApiV1.detect(written, {}), false);
  assert.equal(twarc2.detect(written, {}), false);
  const second = importFiles([path], options);
  const [src] = second.sources;
  const n = first.messages.length;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['jamrecap-json', n, n, 0, 0]);
  assert.deepEqual(src.diagnostics.filter((d) => d.severity !== 'info'), []);
  assert.deepEqual(JSON.parse(JSON.stringify(second.messages.map(withoutOrigin))), JSON.parse(JSON.stringify(first.messages.map(withoutOrigin))));
  assert.deepEqual(second.messages.map((m) => m.id), first.messages.map((m) => m.id));
  assert.deepEqual(second.questions, first.questions);
  assert.deepEqual(second.participants, first.participants);
  assert.deepEqual(second.jam, first.jam);
}

corpusTest('round trip: Twitter API exports -> jamrecap JSON -> the same transcript', [V1, V2], () => {
  roundTrip(importFiles([corpusPath(V1)]), 'v1.transcript.json');
  roundTrip(importFiles([corpusPath(V2)]), 'v2.transcript.json');
});

test('round trip: the v1.1 fixture (ids beyond 2^53) -> jamrecap JSON -> the same transcript', () => {
  const options = { hosts: ['jamhost'] };
  const first = importFiles([FIXTURE], options);
  assert.equal(first.questions.length, 1);
  roundTrip(first, 'fixture.transcript.json', options);
});

test('round trip: the v1.1 media fixture keeps its attachments through jamrecap JSON', () => {
  const first = importFiles([MEDIA_FIXTURE]);
  assert.equal(first.messages.reduce((n, m) => n + m.attachments.length, 0), 9);
  roundTrip(first, 'media.transcript.json');
});

test('a repeated top-level key ("statuses" or "data" twice) is an error naming its lines, never a silent loss', () => {
  const status = (id: string, sec: number) =>
    JSON.stringify({ created_at: `Wed Oct 24 17:45:${sec} +0000 2012`, id_str: id, text: `tweet ${id} #jam`, user: { screen_name: 'u', name: 'U' } });
  // v1.1: JSON.parse keeps the second list only; 1001 and 1002 would vanish without a word.
  const v1 = `{\n"statuses": [${status('1001', 10)}, ${status('1002', 20)}],\n"statuses": [${status('1003', 30)}]\n}`;
  const t = fromText('twice.json', v1);
  const [src] = t.sources;
  assert.deepEqual(t.messages.map((m) => m.id), ['1003']);
  const dup = src.diagnostics.filter((d) => d.code === 'json-duplicate-key');
  assert.deepEqual(dup.map((d) => [d.severity, d.line]), [['error', 2]]);
  assert.match(dup[0].message, /^key "statuses" appears 2 times in the top-level object \(lines 2, 3\): only the last one is read/);

  // twarc2 JSON Lines: a page repeating "data" is reported at its line; "includes.users" twice is a warning.
  const user = { id: '9', username: 'ann', name: 'Ann' };
  const tweet = (id: string) => ({ id, author_id: '9', created_at: '2012-10-24T17:45:10.000Z', text: `tweet ${id}` });
  const page1 = JSON.stringify({ data: [tweet('2001')], includes: { users: [user] } });
  const page2 = `{"data": [${JSON.stringify(tweet('2002'))}], "data": [${JSON.stringify(tweet('2003'))}], "includes": {"users": [], "users": [${JSON.stringify(user)}]}}`;
  const p = fromText('pages.jsonl', `${page1}\n${page2}\n`);
  assert.equal(p.sources[0].format, 'twarc2');
  assert.deepEqual(
    p.sources[0].diagnostics.filter((d) => d.code === 'json-duplicate-key').map((d) => [d.severity, d.line, d.message.slice(0, 60)]),
    [
      ['error', 2, 'key "data" appears 2 times in the top-level object (line 2):'],
      ['warning', 2, 'key "users" appears 2 times in the object "includes" (line 2'],
    ],
  );
});
