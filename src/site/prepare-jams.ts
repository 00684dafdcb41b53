/**
 * Both cores at work: before a build checks and renders the site
 * (build.ts, `serve`'s builds), the jams whose import or downloads the
 * cache does not hold yet are prepared by a small pool of threads
 * (worker-pool.ts): worker threads (jam-worker.ts) and this one. A worker loads a jam (loadJam) and
 * renders its downloads, which fills the on-disk import and download caches
 * (cache.ts, download-cache.ts), and sends the import back: this thread
 * keeps it in memory (jam-import.ts `seedImports`) instead of parsing the
 * cache entry again. This thread, between the workers' answers, loads jams
 * of its own just as the build loads them (the build then finds them in
 * memory, models and all) and stores their downloads. Then the build runs as
 * it always did: loadSite finds every import in memory and every download in
 * the cache, so the site is byte-identical to a one-thread build and the
 * problems are the ones this thread finds, worded the same. Answers are
 * applied in jam order.
 *
 * How many threads: min(os.availableParallelism(), jams to prepare), this
 * one included (on 2 cores: one worker), and only as many as the work pays
 * for (a worker loads and compiles the code afresh: one more thread per
 * 32 MB of exports, BYTES_PER_THREAD); JAMRECAP_WORKERS=N sets N (the
 * work not counted); 0 or 1, or a single jam to prepare, starts no worker.
 * A worker that crashes or cannot start leaves its jams to the build (with
 * a warning): a build never waits on a dead worker. A jam a worker could not load is simply loaded by the build, which
 * reports it as it always does.
 *
 * Without a cache folder (JAMRECAP_CACHE=off, `cacheDir: null`), a build
 * uses a temporary one while it runs (`withPreparedJams`), deleted after it,
 * on failure and on SIGINT/SIGTERM too; elsewhere (serve) the workers then
 * only import, and only the jams this thread has not imported yet.
 */
import { forgetCacheListings } from './cache-listing.ts';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cacheVersion, codeVersions, ownerTag, resolveCacheDir } from './cache.ts';
import { downloadsVersion } from './download-cache.ts';
import { importsOf, seedImports } from './jam-import.ts';
import { loadAndStore, type JamDone, type JamJob, type WorkerSiteOptions } from './jam-worker.ts';
import { loadJam, releaseLoad } from './jam.ts';
import { runPool, startJamWorker } from './worker-pool.ts';
import { defaultSiteOptions, type SiteOptions } from './options.ts';
import { jamDirs, jamFolderChanged } from './site.ts';
import { readRedactList } from '../notes/redact.ts';

/** The environment variable that sets how many threads prepare the jams, this one included (0 or 1: no worker). */
export const WORKERS_ENV = 'JAMRECAP_WORKERS';

/** Counters for tests and benchmarks, summed over the process: what the workers did. */
export const prepareStats = { runs: 0, workers: 0, jams: 0, mainJams: 0, workerJams: 0, seeded: 0, importWrites: 0, downloadWrites: 0, renders: 0, failed: 0, crashes: 0, tempCache: '' };

/** What one preparation did. */
export interface PrepareReport {
  /** Workers started (0: the main thread does everything, as before). */
  workers: number;
  /** Jams prepared (by the workers and by this thread). */
  jams: number;
  /** Of those, the jams this thread prepared itself (loaded as the build loads them: the build finds them in memory). */
  mainJams: number;
  /** Of those, the jams a worker prepared. */
  workerJams: number;
  /** Jams whose import the main thread now holds in memory. */
  seeded: number;
  /** Why workers stopped early or could not start (their jams fall back to the main thread). */
  crashes: string[];
  /** Milliseconds the workers spent on the jams, all together. */
  workerMs: number;
}

/**
 * The bytes of exports that make one more thread worth starting: a worker
 * loads and compiles the code afresh (about 1 s of CPU). Measured on 2
 * cores (jams of 1,000 messages, 1.1 MB each): 10 and 20 jams gained no
 * wall time, 50 jams a quarter of it.
 */
export const BYTES_PER_THREAD = 32 * 1024 * 1024;

/**
 * How many worker threads for `jobs` jams of `bytes` in all: the threads
 * that prepare them, this one included, are min(cores, jobs, one more per
 * BYTES_PER_THREAD), or min($JAMRECAP_WORKERS, jobs); the workers are the
 * others (0 when fewer than two threads would run).
 */
export function workerCount(jobs: number, bytes: number, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const raw = env[WORKERS_ENV]?.trim();
  const wanted = raw && /^\d+$/.test(raw) ? Number(raw) : Math.min(cores, 1 + Math.floor(bytes / BYTES_PER_THREAD));
  const threads = Math.min(wanted, jobs);
  return threads >= 2 ? threads - 1 : 0;
}

/** The bytes of the jams' files (notes and exports, not their subfolders): the work they make, roughly. */
export function jamBytes(dirs: string[]): number {
  let bytes = 0;
  for (const dir of dirs) {
    try {
      for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isFile()) bytes += statSync(join(dir, e.name)).size;
    } catch {
      // a folder that cannot be read: the build reports it
    }
  }
  return bytes;
}

/** The version in the header line of a cache entry, or null (unreadable, no header). */
function entryVersion(path: string): string | null {
  const buf = Buffer.alloc(4096);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, buf, 0, buf.length, 0);
    const nl = buf.subarray(0, n).indexOf(0x0a);
    if (nl === -1) return null;
    const header = JSON.parse(buf.subarray(0, nl).toString('utf8')) as { version?: unknown };
    return typeof header?.version === 'string' ? header.version : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A cache folder's entries by owner tag (the 12 hex digits before the first "-"), with when each was written. */
function entriesByOwner(dir: string): Map<string, { path: string; mtimeMs: number }> {
  const out = new Map<string, { path: string; mtimeMs: number }>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    // An import's file or a download entry's line (cache-files.ts), whose header comes first.
    const m = /^([0-9a-f]{12})-[0-9a-f]{64}\.json$/.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      out.set(m[1], { path, mtimeMs: statSync(path).mtimeMs });
    } catch {
      // pruned meanwhile
    }
  }
  return out;
}

/** The last change to what a jam's import and downloads depend on: its folder's files and the content's redact.yml. */
function lastChange(dir: string, redactFile: string): number {
  let newest = 0;
  try {
    newest = statSync(redactFile).mtimeMs;
  } catch {
    // no opt-out list
  }
  return Math.max(newest, jamFolderChanged(dir) ?? Infinity);
}

/**
 * The jams whose import or downloads may be missing from the cache (all of
 * them without a cache): no entry of the running code's version written
 * after the jam's files last changed. A cheap look (names, times and header
 * lines): a jam wrongly thought cached is loaded by the main thread, which
 * checks every entry by its key as always.
 */
export function jamsToPrepare(dirs: string[], cacheDir: string | null, contentDir: string): string[] {
  if (!cacheDir) return dirs;
  const folders = [
    { entries: entriesByOwner(join(cacheDir, 'imports')), version: cacheVersion() },
    { entries: entriesByOwner(join(cacheDir, 'downloads')), version: downloadsVersion() },
  ];
  const redactFile = join(resolve(contentDir), 'redact.yml');
  return dirs.filter((dir) => {
    const since = lastChange(dir, redactFile);
    const tag = ownerTag(dir);
    return !folders.every(({ entries, version }) => {
      const e = entries.get(tag);
      return e !== undefined && e.mtimeMs >= since && entryVersion(e.path) === version;
    });
  });
}

/** The options without the callbacks (no function can cross threads). */
function workerOptions(options: SiteOptions, cacheDir: string | null): WorkerSiteOptions {
  const data = Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v !== 'function')) as WorkerSiteOptions;
  // The cache folder resolved here, so that the worker's import keys match the main thread's; a worker keeps its
  // import to send it (and forgets everything after each jam: jam-worker.ts).
  return { ...data, cacheDir, releaseModels: false };
}

/**
 * Import the jams the cache lacks, and render their downloads, in worker
 * threads and this one; keep the workers' imports in this thread's memory
 * for the build that follows. Never throws: whatever goes wrong leaves the
 * work to the build. `onJamLoaded` (the CLI's progress line) counts the jams as they
 * are done. `startWorker` starts one worker (tests give one that crashes).
 */
export async function prepareJams(contentDir: string, given: Partial<SiteOptions> = {}, startWorker: () => Worker = startJamWorker): Promise<PrepareReport> {
  const report: PrepareReport = { workers: 0, jams: 0, mainJams: 0, workerJams: 0, seeded: 0, crashes: [], workerMs: 0 };
  const started = performance.now();
  // Every build lists each cache folder afresh (what other processes wrote meanwhile).
  forgetCacheListings();
  try {
    const options: SiteOptions = { ...defaultSiteOptions(), ...(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<SiteOptions>) };
    const cacheDir = resolveCacheDir(options.cacheDir);
    // Only the jams the build reads (serve's first look reads one: options.onlyJams).
    const { dirs } = jamDirs(contentDir, options.onlyJams);
    // Without a cache folder (serve with JAMRECAP_CACHE=off) a jam this thread has imported already is left to it: its rebuilds use that import.
    const todo = jamsToPrepare(dirs, cacheDir, contentDir).filter((d) => cacheDir !== null || !importsOf(d).length);
    const size = workerCount(todo.length, jamBytes(todo));
    if (size) await prepareIn({ size, todo, contentDir, options, cacheDir, startWorker }, report);
  } catch (err) {
    report.crashes.push(`the workers could not run: ${(err as Error)?.message ?? err}`);
  }
  count(report, performance.now() - started);
  return report;
}

/** What a preparation runs: the jams (absolute folders), how many workers, how to start one, and the build's settings. */
interface Pool {
  size: number;
  todo: string[];
  startWorker: () => Worker;
  contentDir: string;
  options: SiteOptions;
  cacheDir: string | null;
}

/** Prepare the jams of `todo` (absolute folders) on `size` workers and this thread; seed the workers' imports; note it all in `report`. */
async function prepareIn(pool: Pool, report: PrepareReport): Promise<void> {
  const { size, todo, contentDir, options, cacheDir } = pool;
  const redact = readRedactList(resolve(contentDir)).handles;
  const jobOptions = workerOptions(options, cacheDir);
  // The versions of the code, made here once: the workers' entries carry the same (a source file edited meanwhile changes nothing).
  cacheVersion();
  downloadsVersion();
  const versions = codeVersions();
  const jobs: JamJob[] = todo.map((dir, id) => ({ id, dir, options: jobOptions, redact, downloads: cacheDir !== null, versions }));
  const answers: (JamDone | undefined)[] = [];
  let done = 0;
  report.workers = size;
  report.jams = jobs.length;
  // This thread's share: loaded as the build will load them (it finds them in memory, models and all), downloads stored.
  const onMain = (job: JamJob) => {
    let messages = 0;
    try {
      messages = loadAndStore(job, options).messages;
    } catch {
      // The build's own loading meets it again, and reports it as it always does.
    }
    report.mainJams++;
    options.onJamLoaded?.(++done, jobs.length, messages, 'import');
  };
  const ran = await runPool(jobs, size, pool.startWorker, onMain, (a) => {
    // A build loads a worker's jam at once, from the import it sent, and lets go of it (jam.ts releaseLoad): its memory holds no worker's import.
    if (a.ok && options.releaseModels) loadAnswered(a, jobs[a.id], options, redact, report);
    else if (a.ok) answers[a.id] = a;
    else prepareStats.failed++;
    report.workerJams++;
    options.onJamLoaded?.(++done, jobs.length, a.ok ? a.messages : 0, 'import');
  });
  report.crashes = ran.crashes;
  // In jam order: the same memory whatever the order the workers finished in.
  for (const a of answers) if (a) seedAnswer(a, report);
}

/** Keep a worker's import in this thread's memory (jam-import.ts seedImports), and count its work. */
function seedAnswer(a: JamDone, report: PrepareReport): void {
  seedImports(a.imports);
  if (a.imports.length) report.seeded++;
  report.workerMs += a.ms;
  prepareStats.importWrites += a.importWrites;
  prepareStats.downloadWrites += a.downloadWrites;
  prepareStats.renders += a.renders;
}

/** A worker's jam, loaded in this thread from the import it sent (as the build would load it) and let go of, its work counted. */
function loadAnswered(a: JamDone, job: JamJob, options: SiteOptions, redact: string[], report: PrepareReport): void {
  seedAnswer(a, report);
  try {
    releaseLoad(loadJam(job.dir, options, { redact }));
  } catch {
    // The build's own loading meets it again, and reports it as it always does.
  }
}

/** Add a preparation to the counters, and warn about crashed workers (their jams were loaded by the main thread: slower, same result). */
function count(report: PrepareReport, ms: number): void {
  prepareStats.runs++;
  prepareStats.workers += report.workers;
  prepareStats.jams += report.jams;
  prepareStats.mainJams += report.mainJams;
  prepareStats.workerJams += report.workerJams;
  prepareStats.seeded += report.seeded;
  prepareStats.crashes += report.crashes.length;
  for (const c of report.crashes) process.stderr.write(`jamrecap: warning: ${c}; the main thread loads those jams instead (slower, same site)\n`);
  if (process.env.JAMRECAP_DEBUG && report.workers) {
    process.stderr.write(`jamrecap: ${report.jams} jams prepared in ${Math.round(ms)} ms: ${report.workerJams} by ${report.workers} worker thread${report.workers === 1 ? '' : 's'} (${Math.round(report.workerMs)} ms; ${report.seeded} imports kept), ${report.mainJams} by the main thread\n`);
  }
}

/**
 * The cache folder worth keeping things in for a later build: the build's
 * own, not the temporary one a build without a cache gets for its workers
 * (withPreparedJams: deleted when the build ends); null when there is none.
 */
export function lastingCacheDir(option: string | null | undefined): string | null {
  const dir = resolveCacheDir(option);
  return dir !== null && dir !== prepareStats.tempCache ? dir : null;
}

/**
 * Run a build (`run`) after preparing its jams in worker threads. Without a
 * cache folder, and when workers will run, the build gets a temporary one
 * (its `cacheDir`), deleted when it ends, however it ends.
 */
export async function withPreparedJams<O extends Partial<SiteOptions> & { contentDir: string }, R>(opts: O, run: (opts: O) => Promise<R>): Promise<R> {
  if (resolveCacheDir(opts.cacheDir) !== null || !workersFor(opts.contentDir)) {
    await prepareJams(opts.contentDir, opts);
    return run(opts);
  }
  const temp = mkdtempSync(join(tmpdir(), 'jamrecap-cache-'));
  prepareStats.tempCache = temp;
  const remove = () => rmSync(temp, { recursive: true, force: true });
  const stopWatching = removeOnSignal(remove);
  try {
    const withCache = { ...opts, cacheDir: temp };
    await prepareJams(opts.contentDir, withCache);
    return await run(withCache);
  } finally {
    stopWatching();
    remove();
  }
}

/** How many workers all the content folder's jams would get (0 when it cannot be read). */
function workersFor(contentDir: string): number {
  try {
    const { dirs } = jamDirs(contentDir);
    return workerCount(dirs.length, jamBytes(dirs));
  } catch {
    return 0;
  }
}

/**
 * While a temporary cache exists, SIGINT and SIGTERM delete it first; then
 * the process stops as the signal would have, unless another handler
 * (build.ts's, which cleans the output and stops the process itself) is
 * listening. Returns the function that stops listening.
 */
function removeOnSignal(remove: () => void): () => void {
  const stop = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    stop();
    try {
      remove();
    } catch {
      // a temporary folder, in the system's temporary folder
    }
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return stop;
}
