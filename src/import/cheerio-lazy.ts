/**
 * cheerio, loaded on first use: only the selectors importer needs CSS
 * selectors (and publishing parse5's DOM, for markup it cannot read
 * without one), so every other command, importer and build starts without it.
 * (`html()` is synchronous, hence require; cheerio ships a CommonJS build,
 * and its functions read nodes by their `type`, so htmlparser2's ES-module
 * nodes work with it.)
 */
import { createRequire } from 'node:module';
import type { load as cheerioLoad } from 'cheerio/slim';
import type { load as fullCheerioLoad } from 'cheerio';

let loaded: typeof cheerioLoad | undefined;
let loadedFull: typeof fullCheerioLoad | undefined;

/** cheerio's `load` (htmlparser2 mode only: `cheerio/slim`), loaded on the first call. */
export function loadCheerio(): typeof cheerioLoad {
  loaded ??= (createRequire(import.meta.url)('cheerio/slim') as { load: typeof cheerioLoad }).load;
  return loaded;
}

/**
 * cheerio's `load` with its default parser (parse5: what a browser builds,
 * and serializes as parse5 does), loaded on the first call: for markup the
 * publishing step cannot read without a DOM (src/publish/urls.ts,
 * cms-post.ts).
 */
export function loadFullCheerio(): typeof fullCheerioLoad {
  loadedFull ??= (createRequire(import.meta.url)('cheerio') as { load: typeof fullCheerioLoad }).load;
  return loadedFull;
}
