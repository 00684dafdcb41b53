/**
 * `npm run bench:import`: every HTML importer (TweetChat, Storify, twitter.com,
 * embedded tweets) on its largest corpus file and on a generated page of
 * 20,000 messages, against a bare htmlparser2 parse of the same bytes
 * (iconv-lite decoding + parseDocument), in CPU time (process.cpuUsage: a busy machine
 * slows both alike). Runs alternate bare and import; the median is reported.
 * Target: the importer (decode, parse, format detection, reading the messages)
 * within 1.5x the bare parse; the whole import (with the pipeline's checks,
 * questions and participants) is printed beside it. The JSON and CSV
 * importers' speed is printed for information. The platform importers
 * (platform-imports.ts) on their largest corpus files, target 2x a bare parse.
 *
 * Environment: BENCH_MESSAGES (default 20000), BENCH_RUNS (default 5),
 * JAMRECAP_CORPUS (default ../shared/corpus; skipped with a note when absent),
 * BENCH_ONLY (one importer's name, e.g. twitter-embed or irc-log: only its cases, no JSON/CSV).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import iconv from 'iconv-lite';
import { ExportFile } from '../src/import/export-file.ts';
import { detectImporter, importExports } from '../src/import/pipeline.ts';
import { tweetchatPage } from './tweetchat-page.ts';
import { embedPage, storifyPage, twitterSearchPage } from './html-pages.ts';
import { benchPlatforms, isPlatform, PLATFORM_TARGET } from './platform-imports.ts';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CORPUS = process.env.JAMRECAP_CORPUS ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const ONLY = process.env.BENCH_ONLY;
const TARGET = 1.5;
/** A small file is imported this many times per measurement, so that one measurement takes at least ~300 ms. */
const MIN_MS = 300;

interface Case {
  format: string;
  label: string;
  bytes: Buffer;
}

/** CPU time (user + system, ms) of `reps` calls. */
function cpu(fn: () => unknown, reps: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / reps;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** What the HTML importer does: decode, parse, detect the format, read the messages. */
function readOnce(c: Case): number {
  const file = new ExportFile(c.label, c.bytes);
  const importer = detectImporter(file, { hints: false });
  if (importer.name !== c.format) throw new Error(`${c.label}: read as ${importer.name}, expected ${c.format}`);
  return importer.parse(file, {}).messages.length;
}

/** The whole import: the above, then the pipeline (checks, duplicates, questions, participants). */
function importOnce(c: Case): number {
  const t = importExports([new ExportFile(c.label, c.bytes)], { hints: false });
  const format = t.sources[0]?.format;
  if (format !== c.format) throw new Error(`${c.label}: read as ${format}, expected ${c.format}`);
  return t.messages.length;
}

interface Measured {
  messages: number;
  bare: number;
  read: number;
  imp: number;
}

/** Median CPU ms of the bare parse, the importer and the whole import (when `bare`: HTML), alternating. */
function measure(c: Case, bare: boolean): Measured {
  // The bare parse decodes the bytes as the import does (Node's TextDecoder reads windows-1252 as latin1).
  const encoding = new ExportFile(c.label, c.bytes).encoding;
  const bareParse = () => parseDocument(iconv.decode(c.bytes, encoding));
  let messages = 0;
  const first = cpu(() => (messages = importOnce(c)), 1); // warm-up
  const reps = Math.max(1, Math.ceil(MIN_MS / Math.max(first, 0.1)));
  const b: number[] = [];
  const r: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (bare) {
      b.push(cpu(bareParse, reps));
      r.push(cpu(() => readOnce(c), reps));
    }
    m.push(cpu(() => importOnce(c), reps));
  }
  return { messages, bare: bare ? median(b) : NaN, read: bare ? median(r) : NaN, imp: median(m) };
}

/** The largest file of a corpus folder, or null (with a note) when the corpus is absent. */
function largest(folder: string, ext: RegExp): { name: string; bytes: Buffer } | null {
  const dir = join(CORPUS, folder);
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => ext.test(f)).map((f) => ({ f, size: statSync(join(dir, f)).size }));
  if (!files.length) return null;
  files.sort((a, b) => b.size - a.size || (a.f < b.f ? -1 : 1));
  return { name: `${folder}/${files[0].f}`, bytes: readFileSync(join(dir, files[0].f)) };
}

const HTML: { format: string; folder: string; generate: (n: number) => Buffer }[] = [
  { format: 'tweetchat', folder: 'tweetchat', generate: tweetchatPage },
  { format: 'storify', folder: 'storify-html', generate: storifyPage },
  { format: 'twitter-html', folder: 'twitter-html', generate: twitterSearchPage },
  { format: 'twitter-embed', folder: 'twitter-embed-blockquote', generate: embedPage },
];

const haveCorpus = existsSync(CORPUS);
console.log(`jamrecap import vs bare htmlparser2 parse, CPU ms (median of ${RUNS}; node ${process.version})`);
if (!haveCorpus) console.log(`note: corpus not found at ${CORPUS}: corpus files skipped (set JAMRECAP_CORPUS)`);
const head = `${'importer'.padEnd(14)} ${'file'.padEnd(48)} ${'bytes'.padStart(9)} ${'messages'.padStart(8)} ${'bare ms'.padStart(8)} ${'read ms'.padStart(8)} ${'ratio'.padStart(6)} ${'target'.padStart(9)} ${'import ms'.padStart(9)} ${'ratio'.padStart(6)}`;
console.log(head);
let worst = 0;
for (const h of HTML) {
  if (ONLY && h.format !== ONLY) continue;
  const cases: Case[] = [];
  const file = haveCorpus ? largest(h.folder, /\.html?$/i) : null;
  if (file) cases.push({ format: h.format, label: file.name, bytes: file.bytes });
  else if (haveCorpus) console.log(`note: no corpus file in ${h.folder}/ for ${h.format}`);
  cases.push({ format: h.format, label: `generated ${COUNT} messages`, bytes: h.generate(COUNT) });
  for (const c of cases) {
    const r = measure(c, true);
    const ratio = r.read / r.bare;
    worst = Math.max(worst, ratio);
    console.log(
      `${h.format.padEnd(14)} ${c.label.slice(-48).padEnd(48)} ${String(c.bytes.length).padStart(9)} ${String(r.messages).padStart(8)} ${r.bare.toFixed(1).padStart(8)} ${r.read.toFixed(1).padStart(8)} ${ratio.toFixed(2).padStart(5)}x ${`<=${TARGET}x ${ratio <= TARGET ? 'ok' : 'OVER'}`.padStart(9)} ${r.imp.toFixed(1).padStart(9)} ${(r.imp / r.bare).toFixed(2).padStart(5)}x`,
    );
  }
}
console.log('read: decode, parse, detect the format and read the messages (the importer); import: all of `import` (with the pipeline: checks, questions, participants)');

// For information: the JSON and CSV importers, in MB/s of CPU time.
if (!ONLY) printJsonCsv();
function printJsonCsv(): void {
  console.log('\nJSON/CSV importers (information): import MB/s of CPU time');
  const info: Case[] = [];
  const twarc = haveCorpus ? largest('twarc2-jsonl', /\.jsonl?$/i) : null;
  if (twarc) info.push({ format: 'twarc2', label: twarc.name, bytes: twarc.bytes });
  const v1 = haveCorpus ? largest('twitter-search-api-v1', /\.json$/i) : null;
  if (v1) info.push({ format: 'twitter-api-v1', label: v1.name, bytes: v1.bytes });
  const transcript = importExports([new ExportFile('room.html', tweetchatPage(COUNT))]);
  info.push({ format: 'jamrecap-json', label: `generated ${COUNT} messages`, bytes: Buffer.from(JSON.stringify(transcript, null, 2)) });
  const csvRows = transcript.messages.map((m) => [m.id, m.author.handle, m.time, JSON.stringify(m.text)].join(','));
  info.push({ format: 'csv', label: `generated ${COUNT} messages`, bytes: Buffer.from(`id,author,time,text\n${csvRows.join('\n')}\n`) });
  for (const c of info) {
    const r = measure(c, false);
    console.log(`${c.format.padEnd(14)} ${c.label.slice(-52).padEnd(52)} ${String(c.bytes.length).padStart(10)} ${String(r.messages).padStart(8)} ${r.imp.toFixed(1).padStart(9)} ms ${(c.bytes.length / 1e6 / (r.imp / 1000)).toFixed(1).padStart(6)} MB/s`);
  }
}

// The platform importers (Discord, Slack, Telegram, …) on their largest corpus files.
const worstPlatform = haveCorpus && (!ONLY || isPlatform(ONLY)) ? benchPlatforms(CORPUS, RUNS, MIN_MS, ONLY) : 0;

console.log(`\nworst HTML importer ratio (read/bare): ${worst.toFixed(2)}x (target <= ${TARGET}x)`);
if (haveCorpus && (!ONLY || isPlatform(ONLY))) console.log(`worst platform importer ratio (read/bare): ${worstPlatform.toFixed(2)}x (target <= ${PLATFORM_TARGET}x)`);
process.exitCode = worst <= TARGET && worstPlatform <= PLATFORM_TARGET ? 0 : 1;
