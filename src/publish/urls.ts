/**
 * Addresses of the published site. The model and the templates write
 * root-relative URLs (`/jams/<slug>/`) as if the site were served from `/`;
 * pages get the path prefix from Eleventy's HTML base plugin (it rewrites
 * every URL attribute of every HTML page). What leaves the pages — feeds,
 * the sitemap, the JSON API, embeds pasted into other sites — is rewritten
 * here: with the prefix, and absolute when the site's origin is known.
 */
import { loadFullCheerio } from '../import/cheerio-lazy.ts';
import { rewritePlainHtml } from './plain-html.ts';

export interface PublicAddress {
  /** Origin (`https://example.org`) or ''. */
  baseUrl: string;
  /** `/` or `/recaps/`. */
  pathPrefix: string;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** `/jams/x/` -> `/recaps/jams/x/` (only root-relative paths change). */
export function prefixedPath(url: string, pathPrefix: string): string {
  if (!url.startsWith('/') || url.startsWith('//') || pathPrefix === '/') return url;
  return pathPrefix.replace(/\/$/, '') + url;
}

/** A root-relative URL as readers elsewhere reach it: prefixed, and absolute when the origin is known. */
export function publicUrl(url: string, address: PublicAddress): string {
  const path = prefixedPath(url, address.pathPrefix);
  return address.baseUrl && path.startsWith('/') && !path.startsWith('//') ? address.baseUrl + path : path;
}

/**
 * Any URL found in the site's own HTML, taken out of the page at `pageUrl`
 * (root-relative, unprefixed): links to other sites and other schemes stay
 * as they are; relative ones ("#q1", "../x/") are resolved against the page;
 * the result goes through `to` (e.g. publicUrl).
 */
export function resolveSiteUrl(url: string, pageUrl: string, to: (rootRelative: string) => string): string {
  const raw = url.trim();
  if (!raw || SCHEME.test(raw) || raw.startsWith('//')) return url;
  const u = new URL(raw, `http://site.invalid${pageUrl}`);
  if (u.host !== 'site.invalid') return url;
  return to(u.pathname + u.search + u.hash);
}

/** The attributes that hold URLs in the HTML the site writes. */
const URL_ATTRIBUTES: [string, string][] = [
  ['a', 'href'],
  ['area', 'href'],
  ['link', 'href'],
  ['img', 'src'],
  ['script', 'src'],
  ['source', 'src'],
  ['iframe', 'src'],
  ['form', 'action'],
  ['blockquote', 'cite'],
  ['q', 'cite'],
];

/** tag -> its URL attribute, from URL_ATTRIBUTES. */
const URL_ATTRIBUTE_OF = new Map(URL_ATTRIBUTES);

/**
 * Rewrite every URL of an HTML fragment (the site's own markup: chat text
 * in it is already escaped) with `resolveSiteUrl`. Used for fragments that
 * are read somewhere else than on their page: feed entries, API summaries,
 * embeds. Unchanged when no URL changes; else serialized as parse5 does
 * (cheerio's default parser): without a DOM for the plain markup the site
 * writes (plain-html.ts, about 3x faster), with cheerio for anything else.
 */
export function rebaseHtml(html: string, pageUrl: string, to: (rootRelative: string) => string): string {
  if (!html) return html;
  const plain = rewritePlainHtml(html, (tag, name, value) => (URL_ATTRIBUTE_OF.get(tag) === name ? resolveSiteUrl(value, pageUrl, to) : value));
  if (plain) return plain.changed ? plain.html : html;
  return rebaseWithDom(html, pageUrl, to);
}

/**
 * rebaseHtml through cheerio's DOM (parse5): any HTML. cheerio (full, for
 * parse5's parsing and serialization) is loaded on the first call, so a
 * build whose markup all takes the plain path never loads it.
 */
export function rebaseWithDom(html: string, pageUrl: string, to: (rootRelative: string) => string): string {
  if (!html) return html;
  const $ = loadFullCheerio()(html, null, false);
  let changed = false;
  for (const [tag, attr] of URL_ATTRIBUTES) {
    $(`${tag}[${attr}]`).each((_, el) => {
      const before = $(el).attr(attr)!;
      const after = resolveSiteUrl(before, pageUrl, to);
      if (after !== before) {
        $(el).attr(attr, after);
        changed = true;
      }
    });
  }
  return changed ? $.html() : html;
}
