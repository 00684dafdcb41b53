/**
 * Preloaded into a benchmark's child process (`node --import`): at exit,
 * writes the process's own resource usage (CPU time of all its threads,
 * peak RSS) as JSON to the file named by $BENCH_RUSAGE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RUSAGE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userUs: u.userCPUTime, systemUs: u.systemCPUTime, maxRssKb: u.maxRSS }));
  });
}
