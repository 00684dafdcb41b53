/**
 * `npm run bench:startup`: what starting the CLI costs, measured as whole
 * child processes (wall time from spawn to exit, and the child's own CPU
 * time, user + system, from process.resourceUsage at its exit), median of
 * BENCH_RUNS (default 10) runs taken in rotation:
 *
 * - `jamrecap --version` and `jamrecap formats`, compiled (dist/) and
 *   through tsx (src/), next to `node -e 0` (Node's own start);
 * - `jamrecap import` of a generated TweetChat page of about 1 MB, against a
 *   bare-parse process: `node` reading the same file, decoding it and
 *   running htmlparser2's parseDocument.
 *
 * Targets, in CPU time (not wall: a busy machine slows every process, and
 * the wall times and the load average are printed beside): `--version`
 * (compiled) under 150 ms, Node's own start included; the compiled import
 * process within 2x the bare-parse process. dist/ is built first when it
 * is not up to date with src/.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFreshDist } from './fresh-dist.ts';
import { tweetchatPage } from './tweetchat-page.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'jamrecap.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TARGET_BYTES = 1_000_000;
const VERSION_MS = 150;
const IMPORT_RATIO = 2;

/** Written into the child at exit: its own CPU time (all threads), read back by the bench. */
const RUSAGE_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    'import{writeFileSync}from"node:fs";const f=process.env.BENCH_RUSAGE;' +
      'process.on("exit",()=>{const u=process.resourceUsage();writeFileSync(f,String(u.userCPUTime+u.systemCPUTime))})',
  );

interface Cost {
  wallMs: number;
  cpuMs: number;
}

interface Case {
  label: string;
  args: string[];
  env?: Record<string, string>;
}

function runOnce(c: Case, tmp: string): Cost {
  const file = join(tmp, 'rusage');
  rmSync(file, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RUSAGE_HOOK, ...c.args], {
    cwd: ROOT,
    env: { ...process.env, JAMRECAP_CACHE: 'off', ...c.env, BENCH_RUSAGE: file },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${c.label} exited ${r.status ?? r.signal}:\n${r.stderr}`);
  return { wallMs, cpuMs: Number(readFileSync(file, 'utf8')) / 1000 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A TweetChat page of about `bytes` bytes (the generator is deterministic per message count). */
function pageOfSize(bytes: number): { page: Buffer; messages: number } {
  const perMessage = tweetchatPage(100).length / 100;
  let messages = Math.round(bytes / perMessage);
  let page = tweetchatPage(messages);
  messages = Math.round(messages * (bytes / page.length));
  page = tweetchatPage(messages);
  return { page, messages };
}

function main(): void {
  ensureFreshDist();
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-startup-'));
  try {
    const { page, messages } = pageOfSize(TARGET_BYTES);
    const exportFile = join(tmp, 'tweetchat-room.html');
    writeFileSync(exportFile, page);
    const out = join(tmp, 'transcript.json');
    const bare =
      'import{readFileSync}from"node:fs";import{parseDocument}from"htmlparser2";' +
      `parseDocument(new TextDecoder("windows-1252").decode(readFileSync(${JSON.stringify(exportFile)})))`;
    const dist = { JAMRECAP_RUN: 'dist' };
    const src = { JAMRECAP_RUN: 'src' };
    const cases: Case[] = [
      { label: 'node -e 0 (Node alone)', args: ['-e', '0'] },
      { label: 'jamrecap --version (dist)', args: [BIN, '--version'], env: dist },
      { label: 'jamrecap --version (tsx)', args: [BIN, '--version'], env: src },
      { label: 'jamrecap formats (dist)', args: [BIN, 'formats'], env: dist },
      { label: 'jamrecap formats (tsx)', args: [BIN, 'formats'], env: src },
      { label: 'bare parse process', args: ['--input-type=module', '-e', bare] },
      { label: 'jamrecap import (dist)', args: [BIN, 'import', exportFile, '--out', out, '--quiet'], env: dist },
      { label: 'jamrecap import (tsx)', args: [BIN, 'import', exportFile, '--out', out, '--quiet'], env: src },
    ];
    for (const c of cases) runOnce(c, tmp); // warm the file cache
    const costs = new Map<string, Cost[]>(cases.map((c) => [c.label, []]));
    for (let i = 0; i < RUNS; i++) for (const c of cases) costs.get(c.label)!.push(runOnce(c, tmp));
    const imported = JSON.parse(readFileSync(out, 'utf8')) as { messages: unknown[] };
    if (imported.messages.length !== messages) throw new Error(`import kept ${imported.messages.length} of ${messages} messages`);

    const med = (label: string): Cost => ({ wallMs: median(costs.get(label)!.map((c) => c.wallMs)), cpuMs: median(costs.get(label)!.map((c) => c.cpuMs)) });
    process.stdout.write(`Start-up, whole processes, median of ${RUNS} (Node ${process.version}); export: ${(statSync(exportFile).size / 1e6).toFixed(2)} MB, ${messages} messages\n\n`);
    process.stdout.write(`${'process'.padEnd(28)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)}\n`);
    for (const c of cases) {
      const m = med(c.label);
      process.stdout.write(`${c.label.padEnd(28)} ${m.wallMs.toFixed(0).padStart(8)} ${m.cpuMs.toFixed(0).padStart(8)}\n`);
    }
    const node = med('node -e 0 (Node alone)');
    const version = med('jamrecap --version (dist)');
    const bareCost = med('bare parse process');
    const importCost = med('jamrecap import (dist)');
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    process.stdout.write(
      `\njamrecap --version (dist): ${version.cpuMs.toFixed(0)} ms CPU, ${version.wallMs.toFixed(0)} ms wall` +
        ` (Node alone: ${node.cpuMs.toFixed(0)} ms CPU, ${node.wallMs.toFixed(0)} ms wall; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)` +
        ` (target < ${VERSION_MS} ms CPU): ${version.cpuMs < VERSION_MS ? 'ok' : 'OVER'}\n` +
        `import process / bare-parse process: ${ratio(importCost.cpuMs, bareCost.cpuMs)}x CPU, ${ratio(importCost.wallMs, bareCost.wallMs)}x wall` +
        ` (target <= ${IMPORT_RATIO}x CPU): ${importCost.cpuMs <= IMPORT_RATIO * bareCost.cpuMs ? 'ok' : 'OVER'}\n`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
