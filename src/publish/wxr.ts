/**
 * `/export/wordpress.xml`: every published recap as a WordPress post, in
 * WordPress eXtended RSS 1.2 (WXR), the file WordPress's own exporter
 * writes and its importer (Tools > Import > WordPress) reads. WXR has no
 * published schema; this writes what the importer's parser reads
 * (wordpress-importer, parsers/class-wxr-parser-simplexml.php):
 * `wp:wxr_version` in the channel (the importer refuses a file without
 * it), the site's tags as `wp:tag`, and per item title, link, pubDate,
 * guid, `content:encoded`, `excerpt:encoded`, `wp:post_id`,
 * `wp:post_date` (the jam's local time in its zone) and `wp:post_date_gmt`,
 * `wp:post_name` (the slug), `wp:status` publish, `wp:post_type` post, and
 * `category domain="post_tag" nicename="<slug>"` per tag.
 *
 * No `dc:creator` and no `wp:author`: the importer gives the posts to the
 * user who imports them. Re-importing skips posts it already has (same
 * title and date).
 *
 * Titles and excerpts are HTML in WordPress (themes print them as they
 * are, and an administrator's import is not filtered), so they are written
 * HTML-escaped: "<script>" in a title shows as text. Text goes into CDATA
 * sections ("]]>" split across two of them) or is escaped; characters XML
 * forbids are dropped. Deterministic: the channel's date is the newest
 * recap's, never the clock's.
 */
import { DateTime } from 'luxon';
import { escapeHtml } from '../model/html.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { cmsPosts, cmsTags, newestTime, type CmsPost, type CmsTag } from './cms-post.ts';
import { feedId } from './feeds.ts';
import type { RecapDownloadOptions } from './recap-downloads.ts';
import type { SiteView } from './site-view.ts';
import { publicUrl, type PublicAddress } from './urls.ts';

export const WXR_VERSION = '1.2';
export const WXR_PATH = '/export/wordpress.xml';

export const WXR_NAMESPACES = {
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  wfw: 'http://wellformedweb.org/CommentAPI/',
  dc: 'http://purl.org/dc/elements/1.1/',
  wp: 'http://wordpress.org/export/1.2/',
} as const;

/** Text as one or more CDATA sections: "]]>" cannot occur inside one, so it is split across two. */
export function cdata(text: string): string {
  return `<![CDATA[${stripXmlIllegal(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Text as escaped character data (element content or a quoted attribute). */
export function xmlText(text: string): string {
  return escapeHtml(stripXmlIllegal(text));
}

/** RFC 822 date of RSS: `Wed, 24 Oct 2012 19:00:00 +0000`. */
export function rfc822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

/** WordPress's `Y-m-d H:i:s` of a UTC ISO time in `zone` ('UTC' for `post_date_gmt`). */
export function wpDate(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' });
  const local = zone === 'UTC' ? t : t.setZone(zone);
  return (local.isValid ? local : t).toFormat('yyyy-LL-dd HH:mm:ss');
}

export interface WxrMeta {
  title: string;
  lang: string;
  description?: string;
}

function tagXml(t: CmsTag, id: number): string {
  return `\t<wp:tag>\n\t\t<wp:term_id>${id}</wp:term_id>\n\t\t<wp:tag_slug>${cdata(t.slug)}</wp:tag_slug>\n\t\t<wp:tag_name>${cdata(t.name)}</wp:tag_name>\n\t</wp:tag>`;
}

function itemXml(p: CmsPost, postId: number, address: PublicAddress): string {
  const f = (name: string, value: string) => `\t\t<${name}>${cdata(value)}</${name}>`;
  return [
    '\t<item>',
    // WordPress reads a post's title and excerpt as HTML (themes print them as they are): escaped once for HTML, then for XML.
    `\t\t<title>${xmlText(escapeHtml(p.title))}</title>`,
    `\t\t<link>${xmlText(publicUrl(p.jam.href, address))}</link>`,
    `\t\t<pubDate>${rfc822(Date.parse(p.publishedAt))}</pubDate>`,
    `\t\t<guid isPermaLink="false">${xmlText(feedId(p.jam.href, address))}</guid>`,
    '\t\t<description></description>',
    f('content:encoded', p.html),
    f('excerpt:encoded', escapeHtml(p.excerpt)),
    `\t\t<wp:post_id>${postId}</wp:post_id>`,
    f('wp:post_date', wpDate(p.publishedAt, p.jam.timezone || 'UTC')),
    f('wp:post_date_gmt', wpDate(p.publishedAt, 'UTC')),
    f('wp:post_modified', wpDate(p.publishedAt, p.jam.timezone || 'UTC')),
    f('wp:post_modified_gmt', wpDate(p.publishedAt, 'UTC')),
    f('wp:comment_status', 'closed'),
    f('wp:ping_status', 'closed'),
    f('wp:post_name', p.slug),
    f('wp:status', 'publish'),
    '\t\t<wp:post_parent>0</wp:post_parent>',
    '\t\t<wp:menu_order>0</wp:menu_order>',
    f('wp:post_type', 'post'),
    f('wp:post_password', ''),
    '\t\t<wp:is_sticky>0</wp:is_sticky>',
    ...p.tags.map((t) => `\t\t<category domain="post_tag" nicename="${xmlText(t.slug)}">${cdata(t.name)}</category>`),
    '\t</item>',
  ].join('\n');
}

export function wordpressExport(site: SiteView, meta: WxrMeta, options: RecapDownloadOptions): string {
  const { address } = options;
  const posts = cmsPosts(site, options);
  const tags = cmsTags(posts);
  const home = publicUrl('/', address);
  const ns = Object.entries(WXR_NAMESPACES).map(([k, v]) => `\txmlns:${k}="${v}"`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- WordPress eXtended RSS (WXR) written by jamrecap: import it with Tools > Import > WordPress. -->',
    '<rss version="2.0"',
    ...ns,
    '>',
    '<channel>',
    `\t<title>${xmlText(meta.title)}</title>`,
    `\t<link>${xmlText(home)}</link>`,
    `\t<description>${xmlText(meta.description ?? '')}</description>`,
    `\t<pubDate>${rfc822(newestTime(posts))}</pubDate>`,
    `\t<language>${xmlText(meta.lang)}</language>`,
    `\t<wp:wxr_version>${WXR_VERSION}</wp:wxr_version>`,
    `\t<wp:base_site_url>${xmlText(address.baseUrl ? home : '')}</wp:base_site_url>`,
    `\t<wp:base_blog_url>${xmlText(address.baseUrl ? home : '')}</wp:base_blog_url>`,
    ...tags.map((t, i) => tagXml(t, i + 1)),
    '\t<generator>jamrecap</generator>',
    // Post ids count from the oldest recap: adding a newer one leaves the others' ids.
    ...posts.map((p, i) => itemXml(p, posts.length - i, address)),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
