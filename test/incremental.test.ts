/**
 * Incremental builds through the page cache (src/site/page-cache.ts): a
 * generated site of four jams (bench/site-generator.ts) is built once with
 * a cache folder, then edited step by step. After each edit the site is
 * built again with the cache (as the next `jamrecap build` would: the
 * in-memory caches cleared) and once without any cache, and the two sites
 * must be byte-identical, every file. The cache's counters say which page
 * groups were rendered: after a summary edit only that jam's, after an
 * export edit that jam's and its author's person page; after a new jam,
 * its own and its people's; after a change to what every page shows
 * (siteMeta.json, redact.yml, the theme, and the jam list for a theme
 * whose pages show it) all of them. An entry edited on disk is refused and rendered again.
 *
 * `serve`'s preview is built again in place: an unchanged jam's pages and
 * downloads stay as they are, and the folder equals a fresh preview after
 * each edit (a deleted jam's files gone).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { differingFiles, listFiles } from './helpers/files.ts';
import { editSummary, generateSite, type GeneratedJam } from '../bench/site-generator.ts';
import { buildSite, writeMarker } from '../src/site/build.ts';
import { buildPreview } from '../src/cli/preview-builds.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { pageCacheStats } from '../src/site/page-cache.ts';
import { recapCacheStats } from '../src/site/recap-cache.ts';
import { heavyStats } from '../src/site/jam-load-cache.ts';
import { pageKeyStats, pagesShowSite } from '../src/site/page-keys.ts';
import { THEME_DIR } from '../src/site/theme.ts';
import { personSlug } from '../src/site/slug.ts';

const BASE_URL = 'https://recaps.example.org';
let tmp: string;
let content: string;
let cache: string;
let jams: GeneratedJam[];

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-incremental-'));
  content = join(tmp, 'content');
  cache = join(tmp, 'cache');
  jams = generateSite(content, { jams: 4, messages: 60 });
});
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Rendered {
  jams: string[];
  people: string[];
  hits: number;
  rejected: number;
  /** Jams whose messages were hashed for the person keys (the others' digests came with their cached pages). */
  hashed: number;
  /** Jams whose heavy parts (messages, transcript pages: model.ts JamHeavy) were read from the load cache. */
  heavy: number;
  /** People's messages in a jam read from its people file (jam-load-cache.ts). */
  personReads: number;
  /** Jams whose recap downloads came from the recap cache, and were written to it (recap-cache.ts). */
  recapHits: number;
  recapWrites: number;
}

/** Build with the cache into `inc/`; returns what the page cache rendered. */
async function incremental(extra: { transcriptPageBytes?: number } = {}): Promise<Rendered> {
  clearSiteCaches();
  const before = { hits: pageCacheStats.hits, rejected: pageCacheStats.rejected, hashed: pageKeyStats.jamsHashed, heavy: heavyStats.reads + heavyStats.rebuilt, personReads: heavyStats.personReads, recapHits: recapCacheStats.hits, recapWrites: recapCacheStats.writes };
  const r = await buildSite({ contentDir: content, outDir: join(tmp, 'inc'), cacheDir: cache, baseUrl: BASE_URL, ...extra });
  assert.ok(r.ok, `incremental build failed: ${r.error?.message ?? JSON.stringify(r.problems.filter((p) => p.severity === 'error'))}`);
  return {
    jams: [...pageCacheStats.renderedJams].sort(),
    people: [...pageCacheStats.renderedPeople].sort(),
    hits: pageCacheStats.hits - before.hits,
    rejected: pageCacheStats.rejected - before.rejected,
    hashed: pageKeyStats.jamsHashed - before.hashed,
    heavy: heavyStats.reads + heavyStats.rebuilt - before.heavy,
    personReads: heavyStats.personReads - before.personReads,
    recapHits: recapCacheStats.hits - before.recapHits,
    recapWrites: recapCacheStats.writes - before.recapWrites,
  };
}

/** Build without any cache into `fresh/`, and compare every file with `inc/`. */
async function assertSameAsFresh(extra: { transcriptPageBytes?: number } = {}): Promise<void> {
  clearSiteCaches();
  const r = await buildSite({ contentDir: content, outDir: join(tmp, 'fresh'), cacheDir: null, baseUrl: BASE_URL, ...extra });
  assert.ok(r.ok, `fresh build failed: ${r.error?.message}`);
  assertSameFiles(join(tmp, 'inc'), join(tmp, 'fresh'));
}

function assertSameFiles(a: string, b: string): void {
  const files = listFiles(a);
  assert.deepEqual(files, listFiles(b));
  assert.deepEqual(differingFiles(a, b, files), [], `files of ${a} that differ from ${b}`);
}

const allSlugs = () => readdirSync(join(content, 'jams')).sort();
/** The people whose page (in the fresh build) has a section for the jam `slug`. */
const peopleOf = (slug: string) => allPeople().filter((p) => readFileSync(join(tmp, 'fresh', 'participants', p, 'index.html'), 'utf8').includes(`data-jam="${slug}"`));
/** Every person's page slug, from the fresh build's output. */
/** Every person's page slug in the incremental build's output. */
const allPeopleNow = () => readdirSync(join(tmp, 'inc', 'participants'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const allPeople = () => readdirSync(join(tmp, 'fresh', 'participants'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('incremental builds (page cache)', () => {
  test('a cold build renders every group; a build without edits renders none and copies all', async () => {
    const cold = await incremental();
    assert.deepEqual(cold.jams, allSlugs());
    assert.equal(cold.hits, 0);
    assert.deepEqual([cold.recapHits, cold.recapWrites], [0, jams.length]);
    assert.equal(cold.hashed, jams.length);
    await assertSameAsFresh();
    assert.deepEqual(cold.people, allPeople());
    assert.ok(cold.people.length > 20);
    const again = await incremental();
    // No jam's messages hashed again (each cached jam's entry keeps its people's digests), nor read: every model restored lean.
    assert.deepEqual(again, { jams: [], people: [], hits: jams.length + cold.people.length, rejected: 0, hashed: 0, heavy: 0, personReads: 0, recapHits: 0, recapWrites: 0 });
    await assertSameAsFresh();
  });

  test("a summary edit in one recap.md renders that jam's pages only", async () => {
    const slug = jams[1].slug;
    const sentence = editSummary(content, slug);
    const r = await incremental();
    // Its messages hashed again (its entry's key changed): the same digests, so no person page is rendered.
    // No other jam's messages read (their models stay lean); its own read back to render it (a build lets go of them once stored).
    assert.deepEqual([r.jams, r.people, r.hashed, r.heavy, r.personReads], [[slug], [], 1, 1, 0]);
    // Its recap downloads made again with the edit, and kept.
    assert.deepEqual([r.recapHits, r.recapWrites], [0, 1]);
    assert.ok(readFileSync(join(tmp, 'inc', 'jams', slug, 'download', `${slug}-recap.md`), 'utf8').includes(sentence.split(' ').slice(0, 3).join(' ')));
    assert.ok(readFileSync(join(tmp, 'inc', 'jams', slug, 'index.html'), 'utf8').includes(sentence));
    await assertSameAsFresh();
  });

  test("an export edit renders that jam's pages and its author's person page", async () => {
    const slug = jams[2].slug;
    const room = join(content, 'jams', slug, 'benchjam-room.html');
    // Bytes as latin1 characters: the page's own encoding (windows-1252) goes back unchanged.
    const html = readFileSync(room, 'latin1');
    // The room lists the newest first: the last message is the first greeting (never quoted).
    const at = html.lastIndexOf('<span class="text">Hello from ');
    assert.ok(at > 0);
    const author = /title="[^"]*">([^<]+)<\/a>\s*$/.exec(html.slice(0, at))![1];
    writeFileSync(room, `${html.slice(0, at)}<span class="text">Hi again from ${html.slice(at + '<span class="text">Hello from '.length)}`, 'latin1');
    const r = await incremental();
    assert.deepEqual([r.jams, r.people], [[slug], [personSlug(author)]]);
    // The author's page lists their messages in every jam: their part of each other jam is read for it, no more (the edited jam is read back whole, for its pages).
    const theirJams = readFileSync(join(tmp, 'inc', 'participants', personSlug(author), 'index.html'), 'utf8').split('<section class="jam" data-jam="').length - 1;
    assert.ok(theirJams > 1);
    assert.deepEqual([r.heavy, r.personReads], [1, theirJams - 1]);
    assert.ok(readFileSync(join(tmp, 'inc', 'jams', slug, 'transcript', 'index.html'), 'utf8').includes('Hi again from '));
    await assertSameAsFresh();
  });

  test("a new jam renders its own pages and its people's, not the other jams'", async () => {
    const from = join(content, 'jams', jams[0].slug);
    const slug = '2014-06-04-benchjam';
    cpSync(from, join(content, 'jams', slug), { recursive: true });
    const recap = join(content, 'jams', slug, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace(/^title: .*$/m, 'title: "A jam added later"').replace(/^date: .*$/m, 'date: "2014-06-04 18:00"'));
    const r = await incremental();
    assert.deepEqual(r.jams, [slug]);
    await assertSameAsFresh();
    assert.deepEqual(r.people, peopleOf(slug));
    assert.ok(r.people.length > 10);
    assert.ok(readFileSync(join(tmp, 'inc', 'index.html'), 'utf8').includes('A jam added later'));
  });

  test('a deleted jam leaves no page behind, and renders only the pages of its people', async () => {
    const slug = jams[3].slug;
    const people = peopleOf(slug);
    rmSync(join(content, 'jams', slug), { recursive: true });
    const r = await incremental();
    assert.deepEqual(r.jams, []);
    // Each of its people's pages loses a section (someone only in that jam has no page left).
    assert.deepEqual(r.people, people.filter((p) => allPeopleNow().includes(p)));
    assert.deepEqual(listFiles(join(tmp, 'inc')).filter((f) => f.startsWith(`jams/${slug}/`)), []);
    await assertSameAsFresh();
  });

  test('a changed siteMeta.json renders every group', async () => {
    mkdirSync(join(content, '_data'), { recursive: true });
    writeFileSync(join(content, '_data', 'siteMeta.json'), JSON.stringify({ title: 'Bench Recaps, renamed' }));
    const r = await incremental();
    assert.deepEqual(r.jams, allSlugs());
    // The recap downloads show the site's title: made again too.
    assert.deepEqual([r.recapHits, r.recapWrites], [0, allSlugs().length]);
    await assertSameAsFresh();
    assert.deepEqual(r.people, allPeople());
  });

  test('a changed redact.yml renders every group, and the opted-out person has no page', async () => {
    // Someone who posted but whom no recap.md names (the notes would then need rewording).
    const notes = allSlugs().map((s) => readFileSync(join(content, 'jams', s, 'recap.md'), 'utf8').toLowerCase()).join('\n');
    const person = allPeople().find((p) => !notes.includes(p.toLowerCase()) && p !== 'jamhost')!;
    assert.ok(person);
    writeFileSync(join(content, 'redact.yml'), `handles: [${person}]\n`);
    const r = await incremental();
    assert.deepEqual(r.jams, allSlugs());
    await assertSameAsFresh();
    assert.ok(!allPeople().includes(person));
  });

  test('a theme folder override renders every group (but no recap download: they do not use the theme)', async () => {
    mkdirSync(join(tmp, 'theme', '_includes'), { recursive: true });
    writeFileSync(join(tmp, 'theme', '_includes', 'footer.njk'), '<footer class="site">Published by the bench</footer>\n');
    const r = await incremental();
    assert.deepEqual(r.jams, allSlugs());
    assert.deepEqual([r.recapHits, r.recapWrites], [allSlugs().length, 0]);
    assert.deepEqual(r.people, allPeople());
    assert.ok(readFileSync(join(tmp, 'inc', 'jams', allSlugs()[0], 'transcript', 'index.html'), 'utf8').includes('Published by the bench'));
    await assertSameAsFresh();
  });

  test("a theme whose cached pages name `site` (the jam list) gets it in every key: a new jam renders every jam", async () => {
    assert.equal(pagesShowSite([THEME_DIR]), false, 'the shipped theme');
    writeFileSync(join(tmp, 'theme', '_includes', 'footer.njk'), '<footer class="site">One of {{ site.jams.length }} jams</footer>\n');
    assert.equal(pagesShowSite([join(tmp, 'theme'), THEME_DIR]), true);
    await incremental();
    const from = join(content, 'jams', allSlugs()[0]);
    const slug = '2014-07-02-benchjam';
    cpSync(from, join(content, 'jams', slug), { recursive: true });
    const recap = join(content, 'jams', slug, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace(/^date: .*$/m, 'date: "2014-07-02 18:00"'));
    const r = await incremental();
    assert.deepEqual(r.jams, allSlugs());
    await assertSameAsFresh();
    assert.ok(readFileSync(join(tmp, 'inc', 'jams', allSlugs()[0], 'index.html'), 'utf8').includes(`One of ${allSlugs().length} jams`));
  });

  test('another transcript page size (every message link changes) renders every group', async () => {
    const r = await incremental({ transcriptPageBytes: 6_000 });
    assert.deepEqual([r.jams, r.people], [allSlugs(), allPeopleNow()]);
    await assertSameAsFresh({ transcriptPageBytes: 6_000 });
    assert.ok(listFiles(join(tmp, 'inc')).some((f) => f.endsWith('/transcript/3/index.html')));
    await incremental();
  });

  test('an entry edited on disk is refused and its pages rendered again', async () => {
    const slug = allSlugs()[0];
    const page = readFileSync(join(tmp, 'inc', 'jams', slug, 'index.html'));
    // The entry's file holding this jam's recap page (an entry is its files `<tag>-<key>.<i>` and its line `<tag>-<key>.json`): one byte flipped in place.
    const files = readdirSync(join(cache, 'pages')).map((f) => join(cache, 'pages', f));
    const file = files.find((f) => !f.endsWith('.json') && readFileSync(f).equals(page))!;
    assert.ok(file);
    const bytes = readFileSync(file);
    bytes[100] = bytes[100] === 0x41 ? 0x42 : 0x41;
    writeFileSync(file, bytes);
    const r = await incremental();
    assert.deepEqual([r.jams, r.people, r.rejected], [[slug], [], 1]);
    await assertSameAsFresh();
  });
});

describe("serve's preview, built again in place", () => {
  let site: string;
  let previewCache: string;
  before(() => {
    site = join(tmp, 'serve-content');
    previewCache = join(tmp, 'serve-cache');
    generateSite(site, { jams: 3, messages: 40, seed: 7 });
  });

  /** A preview build of `site` into `dir` (a preview folder), as serve runs it. */
  async function preview(dir: string, cacheDir: string | null): Promise<void> {
    mkdirSync(dir, { recursive: true });
    writeMarker(dir, 'preview');
    const r = await buildPreview({ contentDir: site, outDir: dir, baseUrl: '', pathPrefix: '/', verbose: false, cacheDir });
    assert.ok(r.ok, JSON.stringify(r));
  }

  /** The in-place preview after an edit: what it rendered, and every file equal to a fresh preview's. */
  async function rebuild(): Promise<Omit<Rendered, 'hashed' | 'heavy' | 'personReads' | 'recapHits' | 'recapWrites'>> {
    const before = pageCacheStats.hits;
    await preview(join(tmp, 'preview'), previewCache);
    const r = { jams: [...pageCacheStats.renderedJams].sort(), people: [...pageCacheStats.renderedPeople].sort(), hits: pageCacheStats.hits - before, rejected: 0 };
    clearSiteCaches();
    rmSync(join(tmp, 'preview-fresh'), { recursive: true, force: true });
    await preview(join(tmp, 'preview-fresh'), null);
    assertSameFiles(join(tmp, 'preview'), join(tmp, 'preview-fresh'));
    return r;
  }

  test('an edit rewrites only its jam; a deleted jam leaves nothing behind', async () => {
    const slugs = readdirSync(join(site, 'jams')).sort();
    await rebuild();
    const untouched = join(tmp, 'preview', 'jams', slugs[0], 'download');
    const stamp = readdirSync(untouched).map((f) => statSync(join(untouched, f)).mtimeMs);
    editSummary(site, slugs[1]);
    const edit = await rebuild();
    assert.deepEqual([edit.jams, edit.people], [[slugs[1]], []]);
    // The unchanged jam's downloads were not written again.
    assert.deepEqual(readdirSync(untouched).map((f) => statSync(join(untouched, f)).mtimeMs), stamp);
    rmSync(join(site, 'jams', slugs[2]), { recursive: true });
    await rebuild();
    assert.ok(!listFiles(join(tmp, 'preview')).some((f) => f.includes(slugs[2])));
  });
});
