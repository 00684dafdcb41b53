/**
 * entry-offsets.ts `entryOffsetsByBrackets` (jumping from bracket to
 * bracket inside nested values) gives what `entryOffsets` gives, offsets and
 * lines, on the JSON corpus files and on generated JSON: minified, pretty
 * printed, and with line breaks and spaces put between tokens at random
 * (brackets, quotes and escapes inside strings, the key at other depths,
 * repeated keys).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { entryOffsets, entryOffsetsByBrackets } from '../src/import/formats/entry-offsets.ts';
import { corpusTest } from './helpers/corpus.ts';

const KEYS = [null, 'messages', 'orderedItems', 'list', 'x'];

const same = (text: string) => {
  for (const key of KEYS) {
    const want: number[] = [];
    const got: number[] = [];
    assert.deepEqual(entryOffsetsByBrackets(text, key, got), entryOffsets(text, key, want), `${key}: ${text.slice(0, 80)}`);
    assert.deepEqual(got, want, `lines under ${key}: ${text.slice(0, 80)}`);
    assert.deepEqual(entryOffsetsByBrackets(text, key), entryOffsets(text, key));
  }
};

corpusTest(
  'the corpus JSON files: the same offsets and lines',
  [
    'discordchatexporter-json/dcef-example-general.json',
    'discordchatexporter-json/dcef-example-thread.json',
    'mastodon-json/bigbone-tag-timeline-2017.json',
    'zulip-archive-json/lean-together-2019-questions-about-lean-4.json',
    'telegram-json/python2022i-channel-2022-result.json',
  ],
  (_t, ...paths) => {
    for (const p of paths) same(readFileSync(p, 'utf8'));
  },
);

test('generated JSON: the same offsets and lines', () => {
  let seed = 3;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const strings = ['messages', 'list', 'x', 'a"b', '\\', '\\"', '[{,]}', '}', ']', '{"x":[1]}', '', 'é😀', 'a\nb'];
  const value = (d: number): unknown => {
    const r = next();
    if (d > 5 || r < 0.3) return [1, 'a"b\\', null, true, -2.5e3, '[', '{"x":[1]}', '}\\', ']'][Math.floor(next() * 9)];
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    const o: Record<string, unknown> = {};
    for (let k = Math.floor(next() * 4); k > 0; k--) o[strings[Math.floor(next() * strings.length)]] = value(d + 1);
    return o;
  };
  /** The JSON of v with white space (line breaks among it) between tokens at random. */
  const spaced = (v: unknown): string => {
    const pad = () => ['', ' ', '\n', '\n  ', '\r\n', '\t', ''][Math.floor(next() * 7)];
    if (Array.isArray(v)) return `[${pad()}${v.map((x) => `${spaced(x)}${pad()}`).join(`,${pad()}`)}]`;
    if (v && typeof v === 'object') return `{${pad()}${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${pad()}:${pad()}${spaced(x)}`).join(`,${pad()}`)}${pad()}}`;
    return JSON.stringify(v);
  };
  for (let n = 0; n < 3000; n++) {
    const v = next() < 0.3 ? value(0) : { guild: { id: '1', x: [value(3)] }, messages: [value(2), value(1), { a: value(2), b: [value(3)] }], list: [value(2), value(2)], x: value(1) };
    same(JSON.stringify(v));
    same(JSON.stringify(v, null, next() < 0.5 ? 2 : '\t'));
    same(spaced(v));
  }
  same('{"messages": [1, 2], "messages": [3]}');
  same('{"messages" :\n [ ] , "x": {"messages": [9]}}');
  same('{"messages": [{"a": "[\\"]{"}, {"b": ["}\\\\", {"c": "\\\\\\"]"}]}\n, 7, "]"]}');
});
