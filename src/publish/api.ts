/**
 * The JSON API, for a CMS or another site that shows recaps itself:
 *
 * - `/api/jams.json`: every published jam, newest first: title, date,
 *   hashtag, hosts, counts, and the URLs of its recap, transcript,
 *   participants, embeds, API document and downloads;
 * - `/api/jams/<slug>.json`: one recap: the introduction and each
 *   question's summary as HTML (the same escaped HTML as on the page), and
 *   the featured messages (id, author, time, plain text, original URL, where
 *   the transcript shows it).
 *
 * Deterministic: keys sorted at every level, arrays in the site's order,
 * nothing that depends on when or where the build ran. URLs are public
 * (prefixed; absolute with --base-url). `version` changes only when a field
 * changes meaning or goes away.
 */
import { recapDownloadViews } from './recap-downloads.ts';
import type { JamView, MessageView, QuoteView, RecapBlock, SiteView } from './site-view.ts';
import { publicUrl, rebaseHtml, type PublicAddress } from './urls.ts';

export const API_VERSION = 1;

export const apiIndexPath = (): string => '/api/jams.json';
export const apiJamPath = (slug: string): string => `/api/jams/${slug}.json`;
export const embedPath = (jam: { href: string }): string => `${jam.href}embed/`;

/** JSON with every object's keys sorted (stable bytes), two-space indent, final newline. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Every file of the jam's download folder: the recap's own two, then the transcript's. */
function jamUrls(jam: JamView, address: PublicAddress, lang: string) {
  const url = (u: string) => publicUrl(u, address);
  const downloads = [...recapDownloadViews(jam, { address, lang }), ...jam.downloads];
  return {
    recap: url(jam.href),
    transcript: url(jam.transcriptHref),
    participants: url(jam.participantsHref),
    embed: url(embedPath(jam)),
    api: url(apiJamPath(jam.slug)),
    downloads: downloads.map((d) => ({ name: d.name, url: url(d.href), bytes: d.bytes, mediaType: d.mediaType })),
  };
}

function counts(jam: JamView) {
  return { ...jam.stats };
}

/** What `/api/jams.json` lists for one jam. */
function jamSummary(jam: JamView, address: PublicAddress, lang: string) {
  return {
    slug: jam.slug,
    title: jam.title,
    date: jam.date,
    startsAt: jam.startsAt,
    timezone: jam.timezone,
    hashtag: jam.hashtag,
    hosts: jam.hosts.map((h) => h.handle),
    counts: counts(jam),
    urls: jamUrls(jam, address, lang),
  };
}

/** `lang`: the site's language (the recap's web page download carries it, so its size does too). */
export function apiIndex(site: SiteView, address: PublicAddress, title: string, lang = 'en'): Record<string, unknown> {
  return {
    version: API_VERSION,
    site: { title, url: publicUrl('/', address) },
    jams: site.jams.map((jam) => jamSummary(jam, address, lang)),
  };
}

function featuredMessage(v: MessageView, texts: ReadonlyMap<string, string>, address: PublicAddress) {
  return {
    id: v.id,
    author: { handle: v.handle, name: v.name, url: v.personHref ? publicUrl(v.personHref, address) : null },
    time: v.time,
    question: v.question === 'none' ? null : v.question,
    text: texts.get(v.id) ?? '',
    url: v.url,
    transcriptUrl: publicUrl(v.href, address),
  };
}

export function apiJam(jam: JamView, address: PublicAddress, lang = 'en'): Record<string, unknown> {
  const html = (blocks: RecapBlock[]) =>
    rebaseHtml(
      blocks.filter((b) => b.html !== undefined).map((b) => b.html).join(''),
      jam.href,
      (u) => publicUrl(u, address),
    );
  const featured = (list: QuoteView[]) => list.map((qv) => featuredMessage(qv.message, jam.quotedTexts, address));
  const introQuotes = jam.introBlocks.flatMap((b) => (b.quote ? [b.quote] : []));
  return {
    version: API_VERSION,
    ...jamSummary(jam, address, lang),
    intro: { html: html(jam.introBlocks), featured: featured(introQuotes) },
    questions: jam.questionSummaries.map((q) => ({
      id: q.id,
      title: q.title,
      text: q.text,
      heading: q.heading,
      summaryHtml: html(q.blocks),
      featured: featured(q.featured),
      answers: q.answerCount,
      askedBy: q.asked ? q.asked.handle : null,
      urls: {
        recap: publicUrl(q.href, address),
        embed: publicUrl(`${embedPath(jam)}${q.anchor}/`, address),
        transcript: q.transcriptHref ? publicUrl(q.transcriptHref, address) : null,
      },
    })),
  };
}
