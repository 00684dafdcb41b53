/**
 * Sorting a chat into questions and answers.
 *
 * 1. Hosts: given (notes or --host), else inferred: the account(s) that are
 *    first to post most of the question tags Q1, Q2, ... in the chat.
 * 2. Questions: the hosts' own (not retweeted) messages that open with a
 *    question tag; the first message for each number asks it.
 * 3. Every other message gets its question by, in order of precedence:
 *    the editor's override, a tag in its text, the question of the message
 *    it replies to, the question of the message it retweets, and otherwise
 *    the last question asked before it. Messages before the first question
 *    have none.
 */
import { handleKey, type Diagnostic, type Message, type Question } from '../model/transcript.ts';
import { answerTag, questionTag, questionText } from './tags.ts';
import { repeats, retweetedBody } from '../model/text-match.ts';

export interface AssignOptions {
  hosts?: string[];
  /** Editor overrides: message id -> question id ("Q2") or null (no question). */
  assign?: Record<string, string | null>;
}

export interface AssignResult {
  questions: Question[];
  hosts: string[];
  hostsFrom: 'given' | 'inferred' | 'none';
  /** Overrides naming unknown messages or questions, tags naming no question. */
  diagnostics: Diagnostic[];
}

function isRetweet(m: Message): boolean {
  return m.retweetOf !== null;
}

/**
 * Hosts inferred from who asks: for each question number, the author of the
 * first non-retweet message opening with that tag "asks" it. The account
 * asking the most numbers is the host; co-hosts ask at least 2 numbers and at
 * least half as many. Participants who label answers "Q1 ..." come after the
 * host's question, so they are rarely first.
 */
export function inferHosts(messages: Message[]): string[] {
  const firstAsker = new Map<number, string>();
  const display = new Map<string, string>();
  for (const m of messages) {
    if (isRetweet(m)) continue;
    const n = questionTag(m.text);
    if (n === null || firstAsker.has(n)) continue;
    const key = handleKey(m.author.handle);
    firstAsker.set(n, key);
    if (!display.has(key)) display.set(key, m.author.handle);
  }
  const counts = new Map<string, number>();
  for (const key of firstAsker.values()) counts.set(key, (counts.get(key) ?? 0) + 1);
  const best = Math.max(0, ...counts.values());
  if (best < 2) return [];
  return [...counts.entries()]
    .filter(([, n]) => n === best || (n >= 2 && n * 2 >= best))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key]) => display.get(key)!);
}



export function assignQuestions(messages: Message[], options: AssignOptions = {}): AssignResult {
  const diagnostics: Diagnostic[] = [];
  const given = (options.hosts ?? []).map((h) => h.replace(/^@/, '')).filter(Boolean);
  const hosts = given.length ? given : inferHosts(messages);
  const hostsFrom = given.length ? 'given' : hosts.length ? 'inferred' : 'none';
  const hostKeys = new Set(hosts.map(handleKey));

  // Questions: the first host message per number.
  const questions: Question[] = [];
  const byNumber = new Map<number, Question>();
  const askedBy = new Set<string>();
  for (const m of messages) {
    if (!hostKeys.has(handleKey(m.author.handle)) || isRetweet(m)) continue;
    const n = questionTag(m.text);
    if (n === null || byNumber.has(n)) continue;
    const q: Question = { id: `Q${n}`, number: n, text: questionText(m.text), askedAt: m.time, messageId: m.id };
    byNumber.set(n, q);
    questions.push(q);
    askedBy.add(m.id);
  }
  questions.sort((a, b) => a.number - b.number);
  const questionIds = new Set(questions.map((q) => q.id));

  const overrides = new Map<string, string | null>();
  const knownIds = new Set(messages.map((m) => m.id));
  for (const [id, qid] of Object.entries(options.assign ?? {})) {
    if (!knownIds.has(id)) {
      diagnostics.push({ severity: 'error', code: 'assign-unknown-message', message: `assign: no message with id ${id}`, file: '(assign)', messageId: id });
      continue;
    }
    if (qid !== null && !questionIds.has(qid)) {
      diagnostics.push({ severity: 'error', code: 'assign-unknown-question', message: `assign: ${id} -> ${qid}, but there is no question ${qid}`, file: '(assign)', messageId: id });
      continue;
    }
    overrides.set(id, qid);
  }

  // Answers, in chronological order so replies and retweets find their
  // originals already assigned.
  const byId = new Map<string, Message>();
  const lastByHandle = new Map<string, Message[]>();
  let current: Question | null = null;
  const asked = [...questions].sort((a, b) => (a.askedAt < b.askedAt ? -1 : a.askedAt > b.askedAt ? 1 : 0));
  let nextAsked = 0;
  for (const m of messages) {
    while (nextAsked < asked.length && asked[nextAsked].askedAt <= m.time) current = asked[nextAsked++];
    if (askedBy.has(m.id)) {
      current = byNumber.get(questionTag(m.text)!)!;
      m.question = current.id;
      m.questionVia = 'question';
    } else if (overrides.has(m.id)) {
      m.question = overrides.get(m.id)!;
      m.questionVia = m.question ? 'override' : null;
    } else {
      decide(m);
    }
    byId.set(m.id, m);
    const key = handleKey(m.author.handle);
    const list = lastByHandle.get(key) ?? [];
    list.push(m);
    lastByHandle.set(key, list);
  }

  function decide(m: Message): void {
    const tag = answerTag(m.text);
    if (tag !== null) {
      if (byNumber.has(tag)) return set(m, `Q${tag}`, 'tag');
      diagnostics.push({
        severity: 'info',
        code: 'tag-no-question',
        message: `message ${m.id} is tagged ${tag} but the chat has no question Q${tag}`,
        file: m.origin.file,
        line: m.origin.line,
        position: m.origin.position,
        messageId: m.id,
      });
    }
    if (m.replyTo) {
      const parent = byId.get(m.replyTo);
      if (parent?.question) return set(m, parent.question, 'reply');
    }
    if (m.retweetOf) {
      const original = findRetweeted(m);
      if (original?.question) return set(m, original.question, 'retweet');
    }
    if (current) return set(m, current.id, 'time');
    m.question = null;
    m.questionVia = null;
  }

  function set(m: Message, qid: string, via: Message['questionVia']): void {
    m.question = qid;
    m.questionVia = via;
  }

  /** The retweeted message: by id when the export says, else the same author's same text. */
  function findRetweeted(m: Message): Message | undefined {
    if (m.retweetOf?.id) return byId.get(m.retweetOf.id);
    const body = retweetedBody(m.text);
    if (!body || !m.retweetOf) return undefined;
    const candidates = lastByHandle.get(handleKey(m.retweetOf.handle)) ?? [];
    for (let i = candidates.length - 1; i >= 0; i--) if (repeats(body, candidates[i].text)) return candidates[i];
    return undefined;
  }

  return { questions, hosts, hostsFrom, diagnostics };
}


