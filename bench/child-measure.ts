/**
 * Runs one measurement in a child process of its own (`node --import
 * rusage-exit.mjs ...`) and reads back what it cost: CPU time (user +
 * system, all threads), peak RSS and wall time. A fresh process per
 * measurement: no JIT, cache or heap state carried from one to the next.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./rusage-exit.mjs', import.meta.url));

export interface Cost {
  cpuS: number;
  wallS: number;
  rssMb: number;
}

export interface ChildRun {
  /** Node's own options (e.g. --cpu-prof), before the script. */
  nodeArgs?: string[];
  script: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

/** Run the child; throws with its output when it fails. */
export function measureChild(run: ChildRun): Cost {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-rusage-'));
  const file = join(dir, 'rusage.json');
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [...(run.nodeArgs ?? []), '--import', PRELOAD, run.script, ...run.args], {
      cwd: run.cwd,
      env: { ...process.env, ...run.env, BENCH_RUSAGE: file },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`${run.script} ${run.args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
    const u = JSON.parse(readFileSync(file, 'utf8')) as { userUs: number; systemUs: number; maxRssKb: number };
    return { cpuS: (u.userUs + u.systemUs) / 1e6, wallS, rssMb: u.maxRssKb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The median of each figure over several costs. */
export function medianCost(costs: Cost[]): Cost {
  return { cpuS: median(costs.map((c) => c.cpuS)), wallS: median(costs.map((c) => c.wallS)), rssMb: median(costs.map((c) => c.rssMb)) };
}
