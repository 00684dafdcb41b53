/**
 * `npm run bench:import`: imports a generated TweetChat room page of 20,000
 * messages and, in the same run, parses the same bytes with bare htmlparser2
 * (decode + parseDocument), reporting MB/s and messages/s side by side.
 * Target: the import within 2x of the bare parse.
 */
import { parseDocument } from 'htmlparser2';
import iconv from 'iconv-lite';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { tweetchatPage } from './tweetchat-page.ts';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 20000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const bytes = tweetchatPage(COUNT);
const mb = bytes.length / 1e6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

let messages = 0;
const bare: number[] = [];
const imp: number[] = [];
for (let i = 0; i < RUNS + 1; i++) {
  // Alternate so that GC and JIT state affect both alike; the first round warms up.
  const b = time(() => parseDocument(iconv.decode(bytes, 'windows-1252')));
  const m = time(() => {
    messages = importExports([new ExportFile('bench-room.html', bytes)]).messages.length;
  });
  if (i > 0) {
    bare.push(b);
    imp.push(m);
  }
}
if (messages !== COUNT) throw new Error(`imported ${messages} messages, expected ${COUNT}`);

const row = (name: string, ms: number) =>
  `${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${(mb / (ms / 1000)).toFixed(1).padStart(6)} MB/s  ${Math.round(COUNT / (ms / 1000)).toString().padStart(8)} messages/s`;
const b = median(bare);
const m = median(imp);
console.log(`TweetChat room page: ${COUNT} messages, ${mb.toFixed(1)} MB, median of ${RUNS} runs (node ${process.version})`);
console.log(row('htmlparser2 (bare)', b));
console.log(row('jamrecap import', m));
console.log(`ratio import/bare: ${(m / b).toFixed(2)}x (target <= 2x)`);
process.exitCode = m / b <= 2 ? 0 : 1;
