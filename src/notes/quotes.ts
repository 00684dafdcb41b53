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
 * No match or several is an error: the editor must say which one.
 */
import { handleKey, type Message, type Transcript } from '../model/transcript.ts';
import type { QuoteRef } from './recap-body.ts';
import { foldForMatch } from '../model/text-match.ts';


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

function matches(ref: QuoteRef, messages: Message[]): Message[] {
  if (ref.id !== null) return messages.filter((m) => m.id === ref.id);
  const who = handleKey(ref.handle ?? '');
  const prefix = foldForMatch(ref.text).replace(/\s*\.{3}$/, '');
  const bare = untagged(prefix);
  return messages.filter((m) => {
    if (handleKey(m.author.handle) !== who) return false;
    const text = foldForMatch(m.text);
    return text.startsWith(prefix) || (bare !== '' && untagged(text).startsWith(bare));
  });
}

export function resolveQuote(ref: QuoteRef, transcript: Transcript, questionId: string | null): QuoteResolution {
  let found: Message[] = [];
  if (questionId) found = matches(ref, transcript.messages.filter((m) => m.question === questionId));
  if (found.length === 0) found = matches(ref, transcript.messages);
  if (found.length === 1) return { ok: true, message: found[0] };
  if (found.length === 0) return { ok: false, error: `quote "${shown(ref)}" matches no message` };
  const ids = found.slice(0, 10).map((m) => m.id).join(', ');
  return {
    ok: false,
    error: `quote "${shown(ref)}" matches ${found.length} messages: ${ids}${found.length > 10 ? ', ...' : ''} (quote more of the text, or use the message id)`,
  };
}
