/**
 * `jamrecap new <slug> --from FILE...`: a new jam folder with the exports
 * copied in and a drafted recap.md (src/draft/draft.ts), checked the way
 * `build --drafts` will read it. Never overwrites: an existing jam folder
 * is refused, and the folder appears whole or not at all (it is written
 * under a hidden name and renamed into place).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DateTime, IANAZone } from 'luxon';
import type { Command } from '../main.ts';
import { assembleTranscript, parseExports } from '../../import/pipeline.ts';
import { ExportFile } from '../../import/export-file.ts';
import { sha256Hex } from '../../model/ids.ts';
import { draftRecap } from '../../draft/draft.ts';
import { loadJam, RECAP_FILE } from '../../site/jam.ts';
import { defaultSiteOptions } from '../../site/options.ts';
import { clipMessage, displayPath, formatProblem, hasErrors, printable, sortProblems } from '../../notes/problems.ts';
import type { Transcript } from '../../model/transcript.ts';
import { readRedactList, redactTranscript } from '../../notes/redact.ts';
import { JAMS_DIR } from '../../site/site.ts';
import { jamSlugProblem } from '../../site/slug.ts';
import { EXIT, VERBOSITY_OPTIONS, verbosityOf } from '../exit.ts';

const usage = `Usage: jamrecap new <slug> --from FILE... [options]

Creates <content>/jams/<slug>/ with the export files copied in and a drafted
recap.md: front matter from the chat (title, date, hashtag, hosts, questions,
"draft: true"), an introduction placeholder, and a "## Qn" section per
question with a summary placeholder and three suggested quotes. Lines that
start with "*Draft:" are placeholders: replace or delete them. Preview with
\`jamrecap serve\` or \`jamrecap build --drafts --allow-placeholders\`;
\`jamrecap check\` lists what is left to do. An existing jam is never
overwritten.

Exit codes: 0 created; 1 created, but the draft has errors (listed as file:line:col), or
redact.yml has errors (nothing created); 2 the command line is wrong, an export cannot be
read, or the jam already exists.

Options:
  --from FILE...    the chat's export(s): several files make one jam
  --content DIR     the content folder holding jams/ (default: content)
  --timezone ZONE   IANA zone the recap shows times in (default: UTC)
  --title TEXT      the recap's title (default: the page title, else the hashtag)
  --hashtag TAG     the chat's hashtag (default: the one on most messages)
  --host HANDLE     a host of the chat (repeatable; default: inferred from who asks Q1, Q2, ...)
  --date YYYY-MM-DD the chat's day, for exports whose times have no date (Zoom)
  --channel NAME    the channel of a workspace export holding several (Slack; a Telegram account export's chat id)
  --quiet, -q       print errors only
  --verbose         also print the import's findings and the draft's to-do list (file:line:col)`;

/** A jam's slug: the rule `build` and `check` apply to jam folders (src/site/slug.ts). */
export const slugProblem = jamSlugProblem;

/** Why an export cannot be copied under its own name, or null. */
function exportNameProblem(name: string): string | null {
  if (name === RECAP_FILE) return `an export cannot be named ${RECAP_FILE} (that is the notes)`;
  if (name.startsWith('.')) return `"${name}" is a hidden file name; rename the export`;
  if (/\.11tydata\.\w+$/.test(name)) return `"${name}" would be read as Eleventy data; rename the export`;
  if (/[\u0000-\u001f\\/]/.test(name)) return `"${name}" is not a plain file name`;
  return null;
}

export const command: Command = {
  summary: 'draft a new jam from its exports',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string', multiple: true },
        content: { type: 'string', default: 'content' },
        timezone: { type: 'string' },
        title: { type: 'string' },
        hashtag: { type: 'string' },
        host: { type: 'string', multiple: true },
        date: { type: 'string' },
        channel: { type: 'string' },
        ...VERBOSITY_OPTIONS,
      },
    });
    const verbosity = verbosityOf(values);
    const request = readRequest(values, positionals);
    if (typeof request === 'string') return fail(request, EXIT.usage);
    const { slug, from, names, contentDir, dir } = request;

    // Import first: nothing is written for exports jamrecap cannot read (ImportError: exit 2).
    // Parsed once: the check below assembles the notes' transcript from the same parse.
    const exportFiles = from.map((f) => ExportFile.read(f));
    const channel = values.channel?.replace(/^#/, '');
    const importOptions = {
      hosts: values.host,
      title: values.title ?? null,
      hashtag: values.hashtag?.replace(/^#/, '') ?? null,
      // The recap's zone is also the zone of times written without an offset; its day, a Zoom chat's.
      timeZone: values.timezone ?? 'UTC',
      ...(values.date ? { date: values.date } : {}),
      ...(channel ? { channel } : {}),
    };
    const parsed = parseExports(exportFiles, importOptions);
    const transcript = assembleTranscript(parsed, importOptions);
    const redactList = readRedactList(contentDir);
    for (const p of redactList.problems) process.stderr.write(`${formatProblem(p)}\n`);
    if (verbosity === 'verbose') for (const line of importFindings(transcript)) process.stderr.write(`${line}\n`);
    if (hasErrors(redactList.problems)) return fail('fix redact.yml first (the draft must not quote people who opted out)', EXIT.problems);
    const draft = draftRecap(redactTranscript(transcript, redactList.handles), {
      slug,
      exports: names,
      timezone: values.timezone,
      title: values.title,
      hashtag: values.hashtag,
      channel,
    });
    if (!writeJamFolder(dir, from, names, draft.text)) return fail(existsMessage(dir), EXIT.usage);

    // Read back the way `build --drafts` will (this also fills the import cache for it), from the same parse.
    const preparsed = { files: exportFiles.map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes) })), parsed };
    const load = loadJam(dir, { ...defaultSiteOptions(), drafts: true }, { redact: redactList.handles, parsed: preparsed });
    const errors = load.problems.filter((p) => p.severity === 'error');
    for (const p of sortProblems(verbosity === 'verbose' ? load.problems : errors)) process.stderr.write(`${formatProblem(p)}\n`);
    const todo = load.problems.length - errors.length;
    if (verbosity !== 'quiet') process.stdout.write(createdReport(dir, transcript, draft, names.length, todo));
    return errors.length ? EXIT.problems : EXIT.ok;
  },
};

function fail(message: string, code: number): number {
  process.stderr.write(`jamrecap new: ${message}\n`);
  return code;
}

const existsMessage = (dir: string) => `${displayPath(dir)} already exists: a jam is never overwritten (choose another slug, or remove the folder first)`;

interface NewRequest {
  slug: string;
  /** The export files as given, and the names they are copied under. */
  from: string[];
  names: string[];
  contentDir: string;
  /** The jam folder to create: `<content>/jams/<slug>/`. */
  dir: string;
}

/** The command line checked before anything is read: the request, or what is wrong with it. */
function readRequest(values: { from?: string[]; content?: string; timezone?: string; hashtag?: string; date?: string; channel?: string }, positionals: string[]): NewRequest | string {
  if (!positionals.length) return "give the new jam's slug and its exports: jamrecap new SLUG --from FILE... (jamrecap new --help says more)";
  const slug = positionals[0];
  const bad = slugProblem(slug);
  if (bad) return bad;
  // `--from a.html b.html` as well as `--from a.html --from b.html`.
  const from = [...(values.from ?? []), ...positionals.slice(1)];
  if (!values.from && from.length) return `name the exports with --from (got ${from.join(' ')})`;
  if (!from.length) return `no export given: add --from FILE (the chat's export, e.g. a saved page or a JSON file)`;
  if (values.timezone !== undefined && !IANAZone.isValidZone(values.timezone)) return `--timezone "${values.timezone}" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`;
  if (values.hashtag !== undefined && !/^#?[\p{L}\p{M}\p{N}_]+$/u.test(values.hashtag)) return `--hashtag "${values.hashtag}" must be letters, digits and "_" only`;
  if (values.date !== undefined && DateTime.fromISO(values.date, { zone: 'utc' }).toISODate() !== values.date) return `--date "${values.date}" is not a day: write YYYY-MM-DD, e.g. 2020-05-12`;
  if (values.channel !== undefined && !/^#?[\p{L}\p{N}_.-]{1,80}$/u.test(values.channel)) return `--channel "${values.channel}" is not a channel name: letters, digits, "-", "_" and "." only`;
  const names = from.map((f) => basename(f));
  const problem = exportNamesProblem(names);
  if (problem) return problem;
  const contentDir = resolve(values.content!);
  const dir = join(contentDir, JAMS_DIR, slug);
  if (existsSync(dir)) return existsMessage(dir);
  if (existsSync(contentDir) && !statSync(contentDir).isDirectory()) return `--content ${displayPath(contentDir)} is not a folder: give the folder that holds (or will hold) jams/`;
  return { slug, from, names, contentDir, dir };
}

/** Export names must be plain file names, and distinct (they are copied side by side). */
function exportNamesProblem(names: string[]): string | null {
  const seen = new Set<string>();
  for (const name of names) {
    const problem = exportNameProblem(name);
    if (problem) return problem;
    if (seen.has(name.toLowerCase())) return `two exports are named "${name}": rename one (they are copied side by side)`;
    seen.add(name.toLowerCase());
  }
  return null;
}

/**
 * The jam folder with its exports and recap.md, written under a hidden name
 * (jams/ skips those) and renamed: whole or nothing. False when the folder
 * appeared meanwhile (a jam is never overwritten).
 */
function writeJamFolder(dir: string, from: string[], names: string[], recap: string): boolean {
  const jamsDir = dirname(dir);
  mkdirSync(jamsDir, { recursive: true });
  const tmp = join(jamsDir, `.new-${basename(dir)}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(tmp);
    from.forEach((f, i) => copyFileSync(f, join(tmp, names[i])));
    writeFileSync(join(tmp, RECAP_FILE), recap);
    if (existsSync(dir)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    renameSync(tmp, dir);
    return true;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') return false;
    throw err;
  }
}

/** What `new` made, and what is left to do. */
function createdReport(dir: string, transcript: Transcript, draft: { questions: number; quotes: Record<string, unknown[]> }, exports: number, todo: number): string {
  const quoteCount = Object.values(draft.quotes).reduce((n, q) => n + q.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `created ${displayPath(join(dir, RECAP_FILE))}: ${transcript.messages.length} messages, ${plural(draft.questions, 'question')}, ` +
    `${plural(quoteCount, 'suggested quote')}, ${plural(exports, 'export')} copied\n` +
    `it is a draft: preview with \`jamrecap serve\` or \`jamrecap build --drafts --allow-placeholders\`; \`jamrecap check\` lists the ${plural(todo, 'thing')} left to do\n`
  );
}

/** The import's warnings and findings, one line each (`new --verbose`). */
function importFindings(t: Transcript): string[] {
  return t.sources.flatMap((s) => s.diagnostics.map((d) => `${printable(d.file)}${d.line ? `:${d.line}` : ''}: ${d.severity}: ${printable(clipMessage(d.message))}`));
}
