/**
 * The editor's own pages: templates (`.md`, `.njk`) in the content folder
 * outside `jams/` (an "about" page). Their `permalink` decides where a page
 * is written, and that path ends up in `_headers` and the sitemap, so only a
 * plain path is accepted: `/`-separated segments of letters, digits, `.`,
 * `_` and `-` (not starting with `.` or `-`), or `false` (no page). A newline
 * there would otherwise add rules of its own to `_headers` (a header for
 * every path of the site on Netlify and Cloudflare Pages); spaces, `..`,
 * `{{ }}` and `%` are refused with it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar } from 'yaml';
import { parseFrontMatterYaml, splitFrontMatter } from '../notes/frontmatter.ts';
import { problem, shownValue, type Problem } from '../notes/problems.ts';


const SEGMENT = '[A-Za-z0-9_][A-Za-z0-9._-]*';
/** A plain permalink: `/about/`, `about/index.html`, `/notes.html`. */
export const SAFE_PERMALINK = new RegExp(`^/?(?:${SEGMENT}/)*(?:${SEGMENT})?$`);

const SKIP_DIRS = new Set(['jams', '_includes', '_data', 'node_modules']);
const TEMPLATE = /\.(md|njk)$/;

/** The templates of the content folder outside `jams/`, `_includes/`, `_data/` and hidden folders. */
export function contentTemplates(dir: string, depth = 0): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!(depth === 0 && SKIP_DIRS.has(e.name)) && depth < 20) out.push(...contentTemplates(path, depth + 1));
    } else if (e.isFile() && TEMPLATE.test(e.name)) out.push(path);
  }
  return out;
}

/** An unsafe `permalink` in any content page's front matter, at its `file:line:col`. */
export function contentPageProblems(contentDir: string): Problem[] {
  const problems: Problem[] = [];
  for (const file of contentTemplates(contentDir)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.replace(/^\uFEFF/, '').startsWith('---')) continue;
    const { block } = splitFrontMatter(text, file);
    if (!block) continue;
    const { doc, pos } = parseFrontMatterYaml(block.source, file, block.line);
    if (!doc || !isMap(doc.contents)) continue;
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || pair.key.value !== 'permalink') continue;
      const value = pair.value;
      const v = isScalar(value) ? value.value : undefined;
      if (v === false || (typeof v === 'string' && SAFE_PERMALINK.test(v))) continue;
      const at = pos((value as { range?: [number, number, number] } | null) ?? pair.key);
      problems.push(
        problem(file, at.line, at.col, `permalink ${shownValue(v === undefined ? '(not a text)' : v)} is not a plain path: use "/"-separated letters, digits, ".", "_" and "-" (no spaces, newlines, ".." or template tags), or false`),
      );
    }
  }
  return problems;
}
