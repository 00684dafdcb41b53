/**
 * discord-common reads DCE's plain "26-Jun-19 06:26 PM" times by char codes
 * (no NAMED_MONTH regex per value) and reaction counts without a regex per
 * token. This test checks both against what they replaced (the regex forms,
 * kept here): readDiscordTime on every time of the corpus CSV/TXT files and
 * on 40,000 generated values (named-month, year-first and numeric layouts,
 * odd separators, digit counts, AM/PM spellings, whitespace), in two zones
 * and three day/month orders; reactionTotal on 20,000 generated strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { reactionTotal, readDiscordTime, type DateOrder, type DiscordTime } from '../src/import/formats/discord-common.ts';
import { wallClockToUtc } from '../src/import/time.ts';
import { corpusTest } from './helpers/corpus.ts';

// readDiscordTime and reactionTotal as they were (commit 08d4210), kept as the reference.
const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NAMED_MONTH = /^(\d{1,2})[-\s]([A-Za-z]{3})[-\s](\d{2}|\d{4})[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$/;
const YEAR_FIRST = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})\.?[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const NUMERIC = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?(?:[Mm]\.?)?$/;
interface Wall { y: number; mo: number; d: number; h: number; mi: number; s: number | null; ms: number; offset: number | null }
function hour24(h: number, ampm: string | undefined): number | null {
  if (!ampm) return h;
  if (h < 1 || h > 12) return null;
  return (h % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
}
const twoDigitYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));
function oldWallOf(raw: string, order: DateOrder): { wall: Wall; ambiguous: boolean } | null {
  const v = raw.trim();
  if (v.length > 64) return null;
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
function plausible(w: Wall): boolean {
  if (w.y < 1990 || w.y > 2200 || w.mo < 1 || w.mo > 12 || w.d < 1 || w.d > DAYS_IN_MONTH[w.mo - 1]) return false;
  if (w.mo === 2 && w.d === 29 && !(w.y % 4 === 0 && (w.y % 100 !== 0 || w.y % 400 === 0))) return false;
  if (w.offset !== null && Math.abs(w.offset) > 18 * 60) return false;
  return w.h <= 23 && w.mi <= 59 && (w.s ?? 0) <= 59;
}
function oldInstant(w: Wall, zone: string): string | null {
  if (w.offset === null && zone === 'utc') return new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s ?? 0, w.ms)).toISOString();
  if (w.offset !== null) return new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s ?? 0, w.ms) - w.offset * 60000).toISOString();
  return wallClockToUtc(w.y, w.mo, w.d, w.h, w.mi, w.s ?? 0, w.ms, zone);
}
function oldReadDiscordTime(raw: string, order: DateOrder, zone: string): DiscordTime | null {
  const read = oldWallOf(raw, order);
  if (!read || !plausible(read.wall)) return null;
  const time = oldInstant(read.wall, zone);
  if (!time) return null;
  return { time, precision: read.wall.s === null ? 'minute' : 'second', naive: read.wall.offset === null, ambiguous: read.ambiguous };
}
function oldReactionTotal(s: string): number {
  let total = 0;
  let pending = false;
  for (const token of s.split(/[\s,]+/)) {
    if (!token) continue;
    const count = /^\((\d{1,9})\)$/.exec(token);
    if (count && pending) {
      total += Number(count[1]);
      pending = false;
    } else {
      if (pending) total += 1;
      pending = !count;
    }
  }
  return total + (pending ? 1 : 0);
}

const ORDERS: DateOrder[] = [
  { order: 'dmy', guessed: true, conflict: false },
  { order: 'mdy', guessed: false, conflict: false },
  { order: 'dmy', guessed: false, conflict: true },
];
const ZONES = ['utc', 'America/New_York'];

function checkTime(raw: string): void {
  for (const order of ORDERS) {
    for (const zone of ZONES) assert.deepEqual(readDiscordTime(raw, order, zone), oldReadDiscordTime(raw, order, zone), `${JSON.stringify(raw)} ${order.order}${order.conflict ? ' conflict' : ''} ${zone}`);
  }
}

/** A small seeded generator, so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const CORPUS_FILES = ['discordchatexporter-csv/komodo-antara-ama-july2019-1.csv', 'discordchatexporter-txt/komodo-antara-ama-july2019-1.txt'];

corpusTest('readDiscordTime reads every corpus CSV/TXT time as before', CORPUS_FILES, (_t, ...paths) => {
  let n = 0;
  for (const path of paths) {
    for (const m of readFileSync(path, 'utf8').matchAll(/\d{1,2}-[A-Za-z]{3}-\d{2} \d{1,2}:\d{2} [AP]M/g)) {
      checkTime(m[0]);
      n++;
    }
  }
  // 100 messages in each file, and the TXT header's "Range: before 05-Dec-19 12:00 AM".
  assert.equal(n, 201);
});

test('readDiscordTime: 40,000 generated times read as before', () => {
  const r = rng(12);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const digits = (k: number) => Array.from({ length: k }, () => String(Math.floor(r() * 10))).join('');
  const num = (max: number) => String(Math.floor(r() * (max + 1)));
  const pad2 = (s: string) => (r() < 0.5 ? s.padStart(2, '0') : s);
  const month = () => pick(['Jun', 'jun', 'JUN', 'Feb', 'feb', 'Dec', 'Sep', 'Xyz', 'Ju1', 'Ma', 'Janu', 'May', 'mAr']);
  const sep = () => (r() < 0.8 ? '-' : pick([' ', '/', '.', '--', '\t', '']));
  const year = () => (r() < 0.6 ? pad2(num(99)) : r() < 0.8 ? String(1985 + Math.floor(r() * 230)) : digits(pick([1, 3, 5])));
  const hm = () => `${r() < 0.9 ? pad2(num(24)) : digits(3)}:${r() < 0.9 ? pad2(num(61)).padStart(2, '0') : digits(pick([1, 3]))}`;
  const secs = () => (r() < 0.7 ? '' : r() < 0.9 ? `:${num(61).padStart(2, '0')}` : `:${digits(pick([1, 3]))}`);
  const ampm = () => (r() < 0.3 ? '' : pick([' AM', ' PM', ' am', ' pm', ' Pm', 'PM', '  PM', ' P.M.', ' A', ' p', ' XM', ' AMX', ' AM ', ' a.m']));
  const mid = () => (r() < 0.85 ? ' ' : pick(['T', ',', ', ', '  ', '', '\t']));
  const ws = () => (r() < 0.9 ? '' : pick([' ', '\t', '\n', '\u00a0']));
  const named = () => `${ws()}${r() < 0.95 ? pad2(num(32)) : digits(3)}${sep()}${month()}${sep()}${year()}${mid()}${hm()}${secs()}${ampm()}${ws()}`;
  const yearFirst = () => `${String(1985 + Math.floor(r() * 230))}${pick(['-', '/', '.'])}${pad2(num(13))}-${pad2(num(32))}${pick([' ', 'T'])}${hm()}${secs()}${pick(['', 'Z', '+02:00', '-0530', '.123Z'])}`;
  const numeric = () => `${pad2(num(32))}${pick(['/', '.', '-'])}${pad2(num(32))}${pick(['/', '.', '-'])}${year()}${mid()}${hm()}${secs()}${ampm()}`;
  for (let i = 0; i < 40000; i++) checkTime(r() < 0.8 ? named() : r() < 0.5 ? yearFirst() : numeric());
  for (const raw of ['26-Jun-19 06:26 PM', '1-jan-2020 0:00', '29-Feb-20 12:00 AM', '29-Feb-21 12:00 AM', '31-Dec-2200 23:59:59', '1 Jan 1990 1:05 pm', '26-Jun-19 00:26 PM', '26-Jun-19 13:26 PM', '']) checkTime(raw);
});

test('reactionTotal: 20,000 generated reaction strings counted as before', () => {
  const r = rng(34);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const token = () => pick(['👍', '😎', '⬆', 'x', '(7)', '(12)', '(0)', '(123456789)', '(1234567890)', '()', '(a)', '(1', '1)', '((2))', '(3)x', '']);
  const gap = () => pick([' ', ',', ', ', '  ', '\u00a0', '\t', '']);
  for (let i = 0; i < 20000; i++) {
    const s = Array.from({ length: Math.floor(r() * 8) }, () => token() + gap()).join('');
    assert.equal(reactionTotal(s), oldReactionTotal(s), JSON.stringify(s));
  }
});
