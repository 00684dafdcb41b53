/**
 * HTML helpers shared by the downloadable transcript (src/downloads/html.ts)
 * and the site templates. Chat text is untrusted: it only ever reaches HTML
 * through `escapeHtml`, and the only links made from it are http(s)/mailto
 * (or, for links the site builds itself, plain relative paths).
 *
 * Written here rather than taken from `entities`: that package is only a
 * transitive dependency (of cheerio), and five replacements do not justify
 * depending on it directly.
 */
import { isCutUrl, safeHttpUrl, withoutSentenceEnd } from './entities.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(value: string | null | undefined): string {
  if (value == null) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The rel every link to the outside world carries: chat links are user content. */
export const EXTERNAL_REL = 'nofollow ugc noopener';

// A path the site builds itself: starts with "/", "./", "../", "#" or "?" (so it
// can never be read as a scheme), and has no whitespace, control characters or
// backslashes (browsers drop tabs/newlines inside URLs, "java\tscript:" works).
const RELATIVE = /^(?:\/(?!\/)|\.{1,2}\/|#|\?)[^\s\u0000-\u001f\u007f\\]*$/;

/**
 * A URL that is safe to put in `href`, or null: absolute http, https or
 * mailto (normalized), or, only with `allowRelative`, a plain relative path.
 */
export function safeHref(raw: string | null | undefined, { allowRelative = false } = {}): string | null {
  if (!raw) return null;
  if (allowRelative && RELATIVE.test(raw)) return raw;
  return safeHttpUrl(raw, { allowMailto: true });
}

function isExternal(href: string): boolean {
  return /^(?:https?|mailto):/i.test(href);
}

export interface AnchorOptions {
  className?: string;
  /** Accept relative paths (links the site makes, not links from chat text). */
  allowRelative?: boolean;
}

/**
 * `<a>` around already-escaped `innerHtml`, or just `innerHtml` when the
 * href is not safe. External links get `rel="nofollow ugc noopener"`.
 */
export function anchor(href: string | null | undefined, innerHtml: string, options: AnchorOptions = {}): string {
  const safe = safeHref(href, { allowRelative: options.allowRelative });
  if (!safe) return innerHtml;
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  const rel = isExternal(safe) ? ` rel="${EXTERNAL_REL}"` : '';
  return `<a href="${escapeHtml(safe)}"${cls}${rel}>${innerHtml}</a>`;
}

export interface LinkifyOptions {
  /** Where "@handle" links to; null: not linked (the text stays, escaped). Default: the Twitter profile. */
  mentionHref?: ((handle: string) => string | null) | null;
  /** Where "#tag" links to; null: not linked. Default: the Twitter hashtag page. */
  hashtagHref?: ((tag: string) => string | null) | null;
  /** Accept relative paths from mentionHref/hashtagHref (the site's own pages). */
  allowRelative?: boolean;
}

export const twitterProfile = (handle: string): string => `https://twitter.com/${encodeURIComponent(handle)}`;
export const twitterHashtag = (tag: string): string => `https://twitter.com/hashtag/${encodeURIComponent(tag)}`;

// The same three patterns as src/model/entities.ts (URL, mention, hashtag), in
// one alternation so a "#fragment" or "@" inside a URL stays part of the URL.
const TOKENS =
  /(\bhttps?:\/\/[^\s<>"']+)|(?<![\w@])@([A-Za-z0-9_]{1,30})\b|(?<![\w&#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/giu;

/**
 * Plain chat text to HTML: everything escaped; http(s) URLs, @mentions and
 * #hashtags become links (rel="nofollow ugc noopener" when external).
 * Newlines are kept as text (style the container with `white-space: pre-wrap`).
 */
export function linkify(text: string, options: LinkifyOptions = {}): string {
  const mentionHref = options.mentionHref === undefined ? twitterProfile : options.mentionHref;
  const hashtagHref = options.hashtagHref === undefined ? twitterHashtag : options.hashtagHref;
  const allowRelative = options.allowRelative ?? false;
  // The output in flat chunks of 256 links: built by += alone, a long text of many links is one
  // rope of as many pieces, live while it grows, which the garbage collector walks again and
  // again (per character, 0.29 us at 25,600 characters of "@a ", 0.46 us at 409,600; now 0.28).
  const chunks: string[] = [];
  let out = '';
  let pieces = 0;
  let last = 0;
  for (const m of text.matchAll(TOKENS)) {
    const start = m.index!;
    let token = m[0];
    let html: string;
    if (m[1]) {
      token = withoutSentenceEnd(token);
      // A URL cut short ("https://t.co/b8kO…") stays text: its fragment leads nowhere.
      html = isCutUrl(m[0]) ? escapeHtml(token) : anchor(safeHttpUrl(token), escapeHtml(token), { className: 'link' });
    } else if (m[2]) {
      const href = mentionHref ? mentionHref(m[2]) : null;
      html = anchor(href, escapeHtml(token), { className: 'mention', allowRelative });
    } else {
      const href = hashtagHref ? hashtagHref(m[3]) : null;
      html = anchor(href, escapeHtml(token), { className: 'hashtag', allowRelative });
    }
    out += escapeHtml(text.slice(last, start)) + html;
    last = start + token.length;
    if (++pieces === 256) {
      chunks.push(out.length ? flat(out) : out);
      out = '';
      pieces = 0;
    }
  }
  chunks.push(out, escapeHtml(text.slice(last)));
  return chunks.length === 2 ? chunks[0] + chunks[1] : chunks.join('');
}

/** The same string, flattened: V8 turns a rope (a string made by +) into one flat sequence when a character of it is read. */
const flat = (s: string): string => (s.charCodeAt(0), s);
