/**
 * Reading the many ways exports write a time, always to ISO 8601 in UTC.
 * Returns null when the value cannot be read: callers report it as a
 * diagnostic ("time unreadable"), they never guess.
 */
import type { DateTime } from 'luxon';
import { luxon } from './lazy-packages.ts';
import type { Diagnostic, TimePrecision } from '../model/transcript.ts';

export interface ParsedTime {
  time: string;
  precision: TimePrecision;
}

function fromDateTime(dt: DateTime, precision: TimePrecision = 'second'): ParsedTime | null {
  if (!dt.isValid) return null;
  const year = dt.toUTC().year;
  if (year < 1990 || year > 2200) return null;
  if (precision === 'day') return { time: dt.toISODate()!, precision };
  return { time: dt.toUTC().toISO({ suppressMilliseconds: false })!, precision };
}

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const CREATED_AT = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * Twitter's classic `created_at`: "Wed Oct 24 17:45:00 +0000 2012". A plain
 * regex rather than luxon's format parser: rooms have tens of thousands of
 * these and luxon's tokenizer dominated the import profile.
 */
export function parseTwitterCreatedAt(s: string): ParsedTime | null {
  const m = CREATED_AT.exec(s.trim());
  if (!m) return null;
  // The groups by index, not by destructuring: that goes through the array's iterator, a cost at every call while the code is still cold.
  const day = Number(m[2]);
  const hh = Number(m[3]);
  const mm = Number(m[4]);
  const ss = Number(m[5]);
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  const ms = Date.UTC(Number(m[9]), MONTHS[m[1]], day, hh, mm, ss) - offset * 60000;
  const d = new Date(ms);
  // Reject impossible dates (Feb 31) instead of letting Date roll them over.
  const check = new Date(ms + offset * 60000);
  if (check.getUTCDate() !== day || hh > 23 || mm > 59 || ss > 60) return null;
  const utcYear = d.getUTCFullYear();
  if (utcYear < 1990 || utcYear > 2200) return null;
  return { time: d.toISOString(), precision: 'second' };
}

/** RFC 2822 as in the v1 search API: "Wed, 27 Oct 2010 03:56:39 +0000". */
export function parseRfc2822(s: string): ParsedTime | null {
  return fromDateTime(luxon().DateTime.fromRFC2822(s.trim(), { setZone: true }));
}

/** A UTC offset at the end of an ISO time: luxon accepts "+99:00" (four days off). */
const ISO_OFFSET = /[T\d](?:[+-])(\d{2}):?(\d{2})$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is y-m-d (month 1-12) a day of the calendar, and is the year one `fromDateTime` accepts? */
function plainDay(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/** The ISO form a UTC time in 1990-2200 has, by Date (luxon's `toISO` writes the same). */
function utcTime(ms: number): ParsedTime {
  return { time: new Date(ms).toISOString(), precision: 'second' };
}

/** "2017-12-21T15:34:30.000Z", the form exports write most, read without luxon (rooms have tens of thousands). */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

/** A plain UTC ISO time, or null for any other form (luxon reads it, as it reads an invalid one). */
function fastIsoUtc(t: string): ParsedTime | null {
  const m = ISO_UTC.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = Number(m[6]);
  if (!plainDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  // With its milliseconds the time is already in the form toISOString writes.
  if (m[7]) return { time: t, precision: 'second' };
  return utcTime(Date.UTC(y, mo - 1, d, h, mi, sec, 0));
}

/** ISO 8601; a value without offset is taken as UTC. Offsets beyond ±18:00 (none exists) are unreadable. */
export function parseIso(s: string, zone = 'utc'): ParsedTime | null {
  const t = s.trim();
  const fast = fastIsoUtc(t);
  if (fast) return fast;
  const offset = ISO_OFFSET.exec(t);
  if (offset && (Number(offset[1]) > 18 || Number(offset[2]) > 59)) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  return fromDateTime(luxon().DateTime.fromISO(t, { zone, setZone: false }), dateOnly ? 'day' : 'second');
}

/** Milliseconds or seconds since the epoch, as a string or number. */
export function parseEpoch(v: string | number, unit: 'ms' | 's' = 'ms'): ParsedTime | null {
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n) || String(v).trim() === '') return null;
  const ms = unit === 's' ? n * 1000 : n;
  if (Number.isInteger(ms)) {
    const year = new Date(ms).getUTCFullYear();
    return year >= 1990 && year <= 2200 ? utcTime(ms) : null;
  }
  return fromDateTime(luxon().DateTime.fromMillis(unit === 's' ? n * 1000 : n, { zone: 'utc' }));
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "January 26, 2019" as embedded tweets write it, read without luxon; other forms go through luxon's formats. */
const LONG_DATE = new RegExp(`^(${LONG_MONTHS.join('|')}) (\\d{1,2}), (\\d{4})$`);

/** A date written as words, e.g. "January 26, 2019" (embedded tweets): day precision. */
export function parseLongDate(s: string): ParsedTime | null {
  const t = s.trim().replace(/\s+/g, ' ');
  const m = LONG_DATE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[3]), LONG_MONTHS.indexOf(m[1]) + 1, Number(m[2])];
    if (plainDay(y, mo, d)) return { time: `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, precision: 'day' };
  }
  for (const fmt of ['MMMM d, yyyy', 'MMM d, yyyy', 'd MMMM yyyy', 'd MMM yyyy']) {
    const dt = luxon().DateTime.fromFormat(t, fmt, { zone: 'utc', locale: 'en-US' });
    if (dt.isValid) return fromDateTime(dt, 'day');
  }
  return null;
}

/**
 * A time in a format the editor names (luxon tokens, e.g. "dd-MMM-yy hh:mm a"),
 * interpreted in `zone` unless the string carries an offset.
 */
export function parseWithFormat(s: string, format: string, zone = 'utc'): ParsedTime | null {
  const dt = luxon().DateTime.fromFormat(s.trim(), format, { zone, setZone: false, locale: 'en-US' });
  const hasSeconds = /s/.test(format);
  const hasTime = /[Hhm]/.test(format);
  return fromDateTime(dt, !hasTime ? 'day' : hasSeconds ? 'second' : 'minute');
}

/** Best effort over the common machine formats: ISO, epoch, Twitter, RFC 2822, long dates. */
export function parseAnyTime(s: string, zone = 'utc'): ParsedTime | null {
  const t = s.trim();
  if (!t) return null;
  if (/^\d{9,13}$/.test(t)) return parseEpoch(t, t.length <= 10 ? 's' : 'ms');
  return parseIso(t, zone) ?? parseTwitterCreatedAt(t) ?? parseRfc2822(t) ?? parseLongDate(t);
}

// ---------------------------------------------------------------------------
// The jam's zone, for times written without an offset

/** The zone a file's offset-less times are read in, and whether the jam named it. */
export interface ZoneChoice {
  /** "utc" or an IANA name. */
  zone: string;
  /** True when the options named it (the notes' `timezone:` or `--time-zone`); false: UTC by default. */
  given: boolean;
  /** A zone the options named that is no IANA zone (UTC is taken instead), else null. */
  rejected: string | null;
}

/** How an editor names the jam's zone: said wherever times are taken as UTC. */
export const ZONE_FIX = 'set `timezone:` in the jam\'s notes or pass --time-zone (an IANA name such as America/New_York)';

/**
 * The zone offset-less times are read in: ParseOptions' `timeZone` (the
 * notes' `timezone:` or `--time-zone`) when it is an IANA zone, else UTC.
 */
export function zoneOf(options: { timeZone?: string }): ZoneChoice {
  const raw = typeof options.timeZone === 'string' ? options.timeZone.trim() : '';
  if (!raw) return { zone: 'utc', given: false, rejected: null };
  if (!luxon().IANAZone.isValidZone(raw)) return { zone: 'utc', given: false, rejected: raw };
  return { zone: raw, given: true, rejected: null };
}

/**
 * The one note on a file's offset-less times: read in the jam's zone, or
 * as UTC with how to name the zone. `whose` says whose clock wrote them
 * (e.g. "the phone's local time"). Null when no such time was read.
 */
export function zoneNote(file: string, choice: ZoneChoice, count: number, whose: string): Diagnostic | null {
  if (count <= 0) return null;
  const what = `${count} time(s) carry no UTC offset (${whose})`;
  if (choice.given) return { severity: 'info', code: 'time-zone-assumed', message: `${what}; read in ${choice.zone}`, file };
  const bad = choice.rejected === null ? '' : `the time zone "${choice.rejected.slice(0, 64)}" is no IANA zone name; `;
  return { severity: choice.rejected === null ? 'info' : 'warning', code: 'time-zone-assumed', message: `${bad}${what}; read as UTC: if they are not, ${ZONE_FIX}`, file };
}

/** Per zone and local day: the zone's offset (minutes) when it is the same all that day, null when it changes. */
const dayOffsets = new Map<string, number | null>();

/** The offset of `zone` over the whole local day y-m-d, or null when a transition falls in or near it. */
function steadyOffset(zone: string, y: number, mo: number, d: number): number | null {
  const key = `${zone} ${y}-${mo}-${d}`;
  let o = dayOffsets.get(key);
  if (o !== undefined) return o;
  const z = luxon().IANAZone.create(zone);
  // Every UTC instant a wall time of that day can be (offsets run from -12:00 to +14:00).
  const start = Date.UTC(y, mo - 1, d) - 14 * 3600000;
  const before = z.offset(start);
  o = before === z.offset(start + 50 * 3600000) && before === z.offset(start + 25 * 3600000) ? before : null;
  if (dayOffsets.size > 4096) dayOffsets.clear();
  dayOffsets.set(key, o);
  return o;
}

/**
 * A wall-clock time (month 1-12, no offset) in `zone` ("utc" or an IANA
 * name) as an ISO time in UTC, or null when luxon cannot place it. Times in
 * a DST gap or overlap follow luxon: a time in the gap moves forward by the
 * gap, a time in the overlap hour takes the later (standard time) offset.
 * Days without a transition are computed from a cached offset (luxon's
 * `fromObject` costs ~20 µs a time).
 */
export function wallClockToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): string | null {
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (zone === 'utc') return new Date(local).toISOString();
  const steady = steadyOffset(zone, y, mo, d);
  if (steady !== null) return new Date(local - steady * 60000).toISOString();
  const dt = luxon().DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms }, { zone });
  return dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: false }) : null;
}
