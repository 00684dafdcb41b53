/**
 * Which cards a jam has, where they go and what each shows: one for the
 * recap (`/cards/<slug>/recap.png`) and one per question section of the
 * recap page (`/cards/<slug>/<anchor>.png`: every question, or an AMA's
 * answered ones, as the recap layout lists its sections). A top folder of
 * their own: `_headers` gives each top folder its rule (publish/headers.ts).
 */
import type { JamView, QuestionSummary } from '../../publish/site-view.ts';
import type { CardData } from './card-tree.ts';

/** One card of a jam: its file name in the jam's folder of cards, and its data. */
export interface JamCard {
  name: string;
  data: CardData;
}

/** The jam's folder of cards, root-relative (`/cards/<slug>/`). */
export const cardsHref = (slug: string): string => `/cards/${slug}/`;

/** The recap card's root-relative URL. */
export const recapCardHref = (slug: string): string => `${cardsHref(slug)}recap.png`;

/** A plain file name for a question's card: its anchor when that is plain, else `q<number>`. */
export function questionCardName(q: Pick<QuestionSummary, 'anchor' | 'number'>): string {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,60}$/.test(q.anchor) ? `${q.anchor}.png` : `q${q.number}.png`;
}

/** The questions that have a section on the recap page (an AMA's answered ones, else all). */
export function sectionQuestions(questions: readonly QuestionSummary[]): QuestionSummary[] {
  const ama = questions.some((q) => q.asker);
  return questions.filter((q) => !ama || q.answered);
}

/** Every card of a jam, the recap's first. */
export function jamCards(jam: Pick<JamView, 'title' | 'hashtag' | 'dateLabel' | 'stats' | 'questionSummaries'>): JamCard[] {
  const cards: JamCard[] = [
    {
      name: 'recap.png',
      data: { kind: 'recap', title: jam.title, hashtag: jam.hashtag, dateLabel: jam.dateLabel, messages: jam.stats.messages, participants: jam.stats.participants, questions: jam.stats.questions },
    },
  ];
  const seen = new Set(['recap.png']);
  for (const q of sectionQuestions(jam.questionSummaries)) {
    const name = questionCardName(q);
    if (seen.has(name)) continue;
    seen.add(name);
    cards.push({ name, data: { kind: 'question', label: q.id, text: q.text || q.title || q.id, jamTitle: jam.title, hashtag: jam.hashtag, answers: q.answerCount } });
  }
  return cards;
}
