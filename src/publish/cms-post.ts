/**
 * A recap as a CMS post, what the WordPress (wxr.ts) and Ghost (ghost.ts)
 * exports both carry: title, slug, date, excerpt, tags (the hashtag and
 * each host as "@handle") and the content: the recap's body followed by
 * its downloads, with public links (absolute with --base-url).
 *
 * Tag slugs are plain ASCII (`socbizchat`, `cmswire`); names that fold to
 * the same slug (or to none) each get a short hash of the name instead, so
 * a slug depends only on its name and on the other tag names of the site.
 */
import { loadFullCheerio } from '../import/cheerio-lazy.ts';
import { sha256Hex } from '../model/ids.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { plainHtmlText } from './plain-html.ts';
import { downloadsHtml, publicHtml, recapBodyHtml } from './recap-content.ts';
import { recapDownloadViews, recapOptionsKey, type RecapDownloadOptions } from './recap-downloads.ts';
import type { JamView, SiteView } from './site-view.ts';

export interface CmsTag {
  name: string;
  slug: string;
}

export interface CmsPost {
  jam: JamView;
  title: string;
  slug: string;
  /** The start, UTC ISO. */
  publishedAt: string;
  /** The introduction's first paragraph as plain text. */
  excerpt: string;
  /** Public HTML: body, then downloads. */
  html: string;
  tags: CmsTag[];
}

/** Tag names of a jam: its hashtag, then its hosts as "@handle". */
export function jamTagNames(jam: JamView): string[] {
  const names = [jam.hashtag.replace(/^#/, ''), ...jam.hosts.map((h) => `@${h.handle}`)].map((n) => stripXmlIllegal(n).trim()).filter(Boolean);
  return [...new Set(names)];
}

const foldTag = (name: string) => name.normalize('NFC').toLowerCase();

function asciiSlug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** Slug of every tag name of the site (see the top of this file). */
export function tagSlugs(names: Iterable<string>): Map<string, string> {
  const all = [...new Set(names)];
  const count = new Map<string, number>();
  for (const n of all) count.set(asciiSlug(n), (count.get(asciiSlug(n)) ?? 0) + 1);
  return new Map(
    all.map((n) => {
      const s = asciiSlug(n);
      const hash = sha256Hex(n.normalize('NFC')).slice(0, 8);
      return [n, !s ? `tag-${hash}` : count.get(s)! > 1 ? `${s}-${hash}` : s];
    }),
  );
}

/** The text of parse5's DOM of a fragment, through cheerio (full, parse5 mode), loaded on the first call. */
function domText(html: string): string {
  return loadFullCheerio()(html, null, false).root().text();
}

/**
 * Plain text of an HTML fragment, whitespace collapsed: the text of the
 * fragment's DOM as parse5 builds it. The markup the site writes (markdown-it's)
 * is read without a DOM (plainHtmlText), its line breaks normalized first as
 * the parser's input stream does (CR LF and CR become LF: the same DOM);
 * anything else goes through cheerio.
 */
export function plainText(html: string): string {
  return html ? (plainHtmlText(html.replace(/\r\n?/g, '\n')) ?? domText(html)).replace(/\s+/g, ' ').trim() : '';
}

const cache = new WeakMap<SiteView, { key: string; posts: CmsPost[] }>();

/** Every published recap as a post, in the site's order (newest first); made once per site and address. */
export function cmsPosts(site: SiteView, options: RecapDownloadOptions): CmsPost[] {
  const key = JSON.stringify([options.address.baseUrl, options.address.pathPrefix, options.lang ?? '']);
  const hit = cache.get(site);
  if (hit && hit.key === key) return hit.posts;
  const posts = makePosts(site, options);
  cache.set(site, { key, posts });
  return posts;
}

/** A post's excerpt and HTML, by jam and address (`serve` keeps the views of the jams nobody touched: their posts are not made again). */
const bodies = new WeakMap<JamView, { key: string; excerpt: string; html: string }>();

function postBody(jam: JamView, options: RecapDownloadOptions): { excerpt: string; html: string } {
  const key = recapOptionsKey(options);
  const known = bodies.get(jam);
  if (known?.key === key) return known;
  const body = {
    key,
    excerpt: stripXmlIllegal(plainText(jam.teaserHtml)),
    html: publicHtml(recapBodyHtml(jam) + downloadsHtml(jam, recapDownloadViews(jam, options)), jam, options.address),
  };
  bodies.set(jam, body);
  return body;
}

function makePosts(site: SiteView, options: RecapDownloadOptions): CmsPost[] {
  // Hashtags and handles ignore case: "#SocBizChat" and "#socbizchat" are one tag, spelled as first seen.
  const spelling = new Map<string, string>();
  for (const n of site.jams.flatMap(jamTagNames)) if (!spelling.has(foldTag(n))) spelling.set(foldTag(n), n);
  const slugs = tagSlugs(spelling.values());
  const tag = (n: string): CmsTag => {
    const name = spelling.get(foldTag(n))!;
    return { name, slug: slugs.get(name)! };
  };
  return site.jams.map((jam) => {
    const { excerpt, html } = postBody(jam, options);
    return {
      jam,
      title: stripXmlIllegal(jam.title.trim()) || jam.slug,
      slug: jam.slug,
      publishedAt: new Date(jam.startsAt).toISOString(),
      excerpt,
      html,
      tags: [...new Map(jamTagNames(jam).map((n) => [foldTag(n), tag(n)])).values()],
    };
  });
}

/** Every tag of the site, sorted by slug. */
export function cmsTags(posts: CmsPost[]): CmsTag[] {
  const bySlug = new Map<string, CmsTag>();
  for (const p of posts) for (const t of p.tags) bySlug.set(t.slug, t);
  return [...bySlug.values()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** The newest post's time (ms), or 0: what "exported on" means for a build that must not read the clock. */
export function newestTime(posts: CmsPost[]): number {
  return posts.reduce((n, p) => Math.max(n, Date.parse(p.publishedAt)), 0);
}
