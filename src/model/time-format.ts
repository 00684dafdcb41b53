/**
 * Dates formatted for output, fast and the same as luxon's `toFormat` with
 * the en-US locale, byte for byte.
 *
 * luxon is exact but slow per call: its `ZZZZ` token ("EDT") builds a new
 * Intl.DateTimeFormat on every call, and every DateTime in an IANA zone
 * asks Intl for its offset. A 20,000-message transcript is formatted tens
 * of thousands of times per build, so here:
 *
 * - a zone's offset and short name are asked once per UTC hour (and kept
 *   for the hour when both ends of it agree; an hour with a transition is
 *   asked per time), through luxon's own zone offset and an
 *   Intl.DateTimeFormat built once per zone with the options luxon uses;
 * - a pattern is parsed once (cached per pattern) into a list of pieces;
 * - the local fields are computed the way luxon computes them (the UTC
 *   fields of time + offset).
 *
 * Anything outside that fast path (a time that is not the transcript's
 * `YYYY-MM-DDTHH:MM:SS.sssZ` or `YYYY-MM-DD`, a year before 1000, the
 * machine's own zone, an unknown zone) goes through luxon itself, so the
 * output never depends on which path formatted it.
 */
import { DateTime, Info, type Zone } from 'luxon';

const LOCALE = { locale: 'en-US' } as const;
const HOUR = 3_600_000;

/** A moment's local fields in a zone, as luxon computes them. */
export interface ZonedTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** Minutes east of UTC. */
  offset: number;
  /** The zone's short name at that moment in en-US ("EDT", "GMT+5:30", "UTC"). */
  zoneName: string;
  /** Set when luxon computed the fields (outside the fast path): luxon formats it too. */
  luxon?: DateTime;
}

interface ZoneEntry {
  zone: Zone;
  /** The Intl formatter luxon builds for `ZZZZ` (null for a fixed-offset zone, which names itself). */
  names: Intl.DateTimeFormat | null;
  /** UTC hour number -> offset and name for the whole hour. */
  hours: Map<number, { offset: number; name: string }>;
}

/** Per zone (as given), its luxon zone and cached answers; null when the fast path does not apply. */
const zones = new Map<string, ZoneEntry | null>();
/** Bounds the per-zone hour caches (a transcript spanning years touches at most one entry per message). */
const MAX_HOURS = 200_000;

function zoneEntry(name: string): ZoneEntry | null {
  let entry = zones.get(name);
  if (entry !== undefined) return entry;
  const zone = Info.normalizeZone(name);
  entry = null;
  if (zone.isValid && zone.type === 'iana') {
    // The options luxon's IANAZone.offsetName passes to Intl (src/impl/util.js parseZoneInfo).
    const names = new Intl.DateTimeFormat('en-US', {
      timeZoneName: 'short', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: zone.name,
    });
    entry = { zone, names, hours: new Map() };
  } else if (zone.isValid && zone.isUniversal) {
    entry = { zone, names: null, hours: new Map() };
  }
  zones.set(name, entry);
  return entry;
}

/** The zone's offset and short name at one moment, asked afresh. */
function askZone(entry: ZoneEntry, ts: number): { offset: number; name: string } {
  const offset = entry.zone.offset(ts);
  if (!entry.names) return { offset, name: entry.zone.offsetName(ts, { format: 'short', locale: 'en-US' }) ?? '' };
  const part = entry.names.formatToParts(new Date(ts)).find((p) => p.type.toLowerCase() === 'timezonename');
  return { offset, name: part ? part.value : '' };
}

/** The zone's offset and name at `ts`, from the hour's cache when the whole hour shares them. */
function zoneAt(entry: ZoneEntry, ts: number): { offset: number; name: string } {
  const hour = Math.floor(ts / HOUR);
  const cached = entry.hours.get(hour);
  if (cached) return cached;
  const start = askZone(entry, hour * HOUR);
  const end = askZone(entry, hour * HOUR + HOUR - 1);
  if (start.offset !== end.offset || start.name !== end.name) return askZone(entry, ts);
  if (entry.hours.size >= MAX_HOURS) entry.hours.clear();
  entry.hours.set(hour, start);
  return start;
}

const FULL_TIME = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_ONLY = /^[1-9]\d{3}-\d{2}-\d{2}$/;

/** Epoch ms of a transcript time (full UTC time, or a date at UTC midnight), or null when it is neither (or not a real day). */
function fastMillis(iso: string): number | null {
  const full = FULL_TIME.test(iso);
  if (!full && !DATE_ONLY.test(iso)) return null;
  const ts = Date.parse(full ? iso : `${iso}T00:00:00.000Z`);
  if (Number.isNaN(ts)) return null;
  // Date.parse rolls some impossible days over (Feb 30): luxon refuses them, so they take luxon's path.
  const back = new Date(ts).toISOString();
  return (full ? back === iso : back.slice(0, 10) === iso) ? ts : null;
}

/** Local fields through luxon (the slow path): null when luxon finds the time or zone invalid. */
function viaLuxon(iso: string, zone: string): ZonedTime | null {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  if (!dt.isValid) return null;
  return {
    year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second,
    weekday: dt.weekday % 7, offset: dt.offset, zoneName: dt.zone.offsetName(dt.toMillis(), { format: 'short', locale: 'en-US' }) ?? '', luxon: dt,
  };
}

/**
 * A time (ISO, as transcripts write it; a date alone is UTC midnight, as
 * luxon reads it) in `zone` (an IANA name, or "UTC"): its local fields, or
 * null when the time or the zone is not valid.
 */
export function zonedTime(iso: string, zone: string): ZonedTime | null {
  const entry = zoneEntry(zone);
  const ts = entry ? fastMillis(iso) : null;
  if (entry === null || ts === null) return viaLuxon(iso, zone);
  const { offset, name } = zoneAt(entry, ts);
  // As luxon's tsToObj: the UTC fields of the shifted time.
  const d = new Date(ts + offset * 60 * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    weekday: d.getUTCDay(), offset, zoneName: name,
  };
}

/**
 * A message's time in `zone`: an instant moved into the zone, but a
 * day-precision time (or a bare date) is a calendar date, kept as written
 * (UTC midnight of that day, never moved to the day before west of UTC).
 */
export function zonedMessageTime(m: TimedMessage, zone: string): ZonedTime | null {
  return isDayOnly(m) ? zonedTime(m.time.slice(0, 10), 'UTC') : zonedTime(m.time, zone);
}

/** A message's time as the transcript gives it. */
interface TimedMessage {
  time: string;
  timePrecision?: string;
}

/** The message has a day but no time of day (day precision, or a bare date). */
export function isDayOnly(m: TimedMessage): boolean {
  return m.timePrecision === 'day' || /^\d{4}-\d{2}-\d{2}$/.test(m.time);
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** luxon's padStart: a minus sign before the padded digits. */
function pad(n: number, width: number): string {
  return n < 0 ? `-${String(-n).padStart(width, '0')}` : String(n).padStart(width, '0');
}

/** luxon's "+05:30" offset. */
function shortOffset(offset: number): string {
  const hours = Math.trunc(Math.abs(offset / 60));
  const minutes = Math.trunc(Math.abs(offset % 60));
  return `${offset >= 0 ? '+' : '-'}${pad(hours, 2)}:${pad(minutes, 2)}`;
}

type Piece = string | ((t: ZonedTime) => string);

/** The tokens output uses, as luxon's Formatter writes them in en-US. */
const TOKENS: Record<string, (t: ZonedTime) => string> = {
  yyyy: (t) => pad(t.year, 4),
  LL: (t) => pad(t.month, 2),
  MM: (t) => pad(t.month, 2),
  LLL: (t) => MONTHS_SHORT[t.month - 1],
  LLLL: (t) => MONTHS_LONG[t.month - 1],
  d: (t) => String(t.day),
  dd: (t) => pad(t.day, 2),
  cccc: (t) => WEEKDAYS_LONG[t.weekday],
  H: (t) => String(t.hour),
  HH: (t) => pad(t.hour, 2),
  h: (t) => String(t.hour % 12 === 0 ? 12 : t.hour % 12),
  hh: (t) => pad(t.hour % 12 === 0 ? 12 : t.hour % 12, 2),
  mm: (t) => pad(t.minute, 2),
  ss: (t) => pad(t.second, 2),
  a: (t) => (t.hour < 12 ? 'AM' : 'PM'),
  ZZ: (t) => shortOffset(t.offset),
  ZZZZ: (t) => t.zoneName,
};

const patterns = new Map<string, Piece[]>();

/** A luxon pattern as pieces: runs of one letter are tokens, quoted text and other characters literal. */
function compile(pattern: string): Piece[] {
  let pieces = patterns.get(pattern);
  if (pieces) return pieces;
  pieces = [];
  let literal = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      const end = close === -1 ? pattern.length : close;
      literal += pattern.slice(i + 1, end);
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const token = pattern.slice(i, j);
      const fn = TOKENS[token];
      if (!fn) throw new Error(`time-format: token "${token}" is not supported (pattern "${pattern}")`);
      if (literal) pieces.push(literal);
      literal = '';
      pieces.push(fn);
      i = j;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) pieces.push(literal);
  patterns.set(pattern, pieces);
  return pieces;
}

/** `t` written with a luxon pattern (en-US names), as `toFormat(pattern, { locale: 'en-US' })` writes it. */
export function formatZoned(t: ZonedTime, pattern: string): string {
  if (t.luxon) return t.luxon.toFormat(pattern, LOCALE);
  let out = '';
  for (const p of compile(pattern)) out += typeof p === 'string' ? p : p(t);
  return out;
}

/** The local date as luxon's `toISODate()` writes it (yyyy-MM-dd). */
export function isoDate(t: ZonedTime): string {
  if (t.luxon) return t.luxon.toISODate()!;
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
}

/** A time formatted in a zone, or null when the time or zone is invalid. */
export function formatTime(iso: string, zone: string, pattern: string): string | null {
  const t = zonedTime(iso, zone);
  return t ? formatZoned(t, pattern) : null;
}

/** A luxon DateTime (e.g. a parsed front matter date) formatted in its own zone. */
export function formatDateTime(dt: DateTime, pattern: string): string {
  if (!dt.isValid) return dt.toFormat(pattern, LOCALE);
  const t = zonedTime(dt.toUTC().toISO()!, dt.zoneName ?? 'UTC');
  return t ? formatZoned(t, pattern) : dt.toFormat(pattern, LOCALE);
}

/** An RFC 3339 timestamp in UTC without milliseconds (`2012-10-24T17:00:00Z`): Atom's and JSON Feed's dates, as @11ty/eleventy-plugin-rss's `dateToRfc3339` writes them. */
export function dateToRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
