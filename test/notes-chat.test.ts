/**
 * The editor decides what no rule can guess, in the notes: the hosts (checked
 * against the export, with a did-you-mean), which message asks a question,
 * when the chat starts and ends, which chat of an export to recap, and
 * `assign` to a question or "before"/"after" the chat. `check` says what it
 * sees in one coherent report, each problem at its file:line:col.
 *
 * The example export is content/jams/2012-10-24-socbizchat/socbizchat-room.html:
 * cmswire asks Q1 17:00:30, Q2 17:14:40, Q3 17:29:40, Q4 17:45:00 (UTC);
 * CraigJWillis' "#q1" tweet 261154250552246292 is posted under Q2.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import type { Transcript } from '../src/model/transcript.ts';

const ROOM = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat', 'socbizchat-room.html');
const CRAIG = '261154250552246292';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-notes-chat-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A content folder with one jam: the room export and these notes. */
function jam(name: string, recap: string): string {
  const content = join(tmp, name);
  mkdirSync(join(content, 'jams', 'chat'), { recursive: true });
  copyFileSync(ROOM, join(content, 'jams', 'chat', 'socbizchat-room.html'));
  writeFileSync(join(content, 'jams', 'chat', 'recap.md'), recap);
  return content;
}

function check(content: string) {
  const r = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--content', content], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') } });
  return { code: r.status, lines: r.stderr.split(join(content, 'jams', 'chat') + '/').join('').trim().split('\n') };
}

const FRONT = 'title: T\ndate: 2012-10-24\nhashtag: socbizchat\n';

test('check: a misspelt host is an error with a did-you-mean; sections for questions the chat lacks are one warning each', () => {
  const content = jam(
    'typo',
    `---\n${FRONT}hosts: [cmswre]\nassign:\n  "${CRAIG}": Q2\n---\nIntro.\n\n## Q1\n\nSummary.\n\n## Q2\n\nSummary.\n`,
  );
  const r = check(content);
  assert.equal(r.code, 1);
  // Without the host the chat has no questions: the host error explains it, and nothing else piles on.
  assert.deepEqual(r.lines, [
    'recap.md:5:9: host "cmswre" posts no message in the export; did you mean "cmswire"?',
    `recap.md:7:25: assign "${CRAIG}": the chat has no question Q2 (its questions: none)`,
    'recap.md:11:1: warning: ## Q1: the chat has no question Q1 (its questions: none); fix the heading, or say which message asks it: questions: { Q1: { message: "<id>" } }',
    'recap.md:15:1: warning: ## Q2: the chat has no question Q2 (its questions: none); fix the heading, or say which message asks it: questions: { Q2: { message: "<id>" } }',
    'jamrecap check: 1 jam checked: 2 errors, 2 warnings',
  ]);
});

test('check: an end before the last question leaves it out; a message id that is not in the export is an error at its line', () => {
  const content = jam(
    'window',
    `---\n${FRONT}end: 2012-10-24T13:40:00-04:00\ntimezone: America/New_York\nquestions:\n  Q1: { message: "261150000000000000" }\n---\nIntro.\n\n## Q1\n\nA.\n\n## Q2\n\nB.\n\n## Q3\n\nC.\n\n## Q4\n\nD.\n`,
  );
  const r = check(content);
  assert.equal(r.code, 1);
  assert.deepEqual(r.lines, [
    'recap.md:8:7: questions.Q1: no message with id 261150000000000000',
    'recap.md:24:1: warning: ## Q4: the chat has no question Q4 (its questions: Q1, Q2, Q3); fix the heading, or say which message asks it: questions: { Q4: { message: "<id>" } }',
    'jamrecap check: 1 jam checked: 1 error, 1 warning',
  ]);
});

test('build: the notes pick the question messages, the chat window and before/after; the transcript download says so', async () => {
  // Q2 is said to be asked by CraigJWillis' tweet (as if the host's were lost), and the chat
  // ends at 17:40 UTC; jacobm's first tweet is moved "before" the chat.
  const content = jam(
    'decide',
    `---\n${FRONT}end: 2012-10-24T17:40:00Z\nquestions:\n  Q2: { message: "${CRAIG}", text: Collaboration or social? }\nassign:\n  "261150601507766273": before\n---\nIntro.\n\n## Q1\n\nA.\n\n## Q2\n\nB.\n\n## Q3\n\nC.\n`,
  );
  clearSiteCaches();
  const out = join(tmp, 'decide-site');
  const result = await buildSite({ contentDir: content, outDir: out, cacheDir: join(tmp, 'cache') });
  assert.equal(result.ok, true, result.problems.map((p) => p.message).join('\n'));
  const t = JSON.parse(readFileSync(join(out, 'jams', 'chat', 'download', 'chat.json'), 'utf8')) as Transcript;
  assert.deepEqual(t.questions.map((q) => [q.id, q.messageId, q.text]), [
    ['Q1', t.questions[0].messageId, t.questions[0].text],
    ['Q2', CRAIG, 'Collaboration or social?'],
    ['Q3', t.questions[2].messageId, t.questions[2].text],
  ]);
  assert.equal(t.jam.end, '2012-10-24T17:40:00.000Z');
  const byId = new Map(t.messages.map((m) => [m.id, m]));
  assert.deepEqual([byId.get('261150601507766273')!.phase, byId.get('261150601507766273')!.question], ['before', null]);
  // The last question (Q4, 17:45) is after the chat's end: not a question, not an answer.
  const q4 = t.messages.find((m) => m.time === '2012-10-24T17:45:00.000Z')!;
  assert.deepEqual([q4.phase, q4.question], ['after', null]);
  // The transcript page says where the chat ended, right before that message.
  const page = readFileSync(join(out, 'jams', 'chat', 'transcript', 'index.html'), 'utf8');
  const marker = page.indexOf('<h2 class="chat-ended" id="after-the-chat">After the chat</h2>');
  assert.ok(marker > 0 && page.indexOf(`data-message-id="${q4.id}"`) > marker);
  assert.equal(page.split('id="after-the-chat"').length, 2, 'one marker');
});
