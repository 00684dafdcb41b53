/**
 * archive.ts: a multi-file export (folder or zip) read within limits. Every
 * hostile archive here is made by the test (fflate's zipSync, then bytes
 * patched where a liar is needed) and must be refused with a clear
 * diagnostic naming the archive, nothing thrown, memory bounded.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { openFolder, openZip, unsafeEntryName, type Archive } from '../src/import/archive.ts';

const TMP = mkdtempSync(join(tmpdir(), 'jamrecap-archive-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

const codes = (a: Archive) => a.diagnostics.map((d) => d.code);
const names = (a: Archive) => a.entries.map((e) => e.name);

/** Central directory records of a zip made by zipSync: [offset of the record, name]. */
function centralRecords(zip: Uint8Array): number[] {
  const b = Buffer.from(zip);
  const out: number[] = [];
  for (let i = b.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); i !== -1; i = b.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), i + 4)) out.push(i);
  return out;
}

test('archive: a plain zip lists and reads its files', () => {
  const zip = zipSync({ 'a.json': strToU8('[1]'), 'dir/b.json': strToU8('{"x":2}'), 'empty/': new Uint8Array(0) });
  const a = openZip('ok.zip', zip);
  assert.equal(a.ok, true);
  assert.deepEqual(names(a), ['a.json', 'dir/b.json']);
  assert.equal(new TextDecoder().decode(a.read('dir/b.json')!), '{"x":2}');
  assert.deepEqual([...a.readMany(['a.json', 'missing.json']).keys()], ['a.json']);
  assert.deepEqual(a.diagnostics, []);
});

test('archive: names outside the archive (.., absolute, backslash, NUL, drive) are refused, never read', () => {
  const zip = zipSync({
    'ok.json': strToU8('[]'),
    '../evil.json': strToU8('evil'),
    '/abs.json': strToU8('abs'),
    'a/../../up.json': strToU8('up'),
    'win\\evil.json': strToU8('bs'),
    'nul\0.json': strToU8('nul'),
    'C:/x.json': strToU8('drive'),
  });
  const a = openZip('names.zip', zip);
  assert.equal(a.ok, true);
  assert.deepEqual(names(a), ['ok.json']);
  assert.deepEqual(codes(a), Array(6).fill('archive-entry-unsafe'));
  for (const d of a.diagnostics) {
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /^names\.zip: entry .* refused: (a "\.\." segment|an absolute path|a backslash in the name|a NUL character in the name|a drive letter); not read$/);
  }
  for (const n of ['../evil.json', '/abs.json', 'a/../../up.json']) assert.equal(a.read(n), null);
  assert.equal(unsafeEntryName('a/b..c/d.json'), null, '".." inside a name is no segment');
});

test('archive: a zip bomb (50 MB of zeros) is refused from its declared sizes, before inflating', () => {
  const zip = zipSync({ 'channels.json': strToU8('[]'), 'bomb.json': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
  assert.ok(zip.length < 200_000, `the bomb is small: ${zip.length} bytes`);
  const before = process.memoryUsage().arrayBuffers;
  const a = openZip('bomb.zip', zip);
  assert.equal(a.ok, true);
  assert.deepEqual(names(a), ['channels.json']);
  assert.deepEqual(codes(a), ['archive-entry-ratio']);
  assert.match(a.diagnostics[0].message, /^bomb\.zip: entry "bomb\.json" refused: \d+ bytes would inflate to 52428800 \(over 200:1, a zip bomb\?\); not inflated$/);
  assert.equal(a.read('bomb.json'), null);
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024, 'nothing inflated');
});

test('archive: a bomb that lies about its size is stopped one byte past what it declares', () => {
  const zip = zipSync({ 'liar.json': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
  const [rec] = centralRecords(zip);
  Buffer.from(zip.buffer, zip.byteOffset).writeUInt32LE(1000, rec + 24); // declared uncompressed size
  const a = openZip('liar.zip', zip);
  assert.deepEqual(names(a), ['liar.json'], 'its declared ratio passes');
  const before = process.memoryUsage().arrayBuffers;
  assert.equal(a.read('liar.json'), null);
  assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024, 'inflating stopped at the declared size');
  assert.deepEqual(codes(a), ['archive-entry-damaged']);
  assert.match(a.diagnostics[0].message, /inflates past the 1000 bytes it declares/);
});

test('archive: the total of declared sizes is bounded', () => {
  const zip = zipSync({ 'a.json': new Uint8Array(3000).fill(32), 'b.json': new Uint8Array(3000).fill(32) });
  const a = openZip('big.zip', zip, { maxTotalBytes: 5000 });
  assert.equal(a.ok, false);
  assert.deepEqual(names(a), []);
  assert.deepEqual(codes(a), ['archive-too-large']);
  assert.equal(a.diagnostics[0].severity, 'error');
});

test('archive: a zip of 30,000 tiny entries is refused at the entry limit', () => {
  const files: Record<string, Uint8Array> = {};
  const one = strToU8('x');
  for (let i = 0; i < 30_000; i++) files[`d/${i}.json`] = one;
  const zip = zipSync(files, { level: 0 });
  const a = openZip('many.zip', zip);
  assert.equal(a.ok, false);
  assert.deepEqual(names(a), []);
  assert.deepEqual(codes(a), ['archive-too-many-entries']);
  assert.match(a.diagnostics[0].message, /^many\.zip: more than 20000 entries; refused, nothing read$/);
  assert.equal(a.read('d/1.json'), null);
});

test('archive: corrupt zips are reported, never thrown', () => {
  const good = zipSync({ 'a.json': strToU8('[1,2,3,4,5,6,7,8,9,10]'.repeat(50)) });
  const cases: [string, Uint8Array][] = [
    ['empty.zip', new Uint8Array(0)],
    ['junk.zip', strToU8('PK\x03\x04 and nothing else of a zip')],
    ['cut.zip', good.subarray(0, good.length - 30)],
  ];
  for (const [name, bytes] of cases) {
    const a = openZip(name, bytes);
    assert.equal(a.ok, false, name);
    assert.deepEqual(codes(a), ['archive-unreadable'], name);
    assert.match(a.diagnostics[0].message, new RegExp(`^${name.replace('.', '\\.')}: not a readable zip`));
  }
  // Damaged data inside a sound directory: refused when read.
  const bad = Uint8Array.from(good);
  const dataStart = 30 + 'a.json'.length;
  for (let i = dataStart; i < dataStart + 20; i++) bad[i] ^= 0xff;
  const a = openZip('flipped.zip', bad);
  assert.equal(a.ok, true);
  assert.equal(a.read('a.json'), null);
  assert.deepEqual(codes(a), ['archive-entry-damaged']);
  assert.match(a.diagnostics[0].message, /^flipped\.zip: entry "a\.json" not read: /);
});

test('archive: a folder lists its regular files only; symbolic links out of it are refused', () => {
  const root = join(TMP, 'export');
  const outside = join(TMP, 'outside');
  mkdirSync(join(root, 'chan'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(root, 'channels.json'), '[]');
  writeFileSync(join(root, 'chan', '2020-01-01.json'), '[]');
  writeFileSync(join(outside, 'secret.json'), '"secret"');
  symlinkSync(join(outside, 'secret.json'), join(root, 'chan', '2020-01-02.json'));
  symlinkSync(outside, join(root, 'elsewhere'));
  const a = openFolder(root);
  assert.equal(a.ok, true);
  assert.deepEqual(names(a), ['channels.json', 'chan/2020-01-01.json']);
  assert.deepEqual(codes(a), ['archive-entry-symlink', 'archive-entry-symlink']);
  assert.deepEqual(a.diagnostics.map((d) => d.file).sort(), ['export/chan/2020-01-02.json', 'export/elsewhere']);
  assert.match(a.diagnostics[0].message, /^export: entry ".*" is a symbolic link; not followed, not read$/);
  assert.equal(a.read('chan/2020-01-02.json'), null);
  assert.equal(a.read('elsewhere/secret.json'), null);
  assert.equal(a.read('../outside/secret.json'), null);
  assert.equal(new TextDecoder().decode(a.read('channels.json')!), '[]');
});

test('archive: a folder with too many entries is refused', () => {
  const root = join(TMP, 'many');
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < 12; i++) writeFileSync(join(root, `${i}.json`), '[]');
  const a = openFolder(root, { maxEntries: 10 });
  assert.equal(a.ok, false);
  assert.deepEqual(names(a), []);
  assert.deepEqual(codes(a), ['archive-too-many-entries']);
  const missing = openFolder(join(TMP, 'no-such-folder'));
  assert.deepEqual([missing.ok, names(missing), codes(missing)], [true, [], ['archive-entry-unreadable']]);
});

test('archive: the files of a folder are read within the total limit', () => {
  const root = join(TMP, 'sizes');
  mkdirSync(root, { recursive: true });
  for (const n of ['a', 'b', 'c']) writeFileSync(join(root, `${n}.json`), '[1,2,3,4]');
  const a = openFolder(root, { maxTotalBytes: 20 });
  assert.deepEqual(names(a), ['a.json', 'b.json', 'c.json']);
  assert.deepEqual([...a.readMany(names(a)).keys()], ['a.json', 'b.json']);
  assert.deepEqual(codes(a), ['archive-entry-unreadable']);
  assert.match(a.diagnostics[0].message, /^sizes: entry "c\.json" cannot be read \(9 bytes, over what is left/);
});
