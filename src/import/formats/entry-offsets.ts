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
