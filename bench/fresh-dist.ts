/**
 * The compiled CLI (dist/) brought up to date before a benchmark runs it:
 * bin/jamrecap.js falls back to the TypeScript sources under tsx when
 * dist/ is stale, and no figure should silently come from that slower path.
 */
import { buildDist, distStatus } from '../scripts/cli-dist.js';

/** Build dist/ when it is not fresh (`npm run build:cli`); throws when it still is not. */
export function ensureFreshDist(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): void {
  const status = distStatus();
  if (status === 'fresh') return;
  log(`dist/ is ${status}: building it (npm run build:cli)`);
  if (buildDist() !== 0) throw new Error('npm run build:cli failed');
  if (distStatus() !== 'fresh') throw new Error('dist/ is still not up to date after building it');
}
