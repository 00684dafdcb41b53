/**
 * What the command line prints when something is wrong: one line per error,
 * never a stack trace, never a huge echoed key, never a raw control
 * character (a file name, an option or a front matter key may hold an
 * escape sequence that would rewrite the terminal).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { clipMessage, errorLine, formatProblem, problem } from '../src/notes/problems.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-errors-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const ESC = '\u001b[2J';
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/jamrecap.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: 'off', JAMRECAP_DEBUG: '' } });
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

test('an unknown command or option: named with its control characters escaped', () => {
  const cmd = run(`x${ESC}`);
  assert.equal(cmd.status, 2);
  assert.doesNotMatch(cmd.stderr, RAW_CONTROL);
  assert.ok(cmd.stderr.startsWith('jamrecap: unknown command "x\\u001b[2J"\n'), cmd.stderr);
  const opt = run('import', `--${ESC}`);
  assert.equal(opt.status, 2);
  assert.doesNotMatch(opt.stderr, RAW_CONTROL);
  assert.match(opt.stderr, /^jamrecap import: unknown option --\\u001b\[2J \(jamrecap import --help lists the options\)\n$/);
});

test('check: a 5000-character key holding an escape is cut and escaped, on one line', () => {
  const content = join(tmp, 'content');
  mkdirSync(join(content, 'jams'), { recursive: true });
  cpSync(join(ROOT, 'content/jams/2012-10-24-socbizchat'), join(content, 'jams', 'j'), { recursive: true });
  const recap = join(content, 'jams', 'j', 'recap.md');
  writeFileSync(recap, readFileSync(recap, 'utf8').replace('hashtag: socbizchat\n', `hashtag: socbizchat\n${'k'.repeat(5000)}${ESC}: 1\n`));
  const r = run('check', '--content', content);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stderr, RAW_CONTROL);
  assert.doesNotMatch(r.stderr, STACK);
  const lines = r.stderr.trimEnd().split('\n');
  assert.ok(lines.every((l) => l.length < 600), lines.map((l) => l.length).join(', '));
  assert.ok(lines.some((l) => /unknown key "k{60}…" \(5004 characters\)/.test(l)), r.stderr);
});

test('import: a file name holding an escape is printed escaped', () => {
  const name = join(tmp, `evil${ESC}name.json`);
  copyFileSync(join(ROOT, 'test/fixtures/json-hand-edited.json'), name);
  const r = run('import', name, '--out', join(tmp, 'out.json'));
  assert.doesNotMatch(r.stderr, RAW_CONTROL);
  assert.match(r.stderr, /evil\\u001b\[2Jname\.json:\d+: warning:/);
  const missing = run('import', join(tmp, `gone${ESC}.json`));
  assert.equal(missing.status, 2);
  assert.doesNotMatch(missing.stderr, RAW_CONTROL);
  assert.doesNotMatch(missing.stderr, STACK);
});

test('errorLine keeps the first line only; formatProblem cuts long echoes and escapes', () => {
  const err = new Error(`boom "${'x'.repeat(300)}"\n    at main (/src/cli/main.ts:1:1)\n    at run (/src/x.ts:2:2)`);
  const line = errorLine(err.message);
  assert.doesNotMatch(line, /\n|at main/);
  assert.equal(line, `boom "${'x'.repeat(60)}…" (300 characters)`);
  // Short quotes and the prose between them stay as they are.
  const msg = `unknown key "titel"; did you mean "title"? ${'(known keys: a, b) '.repeat(3)}`;
  assert.equal(clipMessage(msg), msg);
  const p = formatProblem(problem('/x/recap.md', 2, 3, `bad "a\nb\u0007c" ${'y'.repeat(2000)}`), '/');
  assert.ok(p.startsWith('x/recap.md:2:3: bad "a\\nb\\u0007c" yyy'), p.slice(0, 60));
  assert.ok(p.length < 1100 && p.endsWith('…'));
});
