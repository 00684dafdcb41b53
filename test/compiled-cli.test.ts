/**
 * The compiled CLI (dist/: `npm run build:cli`, which `prepare` runs at every
 * `npm install` / `npm ci`). Built in a copy of the package, as on a fresh
 * clone, it runs without tsx and gives byte for byte what the TypeScript
 * sources give through tsx: `--version`, `formats`, `import` of exports, and
 * `build` of the example site. `--version` loads no dependency. An edit to
 * src/ sets dist/ aside (bin/jamrecap.js runs src/ through tsx) until the
 * next build, and the import cache version follows the code that runs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildDist, distStatus } from '../scripts/cli-dist.js';
import { ROOT } from './helpers/corpus.ts';
import { differingFiles, listFiles } from './helpers/files.ts';
import { generateSite } from '../bench/site-generator.ts';

/** What a fresh clone holds that the CLI needs (node_modules is linked, not copied). */
const PACKAGE_FILES = ['bin', 'scripts', 'src', 'theme', 'types', 'content', 'package.json', 'tsconfig.json', 'tsconfig.build.json', '.eleventy.ts'];

let pkg: string;
let tmp: string;

/** A module loader hook printing every file module the process loads (`LOADED <url>` on stderr); written in `before`. */
let loadHook: string;
const HOOKS = 'export async function resolve(spec, ctx, next) {\n  const r = await next(spec, ctx);\n  if (r.url.startsWith("file:")) process.stderr.write(`LOADED ${r.url}\\n`);\n  return r;\n}\n';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function jamrecap(mode: 'dist' | 'src' | 'auto', args: string[], opts: { hook?: boolean; env?: NodeJS.ProcessEnv } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, JAMRECAP_CACHE: 'off', JAMRECAP_DEBUG: '', ...opts.env };
  if (mode === 'auto') delete env.JAMRECAP_RUN;
  else env.JAMRECAP_RUN = mode;
  const r = spawnSync(process.execPath, [...(opts.hook ? ['--import', loadHook] : []), join(pkg, 'bin', 'jamrecap.js'), ...args], { cwd: pkg, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The files a process loaded (paths relative to the package copy), from the hook's lines. */
function loaded(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED file://'))
    .map((l) => relative(pkg, new URL(l.slice('LOADED '.length)).pathname));
}

/** Every file under `dir`, relative, sorted. */
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-compiled-'));
  pkg = join(tmp, 'jamrecap');
  for (const f of PACKAGE_FILES) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
  rmSync(join(pkg, 'dist'), { recursive: true, force: true });
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  writeFileSync(join(tmp, 'hooks.mjs'), HOOKS);
  loadHook = join(tmp, 'register.mjs');
  writeFileSync(loadHook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(tmp, 'hooks.mjs')).href)});\n`);
  assert.equal(distStatus(pkg), 'missing');
  assert.equal(buildDist(pkg), 0);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('build:cli compiles src/ to dist/ at the same depth, with the files the code reads, and marks it up to date', () => {
  assert.equal(distStatus(pkg), 'fresh');
  const ts = listFiles(join(pkg, 'src')).filter((f) => f.endsWith('.ts'));
  // The browser's own scripts in src/ (the search page's) are copied as they are.
  const browserJs = listFiles(join(pkg, 'src')).filter((f) => f.endsWith('.js'));
  assert.deepEqual(browserJs, ['site/search-page.js']);
  const js = listFiles(join(pkg, 'dist')).filter((f) => f.endsWith('.js'));
  assert.deepEqual(js, [...ts.map((f) => f.replace(/\.ts$/, '.js')), ...browserJs].sort());
  for (const f of browserJs) assert.deepEqual(readFileSync(join(pkg, 'dist', f)), readFileSync(join(pkg, 'src', f)));
  assert.deepEqual(readFileSync(join(pkg, 'dist/model/transcript.schema.json')), readFileSync(join(pkg, 'src/model/transcript.schema.json')));
  // No `.ts` specifier is left in the compiled code.
  const tsSpecifiers = js.filter((f) => /(?:from\s*|import\s*\(\s*)['"]\.{1,2}\/[^'"]*\.ts['"]/.test(readFileSync(join(pkg, 'dist', f), 'utf8')));
  assert.deepEqual(tsSpecifiers, []);
});

test('--version and formats: the compiled CLI prints what the sources print, and loads no TypeScript', () => {
  for (const args of [['--version'], ['formats'], ['--help'], ['nope']]) {
    const dist = jamrecap('auto', args, { hook: true });
    const src = jamrecap('src', args);
    const files = loaded(dist.stderr);
    assert.deepEqual(files.filter((f) => f.endsWith('.ts') || f.includes('node_modules/tsx/')), [], args.join(' '));
    assert.ok(files.includes('dist/cli/main.js'), args.join(' '));
    assert.deepEqual({ ...dist, stderr: dist.stderr.replace(/^LOADED .*\n/gm, '') }, src, args.join(' '));
  }
  assert.equal(jamrecap('dist', ['--version']).stdout, `jamrecap ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
});

test('--version loads jamrecap\'s own few modules (the freshness check without the build\'s) and no dependency', () => {
  const files = loaded(jamrecap('dist', ['--version'], { hook: true }).stderr);
  assert.deepEqual(files.filter((f) => f.includes('node_modules/')), []);
  assert.deepEqual(files.filter((f) => !f.startsWith('bin/')).sort(), ['dist/cli/exit.js', 'dist/cli/main.js', 'dist/model/text-match.js', 'dist/notes/problems.js', 'scripts/dist-status.js']);
});

test('import: the compiled CLI writes the same transcript, byte for byte, and the same report', () => {
  const exports = [
    'content/jams/2012-10-24-socbizchat/socbizchat-room.html',
    join(ROOT, 'test/fixtures/storify-edge-cases.html'),
    join(ROOT, 'test/fixtures/twitter-api-v2-fidelity.json'),
  ];
  for (const file of exports) {
    const dist = jamrecap('dist', ['import', file]);
    const src = jamrecap('src', ['import', file]);
    assert.ok(dist.stdout.length > 1000, file);
    assert.deepEqual(dist, src, file);
  }
  // A refused file: the same one-line error and exit code (the error class is loaded lazily).
  const bad = [join(ROOT, 'package.json')];
  const dist = jamrecap('dist', ['import', ...bad]);
  assert.equal(dist.status, 2);
  assert.deepEqual(dist, jamrecap('src', ['import', ...bad]));
});

test('build: the compiled CLI (with the compiled Eleventy config) builds the example site byte-identical to the sources', () => {
  const outDist = join(tmp, 'site-dist');
  const outSrc = join(tmp, 'site-src');
  const dist = jamrecap('dist', ['build', '--out', outDist, '--quiet'], { hook: true });
  assert.equal(dist.status, 0, dist.stderr);
  const files = loaded(dist.stderr);
  assert.ok(files.includes('dist/site/eleventy-config.js'));
  assert.deepEqual(files.filter((f) => f.endsWith('.ts')), []);
  const src = jamrecap('src', ['build', '--out', outSrc, '--quiet']);
  assert.equal(src.status, 0, src.stderr);
  const names = listFiles(outDist);
  assert.ok(names.length > 20, `${names.length} files`);
  assert.deepEqual(names, listFiles(outSrc));
  assert.deepEqual(differingFiles(outDist, outSrc, names), []);
});

test('build: the compiled CLI imports and renders in worker threads running the compiled worker (no tsx), byte-identical to one thread', () => {
  const content = join(tmp, 'workers-content');
  generateSite(content, { jams: 3, messages: 200 });
  const build = (out: string, workers: string) => jamrecap('dist', ['build', '--content', content, '--out', join(tmp, out), '--quiet'], { env: { JAMRECAP_WORKERS: workers, JAMRECAP_DEBUG: '1' } });
  const two = build('workers-two', '2');
  assert.equal(two.status, 0, two.stderr);
  // The debug line of site/prepare-jams.ts; no warning of a worker that could not start (the .ts worker would need tsx).
  assert.match(two.stderr, /^jamrecap: 3 jams prepared in \d+ ms: 2 by 1 worker thread \(\d+ ms; 2 imports kept\), 1 by the main thread$/m);
  assert.doesNotMatch(two.stderr, /warning/);
  const one = build('workers-one', '1');
  assert.equal(one.status, 0, one.stderr);
  assert.doesNotMatch(one.stderr, /worker/);
  const names = listFiles(join(tmp, 'workers-two'));
  assert.ok(names.length > 60, `${names.length} files`);
  assert.deepEqual(listFiles(join(tmp, 'workers-one')), names);
  assert.deepEqual(differingFiles(join(tmp, 'workers-two'), join(tmp, 'workers-one'), names), []);
});

test('an edit to src/ sets dist/ aside until the next build; the cache versions follow the code that runs', () => {
  /** The import and download caches' code versions, as the compiled code or the sources (through tsx) see them. */
  const versions = (tree: 'dist' | 'src') => {
    const ext = tree === 'dist' ? 'js' : 'ts';
    const url = (f: string) => JSON.stringify(pathToFileURL(join(pkg, tree, 'site', `${f}.${ext}`)).href);
    const code = `import { cacheVersion } from ${url('cache')}; import { downloadsVersion } from ${url('download-cache')}; process.stdout.write(cacheVersion() + ' ' + downloadsVersion());`;
    const r = spawnSync(process.execPath, [...(tree === 'src' ? ['--import', 'tsx'] : []), '--input-type=module', '-e', code], { cwd: pkg, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const [imports, downloads] = r.stdout.split(' ');
    assert.match(imports, /^\d+-[0-9a-f]{16}$/);
    assert.match(downloads, /^\d+-[0-9a-f]{16}$/);
    return { imports, downloads };
  };
  const before = { dist: versions('dist'), src: versions('src') };
  assert.equal(distStatus(pkg), 'fresh');
  appendFileSync(join(pkg, 'src/import/registry.ts'), '// an edit\n');
  const importEdit = { dist: versions('dist'), src: versions('src') };
  // Not rebuilt yet: the compiled code (and its versions) are unchanged; the sources' import version moved.
  assert.deepEqual(importEdit.dist, before.dist);
  assert.notEqual(importEdit.src.imports, before.src.imports);
  assert.equal(importEdit.src.downloads, before.src.downloads);
  appendFileSync(join(pkg, 'src/downloads/index.ts'), '// an edit\n');
  assert.notEqual(versions('src').downloads, before.src.downloads);
  writeFileSync(join(pkg, 'src/model/zz-added.ts'), '/** A module added, then deleted. */\nexport const added = 1;\n');
  assert.equal(distStatus(pkg), 'stale');
  // Stale: the sources run, through tsx.
  const files = loaded(jamrecap('auto', ['--version'], { hook: true }).stderr);
  assert.ok(files.includes('src/cli/main.ts'), files.join(' '));
  assert.ok(!files.some((f) => f.startsWith('dist/')));
  assert.equal(buildDist(pkg), 0);
  assert.equal(distStatus(pkg), 'fresh');
  const after = versions('dist');
  assert.notEqual(after.imports, before.dist.imports);
  assert.notEqual(after.downloads, before.dist.downloads);
  assert.ok(existsSync(join(pkg, 'dist/model/zz-added.js')));
  // A deleted source: stale (its folder changed), and gone from dist/ after the next build.
  unlinkSync(join(pkg, 'src/model/zz-added.ts'));
  assert.equal(distStatus(pkg), 'stale');
  assert.equal(buildDist(pkg), 0);
  assert.ok(!existsSync(join(pkg, 'dist/model/zz-added.js')));
  assert.equal(jamrecap('auto', ['--version']).status, 0);
});

test('without typescript (a production install), build:cli leaves dist/ alone and says jamrecap runs the sources', () => {
  const bare = join(tmp, 'no-typescript');
  cpSync(join(ROOT, 'package.json'), join(bare, 'package.json'));
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { buildDist } from ${JSON.stringify(pathToFileURL(join(ROOT, 'scripts/cli-dist.js')).href)}; process.exitCode = buildDist(${JSON.stringify(bare)});`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^jamrecap build:cli: typescript is not installed, so dist\/ is not built; jamrecap runs src\/ through tsx/);
  assert.ok(!existsSync(join(bare, 'dist')));
  assert.equal(distStatus(bare), 'missing');
});
