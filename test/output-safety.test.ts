/**
 * The user's files are safe, and the preview server is a good neighbour.
 *
 * Through the CLI (`bin/jamrecap.js`), on a copy of the example content:
 *
 * - `build --out` over a folder jamrecap did not write (photos next to an
 *   `index.html` and a `jams/`, or a look-alike marker) is refused, and the
 *   folder is left byte for byte;
 * - the site folder follows the umask (022 gives 0755, not mkdtemp's 0700);
 * - a build killed between its two renames (simulated: the old site under
 *   its `.old-` name, a half-written `.tmp-` folder, both of a dead pid) is
 *   restored by the next start, even one that fails on bad notes; a folder
 *   that only looks like a leftover is not touched; SIGTERM in the middle
 *   of a build deletes its temporary folder;
 * - `--content` without `jams/`, or missing, is exit 2 with check's words,
 *   and the published site stays;
 * - `serve` listens on 127.0.0.1 (as the server itself reports), answers
 *   `/%ff` and `/..%2f..` with 400 and keeps serving, writes its preview
 *   outside the content folder and the published site (and refuses a
 *   published site as --out), and a busy port is a one-line exit 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';

const SLUG = '2012-10-24-socbizchat';
const CLI = join(ROOT, 'bin', 'jamrecap.js');

let tmp: string;
let content: string;
/** A site the CLI built from `content`, copied for each scenario. */
let built: string;

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

function jamrecap(args: string[], opts: { umask?: string } = {}) {
  if (opts.umask) {
    return spawnSync('/bin/sh', ['-c', `umask ${opts.umask} && exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  }
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** A pid no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-safety-'));
  content = join(tmp, 'content');
  mkdirSync(join(content, 'jams'), { recursive: true });
  cpSync(join(ROOT, 'content', 'jams', SLUG), join(content, 'jams', SLUG), { recursive: true });
  built = join(tmp, 'built');
  const r = jamrecap(['build', '--content', content, '--out', built], { umask: '022' });
  assert.equal(r.status, 0, r.stderr);
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('build --out', () => {
  test('a folder jamrecap did not write is refused and left byte for byte (index.html and jams/ are not enough)', () => {
    const photos = join(tmp, 'photos');
    mkdirSync(join(photos, 'jams'), { recursive: true });
    writeFileSync(join(photos, 'index.html'), '<h1>Our holiday</h1>\n');
    writeFileSync(join(photos, 'jams', 'strawberry.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    writeFileSync(join(photos, 'beach.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 4, 5, 6]));
    // Even a file of the marker's name, when jamrecap did not write its text.
    writeFileSync(join(photos, '.jamrecap-site'), 'mine\n');
    const before_ = snapshot(photos);
    const r = jamrecap(['build', '--content', content, '--out', photos]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(
      r.stderr,
      `jamrecap build: --out ${JSON.stringify(photos)}: the output folder is not empty and was not written by jamrecap (no .jamrecap-site in it): nothing in it is replaced; choose another --out or empty it (each build replaces the whole --out folder; the default is _site)\n`,
    );
    assert.deepEqual(snapshot(photos), before_);
    assert.deepEqual(readdirSync(tmp).filter((e) => e.startsWith('photos.')), []);
  });

  test('a site jamrecap built is replaced; the folder follows the umask (0755 under 022, not 0700)', () => {
    assert.equal(statSync(built).mode & 0o777, 0o755);
    assert.equal(readFileSync(join(built, '.jamrecap-site'), 'utf8').startsWith('jamrecap site'), true);
    const again = join(tmp, 'again');
    cpSync(built, again, { recursive: true });
    writeFileSync(join(again, 'stale.html'), 'from an older build');
    const r = jamrecap(['build', '--content', content, '--out', again], { umask: '027' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(existsSync(join(again, 'stale.html')), false);
    assert.equal(statSync(again).mode & 0o777, 0o750);
    assert.equal(statSync(join(again, 'jams')).mode & 0o777, 0o750);
  });

  test('a build killed between its renames is restored at the next start, even one that fails; look-alikes stay', () => {
    const area = join(tmp, 'killed');
    mkdirSync(area);
    const out = join(area, '_site');
    const pid = deadPid();
    // What a SIGKILL between "old aside" and "new in" leaves: no _site, the old site aside, the new one half-written.
    cpSync(built, join(area, `_site.old-${pid}-0123456789ab`), { recursive: true });
    mkdirSync(join(area, `_site.tmp-${pid}-ba9876543210`, 'jams'), { recursive: true });
    const marker = join(built, '.jamrecap-site');
    if (existsSync(marker)) cpSync(marker, join(area, `_site.tmp-${pid}-ba9876543210`, '.jamrecap-site'));
    // A user's folders that merely look like leftovers.
    mkdirSync(join(area, '_site.old-backup'));
    writeFileSync(join(area, '_site.old-backup', 'keep.txt'), 'keep');
    mkdirSync(join(area, `_site.tmp-${pid}-aaaaaaaaaaaa`));
    writeFileSync(join(area, `_site.tmp-${pid}-aaaaaaaaaaaa`, 'keep.txt'), 'no marker: not jamrecap\'s');
    // The next build fails on its notes, but first puts the previous site back.
    const bad = join(tmp, 'bad-content');
    cpSync(content, bad, { recursive: true });
    const recap = join(bad, 'jams', SLUG, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace(/^title: .*\n/m, ''));
    const r = jamrecap(['build', '--content', bad, '--out', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /missing required key "title"/);
    assert.ok(existsSync(out), 'the previous site is back');
    assert.deepEqual(snapshot(out), snapshot(built));
    assert.deepEqual(readdirSync(area).sort(), ['_site', '_site.old-backup', `_site.tmp-${pid}-aaaaaaaaaaaa`]);
  });

  test('SIGTERM in the middle of a build deletes its temporary folder; the previous site stays', async () => {
    const area = join(tmp, 'term');
    mkdirSync(area);
    const out = join(area, '_site');
    cpSync(built, out, { recursive: true });
    const child = spawn(process.execPath, [CLI, 'build', '--content', content, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const deadline = Date.now() + 30_000;
    let sawTemp = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (readdirSync(area).some((e) => e.startsWith('_site.tmp-'))) {
        sawTemp = true;
        child.kill('SIGTERM');
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.ok(sawTemp, 'the build made its temporary folder');
    assert.equal(await exited, 'SIGTERM');
    assert.deepEqual(readdirSync(area), ['_site']);
    assert.deepEqual(snapshot(out), snapshot(built));
  });
});

describe('--content', () => {
  test('a content folder without jams/ is exit 2 naming it; the published site stays', () => {
    const empty = join(tmp, 'no-jams');
    mkdirSync(empty);
    const out = join(tmp, 'published');
    cpSync(built, out, { recursive: true });
    const r = jamrecap(['build', '--content', empty, '--out', out]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `jamrecap build: no jams folder in the content folder ${empty}: put each jam in ${join(empty, 'jams')}/<slug>/ with its recap.md, or give the content folder with --content DIR\n`);
    assert.deepEqual(snapshot(out), snapshot(built));
  });

  test('a missing content folder: the same words as check, exit 2', () => {
    const missing = join(tmp, 'nonexistent');
    const b = jamrecap(['build', '--content', missing, '--out', join(tmp, 'never')]);
    const c = jamrecap(['check', '--content', missing]);
    assert.equal(b.status, 2);
    assert.equal(c.status, 2);
    assert.equal(b.stderr.replace(/^jamrecap build: /, ''), c.stderr.replace(/^jamrecap check: /, ''));
    assert.equal(b.stderr, `jamrecap build: no content folder ${missing} (give one with --content DIR)\n`);
    assert.equal(existsSync(join(tmp, 'never')), false);
  });
});

/** GET `path` exactly as written (no normalization), on 127.0.0.1. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('serve', () => {
  test('listens on 127.0.0.1, answers malformed paths with 400 and keeps serving, previews outside content and _site', async () => {
    const serveContent = join(tmp, 'serve-content');
    cpSync(content, serveContent, { recursive: true });
    const contentBefore = snapshot(serveContent);
    const child = spawn(process.execPath, [CLI, 'serve', '--content', serveContent, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    try {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && child.exitCode === null && !/listening on/.test(stdout)) await new Promise((r) => setTimeout(r, 50));
      const m = /jamrecap serve: listening on http:\/\/([^:/]+):(\d+)\/ \(preview in (.+); Ctrl-C stops\)/.exec(stdout);
      assert.ok(m, `serve reports where it listens:\n${stdout}\n${stderr}`);
      const [, host, portText, preview] = m;
      assert.equal(host, '127.0.0.1');
      const port = Number(portText);
      // The preview is its own folder, marked as a preview, neither the content folder nor a published site.
      assert.ok(!preview.startsWith(serveContent) && !preview.startsWith(ROOT), preview);
      assert.equal(existsSync(join(preview, '.jamrecap-preview')), true);
      assert.equal(existsSync(join(preview, '.jamrecap-site')), false);

      const home = await get(port, '/');
      assert.equal(home.status, 200);
      assert.match(home.body, /socbizchat/i);
      // Live reload: the preview lets its own reload script in (script-src 'self'); the published
      // pages allow none (script-src 'none', as in the preview folder's files).
      assert.match(home.body, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self'/);
      assert.match(home.body, /<script src="\/\.jamrecap\/reload\.js\?build=\d+" defer><\/script><\/body>/);
      assert.match(readFileSync(join(preview, 'index.html'), 'utf8'), /script-src 'none'/);
      for (const bad of ['/%ff', '/..%2f..', '/..%2F..%2Fetc%2Fpasswd', '/../../etc/passwd', '/jams/%00/', '/a%5c..%5c..']) {
        const r = await get(port, bad);
        assert.equal(r.status, 400, bad);
        assert.doesNotMatch(r.body, /\bat \S+ \(|Error:/, bad);
      }
      assert.equal((await get(port, `/jams/${SLUG}/`)).status, 200);
      assert.equal(child.exitCode, null, 'still running');
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      assert.deepEqual(snapshot(serveContent), contentBefore);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.on('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    }
    assert.equal(child.exitCode, 0, stderr);
  });

  test('refuses a published site (or any folder it did not write) as --out, like build', () => {
    const out = join(tmp, 'serve-published');
    cpSync(built, out, { recursive: true });
    const r = jamrecap(['serve', '--content', content, '--out', out, '--port', '0']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not a preview folder of jamrecap serve \(no \.jamrecap-preview in it\)/);
    assert.deepEqual(snapshot(out), snapshot(built));
    const r2 = jamrecap(['serve', '--content', content, '--out', join(content, 'preview'), '--port', '0']);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /inside the content folder/);
  });

  test('a busy port is a one-line error naming it, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [CLI, 'serve', '--content', content, '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
      clearTimeout(timer);
      assert.equal(code, 2, stderr);
      assert.equal(stderr, `jamrecap serve: port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with --port N\n`);
    } finally {
      blocker.close();
    }
  });
});
