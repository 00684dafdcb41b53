import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerTag, isGoodbye, isGreeting, questionTag, questionText, stripTrailing } from '../src/questions/tags.ts';
import { assignQuestions, inferHosts } from '../src/questions/assign.ts';
import { importFiles } from '../src/import/pipeline.ts';
import type { Message } from '../src/model/transcript.ts';
import { corpusTest } from './helpers/corpus.ts';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testMessage } from './helpers/message.ts';

test('answer tags: the forms editors meet in real chats', () => {
  const cases: [string, number | null][] = [
    ['A1: yes', 1],
    ['A1) yes', 1],
    ['A1. yes', 1],
    ['a1 - yes', 1],
    ['A1/ yes', 1],
    ['A4b I need to practice', 4],
    ['a0) Can\'t believe', 0],
    ['#chat A1 yes', 1],
    ['#guildchat A6 No.', 6],
    ['@host A1 yes', 1],
    ['@eLearningGuild A2: Maintenance!', 2],
    ['...A1 yes', 1],
    ['…A3 maybe', 3],
    ['@eLearningGuild Q1A: Breakthrough the LMS', 1],
    ['Q1 All business is social', 1],
    ['Q2: Collab vs. social', 2],
    ['Q1 = #socbiz is making orgs', 1],
    ['#q1 collaboration is a component', 1],
    ['#Lrnchat a0) Can\'t believe I\'m home', 0],
    ['#socbizchat Q2 Collaboration often', 2],
    ['RT @kelly_smith01 Q3) I have used pdf doc maker', 3],
    ['A5). One I use to find things', 5],
    ['A3 - ok, I admit', 3],
    ['all customers can engage Q1 #socbizchat', 1],
    ['Accountability must be shared Q3 #socbizchat https://t.co/x', 3],
    ['1/2 A2: first part', 2],
    // not tags
    ['2/2 new collaboration/sharing draw from social principles.', null],
    ['This is probably the easiest question. We could do Q2 all day! ;)', null],
    ['Q1 2013 was a good quarter for us', null],
    ['Our revenue in Q1 2013 grew', null],
    ['A123 is a model number', null],
    ['Anyone here?', null],
    ['Am extremely glad', null],
    ['Q', null],
  ];
  for (const [text, expected] of cases) assert.equal(answerTag(text)?.number ?? null, expected, text);
  // Sub-answers and prefixes are kept; a tag inside a quoted tweet is the quoted author's.
  assert.deepEqual(answerTag('A4b I need to practice'), { number: 4, sub: 'b', prefix: null });
  assert.deepEqual(answerTag('T2 A2 what are you going to do next week?'), { number: 2, sub: null, prefix: 'T' });
  assert.equal(answerTag('So true! RT @ann: the LMS is dead A2'), null);
  assert.equal(answerTag('So true! "@ann: the LMS is dead A2"'), null);
});

test('question tags: hosts open with Qn after lead-ins, hashtags and mentions', () => {
  const cases: [string, string | null][] = [
    ['Q1. How do you define "social business"? #socbizchat', 'Q1'],
    ['Q0) We always begin with this', 'Q0'],
    ['Q7) BONUS: Lightning Round.', 'Q7'],
    ['Q1: what?', 'Q1'],
    ['...Q2 what?', 'Q2'],
    ['First question: Q1 what?', 'Q1'],
    ['Next question Q3. what?', 'Q3'],
    ['#lrnchat Q4) What is the one tool', 'Q4'],
    ['@all Q5: what?', 'Q5'],
    ['Question 6: what?', 'Q6'],
    // Lead-ins before the tag
    ['Final question coming up… Q5. What would you change?', 'Q5'],
    ['And now… Q3: who decides?', 'Q3'],
    ['Our last question, Q6 - what next?', 'Q6'],
    ['Thanks for your answers to Q1! Now Q2: what did you drop?', 'Q2'],
    ['Q3: Compare your Q1 and Q2 answers. Which matters more?', 'Q3'],
    // Other numbering
    ['T1. Please share your visual representation of the 5Cs', 'T1'],
    ['Topic 2 - Tools we love', 'T2'],
    ['Q1a) What did you try first?', 'Q1a'],
    ['Q1b) And what stuck?', 'Q1b'],
    ['1/ What did you learn this week?', 'Q1'],
    ['2\uFE0F\u20E3 What tools do you use?', 'Q2'],
    // Announcements and other non-questions
    ['Question 1 coming up…', null],
    ['Q1 in 2 minutes! #chat', null],
    ['Get ready for Q2 #chat', null],
    ['Q3 is next', null],
    ['To answer use A1, A2… #chat', null],
    ['We will precede questions with Q1, Q2 and so on', null],
    ["Here's Q2!", null],
    ['A1) an answer', null],
    ['t1 line is down', null],
    ['Q1 2013 results are in', null],
    ['We could do Q2 all day', null],
    ['1/2 a thread about this', null],
  ];
  const id = (t: ReturnType<typeof questionTag>) => (t ? `${t.prefix}${t.number}${t.sub ?? ''}` : null);
  for (const [text, expected] of cases) assert.equal(id(questionTag(text.replace(/\\u([0-9A-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))), expected, text);
  // A question posted as an image: the tag alone in the caption asks it.
  assert.equal(id(questionTag("Here's Q2! #chat pic.twitter.com/x", true)), 'Q2');
  assert.equal(questionText('Q1. How do you define “social business”? #socbizchat'), 'How do you define “social business”?');
  assert.equal(questionText('Final question coming up… Q5. What would you change? #chat'), 'What would you change?');
});

test('tags, greetings and goodbyes read chat text in linear time (long runs of punctuation, spaces, tags, mentions)', () => {
  assert.equal(stripTrailing('can engage Q1 #socbizchat https://t.co/x!!'), 'can engage Q1');
  const readers = [
    (t: string) => answerTag(t),
    (t: string) => questionTag(t, true),
    (t: string) => questionText(t),
    (t: string) => isGreeting(t),
    (t: string) => isGoodbye(t),
    (t: string) => assignQuestions([msg('1', 'host', 0, 'Q1. first?'), msg('2', 'host', 1, t), msg('3', 'ann', 2, `@host ${t}`)]),
  ];
  const units = ['!', '?', '.', '…', ' ', '\t', '#a ', '@a ', '@a    ', 'Q1, ', 'thanks ', 'https://t.co/x ', 'A1) '];
  // CPU time, not wall time: other processes on a busy machine do not count.
  const cost = (text: string) => {
    const before = process.cpuUsage();
    for (const read of readers) read(text);
    const used = process.cpuUsage(before);
    return used.user + used.system;
  };
  // Time grows linearly: 4x the input may take up to 10x the time (the best of several runs;
  // a step over that is measured again with three times the runs), where a quadratic pattern
  // takes 16x and worse.
  const best = (text: string, runs: number) => Math.min(...Array.from({ length: runs }, () => cost(text)));
  const step = (make: (n: number) => string, runs: number) => best(make(160_000), runs) / Math.max(best(make(40_000), runs), 2_000);
  for (const unit of units) {
    const make = (n: number) => `OMG${unit.repeat(n)} yes`;
    best(make(5_000), 1); // warm up
    let ratio = step(make, 5);
    if (ratio >= 10) ratio = step(make, 15);
    assert.ok(ratio < 10, `${JSON.stringify(unit)}: 4x the input took ${ratio.toFixed(1)}x the time (measured twice)`);
  }
});

test('tag readers read as the case-insensitive Unicode patterns they stand for: "ſ", the Kelvin sign, U+0345, astral letters, the lead-in limits', () => {
  const Q = (number: number, sub: string | null = null, prefix: 'Q' | 'T' = 'Q', style: 'tag' | 'numbered' = 'tag') => ({ prefix, number, sub, style });
  const questions: [string, ReturnType<typeof questionTag>][] = [
    // Under /iu "ſ" (U+017F) and the Kelvin sign (U+212A) are the letters s and k: mention, "RT", sub-letter, "Question", "Task".
    ['@\u212A Q1. What?', Q(1)],
    ['RT\u017F Q1. What?', Q(1)],
    ['Q1\u212A: What?', Q(1, 'k')],
    ['Que\u017Ftion 1: What?', Q(1, null, 'T')], // "queſtion" is not "question" once lower-cased: a T prefix
    ['Ta\u017F\u212A 3: What?', Q(3, null, 'T')],
    // U+0345 is a letter under /iu: a hashtag goes on through it, a tag may not stand before it.
    ['#\u0345x Q1. What?', Q(1)],
    ['#Q1\u0345 What?', null],
    // A letter beyond the BMP before a tag joins it to a word; a space between does not.
    ['\u{1D400}Q1. What?', null],
    ['\u{1D400} Q1. What?', Q(1)],
    ['x#Q1 What?', null],
    ['x#Q1: What?', Q(1)], // "#Q1" joins the x; "Q1" after the "#" stands apart
    ['#Q1\u212A Q2. What?', null], // "#Q1K" is a tag, not a hashtag to skip: "Q1K Q2" lists tags
    ['#a12b: What?', null],
    // "Q1bA1" is no tag, so it starts no list; the lead-in's last tag asks.
    ['Q1bA1 — Q2: what?', Q(2)],
    // A tag after a lead-in counts up to offset 60.
    [`${'x'.repeat(55)} now Q2 what?`, Q(2)],
    [`${'x'.repeat(56)} now Q2 what?`, null],
    ['1\u20E3 What?', Q(1, null, 'Q', 'numbered')],
    ['2\uFE0F\u20E3 What?', Q(2, null, 'Q', 'numbered')],
    ['12/ What?', Q(12, null, 'Q', 'numbered')],
    ['1/What?', null],
  ];
  for (const [text, want] of questions) assert.deepEqual(questionTag(text), want, text);
  const answers: [string, ReturnType<typeof answerTag>][] = [
    ['@\u212A A1 yes', { number: 1, sub: null, prefix: null }],
    ['@ann: A1\u017F great', null], // the answer pattern has no /u: "ſ" is no letter there
    ['great idea a1\u212A', null],
    ['#chat\u0345 A2) yes', { number: 2, sub: null, prefix: null }],
    ['agree Q3 #caf\u00E9 @a_b https://t.co/x pic.twitter.com/y ... \u2026', { number: 3, sub: null, prefix: null }],
    ['agree Q3 #caf\u0345', null], // trailing hashtags are read under /u alone: U+0345 is no letter there
    ['1/2 RT A4b: yes', { number: 4, sub: 'b', prefix: null }],
  ];
  for (const [text, want] of answers) assert.deepEqual(answerTag(text), want, text);
  assert.equal(questionText('..@host: #chat Question 3 - What now? #chat #caf\u00E9'), 'What now?');
  assert.equal(stripTrailing('ok #x\u0345 @a\u212A'), 'ok #x\u0345 @a\u212A');
  assert.equal(stripTrailing('ok @a_1 #\u{1D400} https:// pic.twitter.com/ ....'), 'ok @a_1 #\u{1D400} https:// pic.twitter.com/');
});

function msg(id: string, handle: string, minute: number, text: string, extra: Partial<Message> = {}): Message {
  const rt = /^RT @(\w+)/.exec(text);
  const time = new Date(Date.UTC(2020, 0, 1, 12, minute)).toISOString();
  return testMessage({ id, handle, time, text, retweetOf: rt ? { handle: rt[1], id: null } : null, origin: { file: 'f', format: 'test', position: minute }, ...extra });
}

test('precedence: override > tag > reply > retweet > time; nothing before Q1', () => {
  const messages = [
    msg('1', 'early', 0, 'hello all'),
    msg('2', 'host', 1, 'Q1. first?'),
    msg('3', 'ann', 2, 'A1 answer one'),
    msg('4', 'host', 10, 'Q2. second?'),
    msg('5', 'bob', 11, 'late thought on the first one', { replyTo: '3' }),
    msg('6', 'cat', 12, 'RT @ann A1 answer one'),
    msg('7', 'dan', 13, 'just chatting'),
    msg('8', 'eve', 14, 'A1 but filed elsewhere'),
    msg('9', 'fay', 15, 'RT @host Q2. second?'),
    msg('10', 'gus', 16, 'A7 no such question'),
  ];
  const result = assignQuestions(messages, { assign: { '8': 'Q2' } });
  assert.deepEqual(result.hosts, ['host']);
  assert.equal(result.hostsFrom, 'inferred');
  assert.deepEqual(result.questions.map((q) => [q.id, q.messageId, q.text]), [['Q1', '2', 'first?'], ['Q2', '4', 'second?']]);
  const got = Object.fromEntries(messages.map((m) => [m.id, `${m.question}/${m.questionVia}`]));
  assert.deepEqual(got, {
    '1': 'null/null',
    '2': 'Q1/question',
    '3': 'Q1/tag',
    '4': 'Q2/question',
    '5': 'Q1/reply',
    '6': 'Q1/tag',
    '7': 'Q2/time',
    '8': 'Q2/override',
    '9': 'Q2/tag', // a retweet of a question is not a new question
    '10': 'Q2/time',
  });
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['tag-no-question']);
});

test('retweet without a tag follows the retweeted message', () => {
  const messages = [
    msg('1', 'host', 0, 'Q1. first?'),
    msg('2', 'ann', 1, 'an untagged thought'),
    msg('3', 'host', 5, 'Q2. second?'),
    msg('4', 'bob', 6, 'RT @ann: an untagged thought'),
  ];
  assignQuestions(messages);
  assert.equal(messages[3].question, 'Q1');
  assert.equal(messages[3].questionVia, 'retweet');
});

test('overrides naming unknown messages or questions are reported, not applied', () => {
  const messages = [msg('1', 'host', 0, 'Q1. first?'), msg('2', 'ann', 1, 'A1 x'), msg('3', 'host', 2, 'Q2. b?')];
  const r = assignQuestions(messages, { assign: { '99': 'Q1', '2': 'Q9' } });
  assert.deepEqual(r.diagnostics.map((d) => d.code).sort(), ['assign-unknown-message', 'assign-unknown-question']);
  assert.equal(messages[1].question, 'Q1');
});

test('given hosts win over inference; participants who write "Q1 ..." are not hosts', () => {
  const messages = [
    msg('1', 'host', 0, 'Q1) one?'),
    msg('2', 'fan', 1, 'Q1 my answer'),
    msg('3', 'host', 5, 'Q2) two?'),
    msg('4', 'fan', 6, 'Q2 my answer'),
    msg('5', 'fan', 7, 'Q3 jumping ahead'),
    msg('6', 'host', 8, 'Q3) three?'),
  ];
  assert.deepEqual(inferHosts(messages), ['host']);
  const r = assignQuestions(messages, { hosts: ['@HOST'] });
  assert.equal(r.hostsFrom, 'given');
  assert.deepEqual(r.questions.map((q) => q.messageId), ['1', '3', '6']);
  assert.equal(messages[4].question, 'Q3');
  assert.equal(messages[4].questionVia, 'tag');
});

corpusTest('socbizchat: Q1-Q4 by cmswire, every tagged answer on its question', ['tweetchat/socbizchat-room.html'], (_t, file) => {
  const t = importFiles([file]);
  assert.deepEqual(t.jam.hosts, ['cmswire']);
  assert.deepEqual(t.questions.map((q) => q.id), ['Q1', 'Q2', 'Q3', 'Q4']);
  assert.ok(t.questions.every((q) => t.messages.find((m) => m.id === q.messageId)!.author.handle === 'cmswire'));
  const via = (v: string) => t.messages.filter((m) => m.questionVia === v).length;
  // Counted by hand in the room page: 4 questions; 29 tagged answers (12 on Q1, 11 under Q2 incl.
  // CraigJWillis' "#q1", 6 on Q3; billycripe's two closing tags among them); 1 reply (ITSinsider to
  // jacobm); 1 retweet (KimberlyEdwards of KathyHerrmann); 12 untagged, filed by time (lehawes' RT
  // quotes an ITSinsider tweet that is not in the room, so it falls back to time as well).
  assert.deepEqual([via('question'), via('tag'), via('reply'), via('retweet'), via('time')], [4, 29, 1, 1, 12]);
  const perQuestion = Object.fromEntries(t.questions.map((q) => [q.id, t.messages.filter((m) => m.question === q.id).length]));
  assert.deepEqual(perQuestion, { Q1: 19, Q2: 13, Q3: 14, Q4: 1 });
  const craig = t.messages.find((m) => m.author.handle === 'CraigJWillis')!;
  assert.equal(craig.question, 'Q1'); // its "#q1" tag; the editor moves it with `assign`
  const withOverride = importFiles([file], { assign: { [craig.id]: 'Q2' } });
  assert.equal(withOverride.messages.find((m) => m.id === craig.id)!.question, 'Q2');
});

test('precedence with two signals on one message: tag > reply > retweet > time', () => {
  const messages = [
    msg('1', 'host', 0, 'Q1. first?'),
    msg('2', 'ann', 1, 'A1 answer one'),
    msg('3', 'host', 10, 'Q2. second?'),
    msg('4', 'bob', 11, 'on Q2 now'),
    msg('5', 'cat', 12, 'A2 my answer', { replyTo: '2' }), // tag and reply: the tag wins
    msg('6', 'dan', 13, 'RT @bob: on Q2 now', { replyTo: '2' }), // reply and retweet: the reply wins
    msg('7', 'eve', 14, 'RT @ann: A1 answer one'), // a retweet of a Q1 answer, posted under Q2
    msg('8', 'fay', 15, 'so good', { retweetOf: { handle: 'ann', id: '2' } }), // a retweet: follows the original
    msg('9', 'host', 20, 'Q3. third?'),
    msg('10', 'gus', 21, 'still about it', { replyTo: '4' }), // a reply keeps its parent's question after Q3
  ];
  assignQuestions(messages);
  const got = Object.fromEntries(messages.map((m) => [m.id, `${m.question}/${m.questionVia}`]));
  assert.deepEqual(got, {
    '1': 'Q1/question', '2': 'Q1/tag', '3': 'Q2/question', '4': 'Q2/time', '5': 'Q2/tag',
    '6': 'Q1/reply', '7': 'Q1/tag', '8': 'Q1/retweet', '9': 'Q3/question', '10': 'Q2/reply',
  });
});

test('a reply the export does not mark ("@ann ...") follows the conversation; a quoted tweet follows what it quotes', () => {
  const messages = [
    msg('1', 'host', 0, 'Q1. first?'),
    msg('2', 'ann', 1, 'I think the LMS is dead'),
    msg('3', 'host', 5, 'Q2. second?'),
    msg('4', 'bob', 6, '@ann not dead, just resting'),
    msg('5', 'cat', 7, 'so true https://twitter.com/ann/status/2', { links: ['https://twitter.com/ann/status/2'] }),
  ];
  assignQuestions(messages);
  assert.deepEqual(messages.slice(3).map((m) => `${m.question}/${m.questionVia}`), ['Q1/reply', 'Q1/retweet']);
});

test('the chat has a start and an end: warm-up before, goodbyes and next-day tweets after, never on the last question', () => {
  const messages = [
    msg('1', 'host', 0, 'Welcome! Q1 coming up in 2 minutes'),
    msg('2', 'host', 2, 'Q1. first?'),
    msg('3', 'ann', 3, 'A1 yes'),
    msg('4', 'fan', 3, "we'll explore this in Q2 I bet"),
    msg('5', 'bob', 4, 'A2 too early, there is no Q2 yet'),
    msg('6', 'host', 10, 'Q2. last one?'),
    msg('7', 'ann', 12, 'A2 sure'),
    msg('8', 'ann', 14, 'more thoughts'),
    msg('9', 'host', 20, 'Thanks everyone for joining! See you next week'),
    msg('10', 'bob', 21, 'bye all'),
    msg('11', 'cat', 22, 'A1 late but tagged'),
    msg('12', 'dan', 60 * 20, 'next day: loved the chat'),
  ];
  const r = assignQuestions(messages);
  assert.deepEqual(r.questions.map((q) => q.messageId), ['2', '6']); // the announcement asks nothing
  assert.equal(r.start, messages[1].time);
  assert.equal(r.end, messages[7].time); // the last message before the hosts' goodbye
  const got = messages.map((m) => `${m.phase}:${m.question}`);
  assert.deepEqual(got, [
    'before:null', 'chat:Q1', 'chat:Q1', 'chat:Q1', 'chat:Q1', 'chat:Q2', 'chat:Q2', 'chat:Q2',
    'after:null', 'after:null', 'after:Q1', 'after:null',
  ]);
});

test('without a goodbye, a long quiet after the last question ends the chat', () => {
  const messages = [msg('1', 'host', 0, 'Q1. a?'), msg('2', 'host', 10, 'Q2. b?'), msg('3', 'ann', 15, 'hm'), msg('4', 'bob', 200, 'much later')];
  const r = assignQuestions(messages);
  assert.equal(r.end, messages[2].time);
  assert.deepEqual(messages.map((m) => m.question), ['Q1', 'Q2', 'Q2', null]);
});

test('an export of two chats: sessions are found, reported, and one is picked; never merged', () => {
  const day = 24 * 60;
  const messages = [
    msg('1', 'host', 0, 'Q1. a?'), msg('2', 'ann', 1, 'A1 x'), msg('3', 'host', 10, 'Q2. b?'), msg('4', 'ann', 11, 'A2 y'),
    msg('5', 'host', day, 'Q1. next week, a?'), msg('6', 'bob', day + 1, 'A1 z'), msg('7', 'host', day + 10, 'Q2. b?'), msg('8', 'bob', day + 11, 'A2 w'), msg('9', 'host', day + 20, 'Q3. c?'),
  ];
  const r = assignQuestions(messages);
  assert.deepEqual(r.questions.map((q) => q.messageId), ['5', '7', '9']); // the chat with the most questions
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['several-chats']);
  assert.match(r.diagnostics[0].message, /2 chats: 1\) 2020-01-01 12:00–12:10 UTC \(Q1–Q2\); 2\) 2020-01-02 12:00–12:20 UTC \(Q1–Q3\)/);
  assert.deepEqual(messages.slice(0, 4).map((m) => `${m.phase}:${m.question}`), ['before:null', 'before:null', 'before:null', 'before:null']);
  const first = assignQuestions(messages, { session: 1 });
  assert.deepEqual(first.questions.map((q) => q.messageId), ['1', '3']);
  assert.deepEqual(first.diagnostics, []);
  assert.deepEqual(messages.slice(4).map((m) => `${m.phase}:${m.question}`), ['after:null', 'after:null', 'after:null', 'after:null', 'after:null']);
  assert.deepEqual(assignQuestions(messages, { session: 3 }).diagnostics.map((d) => d.code), ['session-unknown', 'several-chats']);
});

test('the editor decides: question messages, start/end, before/after overrides; unknown hosts get a did-you-mean', () => {
  const messages = [
    msg('1', 'host', 0, 'hello'),
    msg('2', 'host', 1, 'What is your favourite tool? (forgot the tag)'),
    msg('3', 'ann', 2, 'a hammer'),
    msg('4', 'host', 5, 'Q2. second?'),
    msg('5', 'bob', 6, 'off topic'),
  ];
  const r = assignQuestions(messages, { questions: { Q1: { message: '2', text: 'Favourite tool' } }, assign: { '5': 'after' }, hosts: ['host'] });
  assert.deepEqual(r.questions.map((q) => [q.id, q.messageId, q.text]), [['Q1', '2', 'Favourite tool'], ['Q2', '4', 'second?']]);
  assert.deepEqual(messages.map((m) => `${m.phase}:${m.question}`), ['before:null', 'chat:Q1', 'chat:Q1', 'chat:Q2', 'after:null']);
  const windowed = assignQuestions(messages, { hosts: ['host'], start: messages[3].time });
  assert.deepEqual(windowed.questions.map((q) => q.id), ['Q2']);
  const typo = assignQuestions(messages, { hosts: ['hots'] });
  assert.deepEqual(typo.diagnostics.map((d) => [d.code, d.severity]), [['host-unknown', 'error']]);
  assert.match(typo.diagnostics[0].message, /host "hots" posts no message in the export; did you mean "host"\?/);
});

test('hosts: the account posting the sequence; a co-host re-posting the same question at once is a host too', () => {
  const messages = [
    msg('1', 'fan', 0, 'hello all'),
    msg('2', 'host', 1, 'T1. Share your picture'),
    msg('3', 'cohost', 20, 'T2 Your turn now to come up with a task'),
    msg('4', 'host', 20, 'T2 Your turn now to come up with a task'),
    msg('5', 'fan', 21, 'Q3 jumping ahead'),
  ];
  assert.deepEqual(inferHosts(messages), ['host', 'cohost']);
  const r = assignQuestions(messages);
  assert.deepEqual(r.questions.map((q) => `${q.id}:${q.messageId}`), ['T1:2', 'T2:3']);
  assert.equal(messages[4].question, 'T2'); // "Q3" names no question of this chat
});

corpusTest('an export of two evenings (the room saved again a week later): both chats found, one recapped, never merged', ['tweetchat/socbizchat-room.html'], (_t, file) => {
  // The same room a week later: times +7 days, new ids (2612... -> 2638...), in a second file.
  const page = readFileSync(file, 'latin1');
  const later = page.replace(/Wed Oct 24 (\d\d:\d\d:\d\d \+0000) 2012/g, 'Wed Oct 31 $1 2012').replace(/2611(\d{14})/g, '2638$1');
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-sessions-'));
  writeFileSync(join(dir, 'week-2.html'), Buffer.from(later, 'latin1'));
  const both = [file, join(dir, 'week-2.html')];
  const t = importFiles(both);
  assert.equal(t.messages.length, 94);
  const several = t.sources[0].diagnostics.filter((d) => d.code === 'several-chats');
  assert.deepEqual(several.map((d) => d.message), [
    'the export holds 2 chats: 1) 2012-10-24 17:00–17:45 UTC (Q1–Q4); 2) 2012-10-31 17:00–17:45 UTC (Q1–Q4). Recapping chat 1; set "session: N" (or start/end) in the notes to choose',
  ]);
  assert.ok(t.questions.every((q) => q.askedAt.startsWith('2012-10-24')));
  assert.ok(t.messages.filter((m) => m.time >= '2012-10-31').every((m) => m.phase === 'after' && m.question === null));
  const second = importFiles(both, { session: 2 });
  assert.ok(second.questions.length === 4 && second.questions.every((q) => q.askedAt.startsWith('2012-10-31')));
  assert.ok(second.messages.filter((m) => m.time < '2012-10-31').every((m) => m.phase === 'before' && m.question === null));
  assert.deepEqual(second.sources[0].diagnostics.filter((d) => d.code === 'several-chats'), []);
  // The second week's answers land as the first week's did.
  const perQuestion = (tr: typeof t) => tr.questions.map((q) => tr.messages.filter((m) => m.question === q.id).length);
  assert.deepEqual(perQuestion(second), perQuestion(t));
});

test('a host who numbers "1/", "2/" throughout, and a question posted as a picture', () => {
  const numbered = [
    msg('1', 'host', 0, '1/ What did you learn this week?'),
    msg('2', 'ann', 1, 'a new language'),
    msg('3', 'host', 5, '2/ What will you try next?'),
    msg('4', 'bob', 6, '1/2 a thread of mine'),
    msg('5', 'host', 10, '3/ Who helped you most?'),
  ];
  const r = assignQuestions(numbered);
  assert.deepEqual(r.hosts, ['host']);
  assert.deepEqual(r.questions.map((q) => [q.id, q.messageId, q.text]), [['Q1', '1', 'What did you learn this week?'], ['Q2', '3', 'What will you try next?'], ['Q3', '5', 'Who helped you most?']]);
  const image = { kind: 'image' as const, url: null, alt: 'Q2: what tools do you use?', file: null };
  const pictured = [msg('1', 'host', 0, 'Q1. first?'), msg('2', 'host', 5, "Here's Q2! #chat", { attachments: [image] }), msg('3', 'ann', 6, 'A2 a hammer')];
  assert.deepEqual(assignQuestions(pictured).questions.map((q) => q.messageId), ['1', '2']);
  assert.equal(pictured[2].question, 'Q2');
});
