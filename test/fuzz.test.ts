/**
 * Property: truncated or mutated corpus files never make an importer throw;
 * the import returns a transcript whose accounting still reconciles
 * (found = kept + merged + skipped) for every source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { API_EXPORTS, HTML_EXPORTS, corpusTest } from './helpers/corpus.ts';
import { applyMutations, mutation } from './helpers/mutate.ts';

const FILES: [string, string][] = [...HTML_EXPORTS, ...API_EXPORTS];

/** Bytes that break markup in interesting ways. */
const NASTY = ['<', '>', '"', "'", '</div>', '</span>', '<div class="tweet" id="tweet_1">', '&#', '&#x1F600', '&amp', '\u0000', '\xff\xfe', '<!--', ']]>', '<script>', 'title="', 'data-timestamp="', '\u00e9', '\u2028'];

const mutationOf = mutation(NASTY);

for (const [rel, format] of FILES) {
  corpusTest(`fuzz: mutated ${rel} never throws and always reconciles`, [rel], (_t, path) => {
    const original = readFileSync(path);
    fc.assert(
      fc.property(fc.array(mutationOf, { minLength: 1, maxLength: 6 }), (muts) => {
        const bytes = applyMutations(original, muts);
        const t = importExports([new ExportFile(rel, bytes)], { format });
        for (const s of t.sources) {
          assert.equal(s.found, s.kept + s.merged + s.skipped, `${rel}: found ${s.found} != ${s.kept}+${s.merged}+${s.skipped}`);
        }
        assert.equal(t.messages.length, t.sources.reduce((n, s) => n + s.kept, 0));
        for (const m of t.messages) assert.equal(typeof m.id, 'string');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
}

test('fuzz: random bytes under every importer never throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4000 }), fc.constantFrom(...FILES.map((f) => f[1])), (arr, format) => {
      const t = importExports([new ExportFile('random.bin', Buffer.from(arr))], { format });
      for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped);
    }),
    { numRuns: 200 },
  );
});
