/**
 * The card's texts made safe to draw: every text reaches satori as a plain
 * string child of an element object (never markup: satori parses nothing),
 * with what would mislead or break a picture removed first (control
 * characters, and the bidirectional overrides and isolates that reorder the
 * text after them), whitespace collapsed, and a long text cut at a
 * grapheme boundary with an ellipsis.
 */

/** C0/C1 controls, the bidi embeddings, overrides, isolates and marks, zero-width and line/paragraph separators, BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** UTF-16 units per grapheme a card text is read with (more in a cluster of combining marks is cut). */
const GRAPHEME_UNITS = 16;

/** Emoji and what joins or styles them: the shipped font has none of them (satori would draw a "no glyph" box). */
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1f3fb}-\u{1f3ff}\u200d\u20e3\ufe0e\ufe0f\u{e0020}-\u{e007f}]/gu;

/** `text` without unsafe characters and emoji, whitespace runs as one space, trimmed. */
export function cleanCardText(text: string): string {
  return text.replace(UNSAFE, ' ').replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}

/**
 * `text` cleaned and cut to at most `max` graphemes: a longer one ends with
 * "…", cut at the last space of its second half when there is one (a word is
 * not split), else inside the word.
 */
export function cutCardText(text: string, max: number): string {
  const clean = cleanCardText(text);
  if (clean.length <= max) return clean;
  // Only the head is segmented, and only up to max + 1 graphemes: V8 copies the whole input into every
  // segment it hands out, so segmenting a 200,000-character text whole took gigabytes.
  const window = clean.slice(0, max * GRAPHEME_UNITS);
  const parts: string[] = [];
  for (const s of graphemes.segment(window)) if (parts.push(s.segment) > max) break;
  if (parts.length <= max) {
    if (window.length === clean.length) return clean;
    // The window may end inside a grapheme: its last one is not kept.
    parts.pop();
  }
  const head = parts.slice(0, Math.max(1, max - 1)).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= head.length / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s.,;:·-]+$/, '')}…`;
}

/** A count with its noun: "1 message", "1,234 messages". */
export function countLabel(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
