/**
 * `jamrecap build`: check every jam, then build the site with Eleventy.
 * Problems print as `file:line:col: message`, all of them, exit 1. The site
 * is built next to --out and swapped in only when the whole build succeeded.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { buildSite, contentFolderProblem } from '../../site/build.ts';
import { formatSummary, resolvePublicAddress } from '../../site/options.ts';
import { errorLine, formatProblem } from '../../notes/problems.ts';

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
  --out DIR            where to write the site (default: _site)
  --base-url URL       the site's public address (e.g. https://recaps.example.org): canonical
                       links, absolute URLs in feeds, embeds and the API, and sitemap.xml
  --path-prefix PATH   serve the site from a subpath (e.g. /recaps/); a path in --base-url
                       means the same
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
        out: { type: 'string', default: '_site' },
        'base-url': { type: 'string' },
        'path-prefix': { type: 'string' },
        drafts: { type: 'boolean', default: false },
        'allow-placeholders': { type: 'boolean', default: false },
      },
    });
    let address: { baseUrl: string; pathPrefix: string };
    try {
      address = resolvePublicAddress(values['base-url'], values['path-prefix']);
    } catch (err) {
      process.stderr.write(`jamrecap build: ${errorLine((err as Error).message)}\n`);
      return 2;
    }
    const missing = contentFolderProblem(values.content!);
    if (missing) {
      process.stderr.write(`jamrecap build: ${missing}\n`);
      return 2;
    }
    const result = await buildSite({ contentDir: values.content!, outDir: values.out!, ...address, drafts: values.drafts, placeholders: values['allow-placeholders'] ? 'warning' : 'error' });
    for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
    if (result.error) process.stderr.write(`jamrecap build: ${errorLine(result.error.message)}\n`);
    if (!result.ok) {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      if (n) process.stderr.write(`jamrecap build: ${n} problem${n === 1 ? '' : 's'}; nothing was built\n`);
      else process.stderr.write(`jamrecap build: the build failed; ${values.out} was left as it was\n`);
      return 1;
    }
    for (const w of publishWarnings(address.baseUrl)) process.stderr.write(`jamrecap build: warning: ${w}\n`);
    for (const s of result.summaries) process.stdout.write(`${formatSummary(s)}\n`);
    return 0;
  },
};
