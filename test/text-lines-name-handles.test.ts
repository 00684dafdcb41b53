/**
 * NameHandles (text-lines.ts) makes the readable part of a printable-ASCII
 * name's handle in one pass: the same handle as the general way (forbidden
 * characters as spaces, runs of spaces as one, trimmed, cut to 48
 * characters, trimmed), around the 48th character too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NameHandles } from '../src/import/formats/text-lines.ts';
import { sha256Hex } from '../src/model/ids.ts';

/** The handle made for a name that is no plausible handle, the general way. */
const general = (name: string) => `${[...name.replace(/[<>"'`&\\/\s]/g, ' ').replace(/ {2,}/g, ' ').trim()].slice(0, 48).join('').trim() || 'anonymous'}~${sha256Hex(name).slice(0, 6)}`;

test('made handles of printable-ASCII names around the 48-character cut', () => {
  // Each holds a "/" or "&": no plausible handle, so each gets a made one.
  const names = ['Jessie & James', 'Leah Wasser (she/her) Earth Lab / pyOpenSci', '/&/', `${'a'.repeat(47)} b/`, `${'a'.repeat(46)} /b`, `${'a'.repeat(48)}/b`, `/ ${'a'.repeat(47)}  & b c`, `${'a'.repeat(47)}&`, `${'a'.repeat(46)} b c/`, `&${'a'.repeat(47)}`];
  for (const name of names) assert.equal(new NameHandles().handle(name), general(name), name);
});
