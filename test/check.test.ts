/**
 * `jamrecap check`: every problem of every jam, `file:line:col`, one run,
 * nothing written; exit 1 on errors, 0 with warnings only. The fixture
 * (test/fixtures/editor-check) seeds one mistake of each kind:
 *
 *   a-mistakes/recap.md  line 3: a date that does not exist (month 13),
 *                        line 4: "hashtg" (so "hashtag" is missing too),
 *                        line 7: assign to a message id not in the room,
 *                        line 8: assign to Q9 (the room asks Q1 and Q2),
 *                        line 17: a quote by a handle that posts nothing,
 *                        line 18: a quote matching bob's two "A1 a good test" tweets,
 *                        line 20: "## Q2" with a quote but no summary (a warning);
 *   b-exports/recap.md   line 5: exports listing a missing file and a text file;
 *   redact.yml           line 1: "handle" for "handles".
 *
 * The positions were counted by hand in the fixture files (columns are
 * 1-based: `  "910000000000000006": Q9` has Q9 at column 25).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { makeContent } from './fixtures/editor-content.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { displayPath, formatProblem } from '../src/notes/problems.ts';
import { importers } from '../src/import/registry.ts';

const FIXTURE = join(ROOT, 'test', 'fixtures', 'editor-check');
const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');
const KNOWN = 'title, date, hashtag, hosts, shape, guests, timezone, exports, questions, assign, start, end, session, draft, format, channel, selectors, people';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-check-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function check(content: string) {
  return spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--content', content], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') },
  });
}

/** Every file under a folder with its size and modification time (to prove nothing is written). */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${relative(dir, p)} ${statSync(p).size} ${statSync(p).mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort();
}

const rel = (...parts: string[]) => relative(ROOT, join(FIXTURE, ...parts));
const A = rel('jams', 'a-mistakes', 'recap.md');
const B = rel('jams', 'b-exports', 'recap.md');
const EXPECTED = [
  `${A}:2:1: missing required key "hashtag"`,
  `${A}:3:7: date "2019-13-45T10:00:00-05:00" is not a valid date`,
  `${A}:4:1: unknown key "hashtg"; did you mean "hashtag"? (known keys: ${KNOWN})`,
  `${A}:7:3: assign: no message with id "910000000000000099" in the exports`,
  `${A}:8:25: assign "910000000000000006": the chat has no question Q9 (its questions: Q1, Q2)`,
  `${A}:17:3: quote "@nobody says nothing" matches no message: no one posts as @nobody; fix the handle, or quote the message's id`,
  `${A}:18:3: quote "@bob A1 a good test" matches 2 messages: 910000000000000002, 910000000000000003 (quote more of the text, or use the message id)`,
  `${A}:20:1: warning: Q2 has no summary yet: write a paragraph under "## Q2"`,
  `${B}:5:22: export "missing.html" is not in the jam's folder`,
  `${B}:5:36: export "notes.txt": not a recognized chat export (tried: ${importers.map((i) => i.name).join(', ')})`,
  `${rel('redact.yml')}:1:1: unknown key "handle"; did you mean "handles"? (known keys: handles)`,
];

describe('jamrecap check', () => {
  test('reports every seeded mistake with its file:line:col, exit 1, writing nothing', () => {
    const before = snapshot(FIXTURE);
    const r = check(relative(ROOT, FIXTURE));
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1), EXPECTED);
    assert.equal(lines.at(-1), 'jamrecap check: 2 jams checked: 10 errors, 1 warning');
    assert.equal(r.stdout, '');
    assert.deepEqual(snapshot(FIXTURE), before);
  });

  test('`build` runs the same checks first and writes nothing', async () => {
    clearSiteCaches();
    const outDir = join(tmp, 'bad-out');
    const result = await buildSite({ contentDir: FIXTURE, outDir, cacheDir: join(tmp, 'cache') });
    assert.equal(result.ok, false);
    const built = result.problems.map((p) => formatProblem(p, ROOT));
    for (const line of EXPECTED) assert.ok(built.includes(line), `build reports: ${line}`);
    assert.equal(existsSync(outDir), false);
  });

  test('a sound content folder: exit 0; warnings alone keep exit 0', () => {
    const content = makeContent(join(tmp, 'good'));
    cpSync(EXAMPLE, join(content, 'jams', 'socbizchat'), { recursive: true });
    const ok = check(content);
    assert.equal(ok.status, 0, ok.stderr);
    // The example's one true warning: the saved room page ends as Q4 is asked.
    const recapFile = join(content, 'jams', 'socbizchat', 'recap.md');
    const q4Line = readFileSync(recapFile, 'utf8').split('\n').findIndex((l) => l.startsWith('## Q4')) + 1;
    assert.equal(
      ok.stderr,
      `${displayPath(recapFile, ROOT)}:${q4Line}:1: warning: Q4: no message answers Q4 in the exports, so the recap lists none; the exports end with its question: add an export that holds the rest of the chat\n`,
    );
    assert.equal(ok.stdout, '1 jam checked: 0 errors, 1 warning\n');
    // --verbose says what it sees: hosts, questions, the chat's span, what lies outside it.
    const seen = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--verbose', '--content', content], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') } });
    assert.equal(seen.status, 0, seen.stderr);
    assert.equal(
      seen.stdout,
      `${displayPath(recapFile, ROOT)}: 47 messages; hosts cmswire (given); questions 4 (Q1, Q2, Q3, Q4); the chat 2012-10-24 17:00 to 2012-10-24 17:45 UTC; 0 messages before it, 0 after it\n1 jam checked: 0 errors, 1 warning\n`,
    );

    // Without its Q4 section, the example has one warning (the missing summary) and still passes.
    const recap = join(content, 'jams', 'socbizchat', 'recap.md');
    const text = readFileSync(recap, 'utf8');
    const q4 = text.indexOf('## Q4');
    writeFileSync(recap, text.slice(0, q4));
    const lines = text.slice(0, q4).split('\n').length;
    const warned = check(content);
    assert.equal(warned.status, 0, warned.stderr);
    assert.equal(warned.stderr, `${displayPath(recap, ROOT)}:${lines}:1: warning: Q4 has no summary: add a "## Q4" section with the editor's summary\n`);
    assert.equal(warned.stdout, '1 jam checked: 0 errors, 1 warning\n');

    // A content folder that is not there is a usage error, not a clean bill of health.
    const missing = check(join(tmp, 'no-such-content'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^jamrecap check: no content folder .*no-such-content/);
  });

  test('drafts are checked too, though `build` leaves them out', async () => {
    const content = makeContent(join(tmp, 'drafts'));
    const dir = join(content, 'jams', 'socbizchat');
    cpSync(EXAMPLE, dir, { recursive: true });
    const recap = join(dir, 'recap.md');
    const text = readFileSync(recap, 'utf8')
      .replace('hashtag: socbizchat\n', 'hashtag: socbizchat\ndraft: true\n')
      .replace(/^> @jacobm .*$/m, '> @jacobm business is a term');
    writeFileSync(recap, text);
    const line = text.split('\n').findIndex((l) => l.startsWith('> @jacobm')) + 1;
    const r = check(content);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.split('\n')[0], `${displayPath(recap, ROOT)}:${line}:3: quote "@jacobm business is a term" matches no message; closest: @jacobm "social business is a term…" (261150601507766273); copy the start of the text as the message has it, or quote the message's id`);

    clearSiteCaches();
    const result = await buildSite({ contentDir: content, outDir: join(tmp, 'drafts-out'), cacheDir: join(tmp, 'cache') });
    assert.equal(result.ok, true, result.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(
      result.problems.map((p) => formatProblem(p, ROOT)),
      [`${displayPath(recap, ROOT)}:5:1: warning: draft: left out of this build (build with --drafts to include it; delete "draft: true" to publish)`],
    );
    assert.deepEqual(result.summaries, []);
  });
});
