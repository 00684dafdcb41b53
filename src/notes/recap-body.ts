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

/**
 * The introduction, the `## Qn` sections with their Markdown and quote references,
 * and the problems found (a question's second section, a wrapped id quote).
 */
export function parseRecapBody(body: string, bodyLine: number, file: string): ParsedBody {
  const reader = new BodyReader(bodyLine, file);
  body.split(/\r?\n/).forEach((text, i) => reader.read(text, bodyLine + i));
  return reader.finish();
}

/** A quote reference on a blockquote line (`@handle text` or a message id), or null for other text. */
function quoteRef(content: string, line: number, col: number): QuoteRef | null {
  const hr = HANDLE_REF.exec(content);
  if (hr) return { kind: 'quote', raw: content, handle: hr[1], text: (hr[2] ?? '').trim(), id: null, line, col };
  const ir = ID_REF.exec(content);
  if (ir) return { kind: 'quote', raw: content, handle: null, text: '', id: ir[1], line, col };
  return null;
}

/**
 * Reads a body line by line into sections: fenced code is kept as it is, a question
 * heading opens a section, a reference line adds a quote, and the following `>` lines
 * continue it; every other line collects into the current Markdown chunk.
 */
class BodyReader {
  private readonly problems: Problem[] = [];
  private readonly intro: BodySection;
  private readonly sections: BodySection[] = [];
  /** Line of each question's section so far. */
  private readonly seen = new Map<string, number>();
  private current: BodySection;
  /** The Markdown chunk being collected, and its first line. */
  private md: string[] = [];
  private mdLine: number;
  /** The opening fence while inside fenced code. */
  private fence: string | null = null;
  /** The quote that a following `>` line continues. */
  private lastQuote: QuoteRef | null = null;

  constructor(bodyLine: number, private readonly file: string) {
    this.intro = { id: null, heading: null, line: bodyLine, blocks: [] };
    this.current = this.intro;
    this.mdLine = bodyLine;
  }

  /** One line of the body, in order. */
  read(text: string, line: number): void {
    if (this.fence) {
      if (text.trimStart().startsWith(this.fence)) this.fence = null;
      this.addMarkdown(text, line);
      return;
    }
    const f = FENCE.exec(text);
    if (f) {
      this.fence = f[1].slice(0, 3);
      this.lastQuote = null;
      this.addMarkdown(text, line);
      return;
    }
    const h = QUESTION_HEADING.exec(text);
    if (h) return this.startSection(h[1], h[2], line);
    const bq = BLOCKQUOTE.exec(text);
    if (bq && this.readQuoteLine(bq[1], bq[2], line)) return;
    this.lastQuote = null;
    this.addMarkdown(text, line);
  }

  /** The sections read, once every line is in. */
  finish(): ParsedBody {
    this.flush();
    return { intro: this.intro, sections: this.sections, problems: this.problems };
  }

  /** A `## Qn` heading: ends the current section and opens the question's, noting a second one. */
  private startSection(rawId: string, rest: string, line: number): void {
    this.flush();
    this.lastQuote = null;
    const id = normalizeQuestionId(rawId)!;
    const prior = this.seen.get(id);
    if (prior !== undefined) this.problems.push(problem(this.file, line, 1, `second "## ${id}" section (the first is on line ${prior})`));
    this.seen.set(id, line);
    this.current = { id, heading: headingTitle(rest).trim() || null, line, blocks: [] };
    this.sections.push(this.current);
    this.mdLine = line + 1;
  }

  /**
   * A blockquote line: a quote reference, or the continuation of the quote above it.
   * False when it is neither (an ordinary Markdown blockquote).
   */
  private readQuoteLine(marker: string, rest: string, line: number): boolean {
    const content = rest.trim();
    const col = marker.length + 1 + (rest.length - rest.trimStart().length);
    const ref = quoteRef(content, line, col);
    if (ref) {
      this.flush();
      this.lastQuote = ref;
      this.current.blocks.push(ref);
    } else if (this.lastQuote) {
      this.continueQuote(this.lastQuote, content, line, col);
    } else {
      return false;
    }
    this.mdLine = line + 1;
    return true;
  }

  /** A `>` line after a quote: more of a handle quote's text; an id quote takes one line only. */
  private continueQuote(quote: QuoteRef, content: string, line: number, col: number): void {
    if (!content) return; // a bare ">" inside a run of quotes: nothing to add
    if (quote.handle === null) {
      this.problems.push(problem(this.file, line, col, `a quote by message id takes one line; start a new paragraph for other text`));
      return;
    }
    quote.text = `${quote.text} ${content}`.trim();
    quote.raw = `${quote.raw} ${content}`;
  }

  /** A line of the current Markdown chunk. */
  private addMarkdown(text: string, line: number): void {
    if (!this.md.length) this.mdLine = line;
    this.md.push(text);
  }

  /** Ends the current Markdown chunk, keeping it if it holds more than blank lines. */
  private flush(): void {
    if (this.md.some((l) => l.trim())) this.current.blocks.push({ kind: 'markdown', text: this.md.join('\n'), line: this.mdLine });
    this.md = [];
  }
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
