import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerTag, questionTag, questionText } from '../src/questions/tags.ts';
import { assignQuestions, inferHosts } from '../src/questions/assign.ts';
import { importFiles } from '../src/import/pipeline.ts';
import type { Message } from '../src/model/transcript.ts';
import { corpusTest } from './helpers/corpus.ts';

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
  for (const [text, expected] of cases) assert.equal(answerTag(text), expected, text);
});

test('question tags: hosts open with Qn after lead-ins, hashtags and mentions', () => {
  const cases: [string, number | null][] = [
    ['Q1. How do you define "social business"? #socbizchat', 1],
    ['Q0) We always begin with this', 0],
    ['Q7) BONUS: Lightning Round.', 7],
    ['Q1: what?', 1],
    ['...Q2 what?', 2],
    ['First question: Q1 what?', 1],
    ['Next question Q3. what?', 3],
    ['#lrnchat Q4) What is the one tool', 4],
    ['@all Q5: what?', 5],
    ['Question 6: what?', 6],
    ['A1) an answer', null],
    ['T1. Please share', null],
    ['Q1 2013 results are in', null],
    ['We could do Q2 all day', null],
  ];
  for (const [text, expected] of cases) assert.equal(questionTag(text), expected, text);
  assert.equal(questionText('Q1. How do you define “social business”? #socbizchat'), 'How do you define “social business”?');
});

function msg(id: string, handle: string, minute: number, text: string, extra: Partial<Message> = {}): Message {
  return {
    id,
    author: { handle, name: null },
    time: new Date(Date.UTC(2020, 0, 1, 12, minute)).toISOString(),
    timePrecision: 'second',
    text,
    url: null,
    replyTo: null,
    retweetOf: /^RT @(\w+)/.exec(text) ? { handle: /^RT @(\w+)/.exec(text)![1], id: null } : null,
    mentions: [],
    hashtags: [],
    links: [],
    question: null,
    questionVia: null,
    origin: { file: 'f', format: 'test', position: minute },
    ...extra,
  };
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

/**
 * The three Storify tweet chats. Questions counted by hand in the pages (the
 * hosts' "Qn." / "Qn)" quotes); tagged answers cross-checked with an
 * independent regex over the raw quote texts.
 */
const STORIFY: { file: string; host: string | null; questions: string[]; tagged: number; untaggedTags: number }[] = [
  { file: 'storify-html/guildchat-readdress-the-lms.html', host: 'eLearningGuild', questions: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8'], tagged: 119, untaggedTags: 0 },
  { file: 'storify-html/lrnchat-22nd-december-2017.html', host: 'lrnchat', questions: ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8'], tagged: 96, untaggedTags: 0 },
  // #BYOD4Lchat's hosts asked tasks "T1"/"T2", not questions: no Q-messages, so the four "A2" answers name no question.
  { file: 'storify-html/unofficial-story-of-final-byod4lchat.html', host: null, questions: [], tagged: 0, untaggedTags: 4 },
];

for (const chat of STORIFY) {
  corpusTest(`${chat.file}: questions are exactly the host's Q-messages; tagged answers land on their question`, [chat.file], (_t, file) => {
    const t = importFiles([file]);
    assert.deepEqual(t.jam.hosts, chat.host ? [chat.host] : []);
    assert.deepEqual(t.questions.map((q) => q.id), chat.questions);
    for (const q of t.questions) {
      const asker = t.messages.find((m) => m.id === q.messageId)!;
      assert.equal(asker.author.handle, chat.host);
      assert.equal(asker.retweetOf, null);
      assert.equal(q.askedAt, asker.time);
    }
    let tagged = 0;
    for (const m of t.messages) {
      const tag = answerTag(m.text);
      if (tag === null || m.questionVia === 'question') continue;
      if (chat.questions.includes(`Q${tag}`)) {
        assert.equal(m.question, `Q${tag}`, m.text);
        tagged++;
      }
    }
    assert.equal(tagged, chat.tagged);
    assert.equal(t.messages.filter((m) => m.questionVia === 'tag').length, chat.tagged);
    const noQuestion = t.sources[0].diagnostics.filter((d) => d.code === 'tag-no-question');
    assert.equal(noQuestion.length, chat.untaggedTags);
    // Nothing before the first question has one.
    const first = t.questions.length ? t.questions.reduce((a, b) => (a.askedAt < b.askedAt ? a : b)).askedAt : null;
    for (const m of t.messages) if (!first || m.time < first) assert.equal(m.question, null, m.text);
  });
}
