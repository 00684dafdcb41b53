/**
 * The hostile-input checks of hostile-import, broken-exports, fuzz and
 * pathological tests, run through the platform importers (Discord, Telegram,
 * YouTube, Reddit, Mastodon, Zulip, Bluesky, Slack, Zoom, WhatsApp, IRC).
 * Exports are made by the writers in fixtures/platform-exports.ts from rows
 * whose text is one attack string each (the corpus's hostile/ collections:
 * 515 naughty strings, 223 DOMPurify payloads, 139 html5sec vectors). For
 * every format:
 *
 * 1. each string comes back as the same NFC text, or as the format's own
 *    transformation of it (line formats: line endings as `\n`, the text
 *    trimmed; IRC: one line; HTML-content formats: what a browser would
 *    show, white space collapsed), and raw markup in an HTML-content format
 *    leaves only its text;
 * 2. found = kept + merged + skipped, every skipped row with a diagnostic
 *    naming its file, line and position, and only a text that is empty once
 *    read may be skipped; a row without an author or a text is skipped at its
 *    own lines, and a repeated row is merged and counted;
 * 3. the export cut at 20 places, and with bytes flipped (fast-check, seeded),
 *    never makes the import throw, and the accounting still reconciles
 *    (bluesky-car, binary, is covered by these cases only);
 * 4. a 200,000-character "OMG!!!!…" message and one of 50,000 nested
 *    brackets and braces are read in linear time (4x the size under 8x the CPU
 *    time);
 * 5. a site built from one jam per format writes no `<script` and no
 *    markup from chat text: every element of a hostile jam's pages is one the
 *    same pages of a benign jam have (tag, classes, attribute names, parent),
 *    and no attribute is an event handler or a script URL.
 */
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { tidyText } from '../src/import/html-text.ts';
import { stripXmlIllegal } from '../src/model/xml-chars.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import type { SourceSummary, Transcript } from '../src/model/transcript.ts';
import { ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';
import { withoutSearchScript } from './helpers/search-page.ts';
import {
  DAY,
  HTML_CONTENT,
  PLATFORM_FORMATS,
  PLATFORM_WRITERS,
  ircLine,
  platformRows,
  type PlatformFormat,
  type PlatformRow,
  type WriteOptions,
  type WrittenExport,
} from './fixtures/platform-exports.ts';

const BLNS = 'hostile/blns.json';
const DOMPURIFY = 'hostile/dompurify-expect.mjs';
const H5SC = 'hostile/html5sec-vectors.txt';
const COLLECTIONS = [BLNS, DOMPURIFY, H5SC];

let loaded: Promise<string[]> | undefined;
/** The 877 payloads (as hostile-import.test.ts reads them). */
function payloads(): Promise<string[]> {
  loaded ??= (async () => {
    const blns: string[] = JSON.parse(readFileSync(corpusPath(BLNS), 'utf8'));
    const dompurify = ((await import(pathToFileURL(corpusPath(DOMPURIFY)).href)) as { default: { payload: string }[] }).default;
    const h5sc = readFileSync(corpusPath(H5SC), 'utf8');
    const vectors = [...h5sc.matchAll(/<div id="(\d+)">([\s\S]*?)<\/div>(?=\s*(?:<div id="\d+">|undefined\s*$))/g)];
    assert.equal(vectors.length, 139);
    return [...blns, ...dompurify.map((d) => d.payload), ...vectors.map((m) => m[2])];
  })();
  return loaded;
}

const TMP = mkdtempSync(join(tmpdir(), 'jamrecap-hostile-platforms-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

/** Times without an offset in UTC; Zoom's and IRC's day given. */
const OPTIONS = { timeZone: 'UTC', date: DAY };

let folders = 0;
/** The export as an ExportFile: in memory, or (with files beside it) written to a folder of its own and read from there. */
function exportFile(w: WrittenExport, bytes: Buffer = w.bytes): ExportFile {
  if (!w.beside) return new ExportFile(w.name, bytes);
  const dir = join(TMP, `export-${++folders}`);
  mkdirSync(dir);
  writeFileSync(join(dir, w.name), bytes);
  for (const [name, b] of Object.entries(w.beside)) writeFileSync(join(dir, name), b);
  return ExportFile.read(join(dir, w.name));
}

/** Imports a written export by auto-detection, and checks that its own importer took it. */
function importWritten(format: PlatformFormat, w: WrittenExport): Transcript {
  const t = importExports([exportFile(w)], OPTIONS);
  assert.equal(t.sources[0].format, format, `${w.name}: detected as ${t.sources[0].format}`);
  return t;
}

const write = (format: PlatformFormat, rows: PlatformRow[], opts?: WriteOptions) => PLATFORM_WRITERS[format](rows, opts);
const show = (s: string) => JSON.stringify(s).slice(0, 90);
/** Where two texts first differ, with a little context. */
function diff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 10), i + 20))} vs ${JSON.stringify(b.slice(Math.max(0, i - 10), i + 20))}`;
}

// ------------------------------------------------------------------ what each format gives back

/** Text as the pipeline stores it: NFC, without the characters XML forbids. */
const stored = (s: string) => stripXmlIllegal(s.normalize('NFC'));
/** A text file's line endings, as every reader of lines takes them. */
const lineEnds = (s: string) => s.replace(/\r\n|\r/g, '\n');
/**
 * A message body of a line-based export as its reader keeps it (text-lines.ts
 * joinBody): line endings as `\n`, spaces and tabs at each line's end and
 * blank lines at the end dropped.
 */
function lineBody(s: string, trimEnds = true): string {
  const lines = lineEnds(s).split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return (trimEnds ? lines.map((l) => l.replace(/[ \t]+$/, '')) : lines).join('\n');
}

/**
 * What each format's importer reads back from a text written by its writer,
 * before the pipeline stores it: the text itself (JSON formats, CSV, and the
 * entity-escaping Reddit and Slack), or the format's own transformation.
 */
const READ_BACK: Record<PlatformFormat, (p: string) => string> = {
  'discord-json': (p) => p,
  'discord-csv': (p) => p,
  // The lines between a header and the next blank-line-and-header; blank lines at the end dropped (spaces at a line's end kept).
  'discord-txt': (p) => lineBody(p, false),
  'telegram-json': (p) => p,
  // HTML: what a browser shows (white space collapsed, <br> a line break), tidied.
  'telegram-html': (p) => tidyText(p),
  'youtube-chat': (p) => p,
  'reddit-json': (p) => p,
  'mastodon-json': (p) => tidyText(p),
  'mastodon-archive': (p) => tidyText(p),
  'zulip-json': (p) => tidyText(p),
  'bluesky-json': (p) => p,
  'slack-export': (p) => p,
  'zoom-txt': lineBody,
  'whatsapp-txt': lineBody,
  // One line.
  'irc-log': (p) => lineBody(ircLine(p)),
};

/** What the pipeline says of a file read wrongly (pipeline.ts fileDiagnostics). */
const FILE_PROBLEMS = new Set(['encoding-mixed', 'encoding-guessed', 'encoding-invalid', 'file-truncated', 'no-messages', 'markup-too-deep']);

/** Diagnostic codes of a row that is not kept because its text is empty. */
const EMPTY_CODES = new Set(['empty-message', 'text-empty', 'text-missing']);

// ------------------------------------------------------------------ accounting

/**
 * found = kept + merged + skipped; every row either a kept message or a
 * skipped element with a diagnostic (file, line, position); returns the
 * codes of the skipped rows by row index.
 */
function accounted(s: SourceSummary, t: Transcript, rows: number, where: string): Map<number, string[]> {
  assert.equal(s.found, s.kept + s.merged + s.skipped, `${where}: found ${s.found} != ${s.kept}+${s.merged}+${s.skipped}`);
  assert.equal(t.messages.length, s.kept, where);
  assert.equal(s.found, rows, `${where}: every row was met`);
  const kept = new Set(t.messages.map((m) => m.origin.position));
  assert.equal(kept.size, s.kept, `${where}: one message per position`);
  const skipped = new Map<number, string[]>();
  for (let pos = 1; pos <= rows; pos++) {
    if (kept.has(pos)) continue;
    const ds = s.diagnostics.filter((d) => d.position === pos);
    assert.ok(ds.length >= 1, `${where}: row #${pos} neither kept nor explained`);
    for (const d of ds) {
      assert.equal(d.file?.endsWith(s.file.split('/').pop()!) || d.file?.includes(s.file.split('/').pop()!), true, `${where}: #${pos} ${d.code} names ${d.file}`);
      assert.ok(typeof d.line === 'number' && d.line >= 1, `${where}: #${pos} ${d.code} has no line`);
    }
    skipped.set(pos - 1, ds.map((d) => d.code));
  }
  assert.equal(skipped.size, s.skipped + s.merged, `${where}: ${skipped.size} rows not kept, ${s.skipped} skipped`);
  return skipped;
}

function noProblems(problems: string[], what: string): void {
  assert.equal(problems.length, 0, `${problems.length} problem(s) in ${what}:\n${problems.slice(0, 15).join('\n')}`);
}

/** Run `fn` once per format, each a subtest. */
async function overFormats(t: TestContext, formats: PlatformFormat[], fn: (format: PlatformFormat, ps: string[]) => void): Promise<void> {
  const ps = await payloads();
  for (const format of formats) await t.test(format, () => fn(format, ps));
}

// ------------------------------------------------------------------ 1, 2: text and accounting

corpusTest('hostile text through every platform importer: the same NFC text back (or the format\'s documented reading of it), every row accounted for', COLLECTIONS, (t) =>
  overFormats(t, PLATFORM_FORMATS, (format, ps) => {
    const rows = platformRows(ps.length, (i) => ps[i]);
    const tr = importWritten(format, write(format, rows));
    const [s] = tr.sources;
    const skipped = accounted(s, tr, rows.length, format);
    const problems: string[] = [];
    for (const m of tr.messages) {
      const i = m.origin.position - 1;
      const expected = stored(READ_BACK[format](ps[i]));
      if (m.text !== expected) problems.push(`${show(ps[i])} came out as ${show(m.text)}, ${diff(m.text, expected)}`);
      if (format !== 'mastodon-archive' && m.author.handle.replace(/\.bsky\.social$/, '') !== rows[i].author && m.author.name !== rows[i].author) problems.push(`#${i + 1}: author ${show(m.author.handle)}`);
    }
    for (const [i, codes] of skipped) {
      // Only a text that reads as empty may be refused, as empty.
      if (READ_BACK[format](ps[i]).trim() !== '' || !codes.some((c) => EMPTY_CODES.has(c))) problems.push(`#${i + 1} skipped (${codes.join(', ')}): ${show(ps[i])}`);
    }
    // Nothing about the file itself went wrong: decoded as UTF-8, not cut short, not empty.
    for (const d of s.diagnostics) {
      if (FILE_PROBLEMS.has(d.code)) problems.push(`file diagnostic ${d.code}: ${d.message}`);
    }
    noProblems(problems, `${format} text`);
    assert.ok(s.kept >= ps.length - 6, `${format}: ${s.kept} kept of ${ps.length}`);
  }),
);

/** Text outside tags and comments, entities decoded: a crude reading, independent of the importers (as hostile-import.test.ts). */
const TAG = /<\/?[A-Za-z][^>]*>?/g;
function crudeText(s: string): string {
  const stripped = s.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(TAG, ' ').replace(/</g, '&lt;');
  return cheerio.load(`<p>${stripped}</p>`, null, false)('p').text();
}
const DANGER = [/<script/gi, /\bon[a-z]+\s*=/gi, /javascript:/gi, /<\/?[a-z][^\s>/]*/gi];
/** Attribute values inside the payload's tags (same crude reading), entities decoded. */
function attributeValues(s: string): string[] {
  return [...s.matchAll(TAG)].flatMap((tag) =>
    [...tag[0].matchAll(/\s[^\s=<>"'/]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)].map((m) => cheerio.load(`<p title="${m[1].replace(/^["']|["']$/g, '').replace(/"/g, '&quot;')}"></p>`, null, false)('p').attr('title') ?? ''),
  );
}

corpusTest('hostile markup in an HTML-content format (Telegram HTML, Mastodon, Zulip): only its text survives', COLLECTIONS, (t) =>
  overFormats(t, HTML_CONTENT, (format, ps) => {
    const problems: string[] = [];
    // A JSON string holds each post's HTML on its own; Telegram's page may have a payload swallow
    // the rows after it (an unclosed <textarea>), so each payload there gets a page of its own.
    const groups = format === 'telegram-html' ? ps.map((_, i) => [i]) : [ps.map((_, i) => i)];
    for (const idx of groups) {
      const rows = platformRows(idx.length, (k) => ps[idx[k]]);
      const tr = importExports([exportFile(write(format, rows, { raw: true }))], { ...OPTIONS, format });
      const [s] = tr.sources;
      assert.equal(s.found, s.kept + s.merged + s.skipped, format);
      if (s.found !== idx.length) problems.push(`${format}: ${idx.length} rows written, ${s.found} found (${show(ps[idx[0]])})`);
      for (const m of tr.messages) {
        const payload = ps[idx[m.origin.position - 1]];
        const text = crudeText(payload).toLowerCase();
        for (const re of DANGER) for (const hit of m.text.matchAll(re)) if (!text.includes(hit[0].toLowerCase())) problems.push(`${show(hit[0])} from markup ${show(payload)} in ${show(m.text)}`);
        // Links the markup held are kept only as http(s) addresses.
        for (const l of [...m.links, ...(m.url ? [m.url] : [])]) if (!/^https?:\/\/[^\s<>"]+$/.test(l)) problems.push(`link ${show(l)} from ${show(payload)}`);
        // No attribute of the markup survives (unless the same string is also text, or is an http(s) link).
        for (const v of attributeValues(payload)) {
          const value = v.trim();
          if (value.length < 6 || text.includes(value.toLowerCase()) || /^https?:\/\//i.test(value)) continue;
          if (m.text.includes(value)) problems.push(`attribute value ${show(value)} of ${show(payload)} in ${show(m.text)}`);
        }
      }
    }
    noProblems(problems, `${format} markup`);
  }),
);

test('telegram-html: rows hidden by an unclosed <style>, <textarea>, <!-- or <script> in a text are found, skipped and reported at their lines', () => {
  for (const opener of ['<style>', '<textarea>', '<!--', '<script>', '<xmp>']) {
    const rows = platformRows(5, (i) => (i === 1 ? `broken ${opener} here` : `message ${i}`));
    const w = write('telegram-html', rows, { raw: true });
    const t = importExports([exportFile(w)], { ...OPTIONS, format: 'telegram-html' });
    const [s] = t.sources;
    accounted(s, t, 5, opener);
    const hidden = s.diagnostics.filter((d) => d.code === 'hidden-by-markup');
    assert.deepEqual([s.kept, hidden.map((d) => d.position)], [2, [3, 4, 5]], opener);
    const lines = w.bytes.toString('utf8').split('\n');
    for (const d of hidden) assert.equal(lines[d.line! - 1].trim(), `<div class="message default clearfix" id="message${rows[d.position! - 1].id}">`, `${opener}: line ${d.line}`);
  }
});

// ------------------------------------------------------------------ 3: truncated and flipped

/** A small hostile export: 40 payloads spread over the collections, with replies. */
function smallRows(ps: string[]): PlatformRow[] {
  const pick = ps.filter((_, i) => i % 22 === 3);
  return platformRows(pick.length, (i) => pick[i], (i, r) => (i % 5 === 4 ? { ...r, replyTo: String(1000 + i - 1) } : r));
}

function reconciles(t: Transcript, where: string): void {
  for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped, `${where}: found ${s.found} != ${s.kept}+${s.merged}+${s.skipped}`);
  assert.equal(t.messages.length, t.sources.reduce((n, s) => n + s.kept, 0), where);
  for (const m of t.messages) assert.equal(typeof m.id, 'string', where);
}

/** Imports damaged bytes under the format named (never auto-detected: a damaged file may look like nothing). */
function importDamaged(format: string, w: WrittenExport, bytes: Buffer, where: string): void {
  let t: Transcript;
  try {
    t = importExports([exportFile(w, bytes)], { ...OPTIONS, format });
  } catch (e) {
    throw new Error(`${where}: the import threw: ${(e as Error).stack}`);
  }
  reconciles(t, where);
}

const CUTS = 20;
/** The byte offsets an export is cut at: 20, spread over the file (never 0 or the whole). */
const cuts = (length: number) => Array.from({ length: CUTS }, (_, k) => Math.max(1, Math.floor((length * (k + 1)) / (CUTS + 1))));

const FLIPS = fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 });
const FUZZ = { seed: Number(process.env.FUZZ_SEED ?? 20260512), numRuns: Number(process.env.FUZZ_RUNS ?? 25) };

function flipped(bytes: Buffer, flips: { at: number; byte: number }[]): Buffer {
  const b = Buffer.from(bytes);
  for (const f of flips) b[Math.floor(f.at * b.length)] = f.byte;
  return b;
}

corpusTest('every platform export cut at 20 places, and with bytes flipped: the import never throws and reconciles', COLLECTIONS, (t) =>
  overFormats(t, PLATFORM_FORMATS, (format, ps) => {
    const w = write(format, smallRows(ps));
    for (const at of cuts(w.bytes.length)) importDamaged(format, w, w.bytes.subarray(0, at), `${format} cut at ${at}/${w.bytes.length}`);
    fc.assert(
      fc.property(FLIPS, (flips) => importDamaged(format, w, flipped(w.bytes, flips), `${format} flipped ${JSON.stringify(flips)}`)),
      FUZZ,
    );
  }),
);

test('bluesky-car (binary): a repository cut at 20 places, and with bytes flipped, never makes the import throw', () => {
  const car = readFileSync(join(ROOT, 'test/fixtures/bluesky/mini.car'));
  const w: WrittenExport = { name: 'repo.car', bytes: car };
  const full = importExports([new ExportFile('repo.car', car)], OPTIONS);
  assert.equal(full.sources[0].format, 'bluesky-car');
  assert.ok(full.messages.length >= 2);
  for (const at of cuts(car.length)) importDamaged('bluesky-car', w, car.subarray(0, at), `bluesky-car cut at ${at}/${car.length}`);
  fc.assert(fc.property(FLIPS, (flips) => importDamaged('bluesky-car', w, flipped(car, flips), `bluesky-car flipped ${JSON.stringify(flips)}`)), { ...FUZZ, numRuns: 100 });
});

// ------------------------------------------------------------------ rows without an author or a text, repeated rows

/** Formats whose exports cannot hold a message without an author name (the line would be no message line at all). */
const NAME_REQUIRED = new Set<PlatformFormat>(['whatsapp-txt', 'irc-log']);

test('a row without an author or a text is kept or skipped with a diagnostic at its own lines; a repeated row is merged, counted', () => {
  for (const format of PLATFORM_FORMATS) {
    const base = platformRows(6, (i) => `message number ${i}`);
    const rows = base.map((r, i) => (i === 2 && !NAME_REQUIRED.has(format) ? { ...r, author: '' } : i === 4 ? { ...r, text: '' } : r));
    const w = write(format, rows);
    const t = importExports([exportFile(w)], { ...OPTIONS, format });
    const [s] = t.sources;
    accounted(s, t, rows.length, format);
    // The line of a skipped row lies after the text of the row before it and before the text of the row after it.
    // (Zoom ends a header with CR CR LF: one line end.)
    const lines = w.bytes.toString('utf8').split(/\r*\n/);
    const textLine = (i: number) => lines.findIndex((l) => l.includes(`message number ${i}`)) + 1;
    for (const d of s.diagnostics.filter((x) => x.position !== undefined && !t.messages.some((m) => m.origin.position === x.position))) {
      const i = d.position! - 1;
      assert.ok(i === 0 || d.line! > textLine(i - 1), `${format}: ${d.code} of row #${i + 1} at line ${d.line}, the row before ends at ${textLine(i - 1)}`);
      assert.ok(i === rows.length - 1 || d.line! < textLine(i + 1), `${format}: ${d.code} of row #${i + 1} at line ${d.line}, the row after at ${textLine(i + 1)}`);
    }
    // The second row again, after the third: the same message (by id, or by content where the format has none).
    const again = importExports([exportFile(write(format, [...base.slice(0, 3), base[1], ...base.slice(3)]))], { ...OPTIONS, format });
    const [a] = again.sources;
    assert.deepEqual([a.found, a.kept, a.merged, a.skipped], [7, 6, 1, 0], format);
    assert.ok(a.diagnostics.some((d) => d.code === 'duplicate' && d.position === 4), `${format}: the repeat is noted`);
  }
});

// ------------------------------------------------------------------ 4: linear time

/** Times under this count as this (milliseconds): below it, a step is noise. */
const FLOOR_MS = 2;
/** 4x the input may take at most this many times the time (a quadratic reader takes 16x). */
const MAX_STEP = 8;

function cpuTime(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function best(run: () => void, runs: number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, cpuTime(run));
  return min;
}

/** The CPU time of importing the 4x export over that of the 1x one, measured again (more runs) while it is over MAX_STEP. */
function stepRatio(format: PlatformFormat, small: WrittenExport, big: WrittenExport): { ratio: number; text: string } {
  const read = (w: WrittenExport) => () => importExports([exportFile(w)], { ...OPTIONS, format });
  read(small)(); // warm up
  let r = { ratio: Infinity, text: '' };
  for (const runs of [3, 6, 12]) {
    const a = Math.max(best(read(small), runs), FLOOR_MS);
    const b = best(read(big), runs);
    r = { ratio: b / a, text: `${small.bytes.length} -> ${big.bytes.length} bytes took ${(b / a).toFixed(1)}x the time (${a.toFixed(1)} -> ${b.toFixed(1)} ms)` };
    if (r.ratio <= MAX_STEP) break;
  }
  return r;
}

/** The long messages: "OMG" and n "!", and n/2 nested brackets and braces around a word. */
const OMG = (n: number) => `OMG${'!'.repeat(n - 3)}`;
const NESTED = (n: number) => `${'[{'.repeat(n / 4)}deep${'}]'.repeat(n / 4)}`;
/** Deep markup, for the HTML-content formats' raw mode: n nested elements. */
const DEEP_MARKUP = (n: number) => `${'<b>'.repeat(n)}deep${'</b>'.repeat(n)}`;

const LONG: { label: string; make: (n: number) => string; size: number; raw?: boolean; formats?: PlatformFormat[] }[] = [
  { label: '200,000-character "OMG!!!!…"', make: OMG, size: 200_000 },
  { label: '50,000 nested brackets and braces', make: (n) => NESTED(2 * n), size: 50_000 },
  { label: '50,000 nested elements (raw HTML)', make: DEEP_MARKUP, size: 50_000, raw: true, formats: HTML_CONTENT },
];

test('a 200,000-character "OMG!!!!…" message and 50,000 nested brackets import in linear time, in every platform format', async (t) => {
  for (const format of PLATFORM_FORMATS) {
    await t.test(format, () => {
      for (const c of LONG) {
        if (c.formats && !c.formats.includes(format)) continue;
        const rowsOf = (n: number) => platformRows(3, (i) => (i === 1 ? c.make(n) : `message ${i}`));
        const big = write(format, rowsOf(c.size), { raw: c.raw });
        // The long message is read (not cut or skipped).
        const tr = importExports([exportFile(big)], { ...OPTIONS, format });
        const [s] = tr.sources;
        assert.deepEqual([s.found, s.kept], [3, 3], `${format} ${c.label}: ${JSON.stringify(s.diagnostics.map((d) => d.code))}`);
        const long = tr.messages.find((m) => m.origin.position === 2)!;
        assert.ok(long.text.length >= (c.raw ? 4 : c.size - 10), `${format} ${c.label}: ${long.text.length} characters kept`);
        const r = stepRatio(format, write(format, rowsOf(c.size / 4), { raw: c.raw }), big);
        t.diagnostic(`${format} ${c.label}: ${r.text}`);
        assert.ok(r.ratio <= MAX_STEP, `${format} ${c.label}: ${r.text}`);
      }
    });
  }
});

// ------------------------------------------------------------------ 5: a site from every format

/** Payloads for the build's jams: those with markup or script in them, and a sample of the rest. */
function buildPayloads(ps: string[]): string[] {
  return ps.filter((p, i) => /<|javascript:|\son\w+=/i.test(p) || i % 10 === 0);
}

/** Benign texts with everything the renderer turns into markup: links, mentions, hashtags, line breaks, a question. */
const BENIGN = ['Q1: what is a jam? #hostile', 'A1 see https://example.com/a?b=1&c=2 and @user1', 'two\nlines', 'plain text', 'more @user2 #tag https://example.org/x'];

function writeJam(content: string, slug: string, format: PlatformFormat, texts: string[]): void {
  const dir = join(content, 'jams', slug);
  mkdirSync(dir, { recursive: true });
  const rows = platformRows(texts.length, (i) => texts[i], (i, r) => (i % 7 === 6 ? { ...r, replyTo: String(1000 + i - 1) } : r));
  const w = write(format, rows);
  writeFileSync(join(dir, w.name), w.bytes);
  for (const [name, b] of Object.entries(w.beside ?? {})) writeFileSync(join(dir, name), b);
  writeFileSync(
    join(dir, 'recap.md'),
    `---\ntitle: ${JSON.stringify(`Hostile ${format}`)}\ndate: ${DAY}\nhashtag: hostile\ntimezone: UTC\nexports: [${JSON.stringify(w.name)}]\n---\nA jam from a ${format} export.\n`,
  );
}

function htmlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Attributes a browser follows or loads as a URL (a `data-` attribute holding "javascript:" is only text). */
const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'poster', 'xlink:href', 'content', 'background', 'cite', 'data']);

/** An element's shape: its parent's tag and classes, its own, and its attribute names. */
function shapes(html: string): { shapes: Set<string>; danger: string[] } {
  const $ = cheerio.load(html);
  const out = new Set<string>();
  const danger: string[] = [];
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    const parent = el.parent && el.parent.type === 'tag' ? `${el.parent.name}.${(el.parent.attribs.class ?? '').split(/\s+/).sort().join('.')}` : '';
    const attrs = Object.keys(el.attribs).sort();
    out.add(`${parent} > ${el.name}.${(el.attribs.class ?? '').split(/\s+/).sort().join('.')}[${attrs.join(',')}]`);
    for (const [k, v] of Object.entries(el.attribs)) {
      if (/^on/i.test(k)) danger.push(`${el.name}[${k}]`);
      if (URL_ATTRIBUTES.has(k.toLowerCase()) && /^(javascript|vbscript|data):/i.test(v.replace(/[\u0000-\u0020]/g, ''))) danger.push(`${el.name}[${k}=${v.slice(0, 40)}]`);
    }
  });
  return { shapes: out, danger };
}

let site: Promise<{ out: string; result: BuildResult }> | undefined;
/** One build: a jam per platform format from its hostile export, and benign jams to compare pages with. */
function hostileSite(): Promise<{ out: string; result: BuildResult }> {
  site ??= (async () => {
    const ps = buildPayloads(await payloads());
    const content = join(TMP, 'content');
    for (const format of PLATFORM_FORMATS) writeJam(content, `${DAY}-hostile-${format}`, format, [BENIGN[0], ...ps, ...BENIGN.slice(1)]);
    // As many messages, as long, as the hostile jams (so its transcript has pages too); authors with a name apart from their handle.
    writeJam(content, `${DAY}-benign`, 'bluesky-json', [BENIGN[0], ...ps.map((p, i) => `${BENIGN[i % BENIGN.length]} ${'word '.repeat(p.length / 5)}`), ...BENIGN.slice(1)]);
    // Handles as written (@user1 is a participant's), and replies to a post the file does not hold (Reddit's comments).
    for (const format of ['discord-json', 'reddit-json'] as const) writeJam(content, `${DAY}-benign-${format}`, format, Array.from({ length: 20 }, (_, i) => BENIGN[i % BENIGN.length]));
    const out = join(TMP, 'site');
    const result = await buildSite({ contentDir: content, outDir: out });
    return { out, result };
  })();
  return site;
}

corpusTest('a site built from a hostile jam of every platform format: no <script, no markup from chat text, in any page', COLLECTIONS, async () => {
  const { out, result } = await hostileSite();
  assert.equal(result.ok, true, JSON.stringify(result.problems.slice(0, 5)));
  const jamPages = (slug: string) => htmlFiles(join(out, 'jams', slug)).filter((f) => !f.includes('/download/'));
  const allowed = new Set<string>();
  for (const slug of [`${DAY}-benign`, `${DAY}-benign-discord-json`, `${DAY}-benign-reddit-json`]) for (const f of jamPages(slug)) for (const s of shapes(readFileSync(f, 'utf8')).shapes) allowed.add(s);
  const problems: string[] = [];
  for (const f of htmlFiles(out)) {
    const rel = relative(out, f);
    // The search page's one module script (its file, no inline code) is the site's only script.
    const html = withoutSearchScript(rel, readFileSync(f, 'utf8'));
    // Downloads are documents of their own (tested in downloads.test.ts); the site's pages have no script at all.
    if (!rel.includes('/download/') && /<script/i.test(html)) problems.push(`${rel}: <script`);
    const { shapes: own, danger } = shapes(html);
    for (const d of danger) problems.push(`${rel}: ${d}`);
    if (rel.startsWith(`jams/${DAY}-hostile-`) && !rel.includes('/download/')) for (const s of own) if (!allowed.has(s)) problems.push(`${rel}: an element no benign page has: ${s}`);
  }
  noProblems(problems, 'the built site');
  // Not vacuous: the same check on a hostile transcript page with one payload's escaping undone finds it.
  const page = readFileSync(join(out, 'jams', `${DAY}-hostile-discord-json`, 'transcript', 'index.html'), 'utf8');
  assert.ok(page.includes('&lt;img'), 'an escaped <img in the transcript');
  const leaked = shapes(page.replace('&lt;img', '<img'));
  assert.ok(leaked.danger.length > 0 || [...leaked.shapes].some((x) => !allowed.has(x)), 'an unescaped <img would be found');
  // Every jam was built, with its messages.
  for (const format of PLATFORM_FORMATS) {
    const summary = result.summaries.find((s) => s.slug === `${DAY}-hostile-${format}`);
    assert.ok(summary && summary.messages > 300, `${format}: ${summary?.messages} messages built`);
  }
});
