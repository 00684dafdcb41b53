/**
 * Each participant's part of their person page, for one jam: how many
 * messages they posted, per question (then "Outside the questions") where
 * those messages are in the jam's list, and a digest of those messages
 * (what their person page's key names them by: page-keys.ts). Plain data, kept with the jam's lean model
 * (model.ts), so the site can list people and key their pages without
 * holding every jam's messages; the messages are looked up only for
 * the person pages that are rendered (site.ts).
 */
import { createHash, type Hash } from 'node:crypto';
import { handleKey } from '../../model/transcript.ts';
import type { MessageView, ParticipantView, QuestionView } from '../../publish/site-view.ts';

/** One question's messages of a person in a jam (its label and link are the question's: site.ts). */
export interface PersonPartGroup {
  /** The question's id, or `none` (outside the questions). */
  id: string;
  /** The messages' places in the jam's list of messages (`JamModel.messages`), in transcript order. */
  at: number[];
}

/** A person's part of one jam. */
export interface PersonPart {
  count: number;
  groups: PersonPartGroup[];
  /** SHA-256 of their messages' views (each as JSON, in order). */
  digest: string;
}

/** Counters for tests: jams whose messages were hashed (built afresh, not restored). */
export const personPartStats = { jamsHashed: 0 };

/** Every participant's part (by handle key, in the participants' order). */
export function personParts(messages: MessageView[], participants: ParticipantView[], questions: QuestionView[]): Map<string, PersonPart> {
  personPartStats.jamsHashed++;
  const perPerson = new Map<string, number[]>();
  const hashes = new Map<string, Hash>();
  for (const [i, v] of messages.entries()) {
    const k = handleKey(v.handle);
    let list = perPerson.get(k);
    if (!list) {
      perPerson.set(k, (list = []));
      hashes.set(k, createHash('sha256'));
    }
    list.push(i);
    hashes.get(k)!.update(JSON.stringify(v)).update('\0');
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
      if (at.length) groups.push({ id: q.id, at });
    }
    const outside = mine.filter((i) => messages[i].question === 'none' || !known.has(messages[i].question));
    if (outside.length) groups.push({ id: 'none', at: outside });
    parts.set(key, { count: mine.length, groups, digest: (hashes.get(key) ?? createHash('sha256')).digest('hex') });
  }
  return parts;
}
