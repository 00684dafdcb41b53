/**
 * The export formats by name and description, in detection order (the most
 * specific first; embedded tweets in any page and editor-supplied selectors
 * last), without loading the importers: `jamrecap formats` lists them from
 * here, and registry.ts orders the importers by it.
 */
import { TRANSCRIPT_SCHEMA } from '../model/transcript.ts';

export interface FormatInfo {
  /** The importer's name, as `--format` takes it. */
  name: string;
  /** One line: what the format is (the importer's own `description`). */
  description: string;
}

export const FORMATS: readonly FormatInfo[] = [
  { name: 'tweetchat', description: 'TweetChat room page saved from the browser (div.tweet rows, newest first)' },
  { name: 'jamrecap-json', description: `A transcript jamrecap wrote (JSON, schema ${TRANSCRIPT_SCHEMA}), read back in` },
  { name: 'storify', description: 'Storify story saved from the browser (every tweet: quotes, images and videos; curator notes kept)' },
  { name: 'twitter-html', description: 'twitter.com page saved from the browser, legacy markup (div.tweet[data-tweet-id] stream items)' },
  { name: 'discord-html', description: 'DiscordChatExporter HTML export (2019 and 2023+ layouts, dark or light, multi-page: replies, attachments, embeds; system notices reported)' },
  { name: 'telegram-html', description: 'Telegram Desktop HTML export page (messages.html, messages2.html, …: joined messages, replies, media; service entries reported)' },
  { name: 'twitter-embed', description: 'Tweets embedded in any HTML page (blockquote.twitter-tweet), day precision' },
  { name: 'twitter-api-v1', description: 'Twitter API v1/v1.1 JSON: 2010 search results[], statuses (array, {statuses}, or twarc JSON Lines)' },
  { name: 'twarc2', description: 'Twitter API v2 JSON: twarc2 JSON Lines (pages or flattened tweets) or one v2 response' },
  { name: 'discord-json', description: 'DiscordChatExporter JSON export of a channel or thread (replies, attachments, embeds; system entries reported)' },
  { name: 'telegram-json', description: 'Telegram Desktop JSON export of one chat (result.json, old and new layouts; replies, media; service entries reported)' },
  { name: 'youtube-chat', description: 'YouTube live chat: chat-downloader JSON, InnerTube actions, yt-dlp .live_chat.json (Super Chat amounts noted; memberships and system items reported)' },
  { name: 'reddit-json', description: 'Reddit thread JSON (post + comment tree, or a comment listing): replies kept, deleted authors and "more" stubs reported' },
  { name: 'mastodon-json', description: 'Mastodon API JSON: statuses (tag timeline, account), one status, or a status context (boosts as retweets, content warnings, media)' },
  { name: 'mastodon-archive', description: "Mastodon account archive: outbox.json (posts and boosts) with actor.json beside it (the account's handle and name)" },
  { name: 'zulip-json', description: 'Zulip messages as JSON: zulip-archive topic files or an API messages response (topic as title or notes; e-mail addresses never kept)' },
  { name: 'bluesky-json', description: 'Bluesky getPostThread JSON (nested replies and parents; v2 flat lists): facets expanded, images, quotes; blocked and missing posts reported' },
  { name: 'bluesky-car', description: 'Bluesky repository export (.car, CAR v1 + DAG-CBOR): posts (rkey ids, replies, facets expanded) and reposts; likes, follows and other records counted' },
  { name: 'slack-export', description: 'Slack workspace export, the .zip or its folder (one channel: threads as replies, mentions resolved; bots and joins reported)' },
  { name: 'discord-csv', description: 'DiscordChatExporter CSV export (AuthorID, Author, Date, Content, Attachments, Reactions)' },
  { name: 'csv', description: 'Spreadsheet archive as CSV: TAGS (Twitter Archiving Google Sheet), spreadsheet exports, jamrecap CSV' },
  { name: 'discord-txt', description: 'DiscordChatExporter plain-text export (banner with Guild/Channel, "[time] author" messages)' },
  { name: 'zoom-txt', description: 'Zoom "Save chat" text file (meeting_saved_chat.txt), old and new layouts; private messages are dropped' },
  { name: 'whatsapp-txt', description: 'WhatsApp "Export chat" text file (Android and iOS layouts, any date order, 12/24-hour clock)' },
  { name: 'irc-log', description: 'IRC channel log (irssi, WeeChat, ZNC, dircproxy line formats); joins, parts and mode changes are not messages' },
  { name: 'selectors', description: 'Any other saved chat page, through CSS selectors the editor supplies (--message, --author, --time, --text)' },
];
