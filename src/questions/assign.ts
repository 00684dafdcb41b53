/**
 * Sorting a chat into questions and answers, as an editor would.
 *
 * 1. Hosts: given (notes or --host; each must post in the export), else
 *    inferred from who posts the sequence Q1, Q2, ... (see hosts.ts).
 * 2. Questions: the hosts' own (not retweeted) messages that ask one (see
 *    tags.ts: lead-ins are fine, announcements are not); the first message
 *    for each id asks it. The editor may name the message or time instead.
 * 3. The chat: an export may hold several; one is picked (sessions.ts). It
 *    starts at its first question and ends at the hosts' goodbye or a long
 *    quiet; messages outside are `before` or `after` it.
 * 4. Every other message gets its question by, in order of precedence: the
 *    editor's override, a tag in its text (for a question already asked), the
 *    question of the message it replies to, the question of the message it
 *    retweets, and, within the chat only, the last question asked before it.
 *
 * That is a tweet chat (hosts ask). An AMA (the crowd asks guests: ama.ts) is
 * sorted instead when the notes say `shape: ama` or name `guests:`, or, with
 * no shape given, when the hosts ask no numbered question and guests can be
 * inferred. In an AMA the guests are the jam's hosts (`jam.hosts`), and each
 * question records its `asker` (and whether it was `answered`).
 */
import { handleKey, type ChatPhase, type Diagnostic, type Message, type Question } from '../model/transcript.ts';
import { repeats, retweetedBody } from '../model/text-match.ts';
import { answerTag, isGoodbye, isGreeting, questionText, tagId, type AnswerTag } from './tags.ts';
import { askedTag, inferHosts, unknownHosts } from './hosts.ts';
import { chatEnd, pickSession, splitSessions, type Asked } from './sessions.ts';
import { questionNumber } from '../model/question-id.ts';
import { amaSections, inferGuests, type ChatShapeName } from './ama.ts';

/** The editor's choice of the message (or the moment) that asks a question, and its heading. */
export interface QuestionChoice {
  message?: string;
  time?: string;
  text?: string;
}

export interface AssignOptions {
  hosts?: string[];
  /** Editor overrides: message id -> question id ("Q2"), "before"/"after" the chat, or null (no question). */
  assign?: Record<string, string | null>;
  /** Editor's question messages: question id -> message id or time (and text). */
  questions?: Record<string, QuestionChoice>;
  /** The chat's start and end (ISO times), when the editor sets them. */
  start?: string;
  end?: string;
  /** Which chat of an export holding several (1-based). */
  session?: number;
  /** Tweet chat or AMA; default: detected (see the top of the file). */
  shape?: ChatShapeName;
  /** An AMA's guests (each must post in the export); default: inferred. Naming them implies an AMA. */
  guests?: string[];
}

export interface AssignResult {
  questions: Question[];
  /** The hosts; in an AMA, the guests. */
  hosts: string[];
  hostsFrom: 'given' | 'inferred' | 'none';
  /** Which shape the chat was sorted as. */
  shape: ChatShapeName;
  start: string | null;
  end: string | null;
  /** Unknown hosts, overrides naming unknown messages or questions, several chats, tags naming no question. */
  diagnostics: Diagnostic[];
}

/** An untagged message this soon after a new question was still typed for the one before. */
const TYPING_MS = 60_000;

/** Greetings this soon after the first question are still the warm-up. */
const LATE_HELLO_MS = 3 * 60_000;

/** A tag may name a question posted this much later (clocks, and co-hosts typing at once). */
const TAG_EARLY_MS = 60_000;

export { inferHosts };

/** The chat to recap: its questions (and the messages asking them), when it starts and ends. */
interface ChatShape {
  chosen: Asked[];
  questions: Question[];
  start: string | null;
  end: string | null;
  /** When the export's next chat begins: its messages are no one's answers here. */
  limit: string | null;
  lastAsked: string | null;
}

function chatShape(messages: Message[], hostKeys: Set<string>, byId: Map<string, Message>, options: AssignOptions, diagnostics: Diagnostic[]): ChatShape {
  const inWindow = (m: Message) => (!options.start || m.time >= options.start) && (!options.end || m.time <= options.end);
  const asked = hostQuestions(messages, hostKeys).filter((a) => inWindow(a.message));
  const session = pickSession(splitSessions(asked), options.session, diagnostics);
  const chosen = editorQuestions(firstPerId(session?.asked ?? []), options.questions ?? {}, messages, byId, diagnostics).sort(byTime);
  const questions = chosen.map(toQuestion(options.questions ?? {})).sort((a, b) => a.number - b.number || (a.id < b.id ? -1 : 1));
  const start = options.start ?? chosen[0]?.message.time ?? null;
  const end = options.end ?? (session && chosen.length ? chatEnd(messages, { ...session, asked: chosen }, hostKeys) : null);
  return { chosen, questions, start, end, limit: session?.nextStart ?? null, lastAsked: chosen.at(-1)?.message.time ?? null };
}

/** The hosts: as given (each must post in the export: diagnostics), else inferred from the questions. */
function chooseHosts(messages: Message[], givenHosts: string[] | undefined, diagnostics: Diagnostic[]): Pick<AssignResult, 'hosts' | 'hostsFrom'> {
  const given = (givenHosts ?? []).map((h) => h.replace(/^@/, '')).filter(Boolean);
  if (given.length) diagnostics.push(...unknownHosts(given, messages));
  const hosts = given.length ? given : inferHosts(messages);
  return { hosts, hostsFrom: given.length ? 'given' : hosts.length ? 'inferred' : 'none' };
}

/**
 * Sorts a chat's messages into questions (see the top of the file): sets
 * each message's phase and question, and returns the questions, the hosts
 * and when the chat starts and ends.
 */
export function assignQuestions(messages: Message[], options: AssignOptions = {}): AssignResult {
  const diagnostics: Diagnostic[] = [];
  const givenGuests = (options.guests ?? []).map((h) => h.replace(/^@/, '')).filter(Boolean);
  if (options.shape === 'ama' || (options.shape === undefined && givenGuests.length)) return assignAma(messages, options, givenGuests, diagnostics);
  const { hosts, hostsFrom } = chooseHosts(messages, options.hosts, diagnostics);
  const hostKeys = new Set(hosts.map(handleKey));
  const byId = new Map(messages.map((m) => [m.id, m]));
  const shape = chatShape(messages, hostKeys, byId, options, diagnostics);
  if (options.shape === undefined && !shape.questions.length) {
    // No numbered questions: an AMA when guests answer many askers.
    const guests = inferGuests(messages);
    if (guests.length) return assignAma(messages, options, [], diagnostics, guests);
  }
  const overrides = checkedOverrides(options.assign ?? {}, byId, new Set(shape.questions.map((q) => q.id)), diagnostics);
  new QuestionWalk(shape, byId, overrides, diagnostics).run(messages);
  return { questions: shape.questions, hosts, hostsFrom, shape: 'tweetchat', start: shape.start, end: shape.end, diagnostics };
}

/**
 * Sorts an AMA's messages (ama.ts): the guests as given (each must post in
 * the export) or inferred, the sections, the editor's overrides, and each
 * message's phase: the chat runs from the first question to the last
 * message of a section, unless the editor sets start and end.
 */
function assignAma(messages: Message[], options: AssignOptions, given: string[], diagnostics: Diagnostic[], inferred?: string[]): AssignResult {
  if (given.length) diagnostics.push(...unknownHosts(given, messages, 'guest'));
  const guests = given.length ? given : (inferred ?? inferGuests(messages));
  if (!guests.length) diagnostics.push({ severity: 'warning', code: 'ama-no-guests', message: 'the chat is an AMA, but no one answers as a guest: name them in the notes (guests: [handle, ...]) or with --guest', file: '(guests)' });
  const { questions, placed } = amaSections(messages, guests);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const overrides = checkedOverrides(options.assign ?? {}, byId, new Set(questions.map((q) => q.id)), diagnostics);
  let last: string | null = null;
  for (const m of messages) if (placed.has(m.id) && (!last || m.time > last)) last = m.time;
  const start = options.start ?? questions[0]?.askedAt ?? null;
  const end = options.end ?? (start ? last : null);
  for (const m of messages) {
    m.phase = phaseOf(m.time, start, end);
    const override = overrides.get(m.id);
    const place = placed.get(m.id);
    if (override !== undefined && place?.via !== 'question') applyOverride(m, override);
    else set(m, place?.question ?? null, place?.via ?? null);
  }
  return { questions, hosts: guests, hostsFrom: given.length ? 'given' : guests.length ? 'inferred' : 'none', shape: 'ama', start, end, diagnostics };
}

/**
 * One pass over the messages in time order, giving each its phase and
 * question (step 4 at the top of the file). It keeps the question under
 * way and each author's messages so far.
 */
class QuestionWalk {
  /** The questions in the order asked (the chosen messages are sorted by time). */
  private readonly timeline: Question[];
  /** Message id -> the question it asks. */
  private readonly askedBy: Map<string, string>;
  /** The question under way is timeline[next - 1]. */
  private next = 0;
  private current: Question | null = null;
  /** Each author's messages so far, by `handleKey`. */
  private readonly lastByHandle = new Map<string, Message[]>();

  constructor(
    private readonly shape: ChatShape,
    private readonly byId: Map<string, Message>,
    private readonly overrides: Map<string, string | null>,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.askedBy = new Map(shape.chosen.map((a) => [a.message.id, a.id]));
    this.timeline = shape.chosen.map((a) => shape.questions.find((q) => q.messageId === a.message.id)!);
  }

  /** Gives every message its phase and question, in order. */
  run(messages: Message[]): void {
    for (const m of messages) {
      while (this.next < this.timeline.length && this.timeline[this.next].askedAt <= m.time) this.current = this.timeline[this.next++];
      this.place(m);
      const key = handleKey(m.author.handle);
      const list = this.lastByHandle.get(key);
      if (list) list.push(m);
      else this.lastByHandle.set(key, [m]);
    }
  }

  /** A message's phase, then its question: the one it asks, the editor's, none (another chat's), or decided. */
  private place(m: Message): void {
    m.phase = phaseOf(m.time, this.shape.start, this.shape.end);
    const override = this.overrides.get(m.id);
    if (this.askedBy.has(m.id)) set(m, this.askedBy.get(m.id)!, 'question');
    else if (override !== undefined) applyOverride(m, override);
    else if (this.shape.limit && m.time >= this.shape.limit) set(m, null, null); // another chat's message
    else this.decide(m);
  }

  /** The question of a message no one decided for: by tag, reply, retweet, address, else time. */
  private decide(m: Message): void {
    const { start, lastAsked } = this.shape;
    const tag = answerTag(m.text);
    if (tag !== null && m.phase !== 'before') {
      const q = questionFor(tag, m.time, this.shape.questions);
      if (q) return set(m, q.id, 'tag');
      if (m.phase === 'chat') this.diagnostics.push(noQuestion(m, tag));
    }
    if (tag === null && m.phase === 'chat' && lastAsked && m.time > lastAsked && isGoodbye(m.text)) {
      // Goodbyes after the last question are after the chat, whoever says them.
      m.phase = 'after';
      return set(m, null, null);
    }
    const parent = m.replyTo ? this.byId.get(m.replyTo) : undefined;
    if (parent && follow(m, parent, 'reply')) return;
    const original = m.retweetOf ? this.findRetweeted(m) : quotedTweet(m, this.byId);
    if (original && follow(m, original, 'retweet')) return;
    if (tag === null && m.phase === 'chat' && isGreeting(m.text) && Date.parse(m.time) - Date.parse(start!) <= LATE_HELLO_MS) {
      // Hellos just after the first question still belong to the warm-up.
      m.phase = 'before';
      return set(m, null, null);
    }
    const addressed = m.replyTo || !this.inConversation(m) ? undefined : addressedTo(m, this.lastByHandle);
    if (addressed && follow(m, addressed, 'reply')) return;
    if (this.current && m.phase === 'chat') {
      const q = this.byTimeQuestion(m);
      if (q) return set(m, q.id, 'time');
      m.phase = 'before';
    }
    set(m, null, null);
  }

  /**
   * The question being discussed when a message was posted: the last asked,
   * unless it was asked only seconds before: then the message was typed for
   * the one before (or, before the first question, for the warm-up: null).
   */
  private byTimeQuestion(m: Message): Question | null {
    const i = this.next - 1; // current is timeline[next - 1]
    const current = this.current!;
    if (i === 0 && Date.parse(m.time) - Date.parse(current.askedAt) < TYPING_MS) return null;
    if (i > 0 && Date.parse(m.time) - Date.parse(current.askedAt) < TYPING_MS) return this.timeline[i - 1];
    return current;
  }

  /** A reply the export does not mark counts during the chat and shortly after it, not hours later. */
  private inConversation(m: Message): boolean {
    const { end } = this.shape;
    return m.phase === 'chat' || (m.phase === 'after' && !!end && Date.parse(m.time) - Date.parse(end) <= CONVERSATION_MS);
  }

  /** The retweeted message: by id when the export says, else the same author's same text. */
  private findRetweeted(m: Message): Message | undefined {
    if (m.retweetOf?.id) return this.byId.get(m.retweetOf.id);
    const body = retweetedBody(m.text);
    if (!body || !m.retweetOf) return undefined;
    const candidates = this.lastByHandle.get(handleKey(m.retweetOf.handle)) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) if (repeats(body, candidates[i].text)) return candidates[i];
    return undefined;
  }
}

/**
 * A reply or retweet goes to the question of what it answers. (A reply to a
 * warm-up message, though, is often the chat's first task at work, so it
 * tells nothing: false.)
 */
function follow(m: Message, parent: Message, via: 'reply' | 'retweet'): boolean {
  if (!parent.question) return false;
  set(m, parent.question, via);
  return true;
}

/** A tweet that links to another tweet of the chat quotes it (twitter.com/<user>/status/<id>). */
const STATUS_LINK = /^https?:\/\/(?:www\.|mobile\.)?twitter\.com\/(?:[A-Za-z0-9_]{1,30}|i\/web)\/status(?:es)?\/(\d{1,25})(?:[/?#]|$)/i;

function quotedTweet(m: Message, byId: Map<string, Message>): Message | undefined {
  for (const link of m.links) {
    const id = STATUS_LINK.exec(link)?.[1];
    const quoted = id && id !== m.id ? byId.get(id) : undefined;
    if (quoted && quoted.time <= m.time) return quoted;
  }
  return undefined;
}

/** "@ann @bob ..." at the start of a message: the handles it is addressed to. */
const LEADING_MENTIONS = /^[.\s]*((?:@[A-Za-z0-9_]{1,30}(?:[\s,:]+|$)){1,10})/;

/** How far back a conversation partner's message may be, for a reply the export does not mark. */
const CONVERSATION_MS = 30 * 60_000;

/** A partner's words to you this recent are what you answer ("@ann ..."), whatever they said since. */
const ANSWERING_MS = 3 * 60_000;

/**
 * The message a tweet starting "@ann ..." answers when the export does not
 * say: what someone it addresses said to its author in the last few minutes
 * (the latest such), else the latest message of the first person it addresses.
 */
function addressedTo(m: Message, lastByHandle: Map<string, Message[]>): Message | undefined {
  const lead = LEADING_MENTIONS.exec(m.text)?.[1];
  if (!lead) return undefined;
  const me = handleKey(m.author.handle);
  const partners = lead.split(/[\s,:]+/).map((h) => handleKey(h)).filter((k) => k && k !== me);
  const since = new Date(Date.parse(m.time) - ANSWERING_MS).toISOString();
  let talking: Message | undefined;
  for (const k of partners) {
    const theirs = lastByHandle.get(k) ?? [];
    for (let j = theirs.length - 1; j >= 0 && theirs[j].time >= since; j--) {
      if (!theirs[j].mentions.some((h) => handleKey(h) === me)) continue;
      if (!talking || theirs[j].time > talking.time) talking = theirs[j];
      break;
    }
  }
  return talking ?? partners.map((k) => lastByHandle.get(k)?.at(-1)).find((x) => !!x);
}

function set(m: Message, question: string | null, via: Message['questionVia']): void {
  m.question = question;
  m.questionVia = question ? via : null;
}

/** An editor's override: a question, before/after the chat, or no question. */
function applyOverride(m: Message, value: string | null): void {
  if (value === 'before' || value === 'after') {
    m.phase = value;
    return set(m, null, null);
  }
  set(m, value, 'override');
}

function phaseOf(time: string, start: string | null, end: string | null): ChatPhase {
  if (!start || time < start) return 'before';
  if (end && time > end) return 'after';
  return 'chat';
}

const byTime = (a: Asked, b: Asked) => (a.message.time < b.message.time ? -1 : a.message.time > b.message.time ? 1 : 0);

/** The first message asking each question id (later ones are reminders). */
function firstPerId(asked: Asked[]): Asked[] {
  const seen = new Set<string>();
  return asked.filter((a) => !seen.has(a.id) && !!seen.add(a.id));
}

/**
 * The hosts' question messages, in order. Numbering by "1/" or keycaps
 * counts only when the hosts number that way throughout (no Q/T tags, at
 * least two numbers).
 */
function hostQuestions(messages: Message[], hostKeys: Set<string>): Asked[] {
  const all: (Asked & { style: string })[] = [];
  for (const m of messages) {
    if (!hostKeys.has(handleKey(m.author.handle))) continue;
    const tag = askedTag(m);
    if (tag) all.push({ id: tagId(tag), message: m, style: tag.style });
  }
  const tagged = all.filter((a) => a.style === 'tag');
  const use = (tagged.length ? tagged : all).map(({ id, message }) => ({ id, message }));
  return tagged.length || firstPerId(use).length >= 2 ? use : [];
}

/** The questions as the editor says: a named message or moment replaces the detected one. */
function editorQuestions(detected: Asked[], choices: Record<string, QuestionChoice>, messages: Message[], byId: Map<string, Message>, diagnostics: Diagnostic[]): Asked[] {
  const out = new Map(detected.map((a) => [a.id, a]));
  for (const [id, choice] of Object.entries(choices)) {
    let message: Message | undefined;
    if (choice.message) {
      message = byId.get(choice.message);
      if (!message) diagnostics.push({ severity: 'error', code: 'question-unknown-message', message: `questions.${id}: no message with id ${choice.message}`, file: '(questions)', messageId: choice.message });
    } else if (choice.time) {
      message = messages.find((m) => m.time >= choice.time!);
      if (!message) diagnostics.push({ severity: 'error', code: 'question-unknown-time', message: `questions.${id}: no message at or after ${choice.time}`, file: '(questions)' });
    }
    if (message) {
      for (const [other, a] of out) if (a.message.id === message.id) out.delete(other);
      out.set(id, { id, message });
    }
  }
  return [...out.values()];
}

function toQuestion(choices: Record<string, QuestionChoice>) {
  return (a: Asked): Question => ({
    id: a.id,
    number: questionNumber(a.id),
    text: choices[a.id]?.text ?? questionText(a.message.text),
    askedAt: a.message.time,
    messageId: a.message.id,
  });
}

/**
 * The question a tag names: same number (and sub-letter or prefix when the
 * tag has them), asked by then; of several, the latest asked.
 */
function questionFor(tag: AnswerTag, time: string, questions: Question[]): Question | null {
  const by = new Date(Date.parse(time) + TAG_EARLY_MS).toISOString();
  const fits = questions.filter((q) => q.number === tag.number && q.askedAt <= by);
  const exact = fits.filter((q) => (tag.sub ? q.id.endsWith(tag.sub) : true) && (tag.prefix ? q.id[0] === tag.prefix : true));
  const pool = exact.length ? exact : fits;
  return pool.reduce<Question | null>((best, q) => (!best || q.askedAt > best.askedAt ? q : best), null);
}

function noQuestion(m: Message, tag: AnswerTag): Diagnostic {
  return {
    severity: 'info',
    code: 'tag-no-question',
    message: `message ${m.id} is tagged ${tag.number}${tag.sub ?? ''} but the chat has no question ${tag.prefix ?? 'Q'}${tag.number}${tag.sub ?? ''} asked by then`,
    file: m.origin.file,
    line: m.origin.line,
    position: m.origin.position,
    messageId: m.id,
  };
}

/** Overrides that name a known message and a question the chat has (or before/after/null). */
function checkedOverrides(assign: Record<string, string | null>, byId: Map<string, Message>, questionIds: Set<string>, diagnostics: Diagnostic[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [id, qid] of Object.entries(assign)) {
    if (!byId.has(id)) {
      diagnostics.push({ severity: 'error', code: 'assign-unknown-message', message: `assign: no message with id ${id}`, file: '(assign)', messageId: id });
    } else if (qid !== null && qid !== 'before' && qid !== 'after' && !questionIds.has(qid)) {
      diagnostics.push({ severity: 'error', code: 'assign-unknown-question', message: `assign: ${id} -> ${qid}, but there is no question ${qid}`, file: '(assign)', messageId: id });
    } else out.set(id, qid);
  }
  return out;
}
