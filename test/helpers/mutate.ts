/**
 * Random damage to a file's bytes for property tests: cut it short, insert
 * a nasty string, flip a byte, delete a run. Shared by the fuzz tests of
 * every importer.
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; what: string }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; len: number };

/** An arbitrary mutation; `nasty` are the strings worth inserting for the format at hand. */
export function mutation(nasty: string[], { maxDelete = 400 } = {}): fc.Arbitrary<Mutation> {
  const at = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at }),
    fc.record({ kind: fc.constant('insert' as const), at, what: fc.constantFrom(...nasty) }),
    fc.record({ kind: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: maxDelete }) }),
  );
}

/** Apply mutations in order; `encode` turns an inserted string into bytes (default latin1). */
export function applyMutations(bytes: Buffer, muts: Mutation[], encode: (s: string) => Buffer = (s) => Buffer.from(s, 'latin1')): Buffer {
  let b = bytes;
  for (const m of muts) {
    const at = Math.floor(m.at * b.length);
    if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), encode(m.what), b.subarray(at)]);
    else if (m.kind === 'flip') {
      b = Buffer.from(b);
      if (at < b.length) b[at] = m.byte;
    } else b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
  }
  return b;
}
