/**
 * Line-based text chat importers: zoom-txt, whatsapp-txt, irc-log.
 *
 * The importers are not registered yet (the lead does that), so these tests
 * call each importer's detect/parse directly, as the pipeline would.
 *
 * Counts were verified independently with Python regexes over the raw files
 * (not with this code):
 * - zoom agu-ossi-2020: 121 header lines `HH:MM:SS\t From NAME : text`, 121
 *   kept, 21 names, 08:58:13 (Leah Wasser …) -> 11:59:57 (Xin Zhou), no line
 *   after a header that is not one.
 * - zoom graphql-2019: 161 headers, 31 names, 19:32:08 (cbmd) -> 00:39:24
 *   (Eduardo Zamora) past midnight; 12 non-header lines: 3 multi-line
 *   messages (a 7-line GraphQL query at line 26, a backtick at 95, a code end
 *   at 124-127) and 2 blank lines ending the message at line 160.
 * - zoom lrbs-2023: 46 `HH:MM:SS From NAME to TARGET:\r\r\n` headers, 44 to
 *   Everyone, 2 `(Direct Message)`; 13 senders among the 44; 6 of the 44
 *   are reactions (`Reacted to "…" with 👍`), so 38 messages.
 * - whatsapp pokemon: 20 dated lines, 2 of them the encryption notices
 *   (one under the group's name "Pokemon Chat"), 18 messages from 8 names,
 *   06.08.2016 13:23 Ash Ketchum -> 31.10.2016 12:23 Wobbuffet.
 * - irc dircproxy: 7,543 lines = 5,177 `<nick!ident@host>` lines + 249
 *   `* nick` actions + 1,960 `***` connection markers + 4 joins + 132 mode
 *   and 21 topic `---` lines. Of the 5,426 messages, 191 are empty once the
 *   identify-msg flag is off (`<nick> +` / `<nick> - `): 5,235 kept from 41
 *   nicks (stickster 1,335 with actions). 3,891 texts start with +/-; every
 *   nick but stickster, stickster_work and stickster_afk (0, 2 of 1,255, 0)
 *   has it on >= 90% of its lines (d1g1talpsyko 45/49), so 3,889 lose one.
 *   The months run Jan…Dec, Jan, Feb and there are 29 Feb lines in the
 *   first February, so the log began in a leap year: 2008, not the file
 *   name's 2009 (SOURCES.md says 2009, and ASCII: 104 bytes are UTF-8).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { Importer, ParseOptions, ParseResult } from '../src/import/importer.ts';
import { zoomTxt } from '../src/import/formats/zoom-txt.ts';
import { whatsappTxt } from '../src/import/formats/whatsapp-txt.ts';
import { ircLog } from '../src/import/formats/irc-log.ts';
import { dateFromPath, splitLines, yearFromPath } from '../src/import/formats/text-lines.ts';
import { contentId } from '../src/model/ids.ts';
import { luxon } from '../src/import/lazy-packages.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

const FIX = join(ROOT, 'test/fixtures/text-chats');
const IMPORTERS = [zoomTxt, whatsappTxt, ircLog];

const read = (path: string) => ExportFile.read(path);
const fixture = (name: string) => read(join(FIX, name));
const fromText = (name: string, text: string | Buffer) => new ExportFile(name, Buffer.isBuffer(text) ? text : Buffer.from(text));

/** found, kept, skipped, then the first and last message's time and author name (or handle). */
function summary(r: ParseResult) {
  const who = (i: number) => r.messages.at(i)?.author.name ?? r.messages.at(i)?.author.handle;
  return [r.found, r.messages.length, r.skipped.length, r.messages[0]?.time, who(0), r.messages.at(-1)?.time, who(-1)];
}
const codes = (r: ParseResult) => [...r.skipped, ...r.diagnostics].map((d) => d.code);
const authors = (r: ParseResult) => new Set(r.messages.map((m) => (m.author.name ?? m.author.handle).toLowerCase())).size;
const onlyClaimedBy = (f: ExportFile) => IMPORTERS.filter((i) => i.detect(f, {})).map((i) => i.name);
/** A corpus file that `importer` alone claims, parsed by it with no options. */
function claimedAndParsed(path: string, importer: Importer, options: ParseOptions = {}): ParseResult {
  const f = read(path);
  assert.deepEqual(onlyClaimedBy(f), [importer.name]);
  return importer.parse(f, options);
}
/** A day for Zoom chats, which write none (any day: only the date part of the times depends on it). */
const DAY = { date: '2020-05-12' };
/** A result without a day: every message that would be kept is skipped as date-unknown, with one error for the file. */
function undatedError(r: ParseResult): string {
  const errors = r.diagnostics.filter((d) => d.code === 'date-unknown');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].severity, 'error');
  assert.equal(r.messages.length, 0);
  assert.equal(r.found, r.skipped.length);
  assert.ok(r.skipped.filter((d) => d.code === 'date-unknown').every((d) => d.severity === 'info' && d.line! >= 1 && d.position! >= 1));
  return errors[0].message;
}
const note = (r: ParseResult, code: string) => [...r.skipped, ...r.diagnostics].find((d) => d.code === code)?.message;
const NY = 'America/New_York';
/** The hours a New York wall time is behind UTC on its date (luxon's zone data, not the importers' code). */
const nyBehind = (utcTime: string, wall: string) => (Date.parse(utcTime) - Date.parse(wall)) / 3600000;
const nyOffsetAt = (utcTime: string) => -luxon().DateTime.fromISO(utcTime, { zone: NY }).offset / 60;

// ------------------------------------------------------------------ zoom-txt

corpusTest('zoom-txt: old layout, one line per message (agu-ossi 2020)', ['zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt'], (_t, path) => {
  const r = claimedAndParsed(path, zoomTxt, DAY);
  assert.deepEqual(summary(r), [121, 121, 0, '2020-05-12T08:58:13.000Z', 'Leah Wasser (she/her) Earth Lab / earthdatascience.org / pyOpenSci', '2020-05-12T11:59:57.000Z', 'Xin Zhou']);
  assert.equal(authors(r), 21);
  assert.ok(r.messages.every((m) => m.id === null && m.timePrecision === 'second'));
  // The name is kept; the handle, made from it, is one the pipeline accepts.
  assert.equal(r.messages[0].author.handle, 'Leah Wasser (she her) Earth Lab earthdatascience~59ca45');
  assert.equal(r.messages[0].text, 'Welcome  everyone!!');
  assert.ok(!codes(r).includes('date-unknown'));
  assert.ok(codes(r).includes('handle-from-name'));
});

corpusTest('zoom-txt: multi-line messages and a meeting past midnight (graphql 2019)', ['zoom-chat-txt/graphql-schemas-workshop-2019-meeting_saved_chat.txt'], (_t, path) => {
  const r = zoomTxt.parse(read(path), DAY);
  assert.deepEqual(summary(r), [161, 161, 0, '2020-05-12T19:32:08.000Z', 'cbmd', '2020-05-13T00:39:24.000Z', 'Eduardo Zamora']);
  assert.equal(authors(r), 31);
  const multi = r.messages.filter((m) => m.text.includes('\n'));
  assert.deepEqual(multi.map((m) => m.line), [26, 94, 124]);
  assert.ok(multi[0].text.endsWith('{\n  product(id: "abc"){\n    name\n    description\n    image\n  }\n}'));
  assert.ok(multi[2].text.endsWith('\n    if (!verified) {\n      throw new Error("Invalid password! Try Again");\n    }```'));
  // Two blank lines after a message are not part of it.
  assert.ok(r.messages.every((m) => !m.text.endsWith('\n')));
  assert.ok(codes(r).includes('midnight-passed'));
});

corpusTest('zoom-txt: new layout, tab-indented bodies, CR CR LF, private messages dropped (lrbs 2023)', ['zoom-chat-txt/lrbs-bibsoc-2023-session2-meeting_saved_chat.txt'], (_t, path) => {
  const f = read(path);
  const r = zoomTxt.parse(f, DAY);
  assert.deepEqual(summary(r), [46, 38, 8, '2020-05-12T17:06:15.000Z', 'Christopher Ohge', '2020-05-12T18:33:49.000Z', 'Andrew McAinsh']);
  assert.equal(authors(r), 13);
  // Six 'Reacted to "…" with 👍' bodies are reactions, not messages.
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [7, 13, 17, 19, 33, 37].map((n) => ['reaction', n]).concat([['private-message', 45], ['private-message', 67]]));
  assert.equal(r.messages[0].text, 'Slides for today: https://docs.google.com/presentation/d/1NypZrv769SVpr9pSt6JYlMnugtX5KQDxOMS1jgqh5pw/edit?usp=sharing');
  // No text of a private message reaches a message or a diagnostic.
  const lines = splitLines(f.text);
  const privateBodies = [46, 68].map((n) => lines.find((l) => l.line === n)!.text.trim());
  const said = JSON.stringify([r.messages, r.skipped, r.diagnostics]);
  for (const body of privateBodies) assert.ok(body.length > 3 && !said.includes(body), 'a private text leaked');
  // Without a day: the 2 private messages and 6 reactions skipped as before, the 38 others as date-unknown.
  const undated = zoomTxt.parse(f, {});
  undatedError(undated);
  const skippedAs = (code: string) => undated.skipped.filter((d) => d.code === code).length;
  assert.deepEqual([undated.found, skippedAs('private-message'), skippedAs('reaction'), skippedAs('date-unknown')], [46, 2, 6, 38]);
});

test('zoom-txt: 2023 layout "From A To Everyone:" (capital T), reactions written as messages are skipped (lines of a real chat)', () => {
  const r = zoomTxt.parse(fixture('zoom-2023-To-Everyone.txt'), DAY);
  assert.deepEqual(r.messages.map((m) => [m.line, m.author.handle]), [
    [1, 'R Pharma 1'],
    [7, 'R Pharma 1'],
    [18, 'Libby Heeren'],
    [20, 'VISHNUVARDHAN REDDY'],
    [24, 'Liam'],
    [26, 'R Pharma 1'],
  ]);
  assert.equal(r.messages[2].text, 'yayy, thank you!');
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [['reaction', 10], ['reaction', 16], ['reaction', 22], ['reaction', 28], ['private-message', 30]]);
  assert.match(r.skipped[0].message, /a reaction with 👍🏾/);
  assert.match(r.skipped[3].message, /a reaction taken back/);
  assert.equal(r.found, r.messages.length + r.skipped.length);
});

test('zoom-txt: mixed line endings, private bodies of several lines, an empty message', () => {
  const r = zoomTxt.parse(fixture('zoom-mixed-endings.txt'), DAY);
  assert.deepEqual(summary(r), [6, 3, 3, '2020-05-12T15:00:01.000Z', 'Ana Lima', '2020-05-12T15:02:00.000Z', 'Cy']);
  assert.equal(r.messages[1].text, 'Q1: what do you use?\nline two after a lone CR\nline three after LF');
  assert.deepEqual(r.skipped.map((d) => d.code), ['private-message', 'private-message', 'empty-message']);
  assert.ok(!JSON.stringify(r).includes('SECRET') && !JSON.stringify(r).includes('secret'));
});

test('zoom-txt: old layout with "(Privately)", continuation lines of a private message stay private', () => {
  const r = zoomTxt.parse(fixture('zoom-old-privately.txt'), DAY);
  assert.deepEqual(summary(r), [5, 4, 1, '2020-05-12T10:00:00.000Z', 'Ana Lima', '2020-05-13T00:00:10.000Z', 'Ana Lima']);
  assert.equal(r.messages[1].text, 'two\nlines');
  assert.ok(!JSON.stringify(r).includes('SECRET') && !JSON.stringify(r).includes('continued secret'));
});

test('zoom-txt: the date comes from the file name or the folder Zoom saved it in', () => {
  const text = '10:00:00 From Ana to Everyone : hi\n10:00:05 From Ana to Bo : just you\n';
  const inFolder = zoomTxt.parse(fromText('/x/2020-05-12 10.00.00 Office hours 123456789/meeting_saved_chat.txt', text), {});
  assert.equal(inFolder.messages[0].time, '2020-05-12T10:00:00.000Z');
  const d = inFolder.diagnostics.find((x) => x.code === 'date-from-name')!;
  assert.match(d.message, /2020-05-12 read from the folder name/);
  // In a file that names recipients, one that is not a group is not published either.
  assert.deepEqual([inFolder.found, inFolder.messages.length, inFolder.skipped[0].code], [2, 1, 'private-message']);
  const cloud = zoomTxt.parse(fromText('GMT20210304-150000_Recording.txt', text), {});
  assert.equal(cloud.messages[0].time, '2021-03-04T10:00:00.000Z');
  assert.deepEqual(dateFromPath('/a/2019-02-30 x/chat.txt'), null);
  assert.equal(yearFromPath('fedora-2009.log'), 2009);
  assert.equal(yearFromPath('2008-to-2009.log'), null);
});

corpusTest('zoom-txt: the jam\'s date dates the messages and rolls over past midnight; with a zone too (graphql 2019)', ['zoom-chat-txt/graphql-schemas-workshop-2019-meeting_saved_chat.txt'], (_t, path) => {
  const dated = zoomTxt.parse(read(path), { date: '2020-05-12' });
  assert.deepEqual(summary(dated), [161, 161, 0, '2020-05-12T19:32:08.000Z', 'cbmd', '2020-05-13T00:39:24.000Z', 'Eduardo Zamora']);
  assert.ok(!codes(dated).includes('date-unknown'));
  assert.equal(note(dated, 'date-from-options'), "Zoom writes no date: 2020-05-12, the jam's date (notes `date:` or --date), is used");
  assert.match(note(dated, 'time-zone-assumed')!, /^161 time\(s\) carry no UTC offset \(the meeting's clock\); read as UTC: if they are not, set `timezone:`/);
  const zoned = zoomTxt.parse(read(path), { date: '2020-05-12', timeZone: NY });
  assert.deepEqual(summary(zoned), [161, 161, 0, '2020-05-12T23:32:08.000Z', 'cbmd', '2020-05-13T04:39:24.000Z', 'Eduardo Zamora']);
  assert.ok(zoned.messages.every((m, i) => nyBehind(m.time, dated.messages[i].time) === 4), 'EDT: 4 hours behind UTC');
  assert.equal(note(zoned, 'time-zone-assumed'), "161 time(s) carry no UTC offset (the meeting's clock); read in America/New_York");
});

corpusTest('zoom-txt: without a date from the notes or the name, every message skipped (date-unknown) and one error that says how to give the day', ['zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt'], (_t, path) => {
  const r = zoomTxt.parse(read(path), {});
  assert.equal(undatedError(r), "Zoom writes no date: give the chat's day with date: in the jam's notes or --date YYYY-MM-DD (the file and folder names hold none either); 121 message(s) skipped");
  assert.deepEqual(summary(r), [121, 0, 121, undefined, undefined, undefined, undefined]);
  assert.deepEqual([r.skipped[0].line, r.skipped.at(-1)!.line, r.diagnostics.find((d) => d.code === 'date-unknown')!.line], [1, 121, 1]);
  assert.ok(!JSON.stringify(r).includes('1970'), 'no placeholder day anywhere');
  assert.ok(!codes(r).includes('time-zone-assumed'));
  // A zone alone gives no day: the same.
  const zoneOnly = zoomTxt.parse(read(path), { timeZone: NY });
  assert.deepEqual([summary(zoneOnly), undatedError(zoneOnly)], [summary(r), undatedError(r)]);
});

test('zoom-txt: the jam\'s date wins over a different one in the folder name, said in a note; an unreadable one is refused', () => {
  const text = '10:00:00 From Ana to Everyone : hi\n';
  const path = '/x/2020-05-12 10.00.00 Office hours 123456789/meeting_saved_chat.txt';
  const r = zoomTxt.parse(fromText(path, text), { date: '2020-06-01' });
  assert.equal(r.messages[0].time, '2020-06-01T10:00:00.000Z');
  assert.equal(note(r, 'date-differs'), "the folder name says 2020-05-12 (\"2020-05-12\") but the jam's date (notes `date:` or --date) is 2020-06-01: 2020-06-01 is used");
  const same = zoomTxt.parse(fromText(path, text), { date: '2020-05-12' });
  assert.ok(!codes(same).includes('date-differs'));
  const bad = zoomTxt.parse(fromText(path, text), { date: '2020-02-30' });
  assert.equal(bad.messages[0].time, '2020-05-12T10:00:00.000Z');
  assert.ok(codes(bad).includes('date-invalid'));
});

test('zoom-txt: DST in the jam\'s zone follows luxon: the overlap hour takes standard time, a gap time moves forward', () => {
  // 2023-11-05 in New York: 01:00-01:59 happens twice (EDT, then EST); luxon reads it as EST (UTC-5).
  const fall = zoomTxt.parse(fromText('c.txt', '00:59:00 From Ana to Everyone : before\n01:30:00 From Ana to Everyone : in the overlap\n02:00:00 From Ana to Everyone : after\n'), { date: '2023-11-05', timeZone: NY });
  assert.deepEqual(fall.messages.map((m) => m.time), ['2023-11-05T04:59:00.000Z', '2023-11-05T06:30:00.000Z', '2023-11-05T07:00:00.000Z']);
  // 2023-03-12: 02:00-02:59 does not exist; 02:30 is read as 03:30 EDT.
  const spring = zoomTxt.parse(fromText('c.txt', '01:59:00 From Ana to Everyone : before\n02:30:00 From Ana to Everyone : in the gap\n03:00:00 From Ana to Everyone : after\n'), { date: '2023-03-12', timeZone: NY });
  assert.deepEqual(spring.messages.map((m) => m.time), ['2023-03-12T06:59:00.000Z', '2023-03-12T07:30:00.000Z', '2023-03-12T07:00:00.000Z']);
});

// ------------------------------------------------------------------ whatsapp-txt

corpusTest('whatsapp-txt: Android, dotted day-first dates (whatstk pokemon)', ['whatsapp-txt/whatstk-pokemon.txt'], (_t, path) => {
  const r = claimedAndParsed(path, whatsappTxt);
  assert.deepEqual(summary(r), [18, 18, 0, '2016-08-06T13:23:00.000Z', 'Ash Ketchum', '2016-10-31T12:23:00.000Z', 'Wobbuffet']);
  assert.equal(authors(r), 8);
  assert.ok(r.messages.every((m) => m.timePrecision === 'minute'));
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'system-line').map((d) => d.line), [1, 2]);
  assert.ok(!codes(r).includes('date-order'), 'a day above 12 settles the order');
  assert.ok(r.messages.some((m) => m.author.name === 'Jessie & James' && /^Jessie James~[0-9a-f]{6}$/.test(m.author.handle)));
});

corpusTest('whatsapp-txt: the same file in America/New_York is shifted by EDT at those dates (pokemon)', ['whatsapp-txt/whatstk-pokemon.txt'], (_t, path) => {
  const utc = whatsappTxt.parse(read(path), {});
  const r = whatsappTxt.parse(read(path), { timeZone: NY });
  assert.deepEqual(summary(r), [18, 18, 0, '2016-08-06T17:23:00.000Z', 'Ash Ketchum', '2016-10-31T16:23:00.000Z', 'Wobbuffet']);
  // August to 31 October 2016: daylight time (it ended on 6 November), 4 hours behind UTC.
  assert.ok(r.messages.every((m, i) => nyBehind(m.time, utc.messages[i].time) === 4 && nyOffsetAt(m.time) === 4));
  assert.equal(note(r, 'time-zone-assumed'), "18 time(s) carry no UTC offset (the phone's local time); read in America/New_York");
  assert.match(note(utc, 'time-zone-assumed')!, /^18 time\(s\) carry no UTC offset \(the phone's local time\); read as UTC: if they are not, set `timezone:` in the jam's notes or pass --time-zone/);
});

test('whatsapp-txt: iOS layout, LRM marks, system lines under the group name, media and deleted messages', () => {
  const r = whatsappTxt.parse(fixture('whatsapp-ios.txt'), {});
  assert.deepEqual(summary(r), [5, 4, 1, '2021-02-01T09:16:10.000Z', 'Ana', '2021-02-02T08:00:00.000Z', 'Bo & Co']);
  assert.deepEqual(r.messages.map((m) => m.text), ['Q1: which book?', 'A1 Middlemarch\nbecause it is long', 'image omitted', '<attached: 00000012-PHOTO-2021-02-02-08-00-00.jpg>']);
  assert.equal(r.messages[1].author.name, '+1 555 0100', 'the marks around a phone number are dropped');
  assert.equal(r.messages[1].time, '2021-02-01T21:17:45.000Z', '12-hour clock');
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'system-line').map((d) => d.line), [1, 2, 10]);
  assert.deepEqual(r.skipped.map((d) => d.code), ['deleted-message']);
  assert.ok(codes(r).includes('media-omitted') && codes(r).includes('date-order'));
});

test('whatsapp-txt: German, Spanish and Portuguese system and deleted lines, and "p. m." with no-break spaces (lines from real exports)', () => {
  const r = whatsappTxt.parse(fixture('whatsapp-locales.txt'), {});
  // Mixed date layouts in one fixture: the German dotted lines and the Spanish slashed ones are read by their own numbers.
  assert.deepEqual(r.messages.map((m) => [m.line, m.author.name, m.text]), [
    [5, 'Marko', 'Kann wer die Gruppe umbenennen'],
    [8, 'Leon', 'Ich habe das Dokument erstellt'],
    [11, 'Lucas', 'Hola, una consulta'],
    [12, 'Ana', 'Buenos días'],
    [15, 'Lucas', 'Que tal'],
  ]);
  // iOS's "~ " before a name that is not a contact is not part of the name; "<This message was edited>" is not part of the text.
  assert.equal(r.messages[4].author.handle, 'Lucas');
  assert.match(r.diagnostics.find((d) => d.code === 'edited')!.message, /^1 message\(s\) were edited/);
  assert.equal(r.messages[2].time, '2022-12-15T16:20:00.000Z', '"p.\u00a0m." is PM');
  assert.equal(r.messages[3].time, '2022-12-20T09:15:32.000Z', '"a.\u00a0m." is AM');
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'system-line').map((d) => d.line), [1, 2, 3, 4, 7, 9]);
  // Calls are not messages; "Name:" with nothing after it is an empty message, as "Name: " is.
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [['deleted-message', 6], ['deleted-message', 10], ['deleted-message', 13], ['deleted-message', 14], ['call', 16], ['call', 17], ['empty-message', 18]]);
  assert.equal(r.found, r.messages.length + r.skipped.length);
});

test('whatsapp-txt: Android US layout, narrow no-break space before PM, month-first', () => {
  const r = whatsappTxt.parse(fixture('whatsapp-android-us.txt'), {});
  assert.deepEqual(summary(r), [4, 4, 0, '2020-12-31T21:16:00.000Z', 'Ana', '2021-01-01T12:30:00.000Z', 'Ana']);
  assert.equal(r.messages[2].time, '2021-01-01T00:00:00.000Z', '12:00 AM is midnight');
  assert.equal(r.messages[2].text, 'midnight!\nand a second line');
  assert.equal(r.diagnostics.filter((d) => d.code === 'system-line').length, 2);
});

test('whatsapp-txt: no value over 12: the order under which the dates run forward, said in a warning', () => {
  const r = whatsappTxt.parse(fixture('whatsapp-ambiguous.txt'), {});
  assert.deepEqual(r.messages.map((m) => m.time.slice(0, 10)), ['2021-02-01', '2021-03-01', '2021-03-02', '2021-03-03']);
  assert.match(r.diagnostics.find((d) => d.code === 'date-order')!.message, /day-first/);
  const forward = whatsappTxt.parse(fromText('c.txt', '01/02/2021, 10:00 - A: x\n02/01/2021, 10:00 - A: y\n02/02/2021, 10:00 - A: z\n'), {});
  // Day-first would go back from 1 Feb to 2 Jan: month-first runs forward.
  assert.deepEqual(forward.messages.map((m) => m.time.slice(0, 10)), ['2021-01-02', '2021-02-01', '2021-02-02']);
  assert.match(forward.diagnostics.find((d) => d.code === 'date-order')!.message, /month-first, the order under which the dates run forward/);
  const both = whatsappTxt.parse(fromText('d.txt', '13/01/2021, 10:00 - A: x\n14/01/2021, 10:00 - A: y\n01/13/2021, 10:00 - A: z\n'), {});
  assert.deepEqual([both.found, both.messages.length, both.skipped[0].code], [3, 2, 'time-unreadable']);
});

// ------------------------------------------------------------------ irc-log

corpusTest('irc-log: dircproxy log, no year, identify-msg flags (Fedora 2008-2009)', ['irc-log/irclog2html-dircproxy-fedora-2009.log'], (_t, path) => {
  const r = claimedAndParsed(path, ircLog);
  assert.deepEqual(summary(r), [5426, 5235, 191, '2008-01-14T12:36:00.000Z', 'nombyte', '2009-02-23T12:29:00.000Z', 'plarsen']);
  assert.equal(authors(r), 41);
  assert.equal(r.messages.filter((m) => m.text.startsWith('* ')).length, 249);
  assert.equal(r.messages.filter((m) => m.author.handle === 'stickster').length, 1335);
  assert.ok(r.skipped.every((d) => d.code === 'empty-message'));
  assert.equal(r.messages[0].text, "hey doesn't anyone know a fedora app that can be used to make java gui's?");
  assert.equal(r.messages.find((m) => m.line === 29)!.text, '* jsmith-away wanders away...');
  assert.ok(r.messages.some((m) => m.time.startsWith('2008-02-29')));
  const counts = Object.fromEntries(r.diagnostics.filter((d) => d.code.startsWith('irc-')).map((d) => [d.code, Number(d.message.split(' ')[0])]));
  assert.deepEqual(counts, { 'irc-join': 4, 'irc-connection': 1960, 'irc-mode': 132, 'irc-topic': 21 });
  assert.match(r.diagnostics.find((d) => d.code === 'identify-flag')!.message, /from 3889 message\(s\) of 38 nick/);
  assert.match(r.diagnostics.find((d) => d.code === 'year-from-name')!.message, /begin in 2008/);
  // The pipeline's content ids (format, handle, time, text): 10 repeats share one with an earlier message and would merge.
  const ids = new Set(r.messages.map((m) => contentId('irc-log', m.author.handle, m.time, m.text)));
  assert.equal(r.messages.length - ids.size, 10);
});

corpusTest('irc-log: the dircproxy log in America/New_York: each time shifted by the zone\'s offset on its date (EST and EDT)', ['irc-log/irclog2html-dircproxy-fedora-2009.log'], (_t, path) => {
  const utc = ircLog.parse(read(path), {});
  const r = ircLog.parse(read(path), { timeZone: NY });
  assert.deepEqual(summary(r), [5426, 5235, 191, '2008-01-14T17:36:00.000Z', 'nombyte', '2009-02-23T17:29:00.000Z', 'plarsen']);
  const shifts = r.messages.map((m, i) => nyBehind(m.time, utc.messages[i].time));
  assert.ok(r.messages.every((m, i) => shifts[i] === nyOffsetAt(m.time)), 'each shift is the offset on that date');
  assert.deepEqual([...new Set(shifts)].sort(), [4, 5], 'the log spans winter and summer');
  assert.equal(note(r, 'time-zone-assumed'), "5235 time(s) carry no UTC offset (the logging client's clock); read in America/New_York");
});

test('irc-log: irssi with date lines, WeeChat, ZNC dated by its file name', () => {
  const irssi = ircLog.parse(fixture('irssi-2019-05-12.log'), {});
  assert.deepEqual(summary(irssi), [4, 4, 0, '2019-05-12T22:01:00.000Z', 'ana', '2019-05-13T00:10:00.000Z', 'cyd']);
  assert.deepEqual(irssi.messages.map((m) => m.text), ['Q1: best editor?', 'A1 vim', '* cy waves', '+1 to vim']);
  assert.deepEqual(codes(irssi).filter((c) => c.startsWith('irc-')), ['irc-join', 'irc-nick', 'irc-mode', 'irc-quit', 'irc-connection']);
  const weechat = ircLog.parse(fixture('weechat.log'), {});
  assert.deepEqual(summary(weechat), [3, 3, 0, '2019-05-12T22:01:02.000Z', 'ana', '2019-05-12T22:02:04.000Z', 'cy']);
  assert.equal(weechat.messages[1].author.handle, 'bo', 'the mode sign is not part of the nick');
  const znc = ircLog.parse(fixture('znc-20190512.log'), {});
  assert.deepEqual(summary(znc), [5, 5, 0, '2019-05-12T22:01:02.000Z', 'ana', '2019-05-13T00:00:01.000Z', 'ana']);
  assert.deepEqual(codes(znc).filter((c) => c.startsWith('irc-') || c.startsWith('date') || c.startsWith('midnight')), ['irc-join', 'irc-quit', 'date-from-name', 'midnight-passed']);
  const undated = ircLog.parse(fromText('chan.log', '12:00 <a> hi\n'), {});
  assert.equal(undatedError(undated), 'this log writes no date before these messages (no "--- Log opened" or "--- Day changed" line): give the chat\'s day with date: in the jam\'s notes or --date YYYY-MM-DD (the file name holds none either (YYYY-MM-DD)); 1 message(s) skipped');
  assert.deepEqual([undated.found, undated.skipped.map((d) => [d.code, d.line])], [1, [['date-unknown', 1]]]);
  // The jam's date dates it, in the jam's zone; it wins over the date in a ZNC file's name.
  const given = ircLog.parse(fromText('chan.log', '12:00 <a> hi\n'), { date: '2019-05-12', timeZone: 'Europe/Berlin' });
  assert.deepEqual([given.messages[0].time, codes(given).includes('date-from-options')], ['2019-05-12T10:00:00.000Z', true]);
  const znc2 = ircLog.parse(fixture('znc-20190512.log'), { date: '2019-06-01' });
  assert.equal(znc2.messages[0].time, '2019-06-01T22:01:02.000Z');
  assert.match(note(znc2, 'date-differs')!, /the file name says 2019-05-12 \("20190512"\) but the jam's date .* is 2019-06-01: 2019-06-01 is used/);
});

test('irc-log: a ZNC notice from a nick with dashes in it (qTox\'s "-qtox-git-spam-") is a notice line, not an unreadable one', () => {
  const r = ircLog.parse(fromText('chan_20160603.log', '[10:21:54] -qtox-git-spam- [qTox] a68366 opened pull request #3348\n[10:25:02] <Se7en> hello\n'), {});
  assert.deepEqual([r.found, r.messages.length], [1, 1]);
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'irc-notice' || d.code === 'not-a-message').map((d) => [d.code, d.line]), [['irc-notice', 1]]);
});

test('irc-log: a WeeChat line with an empty or white-space message is found and skipped as empty-message at its line', () => {
  const text = '2024-05-01 10:00:00\tana\tQ1?\n2024-05-01 10:00:01\tbo\t \n2024-05-01 10:00:02\tcy\t\n2024-05-01 10:00:03\tdi\t\t \r\n2024-05-01 10:00:04\tana\tA1\n';
  const r = ircLog.parse(fromText('weechat.log', text), {});
  assert.deepEqual([r.found, r.messages.length, r.skipped.length], [5, 2, 3]);
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line, d.position]), [['empty-message', 2, 2], ['empty-message', 3, 3], ['empty-message', 4, 4]]);
  assert.deepEqual(r.messages.map((m) => m.text), ['Q1?', 'A1']);
  assert.ok(!codes(r).includes('not-a-message'));
});

test('irc-log: messages before the first date line, and dircproxy without a year, are skipped (date-unknown) with one error; a date dates them', () => {
  const irssi = ircLog.parse(fromText('chan.log', '10:00 <a> early\n--- Day changed Wed Jan 15 2009\n10:01 <a> later\n'), {});
  assert.deepEqual([irssi.found, irssi.messages.map((m) => m.time), irssi.skipped.map((d) => [d.code, d.line])], [2, ['2009-01-15T10:01:00.000Z'], [['date-unknown', 1]]]);
  assert.match(irssi.diagnostics.find((d) => d.code === 'date-unknown' && d.severity === 'error')!.message, /; 1 message\(s\) skipped$/);
  const log = '[14 Jan 12:36] <a!i@h> +hi\n[14 Jan 12:37] <b!i@h> +ho\n';
  const noYear = ircLog.parse(fromText('chan.log', log), {});
  assert.equal(undatedError(noYear), "dircproxy writes no year: give the chat's day with date: in the jam's notes or --date YYYY-MM-DD (the log's first day; the file name holds no year either); 2 message(s) skipped");
  assert.ok(!JSON.stringify(noYear).includes('1972'));
  const named = ircLog.parse(fromText('chan-2009.log', log), {});
  assert.deepEqual([named.found, named.messages.map((m) => [m.time, m.text])], [2, [['2009-01-14T12:36:00.000Z', 'hi'], ['2009-01-14T12:37:00.000Z', 'ho']]]);
  const given = ircLog.parse(fromText('chan.log', log), { date: '2010-01-14' });
  assert.deepEqual(given.messages.map((m) => m.time), ['2010-01-14T12:36:00.000Z', '2010-01-14T12:37:00.000Z']);
});

// ------------------------------------------------------------------ hostile input

/** Parses with every importer, timed; returns the results. Never throws, accounting holds. */
function parseAll(f: ExportFile): ParseResult[] {
  return IMPORTERS.map((imp: Importer) => {
    const t0 = performance.now();
    assert.doesNotThrow(() => imp.detect(f, {}));
    const r = imp.parse(f, {});
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `${imp.name} took ${ms.toFixed(0)} ms on ${f.name}`);
    assert.equal(r.found, r.messages.length + r.skipped.length, `${imp.name} accounting on ${f.name}`);
    assert.ok(!r.diagnostics.some((d) => d.code === 'import-failed'), `${imp.name} failed on ${f.name}`);
    return r;
  });
}

test('hostile fixtures: a 100,000-character line of "!", 50,000 "[", an empty file', () => {
  for (const name of ['hostile-bang-line.txt', 'hostile-bracket-line.txt', 'empty.txt']) {
    const f = fixture(name);
    assert.deepEqual(onlyClaimedBy(f), [], `${name} is claimed`);
    for (const r of parseAll(f)) assert.equal(r.found, 0);
  }
  const [zoom] = parseAll(fixture('hostile-bang-line.txt'));
  assert.match(zoom.diagnostics[0].message, /1 line\(s\) before the first message header \(first at line 1\)/);
});

test('hostile lines behind each layout\'s header: linear time, no throw, accounting', () => {
  const n = 100_000;
  const bodies = ['!'.repeat(n), '['.repeat(n / 2), ' '.repeat(n) + 'x', ': '.repeat(n / 2), '\r'.repeat(n), '\u200e'.repeat(n), ' to '.repeat(n / 4), '<'.repeat(n), '(Direct Message)'.repeat(n / 16)];
  const heads = ['12:00:00 From ', '12:00:00\t From A : ', '12:00:00 From A to Everyone:\r\r\n\t', '1/1/20, 1:00 PM - ', '[1/1/20, 1:00:00] A: \u200e', '12:00 <', '12:00 <a> ', '[14 Jan 12:36] <', '2020-01-01 00:00:00\t *\t', '--- Day changed '];
  for (const head of heads) for (const body of bodies) parseAll(fromText('h.txt', `${head}${body}\n${head}${body}`));
});

test('splitLines: LF, CRLF, CR CR LF and lone CR each end one line; a final ending adds none', () => {
  assert.deepEqual(splitLines('\uFEFFa\nb\r\nc\r\r\nd\re\n'), [
    { text: 'a', line: 1 },
    { text: 'b', line: 2 },
    { text: 'c', line: 3 },
    { text: 'd', line: 4 },
    { text: 'e', line: 5 },
  ]);
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('\r\r'), [{ text: '', line: 1 }, { text: '', line: 2 }]);
  assert.equal(readFileSync(join(FIX, 'empty.txt')).length, 0);
});
