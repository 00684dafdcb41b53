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

export function extractUrls(text: string): string[] {
  return uniqueOrdered(
    Array.from(text.matchAll(URL_IN_TEXT), (m) => m[0].replace(/[).,;:!?…]+$/u, '')).map((u) => safeHttpUrl(u)).filter((u): u is string => u !== null),
  );
}

/**
 * Returns a normalized absolute http(s) URL or null. Protocol-relative URLs
 * ("//twitter.com/...") become https. Anything else (javascript:, data:,
 * relative paths) is refused.
 */
export function safeHttpUrl(raw: string | null | undefined, { allowMailto = false } = {}): string | null {
  if (!raw) return null;
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

export { uniqueOrdered };
