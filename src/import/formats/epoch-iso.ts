/**
 * Epoch times as the model's ISO strings, fast: a chat's messages mostly
 * share their minute, so the "YYYY-MM-DDTHH:MM:" part is made once per
 * minute and only the seconds are written per message (Date's toISOString
 * for every one of 100,000 messages costs more than parsing them).
 * Used by the youtube-chat and reddit-json importers; `isoFromUtcText`, the
 * plain UTC ISO times of Mastodon, by the Mastodon importers.
 */

/** The earliest and the first too late instant an export time may have (as time.ts: 1990 to 2200). */
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2201, 0, 1);

let lastMinute = Number.NaN;
let lastPrefix = '';

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The year, month and day civilDate worked out last (filled in place: no array per call). */
export const CIVIL = { y: 1970, m: 1, d: 1 };

/**
 * The calendar date (into CIVIL) of a count of days since 1970-01-01, by
 * arithmetic (H. Hinnant's days-to-civil): what a Date's getUTC* give,
 * without a Date.
 */
export function civilDate(days: number): typeof CIVIL {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  CIVIL.y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  CIVIL.m = m;
  CIVIL.d = d;
  return CIVIL;
}

/**
 * `new Date(minute * 60000).toISOString().slice(0, 17)` ("YYYY-MM-DDTHH:MM:")
 * by arithmetic (see civilDate): a channel whose messages are minutes apart
 * needs one per message.
 */
function minutePrefix(minute: number): string {
  const days = Math.floor(minute / 1440);
  const inDay = minute - days * 1440;
  const { y, m, d } = civilDate(days);
  return `${y}-${two(m)}-${two(d)}T${two(Math.floor(inDay / 60))}:${two(inDay % 60)}:`;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` of milliseconds since 1970 (whole), or null outside 1990-2200 or not a number. */
export function isoFromMs(ms: number): string | null {
  if (!(ms >= MIN_MS && ms < MAX_MS)) return null;
  const t = Math.floor(ms);
  const minute = Math.floor(t / 60000);
  if (minute !== lastMinute) {
    lastPrefix = minutePrefix(minute);
    lastMinute = minute;
  }
  const rest = t - minute * 60000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${lastPrefix}${s < 10 ? '0' : ''}${s}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** ISO time of seconds since 1970 (a number, or a decimal string such as Reddit's "1595067967.0"), or null. */
export function isoFromSeconds(v: unknown): string | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s{0,4}\d{1,12}(?:\.\d{1,9})?\s{0,4}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? isoFromMs(Math.round(n * 1000)) : null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits of `s` from `from` to `to`, or -1 when one is not a digit. */
export function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Is y-m-d a day of the calendar in 1990-2200 (as time.ts reads one)? */
function calendarDay(y: number, m: number, d: number): boolean {
  if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]) return false;
  return m !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
}

/**
 * time.ts `parseIso`'s time for the plain UTC forms Mastodon writes,
 * `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DDTHH:MM:SS.sssZ` (1990 to 2200, a
 * real day, hours, minutes and seconds in range), read by hand; null for
 * every other string (then parseIso decides).
 */
export function isoFromUtcText(s: string): string | null {
  const n = s.length;
  if (n !== 20 && n !== 24) return null;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return null;
  if (n === 24 && (s.charCodeAt(19) !== 46 || digits(s, 20, 23) < 0)) return null;
  const h = digits(s, 11, 13);
  const mi = digits(s, 14, 16);
  const sec = digits(s, 17, 19);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  if (!calendarDay(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10))) return null;
  return n === 24 ? s : `${s.slice(0, 19)}.000Z`;
}
