/**
 * lineList (text-lines.ts) cuts a text into the same lines as
 * splitLineTexts and lineBounds: every line ending (LF, CRLF, Zoom's
 * CR CR LF, a lone CR), a byte-order mark dropped, no empty last line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineBounds, lineList, splitLineTexts } from '../src/import/formats/text-lines.ts';

const PIECES = ['a', 'bc', ' ', '\t', '\n', '\r', '\r\n', '\r\r\n', '\r\r', '\n\r', '\ufeff', 'é'];

test('lineList cuts the lines splitLineTexts and lineBounds cut', () => {
  let seed = 5;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const texts = ['', '\ufeff', '\n', 'x', '\ufeffx\r\r\ny\r'];
  for (let k = 0; k < 2000; k++) texts.push(Array.from({ length: rnd(12) }, () => PIECES[rnd(PIECES.length)]).join(''));
  for (const text of texts) {
    const list = lineList(text);
    const bounds = lineBounds(text);
    const want = splitLineTexts(text);
    assert.equal(list.count, want.length, JSON.stringify(text));
    assert.deepEqual(list.starts.map((s, i) => text.slice(s, list.ends[i])), want, JSON.stringify(text));
    assert.deepEqual(list.starts, [...bounds.starts.subarray(0, bounds.count)]);
    assert.deepEqual(list.ends, [...bounds.ends.subarray(0, bounds.count)]);
  }
});
