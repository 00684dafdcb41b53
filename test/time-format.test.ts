/**
 * src/model/time-format.ts against luxon itself: for every pattern the
 * output uses, random moments (1000-2200, around DST changes, odd offsets
 * and historic local mean times) in zones with every kind of offset give
 * exactly what `DateTime.fromISO(t, { zone: 'utc' }).setZone(zone)
 * .toFormat(pattern, { locale: 'en-US' })` gives; invalid times and zones
 * give null where luxon says invalid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dateToRfc3339, formatDateTime, formatTime, isoDate, zonedTime } from '../src/model/time-format.ts';

const ZONES = [
  'UTC', 'America/New_York', 'America/St_Johns', 'America/Sao_Paulo', 'Europe/London', 'Europe/Dublin', 'Europe/Moscow', 'Asia/Kolkata',
  'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia', 'Pacific/Chatham', 'Africa/Monrovia', 'Etc/GMT+5', 'Asia/Tokyo', 'America/Los_Angeles',
];
const PATTERNS = [
  'HH:mm', 'cccc d LLLL yyyy', 'yyyy-MM-dd HH:mm ZZZZ', 'yyyy-MM-dd HH:mm:ss ZZZZ', 'LLL d, yyyy', 'LLL d, h:mm a', 'h:mm a',
  'yyyy-LL-dd HH:mm ZZZZ', 'yyyy-LL-dd HH:mm:ss ZZZZ', 'cccc, LLLL d, yyyy', 'cccc, LLLL d, yyyy, h:mm a ZZZZ', "yyyy-LL-dd'T'HH:mm:ssZZ",
];
const LOCALE = { locale: 'en-US' } as const;

function luxon(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
}

function assertSame(iso: string, zone: string): void {
  const dt = luxon(iso, zone);
  const t = zonedTime(iso, zone);
  assert.ok(t, `${iso} in ${zone}`);
  for (const p of PATTERNS) assert.equal(formatTime(iso, zone, p), dt.toFormat(p, LOCALE), `${iso} in ${zone} as "${p}"`);
  assert.equal(isoDate(t), dt.toISODate(), `${iso} in ${zone}: ISO date`);
}

const ms = (y1: number, y2: number) => fc.integer({ min: Date.UTC(y1, 0, 1), max: Date.UTC(y2, 0, 1) });

test('time-format: random moments in every kind of zone read as luxon reads them', () => {
  fc.assert(
    fc.property(fc.oneof(ms(1000, 2200), ms(1850, 1930), ms(2000, 2040)), fc.constantFrom(...ZONES), (ts, zone) => {
      assertSame(new Date(ts).toISOString(), zone);
    }),
    { numRuns: 1500, seed: 11 },
  );
});

test('time-format: every minute around DST changes (New York, Lord Howe, Dublin, Apia skipping a day)', () => {
  const around: [string, string][] = [
    ['America/New_York', '2012-11-04T05:00:00.000Z'],
    ['America/New_York', '2012-03-11T06:00:00.000Z'],
    ['Australia/Lord_Howe', '2012-04-01T14:30:00.000Z'],
    ['Europe/Dublin', '2019-10-27T00:30:00.000Z'],
    ['Pacific/Apia', '2011-12-30T09:30:00.000Z'],
    ['America/St_Johns', '2012-11-04T03:00:00.000Z'],
  ];
  for (const [zone, at] of around) {
    const t0 = Date.parse(at) - 2 * 3_600_000;
    for (let i = 0; i <= 4 * 60; i++) assertSame(new Date(t0 + i * 60_000 + 17_000).toISOString(), zone);
  }
});

test('time-format: dates alone are UTC midnight, as luxon reads them; invalid times and zones are null', () => {
  for (const zone of ZONES) for (const day of ['2012-10-24', '2016-02-29', '1000-01-01', '9999-12-31']) assertSame(day, zone);
  for (const bad of ['2012-02-30', '2012-02-30T10:00:00.000Z', '2012-13-01T00:00:00.000Z', 'not a time', '']) {
    assert.equal(zonedTime(bad, 'UTC'), null, bad);
    assert.equal(luxon(bad, 'UTC').isValid, false, bad);
  }
  assert.equal(zonedTime('2012-10-24T17:00:00.000Z', 'Mars/Olympus_Mons'), null);
  // Outside the fast path (no milliseconds, an offset, an early year): luxon's own answer.
  for (const odd of ['2012-10-24T17:00:00Z', '2012-10-24T13:00:00-04:00', '0999-06-01T12:00:00.000Z', '0050-01-01']) {
    for (const p of PATTERNS) assert.equal(formatTime(odd, 'America/New_York', p), luxon(odd, 'America/New_York').toFormat(p, LOCALE), `${odd} "${p}"`);
  }
});

test('time-format: a luxon DateTime formats in its own zone (fixed offsets too)', () => {
  const dts = [
    DateTime.fromISO('2012-10-24T13:00:00-04:00', { setZone: true }),
    DateTime.fromISO('2012-10-24', { zone: 'Asia/Kathmandu' }),
    DateTime.fromISO('2012-10-24T13:00:00', { zone: 'America/New_York' }),
    DateTime.fromISO('2012-10-24T13:00:00', { zone: 'utc' }),
  ];
  for (const dt of dts) for (const p of PATTERNS) assert.equal(formatDateTime(dt, p), dt.toFormat(p, LOCALE), `${dt.toISO()} "${p}"`);
  assert.throws(() => formatTime('2012-10-24T13:00:00.000Z', 'UTC', 'yyyy QQ'), /token "QQ" is not supported/);
});

test('dateToRfc3339: UTC to the second, as Atom and JSON Feed write dates (the RSS plugin filter it replaces: milliseconds dropped)', () => {
  assert.equal(dateToRfc3339(new Date('2012-10-24T17:00:00.123Z')), '2012-10-24T17:00:00Z');
  assert.equal(dateToRfc3339(new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999))), '1999-12-31T23:59:59Z');
  assert.equal(dateToRfc3339(new Date(0)), '1970-01-01T00:00:00Z');
  assert.equal(dateToRfc3339(new Date(8.64e15)), '+275760-09-13T00:00:00Z');
});
