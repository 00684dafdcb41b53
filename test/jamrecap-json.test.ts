import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports, importFiles } from '../src/import/pipeline.ts';
import { jamrecapJson } from '../src/import/formats/jamrecap-json.ts';
import { importers } from '../src/import/registry.ts';
import { handleKey, type Message } from '../src/model/transcript.ts';
import { corpusTest, ROOT } from './helpers/corpus.ts';

const HAND_EDITED = join(ROOT, 'test/fixtures/json-hand-edited.json');

/** Everything of a message except `origin`, which names the file it was read from. */
function content(m: Message): Omit<Message, 'origin'> {
  const { origin: _origin, ...rest } = m;
  return rest;
}

test('jamrecap-json: registered right after tweetchat', () => {
  const names = importers.map((i) => i.name);
  assert.equal(names.indexOf('jamrecap-json'), names.indexOf('tweetchat') + 1);
});

test('jamrecap-json: detects its own schema only', () => {
  const file = (text: string | Buffer) => new ExportFile('t.json', Buffer.isBuffer(text) ? text : Buffer.from(text));
  assert.equal(jamrecapJson.detect(file('{"schema":"jamrecap.transcript/1","messages":[]}'), {}), true);
  assert.equal(jamrecapJson.detect(file('\n  {\n  "schema" : "jamrecap.transcript/1"}'), {}), true);
  assert.equal(jamrecapJson.detect(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"schema":"jamrecap.transcript/1"}')])), {}), true);
  assert.equal(jamrecapJson.detect(file('{"schema":"jamrecap.transcript/2","messages":[]}'), {}), false);
  assert.equal(jamrecapJson.detect(file('{"messages":[{"text":"schema jamrecap.transcript/1"}]}'), {}), false);
  assert.equal(jamrecapJson.detect(file('<html><p>"schema":"jamrecap.transcript/1"</p></html>'), {}), false);
});

corpusTest('jamrecap-json round trip: socbizchat transcript -> JSON file -> same messages', ['tweetchat/socbizchat-room.html'], (_t, path) => {
  const first = importFiles([path]);
  // 47 tweets by 27 accounts (grep -o 'id="tweet_[0-9]*"' and the a.user hrefs of the raw page).
  assert.deepEqual([first.messages.length, first.participants.length], [47, 27]);
  const out = join(mkdtempSync(join(tmpdir(), 'jamrecap-json-')), 'socbizchat.transcript.json');
  writeFileSync(out, JSON.stringify(first, null, 2));

  const second = importFiles([out]);
  const [src] = second.sources;
  assert.deepEqual([src.format, src.encoding, src.found, src.kept, src.merged, src.skipped], ['jamrecap-json', 'utf-8', 47, 47, 0, 0]);
  assert.equal(src.file, 'socbizchat.transcript.json');

  // Compare through JSON, as the transcript is written: `undefined` fields do not exist there.
  const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));
  assert.deepEqual(plain(second.messages.map(content)), plain(first.messages.map(content)));
  // Origin names the new source: this file, this format, its position in the JSON array.
  assert.deepEqual(
    second.messages.map((m) => m.origin),
    second.messages.map((_m, i) => ({ file: 'socbizchat.transcript.json', format: 'jamrecap-json', position: i + 1 })),
  );
  // Ids beyond 2^53 came back digit for digit.
  assert.ok(second.messages.every((m, i) => m.id === first.messages[i].id && BigInt(m.id) > 2n ** 53n));
  // What is derived from the messages is derived the same way again.
  assert.deepEqual(plain(second.questions), plain(first.questions));
  assert.deepEqual(plain(second.participants), plain(first.participants));
  assert.deepEqual(second.jam, first.jam);
});

test('jamrecap-json: a hand-edited transcript keeps its good entries and skips the malformed', () => {
  const r = jamrecapJson.parse(ExportFile.read(HAND_EDITED), {});
  assert.equal(r.title, 'Hand-edited garden chat');
  assert.equal(r.found, 9);
  assert.deepEqual(
    r.skipped.map((d) => [d.position, d.code]),
    [
      [2, 'id-invalid'],
      [3, 'author-missing'],
      [4, 'time-unreadable'],
      [5, 'time-unreadable'],
      [6, 'not-a-message'],
      [9, 'not-a-message'],
    ],
  );
  assert.ok(r.skipped.every((d) => d.file === 'json-hand-edited.json'));
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['hosts-not-reapplied', 'overrides-not-reapplied']);

  const t = importFiles([HAND_EDITED], { hosts: ['annlee'] });
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.skipped], ['jamrecap-json', 9, 3, 6]);
  const byHandle = new Map(t.messages.map((m) => [m.author.handle, m]));
  const ann = byHandle.get('annlee')!;
  assert.deepEqual([ann.id, ann.author.name, ann.url], ['900719925474099312345', 'Ann Lee', 'https://twitter.com/annlee/status/900719925474099312345']);
  const bob = byHandle.get('bob_b')!;
  // Day precision kept; javascript: urls and non-strings dropped; the reply kept.
  assert.deepEqual(
    [bob.time, bob.timePrecision, bob.url, bob.links, bob.replyTo],
    ['2020-03-05', 'day', null, ['https://example.org/peas'], '900719925474099312345'],
  );
  const cy = byHandle.get('cy')!;
  assert.match(cy.id, /^h-[0-9a-f]{16}$/);
  assert.deepEqual([cy.time, cy.timePrecision], ['2020-03-05T18:30:00.000Z', 'minute']);
  assert.deepEqual(cy.retweetOf, { handle: 'annlee', id: '900719925474099312345' });
});

test('jamrecap-json: broken JSON is a diagnostic, not a crash', () => {
  for (const text of ['{"schema": "jamrecap.transcript/1", "messages": [', '{"schema": "jamrecap.transcript/1", "messages": {}}', '{"schema": "jamrecap.transcript/1"}']) {
    const t = importExports([new ExportFile('broken.json', Buffer.from(text))]);
    const [src] = t.sources;
    assert.deepEqual([src.format, src.found, src.kept, t.messages.length], ['jamrecap-json', 0, 0, 0]);
    assert.equal(src.diagnostics.length, 1);
    assert.equal(src.diagnostics[0].severity, 'error');
  }
});

test('characters XML forbids are stripped at import, with a warning per message (the feed stays valid)', () => {
  const msg = (id: string, text: string, name: string | null, alt: string | null = null) => ({
    id,
    author: { handle: 'annlee', name },
    time: '2020-03-05T18:30:00.000Z',
    timePrecision: 'minute',
    text,
    attachments: alt === null ? [] : [{ kind: 'image', url: 'https://example.org/a.png', alt, file: null }],
  });
  const doc = {
    schema: 'jamrecap.transcript/1',
    messages: [msg('1', 'Q1 back\bspace \u0000nul \uFFFEnonchar\uFFFF tab\tkept', 'Ann\u0007 Lee', 'a\u001bpic'), msg('2', 'clean 😀 text\nwith lines\r\n', 'Ann Lee')],
  };
  const t = importExports([new ExportFile('ctl.json', Buffer.from(JSON.stringify(doc)))]);
  assert.deepEqual(
    t.messages.map((m) => [m.text, m.author.name, m.attachments.map((a) => a.alt)]),
    [
      ['Q1 backspace nul nonchar tab\tkept', 'Ann Lee', ['apic']],
      ['clean 😀 text\nwith lines\r\n', 'Ann Lee', []],
    ],
  );
  const warned = t.sources[0].diagnostics.filter((d) => d.code === 'control-characters');
  assert.deepEqual(warned.map((d) => [d.severity, d.position]), [['warning', 1]]);
  assert.match(warned[0].message, /^message #1 \("1"\): 6 control character\(s\) removed/);
});

test('handles equal after Unicode normalization are one participant (NFC), in the import and in handleKey', () => {
  const msg = (id: string, handle: string, name: string | null, text: string) => ({ id, author: { handle, name }, time: `2020-03-05T18:3${id}:00.000Z`, timePrecision: 'minute', text });
  const doc = {
    schema: 'jamrecap.transcript/1',
    messages: [
      msg('1', 'jos\u00e9', 'Jos\u00e9 P.', 'Q1. What grows best in shade?'),
      msg('2', 'jose\u0301', 'Jose\u0301 P.', 'A1 ferns, caf\u00e9 au lait'),
      msg('3', 'JOSE\u0301', null, 'RT @jose\u0301: A1 ferns'),
      msg('4', 'ann', null, 'A1 moss, said the cafe\u0301 owner'),
    ],
  };
  const t = importExports([new ExportFile('nfc.json', Buffer.from(JSON.stringify(doc)))]);
  assert.deepEqual(t.participants.map((p) => [p.handle, p.messages]), [['jos\u00e9', 3], ['ann', 1]]);
  // Everything the transcript carries is NFC: one spelling of each name and text on every page.
  for (const m of t.messages) {
    for (const s of [m.author.handle, m.author.name ?? '', m.text, m.retweetOf?.handle ?? '']) assert.equal(s, s.normalize('NFC'), JSON.stringify(s));
  }
  assert.equal(t.messages[3].text, 'A1 moss, said the caf\u00e9 owner');
  assert.equal(handleKey('@Jose\u0301'), handleKey('jos\u00e9'));
});

test('jamrecap-json: "messages" twice is an error (JSON.parse would keep the last list silently); a key spelled with escapes counts', () => {
  const m = (id: string) => JSON.stringify({ id, author: { handle: 'ann', name: null }, time: '2020-03-05T18:30:00.000Z', timePrecision: 'minute', text: `m${id}` });
  const text = `{\n  "schema": "jamrecap.transcript/1",\n  "messages": [${m('1')}, ${m('2')}],\n  "mess\\u0061ges": [${m('3')}]\n}\n`;
  const t = importExports([new ExportFile('twice.json', Buffer.from(text))]);
  const [src] = t.sources;
  assert.equal(src.format, 'jamrecap-json');
  const dup = src.diagnostics.filter((d) => d.code === 'json-duplicate-key');
  assert.deepEqual(dup.map((d) => [d.severity, d.line]), [['error', 3]]);
  assert.match(dup[0].message, /^key "messages" appears 2 times in the top-level object \(lines 3, 4\)/);
  // A clean file says nothing of the kind.
  const clean = importExports([new ExportFile('once.json', Buffer.from(`{"schema": "jamrecap.transcript/1", "messages": [${m('1')}]}`))]);
  assert.equal(clean.sources[0].diagnostics.filter((d) => d.code === 'json-duplicate-key').length, 0);
});
