/**
 * Resolving an editor's quote (`> @handle start of the text` or
 * `> <message id>`) to exactly one message of the transcript.
 *
 * Editors copy quotes from the page they read, so the match forgives what
 * copying changes: case, runs of whitespace, curly versus straight quotes,
 * dashes, an ellipsis for "…", a trailing "..." marking a cut, and the
 * leading "Q1." or "#hashtag" the quote may leave out. Within a
 * `## Qn` section the question's own messages are tried first (the same
 * words may come back later as a retweet), then the whole transcript.
 * No match or several is an error: the editor must say which one. With no
 * match, the error lists the messages whose start reads most like the
 * quote ("organizations" for "organisations"), and for a handle that posts
 * nothing, the closest handles: what the editor most likely meant.
 */
import { handleKey, type Message, type Transcript } from '../model/transcript.ts';
import type { QuoteRef } from './recap-body.ts';
import { closestByPrefix, foldForMatch } from '../model/text-match.ts';
import { closestHandles } from '../questions/hosts.ts';


// Leading tags editors leave out when quoting: "Q1.", "A2:", "#q1", "#socbizchat".
const LEADING_TAGS = /^(?:(?:#[\p{L}\p{N}_]+|[qa]\d{1,3}[.:)=-]?)\s+)+/iu;

function untagged(folded: string): string {
  return folded.replace(LEADING_TAGS, '');
}

export type QuoteResolution = { ok: true; message: Message } | { ok: false; error: string };

function shown(ref: QuoteRef): string {
  const s = ref.raw.replace(/\s+/g, ' ');
  return s.length > 70 ? `${s.slice(0, 69)}…` : s;
}

/** A transcript's texts folded for matching, and their authors' keys: made once per list of messages. */
interface Folded {
  texts: string[];
  /** Without the leading tags ("Q1.", "#chat"). */
  bare: string[];
  authors: string[];
  /** The letters of the distinct authors' handles (made when first needed). */
  authorLetters?: number;
}

const foldedCache = new WeakMap<Message[], Folded>();

function folded(messages: Message[]): Folded {
  let f = foldedCache.get(messages);
  if (!f || f.texts.length !== messages.length) {
    const texts = messages.map((m) => foldForMatch(m.text));
    f = { texts, bare: texts.map(untagged), authors: messages.map((m) => handleKey(m.author.handle)) };
    foldedCache.set(messages, f);
  }
  return f;
}

/** The letters of the distinct authors' handles: what comparing a handle with each of them costs. */
function distinctAuthorLetters(f: Folded): number {
  f.authorLetters ??= [...new Set(f.authors)].reduce((n, a) => n + a.length, 0);
  return f.authorLetters;
}

/** The messages the quote may mean: all of them, or those of one question. */
function matches(ref: QuoteRef, messages: Message[], questionId: string | null): Message[] {
  const inScope = (m: Message) => questionId === null || m.question === questionId;
  if (ref.id !== null) return messages.filter((m) => inScope(m) && m.id === ref.id);
  const who = handleKey(ref.handle ?? '');
  const prefix = foldForMatch(ref.text).replace(/\s*\.{3}$/, '');
  const bare = untagged(prefix);
  const f = folded(messages);
  const out: Message[] = [];
  messages.forEach((m, i) => {
    if (f.authors[i] !== who || !inScope(m)) return;
    if (f.texts[i].startsWith(prefix) || (bare !== '' && f.bare[i].startsWith(bare))) out.push(m);
  });
  return out;
}

/**
 * How much looking for the closest messages may cost, in characters
 * compared: shared by the quotes of one jam (`suggestionBudget()`), so notes
 * full of unmatched quotes against a huge transcript stay linear; once it
 * is spent, errors no longer list the closest messages.
 */
export interface SuggestionBudget {
  chars: number;
}

/** About a second of comparing: every unmatched quote of a 500-message chat, the first fifty or so of a 10,000-message one. */
export const suggestionBudget = (): SuggestionBudget => ({ chars: 20_000_000 });

/** Closest messages listed for a quote that matches none. */
const CLOSEST = 3;
/** Least similarity (bigram Dice, 0 to 1) for a message to be listed as close. */
const CLOSE_ENOUGH = 0.6;

/** A message as the error lists it: `@handle "start of the text…" (id)`. */
function listed(m: Message, length: number): string {
  const text = m.text.replace(/\s+/g, ' ').trim();
  const cut = Math.min(60, Math.max(30, length + 15));
  if (text.length <= cut) return `@${m.author.handle} "${text}" (${m.id})`;
  // At a word's end when one is near: "…need to realize…", not "…need to rea…".
  const space = text.lastIndexOf(' ', cut - 1);
  let end = space > cut - 15 ? space : cut - 1;
  // Never half of a character outside the BMP (an emoji).
  if (/[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  return `@${m.author.handle} "${text.slice(0, end)}…" (${m.id})`;
}

/** Why nothing matched, and what the editor likely meant: the error for a quote matching no message. */
function noMatch(ref: QuoteRef, transcript: Transcript, budget: SuggestionBudget): string {
  const head = `quote "${shown(ref)}" matches no message`;
  if (ref.id !== null) return `${head}: no message has the id ${ref.id}; copy the id from the message's link in the transcript, or quote "@handle start of the text"`;
  const who = handleKey(ref.handle ?? '');
  const f = folded(transcript.messages);
  const posts = f.authors.includes(who);
  let handles: string[] = [];
  if (!posts && budget.chars > 0) {
    // Each distinct handle is compared letter by letter with the quote's.
    budget.chars -= transcript.messages.length + distinctAuthorLetters(f) * (ref.handle ?? '').length;
    handles = closestHandles(ref.handle ?? '', transcript.messages);
  }
  const query = untagged(foldForMatch(ref.text).replace(/\s*\.{3}$/, ''));
  const close = query.length >= 3 ? closestByPrefix(query, f.bare, CLOSEST * 4, CLOSE_ENOUGH, budget) : [];
  // The quoted author's own messages first, then the best of the others.
  const ranked = close
    .map((c) => ({ ...c, message: transcript.messages[c.index] }))
    .sort((a, b) => Number(handleKey(b.message.author.handle) === who) - Number(handleKey(a.message.author.handle) === who) || b.score - a.score || a.index - b.index)
    .slice(0, CLOSEST);
  const parts = [head];
  if (!posts) parts[0] += `: no one posts as @${ref.handle}${handles.length ? ` (did you mean ${handles.map((h) => `@${h}`).join(', ')}?)` : ''}`;
  if (ranked.length) parts.push(`closest: ${ranked.map((c) => listed(c.message, query.length)).join(', ')}`);
  parts.push(posts ? "copy the start of the text as the message has it, or quote the message's id" : "fix the handle, or quote the message's id");
  return parts.join('; ');
}

export function resolveQuote(ref: QuoteRef, transcript: Transcript, questionId: string | null, budget: SuggestionBudget = suggestionBudget()): QuoteResolution {
  let found: Message[] = [];
  if (questionId) found = matches(ref, transcript.messages, questionId);
  if (found.length === 0) found = matches(ref, transcript.messages, null);
  if (found.length === 1) return { ok: true, message: found[0] };
  if (found.length === 0) return { ok: false, error: noMatch(ref, transcript, budget) };
  const ids = found.slice(0, 10).map((m) => m.id).join(', ');
  return {
    ok: false,
    error: `quote "${shown(ref)}" matches ${found.length} messages: ${ids}${found.length > 10 ? ', ...' : ''} (quote more of the text, or use the message id)`,
  };
}
