/**
 * What a careful colleague would notice about the quotes and sections of a
 * recap once every quote resolves (warnings: the recap still builds):
 *
 * - the same message quoted twice (both lines named);
 * - a quote under `## Q1` of a message that answers (or asks) another
 *   question: move it, or file the message under Q1 with `assign`;
 * - a `## Qn` section whose question no message answers (an export that
 *   ends at the question, answers filed elsewhere).
 *
 * Pure: the parsed body, the resolved quotes and the transcript in, problems
 * out. Linear in the quotes and the messages.
 */
import type { Message, Transcript } from '../model/transcript.ts';
import { problem, type Problem } from './problems.ts';
import type { BodySection, QuoteRef } from './recap-body.ts';

/** Each quote of the recap, in the order of the notes, with the section it is in. */
function quotesOf(sections: BodySection[]): { ref: QuoteRef; section: BodySection }[] {
  return sections.flatMap((section) => section.blocks.filter((b): b is QuoteRef => b.kind === 'quote').map((ref) => ({ ref, section })));
}

/** A second quote of a message already quoted: a warning at the second, naming the first. */
export function duplicateQuotes(recapPath: string, sections: BodySection[], quotes: ReadonlyMap<QuoteRef, Message>): Problem[] {
  const first = new Map<string, QuoteRef>();
  const out: Problem[] = [];
  for (const { ref } of quotesOf(sections)) {
    const m = quotes.get(ref);
    if (!m) continue;
    const earlier = first.get(m.id);
    if (!earlier) {
      first.set(m.id, ref);
      continue;
    }
    out.push(problem(recapPath, ref.line, ref.col, `this quote repeats the one on line ${earlier.line} (both are message ${m.id}): delete one of them`, 'warning'));
  }
  return out;
}

/**
 * A quote under `## Q1` of a message the chat files under another question
 * (`known`: the questions the chat has; quotes in the introduction and in
 * sections for unknown questions are not looked at).
 */
export function misplacedQuotes(recapPath: string, sections: BodySection[], quotes: ReadonlyMap<QuoteRef, Message>, transcript: Transcript): Problem[] {
  const asks = new Map(transcript.questions.map((q) => [q.messageId, q.id]));
  const known = new Set(transcript.questions.map((q) => q.id));
  const out: Problem[] = [];
  for (const { ref, section } of quotesOf(sections)) {
    const m = quotes.get(ref);
    const here = section.id;
    if (!m || !here || !known.has(here) || !m.question || m.question === here) continue;
    const what = asks.get(m.id) === m.question ? 'asks' : 'answers';
    out.push(
      problem(
        recapPath,
        ref.line,
        ref.col,
        `this quote ${what} ${m.question}, not ${here} (message ${m.id}): move it under "## ${m.question}", or file the message under ${here} with assign: { "${m.id}": ${here} }`,
        'warning',
      ),
    );
  }
  return out;
}

/**
 * A `## Qn` section for a question of the chat that no message answers: the
 * recap would show it without answers. Said at the section's heading, with
 * the likely reason.
 */
export function unansweredSections(recapPath: string, sections: BodySection[], transcript: Transcript): Problem[] {
  const questions = new Map(transcript.questions.map((q) => [q.id, q]));
  const asking = new Set(transcript.questions.map((q) => q.messageId));
  const answered = new Set<string>();
  for (const m of transcript.messages) if (m.question && !asking.has(m.id)) answered.add(m.question);
  // The time of the last message (ISO strings in one form compare as times).
  const lastTime = transcript.messages.reduce((t, m) => (m.time > t ? m.time : t), '');
  const out: Problem[] = [];
  for (const s of sections) {
    const q = s.id ? questions.get(s.id) : undefined;
    if (!q || answered.has(q.id)) continue;
    const why =
      q.askedAt >= lastTime
        ? `the exports end with its question: add an export that holds the rest of the chat`
        : `check the chat's numbering, or file answers under ${q.id} with assign: { "<message id>": ${q.id} }`;
    out.push(problem(recapPath, s.line, 1, `${q.id}: no message answers ${q.id} in the exports, so the recap lists none; ${why}`, 'warning'));
  }
  return out;
}
