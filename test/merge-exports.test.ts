/**
 * Several exports of one jam merged into one transcript (src/import/merge.ts):
 * the same id, or the same author (after the notes' `people:` aliases) and
 * text within two minutes in another export, is one message; every export's
 * place is kept in the message's `sources`, through a round trip too; each
 * export's coverage (contributed = unique + merged) and the spans no export
 * has messages in are reported; found = kept + merged + skipped per export.
 *
 * Counts checked outside this code:
 * - komodo AMA: the CSV has 100 rows (`grep -cE '^"[0-9]+";"'`, and Python's
 *   csv module: 100 rows, 100 distinct (author, whitespace-collapsed text)
 *   pairs); the TXT has 100 `[dd-Mon-yy hh:mm AM] author` headers. Both
 *   write minute times and no message ids.
 * - test/fixtures/merge/ (our own content): whatsapp-part1.txt holds 6
 *   messages (Android layout, minutes) and a system line; whatsapp-part2.txt
 *   5 (iOS layout, seconds), the first 3 of which are part 1's last 3 (Bo's
 *   "ok" twice, a minute apart, and Ana's Q2). webinar-zoom.txt holds 7 Zoom
 *   messages (4 by Jane Doe), webinar.live_chat.json 6 yt-dlp messages (4 by
 *   Jane's channel, 3 of them 15, 1 and 1 seconds after her Zoom ones, Q2
 *   three minutes after), Sam Roe posting the same text in both.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { importExports, importFiles, type ImportOptions } from '../src/import/pipeline.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { quietSpans } from '../src/import/merge.ts';
import { validateTranscript } from '../src/model/validate.ts';
import type { Message, SourceSummary, Transcript } from '../src/model/transcript.ts';
import { corpusTest, ROOT } from './helpers/corpus.ts';

const FIX = join(ROOT, 'test/fixtures/merge');
const KOMODO = ['discordchatexporter-csv/komodo-antara-ama-july2019-1.csv', 'discordchatexporter-txt/komodo-antara-ama-july2019-1.txt'];
const JANE = 'UCjanejanejanejanejanej1';
const WEBINAR: ImportOptions = { date: '2023-11-14', timeZone: 'UTC' };

const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-merge-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** found, kept, merged, skipped of each export, checking found = kept + merged + skipped. */
function counts(t: Transcript): number[][] {
  return t.sources.map((s: SourceSummary) => {
    assert.equal(s.found, s.kept + s.merged + s.skipped, `${s.file}: found = kept + merged + skipped`);
    return [s.found, s.kept, s.merged, s.skipped];
  });
}

/** Each export's coverage as [contributed, unique, merged], checking contributed = unique + merged. */
function coverage(t: Transcript): number[][] {
  return t.sources.map((s) => {
    assert.ok(s.coverage, `${s.file} has its coverage`);
    assert.equal(s.coverage.contributed, s.coverage.unique + s.coverage.merged);
    return [s.coverage.contributed, s.coverage.unique, s.coverage.merged];
  });
}

/** The files a message was found in. */
const filesOf = (m: Message) => (m.sources ?? [m.origin]).map((o) => o.file);

function valid(t: Transcript): void {
  const v = validateTranscript(JSON.parse(JSON.stringify(t)));
  assert.ok(v.ok, v.ok ? '' : v.errors.join('; '));
}

corpusTest('komodo AMA as CSV and TXT: 100 messages, each from both exports', KOMODO, (_t, csv, txt) => {
  const t = importFiles([csv, txt]);
  assert.equal(t.messages.length, 100);
  assert.deepEqual(counts(t), [
    [100, 100, 0, 0],
    [100, 0, 100, 0],
  ]);
  assert.deepEqual(coverage(t), [
    [100, 0, 100],
    [100, 0, 100],
  ]);
  for (const m of t.messages) {
    assert.deepEqual(filesOf(m), ['komodo-antara-ama-july2019-1.csv', 'komodo-antara-ama-july2019-1.txt']);
    assert.deepEqual(m.sources!.map((o) => o.format), ['discord-csv', 'discord-txt']);
    assert.equal(m.sources![0].position, m.sources![1].position, 'both exports list the messages in the same order');
  }
  assert.equal(t.sources[1].diagnostics.filter((d) => d.code === 'duplicate-content').length, 100);
  valid(t);

  // The other order keeps the TXT's copies: the same 100 messages.
  const reversed = importFiles([txt, csv]);
  assert.equal(reversed.messages.length, 100);
  assert.deepEqual(counts(reversed), [
    [100, 100, 0, 0],
    [100, 0, 100, 0],
  ]);
  assert.deepEqual(reversed.messages.map((m) => m.text.replace(/\s+/g, ' ')), t.messages.map((m) => m.text.replace(/\s+/g, ' ')));
});

test('two overlapping WhatsApp exports: the union, the overlap merged and counted', () => {
  const t = importFiles([join(FIX, 'whatsapp-part1.txt'), join(FIX, 'whatsapp-part2.txt')], { timeZone: 'UTC' });
  assert.deepEqual(counts(t), [
    [6, 6, 0, 0],
    [5, 2, 3, 0],
  ]);
  assert.deepEqual(coverage(t), [
    [6, 3, 3],
    [5, 2, 3],
  ]);
  assert.deepEqual(
    t.messages.map((m) => [m.time.slice(11, 19), m.author.handle, m.text.split('\n')[0], filesOf(m).length]),
    [
      ['21:00:00', 'Ana', 'Q1 what are you reading this month?', 1],
      ['21:02:00', 'Bo', 'Middlemarch, slowly', 1],
      ['21:03:00', 'Cy', 'A1 Dune', 1],
      // Bo's two "ok"s (one export never merges its own messages), each with its copy; the finer time of part 2 kept.
      ['21:05:12', 'Bo', 'ok', 2],
      ['21:06:40', 'Bo', 'ok', 2],
      ['21:07:05', 'Ana', 'Q2 where do you read?', 2],
      ['21:09:30', 'Cy', 'A2 on the train, mostly', 1],
      ['21:10:02', 'Ana', 'Thanks all, see you next month', 1],
    ],
  );
  const ok = t.messages.filter((m) => m.text === 'ok');
  assert.deepEqual(ok.map((m) => m.sources!.map((o) => [o.file, o.line])), [
    [['whatsapp-part1.txt', 6], ['whatsapp-part2.txt', 1]],
    [['whatsapp-part1.txt', 7], ['whatsapp-part2.txt', 2]],
  ]);
  assert.ok(ok.every((m) => m.timePrecision === 'second'));
  assert.deepEqual(t.jam.gaps, []);
  valid(t);
});

test('Zoom and YouTube chats of one webinar: people: maps Jane; merged where text and time agree, apart otherwise', () => {
  const files = () => [ExportFile.read(join(FIX, 'webinar-zoom.txt')), ExportFile.read(join(FIX, 'webinar.live_chat.json'))];
  const t = importExports(files(), { ...WEBINAR, people: { [JANE]: ['Jane Doe'] } });
  assert.deepEqual(t.sources.map((s) => s.format), ['zoom-txt', 'youtube-chat']);
  assert.deepEqual(counts(t), [
    [7, 7, 0, 0],
    [6, 3, 3, 0],
  ]);
  assert.deepEqual(coverage(t), [
    [7, 4, 3],
    [6, 3, 3],
  ]);
  const jane = t.messages.filter((m) => m.author.handle === JANE);
  assert.deepEqual(
    jane.map((m) => [m.time.slice(11, 19), m.text, filesOf(m)]),
    [
      ['22:00:05', 'Welcome everyone! Slides: https://example.org/slides', ['webinar-zoom.txt', 'webinar.live_chat.json']],
      ['22:02:30', 'Q1: what brought you here today?', ['webinar-zoom.txt', 'webinar.live_chat.json']],
      // White space differs ("Thanks   for"): the same text once collapsed.
      ['22:04:40', 'Thanks   for joining!', ['webinar-zoom.txt', 'webinar.live_chat.json']],
      // Three minutes apart: two messages.
      ['22:09:00', 'Q2: what would you like to see next?', ['webinar-zoom.txt']],
      ['22:12:00', 'Q2: what would you like to see next?', ['webinar.live_chat.json']],
      ['22:30:00', 'See you next week', ['webinar-zoom.txt']],
    ],
  );
  // The Zoom name's messages are shown under the YouTube handle, with the Zoom display name.
  assert.equal(jane[0].author.name, 'Jane Doe');
  assert.ok(t.sources[0].diagnostics.some((d) => d.code === 'person-alias' && /5 message\(s\) by "Jane Doe" shown under "UCjane/.test(d.message)));
  // Sam Roe is in both chats but not in people: two participants, "Hi from Lisbon" twice.
  assert.equal(t.messages.filter((m) => m.text === 'Hi from Lisbon').length, 2);
  assert.ok(t.participants.some((p) => p.handle === 'Sam Roe') && t.participants.some((p) => p.handle === 'UCsamsamsamsamsamsamsam2'));
  assert.equal(t.messages.length, 10);
  valid(t);

  // Without people: nobody is matched across the platforms.
  const apart = importExports(files(), WEBINAR);
  assert.equal(apart.messages.length, 13);
  assert.deepEqual(counts(apart), [
    [7, 7, 0, 0],
    [6, 6, 0, 0],
  ]);
  assert.deepEqual(coverage(apart), [
    [7, 7, 0],
    [6, 6, 0],
  ]);

  // A handle with its display names: both platforms' messages under it, merged the same way.
  const named = importExports(files(), { ...WEBINAR, people: { janedoe: ['Jane Doe', '@janedoe'] } });
  assert.equal(named.messages.length, 10);
  assert.equal(named.messages.filter((m) => m.author.handle === 'janedoe').length, 6);
});

test('two exports with platform ids of one platform: different ids are different messages, the same id one', () => {
  const yt = readFileSync(join(FIX, 'webinar.live_chat.json'), 'utf8');
  const other = join(tmp, 'webinar-again.live_chat.json');
  // The same chat saved again, with other ids for its first two messages.
  writeFileSync(other, yt.replace('"YT1"', '"YTX1"').replace('"YT2"', '"YTX2"'));
  const t = importFiles([join(FIX, 'webinar.live_chat.json'), other]);
  assert.deepEqual(counts(t), [
    [6, 6, 0, 0],
    [6, 2, 4, 0],
  ]);
  assert.deepEqual(coverage(t), [
    [6, 2, 4],
    [6, 2, 4],
  ]);
  assert.equal(t.messages.length, 8);
});

test('a gap in coverage is reported with its span', () => {
  const files = [join(FIX, 'webinar-zoom.txt'), join(FIX, 'webinar.live_chat.json')];
  const t = importFiles(files, { ...WEBINAR, people: { [JANE]: ['Jane Doe'] } });
  // From the first message (22:00:05) to the last (22:30:00): one quiet span of 5 minutes or more.
  assert.deepEqual(t.jam.gaps, [{ start: '2023-11-14T22:12:00.000Z', end: '2023-11-14T22:30:00.000Z', minutes: 18 }]);
  // The editor's end after the last message adds the quiet after it.
  const later = importFiles(files, { ...WEBINAR, people: { [JANE]: ['Jane Doe'] }, start: '2023-11-14T21:50:00.000Z', end: '2023-11-14T22:40:00.000Z' });
  assert.deepEqual(later.jam.gaps, [
    { start: '2023-11-14T21:50:00.000Z', end: '2023-11-14T22:00:05.000Z', minutes: 10 },
    { start: '2023-11-14T22:12:00.000Z', end: '2023-11-14T22:30:00.000Z', minutes: 18 },
    { start: '2023-11-14T22:30:00.000Z', end: '2023-11-14T22:40:00.000Z', minutes: 10 },
  ]);
  // One export: no coverage report.
  const one = importFiles([files[0]], WEBINAR);
  assert.equal(one.jam.gaps, undefined);
  assert.equal(one.sources[0].coverage, undefined);
});

test('quietSpans: exactly the threshold counts; day-precision times are left out', () => {
  const m = (time: string, timePrecision: Message['timePrecision'] = 'second') => ({ time, timePrecision }) as Message;
  const spans = quietSpans([m('2020-01-01', 'day'), m('2020-01-01T10:00:00.000Z'), m('2020-01-01T10:04:59.000Z'), m('2020-01-01T10:09:59.000Z')], null, null);
  assert.deepEqual(spans, [{ start: '2020-01-01T10:04:59.000Z', end: '2020-01-01T10:09:59.000Z', minutes: 5 }]);
  assert.deepEqual(quietSpans([], null, null), []);
});

test('one author repeating one text thousands of times merges in linear time, pairwise', () => {
  // Two exports of a flood: 3,000 "+1" by one author, a second apart (Android: minutes; iOS: seconds).
  const n = 3000;
  const t0 = Date.UTC(2023, 10, 14, 20, 0, 0);
  const pad = (v: number) => String(v).padStart(2, '0');
  const ios: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Date(t0 + i * 1000);
    ios.push(`[14/11/2023, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}] Bo: +1`);
  }
  const a = join(tmp, 'flood-a.txt');
  const b = join(tmp, 'flood-b.txt');
  writeFileSync(a, ios.join('\n') + '\n');
  writeFileSync(b, ios.join('\n') + '\n');
  const started = process.cpuUsage();
  const t = importFiles([a, b], { timeZone: 'UTC' });
  const ms = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
  assert.deepEqual(counts(t), [
    [n, n, 0, 0],
    [n, 0, n, 0],
  ]);
  assert.equal(t.messages.length, n);
  // Each message merged with its own copy (the same second), not a neighbour's.
  assert.ok(t.messages.every((m) => m.sources!.length === 2 && m.sources![0].position === m.sources![1].position));
  assert.ok(ms < 5000, `${ms} ms`);
});

test('round trip: jamrecap import -> JSON -> import again keeps every message\'s sources', () => {
  const dir = join(tmp, 'cli');
  mkdirSync(dir);
  const first = join(dir, 'merged.json');
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/jamrecap.js', 'import', ...args], { cwd: ROOT, encoding: 'utf8' });
  const r1 = run([join(FIX, 'webinar-zoom.txt'), join(FIX, 'webinar.live_chat.json'), '--date', '2023-11-14', '--time-zone', 'UTC', '--person', `${JANE}=Jane Doe`, '--out', first]);
  assert.equal(r1.status, 0, r1.stderr);
  // The coverage report on stderr: a row per export, then the quiet span.
  assert.match(r1.stderr, /coverage of 2 exports:/);
  assert.match(r1.stderr, /webinar-zoom\.txt \(zoom-txt\) +7 +4 +3\n/);
  assert.match(r1.stderr, /webinar\.live_chat\.json \(youtube-chat\) +6 +3 +3\n/);
  assert.match(r1.stderr, /1 span of 5 minutes or more with no message in any export:\n +2023-11-14 22:12 to 2023-11-14 22:30 UTC \(18 min\)/);

  const second = join(dir, 'again.json');
  const r2 = run([first, '--out', second]);
  assert.equal(r2.status, 0, r2.stderr);
  const a = JSON.parse(readFileSync(first, 'utf8')) as Transcript;
  const b = JSON.parse(readFileSync(second, 'utf8')) as Transcript;
  valid(a);
  valid(b);
  assert.equal(b.messages.length, 10);
  assert.deepEqual(b.messages.map((m) => m.sources ?? null), a.messages.map((m) => m.sources ?? null));
  assert.equal(b.messages.filter((m) => m.sources).length, 3);
  assert.ok(b.messages.every((m) => m.origin.file === 'merged.json' && m.origin.format === 'jamrecap-json'));
  assert.deepEqual(counts(b), [[10, 10, 0, 0]]);

  // A third round changes nothing more, and the transcript merges again with one of its exports: nothing new.
  const third = importFiles([second]);
  assert.deepEqual(third.messages.map((m) => m.sources ?? null), a.messages.map((m) => m.sources ?? null));
  copyFileSync(join(FIX, 'webinar.live_chat.json'), join(dir, 'webinar.live_chat.json'));
  const again = importFiles([second, join(dir, 'webinar.live_chat.json')], { people: { [JANE]: ['Jane Doe'] } });
  assert.equal(again.messages.length, 10);
  assert.deepEqual(counts(again), [
    [10, 10, 0, 0],
    [6, 0, 6, 0],
  ]);
});

corpusTest('round trip of the komodo merge keeps both exports of every message', KOMODO, (_t, csv, txt) => {
  const t = importFiles([csv, txt]);
  const path = join(tmp, 'komodo.json');
  writeFileSync(path, JSON.stringify(t, null, 2));
  const back = importFiles([path]);
  assert.equal(back.messages.length, 100);
  assert.deepEqual(back.messages.map((m) => m.sources), t.messages.map((m) => m.sources));
  assert.deepEqual(back.messages.map((m) => m.id), t.messages.map((m) => m.id));
});

test('jamrecap check prints the coverage table of a jam with several exports', () => {
  const content = join(tmp, 'content');
  const jam = join(content, 'jams', 'webinar');
  mkdirSync(jam, { recursive: true });
  copyFileSync(join(FIX, 'webinar-zoom.txt'), join(jam, 'webinar-zoom.txt'));
  copyFileSync(join(FIX, 'webinar.live_chat.json'), join(jam, 'webinar.live_chat.json'));
  writeFileSync(
    join(jam, 'recap.md'),
    `---\ntitle: Webinar\ndate: 2023-11-14\nhashtag: webinar\ntimezone: UTC\nexports: [webinar-zoom.txt, webinar.live_chat.json]\npeople:\n  ${JANE}: ["Jane Doe"]\n---\n\nThe webinar.\n`,
  );
  const r = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--no-cache', '--content', content], { cwd: ROOT, encoding: 'utf8' });
  assert.match(r.stdout, /jams\/webinar\/recap\.md: coverage of 2 exports:/, r.stdout + r.stderr);
  assert.match(r.stdout, /webinar-zoom\.txt \(zoom-txt\) +7 +4 +3\n/);
  assert.match(r.stdout, /22:12 to 2023-11-14 22:30 UTC \(18 min\)/);

  // A people: mistake is reported at its line.
  writeFileSync(join(jam, 'recap.md'), `---\ntitle: Webinar\ndate: 2023-11-14\nhashtag: webinar\npeople:\n  jane doe: [x]\n---\n`);
  const bad = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--no-cache', '--content', content], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /recap\.md:6:3: .*people: "jane doe" must be a handle/);
});
