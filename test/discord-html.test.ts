/**
 * The discord-html importer (DiscordChatExporter's HTML export): corpus
 * counts pinned, the komodo AMA compared with its CSV and TXT exports, and
 * hostile fixtures (10,000 nested divs, messages without a time or author).
 *
 * Counts were checked independently of the code, with python's html.parser
 * (a walk that counts `div.chatlog__message` outside any
 * `chatlog__message-container`, and `div.chatlog__message-container`, the
 * author `title` of the element or its group, `chatlog__system-notification-*`,
 * `scrollToMessage(event, '<id>')` inside `chatlog__reference`/`chatlog__reply`,
 * `chatlog__attachment`, `chatlog__edited-timestamp`, `chatlog__reaction-count`):
 * - komodo 1.html: 100 messages in 85 groups, 44 authors, no system notices, no
 *   replies (one message links to another with scrollToMessage in its text:
 *   not a reply), 11 edited, 46 with reactions summing to 309; first
 *   593507507532464148 alperC#7758 "26-Jun-19 06:26 PM", last
 *   595661956313120768 Zagor#9032 "02-Jul-19 05:07 PM". 2.html: 100, 27
 *   authors, 1 edited, 21 reacted (213); 3.html: 6, 6 authors, 2 reacted (48).
 * - firebird: 238 messages (postamble "Exported 238 message(s)"), 187 groups,
 *   43 authors, 53 replies (first: 830444770349678622 -> 830444328627077120),
 *   1 attachment, 11 edited, 45 reacted (236), 2 messages without content.
 * - meshcore: 82 containers ("Exported 82 message(s)"), 1 system notice
 *   (1450607107261857963, a channel rename), 81 messages, 7 authors, 28
 *   replies, 3 attachments, 6 edited, 9 reacted (10); times in `title`, long
 *   form, postamble "Timezone: UTC-5".
 * The message ids are Discord snowflakes: their time part agrees (meshcore's
 * first id is 2025-12-16T21:53:25Z, "4:53 p.m." at UTC-5; firebird's first is
 * 14:01:57Z, "09:01 AM": exported at UTC-5; komodo's first 18:26:56Z, "06:26 PM": UTC).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { ParseOptions, ParseResult } from '../src/import/importer.ts';
import { canonicalTime, discordHtml, snowflakeMs } from '../src/import/formats/discord-html.ts';
import { discordCsv } from '../src/import/formats/discord-csv.ts';
import { discordTxt } from '../src/import/formats/discord-txt.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

const DIR = 'discordchatexporter-html';
const KOMODO = [1, 2, 3].map((n) => `${DIR}/komodo-antara-ama-july2019-htmldark/${n}.html`);
const FIREBIRD = `${DIR}/firebird-valuedefi-ama-adv-guild-2021.html`;
const MESHCORE = `${DIR}/meshcore-2026-thread-wifi-firmware-patcher.html`;
const FIX = join(ROOT, 'test/fixtures/discord-html');

function parse(path: string, options: ParseOptions = {}): ParseResult {
  const file = ExportFile.read(path);
  assert.ok(discordHtml.detect(file, options), `${path}: not detected`);
  const r = discordHtml.parse(file, options);
  assert.equal(r.found, r.messages.length + r.skipped.length, 'found = kept + skipped');
  return r;
}

const authors = (r: ParseResult) => new Set(r.messages.map((m) => m.author.handle)).size;
const codes = (r: ParseResult) => r.diagnostics.map((d) => d.code);
const note = (r: ParseResult, code: string) => r.diagnostics.find((d) => d.code === code)?.message ?? '';

/** Counts as pinned: found, kept, skipped, authors, replies, attachments. */
function counts(r: ParseResult) {
  return {
    found: r.found,
    kept: r.messages.length,
    skipped: r.skipped.length,
    authors: authors(r),
    replies: r.messages.filter((m) => m.replyTo).length,
    attachments: r.messages.reduce((n, m) => n + (m.attachments?.length ?? 0), 0),
  };
}

corpusTest('komodo 2019 dark layout: three pages, 206 messages, author and time once a group', KOMODO, (_t, ...paths) => {
  const [p1, p2, p3] = paths.map((p) => parse(p));
  assert.deepEqual(counts(p1), { found: 100, kept: 100, skipped: 0, authors: 44, replies: 0, attachments: 0 });
  assert.deepEqual(counts(p2), { found: 100, kept: 100, skipped: 0, authors: 27, replies: 0, attachments: 0 });
  assert.deepEqual(counts(p3), { found: 6, kept: 6, skipped: 0, authors: 6, replies: 0, attachments: 0 });
  assert.equal(p1.title, 'Komodo / #antara-ama-july2019');
  const first = p1.messages[0];
  assert.equal(first.id, '593507507532464148');
  assert.deepEqual(first.author, { handle: 'alperC#7758', name: 'alperC' });
  assert.equal(first.time, '2019-06-26T18:26:00.000Z');
  assert.equal(first.timePrecision, 'minute');
  assert.match(first.text, /^@everyone We'll be holding an AMA/);
  assert.ok(!first.text.includes('(edited)'), 'the edited marker is no text');
  assert.ok(first.links.includes('https://evolve.komodoplatform.com/'));
  const last = p3.messages.at(-1)!;
  assert.deepEqual([last.id, last.author.handle, last.time], ['596060839996424194', 'Audo#5667', '2019-07-03T19:32:00.000Z']);
  assert.deepEqual([p1.messages.at(-1)!.id, p1.messages.at(-1)!.author.handle], ['595661956313120768', 'Zagor#9032']);
  // The pages are one export: no id twice, and in order across pages.
  const all = [p1, p2, p3].flatMap((r) => r.messages);
  assert.equal(new Set(all.map((m) => m.id)).size, 206);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].time <= all[i].time, `order at ${all[i].id}`);
  // Reactions, edits and the zone: one note each per file.
  assert.match(note(p1, 'reactions-dropped'), /^46 message\(s\) carry 309 reaction\(s\)/);
  assert.match(note(p2, 'reactions-dropped'), /^21 message\(s\) carry 213 /);
  assert.match(note(p1, 'edited'), /^11 message\(s\)/);
  assert.match(note(p1, 'time-zone-assumed'), /read as UTC/);
  // A message linking to another one (scrollToMessage in its text) is no reply.
  assert.equal(p1.messages.find((m) => m.id === '595286141331046424')?.replyTo, null);
});

corpusTest('komodo: HTML, CSV and TXT exports of the same 100 messages agree', [KOMODO[0], 'discordchatexporter-csv/komodo-antara-ama-july2019-1.csv', 'discordchatexporter-txt/komodo-antara-ama-july2019-1.txt'], (_t, h, c, x) => {
  const html = parse(h).messages;
  const csv = discordCsv.parse(ExportFile.read(c), {}).messages;
  const txt = discordTxt.parse(ExportFile.read(x), {}).messages;
  assert.deepEqual([html.length, csv.length, txt.length], [100, 100, 100]);
  for (const [i, m] of [[0, html[0]], [99, html[99]]] as const) {
    assert.deepEqual([m.author.handle, m.time], [csv[i].author.handle, csv[i].time]);
    assert.deepEqual([m.author.handle, m.time], [txt[i].author.handle, txt[i].time]);
  }
  // Every time agrees to the minute: a group shows one time, and its later
  // messages take it plus what their ids say (9 messages would be off by 1-14 minutes otherwise).
  assert.deepEqual(html.map((m) => m.time), csv.map((m) => m.time));
  assert.deepEqual(html.map((m) => m.time), txt.map((m) => m.time));
  assert.equal(html[19].time, '2019-07-01T12:56:00.000Z');
  // Handles agree but one: DCE's 2019 HTML wrote "ComputerGenie 👴🏼📢#7004" (user 474206298427097099)
  // as "&#128116;&#128116;&#128116;" (its encoder repeated the first astral character);
  // the CSV and TXT carry the name as it was. The HTML cannot tell what it lost.
  const differ = html.flatMap((m, i) => (m.author.handle === csv[i].author.handle ? [] : [[i, m.author.handle, csv[i].author.handle, txt[i].author.handle]]));
  assert.deepEqual(differ, [[61, 'ComputerGenie 👴👴👴#7004', 'ComputerGenie 👴🏼📢#7004', 'ComputerGenie 👴🏼📢#7004']]);
  // Texts differ where the formats carry different things: the CSV/TXT keep
  // markdown (`code`, :emoji:) and wrote "@everyone" as "everyone"; the HTML
  // shows rendered text (custom emoji as their name, runs of spaces collapsed).
  assert.ok(html[0].text.startsWith('@everyone We'));
  assert.ok(csv[0].text.startsWith('everyone We'));
  assert.equal(html[34].text, 'wanted to make some AMA advertisement abusedsmily');
  assert.equal(csv[34].text, 'wanted to make some AMA advertisement :abusedsmily:');
});

corpusTest('firebird 2021 layout: replies in the group header, an attachment beside the page, 238 messages', [FIREBIRD], (_t, path) => {
  const r = parse(path);
  assert.deepEqual(counts(r), { found: 238, kept: 238, skipped: 0, authors: 43, replies: 53, attachments: 1 });
  assert.equal(r.title, 'Value DeFi - Bringing True Value to DeFi / #v-ama-adv-guild');
  assert.ok(!codes(r).includes('count-differs'));
  const first = r.messages[0];
  assert.deepEqual([first.id, first.author.handle, first.author.name, first.time], ['830442485376876625', 'Prod#4479', 'Prod', '2021-04-10T09:01:00.000Z']);
  const last = r.messages.at(-1)!;
  assert.deepEqual([last.id, last.author.handle, last.author.name, last.time, last.replyTo], ['830465654897115176', 'Marco Polo#5354', 'vMarco Polo', '2021-04-10T10:34:00.000Z', '830464765075128330']);
  const reply = r.messages.find((m) => m.id === '830444770349678622')!;
  assert.equal(reply.replyTo, '830444328627077120');
  assert.equal(reply.text, 'Bag Master = Guild Master? 🙂');
  // Only the group's first message replies: the next one of that group does not.
  const withAttachment = r.messages.find((m) => m.id === '830460482909241354')!;
  assert.deepEqual(withAttachment.attachments, [{ kind: 'image', url: null, alt: 'unknown.png', file: 'blockchain-adv-guild.html_Files/unknown-C9B86.png' }]);
  assert.match(withAttachment.text, /sent to me by the @vAMA Guest team:$/);
  assert.match(note(r, 'reactions-dropped'), /^45 message\(s\) carry 236 reaction\(s\)/);
  assert.match(note(r, 'edited'), /^11 message\(s\)/);
  // Read in the zone the notes name (the ids say the exporter was at UTC-5: CDT).
  const chicago = parse(path, { timeZone: 'America/Chicago' });
  assert.equal(chicago.messages[0].time, '2021-04-10T14:01:00.000Z');
  assert.equal(Math.floor(snowflakeMs('830442485376876625')! / 60000) * 60000, Date.parse('2021-04-10T14:01:00.000Z'));
});

corpusTest('meshcore 2023+ layout (minified): containers, long-form titles, the stated zone, a system notice skipped', [MESHCORE], (_t, path) => {
  const r = parse(path);
  assert.deepEqual(counts(r), { found: 82, kept: 81, skipped: 1, authors: 7, replies: 28, attachments: 3 });
  assert.equal(r.title, 'MeshCore / #WiFi firmware patcher');
  assert.deepEqual(r.skipped.map((s) => [s.code, s.messageId, s.line]), [['system-message', '1450607107261857963', 10]]);
  const first = r.messages[0];
  // "Tuesday, December 16, 2025 4:53 p.m." at the postamble's UTC-5.
  assert.deepEqual([first.id, first.author.handle, first.time], ['1450606773223559200', 'olanwe', '2025-12-16T21:53:00.000Z']);
  assert.match(note(r, 'time-zone-stated'), /^81 time\(s\) read at UTC-5/);
  const last = r.messages.at(-1)!;
  assert.deepEqual([last.id, last.author.handle, last.author.name, last.time], ['1477920743424790659', 'jonreid6686', 'jon CLD1', '2026-03-02T06:49:00.000Z']);
  // A continuation (short timestamp only) takes its group's author.
  const second = r.messages[1];
  assert.deepEqual([second.id, second.author.handle, second.time], ['1450606776935518228', 'olanwe', '2025-12-16T21:53:00.000Z']);
  const reply = r.messages.find((m) => m.id === '1450619968172589160')!;
  assert.deepEqual([reply.replyTo, reply.author.handle, reply.author.name, reply.text], ['1450612992981991625', 'an0key', 'an0key // M7IZK', 'Oh nooooes']);
  const video = r.messages.find((m) => m.id === '1454875045355720925')!;
  assert.equal(video.attachments?.[0].kind, 'video');
  assert.equal(video.attachments?.[0].alt, 'IMG_8686.mov');
  assert.ok(r.messages.some((m) => m.text.includes('@recrof')), 'mention spans stay as text');
  assert.match(note(r, 'edited'), /^6 message\(s\)/);
  assert.match(note(r, 'reactions-dropped'), /^9 message\(s\) carry 10 reaction\(s\)/);
  // A zone the notes name wins over the stated offset (December in New York is UTC-5 too).
  const ny = parse(path, { timeZone: 'America/New_York' });
  assert.equal(ny.messages[0].time, first.time);
  assert.ok(!codes(ny).includes('time-zone-stated'));
});

test('long-form titles become the layout discord-common reads; others pass unchanged', () => {
  assert.equal(canonicalTime('Tuesday, December 16, 2025 4:53 p.m.'), '16 Dec 2025 4:53 p.m.');
  assert.equal(canonicalTime('Tuesday, 16 December 2025 16:53'), '16 Dec 2025 16:53');
  assert.equal(canonicalTime('26-Jun-19 06:26 PM'), '26-Jun-19 06:26 PM');
  assert.equal(canonicalTime('Dienstag, 16. Dezember 2025 16:53'), 'Dienstag, 16. Dezember 2025 16:53');
  assert.equal(snowflakeMs('not an id'), null);
});

test('hostile: a message without a time, a group without an author, an impossible date, an id that is no snowflake', () => {
  const r = parse(join(FIX, 'no-time.html'));
  assert.deepEqual([r.found, r.messages.length, r.skipped.length], [5, 2, 3]);
  assert.deepEqual(r.skipped.map((s) => [s.code, s.messageId, s.line]).sort(), [
    ['author-missing', '600000000000000003', 33],
    ['time-missing', '600000000000000001', 16],
    ['time-unreadable', '600000000000000002', 25],
  ]);
  const [fine, noId] = r.messages;
  assert.equal(fine.text, 'Read @NoClock: https://example.org/a');
  assert.deepEqual(fine.links, ['https://example.org/a', 'https://cdn.example.org/notes.pdf']);
  assert.deepEqual(fine.attachments, [{ kind: 'image', url: null, alt: 'photo.png', file: 'files/photo.png' }]);
  assert.equal(noId.id, null);
  assert.equal(noId.time, fine.time);
  assert.ok(!codes(r).includes('count-differs'), 'the stated "5 messages" are all found');
});

test('hostile: 10,000 nested divs in a message do not hide the messages after them', () => {
  const r = parse(join(FIX, 'nested-10000.html'));
  assert.deepEqual([r.found, r.messages.length, r.skipped.length], [3, 3, 0]);
  assert.ok(codes(r).includes('nesting-flattened'));
  assert.equal(r.messages[0].text, 'before\n\ndeep inside');
  assert.deepEqual(r.messages.map((m) => m.author.handle), ['deep', 'deep', 'other']);
  assert.equal(r.messages[2].replyTo, '1450606776935518228');
  assert.equal(r.messages[2].time, '2025-12-16T16:55:00.000Z');
});

test('hostile: a cut page, and pages that are not DCE exports', () => {
  const text = ExportFile.read(join(FIX, 'no-time.html')).text;
  const cut = new ExportFile('cut.html', Buffer.from(text.slice(0, text.indexOf('message-600000000000000004') + 40)));
  const r = discordHtml.parse(cut, {});
  assert.equal(r.found, r.messages.length + r.skipped.length);
  assert.ok(codes(r).includes('count-differs'));
  // An unclosed <textarea> hides the rows after it: they are found and skipped, not lost.
  const hidden = new ExportFile('hidden.html', Buffer.from(text.replace('A time no calendar has', '<textarea>')));
  const h = discordHtml.parse(hidden, {});
  // Two shown, two hidden ones found by their id (the fifth has no snowflake id for the raw-text marker).
  assert.equal(h.found, 4);
  assert.deepEqual(h.skipped.filter((s) => s.code === 'hidden-by-markup').map((s) => s.line), [33, 42]);
  for (const body of ['<p>chatlog__message-group info__guild-name</p>', '<html><body><div class="chatlog__message-group"></div></body></html>', '']) {
    assert.equal(discordHtml.detect(new ExportFile('x.html', Buffer.from(body)), {}), false, body);
  }
});
