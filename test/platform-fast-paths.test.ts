/**
 * The platform importers' fast paths give what the slow ones give:
 * epoch-iso.ts `isoFromMs` on whole seconds is time.ts `parseEpoch(s, 's')`
 * (Telegram's date_unixtime, Zulip's timestamp), the years refused included;
 * `isoFromUtcText` is `parseIso` wherever it answers (Mastodon's times);
 * twitter-api.ts's one-pass sniff of a JSON head is the regexes it replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEpoch, parseIso } from '../src/import/time.ts';
import { isoFromMs, isoFromUtcText } from '../src/import/formats/epoch-iso.ts';
import { jsonHead, jsonHeadNames } from '../src/import/formats/twitter-api.ts';
import { ExportFile } from '../src/import/export-file.ts';

test('isoFromMs of whole seconds is parseEpoch in seconds', () => {
  const edges = [0, 1, 631152000 - 1, 631152000, 1546871341, 1546871341, 1546871399, 7289654400 - 1, 7289654400, 99999999999, 999999999999];
  let s = 631150000;
  const values = [...edges];
  for (let k = 0; k < 20000; k++) values.push((s += 1 + ((k * 7919) % 400000)));
  for (const v of values) assert.equal(isoFromMs(v * 1000), parseEpoch(String(v), 's')?.time ?? null, String(v));
});

test('isoFromUtcText answers as parseIso does, or leaves it to parseIso', () => {
  let seed = 3;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  const samples = ['2017-04-21T15:00:42Z', '2017-04-21T15:00:42.000Z', '2017-04-21T15:00:42.123Z', '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2000-02-29T23:59:59Z', '1989-12-31T23:59:59Z', '1990-01-01T00:00:00Z', '2200-12-31T23:59:59.999Z', '2201-01-01T00:00:00Z', ' 2017-04-21T15:00:42Z', '2017-04-21T15:00:42z', '2017-04-21 15:00:42Z', '2017-04-21T15:00:42+00:00', '2017-04-21T24:00:00Z', '2017-04-21T15:60:00Z', '2017-04-21T15:00:60Z', '2017-13-01T00:00:00Z', '2017-00-01T00:00:00Z', '2017-04-31T00:00:00Z', '2017-04-00T00:00:00Z', '2017-04-21T15:00:42.1Z', '2017-04-21T15:00:42.12aZ', '２017-04-21T15:00:42Z', '2017-04-21T15:00:4xZ'];
  for (let k = 0; k < 20000; k++) {
    const ms = next(3) === 0 ? `.${pad(next(1000), 3)}` : '';
    samples.push(`${1985 + next(225)}-${pad(next(14), 2)}-${pad(next(33), 2)}T${pad(next(26), 2)}:${pad(next(62), 2)}:${pad(next(62), 2)}${ms}Z`);
  }
  let fast = 0;
  for (const s of samples) {
    const got = isoFromUtcText(s);
    if (got === null) continue;
    fast++;
    assert.equal(got, parseIso(s)?.time, s);
  }
  assert.ok(fast > 5000, `${fast} answered`);
});

test('isoFromMs is toISOString over 1990-2200, a minute at a time or not', () => {
  const from = Date.UTC(1990, 0, 1);
  const to = Date.UTC(2201, 0, 1);
  let seed = 11;
  const values = [from, from + 59999, from + 60000, to - 1, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(2024, 11, 31, 23, 59, 59, 999)];
  for (let k = 0; k < 50000; k++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    values.push(from + Math.floor((seed / 0x7fffffff) * (to - from)));
    if (k % 3 === 0) values.push(values[values.length - 1] + 1000);
  }
  for (const ms of values) assert.equal(isoFromMs(ms), new Date(ms).toISOString(), String(ms));
  assert.equal(isoFromMs(from - 1), null);
  assert.equal(isoFromMs(to), null);
});

test('jsonHead and jsonHeadNames answer as the separate regexes did', () => {
  const parts = ['{', '[', ' ', '\uFEFF', '"created_at"', '"created_at": "', '"author_id" :"', '"schema": "jamrecap.', '"schema":"x"', '"', ':', '\\"', 'x', '\n', '"created_at"author_id": "', '"author_id": "schema": "jamrecap.'];
  let seed = 5;
  for (let i = 0; i < 20000; i++) {
    let s = '';
    for (let k = 0; k <= i % 12; k++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      s += parts[seed % parts.length];
    }
    const file = new ExportFile('g.json', Buffer.from(s));
    const h = file.head(65536).replace(/^\xEF\xBB\xBF/, '');
    const head = !/^\s*[[{]/.test(h) || /"schema"\s*:\s*"jamrecap\./.test(h) ? null : h;
    assert.equal(jsonHead(file), head, s);
    assert.equal(jsonHeadNames(file, 'created_at'), head !== null && /"created_at"\s*:\s*"/.test(head), s);
    assert.equal(jsonHeadNames(file, 'author_id'), head !== null && /"author_id"\s*:\s*"/.test(head), s);
  }
});
