/**
 * The SHA-256 of a jam's files, made once per file content: the import key,
 * the import cache's source check, the download key and the jam load key
 * all name an export by its digest, and a build (or `serve`, rebuild after
 * rebuild) hashes each export once instead of once per use; with a cache
 * folder, the digests are kept there too (`<cache>/digests.json`), so the
 * next process (the next `jamrecap build`) hashes no file that did not
 * change.
 *
 * A digest is kept with what tells a changed file (size, modification and
 * change times, inode, device), as the jam loader's own caches do
 * (src/site/jam.ts): a file written again gets another stat and is hashed
 * again. The stat is taken before the bytes are read and checked after: a
 * file changing while it is read is not remembered.
 *
 * The store on disk follows git's rule for racy index entries: a file
 * modified in the same clock tick as its digest was recorded (or after)
 * could be modified again without its stat changing (a coarse file system
 * keeps whole seconds), so a digest is stored, and a stored one used, only
 * when the file's modification time, and its change time too (a tool
 * putting the mtime back changes it), are at least RACY_MS (2 s) older
 * than the moment its stat was taken (before its bytes were read). A file
 * changed just before a build is hashed again by the next one, which stores
 * it. In this process's memory a digest is used on an equal stat alone.
 *
 * The store is untrusted input: read once per process and cache folder
 * (on the first digest asked for with it), at most MAX_STORE_BYTES, and
 * anything malformed (bad JSON, wrong types, a relative path, a record time
 * in the future) is skipped: the file is hashed again. It holds arrays only
 * (no object keyed by path) and is read into a Map. (A well-formed record
 * with a wrong digest is believed, like any entry of the cache folder.)
 * It is written back, from the main thread only (a worker's loads are done
 * again by the build), after the turn that made new digests (once per
 * build; a few times while jams are prepared in threads), through a
 * temporary file and a rename, into an existing cache folder only; it
 * keeps at most STORE_LIMIT digests, those used by this process first, and
 * drops those of files now gone or changed.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { sha256Hex } from '../model/ids.ts';

interface Known {
  /** Size, mtime, ctime, inode, device: see stampOf. */
  stamp: string;
  sha256: string;
  /** When the stat the digest goes with was taken (ms since the epoch). */
  at: number;
  /** Read from a store and not used yet (counted in `fromStore` on first use). */
  stored?: boolean;
  /** Used or made by this process (kept first when the store is written). */
  used?: boolean;
}

/** Paths remembered at most (a long `serve` of a big content folder): past it the memo starts over. */
const LIMIT = 20_000;
/** Digests a store keeps at most. */
const STORE_LIMIT = 10_000;
/** A store bigger than this is ignored. */
const MAX_STORE_BYTES = 8 << 20;
/** A stored digest is used only for a file unchanged for this long before it was recorded (see the top comment). */
const RACY_MS = 2_000;
const STORE_FILE = 'digests.json';
const STORE_FORMAT = 1;

/** The digests by absolute path: made here, or read from a store. */
const known = new Map<string, Known>();
/** Cache folders whose store was read, and whether it needs writing. */
const stores = new Map<string, { dirty: boolean }>();
let flushScheduled = false;

/** Counters for tests: digests computed, reused from memory, and read from a store. */
export const fileDigestStats = { hashed: 0, reused: 0, fromStore: 0 };

function stampOf(st: Stats): string {
  return `${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}\0${st.dev}`;
}

/**
 * A file's stamp now (size, times, inode, device, and when it was taken),
 * to pass to `fileSha256` after reading it; null when it cannot be read.
 */
export function fileStamp(path: string): string | null {
  const at = Date.now();
  try {
    return `${stampOf(statSync(path))}\0${at}`;
  } catch {
    return null;
  }
}

/** A `fileStamp` split into the stat part and its time. */
function splitStamp(token: string): { stamp: string; at: number } {
  const cut = token.lastIndexOf('\0');
  return { stamp: token.slice(0, cut), at: Number(token.slice(cut + 1)) };
}

/** The stat part of a file's stamp now, null when it cannot be read. */
function statStamp(path: string): string | null {
  try {
    return stampOf(statSync(path));
  } catch {
    return null;
  }
}

/** Whether a stored digest with this stamp, recorded at `at`, may be trusted: the file's mtime and ctime at least RACY_MS older. */
function settled(stamp: string, at: number): boolean {
  const [, mtime, ctime] = stamp.split('\0').map(Number);
  return Number.isFinite(at) && at <= Date.now() && mtime <= at - RACY_MS && ctime <= at - RACY_MS;
}

/** The remembered digest of `abs` if its stamp is `stamp` (counted), else undefined. */
function lookup(abs: string, stamp: string): string | undefined {
  const hit = known.get(abs);
  if (!hit || hit.stamp !== stamp) return undefined;
  if (hit.stored) {
    hit.stored = false;
    fileDigestStats.fromStore++;
  } else {
    fileDigestStats.reused++;
  }
  hit.used = true;
  return hit.sha256;
}

/**
 * The SHA-256 (hex) of the file at `path`, whose bytes the caller has read
 * (`bytes`, read after `before`: the stamp `fileStamp` gave before reading).
 * Hashed only when this content is not known yet; with a cache folder, its
 * store is read first and the digest kept there.
 */
export function fileSha256(path: string, bytes: Uint8Array, before: string | null, cacheDir: string | null = null): string {
  const abs = resolve(path);
  if (cacheDir) openStore(cacheDir);
  const taken = before === null ? null : splitStamp(before);
  const sized = taken !== null && taken.stamp.startsWith(`${bytes.length}\0`);
  const hit = sized ? lookup(abs, taken.stamp) : undefined;
  if (hit) return hit;
  const sha256 = sha256Hex(bytes);
  fileDigestStats.hashed++;
  // Remembered only when the file did not change while it was read.
  if (sized && taken.stamp === statStamp(path)) {
    if (known.size >= LIMIT) known.clear();
    known.set(abs, { stamp: taken.stamp, sha256, at: taken.at, used: true });
    markDirty();
  }
  return sha256;
}

/** The digest remembered for `path` if the file is unchanged since (no bytes read), else null. */
export function knownSha256(path: string): string | null {
  const stamp = statStamp(path);
  return stamp === null ? null : lookup(resolve(path), stamp) ?? null;
}

/** Forget every digest, and every store read (a new process, for tests); what was not saved yet is dropped. */
export function clearFileDigests(): void {
  known.clear();
  stores.clear();
}

/**
 * The SHA-256 of the file at `path`: the remembered one (in memory, or in
 * `cacheDir`'s store) if it is unchanged, else read and hashed (and
 * remembered). Throws when it cannot be read.
 */
export function sha256OfFile(path: string, cacheDir: string | null = null): string {
  if (cacheDir) openStore(cacheDir);
  const remembered = knownSha256(path);
  if (remembered) return remembered;
  const before = fileStamp(path);
  return fileSha256(path, readFileSync(path), before, cacheDir);
}

/** Read `cacheDir`'s store once: its settled digests join the memo (a digest made here is newer and stays). */
function openStore(cacheDir: string): void {
  const dir = resolve(cacheDir);
  if (stores.has(dir)) return;
  stores.set(dir, { dirty: false });
  for (const [abs, entry] of readStore(join(dir, STORE_FILE))) {
    if (known.size >= LIMIT) break;
    if (!known.has(abs)) known.set(abs, entry);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const STAMP = /^\d+(?:\0[\d.e+-]+){4}$/;

/** The valid, settled digests of the store at `file`: none when it is missing, too big or malformed. */
function readStore(file: string): Map<string, Known> {
  const out = new Map<string, Known>();
  let data: unknown;
  try {
    if (statSync(file).size > MAX_STORE_BYTES) return out;
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return out;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return out;
  const format: unknown = Object.hasOwn(data, 'format') ? (data as { format: unknown }).format : undefined;
  const entries: unknown = Object.hasOwn(data, 'entries') ? (data as { entries: unknown }).entries : undefined;
  if (format !== STORE_FORMAT || !Array.isArray(entries)) return out;
  for (const e of entries.slice(0, STORE_LIMIT)) {
    if (!Array.isArray(e) || e.length !== 4) continue;
    const [abs, stamp, sha256, at] = e as unknown[];
    if (typeof abs !== 'string' || typeof stamp !== 'string' || typeof sha256 !== 'string' || typeof at !== 'number') continue;
    if (abs.length > 4096 || abs !== resolve(abs) || !STAMP.test(stamp) || !SHA256.test(sha256) || !settled(stamp, at)) continue;
    out.set(abs, { stamp, sha256, at, stored: true });
  }
  return out;
}

/** A new digest: the stores read so far are written after this turn (main thread only; none without a store). */
function markDirty(): void {
  if (!stores.size || !isMainThread) return;
  for (const store of stores.values()) store.dirty = true;
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(() => {
    flushScheduled = false;
    saveFileDigests();
  });
}

/**
 * Write the stores that got new digests (done by itself after the turn
 * that made them): the settled digests of files used this process, then
 * of other files still unchanged, STORE_LIMIT at most. A store that cannot
 * be written is left as it was. Returns the number of stores written.
 */
export function saveFileDigests(): number {
  let written = 0;
  for (const [dir, store] of stores) {
    if (!store.dirty) continue;
    store.dirty = false;
    if (writeStore(dir, storeEntries())) written++;
  }
  return written;
}

/** The records to store, in `[path, stamp, sha256, at]` form. */
function storeEntries(): [string, string, string, number][] {
  const used: [string, string, string, number][] = [];
  const others: [string, string, string, number][] = [];
  for (const [abs, k] of known) {
    if (!settled(k.stamp, k.at)) continue;
    if (k.used) used.push([abs, k.stamp, k.sha256, k.at]);
    else others.push([abs, k.stamp, k.sha256, k.at]);
  }
  const out = used.slice(0, STORE_LIMIT);
  for (const o of others) {
    if (out.length >= STORE_LIMIT) break;
    // Read from the store and not used this time: kept while its file is there, unchanged.
    if (statStamp(o[0]) === o[1]) out.push(o);
  }
  return out;
}

/**
 * Write a store through a temporary file and a rename; false when it could
 * not be written. The cache folder is not made for it (the other caches
 * make it): a folder deleted meanwhile (a build's temporary cache) stays so.
 */
function writeStore(dir: string, entries: [string, string, string, number][]): boolean {
  const file = join(dir, STORE_FILE);
  const tmp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify({ format: STORE_FORMAT, entries }));
    renameSync(tmp, file);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
