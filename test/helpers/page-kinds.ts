/**
 * The kinds of page a built site has (home, recap, transcript, the
 * participant indexes, a person, a series, the search page, an editor's
 * own page), told apart by their site paths, and one page of each: what the
 * screenshots script shoots and the browser tests open.
 */

/** Every kind of page, in the order they are shown. */
export const PAGE_KINDS = ['home', 'recap', 'transcript', 'participants', 'jamParticipants', 'person', 'series', 'search', 'editor'] as const;

export type PageKind = (typeof PAGE_KINDS)[number];

/** The top-level folders of the theme's own pages: an editor's page (`content/about.md` -> `/about/`) is any other. */
const THEME_FOLDERS = new Set(['jams', 'participants', 'series', 'search', 'api', 'assets', 'cards', 'media', 'pagefind', 'export']);

/** The kind of the page at site path `path` ("/jams/x/"), or null for pages of no kind here (downloads, embeds). */
export function pageKind(path: string): PageKind | null {
  if (path === '/') return 'home';
  if (/^\/jams\/[^/]+\/$/.test(path)) return 'recap';
  if (/^\/jams\/[^/]+\/transcript\//.test(path)) return 'transcript';
  if (path === '/participants/') return 'participants';
  if (/^\/jams\/[^/]+\/participants\/$/.test(path)) return 'jamParticipants';
  if (/^\/participants\/[^/]+\/$/.test(path)) return 'person';
  if (/^\/series\/[^/]+\/$/.test(path)) return 'series';
  if (path === '/search/') return 'search';
  const top = /^\/([^/]+)\/$/.exec(path);
  if (top && !THEME_FOLDERS.has(top[1])) return 'editor';
  return null;
}

/**
 * One page of each kind among `paths` (site paths, sorted: the first of a
 * kind wins), in PAGE_KINDS order; kinds the site lacks are left out.
 */
export function onePagePerKind(paths: readonly string[]): Map<PageKind, string> {
  const found = new Map<PageKind, string>();
  for (const path of paths) {
    const kind = pageKind(path);
    if (kind && !found.has(kind)) found.set(kind, path);
  }
  return new Map(PAGE_KINDS.filter((k) => found.has(k)).map((k) => [k, found.get(k)!]));
}
