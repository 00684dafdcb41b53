/**
 * Worker threads (src/site/prepare-jams.ts, jam-worker.ts): a site of
 * generated jams (bench/site-generator.ts) built on two threads (a worker
 * and the main thread: JAMRECAP_WORKERS=2) is byte-identical, file by file,
 * to the same site built on one thread (JAMRECAP_WORKERS=1), with a cache
 * and without one (a temporary cache, deleted after the build); the worker
 * really did its share (its cache writes and renders are counted, and the
 * main thread imported and rendered only its own);
 * a jam whose export makes the importer throw is reported exactly as on one
 * thread; a worker that crashes leaves its jams to the main thread (same
 * site, a warning, no hang); a rebuild with a warm cache starts no worker.
 * The compiled CLI's workers: test/compiled-cli.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { generateSite } from '../bench/site-generator.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { cacheStats } from '../src/site/cache.ts';
import { downloadCacheStats } from '../src/site/download-cache.ts';
import { BYTES_PER_THREAD, jamBytes, prepareJams, prepareStats, workerCount, WORKERS_ENV } from '../src/site/prepare-jams.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { ROOT } from './helpers/corpus.ts';
import { differingFiles, listFiles } from './helpers/files.ts';

const JAMS = 3;
const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');

let tmp: string;
let content: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-workers-'));
  content = join(tmp, 'content');
  generateSite(content, { jams: JAMS, messages: 300 });
});

after(() => {
  delete process.env[WORKERS_ENV];
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A counter's change over `run`. */
async function delta<T extends Record<string, unknown>, R>(stats: T, run: () => Promise<R>): Promise<{ result: R; d: Record<keyof T, number> }> {
  const before = { ...stats };
  const result = await run();
  const d = Object.fromEntries(Object.keys(stats).map((k) => [k, typeof stats[k] === 'number' ? (stats[k] as number) - (before[k] as number) : 0])) as Record<keyof T, number>;
  return { result, d };
}

/** A build as a new process would run it (memory caches forgotten), with `workers` as JAMRECAP_WORKERS. */
async function build(contentDir: string, out: string, workers: number, cacheDir: string | null): Promise<BuildResult> {
  clearSiteCaches();
  process.env[WORKERS_ENV] = String(workers);
  try {
    return await buildSite({ contentDir, outDir: join(tmp, out), cacheDir });
  } finally {
    delete process.env[WORKERS_ENV];
  }
}

/** Every file of two sites, the same names and the same bytes. */
function assertSameSite(a: string, b: string): void {
  const files = listFiles(a);
  assert.deepEqual(listFiles(b), files);
  assert.ok(files.length > 20 * JAMS, `only ${files.length} files`);
  assert.deepEqual(differingFiles(a, b, files), []);
}

const ok = (r: BuildResult) => assert.ok(r.ok, r.error?.message ?? r.problems.map((p) => formatProblem(p)).join('\n'));

describe('workers', () => {
  test('how many workers: min(cores, jams, one more per 32 MB) threads with this one, JAMRECAP_WORKERS over that, none for 0, 1 or a single jam', () => {
    const MB = 1024 * 1024;
    assert.equal(BYTES_PER_THREAD, 32 * MB);
    assert.equal(workerCount(10, 1000 * MB, {}, 2), 1);
    assert.equal(workerCount(10, 1000 * MB, {}, 8), 7);
    assert.equal(workerCount(3, 1000 * MB, {}, 8), 2);
    assert.equal(workerCount(2, 1000 * MB, {}, 8), 1);
    assert.equal(workerCount(1, 1000 * MB, {}, 8), 0);
    assert.equal(workerCount(0, 0, {}, 8), 0);
    // Not enough work to pay for a worker's start: 20 jams of 1.1 MB; 50 of them get one worker; 100, three.
    assert.equal(workerCount(20, 23 * MB, {}, 8), 0);
    assert.equal(workerCount(50, 56 * MB, {}, 8), 1);
    assert.equal(workerCount(100, 112 * MB, {}, 8), 3);
    assert.equal(workerCount(100, 112 * MB, {}, 2), 1);
    // Set: the work is not counted.
    assert.equal(workerCount(10, 0, { [WORKERS_ENV]: '4' }, 2), 3);
    assert.equal(workerCount(10, 1000 * MB, { [WORKERS_ENV]: '1' }, 8), 0);
    assert.equal(workerCount(10, 1000 * MB, { [WORKERS_ENV]: '0' }, 8), 0);
    assert.equal(workerCount(10, 1000 * MB, { [WORKERS_ENV]: 'lots' }, 2), 1);
  });

  test('the work a site makes: the bytes of its jams\' files', () => {
    const dirs = readdirSync(join(content, 'jams')).map((d) => join(content, 'jams', d));
    const bytes = dirs.flatMap((d) => readdirSync(d).map((f) => statSync(join(d, f)).size)).reduce((a, b) => a + b, 0);
    assert.ok(bytes > 300_000, `${bytes}`);
    assert.equal(jamBytes(dirs), bytes);
    // Small: no worker unless asked for.
    assert.equal(workerCount(JAMS, jamBytes(dirs), {}, 8), 0);
  });

  test('built on two threads: the same bytes as on one thread, and the worker did its share of the imports and downloads', async () => {
    const one = await delta(downloadCacheStats, () => delta(prepareStats, () => build(content, 'one', 1, join(tmp, 'cache-one'))));
    ok(one.result.result);
    assert.equal(one.result.d.workers, 0);
    assert.equal(one.d.renders, JAMS, 'one thread: the main thread renders every download');

    const importsBefore = { ...cacheStats };
    const two = await delta(downloadCacheStats, () => delta(prepareStats, () => build(content, 'two', 2, join(tmp, 'cache-two'))));
    ok(two.result.result);
    const p = two.result.d;
    // One worker (JAMRECAP_WORKERS=2: two threads) holds two jobs at once: it takes the first two jams, this thread the third.
    assert.deepEqual(
      { workers: p.workers, jams: p.jams, workerJams: p.workerJams, mainJams: p.mainJams, seeded: p.seeded, importWrites: p.importWrites, downloadWrites: p.downloadWrites, renders: p.renders, failed: p.failed, crashes: p.crashes },
      { workers: 1, jams: JAMS, workerJams: 2, mainJams: 1, seeded: 2, importWrites: 2, downloadWrites: 2, renders: 2, failed: 0, crashes: 0 },
    );
    // This thread imported and rendered its one jam only: the worker's imports were seeded (not even read from the cache), its downloads read.
    assert.deepEqual({ misses: cacheStats.misses - importsBefore.misses, hits: cacheStats.hits - importsBefore.hits, writes: cacheStats.writes - importsBefore.writes }, { misses: 1, hits: 0, writes: 1 });
    assert.deepEqual({ renders: two.d.renders, writes: two.d.writes }, { renders: 1, writes: 1 });
    // The build found this thread's jam in memory, model and all: only the worker's two jams had their downloads listed from the cache.
    assert.equal(two.d.listed, 2);
    assert.deepEqual(one.result.result.summaries, two.result.result.summaries);
    assertSameSite(join(tmp, 'one'), join(tmp, 'two'));
  });

  test('without a cache: a temporary one while the build runs, deleted after; the same bytes', async () => {
    const run = await delta(prepareStats, () => build(content, 'uncached', 2, null));
    ok(run.result);
    assert.equal(run.d.workers, 1);
    assert.equal(run.d.downloadWrites, 2);
    assert.match(prepareStats.tempCache, /jamrecap-cache-/);
    assert.ok(!existsSync(prepareStats.tempCache), 'the temporary cache is deleted');
    assertSameSite(join(tmp, 'one'), join(tmp, 'uncached'));
  });

  test('serve without a cache: the workers only import, and only the jams not in memory yet', async () => {
    clearSiteCaches();
    process.env[WORKERS_ENV] = '2';
    try {
      const first = await delta(prepareStats, () => prepareJams(content, { cacheDir: null, drafts: true }));
      assert.deepEqual({ workers: first.result.workers, jams: first.result.jams, workerJams: first.result.workerJams, mainJams: first.result.mainJams, seeded: first.result.seeded }, { workers: 1, jams: JAMS, workerJams: 2, mainJams: 1, seeded: 2 });
      assert.deepEqual({ renders: first.d.renders, downloadWrites: first.d.downloadWrites, importWrites: first.d.importWrites }, { renders: 0, downloadWrites: 0, importWrites: 0 });
      const again = await prepareJams(content, { cacheDir: null, drafts: true });
      assert.deepEqual({ workers: again.workers, jams: again.jams }, { workers: 0, jams: 0 });
    } finally {
      delete process.env[WORKERS_ENV];
      clearSiteCaches();
    }
  });

  test('a rebuild with the cache warm starts no worker', async () => {
    const again = await delta(prepareStats, () => build(content, 'again', 2, join(tmp, 'cache-two')));
    ok(again.result);
    assert.deepEqual({ runs: again.d.runs, workers: again.d.workers, jams: again.d.jams }, { runs: 1, workers: 0, jams: 0 });
    assertSameSite(join(tmp, 'one'), join(tmp, 'again'));
  });

  test('a jam whose export makes the importer throw: the same problems as on one thread', async () => {
    const broken = join(tmp, 'broken');
    generateSite(broken, { jams: 2, messages: 200 });
    const jam = join(broken, 'jams', '2012-10-24-socbizchat');
    mkdirSync(jam, { recursive: true });
    copyFileSync(join(EXAMPLE, 'socbizchat-room.html'), join(jam, 'room.html'));
    writeFileSync(join(jam, 'recap.md'), '---\ntitle: Broken selectors\ndate: 2012-10-24\nhashtag: socbizchat\ntimezone: UTC\nselectors:\n  message: .tweet\n  group: "[["\n  author: .user\n  time: .time\n  text: .text\n---\nThe jam.\n');
    const lines = (r: BuildResult) => r.problems.map((p) => formatProblem(p));
    const one = await build(broken, 'broken-one', 1, join(tmp, 'cache-broken-one'));
    const two = await delta(prepareStats, () => build(broken, 'broken-two', 2, join(tmp, 'cache-broken-two')));
    assert.equal(two.d.jams, 3);
    // The broken jam sorts first: the worker took it (and the next one).
    assert.equal(two.d.seeded, 2, 'the failed import came from the worker');
    assert.equal(two.d.failed, 0);
    assert.equal(one.ok, false);
    assert.equal(two.result.ok, false);
    assert.ok(lines(one).some((l) => /recap\.md:6:1: import failed: .*invalid CSS selector for group: "\[\["/.test(l)), lines(one).join('\n'));
    assert.deepEqual(lines(two.result), lines(one));
    // Without a cache: the same problems, and the failed build's temporary cache is gone too.
    const uncached = await build(broken, 'broken-uncached', 2, null);
    assert.deepEqual(lines(uncached), lines(one));
    assert.match(prepareStats.tempCache, /jamrecap-cache-/);
    assert.ok(!existsSync(prepareStats.tempCache));
  });

  test('SIGINT during a build without a cache: the temporary cache is deleted and the process stops as the signal says', async () => {
    const tmpHome = join(tmp, 'sigint-tmp');
    mkdirSync(tmpHome);
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'jamrecap.js'), 'build', '--content', content, '--out', join(tmp, 'sigint-site'), '--quiet'], {
      cwd: tmp,
      env: { ...process.env, TMPDIR: tmpHome, JAMRECAP_CACHE: 'off', JAMRECAP_WORKERS: '2', JAMRECAP_RUN: 'src' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    // Once the temporary cache holds an entry (the workers are at work), interrupt.
    const entries = () => readdirSync(tmpHome).filter((n) => n.startsWith('jamrecap-cache-'));
    const started = Date.now();
    while (!entries().some((n) => existsSync(join(tmpHome, n, 'imports'))) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    assert.equal(entries().length, 1, 'a temporary cache while the build runs');
    child.kill('SIGINT');
    assert.equal(await exited, 'SIGINT');
    assert.deepEqual(entries(), []);
  });

  test('a worker that crashes leaves its jams to the main thread: the same site, a warning, no hang', async () => {
    const cache = join(tmp, 'cache-crash');
    clearSiteCaches();
    process.env[WORKERS_ENV] = '3';
    // Workers that die on their first job.
    const crashing = () => new Worker('require("node:worker_threads").parentPort.on("message", () => process.exit(3));', { eval: true });
    const warnings: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    let report;
    try {
      report = await prepareJams(content, { cacheDir: cache }, crashing);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(report.workers, 2);
    assert.equal(report.seeded, 0);
    assert.deepEqual(report.crashes, ['a worker exited (code 3) on 2013-01-02-benchjam', 'a worker exited (code 3) on 2013-01-16-benchjam']);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^jamrecap: warning: a worker exited \(code 3\) on \S+; the main thread loads those jams instead/);
    // Started without a module that loads: the same.
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      report = await prepareJams(content, { cacheDir: cache }, () => new Worker('throw new Error("no module")', { eval: true }));
    } finally {
      process.stderr.write = write;
    }
    assert.equal(report.seeded, 0);
    assert.deepEqual(report.crashes, ['a worker stopped on 2013-01-02-benchjam: no module', 'a worker stopped on 2013-01-16-benchjam: no module']);
    assert.equal(report.mainJams, 0, 'the two workers held every job');
    process.env[WORKERS_ENV] = '1';
    const r = await buildSite({ contentDir: content, outDir: join(tmp, 'crashed'), cacheDir: cache });
    delete process.env[WORKERS_ENV];
    ok(r);
    assertSameSite(join(tmp, 'one'), join(tmp, 'crashed'));
  });
});
