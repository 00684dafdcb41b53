/**
 * A site too big for one Eleventy run is rendered in batches (build.ts
 * renderBatches): each batch's jams' pages go to the page cache through an
 * Eleventy run of their own, and the final run renders the site-wide and
 * person pages and puts every jam's pages in the output from the cache.
 * The site is byte-identical to a build in one run, with a cache folder
 * and without one (a build's temporary cache then keeps the batches); a
 * warm build renders no batch; one edited jam is not enough for a batch.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differingFiles, listFiles } from './helpers/files.ts';
import { editSummary, generateSite, type GeneratedJam } from '../bench/site-generator.ts';
import { buildSite, buildStats, type BuildOptions } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { pageCacheStats } from '../src/site/page-cache.ts';
import { WORKERS_ENV } from '../src/site/prepare-jams.ts';

let tmp: string;
let content: string;
let jams: GeneratedJam[];
const MESSAGES = 60;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-batched-'));
  content = join(tmp, 'content');
  jams = generateSite(content, { jams: 5, messages: MESSAGES, seed: 11 });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A build in a "new process" (memory caches cleared); how many batches it rendered. */
async function build(out: string, extra: Partial<BuildOptions>): Promise<number> {
  clearSiteCaches();
  const before = buildStats.batches;
  const r = await buildSite({ contentDir: content, outDir: join(tmp, out), baseUrl: 'https://recaps.example.org', ...extra });
  assert.ok(r.ok, r.error?.message ?? JSON.stringify(r.problems.filter((p) => p.severity === 'error')));
  return buildStats.batches - before;
}

function assertSameSite(a: string, b: string): void {
  const files = listFiles(join(tmp, a));
  assert.ok(files.length > 50);
  assert.deepEqual(listFiles(join(tmp, b)), files);
  assert.deepEqual(differingFiles(join(tmp, a), join(tmp, b), files), []);
}

describe('batched builds', () => {
  before(async () => {
    assert.equal(await build('one-run', { cacheDir: null }), 0);
  });

  test('batches of two jams (120 messages): three Eleventy runs render the jams, the site is the one-run build byte for byte', async () => {
    const cache = join(tmp, 'cache');
    assert.equal(await build('batched', { cacheDir: cache, batchMessages: 2 * MESSAGES }), 3);
    assertSameSite('one-run', 'batched');
    // Warm: every jam's pages in the cache, no batch.
    const hits = pageCacheStats.hits;
    assert.equal(await build('warm', { cacheDir: cache, batchMessages: 2 * MESSAGES }), 0);
    assert.ok(pageCacheStats.hits - hits >= jams.length);
    assertSameSite('one-run', 'warm');
    // One edited jam fits in the final run.
    editSummary(content, jams[2].slug);
    assert.equal(await build('edited', { cacheDir: cache, batchMessages: 2 * MESSAGES }), 0);
    assert.equal(await build('edited-one-run', { cacheDir: null }), 0);
    assertSameSite('edited-one-run', 'edited');
  });

  test('a jam bigger than the budget is a batch of its own; without a cache folder the temporary cache keeps the batches', async () => {
    const workers = process.env[WORKERS_ENV];
    process.env[WORKERS_ENV] = '2'; // a build without a cache gets a temporary one when workers run
    try {
      assert.equal(await build('no-cache', { cacheDir: null, batchMessages: 10 }), jams.length);
    } finally {
      if (workers === undefined) delete process.env[WORKERS_ENV];
      else process.env[WORKERS_ENV] = workers;
    }
    assertSameSite('edited-one-run', 'no-cache');
  });
});
