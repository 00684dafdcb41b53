/**
 * The structure of a recap's Markdown body, as editors already write it:
 *
 *   Introduction ...
 *
 *   ## Q1 · Defining social business
 *   The editor's summary ...
 *   > @lehawes We need to focus on
 *   > 261150978995126275
 *   More summary ...
 *
 * Text before the first `## Qn` heading is the introduction. A blockquote
 * line naming `@handle` and the start of a message's text, or a message id,
 * is a quote reference (resolved against the transcript later); other
 * blockquotes are ordinary Markdown. A following `>` line that is not a
 * reference continues the quoted text (a long quote wrapped over lines).
 * Fenced code is left alone. Pure: no transcript, no rendering.
 */
import { problem, type Problem } from './problems.ts';
import { normalizeQuestionId } from '../model/question-id.ts';

export interface QuoteRef {
  kind: 'quote';
  /** The reference as written (for messages). */
  raw: string;
  /** Handle without "@", or null for an id reference. */
  handle: string | null;
  /** Start of the message text ('' for "any message by @handle"). */
  text: string;
  /** Message id, for an id reference. */
  id: string | null;
  line: number;
  col: number;
}

export interface MarkdownChunk {
  kind: 'markdown';
  text: string;
  line: number;
}

export type BodyBlock = QuoteRef | MarkdownChunk;

export interface BodySection {
  /** "Q1", or null for the introduction. */
  id: string | null;
  /** Text after `## Q1 ·`, if any. */
  heading: string | null;
  line: number;
  blocks: BodyBlock[];
}

export interface ParsedBody {
  intro: BodySection;
  sections: BodySection[];
  problems: Problem[];
}

/** `## Q1` and the rest of the line; `headingTitle` reads the rest (a regex there backtracked cubically on runs of spaces). */
const QUESTION_HEADING = /^ {0,3}##[ \t]+([QqTt]\d{1,4}[a-z]?)(?![\w])(.*)$/;
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const HEADING_SEPARATORS = new Set(['·', ':', '.', '-', '–', '—', '|']);

/**
 * The title after `## Q1`: without the spaces and the one separator (`·`, `:`, `-`, ...)
 * before it, nor the closing `#`s and spaces after it (CommonMark's closing sequence).
 */
export function headingTitle(rest: string): string {
  let start = 0;
  while (isBlank(rest[start])) start++;
  if (HEADING_SEPARATORS.has(rest[start])) start++;
  while (isBlank(rest[start])) start++;
  let end = rest.length;
  while (end > start && isBlank(rest[end - 1])) end--;
  while (end > start && rest[end - 1] === '#') end--;
  while (end > start && isBlank(rest[end - 1])) end--;
  return rest.slice(start, end);
}
const BLOCKQUOTE = /^( {0,3}>[ \t]?)(.*)$/;
const HANDLE_REF = /^@([A-Za-z0-9_]{1,30})(?:[ \t]+(.*))?$/;
const ID_REF = /^(\d{6,30}|h-[0-9a-f]{16})$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function parseRecapBody(body: string, bodyLine: number, file: string): ParsedBody {
  const problems: Problem[] = [];
  const intro: BodySection = { id: null, heading: null, line: bodyLine, blocks: [] };
  const sections: BodySection[] = [];
  const seen = new Map<string, number>();
  let current = intro;
  let md: string[] = [];
  let mdLine = bodyLine;
  let fence: string | null = null;
  let lastQuote: QuoteRef | null = null;

  const flush = () => {
    if (md.some((l) => l.trim())) current.blocks.push({ kind: 'markdown', text: md.join('\n'), line: mdLine });
    md = [];
  };
  const lines = body.split(/\r?\n/);
  lines.forEach((text, i) => {
    const line = bodyLine + i;
    if (fence) {
      if (text.trimStart().startsWith(fence)) fence = null;
      if (!md.length) mdLine = line;
      md.push(text);
      return;
    }
    const f = FENCE.exec(text);
    if (f) {
      fence = f[1].slice(0, 3);
      lastQuote = null;
      if (!md.length) mdLine = line;
      md.push(text);
      return;
    }
    const h = QUESTION_HEADING.exec(text);
    if (h) {
      flush();
      lastQuote = null;
      const id = normalizeQuestionId(h[1])!;
      const prior = seen.get(id);
      if (prior !== undefined) problems.push(problem(file, line, 1, `second "## ${id}" section (the first is on line ${prior})`));
      seen.set(id, line);
      current = { id, heading: headingTitle(h[2]).trim() || null, line, blocks: [] };
      sections.push(current);
      mdLine = line + 1;
      return;
    }
    const bq = BLOCKQUOTE.exec(text);
    if (bq) {
      const content = bq[2].trim();
      const col = bq[1].length + 1 + (bq[2].length - bq[2].trimStart().length);
      const hr = HANDLE_REF.exec(content);
      const ir = ID_REF.exec(content);
      if (hr || ir) {
        flush();
        lastQuote = hr
          ? { kind: 'quote', raw: content, handle: hr[1], text: (hr[2] ?? '').trim(), id: null, line, col }
          : { kind: 'quote', raw: content, handle: null, text: '', id: ir![1], line, col };
        current.blocks.push(lastQuote);
        mdLine = line + 1;
        return;
      }
      if (lastQuote) {
        if (!content) {
          // a bare ">" inside a run of quotes: nothing to add
        } else if (lastQuote.handle === null) {
          problems.push(problem(file, line, col, `a quote by message id takes one line; start a new paragraph for other text`));
        } else {
          lastQuote.text = `${lastQuote.text} ${content}`.trim();
          lastQuote.raw = `${lastQuote.raw} ${content}`;
        }
        mdLine = line + 1;
        return;
      }
    }
    lastQuote = null;
    if (!md.length) mdLine = line;
    md.push(text);
  });
  flush();
  return { intro, sections, problems };
}

/**
 * Placeholder lines of a draft (`jamrecap new`): Markdown-visible, since the
 * renderer escapes HTML comments, and easy to find: a paragraph that starts
 * with `*Draft:` (rendered in italics). They never count as a summary, and
 * `check` lists each one left in the notes.
 */
export const DRAFT_MARK = '*Draft:';
/** The placeholder line above a draft's suggested quotes. */
export const SUGGESTED_MARK = `${DRAFT_MARK} suggested quotes`;
const DRAFT_LINE = /^ {0,3}\*Draft:/;

export function isDraftLine(line: string): boolean {
  return DRAFT_LINE.test(line);
}

/** Whether a Markdown chunk says anything besides draft placeholders. */
export function hasProse(chunk: MarkdownChunk): boolean {
  return chunk.text.split(/\r?\n/).some((l) => l.trim() !== '' && !isDraftLine(l));
}

/** The draft placeholder lines of a section, with their line numbers and the column of `*Draft:`. */
export function draftLines(section: BodySection): { line: number; col: number; text: string }[] {
  const out: { line: number; col: number; text: string }[] = [];
  for (const b of section.blocks) {
    if (b.kind !== 'markdown') continue;
    b.text.split(/\r?\n/).forEach((text, i) => {
      if (isDraftLine(text)) out.push({ line: b.line + i, col: text.indexOf('*') + 1, text: text.trim() });
    });
  }
  return out;
}
