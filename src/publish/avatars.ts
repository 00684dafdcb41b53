/**
 * Generated avatars: a person's initials, white on a colour picked from
 * their handle (no picture, no file, no request: the page carries two
 * letters and a class). One or two letters (whole graphemes) from the
 * display name's first and last words, else from the handle's parts; the
 * colour one of a fixed palette that white text reads on at WCAG AA
 * (4.5:1, checked by test/avatars.test.ts), chosen by a hash of the handle,
 * so a person looks the same on every page and every build.
 *
 * The markup (message-markup.ts `avatarMarkup`) is a span of ~50 bytes,
 * sized and coloured by site.css (`.avatar.t0`...), aria-hidden: the name
 * is always printed beside it. Not an inline SVG (~120 bytes, and the
 * pages' safety check admits SVG only as a chart), nor a file per person
 * (a request each, and more files for the offline archive to carry).
 * When the saved page kept the author's own picture beside it, that picture
 * is shown instead (`src`: the site's copy, never the web address).
 */
import { handleKey } from '../model/transcript.ts';

/** What an avatar is drawn from (kept in the message and participant views). */
export interface AvatarView {
  /** One or two graphemes, upper case where the script has case. */
  initials: string;
  /** Index into AVATAR_TONES (the CSS class `t<tone>`). */
  tone: number;
  /** The site's copy of the picture the export saved for them (`/media/<hash16>.<ext>`, media.ts): shown instead of the initials. */
  src?: string;
}

/** The avatars' background colours (site.css has a rule `.avatar.t<i>` for each, in this order). */
export const AVATAR_TONES: readonly string[] = ['#1d4ed8', '#b91c1c', '#15803d', '#7e22ce', '#c2410c', '#0f766e', '#4338ca', '#be185d', '#8a5a00', '#475569'];

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
/** What comes before a word's first letter or digit (brackets, quotes, emoji, at most 32 units looked at). */
const LEADING_OTHER = /^[^\p{L}\p{N}]{1,32}/u;

/** The first grapheme of `word` (only its head is segmented), upper-cased when that keeps it one grapheme. */
function firstGrapheme(word: string): string {
  const first = graphemes.segment(word.slice(0, 16))[Symbol.iterator]().next().value?.segment ?? '';
  const upper = first.toUpperCase();
  return upper.length === first.length ? upper : first;
}

/** The initials of a list of words: the first's and, when there are more, the last's, each from its first letter or digit ("[removed]" -> R; a word without one, an emoji, is skipped). */
function initialsOfWords(words: string[]): string {
  const usable = words.map((w) => w.replace(LEADING_OTHER, '')).filter((w) => LETTER_OR_DIGIT.test(w));
  if (!usable.length) return '';
  const first = firstGrapheme(usable[0]);
  return usable.length > 1 ? first + firstGrapheme(usable[usable.length - 1]) : first;
}

/** The words of a handle: split at _ . - and at a lower-to-upper case change ("Joshua_D_Paul", "jacobM"). */
function handleWords(handle: string): string[] {
  return handle.replace(/^@/, '').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').split(/[\s_.\-]+/u);
}

/** One or two graphemes for `name` (when it has a letter or digit), else the handle, else its first character, else "?". */
export function avatarInitials(handle: string, name: string | null): string {
  const fromName = name ? initialsOfWords(name.slice(0, 200).trim().split(/\s+/u)) : '';
  if (fromName) return fromName;
  const fromHandle = initialsOfWords(handleWords(handle.slice(0, 200)));
  return fromHandle || firstGrapheme(handle.replace(/^@/, '')) || '?';
}

/** FNV-1a (32 bits) of the handle's key: the same person, the same colour, everywhere. */
export function avatarTone(handle: string): number {
  let h = 0x811c9dc5;
  const key = handleKey(handle);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % AVATAR_TONES.length;
}

/** A person's avatar: initials on a tone, with `src`, the site's copy of their saved picture, when there is one. */
export function avatarFor(handle: string, name: string | null, src?: string | null): AvatarView {
  const initials = { initials: avatarInitials(handle, name), tone: avatarTone(handle) };
  return src ? { ...initials, src } : initials;
}
