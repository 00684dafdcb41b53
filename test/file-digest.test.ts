/**
 * The digest store (src/site/file-digest.ts): a file's SHA-256 kept in the
 * cache folder with its stat, so the next process hashes no file that did
 * not change. A "new process" is the memo forgotten (clearFileDigests)
 * after the store was written (saveFileDigests):
 *
 * - unchanged files are read from the store (hashed 0), with the right
 *   digests, and a warm jam load hashes none of its exports;
 * - a file rewritten with the same size and its mtime put back (another
 *   ctime) is hashed again, in the same process and the next one;
 * - a file changed just before its digest was made (racy: mtime or ctime
 *   less than 2 s older) is not stored, so hashed again;
 * - a corrupted, huge or hostile store is ignored: right digests, nothing
 *   polluted;
 * - without a cache folder nothing is written; the store is written by
 *   itself after the turn that made new digests, and drops gone files.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { ROOT } from './helpers/corpus.ts';
import { clearFileDigests, fileDigestStats, fileSha256, fileStamp, saveFileDigests, sha256OfFile } from '../src/site/file-digest.ts';
import { clearSiteCaches, loadJam } from '../src/site/jam.ts';
import { defaultSiteOptions } from '../src/site/options.ts';

const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');
/** An old modification time (seconds), put on the files so that restoring it is exact. */
const OLD = 1_600_000_000;

let tmp: string;
let cacheDir: string;
let a: string;
let b: string;
let c: string;
let jam: string;
const store = () => join(cacheDir, 'digests.json');
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const storedPaths = () => (JSON.parse(readFileSync(store(), 'utf8')) as { entries: [string][] }).entries.map((e) => e[0]).sort();

/** The end of a process (its store written) and the start of the next. */
function newProcess(): void {
  saveFileDigests();
  clearFileDigests();
  clearSiteCaches();
}

/** What `fn` did to the counters. */
function counted<T>(fn: () => T): { value: T; hashed: number; reused: number; fromStore: number } {
  const before = { ...fileDigestStats };
  const value = fn();
  return { value, hashed: fileDigestStats.hashed - before.hashed, reused: fileDigestStats.reused - before.reused, fromStore: fileDigestStats.fromStore - before.fromStore };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-digest-'));
  cacheDir = join(tmp, 'cache');
  mkdirSync(cacheDir);
  a = join(tmp, 'a.html');
  b = join(tmp, 'b.html');
  writeFileSync(a, 'a'.repeat(5000));
  writeFileSync(b, 'b'.repeat(7000));
  utimesSync(a, OLD, OLD);
  utimesSync(b, OLD, OLD);
  c = join(tmp, 'c.html');
  writeFileSync(c, 'c'.repeat(3000));
  utimesSync(c, OLD, OLD);
  jam = join(tmp, 'content', 'jams', 'socbizchat');
  mkdirSync(jam, { recursive: true });
  cpSync(EXAMPLE, jam, { recursive: true });
  // Every file settled: changed (ctime) more than 2 s before its digest is made.
  await new Promise((r) => setTimeout(r, 2100));
});
after(() => {
  clearFileDigests();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the digest store', () => {
  test('a second process reads unchanged files from the store: hashed 0, same digests', () => {
    clearFileDigests();
    rmSync(store(), { force: true });
    const first = counted(() => [sha256OfFile(a, cacheDir), sha256OfFile(b, cacheDir)]);
    assert.deepEqual(first.value, [sha(a), sha(b)]);
    assert.equal(first.hashed, 2);
    assert.equal(saveFileDigests(), 1, 'one store written');
    assert.deepEqual(storedPaths(), [a, b]);
    assert.equal(saveFileDigests(), 0, 'nothing new: not written again');

    clearFileDigests();
    const second = counted(() => [sha256OfFile(a, cacheDir), sha256OfFile(b, cacheDir)]);
    assert.deepEqual(second.value, [sha(a), sha(b)]);
    assert.deepEqual([second.hashed, second.fromStore, second.reused], [0, 2, 0]);
    const again = counted(() => sha256OfFile(a, cacheDir));
    assert.deepEqual([again.hashed, again.fromStore, again.reused], [0, 0, 1]);
    assert.equal(saveFileDigests(), 0, 'digests read, none made: the store is not rewritten');
  });

  test('a digest handed the bytes (fileSha256, as the import reads them) is stored and read back too', () => {
    newProcess();
    const bytes = readFileSync(c);
    const made = counted(() => fileSha256(c, bytes, fileStamp(c), cacheDir));
    assert.deepEqual([made.value, made.hashed], [sha(c), 1]);
    newProcess();
    assert.ok(storedPaths().includes(c));
    const read = counted(() => fileSha256(c, bytes, fileStamp(c), cacheDir));
    assert.deepEqual([read.value, read.hashed, read.fromStore], [sha(c), 0, 1]);
  });

  test('a warm jam load hashes none of its exports', () => {
    const options = { ...defaultSiteOptions(), cacheDir };
    newProcess();
    const cold = counted(() => loadJam(jam, options));
    assert.ok(cold.value.model, 'the jam loads');
    assert.ok(cold.hashed >= 1);
    newProcess();
    const warm = counted(() => loadJam(jam, options));
    assert.equal(warm.hashed, 0, 'every export read from the store');
    assert.equal(warm.fromStore, cold.hashed);
    assert.deepEqual(warm.value.model!.transcript, cold.value.model!.transcript);
  });

  test('a file rewritten with the same size and its mtime put back (another ctime) is hashed again, in the next process and in the same one', () => {
    /** Rewrite `path` with other bytes of the same size, mtime put back; the new bytes' digest. */
    const rewrite = (path: string, fill: string): string => {
      const old = statSync(path);
      const bytes = fill.repeat(old.size);
      writeFileSync(path, bytes);
      utimesSync(path, OLD, OLD);
      const now = statSync(path);
      assert.deepEqual([now.size, now.mtimeMs, now.ino, now.dev], [old.size, old.mtimeMs, old.ino, old.dev], 'same size, mtime, inode');
      assert.notEqual(now.ctimeMs, old.ctimeMs);
      return createHash('sha256').update(bytes).digest('hex');
    };
    newProcess();
    assert.ok(storedPaths().includes(a), "the store holds a's digest");
    const edited = rewrite(a, 'A');
    const next = counted(() => sha256OfFile(a, cacheDir));
    assert.deepEqual([next.value, next.hashed, next.fromStore], [edited, 1, 0]);

    assert.equal(counted(() => sha256OfFile(c, cacheDir)).fromStore, 1, "c's digest known");
    const editedC = rewrite(c, 'C');
    const same = counted(() => sha256OfFile(c, cacheDir));
    assert.deepEqual([same.value, same.hashed], [editedC, 1]);
  });

  test('a racy file (changed less than 2 s before it was hashed) is not trusted by the next process', () => {
    newProcess();
    const fresh = join(tmp, 'fresh.html');
    writeFileSync(fresh, 'x'.repeat(100));
    const touched = join(tmp, 'touched.html');
    writeFileSync(touched, 'y'.repeat(100));
    utimesSync(touched, OLD, OLD); // an old mtime, but a ctime of now
    const first = counted(() => [sha256OfFile(fresh, cacheDir), sha256OfFile(touched, cacheDir)]);
    assert.equal(first.hashed, 2);
    newProcess();
    assert.ok(!storedPaths().includes(fresh) && !storedPaths().includes(touched), 'racy digests are not stored');
    const second = counted(() => [sha256OfFile(fresh, cacheDir), sha256OfFile(touched, cacheDir)]);
    assert.deepEqual(second.value, [sha(fresh), sha(touched)]);
    assert.deepEqual([second.hashed, second.fromStore], [2, 0]);
    rmSync(fresh);
    rmSync(touched);
  });

  test('a corrupted, huge or hostile store is ignored: the files are hashed, right, and nothing is polluted', () => {
    newProcess();
    sha256OfFile(b, cacheDir);
    const stampOfB = fileStamp(b)!.split('\0').slice(0, 5).join('\0');
    const now = Date.now();
    const zeros = '0'.repeat(64);
    const stores: string[] = [
      '',
      'not json {',
      '[]',
      'null',
      JSON.stringify({ format: 2, entries: [[b, stampOfB, zeros, now]] }),
      JSON.stringify({ format: 1, entries: 'x' }),
      JSON.stringify({ format: 1, entries: [[b, stampOfB, zeros, now + 60_000]] }), // recorded "in the future"
      JSON.stringify({ format: 1, entries: [[b, stampOfB, zeros, String(now)]] }),
      JSON.stringify({ format: 1, entries: [[b, stampOfB, 'ZZ', now], [b, 5, zeros, now], null, 7, [b], ['b.html', stampOfB, zeros, now]] }),
      '{"__proto__": {"format": 1, "entries": [["' + b + '", 1, 2, 3]], "polluted": true}, "format": 1, "entries": [["__proto__", "1\\u00002\\u00003\\u00004\\u00005", "' + zeros + '", 1]]}',
      '{"constructor": {"prototype": {"polluted": true}}, "format": 1, "entries": [[{"__proto__": {"polluted": true}}, "", "", 0]]}',
      JSON.stringify({ format: 1, entries: [[b, stampOfB, zeros, now]], pad: 'x'.repeat(9 << 20) }), // over 8 MB
    ];
    for (const text of stores) {
      writeFileSync(store(), text);
      clearFileDigests();
      const got = counted(() => sha256OfFile(b, cacheDir));
      assert.equal(got.value, sha(b), `store ${text.slice(0, 60)}`);
      assert.deepEqual([got.hashed, got.fromStore], [1, 0], `store ${text.slice(0, 60)}`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    }
    // The bad store is replaced by a good one.
    assert.equal(saveFileDigests(), 1);
    assert.deepEqual(storedPaths(), [b]);
    clearFileDigests();
    assert.equal(counted(() => sha256OfFile(b, cacheDir)).fromStore, 1);
  });

  test('the store is written by itself after the turn that made new digests, and drops files that are gone', async () => {
    newProcess();
    const gone = join(tmp, 'gone.html');
    writeFileSync(gone, 'g'.repeat(10));
    utimesSync(gone, OLD, OLD);
    await new Promise((r) => setTimeout(r, 2100));
    sha256OfFile(a, cacheDir);
    sha256OfFile(gone, cacheDir);
    await tick();
    assert.ok(storedPaths().includes(gone), 'written after the turn');
    rmSync(gone);
    clearFileDigests();
    sha256OfFile(b, cacheDir); // read from the store: nothing new, nothing written
    await tick();
    assert.ok(storedPaths().includes(gone));
    writeFileSync(a, 'a'.repeat(5000)); // changed: hashed again (racy now, so not stored)
    sha256OfFile(a, cacheDir);
    await tick();
    assert.deepEqual(storedPaths(), [b], 'the gone file and the changed one dropped, the one used kept');
  });

  test('without a cache folder nothing is written', async () => {
    newProcess();
    rmSync(cacheDir, { recursive: true, force: true });
    const got = counted(() => [sha256OfFile(a), sha256OfFile(b)]);
    assert.deepEqual(got.value, [sha(a), sha(b)]);
    assert.equal(got.hashed, 2);
    await tick();
    assert.equal(saveFileDigests(), 0);
    assert.equal(existsSync(cacheDir), false);
    assert.equal(existsSync(join(tmp, 'digests.json')), false);
    // A cache folder that is not there (a build's temporary one, deleted) is not made for the store.
    writeFileSync(a, 'a'.repeat(5000));
    sha256OfFile(a, cacheDir);
    await tick();
    assert.equal(saveFileDigests(), 0);
    assert.equal(existsSync(cacheDir), false);
  });
});
