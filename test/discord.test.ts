/**
 * DiscordChatExporter importers: discord-json, discord-csv, discord-txt.
 *
 * Corpus counts were checked independently of the code:
 * - JSON (jq): dcef-example-general.json has 35 entries, types Default 31,
 *   GuildMemberJoin 3, ThreadCreated 1; of the 31: 3 authors, 2 with a
 *   non-null reference.messageId, 7 attachments (one .mp3), 1 sticker,
 *   3 embeds, 1 edited, 4 with reactions (5 in all); first in file order
 *   1045178587575242772 (Adam, 14:03:03.853Z), last 1060928127137747099
 *   (Adam, 16:05:35.86Z). The thread file: 5 (Default 3, Reply 2), 3 authors,
 *   2 replies, 1 reaction. chill-talk: 6 (Default 5, Reply 1), 4 authors,
 *   1 reply, 1 embed, 1 edited; its "without deleted" twin: 5, 3 authors.
 *   Every file says messageCount 35 except the thread (5).
 * - CSV (Python csv, delimiter ";"): 100 data rows of 7 cells, 44 authors,
 *   26-Jun-19 06:26 PM alperC#7758 -> 02-Jul-19 05:07 PM Zagor#9032, 4
 *   multi-line contents, 1 empty content (KMD TipBot, row 32 on line 61), 46 rows with
 *   reactions summing to 309, no attachments.
 * - TXT (Python regex over lines): 100 headers "[dd-MMM-yy hh:mm tt] author",
 *   first on line 9, last on line 515, one "(pinned)" (line 477), 6 {Embed}
 *   blocks (5 with a URL line), 46 {Reactions}, no {Attachments}; the same
 *   100 messages as the CSV (author, minute, text).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { Importer, ParseResult } from '../src/import/importer.ts';
import { discordJson } from '../src/import/formats/discord-json.ts';
import { discordCsv } from '../src/import/formats/discord-csv.ts';
import { discordTxt } from '../src/import/formats/discord-txt.ts';
import { dateOrder, reactionTotal, readDiscordTime } from '../src/import/formats/discord-common.ts';
import { handleProblem } from '../src/model/entities.ts';
import { ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';

const JSON_DIR = 'discordchatexporter-json';
const GENERAL = `${JSON_DIR}/dcef-example-general.json`;
const THREAD = `${JSON_DIR}/dcef-example-thread.json`;
const CHILL = `${JSON_DIR}/dcef-example-chill-talk.json`;
const CHILL_WITHOUT = `${JSON_DIR}/dcef-example-chill-talk-without-deleted.json`;
const CSV = 'discordchatexporter-csv/komodo-antara-ama-july2019-1.csv';
const TXT = 'discordchatexporter-txt/komodo-antara-ama-july2019-1.txt';
const FIXTURES = join(ROOT, 'test/fixtures/discord');
const IMPORTERS = [discordJson, discordCsv, discordTxt];

/** Parse with one importer, checking the accounting every result must keep. */
function parse(importer: Importer, file: ExportFile, options = {}): ParseResult {
  const r = importer.parse(file, options);
  assert.equal(r.found, r.messages.length + r.skipped.length, `${file.name}: found = kept + skipped`);
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, `${file.name}: handle ${m.author.handle}`);
    if (m.id !== null) assert.match(m.id, /^\d{1,20}$/);
  }
  return r;
}

const read = (path: string) => ExportFile.read(path);
const fixture = (name: string) => ExportFile.read(join(FIXTURES, name));
const codes = (ds: { code: string }[]) => ds.map((d) => d.code).sort();
const summary = (r: ParseResult) => [r.found, r.messages.length, r.skipped.length];
const ends = (r: ParseResult) => {
  const [first, last] = [r.messages[0], r.messages[r.messages.length - 1]];
  return [first.time, first.author.handle, last.time, last.author.handle];
};

// ------------------------------------------------------------------ JSON

corpusTest('discord-json: the example guild\'s #general (system entries skipped)', [GENERAL], (_t, path) => {
  const r = parse(discordJson, read(path));
  assert.deepEqual(summary(r), [35, 31, 4]);
  assert.equal(r.title, 'Example guild / #general');
  assert.deepEqual(ends(r), ['2023-01-06T14:03:03.853Z', 'Adam', '2023-01-06T16:05:35.860Z', 'Adam']);
  assert.deepEqual([r.messages[0].id, r.messages[30].id], ['1045178587575242772', '1060928127137747099']);
  assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.line]), [
    ['system-message', '1045178587575242785', 43],
    ['system-message', '1045178587575242788', 66],
    ['system-message', '1060927310439657577', 698],
    ['system-message', '1060928127137747087', 927],
  ]);
  assert.match(r.skipped[2].message, /"ThreadCreated"/);
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 3);
  // Replies: the two with a message id (the thread's creation has none, and is skipped).
  assert.deepEqual(
    r.messages.filter((m) => m.replyTo).map((m) => [m.id, m.replyTo]),
    [
      ['1060926346089476176', '1060926317920538735'],
      ['1060926395313827840', '1060926346089476176'],
    ],
  );
  // 6 pictures/videos (the .mp3 is dropped with a note) and the sticker, as files beside the export.
  const attachments = r.messages.flatMap((m) => m.attachments ?? []);
  assert.equal(attachments.length, 7);
  assert.deepEqual(attachments.filter((a) => a.kind === 'video').map((a) => a.alt), ['book_scanner.mp4']);
  assert.deepEqual(attachments.find((a) => a.alt === 'dce-export-more.png'), {
    kind: 'image',
    url: null,
    alt: 'dce-export-more.png',
    file: 'Example guild - Text Channels - general [1012224565567721552].json_Files/dce-export-more-662EF.png',
  });
  assert.equal(attachments.find((a) => a.alt === 'pepecute')?.kind, 'image');
  assert.deepEqual(codes(r.diagnostics), ['attachment-dropped', 'edited', 'reactions-dropped']);
  assert.match(r.diagnostics.find((d) => d.code === 'reactions-dropped')!.message, /^4 message\(s\) carry 5 reaction/);
  assert.equal(r.diagnostics.find((d) => d.code === 'edited')?.messageId, '1060926487911485582');
  // Embeds' URLs are links; the display name is the nickname; permalinks from the guild and channel ids.
  assert.deepEqual(r.messages.flatMap((m) => m.links).length, 3);
  const bot = r.messages.find((m) => m.author.handle === 'aLittleSpammyBot');
  assert.equal(bot, undefined, 'the bot only joined in #general');
  assert.equal(r.messages[0].url, 'https://discord.com/channels/748545324524575035/1012224565567721552/1045178587575242772');
});

corpusTest('discord-json: a thread export, and a channel exported before and after a deletion', [THREAD, CHILL, CHILL_WITHOUT], (_t, thread, chill, without) => {
  const th = parse(discordJson, read(thread));
  assert.deepEqual(summary(th), [5, 5, 0]);
  assert.equal(th.title, 'Example guild / #Thomas is Thomas');
  assert.deepEqual(ends(th), ['2023-01-06T14:26:58.031Z', 'Adam', '2023-01-06T14:27:26.980Z', 'Patrick']);
  assert.deepEqual(th.messages.filter((m) => m.replyTo).map((m) => m.replyTo), ['1060927520008065176', '1060927555093413928']);
  assert.deepEqual(codes(th.diagnostics), ['reactions-dropped']);

  const c = parse(discordJson, read(chill));
  assert.deepEqual(summary(c), [6, 6, 0]);
  assert.deepEqual(ends(c), ['2023-01-06T16:11:26.414Z', 'Adam', '2023-01-06T16:14:05.275Z', 'Thomas']);
  assert.equal(new Set(c.messages.map((m) => m.author.handle)).size, 4);
  const spam = c.messages.find((m) => m.author.handle === 'aLittleSpammyBot')!;
  assert.equal(spam.author.name, 'RICK NITRO');
  assert.deepEqual(spam.links, ['https://www.youtube.com/watch?v=dQw4w9WgXcQ']);
  assert.deepEqual(c.messages.filter((m) => m.replyTo).map((m) => [m.id, m.replyTo]), [['1060954094627463198', '1060954094627463098']]);

  const w = parse(discordJson, read(without));
  assert.deepEqual(summary(w), [5, 5, 0]);
  assert.equal(new Set(w.messages.map((m) => m.author.handle)).size, 3);
  // The deleted message's id is the one missing; the reply to it keeps its (now dangling) id.
  const ids = new Set(w.messages.map((m) => m.id));
  assert.deepEqual(c.messages.filter((m) => !ids.has(m.id)).map((m) => m.id), ['1060954094627463098']);
  assert.equal(w.messages.find((m) => m.id === '1060954094627463198')?.replyTo, '1060954094627463098');
});

test('discord-json: a file cut short keeps its complete messages; mentions and custom emoji resolved', () => {
  const f = fixture('truncated.json');
  assert.equal(discordJson.detect(f, {}), true);
  const r = parse(discordJson, f);
  assert.deepEqual(summary(r), [3, 2, 1]);
  assert.equal(r.title, 'Fixture guild / #ama');
  assert.deepEqual([r.skipped[0].code, r.skipped[0].line, r.skipped[0].position], ['json-invalid', 49, 3]);
  assert.match(r.skipped[0].message, /cut short/);
  assert.ok(r.diagnostics.some((d) => d.severity === 'error' && d.code === 'json-invalid'));
  const [welcome, reply] = r.messages;
  assert.equal(welcome.text, 'Welcome @guest, ask away! :wave:');
  assert.deepEqual(welcome.author, { handle: 'host', name: 'The Host' });
  assert.equal(welcome.time, '2024-03-01T16:00:00.000Z');
  assert.equal(reply.replyTo, '900000000000000001');
  assert.equal(reply.text, 'Thanks <@800000000000000009>!');
  assert.deepEqual(reply.attachments, [{ kind: 'image', url: 'https://cdn.discordapp.com/attachments/2/3/slide.png', alt: 'slide.png', file: null }]);
  assert.deepEqual(codes(r.diagnostics), ['edited', 'json-invalid', 'mention-unresolved', 'reactions-dropped']);
});

test('discord-json: every cut of a file, and JSON that is no export, never throw', () => {
  const text = readFileSync(join(FIXTURES, 'truncated.json'), 'utf8');
  for (let cut = 0; cut <= text.length; cut += 7) parse(discordJson, new ExportFile('cut.json', Buffer.from(text.slice(0, cut))));
  for (const body of ['[]', '{"guild":{},"channel":{},"messages":{}}', '{"guild":{},"messages":[1,null,{"type":"Default"},{"id":"1","author":{"name":"a"},"timestamp":"x"}]}']) {
    const r = parse(discordJson, new ExportFile('odd.json', Buffer.from(body)));
    assert.ok(r.diagnostics.some((d) => d.severity === 'error') || r.skipped.length > 0, body);
  }
});

// ------------------------------------------------------------------ CSV and TXT (the same 100 messages)

corpusTest('discord-csv: the Komodo AMA chunk (old ";" layout)', [CSV], (_t, path) => {
  const f = read(path);
  assert.equal(discordCsv.detect(f, {}), true);
  const r = parse(discordCsv, f);
  assert.deepEqual(summary(r), [100, 100, 0]);
  assert.deepEqual(ends(r), ['2019-06-26T18:26:00.000Z', 'alperC#7758', '2019-07-02T17:07:00.000Z', 'Zagor#9032']);
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 44);
  assert.equal(r.messages.filter((m) => m.text.includes('\n')).length, 4);
  assert.deepEqual([r.messages[31].author.handle, r.messages[31].text, r.messages[31].line], ['KMD TipBot#0077', '', 61]);
  assert.ok(r.messages.every((m) => m.id === null && m.timePrecision === 'minute' && m.attachments?.length === 0));
  assert.deepEqual(codes(r.diagnostics), ['reactions-dropped', 'time-zone-assumed']);
  assert.match(r.diagnostics.find((d) => d.code === 'reactions-dropped')!.message, /^46 message\(s\) carry 309 reaction/);
});

corpusTest('discord-txt: the same chunk as plain text reads as the same 100 messages', [TXT, CSV], (_t, path, csvPath) => {
  const f = read(path);
  assert.equal(discordTxt.detect(f, {}), true);
  const r = parse(discordTxt, f);
  assert.deepEqual(summary(r), [100, 100, 0]);
  assert.equal(r.title, 'Komodo / #antara-ama-july2019');
  assert.deepEqual(ends(r), ['2019-06-26T18:26:00.000Z', 'alperC#7758', '2019-07-02T17:07:00.000Z', 'Zagor#9032']);
  assert.deepEqual([r.messages[0].line, r.messages[99].line], [9, 515]);
  const pinned = r.messages.find((m) => m.line === 477)!;
  assert.equal(pinned.author.handle, 'alperC#7758');
  assert.deepEqual(pinned.links, ['https://docs.google.com/document/d/1czz6tPXqASrzbFTiWO6dQwmU5Jhe0x-5e2r1W-06SOg/edit?usp=sharing']);
  assert.equal(r.messages.filter((m) => m.links.length).length, 5);
  assert.deepEqual(codes(r.diagnostics), ['reactions-dropped', 'time-zone-assumed']);
  assert.match(r.diagnostics.find((d) => d.code === 'reactions-dropped')!.message, /^46 message\(s\) carry 309 reaction/);
  const c = parse(discordCsv, read(csvPath));
  assert.deepEqual(
    r.messages.map((m) => [m.time, m.author.handle, m.text.trim()]),
    c.messages.map((m) => [m.time, m.author.handle, m.text.trim()]),
  );
});

corpusTest('discord-csv and discord-txt: the Komodo chunk in America/New_York is shifted by EDT (UTC-4) at those dates', [CSV, TXT], (_t, csvPath, txtPath) => {
  const opts = { timeZone: 'America/New_York' };
  for (const [imp, path] of [[discordCsv, csvPath], [discordTxt, txtPath]] as const) {
    const utc = parse(imp, read(path));
    const ny = parse(imp, read(path), opts);
    assert.deepEqual(summary(ny), [100, 100, 0], imp.name);
    assert.deepEqual(ends(ny), ['2019-06-26T22:26:00.000Z', 'alperC#7758', '2019-07-02T21:07:00.000Z', 'Zagor#9032'], imp.name);
    // Late June to early July 2019: New York is on daylight time throughout, 4 hours behind UTC.
    assert.ok(ny.messages.every((m, i) => Date.parse(m.time) - Date.parse(utc.messages[i].time) === 4 * 3600000), imp.name);
    assert.equal(ny.diagnostics.find((d) => d.code === 'time-zone-assumed')!.message, "100 time(s) carry no UTC offset (the exporting computer's local time); read in America/New_York");
  }
  const plain = parse(discordCsv, read(csvPath)).diagnostics.find((d) => d.code === 'time-zone-assumed')!;
  assert.match(plain.message, /read as UTC: if they are not, set `timezone:` in the jam's notes or pass --time-zone/);
});

test('discord-txt: bad date lines are skipped with their line; bracketed content stays content', () => {
  const r = parse(discordTxt, fixture('bad-date.txt'));
  assert.deepEqual(summary(r), [4, 2, 2]);
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [['time-unreadable', 20], ['time-unreadable', 23]]);
  const [welcome, pinned] = r.messages;
  assert.equal(welcome.text, 'Welcome!\nSecond line of the welcome.\n\n[note] this line starts with a bracket but is content');
  assert.equal(welcome.time, '2023-01-15T15:04:00.000Z');
  assert.deepEqual(welcome.attachments, [{ kind: 'image', url: 'https://cdn.discordapp.com/attachments/1/2/poster.jpg', alt: null, file: null }]);
  assert.deepEqual([pinned.author.handle, pinned.text, pinned.links], ['guest#0002', 'A pinned question?', ['https://example.com/page']]);
  assert.deepEqual(codes(r.diagnostics), ['attachment-dropped', 'reactions-dropped', 'time-zone-assumed']);
});

test('discord-csv: unreadable dates, a missing author and a quote never closed are skipped rows', () => {
  const f = fixture('bad-date.csv');
  assert.equal(discordCsv.detect(f, {}), true);
  const r = parse(discordCsv, f);
  assert.deepEqual(summary(r), [5, 2, 3]);
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [['time-unreadable', 4], ['author-missing', 5], ['csv-malformed', 7]]);
  const [welcome, answer] = r.messages;
  assert.equal(welcome.text, 'Welcome!\nAsk your questions here.');
  assert.equal(welcome.time, '2023-01-15T15:04:00.000Z');
  assert.deepEqual(welcome.attachments?.map((a) => a.kind), ['video']);
  assert.deepEqual(welcome.links, ['https://cdn.discordapp.com/attachments/1/2/notes.pdf']);
  assert.deepEqual([answer.text, answer.time], ['A "quoted" answer', '2023-01-25T15:07:00.000Z']);
});

test('discord importers: an empty file is claimed by none and parsed by each with a clear error', () => {
  const f = fixture('empty.txt');
  for (const imp of IMPORTERS) {
    assert.equal(imp.detect(f, {}), false, imp.name);
    const r = parse(imp, f);
    assert.deepEqual(summary(r), [0, 0, 0]);
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 1, imp.name);
  }
});

corpusTest('discord importers: each claims its own corpus files and no other', [GENERAL, THREAD, CHILL, CHILL_WITHOUT, CSV, TXT], (_t, ...paths) => {
  const owner = (p: string) => (p.endsWith('.json') ? 'discord-json' : p.endsWith('.csv') ? 'discord-csv' : 'discord-txt');
  for (const p of paths) {
    const f = read(p);
    assert.deepEqual(IMPORTERS.filter((i) => i.detect(f, {})).map((i) => i.name), [owner(p)], p);
  }
  for (const other of ['twarc2-jsonl/twarc-csv-brexit.jsonl', 'twitter-search-api-v1/sferik-twitter-search-2010.json', 'discordchatexporter-html/komodo-antara-ama-july2019-htmldark/1.html']) {
    const f = read(corpusPath(other));
    assert.deepEqual(IMPORTERS.filter((i) => i.detect(f, {})).map((i) => i.name), [], other);
  }
});

test('discord-csv: the current comma layout with locale dates is claimed too', () => {
  const text = 'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","bob","1/15/2023 3:04 PM","hi","",""\n"2","amy","1/25/2023 3:05 PM","yo","","👍 (2)"\n';
  const f = new ExportFile('modern.csv', Buffer.from(text));
  assert.equal(discordCsv.detect(f, {}), true);
  const r = parse(discordCsv, f);
  assert.deepEqual(r.messages.map((m) => m.time), ['2023-01-15T15:04:00.000Z', '2023-01-25T15:05:00.000Z']);
});

// ------------------------------------------------------------------ times

test('discord times: every layout DCE writes, read to UTC', () => {
  const dmy = dateOrder([]);
  const cases: [string, string | null][] = [
    ['26-Jun-19 06:26 PM', '2019-06-26T18:26:00.000Z'],
    ['02-Jul-19 12:05 AM', '2019-07-02T00:05:00.000Z'],
    ['15.01.2023 15:04', '2023-01-15T15:04:00.000Z'],
    ['15/01/2023 15:04', '2023-01-15T15:04:00.000Z'],
    ['2023-01-15 15:04', '2023-01-15T15:04:00.000Z'],
    ['2023/01/15 15:04:05', '2023-01-15T15:04:05.000Z'],
    ['2023-01-15T15:04:05.123+02:00', '2023-01-15T13:04:05.123Z'],
    ['2023-01-15 15:04:05Z', '2023-01-15T15:04:05.000Z'],
    ['1/15/2023 3:04 p.m.', '2023-01-15T15:04:00.000Z'],
    ['31-Foo-19 06:26 PM', null],
    ['29.02.2023 10:00', null],
    ['15.01.2023 13:00 PM', null],
    ['15.01.2023 24:00', null],
    ['2023-01-15 15:04+19:00', null],
    ['yesterday', null],
  ];
  for (const [raw, want] of cases) assert.equal(readDiscordTime(raw, dmy, 'utc')?.time ?? null, want, raw);
  assert.equal(readDiscordTime('26-Jun-19 06:26 PM', dmy, 'utc')?.precision, 'minute');
  assert.equal(readDiscordTime('2023-01-15T15:04:05+02:00', dmy, 'utc')?.naive, false);
});

test('discord times: day/month order from the file, a guess said, a conflict refused; a zone when given', () => {
  assert.deepEqual(dateOrder(['1/15/2023 3:04 PM', '1/2/2023 3:04 PM']), { order: 'mdy', guessed: false, conflict: false });
  assert.deepEqual(dateOrder(['15/1/2023 15:04']), { order: 'dmy', guessed: false, conflict: false });
  assert.deepEqual(dateOrder(['13/45/2023 15:04', '1/2/2023 15:04']), { order: 'dmy', guessed: true, conflict: false });
  const mdy = dateOrder(['1/15/2023 3:04 PM']);
  assert.equal(readDiscordTime('1/2/2023 3:04 PM', mdy, 'utc')?.time, '2023-01-02T15:04:00.000Z');
  const conflict = dateOrder(['1/15/2023 3:04 PM', '15/1/2023 3:04 PM']);
  assert.equal(readDiscordTime('1/2/2023 3:04 PM', conflict, 'utc'), null);
  assert.equal(readDiscordTime('1/2/2023 3:04 PM', dateOrder(['1/2/2023 3:04 PM']), 'utc')?.ambiguous, true);
  assert.equal(readDiscordTime('15.01.2023 15:04', dateOrder([]), 'Europe/Berlin')?.time, '2023-01-15T14:04:00.000Z');

  // A file of only ambiguous dates: a 12-hour clock with slashes is the US layout, read month-first; a 24-hour one day-first; each with a warning.
  const text = 'AuthorID,Author,Date,Content,Attachments,Reactions\n"1","bob","1/2/2023 3:04 PM","hi","",""\n';
  const r = parse(discordCsv, new ExportFile('guess.csv', Buffer.from(text)));
  assert.equal(r.messages[0].time, '2023-01-02T15:04:00.000Z');
  assert.deepEqual(codes(r.diagnostics), ['date-order-guessed', 'time-zone-assumed']);
  assert.match(r.diagnostics.find((d) => d.code === 'date-order-guessed')!.message, /1 date\(s\) read month-first \(a 12-hour clock with slashes is the US layout\)$/);
  const day = parse(discordCsv, new ExportFile('guess.csv', Buffer.from(text.replace('3:04 PM', '15:04'))));
  assert.equal(day.messages[0].time, '2023-02-01T15:04:00.000Z');
  assert.match(day.diagnostics.find((d) => d.code === 'date-order-guessed')!.message, /1 date\(s\) read day-first$/);
  // System entries in CSV and TXT are only their text ("Joined the server."): reported, not kept.
  const sys = parse(discordCsv, new ExportFile('sys.csv', Buffer.from(`${text}"2","ann","1/2/2023 3:05 PM","Joined the server.","",""\n"3","ann","1/2/2023 3:06 PM","Pinned a message.","",""\n"4","ann","1/2/2023 3:07 PM","I joined the server. yesterday","",""\n`)));
  assert.deepEqual(sys.messages.map((m) => m.text), ['hi', 'I joined the server. yesterday']);
  assert.deepEqual(sys.skipped.map((d) => [d.code, d.severity, d.line]), [['system-message', 'info', 3], ['system-message', 'info', 4]]);
  // The TXT export of a US machine (DiscordChatExporter's "[7/12/2025 3:50 AM]"): July, not December.
  const txt = parse(discordTxt, new ExportFile('us.txt', Buffer.from('==============================================================\nGuild: My Server\nChannel: general / chat\n==============================================================\n\n[7/12/2025 3:50 AM] alice\nHello world\n\n')));
  assert.equal(txt.messages[0].time, '2025-07-12T03:50:00.000Z');
  const joined = parse(discordTxt, new ExportFile('us.txt', Buffer.from('==============================================================\nGuild: My Server\nChannel: general / chat\n==============================================================\n\n[7/12/2025 3:53 AM] alice\njoined the server.\n\n')));
  assert.deepEqual([joined.found, joined.messages.length, joined.skipped[0]?.code], [1, 0, 'system-message']);
  // A time zone in the options is heard; one that is no IANA zone is said, and UTC taken.
  const bad = parse(discordTxt, fixture('bad-date.txt'), { timeZone: 'Mars/Olympus' });
  assert.equal(bad.messages[0].time, '2023-01-15T15:04:00.000Z');
  const badNote = bad.diagnostics.find((d) => d.code === 'time-zone-assumed')!;
  assert.deepEqual([badNote.severity, /"Mars\/Olympus" is no IANA zone/.test(badNote.message)], ['warning', true]);
  const zoned = parse(discordTxt, fixture('bad-date.txt'), { timeZone: 'America/New_York' });
  assert.equal(zoned.messages[0].time, '2023-01-15T20:04:00.000Z');
  assert.match(zoned.diagnostics.find((d) => d.code === 'time-zone-assumed')!.message, /read in America\/New_York/);
});

test('discord reactions: counts in the CSV and TXT forms', () => {
  assert.equal(reactionTotal('👍 (7),😎 (6),😃 (5),Komodo (6)'), 24);
  assert.equal(reactionTotal('🔼 (3) ⬆ '), 4);
  assert.equal(reactionTotal('troll_compadre '), 1);
  assert.equal(reactionTotal(''), 0);
});
