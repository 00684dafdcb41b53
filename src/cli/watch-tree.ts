/**
 * Watching a folder tree for `jamrecap serve`: one plain `fs.watch` per
 * folder, a watcher added for each folder that appears (a new jam) and
 * dropped with each that goes.
 *
 * Not `fs.watch(dir, { recursive: true })`: on Linux, Node 20 emulates it
 * by watching the files it found, so a file an editor saves by renaming a
 * new one over it (vim, `sed -i`, most editors' atomic save) is watched no
 * more after its first save. Not chokidar either: chokidar 4 conflicts
 * with nunjucks' optional peer (chokidar 3), and chokidar 3 brings a
 * dozen packages for what these forty lines do. Symbolic links are not
 * followed.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join, resolve, sep } from 'node:path';

export interface TreeWatcher {
  close(): void;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Calls `onChange` after any change under `roots` (a file written, added,
 * renamed or deleted; a folder added or deleted), except in the folders
 * `ignore` names (the preview's own output, wherever `--out` puts it).
 */
export function watchTree(roots: string[], onChange: () => void, ignore: string[] = []): TreeWatcher {
  const watchers = new Map<string, FSWatcher>();
  const ignored = new Set(ignore.map((d) => resolve(d)));

  const drop = (dir: string) => {
    for (const [path, w] of watchers) {
      if (path === dir || path.startsWith(dir + sep)) {
        w.close();
        watchers.delete(path);
      }
    }
  };

  const add = (dir: string) => {
    if (ignored.has(resolve(dir))) return;
    let w: FSWatcher;
    try {
      w = watch(dir, (_event, name) => {
        const child = name ? join(dir, name.toString()) : null;
        if (child && ignored.has(resolve(child))) return;
        onChange();
        if (!isFolder(dir)) return drop(dir);
        if (!child) return;
        // A folder that appeared (or was replaced): watch it and everything in it afresh.
        drop(child);
        if (isFolder(child)) add(child);
      });
    } catch {
      return; // gone already, or unreadable
    }
    w.on('error', () => drop(dir));
    watchers.set(dir, w);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) add(join(dir, e.name));
  };

  for (const root of roots) add(root);
  return {
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
