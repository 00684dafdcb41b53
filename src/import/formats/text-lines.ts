/**
 * Shared pieces of the line-based text chat importers (zoom-txt,
 * whatsapp-txt, irc-log): splitting a file into lines in one pass (every
 * line ending: LF, CRLF, Zoom's CR CR LF, a lone CR) with 1-based line
 * numbers, a handle for a display name that is not a plausible handle, the
 * date a file or folder name carries, and the placeholder day for times
 * whose date nobody knows.
 *
 * Nothing here uses a regular expression on a whole line of unknown
 * length except anchored, single-quantifier ones, so a hostile line costs
 * time in proportion to its length.
 */
import { basename, dirname } from 'node:path';
import { handleProblem, preview } from '../../model/entities.ts';
import { sha256Hex } from '../../model/ids.ts';
import type { Diagnostic } from '../../model/transcript.ts';

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
  const out: TextLine[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    out.push({ text: text.slice(start, i), line: line++ });
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    else if (c === 13 && text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i += 2;
    start = i + 1;
  }
  if (start < n) out.push({ text: text.slice(start), line });
  return out;
}

/** The first non-empty lines of a file (at most `max`, each cut to 400 characters), for `detect`. */
export function headLines(text: string, max = 12): string[] {
  const out: string[] = [];
  for (const { text: t } of splitLines(text.slice(0, 16384))) {
    if (t.trim() === '') continue;
    out.push(t.slice(0, 400));
    if (out.length >= max) break;
  }
  return out;
}

/** Two digits, for ISO times. */
export const pad2 = (n: number): string => String(n).padStart(2, '0');

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is y-m-d (month 1-12) a day of the calendar? */
export function isDay(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** A calendar day as a count of days since 1970-01-01 (UTC), for adding days. */
export function dayIndex(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86400000);
}

/** The last day `isoTime` wrote, and its "YYYY-MM-DDT" (a chat's messages mostly share their day). */
let lastDay = Number.NaN;
let lastDayPrefix = '';

/** ISO time in UTC of a day index plus a time of day (h 0-23, mi and s 0-59), as Date's toISOString writes it. */
export function isoTime(day: number, h: number, mi: number, s: number): string {
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * 86400000).toISOString().slice(0, 11);
    lastDay = day;
  }
  return `${lastDayPrefix}${pad2(h)}:${pad2(mi)}:${pad2(s)}.000Z`;
}

/**
 * The day that stands for "date unknown": the model has no time without a
 * date, so such times are put on 1970-01-01 (then 01-02, ... as the clock
 * passes midnight). No real export time is that early (time.ts refuses
 * years before 1990), so a reader of the transcript can tell it apart, and
 * a `date-unknown` warning says so in the import's diagnostics.
 */
export const UNKNOWN_DAY = 0;

/** A leap year before 1990 that stands for an unknown year (IRC logs that write "14 Jan" only). */
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
      const base = [...name.replace(NOT_IN_HANDLE, ' ').replace(/ {2,}/g, ' ').trim()].slice(0, 48).join('').trim();
      h = `${base || 'anonymous'}~${sha256Hex(name).slice(0, 6)}`;
      if (this.changed++ === 0) this.example = `${preview(name)} -> ${preview(h, 60)}`;
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

/** Skipped- or other diagnostic at a line. */
export function lineDiagnostic(severity: Diagnostic['severity'], code: string, message: string, file: string, line: number, position?: number): Diagnostic {
  return { severity, code, message, file, line, ...(position !== undefined ? { position } : {}) };
}

/** Lines of a message body joined, trailing blank lines and end-of-line spaces dropped. */
export function joinBody(lines: string[]): string {
  let end = lines.length;
  while (end > 0 && lines[end - 1].trim() === '') end--;
  return lines
    .slice(0, end)
    .map(trimLineEnd)
    .join('\n');
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
