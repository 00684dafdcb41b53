/**
 * youtube-chat's membership-ticker lookup (MembershipTickers) checks an
 * entry's author before it builds the `author|timestamp` key. This test
 * keeps the lookup it replaced (every entry's key built and looked up in a
 * Set) and checks both give the same answer for every entry of the corpus's
 * chat-downloader file (against its own tickers and against generated ones)
 * and for 2,000 generated files whose author ids and timestamps hold `|`,
 * numbers, objects and missing values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { membershipTickers } from '../src/import/formats/youtube-chat.ts';
import { corpusPath, corpusTest } from './helpers/corpus.ts';

type Json = Record<string, unknown>;

/** The lookup as it was (commit 8bc478c): the keys of the membership tickers, and every entry's key looked up. */
function oldKeys(entries: unknown[]): Set<string> {
  return new Set(oldTickers(entries).map((o) => `${String(o.author_id)}|${String(o.timestamp)}`));
}
/** The membership tickers, as the old lookup told them. */
function oldTickers(entries: unknown[]): Json[] {
  return entries.filter((e): e is Json => typeof e === 'object' && e !== null && !Array.isArray(e) && (e as Json).ticker_duration !== undefined && (e as Json).message_type === undefined && oldAmount(e as Json) === null);
}
const oldHas = (keys: Set<string>, e: Json) => keys.size > 0 && keys.has(`${String(e.author_id)}|${String(e.timestamp)}`);

/** downloaderAmount as youtube-chat.ts reads it (unchanged), for the reference. */
function oldAmount(e: Json): string | null {
  const a = e.amount;
  if (typeof a === 'string' && a.trim()) return a.trim();
  if (typeof a === 'number' && Number.isFinite(a)) return String(a);
  const m = e.money;
  if (typeof m === 'object' && m !== null && !Array.isArray(m)) {
    const money = m as Json;
    if (typeof money.text === 'string' && money.text) return money.text;
    if (typeof money.amount === 'number') return 'x';
  }
  return null;
}

/** Entries found a membership's through a key split at another pipe (no ticker has their author). */
let splitHits = 0;

/** Both lookups over every entry: the count of entries found a membership's. */
function compare(tickerEntries: unknown[], entries: unknown[], what: string): number {
  const keys = oldKeys(tickerEntries);
  const tickers = membershipTickers(tickerEntries);
  assert.deepEqual([...tickers.keys].sort(), [...keys].sort(), `${what}: keys`);
  let hits = 0;
  const authors = new Set(oldTickers(tickerEntries).map((e) => String(e.author_id)));
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return;
    const want = oldHas(keys, e as Json);
    assert.equal(tickers.has(e as Json), want, `${what}: entry ${i} ${JSON.stringify(e).slice(0, 120)}`);
    if (want) hits++;
    if (want && !authors.has(String((e as Json).author_id))) splitHits++;
  });
  return hits;
}

corpusTest('membership tickers: the same answer as the joined-key lookup on the 2020 corpus file', ['youtube-chat-json/chatdownloader-2020-yt-messages-100-200s.json'], (_t, path) => {
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Json[];
  assert.equal(entries.length, 750);
  // Its own tickers (15 with ticker_duration), then each entry's author and time made a membership ticker's.
  compare(entries, entries, 'corpus');
  const made = entries.filter((_, i) => i % 7 === 0).map((e) => ({ author_id: e.author_id, timestamp: e.timestamp, ticker_duration: 5 }));
  assert.ok(compare(made, entries, 'corpus, generated tickers') >= made.length);
});

/** A small seeded generator (mulberry32): the same inputs every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Few values, so that keys split at different pipes (`a|b` + `c`, `a` + `b|c`) meet often.
const AUTHORS: unknown[] = ['a', 'a|b', 'b', 'a|', '|', '', 'UCa', 12, null, undefined, { id: 'a' }, ['a', 'b']];
const TIMES: unknown[] = ['c', 'b|c', '|c', 'b', '|b|c', 1597517021449528, '1597517021449528', '', null, { t: 1 }];

test('membership tickers: the same answer as the joined-key lookup on 2,000 generated files', () => {
  const r = rng(7250);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  let hits = 0;
  for (let n = 0; n < 2000; n++) {
    const entries: Json[] = [];
    const count = 1 + Math.floor(r() * 12);
    for (let i = 0; i < count; i++) {
      const e: Json = { author_id: pick(AUTHORS), timestamp: pick(TIMES), message: 'hi' };
      const kind = r();
      if (kind < 0.4) e.ticker_duration = 5;
      if (kind < 0.1) e.amount = '$1';
      if (kind > 0.9) e.message_type = 'text_message';
      if (r() < 0.1) delete e.author_id;
      entries.push(e);
    }
    hits += compare(entries, entries, `file ${n}`);
  }
  // Pipes in authors and times split differently yet give the same key: the answers must still agree.
  assert.ok(hits > 500, `hits: ${hits}`);
  assert.ok(splitHits >= 5, `split hits: ${splitHits}`);
});
