/**
 * `sitemap.xml` (https://www.sitemaps.org/protocol.html): every page a
 * search engine should index, sorted. The protocol requires absolute URLs,
 * so there is no sitemap without --base-url (the build says so). Embed
 * previews are left out: they repeat the recap and say `noindex`; so is the
 * search page, a form with no content of its own.
 */
import { escapeHtml } from '../model/html.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { publicUrl, type PublicAddress } from './urls.ts';

/** Root-relative page URLs that belong in the sitemap: HTML pages except embeds and the search page. */
export function sitemapPages(urls: Iterable<string>): string[] {
  const pages = new Set<string>();
  for (const u of urls) {
    if (!u.startsWith('/') || !(u.endsWith('/') || u.endsWith('.html'))) continue;
    // Embeds are parts of other pages; the search page is a form, no content of its own.
    if (/\/embed\//.test(u) || u.endsWith('/search/')) continue;
    pages.add(u);
  }
  return [...pages].sort();
}

export function sitemapXml(pages: string[], address: PublicAddress): string {
  if (!address.baseUrl) throw new Error('a sitemap needs absolute URLs: give --base-url');
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  // Page paths are plain (check refuses other permalinks); a character XML forbids is dropped all the same.
  for (const p of pages) lines.push(`<url><loc>${escapeHtml(stripXmlIllegal(publicUrl(p, address)))}</loc></url>`);
  lines.push('</urlset>', '');
  return lines.join('\n');
}
