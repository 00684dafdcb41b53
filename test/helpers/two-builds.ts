/**
 * Two builds of one content folder, into `<tmp>/a` and `<tmp>/b`, the
 * in-memory caches cleared between them (the second imports and renders
 * everything again): what a test of byte-identical builds starts from.
 */
import { join } from 'node:path';
import { buildSite, type BuildResult } from '../../src/site/build.ts';
import { clearSiteCaches } from '../../src/site/jam.ts';

export interface TwoBuilds {
  outA: string;
  outB: string;
  first: BuildResult;
  second: BuildResult;
}

export async function buildTwice(contentDir: string, tmp: string): Promise<TwoBuilds> {
  const outA = join(tmp, 'a');
  const outB = join(tmp, 'b');
  const first = await buildSite({ contentDir, outDir: outA });
  clearSiteCaches();
  const second = await buildSite({ contentDir, outDir: outB });
  return { outA, outB, first, second };
}
