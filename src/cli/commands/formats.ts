/** `jamrecap formats`: the export formats jamrecap reads, with what each expects. */
import { importers } from '../../import/registry.ts';
import type { Command } from '../main.ts';

export const command: Command = {
  summary: 'list the export formats jamrecap reads',
  usage: 'Usage: jamrecap formats\n\nLists the importers, in the order auto-detection tries them.',
  async run() {
    const width = Math.max(...importers.map((i) => i.name.length));
    for (const imp of importers) process.stdout.write(`${imp.name.padEnd(width)}  ${imp.description}\n`);
    return 0;
  },
};
