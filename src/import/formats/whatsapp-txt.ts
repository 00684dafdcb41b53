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
 */
import type { ExportFile } from '../export-file.ts';
import type { Importer, ParseOptions, ParseResult } from '../importer.ts';
import type { TimePrecision } from '../../model/transcript.ts';
import { zoneNote, zoneOf } from '../time.ts';
import { NameHandles, dayIndex, headerLineImporter, isDay, joinBody, joinBody1, lineDiagnostic, previewOf, splitLineTexts, zonedIsoTime } from './text-lines.ts';

/** Date, time and the end of the header: Android ` - ` or iOS `] `. Anchored; each part a single quantifier. */
const DATE_TIME = '(\\d{1,4})([./-])(\\d{1,2})\\2(\\d{2,4}),? (\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:[ \\u202f\\u00a0]?([AaPp])\\.? ?[Mm]\\.?)?';
const ANDROID = new RegExp(`^${DATE_TIME} - `);
const IOS = new RegExp(`^\\[${DATE_TIME}\\] `);
/** Marks WhatsApp adds around texts and names (LRM, RLM, LRE…PDF): never part of what was typed there. */
const MARKS = /[\u200e\u200f\u202a-\u202e]/g;
const ENCRYPTION = /^(?:messages and calls are end-to-end encrypted|messages (?:you send )?to this (?:group|chat) are now secured with end-to-end encryption)/i;
/** iOS system texts: a mark, then who did what (they come under the group's name). */
const IOS_SYSTEM = /^(?:.{1,80} (?:joined using this group's invite link|left|added .{1,200}|removed .{1,200}|changed the subject .{1,300}|changed this group's (?:icon|settings.{0,200})|changed the group description|created group .{1,300}|joined)|you were added|you joined .{1,200}|you're now an admin)$/i;
const MEDIA = /^(?:<media omitted>|(?:image|video|audio|sticker|gif|document|contact card) omitted|<attached: [^>\n]{1,300}>)$/i;
const DELETED = /^(?:this message was deleted|you deleted this message)$/i;

/** A header line's parts, the date still as written. */
interface Header {
  a: number;
  b: number;
  c: number;
  /** The first number had four digits (year first). */
  yearFirst: boolean;
  dotted: boolean;
  h: number;
  mi: number;
  s: number | null;
  /** 'a' or 'p' for a 12-hour clock. */
  half: string | null;
  rest: string;
}

/** The header of a dated line, or null. */
function readHeader(raw: string): Header | null {
  // Both layouts start with a digit or "[" (after one left-to-right mark): no other line is tried against them.
  const first = raw.charCodeAt(0) === 0x200e ? raw.charCodeAt(1) : raw.charCodeAt(0);
  if (first !== 91 && !(first >= 48 && first <= 57)) return null;
  const line = raw.charCodeAt(0) === 0x200e ? raw.slice(1) : raw;
  const m = (line.charCodeAt(0) === 91 ? IOS : ANDROID).exec(line);
  if (!m) return null;
  const s = m[7] === undefined ? null : Number(m[7]);
  const head: Header = {
    a: Number(m[1]),
    b: Number(m[3]),
    c: Number(m[4]),
    yearFirst: m[1].length === 4,
    dotted: m[2] === '.',
    h: Number(m[5]),
    mi: Number(m[6]),
    s,
    half: m[8] ? m[8].toLowerCase() : null,
    rest: line.slice(m[0].length),
  };
  // "2020-12-31": the year first and the day two digits; otherwise the year last, two or four digits.
  if (head.yearFirst ? m[4].length > 2 : m[1].length > 2 || m[4].length === 3) return null;
  if (head.half ? head.h < 1 || head.h > 12 : head.h > 23) return null;
  if (head.mi > 59 || (s !== null && s > 59)) return null;
  return head;
}

type Order = 'dmy' | 'mdy' | 'ymd';

/** Year, month, day of a header under an order, or null when that is no calendar day. */
function ymd(h: Header, order: Order): [number, number, number] | null {
  if (order === 'ymd') return isDay(h.a, h.b, h.c) ? [h.a, h.b, h.c] : null;
  const y = h.c < 100 ? 2000 + h.c : h.c;
  const [mo, d] = order === 'dmy' ? [h.b, h.a] : [h.a, h.b];
  return y >= 1990 && y <= 2200 && isDay(y, mo, d) ? [y, mo, d] : null;
}

/** How many times the dates go back under an order (a wrong order makes them jump). */
function backwardSteps(headers: Header[], order: Order): number {
  let n = 0;
  let last = -Infinity;
  for (const h of headers) {
    const d = ymd(h, order);
    if (!d) continue;
    const day = dayIndex(d[0], d[1], d[2]);
    if (day < last) n++;
    last = day;
  }
  return n;
}

/** The file's day/month order and, when the values alone do not show it, why it was taken. */
function decideOrder(headers: Header[]): { order: Order; note: string | null } {
  const plain = headers.filter((h) => !h.yearFirst);
  if (!plain.length) return { order: 'ymd', note: null };
  const dayFirst = plain.filter((h) => h.a > 12).length;
  const monthFirst = plain.filter((h) => h.b > 12).length;
  if (dayFirst && !monthFirst) return { order: 'dmy', note: null };
  if (monthFirst && !dayFirst) return { order: 'mdy', note: null };
  if (dayFirst && monthFirst) {
    const order = dayFirst >= monthFirst ? 'dmy' : 'mdy';
    return { order, note: `dates disagree on the day/month order (${dayFirst} read only day-first, ${monthFirst} only month-first): read ${order === 'dmy' ? 'day-first' : 'month-first'}, as most of them; the others cannot be read` };
  }
  const back = { dmy: backwardSteps(plain, 'dmy'), mdy: backwardSteps(plain, 'mdy') };
  if (back.dmy !== back.mdy) {
    const order = back.dmy < back.mdy ? 'dmy' : 'mdy';
    return { order, note: `no date shows whether the day or the month comes first: read ${order === 'dmy' ? 'day-first' : 'month-first'}, the order under which the dates run forward (the other order goes back ${Math.max(back.dmy, back.mdy)} time(s))` };
  }
  const usual = plain[0].dotted || !plain[0].half ? 'dmy' : 'mdy';
  return { order: usual, note: `no date shows whether the day or the month comes first, and both orders run forward: read ${usual === 'dmy' ? 'day-first' : 'month-first'} (${usual === 'dmy' ? 'dotted or 24-hour dates are day-first in most locales' : 'a 12-hour clock with slashes is the US layout'})` };
}

/** The ISO time of a header, its clock read in `zone`, or null. */
function timeOf(h: Header, order: Order, zone: string): { time: string; precision: TimePrecision } | null {
  const d = ymd(h, h.yearFirst ? 'ymd' : order);
  if (!d) return null;
  const hour = h.half ? (h.h % 12) + (h.half === 'p' ? 12 : 0) : h.h;
  const time = zonedIsoTime(dayIndex(d[0], d[1], d[2]), hour, h.mi, h.s ?? 0, zone);
  return time === null ? null : { time, precision: h.s === null ? 'minute' : 'second' };
}

/** A dated line split into sender and text, or null for a system line. */
function splitSender(rest: string): { name: string; text: string } | null {
  const colon = rest.indexOf(': ');
  if (colon < 0) return null;
  const name = rest.slice(0, colon).replace(MARKS, '').trim();
  // "Ana changed the subject from “Q: next week”": a system line whose subject holds ": ".
  if (!name || name.includes('\u201c') || name.includes(' changed the subject')) return null;
  return { name, text: rest.slice(colon + 2) };
}

export const whatsappTxt: Importer = headerLineImporter(
  'whatsapp-txt',
  'WhatsApp "Export chat" text file (Android and iOS layouts, any date order, 12/24-hour clock)',
  (line) => readHeader(line) !== null,
  (file, options, result) => parseLines(file, splitLineTexts(file.text), options, result),
);

/** A dated line with its header and the lines that continue it. */
interface Entry {
  header: Header;
  line: number;
  body: string[];
}

/** Dated lines with their continuation lines; lines before the first dated one are counted. */
function entries(lines: string[]): { list: Entry[]; stray: number; firstStray: number } {
  const list: Entry[] = [];
  let stray = 0;
  let firstStray = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const line = i + 1;
    const header = readHeader(text);
    if (header) list.push({ header, line, body: [header.rest] });
    else if (list.length) list[list.length - 1].body.push(text);
    else if (text.trim() !== '' && stray++ === 0) firstStray = line;
  }
  return { list, stray, firstStray };
}

/** A message that cannot be kept: a warning, counted as skipped (a function, not a closure made per message). */
function skipMessage(result: ParseResult, file: ExportFile, line: number, position: number, code: string, why: string): void {
  result.skipped.push(lineDiagnostic('warning', code, `message #${position}: ${why}; skipped`, file.name, line, position));
}

function parseLines(file: ExportFile, lines: string[], options: ParseOptions, result: ParseResult): void {
  const zone = zoneOf(options);
  const { list, stray, firstStray } = entries(lines);
  const { order, note } = decideOrder(list.map((e) => e.header));
  const handles = new NameHandles();
  const tally = { system: 0, media: 0, firstSystem: 0 };
  for (const e of list) {
    const said = splitSender(e.header.rest);
    // One line, the usual message: no array made for it.
    const text = !said ? '' : e.body.length === 1 ? joinBody1(said.text) : joinBody([said.text, ...e.body.slice(1)]);
    const bare = text.replace(MARKS, '');
    const system = !said || ENCRYPTION.test(bare) || (text.charCodeAt(0) === 0x200e && bare.length < 600 && IOS_SYSTEM.test(bare));
    if (system) {
      if (tally.system++ === 0) tally.firstSystem = e.line;
      result.diagnostics.push(lineDiagnostic('info', 'system-line', `system line (${previewOf(said ? bare : e.header.rest.replace(MARKS, ''), 60)}): not a message`, file.name, e.line));
      continue;
    }
    result.found++;
    const position = result.found;
    const at = timeOf(e.header, order, zone.zone);
    if (!at) {
      skipMessage(result, file, e.line, position, 'time-unreadable', `the date cannot be a ${order === 'dmy' ? 'day-first' : order === 'mdy' ? 'month-first' : 'year-first'} date like the file's others`);
      continue;
    }
    const trimmed = bare.trim();
    if (DELETED.test(trimmed)) {
      result.skipped.push(lineDiagnostic('info', 'deleted-message', `message #${position}: deleted (WhatsApp left only "${trimmed}"); skipped`, file.name, e.line, position));
      continue;
    }
    if (trimmed === '') {
      skipMessage(result, file, e.line, position, 'empty-message', 'no text');
      continue;
    }
    const clean = text.charCodeAt(0) === 0x200e ? text.slice(1) : text;
    // `clean` without its marks is `bare` (the mark taken off first is one of them).
    if (clean.length < 320 && MEDIA.test(trimmed)) tally.media++;
    result.messages.push({
      id: null,
      author: { handle: handles.handle(said!.name), name: said!.name },
      time: at.time,
      timePrecision: at.precision,
      text: clean,
      url: null,
      replyTo: null,
      links: [],
      position,
      line: e.line,
    });
  }
  const d = (severity: 'info' | 'warning', code: string, message: string) => result.diagnostics.push({ severity, code, message, file: file.name });
  if (stray) d('warning', 'not-a-message', `${stray} line(s) before the first dated line (first at line ${firstStray}) belong to no message: ignored`);
  if (note) d('warning', 'date-order', note);
  if (tally.system) d('info', 'system-lines', `${tally.system} system line(s) (joins, leaves, the encryption notice; first at line ${tally.firstSystem}) are not messages`);
  if (tally.media) d('info', 'media-omitted', `${tally.media} message(s) are media left out of the export ("<Media omitted>", "image omitted"): kept with that text, without an attachment`);
  const z = zoneNote(file.name, zone, result.messages.length, "the phone's local time");
  if (z) result.diagnostics.push(z);
  const names = handles.diagnostic(file.name);
  if (names) result.diagnostics.push(names);
}
