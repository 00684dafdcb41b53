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

/** The corpus's saved HTML pages, with the importer that reads each one. */
export const HTML_EXPORTS: [string, string][] = [
  ['tweetchat/socbizchat-room.html', 'tweetchat'],
  ['storify-html/lrnchat-22nd-december-2017.html', 'storify'],
  ['storify-html/guildchat-readdress-the-lms.html', 'storify'],
  ['storify-html/unofficial-story-of-final-byod4lchat.html', 'storify'],
  ['twitter-html/mercury-twitter-permalink-2016.html', 'twitter-html'],
  ['twitter-html/metascraper-twitter-permalink-2017.html', 'twitter-html'],
  ['twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html', 'twitter-embed'],
];

/** The corpus's Twitter API JSON files, with their importers. */
export const API_EXPORTS: [string, string][] = [
  ['twitter-search-api-v1/sferik-twitter-search-2010.json', 'twitter-api-v1'],
  ['twarc2-jsonl/twarc-csv-brexit.jsonl', 'twarc2'],
];
