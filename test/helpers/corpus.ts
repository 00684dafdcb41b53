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

/**
 * The corpus inventory: every file under ../shared/corpus that jamrecap reads,
 * with the importer that must claim it. It is the only list of corpus files.
 *
 * The rule for everything else: a corpus file that is not listed here (other
 * platforms' exports, the hostile collections, SOURCES.md, any folder added
 * later) must be refused cleanly, an ImportError with exit code 2 saying "not
 * a recognized chat export" (or "binary data, not text"). test/detection.test.ts
 * walks the whole corpus, whatever it holds, and checks that each listed file
 * is claimed by its importer alone and keeps more than 0 messages, and that no
 * importer claims any other file. So a new corpus folder fails no test; a file
 * that an importer wrongly claims does.
 *
 * A new format family: add its corpus files here with the importer's name, and
 * pin their exact counts (found, kept, skipped, authors, first and last time)
 * in the family's own test file, checked independently of the code. Detection
 * over the whole corpus then checks that the new importer claims nothing else.
 */
export const CORPUS_EXPORTS: readonly (readonly [path: string, importer: string])[] = [
  ['tweetchat/socbizchat-room.html', 'tweetchat'],
  ['storify-html/lrnchat-22nd-december-2017.html', 'storify'],
  ['storify-html/guildchat-readdress-the-lms.html', 'storify'],
  ['storify-html/unofficial-story-of-final-byod4lchat.html', 'storify'],
  ['twitter-html/mercury-twitter-permalink-2016.html', 'twitter-html'],
  ['twitter-html/metascraper-twitter-permalink-2017.html', 'twitter-html'],
  ['twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html', 'twitter-embed'],
  ['twitter-search-api-v1/sferik-twitter-search-2010.json', 'twitter-api-v1'],
  ['twarc2-jsonl/twarc-csv-brexit.jsonl', 'twarc2'],
];

const exportsOf = (names: string[]): [string, string][] => CORPUS_EXPORTS.filter(([, f]) => names.includes(f)).map(([p, f]) => [p, f]);

/** The inventory's saved HTML pages, with the importer that reads each one. */
export const HTML_EXPORTS: [string, string][] = exportsOf(['tweetchat', 'storify', 'twitter-html', 'twitter-embed']);

/** The inventory's Twitter API JSON files, with their importers. */
export const API_EXPORTS: [string, string][] = exportsOf(['twitter-api-v1', 'twarc2']);
