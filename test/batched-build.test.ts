/**
 * A site too big for one Eleventy run is rendered in batches (build.ts
 * renderBatches): each batch's jams' pages, then each batch's people's
 * pages, go to the page cache through an Eleventy run of their own, and
 * the final run renders the site-wide pages and puts every jam's and
 * person's pages in the output from the cache.
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
import { BOUNDED_MESSAGES, boundsHeapGrowth, collectGarbage, growingPercent, heapGrowthStats, LOOSE_MESSAGES } from '../src/site/heap-growth.ts';
import { loadSite } from '../src/site/site.ts';
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

/**
 * The batches a budget makes: the jams' (in the site's order), then the
 * people's (each person's size is their messages in every jam), each run
 * cut where the next would pass the budget (one bigger alone).
 */
function expectedBatches(budget: number): number {
  clearSiteCaches();
  const site = loadSite(content, { baseUrl: '', pathPrefix: '/', transcriptPageBytes: 800_000, cacheDir: null }).site!;
  const runs = (sizes: number[]) => {
    let n = 0;
    let size = 0;
    for (const s of sizes) {
      if (n === 0 || size + s > budget) {
        n++;
        size = 0;
      }
      size += s;
    }
    return n;
  };
  return runs(site.jams.map((j) => j.stats.messages)) + runs(site.people.map((p) => p.messages));
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

  test('batches of two jams (120 messages): three Eleventy runs render the jams, then runs of people, the site is the one-run build byte for byte', async () => {
    const cache = join(tmp, 'cache');
    const expected = expectedBatches(2 * MESSAGES);
    assert.ok(expected > 4, 'three of jams and more than one of people');
    const bounded = heapGrowthStats.bounded;
    const collections = heapGrowthStats.collections;
    assert.equal(await build('batched', { cacheDir: cache, batchMessages: 2 * MESSAGES }), expected);
    // A batched build renders with the heap's growth bounded (a small site: to three times what is live), collects once its pages are done and bounds the zips and the index; a small build in one run does none of it.
    assert.equal(heapGrowthStats.bounded, bounded + 2);
    assert.equal(heapGrowthStats.percent, 200);
    assert.equal(heapGrowthStats.collections, collections + 1);
    // The final run renders no jam's or person's page: all came from the batches.
    assert.deepEqual([pageCacheStats.renderedJams, pageCacheStats.renderedPeople], [[], []]);
    assertSameSite('one-run', 'batched');
    // Warm: every jam's pages in the cache, no batch.
    const hits = pageCacheStats.hits;
    assert.equal(await build('warm', { cacheDir: cache, batchMessages: 2 * MESSAGES }), 0);
    assert.equal(heapGrowthStats.bounded, bounded + 2);
    assert.equal(heapGrowthStats.collections, collections + 1);
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
      const expected = expectedBatches(10);
      assert.ok(expected > jams.length);
      assert.equal(await build('no-cache', { cacheDir: null, batchMessages: 10 }), expected);
    } finally {
      if (workers === undefined) delete process.env[WORKERS_ENV];
      else process.env[WORKERS_ENV] = workers;
    }
    assertSameSite('edited-one-run', 'no-cache');
  });
});

test('a site rendered in batches, or of more than BOUNDED_MESSAGES messages, collects its heap after the pages and bounds it after', () => {
  assert.deepEqual(
    [boundsHeapGrowth(BOUNDED_MESSAGES, false), boundsHeapGrowth(BOUNDED_MESSAGES + 1, false), boundsHeapGrowth(10, true)],
    [false, true, true],
  );
});

test('a full collection asked for runs, and leaves no gc function to the program', () => {
  const before = heapGrowthStats.collections;
  collectGarbage();
  assert.equal(heapGrowthStats.collections, before + 1);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
});

test('the heap may grow to three times what is live up to LOOSE_MESSAGES messages, to twice above', () => {
  assert.deepEqual([growingPercent(1), growingPercent(LOOSE_MESSAGES), growingPercent(LOOSE_MESSAGES + 1), growingPercent(1_000_000)], [200, 200, 100, 100]);
});
