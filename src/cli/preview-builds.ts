/**
 * The builds behind `jamrecap serve`: one build of the preview (the
 * content's checks, then a fresh Eleventy writing the preview folder), the
 * terminal report of each build (every problem once, an unchanged report
 * not printed again), and the watcher that starts a build after every
 * change to the content folder or the theme.
 *
 * Every build is a fresh Eleventy (about 0.2 s for the example site once
 * warm), so whatever the configuration reads at its start, such as
 * `_data/siteMeta.json`, is read again. After a whole-site build that
 * succeeded, the next one builds the folder again in place: Eleventy
 * renders only the jams and people whose pages changed, those unchanged
 * stay as they are (site/page-cache.ts OutputRecord), and every file older
 * than the build that it did not keep is deleted after it (a deleted jam's
 * pages do not linger). Otherwise (the first build, after a failure) the
 * folder is emptied first, its marker kept.
 */
import { readdirSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkSite, createEleventy, PREVIEW_MARKER } from '../site/build.ts';
import type { SiteModel } from '../site/site.ts';
import { OutputRecord } from '../site/page-cache.ts';
import { explainEleventyError } from '../site/eleventy-errors.ts';
import { prepareJams } from '../site/prepare-jams.ts';
import { formatSummary, defaultSiteOptions, type JamSummary } from '../site/options.ts';
import { errorLine, formatProblem, hasErrors, sortProblems, type Problem } from '../notes/problems.ts';
import type { BuildReport } from './serve-error-page.ts';
import { watchTree } from './watch-tree.ts';
import type { Verbosity } from './exit.ts';

export interface PreviewBuildOptions {
  contentDir: string;
  outDir: string;
  baseUrl: string;
  pathPrefix: string;
  /** Eleventy's own log lines (see createEleventy). */
  verbose: boolean;
  /** The publisher's theme folder (`--theme DIR`; see site/theme-folder.ts). */
  theme?: string;
  /** The cache folder (imports, downloads, pages: site/cache.ts); undefined: the default, null: none. */
  cacheDir?: string | null;
  onJamBuilt?: (s: JamSummary) => void;
  /** Build only these jams (folder names): serve's first look at the edited jam (SiteOptions.onlyJams). */
  onlyJams?: string[];
  /** Write over the folder without emptying it first: a build that only adds to the one shown. */
  keep?: boolean;
}

export interface PreviewBuild extends BuildReport {
  ok: boolean;
}

/** Everything in the preview folder but its marker, deleted. */
export function emptyPreview(outDir: string): void {
  for (const e of readdirSync(outDir)) if (e !== PREVIEW_MARKER) rmSync(join(outDir, e), { recursive: true, force: true });
}

/**
 * Each preview folder's record of what its last build left (page-cache.ts):
 * valid only after a whole-site build that succeeded, so that the next one
 * leaves the unchanged jams' and people's pages where they are.
 */
const records = new Map<string, { record: OutputRecord; valid: boolean }>();

const STAMP = '.jamrecap-build-stamp';

/** A time on the file system's own clock, taken just before a build writes: the files it writes are not older. */
function buildStamp(outDir: string): number {
  const file = join(outDir, STAMP);
  writeFileSync(file, '');
  const at = statSync(file).mtimeMs;
  unlinkSync(file);
  return at;
}

/**
 * After a whole-site build in place: every file older than the build that
 * it did not keep on purpose (a deleted jam's pages, a transcript page
 * fewer) deleted, and the folders left empty. Returns how many files.
 */
export function pruneStale(outDir: string, since: number, kept: ReadonlySet<string>): number {
  let removed = 0;
  const walk = (dir: string, rel: string): boolean => {
    let empty = true;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (walk(path, r)) rmdirSync(path);
        else empty = false;
      } else if (r !== PREVIEW_MARKER && !kept.has(r) && statSync(path).mtimeMs < since) {
        unlinkSync(path);
        removed++;
      } else empty = false;
    }
    return empty;
  };
  walk(outDir, '');
  return removed;
}

/**
 * Build the preview once: the checks first (nothing is written when they
 * find an error), then Eleventy, with the site the checks loaded and the
 * page cache (an edit renders only the pages it changes: site/page-cache.ts).
 */
export async function buildPreview(opts: PreviewBuildOptions): Promise<PreviewBuild> {
  const address = { baseUrl: opts.baseUrl, pathPrefix: opts.pathPrefix };
  // The jams the cache lacks (all, on the first build) are imported in worker threads first (site/prepare-jams.ts).
  await prepareJams(opts.contentDir, { ...opts, drafts: true });
  let problems: Problem[];
  let site: SiteModel | null;
  try {
    const checked = checkSite(opts.contentDir, { ...defaultSiteOptions(), ...address, drafts: true, theme: opts.theme, cacheDir: opts.cacheDir, onlyJams: opts.onlyJams });
    problems = sortProblems(checked.problems);
    site = checked.site;
  } catch (err) {
    return { ok: false, problems: [], failure: errorLine(String((err as Error)?.message ?? err)) };
  }
  if (hasErrors(problems)) return { ok: false, problems };
  // The folder as the last whole-site build left it: built again in place (only the changed pages written).
  const state = records.get(resolve(opts.outDir)) ?? { record: new OutputRecord(), valid: false };
  records.set(resolve(opts.outDir), state);
  const inPlace = state.valid && !opts.onlyJams;
  state.valid = false;
  if (!inPlace) state.record.groups.clear();
  if (!opts.keep && !inPlace) emptyPreview(opts.outDir);
  const since = buildStamp(opts.outDir);
  const elev = createEleventy({
    contentDir: opts.contentDir,
    outDir: opts.outDir,
    ...address,
    theme: opts.theme,
    cacheDir: opts.cacheDir,
    loadedSite: site ?? undefined,
    outputRecord: opts.onlyJams ? undefined : state.record,
    onlyJams: opts.onlyJams,
    drafts: true, // the preview shows drafts
    verbose: opts.verbose,
    onJamBuilt: opts.onJamBuilt ?? (() => {}),
  });
  try {
    await elev.write();
  } catch (err) {
    // The jams' problems (the content changed since the checks), a template's, or an error that names no place.
    const explained = explainEleventyError(err, opts.contentDir, opts.theme);
    const all = new Map([...problems, ...explained.problems].map((p) => [JSON.stringify([p.file, p.line, p.col, p.severity, p.message]), p]));
    return { ok: false, problems: sortProblems([...all.values()]), failure: explained.failure };
  }
  if (!opts.onlyJams) {
    pruneStale(opts.outDir, since, state.record.kept);
    state.valid = true;
  }
  return { ok: true, problems };
}


export interface Terminal {
  out(line: string): void;
  err(line: string): void;
}

/**
 * The terminal report of each build: its problems on stderr (warnings
 * too, unless quiet), each once, and nothing when a build ends exactly as
 * the one before (a save that fixed nothing). A build that fails says so;
 * the first good one after a failure says so too.
 */
export class BuildReporter {
  #last: string | null = null;
  #failed = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly verbosity: Verbosity,
  ) {}

  report(build: PreviewBuild): void {
    const shown = build.problems.filter((p) => this.verbosity !== 'quiet' || p.severity === 'error');
    const lines = [...new Set(shown.map((p) => formatProblem(p)))];
    const key = JSON.stringify([build.ok, build.failure ?? '', lines]);
    const unchanged = key === this.#last;
    const wasFailing = this.#failed;
    this.#last = key;
    this.#failed = !build.ok;
    if (unchanged) return;
    for (const line of lines) this.terminal.err(line);
    if (!build.ok) {
      const errors = build.problems.filter((p) => p.severity === 'error').length + (build.failure ? 1 : 0);
      const what = build.failure ? `the build failed: ${build.failure}` : `the build failed: ${errors} error${errors === 1 ? '' : 's'}`;
      this.terminal.err(`jamrecap serve: ${what} (the preview shows ${errors === 1 ? 'it' : 'them'} until fixed; save to rebuild)`);
    } else if (wasFailing && this.verbosity !== 'quiet') {
      this.terminal.out('jamrecap serve: fixed: the preview is up to date');
    }
  }
}

/** Summaries of the jams built, printed only for the first build (or every build with --verbose). */
export function jamSummaryPrinter(terminal: Terminal, verbosity: Verbosity): { forBuild(n: number): (s: JamSummary) => void } {
  return {
    forBuild: (n) => (s) => {
      if (verbosity === 'verbose' || (verbosity === 'normal' && n === 1)) terminal.out(formatSummary(s));
    },
  };
}

/**
 * Runs `build` after each change under `dirs` (after a quiet of `settleMs`,
 * so that an editor's save is one build), never two at once: changes made
 * during a build start one more build after it. Changes under `ignore`
 * (the preview folder itself) do not count.
 */
export function rebuildOnChange(dirs: string[], build: () => Promise<void>, opts: { ignore?: string[]; settleMs?: number } = {}): { close(): void; idle(): Promise<void> } {
  const settleMs = opts.settleMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const run = () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = build()
      .catch(() => {})
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(run, settleMs);
  };
  const watcher = watchTree(dirs, changed, opts.ignore);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
    async idle() {
      while (running) await running;
    },
  };
}
