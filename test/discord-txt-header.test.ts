/**
 * discord-txt.ts reads a message header ("[time] author") by char codes:
 * the same answer as the regex it replaced (`/^\[([^\]\n]{1,64})\] (.*)$/`
 * and looksLikeTime on the bracket's text trimmed), on generated lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readHeader } from '../src/import/formats/discord-txt.ts';

const HEADER = /^\[([^\]\n]{1,64})\] (.*)$/;
const looksLikeTime = (s: string) => /^\d/.test(s) && /\d:\d\d/.test(s);
function oldHeader(line: string): { rawTime: string; rest: string } | null {
  const m = HEADER.exec(line);
  return m && looksLikeTime(m[1].trim()) ? { rawTime: m[1].trim(), rest: m[2] } : null;
}

test('readHeader: the regex answer on 30,000 generated lines', () => {
  let seed = 11;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const parts = ['[', ']', ' ', '1', '2', '26-Jun-19 06:26 PM', '1:05', ':', '0', 'a', '\u2028', '\u2029', '\u00a0', '\t', 'x'.repeat(30), '] ', 'Bob#1 (pinned)', '\ufeff', '😀'];
  for (let k = 0; k < 30000; k++) {
    let line = next() < 0.8 ? '[' : '';
    for (let n = Math.floor(next() * 8); n > 0; n--) line += parts[Math.floor(next() * parts.length)];
    assert.deepEqual(readHeader(line), oldHeader(line), JSON.stringify(line));
  }
  for (const line of ['[26-Jun-19 06:26 PM] alperC#7758', `[${'1:00'.padEnd(64)}] x`, `[${'1:00'.padEnd(65)}] x`, '[1:00]x', '[] 1:00', '[ 1:00 ] a\u2028b', '[1:00] ']) {
    assert.deepEqual(readHeader(line), oldHeader(line), JSON.stringify(line));
  }
});
