/**
 * `jamrecap build`: check every jam, then build the site with Eleventy.
 * Problems print as `file:line:col: message`, all of them, exit 1.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { buildSite } from '../../site/build.ts';
import { formatSummary, normalizeBaseUrl } from '../../site/options.ts';
import { formatProblem } from '../../site/problems.ts';

const usage = `Usage: jamrecap build [options]

Builds the recap site: a recap page per jam, transcripts, participant pages
and downloads. Every jam is checked first; any problem in the notes (front
matter, quotes) is reported as file:line:col and nothing is written.

Options:
  --content DIR     the content folder: layouts, pages and jams/<slug>/ (default: content)
  --out DIR         where to write the site (default: _site)
  --base-url URL    the site's public address, for canonical links (e.g. https://recaps.example.org)`;

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
      },
    });
    let baseUrl = '';
    if (values['base-url'] !== undefined) {
      try {
        baseUrl = normalizeBaseUrl(values['base-url']);
      } catch (err) {
        process.stderr.write(`jamrecap build: ${(err as Error).message}\n`);
        return 2;
      }
    }
    const result = await buildSite({ contentDir: values.content!, outDir: values.out!, baseUrl });
    for (const p of result.problems) process.stderr.write(`${formatProblem(p)}\n`);
    if (result.error) process.stderr.write(`jamrecap build: ${result.error.message}\n`);
    if (!result.ok) {
      const n = result.problems.filter((p) => p.severity === 'error').length;
      if (n) process.stderr.write(`jamrecap build: ${n} problem${n === 1 ? '' : 's'}; nothing was built\n`);
      return 1;
    }
    for (const s of result.summaries) process.stdout.write(`${formatSummary(s)}\n`);
    return 0;
  },
};
