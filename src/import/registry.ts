/**
 * Every importer, in detection order: the most specific formats first, the
 * generic ones (embedded tweets in any page, editor-supplied selectors) last.
 */
import type { Importer } from './importer.ts';
import { tweetchat } from './formats/tweetchat.ts';
import { jamrecapJson } from './formats/jamrecap-json.ts';
import { selectors } from './formats/selectors.ts';
import { storify } from './formats/storify.ts';
import { twitterHtml } from './formats/twitter-html.ts';
import { twitterEmbed } from './formats/twitter-embed.ts';
import { twitterApiV1 } from './formats/twitter-api-v1.ts';
import { twarc2 } from './formats/twarc2.ts';
import { csv } from './formats/csv.ts';

export const importers: Importer[] = [tweetchat, jamrecapJson, storify, twitterHtml, twitterEmbed, twitterApiV1, twarc2, csv, selectors];

export function importerByName(name: string): Importer | undefined {
  return importers.find((i) => i.name === name.toLowerCase());
}
