/**
 * The jam `serve` shows first, before the whole site is built: the one an
 * editor is working on, taken to be the jam folder holding the most
 * recently modified file (its notes or an export). Ties go to the folder
 * whose name sorts last (jam folders usually start with their date).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { jamDirs } from './site.ts';

/** Newest modification time of the files directly in `dir` (0 when none can be read). */
function newestChange(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    try {
      newest = Math.max(newest, statSync(`${dir}/${e.name}`).mtimeMs);
    } catch {
      // removed meanwhile
    }
  }
  return newest;
}

/** The folder name of the jam to build first and the number of jams, or null when the site has fewer than two jams (nothing to gain). */
export function jamToShowFirst(contentDir: string): { name: string; jams: number } | null {
  const { dirs } = jamDirs(contentDir);
  if (dirs.length < 2) return null;
  let best: { name: string; changed: number } | null = null;
  for (const dir of dirs) {
    const candidate = { name: basename(dir), changed: newestChange(dir) };
    if (!best || candidate.changed > best.changed || (candidate.changed === best.changed && candidate.name > best.name)) best = candidate;
  }
  return { name: best!.name, jams: dirs.length };
}
