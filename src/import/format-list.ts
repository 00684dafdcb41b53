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
  { name: 'twitter-embed', description: 'Tweets embedded in any HTML page (blockquote.twitter-tweet), day precision' },
  { name: 'twitter-api-v1', description: 'Twitter API v1/v1.1 JSON: 2010 search results[], statuses (array, {statuses}, or twarc JSON Lines)' },
  { name: 'twarc2', description: 'Twitter API v2 JSON: twarc2 JSON Lines (pages or flattened tweets) or one v2 response' },
  { name: 'csv', description: 'Spreadsheet archive as CSV: TAGS (Twitter Archiving Google Sheet), spreadsheet exports, jamrecap CSV' },
  { name: 'selectors', description: 'Any other saved chat page, through CSS selectors the editor supplies (--message, --author, --time, --text)' },
];
