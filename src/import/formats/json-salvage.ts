/**
 * Reading what can be read of a JSON export that JSON.parse refused (cut
 * short by a download, or damaged inside): the text up to the damage, cut
 * after the last complete object or array, with the brackets still open
 * closed. Used by the youtube-chat and reddit-json importers, whose files
 * nest (a Reddit comment tree) or are one long line (chat-downloader), so
 * "one entry per line" salvage does not apply.
 *
 * One linear scan, no recursion, whatever the nesting depth.
 */

/** What a damaged text gave back. */
export interface Salvaged {
  /** The repaired value, or null when nothing complete came before the damage. */
  value: unknown;
  /** Character offset where the readable part ends (the rest is lost). */
  cutAt: number;
  /** How many brackets were closed (1 for a top-level array whose entries are all whole). */
  closed: number;
}

/** The character offset JSON.parse's message names ("... at position 123"), else the text's length (cut short). */
export function errorOffset(message: string, length: number): number {
  const m = /at position (\d{1,12})/.exec(message);
  return m ? Math.min(Number(m[1]), length) : length;
}

/** Characters that end a number or a literal (true, false, null). */
const isDelimiter = (c: number) => c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9;

/**
 * The longest prefix of `text[0, limit)` that ends right after a complete
 * value (an object, an array, a string that is not a key, a number or
 * literal followed by its delimiter), with the brackets still open closed,
 * parsed. Such a prefix is valid JSON once closed: nothing after the last
 * cut point can have closed a bracket below it (a close is a cut point), so
 * the brackets open at the cut are the bottom of the stack.
 *
 * A comment tree cut short thus keeps every comment whose fields before the
 * cut are complete, however deep it sits.
 */
export function salvageJson(text: string, limit: number): Salvaged {
  const stack: number[] = []; // 125 for an object, 93 for an array
  const expectKey: boolean[] = [];
  let cut = -1;
  let cutDepth = 0;
  const end = Math.min(limit, text.length);
  const mark = (at: number) => {
    cut = at;
    cutDepth = stack.length;
  };
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const top = stack.length - 1;
    if (c === 34 /* " */) {
      const isKey = top >= 0 && stack[top] === 125 && expectKey[top];
      for (i++; i < end && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      if (i >= end) break;
      if (isKey) expectKey[top] = false;
      else mark(i + 1);
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      stack.push(c === 123 ? 125 : 93);
      expectKey.push(c === 123);
    } else if (c === 125 || c === 93) {
      if (stack.pop() !== c) break;
      expectKey.pop();
      mark(i + 1);
    } else if (c === 44 /* , */) {
      if (top >= 0 && stack[top] === 125) expectKey[top] = true;
    } else if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) {
      let j = i + 1;
      while (j < end && !isDelimiter(text.charCodeAt(j))) j++;
      if (j >= end) break;
      mark(j);
      i = j - 1;
    }
  }
  if (cut === -1) return { value: null, cutAt: 0, closed: 0 };
  let closers = '';
  for (let k = cutDepth - 1; k >= 0; k--) closers += String.fromCharCode(stack[k]);
  try {
    return { value: JSON.parse(text.slice(0, cut) + closers), cutAt: cut, closed: cutDepth };
  } catch {
    // Damaged before the cut in a way this cannot mend (a literal that is none, a stray character).
    return { value: null, cutAt: 0, closed: 0 };
  }
}
