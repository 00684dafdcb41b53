/**
 * `jamrecap check`: every jam checked the way `build` checks them (drafts
 * included), nothing written. Problems print as `file:line:col: message`,
 * all of them in one run; exit 1 when any is an error, 0 with warnings only.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { defaultSiteOptions } from '../../site/options.ts';
import { formatProblem } from '../../site/problems.ts';
import { jamDirs, loadSite } from '../../site/site.ts';

const usage = `Usage: jamrecap check [options]

Checks every jam without building: the notes' front matter (unknown keys get
a "did you mean"), quotes resolving to exactly one message, "assign" naming
real messages and questions, exports readable and recognized, redact.yml,
and (as warnings) questions without a summary and draft placeholders left
in the notes. Drafts are checked too. Exit 1 when there is an error.

Options:
  --content DIR     the content folder holding jams/ (default: content)
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
        cache: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
      },
    });
    const contentDir = values.content!;
    if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
      process.stderr.write(`jamrecap check: no content folder ${contentDir} (give one with --content DIR)\n`);
      return 2;
    }
    const cacheDir = values['no-cache'] ? null : values.cache;
    const { problems } = loadSite(contentDir, { ...defaultSiteOptions(), drafts: true, cacheDir });
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.length - errors;
    const jams = jamDirs(contentDir).dirs.length;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    const line = `${plural(jams, 'jam')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    (errors ? process.stderr : process.stdout).write(`${errors ? 'jamrecap check: ' : ''}${line}\n`);
    return errors ? 1 : 0;
  },
};
