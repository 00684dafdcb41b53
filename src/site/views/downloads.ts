/**
 * A jam's downloads as its download page lists them: link, size and a label
 * saying what each format is for.
 */
import type { DownloadEntry } from '../download-cache.ts';
import type { DownloadView } from '../../publish/site-view.ts';
import { siteZipName } from '../site-zip.ts';

const DOWNLOAD_LABELS: [RegExp, string][] = [
  [/\.json$/, 'JSON (the transcript schema)'],
  [/-spreadsheet\.csv$/, "CSV for Excel and other spreadsheets (safe to double-click: a cell starting with = + - or @ gets a leading ')"],
  [/\.csv$/, 'CSV, exact (for scripts and re-import: every cell as in the JSON; open it in a spreadsheet through its import, not by double-click)'],
  [/\.md$/, 'Markdown'],
  [/\.txt$/, 'Plain text'],
  [/\.html$/, 'Web page (reads offline, prints)'],
  [/-site\.zip$/, 'These pages to read offline: the recap, transcript and participants, with their styles and pictures'],
  [/\.zip$/, 'Archive (all formats, the original exports, SHA-256 manifest)'],
];

/** A byte count for people: `512 B`, `1.5 KB`, `2.0 MB`. */
function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The download files (names, types and sizes) as listed under `downloadHref`. */
export function downloadViews(files: DownloadEntry[], downloadHref: string): DownloadView[] {
  return files.map((f) => ({
    name: f.name,
    href: `${downloadHref}${encodeURIComponent(f.name)}`,
    bytes: f.size,
    size: humanSize(f.size),
    mediaType: f.mediaType,
    label: DOWNLOAD_LABELS.find(([re]) => re.test(f.name))?.[1] ?? f.mediaType,
  }));
}

/**
 * The jam's site zip (site-zip.ts) as the recap lists it. The zip is made
 * from the built pages, this list among them, so its size cannot be on
 * them: `size` says what to do with it instead, and `bytes` is 0 (nothing
 * reads it: the zip is listed on the recap page only, not in the API).
 */
export function siteZipView(slug: string, downloadHref: string): DownloadView {
  const name = siteZipName(slug);
  const mediaType = 'application/zip';
  return { name, href: `${downloadHref}${encodeURIComponent(name)}`, bytes: 0, size: 'unzip it and open index.html', mediaType, label: DOWNLOAD_LABELS.find(([re]) => re.test(name))?.[1] ?? mediaType };
}
