/**
 * Issue 2's fifth importer from the notes: a jam whose export no importer
 * knows names CSS selectors (and the importer) in its front matter.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSite } from '../src/site/site.ts';
import { corpusTest } from './helpers/corpus.ts';

const DCE = 'discordchatexporter-html/firebird-valuedefi-ama-adv-guild-2021.html';

function jamWith(front: string, exportPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-sel-'));
  const jam = join(dir, 'jams', 'valuedefi-ama');
  mkdirSync(jam, { recursive: true });
  copyFileSync(exportPath, join(jam, 'ama.html'));
  writeFileSync(join(jam, 'recap.md'), `---\n${front}---\nThe AMA.\n`);
  return dir;
}

const GOOD = `title: Value DeFi AMA
date: 2021-04-10T09:00:00-05:00
hashtag: valuedefi
timezone: America/Chicago
selectors:
  message: .chatlog__message
  group: .chatlog__message-group
  author: .chatlog__author-name
  time: .chatlog__timestamp
  text: .chatlog__content .preserve-whitespace
  timeFormat: dd-MMM-yy hh:mm a
  timeZone: America/Chicago
  idAttr: data-message-id
`;

corpusTest('selectors in the notes import a DiscordChatExporter page (235 of 238 kept, 3 empty bot messages skipped)', [DCE], (_t, file) => {
  const { site, problems } = loadSite(jamWith(GOOD, file));
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  const jam = site!.jams[0];
  assert.equal(jam.stats.messages, 235);
  assert.equal(jam.stats.participants, 42);
});

corpusTest('bad selectors in the notes: file:line:col errors, never a crash', [DCE], (_t, file) => {
  const bad = GOOD.replace('  text: .chatlog__content .preserve-whitespace\n', '  txt: .x\n').replace('.chatlog__message-group', '"[["');
  const { problems } = loadSite(jamWith(bad, file));
  const msgs = problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.col}: ${p.message}`);
  assert.ok(msgs.some((m) => /^11:3: unknown selector "txt"; did you mean "text"\?/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^7:3: selectors needs text as well/.test(m)), msgs.join('\n'));
  const css = GOOD.replace('.chatlog__message-group', '"[["');
  const cssProblems = loadSite(jamWith(css, file)).problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.col}: ${p.message}`);
  assert.ok(cssProblems.some((m) => /^6:1: import failed: .*invalid CSS selector for group: "\[\["/.test(m)), cssProblems.join('\n'));
  const fmt = loadSite(jamWith(GOOD.replace('selectors:', 'format: myspace\nselectors:'), file)).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
  assert.ok(fmt.some((m) => /^6:9: format "myspace" is not one jamrecap reads \(known: tweetchat, /.test(m)), fmt.join('\n'));
});
