/**
 * Cached files reach the output by hard link (src/site/cache-files.ts):
 * `build` (a fresh folder, swapped into place) links each unchanged page
 * and download to its cache entry's file, so a warm build writes no bytes
 * for them; serve's preview (built again in place) copies, so that no
 * write of its reaches the cache. A published file edited in place (the
 * cache's file with it, through the link) makes its entry refused: the
 * next build renders it again, to the same bytes as a build without a
 * cache. With the cache on another device, links fail and copies do.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { differingFiles, listFiles } from './helpers/files.ts';
import { buildSite, writeMarker } from '../src/site/build.ts';
import { buildPreview } from '../src/cli/preview-builds.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { downloadCacheStats } from '../src/site/download-cache.ts';
import { pageCacheStats } from '../src/site/page-cache.ts';
import { formatProblem } from '../src/notes/problems.ts';

const SLUG = '2012-10-24-socbizchat';
let tmp: string;
let content: string;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-links-'));
  content = join(tmp, 'content');
  cpSync(join(ROOT, 'content'), content, { recursive: true });
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A build in a "new process" (memory caches cleared, the disk kept). */
async function build(out: string, cacheDir: string | null): Promise<string> {
  clearSiteCaches();
  const dir = join(tmp, out);
  const r = await buildSite({ contentDir: content, outDir: dir, cacheDir });
  assert.ok(r.ok, r.problems.map((p) => formatProblem(p)).join('\n'));
  return dir;
}

/** Every file of a cache folder (entries' files, not their lines), by inode. */
function cacheInodes(cacheDir: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const kind of ['pages', 'downloads', 'site-zips']) {
    const root = join(cacheDir, kind);
    // An entry's files are `<tag>-<key>.<i>` beside its line `<tag>-<key>.json` (cache-files.ts).
    for (const f of readdirSync(root)) {
      if (/\.\d+$/.test(f)) out.set(statSync(join(root, f)).ino, join(kind, f));
    }
  }
  return out;
}

/** The site's files that are the very files of the cache (same inode). */
function linkedFiles(site: string, cacheDir: string): string[] {
  const inodes = cacheInodes(cacheDir);
  return listFiles(site).filter((f) => inodes.has(statSync(join(site, f)).ino));
}

function assertSameSite(a: string, b: string): void {
  const files = listFiles(a);
  assert.deepEqual(listFiles(b), files);
  assert.deepEqual(differingFiles(a, b, files), []);
}

describe('cached files placed by hard link', () => {
  let cache: string;
  let reference: string;
  before(async () => {
    cache = join(tmp, 'cache');
    reference = await build('uncached', null);
  });

  test("a warm build links every page and download of the jam to the cache's files; the bytes are a build's without a cache", async () => {
    await build('cold', cache);
    const warm = await build('warm', cache);
    const linked = linkedFiles(warm, cache);
    const jamFiles = listFiles(warm).filter((f) => f.startsWith(`jams/${SLUG}/`));
    // Every file of the jam's folder: its pages (page cache) and its downloads (download cache).
    assert.deepEqual(linked.filter((f) => f.startsWith(`jams/${SLUG}/`)), jamFiles);
    assert.ok(jamFiles.some((f) => f.endsWith('/download/2012-10-24-socbizchat-archive.zip')));
    assert.ok(linked.some((f) => f.startsWith('participants/') && f !== 'participants/index.html'), 'person pages linked');
    assertSameSite(reference, warm);
  });

  test('a published page edited in place (the cache file with it) is refused at the next build and rendered again', async () => {
    const site = await build('site', cache);
    const page = join(site, 'jams', SLUG, 'index.html');
    const download = join(site, 'jams', SLUG, 'download', `${SLUG}.txt`);
    writeFileSync(page, readFileSync(page, 'utf8').replace('<main>', '<main><p>edited by hand</p>'));
    writeFileSync(download, 'edited by hand\n');
    const before = { pages: pageCacheStats.rejected, downloads: downloadCacheStats.rejected, renders: downloadCacheStats.renders };
    const again = await build('site', cache);
    assert.equal(pageCacheStats.rejected - before.pages, 1);
    assert.equal(downloadCacheStats.rejected - before.downloads, 1);
    assert.equal(downloadCacheStats.renders - before.renders, 1);
    assertSameSite(reference, again);
    // The entries written again are sound: the build after uses them.
    const hits = { pages: pageCacheStats.rejected, downloads: downloadCacheStats.rejected };
    assertSameSite(reference, await build('site', cache));
    assert.deepEqual({ pages: pageCacheStats.rejected, downloads: downloadCacheStats.rejected }, hits);
  });

  test("serve's preview copies: none of its files is a cache file, and a rebuild in place leaves the cache sound", async () => {
    const out = join(tmp, 'preview');
    mkdirSync(out);
    writeMarker(out, 'preview');
    const recap = join(content, 'jams', SLUG, 'recap.md');
    const notes = readFileSync(recap, 'utf8');
    try {
      for (const edit of ['', '\nEdited while serve runs.\n']) {
        // The second build rewrites the recap page in place (the edit) and keeps the rest.
        writeFileSync(recap, notes + edit);
        clearSiteCaches();
        const r = await buildPreview({ contentDir: content, outDir: out, baseUrl: '', pathPrefix: '/', verbose: false, cacheDir: cache });
        assert.ok(r.ok, JSON.stringify(r));
        assert.deepEqual(linkedFiles(out, cache), []);
      }
      assert.match(readFileSync(join(out, 'jams', SLUG, 'index.html'), 'utf8'), /Edited while serve runs\./);
    } finally {
      writeFileSync(recap, notes);
    }
    const before = pageCacheStats.rejected + downloadCacheStats.rejected;
    assertSameSite(reference, await build('after-preview', cache));
    assert.equal(pageCacheStats.rejected + downloadCacheStats.rejected, before);
  });

  test('a cache on another device (no hard links across): files copied, same site', { skip: !existsSync('/dev/shm') || statSync('/dev/shm').dev === statSync(tmpdir()).dev ? 'no second device (/dev/shm) here' : false }, async () => {
    const other = mkdtempSync('/dev/shm/jamrecap-links-');
    try {
      await build('exdev-cold', other);
      const warm = await build('exdev-warm', other);
      assert.deepEqual(linkedFiles(warm, other), []);
      assertSameSite(reference, warm);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
