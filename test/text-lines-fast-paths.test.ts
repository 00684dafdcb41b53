/**
 * The line readers' fast paths give what the slow ones give: text-lines.ts
 * `splitEveryLine` is `split(/\r\n|\n|\r/)` (discord-txt), `splitLineTexts`
 * is `splitLines` without the objects (line = index + 1; irc-log), and
 * `isBlank` is `trim() === ''` (irc-log, discord-txt).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBlank, splitEveryLine, splitLines, splitLineTexts } from '../src/import/formats/text-lines.ts';

/** Short strings over an alphabet of line ends, blanks and letters, from a fixed seed. */
function* samples(count: number, alphabet: string[], max: number): Generator<string> {
  let seed = 11;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let k = 0; k < count; k++) {
    let s = '';
    const n = next(max + 1);
    for (let i = 0; i < n; i++) s += alphabet[next(alphabet.length)];
    yield s;
  }
}

const ALPHABET = ['\r', '\n', '\r\n', '\r\r\n', 'a', ' ', '\t', '\ufeff', '\u00a0', 'é'];

test('splitEveryLine is split(/\\r\\n|\\n|\\r/)', () => {
  for (const s of samples(50000, ALPHABET, 12)) assert.deepEqual(splitEveryLine(s), s.split(/\r\n|\n|\r/), JSON.stringify(s));
});

test('splitLineTexts is splitLines, line i + 1 at index i', () => {
  for (const s of samples(50000, ALPHABET, 12)) {
    assert.deepEqual(
      splitLineTexts(s).map((text, i) => ({ text, line: i + 1 })),
      splitLines(s),
      JSON.stringify(s),
    );
  }
});

test("isBlank is trim() === ''", () => {
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [ch, `${ch}x`, `${ch} `, ` ${ch}`]) assert.equal(isBlank(s), s.trim() === '', `U+${c.toString(16)}`);
  }
  for (const s of samples(20000, ALPHABET, 8)) assert.equal(isBlank(s), s.trim() === '', JSON.stringify(s));
});
