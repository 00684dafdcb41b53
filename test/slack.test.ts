/**
 * slack-export: the Slack workspace export, as a folder (claimed through its
 * channels.json) and as a .zip.
 *
 * Corpus counts were checked independently of the code (jq over the day
 * files, Python for lines):
 * - houstondatavis-2016-datajam: one channel folder (datajam/, 41 day files)
 *   of the 16 in channels.json: 173 entries = 133 plain + 9 file_share +
 *   4 file_comment (kept: 146, 9 authors counting file_comment's
 *   comment.user) + 26 channel_join + 1 pinned_item (skipped: 27); no bot_id;
 *   kept ts 1433562832.000005 (2015-06-06T03:53:52Z) → 1468277648.000022
 *   (2016-07-11T22:54:08Z); 2 edited; the first skipped entry is the
 *   channel_join 1433558319.000002 on line 2 of 2015-06-05.json; 2015-07-23.json
 *   holds 1437705127.000003 (its entry starts on line 8) by micahstubbs, "keep us posted
 *   <@U061A5N1G> :-)", U061A5N1G being neerajt in users.json.
 * - slack-export-viewer-testarchive (folder and .zip, same 22 entries):
 *   enrique 102 entries = 30 plain (kept, 4 authors, 1452837352.000006 →
 *   1459040292.000010) + 66 bot_message + 2 bot_add (both with bot_id) +
 *   4 channel_join; traveling-sailor 56 = 19 plain + 3 file_share +
 *   1 file_comment (kept 23, 3 authors, 1458949481.000002 →
 *   1459155174.000025, 1 edited) + 28 bot_message + 1 bot_add + 4 channel_join.
 * - users.json: 71 + 0 profile e-mail addresses (jq '.[].profile.email');
 *   none of them occurs in any day file (grep -F -x over every address-like
 *   string of the day files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { zipSync, strToU8 } from 'fflate';
import { ExportFile, ImportError } from '../src/import/export-file.ts';
import type { ParseOptions, ParseResult } from '../src/import/importer.ts';
import { slackExport } from '../src/import/formats/slack-export.ts';
import { detectImporter, importFiles } from '../src/import/pipeline.ts';
import { DEFAULT_ARCHIVE_LIMITS } from '../src/import/archive.ts';
import { clearSiteCaches, loadJam } from '../src/site/jam.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { handleProblem } from '../src/model/entities.ts';
import { corpusTest } from './helpers/corpus.ts';

const DATAJAM = 'slack-export/houstondatavis-2016-datajam';
const VIEWER = 'slack-export/slack-export-viewer-testarchive';
const VIEWER_ZIP = 'slack-export/slack-export-viewer-testarchive.zip';

/** Parse, checking the accounting every result must keep. */
function parse(file: ExportFile, options: ParseOptions = {}): ParseResult {
  assert.equal(slackExport.detect(file, options), true, `${file.name} detected`);
  const r = slackExport.parse(file, options);
  assert.equal(r.found, r.messages.length + r.skipped.length, `${file.name}: found = kept + skipped`);
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, `${file.name}: handle ${m.author.handle}`);
    assert.match(m.id!, /^\d{10}\.\d{6}$/);
  }
  return r;
}

const summary = (r: ParseResult) => [r.found, r.messages.length, r.skipped.length];
const codeCounts = (r: ParseResult) => {
  const out: Record<string, number> = {};
  for (const d of r.skipped) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
};
const ends = (r: ParseResult) => [r.messages[0].id, r.messages[0].time, r.messages.at(-1)!.id, r.messages.at(-1)!.time];
const authors = (r: ParseResult) => new Set(r.messages.map((m) => m.author.handle)).size;

/** Every e-mail address of a users.json. */
function emailsOf(usersJson: string): string[] {
  const users = JSON.parse(readFileSync(usersJson, 'utf8')) as { profile?: { email?: string } }[];
  return users.map((u) => u.profile?.email).filter((e): e is string => !!e);
}

/** No e-mail address of users.json anywhere in the serialized result. */
function assertNoEmail(r: ParseResult, emails: string[]): void {
  const out = JSON.stringify(r).toLowerCase();
  for (const e of emails) assert.ok(!out.includes(e.toLowerCase()), `e-mail ${e} leaked`);
  assert.doesNotMatch(JSON.stringify(r), /"email"/);
}

// ------------------------------------------------------------------ corpus

corpusTest('slack-export: the datajam folder (its one channel picked without asking)', [`${DATAJAM}/channels.json`], (_t, path) => {
  const folder = join(path, '..');
  const file = ExportFile.read(folder);
  assert.equal(file.name, 'channels.json', 'a folder holding channels.json is read as that file');
  const r = parse(file);
  assert.deepEqual(summary(r), [173, 146, 27]);
  assert.deepEqual(codeCounts(r), { 'system-message': 27 });
  assert.equal(r.skipped.filter((d) => /"channel_join"/.test(d.message)).length, 26);
  assert.equal(r.skipped.filter((d) => /"pinned_item"/.test(d.message)).length, 1);
  assert.deepEqual([r.skipped[0].file, r.skipped[0].line, r.skipped[0].messageId], ['houstondatavis-2016-datajam/datajam/2015-06-05.json', 2, '1433558319.000002']);
  assert.equal(r.title, '#datajam');
  assert.deepEqual(ends(r), ['1433562832.000005', '2015-06-06T03:53:52.000Z', '1468277648.000022', '2016-07-11T22:54:08.000Z']);
  assert.equal(authors(r), 9);
  assert.equal(r.diagnostics.filter((d) => d.code === 'edited').length, 2);
  // A resolved mention, with the author from users.json.
  const m = r.messages.find((x) => x.id === '1437705127.000003')!;
  assert.deepEqual([m.author, m.text, m.line], [{ handle: 'micahstubbs', name: 'Micah Stubbs' }, 'keep us posted @neerajt :-)', undefined], 'a message has no line: it would be read against the export');
  const edited = r.diagnostics.find((d) => d.code === 'edited' && d.messageId === m.id)!;
  assert.deepEqual([edited.file, edited.line, edited.position], ['houstondatavis-2016-datajam/datajam/2015-07-23.json', 8, m.position]);
  // Files by name only: the picture of a file_share, no private URL.
  const pic = r.messages.find((x) => x.id === '1433562832.000005')!;
  assert.deepEqual(pic.attachments, [{ kind: 'image', url: null, alt: 'Fritz.jpg', file: null }]);
  assert.doesNotMatch(JSON.stringify(r), /url_private|files\.slack\.com/);
  const emails = emailsOf(join(folder, 'users.json'));
  assert.equal(emails.length, 71);
  assertNoEmail(r, emails);
});

corpusTest('slack-export: two channels and none named: an error listing them, nothing imported', [`${VIEWER}/channels.json`], (_t, path) => {
  const r = parse(ExportFile.read(path));
  assert.deepEqual(summary(r), [0, 0, 0]);
  const err = r.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(err.length, 1);
  assert.equal(err[0].code, 'channel-choice');
  assert.match(err[0].message, /#enrique \(102\), #traveling-sailor \(56\)/);
});

corpusTest('slack-export: the viewer archive, folder and zip alike, per channel', [`${VIEWER}/channels.json`, VIEWER_ZIP], (_t, folderFile, zip) => {
  const emails = emailsOf(join(folderFile, '..', 'users.json'));
  for (const path of [folderFile, zip]) {
    const enrique = parse(ExportFile.read(path), { channel: 'enrique' });
    assert.deepEqual(summary(enrique), [102, 30, 72], `${path} enrique`);
    assert.deepEqual(codeCounts(enrique), { 'bot-message': 68, 'system-message': 4 });
    assert.deepEqual(ends(enrique), ['1452837352.000006', '2016-01-15T05:55:52.000Z', '1459040292.000010', '2016-03-27T00:58:12.000Z']);
    assert.equal(authors(enrique), 4);
    assert.equal(enrique.messages[0].text, '@abilinski: Created an issue for a setup.py so that it can be installed to a standard place');
    assert.deepEqual(enrique.messages[0].author, { handle: 'hamza', name: 'Hamza Faran' });
    assert.ok(enrique.skipped.some((d) => /bot message \(subtype bot_add/.test(d.message)));

    const sailor = parse(ExportFile.read(path), { channel: '#Traveling-Sailor' });
    assert.deepEqual(summary(sailor), [56, 23, 33], `${path} traveling-sailor`);
    assert.deepEqual(codeCounts(sailor), { 'bot-message': 29, 'system-message': 4 });
    assert.deepEqual(ends(sailor), ['1458949481.000002', '2016-03-25T23:44:41.000Z', '1459155174.000025', '2016-03-28T08:52:54.000Z']);
    assert.equal(authors(sailor), 3);
    assert.equal(sailor.diagnostics.filter((d) => d.code === 'edited').length, 1);
    for (const r of [enrique, sailor]) assertNoEmail(r, emails);

    const byId = parse(ExportFile.read(path), { channel: 'C0JGLMMNX' });
    assert.deepEqual(summary(byId), [102, 30, 72], 'a channel named by its id');
    const none = parse(ExportFile.read(path), { channel: 'random' });
    assert.deepEqual(summary(none), [0, 0, 0]);
    assert.match(none.diagnostics.find((d) => d.code === 'channel-choice')!.message, /no channel "random".*#enrique, #traveling-sailor/);
  }
  // Day files of the zip are named with the archive.
  const z = parse(ExportFile.read(zip), { channel: 'enrique' });
  assert.equal(z.skipped[0].file?.startsWith('slack-export-viewer-testarchive.zip/enrique/'), true);
});

// ------------------------------------------------------------------ made here

const TMP = mkdtempSync(join(tmpdir(), 'jamrecap-slack-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

const USERS = [
  { id: 'U1', name: 'ada', real_name: 'Ada Lovelace', profile: { email: 'ada@example.org', display_name: 'ada', phone: '555' } },
  { id: 'U2', name: 'bob', profile: { real_name: '', display_name: 'Bobby', email: 'bob@example.org' } },
];
const CHANNELS = [{ id: 'C1', name: 'ama' }, { id: 'C2', name: 'general' }];
const DAY = [
  { type: 'message', user: 'U1', text: 'Q1 What is &lt;b&gt; &amp;amp; why? <!here|here> see <#C2|general> and <#C2>', ts: '1700000000.000100', thread_ts: '1700000000.000100' },
  { type: 'message', user: 'U2', text: 'A1 <@U1> read <https://example.com/a?x=1&amp;y=2|the docs> or <https://example.com/b|example.com/b> <mailto:x@y.org|x@y.org>', ts: '1700000060.000200', thread_ts: '1700000000.000100', files: [{ name: 'a.png', title: 'Chart', mimetype: 'image/png', url_private: 'https://files.slack.com/files-pri/T1-F1/a.png' }, { name: 'notes.pdf', mimetype: 'application/pdf', url_private: 'https://files.slack.com/x.pdf' }] },
  { type: 'message', subtype: 'channel_topic', user: 'U1', text: 'set the topic', ts: '1700000070.000300' },
  { type: 'message', subtype: 'channel_leave', user: 'U2', text: '<@U2> has left', ts: '1700000075.000350' },
  { type: 'message', bot_id: 'B1', text: 'beep', ts: '1700000080.000400' },
  { type: 'message', user: 'U9', text: '<@U9> who am I <@U8>', ts: '1700000090.000500', user_profile: { name: 'zed', real_name: 'Zed', email: 'zed@example.org' } },
];

/** A small export as files (name → JSON). */
function exportFiles(): Record<string, unknown> {
  return { 'channels.json': CHANNELS, 'users.json': USERS, 'ama/2023-11-14.json': DAY, 'general/2023-11-14.json': [] };
}

function writeFolder(dir: string, files: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), JSON.stringify(value, null, 4));
  }
}

test('slack-export: threads, markup, files, bots and system entries, unknown users', () => {
  const dir = join(TMP, 'made');
  writeFolder(dir, exportFiles());
  const zipPath = join(TMP, 'made.zip');
  writeFileSync(zipPath, zipSync(Object.fromEntries(Object.entries(exportFiles()).map(([k, v]) => [k, strToU8(JSON.stringify(v))]))));
  for (const path of [dir, zipPath]) {
    // general holds an empty day: ama is the one channel with messages.
    const r = parse(ExportFile.read(path));
    assert.deepEqual(summary(r), [6, 3, 3], path);
    const [q, a, z] = r.messages;
    assert.equal(q.text, 'Q1 What is <b> &amp; why? @here see #general and #general');
    assert.equal(q.replyTo, null, 'a thread parent is no reply');
    assert.equal(a.replyTo, '1700000000.000100', 'a thread reply');
    assert.equal(a.text, 'A1 @ada read the docs (https://example.com/a?x=1&y=2) or https://example.com/b x@y.org\n[file: notes.pdf]');
    assert.deepEqual(a.links, ['https://example.com/a?x=1&y=2', 'https://example.com/b']);
    assert.deepEqual(a.attachments, [{ kind: 'image', url: null, alt: 'Chart', file: null }]);
    assert.deepEqual(a.author, { handle: 'bob', name: 'Bobby' });
    assert.deepEqual([z.author, z.text], [{ handle: 'zed', name: 'Zed' }, '@zed who am I @U8']);
    assert.deepEqual(r.skipped.map((d) => [d.code, d.messageId]), [
      ['system-message', '1700000070.000300'],
      ['system-message', '1700000075.000350'],
      ['bot-message', '1700000080.000400'],
    ]);
    assert.match(r.skipped[0].message, /"channel_topic"/);
    assert.match(r.skipped[1].message, /"channel_leave"/);
    assert.ok(r.diagnostics.some((d) => d.code === 'mention-unresolved'));
    assert.ok(r.diagnostics.some((d) => d.code === 'user-unknown' && /U9/.test(d.message)));
    assertNoEmail(r, ['ada@example.org', 'bob@example.org', 'zed@example.org']);
    assert.doesNotMatch(JSON.stringify(r), /files\.slack\.com|555/);
  }
});

test('slack-export: a zip with the export inside one folder, and damaged parts', () => {
  const files = exportFiles();
  const inFolder = Object.fromEntries(Object.entries(files).map(([k, v]) => [`export/${k}`, strToU8(JSON.stringify(v))]));
  inFolder['export/ama/2023-11-15.json'] = strToU8('[{"ts": "1700100000.000001", "user": "U1", "text": "cut');
  inFolder['export/ama/2023-11-16.json'] = strToU8('{"not": "a list"}');
  const path = join(TMP, 'nested.zip');
  writeFileSync(path, zipSync(inFolder));
  const r = parse(ExportFile.read(path), { channel: 'ama' });
  assert.deepEqual(summary(r), [6, 3, 3]);
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file]);
  assert.deepEqual(errors, [
    ['json-invalid', 'nested.zip/export/ama/2023-11-15.json'],
    ['not-slack-day', 'nested.zip/export/ama/2023-11-16.json'],
  ]);
});

test('slack-export: detection claims channels.json and Slack zips only; other folders are still refused', () => {
  const other = join(TMP, 'not-slack');
  mkdirSync(other, { recursive: true });
  writeFileSync(join(other, 'chat.json'), '[]');
  assert.throws(() => ExportFile.read(other), (e: unknown) => e instanceof ImportError && /not a file but a folder: name the export file itself$/.test(e.message));
  // A channel's folder says what to give instead: the workspace, and the channel by name.
  const workspace = join(TMP, 'workspace');
  mkdirSync(join(workspace, 'ama'), { recursive: true });
  writeFileSync(join(workspace, 'channels.json'), '[]');
  writeFileSync(join(workspace, 'ama', '2023-11-15.json'), '[]');
  assert.throws(() => ExportFile.read(join(workspace, 'ama')), (e: unknown) => e instanceof ImportError && /one channel's folder of a Slack workspace export: give the workspace's folder \(or its channels\.json\) and pick the channel with --channel ama/.test(e.message));
  // Day files alone (no channels.json): the whole export is needed.
  const days = join(TMP, 'days-only');
  mkdirSync(days, { recursive: true });
  writeFileSync(join(days, '2023-11-15.json'), '[]');
  assert.throws(() => ExportFile.read(days), (e: unknown) => e instanceof ImportError && /holds 1 Slack day file\(s\) but no channels\.json beside them/.test(e.message));
  const users = new ExportFile(join(TMP, 'users.json'), Buffer.from(JSON.stringify(USERS)));
  assert.equal(slackExport.detect(users, {}), false);
  const zipNoUsers = new ExportFile(join(TMP, 'x.zip'), Buffer.from(zipSync({ 'channels.json': strToU8('[]') })));
  assert.equal(slackExport.detect(zipNoUsers, {}), false);
  const notZip = new ExportFile(join(TMP, 'junk.zip'), Buffer.from('PK\x03\x04 not really a zip'));
  assert.equal(slackExport.detect(notZip, {}), false);
  const r = slackExport.parse(notZip, {});
  assert.deepEqual(summary(r), [0, 0, 0]);
  assert.equal(r.diagnostics[0].code, 'archive-unreadable');
  // A zip refused as a whole for its number of entries is claimed: the import says which limit it met.
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i <= DEFAULT_ARCHIVE_LIMITS.maxEntries; i++) files[`big/${i}.json`] = strToU8('[]');
  const many = new ExportFile(join(TMP, 'many.zip'), Buffer.from(zipSync(files, { level: 0 })));
  assert.equal(detectImporter(many, { hints: false }).name, 'slack-export');
  const refused = slackExport.parse(many, {});
  assert.deepEqual(summary(refused), [0, 0, 0]);
  assert.deepEqual(refused.diagnostics.map((d) => [d.severity, d.code, d.message]), [['error', 'archive-too-many-entries', 'many.zip: more than 20000 entries; refused, nothing read']]);
});

test('slack-export: a zip of channel folders of day files without channels.json or users.json is read, with a warning', () => {
  const days = { 'ama/2023-11-14.json': strToU8(JSON.stringify(DAY)) };
  for (const [name, files] of [['days.zip', days], ['nested.zip', { 'export/ama/2023-11-14.json': days['ama/2023-11-14.json'] }]] as const) {
    const f = new ExportFile(join(TMP, name), Buffer.from(zipSync(files)));
    assert.equal(detectImporter(f, { hints: false }).name, 'slack-export', name);
    const r = parse(f);
    assert.deepEqual(summary(r), [6, 3, 3], name);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'channels-missing' || d.code === 'users-missing').map((d) => d.code), ['channels-missing', 'users-missing'], name);
  }
  // A zip with other files beside its day files is not claimed.
  const other = new ExportFile(join(TMP, 'other.zip'), Buffer.from(zipSync({ ...days, 'notes/readme.txt': strToU8('hi') })));
  assert.equal(slackExport.detect(other, {}), false);
});

test('slack-export: a day file that is a symbolic link out of the folder is not read', () => {
  const dir = join(TMP, 'linked');
  writeFolder(dir, exportFiles());
  const outside = join(TMP, 'secret.json');
  writeFileSync(outside, JSON.stringify([{ type: 'message', user: 'U1', text: 'secret', ts: '1700000999.000001' }]));
  symlinkSync(outside, join(dir, 'ama', '2023-11-17.json'));
  const r = parse(ExportFile.read(dir));
  assert.deepEqual(summary(r), [6, 3, 3]);
  assert.doesNotMatch(JSON.stringify(r.messages), /secret/);
  assert.ok(r.diagnostics.some((d) => d.code === 'archive-entry-symlink' && d.file === 'linked/ama/2023-11-17.json'));
});

test('slack-export: hostile entries are skipped or read, never thrown; a float ts is no id', () => {
  const dir = join(TMP, 'hostile');
  const day = [
    null,
    42,
    { type: 'message', user: 'U1', text: 'float ts', ts: 1700000000.0001 },
    { type: 'message', user: { id: 'U1' }, text: 'user object', ts: '1700000001.000001' },
    { type: 'message', user: 'U1', text: { no: 'text' }, ts: '1700000002.000002', thread_ts: 1700000000.5, files: 'nope', attachments: 7, edited: 'x' },
    { type: 'message', user: 'U1', text: `${'<'.repeat(20000)}@U1${'>'.repeat(20000)} <${'a'.repeat(50000)}`, ts: '1700000003.000003' },
    { type: 'message', user: 'U1', text: 'far future', ts: '99999999999.000001' },
    { type: 'message', user: 'U1', text: '<javascript:alert(1)|click> <!subteam^S1|@team> <!date^1392734382^{date}|Feb 18> <#C999>', ts: '1700000004.000004' },
  ];
  writeFolder(dir, { 'channels.json': CHANNELS, 'users.json': USERS, 'ama/2023-11-14.json': day });
  const start = process.hrtime.bigint();
  const r = parse(ExportFile.read(dir));
  assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 2000, 'linear time');
  assert.deepEqual(summary(r), [8, 3, 5]);
  assert.deepEqual(r.skipped.map((d) => d.code), ['not-a-message', 'not-a-message', 'id-missing', 'author-missing', 'time-unreadable']);
  const [empty, brackets, markup] = r.messages;
  assert.deepEqual([empty.text, empty.replyTo, empty.attachments], ['', null, undefined]);
  assert.equal(brackets.text, `${'<'.repeat(19999)}@ada${'>'.repeat(19999)} <${'a'.repeat(50000)}`);
  assert.equal(markup.text, 'click @team Feb 18 #C999');
  assert.deepEqual(markup.links, []);
  for (const d of r.skipped) assert.ok(d.line && d.file === 'hostile/ama/2023-11-14.json', `${d.code} has its file and line`);
});

corpusTest('slack-export zip through the pipeline: no finding about decoding the zip as text', ['slack-export/slack-export-viewer-testarchive.zip'], (_t, path) => {
  const [s] = importFiles([path], { channel: 'enrique' }).sources;
  assert.deepEqual([s.format, s.kept], ['slack-export', 30]);
  assert.deepEqual(s.diagnostics.filter((d) => d.code.startsWith('encoding')), []);
});

corpusTest("a jam's notes pick the channel (channel:), and another channel is another import", ['slack-export/slack-export-viewer-testarchive.zip'], (_t, zip) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'jamrecap-slack-jam-')), 'jams', 'sailing');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'export.zip'), readFileSync(zip));
  const notes = (channel: string) => `---\ntitle: Sailing\ndate: 2016-01-16\nhashtag: sailing\nchannel: "${channel}"\n---\nIntro.\n`;
  const cacheDir = join(dir, '..', '..', 'cache');
  const load = (channel: string) => {
    writeFileSync(join(dir, 'recap.md'), notes(channel));
    clearSiteCaches();
    return loadJam(dir, { ...defaultSiteOptions(), cacheDir, drafts: true });
  };
  assert.equal(load('#traveling-sailor').model?.transcript.messages.length, 23);
  assert.equal(load('enrique').model?.transcript.messages.length, 30);
});
