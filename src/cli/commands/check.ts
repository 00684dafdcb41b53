/**
 * `jamrecap check`: every jam checked the way `build` checks them (drafts
 * included), nothing written. Problems print as `file:line:col: message`,
 * all of them in one run; exit 1 when any is an error, 0 with warnings only.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { defaultSiteOptions } from '../../site/options.ts';
import { displayPath, formatProblem } from '../../notes/problems.ts';
import { jamDirs, loadSite } from '../../site/site.ts';
import { contentPageProblems } from '../../site/content-pages.ts';
import type { Transcript } from '../../model/transcript.ts';
import { contentFolderProblem } from '../../site/build.ts';
import { EXIT, VERBOSITY_OPTIONS, verbosityOf } from '../exit.ts';
import { Progress } from '../progress.ts';
import { coverageLines } from './import.ts';

const usage = `Usage: jamrecap check [options]

Checks every jam without building: the notes' front matter (unknown keys get
a "did you mean"), quotes resolving to exactly one message (one that matches
none lists the closest messages and handles), "assign" naming real messages
and questions, exports readable and recognized, redact.yml, the content
folder's pages (<name>.md: Markdown, front matter with title), anything
there that would run code (templates, JavaScript, Eleventy data files,
computed data), and (as warnings) questions without a summary or without
answers, a message quoted twice or under another question's heading, and
the draft's placeholders left in the notes (which build refuses). Drafts are
checked too. A jam with several exports gets a coverage report: per export the
messages it contributed, those only it has and those merged with another's,
and the spans of five minutes or more no export has messages in. Exit 1 when
there is an error.

Options:
  --content DIR     the content folder holding jams/ (default: content)
  --theme DIR       the publisher's theme folder (default: theme/ beside the content folder, if any)
  --quiet, -q       print errors only (no warnings, no summary line when all is well)
  --verbose         also say what jamrecap sees in each jam (hosts, questions, when the
                    chat starts and ends, messages before and after it) and the import's findings
  --cache DIR       the import cache folder (default: $JAMRECAP_CACHE, else .jamrecap-cache)
  --no-cache        import every jam afresh, without reading or writing the cache`;

export const command: Command = {
  summary: 'check every jam without building',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        content: { type: 'string', default: 'content' },
        theme: { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        ...VERBOSITY_OPTIONS,
      },
    });
    const verbosity = verbosityOf(values);
    const contentDir = values.content!;
    const missing = contentFolderProblem(contentDir);
    if (missing) {
      process.stderr.write(`jamrecap check: ${missing}\n`);
      return EXIT.usage;
    }
    const cacheDir = values['no-cache'] ? null : values.cache;
    const progress = new Progress({ quiet: verbosity === 'quiet' });
    const onJamLoaded = (n: number, total: number, messages: number) => progress.update('jam', n, total, messages);
    const { site, problems: jamProblems } = loadSite(contentDir, { ...defaultSiteOptions(), drafts: true, cacheDir, theme: values.theme, onJamLoaded });
    progress.finish();
    const problems = [...jamProblems, ...contentPageProblems(contentDir)];
    for (const p of problems) if (verbosity !== 'quiet' || p.severity === 'error') process.stderr.write(`${formatProblem(p)}\n`);
    if (verbosity === 'verbose') for (const jam of site?.jams ?? []) process.stdout.write(describeJam(jam.recapPath, jam.transcript).map((l) => `${l}\n`).join(''));
    if (verbosity !== 'quiet') for (const jam of site?.jams ?? []) process.stdout.write(coverageReport(jam.recapPath, jam.transcript));
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    const jams = jamDirs(contentDir).dirs.length;
    if (!jams && verbosity !== 'quiet') process.stderr.write(`jamrecap check: warning: no jam in ${contentDir}/jams/: add one with \`jamrecap new SLUG --from FILE\`\n`);
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const line = `${plural(jams, 'jam')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    if (errors) process.stderr.write(`jamrecap check: ${line}\n`);
    else if (verbosity !== 'quiet') process.stdout.write(`${line}\n`);
    return errors ? EXIT.problems : EXIT.ok;
  },
};

/** A jam with several exports: its coverage table (see coverageLines), headed by its notes' path; '' for one export. */
export function coverageReport(recapPath: string, t: Transcript): string {
  const lines = coverageLines(t);
  return lines.length ? `${displayPath(recapPath)}: ${lines.join('\n')}\n` : '';
}

/** What jamrecap sees in a jam, for `check --verbose`: the shape of the chat, then the import's findings. */
export function describeJam(recapPath: string, t: Transcript): string[] {
  const count = (phase: string) => t.messages.filter((m) => m.phase === phase && m.question === null).length;
  const hosts = t.jam.hosts.length ? `${t.jam.hosts.join(', ')} (${t.jam.hostsFrom})` : 'none found (name them in hosts:)';
  const ids = t.questions.map((q) => q.id);
  const questions = ids.length ? `${ids.length} (${ids.join(', ')})` : 'none';
  const when = t.jam.start ? `${t.jam.start.slice(0, 16).replace('T', ' ')} to ${(t.jam.end ?? t.jam.start).slice(0, 16).replace('T', ' ')} UTC` : 'no question asked';
  const lines = [
    `${displayPath(recapPath)}: ${t.messages.length} messages; hosts ${hosts}; questions ${questions}; the chat ${when}; ${count('before')} messages before it, ${count('after')} after it`,
  ];
  for (const s of t.sources) for (const d of s.diagnostics) if (d.severity === 'info') lines.push(`${d.file}${d.line ? `:${d.line}` : ''}: info: ${d.message}`);
  return lines;
}
