/**
 * Every importer, in detection order: the order of format-list.ts (the most
 * specific formats first, the generic ones, embedded tweets in any page and
 * editor-supplied selectors, last). Importing this loads every importer;
 * format-list.ts alone names them.
 */
import type { Importer } from './importer.ts';
import { FORMATS } from './format-list.ts';
import { tweetchat } from './formats/tweetchat.ts';
import { jamrecapJson } from './formats/jamrecap-json.ts';
import { selectors } from './formats/selectors.ts';
import { storify } from './formats/storify.ts';
import { twitterHtml } from './formats/twitter-html.ts';
import { twitterEmbed } from './formats/twitter-embed.ts';
import { twitterApiV1 } from './formats/twitter-api-v1.ts';
import { twarc2 } from './formats/twarc2.ts';
import { csv } from './formats/csv.ts';

const byName = new Map([tweetchat, jamrecapJson, storify, twitterHtml, twitterEmbed, twitterApiV1, twarc2, csv, selectors].map((i) => [i.name, i]));

export const importers: Importer[] = FORMATS.map((f) => {
  const importer = byName.get(f.name);
  if (!importer) throw new Error(`format-list.ts names "${f.name}", which no importer in registry.ts has`);
  return importer;
});

export function importerByName(name: string): Importer | undefined {
  return importers.find((i) => i.name === name.toLowerCase());
}
