/**
 * The search index's cache, `<cache>/search/` (search-index.ts makes the
 * index; this keeps it):
 *
 * - `index/<key>/` and `index/<key>.json`: the newest index (Pagefind's
 *   files as the site holds them) and its facts (records, bytes), the facts
 *   written last, so an entry without them is never read. Only one index is
 *   kept: storing one drops the others.
 * - `records/<page digest>.json`: the records read from one transcript page
 *   (its URL and bytes make the digest), kept for the pages of the newest
 *   index, so that a changed site reads only its changed pages' markup.
 *
 * Files go from and to the cache by hard link where the file system allows
 * (cache-files.ts placeFile): the site folder the index goes into is a fresh
 * one that nothing writes into again, and the files Pagefind wrote are never
 * written again either.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomRecord } from 'pagefind';
import { placeFile } from './cache-files.ts';

/** What a stored index holds: messages indexed and bytes written. */
export interface IndexFacts {
  records: number;
  bytes: number;
}

export class SearchCache {
  private readonly indexDir: string;
  private readonly recordsDir: string;

  /** The cache in `dir` (`<cache>/search`), for the index whose key is `key`. */
  constructor(
    dir: string,
    private readonly key: string,
  ) {
    this.indexDir = join(dir, 'index');
    this.recordsDir = join(dir, 'records');
  }

  /** The index of `key` placed at `out` (which must not exist), and its facts; null when the cache lacks it. */
  placeIndex(out: string): IndexFacts | null {
    let facts: IndexFacts;
    try {
      facts = JSON.parse(readFileSync(join(this.indexDir, `${this.key}.json`), 'utf8')) as IndexFacts;
    } catch {
      return null;
    }
    try {
      placeTree(join(this.indexDir, this.key), out);
    } catch {
      rmSync(out, { recursive: true, force: true });
      return null;
    }
    return facts;
  }

  /** The records stored for a page digest, or null. */
  records(digest: string): CustomRecord[] | null {
    try {
      return JSON.parse(readFileSync(join(this.recordsDir, `${digest}.json`), 'utf8')) as CustomRecord[];
    } catch {
      return null;
    }
  }

  /** Keeps a page's records (written beside, then renamed into place); returns them. */
  storeRecords(digest: string, records: CustomRecord[]): CustomRecord[] {
    mkdirSync(this.recordsDir, { recursive: true });
    const path = join(this.recordsDir, `${digest}.json`);
    writeFileSync(`${path}.tmp-${process.pid}`, JSON.stringify(records));
    renameSync(`${path}.tmp-${process.pid}`, path);
    return records;
  }

  /**
   * Keeps the index written at `out` as the only one, with its facts, and
   * the records of the pages it was made from (`digests`) as the only ones.
   */
  storeIndex(out: string, facts: IndexFacts, digests: string[]): void {
    rmSync(this.indexDir, { recursive: true, force: true });
    mkdirSync(this.indexDir, { recursive: true });
    const temp = join(this.indexDir, `${this.key}.tmp-${process.pid}`);
    placeTree(out, temp);
    renameSync(temp, join(this.indexDir, this.key));
    writeFileSync(join(this.indexDir, `${this.key}.json`), JSON.stringify(facts));
    const keep = new Set(digests.map((d) => `${d}.json`));
    for (const name of safeList(this.recordsDir)) if (!keep.has(name)) rmSync(join(this.recordsDir, name), { force: true });
  }
}

/** Every file under `from` placed at the same path under `to` (made here), by hard link where possible. */
function placeTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const ent of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, ent.name);
    const dst = join(to, ent.name);
    if (ent.isDirectory()) placeTree(src, dst);
    else if (ent.isFile()) placeFile(src, dst, 'link');
  }
}

const safeList = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
