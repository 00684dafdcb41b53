/**
 * The other shape of Q&A: an AMA ("ask me anything": Reddit, Discord AMA
 * channels, Zoom and YouTube Q&A), where the crowd asks and a few guests
 * answer. A tweet chat is the reverse (hosts ask Q1, Q2, ...: assign.ts).
 *
 * Guests: given (notes `guests:` or --guest), else inferred (`inferGuests`):
 * someone is a guest when more than half of their messages answer someone
 * else's question (a reply to a message that reads as a question, or a
 * message @naming someone whose last message, within ANSWER_WINDOW_MS,
 * reads as one) and they answer at least MIN_ASKERS different people. More
 * than MAX_GUESTS such people is a discussion, not an AMA: no guests.
 *
 * Sections (`amaSections`): a question is a message not by a guest that a
 * guest answers: the guest replies to it, or the guest's message @names its
 * author (or quotes it, a `>` line) within ANSWER_WINDOW_MS of it. A guest's
 * reply to their own answer continues it. Messages that read as questions
 * and got no answer are listed too (`answered: false`), to be counted,
 * except follow-ups inside a section (a reply to a question or answer).
 * Every question gets an id Q1, Q2, ... in the order asked (the ids the
 * notes' `## Q1` sections, `assign:` and the site already read), and its
 * `asker`; the other messages replying to a section's messages belong to
 * it. Everything else belongs to no question.
 *
 * Linear time: one pass each; the window's scan is capped at RECENT_CAP
 * messages; no regex with nested quantifiers.
 */
import { handleKey, type Message, type Question } from '../model/transcript.ts';
import { foldForMatch } from '../model/text-match.ts';

/** The two shapes of a chat: hosts ask (tweet chat), or the crowd asks guests (AMA). */
export type ChatShapeName = 'tweetchat' | 'ama';

/** A guest's message naming (or quoting) an asker answers their question asked at most this long before. */
export const ANSWER_WINDOW_MS = 30 * 60_000;
/** A guest answers at least this many different askers. */
export const MIN_ASKERS = 3;
/** More people than this answering many askers is a discussion, not an AMA. */
export const MAX_GUESTS = 5;
/** Messages of the window looked at for a named or quoted question (bounds the work per message). */
const RECENT_CAP = 200;
/** A question's text as a heading: at most this many characters (cut at a word). */
const HEADING_MAX = 200;
/** A quoted line matches a question when this many of its characters (folded) are the question's. */
const QUOTE_MIN = 12;

const QUESTION_WORDS = new Set([
  'what', 'how', 'why', 'when', 'where', 'who', 'whom', 'whose', 'which', 'is', 'are', 'was', 'were', 'do', 'does', 'did',
  'can', 'could', 'will', 'would', 'should', 'shall', 'may', 'might', 'has', 'have', 'any', 'wondering',
]);

/** Web links, so a `?` of a query string does not read as a question. */
const LINK = /https?:\/\/\S+/g;

/**
 * Whether a message reads as a question: a `?` outside links (also the
 * full-width `？`), or an opening question word ("how", "is", "could", ...).
 */
export function looksLikeQuestion(text: string): boolean {
  const plain = text.replace(LINK, ' ');
  if (plain.includes('?') || plain.includes('\uff1f')) return true;
  const first = /^[\s>*_"'“]*([A-Za-z]+)/.exec(plain)?.[1]?.toLowerCase();
  return !!first && QUESTION_WORDS.has(first);
}

/**
 * A handle as people @name it: case-insensitive, without a Discord
 * discriminator ("dan.#2473" -> "dan") and trailing dots ("@dan." names him).
 */
export function nameKey(handle: string): string {
  let k = handleKey(handle);
  const hash = k.lastIndexOf('#');
  if (hash > 0 && /^#\d{4}$/.test(k.slice(hash))) k = k.slice(0, hash);
  let end = k.length;
  while (end > 1 && k[end - 1] === '.') end--;
  return k.slice(0, end);
}

const ms = (time: string) => Date.parse(time);

/** How one author engages with others' questions, for `inferGuests`. */
interface Engagement {
  handle: string;
  messages: number;
  answering: number;
  askers: Set<string>;
}

/** Who a message answers as a question: the author (name key) of a question it replies to or whose latest question it @names, or null. */
function answeredAsker(m: Message, byId: Map<string, Message>, lastByName: Map<string, Message>): string | null {
  const own = nameKey(m.author.handle);
  const parent = m.replyTo ? byId.get(m.replyTo) : undefined;
  if (parent) {
    const k = nameKey(parent.author.handle);
    return k !== own && !parent.retweetOf && looksLikeQuestion(parent.text) ? k : null;
  }
  for (const mention of m.mentions) {
    const k = nameKey(mention);
    const last = k === own ? undefined : lastByName.get(k);
    if (last && ms(m.time) - ms(last.time) <= ANSWER_WINDOW_MS && looksLikeQuestion(last.text)) return k;
  }
  return null;
}

/**
 * The guests an AMA's messages show (see the top of the file), most askers
 * answered first; none when no one qualifies or too many do.
 */
export function inferGuests(messages: Message[]): string[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const lastByName = new Map<string, Message>();
  const stats = new Map<string, Engagement>();
  for (const m of messages) {
    if (m.retweetOf) continue;
    const key = nameKey(m.author.handle);
    const s = stats.get(key) ?? { handle: m.author.handle, messages: 0, answering: 0, askers: new Set<string>() };
    stats.set(key, s);
    s.messages++;
    const asker = answeredAsker(m, byId, lastByName);
    if (asker) {
      s.answering++;
      s.askers.add(asker);
    }
    lastByName.set(key, m);
  }
  const guests = [...stats.values()].filter((s) => s.answering * 2 > s.messages && s.askers.size >= MIN_ASKERS);
  if (guests.length > MAX_GUESTS) return [];
  return guests.sort((a, b) => b.askers.size - a.askers.size || (handleKey(a.handle) < handleKey(b.handle) ? -1 : 1)).map((s) => s.handle);
}

/** Where each message of an AMA goes: its question id and why. */
export interface AmaPlace {
  question: string;
  via: 'question' | 'reply';
}

/** An AMA's questions (answered and not), and each placed message. */
export interface AmaSections {
  questions: Question[];
  placed: Map<string, AmaPlace>;
}

/** The question a guest's message answers, when it @names or quotes a recent question's author (no reply link). */
function namedQuestion(g: Message, recent: Message[]): Message | null {
  const quoted = g.text
    .split('\n')
    .filter((l) => l.startsWith('>'))
    .map((l) => foldForMatch(l.slice(1)))
    .filter((l) => l.length >= QUOTE_MIN);
  const named = new Set(g.mentions.map(nameKey));
  if (!quoted.length && !named.size) return null;
  const from = Math.max(0, recent.length - RECENT_CAP);
  for (let i = recent.length - 1; i >= from; i--) {
    const q = recent[i];
    if (ms(g.time) - ms(q.time) > ANSWER_WINDOW_MS) break;
    if (quoted.length) {
      const folded = foldForMatch(q.text);
      if (quoted.some((l) => folded.includes(l.slice(0, 80)))) return q;
    }
    if (named.has(nameKey(q.author.handle)) && looksLikeQuestion(q.text)) return q;
  }
  return null;
}

/** Guest answers: answer message id -> the id of the question message it answers (one pass). */
function findAnswers(messages: Message[], guestKeys: Set<string>, byId: Map<string, Message>): Map<string, string> {
  const answerOf = new Map<string, string>();
  const isGuest = (m: Message) => guestKeys.has(nameKey(m.author.handle));
  let recent: Message[] = [];
  for (const m of messages) {
    if (!isGuest(m)) {
      if (!m.retweetOf) recent.push(m);
      // Keep the list short: what is beyond the window is never looked at again.
      if (recent.length > 4 * RECENT_CAP) recent = recent.slice(-RECENT_CAP);
      continue;
    }
    if (m.retweetOf) continue;
    const parent = m.replyTo ? byId.get(m.replyTo) : undefined;
    if (parent) {
      if (!isGuest(parent)) answerOf.set(m.id, parent.id);
      else if (answerOf.has(parent.id)) answerOf.set(m.id, answerOf.get(parent.id)!); // a guest going on with an answer
      continue;
    }
    const q = namedQuestion(m, recent);
    if (q) answerOf.set(m.id, q.id);
  }
  return answerOf;
}

/** A question's text as its heading: one line, at most HEADING_MAX characters, cut at a word. */
export function headline(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s.length <= HEADING_MAX) return s;
  const cut = s.lastIndexOf(' ', HEADING_MAX - 1);
  return `${s.slice(0, cut > HEADING_MAX / 2 ? cut : HEADING_MAX - 1)}…`;
}

/**
 * An AMA's sections (see the top of the file): its questions, numbered Q1,
 * Q2, ... in the order asked, and where each message goes.
 */
export function amaSections(messages: Message[], guests: string[]): AmaSections {
  const guestKeys = new Set(guests.map(nameKey));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const answerOf = findAnswers(messages, guestKeys, byId);
  const answered = new Set(answerOf.values());
  const placedMsg = new Map<string, string>(); // message id -> question message id
  const asking: Message[] = [];
  for (const m of messages) {
    const parent = m.replyTo ? byId.get(m.replyTo) : undefined;
    const inSection = parent ? placedMsg.get(parent.id) : undefined;
    if (answered.has(m.id)) {
      asking.push(m);
      placedMsg.set(m.id, m.id);
    } else if (answerOf.has(m.id)) placedMsg.set(m.id, answerOf.get(m.id)!);
    else if (inSection) placedMsg.set(m.id, inSection);
    else if (!guestKeys.has(nameKey(m.author.handle)) && !m.retweetOf && (!parent || guestKeys.has(nameKey(parent.author.handle))) && looksLikeQuestion(m.text)) {
      asking.push(m);
      placedMsg.set(m.id, m.id);
    }
  }
  const questions: Question[] = asking.map((m, i) => ({
    id: `Q${i + 1}`,
    number: i + 1,
    text: headline(m.text),
    askedAt: m.time,
    messageId: m.id,
    asker: m.author.handle,
    answered: answered.has(m.id),
  }));
  const idOf = new Map(questions.map((q) => [q.messageId, q.id]));
  const placed = new Map<string, AmaPlace>();
  for (const [id, qMessage] of placedMsg) placed.set(id, { question: idOf.get(qMessage)!, via: id === qMessage ? 'question' : 'reply' });
  return { questions, placed };
}
