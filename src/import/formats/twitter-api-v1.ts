/**
 * Tweets as Twitter's v1 APIs returned them, the JSON editors saved from
 * search tools, TAGS-style archivers and twarc (v1):
 *
 * - the 2010 Search API: `{results: [{from_user, id_str, text, created_at
 *   "Wed, 27 Oct 2010 03:56:39 +0000", to_user}]}`;
 * - v1.1 statuses: a bare array, `{statuses: [...]}` (search/tweets), one
 *   status, or JSON Lines of statuses (twarc): `user.screen_name`,
 *   `full_text` | `extended_tweet.full_text` | `text`, `created_at`
 *   "Wed Oct 24 17:45:00 +0000 2012", `in_reply_to_status_id_str`,
 *   `retweeted_status`, `entities.urls[].expanded_url`.
 *
 * Ids come from the `*_str` fields: JSON.parse changes numbers beyond 2^53
 * (see `tweetId`). Texts are HTML-escaped by the API and decoded here; t.co
 * links are replaced by their expansion as written. A retweet names the
 * retweeted tweet and shows "RT @x: " and the whole text of
 * `retweeted_status`, not its own text, which the API cuts short.
 * Hashtags and mentions are taken from the text by the pipeline.
 *
 * Pictures and videos are attachments (see `statusMedia`): the media of
 * `extended_entities` (all of them), else of `entities` (the first photo
 * only); a retweet shows the original's. A quoted status's media are its own,
 * not the quoting message's.
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
  statusUrl,
  shown,
  str,
  tweetId,
  v1MediaAttachment,
  orTweetPage,
  type Json,
} from './twitter-api.ts';
import type { Attachment } from '../../model/transcript.ts';
import { arrayEntryOffsets } from '../json-offsets.ts';

/** Keys of a response object that hold its statuses. */
const LIST_KEYS = ['statuses', 'results'] as const;

type Outcome = { message: Omit<ParsedMessage, 'position' | 'line'> } | { skip: string; why: string };

/** The statuses a response holds (an array, or `statuses`/`results`), and the key they are under; null for anything else. */
function listOf(v: unknown): { list: unknown[]; key: string | null } | null {
  if (Array.isArray(v)) return { list: v, key: null };
  if (isObject(v)) for (const key of LIST_KEYS) if (Array.isArray(v[key])) return { list: v[key] as unknown[], key };
  return null;
}

/**
 * A status's whole text as the file has it (escaped) and its entities:
 * `full_text` (tweet_mode=extended), else `extended_tweet` ("compatibility"
 * mode, where `text` is cut at 140 characters), else `text`.
 */
function statusText(s: Json): { raw: string; entities: unknown } | null {
  if (typeof s.full_text === 'string') return { raw: s.full_text, entities: s.entities };
  const ext = isObject(s.extended_tweet) && typeof s.extended_tweet.full_text === 'string' ? s.extended_tweet : null;
  if (ext) return { raw: ext.full_text as string, entities: ext.entities };
  return typeof s.text === 'string' ? { raw: s.text, entities: s.entities } : null;
}

/**
 * A status's media list: `extended_entities.media` holds all of them (up to
 * four photos, or a video or GIF), `entities.media` only the first photo. In
 * "compatibility" mode they are under `extended_tweet`, as the whole text is.
 */
function mediaList(s: Json): unknown[] {
  const ext = isObject(s.extended_tweet) ? s.extended_tweet : null;
  for (const e of [ext?.extended_entities, s.extended_entities, ext?.entities, s.entities]) {
    if (isObject(e) && Array.isArray(e.media) && e.media.length) return e.media;
  }
  return [];
}

/** The pictures and videos a message shows: a retweet's are the original's (its own, else). */
function statusMedia(s: Json, retweeted: Json | null): Attachment[] {
  const original = retweeted ? mediaList(retweeted) : [];
  const list = original.length ? original : mediaList(s);
  return list.map(v1MediaAttachment).filter((a): a is Attachment => a !== null);
}

/** One status (v1.1) or search result (2010) read into a message, or the reason it cannot be one. */
function readStatus(s: unknown, position: number, line: number | undefined, ids: IdTally): Outcome {
  if (!isObject(s)) return { skip: 'not-a-message', why: `status #${position}: not a JSON object` };
  const user = isObject(s.user) ? s.user : null;
  // The 2010 search API flattened the author into from_user*.
  const handle = str(s.from_user) ?? str(user?.screen_name);
  const { id, problem } = tweetId(s.id_str, s.id);
  const label = id ?? `#${position}`;
  if (!handle) return { skip: 'author-missing', why: `status ${label}: no author (user.screen_name or from_user)` };
  const time = readApiTime(s.created_at);
  if (!time) return { skip: 'time-unreadable', why: `status ${label}: time unreadable (${shown(s.created_at)})` };

  const own = statusText(s);
  if (!own) return { skip: 'text-missing', why: `status ${label}: no text` };
  const rt = isObject(s.retweeted_status) ? s.retweeted_status : null;
  const rtHandle = rt && isObject(rt.user) ? str(rt.user.screen_name) : null;
  const full = rt && rtHandle ? statusText(rt) : null;
  const { text, links } = full ? retweetText(rtHandle!, full.raw, full.entities) : readApiText(own.raw, own.entities);

  ids.note(problem, 'message', position, line);
  const reply = tweetId(s.in_reply_to_status_id_str, s.in_reply_to_status_id);
  ids.note(reply.problem, 'reference', position, line);

  const url = statusUrl(handle, id);
  const message: Omit<ParsedMessage, 'position' | 'line'> = {
    id,
    author: { handle, name: str(s.from_user_name) ?? str(user?.name) },
    time: time.time,
    timePrecision: time.precision,
    text,
    url,
    replyTo: reply.id,
    links,
    attachments: orTweetPage(statusMedia(s, full ? rt : null), url),
  };
  if (rt && rtHandle) {
    const rtId = tweetId(rt.id_str, rt.id);
    ids.note(rtId.problem, 'reference', position, line);
    message.retweetOf = { handle: rtHandle, id: rtId.id };
  }
  return { message };
}

export const twitterApiV1: Importer = {
  name: 'twitter-api-v1',
  description: 'Twitter API v1/v1.1 JSON: 2010 search results[], statuses (array, {statuses}, or twarc JSON Lines)',

  detect(file) {
    const head = jsonHead(file);
    if (!head || !jsonHeadNames(file, 'created_at')) return false;
    if (/"from_user"\s*:\s*"/.test(head)) return true;
    // A status names its author in a "user" object. A users/lookup answer (users with
    // their last status) has screen_name and text too, but no status of it has an author.
    return /"user"\s*:\s*\{/.test(head) && /"screen_name"\s*:\s*"/.test(head) && /"(?:full_)?text"\s*:\s*"/.test(head);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const ids = new IdTally();
    const text = file.text;
    const read = readJson(text);
    let position = 0;

    const add = (value: unknown, line: number | undefined) => {
      position++;
      result.found++;
      const out = readStatus(value, position, line, ids);
      if ('skip' in out) {
        result.skipped.push({ severity: 'warning', code: out.skip, message: out.why, file: file.name, ...(line ? { line } : {}), position });
      } else result.messages.push({ ...out.message, position, ...(line ? { line } : {}) });
    };

    if (read.kind === 'invalid') {
      result.diagnostics.push({ severity: 'error', code: 'json-invalid', message: read.error, file: file.name });
      return result;
    }
    result.diagnostics.push(...jsonDuplicateDiagnostics(file, read));
    if (read.kind === 'whole') {
      const held = listOf(read.value);
      if (held) {
        const offsets = arrayEntryOffsets(text, held.key);
        held.list.forEach((entry, i) => {
          const line = file.lineAt(offsets.length === held.list.length ? offsets[i] : undefined);
          // An array of whole responses (pages): their statuses, at the page's line.
          const inner = held.key === null && isObject(entry) ? listOf(entry) : null;
          if (inner) for (const s of inner.list) add(s, line);
          else add(entry, line);
        });
      } else if (isObject(read.value)) {
        add(read.value, file.lineAt(text.search(/\S/)));
      } else {
        result.diagnostics.push({ severity: 'error', code: 'not-twitter-api', message: 'the JSON is neither a status nor a list of statuses', file: file.name });
      }
    } else {
      // JSON Lines: one status per line (twarc), or one response per line. A broken line of
      // statuses was one status: one skipped message. A broken response held an unknown
      // number of statuses: an error of the file (as in twarc2.ts).
      const responses = read.lines.some((l) => 'value' in l && listOf(l.value));
      for (const l of read.lines) {
        if ('error' in l) {
          if (responses) {
            const message = `${l.error}; the statuses of that response are missing`;
            result.diagnostics.push({ severity: 'error', code: 'json-invalid', message, file: file.name, line: l.line });
            continue;
          }
          position++;
          result.found++;
          result.skipped.push({ severity: 'warning', code: 'json-invalid', message: l.error, file: file.name, line: l.line, position });
          continue;
        }
        const inner = listOf(l.value);
        if (inner) for (const s of inner.list) add(s, l.line);
        else add(l.value, l.line);
      }
    }

    const summary = ids.diagnostic(file.name);
    if (summary) result.diagnostics.push(summary);
    result.newestFirst = listsNewestFirst(result.messages);
    return result;
  },
};
