/**
 * YouTube live chat (youtube-chat) and Reddit thread JSON (reddit-json)
 * importers. They are not registered yet (the lead does that): these tests
 * call detect/parse directly, as the pipeline would.
 *
 * Corpus counts were checked independently of the code, with jq:
 * - chatdownloader-2020-yt-messages-100-200s.json: `length` 750. 15 have
 *   `ticker_duration` (entries 4 61 98 161 315 382 387 431 434 553 570 608
 *   620 735 738): each is the ticker repeat of the entry before it (same
 *   author_id, timestamp and message: `group_by([.author_id,.timestamp,
 *   .message])` gives exactly these 15 pairs); 4 of them have no `amount`
 *   (memberships), so their chat items (433 552 569 619, "Welcome to Pig
 *   Tier!", badge "New member") are membership announcements; 1 non-ticker
 *   entry has `message == null` (410, Taco Bell, $1.99); 14 non-ticker Super
 *   Chats with text, the first Auitshrieks Gaming $19.99 at
 *   1597517021842470 µs, the last Megan Forsthoefel $10.00. The other 730
 *   entries come from 672 distinct `author_id`.
 *   So found 750, kept 730, skipped 20 (15 tickers, 4 memberships, 1 null).
 * - chatdownloader-youtube-innertube-actions.json: 19 actions; 6
 *   addChatItemAction (text, viewer engagement, membership, donation
 *   announcement, paid sticker, mode change): found 6, kept 1 (the text),
 *   skipped 5; 3 ticker, 2 replace (placeholders), 1 + 1 deletions, 6 others.
 * - reddift-redditdev-api-terms-2015-comments.json: 1 post (t3_2ujhkr,
 *   kemitche, 1422901461) + 51 t1 (`..|objects|select(.kind=="t1")`), 21
 *   `more` (25 child ids, counts all 0), 2 `[deleted]` authors
 *   (t1_cogquu1, t1_co91cai), 25 comments whose parent is a t1, 34 authors
 *   with the post's, comments 2015-02-02T20:13:43Z -> 2015-04-05T16:45:14Z;
 *   9 things with a numeric `edited` (the post, 1422923851, and 8 comments).
 *   So found 52, kept 52, skipped 0.
 * - go-reddit-r-test-post-2020.json: post t3_testpost + 2 t1 (t1_testc2
 *   replies to t1_testc1), all by testuser; no `more`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { Importer, ParseResult } from '../src/import/importer.ts';
import { importers } from '../src/import/registry.ts';
import { youtubeChat, normalizeYouTubeId } from '../src/import/formats/youtube-chat.ts';
import { redditJson, redditText } from '../src/import/formats/reddit-json.ts';
import { salvageJson } from '../src/import/formats/json-salvage.ts';
import { handleProblem } from '../src/model/entities.ts';
import { CORPUS, ROOT, corpusTest } from './helpers/corpus.ts';

const FIX = join(ROOT, 'test/fixtures/youtube-reddit');
const YT_2020 = 'youtube-chat-json/chatdownloader-2020-yt-messages-100-200s.json';
const YT_ACTIONS = 'youtube-chat-json/chatdownloader-youtube-innertube-actions.json';
const RD_TERMS = 'reddit-json/reddift-redditdev-api-terms-2015-comments.json';
const RD_TEST = 'reddit-json/go-reddit-r-test-post-2020.json';
const MINE: Record<string, Importer> = { [YT_2020]: youtubeChat, [YT_ACTIONS]: youtubeChat, [RD_TERMS]: redditJson, [RD_TEST]: redditJson };

/** Parse, checking what every result must keep: found = kept + skipped, valid handles, string ids. */
function parse(importer: Importer, file: ExportFile): ParseResult {
  const r = importer.parse(file, {});
  assert.equal(r.found, r.messages.length + r.skipped.length, `${file.name}: found = kept + skipped`);
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, `${file.name}: handle ${m.author.handle}`);
    assert.ok(m.id === null || typeof m.id === 'string');
    assert.match(m.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  return r;
}
const read = (path: string) => ExportFile.read(path);
const fixture = (name: string) => read(join(FIX, name));
const fromText = (name: string, text: string) => new ExportFile(name, Buffer.from(text));
const summary = (r: ParseResult) => [r.found, r.messages.length, r.skipped.length];
const codes = (ds: { code: string }[]) => {
  const out: Record<string, number> = {};
  for (const d of ds) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
};

// ------------------------------------------------------------------ YouTube

corpusTest('youtube-chat: chat_replay_downloader 2020 array (Super Chats noted; ticker repeats, memberships and a null message skipped)', [YT_2020], (_t, path) => {
  const r = parse(youtubeChat, read(path));
  assert.deepEqual(summary(r), [750, 730, 20]);
  assert.deepEqual(codes(r.skipped), { ticker: 15, 'no-text': 1, membership: 4 });
  const at = (code: string) => r.skipped.filter((d) => d.code === code).map((d) => d.position);
  assert.deepEqual(at('ticker'), [4, 61, 98, 161, 315, 382, 387, 431, 434, 553, 570, 608, 620, 735, 738]);
  assert.deepEqual(at('membership'), [433, 552, 569, 619]);
  assert.deepEqual(at('no-text'), [410]);
  assert.match(r.skipped.find((d) => d.code === 'no-text')!.message, /Super Chat of "\$1\.99" with no text/);
  assert.match(r.skipped.find((d) => d.code === 'membership')!.message, /"Welcome to Pig Tier!"/);
  const first = r.messages[0];
  const last = r.messages.at(-1)!;
  assert.deepEqual([first.id, first.author, first.time, first.text], [null, { handle: 'UCPCE0f3ZfYCkV3gYA37PTpw', name: 'King Nautulus' }, '2020-08-15T18:43:41.449Z', 'TECHNOLATE']);
  assert.deepEqual([last.author.name, last.time, last.text], ['Dylan Vidal', '2020-08-15T18:45:22.331Z', 'Gib Gib Gib Gib Gib Gib']);
  const supers = r.diagnostics.filter((d) => d.code === 'super-chat');
  assert.equal(supers.length, 14);
  const sc = r.messages.find((m) => m.position === supers[0].position)!;
  assert.deepEqual([sc.author.name, sc.time, sc.text], ['Auitshrieks Gaming', '2020-08-15T18:43:41.842Z', 'I LOVE YOU TECHNO UR BETTER THAN DREAM']);
  assert.match(supers[0].message, /a Super Chat of "\$19\.99"/);
  assert.match(supers[13].message, /a Super Chat of "\$10\.00"/);
  assert.equal(r.messages.find((m) => m.position === supers[13].position)!.author.name, 'Megan Forsthoefel');
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 672);
});

corpusTest('youtube-chat: raw InnerTube actions (one text message; system items skipped; tickers, deletions and polls noted)', [YT_ACTIONS], (_t, path) => {
  const r = parse(youtubeChat, read(path));
  assert.deepEqual(summary(r), [6, 1, 5]);
  assert.deepEqual(codes(r.skipped), { 'system-message': 3, membership: 1, 'no-text': 1 });
  const m = r.messages[0];
  assert.deepEqual([m.id, m.author.handle, m.author.name, m.time, m.text, m.line], [
    'CjoKGkNJLTRuSUMyMHUwQ0ZRMktnZ29kdEZjTjZREhxDTXZ0NEtxMDB1MENGUVhwYUFvZHFnUUxVdy0x',
    'UCoVFvNv-7cuHNC9v_XKEXhA',
    'Naruto Uzumaki',
    '2020-12-16T11:42:51.079Z',
    'Consistency Level ASL ❤️',
    2,
  ]);
  assert.match(r.skipped.find((d) => d.code === 'no-text')!.message, /Super Sticker of "\$9\.99"/);
  assert.deepEqual(codes(r.diagnostics), { 'ticker-items': 1, placeholders: 1, 'not-a-message': 1, 'deleted-elsewhere': 1 });
  assert.match(r.diagnostics.find((d) => d.code === 'ticker-items')!.message, /^3 ticker/);
  assert.match(r.diagnostics.find((d) => d.code === 'not-a-message')!.message, /^6 action/);
});

test("youtube-chat: yt-dlp .live_chat.json (one replay action a line; emoji, links, Super Chat, deletions)", () => {
  const r = parse(youtubeChat, fixture('ytdlp-sample.live_chat.json'));
  assert.equal(youtubeChat.detect(fixture('ytdlp-sample.live_chat.json'), {}), true);
  assert.deepEqual(summary(r), [8, 3, 5]);
  assert.deepEqual(codes(r.skipped), { 'system-message': 1, membership: 1, 'no-text': 1, deleted: 2 });
  const [hello, paid, after] = r.messages;
  assert.equal(hello.id, 'TEXT1');
  assert.equal(hello.text, 'Hello 👋 :jam-cat: see example.org/notes');
  assert.deepEqual(hello.links, ['https://example.org/notes']);
  assert.deepEqual(hello.author, { handle: 'UCaaaaaaaaaaaaaaaaaaaaaa', name: 'Ada / Lovelace' });
  assert.equal(hello.time, '2023-11-14T22:13:21.000Z');
  assert.equal(paid.text, "Q: how do you pick the jam's topics?");
  const note = r.diagnostics.find((d) => d.code === 'super-chat')!;
  assert.deepEqual([note.messageId, note.line], ['PAID1', 3]);
  assert.match(note.message, /"\$5\.00"/);
  // Deleted by id (the %3D-padded target matches the ==-padded id), and all of an author's earlier messages.
  assert.deepEqual(r.skipped.filter((d) => d.code === 'deleted').map((d) => d.messageId), ['GONE1', 'BANNED1']);
  assert.equal(after.id, 'BANNED2');
});

test('youtube-chat: chat-downloader later layout (message_type, author object, money)', () => {
  const r = parse(youtubeChat, fixture('chatdownloader-later-layout.json'));
  assert.deepEqual(summary(r), [6, 3, 3]);
  assert.deepEqual(codes(r.skipped), { 'system-message': 1, ticker: 1, membership: 1 });
  assert.deepEqual(r.messages.map((m) => [m.id, m.author.handle, m.author.name, m.text]), [
    ['MSG1', 'UCaaaaaaaaaaaaaaaaaaaaaa', 'Ann', 'hello :wave:'],
    ['MSG2', 'UCbbbbbbbbbbbbbbbbbbbbbb', 'Ben', 'Q: what is next?'],
    ['MEM2', 'UCcccccccccccccccccccccc', 'Cy', 'six months already'],
  ]);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.messageId]), [['super-chat', 'MSG2'], ['membership-message', 'MEM2']]);
});

test('youtube-chat: ids are the same whatever the padding', () => {
  assert.equal(normalizeYouTubeId('abc%3D%3D'), 'abc');
  assert.equal(normalizeYouTubeId('abc=='), 'abc');
  assert.equal(normalizeYouTubeId(12), null);
  assert.equal(normalizeYouTubeId('='.repeat(100)), null);
});

test('youtube-chat: a chat-downloader file cut short keeps its complete entries', () => {
  const r = parse(youtubeChat, fixture('chatdownloader-truncated.json'));
  assert.deepEqual(summary(r), [3, 2, 1]);
  assert.deepEqual(r.messages.map((m) => m.text), ['first', 'second :wave:']);
  assert.deepEqual([r.skipped[0].code, r.skipped[0].position], ['json-invalid', 3]);
  assert.deepEqual(codes(r.diagnostics), { 'json-invalid': 1, 'super-chat': 1 });
});

test('youtube-chat: wrong types in fields are skipped or noted, never thrown', () => {
  const r = parse(youtubeChat, fixture('chatdownloader-wrong-types.json'));
  assert.deepEqual(summary(r), [7, 3, 4]);
  assert.deepEqual(codes(r.skipped), { 'text-invalid': 1, 'author-missing': 1, 'time-unreadable': 1, 'not-a-message': 1 });
  assert.deepEqual(r.messages.map((m) => [m.author.handle, m.id]), [['Ben', null], ['UCcccccccccccccccccccccc', null], ['UCdddddddddddddddddddddd', null]]);
  assert.equal(r.diagnostics.filter((d) => d.code === 'channel-id-invalid').length, 1);
});

test('youtube-chat: hostile input (empty, not JSON, deep replay nesting) never throws', () => {
  for (const text of ['', '[', '[{"author_id":"x","message":"m","timestamp":', '{"replayChatItemAction":', 'null\n{"addChatItemAction":5}\n[1]']) {
    const f = fromText('h.json', text);
    const r = youtubeChat.parse(f, {});
    assert.equal(r.found, r.messages.length + r.skipped.length);
  }
  const depth = 50_000;
  const deep = `${'{"replayChatItemAction":{"actions":['.repeat(depth)}{"addChatItemAction":{"item":{"liveChatTextMessageRenderer":{"id":"D1","timestampUsec":"1700000000000000","authorExternalChannelId":"UCaaaaaaaaaaaaaaaaaaaaaa","message":{"runs":[{"text":"deep"}]}}}}}${']}}'.repeat(depth)}\n`;
  const r = parse(youtubeChat, fromText('deep.live_chat.json', deep));
  assert.deepEqual([summary(r), r.messages[0].text], [[1, 1, 0], 'deep']);
});

// ------------------------------------------------------------------ Reddit

corpusTest('reddit-json: r/redditdev announcement (post first, 51 comments in thread order, 21 more stubs)', [RD_TERMS], (_t, path) => {
  const r = parse(redditJson, read(path));
  assert.deepEqual(summary(r), [52, 52, 0]);
  assert.equal(r.title, 'Important: API licensing terms clarified; Cookie-authentication deprecation warning');
  const [post, first] = r.messages;
  const last = r.messages.at(-1)!;
  assert.deepEqual([post.id, post.author.handle, post.time, post.replyTo, post.url], ['t3_2ujhkr', 'kemitche', '2015-02-02T18:24:21.000Z', null, 'https://www.reddit.com/r/redditdev/comments/2ujhkr/important_api_licensing_terms_clarified/']);
  assert.ok(post.text.startsWith('Important: API licensing terms clarified; Cookie-authentication deprecation warning\n\nGreetings reddit API users,'));
  assert.deepEqual([first.id, first.author.handle, first.replyTo], ['t1_cq21eh6', 'joemtz', 't3_2ujhkr']);
  // A reply: the last comment in thread order answers t1_co95lhz.
  assert.deepEqual([last.id, last.author.handle, last.replyTo, last.time, last.url], [
    't1_co95xri',
    'michelectric',
    't1_co95lhz',
    '2015-02-02T22:21:46.000Z',
    'https://www.reddit.com/r/redditdev/comments/2ujhkr/important_api_licensing_terms_clarified/co95xri/',
  ]);
  assert.ok(r.messages.some((m) => m.id === 't1_co95lhz'));
  const times = r.messages.slice(1).map((m) => m.time).sort();
  assert.deepEqual([times[0], times.at(-1)], ['2015-02-02T20:13:43.000Z', '2015-04-05T16:45:14.000Z']);
  assert.equal(r.messages.filter((m) => m.replyTo?.startsWith('t1_')).length, 25);
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 34);
  // Entities decoded ("&gt;" quotes are Markdown again).
  assert.ok(r.messages.some((m) => m.text.startsWith('> My app relies partially')));
  assert.ok(!r.messages.some((m) => m.text.includes('&gt;')));
  assert.deepEqual(codes(r.diagnostics), { 'more-stub': 21, deleted: 2, edited: 9, 'count-differs': 1 });
  assert.match(r.diagnostics.find((d) => d.code === 'edited')!.message, /^post t3_2ujhkr: edited 2015-02-03T00:37:31\.000Z/);
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'deleted').map((d) => d.messageId), ['t1_cogquu1', 't1_co91cai']);
  const stub = r.diagnostics.filter((d) => d.code === 'more-stub')[1];
  assert.match(stub.message, /standing for 3 comment\(s\) \(count 0, 3 id\(s\)\) that are not in this file under t1_cp88kh5/);
  assert.match(r.diagnostics.find((d) => d.code === 'count-differs')!.message, /says 114 comment\(s\); 51 are in this file \(21 "more" stub\(s\) stand for 25 more\)/);
});

corpusTest('reddit-json: r/test post (2 comments, one reply)', [RD_TEST], (_t, path) => {
  const r = parse(redditJson, read(path));
  assert.deepEqual(summary(r), [3, 3, 0]);
  assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo, m.text]), [['t3_testpost', null, 'Test\n\nHello'], ['t1_testc1', 't3_testpost', 'Hi'], ['t1_testc2', 't1_testc1', 'Hello']]);
  assert.deepEqual(r.diagnostics, []);
});

test('reddit-json: a bare comment listing, a file cut short, wrong types', () => {
  const only = parse(redditJson, fixture('reddit-comments-only.json'));
  assert.deepEqual([summary(only), only.title], [[4, 4, 0], null]);
  assert.deepEqual(only.messages.map((m) => [m.id, m.replyTo]), [['t1_q1', 't3_amapost'], ['t1_a1', 't1_q1'], ['t1_q2', 't3_amapost'], ['t1_a2', 't1_q2']]);
  assert.equal(only.messages[0].text, 'How do you > pick topics?');
  assert.match(only.diagnostics.find((d) => d.code === 'more-stub')!.message, /standing for 4 comment\(s\)/);

  const cut = parse(redditJson, fixture('reddit-truncated.json'));
  // The last comment was cut inside its body: found, and skipped for want of one.
  assert.deepEqual(summary(cut), [6, 5, 1]);
  assert.deepEqual([cut.skipped[0].code, cut.skipped[0].messageId], ['text-invalid', 't1_q3']);
  assert.equal(cut.messages[0].text, 'I run jams, AMA\n\nAsk me & my co-host anything');
  assert.equal(cut.messages.at(-1)!.id, 't1_a2');
  assert.ok(cut.diagnostics.some((d) => d.code === 'json-invalid' && d.severity === 'error'));

  const wrong = parse(redditJson, fixture('reddit-wrong-types.json'));
  assert.deepEqual(summary(wrong), [6, 1, 5]);
  assert.deepEqual(codes(wrong.skipped), { 'text-invalid': 2, 'time-unreadable': 1, 'author-missing': 1, 'id-missing': 1 });
  assert.deepEqual([wrong.messages[0].id, wrong.messages[0].author, wrong.messages[0].replyTo], ['t1_w5', { handle: 'g h~76b201', name: null }, 't1_w4']);
});

/** A thread whose comments each reply to the one before, `depth` deep. */
function deepThread(depth: number): string {
  const open: string[] = [];
  for (let i = 0; i < depth; i++) {
    open.push(`{"kind":"t1","data":{"id":"c${i.toString(36)}","parent_id":"${i ? `t1_c${(i - 1).toString(36)}` : 't3_p'}","author":"u${i % 7}","created_utc":${1700000000 + i},"body":"reply ${i}","replies":{"kind":"Listing","data":{"children":[`);
  }
  const post = '{"kind":"Listing","data":{"children":[{"kind":"t3","data":{"id":"p","title":"Deep","selftext":"","author":"op","created_utc":1700000000}}]}}';
  return `[${post},{"kind":"Listing","data":{"children":[${open.join('')}${']}}}}'.repeat(depth)}]}}]`;
}

test('reddit-json: a 50,000-deep comment tree: no stack overflow, linear time; cut short, it keeps the complete part', () => {
  const cpu = (f: () => void) => {
    const t = process.cpuUsage();
    f();
    const u = process.cpuUsage(t);
    return (u.user + u.system) / 1000;
  };
  const big = fromText('deep.json', deepThread(50_000));
  let r!: ParseResult;
  const tBig = cpu(() => (r = parse(redditJson, big)));
  assert.deepEqual(summary(r), [50_001, 50_001, 0]);
  assert.deepEqual([r.messages[1].replyTo, r.messages.at(-1)!.id, r.messages.at(-1)!.replyTo], ['t3_p', `t1_c${(49_999).toString(36)}`, `t1_c${(49_998).toString(36)}`]);
  const small = fromText('deep-small.json', deepThread(10_000));
  const tSmall = cpu(() => parse(redditJson, small));
  // Linear: five times the comments, well under 25 times the time (quadratic), with room for a busy machine.
  assert.ok(tBig < Math.max(15 * tSmall, 2000), `50k: ${tBig} ms, 10k: ${tSmall} ms`);

  const text = deepThread(50_000);
  const cutAt = text.indexOf('"reply 30000"');
  const cut = parse(redditJson, fromText('deep-cut.json', text.slice(0, cutAt)));
  // The post and comments 0..29,999 are kept (their replies closed where the file ends); comment 30,000 lost its body.
  assert.deepEqual(summary(cut), [30_002, 30_001, 1]);
  assert.equal(cut.skipped[0].code, 'text-invalid');
});

test('json-salvage: closes what is open after the last complete value', () => {
  assert.deepEqual(salvageJson('[{"a":1},{"b":[1,2', 1000), { value: [{ a: 1 }, { b: [1] }], cutAt: 16, closed: 3 });
  assert.deepEqual(salvageJson('[{"a":1},{"b', 1000).value, [{ a: 1 }]);
  assert.deepEqual(salvageJson('{"k": tru', 1000).value, null);
  assert.deepEqual(salvageJson('{"x":{"y":{}},"z":"unterminated', 1000).value, { x: { y: {} } });
  assert.equal(salvageJson('[[[', 1000).value, null);
  assert.equal(salvageJson('}}]', 1000).value, null);
  assert.equal(redditText('a &amp;gt; b &lt;3'), 'a &gt; b <3');
});

// ------------------------------------------------------------------ detection

/** Every file under the corpus folder. */
function corpusFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? corpusFiles(p) : [p];
  });
}

corpusTest('detection: youtube-chat and reddit-json claim their corpus files and nothing else in the corpus', [YT_2020, RD_TERMS], () => {
  for (const path of corpusFiles(CORPUS)) {
    const rel = relative(CORPUS, path);
    if (statSync(path).size > 64 * 1024 * 1024) continue;
    const file = read(path);
    const claimed = [youtubeChat, redditJson].filter((i) => i.detect(file, {})).map((i) => i.name);
    assert.deepEqual(claimed, MINE[rel] ? [MINE[rel].name] : [], rel);
    // No other registered importer claims these files (so registering these gives them one owner).
    if (MINE[rel]) assert.deepEqual(importers.filter((i) => i.name !== MINE[rel].name && i.detect(file, {})).map((i) => i.name), [], rel);
  }
  for (const name of readdirSync(FIX)) {
    const f = fixture(name);
    const want = name.startsWith('reddit') ? 'reddit-json' : 'youtube-chat';
    assert.deepEqual([youtubeChat, redditJson].filter((i) => i.detect(f, {})).map((i) => i.name), [want], name);
  }
});

corpusTest('youtube-chat, reddit-json: every corpus file cut at 40 places never throws and keeps found = kept + skipped', Object.keys(MINE), (_t, ...paths: string[]) => {
  for (const path of paths) {
    const bytes = read(path).bytes;
    const importer = path.includes('reddit') ? redditJson : youtubeChat;
    const whole = importer.parse(new ExportFile('whole.json', bytes), {}).messages.length;
    for (let k = 1; k <= 40; k++) {
      const cut = new ExportFile('cut.json', bytes.subarray(0, Math.floor((bytes.length * k) / 41)));
      const r = parse(importer, cut);
      assert.ok(r.messages.length <= whole, `${path} cut ${k}`);
    }
  }
});
