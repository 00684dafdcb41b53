/**
 * csv importer: spreadsheet archives of tweet chats (TAGS, spreadsheet
 * exports, jamrecap's own CSV download).
 *
 * The fixtures' expectations were checked independently with Python's csv
 * module (rows, the line each row starts on, the raw cells):
 * - csv-tags.csv: the full TAGS header, 10 data rows newest first on lines
 *   2-10 and 12 (the row on line 10 has a quoted cell with a comma and a
 *   newline), two trailing empty lines; frank's row (line 5) has an empty text.
 * - csv-spreadsheet.csv: ";"-separated, CRLF, "Tweet ID;Username;Name;Date;
 *   Text;URL;In reply to", 5 data rows on lines 2-6 (line 5 repeats line 3),
 *   a row of bare ";" and two empty lines after them; every id has 15
 *   significant digits and zeros after (Excel's rounding).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ExportFile } from '../src/import/export-file.ts';
import { detectImporter, importExports, importFiles } from '../src/import/pipeline.ts';
import { importers } from '../src/import/registry.ts';
import { columnOrder, csv, headerKey, parseCsvTime, readItems, roundedColumn, sniffHeader } from '../src/import/formats/csv.ts';
import { renderCsv } from '../src/downloads/csv.ts';
import type { Message, SourceSummary, Transcript } from '../src/model/transcript.ts';
import { CORPUS, CORPUS_EXPORTS, corpusTest, ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import { applyMutations, mutation } from './helpers/mutate.ts';

const TAGS = join(ROOT, 'test/fixtures/csv-tags.csv');
const SPREADSHEET = join(ROOT, 'test/fixtures/csv-spreadsheet.csv');
const SOCBIZ = 'tweetchat/socbizchat-room.html';

const dir = mkdtempSync(join(tmpdir(), 'jamrecap-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An in-memory export file. */
const file = (name: string, content: string | Buffer) => new ExportFile(name, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
const importText = (name: string, content: string | Buffer) => importExports([file(name, content)], { format: 'csv' });

function accounting(s: SourceSummary): number[] {
  assert.equal(s.found, s.kept + s.merged + s.skipped, `${s.file}: found = kept + merged + skipped`);
  return [s.found, s.kept, s.merged, s.skipped];
}

/** The fields of a message the CSV carries, plus what the pipeline derives from them. */
function csvFields(m: Message) {
  return {
    id: m.id,
    // A CSV has no column for the author's saved picture (a transcript's JSON keeps it).
    author: { handle: m.author.handle, name: m.author.name },
    time: m.time,
    timePrecision: m.timePrecision,
    text: m.text,
    url: m.url,
    replyTo: m.replyTo,
    retweetOf: m.retweetOf,
    mentions: m.mentions,
    hashtags: m.hashtags,
    question: m.question,
    questionVia: m.questionVia,
  };
}

/** Write a transcript as the CSV download does, and import that file again. */
function throughCsv(t: Transcript, slug: string): { again: Transcript; bytes: Uint8Array } {
  const out = renderCsv(t, { slug });
  const path = join(dir, out.name);
  writeFileSync(path, out.bytes);
  return { again: importFiles([path]), bytes: out.bytes };
}

test('csv: registered after the CSV formats it would also read (DiscordChatExporter CSV), selectors last', () => {
  const names = importers.map((i) => i.name);
  assert.ok(names.includes('csv'));
  assert.ok(names.indexOf('discord-csv') < names.indexOf('csv'));
  assert.equal(names.indexOf('selectors'), names.length - 1);
});

// ---------------------------------------------------------------------------
// Detection

test('csv: detect wants a header with an author, a text and a time column', () => {
  const d = (s: string | Buffer) => csv.detect(file('x.csv', s), {});
  assert.equal(d('id,time,author,name,question,reply_to,text,url\r\n'), true);
  assert.equal(d('\uFEFFid,time,author,name,question,reply_to,text,url\r\n1,2012-10-24T17:45:00Z,ann,,,,hi,\r\n'), true);
  assert.equal(d('Tweet ID;Username;Name;Date;Text;URL\n'), true);
  assert.equal(d('Username\tDate\tTweet\n'), true);
  assert.equal(d('"from_user","text","created_at"'), true);
  // One of the three missing: not a chat archive.
  assert.equal(d('id,author,text,url\n1,a,b,c\n'), false);
  assert.equal(d('id,time,text\n'), false);
  assert.equal(d('name,date,value\n'), false);
  // Not CSV at all.
  assert.equal(d('<!DOCTYPE html><html><body>author,text,time</body></html>'), false);
  assert.equal(d('{"author":1,"text":2,"time":3}'), false);
  assert.equal(d('[14 Jan 12:36] <nick!i@h> author,text,time'), false);
  assert.equal(d('\nauthor,text,time\n'), false);
  assert.equal(d(''), false);
  assert.equal(d(Buffer.from([0, 1, 2, 0x61, 0x2c, 0])), false);
  assert.equal(d(Buffer.from('author,text,time\n\0\0\0')), false);
});

test('csv: detect claims only a file it can read: the header maps and a data row becomes a message', () => {
  const d = (s: string) => csv.detect(file('x.csv', s), {});
  // DiscordChatExporter's old CSV: "Author", "Date" and "Content" name the three columns,
  // but "26-Jun-19 06:26 PM" is no time the importer reads, so no row would be kept.
  const dce = 'AuthorID;Author;Date;Content;Attachments;Reactions;\n"1";"alperC#7758";"26-Jun-19 06:26 PM";"hi";"";"";\n"2";"bob#1";"26-Jun-19 07:14 PM";"yo";"";"";\n';
  assert.equal(d(dce), false);
  assert.equal(d(dce.replace('26-Jun-19 07:14 PM', '26/06/2019 19:14')), true, 'one readable row is enough');
  // A row without its text or author does not count either.
  assert.equal(d('\uFEFFid,time,author,name,question,reply_to,text,url\r\n1,2,3\r\n'), false);
  assert.equal(d('author,time,text\n,2012-10-24T17:45:00Z,hi\n'), false);
  // The same file named with --format: read, and every row reported with its reason.
  const forced = importExports([file('dce.csv', dce)], { format: 'csv' }).sources[0];
  assert.deepEqual([forced.found, forced.kept, forced.skipped], [2, 0, 2]);
  assert.deepEqual(forced.diagnostics.map((x) => x.code).filter((c) => c === 'time-unreadable'), ['time-unreadable', 'time-unreadable']);
});

test('csv: the fixtures are detected as csv', () => {
  for (const path of [TAGS, SPREADSHEET]) assert.equal(detectImporter(ExportFile.read(path)).name, 'csv');
});

/** The corpus files the inventory (test/helpers/corpus.ts) gives to csv; detection.test.ts checks the rest. */
const CSV_EXPORTS = CORPUS_EXPORTS.filter(([, f]) => f === 'csv').map(([rel]) => rel);

corpusTest('csv: over every corpus file, csv claims exactly the files the inventory gives it', CORPUS_EXPORTS.map(([rel]) => rel), () => {
  const claimed = listFiles(CORPUS).filter((rel) => csv.detect(ExportFile.read(join(CORPUS, rel)), {}));
  assert.deepEqual(claimed, CSV_EXPORTS);
});

// ---------------------------------------------------------------------------
// Round trips through jamrecap's own CSV download

corpusTest('csv round trip: socbizchat -> CSV download -> the same messages and questions', [SOCBIZ], (_t, path) => {
  const first = importFiles([path]);
  // 47 tweets by 27 accounts, Q1-Q4 by cmswire (SOURCES.md; pinned by tweetchat.test.ts).
  assert.deepEqual([first.messages.length, first.participants.length, first.questions.length], [47, 27, 4]);
  const { again, bytes } = throughCsv(first, 'socbizchat');
  // The download as written: BOM, CRLF, the fixed header.
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(Buffer.from(bytes).toString('utf8').startsWith('\uFEFFid,time,local_time,author,name,question,reply_to,text,url\r\n'));

  const [src] = again.sources;
  assert.deepEqual([src.format, src.encoding, ...accounting(src)], ['csv', 'utf-8', 47, 47, 0, 0]);
  assert.deepEqual(src.diagnostics, []);
  // Ids (beyond 2^53) digit for digit, authors, times, texts, urls, replies, in the same order.
  assert.deepEqual(again.messages.map(csvFields), first.messages.map(csvFields));
  // Questions are recomputed from the messages, and come out the same.
  assert.deepEqual(again.questions, first.questions);
  assert.deepEqual(again.participants, first.participants);
  assert.deepEqual({ ...again.jam, title: null }, { ...first.jam, title: null });
  assert.equal(again.jam.title, null, 'a CSV has no title');
  assert.deepEqual(
    again.messages.map((m) => [m.origin.file, m.origin.format, m.origin.position, m.origin.line]),
    again.messages.map((_m, i) => ['socbizchat.csv', 'csv', i + 1, i + 2]),
  );
});

test('csv round trip: the TAGS fixture -> CSV download -> the same (multi-line, quotes, emoji, "=1+2", a content id)', () => {
  const first = importFiles([TAGS]);
  const { again } = throughCsv(first, 'tags');
  assert.deepEqual(accounting(again.sources[0]), [9, 9, 0, 0]);
  assert.deepEqual(again.messages.map(csvFields), first.messages.map(csvFields));
  assert.deepEqual(again.questions, first.questions);
  // A second round changes nothing.
  const third = throughCsv(again, 'tags-again').again;
  assert.deepEqual(third.messages.map(csvFields), again.messages.map(csvFields));
});

// ---------------------------------------------------------------------------
// The TAGS fixture

test('csv: TAGS archive fixture, 10 rows newest first', () => {
  const t = importFiles([TAGS]);
  const [src] = t.sources;
  assert.deepEqual([src.format, ...accounting(src)], ['csv', 10, 9, 0, 1]);
  assert.deepEqual(
    src.diagnostics.map((d) => [d.severity, d.code, d.line]),
    [
      ['warning', 'text-missing', 5],
      ['info', 'id-rounded', 6],
      ['info', 'id-rounded', 7],
      ['info', 'time-zone-assumed', 3],
    ],
  );
  assert.match(src.diagnostics[0].message, /^row 4 \(line 5\): no text in column "text"$/);
  assert.match(src.diagnostics[1].message, /rounded the id \("2\.6118E\+17"\); the id 261180000000000606 is taken from the permalink/);
  assert.match(src.diagnostics[2].message, /rounded the id \("2\.6118E\+17"\), so it is lost/);

  const by = new Map(t.messages.map((m) => [m.author.handle + '@' + m.time.slice(11, 19), m]));
  const m = (key: string) => by.get(key) ?? assert.fail(`no message ${key}`);
  // Chronological, though the file is newest first; file lines kept.
  assert.deepEqual(
    t.messages.map((x) => [x.author.handle, x.time.slice(11, 19), x.origin.line]),
    [
      ['jamhost', '17:00:00', 12],
      ['alice', '17:02:10', 10],
      ['bob', '17:03:00', 9],
      ['carol', '17:04:30', 8],
      ['dave', '17:05:00', 7],
      ['erin', '17:06:00', 6],
      ['gina', '17:08:00', 4],
      ['alice', '17:09:00', 3],
      ['jamhost', '17:10:00', 2],
    ],
  );
  // Ids are the cells' strings, never numbers (all beyond 2^53).
  assert.equal(m('jamhost@17:00:00').id, '261180000000000101');
  assert.equal(m('jamhost@17:00:00').text, 'Q1 What does a social business look like? #tagschat 🚀');
  // A quoted cell with a comma and a newline.
  assert.equal(m('alice@17:02:10').text, 'A1 Open, connected\nand honest. #tagschat');
  // Retweet: recognized from "RT @jamhost:".
  assert.deepEqual(m('bob@17:03:00').retweetOf, { handle: 'jamhost', id: null });
  assert.equal(t.messages.filter((x) => x.retweetOf).length, 1);
  // Reply through in_reply_to_status_id_str; TAGS keeps the API's &amp; and &lt;, decoded here.
  assert.equal(m('carol@17:04:30').replyTo, '261180000000000202');
  assert.equal(m('carol@17:04:30').text, '@alice agreed & well put <3 #tagschat');
  assert.equal(t.messages.filter((x) => x.replyTo).length, 1);
  // Excel-mangled ids: lost (content id) without a permalink, recovered from status_url with one.
  assert.match(m('dave@17:05:00').id, /^h-[0-9a-f]{16}$/);
  assert.equal(m('dave@17:05:00').url, null);
  assert.equal(m('erin@17:06:00').id, '261180000000000606');
  // entities_str gives the expanded link; the t.co link of the text is kept too.
  assert.deepEqual(m('erin@17:06:00').links, ['http://example.com/people', 'http://t.co/abc123']);
  // A formula-looking cell is plain text.
  assert.equal(m('gina@17:08:00').text, '=1+2');
  // Doubled quotes; created_at empty, so the day-first "time" column: 24/10/2012 17:09:00.
  assert.equal(m('alice@17:09:00').text, 'A1 also: "transparency" matters #tagschat');
  assert.equal(m('alice@17:09:00').time, '2012-10-24T17:09:00.000Z');
  assert.equal(m('jamhost@17:10:00').url, 'http://twitter.com/jamhost/statuses/261180000000001010');
  // Questions: jamhost asks Q1 and Q2 (inferred host).
  assert.deepEqual(t.jam.hosts, ['jamhost']);
  assert.deepEqual(
    t.questions.map((q) => [q.id, q.messageId]),
    [
      ['Q1', '261180000000000101'],
      ['Q2', '261180000000001010'],
    ],
  );
  assert.deepEqual(
    t.messages.map((x) => x.question),
    ['Q1', 'Q1', 'Q1', 'Q1', 'Q1', 'Q1', 'Q1', 'Q1', 'Q2'],
  );
  assert.equal(m('carol@17:04:30').questionVia, 'reply');
});

test('csv: a TAGS entities_str with media gives the photo as an attachment', () => {
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const photo = {
    id_str: '261180000000009999', media_url: 'http://pbs.twimg.com/media/A6Desk.jpg', media_url_https: 'https://pbs.twimg.com/media/A6Desk.jpg',
    url: 'http://t.co/desk01', display_url: 'pic.twitter.com/desk01', expanded_url: 'http://twitter.com/ann/status/261180000000000701/photo/1', type: 'photo', indices: [20, 38],
  };
  const entities = [
    { hashtags: [], urls: [], user_mentions: [], media: [photo] },
    { hashtags: [], urls: [{ url: 'http://t.co/x', expanded_url: 'http://example.com/x' }], user_mentions: [] },
    { media: [{ ...photo, media_url_https: 'javascript:alert(1)', media_url: 'javascript:alert(2)', expanded_url: 'javascript:alert(3)' }, 'odd'] },
  ];
  const rows = [
    'id_str,from_user,text,created_at,entities_str,status_url',
    `261180000000000701,ann,A1 my desk http://t.co/desk01,Wed Oct 24 17:10:00 +0000 2012,${cell(JSON.stringify(entities[0]))},`,
    `261180000000000702,bob,A1 a link http://t.co/x,Wed Oct 24 17:11:00 +0000 2012,${cell(JSON.stringify(entities[1]))},`,
    `261180000000000703,cat,A1 tricks,Wed Oct 24 17:12:00 +0000 2012,${cell(JSON.stringify(entities[2]))},http://twitter.com/cat/statuses/261180000000000703`,
    '261180000000000704,dan,A1 broken cell,Wed Oct 24 17:13:00 +0000 2012,"{""media"": [",',
  ];
  const t = importText('tags-media.csv', rows.join('\n') + '\n');
  assert.deepEqual(accounting(t.sources[0]), [4, 4, 0, 0]);
  // One media entity (a photo) in the cells that parse; the hostile one keeps no unsafe URL and
  // links to its tweet (status_url) instead.
  assert.deepEqual(
    t.messages.map((m) => [m.author.handle, m.attachments]),
    [
      ['ann', [{ kind: 'image', url: 'https://pbs.twimg.com/media/A6Desk.jpg', alt: null, file: null }]],
      ['bob', []],
      ['cat', [{ kind: 'image', url: 'http://twitter.com/cat/statuses/261180000000000703', alt: null, file: null }]],
      ['dan', []],
    ],
  );
  assert.deepEqual(t.messages[1].links, ['http://example.com/x', 'http://t.co/x']);
});

test('csv: spreadsheet export fixture (";", CRLF, month-first dates, Excel-rounded id column)', () => {
  const t = importFiles([SPREADSHEET]);
  const [src] = t.sources;
  assert.deepEqual([src.format, ...accounting(src)], ['csv', 5, 4, 1, 0]);
  assert.deepEqual(
    src.diagnostics.map((d) => [d.severity, d.code, d.line]),
    [
      ['info', 'blank-rows', undefined],
      ['info', 'id-rounded', 2],
      ['info', 'id-rounded', 3],
      ['info', 'id-rounded', 4],
      ['info', 'id-rounded', 5],
      ['info', 'id-rounded', 6],
      ['info', 'time-zone-assumed', 2],
      ['info', 'duplicate', 5],
    ],
  );
  assert.deepEqual(
    t.messages.map((m) => [m.id, m.author.handle, m.author.name, m.time, m.timePrecision, m.text, m.replyTo, m.question]),
    [
      ['261183011234567123', 'Jamhost', 'Jam Host', '2012-10-24T17:00:00.000Z', 'minute', 'Q1 Hello everyone #commonchat', null, 'Q1'],
      // "In reply to" as a status URL is a reply id.
      ['261183011234568456', 'ann', 'Ann A.', '2012-10-24T17:01:00.000Z', 'minute', '@Jamhost hi, all!', '261183011234567123', 'Q1'],
      // No permalink: the rounded id is lost; "In reply to" a bare handle names no message.
      [t.messages[2].id, 'ben', null, '2012-10-24T17:02:00.000Z', 'minute', 'A1 yes; totally', null, 'Q1'],
      [t.messages[3].id, 'Jamhost', 'Jam Host', '2012-10-24T17:10:00.000Z', 'minute', 'Q2 And goodbye #commonchat', null, 'Q2'],
    ],
  );
  for (const m of t.messages.slice(2)) assert.match(m.id, /^h-[0-9a-f]{16}$/);
});

// ---------------------------------------------------------------------------
// Headers, times, ids

test('csv: header names are matched case-insensitively, spaces, "_", "." and "-" alike', () => {
  assert.equal(headerKey(' Tweet ID '), 'tweet_id');
  assert.equal(headerKey('\uFEFFIn reply to'), 'in_reply_to');
  assert.equal(headerKey('author.username'), 'author_username');
  const h = sniffHeader('Tweet-ID;USERNAME;Display Name;Timestamp;Full_Text;Permalink;In Reply To\n')!;
  assert.equal(h.delimiter, ';');
  assert.deepEqual(h.header.columns, { id: 0, handle: 1, name: 2, text: 4, url: 5, replyTo: 6 });
  assert.deepEqual(h.header.times, [3]);
  // created_at is tried before time whatever the column order; id_str before a plain id.
  const tags = sniffHeader('time,id,id_str,from_user,text,created_at\n')!;
  assert.deepEqual(tags.header.times, [5, 0]);
  assert.equal(tags.header.columns.id, 2);
  assert.equal(tags.header.tags, true);
  assert.equal(sniffHeader('id,time,author,name,question,reply_to,text,url')!.header.tags, false);
});

test('csv: times in the forms spreadsheets write them', () => {
  const p = (s: string, order?: ReturnType<typeof columnOrder>) => {
    const t = parseCsvTime(s, order);
    return t && [t.time, t.precision];
  };
  const dmy = columnOrder(['24/10/2012 17:45:00']);
  const mdy = columnOrder(['10/24/2012 5:45 PM']);
  assert.deepEqual([dmy.order, dmy.guessed, mdy.order, mdy.guessed], ['dmy', false, 'mdy', false]);
  assert.deepEqual(columnOrder(['05/06/2012', '01.02.2012']), { order: 'dmy', guessed: true, conflict: false });
  assert.equal(columnOrder(['24/10/2012', '10/24/2012']).conflict, true);

  assert.deepEqual(p('Wed Oct 24 17:45:00 +0000 2012'), ['2012-10-24T17:45:00.000Z', 'second']);
  assert.deepEqual(p('Wed, 27 Oct 2010 03:56:39 +0000'), ['2010-10-27T03:56:39.000Z', 'second']);
  assert.deepEqual(p('2012-10-24T17:45:00.000Z'), ['2012-10-24T17:45:00.000Z', 'second']);
  assert.deepEqual(p('2012-10-24 17:45:00'), ['2012-10-24T17:45:00.000Z', 'second']);
  assert.deepEqual(p('2012-10-24 19:45+02:00'), ['2012-10-24T17:45:00.000Z', 'minute']);
  assert.deepEqual(p('2012-10-24'), ['2012-10-24', 'day']);
  assert.deepEqual(p('24/10/2012 17:45:00', dmy), ['2012-10-24T17:45:00.000Z', 'second']);
  assert.deepEqual(p('05/06/2012 17:45', dmy), ['2012-06-05T17:45:00.000Z', 'minute']);
  assert.deepEqual(p('05/06/2012 5:45 pm', mdy), ['2012-05-06T17:45:00.000Z', 'minute']);
  assert.deepEqual(p('10/24/12 12:05 AM', mdy), ['2012-10-24T00:05:00.000Z', 'minute']);
  assert.deepEqual(p('24.10.2012 17:45', mdy), ['2012-10-24T17:45:00.000Z', 'minute'], 'dotted dates are day-first');
  assert.deepEqual(p('24/10/2012', dmy), ['2012-10-24', 'day']);
  assert.deepEqual(p('41206.7395833'), ['2012-10-24T17:45:00.000Z', 'second'], 'Excel serial date');
  assert.deepEqual(p('1351100700'), ['2012-10-24T17:45:00.000Z', 'second'], 'epoch seconds');
  assert.equal(parseCsvTime('24/10/2012 17:45')!.ambiguous, false);
  assert.equal(parseCsvTime('05/06/2012 17:45')!.ambiguous, true);
  assert.equal(parseCsvTime('05/06/2012 17:45', columnOrder(['24/10/2012', '10/24/2012'])), null, 'ambiguous in a conflicting column');
  for (const bad of ['', '31/02/2012 10:00', '24/10/2012 25:00', '13/13/2012', '2012', '2012-10', 'yesterday', '=NOW()', '13:45', '99999.5', '1.2E+09', '2.61E+17']) {
    assert.equal(parseCsvTime(bad), null, bad);
  }
});

test('csv: a column of Excel-rounded ids is recognized, real ids are not', () => {
  assert.equal(roundedColumn(['261183011234567000', '261183011234568000', '261183011234569000']), true);
  assert.equal(roundedColumn(['261183011234567000', '261183011234568000']), false, 'two could be chance');
  assert.equal(roundedColumn(['261183011234567000', '261183011234568000', '261183011234569001']), false);
  assert.equal(roundedColumn(['1', '2', '3', '', 'h-0123456789abcdef']), false);
});

test('csv: date-first or month-first decided per column; a guess is a warning, a conflict unreadable', () => {
  const guessed = importText('g.csv', 'author,text,date\nann,hello,05/06/2012 10:00\nbob,hi,07/06/2012 10:01\n');
  assert.deepEqual(guessed.messages.map((m) => m.time), ['2012-06-05T10:00:00.000Z', '2012-06-07T10:01:00.000Z']);
  assert.deepEqual(
    guessed.sources[0].diagnostics.map((d) => [d.severity, d.code, d.line]),
    [
      ['warning', 'date-order-guessed', 2],
      ['info', 'time-zone-assumed', 2],
    ],
  );
  const mixed = importText('m.csv', 'author,text,date\nann,a,24/10/2012 10:00\nbob,b,10/24/2012 10:01\ncat,c,05/06/2012 10:02\n');
  assert.deepEqual(accounting(mixed.sources[0]), [3, 2, 0, 1]);
  const skip = mixed.sources[0].diagnostics.find((d) => d.code === 'time-unreadable')!;
  assert.equal(skip.line, 4);
  assert.match(skip.message, /both day-first and month-first/);
});

test('csv: a clock-only time column joins the date column', () => {
  const t = importText('split.csv', 'Username,Tweet,Date,Time\nann,hello,24/10/2012,17:45:10\nbob,hi,2012-10-24,5:46 PM\n');
  assert.deepEqual(
    t.messages.map((m) => [m.time, m.timePrecision]),
    [
      ['2012-10-24T17:45:10.000Z', 'second'],
      ['2012-10-24T17:46:00.000Z', 'minute'],
    ],
  );
});

// ---------------------------------------------------------------------------
// Encodings, line ends, pasted files

test('csv: Excel "Unicode text" (UTF-16LE with BOM, tab-separated) and old Mac CR line ends', () => {
  const tsv = 'Username\tText\tDate\r\nann\tcafé ☕ 😀\t2012-10-24 17:45\r\n';
  const t = importText('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
  assert.equal(t.sources[0].encoding, 'utf-16le');
  assert.deepEqual(t.messages.map((m) => [m.author.handle, m.text]), [['ann', 'café ☕ 😀']]);

  const cr = importText('mac.csv', 'author,text,time\rann,"two\rlines",2012-10-24T17:00:00Z\r\rbob,,2012-10-24T17:01:00Z\r');
  assert.deepEqual(accounting(cr.sources[0]), [2, 1, 0, 1]);
  assert.equal(cr.messages[0].text, 'two\rlines');
  // Lines counted by CR: the header is line 1, ann's row 2-3, an empty line 4, bob's row 5.
  assert.deepEqual(cr.sources[0].diagnostics.map((d) => [d.code, d.line]), [['text-missing', 5]]);
});

test('csv: a header met again (two exports pasted together) re-maps the columns', () => {
  const a = 'author,time,text\r\nann,2012-10-24T17:00:00Z,one\r\n';
  const b = '\uFEFFtext,from_user,created_at\r\ntwo &amp; three,bob,Wed Oct 24 17:01:00 +0000 2012\r\n';
  const t = importText('pasted.csv', a + b);
  assert.deepEqual(t.messages.map((m) => [m.author.handle, m.text]), [
    ['ann', 'one'],
    ['bob', 'two & three'],
  ]);
  assert.deepEqual(t.sources[0].diagnostics.map((d) => [d.code, d.line]), [['header-repeated', 3]]);
});

test('csv: reply references: ids, status URLs and jamrecap ids kept; handles name no message', () => {
  const own = importText('own.csv', 'id,time,author,name,question,reply_to,text,url\r\nm-2,2012-10-24T17:01:00.000Z,bob,,,m-1,hi,\r\n');
  assert.equal(own.messages[0].replyTo, 'm-1', 'jamrecap\'s reply_to keeps any id it wrote');
  assert.equal(own.messages[0].id, 'm-2');
  const other = importText(
    'other.csv',
    'Username,Text,Date,In reply to\nann,a,2012-10-24 17:00,bob\nbob,b,2012-10-24 17:01,@ann\ncat,c,2012-10-24 17:02,https://x.com/ann/status/42\ndan,d,2012-10-24 17:03,h-0123456789abcdef\n',
  );
  assert.deepEqual(
    other.messages.map((m) => m.replyTo),
    [null, null, '42', 'h-0123456789abcdef'],
  );
});

test('csv: a newest-first file keeps equal times in their real order', () => {
  const t = importText('newest.csv', 'author,text,time\nc,third,2012-10-24T17:02:00Z\nb,second,2012-10-24T17:01:00Z\na,first,2012-10-24T17:01:00Z\nz,zero,2012-10-24T17:00:00Z\n');
  assert.deepEqual(t.messages.map((m) => m.text), ['zero', 'first', 'second', 'third']);
  const oldest = importText('oldest.csv', 'author,text,time\nz,zero,2012-10-24T17:00:00Z\na,first,2012-10-24T17:01:00Z\nb,second,2012-10-24T17:01:00Z\n');
  assert.deepEqual(oldest.messages.map((m) => m.text), ['zero', 'first', 'second']);
});

// ---------------------------------------------------------------------------
// Hostile and broken input

test('csv: hostile CSV (script, a 3 MB cell, short rows, stray and unclosed quotes) never throws; accounting holds', () => {
  const huge = 'x'.repeat(3_000_000);
  const rows = [
    'id,time,author,name,question,reply_to,text,url',
    '1,2012-10-24T17:00:00Z,mallory,<img src=x onerror=alert(1)>,,,<script>alert(1)</script>,javascript:alert(1)',
    `2,2012-10-24T17:01:00Z,bigmouth,,,,${huge},`,
    '3,2012-10-24T17:02:00Z',
    '4,2012-10-24T17:03:00Z,<b>,,,<script>,hi,',
    '5,2012-10-24T17:04:00Z,quinn,,,,she said "hi there,',
    '6,2012-10-24T17:05:00Z,eve,,,,"never closed,',
    '7,2012-10-24T17:06:00Z,trent,,,,fine,',
    '8,2012-10-24T17:07:00Z,victor,,,,also fine,,extra',
  ];
  const t = importText('hostile.csv', rows.join('\r\n') + '\r\n');
  const [src] = t.sources;
  // Skipped: row 3 (too short: no author), row 4 (implausible author, by the pipeline), row 6 (quote never closed).
  assert.deepEqual(accounting(src), [8, 5, 0, 3]);
  assert.deepEqual(
    src.diagnostics.map((d) => [d.severity, d.code, d.line]),
    [
      ['warning', 'author-missing', 4],
      ['warning', 'csv-malformed', 7],
      ['warning', 'row-width', 9],
      ['warning', 'author-invalid', 5],
    ],
  );
  assert.match(src.diagnostics[0].message, /the row has 2 of the header's 8 cells/);
  assert.match(src.diagnostics[1].message, /a quoted cell is never closed/);
  const by = new Map(t.messages.map((m) => [m.author.handle, m]));
  assert.equal(by.get('mallory')!.text, '<script>alert(1)</script>', 'plain text, escaped where it is shown');
  assert.equal(by.get('mallory')!.author.name, '<img src=x onerror=alert(1)>');
  assert.equal(by.get('mallory')!.url, null, 'javascript: links are dropped');
  assert.equal(by.get('bigmouth')!.text.length, 3_000_000);
  assert.equal(by.get('quinn')!.text, 'she said "hi there');
  assert.deepEqual([...by.keys()], ['mallory', 'bigmouth', 'quinn', 'trent', 'victor']);
});

test('csv: after a malformed record, reading starts again on the next line, a bounded number of times', () => {
  // Line 2 opens a quote that line 3 closes, then line 3 opens one nobody closes: from line 2, and
  // again from line 3, the parser meets the end of the file inside a quoted cell.
  const text = 'author,time,text\nu,t,"a\nb",x,"c\nlast,line,here\n';
  const buf = Buffer.from(text);
  const shape = (r: ReturnType<typeof readItems>) => [
    r.items.map((i) => (i.kind === 'record' ? ['record', i.start, i.cells[0]] : ['malformed', i.start])),
    r.unread?.start ?? null,
  ];
  assert.deepEqual(shape(readItems(buf, ',')), [
    [
      ['record', 0, 'author'],
      ['malformed', text.indexOf('u,t')],
      ['malformed', text.indexOf('b",x')],
      ['record', text.indexOf('last'), 'last'],
    ],
    null,
  ]);
  assert.deepEqual(shape(readItems(buf, ',', 1)), [
    [
      ['record', 0, 'author'],
      ['malformed', text.indexOf('u,t')],
      ['malformed', text.indexOf('b",x')],
    ],
    text.indexOf('last'),
  ]);
  const t = importText('quotes.csv', text);
  assert.deepEqual(accounting(t.sources[0]), [3, 0, 0, 3]);
  assert.deepEqual(
    t.sources[0].diagnostics.map((d) => [d.code, d.line]),
    [
      ['csv-malformed', 2],
      ['csv-malformed', 3],
      ['time-unreadable', 4],
    ],
  );
});

corpusTest('csv: forced onto a non-CSV file, no throw and a header-missing error', [SOCBIZ], (_t, path) => {
  const t = importExports([ExportFile.read(path)], { format: 'csv' });
  const [src] = t.sources;
  assert.deepEqual(accounting(src), [0, 0, 0, 0]);
  assert.ok(src.diagnostics.some((d) => d.severity === 'error' && d.code === 'header-missing'));
});

/** Bytes that break CSV in interesting ways. */
const NASTY = ['"', '""', ',', ';', '\t', '\r', '\n', '\r\n', '\uFEFF', '\u0000', '2.61E+17', '=cmd|', '\u2028', '\u00e9', '\xff\xfe', 'text,from_user,created_at\n', '<script>'];

const mutationOf = mutation(NASTY, { maxDelete: 200 });
/** Inserted strings are UTF-8, except the raw bytes FF FE. */
const encodeInsert = (s: string) => Buffer.from(s, s === '\xff\xfe' ? 'latin1' : 'utf8');

test('csv: property: a mutated fixture never throws and always reconciles', () => {
  const originals = [readFileSync(TAGS), readFileSync(SPREADSHEET)];
  fc.assert(
    fc.property(fc.constantFrom(0, 1), fc.array(mutationOf, { minLength: 1, maxLength: 6 }), (which, muts) => {
      const bytes = applyMutations(originals[which], muts, encodeInsert);
      const f = new ExportFile('mutated.csv', bytes);
      assert.equal(typeof csv.detect(f, {}), 'boolean');
      const t = importExports([f], { format: 'csv' });
      for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped);
      assert.equal(t.messages.length, t.sources.reduce((n, s) => n + s.kept, 0));
      for (const m of t.messages) assert.equal(typeof m.id, 'string');
    }),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
  );
});
