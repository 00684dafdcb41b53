/**
 * `/export/ghost.json`: every published recap as a Ghost post, in Ghost's
 * import format (Settings > Labs > Import content; "Developer migration
 * docs": `{db: [{meta: {exported_on, version}, data: {posts, tags,
 * posts_tags}}]}`). Posts carry `html`: Ghost's importer converts it into
 * its editor's format itself (posts importer: a post with `html` and no
 * `mobiledoc`/`lexical` is converted), so no editor format is written here.
 *
 * Within Ghost's own limits (its schema): a title of at most 255
 * characters, a custom excerpt of at most 300, tag names of at most 191
 * that do not start with "," — and never with "#", which makes a tag
 * internal (hidden) in Ghost. Ids are file-local (Ghost makes its own),
 * derived from the slugs so they do not change from build to build; no
 * users: Ghost gives the posts to the site's owner.
 *
 * Deterministic: `exported_on` is the newest recap's time, never the clock.
 */
import { sha256Hex } from '../model/ids.ts';
import { cmsPosts, cmsTags, newestTime, type CmsTag } from './cms-post.ts';
import type { RecapDownloadOptions } from './recap-downloads.ts';
import type { SiteView } from './site-view.ts';

export const GHOST_PATH = '/export/ghost.json';
/** The Ghost version the file is written for (the importer reads 2.x-era files onward; this is 5's shape). */
export const GHOST_VERSION = '5.0.0';
export const GHOST_LIMITS = { title: 255, excerpt: 300, tagName: 191, slug: 191 } as const;

/** At most `max` characters (code points), cut at a space when there is one near the end, with "…". */
export function clip(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > cut.length * 0.6 ? cut.slice(0, space) : cut}…`;
}

const fileId = (kind: string, slug: string) => sha256Hex(`${kind}:${slug}`).slice(0, 24);

function ghostTag(t: CmsTag) {
  return { id: fileId('tag', t.slug), name: clip(t.name.replace(/^[#,\s]+/, ''), GHOST_LIMITS.tagName) || t.slug, slug: t.slug.slice(0, GHOST_LIMITS.slug) };
}

export function ghostExport(site: SiteView, options: RecapDownloadOptions): Record<string, unknown> {
  const posts = cmsPosts(site, options);
  return {
    db: [
      {
        meta: { exported_on: newestTime(posts), version: GHOST_VERSION },
        data: {
          posts: posts.map((p) => ({
            id: fileId('post', p.slug),
            title: clip(p.title, GHOST_LIMITS.title),
            slug: p.slug,
            html: p.html,
            type: 'post',
            status: 'published',
            visibility: 'public',
            created_at: p.publishedAt,
            updated_at: p.publishedAt,
            published_at: p.publishedAt,
            custom_excerpt: p.excerpt ? clip(p.excerpt, GHOST_LIMITS.excerpt) : null,
          })),
          tags: cmsTags(posts).map(ghostTag),
          posts_tags: posts.flatMap((p) => p.tags.map((t, i) => ({ post_id: fileId('post', p.slug), tag_id: fileId('tag', t.slug), sort_order: i }))),
        },
      },
    ],
  };
}
