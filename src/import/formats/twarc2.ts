/**
 * Tweets as Twitter's API v2 returned them: twarc2's JSON Lines (one API
 * response page per line: `data[]`, `includes.users[]`, `includes.tweets[]`,
 * `meta`), `twarc2 flatten` output (one tweet per line, with its `author`
 * inline), or one v2 response saved as a JSON file.
 *
 * The author is `author_id` looked up in `includes.users`; a reply is a
 * `referenced_tweets` entry of type `replied_to`, a retweet one of type
 * `retweeted` (its author found through `includes.tweets` and
 * `includes.users`). Referenced tweets in `includes.tweets` are context, not
 * messages of the chat. Texts are decoded (the API escapes `&`, `<`, `>`)
 * and t.co links replaced by `expanded_url` as written. A retweet shows
 * "RT @x: " and the whole text of the original when the file has the
 * original (`includes.tweets`, or inline in flattened files); otherwise its
 * own text, as the API cut it ("RT @x: ...…").
 *
 * Pictures and videos: `attachments.media_keys` looked up in `includes.media`
 * (or `attachments.media`, inline in flattened files), see `tweetMedia`. A
 * retweet without media of its own shows the original's. A quoted or
 * replied-to tweet's media are that tweet's, not the message's. Keys that
 * `includes.media` does not hold (it describes only the media of the page's
 * own tweets) are counted in one info diagnostic; the tweet's text still
 * has its photo link.
 *
 * A line that is not valid JSON is reported with its line number and the
 * other lines are read. A broken page cannot say how many tweets it held,
 * so it is an error of the file (the transcript is partial), not a count of
 * skipped messages; a broken line of a flattened file was one tweet and is
 * counted as one skipped message.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import {
  IdTally,
  isObject,
  jsonHead,
  jsonHeadNames,
  listsNewestFirst,
  readApiTime,
  readApiText,
  readJson,
  jsonDuplicateDiagnostics,
  retweetText,
  shown,
  statusUrl,
  str,
  tweetId,
  mediaKind,
  orTweetPage,
  videoFile,
  type Json,
  type JsonRead,
} from './twitter-api.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { arrayEntryOffsets } from '../json-offsets.ts';

const RETWEET_TEXT = /^RT @([A-Za-z0-9_]{1,30}):/;

type Outcome = { message: Omit<ParsedMessage, 'position' | 'line'> } | { skip: string; why: string };

/** Users and referenced tweets of every page in the file, by id; media by `media_key`. */
interface Includes {
  users: Map<string, Json>;
  tweets: Map<string, Json>;
  media: Map<string, Json>;
}

/** Media keys that `includes.media` does not hold: how many, of how many messages, and the first message's line. */
interface MissingMedia {
  keys: number;
  messages: number;
  line?: number;
}

/** A response page (as opposed to one flattened tweet). */
function isPage(v: Json): boolean {
  return 'data' in v || 'includes' in v || 'meta' in v || 'errors' in v;
}

function isTweet(v: Json): boolean {
  return 'id' in v && ('author_id' in v || 'text' in v || 'author' in v);
}

/** The tweets of a page: `data` is an array (search, timelines) or one tweet (lookup by id). */
function pageTweets(page: Json): unknown[] {
  return Array.isArray(page.data) ? page.data : isObject(page.data) ? [page.data] : [];
}

function addIncludes(page: Json, inc: Includes): void {
  if (!isObject(page.includes)) return;
  const { users, tweets } = page.includes;
  for (const [list, map] of [[users, inc.users], [tweets, inc.tweets]] as const) {
    if (!Array.isArray(list)) continue;
    for (const x of list) {
      const id = isObject(x) ? str(x.id) : null;
      if (id && !map.has(id)) map.set(id, x as Json);
    }
  }
  if (Array.isArray(page.includes.media)) {
    for (const m of page.includes.media) {
      const key = isObject(m) ? str(m.media_key) : null;
      if (key && !inc.media.has(key)) inc.media.set(key, m as Json);
    }
  }
}

/** A v2 media object as an attachment: a photo's `url`; a video's or GIF's mp4 (`variants`), else its `preview_image_url`. */
function mediaAttachment(m: unknown): Attachment | null {
  if (!isObject(m)) return null;
  const kind = mediaKind(m.type);
  if (!kind) return null;
  const url = safeHttpUrl(str(m.url));
  const poster = safeHttpUrl(str(m.preview_image_url));
  return { kind, url: kind === 'image' ? (url ?? poster) : (videoFile(m.variants) ?? poster ?? url), alt: str(m.alt_text), file: null };
}

/** What a tweet says of its media: objects inline (`twarc2 flatten`), else keys into `includes.media`; null when none. */
function mediaRefs(t: Json): { inline: unknown[] } | { keys: unknown[] } | null {
  const a = t.attachments;
  if (!isObject(a)) return null;
  if (Array.isArray(a.media) && a.media.length) return { inline: a.media };
  if (Array.isArray(a.media_keys) && a.media_keys.length) return { keys: a.media_keys };
  return null;
}

/**
 * The pictures and videos a message shows: its tweet's own, or for a
 * retweet without any, the original's (the message shows the original).
 * Keys not in `includes.media` are counted in `missing`.
 */
function tweetMedia(t: Json, original: Json | null, inc: Includes, missing: MissingMedia, line: number | undefined): Attachment[] {
  const refs = mediaRefs(t) ?? (original ? mediaRefs(original) : null);
  if (!refs) return [];
  if ('inline' in refs) return refs.inline.map(mediaAttachment).filter((a): a is Attachment => a !== null);
  const out: Attachment[] = [];
  let unknown = 0;
  for (const key of refs.keys) {
    const m = typeof key === 'string' ? inc.media.get(key) : undefined;
    const a = m ? mediaAttachment(m) : null;
    if (a) out.push(a);
    else if (!m) unknown++;
  }
  if (unknown) {
    missing.keys += unknown;
    if (missing.messages++ === 0 && line) missing.line = line;
  }
  return out;
}

/** The author of a tweet: inline (`twarc2 flatten`) or looked up in the includes. */
function authorOf(t: Json, inc: Includes): Json | null {
  if (isObject(t.author)) return t.author;
  const id = str(t.author_id);
  return id ? (inc.users.get(id) ?? null) : null;
}

/** The first `referenced_tweets` entry of a type. */
function reference(t: Json, type: string): Json | null {
  if (!Array.isArray(t.referenced_tweets)) return null;
  for (const r of t.referenced_tweets) if (isObject(r) && r.type === type) return r;
  return null;
}

/** A tweet's text as the file has it (escaped) and its entities: the long form (`note_tweet`, over 280 characters) when there is one. */
function tweetText(t: Json): { raw: string; entities: unknown } | null {
  if (isObject(t.note_tweet) && typeof t.note_tweet.text === 'string') return { raw: t.note_tweet.text, entities: t.note_tweet.entities };
  return typeof t.text === 'string' ? { raw: t.text, entities: t.entities } : null;
}

/** The `retweeted` reference of a tweet: its id, and the original when the file has it (inline when flattened, else in includes.tweets). */
function retweeted(t: Json, inc: Includes): { id: ReturnType<typeof tweetId>; original: Json | null } | null {
  const rt = reference(t, 'retweeted');
  if (!rt) return null;
  const id = tweetId(rt.id, rt.id);
  return { id, original: isTweet(rt) ? rt : id.id ? (inc.tweets.get(id.id) ?? null) : null };
}

function readTweet(t: unknown, position: number, line: number | undefined, inc: Includes, ids: IdTally, missing: MissingMedia): Outcome {
  if (!isObject(t)) return { skip: 'not-a-message', why: `tweet #${position}: not a JSON object` };
  const { id, problem } = tweetId(t.id, t.id);
  const label = id ?? `#${position}`;
  const user = authorOf(t, inc);
  const handle = str(user?.username);
  if (!handle) {
    const why = str(t.author_id) ? `author ${shown(t.author_id)} is not in includes.users` : 'no author_id';
    return { skip: 'author-missing', why: `tweet ${label}: ${why}` };
  }
  const time = readApiTime(t.created_at);
  if (!time) return { skip: 'time-unreadable', why: `tweet ${label}: time unreadable (${shown(t.created_at)})` };
  const own = tweetText(t);
  if (!own) return { skip: 'text-missing', why: `tweet ${label}: no text` };
  let { text, links } = readApiText(own.raw, own.entities);

  ids.note(problem, 'message', position, line);
  const replied = reference(t, 'replied_to');
  const replyTo = replied ? tweetId(replied.id, replied.id) : { id: null };
  ids.note(replyTo.problem, 'reference', position, line);

  const rt = retweeted(t, inc);
  let retweetOf: ParsedMessage['retweetOf'];
  if (rt) {
    ids.note(rt.id.problem, 'reference', position, line);
    const rtHandle = (rt.original && str(authorOf(rt.original, inc)?.username)) ?? RETWEET_TEXT.exec(text)?.[1] ?? null;
    const full = rt.original && rtHandle ? tweetText(rt.original) : null;
    if (rtHandle && full) ({ text, links } = retweetText(rtHandle, full.raw, full.entities));
    if (rtHandle) retweetOf = { handle: rtHandle, id: rt.id.id };
  }
  const url = statusUrl(handle, id);
  const message: Omit<ParsedMessage, 'position' | 'line'> = {
    id,
    author: { handle, name: str(user?.name) },
    time: time.time,
    timePrecision: time.precision,
    text,
    url,
    replyTo: replyTo.id,
    links,
    attachments: orTweetPage(tweetMedia(t, rt?.original ?? null, inc, missing, line), url),
  };
  if (retweetOf) message.retweetOf = retweetOf;
  return { message };
}

/** One page or flattened tweet of the file, with the line it starts on. */
interface Unit {
  value: Json;
  line: number | undefined;
  /** Lines of the page's `data` entries, when the page is pretty-printed. */
  dataLines?: (number | undefined)[];
}

type Item = Unit | { broken: string; line: number };

/**
 * Pages, flattened tweets and broken lines, in file order, and the lines of
 * JSON values that are none of these.
 */
function itemsOf(file: ExportFile, read: Exclude<JsonRead, { kind: 'invalid' }>): { items: Item[]; other: number[] } {
  const items: Item[] = [];
  const other: number[] = [];
  if (read.kind === 'lines') {
    for (const l of read.lines) {
      if ('error' in l) items.push({ broken: l.error, line: l.line });
      else if (isObject(l.value)) items.push({ value: l.value, line: l.line });
      else other.push(l.line);
    }
    return { items, other };
  }
  const v = read.value;
  const text = file.text;
  if (isObject(v)) {
    let dataLines: (number | undefined)[] | undefined;
    if (Array.isArray(v.data)) {
      const offsets = arrayEntryOffsets(text, 'data');
      if (offsets.length === v.data.length) dataLines = offsets.map((o) => file.lineAt(o));
    }
    items.push({ value: v, line: file.lineAt(text.search(/\S/)), dataLines });
  } else if (Array.isArray(v)) {
    // An array of pages or of tweets.
    const offsets = arrayEntryOffsets(text, null);
    v.forEach((x, i) => {
      const line = offsets.length === v.length ? file.lineAt(offsets[i]) : undefined;
      if (isObject(x)) items.push({ value: x, line });
      else other.push(line ?? 0);
    });
  } else other.push(1);
  return { items, other };
}

/** What the file's pages hold for all their tweets: the includes, how many pages, and the errors the API listed. */
interface Pages {
  inc: Includes;
  count: number;
  apiErrors: number;
  firstApiError: { line: number | undefined; text: string } | null;
}

/** A first pass over the pages: the includes of every page (a tweet may be described on another page). */
function readPages(items: Item[]): Pages {
  const pages: Pages = { inc: { users: new Map(), tweets: new Map(), media: new Map() }, count: 0, apiErrors: 0, firstApiError: null };
  for (const u of items) {
    if (!('value' in u) || !isPage(u.value)) continue;
    pages.count++;
    addIncludes(u.value, pages.inc);
    if (Array.isArray(u.value.errors) && u.value.errors.length) {
      pages.apiErrors += u.value.errors.length;
      const e = u.value.errors[0];
      pages.firstApiError ??= { line: u.line, text: isObject(e) ? (str(e.detail) ?? str(e.title) ?? str(e.message) ?? 'no detail') : 'no detail' };
    }
  }
  return pages;
}

/** What reading the tweets adds to besides the result. */
interface Tallies {
  ids: IdTally;
  missing: MissingMedia;
  /** Lines of JSON values that are neither a page nor a tweet. */
  other: number[];
}

/** The tweets of the pages and the flattened tweets, in file order, into `result` (a broken line: see the top of the file). */
function readItems(file: ExportFile, items: Item[], pages: Pages, result: ParseResult, tallies: Tallies): void {
  let position = 0;
  const skip = (code: string, message: string, line: number | undefined) =>
    result.skipped.push({ severity: 'warning', code, message, file: file.name, ...(line ? { line } : {}), position });
  const add = (value: unknown, line: number | undefined) => {
    position++;
    result.found++;
    const out = readTweet(value, position, line, pages.inc, tallies.ids, tallies.missing);
    if ('skip' in out) skip(out.skip, out.why, line);
    else result.messages.push({ ...out.message, position, ...(line ? { line } : {}) });
  };
  for (const u of items) {
    if ('broken' in u) {
      // A broken line of a file of pages held an unknown number of tweets: an error of the
      // file. In a flattened file (no pages) it was one tweet: one skipped message.
      if (pages.count === 0) {
        position++;
        result.found++;
        skip('json-invalid', u.broken, u.line);
      } else {
        result.diagnostics.push({
          severity: 'error',
          code: 'json-invalid',
          message: `${u.broken}; the tweets of that page are missing`,
          file: file.name,
          line: u.line,
        });
      }
    } else if (isPage(u.value)) pageTweets(u.value).forEach((t, i) => add(t, u.dataLines?.[i] ?? u.line));
    else if (isTweet(u.value)) add(u.value, u.line);
    else tallies.other.push(u.line ?? 0);
  }
}

/** One diagnostic each for the values that are neither pages nor tweets, the API's errors, and the media keys not described. */
function fileDiagnostics(fileName: string, pages: Pages, { other, missing }: Tallies): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (other.length) {
    out.push({
      severity: 'warning',
      code: 'not-a-page',
      message: `${other.length} JSON value(s) are neither an API v2 response page nor a tweet; ignored`,
      file: fileName,
      ...(other[0] ? { line: other[0] } : {}),
    });
  }
  if (pages.firstApiError) {
    out.push({
      severity: 'info',
      code: 'api-errors',
      message: `the API responses list ${pages.apiErrors} error(s) (tweets or users it could not return), e.g. ${preview(pages.firstApiError.text)}`,
      file: fileName,
      ...(pages.firstApiError.line ? { line: pages.firstApiError.line } : {}),
    });
  }
  if (missing.keys) {
    out.push({
      severity: 'info',
      code: 'media-missing',
      message: `${missing.keys} media key(s) of ${missing.messages} message(s) are not in includes.media: those pictures and videos are not attached (the texts keep their links)`,
      file: fileName,
      ...(missing.line ? { line: missing.line } : {}),
    });
  }
  return out;
}

export const twarc2: Importer = {
  name: 'twarc2',
  description: 'Twitter API v2 JSON: twarc2 JSON Lines (pages or flattened tweets) or one v2 response',

  detect(file) {
    const head = jsonHead(file);
    return !!head && jsonHeadNames(file, 'author_id') && /"(?:data|text)"\s*:/.test(head) && !/"id_str"\s*:/.test(head);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const read = readJson(file.text);
    if (read.kind === 'invalid') {
      result.diagnostics.push({ severity: 'error', code: 'json-invalid', message: read.error, file: file.name });
      return result;
    }
    result.diagnostics.push(...jsonDuplicateDiagnostics(file, read));
    const { items, other } = itemsOf(file, read);
    const pages = readPages(items);
    const tallies: Tallies = { ids: new IdTally(), missing: { keys: 0, messages: 0 }, other };
    readItems(file, items, pages, result, tallies);
    result.diagnostics.push(...fileDiagnostics(file.name, pages, tallies));
    const summary = tallies.ids.diagnostic(file.name);
    if (summary) result.diagnostics.push(summary);
    result.newestFirst = listsNewestFirst(result.messages);
    return result;
  },
};
