/**
 * Whether the compiled CLI in dist/ is up to date with src/: what
 * bin/jamrecap.js asks at every start, so it loads nothing but node:fs,
 * node:path and node:url (building is cli-dist.js's job).
 *
 * Up to date means: no file or folder of src/ changed after the build
 * started (the stamp, dist/.build-stamp.json, holds that time). One stat per
 * file of src/ (a few milliseconds): an edit, a `git pull` or a checkout
 * makes dist/ stale, and `jamrecap` falls back to the sources until the next
 * `npm run build:cli`. An installed package's files all carry the tarball's
 * fixed old mtime, older than its stamp.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const STAMP = '.build-stamp.json';

/** The newest mtime (ms) of `dir` and everything under it. */
function newestMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/ can run: 'fresh', or why not ('missing', 'stale'). Never
 * throws (an unreadable stamp is 'missing').
 */
export function distStatus(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist', STAMP), 'utf8'));
  } catch {
    return 'missing';
  }
  if (typeof stamp?.started !== 'number') return 'missing';
  try {
    return newestMtime(join(root, 'src')) > stamp.started ? 'stale' : 'fresh';
  } catch {
    // no src/ (a package shipped without it): dist/ is all there is
    return 'fresh';
  }
}
