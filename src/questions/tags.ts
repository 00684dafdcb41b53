/**
 * Reading question and answer tags out of chat text.
 *
 * Tweet chats tag answers by hand, so the forms vary: "A1:", "A1)", "a1 -",
 * "A1/", "A4b", "Q1A:", "#q1", "@host A1", "#chat A1", "...A1", a
 * participant's "Q1 ...", or a tag at the very end ("... can engage Q1
 * #chat"). What is not a tag: thread markers ("2/2"), a Q or A in mid
 * sentence ("We could do Q2 all day"), a quarter and year ("Q1 2013").
 */

/** Things that may stand before a tag at the start: mentions, hashtags, "RT @x:", "...", "1/2", "." */
const LEADING_NOISE = /^(?:\s|\.{2,}|…|[.,;:>\-–—"“'‘]|@[A-Za-z0-9_]+:?|#(?![AQ]\d{1,2}[a-z]?(?![\p{L}\p{N}_]))[\p{L}\p{N}_]+|\d+\/\d+(?!\d)|RT\b)+/iu;

/** Spoken lead-ins hosts use before the tag: "First question:", "Next up", "Bonus". */
const LEAD_IN = /^(?:(?:and\s+)?(?:here(?:'s| is)\s+)?(?:the\s+)?(?:first|next|second|third|fourth|fifth|final|last|bonus|our|new)\s+(?:question|up|q)\b\s*(?:is\s*)?[:\-–—]?\s*)/i;

/** Number part: 1-2 digits (Q0 exists), then an optional sub-answer letter (A4b). */
const NUM = String.raw`(\d{1,2})`;

/** What may follow a tag: punctuation, whitespace, end. Not more digits, not a year. */
const AFTER = String.raw`(?:[a-z]?(?=[).:;,/\-–—=]|\s|$))`;

const OPEN_QUESTION = new RegExp(String.raw`^(?:#?Q(?:uestion)?\s?${NUM}${AFTER})`, 'i');
const OPEN_ANSWER = new RegExp(String.raw`^(?:A(?:nswer)?\s?${NUM}${AFTER}|Q${NUM}\s?A\b|#?Q${NUM}${AFTER})`, 'i');
const CLOSING_TAG = new RegExp(String.raw`(?:^|[\s(])(?:#?[AQ])${NUM}[a-z]?[).:!]?$`, 'i');
const YEAR_AFTER = /^\s+(?:19|20)\d\d\b/;

function stripLeading(text: string): string {
  let s = text.trimStart();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(LEADING_NOISE, '').replace(LEAD_IN, '');
    if (s === before) break;
  }
  return s;
}

/** Trailing hashtags, mentions, links and closing punctuation, e.g. " #socbizchat https://t.co/x". */
const TRAILING_NOISE = /(?:\s+(?:#[\p{L}\p{N}_]+|@[A-Za-z0-9_]+|https?:\/\/\S+|…|\.{3}|[.!?])|[.!?…]+)+$/u;

function num(m: RegExpExecArray): number {
  const n = m.slice(1).find((g) => g !== undefined);
  return Number(n);
}

/**
 * The question number a host's message asks, if it opens with a question
 * tag ("Q1.", "Q1)", "Q1:", after "..." / "First question" / hashtags / mentions).
 */
export function questionTag(text: string): number | null {
  const s = stripLeading(text);
  const m = OPEN_QUESTION.exec(s);
  if (!m) return null;
  if (YEAR_AFTER.test(s.slice(m[0].length))) return null;
  return num(m);
}

/**
 * The question number an answer is tagged with, or null. Looks at the
 * start of the message (after mentions, hashtags, "RT @x:") and at its very
 * end (after trailing hashtags and links); never mid-sentence.
 */
export function answerTag(text: string): number | null {
  const s = stripLeading(text);
  const open = OPEN_ANSWER.exec(s);
  if (open && !YEAR_AFTER.test(s.slice(open[0].length))) return num(open);
  const tail = text.replace(TRAILING_NOISE, '');
  const close = CLOSING_TAG.exec(tail);
  if (close) return num(close);
  return null;
}

/** The text of a question without its tag and the chat's trailing hashtags: for headings. */
export function questionText(text: string): string {
  const s = stripLeading(text);
  const m = OPEN_QUESTION.exec(s);
  const body = (m ? s.slice(m[0].length) : s).replace(/^[\s).:;,\-–—=]+/, '');
  return body.replace(/(?:\s+#[\p{L}\p{N}_]+)+\s*$/u, '').trim();
}
