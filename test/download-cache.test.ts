/**
 * The download cache (src/site/download-cache.ts): the example site built
 * with a cache renders its downloads once; a second build in a "new
 * process" (memory caches cleared) reads them from the cache without
 * rendering, and every file of both sites (and of a build without the
 * cache) is byte-identical. A damaged entry is refused, rendered again and
 * rewritten; a changed title is another key, and the jam keeps one entry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { downloadCacheStats } from '../src/site/download-cache.ts';
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
  for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
}

describe('the download cache', () => {
  let content: string;
  let cacheDir: string;
  const entries = () => readdirSync(join(cacheDir, 'downloads')).sort();
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
    assert.deepEqual(await build('first'), { renders: 1, hits: 0, misses: 1, rejected: 0, writes: 1 });
    assert.equal(entries().length, 1);
    assert.deepEqual(await build('second'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'first'), join(tmp, 'second'));
    assert.deepEqual(await build('uncached', null), { renders: 1, hits: 0, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'first'), join(tmp, 'uncached'));
    const dl = readdirSync(join(tmp, 'second', 'jams', SLUG, 'download')).sort();
    assert.deepEqual(dl, [`${SLUG}-archive.zip`, `${SLUG}-recap.html`, `${SLUG}-recap.md`, `${SLUG}-spreadsheet.csv`, `${SLUG}.csv`, `${SLUG}.html`, `${SLUG}.json`, `${SLUG}.md`, `${SLUG}.txt`]);
  });

  test('a damaged entry is refused, rendered again and rewritten', async () => {
    const [name] = entries();
    const path = join(cacheDir, 'downloads', name);
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] ^= 0x20;
    writeFileSync(path, bytes);
    assert.deepEqual(await build('damaged'), { renders: 1, hits: 0, misses: 0, rejected: 1, writes: 1 });
    assertSameSite(join(tmp, 'first'), join(tmp, 'damaged'));
    assert.deepEqual(await build('repaired'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
  });

  test('a new title is a new key: rendered with it, and the jam keeps one entry', async () => {
    const recap = join(content, 'jams', SLUG, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace('title: From Social Media to Social Business', 'title: Social Business, retitled'));
    const old = entries();
    assert.deepEqual(await build('retitled'), { renders: 1, hits: 0, misses: 1, rejected: 0, writes: 1 });
    assert.equal(entries().length, 1);
    assert.notDeepEqual(entries(), old);
    const html = readFileSync(join(tmp, 'retitled', 'jams', SLUG, 'download', `${SLUG}.html`), 'utf8');
    assert.match(html, /<title>Social Business, retitled<\/title>/);
    assert.deepEqual(await build('retitled-again'), { renders: 0, hits: 1, misses: 0, rejected: 0, writes: 0 });
    assertSameSite(join(tmp, 'retitled'), join(tmp, 'retitled-again'));
  });
});
