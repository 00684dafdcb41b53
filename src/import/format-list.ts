/**
 * The export formats by name, description and file family, in detection order
 * (the most specific first; the Twitter API JSON formats, whose detection
 * scans 64 KB for keys any status-like JSON has, after the platforms' JSON
 * formats; the generic CSV after the chat logs, whose first line alone tells
 * them; embedded tweets in any page and editor-supplied selectors last),
 * without loading the importers: `jamrecap formats` lists
 * them from here, and registry.ts orders the importers by it.
 */
import { TRANSCRIPT_SCHEMA } from '../model/transcript.ts';

/**
 * What kind of file a format's exports are, told by their first bytes
 * (see `fileFamily` in pipeline.ts): a JSON document or JSON Lines, an HTML
 * page, text lines (logs, CSV), or binary (zip, CAR).
 */
export type FileFamily = 'json' | 'html' | 'text' | 'binary';

export interface FormatInfo {
  /** The importer's name, as `--format` takes it. */
  name: string;
  /** One line: what the format is (the importer's own `description`). */
  description: string;
  /**
   * The families of files its `detect` can claim: auto-detection asks it only
   * about files of these families (more than one for an importer reading two
   * kinds of file), or about every file ('any': it does not look at the file).
   */
  family: FileFamily | readonly FileFamily[] | 'any';
}

export const FORMATS: readonly FormatInfo[] = [
  { name: 'tweetchat', description: 'TweetChat room page saved from the browser (div.tweet rows, newest first)', family: 'html' },
  { name: 'jamrecap-json', description: `A transcript jamrecap wrote (JSON, schema ${TRANSCRIPT_SCHEMA}), read back in`, family: 'json' },
  { name: 'storify', description: 'Storify story saved from the browser (every tweet: quotes, images and videos; curator notes kept)', family: 'html' },
  { name: 'twitter-html', description: 'twitter.com page saved from the browser, legacy markup (div.tweet[data-tweet-id] stream items)', family: 'html' },
  { name: 'discord-html', description: 'DiscordChatExporter HTML export (2019 and 2023+ layouts, dark or light, multi-page: replies, attachments, embeds; system notices reported)', family: 'html' },
  { name: 'telegram-html', description: 'Telegram Desktop HTML export page (messages.html, messages2.html, …: joined messages, replies, media; service entries reported)', family: 'html' },
  { name: 'twitter-embed', description: 'Tweets embedded in any HTML page (blockquote.twitter-tweet), day precision', family: 'html' },
  { name: 'discord-json', description: 'DiscordChatExporter JSON export of a channel or thread (replies, attachments, embeds; system entries reported)', family: 'json' },
  { name: 'telegram-json', description: 'Telegram Desktop JSON export of one chat (result.json, old and new layouts; replies, media; service entries reported)', family: 'json' },
  { name: 'youtube-chat', description: 'YouTube live chat: chat-downloader JSON, InnerTube actions, yt-dlp .live_chat.json (Super Chat amounts noted; memberships and system items reported)', family: 'json' },
  { name: 'reddit-json', description: 'Reddit thread JSON (post + comment tree, or a comment listing): replies kept, deleted authors and "more" stubs reported', family: 'json' },
  { name: 'mastodon-json', description: 'Mastodon API JSON: statuses (tag timeline, account), one status, or a status context (boosts as retweets, content warnings, media)', family: 'json' },
  { name: 'mastodon-archive', description: "Mastodon account archive: outbox.json (posts and boosts) with actor.json beside it (the account's handle and name)", family: 'json' },
  { name: 'zulip-json', description: 'Zulip messages as JSON: zulip-archive topic files or an API messages response (topic as title or notes; e-mail addresses never kept)', family: 'json' },
  { name: 'bluesky-json', description: 'Bluesky getPostThread JSON (nested replies and parents; v2 flat lists): facets expanded, images, quotes; blocked and missing posts reported', family: 'json' },
  { name: 'bluesky-car', description: 'Bluesky repository export (.car, CAR v1 + DAG-CBOR): posts (rkey ids, replies, facets expanded) and reposts; likes, follows and other records counted', family: 'binary' },
  { name: 'slack-export', description: 'Slack workspace export, the .zip or its folder (one channel: threads as replies, mentions resolved; bots and joins reported)', family: ['binary', 'json'] },
  { name: 'twitter-api-v1', description: 'Twitter API v1/v1.1 JSON: 2010 search results[], statuses (array, {statuses}, or twarc JSON Lines)', family: 'json' },
  { name: 'twarc2', description: 'Twitter API v2 JSON: twarc2 JSON Lines (pages or flattened tweets) or one v2 response', family: 'json' },
  { name: 'discord-csv', description: 'DiscordChatExporter CSV export (AuthorID, Author, Date, Content, Attachments, Reactions)', family: 'text' },
  { name: 'discord-txt', description: 'DiscordChatExporter plain-text export (banner with Guild/Channel, "[time] author" messages)', family: 'text' },
  { name: 'zoom-txt', description: 'Zoom "Save chat" text file (meeting_saved_chat.txt), old and new layouts; private messages are dropped', family: 'text' },
  { name: 'whatsapp-txt', description: 'WhatsApp "Export chat" text file (Android and iOS layouts, any date order, 12/24-hour clock)', family: 'text' },
  { name: 'irc-log', description: 'IRC channel log (irssi, WeeChat, ZNC, dircproxy line formats); joins, parts and mode changes are not messages', family: 'text' },
  { name: 'csv', description: 'Spreadsheet archive as CSV: TAGS (Twitter Archiving Google Sheet), spreadsheet exports, jamrecap CSV', family: 'text' },
  { name: 'selectors', description: 'Any other saved chat page, through CSS selectors the editor supplies (--message, --author, --time, --text)', family: 'any' },
];

/** Whether a format's importer is asked about files of a family (see FormatInfo.family). */
export function asksFamily(format: FormatInfo, family: FileFamily): boolean {
  const f = format.family;
  return f === 'any' || f === family || (Array.isArray(f) && f.includes(family));
}
