/**
 * A cache entry holding several files as files (the download cache's and
 * the page cache's), so that a build places an unchanged jam's files in
 * its output by a hard link (or a kernel copy), not by reading, hashing
 * and writing their bytes.
 *
 * An entry is a folder `<dir>/<owner tag>-<key>/`: the files by number
 * (`0`, `1`, …) and `entry.json`, one line: `{version, key, files}` where
 * each file's metadata (the caller's: name, path, URL, …) ends with what
 * tells that file as it was stored: `size`, `mtimeMs` and `ino`. An entry
 * is used only when its line names the expected version and key, every
 * file's metadata passes the caller's check, and every file is still a
 * plain file with that size, modification time and inode: a file written
 * again in place (through a hard link from a published site, or by hand)
 * has another modification time, and the entry is refused. (What this does
 * not see: a file rewritten to the same size with its time set back, or on
 * a file system whose times are too coarse to tell the two writes apart.)
 *
 * Entries are written in a temporary folder renamed into place, then the
 * owner's older entries are deleted. A file is stored from bytes, or from
 * a file in the output by a hard link (`link`: a build into a fresh
 * folder) or a copy (`copy`: a folder that is written again in place, such
 * as serve's preview, where a later write would reach the cache through a
 * link).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** The name of the entry line inside an entry's folder. */
export const ENTRY_LINE = 'entry.json';

/** The folder of the entry of `ownerPrefix` (`<tag>-`) under `key`. */
export function entryFolder(dir: string, ownerPrefix: string, key: string): string {
  return join(dir, `${ownerPrefix}${key}`);
}

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

/**
 * Store an entry (replacing the owner's others). Failing to write only
 * costs speed: false, nothing half-written left behind.
 */
export function storeFiles<F extends object>(dir: string, ownerPrefix: string, version: string, key: string, files: FileToStore<F>[], mode: PlaceMode): boolean {
  const final = entryFolder(dir, ownerPrefix, key);
  const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(tmp, { recursive: true });
    const stored = files.map((f, i) => {
      const path = join(tmp, String(i));
      if ('bytes' in f) writeFileSync(path, f.bytes);
      else placeFile(f.from, path, mode);
      const st = lstatSync(path);
      return { ...f.meta, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    });
    writeFileSync(join(tmp, ENTRY_LINE), `${JSON.stringify({ version, key, files: stored })}\n`);
    rmSync(final, { recursive: true, force: true });
    renameSync(tmp, final);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    return false;
  }
  dropOthers(dir, ownerPrefix, final);
  return true;
}

/** Delete the owner's entries but `keep` (another process may be pruning too: errors ignored). */
function dropOthers(dir: string, ownerPrefix: string, keep: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith(ownerPrefix) && path !== keep) rmSync(path, { recursive: true, force: true });
    }
  } catch {
    // gone meanwhile
  }
}

/** The entry's line, or null when it is missing (`missing`) or does not fit (`refused`). */
function readLine<F>(folder: string, version: string, key: string, isFile: (f: Partial<F>) => boolean): { files: (F & StoredFile)[] } | 'missing' | 'refused' {
  let text: string;
  try {
    text = readFileSync(join(folder, ENTRY_LINE), 'utf8');
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
function filesIntact(folder: string, files: StoredFile[]): boolean {
  return files.every((f, i) => {
    try {
      const st = lstatSync(join(folder, String(i)));
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
  const folder = entryFolder(dir, ownerPrefix, key);
  const line = readLine<F>(folder, version, key, isFile);
  if (typeof line === 'string') return line;
  if (checkFiles && !filesIntact(folder, line.files)) return 'refused';
  return { files: line.files, path: (i) => join(folder, String(i)) };
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
