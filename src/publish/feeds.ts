/**
 * The feeds of published recaps, newest first: Atom (`/feed.xml`, a theme
 * template using the RSS plugin's date filter and Eleventy's base plugin
 * for links) and JSON Feed 1.1 (`/feed.json`, written here: JSON is built
 * with JSON.stringify, never with a template). Both carry the same entry
 * content: the recap's introduction and its list of questions, as HTML
 * (escaped into the Atom XML, a JSON string in the JSON Feed).
 *
 * Ids: the recap's absolute URL when the site's origin is known (the usual
 * choice, what readers expect), else `urn:jamrecap:jams/<slug>/` (and
 * `urn:jamrecap:site` for the feed): Atom ids must be absolute IRIs, and a
 * feed built without --base-url has no address to use. Links without a base
 * URL are root-relative, which readers resolve against the feed's own URL.
 */
import { escapeHtml } from '../model/html.ts';
import { dateToRfc3339 } from '../model/time-format.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import type { JamView, RecapBlock, SiteView } from './site-view.ts';
import { publicUrl, rebaseHtml, type PublicAddress } from './urls.ts';

export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

/** An entry's (or the feed's, for "/") permanent id. */
export function feedId(path: string, address: PublicAddress): string {
  return address.baseUrl ? publicUrl(path, address) : `urn:jamrecap:${path.replace(/^\/+/, '') || 'site'}`;
}

function blockHtml(b: RecapBlock): string {
  if (b.html !== undefined) return b.html;
  const m = b.quote.message;
  return `<blockquote><p>${m.textHtml}</p><p>— ${m.personHref ? `<a href="${escapeHtml(m.personHref)}">@${escapeHtml(m.handle)}</a>` : `@${escapeHtml(m.handle)}`}, <a href="${escapeHtml(m.href)}">${escapeHtml(m.timeLabel)}</a></p></blockquote>\n`;
}

/**
 * The entry's HTML: introduction, then the questions linking to their
 * sections, then where to read everything. Links are public (prefixed,
 * absolute with a base URL): feed readers show entries away from the site.
 */
export function feedEntryHtml(jam: JamView, address: PublicAddress): string {
  const parts = [...jam.introBlocks.map(blockHtml)];
  if (jam.questionSummaries.length) {
    parts.push('<ol>\n');
    for (const q of jam.questionSummaries) parts.push(`<li><a href="${escapeHtml(q.href)}">${escapeHtml(q.id)} · ${escapeHtml(q.title)}</a></li>\n`);
    parts.push('</ol>\n');
  }
  parts.push(
    `<p>${jam.stats.messages} messages from ${jam.stats.participants} participants: <a href="${escapeHtml(jam.href)}">the recap</a>, <a href="${escapeHtml(jam.transcriptHref)}">the transcript</a>.</p>\n`,
  );
  // The notes' Markdown may hold a control character XML forbids (the import strips the messages').
  return stripXmlIllegal(rebaseHtml(parts.join(''), jam.href, (u) => publicUrl(u, address)));
}

export interface FeedMeta {
  title: string;
  lang: string;
  description?: string;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of every published recap. */
export function jsonFeed(site: SiteView, meta: FeedMeta, address: PublicAddress): Record<string, unknown> {
  return {
    version: JSON_FEED_VERSION,
    title: meta.title,
    ...(meta.description ? { description: meta.description } : {}),
    home_page_url: publicUrl('/', address),
    feed_url: publicUrl('/feed.json', address),
    language: meta.lang,
    items: site.jams.map((jam) => ({
      id: feedId(jam.href, address),
      url: publicUrl(jam.href, address),
      title: jam.title,
      content_html: feedEntryHtml(jam, address),
      date_published: dateToRfc3339(new Date(jam.startsAt)),
      tags: [jam.hashtag],
      ...(jam.hosts.length ? { authors: jam.hosts.map((h) => ({ name: `@${h.handle}` })) } : {}),
    })),
  };
}
