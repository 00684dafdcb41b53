/**
 * The pool of worker threads that prepares jams (prepare-jams.ts): each
 * worker runs jam-worker.ts, holds a couple of jobs at a time and answers
 * each; this thread takes jobs too, between the workers' answers. A worker
 * that crashes or cannot start loses only its own jobs (reported, never
 * waited on): the build loads those jams itself.
 */
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { JAM_WORKER, type JamAnswer, type JamJob } from './jam-worker.ts';

/** A worker running jam-worker.ts with the running module's extension: the compiled .js as is, the .ts sources through tsx. */
export function startJamWorker(): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./jam-worker${ext}`, import.meta.url);
  const workerData = { jamWorker: JAM_WORKER };
  if (ext !== '.ts') return new Worker(url, { workerData, execArgv: [] });
  // Node 20 does not run a worker's --import before its entry module: the worker registers tsx, then imports the module.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData, execArgv: [] });
}

/** Jobs a worker holds at once: the next one waits in its queue while the main thread is busy with a jam of its own. */
const WORKER_QUEUE = 2;

/** One worker of the pool: it takes jobs from `take` while there are some, and reports what it did. */
function poolWorker(worker: Worker, take: () => JamJob | null, onAnswer: (a: JamAnswer) => void, crashes: string[]): Promise<void> {
  const held: JamJob[] = [];
  const feed = () => {
    for (let job = held.length < WORKER_QUEUE ? take() : null; job; job = held.length < WORKER_QUEUE ? take() : null) {
      held.push(job);
      try {
        worker.postMessage(job);
      } catch (err) {
        // A job that cannot be sent (nothing in it should fail to clone): the worker stops, the build does the jam.
        lost('a job could not be sent to a worker', `: ${(err as Error).message}`);
        break;
      }
    }
    if (!held.length) void worker.terminate();
  };
  // A crash: the jobs it held are left to the main thread's build (loadSite), which finds the same problems if there are any.
  const lost = (what: string, why: string) => {
    crashes.push(`${what}${held.length ? ` on ${basename(held[0].dir)}` : ''}${why}`);
    held.length = 0;
  };
  return new Promise((done) => {
    worker.on('message', (answer: JamAnswer) => {
      const at = held.findIndex((j) => j.id === answer.id);
      if (at === -1) return;
      held.splice(at, 1);
      onAnswer(answer);
      feed();
    });
    worker.on('error', (err) => lost('a worker stopped', `: ${err.message}`));
    worker.on('exit', (code) => {
      if (held.length) lost(`a worker exited (code ${code})`, '');
      done();
    });
    feed();
  });
}

/**
 * Run the jobs on `workers` worker threads and on this thread, each taking
 * the next job when done; this thread lets the workers' answers in between
 * its jobs. Resolves when every job is done or lost and every worker has
 * exited; never rejects: a job whose worker crashed has no answer (the
 * build's own loading does it).
 */
export async function runPool(jobs: JamJob[], workers: number, startWorker: () => Worker, onMain: (job: JamJob) => void, onAnswer: (a: JamAnswer) => void): Promise<{ crashes: string[] }> {
  const crashes: string[] = [];
  let next = 0;
  const take = () => (next < jobs.length ? jobs[next++] : null);
  const running: Promise<void>[] = [];
  for (let i = 0; i < workers; i++) {
    try {
      running.push(poolWorker(startWorker(), take, onAnswer, crashes));
    } catch (err) {
      crashes.push(`a worker could not start: ${(err as Error).message}`);
    }
  }
  for (let job = take(); job; job = take()) {
    onMain(job);
    await new Promise((resolveTurn) => setImmediate(resolveTurn));
  }
  await Promise.all(running);
  // Sorted: the same warnings whichever worker stopped first.
  return { crashes: crashes.sort() };
}
