/**
 * How the human-readable downloads (Markdown, text, HTML) lay a transcript
 * out: sections under question headings, each split by local day.
 *
 * - A message assigned to a known question goes under that question's heading
 *   (a late answer to Q1 stays with Q1).
 * - A message with no question (or an unknown question id) stays where it was
 *   said: under the question being discussed at that moment, or in "Before the
 *   first question" when no question had been asked yet (or it is the chat's
 *   warm-up), or in "After the chat" when the chat was over (goodbyes, later
 *   chatter, next-day tweets never land under the last question).
 * - Sections follow the order questions were asked; within a section messages
 *   keep the transcript's chronological order; every message appears once.
 * - Without any questions (none detected yet) there is one "Messages" section.
 *
 * Times are shown in the jam's zone, always with en-US names so the output
 * does not depend on the machine's locale.
 */
import { IANAZone } from 'luxon';
import type { Message, Question, Transcript } from '../model/transcript.ts';
import { formatZoned, isDayOnly, isoDate, zonedMessageTime } from '../model/time-format.ts';
import { safeHttpUrl } from '../model/entities.ts';
import type { DownloadContext } from './types.ts';
import { repeatsMessage } from '../model/text-match.ts';

export const BEFORE_FIRST_QUESTION = 'Before the first question';
export const AFTER_THE_CHAT = 'After the chat';
export const ALL_MESSAGES = 'Messages';

/** The zone to show times in; throws on a zone luxon does not know (a config error, not data). */
export function resolveZone(timezone: string | null | undefined): string {
  const zone = timezone?.trim() || 'UTC';
  if (!IANAZone.isValidZone(zone)) throw new Error(`unknown time zone "${zone}" (use an IANA name such as "America/New_York")`);
  return zone;
}

export interface LocalTime {
  /** Local date, yyyy-MM-dd. */
  date: string;
  /** Local "HH:mm" (the text and Markdown downloads' clock), or "--:--" for a message that only has a day. */
  clock: string;
  /** The time of day on the jam's locale's clock, as the site's pages show it ("5:03 PM" in English, "17:03" in German); "--:--" as `clock`. */
  localeClock: string;
  /** e.g. "Wednesday 24 October 2012". */
  dayLabel: string;
}

const DAY_LABEL = 'cccc d LLLL yyyy';

/**
 * The clock a locale reads (a BCP 47 tag, as the jam's `lang`): "h:mm a"
 * where its people use a 12-hour clock (en, en-US, hi…), as the site's
 * pages show times, else "HH:mm". Unknown or malformed tags read as "en".
 */
export function clockPattern(lang: string | null | undefined): string {
  let cycle: string | undefined;
  try {
    cycle = new Intl.DateTimeFormat(lang || 'en', { hour: 'numeric' }).resolvedOptions().hourCycle;
  } catch {
    cycle = 'h12';
  }
  return cycle === 'h11' || cycle === 'h12' ? 'h:mm a' : 'HH:mm';
}

export function localTime(m: Pick<Message, 'time' | 'timePrecision'>, zone: string, localeClock = 'HH:mm'): LocalTime {
  const d = zonedMessageTime(m, zone);
  if (d) {
    const clock = isDayOnly(m) ? '--:--' : formatZoned(d, 'HH:mm');
    return { date: isoDate(d), clock, localeClock: localeClock === 'HH:mm' || clock === '--:--' ? clock : formatZoned(d, localeClock), dayLabel: formatZoned(d, DAY_LABEL) };
  }
  // The model promises ISO times; a transcript edited by hand may not keep that promise.
  return { date: m.time, clock: '--:--', localeClock: '--:--', dayLabel: m.time };
}

export interface DayGroup {
  date: string;
  label: string;
  messages: Message[];
}

export interface Section {
  /** Question id, "none" for the messages before any question, "after" for those after the chat. */
  key: string;
  question: Question | null;
  /** Question text (editor override first), one line; null for the "none" section. */
  questionText: string | null;
  /** "Q1 · text", "Before the first question", "After the chat" or "Messages". */
  heading: string;
  days: DayGroup[];
  /** Messages in the section. */
  count: number;
  /** A question's answers: its messages but the one asking it (what the recap counts); null for the other sections. */
  answers: number | null;
}

/** A message's pictures and videos for the downloads: a label and, when it is on the web, an http(s) address. */
export interface AttachmentLine {
  /** "Image: alt text", "Video", ... (one line). */
  label: string;
  url: string | null;
}

/** Labels leave out an alt text that only repeats the message (see repeatsMessage). */
export function attachmentLines(m: Pick<Message, 'attachments' | 'text'>): AttachmentLine[] {
  return (m.attachments ?? []).map((a) => {
    const alt = oneLine(a.alt ?? '');
    const said = repeatsMessage(alt, m.text ?? '') ? '' : alt;
    return { label: `${a.kind === 'video' ? 'Video' : 'Image'}${said ? `: ${said}` : ''}`, url: safeHttpUrl(a.url) };
  });
}

/** One line: headings and list items cannot hold a newline. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * A transcript laid out once for every human-readable download: the zone,
 * the sections, and each message's local time (worked out once).
 */
export interface TranscriptLayout {
  zone: string;
  sections: Section[];
  time(m: Message): LocalTime;
}

/** The layout the Markdown, text and HTML downloads share (throws on an unknown zone, as resolveZone). */
export function transcriptLayout(t: Transcript, ctx: Pick<DownloadContext, 'timezone' | 'questionTexts' | 'lang'>): TranscriptLayout {
  const zone = resolveZone(ctx.timezone);
  const clock = clockPattern(ctx.lang);
  const times = new Map<Message, LocalTime>();
  const time = (m: Message): LocalTime => {
    let lt = times.get(m);
    if (!lt) times.set(m, (lt = localTime(m, zone, clock)));
    return lt;
  };
  return { zone, sections: sectionsOf(t, ctx, time), time };
}

export function layoutTranscript(t: Transcript, ctx: Pick<DownloadContext, 'questionTexts'>, zone: string): Section[] {
  return sectionsOf(t, ctx, (m) => localTime(m, zone));
}

function sectionsOf(t: Transcript, ctx: Pick<DownloadContext, 'questionTexts'>, time: (m: Message) => LocalTime): Section[] {
  const messages = t.messages;
  const indexById = new Map<string, number>();
  messages.forEach((m, i) => {
    if (!indexById.has(m.id)) indexById.set(m.id, i);
  });

  // Where each question was asked, as a position in the chronological list.
  const seen = new Set<string>();
  const asks: { q: Question; at: number }[] = [];
  for (const q of t.questions) {
    if (seen.has(q.id)) continue;
    seen.add(q.id);
    let at = indexById.get(q.messageId);
    if (at === undefined) {
      at = messages.findIndex((m) => m.time >= q.askedAt);
      if (at < 0) at = messages.length;
    }
    asks.push({ q, at });
  }
  asks.sort((a, b) => a.at - b.at || a.q.number - b.q.number || (a.q.id < b.q.id ? -1 : a.q.id > b.q.id ? 1 : 0));

  const buckets = new Map<string, Message[]>();
  const none: Message[] = [];
  const after: Message[] = [];
  for (const { q } of asks) buckets.set(q.id, []);

  let current = none;
  let k = 0;
  messages.forEach((m, i) => {
    while (k < asks.length && asks[k].at <= i) current = buckets.get(asks[k++].q.id)!;
    const own = m.question !== null ? buckets.get(m.question) : undefined;
    const outside = asks.length && m.phase === 'after' ? after : asks.length && m.phase === 'before' ? none : current;
    (own ?? outside).push(m);
  });

  const sections: Section[] = [];
  if (none.length || !asks.length) {
    sections.push(makeSection('none', null, null, asks.length ? BEFORE_FIRST_QUESTION : ALL_MESSAGES, none, time));
  }
  for (const { q } of asks) {
    const text = withoutOwnId(oneLine(ctx.questionTexts?.[q.id] ?? q.text), q.id);
    sections.push(makeSection(q.id, q, text, text ? `${q.id} · ${text}` : q.id, buckets.get(q.id)!, time));
  }
  if (after.length) sections.push(makeSection('after', null, null, AFTER_THE_CHAT, after, time));
  return sections;
}

/** "Q1. How ..." -> "How ...": the heading already says "Q1 ·". */
function withoutOwnId(text: string, id: string): string {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rest = text.replace(new RegExp(`^${escaped}(?![\\p{L}\\p{N}])[\\s.:)\\-–—]*`, 'iu'), '');
  return rest || text;
}

function makeSection(key: string, question: Question | null, questionText: string | null, heading: string, messages: Message[], time: (m: Message) => LocalTime): Section {
  const days: DayGroup[] = [];
  for (const m of messages) {
    const lt = time(m);
    const lastDay = days[days.length - 1];
    if (lastDay && lastDay.date === lt.date) lastDay.messages.push(m);
    else days.push({ date: lt.date, label: lt.dayLabel, messages: [m] });
  }
  const answers = question ? messages.filter((m) => m.id !== question.messageId).length : null;
  return { key, question, questionText, heading: oneLine(heading), days, count: messages.length, answers };
}
