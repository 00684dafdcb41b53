/**
 * Telling whether two chat texts say the same thing: an editor's quote and a
 * message, or a retweet and the tweet it repeats. Exports differ in quote
 * marks, dashes, ellipses, whitespace and case, so texts are folded first.
 */

/** Text folded for prefix matching. */
export function foldForMatch(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** "RT @handle: text" -> { handle, text } (the retweeted text). */
export function splitRetweet(text: string): { handle: string; text: string } | null {
  const m = /^RT\s+@([A-Za-z0-9_]{1,30})\s*:?\s*/.exec(text);
  return m ? { handle: m[1], text: text.slice(m[0].length) } : null;
}

/**
 * The folded text a retweet repeats, without the ellipsis a truncated
 * retweet ends in; '' when the text is not an "RT @x" retweet.
 */
export function retweetedBody(text: string): string {
  const rt = splitRetweet(text);
  return rt ? withoutTrailingEllipses(foldForMatch(rt.text)) : '';
}

/**
 * Without the "..." (each with the spaces before it) that end the text, removed from the end
 * in a loop: `/(?:\s*\.{3})+$/` was quadratic on a long run of dots before other text.
 */
export function withoutTrailingEllipses(s: string): string {
  let end = s.length;
  while (s.endsWith('...', end)) {
    end -= 3;
    while (end > 0 && /\s/u.test(s[end - 1])) end--;
  }
  return s.slice(0, end);
}

/** Does `original` read as the tweet that a retweet with this body repeats? */
export function repeats(body: string, original: string): boolean {
  if (!body) return false;
  const text = foldForMatch(original);
  return text.startsWith(body) || body.startsWith(text);
}

/** The words of a text without its links, folded. */
function wordsOf(text: string): string {
  return foldForMatch(text.replace(/\bhttps?:\/\/\S+|\bpic\.twitter\.com\/\S+/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * Does an attachment's alt text only repeat its message's words, links
 * aside? (Storify copies the tweet's text there.) Then a label leaves it out.
 */
export function repeatsMessage(alt: string, messageText: string): boolean {
  return !!alt && !!messageText && wordsOf(alt) === wordsOf(messageText);
}

/** Levenshtein distance between two short strings (keys, handles): for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * A text's character bigrams (two UTF-16 units as one number), counted, for
 * comparing many texts against it without allocating per text.
 */
class BigramCounter {
  private readonly slot = new Map<number, number>();
  private readonly counts: number[] = [];
  private readonly used: number[] = [];
  private readonly stamp: number[] = [];
  private generation = 0;
  readonly total: number;

  constructor(text: string) {
    for (let i = 1; i < text.length; i++) {
      const g = text.charCodeAt(i - 1) * 65536 + text.charCodeAt(i);
      let k = this.slot.get(g);
      if (k === undefined) {
        this.slot.set(g, (k = this.counts.length));
        this.counts.push(0);
        this.used.push(0);
        this.stamp.push(0);
      }
      this.counts[k]++;
    }
    this.total = Math.max(0, text.length - 1);
  }

  /**
   * The Dice coefficient of this text's bigrams and those of `other` up to
   * `end` (each bigram counted as often as both have it): 0 to 1.
   */
  dice(other: string, end = other.length): number {
    const n = Math.max(0, end - 1);
    if (!this.total || !n) return 0;
    const gen = ++this.generation;
    let shared = 0;
    for (let i = 1; i < end; i++) {
      const k = this.slot.get(other.charCodeAt(i - 1) * 65536 + other.charCodeAt(i));
      if (k === undefined) continue;
      if (this.stamp[k] !== gen) {
        this.stamp[k] = gen;
        this.used[k] = 0;
      }
      if (this.used[k] < this.counts[k]) {
        this.used[k]++;
        shared++;
      }
    }
    return (2 * shared) / (this.total + n);
  }
}

/**
 * How alike two folded texts are, 0 to 1: the Dice coefficient of their
 * character bigrams ("organizations" and "organisations" share 10 of 12).
 * Linear in the lengths; a changed letter costs two bigrams, not the word.
 */
export function textSimilarity(a: string, b: string): number {
  return new BigramCounter(a).dice(b);
}

/** Longest query compared: a quote's first words say which message it is. */
const MAX_QUERY = 160;

export interface PrefixMatch {
  index: number;
  score: number;
}

/**
 * The texts (folded) whose start reads most like `query` (folded; the start
 * of the text wanted): each compared by as many characters as the query has
 * and a few more, best first, at most `n`, none under `min`. Time: the sum
 * of the compared lengths (each text cut to the query's length), which the
 * caller bounds with `budget` (characters still to compare; what is spent
 * is subtracted, and texts past it are not looked at).
 */
export function closestByPrefix(query: string, texts: readonly string[], n: number, min: number, budget = { chars: Infinity }): PrefixMatch[] {
  const q = query.slice(0, MAX_QUERY);
  const counter = new BigramCounter(q);
  const width = q.length + 4 + (q.length >> 3);
  const best: PrefixMatch[] = [];
  for (let index = 0; index < texts.length && budget.chars > 0; index++) {
    const text = texts[index];
    const end = Math.min(text.length, width);
    budget.chars -= end;
    const score = counter.dice(text, end);
    if (score < min || (best.length === n && score <= best[n - 1].score)) continue;
    best.push({ index, score });
    best.sort((a, b) => b.score - a.score || a.index - b.index);
    if (best.length > n) best.pop();
  }
  return best;
}
