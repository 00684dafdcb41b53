/**
 * Each participant's part of their person page, for one jam: how many
 * messages they posted and, per question (then "Outside the questions"),
 * where those messages are in the jam's list. Plain data, kept with the jam's lean model
 * (model.ts), so the site can list people and key their pages without
 * holding every jam's messages; the messages are looked up only for
 * the person pages that are rendered (site.ts).
 */
import { handleKey } from '../../model/transcript.ts';
import type { MessageView, ParticipantView, QuestionView } from '../../publish/site-view.ts';

/** One question's messages of a person in a jam. */
export interface PersonPartGroup {
  id: string;
  label: string;
  href: string | null;
  /** The messages' places in the jam's list of messages (`JamModel.messages`), in transcript order. */
  at: number[];
}

/** A person's part of one jam. */
export interface PersonPart {
  count: number;
  groups: PersonPartGroup[];
}

/** Every participant's part (by handle key, in the participants' order). */
export function personParts(messages: MessageView[], participants: ParticipantView[], questions: QuestionView[]): Map<string, PersonPart> {
  const perPerson = new Map<string, number[]>();
  for (const [i, v] of messages.entries()) {
    const k = handleKey(v.handle);
    let list = perPerson.get(k);
    if (!list) perPerson.set(k, (list = []));
    list.push(i);
  }
  const known = new Set(questions.map((q) => q.id));
  const parts = new Map<string, PersonPart>();
  for (const p of participants) {
    const key = handleKey(p.handle);
    if (parts.has(key)) continue;
    const mine = perPerson.get(key) ?? [];
    const groups: PersonPartGroup[] = [];
    for (const q of questions) {
      const at = mine.filter((i) => messages[i].question === q.id);
      if (at.length) groups.push({ id: q.id, label: `${q.id} · ${q.title}`, href: q.href, at });
    }
    const outside = mine.filter((i) => messages[i].question === 'none' || !known.has(messages[i].question));
    if (outside.length) groups.push({ id: 'none', label: 'Outside the questions', href: null, at: outside });
    parts.set(key, { count: mine.length, groups });
  }
  return parts;
}
