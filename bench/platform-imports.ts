/**
 * The platform importers (issue 12) in `npm run bench:import`: each on its
 * largest corpus file, against a bare parse of the same bytes of its kind
 * (decode + JSON.parse; decode + htmlparser2; decode + a line split; for a
 * workspace export, every entry read and JSON.parse'd; for a .car, every
 * block read and its DAG-CBOR decoded), in CPU time, alternating, medians.
 * Target: the importer (detection included) within 2x the bare parse. The
 * exports whose corpus file is a few KB (Zulip, WhatsApp) get a second row,
 * their messages repeated to ~1 MB: what a message costs, without the
 * per-file costs that decide a 2 µs bare parse.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { ExportFile } from '../src/import/export-file.ts';
import { detectImporter } from '../src/import/pipeline.ts';
import { looksLikeZip, openFolder, openZip } from '../src/import/archive.ts';
import { readCarBlocks } from '../src/import/formats/bluesky-car.ts';

export const PLATFORM_TARGET = 2;

type Bare = (file: ExportFile) => unknown;
/** The bytes of a bigger export of the same kind, made from a corpus file's (its messages repeated). */
type Scale = (bytes: Buffer) => Buffer;

/** About 1 MB: where per-message costs, not per-file ones, decide the ratio. */
const SCALED_BYTES = 1_000_000;

/** A line-based export's lines repeated (the dates go back at each repeat; every line is still read). */
const repeatLines: Scale = (bytes) => {
  const text = bytes.toString('utf8').replace(/\s+$/, '') + '\n';
  return Buffer.from(text.repeat(Math.ceil(SCALED_BYTES / Buffer.byteLength(text))));
};
/** A JSON array of messages repeated, each copy with its own ids (pretty-printed, one key a line, as the exports are). */
const repeatJsonArray: Scale = (bytes) => {
  const one = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>[];
  const copies = Math.ceil(SCALED_BYTES / bytes.length);
  let id = 1;
  const all = Array.from({ length: copies }, () => one.map((m) => ({ ...m, id: id++ }))).flat();
  return Buffer.from(JSON.stringify(all, null, 1));
};

const json: Bare = (f) => JSON.parse(f.text);
const html: Bare = (f) => parseDocument(f.text);
const lines: Bare = (f) => f.text.split(/\r\n|\n|\r/);
/** Every JSON entry of a workspace export (folder or .zip), read and parsed. */
const archiveJson: Bare = (f) => {
  const a = looksLikeZip(f.bytes) ? openZip(f.name, f.bytes) : openFolder(join(f.path, '..'));
  const names = a.entries.map((e) => e.name).filter((n) => n.endsWith('.json'));
  for (const bytes of a.readMany(names).values()) JSON.parse(Buffer.from(bytes).toString('utf8'));
};
const carBlocks: Bare = (f) => readCarBlocks(f.bytes, () => {});
const outboxAndActor: Bare = (f) => [JSON.parse(f.text), JSON.parse(readFileSync(join(f.path, '..', 'actor.json'), 'utf8'))];

/** Each platform importer's corpus folder, the files that are its exports, and its bare parse. */
const PLATFORMS: { format: string; folder: string; files: RegExp; bare: Bare; scale?: Scale }[] = [
  { format: 'discord-json', folder: 'discordchatexporter-json', files: /\.json$/, bare: json },
  { format: 'discord-csv', folder: 'discordchatexporter-csv', files: /\.csv$/, bare: lines },
  { format: 'discord-txt', folder: 'discordchatexporter-txt', files: /\.txt$/, bare: lines },
  { format: 'telegram-json', folder: 'telegram-json', files: /\.json$/, bare: json },
  { format: 'telegram-html', folder: 'telegram-html', files: /\.html$/, bare: html },
  { format: 'youtube-chat', folder: 'youtube-chat-json', files: /\.json$/, bare: json },
  { format: 'reddit-json', folder: 'reddit-json', files: /\.json$/, bare: json },
  { format: 'mastodon-json', folder: 'mastodon-json', files: /\.json$/, bare: json },
  { format: 'mastodon-archive', folder: 'mastodon-archive', files: /outbox\.json$/, bare: outboxAndActor },
  { format: 'zulip-json', folder: 'zulip-archive-json', files: /\.json$/, bare: json, scale: repeatJsonArray },
  { format: 'bluesky-json', folder: 'bluesky-json', files: /\.json$/, bare: json },
  { format: 'bluesky-car', folder: 'bluesky-car', files: /\.car$/, bare: carBlocks },
  { format: 'slack-export', folder: 'slack-export', files: /(?:\.zip|channels\.json)$/, bare: archiveJson },
  { format: 'zoom-txt', folder: 'zoom-chat-txt', files: /\.txt$/, bare: lines },
  { format: 'whatsapp-txt', folder: 'whatsapp-txt', files: /\.txt$/, bare: lines, scale: repeatLines },
  { format: 'irc-log', folder: 'irc-log', files: /\.log$/, bare: lines },
];

/** Every file under `dir` (recursively) matching `files`, the largest first. */
function largestFile(dir: string, files: RegExp): string | null {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const found = existsSync(dir) ? walk(dir).filter((p) => files.test(p)) : [];
  found.sort((a, b) => statSync(b).size - statSync(a).size || (a < b ? -1 : 1));
  return found[0] ?? null;
}

function cpu(fn: () => unknown, reps: number): number {
  const t0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / reps;
}

/** Run each function for about 50 ms of CPU time. */
function warm(...fns: (() => unknown)[]): void {
  for (const fn of fns) {
    const t0 = process.cpuUsage();
    do fn();
    while (process.cpuUsage(t0).user < 50_000);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Whether `format` is one of the platform importers benchmarked here. */
export const isPlatform = (format: string): boolean => PLATFORMS.some((p) => p.format === format);

/** Print one row per platform importer (only `only`'s when given); returns the worst ratio (importer / bare parse) on the corpus files. */
export function benchPlatforms(corpus: string, runs: number, minMs: number, only?: string): number {
  console.log(`\nplatform importers on their largest corpus file vs a bare parse of its kind, CPU ms (median of ${runs}; target <= ${PLATFORM_TARGET}x)`);
  console.log(`${'importer'.padEnd(16)} ${'file'.padEnd(56)} ${'bytes'.padStart(9)} ${'bare ms'.padStart(8)} ${'read ms'.padStart(8)} ${'ratio'.padStart(7)} ${''.padStart(4)} ${'parse ms'.padStart(8)} ${'ratio'.padStart(7)}`);
  console.log('(read: format detection over every importer, then the parse; parse: the importer alone; "x N": the file\'s messages repeated to ~1 MB, for reference)');
  let worst = 0;
  for (const p of PLATFORMS) {
    if (only && p.format !== only) continue;
    const path = largestFile(join(corpus, p.folder), p.files);
    if (!path) {
      console.log(`${p.format.padEnd(16)} (no corpus file in ${p.folder}/)`);
      continue;
    }
    const bytes = readFileSync(path);
    const label = path.slice(corpus.length + 1);
    worst = Math.max(worst, benchRow(p, path, bytes, label, runs, minMs, true));
    if (p.scale) {
      const big = p.scale(bytes);
      benchRow(p, path, big, `${label} x ${Math.round(big.length / bytes.length)}`, runs, minMs, false);
    }
  }
  return worst;
}

/** Time one file (bare, read, parse alternating), print its row, and return its ratio (read / bare). */
function benchRow(p: (typeof PLATFORMS)[number], path: string, bytes: Buffer, label: string, runs: number, minMs: number, target: boolean): number {
  // A new ExportFile per run: nothing decoded or parsed is shared between runs.
  const file = () => new ExportFile(path, bytes);
  const read = () => {
    const f = file();
    const importer = detectImporter(f, { hints: false });
    if (importer.name !== p.format) throw new Error(`${path}: read as ${importer.name}, expected ${p.format}`);
    return importer.parse(f, {}).found;
  };
  const importer = detectImporter(file(), { hints: false });
  const parseOnly = () => importer.parse(file(), {}).found;
  // Warm up (lazy modules, JIT) before timing: on a file of a few KB the first calls cost more than hundreds of later ones.
  warm(() => p.bare(file()), read, parseOnly);
  const first = cpu(read, 1);
  const reps = Math.max(1, Math.ceil(minMs / Math.max(first, 0.001)));
  const b: number[] = [];
  const r: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(cpu(() => p.bare(file()), reps));
    r.push(cpu(read, reps));
    o.push(cpu(parseOnly, reps));
  }
  const ratio = median(r) / median(b);
  const verdict = !target ? '' : ratio <= PLATFORM_TARGET ? 'ok' : 'OVER';
  console.log(`${p.format.padEnd(16)} ${label.slice(-56).padEnd(56)} ${String(bytes.length).padStart(9)} ${median(b).toFixed(3).padStart(8)} ${median(r).toFixed(3).padStart(8)} ${ratio.toFixed(2).padStart(6)}x ${verdict.padStart(4)} ${median(o).toFixed(3).padStart(8)} ${(median(o) / median(b)).toFixed(2).padStart(6)}x`);
  return ratio;
}
