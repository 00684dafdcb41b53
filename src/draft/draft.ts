/**
 * Drafting a recap from a transcript (`jamrecap new`): the front matter the
 * transcript already knows, an introduction placeholder, and one
 * `## Qn · question` section per question with a summary placeholder and
 * three suggested quotes. Pure: transcript in, recap.md text out.
 *
 * Which quotes: from the question's answers (never the question itself),
 * the messages others replied to and retweeted most, then the most
 * substantive (the longest text once links, mentions, hashtags and answer
 * tags are left out), at most one per author while others remain. The
 * participants' own messages come first; the hosts' (prompts, thanks, the
 * wrap-up) only when those run out, and retweets (others' words) last; in
 * an AMA, the guests' answers first.
 *
 * How they are marked: the Markdown renderer escapes HTML, so an HTML
 * comment would be printed. Placeholders and the suggestion marker are
 * Markdown-visible lines starting with `*Draft:` (italic on a `--drafts`
 * preview): the editor replaces or deletes them, and `check` lists every
 * one still there. `draft: true` keeps the whole jam out of `build` until
 * the editor removes it.
 *
 * An AMA (the crowd asks guests: questions with an `asker`) is drafted with
 * `shape: ama` and `guests:` (the transcript's hosts are its guests) in
 * place of `hosts:`, and a section per answered question only (the
 * unanswered ones are counted on the page, not summarized).
 *
 * Each quote is written in the recap's quote syntax, `> @handle start of
 * the text`, with the shortest start (five words at least) that resolves
 * to exactly that message the way the build resolves quotes, or as
 * `> <message id>` when no start is unique (the same text twice).
 */
import { DateTime, IANAZone } from 'luxon';
import { Document, isMap, isSeq, Scalar } from 'yaml';
import { handleKey, type Message, type Transcript } from '../model/transcript.ts';
import { repeats, retweetedBody } from '../model/text-match.ts';
import { formatTime } from '../model/time-format.ts';
import { resolveQuote } from '../notes/quotes.ts';
import { DRAFT_MARK, SUGGESTED_MARK, parseRecapBody, type QuoteRef } from '../notes/recap-body.ts';
import { REDACTED_HANDLE, REDACTED_TEXT, REPEATED_TEXT } from '../notes/redact.ts';

/** How many quotes each section suggests. */
export const SUGGESTED_QUOTES = 3;
/** Words a suggested quote starts with at least (fewer when the message is shorter). */
const MIN_QUOTE_WORDS = 5;

export const INTRO_PLACEHOLDER = `${DRAFT_MARK} write the introduction here: what the jam was about, who hosted, what stood out.*`;
export const summaryPlaceholder = (id: string) => `${DRAFT_MARK} summarize the answers to ${id} here.*`;
export const SUGGESTED_LINE = `${SUGGESTED_MARK}, picked from the most replied-to, retweeted and substantive messages. Keep the ones you want (or quote others as "> @handle start of the text"), then delete this line.*`;

export interface DraftOptions {
  slug: string;
  /** Export file names in the jam folder, in import order. */
  exports: string[];
  /** IANA zone the recap shows times in (default UTC). */
  timezone?: string;
  title?: string;
  hashtag?: string;
  /** The channel imported from a workspace export holding several (written as `channel:`). */
  channel?: string;
}

export interface Draft {
  text: string;
  questions: number;
  /** Suggested quotes written, per section id ("intro" when the chat has no questions). */
  quotes: Record<string, string[]>;
}

/** Text without links, mentions, hashtags, "RT @x:" and answer tags: what the message says. */
export function substance(text: string): string {
  return text
    .replace(/^RT\s+@[A-Za-z0-9_]+:?/i, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\p{L}\p{N}_]+/gu, ' ')
    .replace(/(?:^|\s)[QA]\d{1,2}[a-z]?[.:)\-–—]*(?=\s|$)/giu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Replies and retweets pointing at each message (retweets without an id matched by author and text). */
export function engagement(t: Transcript): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  const byId = new Map(t.messages.map((m) => [m.id, m]));
  const byAuthor = new Map<string, Message[]>();
  for (const m of t.messages) {
    const k = handleKey(m.author.handle);
    if (!byAuthor.has(k)) byAuthor.set(k, []);
    byAuthor.get(k)!.push(m);
  }
  for (const m of t.messages) {
    if (m.replyTo && byId.has(m.replyTo) && m.replyTo !== m.id) bump(m.replyTo);
    if (!m.retweetOf) continue;
    if (m.retweetOf.id && byId.has(m.retweetOf.id)) {
      bump(m.retweetOf.id);
      continue;
    }
    const body = retweetedBody(m.text);
    if (!body) continue;
    const original = (byAuthor.get(handleKey(m.retweetOf.handle)) ?? [])
      .filter((o) => o.id !== m.id && o.time <= m.time && !o.retweetOf)
      .reverse()
      .find((o) => repeats(body, o.text));
    if (original) bump(original.id);
  }
  return counts;
}

const HANDLE_REF = /^[A-Za-z0-9_]{1,30}$/;
const ID_REF = /^(\d{6,30}|h-[0-9a-f]{16})$/;

/** Scripts written without spaces between words: a quote may stop after any character. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
/** Words that do not count towards a quote's length: mentions, hashtags, answer tags. */
const NOISE_WORD = /^(?:[@#].*|[QA]\d{1,2}[a-z]?[).:\-]*|RT)$/i;

/**
 * Where a quote of `text` may stop, shortest first: after each word, and
 * after each character of unspaced scripts; each with whether it is long
 * enough to read as a quote (five words besides tags and mentions, or
 * fifteen characters of an unspaced script, or the whole text).
 */
function cutPoints(text: string): { prefix: string; enough: boolean }[] {
  const s = text.trim().replace(/\s+/g, ' ');
  const out: { prefix: string; enough: boolean }[] = [];
  const enough = (prefix: string) => {
    const words = prefix.split(' ').filter((w) => w && !NOISE_WORD.test(w)).length;
    const unspaced = Array.from(prefix).filter((c) => UNSPACED.test(c)).length;
    return words >= MIN_QUOTE_WORDS || unspaced >= 15;
  };
  const chars = Array.from(s);
  let prefix = '';
  chars.forEach((c, i) => {
    prefix += c;
    const next = chars[i + 1];
    const atWordEnd = next === ' ' || next === undefined;
    if (c !== ' ' && (atWordEnd || UNSPACED.test(c))) out.push({ prefix, enough: next === undefined || enough(prefix) });
  });
  return out;
}

/** A quote line that resolves to exactly `m` within the section, or null when none can. */
export function quoteLine(m: Message, t: Transcript, sectionId: string | null): string | null {
  const ref = (handle: string | null, text: string, id: string | null): QuoteRef => ({ kind: 'quote', raw: text, handle, text, id, line: 1, col: 1 });
  if (HANDLE_REF.test(m.author.handle)) {
    for (const { prefix, enough } of cutPoints(m.text)) {
      if (!enough) continue;
      const r = resolveQuote(ref(m.author.handle, prefix, null), t, sectionId);
      if (!r.ok || r.message.id !== m.id) continue;
      const line = `> @${m.author.handle} ${prefix}`;
      // Written as the notes will read it back: the body parser must see this very reference.
      const parsed = parseRecapBody(line, 1, 'draft').intro.blocks[0];
      if (parsed?.kind === 'quote' && parsed.handle === m.author.handle && parsed.text === prefix) return line;
      break;
    }
  }
  if (ID_REF.test(m.id)) {
    const r = resolveQuote(ref(null, '', m.id), t, sectionId);
    if (r.ok && r.message.id === m.id) return `> ${m.id}`;
  }
  return null;
}

/** Messages that cannot be suggested: removed ones, and empty ones. */
function quotable(m: Message): boolean {
  return m.author.handle !== REDACTED_HANDLE && m.text !== REDACTED_TEXT && m.text !== REPEATED_TEXT && m.text.trim() !== '';
}

/**
 * The suggested quotes among `pool`: ranked by engagement, then substance;
 * one per author while possible; each with its quote line.
 */
export function suggestQuotes(pool: Message[], t: Transcript, sectionId: string | null, counts = engagement(t), n = SUGGESTED_QUOTES): { message: Message; line: string }[] {
  const hosts = new Set(t.jam.hosts.map(handleKey));
  // Tiers: participants' own words, then the hosts' (mostly prompts and thanks), then retweets.
  // In an AMA the hosts are the guests, whose answers come first.
  const hostTier = isAma(t) ? -1 : 1;
  const tier = (m: Message) => (m.retweetOf ? 2 : hosts.has(handleKey(m.author.handle)) ? hostTier : 0);
  const score = (m: Message) => ({ e: counts.get(m.id) ?? 0, s: substance(m.text).length, tier: tier(m) });
  const ranked = pool
    .filter(quotable)
    .map((m) => ({ m, ...score(m) }))
    .sort((a, b) => a.tier - b.tier || b.e - a.e || b.s - a.s || (a.m.time < b.m.time ? -1 : a.m.time > b.m.time ? 1 : 0) || (a.m.id < b.m.id ? -1 : 1));
  const picked: { message: Message; line: string }[] = [];
  const authors = new Set<string>();
  const take = (allowSameAuthor: boolean) => {
    for (const { m } of ranked) {
      if (picked.length >= n) return;
      if (picked.some((p) => p.message.id === m.id)) continue;
      if (!allowSameAuthor && authors.has(handleKey(m.author.handle))) continue;
      const line = quoteLine(m, t, sectionId);
      if (!line) continue;
      picked.push({ message: m, line });
      authors.add(handleKey(m.author.handle));
    }
  };
  take(false);
  take(true);
  return picked;
}

/** One line of text (headings and YAML values). */
/** The text without the characters at its end that `drop` accepts (a loop: `/[\s#]+$/` is quadratic on a long run). */
function trimEndWhile(s: string, drop: (c: string) => boolean): string {
  let end = s.length;
  while (end > 0 && drop(s[end - 1])) end--;
  return s.slice(0, end);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The jam's start as the front matter writes it: with an offset, in the recap's zone. */
export function draftDate(t: Transcript, zone: string): string | null {
  const asked = [...t.questions].sort((a, b) => (a.askedAt < b.askedAt ? -1 : a.askedAt > b.askedAt ? 1 : 0))[0]?.askedAt;
  const first = asked ?? t.messages[0]?.time;
  if (!first) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(first)) return first;
  return formatTime(first, zone, "yyyy-LL-dd'T'HH:mm:ssZZ");
}

const HASHTAG = /^[\p{L}\p{M}\p{N}_]+$/u;

/** The chat's hashtag, or the most used one, or one made from the slug (then `guessed`). */
function draftHashtag(t: Transcript, slug: string): { tag: string; guessed: string | null } {
  if (t.jam.hashtag && HASHTAG.test(t.jam.hashtag)) return { tag: t.jam.hashtag, guessed: null };
  const counts = new Map<string, { tag: string; n: number }>();
  for (const m of t.messages) {
    for (const h of m.hashtags) {
      if (!HASHTAG.test(h)) continue;
      const c = counts.get(h.toLowerCase()) ?? { tag: h, n: 0 };
      c.n++;
      counts.set(h.toLowerCase(), c);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n || (a.tag < b.tag ? -1 : 1))[0];
  if (best) return { tag: best.tag, guessed: ` the most used hashtag (${best.n} message${best.n === 1 ? '' : 's'}): check it` };
  const fromSlug = slug.replace(/[^a-z0-9_]/g, '') || 'chat';
  return { tag: fromSlug, guessed: ' no hashtag in the export: made from the folder name, write the chat\'s own' };
}

/** Whether the transcript is an AMA (its questions record who asked them: src/questions/ama.ts). */
export function isAma(t: Transcript): boolean {
  return t.questions.some((q) => q.asker !== undefined);
}

/** The questions that get a section: all of a tweet chat's; an AMA's answered ones. */
function draftedQuestions(t: Transcript): Transcript['questions'] {
  return isAma(t) ? t.questions.filter((q) => q.answered) : t.questions;
}

/** recap.md for a transcript: front matter (`draft: true`), placeholders and suggested quotes. */
export function draftRecap(t: Transcript, options: DraftOptions): Draft {
  const zone = options.timezone && IANAZone.isValidZone(options.timezone) ? options.timezone : 'UTC';
  const hashtag = options.hashtag ? { tag: options.hashtag.replace(/^#/, ''), guessed: null } : draftHashtag(t, options.slug);
  const title = oneLine(options.title ?? t.jam.title ?? '') || `#${hashtag.tag}`;
  const date = draftDate(t, zone) ?? DateTime.utc().toISODate()!;

  const ama = isAma(t);
  const sections = draftedQuestions(t);
  const questionTexts: Record<string, string> = {};
  for (const q of sections) {
    const text = oneLine(q.text);
    if (text) questionTexts[q.id] = text;
  }
  const data: Record<string, unknown> = {
    title,
    date,
    hashtag: hashtag.tag,
    ...(ama ? { shape: 'ama', ...(t.jam.hosts.length ? { guests: t.jam.hosts } : {}) } : t.jam.hosts.length ? { hosts: t.jam.hosts } : {}),
    timezone: zone,
    exports: options.exports,
    ...(options.channel ? { channel: options.channel } : {}),
    ...(Object.keys(questionTexts).length ? { questions: questionTexts } : {}),
    draft: true,
  };
  const doc = new Document(data, { version: '1.2' });
  doc.commentBefore = ' Drafted by `jamrecap new`: check every value, write the summaries,\n choose the quotes, then delete "draft: true" to publish.';
  if (isMap(doc.contents)) {
    for (const item of doc.contents.items) {
      const key = String((item.key as Scalar).value);
      if ((key === 'hosts' || key === 'guests' || key === 'exports') && isSeq(item.value)) item.value.flow = true;
      if (key === 'hashtag' && hashtag.guessed && item.value instanceof Scalar) item.value.comment = hashtag.guessed;
      if (key === 'date' && !t.questions.length && item.value instanceof Scalar) item.value.comment = ' the first message (the chat has no numbered questions)';
    }
  }
  const front = doc.toString({ lineWidth: 0 });

  const counts = engagement(t);
  const body: string[] = [INTRO_PLACEHOLDER, ''];
  const quotes: Record<string, string[]> = {};
  const questions = [...sections].sort((a, b) => a.number - b.number);
  const section = (lines: string[]) => {
    if (!lines.length) return;
    body.push(SUGGESTED_LINE, '', ...lines, '');
  };
  if (!questions.length) {
    // No numbered questions: suggest the chat's highlights in the introduction.
    const picked = suggestQuotes(t.messages, t, null, counts);
    quotes.intro = picked.map((p) => p.line);
    section(quotes.intro);
  }
  for (const q of questions) {
    const heading = trimEndWhile(oneLine(questionTexts[q.id] ?? ''), (c) => c === '#' || /\s/.test(c));
    body.push(`## ${q.id}${heading ? ` · ${heading}` : ''}`, '', summaryPlaceholder(q.id), '');
    const pool = t.messages.filter((m) => m.question === q.id && m.id !== q.messageId);
    const picked = suggestQuotes(pool, t, q.id, counts);
    quotes[q.id] = picked.map((p) => p.line);
    section(quotes[q.id]);
  }
  const text = `---\n${front}---\n${trimEndWhile(body.join('\n'), (c) => c === '\n')}\n`;
  return { text, questions: questions.length, quotes };
}
