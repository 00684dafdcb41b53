/**
 * How far the JavaScript heap may grow between two full garbage
 * collections while a big site renders. V8 lets the heap grow up to four
 * times what the last full collection left before it collects again, so a
 * build whose live memory is flat (build.ts: batches, lean models) still
 * peaked at 1.7 GB for 1,000 jams with ~350 MB live. A build of a site too
 * big for one Eleventy run bounds the growth (V8's `--heap-growing-percent`,
 * read at each collection, so it applies from the next one) while it
 * renders, and gives V8 its own rule back after; bounding a render costs
 * ~5% of its CPU, which is why a site rendered in one run goes without.
 *
 * The phases after the pages (site zips, search index) matter as much: once
 * Eleventy let go of a run's pages, the heap it had grown to for them stayed
 * the bound while the search records were read (50 jams in one run: 1,576-
 * 1,651 MB at the peak, ~220 MB of it live), and a bound set then applies
 * only from the next full collection, which came late. So a build of more
 * than BOUNDED_MESSAGES (or in batches) collects once its pages are written
 * (collectGarbage, ~0.1 s at 50 jams) and keeps the growth bounded through
 * the zips and the index: ~1,040 MB at the peak. Measured by
 * `npm run bench:site` (BENCH_RSS_JAMS for the big sites).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Counters for tests: renders run with the heap's growth bounded, the last one's bound, and full collections asked for. */
export const heapGrowthStats = { bounded: 0, percent: 0, collections: 0 };

/** Up to this many messages in the site, the heap may grow to three times what is live; above, twice. */
export const LOOSE_MESSAGES = 200_000;

/** The growth allowed while a site of `messages` renders: the heap may reach (1 + this / 100) times what is live. */
export function growingPercent(messages: number): number {
  return messages <= LOOSE_MESSAGES ? 200 : 100;
}

/** A site of more messages than this collects its heap once its pages are written, and bounds its growth after, even when one Eleventy run rendered it. */
export const BOUNDED_MESSAGES = 20_000;

/** Whether a build collects its heap after the pages and bounds its growth through the zips and the index: a site rendered in batches, or one of more than BOUNDED_MESSAGES messages. */
export function boundsHeapGrowth(messages: number, batched: boolean): boolean {
  return batched || messages > BOUNDED_MESSAGES;
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

/**
 * A full garbage collection, now: V8's `gc`, exposed for a fresh context
 * only (as Jest's leak detector does), not to the program or its content.
 * What is live then sets the heap's next bound.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  heapGrowthStats.collections++;
}
