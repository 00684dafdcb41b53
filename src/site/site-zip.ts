/**
 * `<slug>-site.zip`: one jam's pages to read offline. A reader unzips it
 * and opens `index.html` (a page that leads to the recap); inside are the
 * jam's pages as the site shows them (recap, transcript pages, the jam's
 * participants page, embeds), the styles, icon and pictures they use, at
 * the site's own paths, every link between them relative to the page
 * (publish/relative-urls.ts), so they work from `file://`.
 *
 * Links to what the zip does not hold (the home page, person pages,
 * search, feeds, other jams, the downloads) become the public address when
 * the site has a base URL; without one there is no address to give, so the
 * link is dropped and its text kept (`<a>` without `href`: plain text, not
 * a dead link).
 *
 * Made from the built pages after Eleventy wrote them (build.ts), so the
 * zip holds exactly what the site shows; deterministic (entries sorted,
 * every entry dated the jam's day at noon, zlib level 5 as the archive:
 * downloads/zip.ts). Cached, under two keys, each with the zip code's
 * version, the jam and the address: every page's path, size, modification
 * time and inode (the stamp cache-files.ts checks its entries by: a page
 * the page cache placed by hard link keeps its cache file's), so a rebuild
 * reads no page to know its zip; and, when that misses (pages rendered
 * again), every page's path and bytes. The styles and pictures have
 * content-hashed names, which the pages name. An unchanged jam's zip is
 * placed from the cache by a hard link, never zipped again.
 */
import { createHash } from 'node:crypto';
import { PageDigests } from './page-digests.ts';
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dosDateTime, setEntryTimes, zipEntries } from '../downloads/zip.ts';
import { fileOf, relativePath, rewriteHtmlUrls, sitePath, urlOfFile } from '../publish/relative-urls.ts';
import { publicUrl, type PublicAddress } from '../publish/urls.ts';
import { escapeHtml } from '../model/html.ts';
import { codeVersion, ownerTag } from './cache.ts';
import { placeEntryFile, readFiles, storeFiles, type PlaceMode } from './cache-files.ts';

/** The zip's name in the jam's download folder. */
export const siteZipName = (slug: string): string => `${slug}-site.zip`;

/** Counters for tests and benchmarks: zips made, zips placed from the cache (`byContent`: of them, found by the pages' bytes). */
export const siteZipStats = { zipped: 0, cached: 0, byContent: 0 };

/** What a jam's zip is made from. */
export interface SiteZipJam {
  slug: string;
  title: string;
  /** `YYYY-MM-DD…`: the entries' day (1980-01-01 when it is not a date from 1980 to 2099). */
  date: string;
  /** The cache entry's owner (one entry per owner): the jam's folder or notes. */
  owner: string;
}

export interface SiteZipSettings {
  outDir: string;
  address: PublicAddress;
  /** The cache folder, or null: zipped every build. */
  cacheDir: string | null;
  /** How a cached zip is placed and a new one kept: a hard link into a fresh output, else a copy. */
  mode: PlaceMode;
  /** The build's page digests (shared with the search index), else the zips' own. */
  digests?: PageDigests;
}

/** Folders of the output whose files a page of the zip may use (styles, icons, pictures), and top-level files. */
const RESOURCE_FOLDERS = ['assets/', 'media/'];
const RESOURCE_FILES = new Set(['favicon.ico']);

/** The code that makes the zips (this module, the link rewriting, the zip writer) and zlib, which deflates them. */
function siteZipVersion(): string {
  return codeVersion(`jamrecap-site-zip zlib ${process.versions.zlib}`, ['src/site', 'src/publish', 'src/downloads']);
}

/** The jam's pages in the output: every `.html` under `jams/<slug>/` but its downloads, as output paths (`/`-separated), sorted. */
export function jamPageFiles(outDir: string, slug: string): string[] {
  const root = `jams/${slug}`;
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(outDir, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory() && p !== `${root}/download`) walk(p);
      else if (e.isFile() && e.name.endsWith('.html')) found.push(p);
    }
  };
  walk(root);
  return found.sort();
}

/** What every key of a jam's zip starts with: the code's version, the jam and the address. */
function keyHead(jam: SiteZipJam, address: PublicAddress): string {
  return `${siteZipVersion()}\0${JSON.stringify([jam.slug, jam.title, jam.date, address.baseUrl, address.pathPrefix])}\0`;
}

/** The quick key of a jam's zip: every page's path and file stamp (size, time, inode) under `outDir`; no page read. */
function stampKey(head: string, outDir: string, files: string[]): string {
  const stamps = files.map((f) => {
    const st = lstatSync(join(outDir, f));
    return [f, st.size, st.mtimeMs, st.ino];
  });
  return createHash('sha256').update(head).update(JSON.stringify(stamps)).digest('hex');
}

/** The sure key of a jam's zip: every page's path and bytes (their digests: page-digests.ts). */
function contentKey(head: string, files: string[], digests: PageDigests): string {
  const h = createHash('sha256').update(head);
  for (const file of files) h.update(`${file}\0${digests.of(file)}\0`);
  return h.digest('hex');
}

/**
 * One page's links for the zip: to a page or file the zip holds, relative;
 * to a style, icon or picture of the output, relative (and the file added
 * to `resources`); anything else of the site's, its public URL with a base
 * URL, else dropped (null). `file` is the page's output path; its URLs are
 * as the site served it (with the path prefix, or relative).
 */
export function zipLinks(html: string, file: string, inZip: ReadonlySet<string>, address: PublicAddress, isResource: (file: string) => boolean, resources: Set<string>): string {
  const prefix = address.pathPrefix;
  const served = prefix.replace(/\/$/, '') + urlOfFile(file);
  return rewriteHtmlUrls(html, (url) => {
    const target = sitePath(url, served);
    if (!target) return url;
    if (!target.path.startsWith(prefix)) return address.baseUrl ? address.baseUrl + target.path + target.rest : null;
    const path = `/${target.path.slice(prefix.length)}`;
    let wanted: string;
    try {
      wanted = decodeURIComponent(fileOf(path)).slice(1);
    } catch {
      return null;
    }
    if (inZip.has(wanted) || isResource(wanted)) {
      if (!inZip.has(wanted)) resources.add(wanted);
      return relativePath(`/${file}`, fileOf(path)) + target.rest;
    }
    return address.baseUrl ? publicUrl(path, address) + target.rest : null;
  });
}

/** The zip's `index.html`: straight on to the recap (a refresh, and a link for whoever stays). */
export function zipIndexHtml(jam: SiteZipJam, recapFile: string, lang: string): string {
  const title = escapeHtml(jam.title);
  const href = escapeHtml(recapFile);
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'; style-src 'none'; img-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta http-equiv="refresh" content="0; url=${href}">
<title>${title}</title>
</head>
<body>
<main>
<h1>${title}</h1>
<p><a href="${href}">Open the recap</a> (the transcript and the participants are linked from it).</p>
</main>
</body>
</html>
`;
}

/** A file of the output the zip may take as a resource: a plain file in assets/ or media/, or the icon. */
function resourceIn(outDir: string): (file: string) => boolean {
  return (file) => {
    if (file.split('/').includes('..')) return false;
    if (!RESOURCE_FILES.has(file) && !RESOURCE_FOLDERS.some((f) => file.startsWith(f))) return false;
    try {
      return lstatSync(join(outDir, file)).isFile();
    } catch {
      return false;
    }
  };
}

/** The entries' day: the jam's date, when it is a DOS-date day. */
function entryDay(date: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const y = m ? Number(m[1]) : 0;
  return m && y >= 1980 && y <= 2099 ? { year: y, month: Number(m[2]), day: Number(m[3]) } : { year: 1980, month: 1, day: 1 };
}

/** The zip's bytes from the jam's pages (read already) and the output's resources. */
export function siteZipBytes(jam: SiteZipJam, pages: { file: string; bytes: Buffer }[], settings: Pick<SiteZipSettings, 'outDir' | 'address'>): Uint8Array {
  const inZip = new Set(pages.map((p) => p.file));
  const resources = new Set<string>();
  const isResource = resourceIn(settings.outDir);
  const entries = pages.map((p) => ({ path: p.file, bytes: Buffer.from(zipLinks(p.bytes.toString('utf8'), p.file, inZip, settings.address, isResource, resources)) }));
  for (const r of resources) entries.push({ path: r, bytes: readFileSync(join(settings.outDir, r)) });
  const recap = `jams/${jam.slug}/index.html`;
  const lang = /<html[^>]*\slang="([^"]*)"/.exec(pages.find((p) => p.file === recap)?.bytes.toString('utf8', 0, 512) ?? '')?.[1] ?? 'en';
  entries.push({ path: 'index.html', bytes: Buffer.from(zipIndexHtml(jam, recap, lang)) });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return setEntryTimes(zipEntries(entries), dosDateTime(entryDay(jam.date)));
}

/** Where the zips are cached, and the prefix of a jam's entry by `kind` of key there (one entry of each kind per jam). */
const cachePlace = (cacheDir: string, owner: string, kind: 'stamp' | 'content') => ({ dir: join(cacheDir, 'site-zips'), prefix: `${ownerTag(`${owner}#${kind}`)}-` });

type Place = ReturnType<typeof cachePlace>;

/** Put the zip of the entry at `place` under `key` at `to`; false when there is none (or it fails). */
function placeCached(place: Place, key: string, name: string, to: string, mode: PlaceMode): boolean {
  const entry = readFiles<{ name: string }>(place.dir, place.prefix, siteZipVersion(), key, (f) => f.name === name);
  if (typeof entry === 'string') return false;
  try {
    placeEntryFile(entry, 0, to, mode);
    return true;
  } catch {
    return false;
  }
}

/** Keep the zip at `to` as the entry of `place` under `key`. */
const keep = (place: Place, key: string, name: string, to: string, mode: PlaceMode) => storeFiles(place.dir, place.prefix, siteZipVersion(), key, [{ meta: { name }, from: to }], mode);

/**
 * Write the jam's zip into `<out>/jams/<slug>/download/`: from the cache
 * when its pages are the ones it was made from, else made (and kept).
 * Two keys: the pages' file stamps (nothing read: a rebuild whose pages the
 * page cache placed), then their bytes (pages rendered again, to the same
 * bytes: hashed, not zipped; settings.digests shares the hashing with the
 * search index). Returns how: `cached` or `zipped`.
 */
export function writeSiteZip(jam: SiteZipJam, settings: SiteZipSettings): 'cached' | 'zipped' {
  const files = jamPageFiles(settings.outDir, jam.slug);
  const dir = join(settings.outDir, 'jams', jam.slug, 'download');
  const name = siteZipName(jam.slug);
  const to = join(dir, name);
  const head = keyHead(jam, settings.address);
  const stamped = settings.cacheDir ? { place: cachePlace(settings.cacheDir, jam.owner, 'stamp'), key: stampKey(head, settings.outDir, files) } : null;
  if (stamped && placeCached(stamped.place, stamped.key, name, to, settings.mode)) {
    siteZipStats.cached++;
    return 'cached';
  }
  const digests = settings.digests ?? new PageDigests(settings.outDir);
  const content = settings.cacheDir ? { place: cachePlace(settings.cacheDir, jam.owner, 'content'), key: contentKey(head, files, digests) } : null;
  mkdirSync(dir, { recursive: true });
  // A new file, never written through one that is there (it may be linked from the cache).
  rmSync(to, { force: true });
  const cached = content !== null && placeCached(content.place, content.key, name, to, settings.mode);
  if (!cached) {
    const pages = files.map((file) => ({ file, bytes: readFileSync(join(settings.outDir, file)) }));
    writeFileSync(to, siteZipBytes(jam, pages, settings));
    siteZipStats.zipped++;
    if (content) keep(content.place, content.key, name, to, settings.mode);
  } else {
    siteZipStats.cached++;
    siteZipStats.byContent++;
  }
  if (stamped) keep(stamped.place, stamped.key, name, to, settings.mode);
  return cached ? 'cached' : 'zipped';
}

/** Every jam's zip (after the pages are written). */
export function writeSiteZips(jams: readonly SiteZipJam[], settings: SiteZipSettings): void {
  for (const jam of jams) writeSiteZip(jam, settings);
}
