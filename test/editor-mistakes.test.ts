/**
 * The mistakes an editor makes between `jamrecap new` and publishing, each
 * caught with where it is and how to fix it (issue 10, "Publishing never
 * ships a draft"). The fixture (test/fixtures/editor-mistakes/jams/orgchat)
 * is a ten-message chat (chat.csv: alice asks Q1-Q4, Q4 right after Q3, so
 * nothing answers Q3) and notes seeding one mistake of each kind:
 *
 *   line 9:  the draft's introduction placeholder;
 *   line 15: the marker above unreviewed suggested quotes;
 *   line 17: "Organizations" where bob wrote "Organisations";
 *   line 18: @caroll for @carol;
 *   line 20: dave's message quoted a second time (first on line 19);
 *   line 21: carol's answer to Q2 quoted under "## Q1";
 *   line 25: Q2's summary placeholder, the only text of the section;
 *   line 29: "## Q3", which no message answers.
 *
 * The line and column numbers were counted by hand in the fixture.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { parseRecapBody, type QuoteRef } from '../src/notes/recap-body.ts';
import { resolveQuote } from '../src/notes/quotes.ts';
import { duplicateQuotes, misplacedQuotes, unansweredSections } from '../src/notes/quote-review.ts';
import type { Message } from '../src/model/transcript.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'editor-mistakes');
const RECAP = relative(ROOT, join(FIXTURE, 'jams', 'orgchat', 'recap.md'));

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-mistakes-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/jamrecap.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') } });
}

/** The problem lines a command printed (`<path>:line:col: ...`), without its summary or log lines. */
function problemLines(stderr: string, path: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith(`${path}:`));
}

const PLACEHOLDERS = {
  intro: `9:1: the introduction is not written yet (the draft's placeholder is still here): write it in place of the "*Draft:" line`,
  suggested: `15:1: Q1: suggested quotes not reviewed yet: keep the ones you want, then delete this line`,
  summary: `25:1: Q2 has no summary yet (the draft's placeholder is still here): write it in place of the "*Draft:" line`,
};
const ALLOW = ' (build --allow-placeholders publishes it anyway)';
const DUPLICATE = `20:3: warning: this quote repeats the one on line 19 (both are message 920000000000000004): delete one of them`;
const MISPLACED = `21:3: warning: this quote answers Q2, not Q1 (message 920000000000000007): move it under "## Q2", or file the message under Q1 with assign: { "920000000000000007": Q1 }`;
const UNANSWERED = `29:1: warning: Q3: no message answers Q3 in the exports, so the recap lists none; check the chat's numbering, or file answers under Q3 with assign: { "<message id>": Q3 }`;

/** A copy of the fixture with the two quotes that match nothing fixed as their messages say (placeholders left). */
function fixedCopy(name: string, edit: (text: string) => string = (t) => t): { content: string; recap: string } {
  const content = join(tmp, name);
  cpSync(FIXTURE, content, { recursive: true });
  const recap = join(content, 'jams', 'orgchat', 'recap.md');
  const text = readFileSync(recap, 'utf8').replace('> @bob A1 Organizations start', '> @bob A1 Organisations start').replace('> @caroll A1', '> @carol A1');
  writeFileSync(recap, edit(text));
  // Outside the working folder: messages name it by its absolute path.
  return { content, recap };
}

describe('an editor\'s mistakes, each with its place and its fix', () => {
  test('check: every seeded mistake in order, placeholders as warnings; exit 1 for the two quotes matching nothing', () => {
    const r = cli(['check', '--content', relative(ROOT, FIXTURE)]);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(problemLines(r.stderr, RECAP), [
      `${RECAP}:9:1: warning: the introduction is not written yet (the draft's placeholder is still here): write it in place of the "*Draft:" line`,
      `${RECAP}:15:1: warning: Q1: suggested quotes not reviewed yet: keep the ones you want, then delete this line`,
      `${RECAP}:17:3: quote "@bob A1 Organizations start by listening" matches no message; closest: @bob "A1 Organisations start by listening to their…" (920000000000000002); copy the start of the text as the message has it, or quote the message's id`,
      `${RECAP}:18:3: quote "@caroll A1 With a pilot team" matches no message: no one posts as @caroll (did you mean @carol?); closest: @carol "A1 With a pilot team and a…" (920000000000000003); fix the handle, or quote the message's id`,
      `${RECAP}:${DUPLICATE}`,
      `${RECAP}:${MISPLACED}`,
      `${RECAP}:25:1: warning: Q2 has no summary yet (the draft's placeholder is still here): write it in place of the "*Draft:" line`,
      `${RECAP}:${UNANSWERED}`,
    ]);
    assert.match(r.stderr.trim().split('\n').at(-1)!, /1 jam checked: 2 errors, 6 warnings/);
  });

  test('build refuses the draft\'s placeholders, with where they are and how to fix them; nothing is written', () => {
    const { content, recap } = fixedCopy('refused');
    const out = join(tmp, 'refused-out');
    const r = cli(['build', '--content', content, '--out', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(problemLines(r.stderr, recap), [
      `${recap}:${PLACEHOLDERS.intro}${ALLOW}`,
      `${recap}:${PLACEHOLDERS.suggested}${ALLOW}`,
      `${recap}:${DUPLICATE}`,
      `${recap}:${MISPLACED}`,
      `${recap}:${PLACEHOLDERS.summary}${ALLOW}`,
      `${recap}:${UNANSWERED}`,
    ]);
    assert.match(r.stderr, /^jamrecap build: 3 problems\b/m);
    assert.equal(existsSync(out), false);
  });

  test('check and serve (the default options) warn of the same placeholders; the build passes with them as warnings', async () => {
    const { content, recap } = fixedCopy('warned');
    const checked = cli(['check', '--content', content]);
    assert.equal(checked.status, 0, checked.stderr);
    assert.deepEqual(problemLines(checked.stderr, recap), [
      `${recap}:9:1: warning: ${PLACEHOLDERS.intro.slice(5)}`,
      `${recap}:15:1: warning: ${PLACEHOLDERS.suggested.slice(6)}`,
      `${recap}:${DUPLICATE}`,
      `${recap}:${MISPLACED}`,
      `${recap}:25:1: warning: ${PLACEHOLDERS.summary.slice(6)}`,
      `${recap}:${UNANSWERED}`,
    ]);
    // `serve` builds with drafts and no placeholder setting: warnings, a preview built.
    clearSiteCaches();
    const preview = await buildSite({ contentDir: content, outDir: join(tmp, 'warned-preview'), drafts: true, cacheDir: join(tmp, 'cache') });
    assert.equal(preview.ok, true, preview.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(preview.problems.filter((p) => /\*Draft:|suggested quotes/.test(p.message)).map((p) => `${p.line}:${p.severity}`), ['9:warning', '15:warning', '25:warning']);
  });

  test('build --allow-placeholders publishes them, as warnings; a question without answers says so on the page', () => {
    const { content, recap } = fixedCopy('allowed');
    const out = join(tmp, 'allowed-out');
    const r = cli(['build', '--allow-placeholders', '--content', content, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      problemLines(r.stderr, recap).filter((l) => /\*Draft:|suggested quotes/.test(l)),
      [`${recap}:9:1: warning: ${PLACEHOLDERS.intro.slice(5)}`, `${recap}:15:1: warning: ${PLACEHOLDERS.suggested.slice(6)}`, `${recap}:25:1: warning: ${PLACEHOLDERS.summary.slice(6)}`],
    );
    const $ = cheerio.load(readFileSync(join(out, 'jams', 'orgchat', 'index.html'), 'utf8'));
    assert.equal($('section#q3 p.no-answers').text(), 'No answers to Q3 in the transcript.');
    assert.equal($('section#q3 details.answers').length, 0);
    assert.equal($('section#q4 details.answers summary').text(), 'The one answer to Q4');
    assert.equal($('section#q1 details.answers summary').text(), 'All 3 answers to Q1');
  });

  test('doing what each message says leaves only the true warning (nothing answers Q3), and the build passes', () => {
    const { content, recap } = fixedCopy('followed', (t) =>
      t
        .replace(/^\*Draft: write the introduction.*$/m, 'How organisations start with social, and who owns it.')
        .replace(/^\*Draft: suggested quotes.*\n\n/m, '')
        .replace('> @dave A1 Small steps, measured every week\n', '')
        .replace('exports: [chat.csv]\n', 'exports: [chat.csv]\nassign: { "920000000000000007": Q1 }\n')
        .replace(/^\*Draft: summarize the answers to Q2.*$/m, 'Everyone, said most.'),
    );
    const checked = cli(['check', '--content', content]);
    assert.equal(checked.status, 0, checked.stderr);
    // "assign" added a line to the front matter: the section is one line lower.
    assert.deepEqual(problemLines(checked.stderr, recap), [
      `${recap}:27:1: warning: Q3: no message answers Q3 in the exports, so the recap lists none; check the chat's numbering, or file answers under Q3 with assign: { "<message id>": Q3 }`,
    ]);
    const built = cli(['build', '--content', content, '--out', join(tmp, 'followed-out')]);
    assert.equal(built.status, 0, built.stderr);
    const $ = cheerio.load(readFileSync(join(tmp, 'followed-out', 'jams', 'orgchat', 'index.html'), 'utf8'));
    // carol's answer, filed under Q1 by the notes, is one of Q1's answers now.
    assert.equal($('section#q1 details.answers summary').text(), 'All 4 answers to Q1');
    assert.equal($('section#q1 blockquote[data-message-id="920000000000000007"]').length, 1);
  });

  test('a jam left out as a draft does not block the build; with --drafts its placeholders do', () => {
    const { content, recap } = fixedCopy('draft', (t) => t.replace('exports: [chat.csv]\n', 'exports: [chat.csv]\ndraft: true\n'));
    const plain = cli(['build', '--content', content, '--out', join(tmp, 'draft-out')]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual(problemLines(plain.stderr, recap), [
      `${recap}:8:1: warning: draft: left out of this build (build with --drafts to include it; delete "draft: true" to publish)`,
    ]);
    assert.equal(existsSync(join(tmp, 'draft-out', 'jams', 'orgchat')), false);

    const drafts = cli(['build', '--drafts', '--content', content, '--out', join(tmp, 'drafts-out')]);
    assert.equal(drafts.status, 1, drafts.stderr);
    // The placeholders sit one line lower: "draft: true" was added to the front matter.
    assert.deepEqual(
      problemLines(drafts.stderr, recap).filter((l) => !/: warning: /.test(l)),
      [`${recap}:10:1: ${PLACEHOLDERS.intro.slice(5)}${ALLOW}`, `${recap}:16:1: ${PLACEHOLDERS.suggested.slice(6)}${ALLOW}`, `${recap}:26:1: ${PLACEHOLDERS.summary.slice(6)}${ALLOW}`],
    );
    assert.equal(existsSync(join(tmp, 'drafts-out')), false);
  });
});

describe('the quote review on its own (src/notes/quote-review.ts)', () => {
  const chat = importExports([ExportFile.read(join(FIXTURE, 'jams', 'orgchat', 'chat.csv'))], { hosts: ['alice'] });
  const review = (body: string) => {
    const parsed = parseRecapBody(body, 1, 'recap.md');
    const sections = [parsed.intro, ...parsed.sections];
    const quotes = new Map<QuoteRef, Message>();
    for (const s of sections) {
      for (const b of s.blocks) {
        const r = b.kind === 'quote' ? resolveQuote(b, chat, s.id) : null;
        if (r?.ok) quotes.set(b as QuoteRef, r.message);
      }
    }
    return [...duplicateQuotes('recap.md', sections, quotes), ...misplacedQuotes('recap.md', sections, quotes, chat), ...unansweredSections('recap.md', parsed.sections, chat)].map((p) => formatProblem(p));
  };

  test('the chat as the fixture says: four questions, Q3 without answers', () => {
    assert.deepEqual(chat.questions.map((q) => [q.id, q.messageId]), [['Q1', '920000000000000001'], ['Q2', '920000000000000005'], ['Q3', '920000000000000008'], ['Q4', '920000000000000009']]);
    assert.deepEqual(chat.messages.map((m) => m.question), ['Q1', 'Q1', 'Q1', 'Q1', 'Q2', 'Q2', 'Q2', 'Q3', 'Q4', 'Q4']);
  });

  test('a question quoted under another says it asks it; quotes by id and by text of one message are duplicates; the introduction may quote anything', () => {
    assert.deepEqual(
      review(['> @alice Q2. Who owns', '', '## Q1', '', '> @alice Q2. Who owns', '> 920000000000000005', '', '## Q3', '', '## Q4', '', '> @erin A4'].join('\n')),
      [
        // Each later quote of a message names the first, wherever it is (here the introduction).
        'recap.md:5:3: warning: this quote repeats the one on line 1 (both are message 920000000000000005): delete one of them',
        'recap.md:6:3: warning: this quote repeats the one on line 1 (both are message 920000000000000005): delete one of them',
        'recap.md:5:3: warning: this quote asks Q2, not Q1 (message 920000000000000005): move it under "## Q2", or file the message under Q1 with assign: { "920000000000000005": Q1 }',
        'recap.md:6:3: warning: this quote asks Q2, not Q1 (message 920000000000000005): move it under "## Q2", or file the message under Q1 with assign: { "920000000000000005": Q1 }',
        'recap.md:8:1: warning: Q3: no message answers Q3 in the exports, so the recap lists none; check the chat\'s numbering, or file answers under Q3 with assign: { "<message id>": Q3 }',
      ],
    );
  });
});

