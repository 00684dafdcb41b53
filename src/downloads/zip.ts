/**
 * `<slug>-archive.zip`: everything needed to keep a jam - the five
 * downloads, the original export files under `exports/`, and
 * `MANIFEST.sha256` (`sha256sum -c` format, sorted by path) covering every
 * other entry.
 *
 * Byte-identical across builds: entries are sorted, and every entry has the
 * same modification time, the jam's first day at 12:00 (1980-01-01 when the
 * transcript is empty). Zip times are zone-less local "DOS" times and fflate
 * reads them from a Date with local getters, so the Date is built from local
 * components: the bytes are then the same whatever the build machine's TZ.
 * Noon, because no zone moves its clocks at noon (a local time inside a DST
 * gap would shift by an hour).
 */
import { zipSync, type Zippable } from 'fflate';
import type { Transcript } from '../model/transcript.ts';
import { localTime, resolveZone } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';
import { sha256Hex } from '../model/ids.ts';

export const MANIFEST_NAME = 'MANIFEST.sha256';

/** The fixed entry time: the jam's first local day, noon; DOS dates cover 1980-2099 (fflate's limit). */
export function archiveDate(t: Transcript, zone: string): Date {
  const first = t.messages[0] ? localTime(t.messages[0], zone).date : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(first);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1980, 1, 1];
  if (y < 1980 || y > 2099) return new Date(1980, 0, 1, 12, 0, 0);
  return new Date(y, mo - 1, d, 12, 0, 0);
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

export function renderZip(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'timezone' | 'exports'>, files: DownloadFile[]): DownloadFile {
  const mtime = archiveDate(t, resolveZone(ctx.timezone));
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

  // Nested `Zippable` would be rebuilt from key order; flat paths keep the order we give.
  const zippable: Zippable = {};
  for (const e of entries) zippable[e.path] = [e.bytes, { mtime }];
  return { name: `${ctx.slug}-archive.zip`, bytes: zipSync(zippable, { level: 6 }), mediaType: 'application/zip' };
}
