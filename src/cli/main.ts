/**
 * `jamrecap <command> ...`: dispatches to one module per command in
 * ./commands/. Each exports `run(args): Promise<number>` (the exit code)
 * and a one-line `summary`.
 */
import { ImportError } from '../import/export-file.ts';
import { errorLine } from '../notes/problems.ts';

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
};

function help(): string {
  const lines = ['Usage: jamrecap <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(9)} ${c.summary}`);
  lines.push('', 'Run `jamrecap <command> --help` for its options.');
  return lines.join('\n');
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
  return 1;
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`jamrecap: unknown command ${errorLine(JSON.stringify(name))}\n\n${help()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof ImportError) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(err.message)}\n`);
      return err.exitCode;
    }
    if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(err.message)}\n\n${command.usage}\n`);
      return 2;
    }
    // A file the user named that cannot be read or written: their problem to fix, not a crash.
    const code = (err as NodeJS.ErrnoException).code;
    if (code && /^E[A-Z]+$/.test(code) && (err as NodeJS.ErrnoException).path) {
      process.stderr.write(`jamrecap ${name}: ${errorLine(`${(err as NodeJS.ErrnoException).path}: ${(err as Error).message.split(',')[0]}`)}\n`);
      return 2;
    }
    // Anything else is a bug in jamrecap: say so plainly; the stack only when asked for.
    return internalError(name, err);
  }
}
