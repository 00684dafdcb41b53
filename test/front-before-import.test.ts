/**
 * Bad front matter is reported before any export is read: a jam whose notes
 * start `---js` (or whose front matter is no YAML) gets its front-matter
 * errors, and no importer detects or parses anything, and no export file is
 * read. A wrong key or value is only a mistake among others: the exports are
 * still imported, so that one run reports every problem. Counted with spies on every importer of the registry and on
 * `ExportFile.read`, not with a clock. A positive control shows the spies
 * counting when the front matter is good.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importers } from '../src/import/registry.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { clearSiteCaches, loadJam } from '../src/site/jam.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { tweetchatPage } from '../bench/tweetchat-page.ts';

const calls = { detect: 0, parse: 0, read: 0 };
const restore: (() => void)[] = [];
let tmp: string;

/** Replace `obj[key]` by a wrapper that counts its calls; undone in `after`. */
function spy(obj: Record<string, unknown>, key: string, counter: keyof typeof calls): void {
  const real = obj[key] as (...args: unknown[]) => unknown;
  obj[key] = function (this: unknown, ...args: unknown[]) {
    calls[counter]++;
    return real.apply(this, args);
  };
  restore.push(() => (obj[key] = real));
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-front-'));
  for (const imp of importers) {
    spy(imp as unknown as Record<string, unknown>, 'detect', 'detect');
    spy(imp as unknown as Record<string, unknown>, 'parse', 'parse');
  }
  spy(ExportFile as unknown as Record<string, unknown>, 'read', 'read');
});
after(() => {
  for (const undo of restore) undo();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const GOOD = 'title: A chat\ndate: 2012-10-24\nhashtag: socbizchat\nhosts: [cmswire]\n';

/** A jam folder holding these notes next to a TweetChat room page; returns its path. */
function jam(name: string, front: string, open = '---'): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'room.html'), tweetchatPage(2_000));
  writeFileSync(join(dir, 'recap.md'), `${open}\n${front}---\nThe recap.\n\n## Q1 · First\n`);
  return dir;
}

/** Loads a jam afresh and returns its errors and how often the spies fired. */
function load(dir: string) {
  clearSiteCaches();
  for (const k of Object.keys(calls) as (keyof typeof calls)[]) calls[k] = 0;
  const l = loadJam(dir, { ...defaultSiteOptions(), cacheDir: null });
  return { errors: l.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, dir)), calls: { ...calls }, model: l.model };
}

test('good front matter: the export is read and imported (the spies count)', () => {
  const r = load(jam('good', GOOD));
  assert.deepEqual(r.errors, []);
  assert.ok(r.model);
  assert.ok(r.calls.read >= 1 && r.calls.detect >= 1 && r.calls.parse >= 1, JSON.stringify(r.calls));
});

test('---js front matter: one error, no export read, detected or parsed', () => {
  const r = load(jam('js', 'module.exports = { title: "x" }\n', '---js'));
  assert.equal(r.errors.length, 1, r.errors.join('\n'));
  assert.match(r.errors[0], /recap\.md:1:4: /);
  assert.deepEqual(r.calls, { detect: 0, parse: 0, read: 0 });
  assert.equal(r.model, null);
});

test('front matter that is no YAML (bad syntax, a forbidden key, a tab): reported, nothing imported', () => {
  for (const [name, front] of [
    ['yaml', `${GOOD}hosts: [unclosed\n`],
    ['proto', `${GOOD}__proto__: x\n`],
    ['tab', `${GOOD}questions:\n\tQ1: x\n`],
  ]) {
    const r = load(jam(name, front));
    assert.ok(r.errors.length >= 1, name);
    assert.ok(r.errors.every((e) => /recap\.md:\d+:\d+: /.test(e)), r.errors.join('\n'));
    assert.deepEqual(r.calls, { detect: 0, parse: 0, read: 0 }, name);
  }
});

test('a wrong key or value is reported with everything else: the exports are still checked', () => {
  const r = load(jam('type', 'title: [not, text]\ndate: 2012-10-24\nhashtag: socbizchat\n'));
  assert.ok(r.errors.some((e) => /recap\.md:2:\d+: .*title/.test(e)), r.errors.join('\n'));
  assert.ok(r.calls.parse >= 1, JSON.stringify(r.calls));
});
