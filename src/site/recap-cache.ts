/**
 * Each jam's recap downloads (`<slug>-recap.md` and `<slug>-recap.html`,
 * publish/recap-downloads.ts) kept in the cache folder's `recaps/`, apart
 * from its pages, by what they are made of: the page code, the jam's own
 * data (page-keys.ts `jamDigest`: recap.md, its exports, its series) and
 * what they show of the site (its title and language, the public address,
 * drafts, the transcript page size, the redact list), but not the theme:
 * neither file uses it. A build that renders a jam's pages again (its
 * theme edited, its page cache lost) takes them from here rather than
 * rendering them again (turning the notes' HTML back into Markdown is most
 * of a recap page's own cost).
 *
 * One file per jam, `<tag>-<key>.bin`: a bundle of the two (cache-bundle.ts,
 * checked by its digest); storing one drops the jam's older ones.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBundle, encodeBundle, type BundleFile } from './cache-bundle.ts';
import { ownerTag, writeEntry } from './cache.ts';
import type { JamModel } from './model.ts';
import { jamDigest, pagesVersion, type PageContext } from './page-keys.ts';
import type { SiteModel } from './site.ts';

/** Counters for tests and benchmarks: recaps taken from the cache, not found (or refused), written. */
export const recapCacheStats = { hits: 0, misses: 0, writes: 0 };

/** The two files' bytes: Markdown, then HTML. */
export type RecapBytes = [Uint8Array, Uint8Array];

/** The key of a jam's recap downloads in this context (`own`: its jamDigest without the jam list, when already worked out). */
export function recapKey(jam: JamModel, site: SiteModel, ctx: PageContext, own = jamDigest(jam, site, false)): string {
  const shown = JSON.stringify([ctx.siteMeta, ctx.lang, ctx.baseUrl, ctx.pathPrefix, ctx.drafts, ctx.transcriptPageBytes, [...ctx.redact].sort()]);
  return createHash('sha256').update(`recap\0${pagesVersion()}\0${own}\0`).update(shown).digest('hex');
}

const entryPath = (cacheDir: string, owner: string, key: string) => join(cacheDir, 'recaps', `${ownerTag(owner)}-${key}.bin`);

/** The jam's recap downloads under `key`, or null (none, or not sound). Never throws. */
export function readRecap(cacheDir: string, owner: string, key: string): RecapBytes | null {
  try {
    const entry = decodeBundle<BundleFile>(readFileSync(entryPath(cacheDir, owner, key)), pagesVersion(), key, () => true);
    if (entry?.parts.length === 2) {
      recapCacheStats.hits++;
      return [entry.parts[0], entry.parts[1]];
    }
  } catch {
    // none
  }
  recapCacheStats.misses++;
  return null;
}

/** Keep the jam's recap downloads under `key` (failing only costs speed). */
export function storeRecap(cacheDir: string, owner: string, key: string, files: RecapBytes): void {
  const bundle = encodeBundle<BundleFile>(pagesVersion(), key, files.map((bytes) => ({ meta: {}, bytes })));
  if (writeEntry(entryPath(cacheDir, owner, key), bundle, `${ownerTag(owner)}-`)) recapCacheStats.writes++;
}
