/**
 * How far the JavaScript heap may grow between two full garbage
 * collections while a big site renders. V8 lets the heap grow up to four
 * times what the last full collection left before it collects again, so a
 * build whose live memory is flat (build.ts: batches, lean models) still
 * peaked at 1.7 GB for 1,000 jams with ~350 MB live. A build of a site too
 * big for one Eleventy run bounds the growth to twice what is live (V8's
 * `--heap-growing-percent`, read at each collection, so it applies from
 * the next one) while it renders, and gives V8 its own rule back after.
 * Measured by `npm run bench:site` (BENCH_RSS_JAMS); costs ~5% of the
 * render's CPU, which is why small sites go without.
 */
import { setFlagsFromString } from 'node:v8';

/** Counters for tests: renders run with the heap's growth bounded, and the last one's bound. */
export const heapGrowthStats = { bounded: 0, percent: 0 };

/** Up to this many messages in the site, the heap may grow to three times what is live; above, twice. */
export const LOOSE_MESSAGES = 200_000;

/** The growth allowed while a site of `messages` renders: the heap may reach (1 + this / 100) times what is live. */
export function growingPercent(messages: number): number {
  return messages <= LOOSE_MESSAGES ? 200 : 100;
}

let depth = 0;

/** Run `render` (of a site of `messages`) with the heap's growth bounded (nested calls share the outermost's bound; V8's own rule is back when it ends). */
export async function withBoundedHeapGrowth<T>(messages: number, render: () => Promise<T>): Promise<T> {
  if (depth++ === 0) setFlagsFromString(`--heap-growing-percent=${growingPercent(messages)}`);
  heapGrowthStats.bounded++;
  heapGrowthStats.percent = growingPercent(messages);
  try {
    return await render();
  } finally {
    if (--depth === 0) setFlagsFromString('--heap-growing-percent=0');
  }
}
