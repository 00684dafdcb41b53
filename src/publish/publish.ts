/**
 * What a publisher needs besides the pages, written after Eleventy has
 * rendered them (from the same site model): the theme's hashed assets, the
 * pictures saved with the exports (`media/<hash>.<ext>`, see site/media.ts), the
 * JSON Feed, the JSON API, the recap's own downloads (`<slug>-recap.md`
 * and `.html` beside the transcript's), the CMS exports
 * (`export/wordpress.xml`, `export/ghost.json`), the sitemap (only with
 * --base-url: the protocol wants absolute URLs) and, last, `_headers`,
 * which covers what is in the output folder by then. The Atom feed and the
 * embeds are theme pages.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HTML_CSP } from '../downloads/html.ts';
import { apiIndex, apiIndexPath, apiJam, apiJamPath, stableJson } from './api.ts';
import { jsonFeed, type FeedMeta } from './feeds.ts';
import { GHOST_PATH, ghostExport } from './ghost.ts';
import { headerRules, headersFile } from './headers.ts';
import { downloadPath, recapDownloadFiles } from './recap-downloads.ts';
import { sitemapPages, sitemapXml } from './sitemap.ts';
import type { SiteView, HashedAsset } from './site-view.ts';
import type { PublicAddress } from './urls.ts';
import { WXR_PATH, wordpressExport } from './wxr.ts';

export interface PublishInput {
  site: SiteView;
  outDir: string;
  address: PublicAddress;
  meta: FeedMeta;
  assets: Iterable<HashedAsset>;
  csp: string;
  /** Root-relative URLs of the pages Eleventy wrote (for the sitemap). */
  pageUrls: Iterable<string>;
  /** Jams whose recap downloads are in the output already (copied from the page cache, site/page-cache.ts). */
  recapDownloadsWritten?: ReadonlySet<string>;
}

const SAFE_PATH = /^\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Write `bytes` at root-relative `path` under `outDir` (a path the site made, checked anyway). */
function put(outDir: string, path: string, bytes: string | Uint8Array): void {
  if (!SAFE_PATH.test(path)) throw new Error(`refusing to write "${path}": not a plain path`);
  const file = join(outDir, ...path.slice(1).split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

export function writePublishFiles(input: PublishInput): void {
  const { site, outDir, address } = input;
  for (const a of input.assets) put(outDir, a.url, a.bytes);
  // Pictures saved with the exports, by content hash: two jams showing the same bytes share one file.
  for (const jam of site.jams) for (const m of jam.media) put(outDir, m.url, m.bytes);
  put(outDir, '/feed.json', `${JSON.stringify(jsonFeed(site, input.meta, address), null, 2)}\n`);
  put(outDir, apiIndexPath(), stableJson(apiIndex(site, address, input.meta.title, input.meta.lang)));
  for (const jam of site.jams) put(outDir, apiJamPath(jam.slug), stableJson(apiJam(jam, address, input.meta.lang)));
  const recap = { address, lang: input.meta.lang };
  for (const jam of site.jams) {
    if (input.recapDownloadsWritten?.has(jam.slug)) continue;
    for (const f of recapDownloadFiles(jam, recap)) put(outDir, downloadPath(jam, f.name), f.bytes);
  }
  put(outDir, WXR_PATH, wordpressExport(site, input.meta, recap));
  put(outDir, GHOST_PATH, stableJson(ghostExport(site, recap)));
  if (address.baseUrl) put(outDir, '/sitemap.xml', sitemapXml(sitemapPages(input.pageUrls), address));

  const top = readdirSync(outDir, { withFileTypes: true });
  const rules = headerRules({
    pathPrefix: address.pathPrefix,
    siteCsp: input.csp,
    downloadCsp: HTML_CSP,
    topDirs: top.filter((e) => e.isDirectory()).map((e) => e.name),
    topFiles: top.filter((e) => e.isFile()).map((e) => e.name),
  });
  put(outDir, '/_headers', headersFile(rules));
}
