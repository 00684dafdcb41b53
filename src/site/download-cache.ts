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
 * An entry is a bundle (cache-bundle.ts: a header line naming its version,
 * key, each file's name, media type and size, and the body's SHA-256, then
 * the files' bytes); one that does not fit is rendered afresh and
 * rewritten. Writes go through a temporary file and a rename; writing a
 * jam's entry removes its older ones. The download page needs only the
 * header (`listDownloads`): the bytes are read when they are written out.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { renderDownloads, type DownloadContext, type DownloadFile } from '../downloads/index.ts';
import type { Transcript } from '../model/transcript.ts';
import { sha256Hex } from '../model/ids.ts';
import { codeVersion, ownerTag, writeEntry } from './cache.ts';
import { bundleHeader, decodeBundle, encodeBundle } from './cache-bundle.ts';
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
  h.update(`${downloadsVersion()}\0${JSON.stringify([ctx.slug, ctx.title, ctx.timezone, texts, ctx.lang ?? null])}\0${ctx.exports.length}\0`);
  for (const e of ctx.exports) h.update(`${e.name}\0${'path' in e ? sha256OfFile(e.path) : sha256Hex(e.bytes)}\0`);
  if (origin) h.update(`\0origin\0${origin}`);
  else h.update('\0json\0').update(JSON.stringify(t));
  return h.digest('hex');
}

function entryPath(cacheDir: string, owner: string, key: string): string {
  return join(cacheDir, 'downloads', `${ownerTag(owner)}-${key}.bin`);
}

const isDownloadEntry = (f: Partial<DownloadEntry>) => typeof f.name === 'string' && typeof f.mediaType === 'string';

/** Headers are a few hundred bytes; one longer than this is not an entry's. */
const HEADER_LIMIT = 64 * 1024;

/**
 * The files of an entry as listed in its header (names, media types,
 * sizes), without reading the body: the download page needs no more. Null
 * (not counted) when there is no entry or its header does not fit this key
 * and the file's length; the body's digest is checked when the bytes are
 * read (`readDownloads`), and a body that fails it is rendered again, to
 * the same sizes (the key is the same). Never throws.
 */
export function listDownloads(cacheDir: string, owner: string, key: string): DownloadEntry[] | null {
  let fd: number;
  try {
    fd = openSync(entryPath(cacheDir, owner, key), 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(HEADER_LIMIT, size));
    const got = readSync(fd, head, 0, head.length, 0);
    const nl = head.subarray(0, got).indexOf(0x0a);
    if (nl === -1) return null;
    const header = bundleHeader<DownloadEntry>(head.subarray(0, nl), downloadsVersion(), key, size - nl - 1, isDownloadEntry);
    if (!header) return null;
    downloadCacheStats.listed++;
    return header.files.map((f) => ({ name: f.name, mediaType: f.mediaType, size: f.size }));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The files of an entry, or null (counted) when there is none or it cannot be trusted. Never throws. */
export function readDownloads(cacheDir: string, owner: string, key: string): DownloadFile[] | null {
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath(cacheDir, owner, key));
  } catch {
    downloadCacheStats.misses++;
    return null;
  }
  const entry = decodeBundle<DownloadEntry>(buf, downloadsVersion(), key, isDownloadEntry);
  if (!entry) {
    downloadCacheStats.rejected++;
    return null;
  }
  downloadCacheStats.hits++;
  return entry.header.files.map((f, i) => ({ name: f.name, mediaType: f.mediaType, bytes: entry.parts[i] }));
}

/** Store a jam's downloads (and drop its older entries). Failing to write only costs speed: it is ignored. */
export function writeDownloads(cacheDir: string, owner: string, key: string, files: DownloadFile[]): boolean {
  const entry = encodeBundle<DownloadEntry>(downloadsVersion(), key, files.map((f) => ({ meta: { name: f.name, mediaType: f.mediaType }, bytes: f.bytes })));
  if (!writeEntry(entryPath(cacheDir, owner, key), entry, `${ownerTag(owner)}-`)) return false;
  downloadCacheStats.writes++;
  return true;
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
  if (hit) return hit;
  downloadCacheStats.renders++;
  const files = renderDownloads(t, context());
  if (cacheDir) writeDownloads(cacheDir, owner, key, files);
  return files;
}
