/**
 * cheerio, loaded on first use: only the selectors importer needs CSS
 * selectors, so every other command and importer starts without it.
 * (`html()` is synchronous, hence require; cheerio ships a CommonJS build,
 * and its functions read nodes by their `type`, so htmlparser2's ES-module
 * nodes work with it.)
 */
import { createRequire } from 'node:module';
import type { load as cheerioLoad } from 'cheerio/slim';

let loaded: typeof cheerioLoad | undefined;

/** cheerio's `load` (htmlparser2 mode only: `cheerio/slim`), loaded on the first call. */
export function loadCheerio(): typeof cheerioLoad {
  loaded ??= (createRequire(import.meta.url)('cheerio/slim') as { load: typeof cheerioLoad }).load;
  return loaded;
}
