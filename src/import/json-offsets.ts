/** Where things are in a JSON text, for diagnostics that name a line. */

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
