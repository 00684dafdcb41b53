/**
 * The message a reply answers, shortened for the line above the reply on a
 * transcript page: plain text (the templates escape it), whitespace
 * collapsed, controls and bidirectional overrides dropped, cut at a
 * grapheme boundary (an emoji or accented letter is never split) with "…".
 */

/** C0/C1 controls, bidi embeddings, overrides, isolates and marks, line/paragraph separators, BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** UTF-16 units per grapheme read at most: only the text's head is cleaned and segmented, however long the message. */
const GRAPHEME_UNITS = 16;

/** How many graphemes a reply's context shows of the message it answers. */
export const REPLY_EXCERPT_GRAPHEMES = 100;

/**
 * `text` as one clean line of at most `max` graphemes: a longer one is cut
 * at its last space in the second half when there is one (else inside the
 * word) and ends with "…".
 */
export function replyExcerpt(text: string, max = REPLY_EXCERPT_GRAPHEMES): string {
  // Segmenting copies the input into each segment: a 200,000-character message is read by its head only.
  const window = text.slice(0, (max + 2) * GRAPHEME_UNITS);
  const clean = window.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const whole = window.length === text.length;
  if (whole && clean.length <= max) return clean;
  const parts: string[] = [];
  for (const s of graphemes.segment(clean)) if (parts.push(s.segment) > max) break;
  if (parts.length <= max && whole) return clean;
  const head = parts.slice(0, Math.max(1, max - 1)).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= head.length / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s.,;:·-]+$/, '')}…`;
}
