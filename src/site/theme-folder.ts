/**
 * A publisher's theme folder: the look of the site, kept apart from the
 * content the editors write. It sits beside the content folder
 * (`<content>/../theme/`) or is named with `--theme DIR`, and holds files
 * shaped like the shipped `theme/`: each one replaces the shipped file of
 * the same path, and every file it does not hold still comes from jamrecap.
 *
 *   _includes/**      layouts (`layouts/base.njk`) and partials (`macros.njk`)
 *   pages/*.njk       the site's pages (`recap.njk`, `index.njk`, ... or new ones)
 *   assets/*          styles, images and fonts, published with hashed names
 *   embed.css         the embeds' stylesheet
 *
 * A theme is the publisher's own code (a Nunjucks template can do anything
 * its author writes), but it is never a way in for a program: only
 * templates (.njk, .html, .md), stylesheets, JSON, images and fonts are
 * taken. JavaScript (.js, .cjs, .mjs, .ts, ...), Eleventy data files
 * (`*.11tydata.*`) and every other kind of file are refused, each with its
 * file named, like the content folder's rules (content-folder.ts). Files of
 * an accepted kind in a place jamrecap does not read are warnings.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { problem, type Problem } from '../notes/problems.ts';

/** The theme shipped with jamrecap. */
export const SHIPPED_THEME_DIR = fileURLToPath(new URL('../../theme/', import.meta.url));

/** The folder beside the content folder that holds a publisher's theme, when there is one. */
export const SIBLING_THEME = 'theme';

/** What a theme may hold, by kind. */
const TEMPLATES = new Set(['.njk', '.html', '.md']);
const STATIC = new Set(['.css', '.json', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg', '.ico', '.woff', '.woff2', '.ttf', '.otf']);
const CODE = /\.(?:[cm]?[jt]sx?)$/i;
const ELEVENTY_DATA = /\.11tydata\.[^./]+$/i;
/** An asset's name becomes part of its URL: plain characters only. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_DEPTH = 20;

/** The folders a theme's files are looked up in, the publisher's first. */
export interface ThemeLayers {
  /** The publisher's theme folder (absolute), or null: the shipped theme alone. */
  override: string | null;
  /** Search order: the override (when there is one), then the shipped theme. */
  dirs: string[];
}

const sameFolder = (a: string, b: string): boolean => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
};

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The publisher's theme folder: `given` (`--theme DIR`), else `theme/`
 * beside the content folder when it exists; null when there is none, or
 * when that folder is jamrecap's own theme (the project's example content).
 */
export function themeOverrideDir(contentDir: string, given?: string | null): string | null {
  const dir = given ? resolve(given) : resolve(contentDir, '..', SIBLING_THEME);
  if (!given && !isDir(dir)) return null;
  return sameFolder(dir, SHIPPED_THEME_DIR) ? null : dir;
}

export function themeLayers(contentDir: string, given?: string | null): ThemeLayers {
  const override = themeOverrideDir(contentDir, given);
  return { override, dirs: override && isDir(override) ? [override, SHIPPED_THEME_DIR] : [SHIPPED_THEME_DIR] };
}

/** The file at `rel` (a theme path, `/`-separated): the override's when it has one, else the shipped one. */
export function themeFile(layers: ThemeLayers, rel: string): string {
  for (const dir of layers.dirs) {
    const path = join(dir, ...rel.split('/'));
    if (existsSync(path) && statSync(path).isFile() && isTaken(rel)) return path;
  }
  return join(SHIPPED_THEME_DIR, ...rel.split('/'));
}

/** A file of an accepted kind (not code, not an Eleventy data file). */
function isTaken(rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (ELEVENTY_DATA.test(name) || CODE.test(name)) return false;
  const ext = extname(name).toLowerCase();
  return TEMPLATES.has(ext) || STATIC.has(ext);
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/** Theme paths (`/`-separated, sorted) of the accepted files under `sub` in any layer, each once. */
export function themeFiles(layers: ThemeLayers, sub: string, opts: { deep?: boolean; ext?: string } = {}): string[] {
  const found = new Set<string>();
  const walk = (dir: string, rel: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const e of entries(dir)) {
      if (e.name.startsWith('.')) continue;
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (opts.deep) walk(join(dir, e.name), r, depth + 1);
      } else if (isTaken(r) && (!opts.ext || e.name.endsWith(opts.ext))) found.add(r);
    }
  };
  for (const dir of layers.dirs) walk(join(dir, sub), sub, 0);
  return [...found].sort();
}

/** Where an accepted file of a theme is read from, or why it is not. */
function placeProblem(rel: string): string | null {
  const parts = rel.split('/');
  const [top] = parts;
  const ext = extname(rel).toLowerCase();
  if (top === '_includes') return TEMPLATES.has(ext) ? null : 'not used: _includes/ holds layouts and partials (.njk, .html, .md); stylesheets, images and fonts go in assets/';
  if (top === 'pages') return parts.length === 2 && ext === '.njk' ? null : 'not used: pages/ holds the site\'s pages as "<name>.njk", directly in it';
  if (top === 'assets') {
    if (parts.length !== 2) return 'not used: assets/ holds files directly in it (no subfolders)';
    return ASSET_NAME.test(parts[1]) ? null : `an asset's name is part of its address: rename "${parts[1]}" to letters, digits, ".", "-" and "_"`;
  }
  if (parts.length === 1 && rel === 'embed.css') return null;
  if (parts.length === 1 && ext === '.md') return null; // the theme's own notes (README.md)
  if (rel === '_data/siteMeta.json') return "not used: the site's title and language go in the content folder's _data/siteMeta.json";
  return 'not used: a theme holds _includes/ (layouts, partials), pages/, assets/ (styles, images, fonts) and embed.css';
}

/**
 * Every file of the theme folder that is refused (errors: code, Eleventy
 * data files, unknown kinds, an asset name that is not a plain file name)
 * or not used (warnings), at `file:1:1`. A `given` folder that does not
 * exist is an error too. Never throws.
 */
export function themeProblems(contentDir: string, given?: string | null): Problem[] {
  const dir = themeOverrideDir(contentDir, given);
  if (!dir) return [];
  if (!isDir(dir)) return [problem(dir, 1, 1, `no theme folder ${dir}: give a folder holding _includes/, pages/ or assets/ with --theme DIR (jamrecap eject-theme copies the shipped one)`)];
  const problems: Problem[] = [];
  const walk = (path: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const e of entries(path)) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const file = join(path, e.name);
      if (e.isDirectory()) {
        walk(file, depth + 1);
        continue;
      }
      const rel = relative(dir, file).split(sep).join('/');
      const message = refusal(e.name);
      if (message) {
        problems.push(problem(file, 1, 1, message));
        continue;
      }
      const place = placeProblem(rel);
      if (place) problems.push(problem(file, 1, 1, place, place.startsWith('not used') ? 'warning' : 'error'));
    }
  };
  walk(dir, 0);
  return problems;
}

/** Why a theme file is refused for its kind, or null when it is taken. */
function refusal(name: string): string | null {
  if (ELEVENTY_DATA.test(name)) return `Eleventy data files are refused in a theme: a theme holds templates, styles, images and fonts, never code or computed data; delete "${name}"`;
  if (CODE.test(name)) return `JavaScript is refused in a theme: nothing in it runs as a program (templates, styles, images and fonts only); delete "${name}"`;
  if (!isTaken(name)) {
    return `"${name}" is refused in a theme: only templates (.njk, .html, .md), stylesheets (.css), JSON, images (.png, .jpg, .gif, .webp, .avif, .svg, .ico) and fonts (.woff, .woff2, .ttf, .otf) are taken; delete it`;
  }
  return null;
}
