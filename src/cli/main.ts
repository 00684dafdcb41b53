/**
 * `jamrecap <command> ...`: dispatches to one module per command in
 * ./commands/. Each exports `run(args): Promise<number>` (the exit code)
 * and a one-line `summary`.
 */
import { readFileSync } from 'node:fs';
import { errorLine } from '../notes/problems.ts';
import { editDistance } from '../model/text-match.ts';
import { EXIT, UsageError } from './exit.ts';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Command name -> summary and lazy loader (`formats` should not load Eleventy). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  import: { summary: 'import chat exports into one transcript (JSON)', load: () => import('./commands/import.ts').then((m) => m.command) },
  formats: { summary: 'list the export formats jamrecap reads', load: () => import('./commands/formats.ts').then((m) => m.command) },
  build: { summary: 'build the recap site', load: () => import('./commands/build.ts').then((m) => m.command) },
  serve: { summary: 'preview the site with live reload', load: () => import('./commands/serve.ts').then((m) => m.command) },
  new: { summary: 'draft a new jam from its exports', load: () => import('./commands/new.ts').then((m) => m.command) },
  check: { summary: 'check every jam without building', load: () => import('./commands/check.ts').then((m) => m.command) },
  'eject-theme': { summary: 'copy the shipped theme into a folder, to change the look', load: () => import('./commands/eject-theme.ts').then((m) => m.command) },
};

function help(): string {
  const lines = ['Usage: jamrecap <command> [options]', '', 'Commands:'];
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(width)}  ${c.summary}`);
  lines.push(
    '',
    'Run `jamrecap <command> --help` for its options; `jamrecap --version` prints the version.',
    'Exit codes: 0 done; 1 the jams or exports have problems (listed as file:line:col);',
    '2 the command line is wrong or names a file or folder that cannot be used; 3 a bug in jamrecap.',
  );
  return lines.join('\n');
}

/** `jamrecap 0.1.0`: the version in jamrecap's package.json. */
export function versionLine(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `jamrecap ${pkg.version}`;
}

/**
 * Errors are one line each: the first line of the message, long echoes cut,
 * control characters escaped (a file name or an option may hold an escape
 * sequence); a stack trace only with JAMRECAP_DEBUG.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    // Loading a command failed: still one line, no stack.
    return internalError(argv[0] ?? '', err);
  }
}

function internalError(name: string, err: unknown): number {
  process.stderr.write(`jamrecap ${errorLine(name)}: internal error: ${errorLine(err instanceof Error ? err.message : String(err))}\n`);
  if (process.env.JAMRECAP_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
  else process.stderr.write('(set JAMRECAP_DEBUG=1 for the stack trace, and please report it)\n');
  return EXIT.internal;
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write(`${versionLine()}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    if (name.startsWith('-')) {
      process.stderr.write(`jamrecap: unknown option ${errorLine(JSON.stringify(name))}: give a command first, then its options (jamrecap --help lists the commands; jamrecap --version prints the version)\n`);
      return EXIT.usage;
    }
    const guess = closest(name, Object.keys(COMMANDS));
    process.stderr.write(`jamrecap: unknown command ${errorLine(JSON.stringify(name))}${guess ? `; did you mean ${guess}?` : ''}\n\n${help()}\n`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    // Loaded only now: export-file.ts brings cheerio, which `--version` and `--help` do not need.
    const { ImportError } = await import('../import/export-file.ts');
    if (err instanceof ImportError) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(err.message)}\n`);
      return err.exitCode;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(err.message)}\n`);
      return EXIT.usage;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(argsError(name, err, command.usage))}\n`);
      return EXIT.usage;
    }
    // A file the user named that cannot be read or written: their problem to fix, not a crash.
    const code = (err as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code) && (err as NodeJS.ErrnoException).path) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(`${(err as NodeJS.ErrnoException).path}: ${fileError(err as NodeJS.ErrnoException)}`)}\n`);
      return EXIT.usage;
    }
    // Anything else is a bug in jamrecap: say so plainly; the stack only when asked for.
    return internalError(name, err);
  }
}

/** The closest of `names` to `name` (a typo's fix), or null. */
function closest(name: string, names: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(name.toLowerCase(), n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

/** node:util parseArgs's error, as what is wrong and how to fix it. */
export function argsError(command: string, err: Error, usage: string): string {
  const help = `jamrecap ${command} --help lists the options`;
  const options = [...new Set([...usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))];
  const code = (err as { code?: string }).code;
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const guess = quoted.startsWith('--') ? closest(quoted.slice(2).split('=')[0], options) : null;
    return `unknown option ${quoted}${guess ? `; did you mean --${guess}?` : ''} (${help})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = quoted.split(' ')[0];
    const example = new RegExp(`${option}[ =]([A-Z][A-Z]*)`).exec(usage)?.[1] ?? 'VALUE';
    if (/argument missing/.test(err.message)) return `${option} needs a value: ${option} ${example} (${help})`;
    return `${option} takes no value: give ${option} alone (${help})`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}": ${command} takes options only (${help})`;
  return `${err.message} (${help})`;
}

/** An error of the file system, in words ("no such file or directory", not "ENOENT: no such file..., open '...'"). */
function fileError(err: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOENT: 'no such file or folder: check the path',
    EACCES: 'permission denied: make it readable (and writable, for an output)',
    EPERM: 'operation not permitted: check its permissions',
    EISDIR: 'is a folder, not a file: name a file',
    ENOTDIR: 'a part of the path is not a folder: check the path',
    ENOSPC: 'no space left on the disk: free some space',
    EROFS: 'read-only file system: choose a writable place',
  };
  return words[err.code ?? ''] ?? err.message.split(',')[0];
}
