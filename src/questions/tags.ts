/**
 * Reading question and answer tags out of chat text.
 *
 * Hosts number their questions "Q1.", "Q1)", "Question 1:", "T1" (topics or
 * tasks), "Topic 2 -", "Q1a"/"Q1b" (sub-questions), sometimes "1/" or a
 * keycap "1️⃣", often after a lead-in ("Final question coming up… Q5. What…",
 * "And now… Q3:", "Here's Q2!"). Announcements name a question without asking
 * it ("Q1 in 2 minutes", "get ready for Q2", "we will precede questions with
 * Q1, Q2"): they are not questions.
 *
 * Answers are tagged by hand, so the forms vary: "A1:", "A1)", "a1 -", "A1/",
 * "A4b", "Q1A:", "#q1", "@host A1", "#chat A1", "...A1", a participant's "Q1
 * ...", "T2 ...", or a tag at the very end ("... can engage Q1 #chat"). What is
 * not a tag: thread markers ("2/2"), a Q or A in mid sentence ("We could do Q2
 * all day"), a quarter and year ("Q1 2013"), a tag inside a quoted tweet.
 *
 * Every pattern here runs on untrusted chat text: none has nested quantifiers,
 * and trailing noise is stripped by a token loop, so time stays linear.
 */

/** A question's number as the host wrote it: prefix Q (questions) or T (topics, tasks), number, sub-letter. */
export interface QuestionTag {
  prefix: 'Q' | 'T';
  number: number;
  sub: string | null;
  /** "tag" for Q1/T1/Question 1; "numbered" for "1/" and keycap numbers (used only when a host numbers that way throughout). */
  style: 'tag' | 'numbered';
}

/** An answer's tag: the number, and the sub-letter or prefix when the answer names them. */
export interface AnswerTag {
  number: number;
  sub: string | null;
  prefix: 'Q' | 'T' | null;
}

/** The question id of a tag: "Q1", "T2", "Q1a". */
export function tagId(tag: Pick<QuestionTag, 'prefix' | 'number' | 'sub'>): string {
  return `${tag.prefix}${tag.number}${tag.sub ?? ''}`;
}

// ---------------------------------------------------------------- characters
//
// Tags are read without case-insensitive Unicode regexes: compiling those
// (`[\p{L}\p{N}_]` under /iu, once per string width and again when V8 tiers
// them up) cost more than all the matching in a short `jamrecap import`.
// Leading and trailing noise is read by character codes; tags are found by
// regexes without flags (letters spelled out as /iu folds them), and what
// needs Unicode classes (the look-behind and look-ahead around a tag) is
// checked by the functions below at the few places found. Results are the
// /iu patterns' exactly, including what /iu adds: `[a-z]` and `\w` also
// match "ſ" (U+017F) and the Kelvin sign (U+212A), which fold to "s" and "k",
// and `[\p{L}\p{N}_]` also matches U+0345, which folds to "ι". Each comment
// names the pattern a reader stands for.

const LONG_S = 0x17f;
const KELVIN = 0x212a;
/** `[\p{L}\p{N}]`, for characters beyond ASCII (compiled on first need; without /i, cheaper). */
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const NON_ASCII_SPACE = /^\s$/;

/** `\s`: JavaScript's white space and line terminators. */
function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && NON_ASCII_SPACE.test(String.fromCharCode(c)));
}

/** `\d`. */
function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `[a-z]` under /iu: ASCII letters, "ſ" and the Kelvin sign. */
function isFoldedLatinLetter(c: number): boolean {
  return ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c === LONG_S || c === KELVIN;
}

/** `[A-Za-z0-9_]` under /iu (and `\w` under /iu). */
function isFoldedAsciiWord(c: number): boolean {
  return isFoldedLatinLetter(c) || isDigitCode(c) || c === 95;
}

/** `[\p{L}\p{N}_]` for one code point; `folded`: under /iu, where U+0345 matches too. */
function isWordCodePoint(cp: number, folded: boolean): boolean {
  if (cp < 0x80) return ((cp | 0x20) >= 97 && (cp | 0x20) <= 122) || isDigitCode(cp) || cp === 95;
  if (cp === 0x345) return folded;
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/** The code point starting at `i` in `s` read up to `limit` (a surrogate pair cut by the limit is a lone surrogate). */
function codePointAt(s: string, i: number, limit: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < limit) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point ending just before `i` in `s` (what a /u lookbehind reads). */
function codePointBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return (h - 0xd800) * 0x400 + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/** Where a run of `[\p{L}\p{N}_]` (by code points) starting at `i` ends. */
function wordRunEnd(s: string, i: number, limit: number, folded: boolean): number {
  while (i < limit) {
    const cp = codePointAt(s, i, limit);
    if (!isWordCodePoint(cp, folded)) break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** Is there no `[\p{L}\p{N}_]` (under /iu) at `i`, reading up to `limit`: `(?![\p{L}\p{N}_])`. */
function noWordAt(s: string, i: number, limit: number): boolean {
  return i >= limit || !isWordCodePoint(codePointAt(s, i, limit), true);
}

/** Is there no `[\p{L}\p{N}_]` (under /iu) just before `i`: `(?<![\p{L}\p{N}_])`. */
function noWordBefore(s: string, i: number): boolean {
  return i === 0 || !isWordCodePoint(codePointBefore(s, i), true);
}

// ---------------------------------------------------------------- leading noise

/*
 * Things that may stand before a tag at the start: mentions, hashtags, "RT @x:", "...", "1/2", ".".
 * The pattern, under /iu, that stripLeading reads by hand:
 *   ^(?:\s|\.{2,}|…|[.,;:>\-–—"“'‘]|@[A-Za-z0-9_]+:?|#(?![AQT]\d{1,2}[a-z]?(?![\p{L}\p{N}_]))[\p{L}\p{N}_]+|\d+\/\d+(?!\d)|RT\b)+
 * Nothing follows the loop, so each round takes the first alternative that
 * matches, each as long as it goes, and the loop ends where none matches.
 */
const PUNCT_NOISE = new Set(['.', '…', ',', ';', ':', '>', '-', '–', '—', '"', '“', "'", '‘'].map((c) => c.charCodeAt(0)));

/** Where one piece of leading noise starting at `i` ends (`i` if none starts there). */
function noiseEnd(s: string, i: number): number {
  const n = s.length;
  const c = s.charCodeAt(i);
  if (isSpaceCode(c) || PUNCT_NOISE.has(c)) return i + 1;
  if (c === 64 /* @ */) {
    let j = i + 1;
    while (j < n && isFoldedAsciiWord(s.charCodeAt(j))) j++;
    if (j === i + 1) return i;
    return s.charCodeAt(j) === 58 /* : */ ? j + 1 : j;
  }
  if (c === 35 /* # */) {
    if (tagLikeAt(s, i + 1)) return i;
    const end = wordRunEnd(s, i + 1, n, true);
    return end > i + 1 ? end : i;
  }
  if (isDigitCode(c)) {
    let j = i + 1;
    while (j < n && isDigitCode(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 47 /* / */ || !isDigitCode(s.charCodeAt(j + 1))) return i;
    j += 2;
    while (j < n && isDigitCode(s.charCodeAt(j))) j++;
    return j;
  }
  if ((c | 0x20) === 114 /* r */ && (s.charCodeAt(i + 1) | 0x20) === 116 /* t */ && !(i + 2 < n && isFoldedAsciiWord(s.charCodeAt(i + 2)))) return i + 2;
  return i;
}

/** `[AQT]\d{1,2}[a-z]?(?![\p{L}\p{N}_])` under /iu at `i`: a hashtag that is a tag ("#Q1"). */
function tagLikeAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i) | 0x20;
  if (c !== 97 && c !== 113 && c !== 116) return false;
  let j = i + 1;
  if (!isDigitCode(s.charCodeAt(j))) return false;
  j++;
  if (isDigitCode(s.charCodeAt(j))) j++;
  if (j < s.length && isFoldedLatinLetter(s.charCodeAt(j))) j++;
  return noWordAt(s, j, s.length);
}

function stripLeading(text: string): string {
  const s = text.trimStart();
  let i = 0;
  while (i < s.length) {
    const next = noiseEnd(s, i);
    if (next === i) break;
    i = next;
  }
  return i === 0 ? s : s.slice(i);
}

/**
 * Is `text` from `cut` to `end` (no white space in it) one token of trailing noise: a hashtag, a mention,
 * a link, an ellipsis? The pattern, under /u alone:
 *   ^(?:#[\p{L}\p{N}_]+|@[A-Za-z0-9_]+|https?:\/\/\S+|pic\.twitter\.com\/\S+|…|\.{3})$
 */
function isNoiseToken(text: string, cut: number, end: number): boolean {
  const c = text.charCodeAt(cut);
  if (c === 35 /* # */) return isHashtagToken(text, cut, end);
  if (c === 64 /* @ */) {
    if (end === cut + 1) return false;
    for (let i = cut + 1; i < end; i++) {
      const d = text.charCodeAt(i);
      if (!(((d | 0x20) >= 97 && (d | 0x20) <= 122) || isDigitCode(d) || d === 95)) return false;
    }
    return true;
  }
  if (c === 0x2026 /* … */) return end === cut + 1;
  if (c === 46 /* . */) return end === cut + 3 && text.startsWith('...', cut);
  return linkAt(text, cut, end, 'http://') || linkAt(text, cut, end, 'https://') || linkAt(text, cut, end, 'pic.twitter.com/');
}

/** Is the token from `cut` to `end` `prefix` and at least one more character? */
function linkAt(text: string, cut: number, end: number, prefix: string): boolean {
  return end > cut + prefix.length && text.startsWith(prefix, cut);
}

const CLOSING_PUNCT = new Set(['.', '!', '?', '…']);

/**
 * The text without its trailing hashtags, mentions, links and closing
 * punctuation (" #socbizchat https://t.co/x!!"), removed a token at a time.
 */
export function stripTrailing(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
    if (end > 0 && CLOSING_PUNCT.has(text[end - 1])) {
      while (end > 0 && CLOSING_PUNCT.has(text[end - 1])) end--;
      continue;
    }
    let cut = end;
    while (cut > 0 && !isSpaceCode(text.charCodeAt(cut - 1))) cut--;
    // A token longer than any hashtag, mention or link is not noise (and is not tested).
    if (cut === 0 || end - cut > 2048 || !isNoiseToken(text, cut, end)) return text.slice(0, end);
    end = cut;
  }
}

/** The text without the hashtags it ends with (" #socbizchat #chat"), a token at a time (a token: `^#[\p{L}\p{N}_]+$` under /u). */
function withoutTrailingHashtags(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
    let cut = end;
    while (cut > 0 && !isSpaceCode(text.charCodeAt(cut - 1))) cut--;
    if (cut === 0 || end - cut > 256 || !isHashtagToken(text, cut, end)) return text.slice(0, end);
    end = cut;
  }
}

/** Is `text` from `cut` to `end` a hashtag: `^#[\p{L}\p{N}_]+$` under /u? */
function isHashtagToken(text: string, cut: number, end: number): boolean {
  return text.charCodeAt(cut) === 35 /* # */ && end > cut + 1 && wordRunEnd(text, cut + 1, end, false) === end;
}

/** Where a quoted tweet starts inside a message ("... RT @x: ...", '"@x: ...'): tags after it are the quoted author's. */
const QUOTE_START = /\s(?:RT|MT)\s@[A-Za-z0-9_]+|\s["“]@[A-Za-z0-9_]+:/;

/** The part of a message its author wrote, without a quoted tweet after it. */
function ownPart(text: string): string {
  const m = QUOTE_START.exec(text);
  return m ? text.slice(0, m.index) : text;
}

// ---------------------------------------------------------------- questions

/*
 * A question tag anywhere: "Q1", "#Q1", "Question 1", "T2", "Topic 2", "Task 3", "Q1a". The pattern
 *   (?<![\p{L}\p{N}_])#?(Q|T|Question|Topic|Task)\s?(\d{1,2})([a-z])?(?=[).:;,!?/\-–—=]|\s|$)   (/giu)
 * is found as QUESTION_TAG_AFTER (the same without the look-behind, its letters
 * spelled out as /iu folds them, no flag but g) at a place where noWordBefore
 * holds: the look-behind depends on the place alone.
 */
const QUESTION_TAG_AFTER = /#?([Qq]|[Tt]|[Qq][Uu][Ee][Ss\u017F][Tt][Ii][Oo][Nn]|[Tt][Oo][Pp][Ii][Cc]|[Tt][Aa][Ss\u017F][Kk\u212A])\s?(\d{1,2})([A-Za-z\u017F\u212A])?(?=[).:;,!?/\-–—=]|\s|$)/g;
/** A lead-in may be this long: "Final question coming up… " is, a whole sentence of chat is not. */
const LEAD_IN_MAX = 60;
const YEAR_AFTER = /^\s+(?:19|20)\d\d\b/;
/** What an announcement says after the tag: the question is still to come. */
const ANNOUNCED = /^(?:(?:is|will\s+be|comes?)\s+)?(?:coming\b|up\s+next|next\s*[!.…]*$|(?:very\s+)?soon\b|shortly\b|in\s+(?:a\s+(?:few\s+|couple\s+(?:of\s+)?)?|an?\s+|\d+\s*|one\s+|two\s+|three\s+|five\s+)(?:min|sec|moment)|on\s+(?:its|the)\s+way|(?:starts?|begins?)\s+(?:in|at|soon)\b|(?:posted|up)\s+(?:in|at|soon)\b|at\s+\d)/i;
/** A list of tags ("Q1, Q2", "Q1 and Q2"): the host is explaining the format. */
const ANOTHER_TAG = /^(?:,|and|&|or)?\s*#?(?:Q|T|A)\s?\d/i;
/** The first two letters (lower case) of every announcement ANNOUNCED reads: other texts need not be tried. */
const ANNOUNCED_STARTS = new Set(['is', 'wi', 'co', 'up', 'ne', 've', 'so', 'sh', 'in', 'on', 'st', 'be', 'po', 'at']);
/** What stands between a tag and the question's words besides white space: `[).:;,!\-–—=]`. */
const BEFORE_BODY = new Set([')', '.', ':', ';', ',', '!', '-', '–', '—', '='].map((c) => c.charCodeAt(0)));
/** What ends a lead-in before a tag: "…coming up… ", "And now, ", "Here's ". */
const LEAD_IN_END = /[…:,.!\-–—]\s*$|\b(?:now|question|here'?s|is)\s*$/i;
/** What a tag after a lead-in may stand before. */
const APART_AFTER = /^[).:!\-–—]/;

/*
 * The first tag of a text (any prefix, answers too): a list starting there explains the format.
 * The pattern, in the first LEAD_IN_MAX + 20 characters,
 *   (?<![\p{L}\p{N}_])#?(?:Q|T|A|Question|Topic|Task)\s?\d{1,2}[a-z]?(?![\p{L}\p{N}_])   (/iu)
 * is found as ANY_TAG_AFTER where noWordBefore holds and noWordAt holds after it: had the
 * match given back a letter, a digit or the space, the look-ahead or the next part would
 * stand on it and fail, so the longest match is the only one to check.
 */
const ANY_TAG_AFTER = /#?(?:[Qq]|[Tt]|[Aa]|[Qq][Uu][Ee][Ss\u017F][Tt][Ii][Oo][Nn]|[Tt][Oo][Pp][Ii][Cc]|[Tt][Aa][Ss\u017F][Kk\u212A])\s?\d{1,2}[A-Za-z\u017F\u212A]?/g;

/** The next question tag in `s` from QUESTION_TAG_AFTER.lastIndex on, as the /giu pattern finds it. */
function nextQuestionTag(s: string): RegExpExecArray | null {
  for (;;) {
    const m = QUESTION_TAG_AFTER.exec(s);
    if (!m || noWordBefore(s, m.index)) return m;
    QUESTION_TAG_AFTER.lastIndex = m.index + 1;
  }
}

/** Where the first tag of any prefix in the first LEAD_IN_MAX + 20 characters of `s` ends, or -1. */
function firstTagEnd(s: string): number {
  const head = s.length > LEAD_IN_MAX + 20 ? s.slice(0, LEAD_IN_MAX + 20) : s;
  ANY_TAG_AFTER.lastIndex = 0;
  for (;;) {
    const m = ANY_TAG_AFTER.exec(head);
    if (!m) return -1;
    const end = m.index + m[0].length;
    if (noWordBefore(head, m.index) && noWordAt(head, end, head.length)) return end;
    ANY_TAG_AFTER.lastIndex = m.index + 1;
  }
}

/** "1/ What..." or a keycap "1️⃣ What...": numbering without a letter, `^(\d{1,2})(?:\/(?=\s)|\uFE0F?\u20E3)`. Where it ends and the digits' end, or null. */
function numberedAt(s: string): { digitsEnd: number; end: number } | null {
  if (!isDigitCode(s.charCodeAt(0))) return null;
  const digitsEnd = isDigitCode(s.charCodeAt(1)) ? 2 : 1;
  const c = s.charCodeAt(digitsEnd);
  if (c === 47 /* / */) return digitsEnd + 1 < s.length && isSpaceCode(s.charCodeAt(digitsEnd + 1)) ? { digitsEnd, end: digitsEnd + 1 } : null;
  if (c === 0x20e3) return { digitsEnd, end: digitsEnd + 1 };
  if (c === 0xfe0f && s.charCodeAt(digitsEnd + 1) === 0x20e3) return { digitsEnd, end: digitsEnd + 2 };
  return null;
}

interface TagMatch {
  tag: QuestionTag;
  /** Offset of the tag and of the text after it in the stripped text. */
  at: number;
  end: number;
}

/** The question tags in the lead-in zone of a (stripped) text. */
function leadingTags(s: string): TagMatch[] {
  const out: TagMatch[] = [];
  QUESTION_TAG_AFTER.lastIndex = 0;
  for (let m = nextQuestionTag(s); m && m.index <= LEAD_IN_MAX; m = nextQuestionTag(s)) {
    const word = m[1].toLowerCase();
    const prefix = word === 'q' || word === 'question' ? 'Q' : 'T';
    // A one-letter prefix is a tag only as written: "q1"/"t1" in lower case is chat ("t1 line").
    if (word === 't' && m[1] !== 'T') continue;
    // After a lead-in, the tag stands apart: "…coming up… Q5.", "And now, Q3:", "Here's Q2!" — not "explore this in Q2 I bet".
    if (m.index > 0 && !LEAD_IN_END.test(s.slice(0, m.index)) && !APART_AFTER.test(s.slice(m.index + m[0].length))) continue;
    out.push({ tag: { prefix, number: Number(m[2]), sub: m[3]?.toLowerCase() ?? null, style: 'tag' }, at: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Does the body after a tag announce the question (ANNOUNCED), trying the pattern only on texts that start as an announcement does? */
function announces(body: string): boolean {
  return body.length >= 2 && ANNOUNCED_STARTS.has(String.fromCharCode(body.charCodeAt(0) | 0x20, body.charCodeAt(1) | 0x20)) && ANNOUNCED.test(body);
}

/** The words after a tag that say what the question is, without trailing noise. */
function bodyAfter(s: string, end: number): string {
  const body = stripTrailing(s.slice(end));
  let i = 0;
  while (i < body.length && (isSpaceCode(body.charCodeAt(i)) || BEFORE_BODY.has(body.charCodeAt(i)))) i++;
  return i === 0 ? body : body.slice(i);
}

/**
 * The question a host's message asks, if it asks one: a tag in its first
 * words (after lead-ins, hashtags and mentions) followed by the question, or
 * nothing but a picture (`hasMedia`: the question posted as an image).
 * Announcements of a question ("Q1 in 2 minutes") ask none.
 */
export function questionTag(text: string, hasMedia = false): QuestionTag | null {
  const s = stripLeading(text);
  const numbered = numberedAt(s);
  if (numbered) {
    const body = bodyAfter(s, numbered.end);
    return body && !announces(body) ? { prefix: 'Q', number: Number(s.slice(0, numbered.digitsEnd)), sub: null, style: 'numbered' } : null;
  }
  // "Q1, Q2 and so on", "use A1, A2": a list of tags explains the format.
  const firstEnd = firstTagEnd(s);
  if (firstEnd >= 0 && ANOTHER_TAG.test(s.slice(firstEnd).trimStart())) return null;
  const tags = leadingTags(s);
  // The last tag of the lead-in asks ("Thanks for your answers to Q1! Now Q2: ...").
  for (let i = tags.length - 1; i >= 0; i--) {
    const { tag, end } = tags[i];
    const rest = s.slice(end);
    if (YEAR_AFTER.test(rest)) continue;
    const body = bodyAfter(s, end);
    if (announces(body) || ANOTHER_TAG.test(rest.trimStart())) return null;
    if (!body) return hasMedia ? tag : null;
    return tag;
  }
  return null;
}

/** Does a message name a question tag (so it is a question or an announcement of one)? */
export function mentionsQuestionTag(text: string): boolean {
  return leadingTags(stripLeading(text)).length > 0;
}

/** The text of a question without its tag, lead-in and the chat's trailing hashtags: for headings. */
export function questionText(text: string): string {
  const s = stripLeading(text);
  const numbered = numberedAt(s);
  const tags = leadingTags(s);
  const end = numbered ? numbered.end : tags.length ? tags[tags.length - 1].end : 0;
  const body = s.slice(end).replace(/^[\s).:;,\-–—=]+/, '');
  return withoutTrailingHashtags(body).trim();
}

// ---------------------------------------------------------------- answers

/** Number part: 1-2 digits (Q0 exists). */
const NUM = String.raw`(\d{1,2})`;
/** What may follow a tag: punctuation, whitespace, end. Not more digits, not a year. */
const AFTER = String.raw`(?=[).:;,/\-–—=!]|\s|$)`;

const OPEN_ANSWER = new RegExp(String.raw`^(?:A(?:nswer)?\s?${NUM}([a-z])?${AFTER}|Q${NUM}\s?A\b|#?([QT])${NUM}([a-z])?${AFTER})`, 'i');
const CLOSING_TAG = new RegExp(String.raw`(?:^|[\s(])#?[AQ]${NUM}([a-z])?[).:!]?$`, 'i');

/**
 * The answer tag of a message, or null. Looks at the start of the message
 * (after mentions, hashtags, "RT @x:") and at the very end of the author's own
 * words (after trailing hashtags and links, before any quoted tweet); never
 * mid-sentence.
 */
export function answerTag(text: string): AnswerTag | null {
  const s = stripLeading(text);
  const open = OPEN_ANSWER.exec(s);
  if (open && !YEAR_AFTER.test(s.slice(open[0].length))) {
    if (open[1] !== undefined) return { number: Number(open[1]), sub: open[2]?.toLowerCase() ?? null, prefix: null };
    if (open[3] !== undefined) return { number: Number(open[3]), sub: null, prefix: 'Q' };
    return { number: Number(open[5]), sub: open[6]?.toLowerCase() ?? null, prefix: open[4].toUpperCase() as 'Q' | 'T' };
  }
  const close = CLOSING_TAG.exec(stripTrailing(ownPart(text)));
  if (close) return { number: Number(close[1]), sub: close[2]?.toLowerCase() ?? null, prefix: null };
  return null;
}

// ---------------------------------------------------------------- the end of a chat

/** A host's closing words: the chat is over. */
const CLOSING = /\b(?:thanks?(?:\s+you)?(?:\s+so\s+much)?(?:\s+to)?\s+(?:every(?:one|body)|all|y'?all)\b|thank(?:s|\s+you)\s+(?:so\s+much\s+)?for\s+(?:joining|participating|coming|a\s+great|taking\s+part)|reached\s+the\s+end|end\s+of\s+(?:the|our|tonight'?s|today'?s)\s+chat|(?:that'?s|this\s+is)\s+a\s+wrap|wrap(?:ping)?[\s-]?up\b|\bQ?wrap\b|see\s+you\s+(?:all\s+)?(?:next|again|in\s+\d|on\b)|(?:chat|that)\s+is\s+(?:over|done)|until\s+next\s+(?:time|week|month))/i;

/** Does a host's message close the chat ("Thanks everyone for joining", "That's a wrap")? */
export function isClosing(text: string): boolean {
  return CLOSING.test(text);
}

/** A hello to the room ("Howdy #chat!", "@ann Hi, Bill!", "Welcome Don"), not an answer. */
const GREETING = /^[.\s]*(?:@[A-Za-z0-9_]{1,30}[\s,:]+)*(?:hi|hello|hey|howdy|hiya|greetings|welcome|good\s+(?:morning|afternoon|evening|day)|thanks\s+for\s+(?:dropping|stopping)\s+(?:in|by))\b/i;

export function isGreeting(text: string): boolean {
  return GREETING.test(text);
}

/** A participant's goodbye ("Thanks #chat! See you next week", "Great chat, all!"): the chat is over for them. */
const GOODBYE = /^(?:thanks?(?:\s+you)?(?:\s+(?:so\s+much|all|every(?:one|body)|y'?all))?\s*(?:for\s+(?:a\s+)?(?:great|fun|the)\b|#[\p{L}\p{N}_]+|[!.,]|$)|great\s+(?:chat|conversation|discussion)|(?:good)?\s*bye\b|good\s*night\b)/iu;

export function isGoodbye(text: string): boolean {
  return GOODBYE.test(text.trim()) || isClosing(text);
}
