/**
 * The import cache (src/site/cache.ts): a rebuild in a new process reuses
 * the transcripts of untouched jams; editing one export re-imports only
 * that jam; damaged entries are rejected, re-imported and rewritten.
 *
 * Imports are counted twice over: by jamrecap's own flag (JamLoad's
 * importSource) and, independently, by wrapping the TweetChat importer's
 * `parse` with a counter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, corpusTest } from './helpers/corpus.ts';
import { tweetchat } from '../src/import/formats/tweetchat.ts';
import { clearSiteCaches, loadJam, type JamLoad } from '../src/site/jam.ts';
import { defaultSiteOptions, type SiteOptions } from '../src/site/options.ts';
import { cacheVersion, importKey, resolveCacheDir, DEFAULT_CACHE_DIR } from '../src/site/cache.ts';
import { clearFileDigests, fileDigestStats } from '../src/site/file-digest.ts';
import { formatProblem } from '../src/notes/problems.ts';

const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');

let tmp: string;
let parses = 0;
const realParse = tweetchat.parse;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-cache-'));
  tweetchat.parse = function (...args: Parameters<typeof realParse>) {
    parses++;
    return realParse.apply(this, args);
  };
});
after(() => {
  tweetchat.parse = realParse;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the import cache', () => {
  let jams: string;
  let cacheDir: string;
  let options: SiteOptions;
  const a = () => join(jams, 'a');
  const b = () => join(jams, 'b');
  /**
   * A new process, as far as the import cache goes: memory forgotten, the
   * import entries kept; the whole loads cached beside them (<cache>/models,
   * jam-load-cache.ts) dropped, or they would answer before the import cache.
   */
  const fresh = () => {
    clearSiteCaches();
    rmSync(join(cacheDir, 'models'), { recursive: true, force: true });
  };
  const load = (dir: string): JamLoad => {
    const l = loadJam(dir, options);
    assert.deepEqual(l.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p)), []);
    return l;
  };
  const entries = () => readdirSync(join(cacheDir, 'imports')).sort();

  before(() => {
    jams = join(tmp, 'content', 'jams');
    mkdirSync(jams, { recursive: true });
    cpSync(EXAMPLE, a(), { recursive: true });
    cpSync(EXAMPLE, b(), { recursive: true });
    cacheDir = join(tmp, 'cache');
    options = { ...defaultSiteOptions(), cacheDir };
  });

  test('first build imports every jam and stores each', () => {
    fresh();
    const before = parses;
    assert.deepEqual([load(a()).importSource, load(b()).importSource], ['miss', 'miss']);
    assert.equal(parses - before, 2);
    assert.equal(entries().length, 2);
  });

  test('a rebuild reuses both transcripts: no importer runs, same models', () => {
    fresh();
    const first = load(a()).model!.transcript;
    fresh();
    const before = parses;
    const la = load(a());
    const lb = load(b());
    assert.deepEqual([la.importSource, lb.importSource], ['hit', 'hit']);
    assert.equal(parses - before, 0);
    assert.deepEqual(la.model!.transcript, first);
    assert.equal(la.model!.stats.messages, 47);
  });

  test('editing one export re-imports only that jam, and replaces its entry', () => {
    const before = parses;
    const old = entries();
    appendFileSync(join(b(), 'socbizchat-room.html'), '\n<!-- edited -->\n');
    fresh();
    assert.deepEqual([load(a()).importSource, load(b()).importSource], ['hit', 'miss']);
    assert.equal(parses - before, 1);
    const now = entries();
    assert.equal(now.length, 2, 'one entry per jam');
    assert.equal(now.filter((e) => old.includes(e)).length, 1, "a's entry kept, b's replaced");
  });

  test('each export is hashed once per content: a new process without a digest store hashes each once, a rebuild in the same process none', () => {
    clearFileDigests();
    // The digests kept in the cache folder (file-digest.ts, test/file-digest.test.ts) would answer instead once the files are 2 s old.
    rmSync(join(cacheDir, 'digests.json'), { force: true });
    fresh();
    let before = fileDigestStats.hashed;
    assert.deepEqual([load(a()).importSource, load(b()).importSource], ['hit', 'hit']);
    assert.equal(fileDigestStats.hashed - before, 2, 'one SHA-256 per export');
    fresh();
    before = fileDigestStats.hashed;
    assert.deepEqual([load(a()).importSource, load(b()).importSource], ['hit', 'hit']);
    assert.equal(fileDigestStats.hashed - before, 0, 'the same files: digests remembered');
  });

  test('an export edited in place (same size, other bytes) misses, in the same process too, and imports the new bytes', () => {
    const path = join(b(), 'socbizchat-room.html');
    const text = readFileSync(path);
    const edited = Buffer.from(text);
    const at = edited.indexOf('social business is a term');
    assert.ok(at > 0);
    edited.write('TERM', at + 'social business is a '.length, 'latin1');
    assert.equal(edited.length, text.length);
    writeFileSync(path, edited);
    fresh();
    const before = parses;
    const l = load(b());
    assert.equal(l.importSource, 'miss');
    assert.equal(parses - before, 1);
    assert.match(l.model!.transcript.messages.find((m) => m.id === '261150601507766273')!.text, /^social business is a TERM developed/);
    fresh();
    assert.equal(load(b()).importSource, 'hit');
    writeFileSync(path, text);
    fresh();
    assert.equal(load(b()).importSource, 'miss', 'back as it was: one entry per jam, imported again');
  });

  test('the import options that choose the chat, its questions and its times are in the key; their order is not', () => {
    const files = [{ name: 'chat.html', size: 3, sha256: '0'.repeat(64) }];
    const base = importKey(files, {}, 'listed');
    const keys = [
      base,
      importKey(files, { start: '2012-10-24T20:00:00Z' }, 'listed'),
      importKey(files, { end: '2012-10-24T21:00:00Z' }, 'listed'),
      importKey(files, { session: 2 }, 'listed'),
      // Times written without an offset or a date are read in the notes' zone and on their day.
      importKey(files, { timeZone: 'America/New_York' }, 'listed'),
      importKey(files, { date: '2020-05-12' }, 'listed'),
      importKey(files, { questions: { Q1: { message: '1' } } }, 'listed'),
      importKey(files, {}, 'discovered'),
      importKey([{ ...files[0], sha256: '1'.repeat(64) }], {}, 'listed'),
    ];
    assert.equal(new Set(keys).size, keys.length);
    const q = (order: string[]) => Object.fromEntries(order.map((k) => [k, { message: k }]));
    assert.equal(importKey(files, { questions: q(['Q1', 'Q2']) }, 'listed'), importKey(files, { questions: q(['Q2', 'Q1']) }, 'listed'));
  });

  test('a new start: in the notes is a new key, in a new process too: the transcript starts then, not a stale one', () => {
    const recap = join(a(), 'recap.md');
    const text = readFileSync(recap, 'utf8');
    fresh();
    assert.equal(load(a()).model!.transcript.jam.start, '2012-10-24T17:00:30.000Z');
    writeFileSync(recap, text.replace('timezone: America/New_York', 'timezone: America/New_York\nstart: 2012-10-24T13:10:00-04:00'));
    fresh();
    const l = load(a());
    assert.equal(l.importSource, 'miss');
    assert.equal(l.model!.transcript.jam.start, '2012-10-24T17:10:00.000Z');
    writeFileSync(recap, text);
    fresh();
    assert.equal(load(a()).model!.transcript.jam.start, '2012-10-24T17:00:30.000Z');
  });

  test('notes edits that change the import (assign) are a new key; prose edits are not', () => {
    const recap = join(a(), 'recap.md');
    const text = readFileSync(recap, 'utf8');
    fresh();
    writeFileSync(recap, text.replace('And it is a good read.', 'And it is a very good read.'));
    const before = parses;
    assert.equal(load(a()).importSource, 'hit');
    // In the same process the memory cache answers without reading the disk.
    writeFileSync(recap, text.replace('And it is a good read.', 'A good read.'));
    assert.equal(load(a()).importSource, 'memory');
    writeFileSync(recap, text.replace('"261154250552246292": Q2', '"261154250552246292": Q1'));
    assert.equal(load(a()).importSource, 'miss');
    assert.equal(parses - before, 1);
    // Back as it was: one entry per jam, so that is an import again.
    writeFileSync(recap, text);
    fresh();
    assert.equal(load(a()).importSource, 'miss');
  });

  for (const [name, damage] of [
    ['truncated', (s: string) => s.slice(0, s.length / 2)],
    ['not JSON at all', () => '\u0000\u0001 garbage'],
    ['edited text (the digest no longer matches)', (s: string) => s.replace('social business is a term', 'social business is a TERM')],
    ['from another jamrecap version', (s: string) => s.replace(cacheVersion(), '0-0000000000000000')],
    [
      'a schema-invalid transcript with a matching digest',
      (s: string) => {
        const nl = s.indexOf('\n');
        const header = JSON.parse(s.slice(0, nl));
        const t = JSON.parse(s.slice(nl + 1));
        t.messages[0].id = 12345; // ids are strings
        const body = JSON.stringify(t);
        header.digest = createHashHex(body);
        return `${JSON.stringify(header)}\n${body}`;
      },
    ],
    [
      'a valid transcript of other bytes, digest matching',
      (s: string) => {
        const nl = s.indexOf('\n');
        const header = JSON.parse(s.slice(0, nl));
        const t = JSON.parse(s.slice(nl + 1));
        t.sources[0].sha256 = '0'.repeat(64);
        const body = JSON.stringify(t);
        header.digest = createHashHex(body);
        return `${JSON.stringify(header)}\n${body}`;
      },
    ],
  ] as const) {
    test(`a damaged entry (${name}) is ignored, re-imported and rewritten`, () => {
      // Damage every entry (a's and b's).
      for (const e of entries()) {
        const p = join(cacheDir, 'imports', e);
        writeFileSync(p, damage(readFileSync(p, 'utf8')));
      }
      fresh();
      const before = parses;
      const l = load(a());
      assert.equal(l.importSource, 'rejected');
      assert.equal(parses - before, 1);
      assert.equal(l.model!.stats.messages, 47);
      assert.match(l.model!.transcript.messages.find((m) => m.id === '261150601507766273')!.text, /^social business is a term developed/);
      fresh();
      assert.equal(load(a()).importSource, 'hit', 'rewritten');
      assert.equal(load(b()).importSource, 'rejected'); // b's entry is rewritten too, for the next case
    });
  }

  test('no cache: every load imports', () => {
    clearSiteCaches();
    const before = parses;
    assert.equal(loadJam(a(), { ...options, cacheDir: null }).importSource, 'off');
    clearSiteCaches();
    assert.equal(loadJam(a(), { ...options, cacheDir: null }).importSource, 'off');
    assert.equal(parses - before, 2);
  });
});

describe('where the cache lives', () => {
  test('option, then $JAMRECAP_CACHE ("off" disables), then ./.jamrecap-cache', () => {
    assert.equal(resolveCacheDir(null, {}, '/w'), null);
    assert.equal(resolveCacheDir('c', { JAMRECAP_CACHE: '/x' }, '/w'), '/w/c');
    assert.equal(resolveCacheDir(undefined, { JAMRECAP_CACHE: '/x' }, '/w'), '/x');
    assert.equal(resolveCacheDir(undefined, { JAMRECAP_CACHE: 'off' }, '/w'), null);
    assert.equal(resolveCacheDir(undefined, {}, '/w'), `/w/${DEFAULT_CACHE_DIR}`);
    assert.match(readFileSync(join(ROOT, '.gitignore'), 'utf8'), /^\.jamrecap-cache\/$/m);
  });
});

function createHashHex(s: string): string {
  return createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');
}

corpusTest("a Mastodon archive's actor.json beside its listed outbox.json keys the import: a changed name is imported again, not taken from the cache", ['mastodon-archive/dealingwith-indieweb-social-2024/outbox.json'], (_t, outbox) => {
  const dir = join(tmp, 'archive-content', 'jams', 'toots');
  mkdirSync(dir, { recursive: true });
  copyFileSync(outbox, join(dir, 'outbox.json'));
  const actor = JSON.parse(readFileSync(join(outbox, '..', 'actor.json'), 'utf8')) as { name: string };
  const writeActor = (name: string) => writeFileSync(join(dir, 'actor.json'), JSON.stringify({ ...actor, name }));
  writeFileSync(join(dir, 'recap.md'), '---\ntitle: Toots\ndate: 2024-01-01\nhashtag: toots\nexports: [outbox.json]\n---\nIntro.\n');
  const cacheDir = join(tmp, 'archive-cache');
  const nameNow = () => {
    clearSiteCaches();
    rmSync(join(cacheDir, 'models'), { recursive: true, force: true });
    const l = loadJam(dir, { ...defaultSiteOptions(), cacheDir, drafts: true });
    return { name: l.model?.transcript.messages[0]?.author.name, source: l.importSource };
  };
  writeActor('First Name');
  assert.deepEqual(nameNow(), { name: 'First Name', source: 'miss' });
  assert.deepEqual(nameNow(), { name: 'First Name', source: 'hit' });
  writeActor('Second Name');
  assert.deepEqual(nameNow(), { name: 'Second Name', source: 'miss' });
});
