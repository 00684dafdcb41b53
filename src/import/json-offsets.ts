/** Where things are in a JSON text, for diagnostics that name a line. */
import type { Diagnostic } from '../model/transcript.ts';
import { preview } from '../model/entities.ts';

/**
 * Character offsets of the entries of an array: the top-level array (`key`
 * null) or the one under a key of the top-level object. JSON.parse gives no
 * positions, and a diagnostic should name a line. Only called on text that
 * JSON.parse accepted, so a plain scan over strings and brackets is enough;
 * iterative, whatever the nesting. As with JSON.parse, the last key wins.
 */
export function arrayEntryOffsets(text: string, key: string | null): number[] {
  let out: number[] = [];
  let depth = 0;
  let arrayDepth = -1; // depth inside the wanted array, while in it
  let expectEntry = false;
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (expectEntry) {
      if (c !== ']') out.push(i);
      expectEntry = false;
    }
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      lastKey = depth === 1 ? text.slice(start + 1, i) : '';
      continue;
    }
    if (c === '[' || c === '{') {
      depth++;
      const wanted = key === null ? depth === 1 : depth === 2 && lastKey === key;
      if (c === '[' && wanted) {
        out = [];
        arrayDepth = depth;
        expectEntry = true;
      }
    } else if (c === ']' || c === '}') {
      if (depth === arrayDepth) arrayDepth = -1;
      depth--;
    } else if (c === ',' && depth === arrayDepth) expectEntry = true;
    // A key is followed by ":"; anything else forgets the last string.
    if (c !== ':') lastKey = '';
  }
  return out;
}

/** A key that one object of a JSON text holds more than once. */
export interface DuplicateKey {
  /** Where the object is: '' for the top-level object, `includes` for the object under that key, `[]` for an entry of the top-level array. */
  path: string;
  key: string;
  /** Offsets of every occurrence of the key, in order (JSON.parse keeps the value of the last). */
  offsets: number[];
}

/**
 * Keys repeated inside one object, in the objects at most `maxDepth` levels
 * down (1: the top-level object; 2: also the objects right under it, such
 * as twarc2's `includes` or each tweet of a top-level array). JSON.parse
 * silently keeps the last of them, so `"messages"` twice loses the first
 * list; the importers say so instead. Keys are compared after decoding
 * (`"mess\u0061ges"` is `"messages"`). Like arrayEntryOffsets, a linear scan
 * of text JSON.parse accepted.
 */
export function duplicateKeys(text: string, maxDepth = 2): DuplicateKey[] {
  type Frame = { object: boolean; path: string; keys: Map<string, number[]> | null };
  const stack: Frame[] = [];
  const found: DuplicateKey[] = [];
  let lastKey: string | null = null;
  const close = (f: Frame) => {
    if (!f.keys) return;
    for (const [key, offsets] of f.keys) if (offsets.length > 1) found.push({ path: f.path, key, offsets });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack.at(-1);
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\n' || text[j] === '\r' || text[j] === '\t')) j++;
      if (top?.object && text[j] === ':') {
        let key = text.slice(start + 1, i);
        if (key.includes('\\')) {
          try {
            key = JSON.parse(text.slice(start, i + 1)) as string;
          } catch {
            // not reached on text JSON.parse accepted
          }
        }
        lastKey = key;
        if (top.keys) {
          const at = top.keys.get(key);
          if (at) at.push(start);
          else top.keys.set(key, [start]);
        }
      }
      continue;
    }
    if (c === '{' || c === '[') {
      const parent = stack.at(-1);
      const path = !parent ? '' : parent.object ? (parent.path ? `${parent.path}.${lastKey ?? ''}` : (lastKey ?? '')) : `${parent.path}[]`;
      const object = c === '{';
      stack.push({ object, path, keys: object && stack.length < maxDepth ? new Map() : null });
    } else if (c === '}' || c === ']') {
      const f = stack.pop();
      if (f) close(f);
    }
  }
  return found.sort((a, b) => a.offsets[0] - b.offsets[0]);
}

/** At most this many duplicate-key diagnostics per file; the last one counts the rest. */
const MAX_DUPLICATE_REPORTS = 10;

/**
 * Diagnostics for the keys `text` repeats (see duplicateKeys): an error for
 * a key of the top-level object (`"messages"` twice: the first list is
 * lost, the transcript is partial), a warning deeper down. `lineOf` turns an
 * offset of `text` into a line of the file; `line` is the line of a JSON
 * Lines entry (then every offset is on it).
 */
export function duplicateKeyDiagnostics(text: string, file: string, lineOf: (offset: number) => number | undefined): Diagnostic[] {
  const dups = duplicateKeys(text);
  const out: Diagnostic[] = dups.slice(0, MAX_DUPLICATE_REPORTS).map((d) => {
    const lines = [...new Set(d.offsets.map(lineOf).filter((l): l is number => l !== undefined))];
    const where = d.path === '' ? 'the top-level object' : `the object ${preview(d.path)}`;
    const at = lines.length ? ` (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : '';
    return {
      severity: d.path === '' ? 'error' : 'warning',
      code: 'json-duplicate-key',
      message: `key ${preview(d.key)} appears ${d.offsets.length} times in ${where}${at}: only the last one is read; what the others hold is lost (merge them into one)`,
      file,
      ...(lines[0] ? { line: lines[0] } : {}),
    };
  });
  if (dups.length > MAX_DUPLICATE_REPORTS) {
    out.push({ severity: 'warning', code: 'json-duplicate-key', message: `${dups.length - MAX_DUPLICATE_REPORTS} more repeated key(s) not listed`, file });
  }
  return out;
}
