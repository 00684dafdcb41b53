/**
 * Pictures saved with an export. A page saved by a browser keeps its images
 * in a `<name>_files/` folder beside it; the importers record each
 * attachment's copy as a path relative to the export's folder (the jam
 * folder). This module finds that copy, safely, and names it for the site:
 *
 * - the path must resolve inside the jam folder (after following every
 *   symlink of the folders on the way) and the file itself must be a plain
 *   file, not a symlink;
 * - only real images are taken, told by their first bytes (PNG, JPEG, GIF,
 *   WebP), up to MEDIA_MAX_BYTES;
 * - the site serves it as `media/<first 16 hex of its SHA-256>.<ext>`: the
 *   same bytes always get the same name (deterministic builds, immutable
 *   caching, one copy however often it is shown).
 *
 * Anything else (no copy, an unreadable or odd file, a video) is shown as a
 * labelled link by the templates: the site never loads another site's media.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { sha256Hex } from '../model/ids.ts';

/** Where the copies go in the output. */
export const MEDIA_DIR = 'media';
/** Bigger files are not copied (shown as a link instead). */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** Hex digits of the SHA-256 in a copy's name. */
export const MEDIA_HASH_LENGTH = 16;

export type ImageType = 'png' | 'jpg' | 'gif' | 'webp';

export interface MediaFile {
  /** Path under the output folder: `media/<hash16>.png`. */
  file: string;
  /** Root-relative URL: `/media/<hash16>.png`. */
  url: string;
  type: ImageType;
  bytes: Buffer;
  /** Pixel size, when the header says it. */
  width: number | null;
  height: number | null;
}

/** `b` is `a` or inside it (both absolute). */
function isInside(a: string, b: string): boolean {
  const rel = relative(a, b);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

/**
 * The absolute path of an attachment's `file` in the jam folder, or null
 * when it would leave the folder (by `..`, an absolute path, a drive or a
 * symlinked folder), is itself a symlink, or is not a plain file.
 */
export function resolveMediaPath(jamDir: string, file: string): string | null {
  if (!file || file.includes('\0') || isAbsolute(file) || /^[A-Za-z]:/.test(file) || file.includes('\\')) return null;
  const root = resolve(jamDir);
  const path = resolve(root, file);
  if (path === root || !isInside(root, path)) return null;
  try {
    if (!lstatSync(path).isFile()) return null; // a symlink, a folder, a device
    if (!isInside(realpathSync(root), realpathSync(path))) return null;
  } catch {
    return null;
  }
  return path;
}

/** The file's bytes (not following a symlink at the last step), or null when unreadable or too big. */
function readCapped(path: string, max: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > max || st.size === 0) return null;
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) return null; // shrank while read
      read += n;
    }
    return buf;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** What kind of image the bytes are, by their signature; null for anything else. */
export function imageType(b: Uint8Array): ImageType | null {
  const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 8) === 'PNG\r\n\x1a\n') return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

/**
 * Width and height from a WebP's first chunk (RIFF container, then `VP8 `
 * lossy, `VP8L` lossless or `VP8X` extended: Google's WebP container
 * specification), or null.
 */
function webpSize(b: Buffer): { width: number; height: number } | null {
  if (b.length < 30) return null;
  const chunk = b.toString('latin1', 12, 16);
  // A lossy frame: the key frame's start code, then 14-bit sizes (the top two bits are scaling).
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  // Lossless: a signature byte, then 14-bit sizes less one.
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // Extended: the canvas's 24-bit sizes less one.
  if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
  return null;
}

/** Width and height from a JPEG's first frame header (SOFn), or null. */
function jpegSize(b: Buffer): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    if (marker === 0xd9 || marker === 0xda || length < 2) return null;
    i += 2 + length;
  }
  return null;
}

/** Pixel size from the header (PNG, GIF, JPEG, WebP); null when unknown or zero. */
export function imageSize(b: Buffer, type: ImageType): { width: number; height: number } | null {
  let size: { width: number; height: number } | null = null;
  if (type === 'png' && b.length >= 24 && b.toString('latin1', 12, 16) === 'IHDR') size = { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  else if (type === 'gif' && b.length >= 10) size = { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  else if (type === 'webp') size = webpSize(b);
  else if (type === 'jpg') size = jpegSize(b);
  if (!size || size.width <= 0 || size.height <= 0 || size.width > 65535 || size.height > 65535) return null;
  return size;
}

/** The site's copy of an image's bytes: named by content, with its size when known. */
export function mediaFromBytes(bytes: Buffer): MediaFile | null {
  const type = imageType(bytes);
  if (!type) return null;
  const file = `${MEDIA_DIR}/${sha256Hex(bytes).slice(0, MEDIA_HASH_LENGTH)}.${type}`;
  const size = imageSize(bytes, type);
  return { file, url: `/${file}`, type, bytes, width: size?.width ?? null, height: size?.height ?? null };
}

/** An attachment's saved copy, checked and named; null when it is missing, unsafe or not an image. */
export function loadMedia(jamDir: string, file: string, max = MEDIA_MAX_BYTES): MediaFile | null {
  const path = resolveMediaPath(jamDir, file);
  if (!path) return null;
  const bytes = readCapped(path, max);
  return bytes ? mediaFromBytes(bytes) : null;
}

/** Loads each jam's copies once per path and keeps one entry per output name. */
export class MediaCollector {
  private readonly byPath = new Map<string, MediaFile | null>();
  private readonly byFile = new Map<string, MediaFile>();

  constructor(private readonly jamDir: string) {}

  get(file: string | null): MediaFile | null {
    if (!file) return null;
    if (!this.byPath.has(file)) {
      const media = loadMedia(this.jamDir, file);
      this.byPath.set(file, media);
      if (media && !this.byFile.has(media.file)) this.byFile.set(media.file, media);
    }
    return this.byPath.get(file)!;
  }

  /** The copies to write, sorted by name. */
  files(): MediaFile[] {
    return [...this.byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
}
