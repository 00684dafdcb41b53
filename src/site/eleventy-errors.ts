/**
 * What an error thrown by an Eleventy build says, as problems an editor or
 * publisher can act on: the jams' problems a SiteError carries (also when
 * Eleventy wrapped it), and a template's Nunjucks error
 * (`(path) [Line L, Column C]\n  message`) at the `file:line:col` of the
 * real theme file, the publisher's override or the shipped one, not the
 * virtual path Eleventy knows it by. Anything else is a `failure`: the
 * first line of each error in the chain, without repeats. Never a stack.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorLine, problem, sortProblems, type Problem } from '../notes/problems.ts';
import { SHIPPED_THEME_DIR, themeFile, themeLayers } from './theme-folder.ts';
import { VIRTUAL_PAGES_DIR } from './theme.ts';

export interface ExplainedError {
  problems: Problem[];
  /** An error that names no place, in one line. */
  failure?: string;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  problems?: unknown;
  originalError?: unknown;
  cause?: unknown;
}

/** The error and those it wraps (Eleventy's `originalError`, `cause`), outermost first. */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  for (let e = err as ErrorLike | undefined; e && typeof e === 'object' && out.length < 10; e = (e.originalError ?? e.cause) as ErrorLike | undefined) out.push(e);
  return out;
}

const NUNJUCKS_PLACE = /^\((.+?)\) \[Line (\d+), Column (\d+)\]\r?\n\s*([^\n]*)/;

/** Lines of front matter Eleventy takes off a template before Nunjucks counts lines (0 without any). */
function frontMatterLines(file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 0;
  }
  if (!/^---\r?\n/.test(text)) return 0;
  const lines = text.split('\n', 500);
  const end = lines.findIndex((l, i) => i > 0 && l.replace(/\r$/, '') === '---');
  return end < 0 ? 0 : end + 1;
}

/** The theme file behind Eleventy's path of a template (`…/_jamrecap-theme/_includes/x.njk`, `…/_jamrecap-theme/recap.njk`). */
function realTemplateFile(path: string, contentDir: string, theme?: string | null): string {
  const at = path.lastIndexOf(`${VIRTUAL_PAGES_DIR}/`);
  if (at < 0) return resolve(path);
  const rest = path.slice(at + VIRTUAL_PAGES_DIR.length + 1);
  return themeFile(themeLayers(contentDir, theme), rest.startsWith('_includes/') ? rest : `pages/${rest}`);
}

/** A template's error at its place in the real file, or null when the message names none. */
function templateProblem(e: ErrorLike, contentDir: string, theme?: string | null): Problem | null {
  const m = NUNJUCKS_PLACE.exec(String(e.message ?? ''));
  if (!m) return null;
  const file = realTemplateFile(m[1], contentDir, theme);
  const what = errorLine(m[4]).trim() || 'an error';
  const message = file.startsWith(SHIPPED_THEME_DIR)
    ? `jamrecap's template does not render: ${what} (a bug in jamrecap: please report it)`
    : `the template does not render: ${what}; fix it, or delete it from the theme folder to use the shipped one`;
  return problem(file, Number(m[2]) + frontMatterLines(file), Number(m[3]), message);
}

/** What went wrong in an Eleventy build, as problems where it can say where. */
export function explainEleventyError(err: unknown, contentDir: string, theme?: string | null): ExplainedError {
  const errors = chain(err);
  for (const e of errors) {
    if (e.name === 'SiteError' && Array.isArray(e.problems)) return { problems: sortProblems(e.problems as Problem[]) };
  }
  for (const e of errors) {
    const p = templateProblem(e, contentDir, theme);
    if (p) return { problems: [p] };
  }
  const lines: string[] = [];
  for (const e of errors) {
    const line = errorLine(String(e.message ?? e));
    if (line && !lines.includes(line)) lines.push(line);
  }
  return { problems: [], failure: lines.join(': ') || 'unknown error' };
}
