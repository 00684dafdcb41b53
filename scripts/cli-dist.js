/**
 * The compiled CLI in dist/: building it (`npm run build:cli`, run by
 * `prepare` at every `npm install` / `npm ci`). Whether it is up to date
 * with src/ is dist-status.js's (bin/jamrecap.js runs dist/ only then, and
 * else the TypeScript in src/ through tsx).
 *
 * The build compiles src/ with tsc (tsconfig.build.json: the `.ts` import
 * specifiers become `.js`) into a temporary sibling folder, copies the
 * files the code reads beside itself (transcript.schema.json), writes the
 * stamp and only then swaps the folder in: a process running dist/ never
 * sees half a build, and files of deleted sources never linger.
 * dist/<stage>/ sits at the depth of src/<stage>/, so paths built from
 * import.meta.url (../../theme/, ../../package.json) hold in both.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, STAMP } from './dist-status.js';

export { distStatus, ROOT, STAMP } from './dist-status.js';

/** Copy the files of src/ that are not TypeScript (data the code reads) into `out`. */
function copyAssets(from, out) {
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const p = join(from, e.name);
    if (e.isDirectory()) copyAssets(p, join(out, e.name));
    else if (!e.name.endsWith('.ts')) cpSync(p, join(out, e.name));
  }
}

/**
 * Compile src/ into dist/. Returns 0, or tsc's exit code; 0 with a note
 * when typescript is not installed (a production install: jamrecap then
 * runs the sources through tsx).
 */
export function buildDist(root = ROOT) {
  // Fractional ms: a file written in the same millisecond before the build is not newer than it.
  const started = performance.timeOrigin + performance.now();
  let tsc;
  try {
    const require = createRequire(join(root, 'package.json'));
    const pkgPath = require.resolve('typescript/package.json');
    tsc = join(dirname(pkgPath), JSON.parse(readFileSync(pkgPath, 'utf8')).bin.tsc);
  } catch {
    process.stderr.write('jamrecap build:cli: typescript is not installed, so dist/ is not built; jamrecap runs src/ through tsx (slower start)\n');
    return 0;
  }
  const dist = join(root, 'dist');
  const temp = `${dist}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', temp], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    rmSync(temp, { recursive: true, force: true });
    return run.status ?? 1;
  }
  copyAssets(join(root, 'src'), temp);
  writeFileSync(join(temp, STAMP), `${JSON.stringify({ started })}\n`);
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(temp, dist);
  rmSync(old, { recursive: true, force: true });
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv[2] === 'build') {
  process.exitCode = buildDist();
}
