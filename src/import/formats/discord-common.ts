/**
 * What DiscordChatExporter's JSON, CSV and TXT importers share: reading the
 * locale times its CSV and TXT exports write (no UTC offset, several
 * layouts), the zone those times are taken in, attachments as pictures,
 * videos or links, reaction counts, and the export's title.
 *
 * Times. DCE writes `Context.FormatDate(timestamp)`: before 2.27 the fixed
 * "dd-MMM-yy hh:mm tt" (`26-Jun-19 06:26 PM`), later the culture's short
 * "g" pattern: `1/15/2023 3:04 PM` (en-US), `15/01/2023 15:04` (en-GB, fr),
 * `15.01.2023 15:04` (de, ru), `2023-01-15 15:04` (sv), `2023/01/15 15:04`
 * (ja, zh), or an ISO time when asked for one. None carries an offset
 * except ISO with `Z`/`+hh:mm`; they are the exporting machine's local time
 * (UTC with `--utc`). Day-first or month-first numeric dates are decided once
 * per file, from the values (a first number over 12 is a day, a second one
 * over 12 a month), as csv.ts does for a column.
 */
import { parseIso, wallClockToUtc, zoneNote, zoneOf, type ParsedTime, type ZoneChoice } from '../time.ts';
import type { Attachment, Diagnostic, TimePrecision } from '../../model/transcript.ts';
import { localFilePath, preview, safeHttpUrl } from '../../model/entities.ts';
import { digits, isoFromMs } from './epoch-iso.ts';

/** A time read from a DCE locale string. */
export interface DiscordTime {
  time: string;
  precision: TimePrecision;
  /** The value had no UTC offset: it was taken in the file's zone (UTC unless one was given). */
  naive: boolean;
  /** A numeric date whose day/month order came from the file's default, not from the value. */
  ambiguous: boolean;
}

/** Wall-clock parts of a time as written, before a zone makes it an instant. */
interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number | null;
  ms: number;
  /** Minutes east of UTC, when the value carries an offset. */
  offset: number | null;
}

const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "26-Jun-19 06:26 PM": DCE's fixed layout before locales. */
const NAMED_MONTH = /^(\d{1,2})[-\s]([A-Za-z]{3})[-\s](\d{2}|\d{4})[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$/;
/** "2023-01-15 15:04", "2023/01/15 15:04:05", "2023-01-15T15:04:05.123+02:00": year first. */
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\.?[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
/** "1/15/2023 3:04 PM", "15.01.2023 15:04", "15-01-2023 15:04": day or month first. */
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$/;

/** Day-first, month-first, or decided by the values in the file. */
export interface DateOrder {
  order: 'dmy' | 'mdy';
  /** No value settled it: read day-first (month-first when the times are a 12-hour clock with slashes, the US layout), with a warning. */
  guessed: boolean;
  /** Values settled it both ways: ambiguous values are unreadable. */
  conflict: boolean;
}

/** Whether char code `c` is an ASCII digit. */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Whether char code `c` is one of NUMERIC's date separators `-`, `/`, `.`. */
const isDateSep = (c: number): boolean => c === 45 || c === 47 || c === 46;

/**
 * False only when NUMERIC cannot match `v.trim()`: a value that starts with
 * printable ASCII and not with `d[d]`, a separator and a digit (a named
 * month such as "26-Jun-19" is settled by its fourth character, no regex
 * run). A value starting with anything else (white space) may.
 */
function mayBeNumeric(v: string): boolean {
  const c0 = v.charCodeAt(0);
  if (!isDigit(c0)) return !(c0 > 32 && c0 < 127);
  const c1 = v.charCodeAt(1);
  if (isDateSep(c1)) return isDigit(v.charCodeAt(2));
  return isDigit(c1) && isDateSep(v.charCodeAt(2)) && isDigit(v.charCodeAt(3));
}

/** Evidence of a file's day/month order from its time values (dotted dates are always day-first). */
export function dateOrder(values: Iterable<string>): DateOrder {
  let dayFirst = false;
  let monthFirst = false;
  let usLayout = false;
  for (const v of values) {
    if (!mayBeNumeric(v)) continue;
    const m = NUMERIC.exec(v.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[3]);
    // Only a possible date is evidence ("13/45/2023" is none).
    if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12)) continue;
    if (m[2] === '.' || a > 12) dayFirst = true;
    else if (b > 12) monthFirst = true;
    if (m[2] === '/' && m[8]) usLayout = true;
  }
  if (dayFirst && monthFirst) return { order: 'dmy', guessed: false, conflict: true };
  if (monthFirst) return { order: 'mdy', guessed: false, conflict: false };
  // Nothing settles it: "7/12/2025 3:50 AM" (a 12-hour clock with slashes) is the US layout, month first.
  return { order: !dayFirst && usLayout ? 'mdy' : 'dmy', guessed: !dayFirst, conflict: false };
}

/** 12-hour clock to 24, or null for an hour a 12-hour clock cannot show. */
function hour24(h: number, ampm: string | undefined): number | null {
  if (!ampm) return h;
  if (h < 1 || h > 12) return null;
  return (h % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
}

const twoDigitYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** The months' three letters lower-cased as char codes (`c0 << 16 | c1 << 8 | c2`), January first. */
const MONTH_KEYS = Int32Array.from(MONTH_ABBR, (a) => (a.charCodeAt(0) << 16) | (a.charCodeAt(1) << 8) | a.charCodeAt(2));

/** Month number (1-12) of a MONTH_KEYS key, or 0 (twelve comparisons cost less than a Map lookup). */
function monthOfKey(key: number): number {
  for (let i = 0; i < 12; i++) if (MONTH_KEYS[i] === key) return i + 1;
  return 0;
}

/** The value of the char code `c` as a digit 0-9, or -1. */
const digitAt = (v: string, i: number): number => {
  const c = v.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Whether char code `c` is an ASCII letter. */
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The one Wall namedMonthFast fills (read at once by readDiscordTime, never kept): no object made per time. */
const SCRATCH: Wall = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: null, ms: 0, offset: null };

/** What `namedMonthFast` says when a value is outside the plain form it reads: let the regexes decide. */
const NOT_PLAIN = 0;

/**
 * NAMED_MONTH's reading of its plain form, by char codes (no regex, no
 * match array): `d[d]-Mon-yy[yy] h[h]:mm[:ss][ AM|PM]` with `-` or a space
 * between the date's parts and single spaces elsewhere. Every string of
 * this form is one NAMED_MONTH matches, and the parts are the same as its
 * groups give; anything else is NOT_PLAIN (read by the regexes as before).
 * null: NAMED_MONTH matches but the value is no time (an unknown month,
 * hour 0 or over 12 with AM/PM). The parts are written into SCRATCH.
 */
function namedMonthFast(v: string): Wall | null | typeof NOT_PLAIN {
  const n = v.length;
  let i = 0;
  let d = digitAt(v, i++);
  if (d < 0) return NOT_PLAIN;
  let k = digitAt(v, i);
  if (k >= 0) {
    d = d * 10 + k;
    i++;
  }
  let c = v.charCodeAt(i++);
  if (c !== 45 && c !== 32) return NOT_PLAIN;
  const c0 = v.charCodeAt(i);
  const c1 = v.charCodeAt(i + 1);
  const c2 = v.charCodeAt(i + 2);
  if (!isLetter(c0) || !isLetter(c1) || !isLetter(c2)) return NOT_PLAIN;
  i += 3;
  c = v.charCodeAt(i++);
  if (c !== 45 && c !== 32) return NOT_PLAIN;
  // Year: two digits (20yy) or four.
  let y = 0;
  let yd = 0;
  while (yd < 4 && (k = digitAt(v, i)) >= 0) {
    y = y * 10 + k;
    i++;
    yd++;
  }
  if (yd === 2) y += 2000;
  else if (yd !== 4) return NOT_PLAIN;
  if (v.charCodeAt(i++) !== 32) return NOT_PLAIN;
  let h = digitAt(v, i++);
  if (h < 0) return NOT_PLAIN;
  k = digitAt(v, i);
  if (k >= 0) {
    h = h * 10 + k;
    i++;
  }
  if (v.charCodeAt(i++) !== 58) return NOT_PLAIN;
  const m1 = digitAt(v, i);
  const m2 = digitAt(v, i + 1);
  if (m1 < 0 || m2 < 0) return NOT_PLAIN;
  const mi = m1 * 10 + m2;
  i += 2;
  let s: number | null = null;
  if (i < n && v.charCodeAt(i) === 58) {
    const s1 = digitAt(v, i + 1);
    const s2 = digitAt(v, i + 2);
    if (s1 < 0 || s2 < 0) return NOT_PLAIN;
    s = s1 * 10 + s2;
    i += 3;
  }
  let pm: boolean | null = null;
  if (i < n) {
    // " AM" / " pm": a space, then [AaPp][Mm], then the end.
    if (i + 3 !== n || v.charCodeAt(i) !== 32) return NOT_PLAIN;
    const a = v.charCodeAt(i + 1) | 32;
    if ((a !== 97 && a !== 112) || (v.charCodeAt(i + 2) | 32) !== 109) return NOT_PLAIN;
    pm = a === 112;
  }
  const mo = monthOfKey(((c0 | 32) << 16) | ((c1 | 32) << 8) | (c2 | 32));
  if (mo === 0) return null;
  if (pm !== null) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (pm ? 12 : 0);
  }
  SCRATCH.y = y;
  SCRATCH.mo = mo;
  SCRATCH.d = d;
  SCRATCH.h = h;
  SCRATCH.mi = mi;
  SCRATCH.s = s;
  return SCRATCH;
}

/** The wall-clock parts of a DCE time string by the layouts regexes (readDiscordTime reads the plain named-month form before), or null when none reads it. */
function wallOf(raw: string, order: DateOrder): { wall: Wall; ambiguous: boolean } | null {
  const v = raw.trim();
  if (v.length > 64) return null;
  // The plain named-month form is read by readDiscordTime before this (namedMonthFast): the regexes read the rest.
  let m = NAMED_MONTH.exec(v);
  if (m) {
    const mo = MONTH_ABBR.indexOf(m[2].toLowerCase()) + 1;
    const h = hour24(Number(m[4]), m[7]);
    if (mo === 0 || h === null) return null;
    return { wall: { y: twoDigitYear(m[3]), mo, d: Number(m[1]), h, mi: Number(m[5]), s: m[6] ? Number(m[6]) : null, ms: 0, offset: null }, ambiguous: false };
  }
  m = YEAR_FIRST.exec(v);
  if (m) {
    const zone = m[9];
    const offset = !zone ? null : zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    const ms = m[8] ? Number(m[8].slice(0, 3).padEnd(3, '0')) : 0;
    return { wall: { y: Number(m[1]), mo: Number(m[3]), d: Number(m[4]), h: Number(m[5]), mi: Number(m[6]), s: m[7] ? Number(m[7]) : null, ms, offset }, ambiguous: false };
  }
  m = NUMERIC.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const settled = m[2] === '.' || a > 12 || b > 12 || a === b;
    if (!settled && order.conflict) return null;
    const dmy = m[2] === '.' || (a > 12 ? true : b > 12 ? false : order.order === 'dmy');
    const h = hour24(Number(m[5]), m[8]);
    if (h === null) return null;
    return { wall: { y: twoDigitYear(m[4]), mo: dmy ? b : a, d: dmy ? a : b, h, mi: Number(m[6]), s: m[7] ? Number(m[7]) : null, ms: 0, offset: null }, ambiguous: !settled };
  }
  return null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** "00" to "59". */
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** Whether the parts name a real day and time in 1990-2200. */
function plausible(w: Wall): boolean {
  if (w.y < 1990 || w.y > 2200 || w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > DAYS_IN_MONTH[w.mo - 1]) return false;
  if (w.mo === 2 && w.d === 29 && !(w.y % 4 === 0 && (w.y % 100 !== 0 || w.y % 400 === 0))) return false;
  if (w.offset !== null && Math.abs(w.offset) > 18 * 60) return false;
  return w.h <= 23 && w.mi <= 59 && (w.s ?? 0) <= 59;
}

/** "HH:MM:" by `h * 60 + mi`, made as first needed. */
const HOUR_MINUTE: string[] = Array.from({ length: 24 * 60 }, (_, m) => `${TWO_DIGITS[Math.floor(m / 60)]}:${TWO_DIGITS[m % 60]}:`);
/** The last day written ("YYYY-MM-DDT") and its key `(y * 16 + mo) * 32 + d`: a file's times mostly share their day. */
let lastDayKey = -1;
let lastDay = '';

/**
 * `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z` (two digits each, three for
 * ms) in three joins: the day's part made once per day, "HH:MM:" from a
 * table (a dozen short joins per time cost more than reading it).
 */
function utcIso(w: Wall): string {
  const dayKey = (w.y * 16 + w.mo) * 32 + w.d;
  if (dayKey !== lastDayKey) {
    lastDay = `${w.y}-${TWO_DIGITS[w.mo]}-${TWO_DIGITS[w.d]}T`;
    lastDayKey = dayKey;
  }
  return lastDay + HOUR_MINUTE[w.h * 60 + w.mi] + TWO_DIGITS[w.s ?? 0] + (w.ms === 0 ? '.000Z' : `.${String(w.ms).padStart(3, '0')}Z`);
}

/** The instant of wall-clock parts: by their own offset, else in `zone` ("utc" or an IANA name). */
function instant(w: Wall, zone: string): string | null {
  // A plausible wall time read as UTC is its own ISO form: written here, as toISOString would (years 1990-2200 have four digits).
  if (w.offset === null && zone === 'utc') return utcIso(w);
  if (w.offset !== null) {
    const ms = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s ?? 0, w.ms) - w.offset * 60000;
    return new Date(ms).toISOString();
  }
  return wallClockToUtc(w.y, w.mo, w.d, w.h, w.mi, w.s ?? 0, w.ms, zone);
}

/** One DCE time string as UTC, or null when it cannot be read (never guessed). */
export function readDiscordTime(raw: string, order: DateOrder, zone: string): DiscordTime | null {
  const v = raw.trim();
  const fast = v.length > 64 ? NOT_PLAIN : namedMonthFast(v);
  if (fast !== NOT_PLAIN) {
    // DCE's "26-Jun-19 06:26 PM", read by char codes: no offset, the day and month order settled.
    if (!fast || !plausible(fast)) return null;
    const time = instant(fast, zone);
    if (!time) return null;
    return { time, precision: fast.s === null ? 'minute' : 'second', naive: true, ambiguous: false };
  }
  const read = wallOf(raw, order);
  if (!read || !plausible(read.wall)) return null;
  const time = instant(read.wall, zone);
  if (!time) return null;
  return { time, precision: read.wall.s === null ? 'minute' : 'second', naive: read.wall.offset === null, ambiguous: read.ambiguous };
}

/**
 * `readDiscordTime` for the values of one file: a value the same as the one
 * before answered at once (a chat's messages share their minutes, "26-Jun-19
 * 06:26 PM"), and in a zone other than UTC (a zone lookup per time) each
 * distinct value read once. In UTC reading one again costs less than
 * hashing it.
 */
export class FileTimes {
  private readonly seen = new Map<string, DiscordTime | null>();
  /** The last value asked and its answer: consecutive messages often share their minute (no hashing then). */
  private lastRaw: string | null = null;
  private lastTime: DiscordTime | null = null;

  constructor(
    private readonly order: DateOrder,
    private readonly zone: string,
  ) {}

  read(raw: string): DiscordTime | null {
    if (raw === this.lastRaw) return this.lastTime;
    let time = this.zone === 'utc' ? readDiscordTime(raw, this.order, this.zone) : this.seen.get(raw);
    if (time === undefined) {
      time = readDiscordTime(raw, this.order, this.zone);
      if (this.seen.size < 65536) this.seen.set(raw, time);
    }
    this.lastRaw = raw;
    this.lastTime = time;
    return time;
  }
}

/** "2023-01-06T14:03:03.853+00:00": the JSON export's timestamps (an offset, never `Z`). */
const ISO_OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([+-])(\d{2}):(\d{2})$/;

/** The number the ASCII digits of `s` from `from` to `to` write, or -1 when one is not a digit. */
const digitsAt = digits;

/**
 * ISO_OFFSET_TIME's reading of `t` by char codes (no regex, no match
 * array), for a value it matches whose day, time and offset are in range:
 * the same time readIsoTime computes from the groups. Undefined for every
 * other value (readIsoTime then reads it as before).
 */
function isoOffsetFast(t: string): ParsedTime | undefined {
  const n = t.length;
  // "YYYY-MM-DDTHH:MM:SS" [".f" with 1-9 digits] "+hh:mm".
  if (n < 25 || n > 35 || n === 26) return undefined;
  if (t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 84 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58 || t.charCodeAt(n - 3) !== 58) return undefined;
  const sign = t.charCodeAt(n - 6);
  if (sign !== 43 && sign !== 45) return undefined;
  if (n > 25 && t.charCodeAt(19) !== 46) return undefined;
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 7);
  const d = digitsAt(t, 8, 10);
  const h = digitsAt(t, 11, 13);
  const mi = digitsAt(t, 14, 16);
  const sec = digitsAt(t, 17, 19);
  const oh = digitsAt(t, n - 5, n - 3);
  const om = digitsAt(t, n - 2, n);
  const frac = n > 25 ? digitsAt(t, 20, n - 6) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || oh < 0 || om < 0 || frac < 0) return undefined;
  const day = y >= 1990 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1] && (mo !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
  if (!day || h > 23 || mi > 59 || sec > 59 || oh > 18 || om > 59) return undefined;
  // At offset 0 with three digits of milliseconds (floor(parseFloat("0.abc") * 1000) is abc for every one) the time is its own ISO form, as toISOString writes it.
  if (n === 29 && oh === 0 && om === 0) return { time: `${t.slice(0, 23)}Z`, precision: 'second' };
  // Three digits are whole milliseconds; others as readIsoTime takes them.
  const ms = n === 25 ? 0 : n === 29 ? frac : Math.floor(parseFloat(`0.${t.slice(20, n - 6)}`) * 1000);
  const offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  const time = isoFromMs(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60000);
  return time ? { time, precision: 'second' } : undefined;
}

/**
 * An ISO time as `parseIso` reads it, the JSON export's form computed here
 * (luxon's `fromISO` cost ~20 µs a message): a real day and time of day and
 * an offset up to ±18:59, milliseconds as luxon takes a fraction (floored).
 * Anything else goes to `parseIso`, which says the same as before.
 */
export function readIsoTime(raw: string): ParsedTime | null {
  const t = raw.trim();
  const fast = isoOffsetFast(t);
  if (fast) return fast;
  const m = ISO_OFFSET_TIME.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const h = Number(m[4]);
    const mi = Number(m[5]);
    const sec = Number(m[6]);
    const oh = Number(m[9]);
    const om = Number(m[10]);
    const day = y >= 1990 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1] && (mo !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
    if (day && h <= 23 && mi <= 59 && sec <= 59 && oh <= 18 && om <= 59) {
      const ms = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
      const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
      // isoFromMs is `new Date(ms).toISOString()` for a whole ms in 1990-2200 (null outside: the years refused here before).
      const time = isoFromMs(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60000);
      return time ? { time, precision: 'second' } : null;
    }
  }
  return parseIso(t);
}

/** Whether a string looks like a time at all (a digit first, an `h:mm` in it): a header line's test. */
export function looksLikeTime(s: string): boolean {
  return /^\d/.test(s) && /\d:\d\d/.test(s);
}

/** The zone offset-less times are read in: see time.ts (the Telegram importers take it from here too). */
export { zoneOf };

/**
 * The texts DiscordChatExporter writes in the CSV and TXT exports for a
 * system entry (a join, a pin, a new thread, a call, a group change: its
 * JSON export gives their type instead): the whole content, any case.
 */
const SYSTEM_TEXT = /^(?:joined the server|pinned a message|started a thread|changed the channel icon|left the group|started a call that lasted \d{1,9} minutes?|changed the channel name: .{1,200}|added .{1,100} to the group|removed .{1,100} from the group)\.?$/i;

/** Whether a CSV or TXT message's content is a system entry's text (see SYSTEM_TEXT), not what someone wrote. */
export function isSystemText(content: string): boolean {
  return content.length < 300 && SYSTEM_TEXT.test(content.trim());
}

/** The file-level notes about how times were read: the zone taken, and a day/month order guessed. */
export function timeNotes(file: string, zone: ZoneChoice, naive: number, ambiguous: number, example: string | null, order: DateOrder['order'] = 'dmy'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const z = zoneNote(file, zone, naive, "the exporting computer's local time");
  if (z) out.push(z);
  if (ambiguous > 0) {
    out.push({
      severity: 'warning',
      code: 'date-order-guessed',
      message: `no date in the file shows whether the day or the month comes first (e.g. ${preview(example ?? '')}); ${ambiguous} date(s) read ${order === 'dmy' ? 'day-first' : 'month-first (a 12-hour clock with slashes is the US layout)'}`,
      file,
    });
  }
  return out;
}

/** What a CSV or TXT export's messages add up to for its file-level notes: offset-less and ambiguous times, reactions. */
export class FileTally {
  private naive = 0;
  private ambiguous = 0;
  private example: string | null = null;
  private reacted = 0;
  private reactions = 0;

  /** Counts one message's time (as written, for the example of an ambiguous date) and reactions. */
  add(time: DiscordTime, raw: string, reactions: number): void {
    if (time.naive) this.naive++;
    if (time.ambiguous) {
      this.ambiguous++;
      this.example ??= raw;
    }
    if (reactions) {
      this.reacted++;
      this.reactions += reactions;
    }
  }

  /** The file's notes: how times were read, and the reactions the transcript does not keep. */
  notes(file: string, zone: ZoneChoice, order: DateOrder['order'] = 'dmy'): Diagnostic[] {
    const out = timeNotes(file, zone, this.naive, this.ambiguous, this.example, order);
    const r = reactionNote(file, this.reacted, this.reactions);
    return r ? [...out, r] : out;
  }
}

/** The note for an attachment no transcript keeps (`label` says where: "row 3", "line 12"). */
export function droppedAttachment(label: string, ref: string, where: { file: string; line: number; position: number }): Diagnostic {
  return { severity: 'info', code: 'attachment-dropped', message: `${label}: attachment ${preview(ref)} is neither a picture nor a video nor on the web; not kept`, ...where };
}

/** "Komodo / #antara-ama-july2019", from what the export names. */
export function discordTitle(guild: string | null, channel: string | null): string | null {
  const g = guild?.trim();
  const c = channel?.trim();
  if (g && c) return `${g} / #${c}`;
  return g || (c ? `#${c}` : null);
}

const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'svg', 'apng', 'heic']);
const VIDEO_EXT = new Set(['mp4', 'webm', 'mov', 'm4v', 'mkv', 'avi']);

/** The extension of a path or URL (without query or fragment), lower case. */
function extensionOf(ref: string): string {
  // Cut at the first "?" or "#" (what `replace(/[?#].*$/s, '')` did).
  const q = ref.indexOf('?');
  const h = ref.indexOf('#');
  const cut = q === -1 ? h : h === -1 || q < h ? q : h;
  const path = cut === -1 ? ref : ref.slice(0, cut);
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && dot > path.lastIndexOf('\\') ? path.slice(dot + 1).toLowerCase() : '';
}

/** A character a plain relative path has none of: controls, non-ASCII, "%", "?", "#", ":" and "\\". */
const NOT_PLAIN_PATH = /[\0-\x1f\x7f-\uffff%?#:\\]/;

/**
 * entities.ts `localFilePath` of `s`: answered here for a plain relative
 * path (printable ASCII without "%", "?", "#", ":" or "\\", no space at
 * either end, no empty, "." or ".." segment, at most 512 characters), which
 * every step of localFilePath leaves as it is; any other string goes to
 * localFilePath.
 */
function localPath(s: string): string | null {
  const n = s.length;
  if (n === 0 || n > 512 || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32 || NOT_PLAIN_PATH.test(s)) return localFilePath(s);
  // An empty, "." or ".." segment: at the start, at the end, or between two slashes.
  if (s.charCodeAt(0) === 47 || s.charCodeAt(n - 1) === 47 || s.includes('//') || s === '.' || s === '..') return localFilePath(s);
  if (s.startsWith('./') || s.startsWith('../') || s.endsWith('/.') || s.endsWith('/..') || s.includes('/./') || s.includes('/../')) return localFilePath(s);
  return s;
}

/** What an attachment reference becomes: a picture or video, a link (other files on the web), or nothing kept. */
export type AttachmentOutcome = { attachment: Attachment } | { link: string } | { dropped: string };

/**
 * An attachment as DCE writes it: a web URL (cdn.discordapp.com), or the
 * path of the copy it downloaded beside the export (Windows writes `\`).
 * Pictures and videos become attachments (the file name as their text);
 * other files (audio, PDFs, archives) are links when on the web, else dropped
 * (the model keeps only pictures and videos).
 */
export function attachmentOf(ref: string, fileName: string | null = null): AttachmentOutcome {
  const raw = ref.trim();
  // No ":" and no leading "//": no absolute URL (a relative path, the usual case), so no URL parse that throws.
  const url = raw.includes(':') || raw.startsWith('//') ? safeHttpUrl(raw) : null;
  const ext = extensionOf(fileName || raw);
  const kind = IMAGE_EXT.has(ext) ? 'image' : VIDEO_EXT.has(ext) ? 'video' : null;
  if (kind) {
    const file = url ? null : localPath(raw.includes('\\') ? raw.replaceAll('\\', '/') : raw);
    if (url || file) return { attachment: { kind, url, alt: fileName?.trim() || null, file } };
  }
  if (url) return { link: url };
  return { dropped: raw };
}

/** The n of a "(n)" token `s[from, to)` (1-9 digits), or -1: what `/^\((\d{1,9})\)$/` read, by char codes. */
function countOf(s: string, from: number, to: number): number {
  const n = to - from;
  if (n < 3 || n > 11 || s.charCodeAt(from) !== 40 || s.charCodeAt(to - 1) !== 41) return -1;
  let value = 0;
  for (let i = from + 1; i < to - 1; i++) {
    const k = digitAt(s, i);
    if (k < 0) return -1;
    value = value * 10 + k;
  }
  return value;
}

/** Whether char code `c` is a comma or what the regex `\s` matches (ASCII and Unicode white space, the BOM). */
function isSeparator(c: number): boolean {
  if (c < 128) return c === 44 || c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Sum of reaction counts in DCE's CSV ("👍 (7),😎 (6)") or TXT ("👍 (7) ⬆ ") form: a reaction without "(n)" is 1.
 * The tokens are what `s.split(/[\s,]+/)` gives (its empty ones left out), found by char codes.
 */
export function reactionTotal(s: string): number {
  let total = 0;
  let pending = false;
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (isSeparator(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const from = i;
    while (i < n && !isSeparator(s.charCodeAt(i))) i++;
    const count = countOf(s, from, i);
    if (count >= 0 && pending) {
      total += count;
      pending = false;
    } else {
      if (pending) total += 1;
      pending = count < 0;
    }
  }
  return total + (pending ? 1 : 0);
}

/** One note for a file's reactions: the model keeps none, so say how many there were. */
export function reactionNote(file: string, messages: number, total: number): Diagnostic | null {
  if (!messages) return null;
  return {
    severity: 'info',
    code: 'reactions-dropped',
    message: `${messages} message(s) carry ${total} reaction(s) in all; the transcript keeps no reactions`,
    file,
  };
}
