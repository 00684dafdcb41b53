/**
 * Storify story saved from the browser (storify.com, 2010-2018; the service
 * closed in May 2018, so "Save page as" copies are all that is left).
 *
 * A story is `ol.s-elements > li.s-element[data-type]`. Every element that
 * carries a tweet is a message: the quoted tweets (`data-type="quote"`), and
 * the image and video elements Storify made of tweets with a picture or a
 * video (`data-source="twitter"`, a `/status/<id>` permalink, an author and a
 * timestamp; the tweet's text is the caption or video title, the picture an
 * attachment). Everything else the curator placed between them (text
 * headings such as "Question 1", link cards, pictures from elsewhere) is kept
 * as a `SourceNote` so an editor can use it.
 *
 * Tweet markup: id from `data-permalink` (`//twitter.com/<user>/status/<id>`,
 * or with `https:`), author in `a.s-quote-author-name` / `a.s-quote-author-username`
 * (`a.s-author-twitter-name` / `-handle` on images and videos), text in
 * `div.s-quote-text` (`div.s-image-caption`, `div.s-video-title`), a quote's
 * author picture in `a.s-quote-avatar > img` (kept when saved beside the page), time in
 * `span.timestamp[data-timestamp]` (ISO; the visible text is relative: "2
 * years ago"). Storify's times can be off; the tweet id (a snowflake) carries
 * the exact time, and wins when the two disagree by more than a minute.
 *
 * Not in the markup, so left to the pipeline: replies (the only "in_reply_to"
 * is the "Reply" intent link, which names the tweet itself, not its parent) and
 * retweets (no retweet marker; "RT @x" texts are detected by the pipeline).
 */
import type { AnyNode, Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult } from '../importer.ts';
import { findAll, findFirst, findFirstByClass, hasClass, nodeText, type TextOptions } from '../html-text.ts';
import { parseIso } from '../time.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { localFilePath, safeHttpUrl } from '../../model/entities.ts';
import { snowflakeTime } from '../../model/ids.ts';
import type { Attachment, SourceNote } from '../../model/transcript.ts';
import { looksLikeHtml } from './html-sniff.ts';

const TWEET_PERMALINK = /^(?:https?:)?\/\/(?:www\.|mobile\.)?twitter\.com\/([A-Za-z0-9_]{1,30})\/status(?:es)?\/(\d{1,25})(?:[/?#]|$)/i;

/** Story chrome inside an element that is not part of its content. */
const CHROME = ['s-attribution', 's-share-dropdown', 's-element-actions', 's-clear', 's-quote-avatar-author'];

/** Twitter's link shortener: such an anchor is a URL even when its title is missing. */
const SHORTENER = /^(?:https?:)?\/\/t\.co\//i;
/** An `<li class="s-element ...">` start tag, Storify's story element. */
const STORY_ELEMENT_TAG = /<li\s[^>]*\bclass\s*=\s*["']?(?:[^"'>]*\s)?s-element[\s"'>]/i;
const PLAIN_URL = /^https?:\/\/[^\s<>"'`]+$/i;
const STORIFY_URL = /^https?:\/\/([^/]*\.)?storify\.com\//i;

const NOTE_KINDS: Record<string, SourceNote['kind']> = { text: 'text', image: 'image', video: 'video', link: 'link' };
const KIND_LABEL: Record<SourceNote['kind'], string> = {
  text: 'curator text note',
  image: 'image',
  video: 'video',
  link: 'link card',
  other: 'element',
};

function isStoryElement(el: Element): boolean {
  return el.name === 'li' && hasClass(el, 's-element');
}

/** `data-type`, else the `s-element-<type>` class (older markup). */
function elementType(el: Element): string {
  const t = el.attribs['data-type'];
  if (t) return t.trim().toLowerCase();
  const m = /(?:^|\s)s-element-([a-z]+)(?:\s|$)/.exec(el.attribs.class ?? '');
  return m ? m[1] : '';
}

const byClass = (name: string) => (el: Element) => hasClass(el, name);

function isChrome(el: Element): boolean {
  // Every chrome class starts "s-": a class list without it is none of them.
  if (!el.attribs.class?.includes('s-')) return false;
  for (const c of CHROME) if (hasClass(el, c)) return true;
  return false;
}

/**
 * Text options that put the expanded URL in place of a shortened (t.co) link.
 * Twitter rendered such links as `<a href="https://t.co/..." title="<expanded>">`
 * with the display URL split over visually hidden spans; reading the spans
 * would give "https://twitter.com/i/web/status/9…" with a stray ellipsis.
 * Hashtag and mention anchors (`a.tweet-url`) keep their own text.
 */
function expandingLinks(links: string[]): TextOptions {
  return {
    skip: isChrome,
    linkText(a) {
      if (hasClass(a, 'tweet-url') || hasClass(a, 'hashtag') || hasClass(a, 'username')) return undefined;
      // The first of these that is a web address, and its normalized form.
      let raw = a.attribs['data-expanded-url'];
      let expanded = safeHttpUrl(raw);
      if (!expanded) expanded = safeHttpUrl((raw = a.attribs.title));
      if (!expanded && SHORTENER.test(a.attribs.href ?? '')) expanded = safeHttpUrl((raw = a.attribs.href));
      // Any other anchor (a link card's title, say) reads as its visible text.
      if (!expanded || !raw) return undefined;
      if (/^[#@\uFF03\uFF20]/.test(nodeText(a))) return undefined;
      links.push(expanded);
      // The text shows the URL as the tweet did ("http://axonify.com", not the normalized
      // "http://axonify.com/"), unless it has characters a URL in text cannot carry.
      const shown = raw.trim();
      return PLAIN_URL.test(shown) ? shown : expanded;
    },
  };
}

/** The story title: the header `h1.s-title`, else `<title>` without a " · Storify" suffix. */
function storyTitle(root: AnyNode): string | null {
  const h1 = findFirst(root, (el) => el.name === 'h1' && hasClass(el, 's-title'));
  const fromHeader = h1 ? nodeText(h1) : '';
  if (fromHeader) return fromHeader;
  const title = findFirst(root, (el) => el.name === 'title');
  // From the separator on (a leading `\s*` made the pattern quadratic on a run of spaces); trim() takes the spaces.
  const t = title ? nodeText(title).replace(/[·|\-–—:]\s*Storify\s*$/i, '').trim() : '';
  return t || null;
}

/**
 * A tweet element's opening tag in the raw text (see hidden-rows.ts): a quote,
 * or any element whose permalink is a tweet's.
 */
const TWEET_MARKER = /<li\b(?=[^>]*\bdata-permalink=["']([^"']*)["'])(?=[^>]*\bdata-type=["']quote["']|[^>]*\bdata-permalink=["'](?:https?:)?\/\/(?:www\.|mobile\.)?twitter\.com\/\w+\/status)[^>]*>/gi;

export const storify: Importer = {
  name: 'storify',
  description: 'Storify story saved from the browser (every tweet: quotes, images and videos; curator notes kept)',

  detect(file) {
    if (!looksLikeHtml(file)) return false;
    // The "saved from" comment, base_url and meta tags all name storify.com in the head;
    // the story elements come after ~120 KB of inline CSS, so look for one in the whole
    // text (decoded once and shared with parse), as markup, not merely the word.
    return /storify\.com/i.test(file.head(65536)) && STORY_ELEMENT_TAG.test(file.text);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const root = file.document();
    result.title = storyTitle(root);

    const elements = findAll(root, isStoryElement);
    elements.forEach((el, i) => {
      const type = elementType(el);
      if (carriesTweet(el, type)) readTweet(el, type, file, result);
      else readNoteElement(el, type, i + 1, file, result);
    });
    reportHiddenRows(file, result, TWEET_MARKER, elements.filter((el) => carriesTweet(el, elementType(el))).map((el) => el.startIndex), 'tweet');
    return result;
  },
};

/** A quote, or an image/video/link element made of a tweet (it names one by its permalink). */
function carriesTweet(el: Element, type: string): boolean {
  if (type === 'quote') return true;
  if (type === 'text') return false;
  return TWEET_PERMALINK.test((el.attribs['data-permalink'] ?? '').trim());
}

/** Where each part of a tweet is, in a quote and in an image or video element. */
const PARTS = {
  quote: { handle: 's-quote-author-username', name: 's-quote-author-name', text: ['s-quote-text'] },
  media: { handle: 's-author-twitter-handle', name: 's-author-twitter-name', text: ['s-image-caption', 's-video-title', 's-link-title', 's-link-description'] },
};

/** The parts' classes in one list (handle, timestamp, name, then the text classes in order of preference), found in one walk. */
const PART_CLASSES = {
  quote: [PARTS.quote.handle, 'timestamp', PARTS.quote.name, ...PARTS.quote.text],
  media: [PARTS.media.handle, 'timestamp', PARTS.media.name, ...PARTS.media.text],
};

/** The author's picture in a quote: `a.s-quote-avatar > img` (kept when saved beside the page). */
function isQuoteAvatar(x: Element): boolean {
  return x.name === 'img' && x.parent?.type === 'tag' && hasClass(x.parent as Element, 's-quote-avatar');
}

/** One tweet element as a message (or a skip saying why not). */
function readTweet(el: Element, type: string, file: ExportFile, result: ParseResult): void {
  result.found++;
  const position = result.found;
  const line = file.lineAt(el.startIndex);
  const permalink = el.attribs['data-permalink'] ?? '';
  const match = TWEET_PERMALINK.exec(permalink.trim());
  const id = match?.[2] ?? null;
  const label = `tweet ${id ?? `#${position}`}`;
  const skip = (code: string, message: string): void => {
    result.skipped.push({ severity: 'warning', code, message, file: file.name, line, position });
  };
  const [userEl, stampEl, nameEl, ...textEls] = findFirstByClass(el, type === 'quote' ? PART_CLASSES.quote : PART_CLASSES.media);

  // The handle as shown; when the element shows none at all, the one the tweet's permalink
  // names (twitter.com/<handle>/status/<id>). A handle shown but unreadable is not replaced.
  const handle = userEl ? nodeText(userEl).replace(/^@/, '').trim() : (match?.[1] ?? '');
  // Twitter handles are [A-Za-z0-9_]; other sources Storify quoted allow more, but never spaces.
  if (!/^[^\s@]{1,64}$/u.test(handle)) {
    return skip('author-missing', `${label}: no readable author handle (${JSON.stringify(handle || null)})`);
  }
  const stamp = stampEl?.attribs['data-timestamp'] ?? null;
  const parsed = stamp ? parseIso(stamp) : null;
  if (!parsed) return skip('time-unreadable', `${label}: time unreadable (${JSON.stringify(stamp)})`);
  const textEl = textEls.find((x) => x);
  if (!textEl && type === 'quote') return skip('text-missing', `${label}: no tweet text`);

  const links: string[] = [];
  const text = textEl ? nodeText(textEl, expandingLinks(links)) : '';
  const avatarFile = type === 'quote' ? localFilePath(findFirst(el, isQuoteAvatar)?.attribs.src) : null;
  result.messages.push({
    id,
    author: { handle, name: (nameEl ? nodeText(nameEl) : '') || null, ...(avatarFile ? { avatar: { file: avatarFile } } : {}) },
    time: trustedTime(id, parsed.time, label, file, line, result),
    timePrecision: parsed.precision,
    text,
    url: id && match ? `https://twitter.com/${match[1]}/status/${id}` : safeHttpUrl(permalink),
    replyTo: null,
    links,
    attachments: type === 'quote' ? [] : readAttachments(el, type, text, links, id && match ? `https://twitter.com/${match[1]}/status/${id}` : null),
    position,
    line,
  });
}

/**
 * Storify's time, unless the tweet id says otherwise: a snowflake id carries
 * the millisecond it was posted, and some stories show times hours off.
 */
function trustedTime(id: string | null, time: string, label: string, file: ExportFile, line: number | undefined, result: ParseResult): string {
  const exact = id ? snowflakeTime(id) : null;
  if (!exact || Math.abs(Date.parse(exact) - Date.parse(time)) <= 60_000) return time;
  result.diagnostics.push({
    severity: 'warning',
    code: 'time-corrected',
    message: `${label}: Storify says ${time} but the tweet id says ${exact}; the id's time is used`,
    file: file.name,
    line,
  });
  return exact;
}

/** The picture or video of an image/video element: its saved copy, alt text and web address. */
function readAttachments(el: Element, type: string, text: string, links: string[], permalink: string | null): Attachment[] {
  const kind: Attachment['kind'] = type === 'video' ? 'video' : 'image';
  const media = findFirst(el, (x) => (kind === 'image' ? x.name === 'img' && !hasClass(x, 's-quote-avatar') : x.name === 'video'));
  const src = media?.attribs.src;
  // An image keeps the export's alt text (Storify copies the tweet's text there); a video has none.
  const alt = (kind === 'image' ? media?.attribs.alt?.trim() : '') || null;
  // The web address: the media itself when it is on the web, else the tweet's media page
  // ("/photo/1"), for a video the first link in its title (YouTube, Vimeo), else the tweet.
  const photoPage = links.find((l) => /\/(?:photo|video)\/\d+$/.test(l));
  const url = safeHttpUrl(src) ?? safeHttpUrl(photoPage) ?? (kind === 'video' ? safeHttpUrl(links[0]) : null) ?? permalink;
  return [{ kind, url, alt, file: kind === 'image' ? localFilePath(src) : null }];
}

/** A story element that carries no tweet, kept as a note. */
function readNoteElement(el: Element, type: string, storyPosition: number, file: ExportFile, result: ParseResult): void {
  const kind = NOTE_KINDS[type] ?? 'other';
  const note = readNote(el, kind, storyPosition);
  result.notes.push(note);
  const preview = note.text.length > 60 ? `${note.text.slice(0, 59)}…` : note.text;
  result.diagnostics.push({
    severity: 'info',
    code: 'not-a-message',
    message: `${KIND_LABEL[kind]}${kind === 'other' ? ` (data-type ${JSON.stringify(type)})` : ''} at story element ${storyPosition}, after ${result.found} tweet(s): not a message, kept as a note${preview ? ` (${JSON.stringify(preview)})` : ''}`,
    file: file.name,
    line: file.lineAt(el.startIndex),
    position: storyPosition,
  });
}

/** A non-message story element as a plain-text note (caption, heading, link title). */
function readNote(el: Element, kind: SourceNote['kind'], position: number): SourceNote {
  const content = findFirst(el, byClass('s-element-content')) ?? el;
  const text = nodeText(content, expandingLinks([]));
  // Where the note points: a link card's target, a curator note's first outside link,
  // else the element's permalink (the tweet an image or video came from). Storify's own
  // URLs (header anchors, element permalinks) died with the service and are left out.
  const outside = (u: string | null | undefined) => {
    const safe = safeHttpUrl(u);
    return safe && !STORIFY_URL.test(safe) ? safe : null;
  };
  let url: string | null = null;
  if (kind === 'link') url = outside(findFirst(el, byClass('s-link-a'))?.attribs.href);
  if (kind === 'text') url = outside(findFirst(content, (x) => x.name === 'a' && !!outside(x.attribs.href))?.attribs.href);
  url ??= outside(el.attribs['data-permalink']);
  return { kind, position, text, url };
}
