/**
 * Format detection by file family (issue 12, performance): `fileFamily` tells
 * JSON, HTML, text and binary files apart by their first bytes, and
 * `detectImporter` asks that family's importers first. It must pick what
 * asking every importer in order picks: on every corpus file and fixture, on
 * text logs that begin with "[", on pages and texts with markup, and on
 * generated mixtures of all of them. Also: ExportFile.head's shared copy, and
 * html-sniff's byte reading saying what ExportFile.looksLikeHtml's regex says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile, ImportError } from '../src/import/export-file.ts';
import { detectImporter, fileFamily } from '../src/import/pipeline.ts';
import { importers, importersOf } from '../src/import/registry.ts';
import { FORMATS } from '../src/import/format-list.ts';
import { looksLikeHtml } from '../src/import/formats/html-sniff.ts';
import { CORPUS, ROOT } from './helpers/corpus.ts';

/** What detection picked before families: the first importer, in detection order, whose detect claims the file. */
function askEveryImporter(path: string, bytes: Buffer): string | null {
  const file = new ExportFile(path, bytes);
  for (const imp of importers) {
    let ok = false;
    try {
      ok = imp.detect(file, {});
    } catch {
      ok = false;
    }
    if (ok) return imp.name;
  }
  return null;
}

/** What detectImporter picks (on a fresh file: nothing cached), or null when it refuses the file listing every importer. */
function detected(path: string, bytes: Buffer): string | null {
  try {
    return detectImporter(new ExportFile(path, bytes), { hints: false }).name;
  } catch (err) {
    assert.ok(err instanceof ImportError, String(err));
    assert.ok(err.message.includes(`(tried: ${importers.map((i) => i.name).join(', ')})`), err.message);
    return null;
  }
}

const family = (text: string | Buffer) => fileFamily(new ExportFile('x', typeof text === 'string' ? Buffer.from(text, 'latin1') : text));

test('fileFamily: JSON, JSON Lines, HTML, text logs and CSV, binary, and the unclear starts', () => {
  for (const json of ['{"a": 1}', '{}', '[{"a": 1}]', '[]', '[[1]]', '["x"]', ' \r\n\t{"a"', '\xEF\xBB\xBF[ {', '\xA0{"a"', '{"a": 1}\n{"a": 2}\n']) {
    assert.equal(family(json), 'json', JSON.stringify(json));
  }
  for (const html of ['<!DOCTYPE html><html>', '  <html lang="en">', '<!-- saved from url=(0014)about:internet -->\n<html>', '<div class="x">', '\xEF\xBB\xBF<p>hi</p>']) {
    assert.equal(family(html), 'html', JSON.stringify(html));
  }
  const text = [
    '[12:00:00] <bob> hi\n',
    '[31/12/2020, 10:00:00] Bob: hi\n',
    '[2020-01-01 12:00:00] <bob> hi\n',
    '\xEF\xBB\xBF[9:05:01 PM] Bob: hi',
    '"AuthorID","Author","Date","Content"\n',
    'id,from_user,text,created_at\n',
    '12:00:00 From Ann to Everyone : hi\n',
    '<bob> a log line with no markup\n',
    '[14 Jan 10:36] --> jsmith joined the channel\n',
    'Saved page\n<html><body>',
    '10:00:00 From Ann to Everyone : use <div> and <p>\n',
    '',
  ];
  for (const t of text) assert.equal(family(t), 'text', JSON.stringify(t));
  assert.equal(family(Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1')), 'binary');
  for (const unclear of ['{x', '{ 1', '[1, 2]', '[1 ,2]', '[1 ]', '[1e5]', '[1] a log', '[x] y', '[-1]', '[true]', '[', '{']) {
    assert.equal(family(unclear), null, JSON.stringify(unclear));
  }
  assert.equal(family(Buffer.from('\xFF\xFEa\x00,\x00', 'latin1')), null, 'UTF-16: every importer is asked');
});

test('every format has a family; the selectors are asked about every file, and each family keeps detection order', () => {
  assert.deepEqual(
    FORMATS.filter((f) => f.family === 'any').map((f) => f.name),
    ['selectors'],
  );
  for (const fam of ['json', 'html', 'text', 'binary'] as const) {
    const names = importersOf(fam).map((i) => i.name);
    assert.deepEqual(names, importers.map((i) => i.name).filter((n) => names.includes(n)), fam);
    assert.equal(names[names.length - 1], 'selectors');
  }
  assert.ok(importersOf('json').some((i) => i.name === 'slack-export'), 'channels.json of a Slack folder');
  assert.ok(importersOf('binary').some((i) => i.name === 'slack-export'), 'a Slack .zip');
});

/** Every file under a folder. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    const st = statSync(p);
    return st.isDirectory() ? walk(p) : st.isFile() ? [p] : [];
  });
}

test('every corpus file and fixture, as is, cut short, after a BOM or white space: the importer asking every importer picks', (t) => {
  const roots = [join(ROOT, 'test/fixtures')];
  if (existsSync(CORPUS)) roots.push(CORPUS);
  else if (process.env.CI === 'true') assert.fail(`corpus missing under CI: ${CORPUS}`);
  else t.diagnostic(`corpus missing (${CORPUS}): fixtures only`);
  let files = 0;
  for (const path of roots.flatMap(walk)) {
    const bytes = readFileSync(path);
    const variants = [bytes, bytes.subarray(0, 1024), bytes.subarray(0, 65536), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), Buffer.concat([Buffer.from(' \r\n\t'), bytes])];
    for (const v of variants) assert.equal(detected(path, v), askEveryImporter(path, v), path);
    files++;
  }
  assert.ok(files > 20, `${files} files`);
});

test('text logs that begin with "[" and texts with markup go to the importer they always went to', () => {
  const cases: [string, string, string | null][] = [
    ['chat.txt', '[31/12/2020, 10:00:00] Ann: hi\n[31/12/2020, 10:01:00] Bob: <p>hello</p>\n', 'whatsapp-txt'],
    ['znc.log', '[12:00:00] <ann> hi\n[12:00:05] <bob> <div> is a block\n[12:01:00] <ann> ok\n', 'irc-log'],
    ['meeting_saved_chat.txt', '10:00:00 From Ann to Everyone : use <div> and <p>\n10:01:00 From Bob to Everyone : ok\n', 'zoom-txt'],
    ['notes.txt', 'Just some notes with <p>markup</p>\n', null],
    ['posts.json', '[{"id": "1", "content": "<p>hi</p>"}]', null],
  ];
  for (const [name, text, want] of cases) {
    const bytes = Buffer.from(text);
    assert.equal(askEveryImporter(name, bytes), want, `${name} (as before)`);
    assert.equal(detected(name, bytes), want, name);
  }
});

test('generated mixtures of JSON, markup, log lines and CSV: the same importer as asking every importer', () => {
  const pieces = [
    '{"a": 1}\n', '[', ']', '{', '}', '"', ',', ' ', '\n', '\r\n', '\xEF\xBB\xBF', '<p>', '<html>', '<div class="message default">', '</div>',
    '[12:00:00] <ann> hi\n', '[31/12/2020, 10:00:00] Ann: hi\n', '12/31/20, 10:00 PM - Ann: hi\n', '10:00:00 From Ann to Everyone : hi\n',
    '"AuthorID","Author","Date","Content","Attachments","Reactions"\n', '"1","ann#1","2020-01-01 10:00","hi","",""\n',
    'id,from_user,text,created_at\n', '1,ann,hi,Thu Jan 01 10:00:00 +0000 2020\n', '==============================================================\nGuild: G\nChannel: C\n',
    '"guild": {', '"channel"', '"messages": [', '"content": "<p>x</p>"', '"type": "public_channel"', '"date": "2020-01-01T10:00:00"',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.constantFrom('chat.txt', 'x.json', 'page.html', 'log.csv'), (parts, name) => {
      const bytes = Buffer.from(parts.join(''), 'latin1');
      assert.equal(detected(name, bytes), askEveryImporter(name, bytes));
    }),
    { numRuns: 400, seed: 12 },
  );
});

test('ExportFile.head: one copy, as far as the longest head asked for, shorter heads sliced from it', () => {
  const bytes = Buffer.from('0123456789'.repeat(10), 'latin1');
  const file = new ExportFile('x', bytes);
  for (const n of [4, 50, 10, 0, 100, 500, 3, 4096]) assert.equal(file.head(n), bytes.subarray(0, n).toString('latin1'), String(n));
  assert.equal(file.head(), bytes.toString('latin1'));
});

test('html-sniff: the same answer as ExportFile.looksLikeHtml, at the 64 KB edge and past 32 "<" too', () => {
  const pieces = ['<', '<p', '<P>', '<p_', '<pa', '<p1', '<p-', '<!DOCTYPE html>', '<!doctype HTML5', '<!doctype  html', '<htm', '<HTML', '<header>', '<Table ', '<ol', '<olx', '<nick>', '<Media omitted>', 'x', ' ', '\n', '\xC3\xA9', '\x00'];
  const pads = [0, 65536 - 2, 65536 - 3, 65536 - 15, 65536];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.constantFrom(...pads), (parts, pad) => {
      const bytes = Buffer.concat([Buffer.alloc(pad, 'a'), Buffer.from(parts.join(''), 'latin1')]);
      assert.equal(looksLikeHtml(new ExportFile('x', bytes)), new ExportFile('x', bytes).looksLikeHtml, JSON.stringify([pad, parts]));
    }),
    { numRuns: 1500, seed: 12 },
  );
});
