/**
 * The theme: layouts, pages, styles and the site's defaults, shipped with
 * jamrecap in `theme/` so that a content folder holds only what editors
 * write (`jams/<slug>/`). Eleventy reads the content folder as its input;
 * the theme reaches it four ways (Eleventy 3 has no virtual data files, and
 * virtual templates do not work for `{% include %}`d partials):
 *
 * - `theme/_includes/`: the layouts become virtual templates in the
 *   includes folder, the partials are found by Nunjucks' loader;
 * - `theme/pages/*.njk` become virtual templates (`addTemplate`), with the
 *   data their old directory data file gave them;
 * - `theme/_data/siteMeta.json` is global data added by the config, which a
 *   content folder's own `_data/siteMeta.json` still overrides;
 * - `theme/assets/*` are copied with content-hashed names (site.css ->
 *   site.<hash8>.css): their names are known before any page renders.
 *
 * `theme/embed.css` is not an asset: it travels inside every embed.
 *
 * A publisher's theme folder (theme-folder.ts) lies over the shipped one
 * file by file: every function here takes the layers and reads each file
 * from the first layer that has it. The layouts are virtual templates in a
 * virtual includes folder (so Eleventy's own layout resolution finds the
 * override's `layouts/base.njk` or else the shipped one), and the partials
 * that templates `{% include %}` or `{% import %}` are found by Nunjucks in
 * the layers' `_includes/` folders, the override's first.
 */
import { createHash } from 'node:crypto';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { sha256Hex } from '../model/ids.ts';
import { readSiteMeta } from '../notes/site-meta.ts';
import { hasErrors, SiteError } from '../notes/problems.ts';
import { PAGE_TITLE_OF } from './nunjucks-page-title.ts';
import { SHIPPED_THEME_DIR, themeFile, themeFiles, type ThemeLayers } from './theme-folder.ts';

export const THEME_DIR = SHIPPED_THEME_DIR;
export const THEME_INCLUDES = join(THEME_DIR, '_includes');
/** The shipped theme alone (no publisher's theme folder). */
export const SHIPPED_THEME: ThemeLayers = { override: null, dirs: [THEME_DIR] };

/**
 * Where the theme's pages sit among the content's templates (a virtual
 * folder: never on disk, so it cannot clash with an editor's file).
 */
export const VIRTUAL_PAGES_DIR = '_jamrecap-theme';
/** Eleventy's includes folder (relative to the input): virtual too, holding the layouts. */
export const VIRTUAL_INCLUDES_DIR = `${VIRTUAL_PAGES_DIR}/_includes`;

export interface ThemePage {
  /** Path relative to Eleventy's input folder. */
  virtualPath: string;
  content: string;
  data: Record<string, unknown>;
}

type PageData = Record<string, unknown>;

/** Titles as plain strings (the layout escapes them once). */
function pageTitle(data: PageData): string | undefined {
  const d = data as { tp?: { jamTitle: string; count: number; number: number }; person?: { handle: string }; series?: { hashtag: string }; jam?: { title: string }; contentPage?: { title: string }; title?: string };
  if (d.contentPage) return d.contentPage.title;
  if (d.tp) return `Transcript: ${d.tp.jamTitle}${d.tp.count > 1 ? ` (page ${d.tp.number} of ${d.tp.count})` : ''}`;
  if (d.person) return `@${d.person.handle}`;
  if (d.series) return `#${d.series.hashtag}`;
  if (d.jam) return `Who took part: ${d.jam.title}`;
  return d.title;
}

const DEFAULT_PAGE_DATA: PageData = { layout: 'layouts/base.njk', [PAGE_TITLE_OF]: pageTitle };

/**
 * Data each page gets besides its front matter (what a directory data file
 * would give). Eleventy lets this data replace front matter key by key, so
 * no key here is also in the page's front matter. `pageTitleOf` titles the
 * page when it renders (nunjucks-page-title.ts).
 */
const PAGE_DATA: Record<string, PageData> = {
  'recap.njk': { [PAGE_TITLE_OF]: (d: PageData) => (d.jam as { title: string }).title },
  'embed.njk': { [PAGE_TITLE_OF]: (d: PageData) => `Embed: ${(d.jam as { title: string }).title}` },
  'embed-question.njk': {
    // One embed per question of every jam rendered (page-cache.ts).
    pagination: {
      data: 'site.render.jams',
      size: 1,
      alias: 'embed',
      before: (jams: { questions: unknown[] }[]) => jams.flatMap((jam) => jam.questions.map((question) => ({ jam, question }))),
    },
    [PAGE_TITLE_OF]: (d: PageData) => {
      const e = d.embed as { jam: { title: string }; question: { id: string } };
      return `Embed: ${e.jam.title}, ${e.question.id}`;
    },
  },
  // Its front matter says everything (no layout, no title).
  'feed.xml.njk': {},
};

/** Every page of the theme, ready for `eleventyConfig.addTemplate`. */
export function themePages(layers: ThemeLayers = SHIPPED_THEME): ThemePage[] {
  return themeFiles(layers, 'pages', { ext: '.njk' }).map((rel) => {
    const name = rel.slice('pages/'.length);
    return {
      virtualPath: `${VIRTUAL_PAGES_DIR}/${name}`,
      content: readFileSync(themeFile(layers, rel), 'utf8'),
      data: PAGE_DATA[name] ?? DEFAULT_PAGE_DATA,
    };
  });
}

/**
 * The layouts (every template under `_includes/`), as virtual templates in
 * the virtual includes folder: `layout: layouts/base.njk` resolves to the
 * override's file when it has one.
 */
export function themeLayouts(layers: ThemeLayers = SHIPPED_THEME): ThemePage[] {
  return themeFiles(layers, '_includes', { deep: true, ext: '.njk' }).map((rel) => ({
    virtualPath: `${VIRTUAL_INCLUDES_DIR}/${rel.slice('_includes/'.length)}`,
    content: readFileSync(themeFile(layers, rel), 'utf8'),
    data: {},
  }));
}

/** Where Nunjucks looks for `{% include %}` and `{% import %}`: each layer's `_includes/`, the override's first. */
export function themeIncludeDirs(layers: ThemeLayers = SHIPPED_THEME): string[] {
  return layers.dirs.map((dir) => join(dir, '_includes')).filter((dir) => existsSync(dir));
}

export interface SiteMeta {
  title: string;
  lang: string;
  description?: string;
  [key: string]: unknown;
}

/**
 * The site's title and language: the theme's defaults, overridden key by
 * key by the content folder's `_data/siteMeta.json` (Eleventy reads that file
 * too, as global data; the feeds and the API, written outside Eleventy,
 * read it here).
 */
export function siteMetaFor(contentDir: string): SiteMeta {
  const read = (file: string): Record<string, unknown> => {
    if (!existsSync(file)) return {};
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}: expected a JSON object`);
    return value as Record<string, unknown>;
  };
  const meta = { ...read(join(THEME_DIR, '_data', 'siteMeta.json')), ...checkedSiteMeta(contentDir) };
  // Both reach feed.xml: characters XML forbids are dropped.
  return { ...meta, title: stripXmlIllegal(String(meta.title ?? '')), lang: String(meta.lang ?? 'en'), ...(meta.description ? { description: stripXmlIllegal(String(meta.description)) } : {}) };
}

/** The content folder's siteMeta.json, checked (src/notes/site-meta.ts): an error stops the build with its file:line:col. */
function checkedSiteMeta(contentDir: string): Record<string, unknown> {
  const { values, problems } = readSiteMeta(contentDir);
  if (hasErrors(problems)) throw new SiteError(problems);
  return values;
}

export type { HashedAsset } from '../publish/site-view.ts';
import type { HashedAsset } from '../publish/site-view.ts';
import { searchPageCsp } from '../publish/headers.ts';

/** Length of the content hash in asset names (8 hex digits: 32 bits, plenty for a handful of files). */
export const ASSET_HASH_LENGTH = 8;

export function contentHash(bytes: Uint8Array): string {
  return sha256Hex(bytes).slice(0, ASSET_HASH_LENGTH);
}

/** `site.css` + bytes -> `assets/site.<hash8>.css`. */
export function hashedAsset(name: string, bytes: Buffer): HashedAsset {
  const ext = extname(name);
  const hash = contentHash(bytes);
  const file = `assets/${basename(name, ext)}.${hash}${ext}`;
  return { name, file, url: `/${file}`, hash, bytes };
}

/** The theme's assets with their hashed names, by theme name (each from the first layer that has it). */
export function themeAssets(layers: ThemeLayers = SHIPPED_THEME): Map<string, HashedAsset> {
  const out = new Map<string, HashedAsset>();
  for (const rel of themeFiles(layers, 'assets')) {
    const name = rel.slice('assets/'.length);
    out.set(name, hashedAsset(name, readFileSync(themeFile(layers, rel))));
  }
  return out;
}

/**
 * The embeds' stylesheet, every rule under `.jamrecap-embed`: it travels
 * inside the pasted fragment as a `<style>` element, so it must not touch
 * the host page outside the article.
 */
export function embedCss(layers: ThemeLayers = SHIPPED_THEME): string {
  return readFileSync(themeFile(layers, 'embed.css'), 'utf8').trim();
}

/** `'sha256-...'` of a `<style>` element's text, for the Content-Security-Policy. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The site's Content-Security-Policy, the same in every page's meta and in
 * `_headers`: nothing from other origins, no script at all (the site ships
 * none, so `script-src 'none'`: a script that reached a page anyway, or a
 * file uploaded next to the site, never runs), and no inline style except
 * the embeds' one stylesheet, allowed by its hash so the embed previews
 * render as pasted.
 */
export function siteCsp(embedStyle: string): string {
  return `default-src 'self'; script-src 'none'; style-src 'self' ${cspHash(embedStyle)}; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** The search page's Content-Security-Policy: the site's, with its scripts and WASM allowed (publish/headers.ts searchPageCsp, which `_headers` gives it too). */
export function searchCsp(embedStyle: string): string {
  return searchPageCsp(siteCsp(embedStyle));
}
