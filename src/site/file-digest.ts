/**
 * The SHA-256 of a jam's files, made once per file content and kept for the
 * process: the import key, the import cache's source check and the download
 * key all name an export by its digest, and a build (or `serve`, rebuild
 * after rebuild) hashes each export once instead of once per use.
 *
 * A digest is kept with what tells a changed file (size, modification and
 * change times, inode, device), as the jam loader's own caches do
 * (src/site/jam.ts): a file written again gets another stat and is hashed
 * again. The stat is taken before the bytes are read and checked after: a
 * file changing while it is read is not remembered.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { sha256Hex } from '../model/ids.ts';

interface Known {
  stamp: string;
  sha256: string;
}

/** Paths remembered at most (a long `serve` of a big content folder): past it the memo starts over. */
const LIMIT = 20_000;

const known = new Map<string, Known>();

/** Counters for tests: digests computed, and digests reused. */
export const fileDigestStats = { hashed: 0, reused: 0 };

function stampOf(st: Stats): string {
  return `${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}\0${st.dev}`;
}

/** A file's stamp now (size, times, inode, device), to pass to `fileSha256` after reading it; null when it cannot be read. */
export function fileStamp(path: string): string | null {
  try {
    return stampOf(statSync(path));
  } catch {
    return null;
  }
}

/**
 * The SHA-256 (hex) of the file at `path`, whose bytes the caller has read
 * (`bytes`, read after `before`: the stamp `fileStamp` gave before reading).
 * Hashed only when this content is not known yet.
 */
export function fileSha256(path: string, bytes: Uint8Array, before: string | null): string {
  const hit = before === null ? undefined : known.get(path);
  if (hit && hit.stamp === before && before.startsWith(`${bytes.length}\0`)) {
    fileDigestStats.reused++;
    return hit.sha256;
  }
  const sha256 = sha256Hex(bytes);
  fileDigestStats.hashed++;
  // Remembered only when the file did not change while it was read.
  if (before !== null && before === fileStamp(path) && before.startsWith(`${bytes.length}\0`)) {
    if (known.size >= LIMIT) known.clear();
    known.set(path, { stamp: before, sha256 });
  }
  return sha256;
}

/** The digest remembered for `path` if the file is unchanged since (no bytes read), else null. */
export function knownSha256(path: string): string | null {
  const hit = known.get(path);
  if (!hit) return null;
  return fileStamp(path) === hit.stamp ? hit.sha256 : null;
}

/** Forget every digest (tests). */
export function clearFileDigests(): void {
  known.clear();
}

/** The SHA-256 of the file at `path`: the remembered one if it is unchanged, else read and hashed (and remembered). Throws when it cannot be read. */
export function sha256OfFile(path: string): string {
  const remembered = knownSha256(path);
  if (remembered) return remembered;
  const before = fileStamp(path);
  return fileSha256(path, readFileSync(path), before);
}
