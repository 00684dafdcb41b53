/**
 * Shared pieces of the line-based text chat importers (zoom-txt,
 * whatsapp-txt, irc-log): splitting a file into lines in one pass (every
 * line ending: LF, CRLF, Zoom's CR CR LF, a lone CR) with 1-based line
 * numbers, a handle for a display name that is not a plausible handle, the
 * chat's day (the jam's `date` option, else the date a file or folder name
 * carries, else the placeholder day for times whose date nobody knows),
 * times of day read in the jam's zone, and the never-throwing parse and
 * first-line detect the importers share.
 *
 * Nothing here uses a regular expression on a whole line of unknown
 * length except anchored, single-quantifier ones, so a hostile line costs
 * time in proportion to its length.
 */
import { basename, dirname } from 'node:path';
import { handleProblem, preview } from '../../model/entities.ts';
import { sha256Hex } from '../../model/ids.ts';
import type { Diagnostic } from '../../model/transcript.ts';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult } from '../importer.ts';
import { wallClockToUtc } from '../time.ts';
import { civilDate } from './epoch-iso.ts';

/** One line of a text file, without its line ending. */
export interface TextLine {
  text: string;
  /** 1-based: each LF, CRLF, CR CR LF or lone CR ends a line. */
  line: number;
}

/**
 * The lines of `text`, in one pass. A byte-order mark at the start is
 * dropped. A final line ending does not make an empty last line.
 */
export function splitLines(text: string): TextLine[] {
  const texts = splitLineTexts(text);
  const out: TextLine[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) out[i] = { text: texts[i], line: i + 1 };
  return out;
}

/**
 * The lines of `text` as `splitLines` reads them, strings only (no object
 * per line): line `i` of the array is the file's line `i + 1`, as every
 * line ending ends exactly one line.
 */
export function splitLineTexts(text: string): string[] {
  const out: string[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  // The next LF and the next CR, each found by indexOf (a native scan) and looked for again once passed.
  let lf = text.indexOf('\n', start);
  let cr = text.indexOf('\r', start);
  for (;;) {
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    let i = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
    if (i === -1) break;
    out.push(text.slice(start, i));
    if (i === cr && text.charCodeAt(i + 1) === 10) i++;
    else if (i === cr && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i += 2;
    start = i + 1;
  }
  if (start < n) out.push(text.slice(start));
  return out;
}

/** Where each line of a text starts and ends (see lineBounds). */
export interface LineBounds {
  /** How many lines. */
  count: number;
  /** Line `i + 1` (`i` below `count`) is `text.slice(starts[i], ends[i])`, its line ending left out. */
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * The lines of `text` exactly as `splitLineTexts` cuts them, as offsets
 * instead of strings: a reader that looks at most lines by character codes
 * makes no string for them. A reader of many small files passes its own
 * `into`, reused: two typed arrays cost more to make than a small file's
 * lines cost to find.
 */
export function lineBounds(text: string, into?: LineBounds): LineBounds {
  // Typed arrays (no boxed numbers, nothing for the collector to scan), made for a line every 32 characters and grown when short;
  // or `into`'s, reused (a reader of many small files makes none per file).
  const b: LineBounds = into ?? { count: 0, starts: new Int32Array(16 + (text.length >> 5)), ends: new Int32Array(16 + (text.length >> 5)) };
  b.count = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let lf = text.indexOf('\n', start);
  let cr = text.indexOf('\r', start);
  for (;;) {
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    let i = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
    if (i === -1) break;
    addLine(b, start, i);
    if (i === cr && text.charCodeAt(i + 1) === 10) i++;
    else if (i === cr && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i += 2;
    start = i + 1;
  }
  if (start < n) addLine(b, start, n);
  return b;
}

/** Adds a line's bounds, the arrays doubled when full. */
function addLine(b: LineBounds, start: number, end: number): void {
  if (b.count === b.starts.length) {
    const starts = new Int32Array(b.count * 2);
    const ends = new Int32Array(b.count * 2);
    starts.set(b.starts);
    ends.set(b.ends);
    b.starts = starts;
    b.ends = ends;
  }
  b.starts[b.count] = start;
  b.ends[b.count] = end;
  b.count++;
}

/** Where `text`'s part from `start` to `end` ends once trailing spaces, tabs and CRs are dropped (as trimLineEnd drops them). */
export function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    end--;
  }
  return end;
}

/**
 * The first non-empty lines of a file (at most `max`, each cut to 400
 * characters), for `detect`: lines as `splitLines` reads them in the first
 * 16 KB, found one by one (detection asks for one to three lines, and a
 * text file is asked by several importers).
 */
export function headLines(text: string, max = 12): string[] {
  const out: string[] = [];
  const n = Math.min(text.length, 16384);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < n && out.length < max; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    const t = text.slice(start, i);
    if (t.trim() !== '') out.push(t.slice(0, 400));
    if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
    else if (c === 13 && i + 2 < n && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i += 2;
    start = i + 1;
  }
  if (start < n && out.length < max) {
    const t = text.slice(start, n);
    if (t.trim() !== '') out.push(t.slice(0, 400));
  }
  return out;
}

/** Two digits, for ISO times. */
export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "00" to "59", made once: every message's time is written with them. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad2(i));

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is y-m-d (month 1-12) a day of the calendar? */
export function isDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** A calendar day as a count of days since 1970-01-01 (UTC), for adding days. */
export function dayIndex(y: number, m: number, d: number): number {
  // A chat's messages mostly share their day: the last answer is kept.
  if (y === lastIndexed[0] && m === lastIndexed[1] && d === lastIndexed[2]) return lastIndexed[3];
  const day = Math.floor(Date.UTC(y, m - 1, d) / 86400000);
  lastIndexed[0] = y;
  lastIndexed[1] = m;
  lastIndexed[2] = d;
  lastIndexed[3] = day;
  return day;
}

/** The last y, m, d `dayIndex` was asked and its answer (NaN at first: equal to no number). */
const lastIndexed = [Number.NaN, Number.NaN, Number.NaN, Number.NaN];

/** The last day `isoTime` wrote, and its "YYYY-MM-DDT" (a chat's messages mostly share their day). */
let lastDay = Number.NaN;
let lastDayPrefix = '';

/**
 * "YYYY-MM-DDT" of a day index, as `new Date(day * 86400000).toISOString()`
 * starts (a Date and its ISO string cost more than the arithmetic): the
 * civil date by Howard Hinnant's days-to-civil, for the years 1000-9999;
 * any other day through Date, up to its "T" (toISOString writes other years
 * otherwise: "0999", "+010000", "-000001").
 */
function dayPrefix(day: number): string {
  if (!Number.isInteger(day) || day < -354285 || day > 2932896) {
    const iso = new Date(day * 86400000).toISOString();
    return iso.slice(0, iso.indexOf('T') + 1);
  }
  const { y, m, d } = civilDate(day);
  return `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T`;
}

/** ISO time in UTC of a day index plus a time of day (h 0-23, mi and s 0-59), as Date's toISOString writes it. */
export function isoTime(day: number, h: number, mi: number, s: number): string {
  if (day !== lastDay) {
    lastDayPrefix = dayPrefix(day);
    lastDay = day;
  }
  return `${lastDayPrefix}${TWO_DIGITS[h] ?? pad2(h)}:${TWO_DIGITS[mi] ?? pad2(mi)}:${TWO_DIGITS[s] ?? pad2(s)}.000Z`;
}

/**
 * The day index chatDay gives when nothing gives a day. No message is
 * dated with it: the model has no time without a date, and jamrecap reads
 * no time before 1990 (time.ts), so a message whose day is unknown is
 * skipped (see dateUnknownError), never put on 1970-01-01.
 */
export const UNKNOWN_DAY = 0;

/** A leap year before 1990 that stands for an unknown year while a dircproxy log's years are counted (no message is dated with it). */
export const UNKNOWN_YEAR = 1972;

/** A date found in a path, and where. */
export interface NamedDate {
  y: number;
  m: number;
  d: number;
  from: 'file name' | 'folder name';
  /** The part of the name it was read from. */
  text: string;
}

/** YYYY-MM-DD, YYYY_MM_DD, YYYY.MM.DD or YYYYMMDD (Zoom's "GMT20200512-..."), not inside a longer number. */
const NAME_DATE = /(?<!\d)(\d{4})([-_.]?)(\d{2})\2(\d{2})(?!\d)/g;

/** A full calendar date in one name, or null (the first that is a real day from 1990 to 2200). */
function dateInName(name: string): Omit<NamedDate, 'from'> | null {
  for (const m of name.slice(0, 1024).matchAll(NAME_DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (y >= 1990 && y <= 2200 && isDay(y, mo, d)) return { y, m: mo, d, text: m[0] };
  }
  return null;
}

/**
 * The date a file's name holds, else the name of the folder it is in
 * (Zoom saves `meeting_saved_chat.txt` in a folder named
 * "2020-05-12 10.00.00 Meeting name 123456789"), else null.
 */
export function dateFromPath(path: string): NamedDate | null {
  const own = dateInName(basename(path));
  if (own) return { ...own, from: 'file name' };
  const folder = basename(dirname(path));
  const inFolder = folder && folder !== '.' ? dateInName(folder) : null;
  return inFolder ? { ...inFolder, from: 'folder name' } : null;
}

/** How an editor gives a chat's day: said wherever it is missing. */
export const DATE_FIX = "give the chat's day with date: in the jam's notes or --date YYYY-MM-DD";

/** The chat's day for times written without one, and where it came from. */
export interface ChatDay {
  /** Day index (see dayIndex); UNKNOWN_DAY when nothing gives one. */
  day: number;
  /** "2020-05-12", or null when nothing gives a day. */
  date: string | null;
  /** Where the day came from: the jam's `date` option, a name, or nothing. */
  from: 'options' | 'file name' | 'folder name' | null;
  /** The date in the file or folder name, whether it was taken or not. */
  named: NamedDate | null;
  /** Notes on the choice: the option and the name disagree, or the option is no date. */
  notes: Diagnostic[];
}

/** "2020-05-12" of a y-m-d. */
const isoDate = (y: number, m: number, d: number): string => `${y}-${pad2(m)}-${pad2(d)}`;

/**
 * The chat's day: ParseOptions' `date` (the notes' `date:` or `--date`),
 * else the date in the file or folder name, else none (UNKNOWN_DAY). When
 * both give one and they differ, the option wins and an info note says so.
 */
export function chatDay(path: string, options: ParseOptions, file: string): ChatDay {
  const named = dateFromPath(path);
  const notes: Diagnostic[] = [];
  const raw = typeof options.date === 'string' ? options.date.trim() : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const given = m && Number(m[1]) >= 1990 && Number(m[1]) <= 2200 && isDay(Number(m[1]), Number(m[2]), Number(m[3])) ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
  if (raw && !given) notes.push({ severity: 'warning', code: 'date-invalid', message: `the jam's date ${preview(raw)} is no day from 1990 to 2200 written YYYY-MM-DD: not used`, file });
  if (given) {
    const date = isoDate(given.y, given.m, given.d);
    if (named && isoDate(named.y, named.m, named.d) !== date) {
      notes.push({ severity: 'info', code: 'date-differs', message: `the ${named.from} says ${isoDate(named.y, named.m, named.d)} (${preview(named.text)}) but the jam's date (notes \`date:\` or --date) is ${date}: ${date} is used`, file });
    }
    return { day: dayIndex(given.y, given.m, given.d), date, from: 'options', named, notes };
  }
  if (named) return { day: dayIndex(named.y, named.m, named.d), date: isoDate(named.y, named.m, named.d), from: named.from, named, notes };
  return { day: UNKNOWN_DAY, date: null, from: null, named: null, notes };
}

/** A message skipped because nothing gives its day (the file's dateUnknownError says how to give it). */
export function dateUnknownSkip(file: string, line: number, position: number): Diagnostic {
  return lineDiagnostic('info', 'date-unknown', `message #${position}: no day to date it (see the file's date-unknown error); skipped`, file, line, position);
}

/**
 * The one error of a file whose messages have no day, so were skipped:
 * `lead` says what the export lacks, then how to give the day (DATE_FIX),
 * `detail` what else was looked at, and how many messages were skipped.
 */
export function dateUnknownError(lead: string, detail: string, skipped: number, file: string, line?: number): Diagnostic {
  return { severity: 'error', code: 'date-unknown', message: `${lead}: ${DATE_FIX} (${detail}); ${skipped} message(s) skipped`, file, ...(line ? { line } : {}) };
}

/** The last day index `zonedIsoTime` split into year, month and day. */
let splitDay = Number.NaN;
let splitParts: [number, number, number] = [1970, 1, 1];

/**
 * ISO time in UTC of a time of day on a local day (see dayIndex) in `zone`
 * ("utc" or an IANA name; DST gaps and overlaps as luxon reads them), or
 * null when luxon cannot place it.
 */
export function zonedIsoTime(day: number, h: number, mi: number, s: number, zone: string): string | null {
  if (zone === 'utc') return isoTime(day, h, mi, s);
  if (day !== splitDay) {
    const d = new Date(day * 86400000);
    splitParts = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
    splitDay = day;
  }
  return wallClockToUtc(splitParts[0], splitParts[1], splitParts[2], h, mi, s, 0, zone);
}

/** An importer's parse that never throws: `read` fills the result; an exception becomes one `import-failed` error. */
export function guardedParse(name: string, file: ExportFile, read: (result: ParseResult) => void): ParseResult {
  const result = emptyResult();
  try {
    read(result);
  } catch (err) {
    result.diagnostics.push({ severity: 'error', code: 'import-failed', message: `${name} could not read the file: ${(err as Error).message}`, file: file.name });
  }
  return result;
}

/** Whether a file's first non-empty line passes `test` (a line-based chat's `detect`). */
export function firstLineIs(file: ExportFile, test: (line: string) => boolean): boolean {
  const first = headLines(file.text, 1)[0];
  return first !== undefined && test(first);
}

/**
 * An importer of a chat whose first line is a message header (Zoom,
 * WhatsApp): it claims a file whose first non-empty line `isHeader` accepts,
 * and `read` fills the result without ever throwing out of `parse`.
 */
export function headerLineImporter(name: string, description: string, isHeader: (line: string) => boolean, read: (file: ExportFile, options: ParseOptions, result: ParseResult) => void): Importer {
  return {
    name,
    description,
    detect: (file) => firstLineIs(file, isHeader),
    parse: (file, options) => guardedParse(name, file, (result) => read(file, options, result)),
  };
}

/** A year (1990-2200) alone in a file's name ("fedora-2009.log"), when it holds exactly one. */
export function yearFromPath(path: string): number | null {
  const years = [...basename(path).slice(0, 1024).matchAll(/(?<!\d)(\d{4})(?!\d)/g)].map((m) => Number(m[1])).filter((y) => y >= 1990 && y <= 2200);
  return years.length === 1 ? years[0] : null;
}

/** Characters a handle may not hold (see handleProblem), and white space other than a plain space. */
const NOT_IN_HANDLE = /[<>"'`&\\/\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\s\p{Z}]/gu;

/**
 * Handles for display names. Text chats have no handles, only the names
 * people typed ("Leah Wasser (she/her) Earth Lab / pyOpenSci", "Jessie &
 * James"): a name that is a plausible handle is its own handle; any other
 * gets a readable one made from it (forbidden characters as spaces, cut to
 * 48 characters) plus `~` and 6 hex digits of the name's hash, so two names
 * never share one. The name itself is kept as the author's name.
 */
export class NameHandles {
  private readonly byName = new Map<string, string>();
  private changed = 0;
  private example = '';

  handle(name: string): string {
    let h = this.byName.get(name);
    if (h !== undefined) return h;
    if (!handleProblem(name)) h = name;
    else {
      const base = PRINTABLE_ASCII.test(name) ? asciiHandleBase(name) : [...name.replace(NOT_IN_HANDLE, ' ').replace(/ {2,}/g, ' ').trim()].slice(0, 48).join('').trim();
      h = `${base || 'anonymous'}~${sha256Hex(name).slice(0, 6)}`;
      if (this.changed++ === 0) this.example = `${previewOf(name)} -> ${previewOf(h, 60)}`;
    }
    this.byName.set(name, h);
    return h;
  }

  /** One info diagnostic when some names needed a made handle. */
  diagnostic(file: string): Diagnostic | null {
    if (!this.changed) return null;
    return {
      severity: 'info',
      code: 'handle-from-name',
      message: `${this.changed} display name(s) are not usable as handles (characters such as / & or more than 64 characters): each got a handle made from it (e.g. ${this.example}); the full name is kept`,
      file,
    };
  }
}

/**
 * The readable part of a made handle for a printable-ASCII name, as
 * NameHandles makes it for any name (forbidden characters as spaces, runs
 * of spaces as one, trimmed, cut to 48 characters, trimmed), in one pass:
 * in printable ASCII the forbidden characters are < > " ' ` & \ / and the
 * space, and each character is one code point.
 */
function asciiHandleBase(name: string): string {
  let out = '';
  let gap = false;
  for (let i = 0; i < name.length && out.length < 48; i++) {
    const c = name.charCodeAt(i);
    // space " & ' / < > \ `
    if (c === 32 || c === 34 || c === 38 || c === 39 || c === 47 || c === 60 || c === 62 || c === 92 || c === 96) {
      gap = out !== '';
      continue;
    }
    // A space at the 48th place would be cut off with all after it.
    if (gap) {
      if (out.length >= 47) break;
      out += ' ';
    }
    out += name[i];
    gap = false;
  }
  return out;
}

/** Printable ASCII only: a string `preview` would quote as it is. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `preview(s, max)`, the same string, made without spreading `s` into code
 * points twice and scanning the quoted text for invisible characters when
 * `s` is printable ASCII (most names and system lines): there each
 * character is a code point and none is invisible.
 */
export function previewOf(s: string, max = 40): string {
  if (!PRINTABLE_ASCII.test(s)) return preview(s, max);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}\u2026` : s);
}

/** Skipped- or other diagnostic at a line. */
export function lineDiagnostic(severity: Diagnostic['severity'], code: string, message: string, file: string, line: number, position?: number): Diagnostic {
  // Two literals, not a spread: one object per diagnostic (files skip a diagnostic per message).
  return position !== undefined ? { severity, code, message, file, line, position } : { severity, code, message, file, line };
}

/** Lines of a message body joined, trailing blank lines and end-of-line spaces dropped. */
export function joinBody(lines: string[]): string {
  // One line, the usual body: no array to slice, map and join.
  if (lines.length === 1) return joinBody1(lines[0]);
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  return lines
    .slice(0, end)
    .map(trimLineEnd)
    .join('\n');
}

/** `joinBody([line])`, without the array. */
export function joinBody1(line: string): string {
  return isBlank(line) ? '' : trimLineEnd(line);
}

/**
 * Is `s` empty or white space only, as `s.trim() === ''` says? A first
 * character of printable ASCII other than a space answers without trimming
 * (no string made for a line with spaces at its ends).
 */
export function isBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  return c > 32 && c < 127 ? false : s.trim() === '';
}

/**
 * The lines of `text` as `text.split(/\r\n|\n|\r/)` makes them (CR LF, LF
 * and a lone CR each end one line; an empty last line after a final line
 * ending), found with indexOf instead of the regex.
 */
export function splitEveryLine(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  for (;;) {
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    const i = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
    if (i === -1) break;
    out.push(text.slice(start, i));
    start = i === cr && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  out.push(text.slice(start));
  return out;
}

/** A line without trailing spaces, tabs and CRs (a loop: a regex anchored at `$` rescans long runs of spaces). */
export function trimLineEnd(l: string): string {
  let e = l.length;
  while (e > 0) {
    const c = l.charCodeAt(e - 1);
    if (c !== 32 && c !== 9 && c !== 13) break;
    e--;
  }
  return e === l.length ? l : l.slice(0, e);
}
