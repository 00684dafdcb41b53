/**
 * A cache entry holding several files (the download cache's and the page
 * cache's): one header line, `{version, key, files, digest}` as JSON, where
 * each file's metadata ends with its `size` and `digest` is the SHA-256 of
 * the body; then the files' bytes one after the other. An entry is used
 * only when its header names the expected version and key, every file's
 * metadata passes the caller's check, the sizes add up to the body, and
 * the body has the digest.
 */
import { fstatSync, readSync } from 'node:fs';
import { sha256Hex } from '../model/ids.ts';

/** A file's metadata in a header: whatever the cache needs, and its size. */
export interface BundleFile {
  size: number;
}

export interface BundleHeader<F extends BundleFile> {
  version: string;
  key: string;
  files: F[];
  /** SHA-256 of the body (the files' bytes, in order). */
  digest: string;
}

/** The entry's bytes: the header line (the files' metadata as given, each with its size) and the body. */
export function encodeBundle<F extends BundleFile>(version: string, key: string, files: { meta: Omit<F, 'size'>; bytes: Uint8Array }[]): Buffer {
  const body = Buffer.concat(files.map((f) => f.bytes));
  const header = { version, key, files: files.map((f) => ({ ...f.meta, size: f.bytes.length })), digest: sha256Hex(body) };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]);
}

/**
 * The header line of an entry, or null when it is not one for this version
 * and key, a file fails `isFile`, or the sizes do not add up to `bodySize`
 * (the bytes after the line). The body's digest is not checked here.
 */
export function bundleHeader<F extends BundleFile>(line: Uint8Array, version: string, key: string, bodySize: number, isFile: (f: Partial<F>) => boolean): BundleHeader<F> | null {
  let header: Partial<BundleHeader<F>> | null;
  try {
    header = JSON.parse(Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8')) as Partial<BundleHeader<F>>;
  } catch {
    return null;
  }
  const files = header?.files;
  const fits = header?.version === version && header.key === key && Array.isArray(files)
    && files.every((f) => typeof f === 'object' && f !== null && Number.isSafeInteger(f.size) && f.size >= 0 && isFile(f))
    && files.reduce((n, f) => n + f.size, 0) === bodySize;
  return fits ? (header as BundleHeader<F>) : null;
}

/**
 * A whole entry's header and each file's bytes (views into `buf`), or null
 * when it cannot be trusted. `digestKnown`: the caller checked this very
 * file's digest already (the body is not hashed again).
 */
export function decodeBundle<F extends BundleFile>(buf: Buffer, version: string, key: string, isFile: (f: Partial<F>) => boolean, digestKnown = false): { header: BundleHeader<F>; parts: Uint8Array[] } | null {
  const nl = buf.indexOf(0x0a);
  if (nl === -1) return null;
  const body = buf.subarray(nl + 1);
  const header = bundleHeader<F>(buf.subarray(0, nl), version, key, body.length, isFile);
  if (!header || (!digestKnown && header.digest !== sha256Hex(body))) return null;
  let at = 0;
  const parts = header.files.map((f) => {
    const bytes = new Uint8Array(body.buffer, body.byteOffset + at, f.size);
    at += f.size;
    return bytes;
  });
  return { header, parts };
}

/**
 * An entry's header and where each file starts in it, read from an open
 * file without reading the body (a caller that wants one file reads it at
 * `start`, `size` bytes, and checks it itself: the body's digest is not
 * checked here). Null when the header does not fit as in `bundleHeader`.
 */
export function readBundleIndex<F extends BundleFile>(fd: number, version: string, key: string, isFile: (f: Partial<F>) => boolean): { header: BundleHeader<F>; start: number[] } | null {
  const size = fstatSync(fd).size;
  const chunks: Buffer[] = [];
  let read = 0;
  let nl = -1;
  while (nl === -1 && read < size) {
    const chunk = Buffer.alloc(Math.min(65536, size - read));
    const n = readSync(fd, chunk, 0, chunk.length, read);
    if (n <= 0) return null;
    const at = chunk.subarray(0, n).indexOf(0x0a);
    if (at !== -1) nl = read + at;
    chunks.push(chunk.subarray(0, n));
    read += n;
  }
  if (nl === -1) return null;
  const header = bundleHeader<F>(Buffer.concat(chunks).subarray(0, nl), version, key, size - nl - 1, isFile);
  if (!header) return null;
  let at = nl + 1;
  const start = header.files.map((f) => {
    const here = at;
    at += f.size;
    return here;
  });
  return { header, start };
}
