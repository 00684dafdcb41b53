/**
 * html-text.ts `tidyText`, one pass over the white-space runs that change:
 * the same text as the chain of replaces it stands for (`\r\n?` to `\n`,
 * runs of `[ \t\f\v\u00a0]` to one space, spaces around a line break
 * dropped, three or more line breaks to two, then trim), on generated strings
 * of every kind of white space, and linear on long runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidyText } from '../src/import/html-text.ts';

/** The chain of replaces tidyText gives the answer of. */
const reference = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** A small deterministic generator (no flaky failures). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

test('tidyText gives the text of the replace chain, on generated white space', () => {
  const parts = [' ', '  ', '\n', '\n\n', '\r', '\r\n', '\t', '\f', '\v', '\u00a0', '\u2028', '\u3000', '\ufeff', 'a', 'bc', 'x y'];
  const next = random(12);
  for (let t = 0; t < 20000; t++) {
    let s = '';
    const n = Math.floor(next() * 12);
    for (let i = 0; i < n; i++) s += parts[Math.floor(next() * parts.length)];
    assert.equal(tidyText(s), reference(s), JSON.stringify(s));
  }
});

test('tidyText is linear on long runs of white space', () => {
  for (const s of [' '.repeat(200000), '\n'.repeat(200000), ' \n'.repeat(100000), '\r'.repeat(200000), `a${' \t'.repeat(100000)}b`]) {
    const t0 = Date.now();
    assert.equal(tidyText(s), reference(s));
    assert.ok(Date.now() - t0 < 2000);
  }
});
