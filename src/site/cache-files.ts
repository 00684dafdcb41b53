/**
 * A cache entry holding several files as files (the download cache's and
 * the page cache's), so that a build places an unchanged jam's files in
 * its output by a hard link (or a kernel copy), not by reading, hashing
 * and writing their bytes.
 *
 * An entry is a set of files beside each other in the cache folder, named
 * after the owner's tag and the key: the files by number
 * (`<tag>-<key>.0`, `.1`, …) and the line `<tag>-<key>.json`:
 * `{version, key, files}` where each file's metadata (the caller's: name,
 * path, URL, …) ends with what tells that file as it was stored: `size`,
 * `mtimeMs` and `ino`. An entry is used only when its line names the
 * expected version and key, every file's metadata passes the caller's
 * check, and every file is still a plain file with that size,
 * modification time and inode: a file written again in place (through a
 * hard link from a published site, or by hand) has another modification
 * time, and the entry is refused. (What this does not see: a file
 * rewritten to the same size with its time set back, or on a file system
 * whose times are too coarse to tell the two writes apart.)
 *
 * Storing removes the old line first, writes each file as a new file
 * (never into an existing one, which may be linked from a published site),
 * then writes the line (a temporary file renamed into place), then drops
 * the owner's older entries (cache-listing.ts). No folder per entry: a
 * folder made, renamed and removed per entry cost more than its files.
 * A file is stored from bytes, or from a file in the output by a hard link
 * (`link`: a build into a fresh folder) or a copy (`copy`: a folder that is
 * written again in place, such as serve's preview, where a later write
 * would reach the cache through a link).
 */
import { randomBytes } from 'node:crypto';
import { constants, copyFileSync, linkSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cacheListing, dropCacheNames, noteCacheNames } from './cache-listing.ts';

/** How a file goes from one place to another: a hard link (falling back to a copy where links fail) or a copy. */
export type PlaceMode = 'link' | 'copy';

/** What the entry line keeps of each stored file besides the caller's metadata. */
export interface StoredFile {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface FilesEntry<F> {
  /** The caller's metadata, with each file's stamp. */
  files: (F & StoredFile)[];
  /** The path of file `i` in the entry. */
  path(i: number): string;
}

/** Where the entry of `ownerPrefix` (`<tag>-`) under `key` lies: its line is `<base>.json`, its files `<base>.<i>`. */
export function entryBase(dir: string, ownerPrefix: string, key: string): string {
  return join(dir, `${ownerPrefix}${key}`);
}

/** The path of an entry's line. */
export const entryLinePath = (base: string) => `${base}.json`;
/** The path of an entry's file `i`. */
const entryFilePath = (base: string, i: number) => `${base}.${i}`;

/** One file to store: its metadata and its bytes, or the path of a file to link or copy. */
export type FileToStore<F> = { meta: F; bytes: Uint8Array } | { meta: F; from: string };

/**
 * Put `from` at `to` (which must not exist): a hard link when `mode` is
 * `link` and the file system allows it (same device), else a copy.
 */
export function placeFile(from: string, to: string, mode: PlaceMode): void {
  if (mode === 'link') {
    try {
      linkSync(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOENT') throw err;
      // EXDEV (another device), EPERM, EMLINK, …: a copy does.
    }
  }
  copyFileSync(from, to);
}

/** Create `path` (which must not exist) from bytes or from a file (`mode`: a hard link where it can, else a copy). */
function createFile(path: string, f: FileToStore<unknown>, mode: PlaceMode): void {
  if ('bytes' in f) return writeFileSync(path, f.bytes, { flag: 'wx' });
  if (mode === 'link') {
    try {
      return linkSync(f.from, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOENT') throw err;
    }
  }
  copyFileSync(f.from, path, constants.COPYFILE_EXCL);
}

/** Write a new file at `path`, replacing (unlinking, never writing into: it may be linked from a published site) what is there. */
function putNewFile(path: string, f: FileToStore<unknown>, mode: PlaceMode): void {
  try {
    createFile(path, f, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    rmSync(path, { force: true });
    createFile(path, f, mode);
  }
}

/**
 * Store an entry (replacing the owner's others). Failing to write only
 * costs speed: false, and no line left that names a half-written entry.
 */
export function storeFiles<F extends object>(dir: string, ownerPrefix: string, version: string, key: string, files: FileToStore<F>[], mode: PlaceMode): boolean {
  const base = entryBase(dir, ownerPrefix, key);
  const line = entryLinePath(base);
  const tmp = `${line}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const names = [basename(line), ...files.map((_, i) => basename(entryFilePath(base, i)))];
  try {
    if (cacheListing(dir).size === 0) mkdirSync(dir, { recursive: true });
    rmSync(line, { force: true });
    const stored = files.map((f, i) => {
      const path = entryFilePath(base, i);
      putNewFile(path, f, mode);
      const st = lstatSync(path);
      return { ...f.meta, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    });
    writeFileSync(tmp, `${JSON.stringify({ version, key, files: stored })}\n`);
    renameSync(tmp, line);
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
  noteCacheNames(dir, names);
  const mine = new Set(names);
  dropCacheNames(dir, ownerPrefix, (name) => mine.has(name));
  return true;
}

/** The entry's line, or null when it is missing (`missing`) or does not fit (`refused`). */
function readLine<F>(base: string, version: string, key: string, isFile: (f: Partial<F>) => boolean): { files: (F & StoredFile)[] } | 'missing' | 'refused' {
  let text: string;
  try {
    text = readFileSync(entryLinePath(base), 'utf8');
  } catch {
    return 'missing';
  }
  let line: { version?: unknown; key?: unknown; files?: unknown };
  try {
    line = JSON.parse(text) as typeof line;
  } catch {
    return 'refused';
  }
  const files = line?.files;
  const fits = line?.version === version && line.key === key && Array.isArray(files)
    && files.every((f: Partial<F & StoredFile>) => typeof f === 'object' && f !== null && Number.isSafeInteger(f.size) && f.size! >= 0 && typeof f.mtimeMs === 'number' && typeof f.ino === 'number' && isFile(f as Partial<F>));
  return fits ? { files: files as (F & StoredFile)[] } : 'refused';
}

/** Each stored file is still the file the entry names (plain file, same size, time and inode). */
function filesIntact(base: string, files: StoredFile[]): boolean {
  return files.every((f, i) => {
    try {
      const st = lstatSync(entryFilePath(base, i));
      return st.isFile() && st.size === f.size && st.mtimeMs === f.mtimeMs && st.ino === f.ino;
    } catch {
      return false;
    }
  });
}

/**
 * The entry of `ownerPrefix` under this version and key: its files'
 * metadata and paths; `missing` when there is none, `refused` when it does
 * not fit or a file changed (`checkFiles` false: the line only, for a
 * listing). Never throws.
 */
export function readFiles<F>(dir: string, ownerPrefix: string, version: string, key: string, isFile: (f: Partial<F>) => boolean, checkFiles = true): FilesEntry<F> | 'missing' | 'refused' {
  const base = entryBase(dir, ownerPrefix, key);
  const line = readLine<F>(base, version, key, isFile);
  if (typeof line === 'string') return line;
  if (checkFiles && !filesIntact(base, line.files)) return 'refused';
  return { files: line.files, path: (i) => entryFilePath(base, i) };
}

/**
 * Place file `i` of an entry at `to` (its folder made, unless `made`, the
 * folders known to exist, has it: a recursive mkdir per file costs more
 * than the link), by `mode`.
 */
export function placeEntryFile<F>(entry: FilesEntry<F>, i: number, to: string, mode: PlaceMode, made?: Set<string>): void {
  const dir = dirname(to);
  if (!made?.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made?.add(dir);
  }
  placeFile(entry.path(i), to, mode);
}
