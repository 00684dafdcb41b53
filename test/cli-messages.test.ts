/**
 * The command line's messages and exit codes (README: "Exit codes"): each
 * mistake an editor makes gets one line saying what is wrong, where, and
 * how to fix it, with the documented code (0 done, 1 the input has
 * problems, 2 the command line or a path it names, 3 a bug).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { Progress, progressLine } from '../src/cli/progress.ts';
import { checkSiteMeta } from '../src/notes/site-meta.ts';
import { formatProblem, SiteError } from '../src/notes/problems.ts';
import { jamSlugProblem } from '../src/site/slug.ts';
import { siteMetaFor } from '../src/site/theme.ts';
import { importers } from '../src/import/registry.ts';

const BIN = join(ROOT, 'bin', 'jamrecap.js');
const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');
const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-messages-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function jamrecap(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: 'off', JAMRECAP_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A content folder holding the example jam under `slug`. */
function content(name: string, slug = 'socbizchat'): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'jams'), { recursive: true });
  cpSync(EXAMPLE, join(dir, 'jams', slug), { recursive: true });
  return dir;
}

describe('--version', () => {
  test('prints "jamrecap <version>" from package.json, exit 0, as --version and as a command', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const arg of ['--version', 'version']) {
      const r = jamrecap([arg]);
      assert.deepEqual(r, { code: 0, stdout: `jamrecap ${version}\n`, stderr: '' }, arg);
    }
  });
});

describe('the command line (exit 2)', () => {
  const cases: [string[], string][] = [
    [['biuld'], 'jamrecap: unknown command "biuld"; did you mean build?'],
    [['-v'], 'jamrecap: unknown option "-v": give a command first, then its options (jamrecap --help lists the commands; jamrecap --version prints the version)'],
    [['build', '--outt', 'x'], 'jamrecap build: unknown option --outt; did you mean --out? (jamrecap build --help lists the options)'],
    [['build', '--content'], 'jamrecap build: --content needs a value: --content DIR (jamrecap build --help lists the options)'],
    [['build', '--drafts=yes'], 'jamrecap build: --drafts takes no value: give --drafts alone (jamrecap build --help lists the options)'],
    [['check', 'content'], 'jamrecap check: unexpected argument "content": check takes options only (jamrecap check --help lists the options)'],
    [['build', '--quiet', '--verbose'], 'jamrecap build: --quiet and --verbose contradict each other: give one'],
    [['import'], 'jamrecap import: no FILE given: name the chat export(s) to read, e.g. jamrecap import chat.html --out chat.json'],
    [['import', 'x.html', '--message', 'li'], 'jamrecap import: selectors need all of --message, --author, --time and --text: add --author, --time, --text'],
    [['import', 'x.txt', '--time-zone', 'Mars/Olympus'], 'jamrecap import: --time-zone "Mars/Olympus" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)'],
    [['import', 'x.txt', '--date', '2020-02-30'], 'jamrecap import: --date "2020-02-30" is not a day: write YYYY-MM-DD, e.g. 2020-05-12'],
    [['formats', 'html'], 'jamrecap formats: unexpected argument "html": formats takes none (jamrecap import --format NAME picks one)'],
    [['new'], "jamrecap new: give the new jam's slug and its exports: jamrecap new SLUG --from FILE... (jamrecap new --help says more)"],
  ];
  for (const [args, line] of cases) {
    test(args.join(' '), () => {
      const r = jamrecap(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.split('\n')[0], line);
      assert.equal(r.stdout, '');
    });
  }

  test('build --content /nonexistent: the folder named, how to give another, exit 2, nothing written', () => {
    const out = join(tmp, 'never');
    const r = jamrecap(['build', '--content', '/nonexistent', '--out', out]);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: 'jamrecap build: no content folder /nonexistent (give one with --content DIR)\n' });
    assert.equal(existsSync(out), false);
  });

  test('build --out .: refused before any jam is read, saying why and what to give instead', () => {
    const project = join(tmp, 'project');
    cpSync(content('project-content'), join(project, 'content'), { recursive: true });
    const r = jamrecap(['build', '--out', '.'], project);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: 'jamrecap build: --out ".": the output folder would replace the content folder: choose another --out (each build replaces the whole --out folder; the default is _site)\n',
    });
    // The content folder elsewhere: the working folder is still not the site's.
    const cwd = join(tmp, 'elsewhere');
    mkdirSync(cwd);
    const elsewhere = jamrecap(['build', '--content', join(project, 'content'), '--out', '.'], cwd);
    assert.equal(elsewhere.code, 2);
    assert.equal(
      elsewhere.stderr,
      'jamrecap build: --out ".": the output folder would replace the working folder: choose a folder of its own (each build replaces the whole --out folder; the default is _site)\n',
    );
    assert.ok(existsSync(join(project, 'content', 'jams', 'socbizchat', 'recap.md')));
  });

  test('an export that is not there: named, with the reason, exit 2', () => {
    const r = jamrecap(['import', join(tmp, 'gone.html')]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `jamrecap import: ${join(tmp, 'gone.html')}: cannot read (ENOENT): no such file; check the path\n`);
  });

  test('import --out into a missing folder: the path and what to check, exit 2', () => {
    const out = join(tmp, 'no-such-folder', 'x.json');
    const r = jamrecap(['import', join(ROOT, 'test/fixtures/json-hand-edited.json'), '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').at(-1), `jamrecap import: ${out}: no such file or folder: check the path`);
  });
});

describe('a build that fails inside Eleventy (exit 1)', () => {
  test('one line naming --out (not the temporary folder), no stack trace, no Eleventy log; the folder is left alone', () => {
    const dir = content('eleventy-fails');
    // The checks pass; Eleventy refuses two pages writing one file.
    writeFileSync(join(dir, 'a.md'), '---\ntitle: A\npermalink: /same/\n---\nA\n');
    writeFileSync(join(dir, 'b.md'), '---\ntitle: B\npermalink: /same/\n---\nB\n');
    const out = join(tmp, 'eleventy-fails-site');
    const r = jamrecap(['build', '--content', dir, '--out', out, '--quiet']);
    assert.deepEqual(r, {
      code: 1,
      stdout: '',
      stderr:
        `jamrecap build: Output conflict: multiple input files are writing to \`${out}/same/index.html\`. Use distinct \`permalink\` values to resolve this conflict.\n` +
        `jamrecap build: the build failed; ${out} was left as it was\n`,
    });
    assert.equal(existsSync(out), false);
  });
});

describe('no format fits', () => {
  test('a text no importer reads: the formats tried and `jamrecap formats`, no --format suggestion', () => {
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'just some notes, not a chat export\n');
    const r = jamrecap(['import', notes]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `jamrecap import: ${notes}: not a recognized chat export (tried: ${importers.map((i) => i.name).join(', ')}); no format reads messages from it (\`jamrecap formats\` says what each format expects)\n`,
    );
    assert.doesNotMatch(r.stderr, /--format/);
  });
});

describe('one slug rule for new and build', () => {
  test('"_" inside a slug: new creates the jam, and check reads a folder of that name', () => {
    const dir = content('slug-ok', 'soc_chat');
    const created = jamrecap(['new', 'soc_chat2', '--from', join(EXAMPLE, 'socbizchat-room.html'), '--content', dir, '--quiet']);
    assert.deepEqual(created, { code: 0, stdout: '', stderr: '' }, '--quiet prints nothing when all is well');
    assert.ok(existsSync(join(dir, 'jams', 'soc_chat2', 'recap.md')));
    const check = jamrecap(['check', '--content', dir]);
    assert.doesNotMatch(check.stderr, /folder name/);
    // --verbose: the to-do list the summary counts, in the order of the file.
    const verbose = jamrecap(['new', 'soc-verbose', '--from', join(EXAMPLE, 'socbizchat-room.html'), '--content', dir, '--verbose']);
    assert.equal(verbose.code, 0, verbose.stderr);
    const todo = Number(/lists the (\d+) things left to do/.exec(verbose.stdout)?.[1]);
    const lines = verbose.stderr.trimEnd().split('\n');
    const recap = join(dir, 'jams', 'soc-verbose', 'recap.md');
    assert.ok(todo > 5, verbose.stdout);
    assert.equal(lines.length, todo, verbose.stderr);
    const at = lines.map((l) => Number(l.slice(recap.length + 1).split(':')[0]));
    assert.ok(lines.every((l) => l.startsWith(`${recap}:`) && / warning: /.test(l)), verbose.stderr);
    assert.deepEqual(at, [...at].sort((a, b) => a - b));
  });

  test('a slug both refuse, with the same sentence', () => {
    const dir = content('slug-bad', 'Soc_Chat');
    const created = jamrecap(['new', 'Soc_Chat', '--from', join(EXAMPLE, 'socbizchat-room.html'), '--content', join(tmp, 'slug-new')]);
    const sentence = jamSlugProblem('Soc_Chat');
    assert.equal(
      sentence,
      '"Soc_Chat" cannot be a jam\'s address: use lower-case letters, digits, "-" and "_" (starting and ending with a letter or digit), up to 100 characters, e.g. 2012-10-24-socbizchat',
    );
    assert.deepEqual(created, { code: 2, stdout: '', stderr: `jamrecap new: ${sentence}\n` });
    const check = jamrecap(['check', '--content', dir]);
    assert.equal(check.code, 1);
    assert.equal(check.stderr.split('\n')[0], `${join(dir, 'jams', 'Soc_Chat', 'recap.md')}:1:1: the jam's folder name: ${sentence} (rename the folder)`);
  });

  test('an existing jam: new refuses it like build refuses a folder it did not write (exit 2)', () => {
    const dir = content('slug-taken');
    const r = jamrecap(['new', 'socbizchat', '--from', join(EXAMPLE, 'socbizchat-room.html'), '--content', dir]);
    assert.deepEqual(r, {
      code: 2,
      stdout: '',
      stderr: `jamrecap new: ${join(dir, 'jams', 'socbizchat')} already exists: a jam is never overwritten (choose another slug, or remove the folder first)\n`,
    });
  });
});

describe('an empty content folder', () => {
  test('check: a warning saying how to add a jam, exit 0; without jams/: exit 2 naming it', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(join(dir, 'jams'), { recursive: true });
    const r = jamrecap(['check', '--content', dir]);
    assert.deepEqual(r, { code: 0, stdout: '0 jams checked: 0 errors, 0 warnings\n', stderr: `jamrecap check: warning: no jam in ${dir}/jams/: add one with \`jamrecap new SLUG --from FILE\`\n` });
    const bare = join(tmp, 'bare');
    mkdirSync(bare);
    const none = jamrecap(['check', '--content', bare]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, `jamrecap check: no jams folder in the content folder ${bare}: put each jam in ${join(bare, 'jams')}/<slug>/ with its recap.md, or give the content folder with --content DIR\n`);
  });
});

describe('an unreadable file', () => {
  test("a jam's recap.md that cannot be read: its file:line:col, the reason and the fix, exit 1", () => {
    const dir = join(tmp, 'unreadable');
    mkdirSync(join(dir, 'jams', 'x', 'recap.md'), { recursive: true });
    const r = jamrecap(['check', '--content', dir]);
    assert.deepEqual(r, {
      code: 1,
      stdout: '',
      stderr: `${join(dir, 'jams', 'x', 'recap.md')}:1:1: cannot read the notes (EISDIR): recap.md must be a readable file\njamrecap check: 1 jam checked: 1 error, 0 warnings\n`,
    });
  });

  test('an export that is a folder: named, exit 2', () => {
    const r = jamrecap(['import', tmp]);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `jamrecap import: ${tmp}: not a file but a folder: name the export file itself\n` });
  });
});

describe('progress', () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { writes, isTTY, write: (t: string) => writes.push(t) };
  };

  test('on a terminal: nothing in the first second, then "jam n of N, messages/s" redrawn with \\r, erased at the end', () => {
    const out = stream(true);
    let now = 0;
    const p = new Progress({ stream: out, now: () => now });
    now = 500;
    p.update('jam', 1, 4, 2000);
    assert.deepEqual(out.writes, [], 'a quick run prints nothing');
    now = 1500;
    p.update('jam', 2, 4, 1000);
    now = 1550;
    p.update('jam', 3, 4, 0); // within 100 ms of the last redraw: skipped
    now = 2000;
    p.update('jam', 4, 4, 1000);
    p.finish();
    assert.deepEqual(out.writes, ['\r\u001b[Kjam 2 of 4, 2,000 messages/s', '\r\u001b[Kjam 4 of 4, 2,000 messages/s', '\r\u001b[K']);
    assert.equal(progressLine('file', 1, 1, 12345), 'file 1 of 1, 12,345 messages/s');
  });

  test('silent when not a terminal, and with --quiet', () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]]) {
      const out = stream(isTTY);
      let now = 0;
      const p = new Progress({ stream: out, now: () => now, quiet });
      now = 5000;
      p.update('jam', 1, 1, 100);
      p.finish();
      assert.deepEqual(out.writes, []);
    }
  });

  test('a build through a pipe writes no \\r; build --quiet prints nothing at all', () => {
    const dir = content('quiet');
    const r = jamrecap(['build', '--content', dir, '--out', join(tmp, 'quiet-site'), '--quiet']);
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
    const loud = jamrecap(['build', '--content', dir, '--out', join(tmp, 'quiet-site')]);
    assert.equal(loud.code, 0, loud.stderr);
    assert.doesNotMatch(loud.stderr + loud.stdout, /\r/);
    assert.match(loud.stdout, /^socbizchat: 47 messages/);
  });
});

describe('_data/siteMeta.json', () => {
  const text = ['{', '  "title": "Our jams",', '  "lang": "english",', '  "titel": "x",', '  "description": 42', '}', ''].join('\n');

  test('validated like front matter: errors and did-you-means at file:line:col', () => {
    const { problems } = checkSiteMeta(text, '/c/_data/siteMeta.json');
    assert.deepEqual(
      problems.map((p) => formatProblem(p, '/elsewhere')),
      [
        '/c/_data/siteMeta.json:3:11: "lang" must be a BCP 47 language tag such as "en" or "en-GB" (got "english"); did you mean "en"?',
        '/c/_data/siteMeta.json:4:3: warning: unknown key "titel"; did you mean "title"? (known keys: title, lang, description); the shipped theme does not read it (a theme of your own may)',
        '/c/_data/siteMeta.json:5:18: "description" must be text in double quotes, e.g. "description": "Recaps of our monthly chats" (got a number)',
      ],
    );
    for (const lang of ['en', 'en-GB', 'sr-Latn-RS', 'es-419', 'EN']) assert.deepEqual(checkSiteMeta(`{"lang": "${lang}"}`, 'f').problems, [], lang);
    const bad = (t: string) => checkSiteMeta(t, 'f').problems.map((p) => formatProblem(p));
    assert.deepEqual(bad('{"lang": "en_GB"}'), ['f:1:10: "lang" must be a BCP 47 language tag such as "en" or "en-GB" (got "en_GB"); did you mean "en-GB"?']);
    assert.deepEqual(bad('{\n  "title": "x",\n}'), ['f:3:1: not valid JSON: expected a key in double quotes, found "}"; JSON has no comments or trailing commas, and every key and text is in double quotes']);
    assert.deepEqual(bad('["en"]'), ['f:1:1: the site\'s settings must be one JSON object, e.g. {"title": "Tweet jam recaps", "lang": "en"}']);
  });

  test('check reports it (exit 1), and siteMetaFor refuses it with the same problems', () => {
    const dir = content('meta');
    mkdirSync(join(dir, '_data'));
    const file = join(dir, '_data', 'siteMeta.json');
    writeFileSync(file, text);
    const r = jamrecap(['check', '--content', dir]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith(file)), [
      `${file}:3:11: "lang" must be a BCP 47 language tag such as "en" or "en-GB" (got "english"); did you mean "en"?`,
      `${file}:4:3: warning: unknown key "titel"; did you mean "title"? (known keys: title, lang, description); the shipped theme does not read it (a theme of your own may)`,
      `${file}:5:18: "description" must be text in double quotes, e.g. "description": "Recaps of our monthly chats" (got a number)`,
    ]);
    assert.match(lines.at(-1)!, /^jamrecap check: 1 jam checked: 2 errors, \d+ warnings?$/);
    assert.throws(() => siteMetaFor(dir), (err) => err instanceof SiteError && err.problems.length === 3);
    writeFileSync(file, '{"title": "Our jams", "lang": "en-GB"}\n');
    assert.equal(siteMetaFor(dir).lang, 'en-GB');
  });
});
