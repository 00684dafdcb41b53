/**
 * Building the site programmatically (`jamrecap build`, `serve`, tests):
 * check every jam first (all problems in one run, nothing written when
 * there is an error), then run Eleventy with jamrecap's config.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Eleventy, { type EleventyUserConfig } from '@11ty/eleventy';
import { loadSite } from './site.ts';
import { setSiteOptions, defaultSiteOptions, type JamSummary, type SiteOptions } from './options.ts';
import { hasErrors, problem, type Problem } from './problems.ts';

/** The package's Eleventy config (absolute: `build` may run from any folder). */
export const ELEVENTY_CONFIG = fileURLToPath(new URL('../../.eleventy.ts', import.meta.url));

export interface BuildOptions extends Partial<Omit<SiteOptions, 'onJamBuilt'>> {
  contentDir: string;
  outDir: string;
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

/**
 * Problems that stop a build before Eleventy starts: the jams' (all of
 * them), then, once the jams are sound, a content folder without layouts.
 */
export function checkContent(contentDir: string, options: SiteOptions = defaultSiteOptions()): Problem[] {
  const problems = loadSite(contentDir, options).problems;
  if (!hasErrors(problems) && !existsSync(join(contentDir, '_includes'))) {
    problems.push(problem(resolve(contentDir), 1, 1, 'not a jamrecap content folder: no _includes/ (copy the layouts and pages of content/ next to your jams/)'));
  }
  return problems;
}

/** Eleventy, configured for jamrecap with these options. */
export function createEleventy(opts: BuildOptions & { runMode?: 'build' | 'serve' | 'watch'; onJamBuilt?: (s: JamSummary) => void }): Eleventy {
  // Relative to the working directory: with an absolute input folder,
  // Eleventy 3.1 does not find directory data files (jams/jams.11tydata.mjs).
  const contentDir = relative(process.cwd(), resolve(opts.contentDir)) || '.';
  const outDir = resolve(opts.outDir);
  const siteOptions: Partial<SiteOptions> = {
    ...(opts.baseUrl !== undefined ? { baseUrl: opts.baseUrl } : {}),
    ...(opts.transcriptPageBytes !== undefined ? { transcriptPageBytes: opts.transcriptPageBytes } : {}),
    ...(opts.onJamBuilt ? { onJamBuilt: opts.onJamBuilt } : {}),
  };
  return new Eleventy(contentDir, outDir, {
    configPath: ELEVENTY_CONFIG,
    quietMode: true,
    runMode: opts.runMode ?? 'build',
    config: (cfg: EleventyUserConfig) => setSiteOptions(cfg, siteOptions),
  });
}

export async function buildSite(opts: BuildOptions): Promise<BuildResult> {
  const contentDir = resolve(opts.contentDir);
  const options: SiteOptions = { ...defaultSiteOptions(), ...opts };
  const problems = checkContent(contentDir, options);
  if (hasErrors(problems)) return { ok: false, problems, summaries: [] };
  const summaries: JamSummary[] = [];
  const elev = createEleventy({ ...opts, onJamBuilt: (s) => summaries.push(s) });
  try {
    await elev.write();
  } catch (err) {
    return { ok: false, problems, summaries, error: err as Error };
  }
  return { ok: true, problems, summaries };
}
