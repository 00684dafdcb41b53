/** `jamrecap formats`: the export formats jamrecap reads, with what each expects (from the light list: no importer is loaded). */
import { FORMATS } from '../../import/format-list.ts';
import type { Command } from '../main.ts';
import { UsageError } from '../exit.ts';

export const command: Command = {
  summary: 'list the export formats jamrecap reads',
  usage: 'Usage: jamrecap formats\n\nLists the importers, in the order auto-detection tries them.',
  async run(args) {
    if (args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}: formats takes none (jamrecap import --format NAME picks one)`);
    const width = Math.max(...FORMATS.map((f) => f.name.length));
    for (const f of FORMATS) process.stdout.write(`${f.name.padEnd(width)}  ${f.description}\n`);
    return 0;
  },
};
