/**
 * redact.yml has a size limit of its own: thousands of handles (well over the
 * front matter's 64 KB) are read, and a file over the limit is one clear
 * error naming the file, not a parse.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FRONT_MATTER_BYTES } from '../src/notes/frontmatter.ts';
import { MAX_REDACT_BYTES, readRedactList } from '../src/notes/redact.ts';
import { formatProblem } from '../src/notes/problems.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-redact-size-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A content folder whose redact.yml lists `count` handles; returns the folder and the file's size. */
function content(name: string, count: number): { dir: string; bytes: number } {
  const text = `handles:\n${Array.from({ length: count }, (_, i) => `  - participant_${String(i).padStart(6, '0')}\n`).join('')}`;
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'redact.yml'), text);
  return { dir, bytes: Buffer.byteLength(text) };
}

test('5,000 handles are read (more than the front matter limit allows)', () => {
  const { dir, bytes } = content('many', 5_000);
  assert.ok(bytes > MAX_FRONT_MATTER_BYTES, `${bytes} bytes`);
  const list = readRedactList(dir);
  assert.deepEqual(list.problems, []);
  assert.equal(list.handles.length, 5_000);
  assert.equal(list.handles[4_999], 'participant_004999');
});

test('a redact.yml over its limit is one error naming the file', () => {
  const { dir, bytes } = content('huge', 50_000);
  assert.ok(bytes > MAX_REDACT_BYTES, `${bytes} bytes`);
  const list = readRedactList(dir);
  assert.deepEqual(list.handles, []);
  assert.deepEqual(list.problems.map((p) => formatProblem(p, dir)), [`redact.yml:1:1: redact.yml is ${bytes} bytes, over the limit of ${MAX_REDACT_BYTES} bytes`]);
});
