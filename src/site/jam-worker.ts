/**
 * A worker thread of prepare-jams.ts: loads each jam it is sent (notes,
 * import, checks, model: loadJam) and renders its downloads, which fills the
 * on-disk import and download caches; it answers with the jam's import as
 * kept in memory (jam-import.ts `importsOf`), so the main thread does not
 * read the cache entry again, and with what it wrote to the caches. It then
 * forgets the jam: a worker holds one jam at a time.
 *
 * Loaded only as a worker (the pool passes `workerData.jamWorker`);
 * importing the module elsewhere does nothing.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adoptCodeVersions, cacheStats } from './cache.ts';
import { downloadCacheStats } from './download-cache.ts';
import { clearSiteCaches, loadJam, releaseLoad } from './jam.ts';
import { importsOf, type ImportResult } from './jam-import.ts';
import type { SiteOptions } from './options.ts';

/** The site options a worker needs (the callbacks cannot cross threads). */
export type WorkerSiteOptions = Omit<SiteOptions, 'onJamBuilt' | 'onJamLoaded'>;

/** One jam to prepare. */
export interface JamJob {
  /** Its index in the pool's list. */
  id: number;
  /** The jam's folder, absolute (as jamDirs gives it). */
  dir: string;
  options: WorkerSiteOptions;
  /** The opted-out handles (redact.yml). */
  redact: string[];
  /** Render the downloads too (only with a cache folder to keep them in). */
  downloads: boolean;
  /** The main thread's code versions (cache.ts), which the worker's cache entries carry. */
  versions: [string, string][];
}

/** A jam prepared: its imports to seed, and what the worker wrote to the caches for it. */
export interface JamDone {
  id: number;
  ok: true;
  imports: [string, ImportResult][];
  messages: number;
  importWrites: number;
  downloadWrites: number;
  renders: number;
  /** Milliseconds the worker spent on the jam. */
  ms: number;
}

/** A jam the worker could not prepare (loadJam or the downloads threw): the main thread does it, and reports what it finds. */
export interface JamFailed {
  id: number;
  ok: false;
  error: string;
}

export type JamAnswer = JamDone | JamFailed;

/** The marker the pool puts in `workerData`. */
export const JAM_WORKER = 'jamrecap-jam-worker';

/**
 * Load a jam as the build will, and (`downloads`) render its downloads
 * into the download cache; its import stays in this thread's memory. Its
 * folder as loaded, and the messages it has (0 when it has no model).
 */
export function loadAndStore(job: Pick<JamJob, 'dir' | 'redact' | 'downloads'>, options: WorkerSiteOptions): { dir: string; messages: number } {
  const load = loadJam(job.dir, options, { redact: job.redact });
  // Reading the getter renders the downloads and stores them in the download cache.
  if (load.model && job.downloads) void load.model.downloadFiles;
  if (options.releaseModels) releaseLoad(load);
  return { dir: load.dir, messages: load.model?.stats.messages ?? 0 };
}

/** Load the jam, render its downloads (through the download cache), and say what was done. */
export function prepareJam(job: JamJob): JamAnswer {
  const before = { imports: cacheStats.writes, downloads: downloadCacheStats.writes, renders: downloadCacheStats.renders, started: performance.now() };
  try {
    adoptCodeVersions(job.versions);
    const { dir, messages } = loadAndStore(job, job.options);
    return {
      id: job.id,
      ok: true,
      imports: importsOf(dir),
      messages,
      importWrites: cacheStats.writes - before.imports,
      downloadWrites: downloadCacheStats.writes - before.downloads,
      renders: downloadCacheStats.renders - before.renders,
      ms: performance.now() - before.started,
    };
  } catch (err) {
    return { id: job.id, ok: false, error: String((err as Error)?.message ?? err) };
  } finally {
    clearSiteCaches();
  }
}

if (parentPort && (workerData as { jamWorker?: string } | null)?.jamWorker === JAM_WORKER) {
  const port = parentPort;
  port.on('message', (job: JamJob) => {
    const answer = prepareJam(job);
    try {
      port.postMessage(answer);
    } catch (err) {
      // Something in the import that cannot be cloned: the main thread imports the jam itself.
      port.postMessage({ id: job.id, ok: false, error: String((err as Error)?.message ?? err) } satisfies JamFailed);
    }
  });
}
