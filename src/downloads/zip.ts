/**
 * `<slug>-archive.zip`: everything needed to keep a jam - the six
 * downloads, the original export files under `exports/`, and
 * `MANIFEST.sha256` (`sha256sum -c` format, sorted by path) covering every
 * other entry.
 *
 * Byte-identical across builds: entries are sorted, and every entry has the
 * same modification time, the jam's first day at 12:00 (1980-01-01 when the
 * transcript is empty). Zip times are zone-less "DOS" date/time fields. fflate
 * computes them from a Date with the machine's local getters, which no Date
 * can satisfy on a day the machine's zone skipped (Pacific/Apia has no
 * 2011-12-30), so the fields are written here, straight from the calendar
 * day, into every local header and central directory entry after fflate is
 * done: the bytes never depend on the build machine's TZ.
 *
 * Each entry's data is deflated by Node's zlib (C, level 5: ~10x less CPU
 * than fflate's pure-JS deflate at level 6, which was the largest single cost
 * of a build, for a 2% larger archive; zlib's level 6 costs 1.6x level 5 for
 * 4% fewer bytes, on bench/downloads.bench.ts's 76 MB of entries) and fflate's
 * streaming `Zip` writes the container around it (local headers with data
 * descriptors, central directory). The bytes are deterministic for one zlib
 * version, so they may differ between Node versions (a different bundled
 * zlib) while the entries stay the same; the download cache key includes
 * `process.versions.zlib` for that reason.
 */
import type { ZipInputFile } from 'fflate';
import { fflate } from '../import/lazy-packages.ts';
import { crc32, deflateRawSync } from 'node:zlib';
import type { Transcript } from '../model/transcript.ts';
import { localTime, resolveZone } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';
import { sha256Hex } from '../model/ids.ts';

export const MANIFEST_NAME = 'MANIFEST.sha256';

/** The fixed entry day: the jam's first local day; DOS dates cover 1980-2099 (fflate's limit). */
export function archiveDay(t: Transcript, zone: string): { year: number; month: number; day: number } {
  const first = t.messages[0] ? localTime(t.messages[0], zone).date : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(first);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1980, 1, 1];
  if (y < 1980 || y > 2099) return { year: 1980, month: 1, day: 1 };
  return { year: y, month: mo, day: d };
}

/** The DOS date and time fields (noon) of a calendar day. */
export function dosDateTime(day: { year: number; month: number; day: number }): { date: number; time: number } {
  return { date: ((day.year - 1980) << 9) | (day.month << 5) | day.day, time: 12 << 11 };
}

/**
 * Writes the DOS time and date of every entry of a zip (no comment, no
 * zip64, as fflate's Zip writes it): the central directory's entries and
 * the local header each points to.
 */
export function setEntryTimes(zip: Uint8Array, dos: { date: number; time: number }): Uint8Array {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = zip.length - 22;
  if (eocd < 0 || v.getUint32(eocd, true) !== 0x06054b50) throw new Error('archive: no end of central directory');
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  for (let i = 0; i < count; i++) {
    if (v.getUint32(at, true) !== 0x02014b50) throw new Error('archive: bad central directory entry');
    v.setUint16(at + 12, dos.time, true);
    v.setUint16(at + 14, dos.date, true);
    const local = v.getUint32(at + 42, true);
    if (v.getUint32(local, true) !== 0x04034b50) throw new Error('archive: bad local header');
    v.setUint16(local + 10, dos.time, true);
    v.setUint16(local + 12, dos.date, true);
    at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  return zip;
}

/**
 * A safe name inside `exports/`: the last path segment only (no "../", no
 * absolute paths), no control characters or characters Windows refuses,
 * made unique by a "-2", "-3"... suffix before the extension.
 */
export function exportEntryNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    let base = raw.split(/[\\/]/).pop() ?? '';
    base = base.replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_').replace(/^[.\s]+/, '').trim();
    if (!base) base = 'export';
    let name = base;
    const dot = base.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${stem}-${i}${ext}`;
    used.add(name.toLowerCase());
    return `exports/${name}`;
  });
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sha256sum` lines for the given entries, sorted by path. */
export function manifest(entries: { path: string; bytes: Uint8Array }[]): string {
  return [...entries]
    .sort((a, b) => byPath(a.path, b.path))
    .map((e) => `${sha256Hex(e.bytes)}  ${e.path}\n`)
    .join('');
}

/**
 * A zip of the entries in the given order, each deflated by zlib (level 5).
 * The mtime given to fflate is a placeholder; setEntryTimes writes the real fields.
 */
export function zipEntries(entries: { path: string; bytes: Uint8Array }[]): Uint8Array {
  const { Zip } = fflate();
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  for (const e of entries) {
    const file: ZipInputFile = { filename: e.path, size: e.bytes.length, crc: crc32(e.bytes), compression: 8, mtime: Date.UTC(2000, 0, 1, 12) };
    zip.add(file);
    file.ondata!(null, deflateRawSync(e.bytes, { level: 5 }), true);
  }
  zip.end();
  if (failure) throw new Error(`archive: ${(failure as Error).message}`);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function renderZip(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'timezone' | 'exports'>, files: DownloadFile[]): DownloadFile {
  const dos = dosDateTime(archiveDay(t, resolveZone(ctx.timezone)));
  const entries = files.map((f) => ({ path: f.name, bytes: f.bytes }));
  const exportNames = exportEntryNames(ctx.exports.map((e) => e.name));
  ctx.exports.forEach((e, i) => entries.push({ path: exportNames[i], bytes: e.bytes }));
  const paths = new Set<string>();
  for (const e of entries) {
    if (paths.has(e.path) || e.path === MANIFEST_NAME) throw new Error(`archive: duplicate entry ${e.path}`);
    paths.add(e.path);
  }
  entries.push({ path: MANIFEST_NAME, bytes: utf8(manifest(entries)) });
  entries.sort((a, b) => byPath(a.path, b.path));

  const bytes = setEntryTimes(zipEntries(entries), dos);
  return { name: `${ctx.slug}-archive.zip`, bytes, mediaType: 'application/zip' };
}
