/**
 * Tests read the shared corpus in place (../shared/corpus). A clone without
 * it still passes `npm test`: corpus tests skip with a visible note. Under
 * CI (CI=true) a missing corpus is a failure, not a skip.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = resolve(ROOT, '../shared/corpus');

export function corpusPath(rel: string): string {
  return resolve(CORPUS, rel);
}

/** A test over corpus files: skipped (visibly) when they are missing, failed under CI. */
export function corpusTest(name: string, files: string[], fn: (t: TestContext, ...paths: string[]) => unknown): void {
  const paths = files.map(corpusPath);
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length && process.env.CI !== 'true') {
    test(name, { skip: `corpus missing: ${missing.join(', ')} (needs ../shared/corpus)` }, () => {});
    return;
  }
  test(name, async (t) => {
    if (missing.length) throw new Error(`corpus missing under CI: ${missing.join(', ')}`);
    await fn(t, ...paths);
  });
}
