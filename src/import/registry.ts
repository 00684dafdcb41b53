/**
 * Every importer, in detection order: the order of format-list.ts (the most
 * specific formats first, the generic ones, embedded tweets in any page and
 * editor-supplied selectors, last), and the ones asked about each family of
 * file, in the same order. Importing this loads every importer;
 * format-list.ts alone names them.
 */
import type { Importer } from './importer.ts';
import { FORMATS, asksFamily, type FileFamily } from './format-list.ts';
import { tweetchat } from './formats/tweetchat.ts';
import { jamrecapJson } from './formats/jamrecap-json.ts';
import { selectors } from './formats/selectors.ts';
import { storify } from './formats/storify.ts';
import { twitterHtml } from './formats/twitter-html.ts';
import { twitterEmbed } from './formats/twitter-embed.ts';
import { twitterApiV1 } from './formats/twitter-api-v1.ts';
import { twarc2 } from './formats/twarc2.ts';
import { csv } from './formats/csv.ts';
import { discordJson } from './formats/discord-json.ts';
import { discordCsv } from './formats/discord-csv.ts';
import { discordTxt } from './formats/discord-txt.ts';
import { discordHtml } from './formats/discord-html.ts';
import { telegramJson } from './formats/telegram-json.ts';
import { telegramHtml } from './formats/telegram-html.ts';
import { youtubeChat } from './formats/youtube-chat.ts';
import { redditJson } from './formats/reddit-json.ts';
import { mastodonJson } from './formats/mastodon-json.ts';
import { mastodonArchive } from './formats/mastodon-archive.ts';
import { zulipJson } from './formats/zulip-json.ts';
import { blueskyJson } from './formats/bluesky-json.ts';
import { blueskyCar } from './formats/bluesky-car.ts';
import { slackExport } from './formats/slack-export.ts';
import { zoomTxt } from './formats/zoom-txt.ts';
import { whatsappTxt } from './formats/whatsapp-txt.ts';
import { ircLog } from './formats/irc-log.ts';

const byName = new Map([
  tweetchat, jamrecapJson, storify, twitterHtml, twitterEmbed, twitterApiV1, twarc2, csv, selectors,
  discordJson, discordCsv, discordTxt, discordHtml, telegramJson, telegramHtml, youtubeChat, redditJson, mastodonJson, mastodonArchive, zulipJson, blueskyJson, blueskyCar, slackExport, zoomTxt, whatsappTxt, ircLog,
].map((i) => [i.name, i]));

export const importers: Importer[] = FORMATS.map((f) => {
  const importer = byName.get(f.name);
  if (!importer) throw new Error(`format-list.ts names "${f.name}", which no importer in registry.ts has`);
  return importer;
});

/** The importers asked about a file of each family (format-list.ts's `family`), in detection order. */
const byFamily = new Map<FileFamily, Importer[]>(
  (['json', 'html', 'text', 'binary'] as const).map((family) => [family, importers.filter((_, i) => asksFamily(FORMATS[i], family))]),
);

/** The importers whose `detect` can claim a file of this family (and those asked about every file), in detection order. */
export function importersOf(family: FileFamily): readonly Importer[] {
  return byFamily.get(family)!;
}

export function importerByName(name: string): Importer | undefined {
  return importers.find((i) => i.name === name.toLowerCase());
}
