/**
 * Epoch times as the model's ISO strings, fast: a chat's messages mostly
 * share their minute, so the "YYYY-MM-DDTHH:MM:" part is made once per
 * minute and only the seconds are written per message (Date's toISOString
 * for every one of 100,000 messages costs more than parsing them).
 * Used by the youtube-chat and reddit-json importers.
 */

/** The earliest and the first too late instant an export time may have (as time.ts: 1990 to 2200). */
const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2201, 0, 1);

let lastMinute = Number.NaN;
let lastPrefix = '';

/** `YYYY-MM-DDTHH:MM:SS.sssZ` of milliseconds since 1970 (whole), or null outside 1990-2200 or not a number. */
export function isoFromMs(ms: number): string | null {
  if (!(ms >= MIN_MS && ms < MAX_MS)) return null;
  const t = Math.floor(ms);
  const minute = Math.floor(t / 60000);
  if (minute !== lastMinute) {
    lastPrefix = new Date(minute * 60000).toISOString().slice(0, 17);
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
