/**
 * The share cards' layouts as satori element trees (plain objects, the shape
 * React elements have): a recap's card (jam title, hashtag, date, counts)
 * and a question's (its label and text, the jam title, its answers). Every
 * text is a string child, cleaned and cut by card-text.ts: satori draws
 * strings as they are and parses no markup.
 */
import { countLabel, cutCardText } from './card-text.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** What a recap's card shows. */
export interface RecapCardData {
  kind: 'recap';
  title: string;
  /** Without `#`. */
  hashtag: string;
  /** The date as the recap page shows it (in the jam's time zone). */
  dateLabel: string;
  messages: number;
  participants: number;
  questions: number;
}

/** What a question's card shows. */
export interface QuestionCardData {
  kind: 'question';
  /** "Q1". */
  label: string;
  /** The question as asked, else its section's title. */
  text: string;
  jamTitle: string;
  hashtag: string;
  answers: number;
}

export type CardData = RecapCardData | QuestionCardData;

/** A satori element: a type, a style, children (strings are drawn as text). */
export interface CardNode {
  type: 'div';
  props: { style: Record<string, string | number>; children?: (CardNode | string)[] | string };
}

const INK = '#111827';
const MUTED = '#4b5563';
const ACCENT = '#1d4ed8';

const el = (style: CardNode['props']['style'], children?: CardNode['props']['children']): CardNode => ({ type: 'div', props: children === undefined ? { style } : { style, children } });

/** The frame every card shares: a band at the left, the content in a padded column, a footer line. */
function frame(body: CardNode[], footer: string): CardNode {
  return el({ display: 'flex', width: CARD_WIDTH, height: CARD_HEIGHT, backgroundColor: '#ffffff', fontFamily: 'Inter', color: INK }, [
    el({ display: 'flex', width: 24, flexShrink: 0, backgroundColor: ACCENT }),
    el({ display: 'flex', flexDirection: 'column', justifyContent: 'space-between', flexGrow: 1, padding: '64px 72px', overflow: 'hidden' }, [
      el({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }, body),
      el({ display: 'flex', fontSize: 32, color: MUTED }, footer),
    ]),
  ]);
}

const line = (text: string, style: CardNode['props']['style']) => el({ display: 'flex', ...style }, text);

/** A recap's card. */
export function recapCardTree(d: RecapCardData): CardNode {
  const counts = [countLabel(d.messages, 'message', 'messages'), countLabel(d.participants, 'participant', 'participants'), countLabel(d.questions, 'question', 'questions')].join(' · ');
  return frame(
    [
      line(`#${cutCardText(d.hashtag, 40)}`, { fontSize: 36, fontWeight: 700, color: ACCENT, marginBottom: 24 }),
      line(cutCardText(d.title, 90), { fontSize: 64, fontWeight: 700, lineHeight: 1.15, marginBottom: 28 }),
      line(cutCardText(d.dateLabel, 80), { fontSize: 32, color: MUTED }),
    ],
    counts,
  );
}

/** A question's card. */
export function questionCardTree(d: QuestionCardData): CardNode {
  return frame(
    [
      line(`${cutCardText(d.label, 12)} · #${cutCardText(d.hashtag, 40)}`, { fontSize: 36, fontWeight: 700, color: ACCENT, marginBottom: 24 }),
      line(cutCardText(d.text, 150), { fontSize: 52, fontWeight: 700, lineHeight: 1.2, marginBottom: 28 }),
      line(cutCardText(d.jamTitle, 70), { fontSize: 32, color: MUTED }),
    ],
    countLabel(d.answers, 'answer', 'answers'),
  );
}

/** The tree of either card. */
export const cardTree = (d: CardData): CardNode => (d.kind === 'recap' ? recapCardTree(d) : questionCardTree(d));
