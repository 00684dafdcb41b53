/**
 * The baseline of the site benchmark: a plain Eleventy 3 project whose
 * templates are the HTML pages a jamrecap build wrote, byte for byte (no
 * layouts, no data, no passthrough copy), and what a
 * folder of output holds (files, bytes, pages), to show both wrote the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { createRequire } from 'node:module';

/** Eleventy's own command line (its package's `bin`: not in its exports, so found beside its main module, src/Eleventy.js). */
export const ELEVENTY_CMD = join(dirname(createRequire(import.meta.url).resolve('@11ty/eleventy')), '..', 'cmd.cjs');

export interface OutputStats {
  files: number;
  bytes: number;
  /** HTML pages: every .html file but the downloads (written by jamrecap after the pages, not templates). */
  pages: string[];
  pageBytes: number;
  /** sha256 of the sorted hashes of the pages' contents: equal when both wrote the same pages, whatever their paths. */
  pagesDigest: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function isPage(relPath: string): boolean {
  return relPath.endsWith('.html') && !relPath.split(sep).includes('download');
}

/** Files, bytes and pages of a built site. */
export function outputStats(dir: string): OutputStats {
  const files = walk(dir).sort();
  let bytes = 0;
  let pageBytes = 0;
  const pages: string[] = [];
  const hashes: string[] = [];
  for (const f of files) {
    const size = statSync(f).size;
    bytes += size;
    const rel = relative(dir, f);
    if (!isPage(rel)) continue;
    pages.push(rel);
    pageBytes += size;
    hashes.push(createHash('sha256').update(readFileSync(f)).digest('hex'));
  }
  const pagesDigest = createHash('sha256').update(hashes.sort().join('\n')).digest('hex');
  return { files: files.length, bytes, pages, pageBytes, pagesDigest };
}

/** A digest of every file under `dir`: its path and bytes (two builds of the same input give the same digest). */
export function siteDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const f of walk(dir).sort()) hash.update(`${relative(dir, f).split(sep).join('/')}\0`).update(createHash('sha256').update(readFileSync(f)).digest('hex'));
  return hash.digest('hex');
}

/**
 * How the pages are read: `defaults` as Eleventy reads a .html template
 * unless told otherwise (through Liquid, which finds nothing to do in them),
 * `raw` not preprocessed at all (htmlTemplateEngine: false).
 */
export type PlainMode = 'defaults' | 'raw';

function config(mode: PlainMode): string {
  const engine = mode === 'raw' ? ', htmlTemplateEngine: false' : '';
  return `// Plain Eleventy: the .html pages as templates (${mode === 'raw' ? 'not preprocessed' : "Eleventy's default engine"}), no layouts, no data.
export default function () {
  return { dir: { input: 'src', output: '_site' }, templateFormats: ['html']${engine} };
}
`;
}

/** Write the plain project at `projectDir`: `src/<page>` for each page of `siteDir`, and its config. */
export function writePlainProject(siteDir: string, pages: string[], projectDir: string, mode: PlainMode = 'defaults'): void {
  for (const p of pages) {
    const to = join(projectDir, 'src', p);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(join(siteDir, p)));
  }
  writeFileSync(join(projectDir, 'eleventy.config.mjs'), config(mode));
}
