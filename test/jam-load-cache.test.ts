/**
 * The jam load cache (src/site/jam-load-cache.ts): a jam's whole load
 * (model, problems) kept on disk by content hash. A generated site of
 * three jams (bench/site-generator.ts) and a jam with a picture (the
 * Storify fixture of test/attachments.test.ts) are loaded as a new process
 * would (every in-memory cache cleared between loads):
 *
 * - a restored load is the fresh one: deep-equal field by field (model,
 *   problems, draft flag) and as JSON, a JamModel whose getters work, messages
 *   still shared between the lists that show them, the picture's bytes a
 *   Buffer; a site built from restored models (no page cached) is
 *   byte-identical to one built without any cache;
 * - the entry is not used after editing recap.md, changing an export's
 *   bytes (same size, modification time put back), the picture's bytes,
 *   an option the load reads, or the redact handles; handles in another
 *   order are the same key;
 * - a corrupted, truncated or other-version entry is refused (counted),
 *   the load is still right, and the entry is rewritten;
 * - loads with errors and loads without a cache folder store nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { differingFiles, listFiles } from './helpers/files.ts';
import { editSummary, generateSite, type GeneratedJam } from '../bench/site-generator.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches, loadJam, type JamContext, type JamLoad } from '../src/site/jam.ts';
import { heavyStats, loadCacheStats, loadCacheVersion } from '../src/site/jam-load-cache.ts';
import { ownerTag } from '../src/site/cache.ts';
import { JamModel } from '../src/site/model.ts';
import { defaultSiteOptions, type SiteOptions } from '../src/site/options.ts';
import { clearFileDigests } from '../src/site/file-digest.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { writePicturesJam } from './helpers/pictures-jam.ts';

const BASE_URL = 'https://recaps.example.org';
const FIXTURES = join(ROOT, 'test', 'fixtures');

let tmp: string;
let content: string;
let cacheDir: string;
let jams: GeneratedJam[];
let pictures: string;

const jamDir = (slug: string) => join(content, 'jams', slug);
const options = (extra: Partial<SiteOptions> = {}): SiteOptions => ({ ...defaultSiteOptions(), cacheDir, ...extra });
const models = () => (existsSync(join(cacheDir, 'models')) ? readdirSync(join(cacheDir, 'models')) : []);

/** A new process, as far as caches go: memory forgotten (models, imports, digests), the disk kept. */
function newProcess(): void {
  clearSiteCaches();
  clearFileDigests();
}

/** Load as a new process would; the load and what the load cache counted meanwhile. */
function load(dir: string, opts: SiteOptions = options(), context: JamContext = {}): { l: JamLoad; hits: number; misses: number; rejected: number; writes: number } {
  newProcess();
  const before = { ...loadCacheStats };
  const l = loadJam(dir, opts, context);
  return { l, hits: loadCacheStats.hits - before.hits, misses: loadCacheStats.misses - before.misses, rejected: loadCacheStats.rejected - before.rejected, writes: loadCacheStats.writes - before.writes };
}

/** Everything a load holds but where its transcript came from (to compare with deepStrictEqual: every field, classes included). */
function snapshot(l: JamLoad): Omit<JamLoad, 'importSource'> {
  l.model?.heavy(); // a restored model reads its heavy parts on first use: compared with them
  return { slug: l.slug, dir: l.dir, recapPath: l.recapPath, problems: l.problems, model: l.model, draft: l.draft };
}

function errors(l: JamLoad): string[] {
  return l.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p));
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-load-cache-'));
  content = join(tmp, 'content');
  cacheDir = join(tmp, 'cache');
  jams = generateSite(content, { jams: 3, messages: 60 });
  pictures = jamDir('pictures');
  writePicturesJam(pictures);
});
after(() => {
  clearSiteCaches();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a restored load', () => {
  test('is the fresh load: same model and problems, a JamModel, shared messages, working getters', () => {
    rmSync(join(cacheDir, 'models'), { recursive: true, force: true });
    for (const dir of [...jams.map((j) => jamDir(j.slug)), pictures]) {
      const fresh = load(dir);
      assert.deepEqual(errors(fresh.l), []);
      assert.deepEqual([fresh.hits, fresh.misses, fresh.writes], [0, 1, 1]);
      const restored = load(dir);
      assert.deepEqual([restored.hits, restored.misses, restored.rejected, restored.writes], [1, 0, 0, 0]);
      const [a, b] = [fresh.l, restored.l];
      assert.notEqual(a, b);
      // Restored lean: the heavy parts are read when first asked for, from their own file.
      assert.equal(b.model!.holdsHeavy, false);
      const reads = heavyStats.reads;
      assert.equal(b.model!.messages.length, a.model!.messages.length);
      assert.equal(heavyStats.reads, reads + 1);
      assert.equal(b.model!.holdsHeavy, true);
      assert.deepStrictEqual(snapshot(b), snapshot(a), dir);
      assert.equal(JSON.stringify(b), JSON.stringify({ ...a, importSource: 'hit' }));
      assert.equal(b.importSource, 'hit');
      assert.ok(b.model instanceof JamModel);
      const model = b.model;
      // One message, one object: in the list, on its transcript page, among its question's answers.
      const byId = new Map(model.messages.map((m) => [m.id, m]));
      const onPages = model.transcriptPages.flatMap((p) => p.segments.flatMap((s) => s.messages));
      assert.equal(onPages.length, model.messages.length);
      assert.ok(onPages.every((m) => byId.get(m.id) === m));
      const answers = model.questions.flatMap((q) => q.answers);
      assert.ok(answers.length > 0);
      assert.ok(answers.every((m) => byId.get(m.id) === m));
      // The getters read the download cache under the same key as the fresh model's.
      assert.deepEqual(model.downloads, a.model!.downloads);
      assert.deepEqual(model.downloadFiles.map((f) => [f.name, f.bytes.length]), a.model!.downloadFiles.map((f) => [f.name, f.bytes.length]));
    }
    const { l } = load(pictures);
    assert.equal(l.model!.media.length, 1);
    assert.ok(Buffer.isBuffer(l.model!.media[0].bytes));
    assert.ok(l.model!.media[0].bytes.equals(readFileSync(join(FIXTURES, 'story_files', 'pic.png'))));
    assert.deepEqual(['.bin', '.heavy', '.people'].map((ext) => models().filter((f) => f.endsWith(ext)).length), [4, 4, 4], 'one entry (a lean, a heavy and a people file) per jam');
  });

  test('a site built from restored models is byte-identical to one built without any cache', async () => {
    const siteCache = join(tmp, 'site-cache');
    const build = async (out: string, cache: string | null) => {
      newProcess();
      const r = await buildSite({ contentDir: content, outDir: join(tmp, out), cacheDir: cache, baseUrl: BASE_URL });
      assert.ok(r.ok, r.error?.message ?? JSON.stringify(r.problems.filter((p) => p.severity === 'error')));
    };
    await build('cold', siteCache);
    // No page cached: every page is rendered from the restored models.
    rmSync(join(siteCache, 'pages'), { recursive: true, force: true });
    const before = { ...loadCacheStats };
    await build('warm', siteCache);
    assert.deepEqual([loadCacheStats.hits - before.hits, loadCacheStats.misses - before.misses, loadCacheStats.writes - before.writes], [4, 0, 0]);
    await build('uncached', null);
    const warm = listFiles(join(tmp, 'warm'));
    assert.deepEqual(warm, listFiles(join(tmp, 'uncached')));
    assert.ok(warm.some((f) => f.startsWith('media/')), 'the picture is copied');
    assert.deepEqual(differingFiles(join(tmp, 'warm'), join(tmp, 'uncached')), []);
  });
});

describe('the entry is not used when what the load reads changed', () => {
  let dir: string;
  before(() => {
    dir = jamDir(jams[0].slug);
  });

  /** Load once so that the entry is there for `opts`, and check it is used. */
  const primed = (opts: SiteOptions = options(), context: JamContext = {}): JamLoad => {
    load(dir, opts, context);
    const again = load(dir, opts, context);
    assert.equal(again.hits, 1);
    return again.l;
  };

  /** A load after a change: a miss, loaded afresh (and stored). */
  const changed = (opts: SiteOptions = options(), context: JamContext = {}, at = dir): JamLoad => {
    const r = load(at, opts, context);
    assert.deepEqual([r.hits, r.misses, r.rejected, r.writes], [0, 1, 0, 1]);
    return r.l;
  };

  test('recap.md edited', () => {
    const recap = join(dir, 'recap.md');
    const text = readFileSync(recap);
    primed();
    const sentence = editSummary(content, jams[0].slug, 'A new first sentence');
    try {
      const l = changed();
      assert.ok(l.model!.questions[0].blocks.some((b) => b.html?.includes(sentence)));
    } finally {
      writeFileSync(recap, text);
    }
  });

  test("an export's bytes changed, its size and modification time as they were", () => {
    const path = join(dir, 'benchjam-room.html');
    const bytes = readFileSync(path);
    const { mtimeMs, atimeMs } = statSync(path);
    const base = primed();
    const text = base.model!.transcript.messages[5].text;
    const word = /[a-z]{5,}/.exec(text)![0];
    const at = bytes.indexOf(Buffer.from(word));
    assert.ok(at > 0);
    const edited = Buffer.from(bytes);
    edited.write(word.toUpperCase(), at, 'latin1');
    writeFileSync(path, edited);
    utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    assert.equal(statSync(path).size, bytes.length);
    assert.ok(Math.abs(statSync(path).mtimeMs - mtimeMs) < 0.01);
    try {
      const l = changed();
      assert.ok(l.model!.transcript.messages.some((m) => m.text.includes(word.toUpperCase())));
    } finally {
      writeFileSync(path, bytes);
      utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    }
  });

  test('an option the load reads changed: transcript page size, drafts, placeholders, the cache folder', () => {
    const base = primed();
    const small = changed(options({ transcriptPageBytes: 20_000 }));
    assert.ok(small.model!.transcriptPages.length > base.model!.transcriptPages.length);
    primed();
    changed(options({ drafts: true }));
    primed();
    changed(options({ placeholders: 'error' }));
    // The model keeps its cache folder: the same folder by another spelling is the same key, another folder is not.
    primed();
    assert.equal(load(dir, options({ cacheDir: join(cacheDir, '..', 'cache') })).hits, 1);
  });

  test('the redact handles changed (their order is not a change)', () => {
    const handle = primed().model!.participants.find((p) => p.handle !== 'jamhost')!.handle;
    const l = changed(options(), { redact: [handle, 'nobody_here'] });
    assert.ok(!l.model!.participants.some((p) => p.handle === handle));
    assert.equal(load(dir, options(), { redact: ['nobody_here', handle] }).hits, 1);
  });

  test("a picture the model shows changed (same size and time)", () => {
    const path = join(pictures, 'story_files', 'pic.png');
    const png = readFileSync(path);
    const { mtimeMs, atimeMs } = statSync(path);
    const base = load(pictures).l;
    assert.equal(load(pictures).hits, 1);
    const edited = Buffer.from(png);
    edited[edited.length - 1] ^= 0xff; // past the header: still a PNG of the same size
    writeFileSync(path, edited);
    utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    try {
      const l = changed(options(), {}, pictures);
      assert.notEqual(l.model!.media[0].file, base.model!.media[0].file);
      assert.ok(l.model!.media[0].bytes.equals(edited));
    } finally {
      writeFileSync(path, png);
      utimesSync(path, atimeMs / 1000, mtimeMs / 1000);
    }
  });
});

describe('an entry that cannot be trusted', () => {
  const damages: [string, (b: Buffer) => Buffer][] = [
    ['a byte of the body changed', (b) => {
      const c = Buffer.from(b);
      c[c.length - 10] ^= 0x01;
      return c;
    }],
    ['truncated', (b) => b.subarray(0, Math.floor(b.length / 2))],
    ['the header only', (b) => b.subarray(0, b.indexOf(0x0a) + 1)],
    ['not an entry at all', () => Buffer.from('\u0000garbage')],
    ['from another version', (b) => Buffer.from(b.toString('latin1').replace(loadCacheVersion(), '0-0000000000000000'), 'latin1')],
  ];
  for (const [name, damage] of damages) {
    test(`is refused (${name}), the jam loaded afresh, right, and the entry rewritten`, () => {
      const dir = jamDir(jams[1].slug);
      const good = load(dir).l;
      assert.equal(load(dir).hits, 1);
      const owned = models().filter((f) => f.startsWith(`${ownerTag(dir)}-`) && f.endsWith('.bin'));
      assert.equal(owned.length, 1);
      for (const f of owned) {
        const p = join(cacheDir, 'models', f);
        writeFileSync(p, damage(readFileSync(p)));
      }
      const r = load(dir);
      assert.deepEqual([r.hits, r.misses, r.rejected, r.writes], [0, 0, 1, 1]);
      assert.deepStrictEqual(snapshot(r.l), snapshot(good));
      assert.equal(load(dir).hits, 1, 'rewritten');
    });
  }
});

describe('a heavy file that cannot be trusted', () => {
  const damages: [string, (path: string) => void][] = [
    ['missing', (p) => rmSync(p)],
    ['a byte of the body changed', (p) => {
      const c = readFileSync(p);
      c[c.length - 10] ^= 0x01;
      writeFileSync(p, c);
    }],
    ['truncated', (p) => writeFileSync(p, readFileSync(p).subarray(0, 100))],
  ];
  for (const [name, damage] of damages) {
    test(`(${name}): the lean entry is used and the heavy parts are built again from the folder, right`, () => {
      const dir = jamDir(jams[2].slug);
      const good = snapshot(load(dir).l);
      const owned = models().filter((f) => f.startsWith(`${ownerTag(dir)}-`) && f.endsWith('.heavy'));
      assert.equal(owned.length, 1);
      damage(join(cacheDir, 'models', owned[0]));
      const before = { ...heavyStats };
      const r = load(dir);
      assert.deepEqual([r.hits, r.misses, r.rejected, r.writes], [1, 0, 0, 0]);
      assert.deepStrictEqual(snapshot(r.l), good);
      assert.deepEqual([heavyStats.reads - before.reads, heavyStats.rebuilt - before.rebuilt], [0, 1]);
      // The entry is written whole again by the next load that misses.
      rmSync(join(cacheDir, 'models', owned[0].replace(/\.heavy$/, '.bin')), { force: true });
      assert.equal(load(dir).writes, 1);
      assert.equal(models().filter((f) => f.startsWith(`${ownerTag(dir)}-`)).length, 3);
    });
  }
  test('lost while the folder changed: using the model says to build again', () => {
    const dir = jamDir(jams[0].slug);
    load(dir);
    const owned = models().filter((f) => f.startsWith(`${ownerTag(dir)}-`) && f.endsWith('.heavy'));
    rmSync(join(cacheDir, 'models', owned[0]));
    const r = load(dir);
    assert.equal(r.hits, 1);
    const recap = join(dir, 'recap.md');
    const text = readFileSync(recap, 'utf8');
    writeFileSync(recap, `${text}\nOne more line.\n`);
    try {
      assert.throws(() => r.l.model!.messages, /the cached messages of this jam are gone and the folder changed meanwhile; build again/);
    } finally {
      writeFileSync(recap, text);
    }
  });
});

describe("a person's messages from the people file", () => {
  /** Every participant's messages, group by group, as a person page asks for them. */
  const everyonesMessages = (model: JamModel) => [...model.personParts].map(([key, part]) => part.groups.map((g) => model.personMessages(key, g.at)));

  test('are each participant\'s own, read alone (not the jam\'s heavy parts), the same as from the whole jam', () => {
    const dir = jamDir(jams[0].slug);
    load(dir);
    const restored = load(dir).l.model!;
    const before = { ...heavyStats };
    const slices = everyonesMessages(restored);
    assert.equal(heavyStats.personReads - before.personReads, restored.personParts.size);
    assert.equal(heavyStats.reads - before.reads, 0);
    assert.equal(restored.holdsHeavy, false);
    const whole = load(dir).l.model!;
    whole.heavy();
    assert.deepStrictEqual(slices, everyonesMessages(whole));
    assert.ok(slices.flat(2).length === whole.messages.length, 'every message on someone\'s page');
  });

  for (const [name, damage] of [
    ['missing', (p: string) => rmSync(p)],
    ['a byte of a part changed', (p: string) => {
      const c = readFileSync(p);
      c[c.length - 10] ^= 0x01;
      writeFileSync(p, c);
    }],
    ['truncated', (p: string) => writeFileSync(p, readFileSync(p).subarray(0, 50))],
  ] as const) {
    test(`(${name}): the jam's heavy parts are read instead, the same messages`, () => {
      const dir = jamDir(jams[1].slug);
      load(dir);
      const whole = load(dir).l.model!;
      whole.heavy();
      const expected = everyonesMessages(whole);
      const owned = models().filter((f) => f.startsWith(`${ownerTag(dir)}-`) && f.endsWith('.people'));
      assert.equal(owned.length, 1);
      damage(join(cacheDir, 'models', owned[0]));
      const restored = load(dir).l.model!;
      const before = { ...heavyStats };
      assert.deepStrictEqual(everyonesMessages(restored), expected);
      assert.deepEqual([heavyStats.reads - before.reads, heavyStats.personReads - before.personReads], [1, name === 'a byte of a part changed' ? restored.personParts.size - 1 : 0]);
      rmSync(join(cacheDir, 'models'), { recursive: true, force: true });
    });
  }
});

describe('what is not stored', () => {
  test('a load with errors', () => {
    const dir = jamDir(jams[2].slug);
    const recap = join(dir, 'recap.md');
    const text = readFileSync(recap, 'utf8');
    writeFileSync(recap, text.replace('\n## Q1 ', '\n> @nobody_at_all words nobody wrote\n\n## Q1 '));
    try {
      const r = load(dir);
      assert.ok(errors(r.l).length > 0);
      assert.deepEqual([r.hits, r.misses, r.writes], [0, 1, 0]);
      assert.deepEqual([load(dir).hits, load(dir).writes], [0, 0]);
    } finally {
      writeFileSync(recap, text);
    }
  });

  test('anything without a cache folder', () => {
    const dir = jamDir(jams[2].slug);
    const before = models();
    const r = load(dir, options({ cacheDir: null }));
    assert.equal(r.l.importSource, 'off');
    assert.deepEqual([r.hits, r.misses, r.rejected, r.writes], [0, 0, 0, 0]);
    assert.deepEqual(models(), before);
  });
});
