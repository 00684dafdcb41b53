/**
 * The SHA-256 of the pages a build wrote, each read and hashed once: the
 * site zips (site-zip.ts) and the search index (search-index.ts) both key
 * their caches by pages' bytes, and a transcript page is in both. One per
 * build (build.ts makes it for the folder Eleventy wrote): a page never
 * changes once written, and the next build writes another folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../model/ids.ts';

export class PageDigests {
  private readonly known = new Map<string, string>();

  /** Counters for tests: pages read and hashed. */
  hashed = 0;

  /** Digests of the pages under `siteDir`. */
  constructor(readonly siteDir: string) {}

  /** The digest (hex) of the page at `file` (relative to the site folder, `/`-separated); `bytes`: its bytes, when the caller has read them. */
  of(file: string, bytes?: Uint8Array): string {
    let digest = this.known.get(file);
    if (digest === undefined) {
      digest = sha256Hex(bytes ?? readFileSync(join(this.siteDir, ...file.split('/'))));
      this.hashed++;
      this.known.set(file, digest);
    }
    return digest;
  }
}
