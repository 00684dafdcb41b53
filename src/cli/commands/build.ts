/**
 * `jamrecap build`: check every jam, then build the site with Eleventy.
 * Problems print as `file:line:col: message`, all of them, exit 1. The site
 * is built next to --out and swapped in only when the whole build succeeded.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { buildSite, contentFolderProblem, outputProblems } from '../../site/build.ts';
import { formatSummary, resolvePublicAddress } from '../../site/options.ts';
import { errorLine, formatProblem, type Problem } from '../../notes/problems.ts';
import { jamDirs } from '../../site/site.ts';
import { explainEleventyError } from '../../site/eleventy-errors.ts';
import { EXIT, VERBOSITY_OPTIONS, verbosityOf, verbosityUsage } from '../exit.ts';
import { Progress } from '../progress.ts';

const usage = `Usage: jamrecap build [options]

Builds the recap site: a recap page per jam, transcripts, participant pages,
downloads, embeds, feeds, a JSON API and _headers. Every jam is checked
first; any problem in the notes (front matter, quotes) is reported as
file:line:col and nothing is written. The site is built in a temporary
folder next to --out and replaces it only when the whole build succeeded.
An existing --out is replaced only when jamrecap wrote it (it holds the
.jamrecap-site marker); a content folder without jams/ is an error.

Options:
  --content DIR        the content folder, holding jams/<slug>/ (default: content)
  --theme DIR          the publisher's theme folder, over the shipped theme file by file
                       (default: theme/ beside the content folder, when there is one)
  --out DIR            where to write the site (default: _site): a folder of its own, which
                       each build replaces whole (never the working or the content folder)
${verbosityUsage("also print Eleventy's own log lines")}
  --base-url URL       the site's public address (e.g. https://recaps.example.org): canonical
                       links, absolute URLs in feeds, embeds and the API, and sitemap.xml
  --path-prefix PATH   serve the site from a subpath (e.g. /recaps/); a path in --base-url
                       means the same
  --relative           links relative to each page (a folder's ending in index.html), so
                       the site opens from disk (file://) as well as from any host and
                       path; canonical and share links stay absolute (with --base-url)
  --drafts             include jams whose notes say "draft: true" (left out by default)
  --allow-placeholders publish notes that still hold the draft's placeholders ("*Draft:"
                       lines, unreviewed suggested quotes) with warnings; without it they
                       are errors and nothing is built`;

/** Why publishing parts are missing or relative, when they are (one line each). */
export function publishWarnings(baseUrl: string): string[] {
  return baseUrl ? [] : ['no --base-url: sitemap.xml is not written (it needs absolute URLs), and feeds, embeds and the API use root-relative links'];
}

export const command: Command = {
  summary: 'build the recap site',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        content: { type: 'string', default: 'content' },
        theme: { type: 'string' },
        out: { type: 'string', default: '_site' },
        ...VERBOSITY_OPTIONS,
        'base-url': { type: 'string' },
        'path-prefix': { type: 'string' },
        relative: { type: 'boolean', default: false },
        drafts: { type: 'boolean', default: false },
        'allow-placeholders': { type: 'boolean', default: false },
      },
    });
    const verbosity = verbosityOf(values);
    let address: { baseUrl: string; pathPrefix: string };
    try {
      address = resolvePublicAddress(values['base-url'], values['path-prefix']);
    } catch (err) {
      process.stderr.write(`jamrecap build: ${errorLine((err as Error).message)}\n`);
      return EXIT.usage;
    }
    const missing = contentFolderProblem(values.content!) ?? outRefusal(values.content!, values.out!);
    if (missing) {
      process.stderr.write(`jamrecap build: ${errorLine(missing)}\n`);
      return EXIT.usage;
    }
    const progress = new Progress({ quiet: verbosity === 'quiet' });
    const report = (p: Problem) => verbosity !== 'quiet' || p.severity === 'error';
    const result = await buildSite({ contentDir: values.content!, outDir: values.out!, ...address, relative: values.relative, drafts: values.drafts, theme: values.theme, onJamLoaded: (n, total, messages, stage) => progress.update(stage === 'import' ? 'importing jam' : 'jam', n, total, messages), placeholders: values['allow-placeholders'] ? 'warning' : 'error', verbose: verbosity === 'verbose' });
    progress.finish();
    for (const p of result.problems.filter(report)) process.stderr.write(`${formatProblem(p)}\n`);
    if (result.error) {
      // Eleventy's error, as problems at their file:line:col (a template's, the jams'), or one line.
      const explained = explainEleventyError(result.error, values.content!, values.theme);
      for (const p of explained.problems) process.stderr.write(`${formatProblem(p)}\n`);
      if (explained.failure) process.stderr.write(`jamrecap build: ${errorLine(withoutTempName(explained.failure, values.out!))}\n`);
    }
    if (!result.ok) {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      if (n) process.stderr.write(`jamrecap build: ${n} problem${n === 1 ? '' : 's'}; nothing was built\n`);
      else process.stderr.write(`jamrecap build: the build failed; ${values.out} was left as it was\n`);
      return EXIT.problems;
    }
    if (verbosity === 'quiet') return EXIT.ok;
    for (const w of [...publishWarnings(address.baseUrl), ...emptySiteWarnings(values.content!, result.summaries.length, values.drafts!)]) process.stderr.write(`jamrecap build: warning: ${w}\n`);
    for (const s of result.summaries) process.stdout.write(`${formatSummary(s)}\n`);
    return EXIT.ok;
  },
};

/** Why --out cannot take the site (what is wrong and what to do), or null. */
export function outRefusal(contentDir: string, outDir: string): string | null {
  const [p] = outputProblems(contentDir, outDir);
  return p ? `--out ${JSON.stringify(outDir)}: ${p.message} (each build replaces the whole --out folder; the default is _site)` : null;
}

/** The build's temporary folder (`<out>.tmp-<pid>-<hex>`) named as --out: the only folder the user knows of. */
function withoutTempName(message: string, outDir: string): string {
  const out = resolve(outDir);
  return message.split(`${out}.tmp-`).map((part, i) => (i === 0 ? part : part.replace(/^\d+-[0-9a-f]+/, ''))).join(out);
}

/** A site with no recap in it says why. */
function emptySiteWarnings(contentDir: string, built: number, drafts: boolean): string[] {
  if (built) return [];
  const jams = jamDirs(contentDir).dirs.length;
  if (!jams) return [`no jam in ${contentDir}/jams/: the site lists no recap; add one with \`jamrecap new SLUG --from FILE\``];
  return drafts ? [] : [`all ${jams} jam${jams === 1 ? ' is a draft' : 's are drafts'} ("draft: true"): the site lists no recap; --drafts includes them, or set "draft: false" when a recap is ready`];
}
