/**
 * `npm run bench:site`: builds N generated jams (site-generator.ts) with
 * `jamrecap build` and, in the same run, plain Eleventy writing the same
 * pages with the same bytes (plain-eleventy.ts), each build in a child
 * process of its own (child-measure.ts: CPU time, peak RSS, wall time).
 * Prints per N the CPU ratio per page (target <= 1.5x), for a cold build
 * and for the pages alone (the same site built again from the cached
 * imports and downloads, no page cached), RSS, and files and bytes per
 * jam; then the rebuild rows: the site built again with every cache warm,
 * unchanged, and after one recap.md edit (target <= 10% of the cold build).
 * Plain Eleventy and the pages-only builds run in turns, BENCH_RUNS rounds:
 * a machine's speed drifts over minutes, and then weighs on both alike.
 *
 * Memory: BENCH_RSS_JAMS="1000" (jam counts, none by default) builds
 * bigger sites with jamrecap alone (plain Eleventy keeps every page it
 * writes, 6.5 MB a jam: it would need gigabytes) and prints the peak RSS
 * of a cold build and of a pages-only build beside the rows above: flat
 * memory means about the same at every N (target < 1.5 GB at 1,000 jams).
 *
 * The exit code says whether every target is met: the pages-only ratio
 * (what making the pages costs, against plain Eleventy making the same
 * pages) <= 1.5x, the edit <= 10% of the cold build, and every peak RSS
 * < 1.5 GB, and every pages-only build wrote the cold build's files byte
 * for byte (siteDigest: a cache that changes the output is a bug). The
 * dist/ the builds run must not change while the benchmark runs (a build
 * of dist/ mid-run changes the code versions, and so every cache key). The cold ratio (imports and five download formats per jam on
 * top of the pages, work plain Eleventy does not do) is printed beside it.
 *
 * BENCH_JAMS="10,50,100" (jam counts), BENCH_MESSAGES=1000 (per jam),
 * BENCH_RUNS=1 (cold builds per N; medians), BENCH_INCREMENTAL=50 (the N
 * of the incremental row; default 50 if listed, else the largest N),
 * BENCH_CPU_PROF=DIR (write a --cpu-prof of each jamrecap cold build there;
 * summarize with bench/cpuprofile-summary.ts), BENCH_KEEP=1 (keep the
 * temporary folders).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editSummary, generateSite } from './site-generator.ts';
import { ensureFreshDist } from './fresh-dist.ts';
import { measureChild, medianCost, type Cost } from './child-measure.ts';
import { ELEVENTY_CMD, outputStats, siteDigest, writePlainProject, type OutputStats, type PlainMode } from './plain-eleventy.ts';

const JAMS = (process.env.BENCH_JAMS ?? '10,50,100').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const INCREMENTAL = Number(process.env.BENCH_INCREMENTAL ?? (JAMS.includes(50) ? 50 : Math.max(...JAMS)));
const CPU_PROF = process.env.BENCH_CPU_PROF;
const KEEP = process.env.BENCH_KEEP === '1';
const RSS_JAMS = (process.env.BENCH_RSS_JAMS ?? '').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const RSS_LIMIT_MB = 1536;
const JAMRECAP = fileURLToPath(new URL('../bin/jamrecap.js', import.meta.url));
const BASE_URL = 'https://recaps.example.org';

interface Row {
  jams: number;
  jamrecap: Cost;
  /** Eleventy's defaults (.html through Liquid): the baseline of the ratio. */
  plain: Cost;
  /** .html not preprocessed. */
  raw: Cost;
  site: OutputStats;
  /** The same site built again with the imports and downloads cached but no page cached: the cost of making the pages. */
  pagesOnly: Cost;
  incremental?: Cost;
  /** The same site built again with nothing changed (every cache warm). */
  warm?: Cost;
}

/** One `jamrecap build` of `root/content` into `root/site`, with the import cache at `root/cache`. */
function jamrecapBuild(root: string, profile: boolean): Cost {
  return measureChild({
    nodeArgs: profile && CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [],
    script: JAMRECAP,
    args: ['build', '--content', 'content', '--out', 'site', '--base-url', BASE_URL, '--quiet'],
    cwd: root,
    env: { JAMRECAP_CACHE: join(root, 'cache'), JAMRECAP_RUN: 'dist' },
  });
}

/** Cold builds: an empty import cache and no previous site each time. */
function coldBuilds(root: string): Cost {
  const costs: Cost[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(join(root, 'cache'), { recursive: true, force: true });
    rmSync(join(root, 'site'), { recursive: true, force: true });
    costs.push(jamrecapBuild(root, i === 0));
  }
  return medianCost(costs);
}

/** A plain Eleventy project of the same pages (plain-eleventy.ts), in `root/plain-<mode>`. */
function plainProject(root: string, site: OutputStats, mode: PlainMode): string {
  const project = join(root, `plain-${mode}`);
  writePlainProject(join(root, 'site'), site.pages, project, mode);
  return project;
}

/** One plain Eleventy build of `project`. */
function plainRun(project: string): Cost {
  rmSync(join(project, '_site'), { recursive: true, force: true });
  return measureChild({ script: ELEVENTY_CMD, args: ['--quiet'], cwd: project });
}

/** Checks plain Eleventy wrote every page of jamrecap's site, byte for byte. */
function checkPlain(project: string, site: OutputStats, mode: PlainMode): void {
  const out = outputStats(join(project, '_site'));
  if (out.pages.length !== site.pages.length || out.pageBytes !== site.pageBytes || out.pagesDigest !== site.pagesDigest) {
    throw new Error(`plain Eleventy (${mode}) wrote ${out.pages.length} pages (${out.pageBytes} bytes), jamrecap ${site.pages.length} (${site.pageBytes} bytes), or different bytes`);
  }
}

/**
 * After the cold build: every page made again from the cached imports and
 * downloads (the page cache and the site removed). Every file it writes
 * must be the cold build's, byte for byte (`cold`: siteDigest of the cold
 * build's site): notes any that differs.
 */
function pagesOnlyRun(root: string, cold: string): Cost {
  rmSync(join(root, 'cache', 'pages'), { recursive: true, force: true });
  rmSync(join(root, 'site'), { recursive: true, force: true });
  const cost = jamrecapBuild(root, false);
  if (siteDigest(join(root, 'site')) !== cold) differing.push(`${root}: a pages-only build's site differs from the cold build's`);
  return cost;
}

/** BENCH_RUNS pages-only builds (pagesOnlyRun), their median. */
function pagesOnlyBuild(root: string, cold: string): Cost {
  return medianCost(Array.from({ length: RUNS }, () => pagesOnlyRun(root, cold)));
}

/** Sites a pages-only build did not make byte for byte as the cold build did (the exit code fails). */
const differing: string[] = [];

/** After the cold build: one summary edited in the middle jam, rebuilt with the cache; checks the edit is on the page. */
function incrementalBuild(root: string, slugs: string[]): Cost {
  const slug = slugs[Math.floor(slugs.length / 2)];
  const sentence = editSummary(join(root, 'content'), slug);
  const cost = jamrecapBuild(root, false);
  const page = readFileSync(join(root, 'site', 'jams', slug, 'index.html'), 'utf8');
  if (!page.includes(sentence)) throw new Error(`the incremental build's page of ${slug} lacks the edit "${sentence}"`);
  return cost;
}

function benchOne(jams: number): Row {
  const root = mkdtempSync(join(tmpdir(), `jamrecap-bench-${jams}-`));
  try {
    const generated = generateSite(join(root, 'content'), { jams, messages: MESSAGES });
    const jamrecap = coldBuilds(root);
    const site = outputStats(join(root, 'site'));
    const cold = siteDigest(join(root, 'site'));
    const projects = { defaults: plainProject(root, site, 'defaults'), raw: plainProject(root, site, 'raw') };
    // Plain Eleventy and jamrecap's pages-only builds in turns: a machine that drifts over minutes (the load of its neighbours) weighs on both alike.
    const costs = { plain: [] as Cost[], raw: [] as Cost[], pagesOnly: [] as Cost[] };
    for (let i = 0; i < RUNS; i++) {
      costs.plain.push(plainRun(projects.defaults));
      costs.raw.push(plainRun(projects.raw));
      costs.pagesOnly.push(pagesOnlyRun(root, cold));
    }
    checkPlain(projects.defaults, site, 'defaults');
    checkPlain(projects.raw, site, 'raw');
    const row: Row = { jams, jamrecap, plain: medianCost(costs.plain), raw: medianCost(costs.raw), site, pagesOnly: medianCost(costs.pagesOnly) };
    if (jams === INCREMENTAL) {
      row.warm = jamrecapBuild(root, false);
      row.incremental = incrementalBuild(root, generated.map((g) => g.slug));
    }
    return row;
  } finally {
    if (KEEP) console.error(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** A site of `jams` built by jamrecap alone: cold, then pages only (memory at sizes plain Eleventy cannot keep up with). */
function memoryOne(jams: number): { jams: number; cold: Cost; pagesOnly: Cost } {
  const root = mkdtempSync(join(tmpdir(), `jamrecap-bench-rss-${jams}-`));
  try {
    generateSite(join(root, 'content'), { jams, messages: MESSAGES });
    const cold = coldBuilds(root);
    return { jams, cold, pagesOnly: pagesOnlyBuild(root, siteDigest(join(root, 'site'))) };
  } finally {
    if (KEEP) console.error(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

const f = (n: number, d = 1) => n.toFixed(d);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What one more jam adds to jamrecap's peak RSS: from the row before (the first row: RSS / jams). Flat memory: about the same at every N. */
function rssPerJam(rows: Row[], i: number): string {
  const r = rows[i];
  const prev = rows[i - 1];
  return prev ? `+${f((r.jamrecap.rssMb - prev.jamrecap.rssMb) / (r.jams - prev.jams), 2)}` : f(r.jamrecap.rssMb / r.jams, 2);
}

function siteTable(rows: Row[]): string {
  const header = ['jams', 'pages', 'jamrecap CPU s', 'plain CPU s', 'ratio/page', 'pages-only CPU s', 'ratio', 'raw CPU s', 'ratio/raw', 'jamrecap wall s', 'plain wall s', 'jamrecap RSS MB', 'RSS MB/jam', 'pages-only RSS MB', 'plain RSS MB', 'files/jam', 'MB/jam'];
  return table(
    header,
    rows.map((r, i) => [
      String(r.jams),
      String(r.site.pages.length),
      f(r.jamrecap.cpuS),
      f(r.plain.cpuS),
      `${f(r.jamrecap.cpuS / r.plain.cpuS, 2)}x`,
      f(r.pagesOnly.cpuS),
      `${f(r.pagesOnly.cpuS / r.plain.cpuS, 2)}x`,
      f(r.raw.cpuS),
      `${f(r.jamrecap.cpuS / r.raw.cpuS, 2)}x`,
      f(r.jamrecap.wallS),
      f(r.plain.wallS),
      f(r.jamrecap.rssMb, 0),
      rssPerJam(rows, i),
      f(r.pagesOnly.rssMb, 0),
      f(r.plain.rssMb, 0),
      f(r.site.files / r.jams),
      f(r.site.bytes / r.jams / 1e6, 2),
    ]),
  );
}

function incrementalTable(rows: Row[]): string {
  const header = ['jams', 'edit', 'cold CPU s', 'rebuild CPU s', 'of cold', 'rebuild wall s', 'RSS MB'];
  const line = (r: Row, edit: string, c: Cost) => [String(r.jams), edit, f(r.jamrecap.cpuS), f(c.cpuS), `${f((100 * c.cpuS) / r.jamrecap.cpuS, 0)}%`, f(c.wallS), f(c.rssMb, 0)];
  return table(
    header,
    rows.filter((r) => r.incremental).flatMap((r) => [line(r, 'none', r.warm!), line(r, '1 recap.md summary', r.incremental!)]),
  );
}

ensureFreshDist();
if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true });
console.log(`jamrecap build vs plain Eleventy 3 (same pages, same bytes): ${MESSAGES} messages per jam, ${RUNS === 1 ? '1 run' : `median of ${RUNS} runs`} per figure, CPU = user + system of the build process (node ${process.version})`);
const rows: Row[] = [];
for (const n of JAMS) {
  const row = benchOne(n);
  rows.push(row);
  console.error(`${n} jams: jamrecap ${f(row.jamrecap.cpuS)} s CPU, plain ${f(row.plain.cpuS)} s CPU, raw ${f(row.raw.cpuS)} s CPU`);
}
console.log(siteTable(rows));
console.log('(ratio/page: jamrecap CPU per page (a cold build: imports, downloads and pages) / plain Eleventy CPU per page, target <= 1.5x; pages-only: the same build again with the imports and downloads cached and no page cached; plain: the same pages as .html templates with Eleventy\'s defaults (Liquid), raw: not preprocessed (htmlTemplateEngine: false);');
console.log(' pages: HTML pages, downloads excluded; files and MB/jam: the whole site / jams; RSS: peak of the build process; RSS MB/jam: +(RSS - the row above\'s) / (jams - its jams), the first row RSS / jams)');
if (rows.some((r) => r.incremental)) {
  console.log('');
  console.log(incrementalTable(rows));
  console.log('(rebuild: `jamrecap build` again with every cache warm, with nothing changed and after editing Q1\'s summary in one recap.md; target for the edit <= 10% of the cold build)');
}
const memory = RSS_JAMS.map((n) => memoryOne(n));
if (memory.length) {
  console.log('');
  console.log(table(['jams', 'cold CPU s', 'cold wall s', 'cold RSS MB', 'pages-only CPU s', 'pages-only RSS MB'], memory.map((m) => [String(m.jams), f(m.cold.cpuS), f(m.cold.wallS), f(m.cold.rssMb, 0), f(m.pagesOnly.cpuS), f(m.pagesOnly.rssMb, 0)])));
  console.log(`(jamrecap alone: peak RSS of a cold build and of a pages-only build; target < ${RSS_LIMIT_MB} MB at every size)`);
}
const rss = [...rows.flatMap((r) => [r.jamrecap.rssMb, r.pagesOnly.rssMb]), ...memory.flatMap((m) => [m.cold.rssMb, m.pagesOnly.rssMb])];
const ok = rows.every((r) => r.pagesOnly.cpuS / r.plain.cpuS <= 1.5 && (!r.incremental || r.incremental.cpuS / r.jamrecap.cpuS <= 0.1)) && rss.every((mb) => mb < RSS_LIMIT_MB);
for (const d of differing) console.log(`NOT DETERMINISTIC: ${d}`);
if (!differing.length) console.log('(every pages-only build wrote the cold build\'s files, byte for byte)');
process.exitCode = ok && !differing.length ? 0 : 1;
