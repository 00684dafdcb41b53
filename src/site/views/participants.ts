/**
 * The people of one jam as its pages list them: the participants with the
 * questions they took part in, and the hosts (linked when they took part).
 */
import { handleKey, type Participant } from '../../model/transcript.ts';
import type { AvatarView, MessageView, ParticipantView } from '../../publish/site-view.ts';
import { personHref, questionHref } from './urls.ts';
import { avatarFor } from '../../publish/avatars.ts';

/** `handleKey` of each author -> the questions they wrote under. */
function questionsByAuthor(views: MessageView[]): Map<string, Set<string>> {
  const questionsOf = new Map<string, Set<string>>();
  for (const v of views) {
    if (v.question === 'none') continue;
    const k = handleKey(v.handle);
    if (!questionsOf.has(k)) questionsOf.set(k, new Set());
    questionsOf.get(k)!.add(v.question);
  }
  return questionsOf;
}

/** `handleKey` of each author -> their saved picture's copy, from the last of their messages that shows one (the newest, as the name a participant is listed under). */
function picturesByAuthor(views: MessageView[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of views) if (v.avatar?.src) out.set(handleKey(v.handle), v.avatar.src);
  return out;
}

/** A participant's avatar: their initials, with their saved picture when one of their messages shows it. */
function avatarOf(p: Participant, picturesOf: ReadonlyMap<string, string>): AvatarView {
  return avatarFor(p.handle, p.name, picturesOf.get(handleKey(p.handle)));
}

/** The jam's participants, each with the questions (in `order`) they took part in, and whether they are among its `hosts` (an AMA's guests). */
export function participantViews(participants: Participant[], views: MessageView[], order: string[], jamHref: string, hosts: readonly string[] = []): ParticipantView[] {
  const questionsOf = questionsByAuthor(views);
  const picturesOf = picturesByAuthor(views);
  const hostKeys = new Set(hosts.map(handleKey));
  return participants.map((p) => ({
    handle: p.handle,
    name: p.name,
    host: hostKeys.has(handleKey(p.handle)),
    href: personHref(p.handle),
    messages: p.messages,
    questions: order.filter((id) => questionsOf.get(handleKey(p.handle))?.has(id)).map((id) => ({ id, href: questionHref(jamHref, id) })),
    avatar: avatarOf(p, picturesOf),
  }));
}

/** The hosts, linked to their person page when they are listed participants. */
export function hostViews(hosts: string[], participantKeys: ReadonlySet<string>): { handle: string; href: string | null }[] {
  return hosts.map((h) => ({ handle: h, href: participantKeys.has(handleKey(h)) ? personHref(h) : null }));
}
