/**
 * The recap's own downloads, next to the transcript's in
 * `/jams/<slug>/download/`: `<slug>-recap.md` (recap-markdown.ts) and
 * `<slug>-recap.html` (recap-html.ts). They are functions of the site model
 * and of the public address (their links to the site are public), so they
 * are made here, once per jam and build: the recap page lists them (the
 * `recapDownloads` filter, site/eleventy.ts) and publish.ts writes the same
 * bytes.
 */
import type { DownloadFile } from '../downloads/types.ts';
import { utf8 } from '../downloads/types.ts';
import { renderRecapHtml } from './recap-html.ts';
import { renderRecapMarkdown } from './recap-markdown.ts';
import type { DownloadView, JamView } from './site-view.ts';
import type { PublicAddress } from './urls.ts';

export const RECAP_DOWNLOAD_LABELS = {
  md: 'The recap as Markdown (the summaries and their quotes, to paste into a CMS or a newsletter)',
  html: 'The recap as a web page (reads offline, prints)',
} as const;

export interface RecapDownloadOptions {
  address: PublicAddress;
  /** The site's language, for the web page's `lang`. */
  lang?: string;
}

const cache = new WeakMap<JamView, { key: string; files: DownloadFile[] }>();

/** What of the options changes the recap's renderings (address and language), as a memo key. */
export const recapOptionsKey = (options: RecapDownloadOptions) => JSON.stringify([options.address.baseUrl, options.address.pathPrefix, options.lang ?? '']);

/** The two files' names: `<slug>-recap.md` and `<slug>-recap.html`. */
export function recapDownloadNames(slug: string): { md: string; html: string } {
  return { md: `${slug}-recap.md`, html: `${slug}-recap.html` };
}

function recapFiles(slug: string, md: Uint8Array, html: Uint8Array): DownloadFile[] {
  const names = recapDownloadNames(slug);
  return [
    { name: names.md, bytes: md, mediaType: 'text/markdown; charset=utf-8' },
    { name: names.html, bytes: html, mediaType: 'text/html; charset=utf-8' },
  ];
}

/** The two files, rendered once per jam (and address). */
export function recapDownloadFiles(jam: JamView, options: RecapDownloadOptions): DownloadFile[] {
  const key = recapOptionsKey(options);
  const hit = cache.get(jam);
  if (hit && hit.key === key) return hit.files;
  const files = recapFiles(jam.slug, utf8(renderRecapMarkdown(jam, options.address)), utf8(renderRecapHtml(jam, options.address, options.lang)));
  cache.set(jam, { key, files });
  return files;
}

/** The two files' bytes (Markdown, HTML) if this process rendered or was given them for `jam` and these options already, else null (nothing rendered). */
export function renderedRecapBytes(jam: JamView, options: RecapDownloadOptions): [Uint8Array, Uint8Array] | null {
  const hit = cache.get(jam);
  return hit && hit.key === recapOptionsKey(options) ? [hit.files[0].bytes, hit.files[1].bytes] : null;
}

/**
 * The two files of `jam` as rendered by an earlier build for the same
 * jam, address and code (the page cache, site/page-cache.ts, keeps them
 * with the jam's pages): used instead of rendering them again.
 */
export function keepRecapDownloadFiles(jam: JamView, options: RecapDownloadOptions, md: Uint8Array, html: Uint8Array): void {
  cache.set(jam, { key: recapOptionsKey(options), files: recapFiles(jam.slug, md, html) });
}

function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Root-relative path of a download of `jam` (what publish.ts writes, what the page links). */
export function downloadPath(jam: JamView, name: string): string {
  return `${jam.downloadHref}${encodeURIComponent(name)}`;
}

/** The two files as the download list shows them. */
export function recapDownloadViews(jam: JamView, options: RecapDownloadOptions): DownloadView[] {
  return recapDownloadFiles(jam, options).map((f) => ({
    name: f.name,
    href: downloadPath(jam, f.name),
    bytes: f.bytes.length,
    size: humanSize(f.bytes.length),
    mediaType: f.mediaType,
    label: f.name.endsWith('.md') ? RECAP_DOWNLOAD_LABELS.md : RECAP_DOWNLOAD_LABELS.html,
  }));
}
