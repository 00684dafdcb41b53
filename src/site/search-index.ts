/**
 * The site's search index: Pagefind (its Node API, the binary shipped in
 * @pagefind/<platform>, run offline) over the built site folder, before the
 * folder is swapped into place. Output: `<site>/pagefind/`, with the
 * search page's script (search-page.js) beside Pagefind's.
 *
 * One Pagefind record per message, not per page: Pagefind's records are
 * pages, and its sub-results only headings with ids, so indexing transcript
 * pages would give page-level results whose person and question facets
 * match a page where anybody else spoke. Each message of every built
 * transcript page (`jams/<slug>/transcript/**\/index.html`) becomes a custom
 * record instead, read from the page's own markup (so the index holds what
 * the page shows, and links to where it shows it):
 *
 * - url: the transcript page's URL (with the path prefix) and `#<anchor>`;
 * - content: the message's text (its `p.text`, as text);
 * - filters: jam (its title), question (`Q1 · title`), person (`@handle`);
 * - meta: who (`@handle`, name), when (the page's time title), the recap
 *   section the message answers (or the recap), the jam's title.
 *
 * Chat text is untrusted: the page's script shows every value as text and
 * keeps nothing of an excerpt but its words and Pagefind's <mark>s
 * (search.js; test/search.test.ts searches a hostile message).
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { sha256Hex } from '../model/ids.ts';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheerio } from '../import/cheerio-lazy.ts';
import type { CustomRecord } from 'pagefind';
import { SearchCache, type IndexFacts } from './search-cache.ts';
import { PageDigests } from './page-digests.ts';
import { fileOf, relativePath, sitePath, urlOfFile } from '../publish/relative-urls.ts';
import { prefixedPath } from '../publish/urls.ts';

/** Where the index goes, inside the site (the search page's script loads `pagefind/pagefind.js` from there). */
export const SEARCH_DIR = 'pagefind';

/**
 * The search page's script (search-page.js, beside this module in src/ and
 * in dist/), written beside pagefind.js, which it imports as
 * `./pagefind.js`. It is not a theme asset: a theme never holds JavaScript
 * (theme-folder.ts refuses code, and eject-theme copies every shipped theme
 * file), so it is published here, with the index it needs.
 */
export const SEARCH_SCRIPT = 'jamrecap-search.js';
const SEARCH_SCRIPT_SOURCE = fileURLToPath(new URL('./search-page.js', import.meta.url));

/** Pagefind's ready-made interfaces, which the site does not use (its page drives pagefind.js itself): not published. */
const UNUSED_FILE = /^pagefind-(?:component-ui|modular-ui|ui|highlight)\.(?:js|css)$/;

/**
 * At most this many fragment files (one message's text and meta each, a few
 * hundred bytes): a bigger site's fragments are bundled by Pagefind into as
 * many shared files, so a site of 100 jams of 1,000 messages writes 2,000
 * files, not 100,000 (Cloudflare Pages takes 20,000 files per site). An
 * index in parts shares them out (at least MIN_PART_FRAGMENTS a part).
 */
const MAX_FRAGMENTS = 2000;

/**
 * At most this many messages in one Pagefind index. Pagefind holds an
 * index in memory until it is written, ~35 KB a message (20,000 messages:
 * ~700 MB), so a bigger site is indexed in parts, one after the other:
 * `pagefind/` holds the first, `pagefind/part-2/`, ... the others (their
 * index files only), listed in `pagefind/jamrecap-parts.json`; the search
 * page merges them (Pagefind's mergeIndex), facets included.
 */
export const PART_RECORDS = 20_000;
/** A part's share of MAX_FRAGMENTS is at least this many files. */
const MIN_PART_FRAGMENTS = 100;
/**
 * And a small site's fragments are bundled too, this many messages a file
 * (a result loads its file: ~20 messages' text, a few KB compressed): a
 * site of 10 jams of 1,000 messages writes 500 files, not 2,000 (fewer
 * files to place in every build and to upload).
 */
const MESSAGES_PER_FRAGMENT = 20;
/** The list of the index's other parts, beside pagefind.js. */
export const PARTS_FILE = 'jamrecap-parts.json';
/** What a part keeps of Pagefind's bundle: its entry and index files (the first part's scripts and WASM serve them all). */
const PART_FILE = /^(?:pagefind-entry\.json|pagefind\.[^/]*\.pf_meta|index|filter|fragment)$/;

/** Messages indexed, and the bytes of every file Pagefind wrote (its scripts and WASM included). */
export type SearchIndexResult = IndexFacts;

/** The transcript pages of a built site, as paths relative to it, sorted. */
export function transcriptFiles(siteDir: string): string[] {
  const jams = join(siteDir, 'jams');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name === 'index.html') out.push(relative(siteDir, p).split(sep).join('/'));
    }
  };
  let slugs: string[] = [];
  try {
    slugs = readdirSync(jams);
  } catch {
    return [];
  }
  for (const slug of slugs.sort()) {
    try {
      walk(join(jams, slug, 'transcript'));
    } catch {
      // a jam without a transcript folder
    }
  }
  return out.sort();
}


const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The search page's URL (theme/pages/search.njk), which a `--relative` site's records link from. */
export const SEARCH_PAGE = '/search/';

/**
 * How the records of the transcript page at `pagePath` (root-relative,
 * without the path prefix) link to the site: as the page's own links do
 * (root-relative and prefixed, the hrefs kept as they are), or, in a
 * `--relative` site, relative to the search page, where the results are
 * shown (`../jams/x/transcript/index.html#m-1`): such a site may be served
 * under any path, or read from disk.
 */
export function recordLinks(pagePath: string, relative: boolean): (href: string) => string {
  if (!relative) return (href) => href;
  return (href) => {
    const target = sitePath(href, pagePath);
    return target ? relativePath(fileOf(SEARCH_PAGE), fileOf(target.path)) + target.rest : href;
  };
}

/**
 * One record per message of a transcript page's HTML, at `url` (as records
 * link to it); `link` turns each link found in the page into the record's
 * (recordLinks).
 */
export function messageRecords(html: string, url: string, link: (href: string) => string = (href) => href): CustomRecord[] {
  // htmlparser2 (not parse5): the pages are the site's own well-formed markup, read ~3x faster.
  const $ = loadCheerio()(html, { xml: { xmlMode: false, decodeEntities: true } });
  const language = $('html').attr('lang') || 'en';
  const jamLink = $('article.transcript > header h1 a').first();
  const jam = oneLine(jamLink.text());
  const recap = link(jamLink.attr('href') ?? '');
  const headLink = (href: string | undefined) => (href === undefined ? undefined : link(href));
  const questions = new Map<string, string>();
  $('article.transcript > h2[data-question]').each((_, el) => {
    const id = $(el).attr('data-question')!;
    if (!questions.has(id)) questions.set(id, oneLine($(el).find('a').first().text()));
  });
  return $('article.message[id]')
    .toArray()
    .map((el) => {
      const m = $(el);
      const handle = m.attr('data-author') ?? '';
      const q = m.attr('data-question') ?? '';
      const question = questions.get(q) ?? q;
      const time = m.find('header time').first();
      const meta: Record<string, string> = {
        title: `@${handle}`,
        name: oneLine(m.find('header .name').first().text()),
        time: time.attr('title') ?? time.attr('datetime') ?? '',
        jam,
        recap: headLink(m.find('header a.q').attr('href')) ?? recap,
        question,
      };
      const filters: Record<string, string[]> = { jam: [jam], person: [`@${handle}`] };
      if (question) filters.question = [question];
      return { url: `${url}#${m.attr('id')}`, content: oneLine(m.find('p.text').first().text()), language, meta, filters };
    });
}

/** Bytes of every file under `dir`, added up. */
function folderBytes(dir: string): number {
  let n = 0;
  for (const ent of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (ent.isFile()) n += statSync(join(ent.parentPath, ent.name)).size;
  }
  return n;
}

/** Counters for tests: transcript pages whose records were read from their markup. */
export const searchStats = { pagesRead: 0 };

/**
 * A built transcript page: its file, its URL, and a digest of both (what
 * its records are a function of). Its HTML is read again when its records
 * are needed, not kept: a big site's pages do not fit in memory at once.
 */
interface BuiltPage {
  file: string;
  url: string;
  /** How its records link (recordLinks). */
  link: (href: string) => string;
  digest: string;
}

/** How writeSearchIndex indexes a site. */
export interface SearchIndexOptions {
  /** Records link under this path prefix (default `/`)... */
  pathPrefix?: string;
  /** ...or relative to the search page (a `--relative` site: recordLinks). */
  relative?: boolean;
  /** The cache folder (search-cache.ts), or null: indexed every time. */
  cacheDir?: string | null;
  /** Messages per part (PART_RECORDS). */
  partRecords?: number;
  /** The build's page digests (shared with the site zips), else the index's own. */
  digests?: PageDigests;
}

/** How a message's article starts on a transcript page (message-markup.ts). */
const MESSAGE_START = '<article class="message"';

/** How often `part` (ASCII) occurs in `bytes`. */
function countOf(bytes: Buffer, part: string): number {
  let n = 0;
  for (let at = bytes.indexOf(part, 0, 'latin1'); at >= 0; at = bytes.indexOf(part, at + part.length, 'latin1')) n++;
  return n;
}

/**
 * Indexes every message of the built site in `siteDir` and writes the index
 * to `<siteDir>/pagefind/`; throws on any error Pagefind reports. The
 * Pagefind service (a child process) is closed before returning. Records
 * link under `pathPrefix`, or relative to the search page when the site is
 * built `relative` (recordLinks).
 *
 * A page is known by its URL and its bytes' digest (PageDigests: the site
 * zips of the same build have hashed it already); a cached index needs no
 * page read again.
 *
 * With a cache folder (search-cache.ts), an index is made only for pages
 * never indexed together before, and a page's records are read from its
 * markup only once: the same pages (URL and bytes) make the same records,
 * and the same records the same index (Pagefind's output is byte-identical
 * run to run). `siteDir` must be a fresh folder: the cached index goes in
 * by hard link (never written to afterwards). Pages are read and given to
 * Pagefind one at a time.
 */
export async function writeSearchIndex(siteDir: string, options: SearchIndexOptions = {}): Promise<SearchIndexResult> {
  const { pathPrefix = '/', cacheDir = null, relative = false, partRecords = PART_RECORDS } = options;
  const digests = options.digests ?? new PageDigests(siteDir);
  const pages: BuiltPage[] = transcriptFiles(siteDir).map((file) => {
    const path = urlOfFile(file);
    const link = recordLinks(path, relative);
    const url = relative ? link(path) : prefixedPath(path, pathPrefix);
    const digest = sha256Hex(`${url}\n${relative ? 'relative' : 'root'}\n${digests.of(file)}`);
    return { file, url, link, digest };
  });
  const out = join(siteDir, SEARCH_DIR);
  const cache = cacheDir ? new SearchCache(join(cacheDir, 'search'), indexKey(pages, partRecords)) : null;
  const hit = cache?.placeIndex(out);
  if (hit) return hit;
  const read = (p: BuiltPage) => {
    searchStats.pagesRead++;
    return messageRecords(readFileSync(join(siteDir, p.file), 'utf8'), p.url, p.link);
  };
  const recordsOf = (p: BuiltPage) => cache?.records(p.digest) ?? (cache ? cache.storeRecords(p.digest, read(p)) : read(p));
  // The site's fragment files shared out among its parts (a part's messages are about partRecords), its messages counted in the pages' bytes.
  const messages = pages.reduce((n, p) => n + countOf(readFileSync(join(siteDir, p.file)), MESSAGE_START), 0);
  const parts = Math.max(1, Math.ceil(messages / partRecords));
  const fragments = Math.max(MIN_PART_FRAGMENTS, Math.min(Math.floor(MAX_FRAGMENTS / parts), Math.ceil(messages / parts / MESSAGES_PER_FRAGMENT)));
  const records = await indexRecords(pages.map((p) => () => recordsOf(p)), out, partRecords, fragments);
  const result = { records, bytes: folderBytes(out) };
  cache?.storeIndex(out, result, pages.map((p) => p.digest));
  return result;
}

/** What an index is a function of: Pagefind's version and how it is asked, the page script, and every page (URL and bytes). */
function indexKey(pages: BuiltPage[], partRecords: number): string {
  return sha256Hex(JSON.stringify([indexVersionOf(), partRecords, readFileSync(SEARCH_SCRIPT_SOURCE, 'utf8'), pages.map((p) => p.digest)]));
}

let indexVersion: string | null = null;
const indexVersionOf = (): string => (indexVersion ??= `pagefind ${pagefindVersion()} fragments ${MAX_FRAGMENTS} ${MIN_PART_FRAGMENTS} ${MESSAGES_PER_FRAGMENT}`);

/** The installed Pagefind's version: the package.json of the folder its entry point is in (the package exports nothing else). */
function pagefindVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('pagefind')));
  while (basename(dir) !== 'pagefind' && dir !== dirname(dir)) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Pagefind's Node API, loaded when the first index is made (a build whose index is cached never loads it). */
let pagefindApi: typeof import('pagefind') | null = null;

/** Stop Pagefind's process if an index is being made (a build stopped by a signal: it writes into the folder being deleted). */
export async function stopSearchIndexing(): Promise<void> {
  await pagefindApi?.close();
}

/**
 * Pagefind run over the records of every transcript page (a function
 * giving one page's list, called in turn), its files written to `out`: a
 * part at most every `partRecords` messages (a page is never split), the
 * first in `out`, the others in `out/part-<n>/`, listed in PARTS_FILE;
 * each part bundles its fragments into at most `maxFragments` files.
 * Returns how many records it took.
 */
async function indexRecords(pages: (() => CustomRecord[])[], out: string, partRecords: number, maxFragments: number): Promise<number> {
  const pagefind = (pagefindApi ??= await import('pagefind'));
  let records = 0;
  const parts: string[] = [];
  try {
    for (let next = 0; next < pages.length || parts.length === 0; ) {
      const { index, errors } = await pagefind.createIndex({ writePlayground: false, maxFragments });
      if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
      let inPart = 0;
      for (; next < pages.length && (inPart === 0 || inPart < partRecords); next++) {
        const pageRecords = pages[next]();
        inPart += pageRecords.length;
        // A page's records in one round of calls to the service (thousands of awaits one by one cost more).
        const added = await Promise.all(pageRecords.map((record) => index.addCustomRecord(record)));
        const failed = added.flatMap((a, i) => a.errors.map((e) => `${pageRecords[i].url}: ${e}`));
        if (failed.length) throw new Error(`Pagefind, ${failed.join('; ')}`);
      }
      records += inPart;
      const folder = parts.length === 0 ? out : join(out, `part-${parts.length + 1}`);
      const written = await index.writeFiles({ outputPath: folder });
      if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
      // The service gives back the part's memory before the next.
      await index.deleteIndex();
      for (const name of readdirSync(folder)) if (parts.length === 0 ? UNUSED_FILE.test(name) : !PART_FILE.test(name)) rmSync(join(folder, name), { recursive: true });
      parts.push(`part-${parts.length + 1}/`);
    }
    copyFileSync(SEARCH_SCRIPT_SOURCE, join(out, SEARCH_SCRIPT));
    writeFileSync(join(out, PARTS_FILE), `${JSON.stringify(parts.slice(1))}\n`);
  } finally {
    await pagefind.close();
  }
  return records;
}
