/**
 * What every command's exit code means (the README's table), the error a
 * command throws for a wrong command line, and --quiet/--verbose: one set of
 * rules for all commands.
 */

export const EXIT = {
  /** Done (warnings may have been printed). */
  ok: 0,
  /** The input has problems: a jam's notes or an export (each printed as file:line:col); nothing was written, or the output is partial. */
  problems: 1,
  /** The command line is wrong, or a file or folder it names cannot be used (missing, unreadable, not recognized, refused as --out). */
  usage: 2,
  /** A bug in jamrecap (please report it). */
  internal: 3,
} as const;

/** A wrong command line or a path that cannot be used: printed as `jamrecap <command>: <message>`, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Verbosity = 'quiet' | 'normal' | 'verbose';

/** The parseArgs options every command that reports takes. */
export const VERBOSITY_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean' },
} as const;

export function verbosityOf(values: { quiet?: boolean; verbose?: boolean }): Verbosity {
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose contradict each other: give one');
  return values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal';
}

/** The usage lines for --quiet and --verbose (`verbose` says what it adds). */
export function verbosityUsage(verbose: string): string {
  return `  --quiet, -q          print errors only (no warnings, summaries or progress)\n  --verbose            ${verbose}`;
}
