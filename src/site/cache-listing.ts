/**
 * The names in each cache folder, read once per build and kept up to date
 * by this thread's own writes, so that storing an entry can drop its
 * owner's older entries without listing the folder again (a listing per
 * store made storing N entries cost N listings of N names).
 *
 * The listing may lag behind other processes: a name it lacks is not
 * dropped (a later build, listing afresh, drops it), and a name it still
 * has after another process deleted it costs a removal that finds nothing.
 * Nothing is ever read or trusted because the listing has it.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const listings = new Map<string, Set<string>>();

/** Forget every listing: the next store in each folder lists it afresh (each build starts here). */
export function forgetCacheListings(): void {
  listings.clear();
}

/** The names in `dir` as this thread knows them (listed on first use in this build; empty when the folder does not exist). */
export function cacheListing(dir: string): Set<string> {
  let names = listings.get(dir);
  if (!names) {
    try {
      names = new Set(readdirSync(dir));
    } catch {
      names = new Set();
    }
    listings.set(dir, names);
  }
  return names;
}

/** Record names just written in `dir`. */
export function noteCacheNames(dir: string, names: Iterable<string>): void {
  const listing = cacheListing(dir);
  for (const name of names) listing.add(name);
}

/**
 * Delete the names in `dir` that start with `ownerPrefix` and that `keep`
 * refuses (files or folders; another process may be pruning too: errors
 * ignored).
 */
export function dropCacheNames(dir: string, ownerPrefix: string, keep: (name: string) => boolean): void {
  const listing = cacheListing(dir);
  for (const name of [...listing]) {
    if (!name.startsWith(ownerPrefix) || keep(name)) continue;
    listing.delete(name);
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to delete
    }
  }
}
