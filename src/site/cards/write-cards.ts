/**
 * Put every jam's share cards in the output (`<out>/cards/<slug>/`),
 * after the pages: from the card cache (card-cache.ts) by a hard link or a
 * copy when the jam's cards are unchanged, else drawn (card-render.ts),
 * written, and stored. Without a cache folder they are always drawn.
 */
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { placeFile, type PlaceMode } from '../cache-files.ts';
import type { JamView } from '../../publish/site-view.ts';
import { renderCard } from './card-render.ts';
import { cardsKey, readCards, storeCards } from './card-cache.ts';
import { cardsHref, jamCards } from './jam-cards.ts';

/** Counters for tests and benchmarks: cards drawn, jams whose cards came from the cache, time spent drawing. */
export const cardStats = { rendered: 0, placedJams: 0, renderMs: 0 };

/** A jam as the card writer needs it: its views, and the folder its cache entries are owned by. */
export type CardJam = Pick<JamView, 'slug' | 'title' | 'hashtag' | 'dateLabel' | 'stats' | 'questionSummaries'> & { recapPath: string };

/**
 * The jam's cards folder in the output, made one level at a time below
 * `outDir`, never `outDir` itself: a build stopped by a signal deletes its
 * temporary output (site/build.ts), and the cards drawn after that must
 * fail rather than make the folder again.
 */
function outFolder(outDir: string, jam: CardJam): string {
  let dir = outDir;
  for (const part of cardsHref(jam.slug).split('/').filter(Boolean)) {
    dir = join(dir, part);
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return dir;
}

/** Remove what a folder holds besides `keep` (a card dropped since the output was last built in place). */
function removeOthers(dir: string, keep: readonly string[]): void {
  const wanted = new Set(keep);
  for (const name of readdirSync(dir)) if (!wanted.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Remove the card folders of jams the site no longer has (an output built again in place). */
export function removeStaleCards(outDir: string, slugs: readonly string[]): void {
  const root = join(outDir, ...cardsHref('').split('/').filter(Boolean));
  if (existsSync(root)) removeOthers(root, slugs);
}

/** Place a jam's cards from its cache entry; false when there is none (or placing failed: what was placed is removed). */
function placeCached(cacheDir: string, owner: string, key: string, dir: string, names: string[], mode: PlaceMode): boolean {
  const entry = readCards(cacheDir, owner, key);
  if (!entry || entry.files.length !== names.length || entry.files.some((f, i) => f.name !== names[i])) return false;
  const placed: string[] = [];
  try {
    entry.files.forEach((f, i) => {
      const to = join(dir, f.name);
      rmSync(to, { force: true });
      placeFile(entry.path(i), to, mode);
      placed.push(to);
    });
    return true;
  } catch {
    for (const p of placed) rmSync(p, { force: true });
    return false;
  }
}

/** Write one jam's cards into the output; how many were drawn (0: from the cache). */
export async function writeJamCards(jam: CardJam, outDir: string, cacheDir: string | null, mode: PlaceMode): Promise<number> {
  const cards = jamCards(jam);
  const dir = outFolder(outDir, jam);
  removeOthers(dir, cards.map((c) => c.name));
  const owner = dirname(jam.recapPath);
  const key = cacheDir ? cardsKey(cards) : '';
  if (cacheDir && placeCached(cacheDir, owner, key, dir, cards.map((c) => c.name), mode)) {
    cardStats.placedJams++;
    return 0;
  }
  const files = [];
  for (const card of cards) {
    const started = performance.now();
    const bytes = await renderCard(card.data);
    cardStats.renderMs += performance.now() - started;
    cardStats.rendered++;
    const to = join(dir, card.name);
    rmSync(to, { force: true });
    writeFileSync(to, bytes);
    files.push({ meta: { name: card.name }, bytes });
  }
  if (cacheDir) storeCards(cacheDir, owner, key, files, 'copy');
  return files.length;
}

/**
 * The output paths (relative, `/`-separated) of a jam's cards when the
 * output holds exactly them already (a jam an output built again in place
 * keeps as it is: site/page-cache.ts), else null: they are to be written.
 */
export function cardsInOutput(jam: CardJam, outDir: string): string[] | null {
  const folder = cardsHref(jam.slug).slice(1);
  const names = jamCards(jam).map((c) => c.name);
  try {
    const there = readdirSync(join(outDir, ...folder.split('/').filter(Boolean))).sort();
    return there.length === names.length && [...names].sort().every((n, i) => n === there[i]) ? names.map((n) => `${folder}${n}`) : null;
  } catch {
    return null;
  }
}

/** Write every jam's cards into the output; how many were drawn. */
export async function writeCards(jams: readonly CardJam[], outDir: string, cacheDir: string | null, mode: PlaceMode): Promise<number> {
  let drawn = 0;
  for (const jam of jams) drawn += await writeJamCards(jam, outDir, cacheDir, mode);
  return drawn;
}
