/**
 * Nothing in the content folder runs code. Eleventy would run code from
 * plenty of places in its input folder: `.njk` (and every other template
 * language) pages, `templateEngineOverride` and `eleventyComputed` in front
 * matter, `_data/*.js`, template and directory data files
 * (`about.11tydata.js`, `jams/jams.js`), a real folder where the theme's
 * virtual pages sit. The Eleventy configuration (eleventy.ts) reads none of
 * them: every file of the content folder is ignored as a template, no data
 * file is read, the global data folder is not the content's. This module is
 * the other half: it reads what a content folder may hold, the way recap
 * notes are read, and reports everything else as an error at its
 * `file:line:col` (1:1 for a file that must not exist, the key's position for
 * a key), so `check` and `build` say why instead of silently skipping it.
 *
 * What a content folder may hold:
 * - `jams/<slug>/` with `recap.md` and the exports (read by jam.ts);
 * - `redact.yml` (redact.ts) and `_data/siteMeta.json` (theme.ts: plain JSON);
 * - pages: `<name>.md` at the top of the folder, published at `/<name>/`.
 *   A page is Markdown only (no template engine, raw HTML shown as text),
 *   with YAML front matter holding only `title` (and a plain `permalink`);
 *   it gets the theme's base layout, with the site's Content-Security-Policy,
 *   like every page.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { languageProblem, parseFrontMatterYaml, splitFrontMatter } from '../notes/frontmatter.ts';
import { renderMarkdown } from '../notes/markdown.ts';
import { problem, type Problem } from '../notes/problems.ts';
import { VIRTUAL_PAGES_DIR } from './theme.ts';
import { SAFE_PERMALINK } from './content-pages.ts';

/** An editor's page (`content/about.md` -> `/about/`), ready for the theme's `page.njk`. */
export interface ContentPage {
  /** The file name without `.md`: the page's address. */
  name: string;
  title: string;
  /** Root-relative: `/about/` (or the page's plain `permalink`). */
  url: string;
  /** The body as HTML (renderMarkdown: raw HTML escaped, `{{ }}` left as text). */
  html: string;
  sourcePath: string;
}

export interface ContentScan {
  pages: ContentPage[];
  problems: Problem[];
}

/** A page's name: its address, so the same rule as a jam's slug (lower-case, digits, `-`, `_`). */
const PAGE_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,79})$/;
/** Names taken by the theme's own pages and files (and names Windows reserves). */
const RESERVED_PAGE_NAMES = new Set(['index', 'jams', 'participants', 'api', 'assets', 'feed', 'sitemap', 'download', 'embed', 'con', 'prn', 'aux', 'nul']);
/** Front matter keys a page may have (`permalink`: a plain path or false, see content-pages.ts). */
const PAGE_KEYS = new Set(['title', 'permalink']);

/** Files Eleventy would run or render as templates (any template language, JavaScript data). */
const TEMPLATE_FILE = /\.(?:njk|liquid|html?|hbs|handlebars|mustache|ejs|haml|pug|jade|jstl|webc|11ty\.[cm]?[jt]sx?|[cm]?[jt]sx?)$/i;
const CODE_FILE = /\.(?:[cm]?[jt]sx?)$/i;
/** Template and directory data files (`about.11tydata.json`, `jams/jams.11tydata.js`). */
const ELEVENTY_DATA = /\.11tydata\.[^./]+$/i;
/** Folders at the top of the content folder that are not pages. */
const JAMS = 'jams';
const DATA = '_data';
/** Old layouts: never read (build.ts warns that they are unused). */
const OLD_INCLUDES = '_includes';
const SITE_META = 'siteMeta.json';

const atStart = (file: string, message: string): Problem => problem(file, 1, 1, message);

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

const isHidden = (name: string) => name.startsWith('.') || name === 'node_modules';

/** Code and data files anywhere under `dir` (a jam folder, `_data`, or an unknown folder). */
function codeInTree(dir: string, depth: number, problems: Problem[], inJam: (path: string) => boolean): void {
  if (depth > 20) return;
  const dirName = basename(dir);
  for (const e of entries(dir)) {
    if (isHidden(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      codeInTree(path, depth + 1, problems, inJam);
      continue;
    }
    if (ELEVENTY_DATA.test(e.name)) {
      problems.push(atStart(path, `Eleventy data files are refused: the content folder holds data, never code or computed data; delete "${e.name}"`));
    } else if (CODE_FILE.test(e.name) && (!inJam(dir) || e.name.replace(/\.[^.]+$/, '') === dirName)) {
      problems.push(atStart(path, `JavaScript is refused in the content folder: nothing there runs code; delete "${e.name}"`));
    } else if (!inJam(dir) && TEMPLATE_FILE.test(e.name)) {
      problems.push(atStart(path, `templates are refused in the content folder: a page is Markdown, "<name>.md" at the top of the content folder; delete "${e.name}"`));
    } else if (!inJam(dir) && /\.md$/i.test(e.name)) {
      problems.push(atStart(path, `pages sit at the top of the content folder ("<name>.md", published at "/<name>/"); move or delete "${e.name}"`));
    }
  }
}

/** A page's front matter: YAML with `title` only. */
function readPage(file: string): { page: ContentPage | null; problems: Problem[] } {
  const name = basename(file).replace(/\.md$/i, '');
  const problems: Problem[] = [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { page: null, problems: [atStart(file, `cannot read the page: ${(err as Error).message}`)] };
  }
  if (!PAGE_NAME.test(name) || !basename(file).endsWith('.md')) {
    problems.push(atStart(file, `a page's file name is its address: use "<name>.md" with 1-80 lower-case letters, digits, "-" and "_"`));
  } else if (RESERVED_PAGE_NAMES.has(name)) {
    problems.push(atStart(file, `"${name}" is taken by the site's own pages: rename the page`));
  }
  const split = splitFrontMatter(text, file);
  if (!split.block) {
    problems.push(atStart(file, 'no front matter: a page starts with a "---" line, then "title: ...", then "---"'));
    return { page: null, problems };
  }
  const { block } = split;
  const lang = languageProblem(block.language);
  if (lang) return { page: null, problems: [...problems, atStart(file, lang)] };
  const { doc, pos, problems: yamlProblems } = parseFrontMatterYaml(block.source, file, block.line);
  problems.push(...yamlProblems);
  if (!doc || yamlProblems.length) return { page: null, problems };
  const contents = doc.contents;
  let title: string | null = null;
  let permalink: string | false | null = null;
  let unsafe = false;
  if (!isMap(contents)) {
    problems.push(problem(file, block.line, 1, 'front matter must be keys and values: "title: ..."'));
    return { page: null, problems };
  }
  for (const pair of contents.items) {
    const key = pair.key;
    const at = pos(key as { range?: [number, number, number] });
    const keyName = isScalar(key) ? String(key.value) : null;
    if (keyName === null || !PAGE_KEYS.has(keyName)) {
      const why =
        keyName === 'eleventyComputed'
          ? 'computed data runs code'
          : keyName === 'templateEngineOverride'
            ? 'a page is Markdown, never a template'
            : keyName === 'layout'
              ? 'every page has the theme\'s layout'
              : 'a page\'s front matter holds only "title" (and a plain "permalink")';
      problems.push(problem(file, at.line, at.col, `key ${keyName === null ? '(not a name)' : `"${keyName}"`} is not allowed in a page: ${why}`));
      continue;
    }
    const value = pair.value;
    if (keyName === 'permalink') {
      // A plain path, or false (not published). Anything else (template
      // tags, a newline) is reported by contentPageProblems at its value.
      const v = isScalar(value) ? value.value : undefined;
      if (v === false) permalink = false;
      else if (typeof v === 'string' && SAFE_PERMALINK.test(v) && v.replace(/\//g, '')) permalink = v.startsWith('/') ? v : `/${v}`;
      else unsafe = true;
      continue;
    }
    if (isScalar(value) && typeof value.value === 'string' && value.value.trim()) title = value.value;
    else {
      const v = pos((value as { range?: [number, number, number] } | null) ?? (key as { range?: [number, number, number] }));
      problems.push(problem(file, v.line, v.col, '"title" must be text'));
    }
  }
  if (title === null && !problems.some((p) => /"title"/.test(p.message))) problems.push(problem(file, block.line, 1, 'missing required key "title"'));
  if (problems.length || title === null || unsafe || permalink === false) return { page: null, problems };
  return { page: { name, title, url: permalink ?? `/${name}/`, html: renderMarkdown(block.body), sourcePath: file }, problems };
}

/**
 * Everything in the content folder outside the jams' notes: the pages, and
 * every file that would run code or is not jamrecap's (errors). Never throws.
 */
export function scanContentFolder(contentDirIn: string): ContentScan {
  const contentDir = resolve(contentDirIn);
  const problems: Problem[] = [];
  const pages: ContentPage[] = [];
  const jamsDir = join(contentDir, JAMS);
  // Inside a jam folder any export may sit (an `.html` page, a `.json` file):
  // only Eleventy data files and a directory data file named like its folder are refused.
  const inJam = (dir: string) => dir.startsWith(jamsDir + sep);
  for (const e of entries(contentDir)) {
    if (isHidden(e.name)) continue;
    const path = join(contentDir, e.name);
    if (e.isDirectory()) {
      if (e.name === OLD_INCLUDES) continue;
      if (e.name === VIRTUAL_PAGES_DIR) {
        problems.push(atStart(path, `"${VIRTUAL_PAGES_DIR}" is where jamrecap's theme pages live: a folder of that name is refused; delete it`));
        continue;
      }
      if (e.name === DATA) {
        for (const d of entries(path)) {
          if (isHidden(d.name) || d.name === SITE_META) continue;
          const p = join(path, d.name);
          if (CODE_FILE.test(d.name)) problems.push(atStart(p, `JavaScript data files are refused: nothing in the content folder runs code; only _data/${SITE_META} is read`));
          else if (d.isDirectory()) codeInTree(p, 1, problems, () => false);
          else problems.push(problem(p, 1, 1, `not used: only _data/${SITE_META} is read from _data/`, 'warning'));
        }
        continue;
      }
      codeInTree(path, 1, problems, e.name === JAMS ? inJam : () => false);
      continue;
    }
    if (!e.isFile()) continue;
    if (ELEVENTY_DATA.test(e.name)) {
      problems.push(atStart(path, `Eleventy data files are refused: the content folder holds data, never code or computed data; delete "${e.name}"`));
    } else if (CODE_FILE.test(e.name) || TEMPLATE_FILE.test(e.name)) {
      problems.push(
        atStart(path, CODE_FILE.test(e.name) ? `JavaScript is refused in the content folder: nothing there runs code; delete "${e.name}"` : `templates are refused in the content folder: a page is Markdown ("<name>.md"); delete or rename "${e.name}"`),
      );
    } else if (/\.md$/i.test(e.name)) {
      const r = readPage(path);
      problems.push(...r.problems);
      if (r.page) pages.push(r.page);
    }
  }
  return { pages, problems };
}
