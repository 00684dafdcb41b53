/**
 * Building the site programmatically (`jamrecap build`, `serve`, tests):
 * check every jam first (all problems in one run, nothing written when
 * there is an error), then run Eleventy with jamrecap's config.
 *
 * A build never leaves a half-written site where the old one was: Eleventy
 * writes into a sibling folder (`<out>.tmp-XXXXXX`, same file system), and
 * only when everything (pages, downloads, feeds, API, `_headers`) is there
 * is it swapped in: the old folder renamed aside, the new one renamed into
 * place, the old one deleted. A failure deletes the temporary folder and
 * leaves the previous site byte for byte as it was. (`serve` writes in place:
 * Eleventy's development server manages its own output.)
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Eleventy, { type EleventyUserConfig } from '@11ty/eleventy';
import { loadSite } from './site.ts';
import { contentPageProblems } from './content-pages.ts';
import { setSiteOptions, defaultSiteOptions, type JamSummary, type SiteOptions } from './options.ts';
import { hasErrors, problem, type Problem } from './problems.ts';
import { HEADERS_MARK } from './headers.ts';
import { THEME_DIR } from './theme.ts';

/** The package's Eleventy config (absolute: `build` may run from any folder). */
export const ELEVENTY_CONFIG = fileURLToPath(new URL('../../.eleventy.ts', import.meta.url));

export interface BuildOptions extends Partial<Omit<SiteOptions, 'onJamBuilt'>> {
  contentDir: string;
  outDir: string;
  /**
   * Runs when the whole site is in the temporary folder, just before the
   * swap; a throw fails the build like any other error (tests use it to
   * prove a failed build leaves the previous site alone).
   */
  beforeSwap?: (tempDir: string) => void | Promise<void>;
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

/**
 * An existing output folder a build may replace: empty, or a site jamrecap
 * wrote (its `_headers`, or the home page next to `jams/` for builds older
 * than `_headers`). Anything else is somebody's folder: never deleted.
 */
function looksLikeSite(dir: string): boolean {
  const entries = readdirSync(dir);
  if (!entries.length) return true;
  const headers = join(dir, '_headers');
  if (existsSync(headers) && readFileSync(headers, 'utf8').startsWith(HEADERS_MARK)) return true;
  return entries.includes('index.html') && entries.includes('jams');
}

/** Why the output folder cannot be (re)placed where asked, if it cannot. */
export function outputProblems(contentDir: string, outDir: string): Problem[] {
  const out = resolve(outDir);
  const content = resolve(contentDir);
  const at = (message: string) => [problem(out, 1, 1, message)];
  if (isAncestorOrSelf(out, content)) return at('the output folder would replace the content folder: choose another --out');
  if (isAncestorOrSelf(content, out)) return at('the output folder is inside the content folder: choose one outside it');
  if (isAncestorOrSelf(out, process.cwd())) return at('the output folder would replace the working folder: choose a folder of its own');
  if (isAncestorOrSelf(out, THEME_DIR)) return at("the output folder would replace jamrecap's own files: choose another --out");
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) return at('the output path exists and is not a folder');
    if (!looksLikeSite(out)) return at('the output folder is not empty and was not written by jamrecap: nothing in it is replaced; choose another --out or empty it');
  }
  return [];
}

/**
 * Problems that stop a build before Eleventy starts: the jams' (all of
 * them), then, once the jams are sound, where the output would go.
 */
export function checkContent(contentDir: string, options: SiteOptions = defaultSiteOptions()): Problem[] {
  const problems = [...loadSite(contentDir, options).problems, ...contentPageProblems(contentDir)];
  if (existsSync(join(contentDir, '_includes'))) {
    problems.push(problem(join(resolve(contentDir), '_includes'), 1, 1, "not used: the layouts and pages now ship with jamrecap (theme/); a content folder needs only jams/ (delete _includes/ and pages/)", 'warning'));
  }
  return problems;
}

/** Eleventy, configured for jamrecap with these options. */
export function createEleventy(opts: BuildOptions & { runMode?: 'build' | 'serve' | 'watch'; onJamBuilt?: (s: JamSummary) => void }): Eleventy {
  const { contentDir: contentIn, outDir: outIn, runMode, beforeSwap: _beforeSwap, ...rest } = opts;
  // Relative to the working directory: with an absolute input folder,
  // Eleventy 3.1 does not find directory data files in it.
  const contentDir = relative(process.cwd(), resolve(contentIn)) || '.';
  const outDir = resolve(outIn);
  // Every site option given (undefined ones left to the defaults).
  const siteOptions = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<SiteOptions>;
  return new Eleventy(contentDir, outDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: true,
    runMode: runMode ?? 'build',
    pathPrefix: siteOptions.pathPrefix ?? '/',
    config: (cfg: EleventyUserConfig) => setSiteOptions(cfg, siteOptions),
  });
}

/** Put the finished site at `outDir`: old one aside, new one in, old one gone. */
function swapInto(tempDir: string, outDir: string): void {
  if (!existsSync(outDir)) {
    renameSync(tempDir, outDir);
    return;
  }
  const old = `${outDir}.old-${randomBytes(6).toString('hex')}`;
  renameSync(outDir, old);
  try {
    renameSync(tempDir, outDir);
  } catch (err) {
    renameSync(old, outDir);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

export async function buildSite(opts: BuildOptions): Promise<BuildResult> {
  const contentDir = resolve(opts.contentDir);
  const outDir = resolve(opts.outDir);
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<SiteOptions>;
  const options: SiteOptions = { ...defaultSiteOptions(), ...given };
  const problems = checkContent(contentDir, options);
  if (!hasErrors(problems)) problems.push(...outputProblems(contentDir, outDir));
  if (hasErrors(problems)) return { ok: false, problems, summaries: [] };

  const summaries: JamSummary[] = [];
  mkdirSync(dirname(outDir), { recursive: true });
  const tempDir = mkdtempSync(`${outDir}.tmp-`);
  try {
    const elev = createEleventy({ ...opts, outDir: tempDir, onJamBuilt: (s) => summaries.push(s) });
    await elev.write();
    await opts.beforeSwap?.(tempDir);
    swapInto(tempDir, outDir);
  } catch (err) {
    rmSync(tempDir, { recursive: true, force: true });
    return { ok: false, problems, summaries, error: err as Error };
  }
  return { ok: true, problems, summaries };
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
