/**
 * The platform importers' fast paths give what the slow ones give:
 * epoch-iso.ts `isoFromMs` on whole seconds is time.ts `parseEpoch(s, 's')`
 * (Telegram's date_unixtime, Zulip's timestamp), the years refused included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEpoch } from '../src/import/time.ts';
import { isoFromMs } from '../src/import/formats/epoch-iso.ts';

test('isoFromMs of whole seconds is parseEpoch in seconds', () => {
  const edges = [0, 1, 631152000 - 1, 631152000, 1546871341, 1546871341, 1546871399, 7289654400 - 1, 7289654400, 99999999999, 999999999999];
  let s = 631150000;
  const values = [...edges];
  for (let k = 0; k < 20000; k++) values.push((s += 1 + ((k * 7919) % 400000)));
  for (const v of values) assert.equal(isoFromMs(v * 1000), parseEpoch(String(v), 's')?.time ?? null, String(v));
});
