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
 * - Pictures and videos are attachments, see `TweetReader.read`: each
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
import type { AnyNode, Element, Text } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { findFirst, hasClass, nodeText, titleText, visitElements, type ElementList, type TextOptions } from '../html-text.ts';
import { parseEpoch, type ParsedTime } from '../time.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { localFilePath, safeHttpUrl } from '../../model/entities.ts';
import { handleKey, type Attachment } from '../../model/transcript.ts';
import { looksLikeHtml } from './html-sniff.ts';

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

/** A tweet's time from its `span._timestamp` (`data-time-ms`, else `data-time` in seconds). */
function tweetTime(stamp: Element | undefined): ParsedTime | null {
  if (stamp?.attribs['data-time-ms']) return parseEpoch(stamp.attribs['data-time-ms'], 'ms');
  if (stamp?.attribs['data-time']) return parseEpoch(stamp.attribs['data-time'], 's');
  return null;
}

/** Bits of `TweetReader.flags`: which of the classes that mark a tweet's parts a class list has (as `hasClass` says). */
const F_TWEET = 1; // tweet
const F_QUOTE = 2; // QuoteTweet
const F_USERNAME = 4; // username
const F_TEXT = 8; // js-tweet-text or tweet-text
const F_STAMP = 16; // _timestamp
const F_PHOTO = 32; // AdaptiveMedia-photoContainer
const F_VIDEO = 64; // AdaptiveMedia-videoContainer or PlayableMedia
const F_RETWEET_TEXT = 128; // js-retweet-text

/** In every class list with one of the `F_` classes (a quick test before the lookup). */
const MAYBE_PART = /[tT]weet|Media|username|_timestamp/;

/** A permalink path in twitter.com's own form: `https://twitter.com` before it is already what `safeHttpUrl` gives. */
const PLAIN_PERMALINK = /^\/[A-Za-z0-9_]+\/status\/[0-9]+$/;

/** Why a tweet element cannot be a message. */
interface Skip {
  skip: string;
  why: string;
}

/**
 * Reads a page's tweet elements off its element list (`ExportFile.elements()`). One reader
 * per page keeps what every tweet needs: the flags of each distinct class list (read once,
 * see `flags`), the text options, and the parts of the tweet being read, so that reading a
 * tweet is one pass over its elements and allocates little more than its message.
 */
class TweetReader {
  private readonly elements: Element[];
  private readonly ends: number[];
  /** `flags` by class list. */
  private readonly flagsByClass = new Map<string, number>();
  /** A stand-in element for `hasClass`, given each class list read. */
  private readonly probe = { attribs: { class: '' } } as unknown as Element;
  /** The links of the text being read (see `textOptions`). */
  private links: string[] = [];
  /** A t.co link reads as the URL behind it, which joins `links`. */
  private readonly textOptions: TextOptions = {
    linkText: (a) => (this.isTimelineLink(a) ? this.linkText(a) : undefined),
  };
  /** The note about the last message read (photos not linked in its text), if any. */
  note: string | undefined;

  /** The parents the page states (see `conversationParents`), set once the tweets are known. */
  parents = new Map<Element, string>();

  constructor(list: ElementList) {
    this.elements = list.elements;
    this.ends = list.ends;
  }

  /**
   * The `F_` bits of an element's class list, worked out once per distinct list. A list
   * without "tweet", "Tweet", "username", "_timestamp" or "Media" in it (most of a tweet's
   * elements) has none of them: that is found without looking the list up.
   */
  flags(el: Element): number {
    const c = el.attribs.class;
    if (!c) return 0;
    if (!MAYBE_PART.test(c)) return 0;
    let f = this.flagsByClass.get(c);
    if (f === undefined) {
      const p = this.probe;
      p.attribs.class = c;
      f =
        (hasClass(p, 'tweet') ? F_TWEET : 0) |
        (hasClass(p, 'QuoteTweet') ? F_QUOTE : 0) |
        (hasClass(p, 'username') ? F_USERNAME : 0) |
        (hasClass(p, 'js-tweet-text') || hasClass(p, 'tweet-text') ? F_TEXT : 0) |
        (hasClass(p, '_timestamp') ? F_STAMP : 0) |
        (hasClass(p, 'AdaptiveMedia-photoContainer') ? F_PHOTO : 0) |
        (hasClass(p, 'AdaptiveMedia-videoContainer') || hasClass(p, 'PlayableMedia') ? F_VIDEO : 0) |
        (hasClass(p, 'js-retweet-text') ? F_RETWEET_TEXT : 0);
      p.attribs.class = '';
      this.flagsByClass.set(c, f);
    }
    return f;
  }

  /** `isTweet`, by the flags. */
  isTweet(el: Element): boolean {
    return el.name === 'div' && el.attribs['data-tweet-id'] !== undefined && (this.flags(el) & F_TWEET) !== 0;
  }

  /** `isInnerTweet` for an element whose flags are `f`. */
  private isInner(el: Element, f: number): boolean {
    return (f & F_QUOTE) !== 0 || ((f & F_TWEET) !== 0 && el.name === 'div' && el.attribs['data-tweet-id'] !== undefined);
  }

  /** `findOwn(elements[at], pred)` off the list: the first descendant passing `pred`, quoted and nested tweets left out. */
  private firstOwn(at: number, pred: (el: Element) => boolean): Element | undefined {
    const { elements, ends } = this;
    for (let k = at + 1, end = ends[at]; k < end; k++) {
      const el = elements[k];
      if (el.type !== 'tag' || this.isInner(el, this.flags(el))) {
        k = ends[k] - 1;
        continue;
      }
      if (pred(el)) return el;
    }
    return undefined;
  }

  /** `isTimelineLink`: the visible text is read only when it may be a pic.twitter.com text (see `mayHaveDot`). */
  private isTimelineLink(a: Element): boolean {
    return hasClass(a, 'twitter-timeline-link') || (this.mayHaveDot(a) && PIC_TEXT.test(nodeText(a).trim()));
  }

  /** The stack of `mayHaveDot`, kept for the next link (cleared as it is popped). */
  private readonly dotStack: AnyNode[] = [];

  /**
   * Could the element's text (`nodeText`) have a "." in it? Not when none of its text nodes
   * and none of its elements' `alt` has one: its text is made of those (scripts and styles
   * left out) and line breaks. A link like `#hashtag` or `@mention` is then no pic.twitter.com
   * link, found without building its text.
   */
  private mayHaveDot(a: Element): boolean {
    const stack = this.dotStack;
    let top = 0;
    stack[top++] = a;
    let dot = false;
    while (top) {
      const node = stack[--top];
      stack[top] = undefined!;
      if (dot) continue;
      if (node.type === 'text') dot = (node as Text).data.includes('.');
      else if (node.type === 'tag') {
        const el = node as Element;
        if (el.attribs.alt?.includes('.')) dot = true;
        const kids = el.children;
        for (let i = kids.length - 1; i >= 0; i--) stack[top++] = kids[i];
      }
    }
    return dot;
  }

  /**
   * Text for a t.co link: the expanded URL when the page has it
   * (`data-expanded-url`), the photo's display URL for pic.twitter.com links,
   * else the link's `title` or, last, the t.co URL itself. Hidden
   * links (photos, cards) were appended with their leading space trimmed, so
   * they get one back; the known URL is recorded in `links`. (The visible
   * text is read only when there is no expanded URL.)
   */
  private linkText(a: Element): string | undefined {
    let url = safeHttpUrl(a.attribs['data-expanded-url']);
    if (!url) {
      const visible = nodeText(a).replace(/…$/u, '').trim();
      const pic = PIC_TEXT.exec(visible);
      url = (pic ? `https://${pic[1]}` : null) ?? safeHttpUrl(a.attribs.title) ?? safeHttpUrl(a.attribs.href);
    }
    if (!url) return undefined;
    this.links.push(url);
    const hidden = hasClass(a, 'u-hidden') || a.attribs['data-pre-embedded'] === 'true';
    return hidden ? ` ${url}` : url;
  }

  /** A photo container read into an image (see `read`). */
  private image(at: number): Attachment {
    const e = this.elements[at];
    const img = this.firstOwn(at, (x) => x.name === 'img');
    const src = img?.attribs.src;
    return { kind: 'image', url: safeHttpUrl(e.attribs['data-image-url']) ?? safeHttpUrl(src), alt: img?.attribs.alt?.trim() || null, file: localFilePath(src) };
  }

  /** A video box read into a video. */
  private video(at: number): Attachment {
    const player = this.firstOwn(at, (x) => x.attribs['data-playable-media-url'] !== undefined);
    return { kind: 'video', url: safeHttpUrl(player?.attribs['data-playable-media-url']), alt: null, file: null };
  }

  /**
   * One tweet element (`elements[at]`) read into a message at `position` and `line` (its note
   * in `note`), or the reason it cannot be one. Its parts are found in one pass over its own
   * elements (quoted and nested tweets left out), each the first of its kind:
   * the `.username` (looked for only without `data-screen-name`), the text (`.js-tweet-text` or
   * `.tweet-text`), the `._timestamp` and the `.js-retweet-text`; and its pictures and videos,
   * in page order:
   * - an image per `div.AdaptiveMedia-photoContainer`: `url` is its
   *   `data-image-url` (https://pbs.twimg.com/media/...; else the `<img>`'s web
   *   `src`), `alt` the `<img>`'s alt, `file` its `src` when the saved page
   *   keeps a copy beside it (`Page_files/photo.jpg`);
   * - a video per `div.AdaptiveMedia-videoContainer`, or per `div.PlayableMedia`
   *   outside one (a video or GIF): the page holds no address of the video
   *   itself (`data-playable-media-url` is empty in saved pages), so `url` is
   *   that when it is a web address, else null (it then gets the media's
   *   page). Its poster frame is a CSS background, not the video, so it is not kept.
   * A media box holds no further media (a PlayableMedia inside a videoContainer is the same
   * video), but the other parts are looked for inside it.
   * Photos the text does not link (no pic.twitter link) join its links, with a note;
   * media with no address of their own link to their page (the
   * pic.twitter.com link), else to the tweet (`url`).
   */
  read(at: number, position: number, line: number | undefined): ParsedMessage | Skip {
    this.note = undefined;
    const { elements, ends } = this;
    const tweet = elements[at];
    const a = tweet.attribs;
    const id = (a['data-tweet-id'] ?? '').trim();
    if (!TWEET_ID.test(id)) return { skip: 'id-invalid', why: `tweet element ${position}: id ${JSON.stringify(id.slice(0, 40))} is not a tweet id` };

    const screenName = a['data-screen-name'];
    const withUsername = screenName === undefined;
    let username: Element | undefined;
    let textEl: Element | undefined;
    let stamp: Element | undefined;
    let retweetText = -1;
    let media: Attachment[] | undefined;
    /** Media boxes are looked for from here on (not inside the last one found). */
    let mediaFrom = 0;
    for (let k = at + 1, end = ends[at]; k < end; k++) {
      const el = elements[k];
      if (el.type !== 'tag') {
        k = ends[k] - 1;
        continue;
      }
      const f = this.flags(el);
      if (f === 0) continue;
      if (this.isInner(el, f)) {
        k = ends[k] - 1;
        continue;
      }
      if (withUsername && !username && f & F_USERNAME) username = el;
      if (!textEl && f & F_TEXT) textEl = el;
      if (!stamp && f & F_STAMP) stamp = el;
      if (retweetText < 0 && f & F_RETWEET_TEXT) retweetText = k;
      if (k >= mediaFrom && f & (F_PHOTO | F_VIDEO)) {
        (media ??= []).push(f & F_PHOTO ? this.image(k) : this.video(k));
        mediaFrom = ends[k];
      }
    }

    const handleRaw = screenName ?? (username ? nodeText(username) : '');
    const handle = HANDLE.test(handleRaw) ? handleRaw : handleRaw.trim().replace(/^@/, '');
    if (!HANDLE.test(handle)) return { skip: 'author-missing', why: `tweet ${id}: no readable author` };
    if (!textEl) return { skip: 'text-missing', why: `tweet ${id}: no tweet text` };

    const permalink = a['data-permalink-path'] ?? '';
    const url = PLAIN_PERMALINK.test(permalink) ? `https://twitter.com${permalink}` : permalink.startsWith('/') ? safeHttpUrl(`https://twitter.com${permalink}`) : null;

    const links: string[] = (this.links = []);
    const text = nodeText(textEl, this.textOptions);
    let attachments: Attachment[] = [];
    if (media) {
      let picLink: string | null = null;
      for (const l of links) {
        if (PIC_TEXT.test(l)) {
          picLink = l;
          break;
        }
      }
      if (!picLink) {
        const photos = media.flatMap((m) => (m.kind === 'image' && m.url ? [m.url] : []));
        if (photos.length) {
          links.push(...photos);
          this.note = `tweet ${id}: ${photos.length} photo(s) not linked in the text; added to its links`;
        }
      }
      attachments = media.map((m) => (m.url ? m : { ...m, url: picLink ?? url }));
    }

    if (a['data-retweet-id']?.trim() || a['data-retweeter']?.trim().replace(/^@/, '')) {
      return this.retweet(tweet, retweetText, { id, handle, url }, text, links, attachments, position, line);
    }

    const time = tweetTime(stamp);
    if (!time) {
      this.note = undefined;
      return { skip: 'time-unreadable', why: `tweet ${id}: no machine-readable time (span._timestamp[data-time-ms])` };
    }
    return {
      id,
      author: { handle, name: a['data-name']?.trim() || null },
      time: time.time,
      timePrecision: time.precision,
      text,
      url,
      replyTo: this.parents.size ? (this.parents.get(tweet) ?? null) : null,
      links,
      attachments,
      position,
      line,
    };
  }

  /** The retweet a tweet element shows (`data-retweet-id`, `data-retweeter`): the retweeter's message, at the retweet id's time. */
  private retweet(
    tweet: Element,
    retweetText: number,
    original: { id: string; handle: string; url: string | null },
    text: string,
    links: string[],
    attachments: Attachment[],
    position: number,
    line: number | undefined,
  ): ParsedMessage | Skip {
    const a = tweet.attribs;
    const { id, handle, url } = original;
    const retweetId = a['data-retweet-id']?.trim();
    const retweeter = a['data-retweeter']?.trim().replace(/^@/, '');
    if (!retweetId || !TWEET_ID.test(retweetId) || !retweeter || !HANDLE.test(retweeter)) {
      this.note = undefined;
      return { skip: 'retweet-unreadable', why: `retweet of ${id}: retweeter or retweet id missing` };
    }
    const rtTime = snowflakeTime(retweetId);
    if (!rtTime) {
      this.note = undefined;
      return { skip: 'time-unreadable', why: `retweet ${retweetId} of ${id}: its id carries no time` };
    }
    const nameEl = retweetText >= 0 ? this.firstOwn(retweetText, (e) => e.name === 'b') : undefined;
    return {
      id: retweetId,
      author: { handle: retweeter, name: nameEl ? nodeText(nameEl) || null : null },
      time: rtTime.time,
      timePrecision: rtTime.precision,
      text: `RT @${handle}: ${text}`,
      url,
      replyTo: null,
      retweetOf: { handle, id },
      links,
      attachments,
      position,
      line,
    };
  }
}

/** The page's tweet elements (their indexes in `list`), the first `<title>` (as `pageTitle` finds it) and every `data-replied-tweet-id` (see `conversationParents`), in one pass over the list. */
function scanPage(list: ElementList, reader: TweetReader): { at: number[]; title: Element | undefined; replied: Set<string> } {
  const { elements, ends } = list;
  const at: number[] = [];
  const replied = new Set<string>();
  let title: Element | undefined;
  for (let k = 0; k < elements.length; k++) {
    const el = elements[k];
    // Scripts and styles (and what the parser put inside them) are not looked at, as by visitElements and findFirst.
    if (el.type !== 'tag') {
      k = ends[k] - 1;
      continue;
    }
    if (!title && el.name === 'title') title = el;
    if (reader.isTweet(el)) at.push(k);
    const v = el.attribs['data-replied-tweet-id'];
    if (v !== undefined) replied.add(v);
  }
  return { at, title, replied };
}


/** A tweet element's opening tag in the raw text (see hidden-rows.ts). */
const TWEET_MARKER = /<div\b(?=[^>]*\bdata-tweet-id=["'](\d+)["'])(?=[^>]*\bclass=["'][^"']*\btweet\b)[^>]*>/gi;

export const twitterHtml: Importer = {
  name: 'twitter-html',
  description: 'twitter.com page saved from the browser, legacy markup (div.tweet[data-tweet-id] stream items)',

  detect(file) {
    if (!looksLikeHtml(file)) return false;
    const t = file.text;
    return /data-tweet-id=["']?\d/.test(t) && /data-screen-name=/.test(t) && /class=["'][^"']*\btweet-text\b/.test(t);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const list = file.elements();
    const reader = new TweetReader(list);
    const page = scanPage(list, reader);
    result.title = titleText(page.title);
    const tweets = page.at.map((k) => list.elements[k]);
    try {
      reader.parents = conversationParents(tweets, page.replied);
    } catch (err) {
      result.diagnostics.push({ severity: 'warning', code: 'replies-unreadable', message: `conversation layout unreadable: ${(err as Error).message}`, file: file.name });
    }

    for (let i = 0; i < tweets.length; i++) {
      const position = i + 1;
      const line = file.lineAt(tweets[i].startIndex);
      result.found++;
      let outcome: ParsedMessage | Skip;
      try {
        outcome = reader.read(page.at[i], position, line);
      } catch (err) {
        // E.g. markup nested too deep to walk: the element is still accounted for.
        outcome = { skip: 'unreadable', why: `tweet element ${position}: ${(err as Error).message}` };
      }
      if ('skip' in outcome) {
        result.skipped.push({ severity: 'warning', code: outcome.skip, message: outcome.why, file: file.name, line, position });
        continue;
      }
      result.messages.push(outcome);
      if (reader.note) result.diagnostics.push({ severity: 'info', code: 'media-not-in-text', message: reader.note, file: file.name, line, position });
    }
    reportHiddenRows(file, result, TWEET_MARKER, tweets.map((t) => t.startIndex), 'tweet');
    return result;
  },
};
