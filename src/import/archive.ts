/**
 * One small interface to read a multi-file export (a Slack workspace export,
 * later others): a folder or a `.zip`, as a list of entry names and the bytes
 * of an entry. Both sides are untrusted input and are read within limits:
 *
 * - at most `maxEntries` entries (the listing stops at the first one over);
 * - at most `maxTotalBytes` uncompressed in all (the zip's declared sizes,
 *   checked before anything is read; a folder's files as they are read);
 * - a zip entry whose declared size is over `maxRatio` times its compressed
 *   size (from 1 MiB up) is refused before it is inflated; an entry is
 *   inflated (fflate's inflateSync) into a buffer one byte larger than it
 *   declares and never grown, so one that lies about its size is caught at
 *   that byte, and one that inflates to fewer bytes or fails its CRC-32 is
 *   refused as damaged;
 * - names that are absolute, hold `..` segments, backslashes or NUL are
 *   refused (reported, never read); a folder's symbolic links are never
 *   followed and only its regular files are listed.
 *
 * Nothing here throws: every problem is a Diagnostic naming the archive (and
 * the entry), kept in `diagnostics` for the importer to pass on.
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, constants as fsConstants } from 'node:fs';
import { basename, join } from 'node:path';
import { fflate } from './lazy-packages.ts';
import * as zlib from 'node:zlib';
import type * as Fflate from 'fflate';
import type { Diagnostic } from '../model/transcript.ts';
import { preview } from '../model/entities.ts';

/** How much of an archive is read at most. */
export interface ArchiveLimits {
  /** Entries (files, folders, refused ones) listed at most. */
  maxEntries: number;
  /** Uncompressed bytes of all the files together. */
  maxTotalBytes: number;
  /** Declared size over compressed size, for entries of `ratioFloor` bytes or more. */
  maxRatio: number;
  /** Entries smaller than this are not held to `maxRatio` (a small text of repeated lines compresses well and is harmless). */
  ratioFloor: number;
  /** Folder levels walked at most (folder side). */
  maxDepth: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 1024 * 1024,
  maxDepth: 16,
};

/** A file of the archive that may be read. */
export interface ArchiveEntry {
  /** Path inside the archive, `/`-separated, relative. */
  name: string;
  /** Uncompressed size as the zip declares it; null for a folder's file (its size is checked when it is read). */
  size: number | null;
}

/** A folder or a zip, read within limits. */
export interface Archive {
  /** The archive's name (file or folder basename), as diagnostics show it. */
  readonly name: string;
  /** Whether it is a zip or a folder. */
  readonly kind: 'zip' | 'folder';
  /** The files that may be read, in archive order; refused entries are not listed. */
  readonly entries: readonly ArchiveEntry[];
  /** False when the archive as a whole was refused (unreadable, too many entries, too large): then `entries` is empty. */
  readonly ok: boolean;
  /** Refused entries, limits met, read errors. */
  readonly diagnostics: Diagnostic[];
  /** Whether `name` is a listed file. */
  has(name: string): boolean;
  /** One entry's bytes, or null (with a diagnostic) when it cannot be read. */
  read(name: string): Uint8Array | null;
  /** Several entries in one pass over the archive; the ones that cannot be read are missing (with diagnostics). */
  readMany(names: readonly string[]): Map<string, Uint8Array>;
}

/** Why an entry name is unsafe to use as a path, or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (!name) return 'an empty name';
  if (name.includes('\0')) return 'a NUL character in the name';
  if (name.includes('\\')) return 'a backslash in the name';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  if (name.split('/').some((s) => s === '..')) return 'a ".." segment';
  return null;
}

/** Diagnostics of one archive, all naming it. */
class Findings {
  readonly list: Diagnostic[] = [];
  constructor(private readonly archive: string) {}

  add(severity: Diagnostic['severity'], code: string, message: string, entry?: string): void {
    const file = entry === undefined ? this.archive : `${this.archive}/${entry}`;
    this.list.push({ severity, code, message: `${this.archive}: ${message}`, file });
  }
}


/** Thrown inside fflate's filter to stop a listing at the entry limit. */
class TooManyEntries {}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

// ------------------------------------------------------------------ zip

/** What the zip listing keeps of an entry. */
interface ZipEntry extends ArchiveEntry {
  size: number;
  /** Index in the central directory. */
  index: number;
  /** Compressed size and method (0 stored, 8 deflate). */
  compressed: number;
  method: number;
}

/**
 * The zip's central directory through fflate's filter (nothing is inflated):
 * the readable files, and why the others were refused. Null when the whole
 * archive is refused.
 */
function listZip(bytes: Uint8Array, limits: ArchiveLimits, found: Findings): ZipEntry[] | null {
  const files: ZipEntry[] = [];
  const seen = new Set<string>();
  let index = -1;
  let total = 0;
  const consider = (f: Fflate.UnzipFileInfo): false => {
    if (++index >= limits.maxEntries) throw new TooManyEntries();
    const why = unsafeEntryName(f.name);
    if (why) {
      found.add('warning', 'archive-entry-unsafe', `entry ${preview(f.name, 80)} refused: ${why}; not read`);
      return false;
    }
    if (f.name.endsWith('/')) return false; // a folder entry
    if (f.compression !== 0 && f.compression !== 8) {
      found.add('warning', 'archive-entry-compression', `entry ${preview(f.name, 80)} refused: compression method ${f.compression} is not stored or deflate`, f.name);
      return false;
    }
    if (f.originalSize >= limits.ratioFloor && f.originalSize > Math.max(f.size, 1) * limits.maxRatio) {
      found.add('warning', 'archive-entry-ratio', `entry ${preview(f.name, 80)} refused: ${f.size} bytes would inflate to ${f.originalSize} (over ${limits.maxRatio}:1, a zip bomb?); not inflated`, f.name);
      return false;
    }
    if (seen.has(f.name)) {
      found.add('warning', 'archive-entry-duplicate', `entry ${preview(f.name, 80)} is in the archive twice; the first one is read`, f.name);
      return false;
    }
    seen.add(f.name);
    total += f.originalSize;
    files.push({ name: f.name, size: f.originalSize, index, compressed: f.size, method: f.compression });
    return false;
  };
  try {
    fflate().unzipSync(bytes, { filter: consider });
  } catch (err) {
    if (err instanceof TooManyEntries) {
      found.add('error', 'archive-too-many-entries', `more than ${limits.maxEntries} entries; refused, nothing read`);
    } else {
      found.add('error', 'archive-unreadable', `not a readable zip (${preview((err as Error)?.message ?? String(err), 80)}); nothing read`);
    }
    return null;
  }
  if (total > limits.maxTotalBytes) {
    found.add('error', 'archive-too-large', `its files would inflate to ${mib(total)}, over the limit of ${mib(limits.maxTotalBytes)}; refused, nothing read`);
    return null;
  }
  return files;
}

const u16 = (b: Uint8Array, i: number) => (i + 2 <= b.length ? b[i] | (b[i + 1] << 8) : -1);
const u32 = (b: Uint8Array, i: number) => (i + 4 <= b.length ? (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0 : -1);

/** Where an entry's data starts, and its CRC-32, from the central directory and its local header. */
interface Placed {
  start: number;
  crc: number;
}

/**
 * The data start and CRC of the first `count` central directory records, in
 * fflate's order (the listing's indexes). fflate's filter gives neither, and
 * reading an entry here (not through unzipSync) is what lets it be inflated
 * into a buffer one byte larger than declared, so that an entry lying about
 * its size is caught, not silently cut. A record that does not add up is
 * null (its entry is refused when read).
 */
function placeEntries(b: Uint8Array, count: number): (Placed | null)[] {
  let e = b.length - 22;
  while (e >= 0 && u32(b, e) !== 0x06054b50) e--;
  let o = u32(b, e + 16);
  if (e >= 20 && u32(b, e - 20) === 0x07064b50) {
    const z = u32(b, e - 12);
    if (u32(b, z) === 0x06064b50) o = u32(b, z + 48);
  }
  const out: (Placed | null)[] = [];
  for (let i = 0; i < count; i++) {
    if (o < 0 || u32(b, o) !== 0x02014b50) {
      out.push(null);
      continue;
    }
    const nameLen = u16(b, o + 28);
    const extraLen = u16(b, o + 30);
    let local = u32(b, o + 42);
    if (local === 0xffffffff) local = zip64Offset(b, o, nameLen, extraLen);
    const next = o + 46 + nameLen + extraLen + u16(b, o + 32);
    const placed = local >= 0 && u32(b, local) === 0x04034b50 ? { start: local + 30 + u16(b, local + 26) + u16(b, local + 28), crc: u32(b, o + 16) } : null;
    out.push(placed);
    o = next;
  }
  return out;
}

/** The local header offset of a zip64 record (the third of its extra field's sizes, as present). */
function zip64Offset(b: Uint8Array, o: number, nameLen: number, extraLen: number): number {
  const end = o + 46 + nameLen + extraLen;
  for (let x = o + 46 + nameLen; x + 4 <= end; x += 4 + u16(b, x + 2)) {
    if (u16(b, x) !== 1) continue;
    const skip = (u32(b, o + 24) === 0xffffffff ? 8 : 0) + (u32(b, o + 20) === 0xffffffff ? 8 : 0);
    const at = x + 4 + skip;
    return at + 8 <= end && u32(b, at + 4) === 0 ? u32(b, at) : -1;
  }
  return -1;
}

/** One entry's bytes, checked against its declared size and CRC; a string says why not. */
function inflateEntry(bytes: Uint8Array, e: ZipEntry, at: Placed | null): Uint8Array | string {
  if (!at || at.start + e.compressed > bytes.length) return 'its local header or data is missing';
  const raw = bytes.subarray(at.start, at.start + e.compressed);
  let data: Uint8Array;
  if (e.method === 0) data = raw;
  else {
    try {
      // One byte more than declared: an entry that fills it inflates past its declared size.
      data = fflate().inflateSync(raw, { out: new Uint8Array(e.size + 1) });
    } catch (err) {
      return `it cannot be inflated (${preview((err as Error)?.message ?? String(err), 60)})`;
    }
  }
  if (data.length > e.size) return `it inflates past the ${e.size} bytes it declares (a zip bomb?); inflating stopped there`;
  if (data.length < e.size) return `it inflates to ${data.length} bytes, not the ${e.size} it declares`;
  const crc32 = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (crc32 && crc32(data) >>> 0 !== at.crc) return 'its CRC-32 does not match: the data is damaged';
  return data;
}

/** A zip held in memory (an ExportFile's bytes). */
export function openZip(name: string, bytes: Uint8Array, limits: Partial<ArchiveLimits> = {}): Archive {
  const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const found = new Findings(name);
  const listed = listZip(bytes, lim, found);
  const entries = listed ?? [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  let placed: (Placed | null)[] | undefined;

  const read = (n: string): Uint8Array | null => {
    const e = byName.get(n);
    if (!e) return null;
    placed ??= placeEntries(bytes, entries.length ? entries[entries.length - 1].index + 1 : 0);
    const out = inflateEntry(bytes, e, placed[e.index]);
    if (typeof out !== 'string') return out;
    found.add('warning', 'archive-entry-damaged', `entry ${preview(n, 80)} not read: ${out}`, n);
    return null;
  };

  return {
    name,
    kind: 'zip',
    entries: entries.map(({ name: n, size }) => ({ name: n, size })),
    ok: listed !== null,
    diagnostics: found.list,
    has: (n) => byName.has(n),
    read,
    readMany: (ns) => readEach(read, ns),
  };
}

/** The entries `names` read one by one with `read`, the unreadable ones left out (readMany of both kinds of archive). */
function readEach(read: (name: string) => Uint8Array | null, names: Iterable<string>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const n of names) {
    const data = read(n);
    if (data) out.set(n, data);
  }
  return out;
}

// ------------------------------------------------------------------ folder

/**
 * The regular files under `root`, walked without following symbolic links;
 * null when the folder as a whole is refused.
 */
function listFolder(root: string, limits: ArchiveLimits, found: Findings): ArchiveEntry[] | null {
  const files: ArchiveEntry[] = [];
  let count = 0;
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (stack.length) {
    const { rel, depth } = stack.pop()!;
    let dirents;
    try {
      dirents = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (err) {
      found.add('warning', 'archive-entry-unreadable', `folder ${preview(rel || '.', 80)} cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})`, rel || undefined);
      continue;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: string[] = [];
    for (const d of dirents) {
      if (++count > limits.maxEntries) {
        found.add('error', 'archive-too-many-entries', `more than ${limits.maxEntries} entries; refused, nothing read`);
        return null;
      }
      const name = rel ? `${rel}/${d.name}` : d.name;
      const why = unsafeEntryName(name);
      if (why) {
        found.add('warning', 'archive-entry-unsafe', `entry ${preview(name, 80)} refused: ${why}; not read`);
      } else if (d.isSymbolicLink()) {
        found.add('warning', 'archive-entry-symlink', `entry ${preview(name, 80)} is a symbolic link; not followed, not read`, name);
      } else if (d.isDirectory()) {
        if (depth + 1 >= limits.maxDepth) found.add('warning', 'archive-too-deep', `folder ${preview(name, 80)} is more than ${limits.maxDepth} levels down; not read`, name);
        else subfolders.push(name);
      } else if (d.isFile()) {
        files.push({ name, size: null });
      } else {
        found.add('info', 'archive-entry-special', `entry ${preview(name, 80)} is not a regular file; not read`, name);
      }
    }
    for (let k = subfolders.length - 1; k >= 0; k--) stack.push({ rel: subfolders[k], depth: depth + 1 });
  }
  return files;
}

/** Reads a listed file without following a symbolic link put there since, within `max` bytes. */
function readRegularFile(path: string, max: number): Uint8Array {
  const fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > max) throw new Error(`${st.size} bytes, over what is left of the ${mib(max)} the archive may still read`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** A folder on disk, read as an archive. */
export function openFolder(root: string, limits: Partial<ArchiveLimits> = {}): Archive {
  const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  const found = new Findings(basename(root) || root);
  const listed = listFolder(root, lim, found);
  const entries = listed ?? [];
  const names = new Set(entries.map((e) => e.name));
  let readBytes = 0;
  let spent = false;

  const read = (name: string): Uint8Array | null => {
    if (!names.has(name)) return null;
    try {
      if (readBytes >= lim.maxTotalBytes) {
        if (spent) return null;
        spent = true;
        found.add('error', 'archive-too-large', `more than ${mib(lim.maxTotalBytes)} read from it; ${preview(name, 80)} and the files after it are not read`, name);
        return null;
      }
      const data = readRegularFile(join(root, name), lim.maxTotalBytes - readBytes);
      readBytes += data.length;
      return data;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ELOOP' ? 'it became a symbolic link' : (e.code ?? e.message);
      found.add('warning', 'archive-entry-unreadable', `entry ${preview(name, 80)} cannot be read (${why}); not read`, name);
      return null;
    }
  };

  return {
    name: basename(root) || root,
    kind: 'folder',
    entries,
    ok: listed !== null,
    diagnostics: found.list,
    has: (n) => names.has(n),
    read,
    readMany: (ns) => readEach(read, ns),
  };
}

/** Whether bytes start like a zip (a local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}
