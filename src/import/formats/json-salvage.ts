/**
 * Reading what can be read of a JSON export that JSON.parse refused (cut
 * short by a download, or damaged inside): the text up to the damage, cut
 * after the last complete object or array, with the brackets still open
 * closed. Used by the youtube-chat and reddit-json importers, whose files
 * nest (a Reddit comment tree) or are one long line (chat-downloader), so
 * "one entry per line" salvage does not apply.
 *
 * One linear scan, no recursion, whatever the nesting depth.
 *
 * Also the "one entry at a time" salvage of a file whose entries are the
 * items of one array (discord-json, telegram-json): `salvageEntries`.
 */
import { arrayEntryOffsets } from '../json-offsets.ts';
import { preview } from '../../model/entities.ts';

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

/** One entry of a JSON array: its value or why it could not be read, and where it starts. */
export type JsonEntry = { value: unknown; offset: number; line?: number } | { error: string; offset: number; line?: number };

/**
 * The entries of an array (the top-level object's `key` array, or the
 * top-level array when `key` is null) in a text JSON.parse refused (cut
 * short or damaged): every entry that parses alone, in order, and the
 * broken ones with why (`noun` names an entry in that why). Linear: entries
 * are found by arrayEntryOffsets and each one's end by matching brackets
 * outside strings.
 */
export function salvageEntries(text: string, key: string | null, noun = 'entry'): JsonEntry[] {
  const offsets = arrayEntryOffsets(text, key);
  const out: JsonEntry[] = [];
  for (let k = 0; k < offsets.length; k++) {
    const start = offsets[k];
    const limit = k + 1 < offsets.length ? offsets[k + 1] : text.length;
    const end = valueEnd(text, start, limit);
    if (end === -1) {
      out.push({ error: limit === text.length ? `the file ends inside this ${noun} (cut short)` : `this ${noun} is not valid JSON`, offset: start });
      continue;
    }
    try {
      out.push({ value: JSON.parse(text.slice(start, end)), offset: start });
    } catch (err) {
      out.push({ error: `not valid JSON (${preview((err as Error).message, 60)})`, offset: start });
    }
  }
  return out;
}

/** Offset just after the object or array starting at `start`, or -1 when it does not close before `limit`. */
function valueEnd(text: string, start: number, limit: number): number {
  let depth = 0;
  for (let i = start; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < limit && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** A JSON text as read: whole, or (damaged) what salvageJson could read of it. */
export interface ReadJson {
  /** The value: JSON.parse's, or the salvaged prefix's (null when nothing complete came before the damage). */
  value: unknown;
  /** Set when JSON.parse refused the text. */
  damage: Damage | null;
}

/** Where and why JSON.parse refused a text, and what of the salvaged value is incomplete. */
export interface Damage {
  /** JSON.parse's message. */
  error: string;
  /** Character offset JSON.parse stopped at (the text's length when it is cut short). */
  at: number;
  /** Character offset where the readable part ends. */
  cutAt: number;
  /** The objects and arrays of the value that were still open at the cut: their last part is missing (see openAtCut). */
  open: ReadonlySet<unknown>;
}

/**
 * A JSON text parsed, or when JSON.parse refuses it (cut short, damaged
 * inside), the complete values before the damage (salvageJson), with the
 * objects the cut left incomplete: an importer keeps the entries that are
 * not among them and reports the one that is.
 */
export function parseOrSalvage(text: string): ReadJson {
  try {
    return { value: JSON.parse(text), damage: null };
  } catch (err) {
    const error = (err as Error).message;
    const at = errorOffset(error, text.length);
    const { value, cutAt, closed } = salvageJson(text, at);
    return { value, damage: { error, at, cutAt, open: openAtCut(value, closed) } };
  }
}

/**
 * The objects and arrays of a salvaged value that salvageJson closed (the
 * `closed` innermost ones open at the cut): the value itself, then its last
 * entry (an array's last item, an object's last key's value), and so on.
 * An entry that is not among them was whole in the text.
 */
export function openAtCut(value: unknown, closed: number): Set<unknown> {
  const open = new Set<unknown>();
  let cur: unknown = value;
  for (let k = 0; k < closed && typeof cur === 'object' && cur !== null; k++) {
    open.add(cur);
    if (Array.isArray(cur)) cur = cur[cur.length - 1];
    else {
      const keys = Object.keys(cur);
      cur = keys.length ? (cur as Record<string, unknown>)[keys[keys.length - 1]] : undefined;
    }
  }
  return open;
}

/** The diagnostic text of a damaged JSON file: what JSON.parse said, the line, what was read. */
export function damageMessage(damage: Damage, line: number | undefined, read: string): string {
  return `not valid JSON (${preview(damage.error, 80)}): the file is cut short or damaged at line ${line ?? '?'}; ${read}, the rest is lost`;
}

/**
 * The skipped element for an entry the cut leaves incomplete: `label` names
 * it ("status #3"), at its own line when known, else at the line of the cut.
 */
export function cutEntry(file: string, label: string, position: number, line: number | undefined): { severity: 'warning'; code: string; message: string; file: string; position: number; line?: number } {
  return { severity: 'warning', code: 'json-invalid', message: `${label}: the file ends inside it (cut short or damaged); not read`, file, position, ...(line ? { line } : {}) };
}
