import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { importFiles } from '../src/import/pipeline.ts';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { tweetchatPage } from '../bench/tweetchat-page.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';

const ROOM = 'tweetchat/socbizchat-room.html';
const GOLDEN = join(ROOT, 'test/golden/socbizchat.transcript.json');
const BIN = join(ROOT, 'bin/jamrecap.js');

corpusTest('socbizchat room: 47 tweets by 27 accounts, windows-1252, chronological', [ROOM], (_t, file) => {
  const t = importFiles([file]);
  const [src] = t.sources;
  assert.deepEqual([src.format, src.encoding, src.found, src.kept, src.merged, src.skipped], ['tweetchat', 'windows-1252', 47, 47, 0, 0]);
  assert.equal(t.participants.length, 27);
  assert.equal(t.messages[0].time, '2012-10-24T17:00:30.000Z');
  assert.equal(t.messages.at(-1)!.time, '2012-10-24T17:45:00.000Z');
  const times = t.messages.map((m) => m.time);
  assert.deepEqual(times, [...times].sort());
  // Ids beyond 2^53 survive as strings.
  assert.ok(t.messages.every((m) => /^\d{18}$/.test(m.id) && BigInt(m.id) > 2n ** 53n));
  // windows-1252 bytes 0x93/0x94/0x85 became real curly quotes and an ellipsis.
  assert.equal(t.questions[0].text, 'How do you define “social business”?');
  assert.ok(t.messages.some((m) => m.text.includes('conversation…')));
  const reply = t.messages.find((m) => m.replyTo)!;
  assert.deepEqual([reply.author.handle, reply.replyTo], ['ITSinsider', '261150601507766273']);
  const rt = t.messages.find((m) => m.author.handle === 'KimberlyEdwards')!;
  assert.deepEqual(rt.retweetOf, { handle: 'KathyHerrmann', id: null });
  assert.equal(t.jam.hashtag, 'socbizchat');
  // Every message carries the room's hashtag, and no markup.
  assert.ok(t.messages.every((m) => m.hashtags.some((h) => h.toLowerCase() === 'socbizchat') && !/[<>]/.test(m.text)));
});

corpusTest('socbizchat room: golden transcript', [ROOM], (_t, file) => {
  const json = JSON.stringify(importFiles([file]), null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, json);
  assert.equal(json, readFileSync(GOLDEN, 'utf8'), 'transcript differs from test/golden/socbizchat.transcript.json (UPDATE_GOLDEN=1 to accept)');
});

test('generated room of 2,000 messages: newest-first page comes out chronological, all kept', () => {
  const t = importExports([new ExportFile('room.html', tweetchatPage(2000, { questionsEvery: 400 }))]);
  assert.equal(t.messages.length, 2000);
  assert.deepEqual(t.questions.map((q) => q.id), ['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
  assert.ok(t.messages.every((m) => m.question !== null));
  const times = t.messages.map((m) => m.time);
  assert.deepEqual(times, [...times].sort());
});

corpusTest('CLI: import writes the transcript and one summary line', [ROOM], (_t, file) => {
  const out = join(mkdtempSync(join(tmpdir(), 'jamrecap-')), 't.json');
  const r = spawnSync(process.execPath, [BIN, 'import', file, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '47 messages, 27 participants, 4 questions, 0 duplicates merged, 0 skipped (47 found in 1 file)');
  const t = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(t.schema, 'jamrecap.transcript/1');
  assert.equal(t.messages.length, 47);
  // Duplicate rows with the same id are merged and counted.
  const twice = spawnSync(process.execPath, [BIN, 'import', file, file], { encoding: 'utf8' });
  assert.equal(twice.status, 0, twice.stderr);
  assert.match(twice.stderr, /^47 messages, 27 participants, 4 questions, 47 duplicates merged, 0 skipped \(94 found in 2 files\)$/m);
});

test('CLI: an unrecognized file is exit 2 naming the file and the formats tried', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-'));
  const f = join(dir, 'notes.txt');
  writeFileSync(f, 'just some notes, not a chat export\n');
  const r = spawnSync(process.execPath, [BIN, 'import', f], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /notes\.txt: not a recognized chat export \(tried: tweetchat, /);
  const missing = spawnSync(process.execPath, [BIN, 'import', join(dir, 'nope.html')], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.html: cannot read \(ENOENT\)/);
  const badFormat = spawnSync(process.execPath, [BIN, 'import', f, '--format', 'myspace'], { encoding: 'utf8' });
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /unknown format "myspace"/);
});

test('CLI: formats lists every importer', () => {
  const r = spawnSync(process.execPath, [BIN, 'formats'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const name of ['tweetchat', 'storify', 'twitter-html', 'twitter-embed', 'selectors', 'jamrecap-json']) {
    assert.match(r.stdout, new RegExp(`^${name} `, 'm'));
  }
});
