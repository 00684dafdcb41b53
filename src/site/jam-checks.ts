/**
 * What loading a jam checks once its transcript is imported: the import's
 * own warnings, the notes' choices against the chat (assign, hosts, the
 * questions' messages, the session), each quote resolved (through redaction
 * when it changed the message), the sections against the chat's questions,
 * and the editor's text for people who opted out. Each check is a function of
 * the notes and the transcript, returning its problems in the notes' order.
 */
import { basename } from 'node:path';
import { ExportFile } from '../import/export-file.ts';
import { handleKey, type Message, type Transcript } from '../model/transcript.ts';
import { compareQuestionIds } from '../model/question-id.ts';
import type { BodySection } from '../notes/recap-body.ts';
import { editorialProblems } from '../notes/editorial.ts';
import { unansweredSections } from '../notes/quote-review.ts';
import { problem, type Problem, type ProblemSeverity } from '../notes/problems.ts';
import { resolveQuote, suggestionBudget } from '../notes/quotes.ts';
import { leakFinder, type RedactResult } from '../notes/redact.ts';
import type { JamNotes } from './jam.ts';
import type { ResolvedQuotes } from './model.ts';

/** Diagnostics the notes already report precisely (at the `assign` entry). */
const REPORTED_BY_NOTES = new Set(['assign-unknown-message', 'assign-unknown-question', 'host-unknown', 'question-unknown-message', 'question-unknown-time', 'session-unknown', 'several-chats']);

/** Import diagnostics worth the editor's attention, as warnings (bounded). */
export function importWarnings(transcript: Transcript, exports: string[], renamed: ReadonlyMap<string, string> = new Map()): Problem[] {
  const out: Problem[] = [];
  let more = 0;
  for (const s of transcript.sources) {
    const file = renamed.get(s.file) ?? s.file;
    const path = exports.find((p) => basename(p) === file) ?? file;
    for (const d of s.diagnostics) {
      if (d.severity === 'info' || REPORTED_BY_NOTES.has(d.code)) continue;
      if (out.length >= 20) {
        more++;
        continue;
      }
      out.push(problem(path, d.line ?? 1, 1, `${d.message} [${d.code}]`, 'warning'));
    }
  }
  if (more) out.push(problem(exports[0] ?? '', 1, 1, `and ${more} more import warnings`, 'warning'));
  return out;
}

/**
 * What the import said of the notes' own choices (hosts, the messages asking
 * questions, the session), at the notes' line: a misspelt host would otherwise
 * empty every section while the build passes.
 */
export function notesChoiceProblems(notes: JamNotes, transcript: Transcript): Problem[] {
  const { front, recapPath } = notes;
  const out: Problem[] = [];
  for (const d of transcript.sources.flatMap((s) => s.diagnostics)) {
    let where: { line: number; col: number } | undefined;
    if (d.code === 'host-unknown') where = front.hostsAt?.[/host "([^"]+)"/.exec(d.message)?.[1]?.toLowerCase() ?? ''];
    else if (d.code === 'question-unknown-message' || d.code === 'question-unknown-time') where = front.questionsAt?.[/^questions\.(\w+)/.exec(d.message)?.[1] ?? ''];
    else if (d.code === 'session-unknown' || d.code === 'several-chats') where = front.sessionAt;
    else continue;
    out.push(problem(recapPath, where?.line ?? 1, where?.col ?? 1, d.message, d.severity === 'error' ? 'error' : 'warning'));
  }
  return out;
}

/**
 * Sections (`## Q9`) for a question the chat does not have, and that the
 * notes do not point at a message for: one warning each, instead of a
 * "no summary" warning beside a "no such question" error.
 */
function unknownSections(notes: JamNotes, transcript: Transcript): { ids: Set<string>; problems: Problem[] } {
  const known = new Set(transcript.questions.map((q) => q.id));
  const list = [...known].join(', ') || 'none';
  const ids = new Set<string>();
  const problems: Problem[] = [];
  for (const s of notes.body.sections) {
    if (known.has(s.id!) || notes.front.questionChoices[s.id!]) continue;
    ids.add(s.id!);
    problems.push(problem(notes.recapPath, s.line, 1, `## ${s.id}: the chat has no question ${s.id} (its questions: ${list}); fix the heading, or say which message asks it: questions: { ${s.id}: { message: "<id>" } }`, 'warning'));
  }
  return { ids, problems };
}

/** The question ids a recap shows, in order: the chat's, the sections', the overrides'. */
export function questionOrder(notes: Pick<JamNotes, 'body' | 'front'>, transcript: Transcript): string[] {
  // An AMA's unanswered questions get no section (the recap counts them), so they need no summary.
  const ids = new Set<string>([...transcript.questions.filter((q) => q.answered !== false).map((q) => q.id), ...notes.body.sections.map((s) => s.id!), ...Object.keys(notes.front.questions)]);
  return [...ids].sort(compareQuestionIds);
}

/** `assign` names messages (as the export has them) and questions the chat has. */
export function assignProblems(notes: JamNotes, original: Transcript): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set(original.messages.map((m) => m.id));
  const questionIds = new Set(original.questions.map((q) => q.id));
  const known = [...questionIds].join(', ') || 'none';
  for (const [id, at] of Object.entries(notes.front.assignAt)) {
    if (!ids.has(id)) {
      problems.push(problem(notes.recapPath, at.line, at.col, `assign: no message with id "${id}" in the exports`));
      continue;
    }
    const q = notes.front.assign[id];
    if (q !== null && q !== undefined && q !== 'before' && q !== 'after' && !questionIds.has(q)) {
      const vat = notes.front.assignValueAt[id] ?? at;
      problems.push(problem(notes.recapPath, vat.line, vat.col, `assign "${id}": the chat has no question ${q} (its questions: ${known})`));
    }
  }
  return problems;
}

/**
 * Each quote of the sections resolved to its message in the redacted transcript
 * (or, when redaction changed it, through the transcript as imported), and an
 * error for each quote that matches nothing.
 */
export function resolveQuotes(notes: JamNotes, sections: BodySection[], original: Transcript, red: RedactResult): { quotes: ResolvedQuotes; problems: Problem[] } {
  const quotes: ResolvedQuotes = new Map();
  const problems: Problem[] = [];
  const budget = suggestionBudget();
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind !== 'quote') continue;
      const r = resolveQuote(block, red.transcript, section.id, budget);
      if (r.ok) {
        quotes.set(block, r.message);
        continue;
      }
      const redacted = red.changed ? redactedQuote(block, original, red, section.id) : null;
      if (redacted) {
        quotes.set(block, redacted.message);
        if (redacted.removed) problems.push(problem(notes.recapPath, block.line, block.col, `this quote names a message removed at the author's request (redact.yml); the recap shows it as removed: delete the quote`, 'warning'));
      } else {
        problems.push(problem(notes.recapPath, block.line, block.col, r.error));
      }
    }
  }
  return { quotes, problems };
}

/**
 * The sections against the chat's questions: a section for a question the chat
 * lacks, a question nobody answers, and the editor's own review (summaries,
 * placeholders) over the questions the recap shows. `earlier` are the problems
 * found so far: a misspelt host explains the rest, so the review then skips the questions.
 */
export function sectionProblems(notes: JamNotes, transcript: Transcript, earlier: Problem[], placeholders: ProblemSeverity | undefined): Problem[] {
  const unknown = unknownSections(notes, transcript);
  const found = [...unknown.problems, ...unansweredSections(notes.recapPath, notes.body.sections, transcript)];
  // When a host is misspelt the chat has no questions: that one error explains the rest.
  const hostTypo = [...earlier, ...found].some((p) => p.severity !== 'warning' && /^host ".*" posts no message/.test(p.message));
  const order = questionOrder(notes, transcript).filter((id) => !unknown.ids.has(id));
  return [...found, ...editorialProblems(notes, hostTypo && !transcript.questions.length ? [] : order, placeholders)];
}

/** Whether any of the exports' text names an opted-out handle (then the originals stay out of the archive). */
export function exportsMention(paths: string[], handles: string[]): boolean {
  if (!handles.length) return false;
  const keys = handles.map(handleKey);
  for (const p of paths) {
    let text: string;
    try {
      text = ExportFile.read(p).text.toLowerCase();
    } catch {
      return true; // cannot tell: keep it out
    }
    if (keys.some((k) => text.includes(k))) return true;
  }
  return false;
}

/**
 * Where the editor's own text (title, question texts, headings, prose; not
 * the quote lines, which show the redacted messages) names someone who
 * opted out or repeats their words.
 */
export function notesLeaks(notes: JamNotes, original: Transcript, handles: string[], removed: string[]): Problem[] {
  const leak = leakFinder(original, handles, removed);
  if (!leak) return [];
  const out: Problem[] = [];
  const report = (text: string, line: number, col: number, what: string, exact = false) => {
    const l = leak(text);
    // A line of prose is the source line itself: a link in it is pointed at.
    if (l) out.push(problem(notes.recapPath, line, exact && l.index !== undefined ? col + l.index : col, `${what} ${l.message}`, l.severity));
    return l;
  };
  const { front, body } = notes;
  if (front.title) report(front.title, front.titleAt?.line ?? 1, front.titleAt?.col ?? 1, 'the title');
  for (const [id, text] of Object.entries(front.questions)) {
    const at = front.questionsAt?.[id] ?? { line: 1, col: 1 };
    report(text, at.line, at.col, `the text of ${id}`);
  }
  for (const section of [body.intro, ...body.sections]) {
    if (section.heading) report(section.heading, section.line, 1, `the heading of ${section.id}`);
    for (const block of section.blocks) {
      if (block.kind !== 'markdown') continue;
      const before = out.length;
      block.text.split('\n').forEach((line, i) => report(line, block.line + i, 1, 'this line', true));
      // Words can run over lines: the paragraph as a whole, when no line said it alone.
      if (out.length === before) report(block.text.replace(/\s+/g, ' '), block.line, 1, 'this paragraph');
    }
  }
  return out;
}

/**
 * A quote that no longer matches after redaction (it names an opted-out
 * author, or text that was cleaned): resolved against the transcript as
 * imported, shown as the redacted message. `removed` says whether the
 * message itself was removed (the editor should delete the quote).
 */
function redactedQuote(ref: Parameters<typeof resolveQuote>[0], original: Transcript, red: RedactResult, sectionId: string | null): { message: Message; removed: boolean } | null {
  const o = resolveQuote(ref, original, sectionId, { chars: 0 });
  if (!o.ok) return null;
  const id = red.removedIds.get(o.message.id) ?? o.message.id;
  const message = red.transcript.messages.find((m) => m.id === id);
  if (!message) return null;
  return { message, removed: red.removedIds.has(o.message.id) || red.repeated.has(o.message.id) };
}

