/**
 * isoTime (text-lines.ts) writes a day index and a time of day as Date's
 * toISOString writes them, for every year Date can hold: 1000-9999 by
 * arithmetic, others (0-999, negative years, years above 9999 written
 * "+010000") through Date.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayIndex, isoTime } from '../src/import/formats/text-lines.ts';

const want = (day: number, h: number, mi: number, s: number) => new Date(day * 86400000 + ((h * 60 + mi) * 60 + s) * 1000).toISOString();

test('isoTime writes years above 9999 and below 1000 as toISOString does', () => {
  for (const [y, m, d] of [
    [10000, 1, 1],
    [9999, 12, 31],
    [12345, 6, 7],
    [275760, 9, 12],
    [999, 12, 31],
    [1000, 1, 1],
    [1, 1, 1],
    [0, 1, 1],
    [-1, 12, 31],
    [-271821, 4, 21],
  ]) {
    // Date.UTC reads years 0-99 as 1900-1999: the year is set through setUTCFullYear.
    const day = Math.floor(new Date(Date.UTC(2000, m - 1, d)).setUTCFullYear(y) / 86400000);
    assert.equal(isoTime(day, 10, 5, 9), want(day, 10, 5, 9), `${y}-${m}-${d}`);
  }
});

test('isoTime agrees with toISOString on random days and times', () => {
  let seed = 3;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let k = 0; k < 5000; k++) {
    const day = rnd(2) ? rnd(6_000_000) - 3_000_000 : rnd(200_000_000) - 100_000_000;
    const [h, mi, s] = [rnd(24), rnd(60), rnd(60)];
    assert.equal(isoTime(day, h, mi, s), want(day, h, mi, s), String(day));
  }
  assert.equal(isoTime(dayIndex(2020, 5, 12), 9, 0, 0), '2020-05-12T09:00:00.000Z');
});
