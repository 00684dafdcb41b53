import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file under `dir`, as sorted paths relative to it (with "/"). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The files of `names` (all under `a` by default) whose bytes differ between the folders `a` and `b`. */
export function differingFiles(a: string, b: string, names: string[] = listFiles(a)): string[] {
  return names.filter((f) => !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}
