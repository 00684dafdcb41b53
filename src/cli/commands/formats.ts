/** `jamrecap formats`: the export formats jamrecap reads, with what each expects. */
import { importers } from '../../import/registry.ts';
import type { Command } from '../main.ts';
import { UsageError } from '../exit.ts';

export const command: Command = {
  summary: 'list the export formats jamrecap reads',
  usage: 'Usage: jamrecap formats\n\nLists the importers, in the order auto-detection tries them.',
  async run(args) {
    if (args.length) throw new UsageError(`unexpected argument ${JSON.stringify(args[0])}: formats takes none (jamrecap import --format NAME picks one)`);
    const width = Math.max(...importers.map((i) => i.name.length));
    for (const imp of importers) process.stdout.write(`${imp.name.padEnd(width)}  ${imp.description}\n`);
    return 0;
  },
};
