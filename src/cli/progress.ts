/**
 * The progress line of a long build or import: "jam 3 of 12, 8,400
 * messages/s", redrawn in place with \r on standard error, only when that
 * is a terminal and not --quiet, and only once the work has taken more than
 * a second (a quick run prints nothing). Cleared when the work ends, so the
 * report that follows starts on a clean line. Never written to a pipe or a
 * file: logs stay free of \r.
 */

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Where the line goes (default: process.stderr). */
  stream?: ProgressStream;
  /** --quiet: no line at all. */
  quiet?: boolean;
  /** Nothing is drawn before this many milliseconds (default 1000). */
  delayMs?: number;
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number;
}

/** Redraws at most this often (a terminal needs no more). */
const REDRAW_MS = 100;
/** Back to the start of the line, and erase it. */
const CLEAR = '\r\u001b[K';

export class Progress {
  private readonly stream: ProgressStream;
  private readonly enabled: boolean;
  private readonly delayMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDrawn = -Infinity;
  private drawn = false;
  private messages = 0;

  constructor(options: ProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = this.stream.isTTY === true && !options.quiet;
    this.delayMs = options.delayMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** `what` (e.g. "reading jam") `done` of `total`, with `messages` more messages handled since the last call. */
  update(what: string, done: number, total: number, messages = 0): void {
    this.messages += messages;
    if (!this.enabled) return;
    const t = this.now();
    const elapsed = t - this.started;
    if (elapsed < this.delayMs || (t - this.lastDrawn < REDRAW_MS && done < total)) return;
    this.lastDrawn = t;
    this.drawn = true;
    const rate = Math.round((this.messages * 1000) / Math.max(1, elapsed));
    this.stream.write(`${CLEAR}${progressLine(what, done, total, rate)}`);
  }

  /** Erase the line, if one was drawn. */
  finish(): void {
    if (this.drawn) this.stream.write(CLEAR);
    this.drawn = false;
  }
}

/** "reading jam 3 of 12, 8,400 messages/s". */
export function progressLine(what: string, done: number, total: number, messagesPerSecond: number): string {
  return `${what} ${done} of ${total}, ${messagesPerSecond.toLocaleString('en-US')} messages/s`;
}
