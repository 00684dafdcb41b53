/**
 * Telegram Desktop importers: telegram-json (result.json) and telegram-html
 * (messages.html, messages2.html, …). Not registered yet (the lead does
 * that), so these tests call each importer's detect/parse directly.
 *
 * Corpus counts were checked independently of the code:
 * - JSON (Python json + jq): python2022i has 658 entries, 656 `message` + 2
 *   `service` (id 1 create_channel, line 6; id 461 pin_message, line 8241);
 *   one sender (`channel1658432930`); first message id 2, date_unixtime
 *   1664521747 = 2022-09-30T07:09:07Z (its `date` 12:09:07 is UTC+5 local),
 *   last id 676, 1669614730 = 2022-11-28T05:52:10Z; 656 carry `edited`,
 *   3 `forwarded_from`; 580 photos, all "(File not included…)", 540 of them
 *   without text; 60 `link` entities (all http), no replies.
 *   innerdvations has 21 entries, 20 `message` + 1 `service` (id 4, line
 *   259); senders Ben (9999999999) x16, test (10036995664) x4; one reply
 *   (7 -> 6); no date_unixtime: dates 2020-08-01T22:01:49 (id 173429) ->
 *   2021-03-22T17:18:09 (id 8); media: a photo and a sticker (.webp), two
 *   animations (.mp4), a voice message, a video file "(File exceeds maximum
 *   size…)"; 6 forwarded; 4 link entities (3 `link`, 1 `text_link`).
 * - HTML (Python html.parser walk, grep): lassepe has 3 `message default`
 *   (2 `joined`), 1 service, 1 date separator (id message-1). Quoxent
 *   messages.html / messages2.html: 0 default, 1,000 service each (plus 32
 *   and 1 date separators); messages10.html: 997 default (321 joined), 3
 *   service, 56 date separators, 72 authors once joined messages take the
 *   author before them (Jason BitBender 236, Nikita 224, "Deleted Account"
 *   84: 51 `from_name` + 33 joined), 191 `reply_to` (190 GoToMessage + one
 *   `messages7.html#go_to_message88030` on another page; the 2 other
 *   GoToMessage links are in pin service entries), 57 media boxes: 41
 *   Sticker + 10 Animation "Not included", 4 photos with a file, 2
 *   Locations; first 102451 20.07.2019 17:25:23 Jason BitBender, last 105524
 *   13.09.2019 21:22:51 Mr. Baek; pagination links messages9/11.html.
 *   sapienza: 450 default (1 joined: 2342, after c20df225…'s message), 552
 *   service of which 2 are date separators (message-3, message-4, their
 *   text replaced by the anonymiser), 173 authors, 97 replies; first 2270
 *   29.01.2021 00:31:18, last 3106 01:49:07. SOURCES.md says "449 messages
 *   (1 joined)": 449 is the non-joined ones; the page has 450.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { Importer, ParseOptions, ParseResult } from '../src/import/importer.ts';
import { telegramJson } from '../src/import/formats/telegram-json.ts';
import { previousPageOf, telegramHtml } from '../src/import/formats/telegram-html.ts';
import { importExports } from '../src/import/pipeline.ts';
import { htmlDateWall, jsonDateWall, wallToIso } from '../src/import/formats/telegram-common.ts';
import { handleProblem } from '../src/model/entities.ts';
import { CORPUS, ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';

const JSON_DIR = 'telegram-json';
const PYTHON = `${JSON_DIR}/python2022i-channel-2022-result.json`;
const SAVED = `${JSON_DIR}/innerdvations-saved-messages-2020.json`;
const HTML_DIR = 'telegram-html';
const LASSEPE = `${HTML_DIR}/lassepe-test-messages.html`;
const SAPIENZA = `${HTML_DIR}/sapienza-xrp-pump-group-messages3.html`;
const QUOXENT = `${HTML_DIR}/quoxent-kryptonium-group-2018-2020`;
const PAGE1 = `${QUOXENT}/messages.html`;
const PAGE2 = `${QUOXENT}/messages2.html`;
const PAGE10 = `${QUOXENT}/messages10.html`;
const FIX = join(ROOT, 'test/fixtures/telegram');
const IMPORTERS = [telegramJson, telegramHtml];

const read = (path: string) => ExportFile.read(path);
const fixture = (name: string) => read(join(FIX, name));
const fromText = (name: string, text: string) => new ExportFile(name, Buffer.from(text));

/** Parse with one importer, checking what every result must keep: found = kept + skipped, plausible handles, numeric string ids. */
function parse(importer: Importer, file: ExportFile, options: ParseOptions = {}): ParseResult {
  const r = importer.parse(file, options);
  assert.equal(r.found, r.messages.length + r.skipped.length, `${file.name}: found = kept + skipped`);
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, `${file.name}: handle ${m.author.handle}`);
    if (m.id !== null) assert.match(m.id, /^\d{1,20}$/);
    if (m.replyTo !== null) assert.match(m.replyTo, /^\d{1,20}$/);
  }
  return r;
}

/** found, kept, skipped, then the first and last message's id, time and author name. */
const summary = (r: ParseResult) => {
  const [a, z] = [r.messages[0], r.messages.at(-1)];
  return [r.found, r.messages.length, r.skipped.length, a?.id, a?.time, a?.author.name, z?.id, z?.time, z?.author.name];
};
const count = (r: ParseResult, code: string) => [...r.skipped, ...r.diagnostics].filter((d) => d.code === code).length;
const note = (r: ParseResult, code: string) => [...r.skipped, ...r.diagnostics].find((d) => d.code === code)?.message;
const claimedBy = (f: ExportFile) => IMPORTERS.filter((i) => i.detect(f, {})).map((i) => i.name);
const byId = (r: ParseResult, id: string) => r.messages.find((m) => m.id === id)!;

// ------------------------------------------------------------------ JSON

corpusTest('telegram-json: a channel in the new layout (python2022i): exact times, service entries skipped, media not included', [PYTHON], (_t, path) => {
  const f = read(path);
  assert.deepEqual(claimedBy(f), ['telegram-json']);
  const r = parse(telegramJson, f);
  assert.deepEqual(summary(r), [658, 656, 2, '2', '2022-09-30T07:09:07.000Z', 'Python 2022I', '676', '2022-11-28T05:52:10.000Z', 'Python 2022I']);
  assert.equal(r.title, 'Python 2022I');
  assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.line]), [
    ['system-message', '1', 6],
    ['system-message', '461', 8241],
  ]);
  assert.match(r.skipped[0].message, /"create_channel" service entry by "Python 2022I"/);
  assert.deepEqual(new Set(r.messages.map((m) => m.author.handle)), new Set(['Python 2022I']));
  // date_unixtime is exact: no zone is assumed, whatever the options say.
  assert.equal(count(r, 'time-zone-assumed'), 0);
  assert.equal(parse(telegramJson, read(path), { timeZone: 'America/New_York' }).messages[0].time, '2022-09-30T07:09:07.000Z');
  assert.equal(count(r, 'edited'), 656);
  assert.equal(note(r, 'edited'), 'message 2: edited 3 s after it was posted');
  assert.match(note(r, 'media-not-included')!, /580 photo/);
  assert.equal(r.messages.filter((m) => m.text === '[photo not included in the export]').length, 540);
  assert.equal(r.messages.reduce((n, m) => n + m.links.length, 0), 60);
  assert.ok(r.messages.every((m) => m.replyTo === null && (m.attachments ?? []).length === 0));
  assert.match(note(r, 'forwarded')!, /^3 message/);
  assert.ok(r.messages[0].text.endsWith('Hammaga omad! - @codeschooluz'));
  assert.equal(r.messages[0].line, 18);
});

corpusTest('telegram-json: saved messages in the old layout (innerdvations): integer ids, entity arrays, a reply, local dates', [SAVED], (_t, path) => {
  const f = read(path);
  assert.deepEqual(claimedBy(f), ['telegram-json']);
  const r = parse(telegramJson, f);
  assert.deepEqual(summary(r), [21, 20, 1, '173429', '2020-08-01T22:01:49.000Z', 'Ben', '8', '2021-03-22T17:18:09.000Z', 'test']);
  assert.equal(r.title, 'Saved Messages');
  assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.line]), [['system-message', '4', 259]]);
  assert.deepEqual(new Set(r.messages.map((m) => m.author.handle)), new Set(['Ben', 'test']));
  assert.equal(byId(r, '7').replyTo, '6');
  assert.equal(byId(r, '7').text, 'reply to quiz');
  assert.equal(r.messages.filter((m) => m.replyTo).length, 1);
  // Entities: the text as shown, a text_link's href among the links.
  const rich = byId(r, '173430');
  assert.equal(rich.text, 'bold italic strikethrough underline @person http://google.com monospace http://mystery.knightlab.com/');
  assert.deepEqual(rich.links, ['http://google.com/', 'http://mystery.knightlab.com/']);
  assert.equal(r.messages.reduce((n, m) => n + m.links.length, 0), 4);
  // Media: photo and sticker pictures, animations videos, by their path in the export.
  const media = r.messages.flatMap((m) => (m.attachments ?? []).map((a) => [m.id, a.kind, a.file]));
  assert.deepEqual(media, [
    ['173429', 'image', 'photos/photo_1@01-08-2020_22-01-49.jpg'],
    ['207958', 'video', 'video_files/video_1@21-09-2020_01-02-38.mp4'],
    ['226106', 'video', 'video_files/mp4.mp4'],
    ['278329', 'image', 'stickers/sticker.webp'],
  ]);
  assert.equal(byId(r, '217584').text, '[voice message]');
  assert.equal(byId(r, '318170').text, '[video file not included in the export]');
  assert.equal(byId(r, '5').text, '[poll: Poll question (option 1 / option 2)]');
  assert.equal(byId(r, '278329').text, 'DoNotChange');
  // No offset and no zone: read as UTC, and said so; with the jam's zone, read in it.
  assert.match(note(r, 'time-zone-assumed')!, /^20 time\(s\) carry no UTC offset .* read as UTC/);
  const berlin = parse(telegramJson, read(path), { timeZone: 'Europe/Berlin' });
  assert.equal(berlin.messages[0].time, '2020-08-01T20:01:49.000Z');
  assert.equal(berlin.messages.at(-1)!.time, '2021-03-22T16:18:09.000Z');
  assert.match(note(berlin, 'time-zone-assumed')!, /read in Europe\/Berlin/);
  const mars = parse(telegramJson, read(path), { timeZone: 'Mars/Olympus' });
  assert.equal(mars.messages[0].time, '2020-08-01T22:01:49.000Z');
  assert.equal(mars.diagnostics.find((d) => d.code === 'time-zone-assumed')!.severity, 'warning');
});

test('telegram-json: a file cut short keeps its complete messages; senders by id, deleted accounts', () => {
  const f = fixture('truncated.json');
  assert.deepEqual(claimedBy(f), ['telegram-json']);
  const r = parse(telegramJson, f);
  assert.deepEqual(summary(r), [6, 4, 2, '11', '2024-03-01T18:00:00.000Z', 'Host Person', '14', '2024-03-01T18:03:00.000Z', 'Deleted Account']);
  assert.equal(r.title, 'Fixture AMA');
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [
    ['system-message', 6],
    ['json-invalid', 86],
  ]);
  assert.match(r.skipped[1].message, /cut short/);
  assert.ok(r.diagnostics.some((d) => d.code === 'json-invalid' && d.severity === 'error'));
  assert.deepEqual(byId(r, '11').links, ['https://example.org/notes']);
  assert.equal(byId(r, '11').text, 'Q1: what do you build? Notes: here');
  const a1 = byId(r, '12');
  assert.deepEqual([a1.replyTo, a1.text, a1.attachments], ['11', 'A1: robots "with {braces} in text"', [{ kind: 'image', url: null, alt: null, file: 'photos/photo_1@01-03-2024_18-01-30.jpg' }]]);
  // Two senders named Alex are two people: each gets a handle from the name and the sender id.
  const alexes = [byId(r, '12'), byId(r, '13')].map((m) => m.author.handle);
  assert.notEqual(alexes[0], alexes[1]);
  assert.ok(alexes.every((h) => /^Alex~[0-9a-f]{6}$/.test(h)));
  assert.match(byId(r, '14').author.handle, /^Deleted Account(~[0-9a-f]{6})?$/);
  assert.equal(byId(r, '11').author.handle, 'Host Person');
  assert.match(note(r, 'handle-from-name')!, /2 share their name/);
  assert.equal(note(r, 'edited'), 'message 12: edited 30 s after it was posted');
});

test('telegram-json: hostile input never throws', () => {
  const cases: [string, string, number][] = [
    ['empty.json', '', 0],
    ['not-json.json', '{"type": "personal_chat", "messages": [ {"id": 1, "type": "message", "date": "2020-01-01T00:00:00", "from": "A", "text": "x"}, {"id": ', 2],
    ['whole-account.json', '{"about": "x", "chats": {"list": []}}', 0],
    ['odd-entries.json', JSON.stringify({ type: 'personal_chat', messages: [null, 3, [], { id: 'x', type: 'message' }, { id: 2, type: 'poll' }, { id: 3, type: 'message', from: 'A', date: 'soon' }, { id: 4, type: 'message', date: '2020-01-01T00:00:00' }, { id: 5, type: 'message', from: 'A\u202e/<b>', date: '2020-02-30T00:00:00' }, { id: 6, type: 'message', from: 'A\u202e/<b>', from_id: 'user6', date: '2020-02-03T00:00:00', text: [{ type: 'text_link', text: 'x', href: 'javascript:alert(1)' }, 7, null, { text: 5 }], photo: '/etc/passwd', reply_to_message_id: 1e300 }] }), 9],
    ['deep.json', `{"type": "personal_chat", "messages": [${'['.repeat(100000)}${']'.repeat(100000)}]}`, 1],
  ];
  for (const [name, text, found] of cases) {
    const r = parse(telegramJson, fromText(name, text));
    assert.equal(r.found, found, name);
  }
  const odd = parse(telegramJson, fromText('odd.json', cases[3][1]));
  assert.deepEqual(odd.skipped.map((d) => d.code), ['not-a-message', 'not-a-message', 'not-a-message', 'id-missing', 'not-a-message', 'time-unreadable', 'author-missing', 'time-unreadable']);
  const m = odd.messages[0];
  assert.deepEqual([m.id, m.text, m.links, m.attachments, m.replyTo], ['6', 'x', [], [], null]);
  assert.match(m.author.handle, /^A ~[0-9a-f]{6}$|^A~[0-9a-f]{6}$|^A b~[0-9a-f]{6}$/);
  assert.equal(count(odd, 'attachment-path-refused'), 1);
  assert.match(note(parse(telegramJson, fromText('w.json', cases[2][1])), 'chat-choice')!, /whole-account Telegram export with no chat that has messages/);
});

test('telegram-json: a whole-account export (chats.list): the one chat with messages, or the chat --channel names, else a list to choose from', () => {
  const chat = (name: string, id: number, texts: string[]) => ({ name, type: 'personal_chat', id, messages: texts.map((text, i) => ({ id: id * 10 + i, type: 'message', date: `2023-01-0${i + 1}T10:00:00`, from: name, from_id: `user${id}`, text })) });
  const account = (...chats: object[]) => fromText('result.json', JSON.stringify({ about: 'x', personal_information: { user_id: 1 }, chats: { about: 'y', list: chats } }, null, 1));
  const two = account(chat('Chat One', 7, ['a', 'b']), chat('Chat Two', 8, ['c', 'd', 'e']), chat('Empty', 9, []));
  const refused = parse(telegramJson, two);
  assert.equal(refused.found, 0);
  assert.equal(note(refused, 'chat-choice'), 'a whole-account Telegram export of 2 chats: pick one by its id with --channel ID (or channel: ID in the jam\'s notes): "Chat One" (id "7", 2 messages), "Chat Two" (id "8", 3 messages)');
  const byName = parse(telegramJson, two, { channel: 'chat two' });
  assert.deepEqual([byName.found, byName.messages.map((m) => m.text), byName.title], [3, ['c', 'd', 'e'], 'Chat Two']);
  assert.deepEqual(parse(telegramJson, two, { channel: '7' }).messages.map((m) => m.id), ['70', '71']);
  assert.match(note(parse(telegramJson, two, { channel: 'nope' }), 'chat-choice')!, /^no chat of this whole-account export is named "nope"; its chats: "Chat One"/);
  const one = parse(telegramJson, account(chat('Only', 5, ['x']), chat('Empty', 6, [])));
  assert.deepEqual([one.found, one.messages[0].author.name], [1, 'Only']);
  assert.match(note(one, 'chat-chosen')!, /the chat "Only" is read \(its only chat with messages\)/);
  assert.deepEqual(claimedBy(two), ['telegram-json']);
});

// ------------------------------------------------------------------ HTML

corpusTest('telegram-html: a tiny genuine page (lassepe): joined continuations take the author before them', [LASSEPE], (_t, path) => {
  const f = read(path);
  assert.deepEqual(claimedBy(f), ['telegram-html']);
  const r = parse(telegramHtml, f);
  assert.deepEqual(summary(r), [4, 3, 1, '245235', '2020-06-04T14:16:12.000Z', 'Lasse Peters', '245237', '2020-06-04T14:16:47.000Z', 'Lasse Peters']);
  assert.equal(r.title, 'Test');
  assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.line]), [['system-message', '245234', 46]]);
  assert.match(r.skipped[0].message, /created group «Test»/);
  assert.deepEqual(r.messages.map((m) => [m.id, m.author.handle, m.text]), [
    ['245235', 'Lasse Peters', 'First message in this chat.'],
    ['245236', 'Lasse Peters', 'Another Message in this chat.'],
    ['245237', 'Lasse Peters', 'Last message! 🎉'],
  ]);
  assert.match(note(r, 'time-zone-assumed')!, /^3 time\(s\) .* read as UTC/);
  assert.equal(parse(telegramHtml, read(path), { timeZone: 'Europe/Berlin' }).messages[0].time, '2020-06-04T12:16:12.000Z');
});

corpusTest('telegram-html: page 10 of a multi-page export (quoxent): replies, joined messages, media, page links', [PAGE10], (_t, path) => {
  const f = read(path);
  assert.deepEqual(claimedBy(f), ['telegram-html']);
  const r = parse(telegramHtml, f);
  assert.deepEqual(summary(r), [1000, 997, 3, '102451', '2019-07-20T17:25:23.000Z', 'Jason BitBender', '105524', '2019-09-13T21:22:51.000Z', 'Mr. Baek']);
  assert.equal(r.title, 'Quoxent');
  assert.ok(r.skipped.every((d) => d.code === 'system-message'));
  assert.equal(r.skipped[0].messageId, '102459');
  const authors = new Map<string, number>();
  for (const m of r.messages) authors.set(m.author.name!, (authors.get(m.author.name!) ?? 0) + 1);
  assert.equal(authors.size, 72);
  assert.deepEqual([authors.get('Jason BitBender'), authors.get('Nikita'), authors.get('Deleted Account')], [236, 224, 84]);
  // A joined continuation takes the author of the message before it.
  assert.equal(byId(r, '102457').author.handle, 'Jason BitBender');
  assert.equal(byId(r, '102457').text, 'How are you doing today?');
  // Replies: GoToMessage(n) on this page, and a link to a message on another page.
  assert.equal(r.messages.filter((m) => m.replyTo).length, 191);
  assert.equal(byId(r, '102472').replyTo, '102471');
  assert.ok(r.messages.some((m) => m.replyTo === '88030'));
  // Media: 4 photos kept by their path, 51 not included, 2 locations as links.
  const photos = r.messages.flatMap((m) => m.attachments ?? []);
  assert.equal(photos.length, 4);
  assert.deepEqual(photos[0], { kind: 'image', url: null, alt: null, file: 'photos/photo_38@01-08-2019_08-49-57.jpg' });
  assert.match(note(r, 'media-not-included')!, /10 animation, 41 sticker/);
  assert.equal(r.messages.filter((m) => m.links.some((l) => l.startsWith('https://maps.google.com/'))).length, 2);
  assert.match(note(r, 'deleted-accounts')!, /^84 message/);
  // The page names the pages before and after it.
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'page-link').map((d) => [d.message.match(/the (\w+) page (\S+):/)!.slice(1), d.line]), [
    [['previous', 'messages9.html'], 38],
    [['next', 'messages11.html'], 29346],
  ]);
});

corpusTest('telegram-html: pages of nothing but service entries (quoxent pages 1 and 2)', [PAGE1, PAGE2], (_t, p1, p2) => {
  const r1 = parse(telegramHtml, read(p1));
  const r2 = parse(telegramHtml, read(p2));
  assert.deepEqual([r1.found, r1.messages.length, r1.skipped.length], [1000, 0, 1000]);
  assert.deepEqual([r2.found, r2.messages.length, r2.skipped.length], [1000, 0, 1000]);
  assert.ok([...r1.skipped, ...r2.skipped].every((d) => d.code === 'system-message' && d.severity === 'info'));
  assert.match(r1.skipped[0].message, /converted a basic group to this supergroup/);
  const links = (r: ParseResult) => r.diagnostics.filter((d) => d.code === 'page-link').map((d) => d.message.match(/the (\w+) page (\S+):/)!.slice(1).join(' '));
  assert.deepEqual(links(r1), ['next messages2.html']);
  assert.deepEqual(links(r2), ['previous messages.html', 'next messages3.html']);
});

corpusTest('telegram-html: an anonymised, re-serialised page (sapienza)', [SAPIENZA], (_t, path) => {
  const f = read(path);
  assert.deepEqual(claimedBy(f), ['telegram-html']);
  const r = parse(telegramHtml, f);
  const first = 'c20df2251f920518f1f80e2bd8b937d8b32bfd1558f67b94331f5be91b4817d9';
  assert.deepEqual(summary(r), [1000, 450, 550, '2270', '2021-01-29T00:31:18.000Z', first, '3106', '2021-01-29T01:49:07.000Z', 'a9b36acef755679bd84d396aeb4bdcbe1830af5ca2283914d136403b185775a0']);
  assert.equal(r.title, '🚨OFFICIAL BUY & HOLD XRP');
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 173);
  assert.equal(r.messages.filter((m) => m.replyTo).length, 97);
  assert.equal(byId(r, '2295').replyTo, '2285');
  assert.equal(byId(r, '2342').author.handle, first);
  // The two date separators (negative ids, text overwritten by the anonymiser) are not message elements.
  assert.ok(!r.skipped.some((d) => d.messageId === '3' || d.messageId === '4'));
});

test('telegram-html: offsets, unreadable dates, a continuation of another page, forwards, replies elsewhere, media', () => {
  const f = fixture('bad-date.html');
  assert.deepEqual(claimedBy(f), ['telegram-html']);
  const r = parse(telegramHtml, f);
  assert.deepEqual(summary(r), [9, 5, 4, '101', '2024-03-01T17:00:00.000Z', 'Host Person', '107', '2024-03-01T17:06:00.000Z', 'Kim']);
  assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.line]), [
    ['author-unknown', '100', 26],
    ['system-message', '99', 36],
    ['time-unreadable', '102', 61],
    ['time-unreadable', '103', 71],
  ]);
  assert.match(r.skipped[2].message, /"31\.02\.2024 18:01:00"/);
  assert.match(r.skipped[3].message, /"yesterday"/);
  const host = byId(r, '101');
  assert.deepEqual([host.author.handle, host.text], ['Host Person', 'Q1: what do you build? Notes here, ask @hostperson']);
  assert.deepEqual(host.links, ['https://example.org/notes']);
  const sam = byId(r, '104');
  assert.equal(sam.author.name, 'Sam & Co / Lab');
  assert.match(sam.author.handle, /^Sam Co Lab~[0-9a-f]{6}$/);
  assert.deepEqual([sam.replyTo, sam.text], ['50', 'A1: robots\nand more robots']);
  const photo = byId(r, '105');
  assert.deepEqual([photo.author.handle, photo.text, photo.attachments], [sam.author.handle, '', [{ kind: 'image', url: null, alt: null, file: 'photos/photo_1@01-03-2024_18-04-00.jpg' }]]);
  // A forward is its forwarder's; the original author is noted, not taken.
  const kim = byId(r, '106');
  assert.deepEqual([kim.author.handle, kim.text, kim.time, kim.replyTo], ['Kim', 'Forwarded words.', '2024-03-01T17:05:00.000Z', null]);
  assert.match(note(r, 'forwarded')!, /"Original Author/);
  assert.match(note(r, 'reply-elsewhere')!, /another chat/);
  assert.deepEqual([byId(r, '107').author.handle, byId(r, '107').text], ['Kim', '[voice message not included in the export]']);
  assert.equal(count(r, 'time-zone-assumed'), 0);
  assert.equal(count(r, 'page-link'), 2);
});

test('telegram-html: a page that begins with "joined" messages takes their author from the page before it, read beside it', () => {
  const dir = join(ROOT, 'test/fixtures/telegram-pages');
  const page2 = parse(telegramHtml, read(join(dir, 'messages2.html')));
  assert.deepEqual(page2.messages.map((m) => [m.id, m.author.handle, m.text]), [
    ['4', 'Bob', 'A1: and a second robot'],
    ['5', 'Bob', 'that is all from me'],
    ['6', 'Cy', 'A1: a garden'],
  ]);
  assert.deepEqual([page2.found, page2.skipped.length], [3, 0]);
  const notes = page2.diagnostics.filter((d) => d.code === 'author-from-previous-page');
  assert.deepEqual(notes.map((d) => [d.messageId, d.line]), [['4', 22], ['5', 32]]);
  assert.match(notes[0].message, /last message on messages\.html; its author "Bob" is read from there/);
  // The last message on page 1 is Bob's forward of "Someone Else": the forwarder is the author.
  const page1 = parse(telegramHtml, read(join(dir, 'messages.html')));
  assert.deepEqual(page1.messages.map((m) => [m.id, m.author.handle]), [['1', 'Ann Host'], ['2', 'Bob'], ['3', 'Bob']]);
  // Both pages together: every message once, in order.
  const both = importExports([read(join(dir, 'messages.html')), read(join(dir, 'messages2.html'))]);
  assert.deepEqual(both.messages.map((m) => `${m.id} ${m.author.handle}`), ['1 Ann Host', '2 Bob', '3 Bob', '4 Bob', '5 Bob', '6 Cy']);
  // Without the page before it, the continuations are skipped with a warning, as before.
  const alone = mkdtempSync(join(tmpdir(), 'jamrecap-tg-'));
  try {
    copyFileSync(join(dir, 'messages2.html'), join(alone, 'messages2.html'));
    const r = parse(telegramHtml, read(join(alone, 'messages2.html')));
    assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId, d.severity]), [['author-unknown', '4', 'warning'], ['author-unknown', '5', 'warning']]);
    assert.deepEqual(r.messages.map((m) => m.id), ['6']);
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
  assert.deepEqual(['messages.html', 'messages2.html', 'messages3.html', 'messages10.html', 'result.html'].map(previousPageOf), [null, 'messages.html', 'messages2.html', 'messages9.html', null]);
  // A page cut short or re-saved without its page_body/history wrappers is still told by its messages' dates.
  const bare = readFileSync(join(dir, 'messages.html'), 'utf8').replace('<div class="page_body chat_page">', '<div>').replace('<div class="history">', '<div>');
  assert.deepEqual(claimedBy(fromText('messages.html', bare)), ['telegram-html']);
  assert.deepEqual(claimedBy(fromText('other.html', '<html><body><div class="message default">a message</div></body></html>')), []);
});

test('telegram-html: markup nested thousands deep is flattened, the messages around it kept', () => {
  const f = fixture('deep-nesting.html');
  const r = parse(telegramHtml, f);
  assert.deepEqual(summary(r), [4, 4, 0, '1', '2024-03-01T18:00:00.000Z', 'Host Person', '4', '2024-03-01T18:03:00.000Z', 'Kim']);
  assert.equal(byId(r, '2').text, 'deep');
  assert.equal(byId(r, '3').author.handle, 'Alex');
  assert.ok(count(r, 'nesting-flattened') === 1 && f.flattenedTags > 0);
});

test('telegram-html: hostile pages never throw', () => {
  const page = (body: string) => `<!DOCTYPE html><html><body><div class="page_body chat_page"><div class="history">${body}</div></div></body></html>`;
  const cases: [string, string, number][] = [
    ['empty.html', page(''), 0],
    ['no-time.html', page('<div class="message default clearfix" id="message1"><div class="from_name">A</div><div class="text">x</div></div>'), 1],
    ['no-id.html', page('<div class="message default clearfix"><div class="pull_right date details" title="01.03.2024 18:00:00"></div><div class="from_name">A</div><div class="text">x</div></div>'), 1],
    ['unclosed-style.html', page(`${'<div class="message default clearfix" id="message1"><div class="pull_right date details" title="01.03.2024 18:00:00"></div><div class="from_name">A</div><div class="text">x<style></div></div>'}<div class="message default clearfix" id="message2"><div class="from_name">B</div></div>`), 2],
    ['long-title.html', page(`<div class="message default clearfix" id="message1"><div class="pull_right date details" title="${'1'.repeat(100000)}"></div><div class="from_name">A</div></div>`), 1],
  ];
  for (const [name, text, found] of cases) {
    const r = parse(telegramHtml, fromText(name, text));
    assert.equal(r.found, found, name);
  }
  const noId = parse(telegramHtml, fromText('no-id.html', cases[2][1]));
  assert.equal(noId.messages[0].id, null);
  const hidden = parse(telegramHtml, fromText('unclosed-style.html', cases[3][1]));
  assert.deepEqual(hidden.skipped.map((d) => d.code), ['hidden-by-markup']);
});

// ------------------------------------------------------------------ shared

test('telegram times: wall clocks in a zone, offsets, impossible dates', () => {
  const wall = htmlDateWall('20.07.2019 17:25:23 UTC+03:00')!;
  assert.equal(wallToIso(wall, 'utc'), '2019-07-20T14:25:23.000Z');
  assert.equal(wallToIso(htmlDateWall('20.07.2019 17:25:23')!, 'America/New_York'), '2019-07-20T21:25:23.000Z');
  assert.equal(wallToIso(htmlDateWall('05.01.2019 17:25:23')!, 'America/New_York'), '2019-01-05T22:25:23.000Z');
  // Around a DST change (New York, 2021-03-14 02:00 -> 03:00; 2021-11-07 02:00 -> 01:00).
  assert.equal(wallToIso(jsonDateWall('2021-03-14T03:30:00')!, 'America/New_York'), '2021-03-14T07:30:00.000Z');
  assert.equal(wallToIso(jsonDateWall('2021-03-14T01:30:00')!, 'America/New_York'), '2021-03-14T06:30:00.000Z');
  assert.equal(wallToIso(jsonDateWall('2021-11-07T03:00:00')!, 'America/New_York'), '2021-11-07T08:00:00.000Z');
  assert.equal(wallToIso(jsonDateWall('2024-03-01T18:00:00+05:30')!, 'Europe/Berlin'), '2024-03-01T12:30:00.000Z');
  assert.equal(wallToIso(htmlDateWall('29.02.2023 10:00:00')!, 'utc'), null);
  assert.equal(wallToIso(htmlDateWall('01.01.1970 10:00:00')!, 'utc'), null);
  assert.equal(htmlDateWall('20.07.2019 17:25'), null);
  assert.equal(jsonDateWall('2019-07-20 17:25:23'), null);
});

corpusTest('telegram importers claim the Telegram corpus files and no other', ['telegram-json', 'telegram-html'], () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(CORPUS);
  const claims = files.flatMap((p) => claimedBy(read(p)).map((name) => [p.slice(CORPUS.length + 1), name]));
  assert.deepEqual(claims.sort(), [
    [PAGE1, 'telegram-html'],
    [PAGE10, 'telegram-html'],
    [PAGE2, 'telegram-html'],
    [LASSEPE, 'telegram-html'],
    [SAPIENZA, 'telegram-html'],
    [SAVED, 'telegram-json'],
    [PYTHON, 'telegram-json'],
  ].sort());
  assert.ok(corpusPath(PYTHON).startsWith(CORPUS));
});
