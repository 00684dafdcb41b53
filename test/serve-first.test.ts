/**
 * `serve` shows the jam being edited before the whole site is built: its
 * first build reads only the jam folder changed last (site/first-jam.ts),
 * the server starts on it, and the whole site is built after it while the
 * preview is served (a page not written yet waits for that build).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { jamToShowFirst } from '../src/site/first-jam.ts';

const TMP = mkdtempSync(join(tmpdir(), 'jamrecap-serve-first-'));
after(() => rmSync(TMP, { recursive: true, force: true }));
const CLI = join(ROOT, 'bin', 'jamrecap.js');
const EXAMPLE = '2012-10-24-socbizchat';
const SLUGS = ['2012-10-24-socbizchat', '2012-10-31-socbizchat', '2012-11-07-socbizchat'];

/** The example jam three times (the same chat under three addresses), each folder's files dated `times[i]` (seconds). */
function threeJams(name: string, times: number[]): string {
  const content = join(TMP, name);
  cpSync(join(ROOT, 'content'), content, { recursive: true });
  for (const slug of SLUGS) {
    if (slug !== EXAMPLE) cpSync(join(content, 'jams', EXAMPLE), join(content, 'jams', slug), { recursive: true });
  }
  for (const [i, slug] of SLUGS.entries()) {
    for (const f of ['recap.md', 'socbizchat-room.html']) utimesSync(join(content, 'jams', slug, f), times[i], times[i]);
  }
  return content;
}

test('the jam shown first is the one whose folder changed last; ties go to the name sorting last; one jam: none', () => {
  assert.deepEqual(jamToShowFirst(threeJams('a', [3_000_000, 1_000_000, 2_000_000])), { name: SLUGS[0], jams: 3 });
  assert.deepEqual(jamToShowFirst(threeJams('b', [1_000_000, 1_000_000, 1_000_000])), { name: SLUGS[2], jams: 3 });
  assert.equal(jamToShowFirst(join(ROOT, 'content')), null);
});

function fetchStatus(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('serve builds the edited jam first, listens, then serves every jam once the whole site is built', async () => {
  const content = threeJams('serve', [1_000_000, 3_000_000, 2_000_000]);
  // The edited jam's summary says so, to tell its page from its copies'.
  const notes = join(content, 'jams', SLUGS[1], 'recap.md');
  writeFileSync(notes, readFileSync(notes, 'utf8').replace(/\n## Q1\b[^\n]*\n/, (h) => `${h}\nEdited last, shown first.\n`));
  const child = spawn(process.execPath, [CLI, 'serve', '--content', content, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', () => {});
  try {
    const deadline = Date.now() + 60_000;
    while (!/listening on/.test(stdout) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout)?.[1];
    assert.ok(origin, stdout);
    // The first look came before the listening line, and names the edited jam.
    const lines = stdout.split('\n');
    const first = lines.findIndex((l) => l === `jamrecap serve: showing ${SLUGS[1]} first; building the other 2 jams`);
    assert.ok(first >= 0 && first < lines.findIndex((l) => l.includes('listening on')), stdout);
    const edited = await fetchStatus(`${origin}/jams/${SLUGS[1]}/`);
    assert.equal(edited.status, 200);
    assert.match(edited.body, /Edited last, shown first\./);
    // The other jams' pages wait for the whole site's build, then are there.
    for (const slug of [SLUGS[0], SLUGS[2]]) {
      const page = await fetchStatus(`${origin}/jams/${slug}/`);
      assert.equal(page.status, 200, slug);
      assert.doesNotMatch(page.body, /Edited last, shown first\./);
    }
    // The home page of the first look lists one jam; the whole site's, all three (it may still be on its way).
    const listsAll = (body: string) => SLUGS.every((slug) => body.includes(`/jams/${slug}/`));
    let home = await fetchStatus(`${origin}/`);
    while (!listsAll(home.body) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      home = await fetchStatus(`${origin}/`);
    }
    assert.equal(home.status, 200);
    assert.ok(listsAll(home.body), home.body);
    // Not a page: still 404 once the site is built (a missing file waits for the build, not forever).
    assert.equal((await fetchStatus(`${origin}/jams/no-such-jam/`)).status, 404);
  } finally {
    const exited = new Promise((done) => child.on('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
});
