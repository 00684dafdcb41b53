/**
 * What the recap states under each question's heading and at the end of its
 * section: its numbers (answers, people, time span) and the links to the
 * sections before and after it. Answers are `QuestionView.answers`: the one
 * definition the charts (charts/recap.ts) and the downloads' sections share
 * (the messages placed under the question but the one asking it).
 */
import { handleKey } from '../../model/transcript.ts';
import type { MessageView, QuestionFacts, QuestionLink, QuestionView } from '../../publish/site-view.ts';

/** "1 answer", "18 answers". */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * From the first to the last of `list` (in time order) as their labels read:
 * "7:03–7:19 PM" (the shared "PM" said once), "7:03 PM" for one moment,
 * "Oct 24, 11:50 PM–Oct 25, 12:10 AM" across days.
 */
export function timeSpan(list: readonly Pick<MessageView, 'time' | 'timeLabel'>[]): string | null {
  if (!list.length) return null;
  let first = list[0];
  let last = list[0];
  for (const v of list) {
    if (v.time < first.time) first = v;
    if (v.time > last.time) last = v;
  }
  const a = first.timeLabel;
  const b = last.timeLabel;
  if (a === b) return a;
  const suffix = / (AM|PM)$/.exec(a)?.[0];
  const sameHalf = suffix !== undefined && b.endsWith(suffix) && !a.includes(',') && !b.includes(',');
  return `${sameHalf ? a.slice(0, -suffix.length) : a}–${b}`;
}

/** A question's numbers from its answers. */
export function questionFacts(answers: readonly MessageView[]): QuestionFacts {
  const people = new Set(answers.map((a) => handleKey(a.handle))).size;
  const span = timeSpan(answers);
  const label = answers.length ? [plural(answers.length, 'answer', 'answers'), plural(people, 'person', 'people'), span].join(' · ') : 'No answers';
  return { answers: answers.length, people, span, label };
}

function linkTo(q: QuestionView | undefined): QuestionLink | null {
  return q ? { id: q.id, title: q.title, anchor: q.anchor } : null;
}

/** Gives each section its numbers and its neighbours (`sections`: the questions the recap has sections for, in page order). */
export function addQuestionFacts(sections: QuestionView[]): void {
  sections.forEach((q, i) => {
    q.facts = questionFacts(q.answers);
    q.prev = linkTo(sections[i - 1]);
    q.next = linkTo(sections[i + 1]);
  });
}
