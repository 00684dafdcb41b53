/**
 * entry-offsets.ts gives what json-offsets.ts `arrayEntryOffsets` gives, on
 * the JSON corpus files of the importers that use it and on generated JSON
 * (escapes, nesting, the key at other depths, repeated keys); and the
 * lines telegram-common.ts counts along are ExportFile.lineAt's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { arrayEntryOffsets } from '../src/import/json-offsets.ts';
import { entryOffsets } from '../src/import/formats/entry-offsets.ts';
import { entryOffsets as telegramEntryOffsets } from '../src/import/formats/telegram-common.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { corpusTest } from './helpers/corpus.ts';

const KEYS = [null, 'messages', 'orderedItems', 'ancestors', 'descendants', 'list', 'x'];

const same = (text: string) => {
  for (const key of KEYS) assert.deepEqual(entryOffsets(text, key), arrayEntryOffsets(text, key), `${key}: ${text.slice(0, 80)}`);
  const file = new ExportFile('x.json', Buffer.from(text));
  for (const key of ['messages', 'list']) {
    const lines: number[] = [];
    const offsets = telegramEntryOffsets(text, key, lines);
    assert.deepEqual(offsets, arrayEntryOffsets(text, key));
    assert.deepEqual(lines, offsets.map((o) => file.lineAt(o)), `lines under ${key}: ${text.slice(0, 80)}`);
  }
};

corpusTest(
  'the corpus JSON files: the same offsets',
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
      same(text);
      assert.ok(KEYS.some((k) => entryOffsets(text, k).length > 0), p);
    }
  },
);

test('generated JSON: the same offsets', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const strings = ['"messages"', '"list"', '"x"', '"a\\"b"', '"\\\\"', '"\\\\\\""', '"[{,]}"', '"mess\\u0061ges"', '""', '"é😀"'];
  const value = (d: number): unknown => {
    const r = next();
    if (d > 4 || r < 0.3) return [1, 'a"b\\', null, true, -2.5e3, '[', '{"x":[1]}'][Math.floor(next() * 7)];
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    const o: Record<string, unknown> = {};
    for (let k = Math.floor(next() * 4); k > 0; k--) o[JSON.parse(strings[Math.floor(next() * strings.length)]) as string] = value(d + 1);
    return o;
  };
  for (let n = 0; n < 3000; n++) {
    const v = next() < 0.5 ? value(0) : { messages: value(1), list: [value(2), value(2)], x: value(1) };
    same(JSON.stringify(v));
    same(JSON.stringify(v, null, next() < 0.5 ? 2 : '\t'));
  }
  // Strings of every length around the short-string cut, escapes anywhere in them.
  for (let n = 0; n < 2000; n++) {
    let str = '';
    for (let k = Math.floor(next() * 60); k > 0; k--) str += ['a', '\\', '"', 'é', '\n', '/'][Math.floor(next() * 6)];
    same(JSON.stringify({ x: str, messages: [str, { [str]: [str] }, str], list: [str] }, null, n % 2 ? 1 : undefined));
  }
  // A key written twice: the last array wins, as JSON.parse keeps it.
  same('{"messages": [1, 2], "messages": [3]}');
  same('{"messages" :\n [ ] , "x": {"messages": [9]}}');
});
