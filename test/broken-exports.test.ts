/**
 * Broken exports: empty, truncated, binary, mislabeled, mixed-encoding and
 * pathologically nested files; rows without a time or an author, unreadable
 * times, duplicate and conflicting ids, ids beyond 2^64; files over the size
 * limit. Each gives a clear message and, where anything is recoverable, a partial
 * transcript whose loss is accounted for: found = kept + merged + skipped, and one
 * warning naming file, line and position for every row that was not kept.
 *
 * Generated pages come from fixtures/hostile-pages.ts (templates copied from the
 * corpus markup); truncation runs over the real corpus files, read in place.
 * The CLI part spawns bin/jamrecap.js: never a stack trace, exit 0 when the import
 * succeeded (even with warnings), 1 when an export had errors (partial transcript),
 * 2 when a file cannot be read or recognized.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExportFile, ImportError, MAX_EXPORT_BYTES } from '../src/import/export-file.ts';
import { importExports, importFiles } from '../src/import/pipeline.ts';
import { SOFT_DEPTH } from '../src/import/nesting.ts';
import type { Diagnostic, Message, SourceSummary, Transcript } from '../src/model/transcript.ts';
import { HTML_EXPORTS, ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';
import { FORMATS, FORUM_SPEC, exportText, pageAround, rowHtml, rows, type FormatName } from './fixtures/hostile-pages.ts';

const HTML_FORMATS = FORMATS.filter((f): f is Exclude<FormatName, 'jamrecap-json'> => f !== 'jamrecap-json');
const ext = (f: FormatName) => (f === 'jamrecap-json' ? 'json' : 'html');
const BIN = join(ROOT, 'bin/jamrecap.js');

/** The importer reading each corpus file, with its message count (see the importers' own tests). */
const CORPUS = HTML_EXPORTS as [string, FormatName][];

/** Imports by content (no selectors given, so the selectors importer stays out), or with the format named. */
function importBytes(name: string, bytes: Buffer | string, format?: FormatName): Transcript {
  const selectors = format === 'selectors' ? FORUM_SPEC : undefined;
  return importExports([new ExportFile(name, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes))], { format, selectors });
}

/** found = kept + merged + skipped; one warning with file, position and (for pages and importer skips) line per skipped row. */
function accounted(s: SourceSummary, where = s.file): Diagnostic[] {
  assert.equal(s.found, s.kept + s.merged + s.skipped, `${where}: found ${s.found} != ${s.kept}+${s.merged}+${s.skipped}`);
  const skips = s.diagnostics.filter((d) => d.severity === 'warning' && d.position !== undefined && d.code !== 'duplicate-conflict');
  assert.equal(skips.length, s.skipped, `${where}: ${skips.length} skip warnings for ${s.skipped} skipped`);
  for (const d of skips) {
    assert.equal(d.file, s.file);
    assert.ok(d.line && d.line >= 1, `${where}: ${d.code} at #${d.position} has no line`);
  }
  return skips;
}

const codes = (s: SourceSummary) => s.diagnostics.map((d) => d.code);

/** Everything of a message but its origin. */
function content(m: Message): string {
  const { origin: _o, ...rest } = m;
  return JSON.stringify(rest);
}

/** What a message itself says (not its question, which depends on the other messages). */
function own(m: Message): string {
  const { origin: _o, question: _q, questionVia: _v, phase: _p, ...rest } = m;
  return JSON.stringify(rest);
}

// ------------------------------------------------------------------ empty, binary, mislabeled

test('empty file: not recognized (exit 2, "empty file"); under a chosen format, an empty transcript that says so', () => {
  assert.throws(
    () => importBytes('empty.html', Buffer.alloc(0)),
    (e) => e instanceof ImportError && e.exitCode === 2 && /empty\.html: an empty file \(0 bytes\) \(tried: tweetchat, /.test(e.message),
  );
  for (const format of FORMATS) {
    const t = importBytes(`empty.${ext(format)}`, Buffer.alloc(0), format);
    const [s] = t.sources;
    accounted(s);
    assert.deepEqual([s.found, t.messages.length], [0, 0]);
    const expected = format === 'jamrecap-json' ? 'json-invalid' : format === 'selectors' ? 'no-match' : 'no-messages';
    assert.deepEqual(codes(s), [expected], format);
  }
  // An empty transcript file: "cut short" is what JSON.parse can tell.
  assert.match(importBytes('t.json', '', 'jamrecap-json').sources[0].diagnostics[0].message, /not valid JSON \(the file seems cut short\)/);
});

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function garbage(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}

test('binary garbage: "binary data" (exit 2); forced through every importer, nothing found and no crash', () => {
  const junk = garbage(64 * 1024, 7);
  assert.throws(() => importBytes('photo.jpg', junk), (e) => e instanceof ImportError && e.exitCode === 2 && /photo\.jpg: binary data, not text/.test(e.message));
  for (const format of FORMATS) {
    for (const seed of [1, 2, 3]) {
      const t = importBytes(`junk.${ext(format)}`, garbage(16 * 1024, seed), format);
      const [s] = t.sources;
      accounted(s);
      assert.equal(s.found, 0, format);
      assert.ok(s.diagnostics.some((d) => d.severity !== 'info'), `${format}: the empty result is explained`);
    }
  }
  // Garbage behind a plausible page head is still not mistaken for an export.
  assert.throws(() => importBytes('x.html', Buffer.concat([Buffer.from('<!DOCTYPE html><html><body>'), junk])), ImportError);
});

corpusTest('mislabeled files: detection is by content, not by extension', ['tweetchat/socbizchat-room.html'], (_t, room) => {
  const page = readFileSync(room);
  const asJson = importBytes('room.json', page);
  assert.deepEqual([asJson.sources[0].format, asJson.messages.length], ['tweetchat', 47]);
  const transcript = JSON.stringify(asJson, null, 2);
  const asHtml = importBytes('transcript.html', transcript);
  assert.deepEqual([asHtml.sources[0].format, asHtml.messages.length], ['jamrecap-json', 47]);
  // Same messages either way.
  assert.deepEqual(asHtml.messages.map(content), asJson.messages.map(content));
  // A page with no extension at all, and one named .txt.
  assert.equal(importBytes('room', page).sources[0].format, 'tweetchat');
  assert.equal(importBytes('room.txt', page).sources[0].format, 'tweetchat');
});

// ------------------------------------------------------------------ truncated

corpusTest(
  'truncated corpus files (each cut at 10 points): partial transcripts, the cut reported, nothing invented',
  CORPUS.map(([rel]) => rel),
  (t) => {
    for (const [rel, format] of CORPUS) {
      const bytes = readFileSync(corpusPath(rel));
      const full = importBytes(rel, bytes, format);
      const byId = new Map(full.messages.map((m) => [m.id, m]));
      assert.ok(full.messages.length > 3 && !codes(full.sources[0]).includes('file-truncated'), rel);
      let kept = 0;
      for (let k = 1; k <= 10; k++) {
        const cut = Math.floor((bytes.length * k) / 11);
        const part = importBytes(rel, bytes.subarray(0, cut), format);
        const [s] = part.sources;
        accounted(s, `${rel} cut at ${cut}`);
        assert.ok(s.found <= full.sources[0].found, `${rel}@${cut}: ${s.found} found`);
        // Every message is one of the full file's, unchanged, except at most the one the cut went through.
        const changed = part.messages.filter((m) => byId.get(m.id) === undefined || own(m) !== own(byId.get(m.id)!));
        assert.ok(changed.length <= 1, `${rel}@${cut}: ${changed.length} messages differ from the full file`);
        for (const m of changed) {
          const whole = byId.get(m.id);
          assert.ok(whole, `${rel}@${cut}: invented message ${m.id}`);
          assert.equal(m.author.handle, whole.author.handle);
        }
        // The cut itself is reported, with how much was read before it.
        const d = s.diagnostics.find((x) => x.code === 'file-truncated');
        assert.ok(d, `${rel}@${cut}: no file-truncated warning`);
        assert.match(d.message, new RegExp(`seems cut short.*\\(${s.found} found before it\\)`));
        kept += s.kept;
      }
      t.diagnostic(`${rel}: ${full.messages.length} messages; ${kept} kept over the 10 cuts`);
    }
  },
);

test('a truncated transcript (JSON) says it was cut short', () => {
  const text = exportText('jamrecap-json', rows(5, (_i, r) => r));
  const t = importBytes('t.json', text.slice(0, Math.floor(text.length / 2)), 'jamrecap-json');
  assert.deepEqual(codes(t.sources[0]), ['json-invalid']);
  assert.match(t.sources[0].diagnostics[0].message, /^not valid JSON \(the file seems cut short\): /);
  // Garbage after a complete transcript is not "cut short".
  assert.doesNotMatch(importBytes('t.json', `${text}}`, 'jamrecap-json').sources[0].diagnostics[0].message, /cut short/);
});

// ------------------------------------------------------------------ mixed encoding

test('mixed encoding without a charset: read as windows-1252 like a browser; the UTF-8 parts are garbled, and the file says so', () => {
  // A TweetChat page with no charset: one row in UTF-8, one with windows-1252 curly quotes (0x93/0x94).
  const page = exportText('tweetchat', rows(2, (i, r) => ({ ...r, bodyHtml: i === 0 ? 'café “quoted”' : '@@CP1252@@' })))
    .replace(/<meta http-equiv="Content-Type"[^>]*>/, '')
    .split('@@CP1252@@');
  const bytes = Buffer.concat([Buffer.from(page[0], 'utf8'), Buffer.from([0x93]), Buffer.from('cp1252', 'latin1'), Buffer.from([0x94]), Buffer.from(page[1], 'utf8')]);
  const t = importBytes('mixed.html', bytes);
  const [s] = t.sources;
  assert.deepEqual([s.format, s.encoding, s.found, s.kept], ['tweetchat', 'windows-1252', 2, 2]);
  const text = (i: number) => t.messages.find((m) => m.origin.position === i + 1)!.text;
  // é = C3 A9 -> "Ã©"; “ = E2 80 9C -> "â€œ"; ” = E2 80 9D -> "â€" + U+009D (the WHATWG table leaves 0x9D a control).
  assert.equal(text(0), 'cafÃ© â€œquotedâ€\u009d');
  assert.equal(text(1), '“cp1252”');
  assert.deepEqual(codes(s), ['encoding-mixed']);
  assert.match(s.diagnostics[0].message, /not valid UTF-8 and no charset declared, so read as windows-1252 .*; 3 UTF-8 sequence\(s\)/);

  // The same bytes declaring UTF-8: the windows-1252 bytes become U+FFFD, and that is said too.
  const declared = Buffer.concat([Buffer.from('<meta charset="utf-8">'), bytes]);
  const u = importBytes('mixed-utf8.html', declared);
  assert.deepEqual([u.sources[0].encoding, u.messages.map((m) => m.text).sort()], ['utf-8', ['café “quoted”', '\uFFFDcp1252\uFFFD']]);
  assert.deepEqual(codes(u.sources[0]), ['encoding-invalid']);
  assert.match(u.sources[0].diagnostics[0].message, /^2 byte sequence\(s\) are not valid UTF-8/);

  // Plain windows-1252 (no UTF-8 in it) is only noted, not warned about.
  const plain = importBytes('plain.html', Buffer.concat([Buffer.from(page[0].replace('café “quoted”', 'plain'), 'utf8'), Buffer.from([0x93, 0x41, 0x94]), Buffer.from(page[1])]));
  assert.deepEqual(codes(plain.sources[0]), ['encoding-guessed']);
});

test('a page declaring UTF-7 is not decoded as UTF-7 (browsers refuse it: "+ADw-script+AD4-" stays text)', () => {
  const page = exportText('tweetchat', rows(1, (_i, r) => ({ ...r, bodyHtml: '+ADw-script+AD4-alert(1)+ADw-/script+AD4-' }))).replace('charset=utf-8', 'charset=utf-7');
  const t = importBytes('utf7.html', page);
  assert.equal(t.sources[0].encoding, 'utf-8');
  assert.equal(t.messages[0].text, '+ADw-script+AD4-alert(1)+ADw-/script+AD4-');
});

// ------------------------------------------------------------------ deep nesting

const DEPTH = 200_000;

test(`markup nested ${DEPTH.toLocaleString('en')} levels deep, in every format: read in bounded time, flattened, reported`, () => {
  for (const format of HTML_FORMATS) {
    // Inside a message text, and around a whole message.
    const inBody = rows(3, (i, r) => (i === 1 ? { ...r, bodyHtml: `${'<span>'.repeat(DEPTH)}deep text${'</span>'.repeat(DEPTH)}` } : r));
    const around = rows(3, (_i, r) => r);
    for (const [kind, html] of [
      ['body', inBody.map((r) => rowHtml(format, r)).join('\n')],
      ['wrap', around.map((r, i) => (i === 1 ? `${'<div>'.repeat(DEPTH)}${rowHtml(format, r)}${'</div>'.repeat(DEPTH)}` : rowHtml(format, r))).join('\n')],
    ] as const) {
      const t0 = performance.now();
      // Found by content (a selectors page is recognized only when selectors are given).
      const t = importBytes(`deep-${kind}.html`, pageAround(format, html), format === 'selectors' ? format : undefined);
      const ms = performance.now() - t0;
      const [s] = t.sources;
      accounted(s, `${format} ${kind}`);
      assert.deepEqual([s.format, s.found, s.kept], [format, 3, 3], `${format} ${kind}`);
      assert.deepEqual(
        t.messages.map((m) => m.text).sort(),
        ['message 0', kind === 'body' ? 'deep text' : 'message 1', 'message 2'].sort(),
        `${format} ${kind}`,
      );
      const d = s.diagnostics.find((x) => x.code === 'markup-too-deep');
      assert.ok(d && d.severity === 'warning', `${format} ${kind}: not reported`);
      // All but about SOFT_DEPTH of the wrappers were left out of the parse.
      const flattened = Number(/: (\d+) tag\(s\) below/.exec(d.message)?.[1]);
      assert.ok(flattened >= DEPTH - SOFT_DEPTH - 10 && flattened <= DEPTH, `${format} ${kind}: ${d.message}`);
      // Lines still point at the right rows (flattening keeps every offset).
      assert.deepEqual(t.messages.map((m) => m.origin.line! > 0), [true, true, true]);
      // Unflattened, htmlparser2 alone took minutes on this page.
      assert.ok(ms < 20_000, `${format} ${kind}: ${ms.toFixed(0)} ms`);
    }
  }
});

test(`a transcript nested ${DEPTH.toLocaleString('en')} levels deep: the messages are read, the nesting ignored`, () => {
  const doc = JSON.parse(exportText('jamrecap-json', rows(3, (_i, r) => r)));
  const text = JSON.stringify(doc)
    .replace('"links":[]', `"links":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`)
    .replace('"messages":[', `"deep":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)},"messages":[`);
  const t = importBytes('deep.json', text);
  accounted(t.sources[0]);
  assert.deepEqual([t.sources[0].found, t.messages.length, t.messages[0].links], [3, 3, []]);
});

// ------------------------------------------------------------------ rows without time or author, unreadable times

test('rows without a time or an author: skipped, one warning each with file, line and position', () => {
  for (const format of FORMATS) {
    const rs = rows(4, (i, r) => (i === 1 ? { ...r, time: null } : i === 2 ? { ...r, handle: '', name: '' } : r));
    const t = importBytes(`gaps.${ext(format)}`, exportText(format, rs), format);
    const [s] = t.sources;
    const skips = accounted(s, format);
    const timeCode = format === 'selectors' ? 'time-missing' : 'time-unreadable';
    if (format === 'twitter-embed' || format === 'storify') {
      // An embed, and a Storify tweet, name their author in the status link's path: only the time can be missing.
      assert.deepEqual(skips.map((d) => [d.code, d.position]), [[timeCode, 2]]);
      assert.equal(t.messages.find((m) => m.origin.position === 3)!.author.handle, `u${rs[2].id.slice(-6)}`);
    } else {
      assert.deepEqual(skips.map((d) => [d.code, d.position]), [[timeCode, 2], ['author-missing', 3]], format);
    }
    // The line is where the row starts: within two lines of the first mention of its id.
    const lines = exportText(format, rs).split('\n');
    for (const d of skips) {
      const idLine = lines.findIndex((l) => l.includes(rs[d.position! - 1].id)) + 1;
      assert.ok(Math.abs(idLine - d.line!) <= 2, `${format}: ${d.code} at line ${d.line}, id on line ${idLine}`);
    }
  }
});

/** Times no importer can read, in each format's own notation. */
const BAD_TIMES: Record<FormatName, string[]> = {
  tweetchat: ['yesterday', 'Wed Feb 31 10:00:00 +0000 2012', 'Wed Oct 24 25:61:00 +0000 2012', 'Thu Jan 01 00:00:00 +0000 1970'],
  storify: ['yesterday', '2012-02-31T10:00:00.000Z', '2012-10-24T17:45:00+99:00', ''],
  'twitter-html': ['yesterday', '1e400', '-1', '99999999999999999999'],
  'twitter-embed': ['yesterday', 'February 31, 2019', 'Smarch 3, 2019', '3019'],
  selectors: ['yesterday', '2012-02-31T10:00:00Z', 'NaN', '0'],
  'jamrecap-json': ['yesterday', '2012-02-31T10:00:00.000Z', '2012-10-24', '1350000000000'],
};

test('unreadable times: skipped as time-unreadable, the raw value quoted', () => {
  for (const format of FORMATS) {
    const bad = BAD_TIMES[format];
    const rs = rows(bad.length + 1, (i, r) => (i < bad.length ? { ...r, rawTime: bad[i] } : r));
    const t = importBytes(`times.${ext(format)}`, exportText(format, rs), format);
    const [s] = t.sources;
    const skips = accounted(s, format);
    assert.deepEqual([s.found, s.kept], [bad.length + 1, 1], format);
    skips.forEach((d, i) => {
      assert.equal(d.code, 'time-unreadable', `${format}: ${JSON.stringify(bad[i])}`);
      // jamrecap-json's "2012-10-24" is readable, but as a day: it does not match timePrecision "second".
      // (twitter-html names the attribute it could not read, not its value.)
      const says = format === 'twitter-html' ? 'data-time-ms' : JSON.stringify(bad[i]);
      assert.ok(d.message.includes(says), `${format}: ${d.message}`);
    });
  }
});

// ------------------------------------------------------------------ duplicates, big ids

test('duplicate ids are merged and counted; a conflicting duplicate keeps the first and warns', () => {
  for (const format of FORMATS) {
    // Rows 1-3 share an id: 2 repeats 1 exactly, 3 has other text.
    const rs = rows(4, (_i, r) => r);
    const first = rs[0];
    rs[1] = { ...first };
    rs[2] = { ...first, bodyHtml: 'edited' };
    const t = importBytes(`dups.${ext(format)}`, exportText(format, rs), format);
    const [s] = t.sources;
    accounted(s, format);
    assert.deepEqual([s.found, s.kept, s.merged, s.skipped], [4, 2, 2, 0], format);
    const kept = t.messages.find((m) => m.id === first.id)!;
    assert.equal(kept.text, 'message 0', format);
    const dup = s.diagnostics.filter((d) => d.code === 'duplicate' || d.code === 'duplicate-conflict');
    assert.deepEqual(dup.map((d) => [d.code, d.severity, d.position, d.messageId]), [
      ['duplicate', 'info', 2, first.id],
      ['duplicate-conflict', 'warning', 3, first.id],
    ]);
    assert.match(dup[1].message, /appears again with different content; kept the first \(dups\.\w+ #1\)/);
  }
});

test('ids beyond 2^64 stay exact strings, in every format', () => {
  const big = [(2n ** 64n + 1n).toString(), (10n ** 24n + 7n).toString()];
  for (const format of FORMATS) {
    const t = importBytes(`big.${ext(format)}`, exportText(format, rows(2, (i, r) => ({ ...r, id: big[i] }))), format);
    assert.deepEqual(t.messages.map((m) => m.id).sort(), [...big].sort(), format);
    if (format !== 'twitter-embed' && format !== 'selectors') assert.ok(t.messages.every((m) => m.url?.includes(m.id)), format);
  }
  const doc = JSON.parse(exportText('jamrecap-json', rows(1, (_i, r) => r)));
  Object.assign(doc.messages[0], { replyTo: big[0], retweetOf: { handle: 'someone', id: big[1] } });
  const m = importBytes('refs.json', JSON.stringify(doc)).messages[0];
  assert.deepEqual([m.replyTo, m.retweetOf], [big[0], { handle: 'someone', id: big[1] }]);
});

// ------------------------------------------------------------------ size limit

test('a file over the size limit is refused before it is read, naming the limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-size-'));
  const path = join(dir, 'big.html');
  writeFileSync(path, exportText('tweetchat', rows(20, (_i, r) => r)));
  const size = readFileSync(path).length;
  assert.throws(
    () => ExportFile.read(path, 1000),
    (e) => e instanceof ImportError && e.exitCode === 2 && e.message === `${path}: file is ${size} bytes, over the limit of 1000 bytes`,
  );
  assert.equal(ExportFile.read(path, size).bytes.length, size);
  assert.equal(importFiles([path]).messages.length, 20);
  rmSync(dir, { recursive: true });
});

// ------------------------------------------------------------------ the CLI

const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout: string; stderr: string };
    return { code: err.code ?? -1, stdout: err.stdout, stderr: err.stderr };
  }
}

const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

corpusTest('CLI on broken files: clear one-line messages, exit 0 with warnings, 1 when partial, or 2, never a stack trace', ['storify-html/lrnchat-22nd-december-2017.html', 'tweetchat/socbizchat-room.html'], async (_t, story, room) => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-broken-'));
  const file = (name: string, bytes: Buffer | string) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const storyBytes = readFileSync(story);
  const sparse = file('huge.html', '');
  truncateSync(sparse, MAX_EXPORT_BYTES + 1);
  mkdirSync(join(dir, 'a-directory.html'));
  const deep = pageAround('tweetchat', rows(2, (_i, r) => r).map((r) => `${'<div>'.repeat(DEPTH)}${rowHtml('tweetchat', r)}${'</div>'.repeat(DEPTH)}`).join('\n'));

  const cases: { args: string[]; code: number; stderr: RegExp }[] = [
    { args: [file('empty.html', '')], code: 2, stderr: /^jamrecap import: .*empty\.html: an empty file \(0 bytes\) \(tried: [^)]*\)\n$/ },
    { args: [file('junk.bin', garbage(4096, 3))], code: 2, stderr: /^jamrecap import: .*junk\.bin: binary data, not text \(tried: / },
    { args: [sparse], code: 2, stderr: new RegExp(`huge\\.html: file is ${MAX_EXPORT_BYTES + 1} bytes, over the limit of ${MAX_EXPORT_BYTES} bytes\\n$`) },
    { args: [join(dir, 'a-directory.html')], code: 2, stderr: /a-directory\.html: not a file but a folder: name the export file itself\n$/ },
    { args: [file('junk.html', garbage(4096, 4)), '--format', 'storify'], code: 1, stderr: /junk\.html: warning: no messages found.*\n0 messages, 0 participants, 0 questions, 0 attachments, 0 notes, 0 duplicates merged, 0 skipped \(0 found in 1 file\)\njamrecap import: no message was kept: nothing in the file reads as a storify message; if it is another kind of chat page, give CSS selectors/s },
    { args: [file('cut.html', storyBytes.subarray(0, storyBytes.length >> 1))], code: 0, stderr: /cut\.html: warning: the page opens <html> but never closes it: the file seems cut short.*\n\d+ messages, \d+ participants/s },
    { args: [file('room.json', readFileSync(room))], code: 0, stderr: /^47 messages, 27 participants, 4 questions, 0 attachments, 0 notes, 0 duplicates merged, 0 skipped \(47 found in 1 file\)\n$/ },
    { args: [file('deep.html', deep)], code: 0, stderr: /deep\.html: warning: markup nested more than 256 levels deep: .*\n2 messages, 2 participants/s },
    { args: [file('t.json', '{"schema": "jamrecap.transcript/1", "messages": [{"id": 1')], code: 1, stderr: /t\.json: error: not valid JSON \(the file seems cut short\): .*\n0 messages/s },
    { args: [], code: 2, stderr: /no FILE given/ },
  ];
  // (A missing file and an unknown --format are in tweetchat.test.ts.)
  const results = await Promise.all(cases.map((c) => cli('import', ...c.args)));
  results.forEach((r, i) => {
    const c = cases[i];
    const label = `jamrecap import ${c.args.map((a) => a.replace(dir, '<tmp>')).join(' ')}`;
    assert.doesNotMatch(r.stderr, STACK, `${label}: stack trace\n${r.stderr}`);
    assert.equal(r.code, c.code, `${label}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, c.stderr, label);
    // 0 and 1 both write the (possibly partial) transcript; 2 writes nothing.
    if (c.code !== 2) assert.equal(JSON.parse(r.stdout).schema, 'jamrecap.transcript/1');
    else assert.equal(r.stdout, '', label);
  });
  rmSync(dir, { recursive: true });
});

test('rows hidden by an unclosed <style> or <textarea> are found, skipped and reported, never silently lost', () => {
  for (const format of ['tweetchat', 'storify', 'twitter-html'] as FormatName[]) {
    for (const opener of ['<style>', '<textarea>', '<!--']) {
      const rs = rows(5, (i, r) => (i === 1 ? { ...r, bodyHtml: `broken ${opener} here` } : r));
      const file = new ExportFile(`hidden.${format}.html`, Buffer.from(exportText(format, rs)));
      const t = importExports([file], { format });
      const [s] = t.sources;
      const hidden = s.diagnostics.filter((d) => d.code === 'hidden-by-markup');
      assert.equal(s.found, 5, `${format} ${opener}`);
      assert.equal(s.found, s.kept + s.merged + s.skipped);
      assert.ok(hidden.length >= 1 && hidden.length <= 3, `${format} ${opener}: ${hidden.length} hidden`);
      // The broken row itself may lose its own time or author to the swallowing (then it is skipped as such).
      assert.ok(s.kept + hidden.length >= 4, `${format} ${opener}: kept ${s.kept}, hidden ${hidden.length}`);
      for (const d of hidden) {
        assert.equal(d.file, file.name);
        assert.ok(typeof d.line === 'number' && d.line > 1, JSON.stringify(d));
      }
    }
  }
});
