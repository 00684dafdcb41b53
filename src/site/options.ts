/**
 * Build options that do not belong in the content (they change per run,
 * not per site): handed from the CLI to the Eleventy config file through
 * the config object Eleventy passes to both, so two builds in one process
 * (the tests) never share settings through globals.
 */

export interface JamSummary {
  slug: string;
  messages: number;
  participants: number;
  questions: number;
  featured: number;
  downloads: number;
}

export interface SiteOptions {
  /** Absolute site URL (https://example.org), for canonical links; '' when unknown. */
  baseUrl: string;
  /** Largest estimated size of one transcript page, in bytes (pages stay under ~1 MB). */
  transcriptPageBytes: number;
  /** Called once per jam after its downloads are written (the build's summary line). */
  onJamBuilt?: (summary: JamSummary) => void;
}

export const DEFAULT_TRANSCRIPT_PAGE_BYTES = 800_000;

export const defaultSiteOptions = (): SiteOptions => ({ baseUrl: '', transcriptPageBytes: DEFAULT_TRANSCRIPT_PAGE_BYTES });

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
  return u.href.replace(/\/+$/, '');
}

export function formatSummary(s: JamSummary): string {
  return `${s.slug}: ${s.messages} messages, ${s.participants} participants, ${s.questions} questions, ${s.featured} featured, ${s.downloads} downloads`;
}
