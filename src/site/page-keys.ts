/**
 * The keys of the page cache (page-cache.ts): what a jam's pages and a
 * person's page are a function of, as digests. A group is rendered again
 * exactly when its key changes.
 *
 * Key: sha256 of
 * - the page code version: package version and every source file of the
 *   stages that make pages (site, publish, notes, model, downloads, in the
 *   tree that runs), Node's zlib version (download sizes are shown), and
 *   every file of the theme layers in use (a publisher's theme folder too);
 * - the site context any page may show: the site's meta, base URL and path
 *   prefix, relative links (--relative), the site zip listed, drafts, the transcript page size (every message's link), the hashed asset URLs, the editor's pages (URL and
 *   title), and the jam list (slug, title, date, hashtag, stats, series)
 *   when the theme's cached pages name `site` (pagesShowSite: the
 *   shipped theme's do not, so a new jam does not re-render the others);
 * - the group's own data. A jam: its recap.md bytes, its transcript as
 *   the site shows it (redacted; it names each export's SHA-256), the
 *   exports kept for the archive, its pictures (content-hashed URLs), the
 *   redact list and its series (its link; the whole series when the
 *   theme's pages name `site`). A person: their whole PersonView (every
 *   message the page lists, each jam's title and date).
 *
 * The contract this gives a publisher's theme: a jam's pages may show the
 * jam, the site context above and anything in `siteMeta`; a person's page
 * may show the person and that context. A jam's page that showed another
 * jam's notes or messages, or the people list, would go stale after an
 * edit elsewhere: put such things on a site-wide page (or a page
 * paginated over `site.jams` rather than `site.render.jams`), which is
 * always rendered. And a page paginated over `site.render.*` must write
 * into its group's folder (`jams/<slug>/`, `participants/<slug>/`): only
 * those files are kept, so a cached jam's page elsewhere would be missing.
 *
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cacheVersion, codeVersion } from './cache.ts';
import type { JamModel } from './model.ts';
import type { PersonView, SiteModel } from './site.ts';
import { personPartStats } from './views/person-parts.ts';

/** What every page may show besides its own group's data (see the contract in the comment at the top). */
export interface PageContext {
  /** The theme layers in use, the override's first (every file of each is hashed). */
  themeDirs: string[];
  siteMeta: unknown;
  baseUrl: string;
  pathPrefix: string;
  drafts: boolean;
  /** Theme name -> hashed URL. */
  assets: Record<string, string>;
  /** The handles that opted out (redact.yml). */
  redact: string[];
  /** The site's language (siteMeta.lang): the recap downloads' options, with the address. */
  lang: string;
  /** Where transcripts are split into pages (SiteOptions.transcriptPageBytes): every message's link. */
  transcriptPageBytes: number;
  /** Links relative to each page (SiteOptions.relative): every URL of every page differs. */
  relative?: boolean;
  /** The recap lists the jam's site zip (SiteOptions.siteZips). */
  siteZips?: boolean;
}

const PAGE_CODE_DIRS = ['src/site', 'src/publish', 'src/notes', 'src/model', 'src/downloads'];

/** The page code version (without the theme, which may change between builds of one process). */
export function pagesVersion(): string {
  return codeVersion(`jamrecap-pages zlib ${process.versions.zlib}`, PAGE_CODE_DIRS);
}

/** What the keys need of the theme layers in use: a digest of every file (names and bytes), and whether its cached pages name `site` (`pagesShowSite`). */
export interface ThemeFacts {
  digest: string;
  showsSite: boolean;
}

/** The theme layers' facts, in one walk that reads each file once (in a fixed order). */
export function themeFacts(dirs: string[]): ThemeFacts {
  const h = createHash('sha256');
  let showsSite = false;
  const walk = (dir: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(dir, p);
      else if (e.isFile()) {
        const bytes = readFileSync(join(dir, p));
        h.update(`${p}\0`).update(bytes).update('\0');
        if (!showsSite && TEMPLATE_FILE.test(e.name)) showsSite = namesSite(p, bytes.toString('utf8'));
      }
    }
  };
  for (const [i, dir] of dirs.entries()) {
    h.update(`layer ${i}\0`);
    walk(dir, '');
  }
  return { digest: h.digest('hex'), showsSite };
}

/** `site` named in a template other than as `site.render` (linear: no nested quantifiers). */
const SITE_REFERENCE = /(?<![\w.$])site(?![\w$])(?!\s*\.\s*render\b)/;
const TEMPLATE_FILE = /\.(?:njk|html|md|liquid)$/;

/**
 * Whether the cached pages of these theme layers may show the site's lists
 * (`site.jams`, `site.series`, `site.seriesOf(...)`, ...): a layout or
 * partial, or a page paginated over `site.render`, that names `site` other
 * than as `site.render`. The shipped theme's do not (a recap links its
 * series through `jam.seriesHref`), so adding a jam re-renders only its own
 * pages and its people's; a theme whose pages do show the lists gets them
 * in every key, so each jam added or changed re-renders every page.
 * (Pages not paginated over `site.render` are always rendered: not looked at.)
 */
export function pagesShowSite(themeDirs: string[]): boolean {
  return themeFacts(themeDirs).showsSite;
}

/** A template (`rel`: its path in its layer) whose output may be cached (not a page rendered every build) names `site` other than as `site.render`. */
function namesSite(rel: string, text: string): boolean {
  const alwaysRendered = rel.startsWith('pages/') && !text.includes('site.render.');
  return !alwaysRendered && templateCode(text).some((code) => SITE_REFERENCE.test(code.replace(STRING_LITERAL, '""')));
}

/** String literals in template code ('site.css' is no reference). */
const STRING_LITERAL = /'[^'\n]*'|"[^"\n]*"/g;

/** The code of a template's `{{ }}` and `{% %}` tags (not its text or `{# #}` comments), found with indexOf: linear. */
function templateCode(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf('{', at);
    if (open === -1 || open + 1 >= text.length) return out;
    const kind = text[open + 1];
    if (kind !== '{' && kind !== '%' && kind !== '#') {
      at = open + 1;
      continue;
    }
    const close = text.indexOf(kind === '{' ? '}}' : `${kind}}`, open + 2);
    if (close === -1) return out;
    if (kind !== '#') out.push(text.slice(open + 2, close));
    at = close + 2;
  }
}

/** The site context every page may show, as one digest (the jam list only when the theme's cached pages may show it). */
export function contextDigest(site: SiteModel, ctx: PageContext, theme: ThemeFacts): string {
  const jams = theme.showsSite ? site.jams.map((j) => [j.slug, j.title, j.href, j.date, j.dateLabel, j.startsAt, j.hashtag, j.stats, site.seriesOf(j.slug)?.href ?? null]) : null;
  const pages = site.pages.map((p) => [p.url, p.title]);
  const assets = Object.keys(ctx.assets).sort().map((k) => [k, ctx.assets[k]]);
  const context = JSON.stringify([ctx.siteMeta, ctx.baseUrl, ctx.pathPrefix, ctx.drafts, ctx.transcriptPageBytes, !!ctx.relative, !!ctx.siteZips, assets, [...ctx.redact].sort(), pages, jams]);
  return createHash('sha256').update(`${pagesVersion()}\0${theme.digest}\0`).update(context).digest('hex');
}

/**
 * A jam's own data, as one digest. The transcript is named by what makes
 * it (cheaper than its JSON): the import code's version (cacheVersion),
 * each export's name, size and SHA-256 (its sources), and the notes (the
 * import options are in recap.md); redaction by the redact list (in the
 * context).
 */
export function jamDigest(jam: JamModel, site: SiteModel, showsSite: boolean): string {
  const h = createHash('sha256');
  h.update(readFileSync(jam.recapPath)).update('\0');
  const sources = jam.transcriptSources.map((s) => [s.file, s.bytes, s.sha256]);
  h.update(JSON.stringify([cacheVersion(), sources, jam.exportPaths.map((p) => relative(dirname(jam.recapPath), p)), jam.media.map((m) => m.url), showsSite ? (site.seriesOf(jam.slug) ?? null) : jam.seriesHref]));
  return h.digest('hex');
}

/** Counters for tests: jams whose messages were hashed (built afresh: a restored model has its people's digests: views/person-parts.ts). */
export const pageKeyStats = personPartStats;

/** Per jam model, by handle key: the digest of their part of their person page (worked out once per model: `serve` keeps the models of the jams nobody touched). */
const personJamDigests = new WeakMap<JamModel, Map<string, string>>();

/**
 * A person's page data, as one digest: their handle, name and counts, and
 * per jam their part of the page (a function of that jam's model and
 * their key, site.ts buildPeople: kept per model), its messages named by
 * their places in the jam and by the digest of all their messages there
 * (views/person-parts.ts, worked out when the model was built).
 */
export function personDigest(p: PersonView, jams: ReadonlyMap<string, JamModel>): string {
  const parts = p.jams.map((j) => {
    const model = jams.get(j.slug);
    let digests = model ? personJamDigests.get(model) : undefined;
    if (model && !digests) personJamDigests.set(model, (digests = new Map()));
    const known = digests?.get(p.key);
    if (known) return known;
    // The groups by their messages' places (the digest above names the messages): no message is looked up.
    const shape = { ...j, groups: j.groups.map((g) => ({ id: g.id, label: g.label, href: g.href, at: g.at })) };
    const digest = createHash('sha256').update(JSON.stringify(shape)).update(`\0${model?.personParts.get(p.key)?.digest ?? ''}`).digest('hex');
    digests?.set(p.key, digest);
    return digest;
  });
  const { jams: _all, ...header } = p;
  return createHash('sha256').update(JSON.stringify([header, parts])).digest('hex');
}
