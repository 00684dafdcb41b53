/**
 * Sorting an imported transcript again as the notes' `shape:` and `guests:`
 * say (or `jamrecap import --shape/--guest`). The import pipeline sorts
 * with the shape detected (assign.ts); until it passes these two options to
 * assignQuestions itself, callers that have them (site/jam-import.ts, the
 * import command) call this on its result. Without them it is a no-op.
 */
import type { Diagnostic, Transcript } from '../model/transcript.ts';
import { assignQuestions, type AssignOptions } from './assign.ts';
import type { ChatShapeName } from './ama.ts';

/** What a jam's notes (or the command line) say of the chat's shape. */
export interface ShapeOptions {
  /** Tweet chat or AMA; default: detected. */
  shape?: ChatShapeName;
  /** An AMA's guests; default: inferred. */
  guests?: string[];
}

/** The findings of sorting into questions (assign.ts, hosts.ts, sessions.ts, ama.ts): replaced when sorting again. */
const SORTING_CODES = new Set([
  'host-unknown', 'assign-unknown-message', 'assign-unknown-question', 'question-unknown-message', 'question-unknown-time',
  'session-unknown', 'several-chats', 'tag-no-question', 'ama-no-guests',
]);

/** Whether the options ask for anything the detection may not have done. */
export function shapeGiven(options: ShapeOptions): boolean {
  return options.shape !== undefined || !!options.guests?.length;
}

/**
 * The transcript sorted as `options` say: a copy, its questions, hosts
 * (an AMA's guests), start, end and every message's question and phase
 * decided again, and the first sorting's findings replaced (in the first
 * source, where the pipeline puts them). Without a shape or guests, the
 * transcript itself.
 */
export function reshapeTranscript(t: Transcript, options: AssignOptions & ShapeOptions): Transcript {
  if (!shapeGiven(options)) return t;
  const copy = structuredClone(t);
  const r = assignQuestions(copy.messages, {
    hosts: options.hosts,
    assign: options.assign,
    questions: options.questions,
    start: options.start,
    end: options.end,
    session: options.session,
    shape: options.shape,
    guests: options.guests,
  });
  for (const s of copy.sources) s.diagnostics = s.diagnostics.filter((d: Diagnostic) => !SORTING_CODES.has(d.code));
  if (copy.sources[0]) copy.sources[0].diagnostics.push(...r.diagnostics);
  copy.questions = r.questions;
  copy.jam = { ...copy.jam, hosts: r.hosts, hostsFrom: r.hostsFrom, start: r.start, end: r.end };
  return copy;
}
