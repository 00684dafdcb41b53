/**
 * twitter.com pages saved from the browser in the legacy (2014-2019)
 * "stream-item" markup: search results, timelines and permalink
 * (conversation) pages. Each tweet is a
 * `div.tweet[data-tweet-id][data-screen-name][data-name][data-permalink-path]`
 * with its text in `p.js-tweet-text` and its time, in milliseconds since the
 * epoch, in `span._timestamp[data-time-ms]` (the visible `title` is in the
 * saving browser's local zone, so it is never used).
 *
 * Choices worth knowing:
 * - Links: `a.twitter-timeline-link` shows a truncated URL split into hidden
 *   spans; the text gets the expanded URL (`data-expanded-url`, else `title`),
 *   and a photo link gets `https://pic.twitter.com/...` (its display URL).
 * - Pictures and videos are attachments, see `tweetMedia`: each
 *   `div.AdaptiveMedia-photoContainer` is an image (`data-image-url`, the
 *   `<img>`'s alt, and its `src` as `file` when a saved page points into
 *   `<name>_files/`), each `AdaptiveMedia-videoContainer` (or a lone
 *   `PlayableMedia`: videos and GIFs) a video. A quoted tweet's media
 *   (inside `div.QuoteTweet`) and a nested tweet's belong to that tweet, not
 *   to the one quoting it: they are left out, as its text is.
 * - Retweets (`data-retweeter`, `data-retweet-id`) become the retweeter's
 *   message "RT @author: text" with `retweetOf` set. The page prints only the
 *   original's time; the retweet's own time is read from its id (a Snowflake,
 *   see `snowflakeTime`), and a retweet whose id carries no time is skipped.
 * - replyTo is set only where the page says which tweet is the parent, see
 *   `conversationParents`. `data-conversation-id` names the ROOT of a
 *   conversation, not the parent, so it is never used as replyTo.
 * - The same tweet can appear twice in one page; every element counts in
 *   `found` and the pipeline merges the duplicate ids.
 */
import type { AnyNode, Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { findFirst, hasClass, nodeText, pageTitle, visitElements } from '../html-text.ts';
import { parseEpoch, type ParsedTime } from '../time.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { localFilePath, safeHttpUrl } from '../../model/entities.ts';
import { handleKey, type Attachment } from '../../model/transcript.ts';

const TWEET_ID = /^\d{1,25}$/;
const HANDLE = /^[A-Za-z0-9_]{1,30}$/;
const PIC_TEXT = /^(?:https?:\/\/)?(pic\.(?:twitter|x)\.com\/[A-Za-z0-9]+)$/;

/** Twitter's Snowflake epoch, 2010-11-04T01:42:54.657Z, in ms. */
const SNOWFLAKE_EPOCH = 1288834974657n;
/** Ids below this were issued sequentially, before Snowflake (Nov 2010); they carry no time. */
const FIRST_SNOWFLAKE_ID = 29_700_859_247n;

/**
 * The creation time encoded in a Twitter id: the bits above the lowest 22
 * are milliseconds since `SNOWFLAKE_EPOCH`. Null for pre-Snowflake ids.
 */
export function snowflakeTime(id: string): ParsedTime | null {
  if (!TWEET_ID.test(id)) return null;
  const n = BigInt(id);
  if (n < FIRST_SNOWFLAKE_ID) return null;
  return parseEpoch(Number((n >> 22n) + SNOWFLAKE_EPOCH), 'ms');
}

function isTweet(el: Element): boolean {
  return el.name === 'div' && hasClass(el, 'tweet') && el.attribs['data-tweet-id'] !== undefined;
}

/** A quoted or nested tweet inside a tweet: its text and time are not the outer tweet's. */
function isInnerTweet(el: Element): boolean {
  return isTweet(el) || hasClass(el, 'QuoteTweet');
}

function findOwn(root: Element, pred: (el: Element) => boolean): Element | undefined {
  let found: Element | undefined;
  visitElements(root, isInnerTweet, (el) => {
    if (!pred(el)) return false;
    found = el;
    return true;
  });
  return found;
}

function findAllOwn(root: Element, pred: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  visitElements(root, isInnerTweet, (el) => {
    if (pred(el)) out.push(el);
  });
  return out;
}

/** The tweet elements of a page, and every `data-replied-tweet-id` on it (see `conversationParents`), in one walk. */
function pageTweets(root: AnyNode): { tweets: Element[]; replied: Set<string> } {
  const tweets: Element[] = [];
  const replied = new Set<string>();
  visitElements(root, undefined, (el) => {
    if (isTweet(el)) tweets.push(el);
    const v = el.attribs['data-replied-tweet-id'];
    if (v !== undefined) replied.add(v);
  });
  return { tweets, replied };
}


/**
 * Text for a t.co link: the expanded URL when the page has it
 * (`data-expanded-url`), the photo's display URL for pic.twitter.com links,
 * else the link's `title` or, last, the t.co URL itself. Hidden
 * links (photos, cards) were appended with their leading space trimmed, so
 * they get one back; the known URL is recorded in `links`.
 */
function twitterLinkText(a: Element, links: string[]): string | undefined {
  const visible = nodeText(a).replace(/…$/u, '').trim();
  const pic = PIC_TEXT.exec(visible);
  const url = safeHttpUrl(a.attribs['data-expanded-url']) ?? (pic ? `https://${pic[1]}` : null) ?? safeHttpUrl(a.attribs.title) ?? safeHttpUrl(a.attribs.href);
  if (!url) return undefined;
  links.push(url);
  const hidden = hasClass(a, 'u-hidden') || a.attribs['data-pre-embedded'] === 'true';
  return hidden ? ` ${url}` : url;
}

function isTimelineLink(a: Element): boolean {
  return hasClass(a, 'twitter-timeline-link') || PIC_TEXT.test(nodeText(a).trim());
}

/** The handles a 2017+ reply names ("Replying to @a @b"), or null when the page does not say. */
function replyingTo(tweet: Element): Set<string> | null {
  const ctx = findOwn(tweet, (e) => hasClass(e, 'ReplyingToContextBelowAuthor'));
  if (!ctx) return null;
  const handles = new Set<string>();
  for (const a of findAllOwn(ctx, (e) => e.name === 'a')) {
    const h = /^\/([A-Za-z0-9_]{1,30})$/.exec(a.attribs.href ?? '')?.[1] ?? nodeText(a).replace(/^@/, '');
    if (HANDLE.test(h)) handles.add(handleKey(h));
  }
  return handles;
}

function closest(el: Element, pred: (e: Element) => boolean): Element | null {
  for (let p = el.parent as Element | null; p && p.type === 'tag'; p = p.parent as Element | null) if (pred(p)) return p;
  return null;
}

/**
 * Parents that the page states, by tweet element. On a permalink page:
 * - the focal tweet (`div.permalink-tweet`) replies to the tweet named by
 *   `data-replied-tweet-id` (in `div.permalink-in-reply-tos`);
 * - under `#descendants`, every `ThreadedConversation` ("New conversation")
 *   is a reply chain: its first tweet replies to the focal tweet, each next
 *   one to the tweet above it ("View other replies" links may sit between);
 *   a `ThreadedConversation--loneTweet` replies to the focal tweet.
 * A derived parent is kept only if the tweet itself says it is a reply
 * (`data-has-parent-tweet="true"`), is in the focal tweet's conversation
 * (when both carry `data-conversation-id`), and, where the page has a
 * "Replying to @..." line, the parent's author is named there. Anything
 * else between chain tweets (collapsed or unavailable tweets) breaks the
 * chain: the parent is then unknown. Ancestor tweets and tweets of search
 * or timeline pages get no replyTo (the page does not name their parent).
 */
function conversationParents(tweets: Element[], replied: Set<string>): Map<Element, string> {
  const parents = new Map<Element, string>();
  const focals = tweets.filter((t) => hasClass(t, 'permalink-tweet'));
  if (focals.length !== 1) return parents;
  const focal = focals[0];
  const focalId = focal.attribs['data-tweet-id'];

  if (replied.size === 1) {
    const [parentId] = replied;
    if (TWEET_ID.test(parentId) && parentId !== focalId) parents.set(focal, parentId);
  }

  const screenName = (t: Element) => t.attribs['data-screen-name'] ?? '';
  const consider = (tweet: Element, parent: Element | undefined) => {
    if (!parent || tweet.attribs['data-has-parent-tweet'] !== 'true') return;
    const conv = tweet.attribs['data-conversation-id'];
    const focalConv = focal.attribs['data-conversation-id'];
    if (conv && focalConv && conv !== focalConv) return;
    const named = replyingTo(tweet);
    if (named && !named.has(handleKey(screenName(parent)))) return;
    const parentId = parent.attribs['data-tweet-id'];
    if (TWEET_ID.test(parentId) && parentId !== tweet.attribs['data-tweet-id']) parents.set(tweet, parentId);
  };

  for (const tweet of tweets) {
    if (tweet === focal || !closest(tweet, (e) => e.attribs.id === 'descendants')) continue;
    if (closest(tweet, (e) => hasClass(e, 'ThreadedConversation--loneTweet'))) {
      consider(tweet, focal);
      continue;
    }
    const slot = closest(tweet, (e) => hasClass(e, 'ThreadedConversation-tweet'));
    if (!slot) continue;
    let parent: Element | undefined = focal;
    for (let prev = slot.prev; prev; prev = prev.prev) {
      if (prev.type !== 'tag') continue;
      const p = prev as Element;
      if (hasClass(p, 'ThreadedConversation-viewOther')) continue;
      parent = hasClass(p, 'ThreadedConversation-tweet') ? findFirst(p, isTweet) : undefined;
      break;
    }
    consider(tweet, parent);
  }
  return parents;
}

function isVideoBox(e: Element): boolean {
  return hasClass(e, 'AdaptiveMedia-videoContainer') || hasClass(e, 'PlayableMedia');
}

/**
 * The pictures and videos of a tweet, in page order, its own only (not a
 * quoted or nested tweet's, see `findAllOwn`):
 * - an image per `div.AdaptiveMedia-photoContainer`: `url` is its
 *   `data-image-url` (https://pbs.twimg.com/media/...; else the `<img>`'s web
 *   `src`), `alt` the `<img>`'s alt, `file` its `src` when the saved page
 *   keeps a copy beside it (`Page_files/photo.jpg`);
 * - a video per `div.AdaptiveMedia-videoContainer`, or per `div.PlayableMedia`
 *   outside one (a video or GIF): the page holds no address of the video
 *   itself (`data-playable-media-url` is empty in saved pages), so `url` is
 *   that when it is a web address, else null (`readTweet` then gives it the
 *   media's page). Its poster frame is a CSS background, not the video, so
 *   it is not kept.
 */
function tweetMedia(tweet: Element): Attachment[] {
  const out: Attachment[] = [];
  // One walk in page order; a media box's subtree is not entered, so a PlayableMedia inside a
  // videoContainer is the same video, not a second one.
  const take = (e: Element): boolean => {
    if (isInnerTweet(e)) return true;
    // Every media class below has "Media" in its name: a class list without it is none of them.
    if (!e.attribs.class?.includes('Media')) return false;
    if (hasClass(e, 'AdaptiveMedia-photoContainer')) {
      const img = findOwn(e, (x) => x.name === 'img');
      const src = img?.attribs.src;
      out.push({ kind: 'image', url: safeHttpUrl(e.attribs['data-image-url']) ?? safeHttpUrl(src), alt: img?.attribs.alt?.trim() || null, file: localFilePath(src) });
      return true;
    }
    if (isVideoBox(e)) {
      const player = findOwn(e, (x) => x.attribs['data-playable-media-url'] !== undefined);
      out.push({ kind: 'video', url: safeHttpUrl(player?.attribs['data-playable-media-url']), alt: null, file: null });
      return true;
    }
    return false;
  };
  visitElements(tweet, take, () => false);
  return out;
}

type Outcome = { message: Omit<ParsedMessage, 'position' | 'line'>; note?: string } | { skip: string; why: string };

/** What a tweet (or the tweet a retweet shows) says: its text, links, pictures and videos, and a note about them. */
interface TweetBody {
  text: string;
  links: string[];
  attachments: Attachment[];
  note?: string;
}

/**
 * A tweet's text with its links, and its pictures and videos. Photos the
 * text does not link (no pic.twitter link) join its links, with a note;
 * media with no address of their own link to their page (the
 * pic.twitter.com link), else to the tweet (`url`).
 */
function textAndMedia(tweet: Element, textEl: Element, id: string, url: string | null): TweetBody {
  const links: string[] = [];
  const text = nodeText(textEl, {
    linkText(el) {
      return isTimelineLink(el) ? twitterLinkText(el, links) : undefined;
    },
  });
  const picLink = links.find((l) => PIC_TEXT.test(l)) ?? null;
  const media = tweetMedia(tweet);
  let note: string | undefined;
  if (!picLink) {
    const photos = media.flatMap((m) => (m.kind === 'image' && m.url ? [m.url] : []));
    if (photos.length) {
      links.push(...photos);
      note = `tweet ${id}: ${photos.length} photo(s) not linked in the text; added to its links`;
    }
  }
  const attachments = media.map((m) => (m.url ? m : { ...m, url: picLink ?? url }));
  return { text, links, attachments, note };
}

/** The retweet a tweet element shows (`data-retweet-id`, `data-retweeter`): the retweeter's message, at the retweet id's time. */
function readRetweet(tweet: Element, original: { id: string; handle: string; url: string | null }, read: TweetBody): Outcome {
  const a = tweet.attribs;
  const { id, handle, url } = original;
  const retweetId = a['data-retweet-id']?.trim();
  const retweeter = a['data-retweeter']?.trim().replace(/^@/, '');
  if (!retweetId || !TWEET_ID.test(retweetId) || !retweeter || !HANDLE.test(retweeter)) {
    return { skip: 'retweet-unreadable', why: `retweet of ${id}: retweeter or retweet id missing` };
  }
  const rtTime = snowflakeTime(retweetId);
  if (!rtTime) return { skip: 'time-unreadable', why: `retweet ${retweetId} of ${id}: its id carries no time` };
  const ctx = findOwn(tweet, (e) => hasClass(e, 'js-retweet-text'));
  const nameEl = ctx ? findOwn(ctx, (e) => e.name === 'b') : undefined;
  return {
    message: {
      id: retweetId,
      author: { handle: retweeter, name: nameEl ? nodeText(nameEl) || null : null },
      time: rtTime.time,
      timePrecision: rtTime.precision,
      text: `RT @${handle}: ${read.text}`,
      url,
      replyTo: null,
      retweetOf: { handle, id },
      links: read.links,
      attachments: read.attachments,
    },
    note: read.note,
  };
}

/** The parts of a tweet `readTweet` reads: the first of its own elements (see `findOwn`) that is each. */
interface OwnParts {
  /** `.username` (looked for only when `withUsername`). */
  username: Element | undefined;
  /** `.js-tweet-text` or `.tweet-text`. */
  text: Element | undefined;
  /** `._timestamp`. */
  stamp: Element | undefined;
}

/** `OwnParts` in one walk, as `findOwn` would find each, stopping once all are found. */
function ownParts(tweet: Element, withUsername: boolean): OwnParts {
  const parts: OwnParts = { username: undefined, text: undefined, stamp: undefined };
  let left = withUsername ? 3 : 2;
  visitElements(tweet, isInnerTweet, (e) => {
    if (!e.attribs.class) return false;
    if (withUsername && !parts.username && hasClass(e, 'username')) {
      parts.username = e;
      left--;
    }
    if (!parts.text && (hasClass(e, 'js-tweet-text') || hasClass(e, 'tweet-text'))) {
      parts.text = e;
      left--;
    }
    if (!parts.stamp && hasClass(e, '_timestamp')) {
      parts.stamp = e;
      left--;
    }
    return left === 0;
  });
  return parts;
}

/** A tweet's time from its `span._timestamp` (`data-time-ms`, else `data-time` in seconds). */
function tweetTime(stamp: Element | undefined): ParsedTime | null {
  if (stamp?.attribs['data-time-ms']) return parseEpoch(stamp.attribs['data-time-ms'], 'ms');
  if (stamp?.attribs['data-time']) return parseEpoch(stamp.attribs['data-time'], 's');
  return null;
}

/** One tweet element read into a message, or the reason it cannot be one. */
function readTweet(tweet: Element, parents: Map<Element, string>, position: number): Outcome {
  const a = tweet.attribs;
  const id = (a['data-tweet-id'] ?? '').trim();
  if (!TWEET_ID.test(id)) return { skip: 'id-invalid', why: `tweet element ${position}: id ${JSON.stringify(id.slice(0, 40))} is not a tweet id` };
  const own = ownParts(tweet, a['data-screen-name'] === undefined);
  const usernameEl = own.username;
  const handle = (a['data-screen-name'] ?? (usernameEl ? nodeText(usernameEl) : '')).trim().replace(/^@/, '');
  if (!HANDLE.test(handle)) return { skip: 'author-missing', why: `tweet ${id}: no readable author` };
  const textEl = own.text;
  if (!textEl) return { skip: 'text-missing', why: `tweet ${id}: no tweet text` };

  const permalink = a['data-permalink-path'] ?? '';
  const url = permalink.startsWith('/') ? safeHttpUrl(`https://twitter.com${permalink}`) : null;
  const read = textAndMedia(tweet, textEl, id, url);
  if (a['data-retweet-id']?.trim() || a['data-retweeter']?.trim().replace(/^@/, '')) return readRetweet(tweet, { id, handle, url }, read);

  const time = tweetTime(own.stamp);
  if (!time) return { skip: 'time-unreadable', why: `tweet ${id}: no machine-readable time (span._timestamp[data-time-ms])` };
  return {
    message: {
      id,
      author: { handle, name: a['data-name']?.trim() || null },
      time: time.time,
      timePrecision: time.precision,
      text: read.text,
      url,
      replyTo: parents.get(tweet) ?? null,
      links: read.links,
      attachments: read.attachments,
    },
    note: read.note,
  };
}

/** A tweet element's opening tag in the raw text (see hidden-rows.ts). */
const TWEET_MARKER = /<div\b(?=[^>]*\bdata-tweet-id=["'](\d+)["'])(?=[^>]*\bclass=["'][^"']*\btweet\b)[^>]*>/gi;

export const twitterHtml: Importer = {
  name: 'twitter-html',
  description: 'twitter.com page saved from the browser, legacy markup (div.tweet[data-tweet-id] stream items)',

  detect(file) {
    if (!file.looksLikeHtml) return false;
    const t = file.text;
    return /data-tweet-id=["']?\d/.test(t) && /data-screen-name=/.test(t) && /class=["'][^"']*\btweet-text\b/.test(t);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const root = file.document();
    result.title = pageTitle(root);
    const { tweets, replied } = pageTweets(root);
    let parents = new Map<Element, string>();
    try {
      parents = conversationParents(tweets, replied);
    } catch (err) {
      result.diagnostics.push({ severity: 'warning', code: 'replies-unreadable', message: `conversation layout unreadable: ${(err as Error).message}`, file: file.name });
    }

    tweets.forEach((tweet, i) => {
      const position = i + 1;
      const line = file.lineAt(tweet.startIndex);
      result.found++;
      let outcome: Outcome;
      try {
        outcome = readTweet(tweet, parents, position);
      } catch (err) {
        // E.g. markup nested too deep to walk: the element is still accounted for.
        outcome = { skip: 'unreadable', why: `tweet element ${position}: ${(err as Error).message}` };
      }
      if ('skip' in outcome) {
        result.skipped.push({ severity: 'warning', code: outcome.skip, message: outcome.why, file: file.name, line, position });
        return;
      }
      result.messages.push({ ...outcome.message, position, line });
      if (outcome.note) result.diagnostics.push({ severity: 'info', code: 'media-not-in-text', message: outcome.note, file: file.name, line, position });
    });
    reportHiddenRows(file, result, TWEET_MARKER, tweets.map((t) => t.startIndex), 'tweet');
    return result;
  },
};
