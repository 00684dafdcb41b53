/**
 * `npm run bench:downloads`: renders every download of a generated TweetChat
 * transcript of 20,000 messages (bench/tweetchat-page.ts, imported once) and
 * reports the CPU time (process.cpuUsage, user + system, median of the runs)
 * of all downloads together and of each format alone, then the same through
 * the download cache (src/site/download-cache.ts) when the entry is there
 * (a rebuild of an unchanged jam: the key's hashing plus one file read),
 * and each file's size.
 *
 * BENCH_MESSAGES and BENCH_RUNS change the size and the number of runs.
 */
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import {
  renderCsv, renderDownloads, renderHtml, renderJson, renderMarkdown, renderSpreadsheetCsv, renderText, renderZip, type DownloadContext,
} from '../src/downloads/index.ts';
import { cachedDownloads, downloadCacheStats } from '../src/site/download-cache.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tweetchatPage } from './tweetchat-page.ts';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU milliseconds (user + system) of one call. */
function cpu(fn: () => unknown): number {
  const t0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** Median CPU ms over RUNS runs, after one warm-up run. */
function measure(fn: () => unknown): number {
  fn();
  return median(Array.from({ length: RUNS }, () => cpu(fn)));
}

const page = tweetchatPage(COUNT);
const t = importExports([new ExportFile('bench-room.html', page)]);
if (t.messages.length !== COUNT) throw new Error(`imported ${t.messages.length} messages, expected ${COUNT}`);
const ctx: DownloadContext = {
  slug: 'bench',
  title: 'Bench jam',
  timezone: 'America/New_York',
  questionTexts: Object.fromEntries(t.questions.map((q) => [q.id, q.text])),
  exports: [{ name: 'bench-room.html', bytes: page }],
};

const files = renderDownloads(t, ctx);
const six = files.slice(0, 6);
const formats: [string, () => unknown][] = [
  ['json', () => renderJson(t, ctx)],
  ['csv', () => renderCsv(t, ctx)],
  ['spreadsheet csv', () => renderSpreadsheetCsv(t, ctx)],
  ['markdown', () => renderMarkdown(t, ctx)],
  ['text', () => renderText(t, ctx)],
  ['html', () => renderHtml(t, ctx)],
  ['zip', () => renderZip(t, ctx, six)],
];

console.log(`downloads of a ${COUNT}-message TweetChat transcript, CPU ms, median of ${RUNS} runs (node ${process.version})`);
const row = (name: string, ms: number, extra = '') => console.log(`${name.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms${extra}`);
row('all downloads (render)', measure(() => renderDownloads(t, ctx)));
for (const [name, fn] of formats) row(`  ${name} alone`, measure(fn));
const cacheDir = mkdtempSync(join(tmpdir(), 'jamrecap-bench-'));
try {
  cachedDownloads(cacheDir, 'bench-jam', t, ctx);
  const renders = downloadCacheStats.renders;
  row('all downloads (cache hit)', measure(() => cachedDownloads(cacheDir, 'bench-jam', t, ctx)));
  if (downloadCacheStats.renders !== renders) throw new Error('the cache did not answer');
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
console.log('sizes:');
for (const f of files) console.log(`  ${f.name.padEnd(28)} ${f.bytes.length.toString().padStart(10)} bytes`);
