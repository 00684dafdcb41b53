/**
 * Tests read the shared corpus in place (../shared/corpus). A clone without
 * it still passes `npm test`: corpus tests skip with a visible note. Under
 * CI (CI=true) a missing corpus is a failure, not a skip.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = resolve(ROOT, '../shared/corpus');

export function corpusPath(rel: string): string {
  return resolve(CORPUS, rel);
}

/** A test over corpus files: skipped (visibly) when they are missing, failed under CI. */
export function corpusTest(name: string, files: string[], fn: (t: TestContext, ...paths: string[]) => unknown): void {
  const paths = files.map(corpusPath);
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length && process.env.CI !== 'true') {
    test(name, { skip: `corpus missing: ${missing.join(', ')} (needs ../shared/corpus)` }, () => {});
    return;
  }
  test(name, async (t) => {
    if (missing.length) throw new Error(`corpus missing under CI: ${missing.join(', ')}`);
    await fn(t, ...paths);
  });
}

/**
 * The corpus inventory: every file under ../shared/corpus that jamrecap reads,
 * with the importer that must claim it. It is the only list of corpus files.
 *
 * The rule for everything else: a corpus file that is not listed here (other
 * platforms' exports, the hostile collections, SOURCES.md, any folder added
 * later) must be refused cleanly, an ImportError with exit code 2 saying "not
 * a recognized chat export" (or "binary data, not text"). test/detection.test.ts
 * walks the whole corpus, whatever it holds, and checks that each listed file
 * is claimed by its importer alone and keeps more than 0 messages, and that no
 * importer claims any other file. So a new corpus folder fails no test; a file
 * that an importer wrongly claims does.
 *
 * A new format family: add its corpus files here with the importer's name, and
 * pin their exact counts (found, kept, skipped, authors, first and last time)
 * in the family's own test file, checked independently of the code. Detection
 * over the whole corpus then checks that the new importer claims nothing else.
 */
export const CORPUS_EXPORTS: readonly (readonly [path: string, importer: string])[] = [
  ['tweetchat/socbizchat-room.html', 'tweetchat'],
  ['storify-html/lrnchat-22nd-december-2017.html', 'storify'],
  ['storify-html/guildchat-readdress-the-lms.html', 'storify'],
  ['storify-html/unofficial-story-of-final-byod4lchat.html', 'storify'],
  ['twitter-html/mercury-twitter-permalink-2016.html', 'twitter-html'],
  ['twitter-html/metascraper-twitter-permalink-2017.html', 'twitter-html'],
  ['twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html', 'twitter-embed'],
  ['twitter-search-api-v1/sferik-twitter-search-2010.json', 'twitter-api-v1'],
  ['twarc2-jsonl/twarc-csv-brexit.jsonl', 'twarc2'],
  // Part 2: the platforms where jams happen now (counts pinned in each family's test file).
  ['discordchatexporter-json/dcef-example-general.json', 'discord-json'],
  ['discordchatexporter-json/dcef-example-thread.json', 'discord-json'],
  ['discordchatexporter-json/dcef-example-chill-talk.json', 'discord-json'],
  ['discordchatexporter-json/dcef-example-chill-talk-without-deleted.json', 'discord-json'],
  ['discordchatexporter-csv/komodo-antara-ama-july2019-1.csv', 'discord-csv'],
  ['discordchatexporter-txt/komodo-antara-ama-july2019-1.txt', 'discord-txt'],
  ['discordchatexporter-html/komodo-antara-ama-july2019-htmldark/1.html', 'discord-html'],
  ['discordchatexporter-html/komodo-antara-ama-july2019-htmldark/2.html', 'discord-html'],
  ['discordchatexporter-html/komodo-antara-ama-july2019-htmldark/3.html', 'discord-html'],
  ['discordchatexporter-html/firebird-valuedefi-ama-adv-guild-2021.html', 'discord-html'],
  ['discordchatexporter-html/meshcore-2026-thread-wifi-firmware-patcher.html', 'discord-html'],
  ['telegram-json/python2022i-channel-2022-result.json', 'telegram-json'],
  ['telegram-json/innerdvations-saved-messages-2020.json', 'telegram-json'],
  ['telegram-html/lassepe-test-messages.html', 'telegram-html'],
  ['telegram-html/sapienza-xrp-pump-group-messages3.html', 'telegram-html'],
  ['telegram-html/quoxent-kryptonium-group-2018-2020/messages.html', 'telegram-html'],
  ['telegram-html/quoxent-kryptonium-group-2018-2020/messages2.html', 'telegram-html'],
  ['telegram-html/quoxent-kryptonium-group-2018-2020/messages10.html', 'telegram-html'],
  ['youtube-chat-json/chatdownloader-2020-yt-messages-100-200s.json', 'youtube-chat'],
  ['youtube-chat-json/chatdownloader-youtube-innertube-actions.json', 'youtube-chat'],
  ['reddit-json/go-reddit-r-test-post-2020.json', 'reddit-json'],
  ['reddit-json/reddift-redditdev-api-terms-2015-comments.json', 'reddit-json'],
  ['mastodon-json/bigbone-status-context.json', 'mastodon-json'],
  ['mastodon-json/bigbone-tag-timeline-2017.json', 'mastodon-json'],
  ['mastodon-archive/dealingwith-indieweb-social-2024/outbox.json', 'mastodon-archive'],
  ['zulip-archive-json/lean-together-2019-questions-about-lean-4.json', 'zulip-json'],
  ['bluesky-json/bsky-getPostThread-jimmyfallon-day-one.json', 'bluesky-json'],
  ['bluesky-json/bsky-getPostThread-dancow-test-simple.json', 'bluesky-json'],
  ['bluesky-car/indigo-bnewbold.robocracy.org-20250310.car', 'bluesky-car'],
  ['slack-export/houstondatavis-2016-datajam/channels.json', 'slack-export'],
  ['slack-export/slack-export-viewer-testarchive/channels.json', 'slack-export'],
  ['slack-export/slack-export-viewer-testarchive.zip', 'slack-export'],
  ['zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt', 'zoom-txt'],
  ['zoom-chat-txt/graphql-schemas-workshop-2019-meeting_saved_chat.txt', 'zoom-txt'],
  ['zoom-chat-txt/lrbs-bibsoc-2023-session2-meeting_saved_chat.txt', 'zoom-txt'],
  ['whatsapp-txt/whatstk-pokemon.txt', 'whatsapp-txt'],
  ['irc-log/irclog2html-dircproxy-fedora-2009.log', 'irc-log'],
];

/**
 * Listed files that keep no message when imported alone, with the
 * diagnostic code that says why (the detection test checks it is there):
 * export pages holding only service entries, and a workspace export of
 * several channels, which needs `channel:` (tested with one in slack.test.ts).
 */
export const CORPUS_KEEPS_NONE: ReadonlyMap<string, string> = new Map([
  ['telegram-html/quoxent-kryptonium-group-2018-2020/messages.html', 'system-message'],
  ['telegram-html/quoxent-kryptonium-group-2018-2020/messages2.html', 'system-message'],
  ['slack-export/slack-export-viewer-testarchive/channels.json', 'channel-choice'],
  ['slack-export/slack-export-viewer-testarchive.zip', 'channel-choice'],
  // Zoom writes no date, and these names hold a year at most: without the notes' `date:` every message is skipped.
  ['zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt', 'date-unknown'],
  ['zoom-chat-txt/graphql-schemas-workshop-2019-meeting_saved_chat.txt', 'date-unknown'],
  ['zoom-chat-txt/lrbs-bibsoc-2023-session2-meeting_saved_chat.txt', 'date-unknown'],
]);

const exportsOf = (names: string[]): [string, string][] => CORPUS_EXPORTS.filter(([, f]) => names.includes(f)).map(([p, f]) => [p, f]);

/** The inventory's saved HTML pages, with the importer that reads each one. */
export const HTML_EXPORTS: [string, string][] = exportsOf(['tweetchat', 'storify', 'twitter-html', 'twitter-embed']);

/** The inventory's Twitter API JSON files, with their importers. */
export const API_EXPORTS: [string, string][] = exportsOf(['twitter-api-v1', 'twarc2']);

/** Whether a listed file keeps messages once given what the notes give (a Zoom chat's day: `date:`). */
export const keepsMessagesWithNotes = (rel: string): boolean => (CORPUS_KEEPS_NONE.get(rel) ?? 'date-unknown') === 'date-unknown';
