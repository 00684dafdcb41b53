/**
 * Time bounded by the input: every reader of chat text, names, handles, links
 * and notes takes time linear in what it reads, on the strings that make
 * backtracking patterns blow up: long runs (up to 100 KB) of each punctuation
 * and space character, alone and inside text ("OMG!!!…!!! yes", "## Q1      …x").
 *
 * Readers: every importer (the string as one message's text and link target,
 * and as another's name and handle), the tagger and assignQuestions, the quote
 * matcher, the linkifier, entity extraction, and the notes (a heading, a
 * blockquote, a quote reference, the front matter).
 *
 * No wall-clock threshold: each reader runs on a ladder of sizes, each 4x the
 * last (400 to 102,400 characters), and 4x the input may take at most 8x the
 * time: CPU time (other processes on a busy machine do not count), the best of
 * several runs; times under a floor
 * count as the floor, so sub-millisecond noise cannot fail it. A step over 8x
 * is measured again before it fails. A quadratic reader takes 16x at every
 * step and a cubic one 64x; the small first steps make a super-linear reader
 * fail in seconds, before it hangs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'csv-stringify/sync';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { answerTag, isClosing, isGoodbye, isGreeting, questionTag, questionText } from '../src/questions/tags.ts';
import { assignQuestions } from '../src/questions/assign.ts';
import { resolveQuote } from '../src/notes/quotes.ts';
import { linkify } from '../src/model/html.ts';
import { extractHashtags, extractMentions, extractUrls, handleProblem, localFilePath, preview, safeHttpUrl } from '../src/model/entities.ts';
import { parseRecapBody, type QuoteRef } from '../src/notes/recap-body.ts';
import { parseNotes } from '../src/site/jam.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { FORMATS, FORUM_SPEC, escText, exportText, rows, type FormatName } from './fixtures/hostile-pages.ts';
import { testMessage } from './helpers/message.ts';

// ------------------------------------------------------------------ the strings

const UNITS = ['!', '?', '.', ',', ';', ':', ')', '(', ']', '[', '}', '{', "'", '"', '#', '@', '/', '\\', '-', '_', '*', '~', '|', '…', ' ', '\t', '\u00a0', '\n'];

interface Pathological {
  label: string;
  make: (n: number) => string;
}

/** `unit` repeated to about n characters. */
const run = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length));

/** Each unit as a bare run and inside text; then the mixed forms known to have hurt. */
const STRINGS: Pathological[] = [
  ...UNITS.flatMap((u) => [
    { label: `${JSON.stringify(u)} x n`, make: (n: number) => run(u, n) },
    { label: `"OMG" ${JSON.stringify(u)} x n " yes"`, make: (n: number) => `OMG${run(u, n)} yes` },
  ]),
  { label: '"## Q1" + spaces + "x"', make: (n) => `## Q1${run(' ', n)}x` },
  { label: '"## Q1 " + "#" x n + " x"', make: (n) => `## Q1 ${run('#', n)} x` },
  { label: '"RT @a: " + "." x n + "x"', make: (n) => `RT @a: ${run('.', n)}x` },
  { label: '"— " + spaces + "(@a) x"', make: (n) => `— ${run(' ', n)}(@a) x` },
  { label: '"https://x.co/" + ")" x n + " x"', make: (n) => `https://x.co/${run(')', n)} x` },
  { label: '"@a " x n', make: (n) => run('@a ', n) },
  { label: '"#a " x n', make: (n) => run('#a ', n) },
  { label: '"A1) Q1, " x n', make: (n) => run('A1) Q1, ', n) },
  { label: '"0" x n + "1"', make: (n) => `${run('0', n)}1` },
];

/** The strings with text around the run. */
const IN_TEXT = STRINGS.filter((s) => !s.label.endsWith(' x n') || s.label.startsWith('"@a "') || s.label.startsWith('"#a "'));

// ------------------------------------------------------------------ the measure

/** Sizes of the ladder (characters of the string): each 4x the one before. */
const SIZES = [400, 1_600, 6_400, 25_600, 102_400];
/** Times under this count as this (milliseconds): below it, a step is noise. */
const FLOOR_MS = 2;
/** 4x the input may take at most this many times the time: linear work plus the garbage collector's share on a loaded heap (a quadratic step takes 16x). */
const MAX_STEP = 8;
/** A step this steep fails at once, without a second measure (a cubic pattern would hang). */
const MAX_JUMP = 20;

/** Milliseconds of CPU one run takes: the process's, so other processes on a busy machine do not count. */
function cpuTime(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** The best of `runs` timings of `read` on one input (the input is made once, outside the timing). */
function best(read: (s: string) => unknown, input: string, runs: number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, cpuTime(() => read(input)));
  return min;
}

/** How much longer 4x the input takes (times under the floor count as the floor). */
function step(read: (s: string) => unknown, s: Pathological, n: number, runs: number): { ratio: number; text: string } {
  const small = Math.max(best(read, s.make(n / 4), runs), FLOOR_MS);
  const big = best(read, s.make(n), runs);
  return { ratio: big / small, text: `${s.label}: ${n / 4} -> ${n} characters took ${(big / small).toFixed(1)}x the time (${small.toFixed(1)} -> ${big.toFixed(1)} ms)` };
}

/**
 * Up the ladder; a step over MAX_STEP is measured again, with twice then
 * four times the runs (a garbage collection landing in the bigger input's
 * runs, on a machine busy with other tests, made a linear reader's step
 * 8.1x once), and fails if it still is: a quadratic reader's step is 16x.
 */
function assertLinear(what: string, s: Pathological, read: (s: string) => unknown, runs = 3): void {
  read(s.make(SIZES[0])); // warm up
  for (const n of SIZES.slice(1)) {
    let r = step(read, s, n, runs);
    assert.ok(r.ratio <= MAX_JUMP, `${what} on ${r.text}`);
    for (const more of [2, 4]) if (r.ratio > MAX_STEP) r = step(read, s, n, more * runs);
    assert.ok(r.ratio <= MAX_STEP, `${what} on ${r.text} (measured three times)`);
  }
}

// ------------------------------------------------------------------ importers

const START = Date.UTC(2016, 5, 20, 17, 0, 0);
const iso = (i: number) => new Date(START + i * 1000).toISOString();
const ID = (i: number) => String(1_700_000_000_000_000_001n + BigInt(i));

/** One message's text and link target hold the string; another's name and handle. */
function hostilePage(format: FormatName, s: string): Buffer {
  return Buffer.from(
    exportText(
      format,
      rows(3, (i, base) => (i === 0 ? { ...base, bodyHtml: escText(s), linkHref: `https://x.example/${s}` } : i === 1 ? { ...base, name: s, handle: s } : base)),
    ),
  );
}

function twarc2Page(s: string): Buffer {
  const tweet = (i: number, author: string, text: string, urls: unknown[] = []) => ({ id: ID(i), author_id: author, created_at: iso(i), text, entities: { urls } });
  const link = { url: 'https://t.co/abc', expanded_url: `https://x.example/${s}`, start: s.length + 1, end: s.length + 24 };
  return Buffer.from(
    JSON.stringify({
      data: [tweet(0, '1', `${s} https://t.co/abc`, [link]), tweet(1, '2', 'hello'), tweet(2, '1', 'Q1. a question?')],
      includes: { users: [{ id: '1', username: 'jo', name: 'Jo' }, { id: '2', username: s, name: s }] },
    }),
  );
}

function apiV1Page(s: string): Buffer {
  const status = (i: number, user: object, text: string, urls: unknown[] = []) => ({
    created_at: new Date(START + i * 1000).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4'),
    id_str: ID(i),
    user,
    full_text: text,
    entities: { urls },
  });
  const link = { url: 'https://t.co/abc', expanded_url: `https://x.example/${s}`, indices: [s.length + 1, s.length + 24] };
  return Buffer.from(
    JSON.stringify({
      statuses: [status(0, { screen_name: 'jo', name: 'Jo' }, `${s} https://t.co/abc`, [link]), status(1, { screen_name: s, name: s }, 'hello'), status(2, { screen_name: 'jo', name: 'Jo' }, 'Q1. a question?')],
    }),
  );
}

function csvPage(s: string): Buffer {
  const header = ['id_str', 'from_user', 'text', 'created_at', 'time', 'status_url'];
  const row = (i: number, user: string, text: string, url = `http://twitter.com/jo/statuses/${ID(i)}`) => [ID(i), user, text, new Date(START + i * 1000).toUTCString(), '', url];
  return Buffer.from(stringify([header, row(0, 'jo', s, `https://x.example/${s}`), row(1, s, 'hello'), row(2, 'jo', 'Q1. a question?')]));
}

const PAGES: { format: string; ext: string; page: (s: string) => Buffer }[] = [
  ...FORMATS.map((f) => ({ format: f as string, ext: f === 'jamrecap-json' ? 'json' : 'html', page: (s: string) => hostilePage(f, s) })),
  { format: 'twarc2', ext: 'json', page: twarc2Page },
  { format: 'twitter-api-v1', ext: 'json', page: apiV1Page },
  { format: 'csv', ext: 'csv', page: csvPage },
];

test('every importer reads pathological text, names, handles and links in linear time', () => {
  for (const { format, ext, page } of PAGES) {
    const read = (bytes: string) => importExports([new ExportFile(`p.${ext}`, Buffer.from(bytes, 'latin1'))], { selectors: FORUM_SPEC });
    // Each page detected as its own format: the strings did not change which importer reads it.
    const probe = read(page('OMG!!! yes').toString('latin1'));
    assert.equal(probe.sources[0].format, format);
    assert.ok(probe.messages.length >= 2, `${format}: ${probe.messages.length} messages`);
    // Runs inside text only: a page's markup around a bare run reads the same.
    for (const s of IN_TEXT) assertLinear(format, { label: s.label, make: (n) => page(s.make(n)).toString('latin1') }, read);
  }
});

// ------------------------------------------------------------------ chat text

function msg(id: string, handle: string, minute: number, text: string): Message {
  return testMessage({ id, handle, time: new Date(START + minute * 60_000).toISOString(), text, origin: { file: 'f', format: 'test', position: minute } });
}

const quoteRef = (text: string): QuoteRef => ({ kind: 'quote', raw: `@ann ${text}`, handle: 'ann', text, id: null, line: 1, col: 1 });
const transcriptOf = (messages: Message[]) => ({ messages }) as unknown as Transcript;

const READERS: [string, (t: string) => unknown][] = [
  ['answerTag', answerTag],
  ['questionTag', (t) => questionTag(t, true)],
  ['questionText', questionText],
  ['isGreeting', isGreeting],
  ['isGoodbye', isGoodbye],
  ['isClosing', isClosing],
  ['assignQuestions', (t) => assignQuestions([msg('1', 'host', 0, 'Q1. first?'), msg('2', 'host', 1, t), msg('3', 'ann', 2, `@host ${t}`), msg('4', 'bob', 3, `RT @ann: ${t}`)])],
  ['resolveQuote', (t) => resolveQuote(quoteRef(t), transcriptOf([msg('1', 'ann', 0, t), msg('2', 'ann', 1, `${t}!`)]), null)],
  // Matching nothing, by a handle that posts nothing: the closest messages and handles are looked for.
  ['resolveQuote (closest)', (t) => resolveQuote({ ...quoteRef(`${t}?`), handle: 'anne' }, transcriptOf([msg('1', 'ann', 0, `x${t}`), msg('2', 'bob', 1, `${t}!`)]), null)],
  ['linkify', (t) => linkify(t)],
  ['extractMentions', extractMentions],
  ['extractHashtags', extractHashtags],
  ['extractUrls', extractUrls],
  ['safeHttpUrl', (t) => safeHttpUrl(`https://x.example/${t}`)],
  ['handleProblem', handleProblem],
  ['preview', (t) => preview(t)],
  ['localFilePath', localFilePath],
];

test('the tagger, assignQuestions, the quote matcher, the linkifier and entity extraction take linear time', () => {
  for (const [name, read] of READERS) for (const s of STRINGS) assertLinear(name, s, read);
});

// ------------------------------------------------------------------ notes

const NOTES_READERS: [string, (t: string) => unknown][] = [
  ['parseRecapBody (heading)', (t) => parseRecapBody(`## Q1${t}\n`, 1, 'recap.md')],
  ['parseRecapBody (heading title)', (t) => parseRecapBody(`## Q1 ${t}x\n`, 1, 'recap.md')],
  ['parseRecapBody (blockquote)', (t) => parseRecapBody(`## Q1 x\n\n> ${t}\n> @ann ${t}\n`, 1, 'recap.md')],
  ['parseNotes (front matter)', (t) => parseNotes(`---\ntitle: ${JSON.stringify(t)}\ndate: 2012-10-24\nhashtag: ${t}\n---\n## Q1${t}\n`, 'recap.md')],
];

test('the notes (headings, quotes, front matter) are read in linear time', () => {
  for (const [name, read] of NOTES_READERS) for (const s of STRINGS) assertLinear(name, s, read);
});
