/**
 * WhatsApp's "Export chat" text file (without media), both layouts:
 *
 * - Android: `12/31/20, 9:15 PM - Name: text` (also `31.12.2020, 21:15 - `,
 *   `2020-12-31 21:15 - `; a narrow no-break space before AM/PM);
 * - iOS: `[31/12/2020, 21:15:03] Name: text`, with the left-to-right marks
 *   (U+200E) iOS puts before system texts, placeholders and some lines.
 *
 * Every line that starts with a date and time is a message element; other
 * lines continue the message before (multi-line messages). A dated line
 * without "Name: " (someone joined, left, was added; the encryption notice),
 * and the encryption notice even where iOS writes the group's name before
 * it, is a system line: a diagnostic, not a message, and not counted.
 *
 * Day and month order is decided once per file from the values: a first
 * number above 12 means day-first, a second above 12 month-first; with no
 * such value, the order under which the dates never go back wins, and a
 * warning says which was taken and why. Two-digit years are 20yy. Times
 * are the phone's local clock, read in the jam's zone (notes `timezone:` or
 * `--time-zone`), else as UTC with a note.
 *
 * Media left out of the export (`<Media omitted>`, `image omitted`,
 * `<attached: …>`) stay messages with that placeholder as their text and no
 * attachment (there is no file or URL to point to): the message happened,
 * often as an answer, and a recap that dropped it would show the question
 * unanswered. "This message was deleted" is skipped. WhatsApp has no
 * message ids: the pipeline derives them from the content.
 *
 * The text is read in two passes, its lines by offsets (no string per
 * line): the first finds the header lines and keeps their numbers in one
 * typed array, the order is decided, and the second makes the messages,
 * cutting out only their texts and each sender's name once. Cheap exact
 * tests (a first or last character, a length, a word) turn most texts away
 * before the system, deleted, call and media patterns, which stay the
 * final word.
 */
import type { ExportFile } from '../export-file.ts';
import type { Importer, ParseOptions, ParseResult } from '../importer.ts';
import type { TimePrecision } from '../../model/transcript.ts';
import { zoneNote, zoneOf } from '../time.ts';
import { NameHandles, dayIndex, headerLineImporter, isBlank, isDay, joinBody, joinBody1, lineBounds, lineDiagnostic, isoTime, previewOf, zonedIsoTime, type LineBounds } from './text-lines.ts';

/** Marks WhatsApp adds around texts and names (LRM, RLM, LRE…PDF): never part of what was typed there. */
const MARKS = /[\u200e\u200f\u202a-\u202e]/g;
/** The encryption notice, in English and in the languages of the exports seen (de, es, pt, fr, it, nl). */
const ENCRYPTION = /^(?:messages and calls are end-to-end encrypted|messages (?:you send )?to this (?:group|chat) are now secured with end-to-end encryption|nachrichten und anrufe sind ende-zu-ende-verschl|los mensajes y las llamadas est[aá]n cifrados de extremo a extremo|as mensagens e as chamadas s[aã]o protegidas com a criptografia de ponta a ponta|les messages et les appels sont chiffr[eé]s de bout en bout|i messaggi e le chiamate sono crittografati end-to-end|berichten en oproepen zijn end-to-end versleuteld)/i;
/**
 * Android and iOS system texts in other languages (de, es, pt), under the
 * group's or the actor's name: who created the group, added or removed
 * someone, left, changed a phone number. Short texts only, told by their
 * words and end (string tests: no regex to backtrack on a hostile line).
 */
function otherSystem(bare: string): boolean {
  if (bare.length > 400) return false;
  const t = (bare.endsWith('.') ? bare.slice(0, -1) : bare).toLowerCase();
  if (t.includes(' hat ')) {
    const u = t.endsWith(' tippe, um alle zu sehen') ? t.slice(0, t.lastIndexOf('.')) : t;
    return u.endsWith(' hinzugefügt') || u.endsWith(' entfernt') || u.endsWith(' die gruppe verlassen') || (u.includes(' hat die gruppe ') && u.endsWith(' erstellt')) || (u.includes('grupp') && u.endsWith(' geändert'));
  }
  if (t.endsWith(' ist der gruppe beigetreten') || t.endsWith(' ist beigetreten')) return true;
  if (t.includes(' cambió su número de teléfono') || t.includes(' mudou seu número de telefone') || t.includes(' mudou o número de telefone')) return true;
  return t.endsWith(' salió del grupo') || t.includes(' creó el grupo ') || t.includes(' criou o grupo ') || /^\S{1,80}(?: \S{1,80}){0,4} (?:añadió a|adicionou) /.test(t);
}

/** iOS system texts: a mark, then who did what (they come under the group's name). */
const IOS_SYSTEM = /^(?:.{1,80} (?:joined using this group's invite link|left|added .{1,200}|removed .{1,200}|changed the subject .{1,300}|changed this group's (?:icon|settings.{0,200})|changed the group description|created group .{1,300}|joined)|you were added|you joined .{1,200}|you're now an admin)$/i;
/** Media left out of the export: "<Media omitted>", "image omitted", "<attached: …>", Spanish "imagen omitida", German "Bild weggelassen". */
const MEDIA = /^(?:<media omitted>|(?:image|video|audio|sticker|gif|document|contact card) omitted|<attached: [^>\n]{1,300}>|<multimedia omitido>|(?:imagen|video|audio|sticker|gif|documento) omitid[oa]|(?:bild|video|audio|sticker|gif|dokument) weggelassen)$/i;
/** What WhatsApp leaves of a deleted message (en, de, es, pt, fr, it, nl), with or without iOS's full stop. */
const DELETED = /^(?:this message was deleted|you deleted this message|diese nachricht wurde gelöscht|du hast diese nachricht gelöscht|se eliminó este mensaje|eliminaste este mensaje|este mensaje fue eliminado|mensagem apagada|esta mensagem foi apagada|você apagou esta mensagem|ce message a été supprimé|vous avez supprimé ce message|questo messaggio è stato eliminato|hai eliminato questo messaggio|dit bericht is verwijderd|je hebt dit bericht verwijderd)\.?$/i;

/**
 * A cheap test every text otherSystem accepts passes (a string it accepts
 * holds, lower-cased, one of these words between spaces; the characters
 * that lower-case to them are exactly those this case-insensitive test
 * matches): most messages are turned away without lower-casing them.
 */
const OTHER_SYSTEM_WORD = / (?:hat|ist|cambió|mudou|salió|creó|criou|añadió|adicionou) /i;
/** Whether a text's first character can start ENCRYPTION (m, n, l, a, i, b in either case; `| 32` lower-cases ASCII letters). */
const encryptionStart = (c: number): boolean => c === 109 || c === 110 || c === 108 || c === 97 || c === 105 || c === 98;
/** Whether a text's first character can start CALL (m, g, v in either case). */
const callStart = (c: number): boolean => c === 109 || c === 103 || c === 118;
/** Whether a text's last character can end MEDIA (">", or d, o, a, n in either case). */
const mediaEnd = (c: number): boolean => c === 62 || c === 100 || c === 111 || c === 97 || c === 110;
/** The shortest and longest text DELETED matches (a case-insensitive match is as long as the words it matches). */
const DELETED_MIN = 16;
const DELETED_MAX = 35;

/**
 * What headerAt read last: the first, second and third number of the
 * date, the separator's code, hour, minute, second (-1: none), how many
 * digits the first and the third number had, and the AM/PM letter (97 a,
 * 112 p, 0 none). One array filled in place: no match array and group
 * strings per line.
 */
const GROUPS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** How many digits (0-9) run from `at` in `line` (the number they write in RUN). */
function digitsAt(line: string, at: number): number {
  let i = at;
  let v = 0;
  for (;;) {
    // Past the end charCodeAt is NaN, no digit.
    const d = line.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) break;
    v = v * 10 + d;
    i++;
  }
  RUN = v;
  return i - at;
}

/** The number the digits digitsAt read last write (exact for the few digits a header's numbers have). */
let RUN = 0;

/** The number the `n` digits at `at` write. */
function numberAt(line: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + line.charCodeAt(i) - 48;
  return v;
}

/**
 * Where the body of the dated line that starts at `start` in `text` starts,
 * or -1 when it is no header line (its parts in GROUPS). The line ends at a
 * line break or at the end of `text`, characters no part of a header can
 * be, so a line is read in place: no string is cut out for it.
 */
function headerAt(text: string, start: number): number {
  // Both layouts start with a digit or "[" (after one left-to-right mark): no other line is tried against them.
  const at = text.charCodeAt(start) === 0x200e ? start + 1 : start;
  const first = text.charCodeAt(at);
  if (first !== 91 && !(first >= 48 && first <= 57)) return -1;
  const end = matchHeader(text, at);
  if (end < 0) return -1;
  const m = GROUPS;
  // "2020-12-31": the year first and the day two digits; otherwise the year last, two or four digits.
  if (m[7] === 4 ? m[8] > 2 : m[7] > 2 || m[8] === 3) return -1;
  if (m[9] !== 0 ? m[4] < 1 || m[4] > 12 : m[4] > 23) return -1;
  if (m[5] > 59 || m[6] > 59) return -1;
  return end;
}

/**
 * Where the body after a header at `at` in `line` starts, or -1: read by
 * character codes as the regexes `^DATE_TIME - ` (Android) and
 * `^\[DATE_TIME\] ` (iOS) read it, into GROUPS, where DATE_TIME (date,
 * time, an AM/PM suffix) is
 * `(\d{1,4})([./-])(\d{1,2})\2(\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[ \u202f\u00a0]?([AaPp])\.? ?[Mm]\.?)?`. Each part of DATE_TIME is a run that can be read
 * only one way (a digit run longer than its quantifier allows leaves a
 * digit where a separator must come; each optional part of the AM/PM suffix
 * is followed by something it cannot be), so no backtracking is needed.
 */
function matchHeader(line: string, at: number): number {
  const ios = line.charCodeAt(at) === 91;
  let i = ios ? at + 1 : at;
  const n1 = digitsAt(line, i);
  if (n1 < 1 || n1 > 4) return -1;
  const sep = line.charCodeAt(i + n1);
  if (sep !== 46 && sep !== 47 && sep !== 45) return -1;
  GROUPS[0] = RUN;
  i += n1 + 1;
  const n2 = digitsAt(line, i);
  if (n2 < 1 || n2 > 2 || line.charCodeAt(i + n2) !== sep) return -1;
  GROUPS[1] = RUN;
  i += n2 + 1;
  const n3 = digitsAt(line, i);
  if (n3 < 2 || n3 > 4) return -1;
  GROUPS[2] = RUN;
  i += n3;
  if (line.charCodeAt(i) === 44) i++;
  if (line.charCodeAt(i++) !== 32) return -1;
  const n4 = digitsAt(line, i);
  if (n4 < 1 || n4 > 2) return -1;
  GROUPS[4] = RUN;
  i += n4;
  if (line.charCodeAt(i) !== 58 && line.charCodeAt(i) !== 46) return -1;
  if (digitsAt(line, i + 1) < 2) return -1;
  GROUPS[5] = numberAt(line, i + 1, 2);
  i += 3;
  GROUPS[6] = -1;
  const c = line.charCodeAt(i);
  if (c === 58 || c === 46) {
    if (digitsAt(line, i + 1) < 2) return -1;
    GROUPS[6] = numberAt(line, i + 1, 2);
    i += 3;
  }
  GROUPS[3] = sep;
  GROUPS[7] = n1;
  GROUPS[8] = n3;
  const afterHalf = halfAt(line, i);
  GROUPS[9] = afterHalf < 0 ? 0 : HALF;
  if (afterHalf >= 0) i = afterHalf;
  if (ios) return line.charCodeAt(i) === 93 && line.charCodeAt(i + 1) === 32 ? i + 2 : -1;
  return line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 45 && line.charCodeAt(i + 2) === 32 ? i + 3 : -1;
}

/** The AM/PM letter halfAt read last, lower case (97 a, 112 p). */
let HALF = 0;

/** Where an AM/PM suffix (`[ \u202f\u00a0]?([AaPp])\.?[ \u202f\u00a0]?[Mm]\.?`: "PM", "p.m.", Spanish "p. m." with any of the three spaces) at `at` ends (its letter in HALF), or -1 for none. */
function halfAt(line: string, at: number): number {
  let i = at;
  const c = line.charCodeAt(i);
  if (c === 32 || c === 0x202f || c === 0xa0) i++;
  const l = line.charCodeAt(i) | 32;
  if (l !== 97 && l !== 112) return -1;
  i++;
  if (line.charCodeAt(i) === 46) i++;
  const space = line.charCodeAt(i);
  if (space === 32 || space === 0x202f || space === 0xa0) i++;
  if ((line.charCodeAt(i) | 32) !== 109) return -1;
  i++;
  if (line.charCodeAt(i) === 46) i++;
  HALF = l;
  return i;
}

type Order = 'dmy' | 'mdy' | 'ymd';

/**
 * The header lines of a file, HEADER_FIELDS numbers each: the line's index,
 * where its body starts in the text, the date's three numbers, hour,
 * minute, second (-1: none), the AM/PM letter (0, 97, 112) and flags
 * (YEAR_FIRST, DOTTED). One typed array, grown and reused from file to
 * file: no object per line.
 */
let HEADERS = new Int32Array(1024);
const HEADER_FIELDS = 10;
/** The first number had four digits (year first). */
const YEAR_FIRST = 1;
/** The date's separator is a dot. */
const DOTTED = 2;

/** Puts the header headerAt read last (line index `i`, body at `body`) in HEADERS as header `k`. */
function keepHeader(k: number, i: number, body: number): void {
  if ((k + 1) * HEADER_FIELDS > HEADERS.length) {
    const grown = new Int32Array(HEADERS.length * 2);
    grown.set(HEADERS);
    HEADERS = grown;
  }
  const g = GROUPS;
  const h = HEADERS;
  const o = k * HEADER_FIELDS;
  h[o] = i;
  h[o + 1] = body;
  h[o + 2] = g[0];
  h[o + 3] = g[1];
  h[o + 4] = g[2];
  h[o + 5] = g[4];
  h[o + 6] = g[5];
  h[o + 7] = g[6];
  h[o + 8] = g[9];
  h[o + 9] = (g[7] === 4 ? YEAR_FIRST : 0) | (g[3] === 46 ? DOTTED : 0);
}

/** The day index (see dayIndex) of header `k` under an order, or NaN when that is no calendar day. */
function dayOf(k: number, order: Order): number {
  const o = k * HEADER_FIELDS;
  const a = HEADERS[o + 2];
  const b = HEADERS[o + 3];
  const c = HEADERS[o + 4];
  // A chat's messages mostly share their date with the one before: its answer is kept.
  if (a === LAST_DATE[0] && b === LAST_DATE[1] && c === LAST_DATE[2] && order === lastOrder) return LAST_DATE[3];
  LAST_DATE[0] = a;
  LAST_DATE[1] = b;
  LAST_DATE[2] = c;
  lastOrder = order;
  LAST_DATE[3] = Number.NaN;
  const y = order === 'ymd' ? a : c < 100 ? 2000 + c : c;
  const mo = order === 'ymd' ? b : order === 'dmy' ? b : a;
  const d = order === 'ymd' ? c : order === 'dmy' ? a : b;
  if (order === 'ymd' ? !isDay(y, mo, d) : y < 1990 || y > 2200 || !isDay(y, mo, d)) return Number.NaN;
  DATE[0] = y;
  DATE[1] = mo;
  DATE[2] = d;
  return (LAST_DATE[3] = dayIndex(y, mo, d));
}

/** The date numbers dayOf was asked last (NaN at first: equal to no number), under `lastOrder`, and its answer. */
const LAST_DATE = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];
let lastOrder: Order = 'ymd';

/** Year, month and day of the date dayOf read last. */
const DATE = [0, 0, 0];

/**
 * The offset from UTC (seconds, local minus UTC) zonedIsoTime reads a
 * local day's first and last second at, when they agree and are whole
 * minutes, else NaN.
 */
function steadyOffset(day: number, zone: string): number {
  const first = zonedIsoTime(day, 0, 0, 0, zone);
  const last = zonedIsoTime(day, 23, 59, 59, zone);
  if (first === null || last === null) return Number.NaN;
  const a = day * 86400 - Date.parse(first) / 1000;
  const b = day * 86400 + 86399 - Date.parse(last) / 1000;
  return a === b && a % 60 === 0 ? a : Number.NaN;
}

/** "00" to "59". */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** "YYYY-MM-DDTHH:" of the date dayOf read last (its day index `day`) and an hour, as isoTime starts it. */
function hourPrefixOf(day: number, hour: number): string {
  // isoTime writes years from 1000 to 9999 as their four digits; any other through Date.
  if (DATE[0] >= 1000 && DATE[0] <= 9999) return `${DATE[0]}-${TWO_DIGITS[DATE[1]]}-${TWO_DIGITS[DATE[2]]}T${TWO_DIGITS[hour]}:`;
  const iso = isoTime(day, hour, 0, 0);
  return iso.slice(0, iso.length - 10);
}

/** How many times the dates of the `n` headers not year-first go back under an order (a wrong order makes them jump). */
function backwardSteps(n: number, order: Order): number {
  let steps = 0;
  let last = -Infinity;
  for (let k = 0; k < n; k++) {
    if (HEADERS[k * HEADER_FIELDS + 9] & YEAR_FIRST) continue;
    const day = dayOf(k, order);
    if (Number.isNaN(day)) continue;
    if (day < last) steps++;
    last = day;
  }
  return steps;
}

/** The day/month order of a file's `n` headers and, when the values alone do not show it, why it was taken. */
function decideOrder(n: number): { order: Order; note: string | null } {
  let plain = 0;
  let first = -1;
  let dayFirst = 0;
  let monthFirst = 0;
  for (let k = 0; k < n; k++) {
    const o = k * HEADER_FIELDS;
    if (HEADERS[o + 9] & YEAR_FIRST) continue;
    if (plain++ === 0) first = o;
    if (HEADERS[o + 2] > 12) dayFirst++;
    if (HEADERS[o + 3] > 12) monthFirst++;
  }
  if (!plain) return { order: 'ymd', note: null };
  if (dayFirst && !monthFirst) return { order: 'dmy', note: null };
  if (monthFirst && !dayFirst) return { order: 'mdy', note: null };
  if (dayFirst && monthFirst) {
    const order = dayFirst >= monthFirst ? 'dmy' : 'mdy';
    return { order, note: `dates disagree on the day/month order (${dayFirst} read only day-first, ${monthFirst} only month-first): read ${order === 'dmy' ? 'day-first' : 'month-first'}, as most of them; the others cannot be read` };
  }
  const back = { dmy: backwardSteps(n, 'dmy'), mdy: backwardSteps(n, 'mdy') };
  if (back.dmy !== back.mdy) {
    const order = back.dmy < back.mdy ? 'dmy' : 'mdy';
    return { order, note: `no date shows whether the day or the month comes first: read ${order === 'dmy' ? 'day-first' : 'month-first'}, the order under which the dates run forward (the other order goes back ${Math.max(back.dmy, back.mdy)} time(s))` };
  }
  const usual = HEADERS[first + 9] & DOTTED || !HEADERS[first + 8] ? 'dmy' : 'mdy';
  return { order: usual, note: `no date shows whether the day or the month comes first, and both orders run forward: read ${usual === 'dmy' ? 'day-first' : 'month-first'} (${usual === 'dmy' ? 'dotted or 24-hour dates are day-first in most locales' : 'a 12-hour clock with slashes is the US layout'})` };
}

/** A name without the "~ " iOS puts before one that is not a contact (kept when nothing else is left). */
function stripTilde(name: string): string {
  if (name.charCodeAt(0) !== 0x7e) return name;
  const c = name.charCodeAt(1);
  const rest = c === 32 || c === 0x202f || c === 0xa0 ? name.slice(2).trim() : '';
  return rest || name;
}

/** A call in the chat's log: "Missed voice call", "Voice call, 19 sec", "Video call. 2 min". */
const CALL = /^(?:missed )?(?:group )?(?:voice|video) call(?:[.,] ?[\u200e ]?[^\n]{0,30})?$/i;

/** What WhatsApp appends to an edited message's text (en, de, es, pt). */
const EDITED = /^<(?:this message was edited|diese nachricht wurde bearbeitet|se editó este mensaje\.?|esta mensagem foi editada|mensagem editada)>$/i;

/** Where a text ends once the "<This message was edited>" WhatsApp appends (and the spaces and marks before it) is taken off, or -1 when it has none. */
function editedEnd(text: string): number {
  // EDITED ends with ">": a text that does not has none (most do not: no scan for "<").
  if (text.charCodeAt(text.length - 1) !== 62) return -1;
  const lt = text.lastIndexOf('<');
  if (lt < 0 || text.length - lt > 60 || !EDITED.test(text.slice(lt))) return -1;
  let end = lt;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 0x200e)) end--;
  return end;
}

/**
 * The sender a dated line's text before its colon names: the name, or null
 * for a system line whose text holds a colon; its author, made once (at
 * the sender's first kept message: the pipeline makes its own author
 * objects, never changes these).
 */
interface Sender {
  /** The text before the colon, as written. */
  raw: string;
  name: string | null;
  author: { handle: string; name: string } | null;
}

/** The sender of a dated line whose text before its colon is `raw`. */
function senderOf(raw: string): Sender {
  // iOS writes "~ " (a narrow no-break space since 2023) before a name that is not in the phone's contacts.
  const name = stripTilde(raw.replace(MARKS, '').trim());
  // "Ana changed the subject from “Q: next week”": a system line whose subject holds ": ".
  const ok = name && !name.includes('\u201c') && !name.includes(' changed the subject');
  return { raw, name: ok ? name : null, author: null };
}

export const whatsappTxt: Importer = headerLineImporter(
  'whatsapp-txt',
  'WhatsApp "Export chat" text file (Android and iOS layouts, any date order, 12/24-hour clock)',
  (line) => headerAt(line, 0) >= 0,
  (file, options, result) => new WhatsAppReader(file, options, result).run(),
);

/** The bounds of the file read last (lineBounds fills them), arrays grown and reused from file to file. */
const LINES: LineBounds = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024) };

/** A time's "MM:SS.000Z" by minute * 60 + second, made when first needed (see WhatsAppReader.utcTime). */
const TAILS: (string | undefined)[] = new Array(3600).fill(undefined);

/** Any mark MARKS takes off, found from `lastIndex` (see WhatsAppReader.hasMark). */
const ANY_MARK = /[\u200e\u200f\u202a-\u202e]/g;

/**
 * One file's reading: a first pass finds the header lines (kept in
 * HEADERS) and the lines before them, the day/month order is decided, and
 * a second pass makes the messages, reading each line in the file's text
 * where it can instead of cutting it out.
 */
class WhatsAppReader {
  private readonly text: string;
  private readonly zone: ReturnType<typeof zoneOf>;
  private readonly handles = new NameHandles();
  private readonly tally = { system: 0, media: 0, firstSystem: 0, edited: 0 };
  private lines: LineBounds = LINES;
  private order: Order = 'ymd';
  /** Senders by the text before their colon, and the last few (a chat's messages come from a few people in turn), and which to replace next. */
  private readonly senders = new Map<string, Sender>();
  private readonly recent: Sender[] = [];
  private recentNext = 0;
  /** The next ": " at or after the line being read, and the next mark (-1: none left); each found again once passed: one scan of the file in all. */
  private colonAt: number;
  private markAt = 0;
  /** The day, seconds into it and time the last message was dated with (a chat's messages often share a minute). */
  private timeKey = Number.NaN;
  private time: string | null = null;
  /** The local day zonedTime read last, and its offset from UTC in seconds (NaN: not the same all day). */
  private offsetDay = Number.NaN;
  private offset = Number.NaN;
  /** Each local day's offset found, by day (a day a chat comes back to is not asked again). */
  private readonly offsets = new Map<number, number>();
  /** The day and hour utcTime wrote last, and its "YYYY-MM-DDTHH:". */
  private hourDay = Number.NaN;
  private hour = -1;
  private hourPrefix = '';
  /** Each "YYYY-MM-DDTHH:" made, by day * 24 + hour (an hour a chat comes back to is not made again). */
  private readonly hourPrefixes = new Map<number, string>();

  constructor(
    private readonly file: ExportFile,
    options: ParseOptions,
    private readonly result: ParseResult,
  ) {
    this.text = file.text;
    this.zone = zoneOf(options);
    this.colonAt = this.text.indexOf(': ');
    this.markAt = this.nextMark(0);
  }

  run(): void {
    this.lines = lineBounds(this.text, LINES);
    const { n, stray, firstStray } = this.scan();
    const { order, note } = decideOrder(n);
    this.order = order;
    for (let k = 0; k < n; k++) this.entry(k, k + 1 < n ? HEADERS[(k + 1) * HEADER_FIELDS] : this.lines.count);
    this.summarize(stray, firstStray, note);
  }

  /** The header lines (into HEADERS: how many) and the non-blank lines before the first of them. */
  private scan(): { n: number; stray: number; firstStray: number } {
    const { text } = this;
    const { starts, ends, count } = this.lines;
    let n = 0;
    let stray = 0;
    let firstStray = 0;
    for (let i = 0; i < count; i++) {
      const body = headerAt(text, starts[i]);
      if (body >= 0) keepHeader(n++, i, body);
      else if (n === 0 && !isBlank(text.slice(starts[i], ends[i])) && stray++ === 0) firstStray = i + 1;
    }
    return { n, stray, firstStray };
  }

  /** Where the first mark at or after `from` is, or -1. */
  private nextMark(from: number): number {
    ANY_MARK.lastIndex = from;
    const m = ANY_MARK.exec(this.text);
    return m ? m.index : -1;
  }

  /** Whether the text from `from` to `to` holds a mark (`from` never goes back from one call to the next). */
  private hasMark(from: number, to: number): boolean {
    if (this.markAt !== -1 && this.markAt < from) this.markAt = this.nextMark(from);
    return this.markAt !== -1 && this.markAt < to;
  }

  /** The sender of the text from `from` to `to`: found among the last few without cutting it out, else by its text. */
  private senderIn(from: number, to: number): Sender {
    const recent = this.recent;
    for (let r = 0; r < recent.length; r++) {
      if (recent[r].raw.length === to - from && this.text.startsWith(recent[r].raw, from)) return recent[r];
    }
    const raw = this.text.slice(from, to);
    let sender = this.senders.get(raw);
    if (sender === undefined) this.senders.set(raw, (sender = senderOf(raw)));
    if (recent.length < 16) recent.push(sender);
    else recent[this.recentNext++ & 15] = sender;
    return sender;
  }

  /**
   * Header `k` and the lines up to line index `next` (the next header's, or
   * the end) that continue it: a message, a system line, or a skipped
   * message.
   */
  private entry(k: number, next: number): void {
    const { text } = this;
    const o = k * HEADER_FIELDS;
    const i = HEADERS[o];
    const body = HEADERS[o + 1];
    const end = this.lines.ends[i];
    if (this.colonAt !== -1 && this.colonAt < body) this.colonAt = text.indexOf(': ', body);
    // "Name:" with nothing after it: a message with no text (as "Name: " is).
    const colon = this.colonAt !== -1 && this.colonAt < end ? this.colonAt : end - body > 1 && text.charCodeAt(end - 1) === 58 ? end - 1 : -1;
    const sender = colon < 0 ? null : this.senderIn(body, colon);
    if (sender === null || sender.name === null) return this.systemLine(i + 1, text.slice(body, end).replace(MARKS, ''));
    const from = Math.min(colon + 2, end);
    const said = next === i + 1 ? this.oneLine(from, end) : this.manyLines(from, end, i + 1, next);
    const last = next === i + 1 ? end : this.lines.ends[next - 1];
    const bare = this.hasMark(from, last) ? said.replace(MARKS, '') : said;
    const c = bare.charCodeAt(0) | 32;
    if ((encryptionStart(c) && ENCRYPTION.test(bare)) || (said.charCodeAt(0) === 0x200e && bare.length < 600 && IOS_SYSTEM.test(bare)) || (bare.length <= 400 && OTHER_SYSTEM_WORD.test(bare) && otherSystem(bare))) {
      return this.systemLine(i + 1, bare);
    }
    this.message(k, i + 1, sender, said, bare);
  }

  /** The text of a one-line message from `from` to `end`, as joinBody1 makes it: a text that starts with printable ASCII other than a space is cut out once, its end trimmed in place. */
  private oneLine(from: number, end: number): string {
    if (from >= end) return '';
    const c = this.text.charCodeAt(from);
    if (!(c > 32 && c < 127)) return joinBody1(this.text.slice(from, end));
    // The end trimmed as trimLineEnd trims it (spaces, tabs, CRs), in place.
    let e = end;
    for (let t = this.text.charCodeAt(e - 1); t === 32 || t === 9 || t === 13; t = this.text.charCodeAt(e - 1)) e--;
    return this.text.slice(from, e);
  }

  /** The text of a message whose header line's text runs from `from` to `end` and lines `line` to `next` (indexes) continue it. */
  private manyLines(from: number, end: number, line: number, next: number): string {
    const { starts, ends } = this.lines;
    const parts = [this.text.slice(from, end)];
    for (let j = line; j < next; j++) parts.push(this.text.slice(starts[j], ends[j]));
    return joinBody(parts);
  }

  /** A dated line that is no message (`what`: its text, marks taken off): noted. */
  private systemLine(line: number, what: string): void {
    if (this.tally.system++ === 0) this.tally.firstSystem = line;
    this.result.diagnostics.push(lineDiagnostic('info', 'system-line', `system line (${previewOf(what, 60)}): not a message`, this.file.name, line));
  }

  /** The ISO time of header `k` (under the file's order unless it is year-first) and whether it has seconds, or null. */
  private timeOf(k: number): string | null {
    const o = k * HEADER_FIELDS;
    const day = dayOf(k, HEADERS[o + 9] & YEAR_FIRST ? 'ymd' : this.order);
    if (Number.isNaN(day)) return null;
    const h = HEADERS[o + 5];
    const half = HEADERS[o + 8];
    const hour = half ? (h % 12) + (half === 112 ? 12 : 0) : h;
    const mi = HEADERS[o + 6];
    const s = HEADERS[o + 7] < 0 ? 0 : HEADERS[o + 7];
    const key = day * 86400 + hour * 3600 + mi * 60 + s;
    if (key !== this.timeKey) {
      this.time = this.zone.zone === 'utc' ? this.utcTime(day, hour, mi, s, true) : this.zonedTime(day, hour, mi, s);
      this.timeKey = key;
    }
    return this.time;
  }

  /**
   * `isoTime(day, hour, mi, s)` (zonedIsoTime's answer in UTC), made as
   * one join of its "YYYY-MM-DDTHH:" (the same for a chat's messages in an
   * hour: made again when the hour changes) and its "MM:SS.000Z" (made once
   * a file, then looked up).
   */
  private utcTime(day: number, hour: number, mi: number, s: number, read: boolean): string {
    if (day !== this.hourDay || hour !== this.hour) {
      const key = day * 24 + hour;
      let prefix = this.hourPrefixes.get(key);
      if (prefix === undefined) {
        // `read`: the day is the date dayOf read last (see hourPrefixOf); else it is written by isoTime.
        const iso = read ? '' : isoTime(day, hour, 0, 0);
        this.hourPrefixes.set(key, (prefix = read ? hourPrefixOf(day, hour) : iso.slice(0, iso.length - 10)));
      }
      this.hourPrefix = prefix;
      this.hourDay = day;
      this.hour = hour;
    }
    const k = mi * 60 + s;
    return this.hourPrefix + (TAILS[k] ??= isoTime(day, hour, mi, s).slice(-10));
  }

  /**
   * zonedIsoTime(day, hour, mi, s, zone) in the jam's zone. A local day
   * whose first and last second (00:00:00, 23:59:59) zonedIsoTime puts at
   * the same whole-minute offset has no transition in it (a zone changes
   * its offset at most once a day): its times are that offset from UTC,
   * written as utcTime writes them. Other days ask zonedIsoTime each time.
   */
  private zonedTime(day: number, hour: number, mi: number, s: number): string | null {
    const zone = this.zone.zone;
    if (day !== this.offsetDay) {
      let offset = this.offsets.get(day);
      if (offset === undefined) this.offsets.set(day, (offset = steadyOffset(day, zone)));
      this.offsetDay = day;
      this.offset = offset;
    }
    if (Number.isNaN(this.offset)) return zonedIsoTime(day, hour, mi, s, zone);
    const utc = day * 86400 + hour * 3600 + mi * 60 + s - this.offset;
    const utcDay = Math.floor(utc / 86400);
    // isoTime writes the years 1000-9999 as Date's toISOString does; others (one a zone moves 9999-12-31 into) are left to zonedIsoTime.
    if (utcDay < -354285 || utcDay > 2932896) return zonedIsoTime(day, hour, mi, s, zone);
    const rest = utc - utcDay * 86400;
    const h = Math.floor(rest / 3600);
    const m = Math.floor((rest - h * 3600) / 60);
    return this.utcTime(utcDay, h, m, rest - h * 3600 - m * 60, false);
  }

  /** A dated line with a sender, header `k` at line `line`: its text as joined (`said`) and without marks (`bare`). */
  private message(k: number, line: number, sender: Sender, said: string, bare: string): void {
    const result = this.result;
    const position = ++result.found;
    const time = this.timeOf(k);
    if (time === null) {
      const order = this.order;
      result.skipped.push(lineDiagnostic('warning', 'time-unreadable', `message #${position}: the date cannot be a ${order === 'dmy' ? 'day-first' : order === 'mdy' ? 'month-first' : 'year-first'} date like the file's others; skipped`, this.file.name, line, position));
      return;
    }
    // Printable ASCII other than a space at both ends: nothing to trim (the usual message), no call made.
    const a = bare.charCodeAt(0);
    const z = bare.charCodeAt(bare.length - 1);
    const trimmed = a > 32 && a < 127 && z > 32 && z < 127 ? bare : bare.trim();
    if (trimmed.length >= DELETED_MIN && trimmed.length <= DELETED_MAX && DELETED.test(trimmed)) {
      result.skipped.push(lineDiagnostic('info', 'deleted-message', `message #${position}: deleted (WhatsApp left only "${trimmed}"); skipped`, this.file.name, line, position));
      return;
    }
    if (trimmed.length < 80 && callStart(trimmed.charCodeAt(0) | 32) && CALL.test(trimmed)) {
      result.skipped.push(lineDiagnostic('info', 'call', `message #${position}: a call (${previewOf(trimmed, 60)}), not a message; skipped`, this.file.name, line, position));
      return;
    }
    if (trimmed === '') {
      result.skipped.push(lineDiagnostic('warning', 'empty-message', `message #${position}: no text; skipped`, this.file.name, line, position));
      return;
    }
    const marked = said.charCodeAt(0) === 0x200e ? said.slice(1) : said;
    const cut = editedEnd(marked);
    const text = cut < 0 ? marked : marked.slice(0, cut);
    if (cut >= 0) this.tally.edited++;
    // `text` without its marks is `bare` (the mark taken off first is one of them).
    if (text.length < 320 && mediaEnd(trimmed.charCodeAt(trimmed.length - 1) | 32) && MEDIA.test(trimmed)) this.tally.media++;
    const author = (sender.author ??= { handle: this.handles.handle(sender.name!), name: sender.name! });
    const precision: TimePrecision = HEADERS[k * HEADER_FIELDS + 7] < 0 ? 'minute' : 'second';
    result.messages.push({ id: null, author, time, timePrecision: precision, text, url: null, replyTo: null, links: [], position, line });
  }

  /** A diagnostic of the whole file. */
  private note(severity: 'info' | 'warning', code: string, message: string): void {
    this.result.diagnostics.push({ severity, code, message, file: this.file.name });
  }

  /** The file's notes: lines before the first message, the order taken, system lines, edits, media, the zone, made handles. */
  private summarize(stray: number, firstStray: number, note: string | null): void {
    const { file, result, tally } = this;
    if (stray) this.note('warning', 'not-a-message', `${stray} line(s) before the first dated line (first at line ${firstStray}) belong to no message: ignored`);
    if (note) this.note('warning', 'date-order', note);
    if (tally.system) this.note('info', 'system-lines', `${tally.system} system line(s) (joins, leaves, the encryption notice; first at line ${tally.firstSystem}) are not messages`);
    if (tally.edited) this.note('info', 'edited', `${tally.edited} message(s) were edited: WhatsApp's "<This message was edited>" taken off their text`);
    if (tally.media) this.note('info', 'media-omitted', `${tally.media} message(s) are media left out of the export ("<Media omitted>", "image omitted"): kept with that text, without an attachment`);
    const z = zoneNote(file.name, this.zone, result.messages.length, "the phone's local time");
    if (z) result.diagnostics.push(z);
    const names = this.handles.diagnostic(file.name);
    if (names) result.diagnostics.push(names);
  }
}
