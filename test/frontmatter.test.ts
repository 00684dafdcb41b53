/**
 * Reading editors' notes: front matter (safe YAML with positions, the recap
 * schema), the body's sections and quote lines, and resolving quotes to
 * messages. Pure functions, no Eleventy (see site.test.ts for the build).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import matter from 'gray-matter';
import {
  eleventyFrontMatterEngines,
  MAX_FRONT_MATTER_BYTES,
  parseFrontMatterYaml,
  splitFrontMatter,
  yamlToData,
} from '../src/notes/frontmatter.ts';
import { parseFrontDate, type RecapFront } from '../src/notes/recap-front.ts';
import { parseNotes } from '../src/site/jam.ts';
import { parseRecapBody, type QuoteRef } from '../src/notes/recap-body.ts';
import { resolveQuote } from '../src/notes/quotes.ts';
import { foldForMatch } from '../src/model/text-match.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { personSlug } from '../src/site/slug.ts';
import { TRANSCRIPT_SCHEMA, type Message, type Transcript } from '../src/model/transcript.ts';
import { testMessage } from './helpers/message.ts';

const FILE = 'jams/x/recap.md';

/** gray-matter as Eleventy calls it (options: engines, filePath). */
const gm = (src: string, options: object) => (matter as unknown as (s: string, o: object) => { data: unknown })(src, options);

/** Read notes as the site does; problems as `file:line:col: message`. */
function check(text: string): { front: RecapFront; problems: string[] } {
  const { front, problems } = parseNotes(text, FILE);
  return { front, problems: problems.map((p) => formatProblem(p)) };
}

const GOOD = `---
title: From Social Media to Social Business
date: 2012-10-24T13:00:00-04:00
hashtag: "#socbizchat"
hosts: ["@cmswire", other_host]
timezone: America/New_York
exports: [socbizchat-room.html]
questions: { Q1: How do you define "social business"? }
assign:
  "261154250552246292": Q2
  "261150182077366272": null
---
Body.
`;

describe('front matter', () => {
  test('a complete recap front matter is read as given', () => {
    const { front, problems } = check(GOOD);
    assert.deepEqual(problems, []);
    assert.equal(front!.title, 'From Social Media to Social Business');
    assert.equal(front!.date, '2012-10-24T13:00:00-04:00');
    assert.equal(front!.hashtag, 'socbizchat');
    assert.deepEqual(front!.hosts, ['cmswire', 'other_host']);
    assert.equal(front!.timezone, 'America/New_York');
    assert.deepEqual(front!.exports!.map((e) => [e.value, e.line, e.col]), [['socbizchat-room.html', 7, 11]]);
    assert.deepEqual({ ...front!.questions }, { Q1: 'How do you define "social business"?' });
    assert.deepEqual({ ...front!.assign }, { '261154250552246292': 'Q2', '261150182077366272': null });
    assert.deepEqual(front!.assignAt['261154250552246292'], { line: 10, col: 3 });
  });

  test('split: body line, CRLF, BOM; missing and unclosed front matter', () => {
    const s = splitFrontMatter('\uFEFF---\r\ntitle: x\r\n---\r\nBody\r\n', FILE);
    assert.equal(s.block!.source, 'title: x\r\n');
    assert.equal(s.block!.bodyLine, 4);
    assert.equal(s.block!.body, 'Body\r\n');
    assert.deepEqual(splitFrontMatter('Just text\n', FILE).problems.map((p) => formatProblem(p)), [
      `${FILE}:1:1: no front matter: the file must start with a "---" line, then title, date and hashtag, then "---"`,
    ]);
    assert.deepEqual(splitFrontMatter('---\ntitle: x\nbody\n', FILE).problems.map((p) => formatProblem(p)), [
      `${FILE}:1:1: front matter is not closed: add a line "---" after it`,
    ]);
  });

  test('missing required keys, wrong types, unknown keys: every problem, with positions', () => {
    const { problems } = check(`---
titel: Typo
date: next tuesday
timezone: Mars/Olympus
hosts: cmswire
exports: [../secret.html, recap.md]
questions: { X1: nope, Q2: 7 }
assign:
  261154250552246292: Q2
  "261150182077366272": Q2 maybe
---
`);
    assert.deepEqual(problems, [
      `${FILE}:2:1: unknown key "titel"; did you mean "title"? (known keys: title, date, hashtag, hosts, shape, guests, timezone, exports, questions, assign, start, end, session, draft, format, channel, selectors, people)`,
      `${FILE}:3:7: date "next tuesday" is not a date: write 2012-10-24 or 2012-10-24T13:00:00-04:00`,
      `${FILE}:4:11: timezone "Mars/Olympus" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`,
      `${FILE}:5:8: hosts must be a list, e.g. hosts: [cmswire]`,
      `${FILE}:6:11: export "../secret.html" must be a file name in the jam's folder (no folders, not hidden)`,
      `${FILE}:6:27: recap.md holds the notes; it cannot be an export`,
      `${FILE}:7:14: question ids are written Q1, Q2, ... (or T1, Q1a) (got "X1")`,
      `${FILE}:7:28: the text of Q2 must be text, e.g. Q2: How do you define "social business"? (put it in quotes)`,
      `${FILE}:9:3: message id 261154250552246292 must be quoted ("261154250552246292"): unquoted numbers lose digits`,
      `${FILE}:10:25: assign 261150182077366272: must be a question id such as Q2, "before" or "after" the chat, or null for no question`,
      `${FILE}:2:1: missing required key "title"`,
      `${FILE}:2:1: missing required key "hashtag"`,
    ]);
  });

  test('channel: a workspace channel by name (its # optional); anything else is refused at its line', () => {
    const base = '---\ntitle: T\ndate: 2016-01-14\nhashtag: t\n';
    assert.deepEqual([check(`${base}channel: "#enrique"\n---\n`).front.channel, check(`${base}channel: "#enrique"\n---\n`).problems], ['enrique', []]);
    assert.deepEqual(check(`${base}channel: "a b<script>"\n---\n`).problems, [`${FILE}:5:10: channel "a b<script>" is not a channel name: letters, digits, "-", "_" and "." only (e.g. channel: general)`]);
  });

  test('YAML errors: tabs, duplicate keys, unterminated quotes, custom tags', () => {
    assert.deepEqual(check('---\ntitle: x\nhosts:\n\t- a\n---\n').problems.slice(0, 1), [`${FILE}:4:1: Tabs are not allowed as indentation: indent with spaces`]);
    assert.deepEqual(check('---\ntitle: a\ndate: 2012-10-24\nhashtag: x\ntitle: b\n---\n').problems, [`${FILE}:5:1: Map keys must be unique (a key appears twice)`]);
    const unterminated = check('---\ntitle: "unterminated\ndate: 2012-10-24\nhashtag: x\n---\n').problems;
    assert.match(unterminated[0], /^jams\/x\/recap\.md:\d+:\d+: Missing closing "quote/);
    assert.match(check('---\ntitle: !!js/function "function () {}"\n---\n').problems[0], /^jams\/x\/recap\.md:2:8: Unresolved tag: tag:yaml\.org,2002:js\/function \(custom YAML tags are not supported\)$/);
  });

  test('__proto__, constructor and prototype keys are refused anywhere, and nothing is polluted', () => {
    const { problems } = check('---\ntitle: x\ndate: 2012-10-24\nhashtag: y\nquestions:\n  __proto__: { polluted: yes }\n  constructor: x\n---\n');
    assert.deepEqual(problems.slice(0, 2), [
      `${FILE}:6:3: key "__proto__" is not allowed (it could overwrite built-in object properties)`,
      `${FILE}:7:3: key "constructor" is not allowed (it could overwrite built-in object properties)`,
    ]);
    assert.throws(() => eleventyFrontMatterEngines().yaml('\n__proto__:\n  polluted: yes\n', { filePath: FILE }), /recap\.md:2:1: key "__proto__" is not allowed/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('alias bombs and huge front matter are refused quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = `${levels.join('\n')}\n`;
    const t0 = Date.now();
    const parsed = parseFrontMatterYaml(bomb, FILE, 2);
    assert.deepEqual(parsed.problems, []);
    assert.throws(() => yamlToData(parsed.doc!), /Excessive alias count/);
    assert.throws(() => eleventyFrontMatterEngines().yaml(`\n${bomb}`, { filePath: FILE }), /recap\.md:1:1: front matter refused: Excessive alias count/);
    const huge = `title: ${'x'.repeat(MAX_FRONT_MATTER_BYTES)}\n`;
    assert.deepEqual(parseFrontMatterYaml(huge, FILE, 2).problems.map((p) => formatProblem(p)), [
      `${FILE}:2:1: front matter is ${MAX_FRONT_MATTER_BYTES + 8} bytes, over the limit of ${MAX_FRONT_MATTER_BYTES} bytes`,
    ]);
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    // An alias in a recap value is refused rather than expanded.
    assert.match(check('---\nt: &t Title\ntitle: *t\ndate: 2012-10-24\nhashtag: x\n---\n').problems.join('\n'), /recap\.md:3:8: title: YAML aliases are not supported here/);
  });

  test('JavaScript front matter is refused by the engines Eleventy uses, never evaluated', () => {
    const engines = eleventyFrontMatterEngines();
    const g = globalThis as Record<string, unknown>;
    for (const lang of ['js', 'javascript', 'node']) {
      const src = `---${lang}\n{ title: (globalThis.jamrecapRan = "${lang}", "x") }\n---\nbody\n`;
      assert.throws(() => gm(src, { engines, filePath: FILE }), /jams\/x\/recap\.md:1:1: JavaScript front matter/);
      assert.match(check(src).problems[0], /^jams\/x\/recap\.md:1:4: JavaScript front matter \("---.*"\) is refused/);
    }
    assert.equal(g.jamrecapRan, undefined);
    // YAML through gray-matter keeps the file's line numbers.
    assert.throws(() => gm('---\ntitle: a\ntitle: b\n---\n', { engines, filePath: FILE }), /jams\/x\/recap\.md:3:1: Map keys must be unique/);
    assert.deepEqual(gm('---\ntitle: a\ndate: 2012-10-24\n---\nx', { engines }).data, { title: 'a', date: '2012-10-24' });
  });

  test('dates: as written; no offset means the jam zone', () => {
    assert.equal(parseFrontDate('2012-10-24T13:00:00-04:00', 'UTC')!.toUTC().toISO(), '2012-10-24T17:00:00.000Z');
    assert.equal(parseFrontDate('2012-10-24T13:00', 'America/New_York')!.toUTC().toISO(), '2012-10-24T17:00:00.000Z');
    assert.equal(parseFrontDate('2012-10-24', 'UTC')!.toUTC().toISO(), '2012-10-24T00:00:00.000Z');
    assert.equal(parseFrontDate('2012-02-30', 'UTC'), null);
    assert.equal(parseFrontDate('last modified', 'UTC'), null);
  });
});

describe('recap body', () => {
  const body = [
    'Intro with a quote:',
    '> @Alice hello world',
    '',
    '## Q1 · Defining things',
    'Summary.',
    '>  @bob a long quote',
    '> wrapped over lines',
    '> 123456789012',
    '> An ordinary blockquote line after quotes is a continuation error for ids',
    '',
    '> Just an editor blockquote',
    '```',
    '> @carol inside code is not a quote',
    '## Q9 not a section inside code',
    '```',
    '## q2: lower-case heading',
    '## Q1 again',
  ].join('\n');

  test('sections, quotes with positions, continuations, code left alone', () => {
    const parsed = parseRecapBody(body, 10, FILE);
    assert.deepEqual(parsed.problems.map((p) => formatProblem(p)), [
      `${FILE}:18:3: a quote by message id takes one line; start a new paragraph for other text`,
      `${FILE}:26:1: second "## Q1" section (the first is on line 13)`,
    ]);
    const quote = (b: unknown) => b as QuoteRef;
    assert.deepEqual(parsed.intro.blocks.map((b) => b.kind), ['markdown', 'quote']);
    assert.deepEqual(quote(parsed.intro.blocks[1]), { kind: 'quote', raw: '@Alice hello world', handle: 'Alice', text: 'hello world', id: null, line: 11, col: 3 });
    assert.deepEqual(parsed.sections.map((s) => [s.id, s.heading, s.line]), [['Q1', 'Defining things', 13], ['Q2', 'lower-case heading', 25], ['Q1', 'again', 26]]);
    const q1 = parsed.sections[0].blocks;
    assert.deepEqual(q1.map((b) => b.kind), ['markdown', 'quote', 'quote', 'markdown']);
    assert.deepEqual([quote(q1[1]).handle, quote(q1[1]).text, quote(q1[1]).line, quote(q1[1]).col], ['bob', 'a long quote wrapped over lines', 15, 4]);
    assert.deepEqual([quote(q1[2]).id, quote(q1[2]).line], ['123456789012', 17]);
    assert.match((q1[3] as { text: string }).text, /^\n> Just an editor blockquote\n```\n> @carol inside code is not a quote\n## Q9 not a section inside code\n```$/);
  });
});

function msg(id: string, handle: string, text: string, question: string | null = null): Message {
  const time = `2019-01-02T15:00:${id.padStart(2, '0').slice(-2)}.000Z`;
  return testMessage({ id, handle, time, text, question, questionVia: question ? 'time' : null, origin: { file: 'x', format: 'test', position: Number(id) } });
}

function transcriptOf(messages: Message[]): Transcript {
  return { schema: TRANSCRIPT_SCHEMA, jam: { title: null, hashtag: null, hosts: [], hostsFrom: 'none', start: null, end: null }, sources: [], questions: [], participants: [], messages };
}

const ref = (raw: string): QuoteRef => {
  const parsed = parseRecapBody(`> ${raw}`, 1, FILE);
  return parsed.intro.blocks[0] as QuoteRef;
};

describe('quotes', () => {
  const t = transcriptOf([
    msg('1', 'Alice', 'Q1. What is a “test”? #chat', 'Q1'),
    msg('2', 'bob', 'Q1 Tests are how we know — really know — it works… #chat', 'Q1'),
    msg('3', 'bob', 'Q1 tests also document the code #chat', 'Q1'),
    msg('4', 'carol', 'RT @bob: Q1 tests also document the code #chat', 'Q2'),
    msg('5', 'bob', 'Q1 tests also document the code #chat', 'Q2'),
  ]);

  test('folding forgives case, whitespace, quotes, dashes and ellipses', () => {
    assert.equal(foldForMatch('  What’s  “THIS” — a\ttest…  '), 'what\'s "this" - a test...');
  });

  test('handle and start of text, case-insensitive, with or without the question tag', () => {
    const ok = (raw: string, q: string | null = null) => {
      const r = resolveQuote(ref(raw), t, q);
      return r.ok ? r.message.id : r.error;
    };
    assert.equal(ok('@alice Q1. What is a "test"?'), '1');
    assert.equal(ok('@BOB tests are how we know - really know - it works...'), '2');
    assert.equal(ok('@carol RT @bob: Q1 tests'), '4');
    const byId = resolveQuote({ kind: 'quote', raw: '3', handle: null, text: '', id: '3', line: 1, col: 3 }, t, null);
    assert.ok(byId.ok && byId.message.id === '3');
    // The same words twice: the question's own messages first.
    assert.equal(ok('@bob Q1 tests also document', 'Q1'), '3');
    assert.equal(ok('@bob Q1 tests also document', 'Q2'), '5');
    assert.equal(ok('@bob Q1 tests also document'), 'quote "@bob Q1 tests also document" matches 2 messages: 3, 5 (quote more of the text, or use the message id)');
    assert.equal(ok('@bob', 'Q1'), 'quote "@bob" matches 2 messages: 2, 3 (quote more of the text, or use the message id)');
    assert.equal(ok('@dave hello'), `quote "@dave hello" matches no message: no one posts as @dave; fix the handle, or quote the message's id`);
    assert.equal(
      ok('999999999'),
      `quote "999999999" matches no message: no message has the id 999999999; copy the id from the message's link in the transcript, or quote "@handle start of the text"`,
    );
  });

  test('without detected questions (every message.question null) the whole transcript is searched', () => {
    const flat = transcriptOf(t.messages.map((m) => ({ ...m, question: null, questionVia: null })));
    const r = resolveQuote(ref('@bob tests are how'), flat, 'Q1');
    assert.ok(r.ok && r.message.id === '2');
  });
});

describe('participant page names', () => {
  test('plain handles are their lower-case selves; anything else is made safe and distinct', () => {
    assert.equal(personSlug('CraigJWillis'), 'craigjwillis');
    assert.equal(personSlug('@Joshua_D_Paul'), 'joshua_d_paul');
    const odd = ['Jessie & James', 'jessie-james', 'CON', '../etc', 'Zoë', 'zoe'].map(personSlug);
    assert.equal(odd[1], 'jessie-james');
    assert.equal(odd[5], 'zoe');
    for (const s of odd) assert.match(s, /^[a-z0-9_][a-z0-9_.-]*$/);
    assert.equal(new Set(odd).size, odd.length);
    assert.match(odd[0], /^jessie-james-[0-9a-f]{8}$/);
    assert.match(odd[2], /^con-[0-9a-f]{8}$/);
  });
});
