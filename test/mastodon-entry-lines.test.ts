/**
 * mastodon-common.ts `entryOffsetsAndLines`: the offsets entry-offsets.ts
 * `entryOffsets` gives and, for each, the line ExportFile.lineAt gives, on
 * the JSON corpus files and on generated JSON (pretty and minified, CRLF,
 * escapes, nesting, the key at other depths, repeated keys).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { entryOffsets } from '../src/import/formats/entry-offsets.ts';
import { entryOffsetsAndLines } from '../src/import/formats/mastodon-common.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { corpusTest } from './helpers/corpus.ts';

const KEYS = [null, 'ancestors', 'descendants', 'orderedItems', 'messages', 'x'];

/** Checks every key; returns how many entries were compared. */
const same = (text: string): number => {
  const file = new ExportFile('x.json', Buffer.from(text));
  let n = 0;
  for (const key of KEYS) {
    const { offsets, lines } = entryOffsetsAndLines(text, key);
    const expected = entryOffsets(text, key);
    assert.deepEqual(offsets, expected, `${key}: ${text.slice(0, 80)}`);
    assert.deepEqual(lines, expected.map((o) => file.lineAt(o)), `lines under ${key}: ${text.slice(0, 80)}`);
    n += offsets.length;
  }
  return n;
};

corpusTest(
  'the corpus JSON files: the same offsets and lines',
  [
    'mastodon-json/bigbone-tag-timeline-2017.json',
    'mastodon-json/bigbone-status-context.json',
    'mastodon-archive/dealingwith-indieweb-social-2024/outbox.json',
    'zulip-archive-json/lean-together-2019-questions-about-lean-4.json',
    'telegram-json/python2022i-channel-2022-result.json',
  ],
  (_t, ...paths) => {
    for (const p of paths) {
      const text = readFileSync(p, 'utf8');
      assert.ok(same(text) > 0, p);
      // The same text pretty-printed: every entry on a later line.
      assert.ok(same(JSON.stringify(JSON.parse(text), null, 2)) > 0, p);
    }
  },
);

test('generated JSON: the same offsets and lines', () => {
  let seed = 11;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const keys = ['ancestors', 'descendants', 'orderedItems', 'x', 'a"b', '\\', '[{,]}', 'ancestor', 'é😀', ''];
  const value = (d: number): unknown => {
    const r = next();
    if (d > 4 || r < 0.3) return [1, 'a"b\\', null, true, -2.5e3, '[', '{"x":[1]}', 'line\nbreak\r\n'][Math.floor(next() * 8)];
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    const o: Record<string, unknown> = {};
    for (let k = Math.floor(next() * 4); k > 0; k--) o[keys[Math.floor(next() * keys.length)]] = value(d + 1);
    return o;
  };
  let entries = 0;
  for (let n = 0; n < 3000; n++) {
    const v = next() < 0.4 ? value(0) : next() < 0.5 ? Array.from({ length: Math.floor(next() * 5) }, () => value(1)) : { ancestors: value(1), descendants: [value(2), value(2)], orderedItems: value(1), x: value(1) };
    entries += same(JSON.stringify(v));
    const pretty = JSON.stringify(v, null, next() < 0.5 ? 2 : '\t');
    entries += same(pretty);
    entries += same(pretty.replace(/\n/g, '\r\n'));
    entries += same(pretty.replace(/\n/g, '\n\n'));
  }
  assert.ok(entries > 10000, `${entries} entries`);
  // A key written twice: the last array wins, as JSON.parse keeps it.
  same('{"ancestors": [1,\n 2], "ancestors":\n[3,\n\n4]}');
  same('{"descendants" :\n [ ] , "x": {"descendants": [9]}}');
  same('\n\n[\n{"a": "\\"\\\\"},\n\n"s",\n[1]\n]');
});
