/**
 * Building the site programmatically (`jamrecap build`, `serve`, tests):
 * check every jam first (all problems in one run, nothing written when
 * there is an error), then run Eleventy with jamrecap's config.
 *
 * The user's files are safe:
 *
 * - jamrecap replaces an existing, non-empty output folder only when it
 *   holds the marker file only jamrecap writes (`.jamrecap-site`, fixed
 *   text; `serve`'s folders hold `.jamrecap-preview` instead, so a preview
 *   never writes over a published site and a build never over a preview).
 *   A site built before the marker existed is recognized by the first line
 *   of its `_headers`. Nothing else counts: a folder holding `index.html`
 *   and `jams/` may well be somebody's photos.
 * - The site is built in a sibling folder (`<out>.tmp-<pid>-<hex>`, same
 *   file system), made with `mkdir` so that it gets the user's umask (not
 *   mkdtemp's 0700, which a web server running as another user cannot
 *   read), and the marker is its first file.
 * - The swap, once everything is written: the old site renamed to
 *   `<out>.old-<pid>-<hex>`, the new one renamed into place, the old one
 *   renamed to a `.tmp-` name and deleted (marker last). The two renames
 *   run in one synchronous step, so SIGINT/SIGTERM cannot fall between
 *   them; between them (microseconds) `<out>` does not exist, and Node
 *   offers no atomic exchange (renameat2) to close that gap. If the process
 *   is killed there (SIGKILL, power loss), the next build or serve of the
 *   same `<out>` restores the `.old-` site before anything else, and
 *   deletes leftover `.tmp-` folders (see `recoverOutput`). SIGINT and
 *   SIGTERM during a build delete the temporary folder before exiting.
 * - A failure deletes the temporary folder and leaves the previous site
 *   byte for byte as it was.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Eleventy, { type EleventyUserConfig } from '@11ty/eleventy';
import { JAMS_DIR, loadSite, type SiteModel } from './site.ts';
import { contentPageProblems } from './content-pages.ts';
import { setSiteOptions, defaultSiteOptions, type JamSummary, type RenderBatch, type SiteOptions } from './options.ts';
import { hasErrors, problem, type Problem } from '../notes/problems.ts';
import { HEADERS_MARK } from '../publish/headers.ts';
import { THEME_DIR } from './theme.ts';
import { lastingCacheDir, withPreparedJams } from './prepare-jams.ts';
import { writeSiteZips } from './site-zip.ts';
import { toRender } from './eleventy.ts';
import { boundsHeapGrowth, collectGarbage, withBoundedHeapGrowth } from './heap-growth.ts';
import { stopSearchIndexing, writeSearchIndex } from './search-index.ts';
import { PageDigests } from './page-digests.ts';

/**
 * The package's Eleventy config (absolute: `build` may run from any folder),
 * beside this module: eleventy-config.ts under tsx, eleventy-config.js in
 * the compiled CLI (dist/site/), which runs without tsx.
 */
export const ELEVENTY_CONFIG = fileURLToPath(new URL(`./eleventy-config${extname(new URL(import.meta.url).pathname)}`, import.meta.url));

export interface BuildOptions extends Partial<Omit<SiteOptions, 'onJamBuilt'>> {
  contentDir: string;
  outDir: string;
  /**
   * The most messages whose jams' pages one Eleventy run renders (a bigger
   * site is rendered in batches of as many: renderBatches), or the
   * JAMRECAP_BATCH_MESSAGES environment variable; default ONE_RUN_MESSAGES
   * in one run, else batches of BATCH_MESSAGES.
   */
  batchMessages?: number;
  /**
   * Runs when the whole site is in the temporary folder, just before the
   * swap; a throw fails the build like any other error (tests use it to
   * prove a failed build leaves the previous site alone).
   */
  beforeSwap?: (tempDir: string) => void | Promise<void>;
  /**
   * Eleventy's own log lines (EleventyOptions.verbose); `buildSite` turns
   * them off unless this is true: it returns the problems and the error to
   * its caller, which reports them.
   */
  verbose?: boolean;
  /**
   * Write the search index (search-index.ts: Pagefind over the built
   * folder, before the swap); default true. Tests that never search may
   * turn it off for speed.
   */
  searchIndex?: boolean;
}

export interface BuildResult {
  ok: boolean;
  /** Errors and warnings from checking the jams (sorted). */
  problems: Problem[];
  /** One per jam, in the order the downloads were written. */
  summaries: JamSummary[];
  /** Set when Eleventy itself failed (after the checks passed). */
  error?: Error;
}

/** `a` is `b` or a folder above it. */
function isAncestorOrSelf(a: string, b: string): boolean {
  const rel = relative(a, b);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

/** The marker file only jamrecap writes: its presence (with this text) is what lets a build replace a folder. */
export const SITE_MARKER = '.jamrecap-site';
/** The marker of `serve`'s preview folders. */
export const PREVIEW_MARKER = '.jamrecap-preview';
export type OutputKind = 'site' | 'preview';

const MARKERS: Record<OutputKind, { file: string; text: string }> = {
  site: {
    file: SITE_MARKER,
    text: 'jamrecap site: written by `jamrecap build`, which replaces this whole folder at each build.\nDelete this file to keep jamrecap from ever touching the folder.\n',
  },
  preview: {
    file: PREVIEW_MARKER,
    text: 'jamrecap preview: written by `jamrecap serve`, which rewrites this whole folder.\nDelete this file to keep jamrecap from ever touching the folder.\n',
  },
};

/** `dir` holds the marker of `kind` (a plain file with exactly jamrecap's text). */
export function hasMarker(dir: string, kind: OutputKind): boolean {
  const file = join(dir, MARKERS[kind].file);
  try {
    const st = lstatSync(file);
    return st.isFile() && st.size === Buffer.byteLength(MARKERS[kind].text) && readFileSync(file, 'utf8') === MARKERS[kind].text;
  } catch {
    return false;
  }
}

export function writeMarker(dir: string, kind: OutputKind): void {
  writeFileSync(join(dir, MARKERS[kind].file), MARKERS[kind].text);
}

/**
 * An existing output folder jamrecap may replace: empty, or holding the
 * marker of its kind. A site built before the marker existed is recognized
 * by its `_headers`, whose first line only jamrecap writes (not in a
 * preview folder). Anything else is somebody's folder: never touched.
 */
function replaceable(dir: string, kind: OutputKind): boolean {
  const entries = readdirSync(dir);
  if (!entries.length) return true;
  if (hasMarker(dir, kind)) return true;
  if (kind !== 'site' || hasMarker(dir, 'preview')) return false;
  const headers = join(dir, '_headers');
  try {
    return lstatSync(headers).isFile() && readFileSync(headers, 'utf8').startsWith(HEADERS_MARK);
  } catch {
    return false;
  }
}

/**
 * Why `--content` cannot be built, if it cannot: a missing folder (the same
 * words as `check`) or one without `jams/` (an empty site must never
 * replace a published one because of a mistyped path).
 */
export function contentFolderProblem(contentDir: string): string | null {
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) return `no content folder ${contentDir} (give one with --content DIR)`;
  const jams = join(contentDir, JAMS_DIR);
  if (!existsSync(jams) || !statSync(jams).isDirectory()) return `no jams folder in the content folder ${contentDir}: put each jam in ${jams}/<slug>/ with its recap.md, or give the content folder with --content DIR`;
  return null;
}

/** Why the output folder cannot be (re)placed where asked, if it cannot. */
export function outputProblems(contentDir: string, outDir: string, kind: OutputKind = 'site'): Problem[] {
  const out = resolve(outDir);
  const content = resolve(contentDir);
  const at = (message: string) => [problem(out, 1, 1, message)];
  if (isAncestorOrSelf(out, content)) return at('the output folder would replace the content folder: choose another --out');
  if (isAncestorOrSelf(content, out)) return at('the output folder is inside the content folder: choose one outside it');
  if (isAncestorOrSelf(out, process.cwd())) return at('the output folder would replace the working folder: choose a folder of its own');
  if (isAncestorOrSelf(out, THEME_DIR)) return at("the output folder would replace jamrecap's own files: choose another --out");
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) return at('the output path exists and is not a folder');
    if (!replaceable(out, kind)) {
      if (kind === 'preview') {
        return at(`the output folder is not empty and is not a preview folder of jamrecap serve (no ${PREVIEW_MARKER} in it): serve never writes over a published site or your files; choose another --out or leave it out`);
      }
      return at(`the output folder is not empty and was not written by jamrecap (no ${SITE_MARKER} in it): nothing in it is replaced; choose another --out or empty it`);
    }
  }
  return [];
}

/**
 * Problems that stop a build before Eleventy starts: the jams' (all of
 * them), then, once the jams are sound, where the output would go.
 */
export function checkContent(contentDir: string, options: SiteOptions = defaultSiteOptions()): Problem[] {
  return checkSite(contentDir, options).problems;
}

/** Like checkContent, with the site it loaded (null when there are errors), for Eleventy to use instead of loading it again. */
export function checkSite(contentDir: string, options: SiteOptions = defaultSiteOptions()): { problems: Problem[]; site: SiteModel | null } {
  const { site, problems: jamProblems } = loadSite(contentDir, options);
  const problems = [...jamProblems, ...contentPageProblems(contentDir)];
  if (existsSync(join(contentDir, '_includes'))) {
    problems.push(problem(join(resolve(contentDir), '_includes'), 1, 1, "not used: the layouts and pages now ship with jamrecap (theme/); a content folder needs only jams/ (delete _includes/ and pages/)", 'warning'));
  }
  return { problems, site };
}

export interface EleventyOptions extends BuildOptions {
  runMode?: 'build' | 'serve' | 'watch';
  onJamBuilt?: (s: JamSummary) => void;
  /** After each (re)build, once everything is written. */
  onBuilt?: () => void;
  /**
   * Eleventy's own log lines ("[11ty] Wrote N files in ...", "Copied N
   * files", "[11ty] Benchmark ...", each file written, and its reports of
   * errors with their stack traces):
   *
   * - `true`: all of them, as Eleventy prints them (its verbose mode; for
   *   `--verbose`);
   * - `false`: none at all (its logger disabled): jamrecap reports the
   *   problems itself, and a failed build's error is thrown to the caller;
   * - absent: Eleventy's quiet mode (its summary line and its error reports
   *   still print), without its benchmark lines.
   */
  verbose?: boolean;
}

/**
 * Eleventy 3.1 creates its "Configuration" benchmarks (one per filter)
 * before it reads quietMode, so they print "[11ty] Benchmark ..." lines
 * even in quiet mode: silence every benchmark group there is, and the
 * ones made later.
 */
function quietBenchmarks(cfg: EleventyUserConfig): void {
  const manager = cfg.benchmarkManager as EleventyUserConfig['benchmarkManager'] | undefined;
  if (typeof manager?.getAll !== 'function') return; // not in Eleventy's documented API: gone in a later version, nothing to silence
  manager.setVerboseOutput(false);
  for (const group of Object.values(manager.getAll())) group.setIsVerbose(false);
}

/** Eleventy, configured for jamrecap with these options. */
export function createEleventy(opts: EleventyOptions): Eleventy {
  const { contentDir: contentIn, outDir: outIn, runMode, beforeSwap: _beforeSwap, batchMessages: _batchMessages, onBuilt, verbose, ...rest } = opts;
  // Relative to the working directory: with an absolute input folder,
  // Eleventy 3.1 does not find directory data files in it.
  const contentDir = relative(process.cwd(), resolve(contentIn)) || '.';
  const outDir = resolve(outIn);
  // Every site option given (undefined ones left to the defaults).
  const siteOptions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<SiteOptions>;
  const elev = new Eleventy(contentDir, outDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: verbose !== true,
    runMode: runMode ?? 'build',
    pathPrefix: siteOptions.pathPrefix ?? '/',
    config: (cfg: EleventyUserConfig) => {
      if (verbose !== true) quietBenchmarks(cfg);
      setSiteOptions(cfg, siteOptions);
      if (onBuilt) cfg.on('eleventy.after', () => setImmediate(onBuilt));
    },
  });
  if (verbose === false) elev.disableLogger();
  return elev;
}

/** A name for a sibling of `outDir`: `<out>.<what>-<pid>-<hex>` (the pid tells a running build's folders from leftovers). */
function siblingName(outDir: string, what: 'tmp' | 'old'): string {
  return `${outDir}.${what}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Delete a folder jamrecap made, the marker last: a deletion cut short
 * leaves a folder that still says it is jamrecap's (so the next start can
 * finish the job), or an empty one.
 */
function removeOwnFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const keep = new Set(Object.values(MARKERS).map((m) => m.file));
  for (const e of readdirSync(dir)) if (!keep.has(e)) rmSync(join(dir, e), { recursive: true, force: true });
  for (const f of keep) rmSync(join(dir, f), { force: true });
  rmdirSync(dir);
}

/** Put the finished site at `outDir`: old one aside, new one in, old one gone. */
function swapInto(tempDir: string, outDir: string): void {
  if (!existsSync(outDir)) {
    renameSync(tempDir, outDir);
    return;
  }
  // The two renames are one synchronous step: no signal handler runs between them.
  const old = siblingName(outDir, 'old');
  renameSync(outDir, old);
  try {
    renameSync(tempDir, outDir);
  } catch (err) {
    renameSync(old, outDir);
    throw err;
  }
  // From here the old site is garbage: a `.tmp-` name is never restored.
  try {
    const doomed = siblingName(outDir, 'tmp');
    renameSync(old, doomed);
    removeOwnFolder(doomed);
  } catch {
    // The new site is in place; the next start deletes what is left.
  }
}

const STRAY = /^\.(tmp|old)-(\d+)-[0-9a-f]{12}$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Recovery {
  /** The `.old-` folder moved back to `outDir` (a build killed between its two renames). */
  restored?: string;
  /** Leftover folders deleted. */
  removed: string[];
}

/**
 * Undo what a killed build left next to `outDir`, at every start: when
 * `outDir` is missing and a complete previous site waits under an `.old-`
 * name, it is moved back; leftover `.tmp-` (half built, or being deleted)
 * and other `.old-` folders are deleted. Only folders named the way
 * jamrecap names them and holding its marker (or empty) are touched, and
 * never those of a build still running (its pid is alive), unless
 * `ownToo` (this process is stopping on a signal).
 */
export function recoverOutput(outDir: string, kind: OutputKind = 'site', opts: { ownToo?: boolean } = {}): Recovery {
  const out = resolve(outDir);
  const parent = dirname(out);
  const result: Recovery = { removed: [] };
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return result;
  }
  const strays: { path: string; what: string; mtime: number }[] = [];
  for (const name of names) {
    if (!name.startsWith(basename(out))) continue;
    const m = STRAY.exec(name.slice(basename(out).length));
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid ? !opts.ownToo : alive(pid)) continue;
    const path = join(parent, name);
    const st = lstatSync(path);
    if (!st.isDirectory()) continue;
    strays.push({ path, what: m[1], mtime: st.mtimeMs });
  }
  if (!existsSync(out)) {
    const olds = strays.filter((s) => s.what === 'old' && hasMarker(s.path, kind)).sort((a, b) => b.mtime - a.mtime);
    if (olds.length) {
      renameSync(olds[0].path, out);
      result.restored = olds[0].path;
      strays.splice(strays.indexOf(olds[0]), 1);
    }
  }
  for (const s of strays) {
    if (hasMarker(s.path, kind)) removeOwnFolder(s.path);
    else if (readdirSync(s.path).length === 0) rmdirSync(s.path);
    else continue;
    result.removed.push(s.path);
  }
  return result;
}

/**
 * How long a stopped build waits for its run to end (Eleventy cannot be
 * cancelled: the pages it is writing land until its run is over) before
 * the last clean-up; a second signal stops the process at once.
 */
const SIGNAL_WAIT_MS = 5000;
/** Then how long for the writes already handed to libuv's threads. */
const SIGNAL_SETTLE_MS = 150;

/**
 * While `run` runs, SIGINT and SIGTERM delete this process's temporary
 * folders next to `outDir` (restoring the old site if need be) and stop
 * Pagefind's process; `run` is told (`stopped`), so that it never swaps in
 * what the clean-up deleted, and stops at its next step. Writes under way
 * (Eleventy's, which make folders as they go) may make `tempDir` again,
 * without its marker: once `run` has ended (or SIGNAL_WAIT_MS has passed),
 * `tempDir` is deleted whatever it holds (its name is this build's own:
 * pid and random part), then the process stops as the signal would have.
 */
async function cleanOnSignal<T>(outDir: string, kind: OutputKind, tempDir: string, run: (stopped: () => boolean) => Promise<T>): Promise<T> {
  let signalled = false;
  let ended: () => void = () => {};
  const runEnded = new Promise<void>((done) => (ended = done));
  const clean = () => {
    try {
      recoverOutput(outDir, kind, { ownToo: true });
      rmSync(tempDir, { recursive: true, force: true });
    } catch {
      // what is left is a `.tmp-` folder, which the next build deletes
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = true;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Pagefind's process, if indexing, writes into the folder: killed (nothing to wait for in it).
    void stopSearchIndexing();
    clean();
    const waited = new Promise<void>((done) => setTimeout(done, SIGNAL_WAIT_MS).unref());
    void Promise.race([runEnded, waited]).then(() =>
      setTimeout(() => {
        clean();
        process.kill(process.pid, signal);
      }, SIGNAL_SETTLE_MS),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await run(() => signalled);
  } finally {
    ended();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export async function buildSite(opts: BuildOptions): Promise<BuildResult> {
  // The jams the cache lacks are imported, and their downloads rendered, in worker threads first (prepare-jams.ts).
  // A build holds only the jams it is rendering (jam.ts releaseLoad): the others are read back from the load cache.
  // Each jam's site zip is listed on its recap and made once its pages are written (site-zip.ts).
  return withPreparedJams({ ...opts, releaseModels: true, siteZips: opts.siteZips ?? true }, buildPrepared);
}

async function buildPrepared(opts: BuildOptions): Promise<BuildResult> {
  const contentDir = resolve(opts.contentDir);
  const outDir = resolve(opts.outDir);
  const missing = contentFolderProblem(opts.contentDir);
  if (missing) return { ok: false, problems: [problem(contentDir, 1, 1, missing)], summaries: [] };
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<SiteOptions>;
  const options: SiteOptions = { ...defaultSiteOptions(), ...given };
  const { problems, site } = checkSite(contentDir, options);
  const output = outputProblems(contentDir, outDir);
  // A build killed mid-swap: its previous site comes back before anything else.
  if (!output.length) recoverOutput(outDir);
  if (!hasErrors(problems)) problems.push(...output);
  if (hasErrors(problems)) return { ok: false, problems, summaries: [] };

  const summaries: JamSummary[] = [];
  mkdirSync(dirname(outDir), { recursive: true });
  // mkdir, not mkdtemp: the folder gets the user's umask (mkdtemp's are 0700).
  const tempDir = siblingName(outDir, 'tmp');
  return cleanOnSignal(outDir, 'site', tempDir, async (stopped) => {
    mkdirSync(tempDir);
    try {
      writeMarker(tempDir, 'site');
      const batches = site ? renderBatches(contentDir, options, site, batchBudget(opts.batchMessages)) : [];
      const render = async () => {
        for (const batch of batches) {
          if (stopped()) throw new Error('stopped by a signal');
          await renderBatch(opts, site!, tempDir, batch);
        }
        const batch = batches.length ? 'final' : undefined;
        const elev = createEleventy({ ...opts, outDir: tempDir, freshOutput: true, loadedSite: site ?? undefined, batch, onJamBuilt: (s) => summaries.push(s), verbose: opts.verbose ?? false });
        await elev.write();
      };
      const messages = site ? siteMessages(site) : 0;
      // A site rendered in batches is a big one: its heap kept near what is live (heap-growth.ts).
      await (batches.length ? withBoundedHeapGrowth(messages, render) : render());
      const afterPages = async () => {
        // Both key their caches by the pages' bytes: each page read and hashed once.
        const digests = new PageDigests(tempDir);
        const cacheDir = lastingCacheDir(options.cacheDir);
        // Every jam's pages are written: each jam's <slug>-site.zip is made from them (site-zip.ts).
        if (site && options.siteZips) writeSiteZips(siteZipJams(site), { outDir: tempDir, address: { baseUrl: options.baseUrl, pathPrefix: options.pathPrefix }, cacheDir, mode: 'link', digests });
        // Every page is written: the search index is made from them, inside the folder about to be swapped in.
        if (stopped()) throw new Error('stopped by a signal');
        if (opts.searchIndex !== false) await writeSearchIndex(tempDir, { pathPrefix: options.pathPrefix, cacheDir, relative: !!options.relative, digests });
      };
      // Eleventy has let go of the pages: a big site's heap, collected now, stays near what is live while the zips and the index are made (heap-growth.ts).
      const big = boundsHeapGrowth(messages, batches.length > 0);
      if (big) collectGarbage();
      await (big ? withBoundedHeapGrowth(messages, afterPages) : afterPages());
      await opts.beforeSwap?.(tempDir);
      // A signal deleted the temporary folder (the writes still under way may have made parts of it again): never swapped in.
      if (stopped()) throw new Error('stopped by a signal');
      swapInto(tempDir, outDir);
    } catch (err) {
      try {
        removeOwnFolder(tempDir);
      } catch {
        // left for the next start
      }
      return { ok: false, problems, summaries, error: err as Error };
    }
    return { ok: true, problems, summaries };
  });
}

/** What the site zips need of each jam. */
const siteZipJams = (site: SiteModel) => site.jams.map((j) => ({ slug: j.slug, title: j.title, date: j.date, owner: j.recapPath }));

/**
 * Eleventy keeps every page it renders until its run ends (about 7 MB per
 * jam of 1,000 messages): a site whose jams hold at most ONE_RUN_MESSAGES
 * messages is rendered in one run (~700 MB at its peak), a bigger one in
 * batches of BATCH_MESSAGES (every run costs its start again, ~0.15 s).
 */
export const ONE_RUN_MESSAGES = 50_000;
export const BATCH_MESSAGES = 20_000;

/** Every jam's messages, added up: what decides batches and the heap's bound. */
const siteMessages = (site: SiteModel) => site.jams.reduce((n, j) => n + j.stats.messages, 0);

/** When a build renders in batches (more messages than `oneRun`), and how big each is. */
interface Budget {
  oneRun: number;
  batch: number;
}

/** Counters for tests and benchmarks: Eleventy runs that rendered a batch of jams. */
export const buildStats = { batches: 0 };

/** The defaults, or one number for both (BuildOptions.batchMessages, else $JAMRECAP_BATCH_MESSAGES). */
function batchBudget(given?: number): Budget {
  const env = process.env.JAMRECAP_BATCH_MESSAGES?.trim();
  const n = given ?? (env && /^\d+$/.test(env) ? Number(env) : null);
  return n === null ? { oneRun: ONE_RUN_MESSAGES, batch: BATCH_MESSAGES } : { oneRun: Math.max(1, n), batch: Math.max(1, n) };
}

/**
 * The jams and people whose pages to render before the build's own
 * Eleventy run, in batches of at most `budget.batch` messages (a jam or
 * person with more is a batch of their own), the jams first, so that no
 * run holds more: none when the whole site's jams hold at most
 * `budget.oneRun` messages, or the jams and people to render (not in the
 * page cache) do, their messages added up, or when there is no page cache
 * to keep a batch's pages in until the final run puts them in the output.
 */
export function renderBatches(contentDir: string, options: SiteOptions, site: SiteModel, budget: Budget): RenderBatch[] {
  if (siteMessages(site) <= budget.oneRun) return [];
  const todo = toRender(contentDir, { ...options, batch: 'final' }, site);
  if (!todo) return [];
  const jamSize = new Map(site.jams.map((j) => [j.slug, j.stats.messages]));
  const personSize = new Map(site.people.map((p) => [p.slug, p.messages]));
  const jams = todo.jams.map((slug) => ({ slug, size: jamSize.get(slug)! }));
  const people = todo.people.map((slug) => ({ slug, size: personSize.get(slug)! }));
  if ([...jams, ...people].reduce((n, g) => n + g.size, 0) <= budget.oneRun) return [];
  return [...inBatches(jams, budget.batch).map((b) => ({ jams: b, people: [] })), ...inBatches(people, budget.batch).map((b) => ({ jams: [], people: b }))];
}

/** Slugs in order, cut into runs of at most `budget` in size (one bigger alone). */
function inBatches(groups: { slug: string; size: number }[], budget: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const g of groups) {
    if (current.length && size + g.size > budget) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(g.slug);
    size += g.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * One batch: its pages rendered by an Eleventy run of their own into the
 * page cache (through a scratch folder in the temporary output, deleted
 * after); then every jam lets go of its messages (read back for this
 * batch's pages), when they are stored.
 */
async function renderBatch(opts: BuildOptions, site: SiteModel, tempDir: string, batch: RenderBatch): Promise<void> {
  const scratch = join(tempDir, '.jamrecap-batch');
  try {
    const elev = createEleventy({ ...opts, outDir: scratch, freshOutput: true, loadedSite: site, batch, onJamBuilt: () => {}, verbose: opts.verbose ?? false });
    await elev.write();
    buildStats.batches++;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    for (const jam of site.jams) jam.dropHeavy();
  }
}

/** Temporary and set-aside folders a build of `outDir` may leave if killed mid-way (none, normally). */
export function strayBuildDirs(outDir: string): string[] {
  const out = resolve(outDir);
  const parent = dirname(out);
  if (!existsSync(parent)) return [];
  const name = basename(out);
  return readdirSync(parent)
    .filter((e) => e.startsWith(`${name}.tmp-`) || e.startsWith(`${name}.old-`))
    .map((e) => join(parent, e))
    .sort();
}
