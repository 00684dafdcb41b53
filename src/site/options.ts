/**
 * Build options that do not belong in the content (they change per run,
 * not per site): handed from the CLI to the Eleventy config file through
 * the config object Eleventy passes to both, so two builds in one process
 * (the tests) never share settings through globals.
 */

import type { ProblemSeverity } from '../notes/problems.ts';
import type { SiteModel } from './site.ts';
import type { OutputRecord } from './page-cache.ts';

export interface JamSummary {
  slug: string;
  messages: number;
  participants: number;
  questions: number;
  featured: number;
  downloads: number;
}

export interface SiteOptions {
  /**
   * The site's origin (https://example.org, no path: a path given with
   * --base-url becomes the path prefix), for canonical links, feeds, the
   * sitemap, embeds and the API; '' when unknown.
   */
  baseUrl: string;
  /** Where the site is served from: "/" or "/recaps/" (leading and trailing slash). */
  pathPrefix: string;
  /** Largest estimated size of one transcript page, in bytes (pages stay under ~1 MB). */
  transcriptPageBytes: number;
  /** Called once per jam after its downloads are written (the build's summary line). */
  onJamBuilt?: (summary: JamSummary) => void;
  /**
   * Called after each jam is read and checked: jams done, jams in all,
   * messages in this one (the CLI's progress line). `stage` is 'import'
   * while the jams the cache lacks are imported (prepare-jams.ts, before
   * the build reads every jam).
   */
  onJamLoaded?: (done: number, total: number, messages: number, stage?: 'import') => void;
  /**
   * Read only these jams (folder names under jams/), as if the others were
   * not there: `serve`'s first look at the edited jam, shown while the
   * whole site builds. Undefined: every jam.
   */
  onlyJams?: string[];
  /**
   * Every page's links to the site's own pages and files relative to the
   * page, a folder's ending in `index.html` (publish/relative-urls.ts), so
   * the output opens from disk (`file://`) as well as from any host and
   * path (`build --relative`; `serve` leaves it off). Canonical and share
   * URLs stay absolute (they need --base-url). Default false.
   */
  relative?: boolean;
  /**
   * Each jam's `<slug>-site.zip` (site-zip.ts: its pages to read offline)
   * is listed on its recap; build.ts makes the zips once the pages are
   * written (`build`: on; `serve` writes none, and lists none).
   */
  siteZips?: boolean;
  /** Include jams whose notes say `draft: true` (`build --drafts`, `serve`); default false. */
  drafts?: boolean;
  /**
   * How the draft's placeholders left in the notes (`*Draft:` lines, unreviewed
   * suggested quotes) are reported: 'error' when publishing (`build`, unless
   * --allow-placeholders), so a draft is never shipped unawares; 'warning' (the
   * default) for `check`, `serve` and other callers.
   */
  placeholders?: ProblemSeverity;
  /** Import cache folder (src/site/cache.ts); undefined: the default, null: no disk cache. */
  cacheDir?: string | null;
  /** The publisher's theme folder (`--theme DIR`); undefined: `theme/` beside the content folder, if any (theme-folder.ts). */
  theme?: string | null;
  /** The site the build's checks loaded with these options (build.ts): Eleventy's first build uses it instead of loading it again. */
  loadedSite?: SiteModel;
  /** What the output folder holds from its last build, when it is built again in place (serve's preview; page-cache.ts). */
  outputRecord?: OutputRecord;
  /**
   * The output is a fresh folder that nothing writes into again (build.ts's
   * temporary folder, swapped into place): cached files may go there by hard
   * link (cache-files.ts). Otherwise (serve's preview, rewritten in place)
   * they are copied, so that no later write reaches the cache through a link.
   */
  freshOutput?: boolean;
  /**
   * One Eleventy run of a batched build (build.ts: a site too big to render
   * in one run keeps Eleventy's memory to a batch of jams or people):
   * `{ jams, people }` renders only those jams' and people's pages into the
   * page cache (no site-wide page, no downloads or publish files), `final`
   * everything else, the batches' pages coming from the cache. Batches use the page cache
   * even in a build's temporary cache folder.
   */
  batch?: RenderBatch | 'final';
  /**
   * A build (not `serve`): a jam's model lets go of its messages once they
   * are stored in the load cache, and of its import (read back from their
   * caches to render it), so a big site's memory holds no jam it is not
   * rendering (model.ts dropHeavy).
   */
  releaseModels?: boolean;
}

/** What one Eleventy run of a batched build renders: some jams' pages, some people's pages (by slug). */
export interface RenderBatch {
  jams: string[];
  people: string[];
}

export const DEFAULT_TRANSCRIPT_PAGE_BYTES = 800_000;

export const defaultSiteOptions = (): SiteOptions => ({ baseUrl: '', pathPrefix: '/', transcriptPageBytes: DEFAULT_TRANSCRIPT_PAGE_BYTES });

const byConfig = new WeakMap<object, Partial<SiteOptions>>();

/** Called from the `config` callback passed to `new Eleventy(...)`, which runs before the config file. */
export function setSiteOptions(eleventyConfig: object, options: Partial<SiteOptions>): void {
  byConfig.set(eleventyConfig, options);
}

export function getSiteOptions(eleventyConfig: object): SiteOptions {
  return { ...defaultSiteOptions(), ...byConfig.get(eleventyConfig) };
}

/** `https://example.org/` -> `https://example.org`; refuses anything but absolute http(s). */
export function normalizeBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--base-url "${raw}" is not an absolute URL (e.g. https://recaps.example.org)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--base-url must be http or https (got "${raw}")`);
  if (u.search || u.hash) throw new Error(`--base-url cannot have a query or fragment (got "${raw}")`);
  if (u.username || u.password) throw new Error(`--base-url cannot hold a user name or password (got "${raw}")`);
  return u.href.replace(/\/+$/, '');
}

// One path segment of a prefix: unreserved URL characters only, so the
// prefix needs no escaping anywhere (HTML, XML, JSON, _headers).
const PREFIX_SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/** `recaps`, `/recaps`, `/recaps/` -> `/recaps/`; `` and `/` -> `/`. */
export function normalizePathPrefix(raw: string): string {
  const segments = raw.split('/').filter(Boolean);
  for (const s of segments) {
    if (!PREFIX_SEGMENT.test(s)) throw new Error(`--path-prefix "${raw}": "${s}" is not a plain path segment (letters, digits, "-", "_", "." and "~")`);
  }
  return segments.length ? `/${segments.join('/')}/` : '/';
}

/**
 * The public address from the command line: `--base-url` (origin, maybe a
 * path) and `--path-prefix`. A path in the base URL is the prefix when no
 * prefix is given (`--base-url https://example.org/recaps/` alone serves the
 * site from /recaps/); given both, they must agree.
 */
export function resolvePublicAddress(baseUrlRaw: string | undefined, pathPrefixRaw: string | undefined): { baseUrl: string; pathPrefix: string } {
  const prefix = pathPrefixRaw === undefined ? null : normalizePathPrefix(pathPrefixRaw);
  if (baseUrlRaw === undefined || baseUrlRaw === '') return { baseUrl: '', pathPrefix: prefix ?? '/' };
  const full = new URL(normalizeBaseUrl(baseUrlRaw));
  const basePath = normalizePathPrefix(full.pathname);
  if (prefix !== null && basePath !== '/' && basePath !== prefix) {
    throw new Error(`--base-url "${baseUrlRaw}" has the path ${basePath} but --path-prefix is ${prefix}: give the path in one of them`);
  }
  return { baseUrl: full.origin, pathPrefix: prefix ?? basePath };
}

export function formatSummary(s: JamSummary): string {
  return `${s.slug}: ${s.messages} messages, ${s.participants} participants, ${s.questions} questions, ${s.featured} featured, ${s.downloads} downloads`;
}
