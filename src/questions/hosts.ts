/**
 * Who hosts the chat: inferred from who posts the sequence of questions, or
 * named by the editor and then checked against the export (a misspelt host
 * would silently empty every question section).
 */
import { handleKey, type Diagnostic, type Message } from '../model/transcript.ts';
import { editDistance, foldForMatch } from '../model/text-match.ts';
import { questionTag, tagId } from './tags.ts';

/** A co-host re-posts the host's question within this long. */
const COHOST_WINDOW_MS = 5 * 60_000;

/** A message as a possible question: not a retweet, opening with a question tag. */
export function askedTag(m: Message) {
  return m.retweetOf ? null : questionTag(m.text, m.attachments.length > 0);
}

/**
 * Hosts inferred from who asks: for each question id, the author of the first
 * message opening with it "asks" it. The account asking the most ids is the
 * host; co-hosts ask at least 2 and at least half as many, or re-post the
 * host's own question within minutes (two accounts posting one text).
 * Participants who label answers "Q3 ..." come after the host's question, so
 * they are rarely first; announcements ("Q1 in 2 minutes") ask nothing.
 */
export function inferHosts(messages: Message[]): string[] {
  // Hosts who number "1/", "2/" (or keycaps) throughout are found the same way when nobody tags.
  let tagged = asked(messages, 'tag');
  if (!tagged.length) tagged = asked(messages, 'numbered');
  const first = new Map<string, Message>();
  for (const { m, id } of tagged) if (!first.has(id)) first.set(id, m);
  // Who asks what: the first to post an id, and whoever re-posts that same question at once.
  const asks = new Map<string, { handle: string; ids: Set<string> }>();
  for (const { m, id } of tagged) {
    const asked = first.get(id)!;
    if (asked !== m && !(near(asked, m) && sameText(m, asked))) continue;
    const key = handleKey(m.author.handle);
    const a = asks.get(key) ?? { handle: m.author.handle, ids: new Set<string>() };
    a.ids.add(id);
    asks.set(key, a);
  }
  const best = Math.max(0, ...[...asks.values()].map((a) => a.ids.size));
  if (best < 2) return [];
  const hostKeys = new Set([...asks.entries()].filter(([, a]) => a.ids.size === best || (a.ids.size >= 2 && a.ids.size * 2 >= best)).map(([k]) => k));
  // Co-hosts: who posts the very question a host posts, at the same time.
  for (const { m, id } of tagged) {
    const asked = first.get(id)!;
    const pair = [asked, ...tagged.filter((t) => t.id === id && t.m !== m && near(t.m, m) && sameText(t.m, m)).map((t) => t.m)];
    if (pair.some((p) => p !== m && hostKeys.has(handleKey(p.author.handle)) && near(p, m) && sameText(p, m))) hostKeys.add(handleKey(m.author.handle));
  }
  return [...hostKeys]
    .map((k) => asks.get(k)!)
    .sort((a, b) => b.ids.size - a.ids.size || (handleKey(a.handle) < handleKey(b.handle) ? -1 : 1))
    .map((a) => a.handle);
}

/** The messages that ask a question in one style of numbering, with the question's id. */
function asked(messages: Message[], style: 'tag' | 'numbered'): { m: Message; id: string }[] {
  const out: { m: Message; id: string }[] = [];
  for (const m of messages) {
    const tag = askedTag(m);
    if (tag && tag.style === style) out.push({ m, id: tagId(tag) });
  }
  return out;
}

function sameText(a: Message, b: Message): boolean {
  return foldForMatch(a.text) === foldForMatch(b.text);
}

function near(a: Message, b: Message): boolean {
  return Math.abs(Date.parse(a.time) - Date.parse(b.time)) <= COHOST_WINDOW_MS;
}


/** The handles of the export closest to a misspelt one (at most 3). */
export function closestHandles(handle: string, messages: Message[]): string[] {
  const key = handleKey(handle);
  const seen = new Map<string, string>();
  for (const m of messages) if (!seen.has(handleKey(m.author.handle))) seen.set(handleKey(m.author.handle), m.author.handle);
  return [...seen.entries()]
    .map(([k, h]) => ({ h, d: editDistance(key, k) - (k.includes(key) || key.includes(k) ? 2 : 0) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.d - b.d || (a.h < b.h ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.h);
}

/**
 * Hosts (or an AMA's guests) the editor named who never post in the export:
 * an error each, with the closest handles the export has. A guest's error
 * has the host's code and names the handle as `host "x"` too (the notes
 * point it at the `guests:` entry: notes/front-keys.ts keeps the guests'
 * places with the hosts').
 */
export function unknownHosts(given: string[], messages: Message[], role: 'host' | 'guest' = 'host'): Diagnostic[] {
  const authors = new Set(messages.map((m) => handleKey(m.author.handle)));
  const who = (h: string) => (role === 'host' ? `host "${h}"` : `guest (the AMA's host "${h}")`);
  return given
    .filter((h) => !authors.has(handleKey(h)))
    .map((h) => {
      const close = closestHandles(h, messages);
      const hint = close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ' (check the spelling against the export)';
      return { severity: 'error' as const, code: 'host-unknown', message: `${who(h)} posts no message in the export${hint}`, file: role === 'host' ? '(hosts)' : '(guests)' };
    });
}
