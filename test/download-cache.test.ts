/**
 * The download cache (src/site/download-cache.ts): the example site built
 * with a cache renders its downloads once; a second build in a "new
 * process" (memory caches cleared) reads them from the cache without
 * rendering, and every file of both sites (and of a build without the
 * cache) is byte-identical. A damaged entry is refused, rendered again and
 * rewritten; a changed title, an export edited in place (same size) and a
 * changed redact.yml are other keys, and the jam keeps one entry.
 * With a cache folder, a jam's model keeps no download bytes (the download
 * page lists names, types and sizes; the writer reads the bytes again).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { differingFiles, listFiles } from './helpers/files.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { downloadCacheStats } from '../src/site/download-cache.ts';
import { cacheStats } from '../src/site/cache.ts';
import { loadSite } from '../src/site/site.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { renderDownloads } from '../src/downloads/index.ts';
import { formatProblem } from '../src/notes/problems.ts';

const EXAMPLE = join(ROOT, 'content');
const SLUG = '2012-10-24-socbizchat';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-dlcache-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every file of two sites, the same names and the same bytes. */
function assertSameSite(a: string, b: string): void {
  const files = listFiles(a);
  assert.deepEqual(listFiles(b), files);
  assert.ok(files.length > 20, `only ${files.length} files`);
  assert.deepEqual(differingFiles(a, b, files), []);
}

describe('the download cache', () => {
  let content: string;
  let cacheDir: string;
  /** The entries' lines (an entry is its files `<tag>-<key>.<i>` and its line `<tag>-<key>.json`: cache-files.ts). */
  const entries = () => readdirSync(join(cacheDir, 'downloads')).filter((n) => n.endsWith('.json')).sort();
  /** A build in a new process, as far as caches go: memory forgotten, the disk kept. */
  const build = async (out: string, cache: string | null = cacheDir) => {
    clearSiteCaches();
    const before = { ...downloadCacheStats };
    const r = await buildSite({ contentDir: content, outDir: join(tmp, out), cacheDir: cache });
    assert.ok(r.ok, r.problems.map((p) => formatProblem(p)).join('\n'));
    const d = (k: keyof typeof downloadCacheStats) => downloadCacheStats[k] - before[k];
    return { renders: d('renders'), hits: d('hits'), misses: d('misses'), rejected: d('rejected'), writes: d('writes') };
  };

  before(() => {
    content = join(tmp, 'content');
    cpSync(EXAMPLE, content, { recursive: true });
    cacheDir = join(tmp, 'cache');
  });

  test('first build renders and stores; the second reads the entry and renders nothing; same bytes; same as no cache', async () => {
    // The page lists the downloads as rendered; the writer reads the entry back (no bytes are kept between the two).
    assert.deepEqual(await build('first'), { renders: 1, hits: 1, misses: 1, rejected: 0, writes: 1 });
    assert.equal(entries().length, 1);
    assert.deepEqual(await build('second'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'first'), join(tmp, 'second'));
    assert.deepEqual(await build('uncached', null), { renders: 1, hits: 0, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'first'), join(tmp, 'uncached'));
    const dl = readdirSync(join(tmp, 'second', 'jams', SLUG, 'download')).sort();
    assert.deepEqual(dl, [`${SLUG}-archive.zip`, `${SLUG}-recap.html`, `${SLUG}-recap.md`, `${SLUG}-site.zip`, `${SLUG}-spreadsheet.csv`, `${SLUG}.csv`, `${SLUG}.html`, `${SLUG}.json`, `${SLUG}.md`, `${SLUG}.txt`]);
  });

  test('a damaged entry is refused, rendered again and rewritten', async () => {
    const [name] = entries();
    // The entry's biggest file, written again in place (as through a hard link from a published site).
    const folder = join(cacheDir, 'downloads');
    const base = name.slice(0, -'.json'.length);
    const path = readdirSync(folder).filter((f) => f.startsWith(`${base}.`) && /\.\d+$/.test(f)).map((f) => join(folder, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0x20;
    writeFileSync(path, bytes);
    // The file's time no longer matches the entry's line when the writer looks.
    assert.deepEqual(await build('damaged'), { renders: 1, hits: 0, misses: 0, rejected: 1, writes: 1 });
    // (The sites built from the entry share its files through hard links: compared with the one built without a cache.)
    assertSameSite(join(tmp, 'uncached'), join(tmp, 'damaged'));
    assert.deepEqual(await build('repaired'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
  });

  test('a new title is a new key: rendered with it, and the jam keeps one entry', async () => {
    const recap = join(content, 'jams', SLUG, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace('title: From Social Media to Social Business', 'title: Social Business, retitled'));
    const old = entries();
    assert.deepEqual(await build('retitled'), { renders: 1, hits: 1, misses: 1, rejected: 0, writes: 1 });
    assert.equal(entries().length, 1);
    assert.notDeepEqual(entries(), old);
    const html = readFileSync(join(tmp, 'retitled', 'jams', SLUG, 'download', `${SLUG}.html`), 'utf8');
    assert.match(html, /<title>Social Business, retitled<\/title>/);
    assert.deepEqual(await build('retitled-again'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'retitled'), join(tmp, 'retitled-again'));
  });

  test('an export edited in place (same size, other bytes) misses both caches: imported and rendered with its new bytes', async () => {
    const path = join(content, 'jams', SLUG, 'socbizchat-room.html');
    const edited = readFileSync(path);
    const at = edited.indexOf('social business is a term');
    assert.ok(at > 0);
    const size = edited.length;
    edited.write('TERM', at + 'social business is a '.length, 'latin1');
    writeFileSync(path, edited);
    const old = entries();
    const imports = cacheStats.misses;
    assert.deepEqual(await build('export-edited'), { renders: 1, hits: 1, misses: 1, rejected: 0, writes: 1 });
    assert.equal(cacheStats.misses - imports, 1, 'the import cache missed');
    assert.equal(readFileSync(path).length, size);
    assert.notDeepEqual(entries(), old);
    const txt = readFileSync(join(tmp, 'export-edited', 'jams', SLUG, 'download', `${SLUG}.txt`), 'utf8');
    assert.match(txt, /social business is a TERM developed/);
    assert.deepEqual(await build('export-edited-again'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'export-edited'), join(tmp, 'export-edited-again'));
  });

  test('a changed redact.yml is a new key: rendered without the opted-out person', async () => {
    const json = () => JSON.parse(readFileSync(join(tmp, 'export-edited-again', 'jams', SLUG, 'download', `${SLUG}.json`), 'utf8'));
    // Someone who posted (the notes quote everyone: they get warnings, the build goes on).
    const person: string = json().participants.at(-1).handle;
    assert.match(person, /^\w+$/);
    writeFileSync(join(content, 'redact.yml'), `handles: [${person}]\n`);
    const old = entries();
    try {
      assert.deepEqual(await build('redacted'), { renders: 1, hits: 1, misses: 1, rejected: 0, writes: 1 });
      assert.notDeepEqual(entries(), old);
      assert.equal(entries().length, 1);
      const shown = readFileSync(join(tmp, 'redacted', 'jams', SLUG, 'download', `${SLUG}.json`), 'utf8');
      assert.ok(!shown.toLowerCase().includes(person.toLowerCase()), `${person} is still in the JSON download`);
      assert.deepEqual(await build('redacted-again'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    } finally {
      rmSync(join(content, 'redact.yml'));
    }
    assert.deepEqual(await build('unredacted'), { renders: 1, hits: 1, misses: 1, rejected: 0, writes: 1 });
    assertSameSite(join(tmp, 'export-edited'), join(tmp, 'unredacted'));
  });
});

/** Every byte array reachable from `root` through own properties, arrays, maps and sets. */
function reachableBytes(root: unknown): ArrayBufferView[] {
  const seen = new Set<object>();
  const found: ArrayBufferView[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) found.push(v);
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return found;
}

describe('a jam model holds no download bytes', () => {
  test('with a cache folder: listed, then written, the model keeps names, types and sizes only; the bytes are the same each time and as a fresh render; rendered once', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'jamrecap-dlmem-'));
    try {
      clearSiteCaches();
      const { site } = loadSite(EXAMPLE, { ...defaultSiteOptions(), cacheDir });
      const jam = site!.jams[0];
      const media = reachableBytes(jam).reduce((n, b) => n + b.byteLength, 0);
      assert.equal(media, jam.media.reduce((n, m) => n + m.bytes.byteLength, 0), 'before: only the pictures');
      const renders = downloadCacheStats.renders;
      const listed = jam.downloads;
      assert.equal(listed.length, 7);
      const first = jam.downloadFiles;
      const second = jam.downloadFiles;
      assert.equal(downloadCacheStats.renders - renders, 1, 'rendered once, then read from the cache');
      assert.deepEqual(listed.map((d) => [d.name, d.mediaType, d.bytes]), first.map((f) => [f.name, f.mediaType, f.bytes.length]));
      for (const [i, f] of first.entries()) assert.ok(Buffer.from(f.bytes).equals(Buffer.from(second[i].bytes)), `${f.name} differs on the second read`);
      const rendered = renderDownloads(jam.transcript, { slug: jam.slug, title: jam.title, timezone: jam.timezone, questionTexts: jam.questionTexts, exports: jam.exportPaths.map((p) => ({ name: basename(p), bytes: readFileSync(p) })) });
      for (const [i, f] of rendered.entries()) assert.ok(Buffer.from(f.bytes).equals(Buffer.from(first[i].bytes)), `${f.name} differs from a fresh render`);
      const after = reachableBytes(jam).reduce((n, b) => n + b.byteLength, 0);
      assert.equal(after, media, `the model keeps ${after - media} download bytes`);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  test('without a cache folder: rendered once and kept (nowhere to read them again from)', () => {
    clearSiteCaches();
    const { site } = loadSite(EXAMPLE, { ...defaultSiteOptions(), cacheDir: null });
    const jam = site!.jams[0];
    const renders = downloadCacheStats.renders;
    const listed = jam.downloads;
    const files = jam.downloadFiles;
    assert.equal(jam.downloadFiles, files);
    assert.equal(downloadCacheStats.renders - renders, 1);
    assert.deepEqual(listed.map((d) => d.bytes), files.map((f) => f.bytes.length));
  });
});
