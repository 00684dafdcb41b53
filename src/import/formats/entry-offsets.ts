/**
 * json-offsets.ts `arrayEntryOffsets`, the same answer in a fraction of the
 * time, for the platform importers that name every entry's line (Mastodon,
 * Zulip, Telegram): strings, most of a JSON text, are skipped with
 * `indexOf` rather than read a character at a time, and keys are compared in
 * place rather than cut out. Checked against arrayEntryOffsets on the corpus
 * files and generated JSON (test/entry-offsets.test.ts, and each entry's
 * line in test/mastodon-entry-lines.test.ts).
 */

/** Is the UTF-16 code JSON white space? */
const isJsonSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Where the string opened by the quote at `start` ends (its closing quote), or the text's length. */
function stringEnd(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j !== -1) {
    // A quote ends the string unless an odd run of backslashes escapes it (the opening quote stops the count).
    let b = j - 1;
    while (text.charCodeAt(b) === 92) b--;
    if ((j - 1 - b) % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
  return text.length;
}

/**
 * Character offsets of the entries of an array: the top-level array (`key`
 * null) or the one under a (non-empty) key of the top-level object (the last one, as
 * JSON.parse keeps). `lines`, when given, gets each entry's 1-based line in
 * the same scan, as ExportFile `lineAt` gives it: a text JSON.parse accepted
 * has its line breaks only between tokens, where every character is read.
 * Only for such a text; iterative, linear.
 */
export function entryOffsets(text: string, key: string | null, lines?: number[]): number[] {
  let out: number[] = [];
  let depth = 0;
  let arrayDepth = -1; // depth inside the wanted array, while in it
  let expectEntry = false;
  // Whether the last thing read is a string at depth 1 equal to `key` (then `:` keeps it).
  let atKey = false;
  let line = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isJsonSpace(c)) {
      if (c === 10) line++;
      continue;
    }
    if (expectEntry) {
      if (c !== 93 /* ] */) {
        out.push(i);
        lines?.push(line);
      }
      expectEntry = false;
    }
    if (c === 34 /* " */) {
      const start = i;
      i = stringEnd(text, start);
      atKey = key !== null && depth === 1 && i - start - 1 === key.length && text.startsWith(key, start + 1);
      continue;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      const wanted = key === null ? depth === 1 : depth === 2 && atKey;
      if (c === 91 && wanted) {
        out = [];
        if (lines) lines.length = 0;
        arrayDepth = depth;
        expectEntry = true;
      }
    } else if (c === 93 || c === 125 /* } */) {
      if (depth === arrayDepth) arrayDepth = -1;
      depth--;
    } else if (c === 44 /* , */ && depth === arrayDepth) expectEntry = true;
    if (c !== 58 /* : */) atKey = false;
  }
  return out;
}

/**
 * `entryOffsets`, the same answer (offsets, and each entry's line in
 * `lines`), reading less: inside a value nested below the depths that
 * matter (below the wanted array's entries, where only brackets change
 * anything) it jumps from bracket to bracket with indexOf instead of
 * reading every character. Whether a bracket is inside a string is read
 * from the start of its line (a text JSON.parse accepted has no line break
 * inside a string, so a line starts outside one) or from the last bracket,
 * whichever is nearer; lines are counted by indexOf over the line breaks.
 * Each character is still read at most once: linear. Only for such a text.
 */
export function entryOffsetsByBrackets(text: string, key: string | null, lines?: number[]): number[] {
  const n = text.length;
  // From this depth on nothing but brackets matters: the wanted array's entries (or deeper) are inside.
  const jumpDepth = key === null ? 2 : 3;
  let out: number[] = [];
  let depth = 0;
  let arrayDepth = -1;
  let expectEntry = false;
  let atKey = false;
  // Line breaks: the next one not yet passed, the last one passed, and the line after it.
  let nl = text.indexOf('\n');
  let lastNl = -1;
  let line = 1;
  // The next "{", "}", "[", "]" at or after where the jumps have got to (-2: not looked for yet).
  let openObj = -2;
  let closeObj = -2;
  let openArr = -2;
  let closeArr = -2;
  // The next quote at or after where a bracket's line was last read from (-2: not looked for yet).
  let quote = -2;
  // The next quote after the last bracket p looked at (-2: not looked for yet).
  let afterQuote = -2;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isJsonSpace(c)) continue;
    if (expectEntry) {
      if (c !== 93 /* ] */) {
        out.push(i);
        if (lines) {
          while (nl !== -1 && nl < i) {
            line++;
            lastNl = nl;
            nl = text.indexOf('\n', nl + 1);
          }
          lines.push(line);
        }
      }
      expectEntry = false;
    }
    if (c === 34 /* " */) {
      const start = i;
      i = stringEnd(text, start);
      atKey = key !== null && depth === 1 && i - start - 1 === key.length && text.startsWith(key, start + 1);
      continue;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      const wanted = key === null ? depth === 1 : depth === 2 && atKey;
      if (c === 91 && wanted) {
        out = [];
        if (lines) lines.length = 0;
        arrayDepth = depth;
        expectEntry = true;
      }
      if (depth >= jumpDepth) {
        // Inside: on to the bracket that closes this value (the depth is then jumpDepth - 1, as a closing bracket leaves it).
        // Written in this loop, not in a function: the state stays in locals.
        let from = i + 1;
        for (;;) {
          if (openObj !== -1 && openObj < from) openObj = text.indexOf('{', from);
          if (closeObj !== -1 && closeObj < from) closeObj = text.indexOf('}', from);
          if (openArr !== -1 && openArr < from) openArr = text.indexOf('[', from);
          if (closeArr !== -1 && closeArr < from) closeArr = text.indexOf(']', from);
          let p = openObj;
          if (closeObj !== -1 && (p === -1 || closeObj < p)) p = closeObj;
          if (openArr !== -1 && (p === -1 || openArr < p)) p = openArr;
          if (closeArr !== -1 && (p === -1 || closeArr < p)) p = closeArr;
          if (p === -1) {
            i = n;
            break;
          }
          while (nl !== -1 && nl < p) {
            line++;
            lastNl = nl;
            nl = text.indexOf('\n', nl + 1);
          }
          // Is p inside a string? Not when no quote follows it on its line (a string ends on the line it starts on), as in
          // most pretty-printed JSON; else read from a place known to be outside one: `from`, or p's line start when nearer.
          if (afterQuote !== -1 && afterQuote <= p) afterQuote = text.indexOf('"', p + 1);
          let inside = -1;
          let q = p;
          if (nl === -1 || (afterQuote !== -1 && afterQuote < nl)) {
            q = from > lastNl ? from : lastNl + 1;
            // No quote between there and p (the next one found with indexOf): p is outside, nothing to read.
            if (quote !== -1 && quote < q) quote = text.indexOf('"', q);
            q = quote === -1 || quote > p ? p : quote;
          }
          while (q < p) {
            if (text.charCodeAt(q) === 34) {
              const end = stringEnd(text, q);
              if (end > p) {
                inside = end;
                break;
              }
              q = end + 1;
            } else q++;
          }
          if (inside !== -1) {
            from = inside + 1;
            continue;
          }
          const b = text.charCodeAt(p);
          if (b === 123 || b === 91) {
            // An empty array or object, "[]" or "{}": no change of depth, nothing more to look at.
            if (text.charCodeAt(p + 1) === b + 2) {
              from = p + 2;
              continue;
            }
            depth++;
          } else if (--depth < jumpDepth) {
            i = p;
            break;
          }
          from = p + 1;
        }
        atKey = false;
        continue;
      }
    } else if (c === 93 || c === 125 /* } */) {
      if (depth === arrayDepth) arrayDepth = -1;
      depth--;
    } else if (c === 44 /* , */ && depth === arrayDepth) expectEntry = true;
    if (c !== 58 /* : */) atKey = false;
  }
  return out;
}
