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

/** Things that may stand before a tag at the start: mentions, hashtags, "RT @x:", "...", "1/2", "." */
const LEADING_NOISE = /^(?:\s|\.{2,}|…|[.,;:>\-–—"“'‘]|@[A-Za-z0-9_]+:?|#(?![AQT]\d{1,2}[a-z]?(?![\p{L}\p{N}_]))[\p{L}\p{N}_]+|\d+\/\d+(?!\d)|RT\b)+/iu;

function stripLeading(text: string): string {
  let s = text.trimStart();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = s.replace(LEADING_NOISE, '');
    if (s === before) break;
  }
  return s;
}

/** One token of trailing noise: a hashtag, a mention, a link, an ellipsis. */
const NOISE_TOKEN = /^(?:#[\p{L}\p{N}_]+|@[A-Za-z0-9_]+|https?:\/\/\S+|pic\.twitter\.com\/\S+|…|\.{3})$/u;
const CLOSING_PUNCT = new Set(['.', '!', '?', '…']);

/**
 * The text without its trailing hashtags, mentions, links and closing
 * punctuation (" #socbizchat https://t.co/x!!"), removed a token at a time.
 */
export function stripTrailing(text: string): string {
  let end = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || /\s/.test(c);
  for (;;) {
    while (end > 0 && isSpace(text[end - 1])) end--;
    if (end > 0 && CLOSING_PUNCT.has(text[end - 1])) {
      while (end > 0 && CLOSING_PUNCT.has(text[end - 1])) end--;
      continue;
    }
    let cut = end;
    while (cut > 0 && !isSpace(text[cut - 1])) cut--;
    // A token longer than any hashtag, mention or link is not noise (and is not tested).
    if (cut === 0 || end - cut > 2048 || !NOISE_TOKEN.test(text.slice(cut, end))) return text.slice(0, end);
    end = cut;
  }
}

const HASHTAG_TOKEN = /^#[\p{L}\p{N}_]+$/u;

/** The text without the hashtags it ends with (" #socbizchat #chat"), a token at a time. */
function withoutTrailingHashtags(text: string): string {
  let end = text.length;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    let cut = end;
    while (cut > 0 && !/\s/.test(text[cut - 1])) cut--;
    if (cut === 0 || end - cut > 256 || !HASHTAG_TOKEN.test(text.slice(cut, end))) return text.slice(0, end);
    end = cut;
  }
}

/** Where a quoted tweet starts inside a message ("... RT @x: ...", '"@x: ...'): tags after it are the quoted author's. */
const QUOTE_START = /\s(?:RT|MT)\s@[A-Za-z0-9_]+|\s["“]@[A-Za-z0-9_]+:/;

/** The part of a message its author wrote, without a quoted tweet after it. */
function ownPart(text: string): string {
  const m = QUOTE_START.exec(text);
  return m ? text.slice(0, m.index) : text;
}

// ---------------------------------------------------------------- questions

/** A question tag anywhere: "Q1", "#Q1", "Question 1", "T2", "Topic 2", "Task 3", "Q1a". */
const QUESTION_TAG = /(?<![\p{L}\p{N}_])#?(Q|T|Question|Topic|Task)\s?(\d{1,2})([a-z])?(?=[).:;,!?/\-–—=]|\s|$)/giu;
/** "1/ What..." or a keycap "1️⃣ What...": numbering without a letter. */
const NUMBERED = /^(\d{1,2})(?:\/(?=\s)|\uFE0F?\u20E3)/u;
/** A lead-in may be this long: "Final question coming up… " is, a whole sentence of chat is not. */
const LEAD_IN_MAX = 60;
const YEAR_AFTER = /^\s+(?:19|20)\d\d\b/;
/** What an announcement says after the tag: the question is still to come. */
const ANNOUNCED = /^(?:(?:is|will\s+be|comes?)\s+)?(?:coming\b|up\s+next|next\s*[!.…]*$|(?:very\s+)?soon\b|shortly\b|in\s+(?:a\s+(?:few\s+|couple\s+(?:of\s+)?)?|an?\s+|\d+\s*|one\s+|two\s+|three\s+|five\s+)(?:min|sec|moment)|on\s+(?:its|the)\s+way|(?:starts?|begins?)\s+(?:in|at|soon)\b|(?:posted|up)\s+(?:in|at|soon)\b|at\s+\d)/i;
/** A list of tags ("Q1, Q2", "Q1 and Q2"): the host is explaining the format. */
const ANOTHER_TAG = /^(?:,|and|&|or)?\s*#?(?:Q|T|A)\s?\d/i;

/** The first tag of a text (any prefix, answers too): a list starting there explains the format. */
const FIRST_TAG = /(?<![\p{L}\p{N}_])#?(?:Q|T|A|Question|Topic|Task)\s?\d{1,2}[a-z]?(?![\p{L}\p{N}_])/iu;

interface TagMatch {
  tag: QuestionTag;
  /** Offset of the tag and of the text after it in the stripped text. */
  at: number;
  end: number;
}

/** The question tags in the lead-in zone of a (stripped) text. */
function leadingTags(s: string): TagMatch[] {
  const out: TagMatch[] = [];
  QUESTION_TAG.lastIndex = 0;
  for (let m = QUESTION_TAG.exec(s); m && m.index <= LEAD_IN_MAX; m = QUESTION_TAG.exec(s)) {
    const word = m[1].toLowerCase();
    const prefix = word === 'q' || word === 'question' ? 'Q' : 'T';
    // A one-letter prefix is a tag only as written: "q1"/"t1" in lower case is chat ("t1 line").
    if (word === 't' && m[1] !== 'T') continue;
    // After a lead-in, the tag stands apart: "…coming up… Q5.", "And now, Q3:", "Here's Q2!" — not "explore this in Q2 I bet".
    if (m.index > 0 && !/[…:,.!\-–—]\s*$|\b(?:now|question|here'?s|is)\s*$/i.test(s.slice(0, m.index)) && !/^[).:!\-–—]/.test(s.slice(m.index + m[0].length))) continue;
    out.push({ tag: { prefix, number: Number(m[2]), sub: m[3]?.toLowerCase() ?? null, style: 'tag' }, at: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The words after a tag that say what the question is, without trailing noise. */
function bodyAfter(s: string, end: number): string {
  return stripTrailing(s.slice(end)).replace(/^[\s).:;,!\-–—=]+/, '');
}

/**
 * The question a host's message asks, if it asks one: a tag in its first
 * words (after lead-ins, hashtags and mentions) followed by the question, or
 * nothing but a picture (`hasMedia`: the question posted as an image).
 * Announcements of a question ("Q1 in 2 minutes") ask none.
 */
export function questionTag(text: string, hasMedia = false): QuestionTag | null {
  const s = stripLeading(text);
  const numbered = NUMBERED.exec(s);
  if (numbered) {
    const body = bodyAfter(s, numbered[0].length);
    return body && !ANNOUNCED.test(body) ? { prefix: 'Q', number: Number(numbered[1]), sub: null, style: 'numbered' } : null;
  }
  // "Q1, Q2 and so on", "use A1, A2": a list of tags explains the format.
  const first = FIRST_TAG.exec(s.slice(0, LEAD_IN_MAX + 20));
  if (first && ANOTHER_TAG.test(s.slice(first.index + first[0].length).trimStart())) return null;
  const tags = leadingTags(s);
  // The last tag of the lead-in asks ("Thanks for your answers to Q1! Now Q2: ...").
  for (let i = tags.length - 1; i >= 0; i--) {
    const { tag, end } = tags[i];
    const rest = s.slice(end);
    if (YEAR_AFTER.test(rest)) continue;
    const body = bodyAfter(s, end);
    if (ANNOUNCED.test(body) || ANOTHER_TAG.test(rest.trimStart())) return null;
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
  const numbered = NUMBERED.exec(s);
  const tags = leadingTags(s);
  const end = numbered ? numbered[0].length : tags.length ? tags[tags.length - 1].end : 0;
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
