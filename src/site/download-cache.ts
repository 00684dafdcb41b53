/**
 * The download cache: a jam's rendered downloads (JSON, CSV, Markdown,
 * text, HTML, archive), kept on disk beside the import cache
 * (src/site/cache.ts: same folder, JAMRECAP_CACHE and --no-cache), so a
 * rebuild of an unchanged jam reads one file instead of rendering tens of
 * MB again.
 *
 * Key: sha256 of the code version (package version, every source file
 * of src/downloads and src/model, and Node's zlib version, which deflates
 * the archive's entries), the download context (slug, title,
 * zone, question texts, language), each original export kept in the
 * archive (name and SHA-256: src/site/file-digest.ts hashes each file once
 * per content), and the transcript as the site shows it, named by what
 * makes it (`transcriptOrigin`: its import key, which covers the import
 * code, options and the exports' digests, and the redact list: a changed
 * redact.yml changes it, and drops the exports) rather than hashed as JSON;
 * a transcript of no known origin is hashed as JSON.
 *
 * An entry is a set of files and a line beside them (cache-files.ts: the line
 * naming the version, key, and each file's name, media type, size, time
 * and inode); one that does not fit, or whose files changed, is rendered
 * afresh and rewritten. Writing a jam's entry removes its older ones. The
 * download page needs only the line (`listDownloads`); the build puts the
 * files in the output by a hard link or a copy (`placeDownloads`), never
 * reading their bytes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDownloads, type DownloadContext, type DownloadFile } from '../downloads/index.ts';
import type { Transcript } from '../model/transcript.ts';
import { sha256Hex } from '../model/ids.ts';
import { codeVersion, ownerTag } from './cache.ts';
import { placeEntryFile, readFiles, storeFiles, type FilesEntry, type PlaceMode } from './cache-files.ts';
import { sha256OfFile } from './file-digest.ts';

const DOWNLOAD_CODE_DIRS = ['src/downloads', 'src/model'];
/** Redaction (src/notes/redact.ts) turns the imported transcript into the one the site shows. */
const REDACT_CODE_DIRS = ['src/notes'];

/** Counters for tests and benchmarks: entries used, missed, refused, written, downloads rendered, and entries listed from their header alone. */
export const downloadCacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0, renders: 0, listed: 0 };

/** A download as its page lists it: no bytes. */
export interface DownloadEntry {
  name: string;
  mediaType: string;
  size: number;
}

/** The version of the code that renders downloads (zlib's too: another zlib may deflate the archive to other bytes). */
export function downloadsVersion(): string {
  return codeVersion(`jamrecap-downloads zlib ${process.versions.zlib}`, DOWNLOAD_CODE_DIRS);
}

/**
 * What makes a transcript as the site shows it: the import key of its
 * exports and options (src/site/cache.ts importKey: the import code's
 * version, the options, each export's name, size and SHA-256), the
 * redaction code's version (src/notes) and the opted-out handles it was
 * redacted with (in any order).
 */
export function transcriptOrigin(importKey: string, redact: readonly string[]): string {
  const redactVersion = codeVersion('jamrecap-redact', REDACT_CODE_DIRS);
  return createHash('sha256').update(`transcript\0${importKey}\0${redactVersion}\0${JSON.stringify([...redact].sort())}`).digest('hex');
}

/**
 * What the download key needs of the context: the exports kept in the
 * archive named by their SHA-256, made from their path (once per file
 * content: src/site/file-digest.ts) or from bytes in hand.
 */
export interface DownloadKeyContext extends Omit<DownloadContext, 'exports'> {
  exports: ({ name: string; path: string } | { name: string; bytes: Uint8Array })[];
}

/**
 * The content hash a jam's downloads are stored under. `origin`: the
 * transcript's `transcriptOrigin`, which stands for it; without one the
 * transcript's JSON is hashed.
 */
export function downloadsKey(t: Transcript, ctx: DownloadKeyContext, origin?: string | null): string {
  const h = createHash('sha256');
  const texts = Object.keys(ctx.questionTexts ?? {}).sort().map((k) => [k, ctx.questionTexts![k]]);
  h.update(`${downloadsVersion()}\0${JSON.stringify([ctx.slug, ctx.title, ctx.timezone, texts, ctx.lang ?? null, ctx.recapUrl ?? null])}\0${ctx.exports.length}\0`);
  for (const e of ctx.exports) h.update(`${e.name}\0${'path' in e ? sha256OfFile(e.path) : sha256Hex(e.bytes)}\0`);
  if (origin) h.update(`\0origin\0${origin}`);
  else h.update('\0json\0').update(JSON.stringify(t));
  return h.digest('hex');
}

/** Where the download entries are, and a jam's prefix there. */
function place(cacheDir: string, owner: string): { dir: string; prefix: string } {
  return { dir: join(cacheDir, 'downloads'), prefix: `${ownerTag(owner)}-` };
}

const isDownloadEntry = (f: Partial<DownloadEntry>) => typeof f.name === 'string' && SAFE_NAME.test(f.name) && typeof f.mediaType === 'string';

/** A download's file name: plain, no folders. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The entry of this jam and key with its files checked (`check`), or why not (counted, unless `count` is false). */
function entryOf(cacheDir: string, owner: string, key: string, check = true, count = true): FilesEntry<Omit<DownloadEntry, 'size'>> | null {
  const { dir, prefix } = place(cacheDir, owner);
  const entry = readFiles<Omit<DownloadEntry, 'size'>>(dir, prefix, downloadsVersion(), key, isDownloadEntry, check);
  if (entry === 'missing' || entry === 'refused') {
    if (count) downloadCacheStats[entry === 'missing' ? 'misses' : 'rejected']++;
    return null;
  }
  return entry;
}

/**
 * The files of an entry as listed in its line (names, media types,
 * sizes), without looking at the files: the download page needs no more.
 * Null (not counted) when there is no entry or its line does not fit this
 * key; the files are checked when they are placed (`placeDownloads`), and
 * one that fails is rendered again, to the same sizes (the key is the
 * same). Never throws.
 */
export function listDownloads(cacheDir: string, owner: string, key: string): DownloadEntry[] | null {
  const entry = entryOf(cacheDir, owner, key, false, false);
  if (!entry) return null;
  downloadCacheStats.listed++;
  return entry.files.map((f) => ({ name: f.name, mediaType: f.mediaType, size: f.size }));
}

/** The files of an entry with their bytes, or null (counted) when there is none or it cannot be trusted. Never throws. */
export function readDownloads(cacheDir: string, owner: string, key: string): DownloadFile[] | null {
  const entry = entryOf(cacheDir, owner, key);
  if (!entry) return null;
  try {
    const files = entry.files.map((f, i) => ({ name: f.name, mediaType: f.mediaType, bytes: readFileSync(entry.path(i)) }));
    downloadCacheStats.hits++;
    return files;
  } catch {
    downloadCacheStats.rejected++;
    return null;
  }
}

/**
 * Put an entry's files in `destDir` (which holds none of them) by `mode`
 * (a hard link or a copy: cache-files.ts); the files placed, or null
 * (counted) when there is no sound entry. A failure half-way removes what
 * it placed. Never throws.
 */
export function placeDownloads(cacheDir: string, owner: string, key: string, destDir: string, mode: PlaceMode): DownloadEntry[] | null {
  const entry = entryOf(cacheDir, owner, key);
  if (!entry) return null;
  const placed: string[] = [];
  const made = new Set([destDir]);
  try {
    entry.files.forEach((f, i) => {
      const to = join(destDir, f.name);
      placeEntryFile(entry, i, to, mode, made);
      placed.push(to);
    });
  } catch {
    for (const p of placed) rmSync(p, { force: true });
    downloadCacheStats.rejected++;
    return null;
  }
  downloadCacheStats.hits++;
  return entry.files.map((f) => ({ name: f.name, mediaType: f.mediaType, size: f.size }));
}

/**
 * Write downloads' bytes into `dir` (made already): each name must be a
 * plain file name, and a file already there is replaced, never written
 * through (it may be a hard link to an entry's file). Returns how many.
 */
export function writeDownloadFiles(dir: string, files: DownloadFile[]): number {
  for (const f of files) {
    if (!SAFE_NAME.test(f.name)) throw new Error(`download name "${f.name}" is not a plain file name`);
    const path = join(dir, f.name);
    rmSync(path, { force: true });
    writeFileSync(path, f.bytes);
  }
  return files.length;
}

/** Store a jam's downloads (and drop its older entries). Failing to write only costs speed: it is ignored. */
export function writeDownloads(cacheDir: string, owner: string, key: string, files: DownloadFile[]): boolean {
  const { dir, prefix } = place(cacheDir, owner);
  const stored = storeFiles(dir, prefix, downloadsVersion(), key, files.map((f) => ({ meta: { name: f.name, mediaType: f.mediaType }, bytes: f.bytes })), 'copy');
  if (stored) downloadCacheStats.writes++;
  return stored;
}

/** Render a jam's downloads, and store them when there is a cache folder. */
export function renderAndStore(cacheDir: string | null, owner: string, key: string, t: Transcript, ctx: DownloadContext): DownloadFile[] {
  downloadCacheStats.renders++;
  const files = renderDownloads(t, ctx);
  if (cacheDir) writeDownloads(cacheDir, owner, key, files);
  return files;
}

/**
 * A jam's downloads: from the cache when an entry for exactly this
 * transcript and context is there, else rendered (and stored). Without a
 * cache folder (null: --no-cache) they are always rendered. `ctx` may be
 * a function: called only when needed (it reads the exports). `knownKey`:
 * the key, when the caller has it already (`downloadsKey` of the same
 * transcript and context).
 */
export function cachedDownloads(cacheDir: string | null, owner: string, t: Transcript, ctx: DownloadContext | (() => DownloadContext), knownKey?: string): DownloadFile[] {
  const context = typeof ctx === 'function' ? ctx : () => ctx;
  const key = cacheDir ? knownKey ?? downloadsKey(t, context()) : '';
  const hit = cacheDir ? readDownloads(cacheDir, owner, key) : null;
  return hit ?? renderAndStore(cacheDir, owner, key, t, context());
}
