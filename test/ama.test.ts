/**
 * The AMA shape (src/questions/ama.ts): crowd asks, guests answer. Unit
 * tests on small chats, then the detection against hand labels of two real
 * AMAs from the corpus (test/fixtures/ama/*.labels.json: which messages are
 * questions, who the guests are, which messages answer which question),
 * with precision and recall pinned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { draftRecap } from '../src/draft/draft.ts';
import { listFiles } from './helpers/files.ts';
import { parseNotes } from '../src/site/jam.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { importFiles } from '../src/import/pipeline.ts';
import { assignQuestions } from '../src/questions/assign.ts';
import { headline, inferGuests, looksLikeQuestion, nameKey } from '../src/questions/ama.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { validateTranscript } from '../src/model/validate.ts';
import { ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';

let seq = 0;
/** A message of a small chat: minute `min` after 18:00 UTC. */
function msg(handle: string, min: number, text: string, extra: Partial<Message> = {}): Message {
  seq++;
  const mentions = [...text.matchAll(/@([A-Za-z0-9_.]+)/g)].map((m) => m[1]);
  return {
    id: `m${seq}`,
    author: { handle, name: null },
    time: new Date(Date.UTC(2020, 4, 1, 18, min)).toISOString(),
    timePrecision: 'second',
    text,
    url: null,
    replyTo: null,
    retweetOf: null,
    mentions,
    hashtags: [],
    links: [],
    question: null,
    questionVia: null,
    phase: 'chat',
    attachments: [],
    origin: { file: 'chat.json', format: 'test', position: seq },
    ...extra,
  };
}

/** A small AMA: three askers, the guest replies to two and names the third. */
function smallAma(): Message[] {
  seq = 0;
  const a = msg('ann', 0, 'What got you into compilers?');
  const b = msg('bob', 1, 'How do you test a parser?');
  const c = msg('cat', 2, 'Is Rust worth learning?');
  const d = msg('dan', 3, 'Which editor do you use?');
  return [
    msg('guest', -1, 'Hi all, ask me anything!'),
    a,
    b,
    c,
    d,
    msg('guest', 4, 'A book, mostly.', { replyTo: a.id }),
    msg('eve', 5, 'Same for me', { replyTo: a.id }),
    msg('guest', 6, 'Fuzzing and golden files.', { replyTo: b.id }),
    msg('guest', 7, 'And property tests.', { replyTo: 'm8' }),
    msg('guest', 8, '@cat yes, for the tooling alone'),
    msg('ann', 9, 'thanks!'),
  ];
}

test('looksLikeQuestion: a ? outside links, or an opening question word', () => {
  assert.equal(looksLikeQuestion('When moon ?'), true);
  assert.equal(looksLikeQuestion('How KMD fits into the scheme of things is the number one question'), true);
  assert.equal(looksLikeQuestion('see https://example.com/?q=1'), false);
  assert.equal(looksLikeQuestion('Thanks everyone'), false);
  assert.equal(looksLikeQuestion('> quoted\nWhy not?'), true);
});

test('nameKey: Discord discriminators and trailing dots are not part of the name people @mention', () => {
  assert.equal(nameKey('dan.#2473'), 'dan');
  assert.equal(nameKey('@Audo#5667'), 'audo');
  assert.equal(nameKey('kemitche'), 'kemitche');
  assert.equal(nameKey('a#12'), 'a#12');
});

test('headline: one line, at most 200 characters, cut at a word', () => {
  assert.equal(headline('a\n b'), 'a b');
  const long = headline('word '.repeat(100));
  assert.ok(long.length <= 200 && long.endsWith('word…'), long);
});

test('an AMA is detected when no one asks numbered questions and a guest answers several askers', () => {
  const messages = smallAma();
  assert.deepEqual(inferGuests(messages), ['guest']);
  const r = assignQuestions(messages);
  assert.equal(r.shape, 'ama');
  assert.deepEqual(r.hosts, ['guest']);
  assert.equal(r.hostsFrom, 'inferred');
  assert.deepEqual(
    r.questions.map((q) => [q.id, q.asker, q.answered, q.text]),
    [
      ['Q1', 'ann', true, 'What got you into compilers?'],
      ['Q2', 'bob', true, 'How do you test a parser?'],
      ['Q3', 'cat', true, 'Is Rust worth learning?'],
      ['Q4', 'dan', false, 'Which editor do you use?'],
    ],
  );
  const placed = Object.fromEntries(messages.map((m) => [m.text.slice(0, 12), [m.question, m.questionVia, m.phase]]));
  assert.deepEqual(placed['A book, most'], ['Q1', 'reply', 'chat']);
  assert.deepEqual(placed['Same for me'], ['Q1', 'reply', 'chat']);
  assert.deepEqual(placed['And property'], ['Q2', 'reply', 'chat']); // the guest going on with an answer
  assert.deepEqual(placed['@cat yes, fo'], ['Q3', 'reply', 'chat']); // named, no reply link
  assert.deepEqual(placed['Which editor'], ['Q4', 'question', 'chat']);
  assert.deepEqual(placed['Hi all, ask '], [null, null, 'before']);
  assert.deepEqual(placed['thanks!'], [null, null, 'after']);
  assert.equal(r.start, messages[1].time);
  assert.equal(r.end, messages[9].time);
});

test('shape: tweetchat keeps the tweet-chat sorting; guests given imply an AMA and are checked against the export', () => {
  const tweet = assignQuestions(smallAma(), { shape: 'tweetchat' });
  assert.equal(tweet.shape, 'tweetchat');
  assert.deepEqual(tweet.questions, []);
  const given = assignQuestions(smallAma(), { guests: ['@guest', 'gest2'] });
  assert.equal(given.shape, 'ama');
  assert.equal(given.hostsFrom, 'given');
  assert.deepEqual(given.hosts, ['guest', 'gest2']);
  assert.deepEqual(
    given.diagnostics.map((d) => [d.code, d.file, d.message]),
    [['host-unknown', '(guests)', 'guest (the AMA\'s host "gest2") posts no message in the export; did you mean "guest"?']],
  );
  const none = assignQuestions(smallAma(), { shape: 'ama', guests: [] });
  assert.equal(none.hostsFrom, 'inferred');
});

test('an AMA without guests says so; overrides apply to answers, not to the questions', () => {
  seq = 0;
  const lone = [msg('ann', 0, 'Anyone there?'), msg('bob', 1, 'Hello?')];
  const r = assignQuestions(lone, { shape: 'ama' });
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['ama-no-guests']);
  assert.deepEqual(r.questions.map((q) => q.answered), [false, false]);
  const messages = smallAma();
  const o = assignQuestions(messages, { assign: { m7: null, m2: null, m11: 'Q2' } });
  assert.equal(messages[6].question, null);
  assert.equal(messages[1].question, 'Q1', 'a question keeps its id');
  assert.equal(messages[10].question, 'Q2');
  assert.deepEqual(o.diagnostics, []);
});

test('a discussion where many people answer many askers is not an AMA', () => {
  seq = 0;
  const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const messages: Message[] = [];
  let min = 0;
  for (let round = 0; round < 3; round++) {
    for (const p of people) messages.push(msg(p, min++, `what do you think, round ${round}?`));
    for (const p of people) {
      const target = messages[messages.length - people.length + ((people.indexOf(p) + 1 + round) % people.length)];
      messages.push(msg(p, min++, `I think so, ${round}`, { replyTo: target.id }));
    }
  }
  assert.deepEqual(inferGuests(messages), []);
  assert.equal(assignQuestions(messages).shape, 'tweetchat');
});

test('the pipeline sorts as the notes say: shape and guests in the import options (a chat detected as a tweet chat becomes an AMA)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-ama-'));
  try {
    const path = join(dir, 'chat.json');
    const messages = smallAma();
    assignQuestions(messages, { shape: 'tweetchat' });
    const transcript: Transcript = {
      schema: 'jamrecap.transcript/1',
      jam: { title: null, hashtag: null, hosts: [], hostsFrom: 'none', start: null, end: null },
      sources: [{ file: 'chat.json', format: 'test', encoding: 'utf-8', bytes: 1, sha256: '0'.repeat(64), title: null, found: 11, kept: 11, merged: 0, skipped: 0, notes: [], diagnostics: [] }],
      questions: [],
      participants: [],
      messages,
    };
    writeFileSync(path, JSON.stringify(transcript));
    const detected = importFiles([path], { shape: 'tweetchat' });
    const given = importFiles([path], { shape: 'ama', guests: ['guest'] });
    assert.notEqual(detected.jam.hostsFrom, 'given');
    assert.deepEqual([given.jam.hosts, given.jam.hostsFrom, given.questions.length], [['guest'], 'given', 4]);
    assert.deepEqual(validateTranscript(given), { ok: true, errors: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('notes: shape: and guests: are read and checked, each problem at its line', () => {
  const notes = (front: string) => {
    const { front: f, problems } = parseNotes(`---\ntitle: t\ndate: 2020-05-01\nhashtag: x\n${front}---\n`, 'recap.md');
    return { f, problems: problems.map((p) => formatProblem(p)) };
  };
  const good = notes('shape: AMA\nguests: ["@kemitche", Daniel CP#2020]\nhosts: [mod]\n');
  assert.deepEqual(good.problems, []);
  assert.equal(good.f.shape, 'ama');
  assert.deepEqual(good.f.guests, ['kemitche', 'Daniel CP#2020']);
  // A guest's place is kept with the hosts' (an unknown guest is reported there).
  assert.deepEqual({ ...good.f.hostsAt }, { kemitche: { line: 6, col: 10 }, 'daniel cp#2020': { line: 6, col: 23 }, mod: { line: 7, col: 9 } });
  assert.deepEqual(notes('shape: panel\nguests: kemitche\n').problems, [
    'recap.md:5:8: shape "panel" is not a shape jamrecap knows: write shape: tweetchat (hosts ask Q1, Q2, ...) or shape: ama (the crowd asks guests), or remove the line to detect it',
    'recap.md:6:9: guests must be a list, e.g. guests: [kemitche]',
  ]);
  assert.deepEqual(notes('guests: [a/b, "x y", "@", kemitche, KEMITCHE]\n').problems, [
    'recap.md:5:10: guest "a/b" is not a handle',
    'recap.md:5:22: guest "@" is not a handle',
    'recap.md:5:37: guest "KEMITCHE" is listed twice',
  ]);
  assert.equal(notes('shape: tweetchat\n').f.shape, 'tweetchat');
});

// ---------------------------------------------------------------- hand labels

interface Labels {
  corpusFile: string;
  format: string;
  guests: string[];
  questions: { message: string; asker: string; answers: { message: string }[] }[];
}

const readLabels = (name: string): Labels => JSON.parse(readFileSync(`${ROOT}/test/fixtures/ama/${name}`, 'utf8'));

/** Precision and recall of `found` against `truth`, rounded to 3 places. */
function score(found: Set<string>, truth: Set<string>): { tp: number; found: number; truth: number; precision: number; recall: number } {
  const tp = [...found].filter((x) => truth.has(x)).length;
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return { tp, found: found.size, truth: truth.size, precision: r3(found.size ? tp / found.size : 1), recall: r3(truth.size ? tp / truth.size : 1) };
}

/** The detection against the labels: questions, answered questions, and answer -> question links. */
function evaluate(t: Transcript, labels: Labels) {
  const askedBy = new Map(t.questions.map((q) => [q.id, q.messageId]));
  const foundLinks = new Set<string>();
  for (const m of t.messages) {
    if (m.question && m.questionVia !== 'question' && labels.guests.includes(m.author.handle)) foundLinks.add(`${m.id}>${askedBy.get(m.question)}`);
  }
  const truthLinks = new Set(labels.questions.flatMap((q) => q.answers.map((a) => `${a.message}>${q.message}`)));
  return {
    questions: score(new Set(t.questions.map((q) => q.messageId)), new Set(labels.questions.map((q) => q.message))),
    answered: score(new Set(t.questions.filter((q) => q.answered).map((q) => q.messageId)), new Set(labels.questions.filter((q) => q.answers.length).map((q) => q.message))),
    answers: score(foundLinks, truthLinks),
  };
}

const REDDIT = readLabels('reddit-redditdev-api-terms-2015.labels.json');
const KOMODO = readLabels('discord-komodo-antara-ama-july2019-1.labels.json');

corpusTest('labels: the r/redditdev thread is detected as an AMA with its guest, and matches the hand labels', [REDDIT.corpusFile], (_t, path) => {
  const t = importFiles([path], { format: REDDIT.format });
  assert.equal(t.messages.length, 52);
  // Detected, nothing given.
  assert.deepEqual(t.jam.hosts, REDDIT.guests);
  assert.equal(t.jam.hostsFrom, 'inferred');
  assert.ok(t.questions.length && t.questions.every((q) => q.asker), 'every question records its asker (the AMA shape)');
  // Every labelled question's asker is the question's author.
  const askerOf = new Map(t.messages.map((m) => [m.id, m.author.handle]));
  for (const q of REDDIT.questions) assert.equal(askerOf.get(q.message), q.asker);
  assert.deepEqual(evaluate(t, REDDIT), {
    questions: { tp: 17, found: 19, truth: 17, precision: 0.895, recall: 1 },
    answered: { tp: 11, found: 12, truth: 11, precision: 0.917, recall: 1 },
    answers: { tp: 11, found: 12, truth: 11, precision: 0.917, recall: 1 },
  });
});

corpusTest('labels: the Komodo AMA channel (questions collected, answered elsewhere) is not detected by itself; with its guests given it matches the hand labels', [KOMODO.corpusFile], (_t, path) => {
  const detected = importFiles([path], { format: KOMODO.format });
  assert.equal(detected.messages.length, 100);
  // No one here answers three askers (the answers went to a Google Doc): not detectable as an AMA.
  assert.deepEqual([detected.questions.length, detected.jam.hosts], [0, []]);
  const t = importFiles([path], { format: KOMODO.format, shape: 'ama', guests: KOMODO.guests });
  assert.deepEqual(t.jam.hosts, KOMODO.guests);
  assert.deepEqual(evaluate(t, KOMODO), {
    questions: { tp: 52, found: 54, truth: 56, precision: 0.963, recall: 0.929 },
    answered: { tp: 1, found: 3, truth: 3, precision: 0.333, recall: 0.333 },
    answers: { tp: 1, found: 3, truth: 3, precision: 0.333, recall: 0.333 },
  });
  assert.equal(t.questions.filter((q) => !q.answered).length, 51);
});

// ---------------------------------------------------------------- draft and page

corpusTest('new: an AMA is drafted with shape: ama, its guests and a section per answered question', [REDDIT.corpusFile], (_t, path) => {
  const t = importFiles([path]);
  const d = draftRecap(t, { slug: 'redditdev', exports: ['thread.json'] });
  assert.match(d.text, /\nshape: ama\nguests: \[ kemitche \]\n/);
  assert.doesNotMatch(d.text, /\nhosts:/);
  assert.equal(d.questions, 12);
  const headings = d.text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.split(' ')[1]);
  assert.deepEqual(headings, t.questions.filter((q) => q.answered).map((q) => q.id));
  // The guest's answer is the first suggestion.
  assert.match(d.quotes.Q1[0], /^> @kemitche In nearly all cases/);
});


corpusTest('recap page: an AMA lists the answered questions by asker and counts the unanswered ones', [REDDIT.corpusFile], async (_t, path) => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-ama-'));
  try {
    const jam = join(tmp, 'content', 'jams', '2015-02-02-redditdev');
    mkdirSync(jam, { recursive: true });
    cpSync(path, join(jam, 'thread.json'));
    writeFileSync(join(jam, 'recap.md'), '---\ntitle: API terms\ndate: 2015-02-02T18:24:00Z\nhashtag: redditdev\nshape: ama\nguests: ["@kemitche"]\n---\nThe API terms thread.\n\n## Q1\n\nApps will rename.\n');
    clearSiteCaches();
    const result = await buildSite({ contentDir: join(tmp, 'content'), outDir: join(tmp, 'out'), cacheDir: null });
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
    const $ = cheerio.load(readFileSync(join(tmp, 'out', 'jams', '2015-02-02-redditdev', 'index.html'), 'utf8'));
    assert.equal($('p.meta').text().includes('with @kemitche'), true);
    const askers = $('nav.contents li.asker').map((_i, el) => [[$(el).attr('data-asker'), $(el).find('a').map((_j, a) => $(a).attr('href')).get().join(' ')]]).get();
    assert.deepEqual(askers, [
      ['reseph', '#q1'],
      ['TomEnom', '#q2 #q7'],
      ['agentlame', '#q3'],
      ['kelly-tk', '#q8'],
      ['Mustermind', '#q9'],
      ['TheLastAirbender_Bot', '#q11'],
      ['Dolphman', '#q12'],
      ['micwallace', '#q13'],
      ['karasawa_jp', '#q15'],
      ['CogitoErgoReddit', '#q16'],
      ['Katana__', '#q18'],
    ]);
    assert.equal($('nav.contents p.unanswered').text(), '7 questions got no answer.');
    assert.equal($('section.question').length, 12);
    // The numbers say how many were asked and how many answered.
    assert.deepEqual([$('dd[data-stat="questions"]').prev().text(), $('dd[data-stat="questions"]').text(), $('dd[data-stat="answered"]').text()], ['Questions asked', '19', '12']);
    assert.equal($('#q1 .summary').text().trim(), 'Apps will rename.');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

corpusTest('recap page: a guest who posts nothing is an error at its guests: entry', [REDDIT.corpusFile], async (_t, path) => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-ama-'));
  try {
    const jam = join(tmp, 'content', 'jams', '2015-02-02-redditdev');
    mkdirSync(jam, { recursive: true });
    cpSync(path, join(jam, 'thread.json'));
    writeFileSync(join(jam, 'recap.md'), '---\ntitle: API terms\ndate: 2015-02-02T18:24:00Z\nhashtag: redditdev\nguests: [kemitche, kemmitche]\n---\nThe thread.\n');
    clearSiteCaches();
    const result = await buildSite({ contentDir: join(tmp, 'content'), outDir: join(tmp, 'out'), cacheDir: null });
    const errors = result.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p).replace(tmp + '/', ''));
    assert.deepEqual(errors, ['content/jams/2015-02-02-redditdev/recap.md:5:20: guest (the AMA\'s host "kemmitche") posts no message in the export; did you mean "kemitche"?']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('recap page: with the AMA layout a tweet chat\'s pages are byte-identical to the shipped theme\'s', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-ama-'));
  try {
    const content = join(ROOT, 'content');
    clearSiteCaches();
    await buildSite({ contentDir: content, outDir: join(tmp, 'shipped'), cacheDir: null });
    clearSiteCaches();
    await buildSite({ contentDir: content, outDir: join(tmp, 'ama'), cacheDir: null });
    const a = listFiles(join(tmp, 'shipped'));
    assert.deepEqual(listFiles(join(tmp, 'ama')), a);
    for (const f of a) assert.ok(readFileSync(join(tmp, 'shipped', f)).equals(readFileSync(join(tmp, 'ama', f))), f);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
