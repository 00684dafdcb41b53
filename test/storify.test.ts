/**
 * Storify importer: the three real stories of the shared corpus (read in place),
 * plus a hand-written fixture for the element kinds and the unreadable quotes
 * the corpus does not have.
 *
 * The tweet counts are checked by another route in the test itself (distinct
 * tweet permalinks on story elements in the raw text) and agree with the
 * hand-made labels in test/fixtures/labels/ (224, 294, 207: every quote, image
 * and video element that carries a tweet). The other numbers were read off
 * the import and checked by reading the stories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { storify } from '../src/import/formats/storify.ts';
import { tweetchat } from '../src/import/formats/tweetchat.ts';
import { detectImporter, importExports, importFiles } from '../src/import/pipeline.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

const GUILD = 'storify-html/guildchat-readdress-the-lms.html';
const LRN = 'storify-html/lrnchat-22nd-december-2017.html';
const BYOD = 'storify-html/unofficial-story-of-final-byod4lchat.html';
const EDGE = resolve(ROOT, 'test/fixtures/storify-edge-cases.html');
const MENTION_ONLY = resolve(ROOT, 'test/fixtures/storify-mention-only.html');

interface Expected {
  title: string;
  found: number;
  kept: number;
  notes: Record<string, number>;
  participants: number;
  top: { handle: string; messages: number };
  first: string;
  last: string;
  /** Texts opening "RT @x" (the pipeline marks them as retweets). */
  retweets: number;
  /** Texts with an astral-plane character (emoji). */
  astral: number;
  /** Messages with at least one expanded link. */
  withLinks: number;
  /** Texts keeping a line break. */
  multiline: number;
}

const EXPECTED: Record<string, Expected> = {
  [GUILD]: {
    title: '#GuildChat Readdress the LMS',
    found: 294,
    kept: 294,
    notes: { link: 1, text: 11 },
    participants: 23,
    top: { handle: 'britz', messages: 35 },
    first: '2016-04-08T15:04:18.000Z',
    last: '2016-04-09T23:52:05.000Z',
    retweets: 2,
    astral: 8,
    withLinks: 55,
    multiline: 3,
  },
  [LRN]: {
    title: '#lrnchat - 22nd December 2017',
    found: 224,
    kept: 224,
    notes: {},
    participants: 26,
    top: { handle: 'JaneBozarth', messages: 32 },
    first: '2017-12-21T15:34:30.000Z',
    last: '2017-12-22T05:43:17.000Z',
    retweets: 12,
    astral: 10,
    withLinks: 48,
    multiline: 12,
  },
  [BYOD]: {
    title: 'Unofficial story of final #BYOD4Lchat',
    found: 207,
    kept: 207,
    notes: {},
    participants: 21,
    top: { handle: 'neilwithnell', messages: 34 },
    first: '2016-01-15T15:19:15.000Z',
    last: '2016-01-16T15:16:44.000Z',
    retweets: 0,
    astral: 3,
    withLinks: 68,
    multiline: 7,
  },
};

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}

function byId(t: Transcript, id: string): Message {
  const m = t.messages.find((x) => x.id === id);
  assert.ok(m, `message ${id} not found`);
  return m;
}

for (const [rel, want] of Object.entries(EXPECTED)) {
  corpusTest(`storify: ${rel} counts, notes and invariants`, [rel], (_t, path) => {
    const file = ExportFile.read(path);
    assert.equal(storify.detect(file, {}), true);
    assert.equal(tweetchat.detect(file, {}), false, 'tweetchat must not claim a Storify page');
    assert.equal(detectImporter(file).name, 'storify');

    const parsed = storify.parse(file, {});
    assert.equal(parsed.title, want.title);
    assert.equal(parsed.found, want.found);
    // Recounted by another route: the distinct tweet permalinks on story elements in the raw text.
    const raw = readFileSync(path, 'utf8');
    const permalinks = new Set(Array.from(raw.matchAll(/<li [^>]*data-permalink="[^"]*twitter\.com\/\w+\/status\/(\d+)"/g), (m) => m[1]));
    assert.equal(permalinks.size, want.found);
    assert.equal(parsed.skipped.length, 0);
    assert.equal(parsed.messages.length, want.found);
    assert.deepEqual(countBy(parsed.notes, (n) => n.kind), want.notes);
    // One info diagnostic per non-message element, naming file and line; none counted in found.
    const notMessages = parsed.diagnostics.filter((d) => d.code === 'not-a-message');
    assert.equal(notMessages.length, parsed.notes.length);
    assert.equal(parsed.diagnostics.length, parsed.notes.length);
    for (const d of notMessages) {
      assert.equal(d.severity, 'info');
      assert.equal(d.file, file.name);
      assert.ok(typeof d.line === 'number' && d.line > 0);
    }
    // Quotes and notes together are the story's elements, each at its own story position.
    const storyElements = want.found + parsed.notes.length;
    assert.ok(parsed.notes.every((n) => n.position >= 1 && n.position <= storyElements));
    assert.equal(new Set(parsed.notes.map((n) => n.position)).size, parsed.notes.length);
    assert.deepEqual(
      parsed.messages.map((m) => m.position),
      Array.from({ length: want.found }, (_, i) => i + 1),
    );

    const t = importExports([file]);
    const [src] = t.sources;
    assert.equal(src.format, 'storify');
    assert.equal(src.found, want.found);
    assert.equal(src.kept, want.kept);
    assert.equal(src.skipped, 0);
    assert.equal(src.found, src.kept + src.merged + src.skipped);
    assert.equal(t.jam.title, want.title);
    assert.equal(t.messages.length, want.kept);
    assert.equal(t.participants.length, want.participants);
    assert.deepEqual({ handle: t.participants[0].handle, messages: t.participants[0].messages }, want.top);
    assert.equal(t.messages[0].time, want.first);
    assert.equal(t.messages.at(-1)!.time, want.last);
    assert.equal(t.messages.filter((m) => m.retweetOf).length, want.retweets);
    assert.equal(t.messages.filter((m) => /[\u{10000}-\u{10FFFF}]/u.test(m.text)).length, want.astral);
    assert.equal(t.messages.filter((m) => m.links.length > 0).length, want.withLinks);
    assert.equal(t.messages.filter((m) => m.text.includes('\n')).length, want.multiline);

    for (const m of t.messages) {
      assert.match(m.id, /^\d{15,20}$/, 'tweet id as a string of digits');
      assert.ok(BigInt(m.id) > 2n ** 53n, `${m.id} beyond 2^53 survives`);
      assert.equal(m.url, `https://twitter.com/${m.author.handle}/status/${m.id}`);
      assert.equal(m.timePrecision, 'second');
      assert.equal(m.replyTo, null, 'Storify markup carries no reply parent');
      assert.ok(m.text.length > 0);
      assert.ok(!m.text.includes('<'), `markup left in ${m.id}: ${m.text}`);
      assert.doesNotMatch(m.text, /&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);/i, `entity left in ${m.id}`);
      assert.doesNotMatch(m.text, /\u00a0|position:absolute/, `hidden t.co spans leaked into ${m.id}`);
      assert.doesNotMatch(m.text, /https?:\/\/t\.co\//, `unexpanded t.co link in ${m.id}`);
      for (const l of m.links) assert.match(l, /^https?:\/\//);
      assert.ok(m.origin.line && m.origin.line > 0);
    }
    assert.equal(new Set(t.messages.map((m) => m.id)).size, t.messages.length);
  });
}

corpusTest('storify: guildchat spot checks and curator notes', [GUILD], (_t, path) => {
  const t = importFiles([path]);
  const salas = byId(t, '718504989686149120');
  assert.deepEqual(salas.author, { handle: 'StyleLearn', name: 'Alexander Salas', avatar: { file: 'guildchat-readdress-the-lms_files/profile_image(7)' } });
  assert.equal(salas.time, '2016-04-08T18:25:13.000Z');
  assert.equal(
    salas.text,
    "Here's the answer http://elearningindustry.com/lms-old-news-enter-era-elms just beat 140 char \u{1F913} #GuildChat https://twitter.com/elearningguild/status/718503194977026049",
  );
  assert.deepEqual(salas.links, [
    'http://elearningindustry.com/lms-old-news-enter-era-elms',
    'https://twitter.com/elearningguild/status/718503194977026049',
  ]);
  assert.deepEqual(salas.hashtags, ['GuildChat']);
  assert.equal(salas.url, 'https://twitter.com/StyleLearn/status/718504989686149120');

  const leh = byId(t, '718949636547964928');
  assert.equal(leh, t.messages.at(-1));
  assert.deepEqual(leh.author, { handle: 'JohnLeh', name: 'John Leh', avatar: { file: 'guildchat-readdress-the-lms_files/profile_image(19)' } });
  assert.equal(
    leh.text,
    '@ConstantLearnin @britz\nGood LMS PMs always in demand - With so many new vendors in space, not enough expertise to go around! #GuildChat',
  );
  assert.deepEqual(leh.mentions, ['ConstantLearnin', 'britz']);

  const rt = byId(t, '718501538503790592');
  assert.equal(rt.text, 'RT @eLearningGuild Q2. What are the greatest drawbacks of the LMS? #GuildChat');
  assert.deepEqual(rt.retweetOf, { handle: 'eLearningGuild', id: null });

  const notes = t.sources[0].notes;
  assert.deepEqual(
    notes.filter((n) => n.kind === 'text').map((n) => [n.position, n.text, n.url]),
    [
      [5, 'Opening', null],
      [16, 'Question 1', null],
      [47, 'Question 2', null],
      [83, 'Question 3', null],
      [113, 'Question 4', null],
      [147, 'Question 5', null],
      [176, 'Question 6', null],
      [212, 'Question 7', null],
      [250, 'Question 8', null],
      [283, 'Closing', null],
      [306, 'End', null],
    ],
  );
  const link = notes.find((n) => n.kind === 'link')!;
  assert.deepEqual(link, {
    kind: 'link',
    position: 1,
    text: 'eLearning Guild (@eLearningGuild) | Twitter\nThe latest Tweets from eLearning Guild (@eLearningGuild). Community & Resources for eLearning Professionals. USA',
    url: 'https://twitter.com/elearningguild',
  });
  // The lead-in video is JD_Dillon's tweet: a message, its video an attachment shown as a link.
  const video = byId(t, '718497976717545473');
  assert.deepEqual([video.author.handle, video.time, video.origin.position], ['JD_Dillon', '2016-04-08T17:57:21.000Z', 3]);
  assert.match(video.text, /^We're talking about the LMS in today's #GuildChat, featuring @eGeeking!/);
  assert.deepEqual(video.attachments.map((a) => [a.kind, a.url, a.file]), [['video', 'https://pbs.twimg.com/tweet_video/CfieFSyWsAAW7f1.mp4', null]]);
});

corpusTest('storify: lrnchat spot checks (astral name, expanded links, retweets)', [LRN], (_t, path) => {
  const t = importFiles([path]);
  const jd = byId(t, '944017813131362304');
  assert.deepEqual(jd.author, { handle: 'JD_Dillon', name: 'JD \u{1F9E0}\u{1F4F1}\u{1F3D2}', avatar: { file: 'lrnchat-22nd-december-2017_files/profile_image(6)' } });
  assert.equal(jd.time, '2017-12-22T01:32:40.000Z');
  assert.equal(
    jd.text,
    'Howdy #lrnchat! JD in Orlando, FL. LearnGeek, speaker, writer. Taking in all of the \u201Cambitious\u201D projections for L&D in 2018. \u{1F914} https://twitter.com/lrnchat/status/944017419949035525',
  );
  assert.deepEqual(jd.links, ['https://twitter.com/lrnchat/status/944017419949035525']);

  // A t.co link whose display spans hold non-breaking spaces and an ellipsis.
  const edythe = byId(t, '944028094389805056');
  assert.equal(
    edythe.text,
    'RT https://twitter.com/urbie/status/944017893661982720 My passion\u2019s rehumanizing learning 1 activity at a time.. currently looking for the #NextBigThing that\u2019ll see me into #retirement #lrnchat',
  );
  assert.equal(edythe.retweetOf, null, '"RT <link>" names no account');
  assert.deepEqual(edythe.hashtags, ['NextBigThing', 'retirement', 'lrnchat']);

  const cyclops = byId(t, '944022364588793856');
  assert.equal(cyclops.text, 'RT @lrnchat Q2) What tools/apps have you moved away from? Why? #lrnchat');
  assert.deepEqual(cyclops.retweetOf, { handle: 'lrnchat', id: null });
  assert.equal(cyclops.url, 'https://twitter.com/eLearninCyclops/status/944022364588793856');
});

corpusTest('storify: byod4l spot checks', [BYOD], (_t, path) => {
  const t = importFiles([path]);
  const hopkins = byId(t, '688073545658822656');
  assert.deepEqual(hopkins.author, { handle: 'hopkinsdavid', name: 'David Hopkins', avatar: { file: 'unofficial-story-of-final-byod4lchat_files/profile_image(1)' } });
  assert.equal(
    hopkins.text,
    'Talking of #badges ... https://byod4learning.wordpress.com/badges/byod4l-badges/\n(and my collection here https://backpack.openbadges.org/share/9abc999bceb889454f61271038f24dd3/) #BYOD4Lchat https://twitter.com/BYOD4L/status/688067681770143744',
  );
  assert.deepEqual(hopkins.links, [
    'https://byod4learning.wordpress.com/badges/byod4l-badges/',
    'https://backpack.openbadges.org/share/9abc999bceb889454f61271038f24dd3/',
    'https://twitter.com/BYOD4L/status/688067681770143744',
  ]);
  const lumsden = byId(t, '688092032833818625');
  assert.equal(lumsden.time, '2016-01-15T20:14:59.000Z');
  assert.equal(
    lumsden.text,
    '@chrissinerantzi sorry good intentions but....have this week announced series of staff L&T surgeries based on 4 of 5 Cs \u{1F600} #BYOD4Lchat @UCLan',
  );
  assert.deepEqual(lumsden.mentions, ['chrissinerantzi', 'UCLan']);
  // The story opens with a video tweet and image tweets before the first quote: messages, with attachments.
  assert.deepEqual(t.sources[0].notes, []);
  assert.deepEqual(
    t.messages.slice(0, 2).map((m) => [m.id, m.author.handle, m.time, m.attachments.map((a) => [a.kind, a.url, a.file])]),
    [
      ['688017610798186496', 'cpjobling', '2016-01-15T15:19:15.000Z', [['video', 'https://youtu.be/P41XLvu7Jhk', null]]],
      ['688025800906555392', 'jenfromthepool', '2016-01-15T15:51:48.000Z', [['image', 'http://twitter.com/skillupUS/status/688021417426862080/photo/1', 'unofficial-story-of-final-byod4lchat_files/CYxUgFCWcAA0iNk.jpg']]],
    ],
  );
  // 18 image and 2 video tweets: 20 messages with one attachment each.
  assert.deepEqual(countBy(t.messages.flatMap((m) => m.attachments), (a) => a.kind), { image: 18, video: 2 });
});

corpusTest('storify: whole pipeline over the three stories, and a file imported twice', [GUILD, LRN, BYOD], (_t, ...paths) => {
  const t = importFiles(paths);
  assert.deepEqual(
    t.sources.map((s) => [s.format, s.found, s.kept, s.merged, s.skipped]),
    [
      ['storify', 294, 294, 0, 0],
      ['storify', 224, 224, 0, 0],
      ['storify', 207, 207, 0, 0],
    ],
  );
  for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped);
  assert.equal(t.messages.length, 725);
  // Handles compared case-insensitively across the stories (cpjobling, urbie... take part in several).
  assert.equal(t.participants.length, 64);
  assert.equal(t.messages[0].time, '2016-01-15T15:19:15.000Z');
  assert.equal(t.messages.at(-1)!.time, '2017-12-22T05:43:17.000Z');
  for (let i = 1; i < t.messages.length; i++) assert.ok(t.messages[i - 1].time <= t.messages[i].time, 'chronological');

  const twice = importFiles([paths[1], paths[1]]);
  assert.deepEqual(
    twice.sources.map((s) => [s.found, s.kept, s.merged, s.skipped]),
    [
      [224, 224, 0, 0],
      [224, 0, 224, 0],
    ],
  );
  assert.equal(twice.sources[1].diagnostics.filter((d) => d.code === 'duplicate').length, 224);
});

corpusTest('storify: detect() leaves other formats alone', ['tweetchat/socbizchat-room.html', 'twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html'], (_t, ...paths) => {
  for (const p of paths) assert.equal(storify.detect(ExportFile.read(p), {}), false, p);
});

test('storify: detect() needs Storify markup, not the word', () => {
  assert.equal(storify.detect(ExportFile.read(MENTION_ONLY), {}), false);
  assert.equal(storify.detect(ExportFile.read(EDGE), {}), true);
  assert.equal(storify.detect(new ExportFile('plain.txt', Buffer.from('storify.com <li class="s-element">')), {}), false, 'not HTML');
});

test('storify: fixture with every element kind and unreadable quotes', () => {
  const file = ExportFile.read(EDGE);
  const r = storify.parse(file, {});
  assert.equal(r.title, 'Fixture story', '" · Storify" suffix stripped from <title>');
  // Six quotes and one image tweet; the text note and the widget carry no post.
  assert.equal(r.found, 7);
  assert.equal(r.found, r.messages.length + r.skipped.length);
  assert.deepEqual(
    r.skipped.map((d) => [d.code, d.severity, d.position, d.line, d.file]),
    [
      ['time-unreadable', 'warning', 2, 12, 'storify-edge-cases.html'],
      ['time-unreadable', 'warning', 3, 13, 'storify-edge-cases.html'],
      ['author-missing', 'warning', 7, 18, 'storify-edge-cases.html'],
    ],
  );
  assert.match(r.skipped[1].message, /"2 years ago"/);

  const [alice, erin, frank, grace] = r.messages;
  assert.deepEqual(alice, {
    id: '718504988111798273',
    // The quote's avatar as saved beside the page.
    author: { handle: 'alice_a', name: 'Alice & Co', avatar: { file: 'x_files/profile_image' } },
    time: '2016-04-08T18:25:13.000Z',
    timePrecision: 'second',
    // Script dropped, entity decoded, t.co links expanded (from title, else the t.co href),
    // a javascript: link reduced to its text.
    text: 'Q1: hello @bob_b <3 #fixchat \u{1F389} see https://example.org/a?b=1&c=2 and https://t.co/ZyXwVu9876 click',
    url: 'https://twitter.com/alice_a/status/718504988111798273',
    replyTo: null,
    links: ['https://example.org/a?b=1&c=2', 'https://t.co/ZyXwVu9876'],
    attachments: [],
    position: 1,
    line: 11,
  });
  // An image element made of a tweet is that tweet: the caption is its text, the picture an
  // attachment (its saved copy beside the page, its alt text, the tweet's photo page); the
  // handle comes from the permalink when the element shows only a display name.
  assert.deepEqual(
    { id: erin.id, author: erin.author, time: erin.time, text: erin.text, attachments: erin.attachments, position: erin.position },
    {
      id: '718506191877046276',
      author: { handle: 'erin_e', name: 'Erin' },
      time: '2016-04-08T18:30:00.000Z',
      text: 'Our whiteboard http://twitter.com/erin_e/status/718506191877046276/photo/1',
      attachments: [{ kind: 'image', url: 'http://twitter.com/erin_e/status/718506191877046276/photo/1', alt: 'photo', file: 'x_files/photo.jpg' }],
      position: 4,
    },
  );
  // Storify said 18:31; the tweet id says 16:31: the id wins, and the change is reported.
  assert.deepEqual([frank.author.handle, frank.time], ['frank_f', '2016-04-08T16:31:00.000Z']);
  assert.deepEqual(
    { id: grace.id, handle: grace.author.handle, text: grace.text, url: grace.url, time: grace.time, position: grace.position },
    {
      id: null,
      handle: 'grace.g',
      text: 'A post\non two lines',
      url: 'https://www.facebook.com/grace.g/posts/42',
      time: '2016-04-08T18:32:05.000Z',
      position: 6,
    },
  );

  assert.deepEqual(r.notes, [
    { kind: 'text', position: 1, text: 'Question 1\nRead the chat rules & join.', url: 'https://example.org/rules' },
    { kind: 'other', position: 7, text: 'An embedded widget', url: null },
  ]);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.line, d.position]),
    [
      ['not-a-message', 'info', 10, 1],
      ['time-corrected', 'warning', 15, undefined],
      ['not-a-message', 'info', 16, 7],
    ],
  );
  assert.match(r.diagnostics[0].message, /curator text note/);
  assert.match(r.diagnostics[1].message, /tweet 718476244546486277: Storify says 2016-04-08T18:31:00.000Z but the tweet id says 2016-04-08T16:31:00.000Z; the id's time is used/);
  assert.match(r.diagnostics[2].message, /"embed"/);

  const t = importExports([ExportFile.read(EDGE)]);
  const [src] = t.sources;
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [7, 4, 0, 3]);
  // The skips, then the notes, open the source summary (question diagnostics may follow: not tested here).
  assert.deepEqual(
    src.diagnostics.slice(0, 6).map((d) => d.code),
    ['time-unreadable', 'time-unreadable', 'author-missing', 'not-a-message', 'time-corrected', 'not-a-message'],
  );
  const g = t.messages.find((m) => m.author.handle === 'grace.g')!;
  assert.match(g.id, /^h-[0-9a-f]{16}$/, 'no platform id: content hash');
  const a = t.messages.find((m) => m.id === '718504988111798273')!;
  assert.deepEqual(a.mentions, ['bob_b']);
  assert.deepEqual(a.hashtags, ['fixchat']);
});

test('storify: truncated and damaged pages never throw and keep the accounting', () => {
  const whole = readFileSync(EDGE, 'utf8');
  for (let cut = 200; cut < whole.length; cut += 97) {
    const bytes = Buffer.from(whole.slice(0, cut));
    const r = storify.parse(new ExportFile('cut.html', bytes), {});
    assert.equal(r.found, r.messages.length + r.skipped.length, `cut at ${cut}`);
    // Every tweet element that made it into the cut (a quote, or an image of a tweet) is met, as a message or a skip.
    const tweetTags = whole.slice(0, cut).match(/<li data-eid="e\d" data-type="(?:quote|image)"[^>]*>/g)?.length ?? 0;
    assert.equal(r.found, tweetTags, `cut at ${cut}`);
  }
  const junk = storify.parse(new ExportFile('junk.html', Buffer.from('<li class="s-element" data-type="quote"><<<>>>\u0000</li>')), {});
  assert.deepEqual([junk.found, junk.skipped.map((d) => d.code)], [1, ['author-missing']]);
});

corpusTest('storify: hostile strings as tweet text and author', ['hostile/blns.json'], (_t, blnsPath) => {
  const strings: string[] = JSON.parse(readFileSync(blnsPath, 'utf8'));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const quote = (s: string, i: number, raw: boolean) =>
    `<li data-type="quote" data-permalink="//twitter.com/u${i}/status/${1e17 + i}" class="s-element s-element-quote">` +
    `<a class="s-quote-author-name">${raw ? s : esc(s)}</a><a class="s-quote-author-username">@u${i}</a>` +
    `<div class="s-quote-text">${raw ? s : esc(s)}</div><span class="timestamp" data-timestamp="2016-04-08T18:25:13.000Z"></span></li>`;
  const page = (raw: boolean) =>
    `<!-- saved from url=(0030)https://storify.com/x/y.html --><html><body><ol class="s-elements">${strings.map((s, i) => quote(s, i, raw)).join('\n')}</ol></body></html>`;

  const escaped = storify.parse(new ExportFile('escaped.html', Buffer.from(page(false))), {});
  assert.equal(escaped.found, strings.length);
  assert.equal(escaped.messages.length, strings.length);

  // Raw insertion breaks the structure on purpose; parsing must still not throw nor lose count.
  const raw = storify.parse(new ExportFile('raw.html', Buffer.from(page(true))), {});
  assert.equal(raw.found, raw.messages.length + raw.skipped.length);
  for (const m of raw.messages) for (const l of m.links) assert.match(l, /^https?:\/\//);
});
