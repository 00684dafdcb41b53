/**
 * Problems found in a jam's notes (front matter, quotes, exports), reported
 * the way editors and their editors' tools expect: `file:line:col: message`,
 * every problem of every jam in one run, so a build never stops at the first
 * mistake and leaves the editor to find the next one on the next run.
 */
import { isAbsolute, relative } from 'node:path';

export type ProblemSeverity = 'error' | 'warning';

export interface Problem {
  severity: ProblemSeverity;
  /** Path of the file the problem is in (absolute, or as given). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  message: string;
}

/** Control characters, line and paragraph separators, bidirectional controls: never printed raw. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g;

/** `text` with every control character escaped (`\n`, `\u001b`): safe on one terminal line. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A value echoed in a message: quoted, control characters escaped, cut to `max` characters. */
export function shownValue(value: unknown, max = 60): string {
  const text = typeof value === 'string' ? value : String(value);
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return `"${printable(cut).replace(/"/g, '\\"')}"`;
}

/** Longest quoted value a message echoes in full ("unknown key "kkkk…""): longer ones are cut. */
const MAX_QUOTED = 80;
/** Longest message printed: a problem is one line someone reads. */
const MAX_MESSAGE = 1000;

/** `message` with every quoted echo over MAX_QUOTED characters cut, and the whole cut to MAX_MESSAGE. */
export function clipMessage(message: string): string {
  // Quotes pair up left to right, as the messages write them.
  const clipped = message.replace(/"([^"\n]*)"/g, (whole, v: string) => {
    const chars = [...v];
    return chars.length > MAX_QUOTED ? `"${chars.slice(0, MAX_QUOTED - 20).join('')}…" (${chars.length} characters)` : whole;
  });
  return [...clipped].length > MAX_MESSAGE ? `${[...clipped].slice(0, MAX_MESSAGE).join('')}…` : clipped;
}

/**
 * An error for one terminal line: its first line only (never a stack or an
 * echoed file), quoted echoes cut, control characters escaped.
 */
export function errorLine(message: string): string {
  return printable(clipMessage(message.split('\n')[0]));
}

export function problem(file: string, line: number, col: number, message: string, severity: ProblemSeverity = 'error'): Problem {
  return { severity, file, line: Math.max(1, line), col: Math.max(1, col), message };
}

/** The path as the user will want to read it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `file:line:col: message` (warnings say so), long echoes cut, control characters escaped: one line per problem. */
export function formatProblem(p: Problem, cwd?: string): string {
  return `${printable(displayPath(p.file, cwd))}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${printable(clipMessage(p.message))}`;
}

/** Stable order: by file, then position, so two runs print the same report. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

export function hasErrors(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown when the site cannot be built; carries every problem found. */
export class SiteError extends Error {
  /** Eleventy prints no stack trace for it (`jamrecap serve`): the problems say all there is to say. */
  readonly skipOriginalStack = true;
  constructor(readonly problems: Problem[]) {
    const errors = sortProblems(problems.filter((p) => p.severity === 'error'));
    super(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the jams' notes:\n${errors.map((p) => formatProblem(p)).join('\n')}`);
    this.name = 'SiteError';
  }
}
