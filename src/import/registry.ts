/**
 * Every importer, in detection order: the most specific formats first, the
 * generic ones (embedded tweets in any page, editor-supplied selectors) last.
 */
import type { Importer } from './importer.ts';
import { tweetchat } from './formats/tweetchat.ts';

export const importers: Importer[] = [tweetchat];

export function importerByName(name: string): Importer | undefined {
  return importers.find((i) => i.name === name.toLowerCase());
}
