/**
 * Storify story saved from the browser (storify.com, 2010-2018; the service
 * closed in May 2018, so "Save page as" copies are all that is left).
 *
 * A story is `ol.s-elements > li.s-element[data-type]`. Only tweets quoted
 * into the story (`data-type="quote"`) are chat messages; everything else the
 * curator placed between them (text headings such as "Question 1", images,
 * videos, link cards) is kept as a `SourceNote` so an editor can use it.
 *
 * Tweet markup: id from `data-permalink` (`//twitter.com/<user>/status/<id>`,
 * or with `https:`), author in `a.s-quote-author-name` / `a.s-quote-author-username`,
 * text in `div.s-quote-text`, time in `span.timestamp[data-timestamp]` (ISO; the
 * visible text is relative: "2 years ago").
 *
 * Not in the markup, so left to the pipeline: replies (the only "in_reply_to"
 * is the "Reply" intent link, which names the tweet itself, not its parent) and
 * retweets (no retweet marker; "RT @x" texts are detected by the pipeline).
 */
import type { AnyNode, Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult } from '../importer.ts';
import { findAll, findFirst, hasClass, nodeText, type TextOptions } from '../html-text.ts';
import { parseIso } from '../time.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { safeHttpUrl } from '../../model/entities.ts';
import type { SourceNote } from '../../model/transcript.ts';

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

/**
 * Text options that put the expanded URL in place of a shortened (t.co) link.
 * Twitter rendered such links as `<a href="https://t.co/..." title="<expanded>">`
 * with the display URL split over visually hidden spans; reading the spans
 * would give "https://twitter.com/i/web/status/9…" with a stray ellipsis.
 * Hashtag and mention anchors (`a.tweet-url`) keep their own text.
 */
function expandingLinks(links: string[]): TextOptions {
  return {
    skip: (el) => CHROME.some((c) => hasClass(el, c)),
    linkText(a) {
      if (hasClass(a, 'tweet-url') || hasClass(a, 'hashtag') || hasClass(a, 'username')) return undefined;
      const raw = [a.attribs['data-expanded-url'], a.attribs.title, SHORTENER.test(a.attribs.href ?? '') ? a.attribs.href : undefined].find(
        (u) => !!safeHttpUrl(u),
      );
      // Any other anchor (a link card's title, say) reads as its visible text.
      if (!raw) return undefined;
      if (/^[#@\uFF03\uFF20]/.test(nodeText(a))) return undefined;
      const expanded = safeHttpUrl(raw)!;
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
  const t = title ? nodeText(title).replace(/\s*[·|\-–—:]\s*Storify\s*$/i, '').trim() : '';
  return t || null;
}

/** A quote element's opening tag in the raw text (see hidden-rows.ts). */
const QUOTE_MARKER = /<li\b(?=[^>]*\bdata-type=["']quote["'])(?=[^>]*\bdata-permalink=["']([^"']*)["'])[^>]*>/gi;

export const storify: Importer = {
  name: 'storify',
  description: 'Storify story saved from the browser (li.s-element quotes; curator notes kept)',

  detect(file) {
    if (!file.looksLikeHtml) return false;
    // The "saved from" comment, base_url and meta tags all name storify.com in the head;
    // the story elements come after ~120 KB of inline CSS, so look for one in the whole
    // text (decoded once and shared with parse), as markup, not merely the word.
    return /storify\.com/i.test(file.head(65536)) && STORY_ELEMENT_TAG.test(file.text);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const $ = file.html();
    const root = $.root()[0];
    result.title = storyTitle(root);

    const elements = findAll(root, isStoryElement);
    elements.forEach((el, i) => {
      const storyPosition = i + 1;
      const line = file.lineAt(el.startIndex);
      const type = elementType(el);

      if (type !== 'quote') {
        const kind = NOTE_KINDS[type] ?? 'other';
        const note = readNote(el, kind, storyPosition);
        result.notes.push(note);
        const preview = note.text.length > 60 ? `${note.text.slice(0, 59)}…` : note.text;
        result.diagnostics.push({
          severity: 'info',
          code: 'not-a-message',
          message: `${KIND_LABEL[kind]}${kind === 'other' ? ` (data-type ${JSON.stringify(type)})` : ''} at story element ${storyPosition}, after ${result.found} tweet(s): not a message, kept as a note${preview ? ` (${JSON.stringify(preview)})` : ''}`,
          file: file.name,
          line,
          position: storyPosition,
        });
        return;
      }

      result.found++;
      const position = result.found;
      const permalink = el.attribs['data-permalink'] ?? '';
      const match = TWEET_PERMALINK.exec(permalink.trim());
      const id = match?.[2] ?? null;
      const label = `tweet ${id ?? `#${position}`}`;
      const skip = (code: string, message: string) =>
        result.skipped.push({ severity: 'warning', code, message, file: file.name, line, position });

      const userEl = findFirst(el, byClass('s-quote-author-username'));
      const handle = userEl ? nodeText(userEl).replace(/^@/, '').trim() : '';
      // Twitter handles are [A-Za-z0-9_]; other sources Storify quoted allow more, but never spaces.
      if (!/^[^\s@]{1,64}$/u.test(handle)) {
        return skip('author-missing', `${label}: no readable author handle (${JSON.stringify(handle || null)})`);
      }
      const stampEl = findFirst(el, byClass('timestamp'));
      const stamp = stampEl?.attribs['data-timestamp'] ?? null;
      const parsed = stamp ? parseIso(stamp) : null;
      if (!parsed) return skip('time-unreadable', `${label}: time unreadable (${JSON.stringify(stamp)})`);
      const textEl = findFirst(el, byClass('s-quote-text'));
      if (!textEl) return skip('text-missing', `${label}: no tweet text`);

      const links: string[] = [];
      const text = nodeText(textEl, expandingLinks(links));
      const nameEl = findFirst(el, byClass('s-quote-author-name'));
      result.messages.push({
        id,
        author: { handle, name: (nameEl ? nodeText(nameEl) : '') || null },
        time: parsed.time,
        timePrecision: parsed.precision,
        text,
        url: id && match ? `https://twitter.com/${match[1]}/status/${id}` : safeHttpUrl(permalink),
        replyTo: null,
        links,
        position,
        line,
      });
    });
    reportHiddenRows(file, result, QUOTE_MARKER, elements.map((el) => el.startIndex), 'quote');
    return result;
  },
};

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
