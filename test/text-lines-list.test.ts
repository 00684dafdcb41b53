/**
 * lineBounds (text-lines.ts) into a reused LineBounds, as zoom-txt and
 * whatsapp-txt call it, cuts a text into the same lines as splitLineTexts
 * and a fresh lineBounds: every line ending (LF, CRLF, Zoom's CR CR LF, a
 * lone CR), a byte-order mark dropped, no empty last line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineBounds, splitLineTexts, type LineBounds } from '../src/import/formats/text-lines.ts';

const PIECES = ['a', 'bc', ' ', '\t', '\n', '\r', '\r\n', '\r\r\n', '\r\r', '\n\r', '\ufeff', 'é'];

test('lineBounds into reused arrays cuts the lines splitLineTexts and a fresh lineBounds cut', () => {
  let seed = 5;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const texts = ['', '\ufeff', '\n', 'x', '\ufeffx\r\r\ny\r'];
  for (let k = 0; k < 2000; k++) texts.push(Array.from({ length: rnd(12) }, () => PIECES[rnd(PIECES.length)]).join(''));
  // Small, so that it grows; reused from text to text.
  const reused: LineBounds = { count: 0, starts: new Int32Array(1), ends: new Int32Array(1) };
  for (const text of texts) {
    const into = lineBounds(text, reused);
    const list = { count: into.count, starts: [...into.starts.subarray(0, into.count)], ends: [...into.ends.subarray(0, into.count)] };
    const bounds = lineBounds(text);
    const want = splitLineTexts(text);
    assert.equal(list.count, want.length, JSON.stringify(text));
    assert.deepEqual(list.starts.map((s, i) => text.slice(s, list.ends[i])), want, JSON.stringify(text));
    assert.deepEqual(list.starts, [...bounds.starts.subarray(0, bounds.count)]);
    assert.deepEqual(list.ends, [...bounds.ends.subarray(0, bounds.count)]);
  }
});
