/**
 * Round trip: every corpus file an importer reads (every platform's) -> transcript -> JSON written
 * as the download writes it (JSON.stringify(t, null, 2)) -> a file -> imported
 * again (detected as jamrecap-json) -> the same messages (every field except
 * `origin`, which names the new source), the same questions, the same
 * participants, the same jam. A second round changes nothing more.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { importFiles } from '../src/import/pipeline.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import { CORPUS_EXPORTS, corpusPath, corpusTest, keepsMessagesWithNotes } from './helpers/corpus.ts';

/** Every corpus file an importer reads and keeps messages from (the platforms' too). */
const FILES = CORPUS_EXPORTS.filter(([rel]) => keepsMessagesWithNotes(rel));

const dir = mkdtempSync(join(tmpdir(), 'jamrecap-roundtrip-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** As it is in the JSON file: no `undefined` fields. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));

function withoutOrigin(m: Message): Omit<Message, 'origin'> {
  const { origin: _origin, ...rest } = m;
  return rest;
}

/** Write a transcript as the JSON download does, and import that file again. */
function again(t: Transcript, name: string): Transcript {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(t, null, 2));
  return importFiles([path]);
}

for (const [rel, format] of FILES) {
  corpusTest(`round trip: ${rel} -> JSON -> the same transcript`, [rel], () => {
    // Zoom writes no date: the notes give the chat's day (`date:`), as here.
    const first = importFiles([corpusPath(rel)], format === 'zoom-txt' ? { date: '2020-05-12' } : {});
    assert.equal(first.sources[0].format, format);
    assert.ok(first.messages.length > 0);

    const name = `${rel.replace(/[/.]/g, '-')}.transcript.json`;
    const second = again(first, name);
    const [src] = second.sources;
    const n = first.messages.length;
    assert.deepEqual([src.file, src.format, src.encoding, src.found, src.kept, src.merged, src.skipped], [name, 'jamrecap-json', 'utf-8', n, n, 0, 0]);
    // Nothing dropped on the way: no warning or error about the file itself.
    assert.deepEqual(src.diagnostics.filter((d) => d.severity !== 'info'), []);

    assert.deepEqual(plain(second.messages.map(withoutOrigin)), plain(first.messages.map(withoutOrigin)));
    // Ids (tweet ids beyond 2^53, content hashes) digit for digit, in the same order.
    assert.deepEqual(second.messages.map((m) => m.id), first.messages.map((m) => m.id));
    assert.deepEqual(plain(second.questions), plain(first.questions));
    assert.deepEqual(plain(second.participants), plain(first.participants));
    assert.deepEqual(second.jam, first.jam);
    // The new origin points into the JSON file.
    assert.deepEqual(
      second.messages.map((m) => [m.origin.file, m.origin.format, m.origin.position]),
      second.messages.map((_m, i) => [name, 'jamrecap-json', i + 1]),
    );

    // A fixpoint: a second round gives the same JSON except the source it came from.
    const third = again(second, `again-${name}`);
    const rest = (t: Transcript) => JSON.stringify({ ...t, sources: [], messages: t.messages.map(withoutOrigin) });
    assert.equal(rest(third), rest(second));
  });
}
