/**
 * What `jamrecap serve` shows in the browser about a build: the error page
 * served in place of every page while the build fails (each problem as
 * `file:line:col` with its message and the offending source line, a caret
 * under the column), and the small banner a page gets when its build
 * worked with warnings.
 *
 * Everything shown comes from the notes and exports, which are untrusted:
 * it is HTML-escaped, its control and bidirectional characters are shown
 * as escapes (`printable`), and a long line is cut to a window around the
 * column. The HTML is a pure function of the problems and the files they
 * name, so the same failure gives byte-identical pages. The page runs no
 * script of its own (the preview server adds its reload script, from its
 * own origin: `script-src 'self'`), and its style is a file of the preview
 * server (`style-src 'self'`, no inline style).
 */
import { readFileSync, statSync } from 'node:fs';
import { escapeHtml } from '../model/html.ts';
import { clipMessage, displayPath, printable, sortProblems, type Problem } from '../notes/problems.ts';

/** What one build of the preview came to. */
export interface BuildReport {
  /** Errors and warnings with their place. */
  problems: Problem[];
  /** An error that names no place in the content (Eleventy's own, a theme template's): its first lines, joined. */
  failure?: string;
}

/** The preview's own style sheet (error page and banner), served by the preview server. */
export const PREVIEW_CSS_PATH = '/.jamrecap/preview.css';

/** The error page's policy: nothing from anywhere but the preview server, which serves its style and reload script. */
export const ERROR_PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** Files larger than this are not read for their source line (a huge export). */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;
/** Characters of a source line shown before the column, and in all. */
const BEFORE_COLUMN = 60;
const SHOWN = 160;

export interface SourceLine {
  /** 1-based. */
  line: number;
  /** The line, escaped for one line of text, cut to a window around the column (`…` where cut). */
  text: string;
  /** Where the caret goes under `text`, in characters from its start. */
  caret: number;
}

/** A file's lines (BOM and CR taken off), or null when it is not a readable file of a sensible size. */
function readLines(file: string): string[] | null {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_SOURCE_BYTES) return null;
    const text = readFileSync(file, 'utf8');
    return (text.startsWith('\ufeff') ? text.slice(1) : text).split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  } catch {
    return null;
  }
}

/** Files' lines, each file read once however many problems it has. */
export type SourceCache = Map<string, string[] | null>;

/**
 * Line `line` of `file` around column `col`, shown safely; null when there
 * is no such file or line.
 */
export function sourceLine(file: string, line: number, col: number, cache: SourceCache = new Map()): SourceLine | null {
  if (!cache.has(file)) cache.set(file, readLines(file));
  const lines = cache.get(file);
  const raw = lines && line >= 1 && line <= lines.length ? lines[line - 1] : null;
  if (raw === null) return null;
  const chars = Array.from(raw);
  const at = Math.min(Math.max(col - 1, 0), chars.length);
  const start = Math.max(0, at - BEFORE_COLUMN);
  const end = Math.min(chars.length, start + SHOWN);
  const head = start > 0 ? '…' : '';
  const before = printable(chars.slice(start, at).join(''));
  const rest = printable(chars.slice(at, end).join(''));
  return { line, text: `${head}${before}${rest}${end < chars.length ? '…' : ''}`, caret: Array.from(head + before).length };
}

/** `file:line:col` as the terminal shows it. */
function place(p: Problem): string {
  return `${printable(displayPath(p.file))}:${p.line}:${p.col}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One problem: where, what, and the source line with a caret. */
function problemItem(p: Problem, sources: SourceCache | null): string {
  const src = sources ? sourceLine(p.file, p.line, p.col, sources) : null;
  const number = String(p.line);
  const excerpt = src
    ? `\n<pre class="source"><span class="gutter">${number} | </span>${escapeHtml(src.text)}\n<span class="gutter">${' '.repeat(number.length)} | </span>${' '.repeat(src.caret)}^</pre>`
    : '';
  return `<li class="${p.severity}"><p><code class="where">${escapeHtml(place(p))}</code> <span class="severity">${p.severity}</span> ${escapeHtml(printable(clipMessage(p.message)))}</p>${excerpt}</li>`;
}

function problemList(problems: Problem[], sources: SourceCache | null): string {
  return `<ol class="problems">\n${problems.map((p) => problemItem(p, sources)).join('\n')}\n</ol>`;
}

/** The page served for every page of the preview while its build fails. */
export function errorPageHtml(report: BuildReport): string {
  const sorted = sortProblems(report.problems);
  const errors = sorted.filter((p) => p.severity === 'error');
  const warnings = sorted.filter((p) => p.severity === 'warning');
  const counted = [errors.length ? plural(errors.length, 'error') : '', warnings.length ? plural(warnings.length, 'warning') : ''].filter(Boolean).join(' and ');
  const parts = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${ERROR_PAGE_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Preview: the build failed</title>',
    `<link rel="stylesheet" href="${PREVIEW_CSS_PATH}">`,
    '</head>',
    '<body class="jamrecap-build-failed">',
    '<main>',
    '<h1>The preview could not be built</h1>',
    `<p class="summary">${counted ? `${counted} in the content.` : 'The build failed.'} Fix ${errors.length > 1 ? 'them' : 'it'} and save: this page reloads by itself.</p>`,
  ];
  if (report.failure) parts.push(`<p class="failure">${escapeHtml(printable(report.failure))}</p>`);
  const sources: SourceCache = new Map();
  if (errors.length) parts.push('<h2>Errors</h2>', problemList(errors, sources));
  if (warnings.length) parts.push('<h2>Warnings</h2>', problemList(warnings, sources));
  parts.push('</main>', '</body>', '</html>', '');
  return parts.join('\n');
}

/** The banner a preview page gets when its build worked with warnings; empty without warnings. */
export function warningBannerHtml(problems: Problem[]): string {
  const warnings = sortProblems(problems.filter((p) => p.severity === 'warning'));
  if (!warnings.length) return '';
  return [
    `<link rel="stylesheet" href="${PREVIEW_CSS_PATH}">`,
    '<aside class="jamrecap-preview-warnings" lang="en"><details>',
    `<summary>${plural(warnings.length, 'warning')} (preview only)</summary>`,
    problemList(warnings, null),
    '</details></aside>',
  ].join('\n');
}

/** The style of the error page and the banner. */
export const PREVIEW_CSS = `.jamrecap-build-failed {
  margin: 0;
  font: 16px/1.5 system-ui, sans-serif;
  color: #1a1a1a;
  background: #fff;
}
.jamrecap-build-failed main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
.jamrecap-build-failed h1 { color: #a4161a; font-size: 1.6rem; }
.jamrecap-build-failed .failure { font-family: ui-monospace, monospace; white-space: pre-wrap; }
.problems { padding-left: 1.5rem; }
.problems li { margin: 0 0 1.25rem; }
.problems p { margin: 0 0 .25rem; overflow-wrap: anywhere; }
.problems .where { font-weight: bold; }
.problems .severity { text-transform: uppercase; font-size: .75rem; letter-spacing: .05em; padding: 0 .3em; border-radius: .2em; color: #fff; background: #a4161a; }
.problems .warning .severity { background: #8a5a00; }
.problems .source { margin: 0; padding: .5rem .75rem; background: #f4f4f4; border-left: 4px solid #a4161a; overflow-x: auto; font: 14px/1.4 ui-monospace, monospace; }
.problems .warning .source { border-left-color: #8a5a00; }
.problems .gutter { color: #777; }
.jamrecap-preview-warnings {
  position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483647;
  max-width: min(40rem, calc(100vw - 2rem)); max-height: 50vh; overflow: auto;
  font: 14px/1.4 system-ui, sans-serif; color: #1a1a1a;
  background: #fff8e1; border: 1px solid #8a5a00; border-radius: .4rem; padding: .4rem .8rem;
  box-shadow: 0 2px 8px rgba(0, 0, 0, .2);
}
.jamrecap-preview-warnings summary { cursor: pointer; font-weight: bold; color: #8a5a00; }
.jamrecap-preview-warnings .problems { margin: .5rem 0 0; }
.jamrecap-preview-warnings .problems li { margin: 0 0 .5rem; }
`;
