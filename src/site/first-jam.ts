/**
 * The jam `serve` shows first, before the whole site is built: the one an
 * editor is working on, taken to be the jam folder holding the most
 * recently modified file (its notes or an export). Ties go to the folder
 * whose name sorts last (jam folders usually start with their date).
 */
import { basename } from 'node:path';
import { jamDirs, jamFolderChanged } from './site.ts';

/** The folder name of the jam to build first and the number of jams, or null when the site has fewer than two jams (nothing to gain). */
export function jamToShowFirst(contentDir: string): { name: string; jams: number } | null {
  const { dirs } = jamDirs(contentDir);
  if (dirs.length < 2) return null;
  let best: { name: string; changed: number } | null = null;
  for (const dir of dirs) {
    const candidate = { name: basename(dir), changed: jamFolderChanged(dir) ?? 0 };
    if (!best || candidate.changed > best.changed || (candidate.changed === best.changed && candidate.name > best.name)) best = candidate;
  }
  return { name: best!.name, jams: dirs.length };
}
