/**
 * Entities re-derived from a message's plain text: jamrecap never keeps an
 * export's markup, it re-emits mentions, hashtags and links from the text.
 */

// A handle: Twitter allows 1-15 of [A-Za-z0-9_]; other platforms allow more, so be lenient on length.
const MENTION = /(?<![\w@])@([A-Za-z0-9_]{1,30})\b/g;
// A hashtag must start after a non-word character and contain at least one letter.
const HASHTAG = /(?<![\w&#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;

function uniqueOrdered(values: Iterable<string>, key: (s: string) => string = (s) => s): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const k = key(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

export function extractMentions(text: string): string[] {
  return uniqueOrdered(Array.from(text.matchAll(MENTION), (m) => m[1]), (s) => s.toLowerCase());
}

export function extractHashtags(text: string): string[] {
  return uniqueOrdered(Array.from(text.matchAll(HASHTAG), (m) => m[1]), (s) => s.toLowerCase());
}

/**
 * The http(s) URLs written in a text, normalised, without the punctuation
 * that ends a sentence. A URL that runs into "…" is left out: that is a URL
 * cut short (a retweet's text the API truncated, "https://t.co/b8kO…", or a
 * shortened display URL), and its fragment is no link.
 */
export function extractUrls(text: string): string[] {
  return uniqueOrdered(
    Array.from(text.matchAll(URL_IN_TEXT), (m) => m[0])
      .filter((u) => !isCutUrl(u))
      .map((u) => safeHttpUrl(withoutSentenceEnd(u)))
      .filter((u): u is string => u !== null),
  );
}

/** A URL that runs into "…" was cut short: its fragment is no link. */
export function isCutUrl(url: string): boolean {
  return url.includes('\u2026');
}

const SENTENCE_END = new Set([')', '.', ',', ';', ':', '!', '?', '\u2026']);

/** A URL without the punctuation that ends the sentence around it ("(see https://x.org/a)."), in linear time. */
export function withoutSentenceEnd(url: string): string {
  let end = url.length;
  while (end > 0 && SENTENCE_END.has(url[end - 1])) end--;
  return url.slice(0, end);
}

/**
 * Returns a normalized absolute http(s) URL or null. Protocol-relative URLs
 * ("//twitter.com/...") become https. Anything else (javascript:, data:,
 * relative paths) is refused.
 */
export function safeHttpUrl(raw: string | null | undefined, { allowMailto = false } = {}): string | null {
  if (!raw) return null;
  if (isCanonicalHttpUrl(raw)) return raw;
  let s = raw.trim();
  if (s.startsWith('//')) s = `https:${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  if (allowMailto && u.protocol === 'mailto:') return u.href;
  return null;
}

/** URL code points a canonical path, query or fragment keeps as they are (ASCII letters, digits and `-._~!$&()*+,;=:@/%?#`). */
const URL_KEEPS = (() => {
  const t = new Uint8Array(128);
  for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/%?#') t[c.charCodeAt(0)] = 1;
  return t;
})();

/**
 * Whether `s` is an http(s) URL that `new URL(s).href` gives back unchanged,
 * told without parsing it: `http(s)://`, a host of lower-case ASCII labels
 * (none empty, no punycode, the last one starting with a letter: not an
 * IPv4 address), a `/`, then only characters the URL parser keeps as they
 * are, and no `.` or `..` path segment (nor `%2e`). Anything else (most
 * URLs in chats are of this form) is left to the URL parser: false never
 * means the URL is bad. Tested against `new URL` in test/entities-fast-paths.test.ts.
 */
export function isCanonicalHttpUrl(s: string): boolean {
  const from = s.startsWith('https://') ? 8 : s.startsWith('http://') ? 7 : -1;
  if (from < 0) return false;
  let i = from;
  let labelStart = i;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47) break;
    if (c === 46) {
      if (i === labelStart) return false;
      labelStart = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  const last = s.charCodeAt(labelStart);
  if (i >= s.length || i === labelStart || !(last >= 97 && last <= 122)) return false;
  const puny = s.indexOf('xn--', from);
  if (puny >= 0 && puny < i) return false;
  let inPath = true;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c >= 128 || URL_KEEPS[c] === 0) return false;
    if (c === 63 || c === 35) inPath = false;
    else if (inPath && c === 46 && s.charCodeAt(j - 1) === 47) {
      // "/." then "/", "?", "#", "." or the end: a dot segment the parser would resolve.
      const n = s.charCodeAt(j + 1);
      if (Number.isNaN(n) || n === 47 || n === 63 || n === 35 || n === 46) return false;
    } else if (inPath && c === 37 && (s.charCodeAt(j + 1) === 50 && (s.charCodeAt(j + 2) | 32) === 101)) return false;
  }
  return true;
}

export { uniqueOrdered };

/** Characters that make markup, attributes, paths or quoting; never part of a handle. */
const HANDLE_FORBIDDEN = /[<>"'`&\\/]/u;
/** Control, format (bidi overrides, zero-width), private-use, unassigned and lone-surrogate code points; ZWJ (emoji sequences) is allowed. */
const HANDLE_INVISIBLE = /(?!\u200D)[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u;
/** Any white space except the plain space. */
const HANDLE_SPACE = /(?! )[\s\p{Z}]/u;

/**
 * Why a handle (without its leading "@") is not plausible, or null when it is.
 *
 * Handles end up in page paths, file names, link texts and search indexes, so
 * the pipeline refuses the implausible ones (the message is skipped with an
 * `author-invalid` diagnostic) rather than "cleaning" them: a cleaned handle
 * could collide with, or impersonate, a real one. Allowed: 1-64 characters of
 * any script, digits, punctuation such as `_ . - # ( )`, emoji, and single
 * spaces between words (the selectors importer reads display names such as
 * Discord's "vMarco Polo" as handles). Refused: `< > " ' \` & \ /`, control and
 * invisible characters (bidi overrides, zero-width spaces, NUL), any other
 * white space, and leading, trailing or doubled spaces.
 */
export function handleProblem(handle: string): string | null {
  if (!handle) return 'empty';
  // Printable ASCII without spaces (most handles): one code point a character, nothing invisible, no spaces.
  // Or words of it with single spaces between them (most names): the same answer, without the Unicode tests.
  if (handle.length <= 64 && (VISIBLE_ASCII.test(handle) || isAsciiWords(handle))) return HANDLE_FORBIDDEN.test(handle) ? `contains ${JSON.stringify(HANDLE_FORBIDDEN.exec(handle)![0])}` : null;
  if ([...handle].length > 64) return 'longer than 64 characters';
  if (HANDLE_FORBIDDEN.test(handle)) return `contains ${JSON.stringify(HANDLE_FORBIDDEN.exec(handle)![0])}`;
  if (HANDLE_INVISIBLE.test(handle)) return 'contains a control or invisible character';
  if (HANDLE_SPACE.test(handle)) return 'contains white space other than single spaces';
  if (/^ | $| {2}/.test(handle)) return 'has leading, trailing or doubled spaces';
  return null;
}

/** Printable ASCII other than the space, only. */
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/** Printable ASCII words with one space between each two ("Ann Lee"): no space first, last or doubled. */
function isAsciiWords(s: string): boolean {
  if (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 ? s.charCodeAt(i + 1) === 32 : c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** A string shown in a diagnostic: quoted, cut to `max` characters, invisible characters as \u escapes. */
export function preview(s: string, max = 40): string {
  const cut = [...s].length > max ? `${[...s].slice(0, max).join('')}…` : s;
  return JSON.stringify(cut).replace(/[\p{C}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A saved page's reference to a file kept beside it (`./story_files/pic.jpg`)
 * as a plain relative path ("story_files/pic.jpg"), or null when it is not
 * one: absolute paths, URLs of any scheme, `..` segments, backslashes and
 * control characters are refused, so a hostile page cannot point the site
 * at a file outside the export's folder.
 */
export function localFilePath(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim().replace(/[?#].*$/s, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    return null;
  }
  s = s.replace(/^(?:\.\/)+/, '');
  if (!s || s.length > 512 || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('/') || /[\\\0-\x1f\x7f]/.test(s)) return null;
  const parts = s.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return parts.join('/');
}
