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

export function problem(file: string, line: number, col: number, message: string, severity: ProblemSeverity = 'error'): Problem {
  return { severity, file, line: Math.max(1, line), col: Math.max(1, col), message };
}

/** The path as the user will want to read it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `file:line:col: message` (warnings say so). */
export function formatProblem(p: Problem, cwd?: string): string {
  return `${displayPath(p.file, cwd)}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
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
  constructor(readonly problems: Problem[]) {
    const errors = sortProblems(problems.filter((p) => p.severity === 'error'));
    super(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the jams' notes:\n${errors.map((p) => formatProblem(p)).join('\n')}`);
    this.name = 'SiteError';
  }
}
