/**
 * The Twitter API importers' JSON sniff (twitter-api.ts `jsonHead`,
 * `jsonHeadNames`) looks for its quoted keys with indexOf. This test keeps the
 * regex scan it replaced and checks both give the same answers on every
 * corpus file and on 2,000 generated JSON heads (blanks of every kind, keys
 * split by escapes, jamrecap's schema before and after the keys, keys across
 * the 64 KB edge).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { jsonHead, jsonHeadNames } from '../src/import/formats/twitter-api.ts';
import { CORPUS, corpusTest } from './helpers/corpus.ts';

interface Sniff {
  head: string | null;
  createdAt: boolean;
  authorId: boolean;
}

// The regex scan as it was (commit 8bc478c), kept as the reference.
const SCHEMA = 'schema"\\s*:\\s*"jamrecap\\.';
const CREATED_AT = 'created_at"\\s*:\\s*"';
const AUTHOR_ID = 'author_id"\\s*:\\s*"';
const SNIFFS = [[SCHEMA, CREATED_AT, AUTHOR_ID], [SCHEMA, AUTHOR_ID], [SCHEMA, CREATED_AT], [SCHEMA]].map((alts) => new RegExp(`"(?:${alts.join('|')})`, 'g'));

function oldSniff(bytes: Buffer): Sniff {
  let sniffed: Sniff = { head: null, createdAt: false, authorId: false };
  const head = bytes.subarray(0, 65536).toString('latin1').replace(/^\xEF\xBB\xBF/, '');
  if (/^\s*[[{]/.test(head)) {
    sniffed.head = head;
    for (let at = 0; ; ) {
      const re = SNIFFS[(sniffed.createdAt ? 1 : 0) + (sniffed.authorId ? 2 : 0)];
      re.lastIndex = at;
      const m = re.exec(head);
      if (!m) break;
      const c = head.charCodeAt(m.index + 1);
      if (c === 115) {
        sniffed = { head: null, createdAt: false, authorId: false };
        break;
      }
      if (c === 99) sniffed.createdAt = true;
      else sniffed.authorId = true;
      at = m.index + 1;
    }
  }
  return sniffed;
}

function newSniff(bytes: Buffer): Sniff {
  const file = new ExportFile('/x/file.json', bytes);
  const head = jsonHead(file);
  return { head, createdAt: jsonHeadNames(file, 'created_at'), authorId: jsonHeadNames(file, 'author_id') };
}

/** An answer as compared: the head's length stands for the head (both cut the same bytes). */
function same(bytes: Buffer, what: string): void {
  const a = oldSniff(bytes);
  const b = newSniff(bytes);
  assert.deepEqual({ ...b, head: b.head === null ? null : b.head.length }, { ...a, head: a.head === null ? null : a.head.length }, what);
  if (a.head !== null) assert.equal(b.head, a.head, what);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

corpusTest('sniff: indexOf and the old regex scan agree on every corpus file', ['.'], () => {
  const files = walk(CORPUS);
  assert.ok(files.length > 50, `corpus files: ${files.length}`);
  let named = 0;
  for (const p of files) {
    const bytes = readFileSync(p);
    same(bytes, p);
    const s = oldSniff(bytes);
    if (s.createdAt || s.authorId) named++;
  }
  assert.ok(named > 0, 'some corpus files name created_at or author_id');
});

/** A small seeded generator (mulberry32): the same 2,000 heads every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '"created_at"', '"author_id"', '"schema"', '"jamrecap.', '"jamrecap', 'jamrecap.', '"created_at', 'created_at"', '"author_id', '\\"created_at\\"',
  '"', '"', ':', ':', ': ', ' : ', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\xa0', '\x85', '\x1c', '\x00', '\xff',
  '{', '}', '[', ']', ',', 'x', '"id": "1"', '"text": "a \\"b\\""', '"created_at": "Wed Oct 27"', '"author_id": "12"', '"schema": "jamrecap.transcript/1"',
  '"schema":"other"', '""', '"""created_at"""', '"author_id"""',
];
const STARTS = ['{', '[', ' {', '\n\t[', '\xEF\xBB\xBF{', '\xEF\xBB\xBF [', '\xa0{', 'x{', '', '\xEF\xBB\xBF', ' '];

function generated(r: () => number, n: number): Buffer {
  let s = STARTS[Math.floor(r() * STARTS.length)];
  const count = Math.floor(r() * 40);
  for (let i = 0; i < count; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  // One in eight is padded so that its tail falls across the 64 KB edge.
  if (n % 8 === 0) {
    const tail = PIECES.slice(0, 10)[Math.floor(r() * 10)] + ' : "jamrecap.';
    const pad = 65536 - s.length - Math.floor(r() * tail.length);
    if (pad > 0) s += ' '.repeat(pad) + tail;
  }
  return Buffer.from(s, 'latin1');
}

test('sniff: indexOf and the old regex scan agree on 2,000 generated JSON heads', () => {
  const r = rng(20261202);
  const tally = { none: 0, createdAt: 0, authorId: 0, schema: 0 };
  for (let n = 0; n < 2000; n++) {
    const bytes = generated(r, n);
    same(bytes, JSON.stringify(bytes.toString('latin1').slice(0, 200)));
    const s = oldSniff(bytes);
    if (s.head === null) tally.none++;
    if (s.createdAt) tally.createdAt++;
    if (s.authorId) tally.authorId++;
    if (s.head === null && /^\s*[[{]/.test(bytes.toString('latin1').replace(/^\xEF\xBB\xBF/, ''))) tally.schema++;
  }
  // Each answer is given often enough for the comparison to mean something.
  for (const [k, v] of Object.entries(tally)) assert.ok(v >= 50, `${k}: ${v}`);
});
