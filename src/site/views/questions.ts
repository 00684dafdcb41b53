/**
 * A jam's questions: which there are (from the transcript, the notes'
 * sections and the front matter's overrides), their texts, and each one's
 * section on the recap page with the editor's blocks and the answers.
 */
import type { Question } from '../../model/transcript.ts';
import { compareQuestionIds, questionNumber } from '../../model/question-id.ts';
import type { BodySection } from '../../notes/recap-body.ts';
import type { MessageView, QuestionView } from '../../publish/site-view.ts';
import { attachmentBytes } from './messages.ts';
import { recapBlocks, type QuoteContext } from './recap-blocks.ts';
import { questionAnchor, questionHref } from './urls.ts';

/** Budget for the answers listed on one recap page (the rest of the page is small). */
const RECAP_ANSWERS_BYTES = 600_000;

/** Where a jam's questions come from, by id. */
export interface QuestionSources {
  /** Every question id, in question order. */
  order: string[];
  /** Questions the transcript found asked. */
  asked: Map<string, Question>;
  /** The notes' `## Q1` sections. */
  sections: Map<string, BodySection>;
}

/** Every question of the jam (asked in the transcript, given a section in the notes or a text in the front matter), ids in question order. */
export function questionSources(asked: Question[], sections: BodySection[], overrides: Record<string, string>): QuestionSources {
  const byId = new Map(asked.map((q) => [q.id, q]));
  const sectionById = new Map(sections.map((s) => [s.id!, s]));
  const ids = new Set<string>([...byId.keys(), ...sectionById.keys(), ...Object.keys(overrides)]);
  return { order: [...ids].sort(compareQuestionIds), asked: byId, sections: sectionById };
}

/** Each question's text: the front matter's override, else as asked; questions without one are left out. */
export function questionTexts(q: QuestionSources, overrides: Record<string, string>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const id of q.order) {
    const text = overrides[id] ?? q.asked.get(id)?.text;
    if (text) texts[id] = text;
  }
  return texts;
}

/** What a question is called in the transcript: the notes' heading, else its text, else its id. */
export function questionTitle(q: QuestionSources, texts: Record<string, string>, id: string): string {
  return q.sections.get(id)?.heading ?? texts[id] ?? id;
}

/** What the questions' sections are built from. */
export interface QuestionContext extends QuoteContext {
  jamHref: string;
  texts: Record<string, string>;
  /** Every message, in transcript order. */
  views: MessageView[];
}

/** One question's section: the editor's heading and blocks, the asking message and the answers (all shown, for now). */
function questionView(id: string, q: QuestionSources, ctx: QuestionContext): QuestionView {
  const section = q.sections.get(id);
  const tq = q.asked.get(id);
  const text = ctx.texts[id] ?? '';
  const { blocks, featured } = section ? recapBlocks(section.blocks, ctx) : { blocks: [], featured: [] };
  return {
    id,
    number: questionNumber(id),
    anchor: questionAnchor(id),
    href: questionHref(ctx.jamHref, id),
    text,
    heading: section?.heading ?? null,
    title: section?.heading ?? (text || id),
    blocks,
    featured,
    asked: tq ? (ctx.byId.get(tq.messageId) ?? null) : null,
    answers: ctx.views.filter((v) => v.question === id && v.asks !== id),
    answersShown: [],
    answersMore: 0,
    transcriptHref: tq ? (ctx.byId.get(tq.messageId)?.href ?? null) : null,
    // An AMA's question: who asked, and whether a guest answered (tweet-chat questions have neither).
    ...(tq?.asker ? { asker: tq.asker, answered: tq.answered === true } : {}),
  };
}

/** Every question's section, in question order. */
export function questionViews(q: QuestionSources, ctx: QuestionContext): QuestionView[] {
  return q.order.map((id) => questionView(id, q, ctx));
}

/** The questions the recap gives a section: an AMA's answered ones, else all (as layouts/recap.njk picks them). */
export function sectionQuestions(questions: QuestionView[]): QuestionView[] {
  return questions.some((q) => q.asker) ? questions.filter((q) => q.answered) : questions;
}

/** Rough size of an answer in the recap's list. */
function estimateAnswerBytes(v: MessageView): number {
  return 450 + Buffer.byteLength(v.textHtml) + 2 * Buffer.byteLength(v.handle) + 2 * v.id.length + attachmentBytes(v);
}

/**
 * Picks the answers each question lists on the recap page. All of them,
 * unless that would make the page too big to serve comfortably; then each
 * question lists its first answers (the same share for every question)
 * and links to the transcript for more.
 */
export function shareAnswerBudget(questions: QuestionView[]): void {
  const answerBytes = questions.reduce((n, q) => n + q.answers.reduce((m, v) => m + estimateAnswerBytes(v), 0), 0);
  const share = answerBytes > RECAP_ANSWERS_BYTES ? RECAP_ANSWERS_BYTES / answerBytes : 1;
  for (const q of questions) {
    const shown = share < 1 ? Math.floor(q.answers.length * share) : q.answers.length;
    q.answersShown = q.answers.slice(0, shown);
    q.answersMore = q.answers.length - shown;
  }
}
