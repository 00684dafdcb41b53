/**
 * `jamrecap new`: a drafted recap from every HTML corpus file jamrecap
 * reads, checked (`jamrecap check`) and built (`build --drafts`) with every
 * suggested quote resolving to the message it was picked for; drafts left
 * out of a plain build and shown by `serve`; refusals (existing jam, bad
 * slug, unreadable export); hostile titles written as YAML that reads back.
 *
 * Counts verified on the raw files, independently of jamrecap:
 * - messages: socbizchat 47 (site.test.ts), Storify tweet elements (quotes,
 *   and images and videos made of tweets) 224, 294, 207 (storify.test.ts and
 *   the hand-made labels in test/fixtures/labels/), distinct `data-tweet-id`
 *   12 and 6, distinct status ids of `blockquote.twitter-tweet` 15 (16
 *   embeds, one tweet embedded twice);
 * - questions: the hosts' question messages as labelled by hand
 *   (test/fixtures/labels/): lrnchat Q0-Q8 (9), GuildChat Q1-Q8 (8),
 *   BYOD4Lchat tasks T1-T2; socbizchat Q1-Q4; the Twitter pages none.
 * - socbizchat: the room's only `a.in-reply-to` points at jacobm's tweet
 *   261150601507766273 (a Q1 answer), and the only retweet of a tweet in
 *   the room is KimberlyEdwards' "RT @KathyHerrmann: To have holistic
 *   impact" of 261159535375286314 (a Q3 answer): each is first in its
 *   section (most replied-to / retweeted).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { makeContent } from './fixtures/editor-content.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches, parseNotes } from '../src/site/jam.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { foldForMatch } from '../src/model/text-match.ts';
import { handleKey } from '../src/model/transcript.ts';
import { importFiles } from '../src/import/pipeline.ts';
import { slugProblem } from '../src/cli/commands/new.ts';
import { draftRecap } from '../src/draft/draft.ts';

/** Hosts and date as labelled by hand (test/fixtures/labels/: the accounts posting the questions, the first question's time). */
const HTML_CORPUS: { file: string; slug: string; messages: number; questions: string[]; hosts?: string[]; date?: string }[] = [
  { file: 'tweetchat/socbizchat-room.html', slug: 'socbizchat', messages: 47, questions: ['Q1', 'Q2', 'Q3', 'Q4'], hosts: ['cmswire'], date: '2012-10-24T17:00:30+00:00' },
  { file: 'storify-html/lrnchat-22nd-december-2017.html', slug: 'lrnchat', messages: 224, questions: ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8'], hosts: ['lrnchat'], date: '2017-12-22T01:34:03+00:00' },
  { file: 'storify-html/guildchat-readdress-the-lms.html', slug: 'guildchat', messages: 294, questions: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8'], hosts: ['eLearningGuild'], date: '2016-04-08T18:04:22+00:00' },
  { file: 'storify-html/unofficial-story-of-final-byod4lchat.html', slug: 'byod4lchat', messages: 207, questions: ['T1', 'T2'], hosts: ['BYOD4L', 'alexgspiers'], date: '2016-01-15T20:04:30+00:00' },
  { file: 'twitter-html/mercury-twitter-permalink-2016.html', slug: 'mercury-permalink', messages: 12, questions: [] },
  { file: 'twitter-html/metascraper-twitter-permalink-2017.html', slug: 'metascraper-permalink', messages: 6, questions: [] },
  { file: 'twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html', slug: 'takagi-embeds', messages: 15, questions: [] },
];

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-new-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/jamrecap.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') } });
}

/** The quote lines of a recap, by section ("intro" before the first `## Qn` or `## Tn`). */
function quoteLines(recap: string): Map<string, { handle: string | null; text: string; id: string | null }[]> {
  const out = new Map<string, { handle: string | null; text: string; id: string | null }[]>();
  let section = 'intro';
  for (const line of recap.split('\n')) {
    const h = /^## ([QT]\d+[a-z]?)/.exec(line);
    if (h) section = h[1];
    const q = /^> (?:@([A-Za-z0-9_]+) (.*)|(\d+))$/.exec(line);
    if (!q) continue;
    if (!out.has(section)) out.set(section, []);
    out.get(section)!.push({ handle: q[1] ?? null, text: q[2] ?? '', id: q[3] ?? null });
  }
  return out;
}

describe('jamrecap new on every HTML corpus file', () => {
  corpusTest(
    'drafts that pass check and build with --drafts, every suggested quote resolving',
    HTML_CORPUS.map((c) => c.file),
    async (_t, ...paths) => {
      const content = makeContent(join(tmp, 'corpus-content'));
      HTML_CORPUS.forEach((c, i) => {
        const r = cli(['new', c.slug, '--from', paths[i], '--content', content]);
        assert.equal(r.status, 0, `${c.slug}: ${r.stderr}`);
        assert.match(r.stdout, new RegExp(`^created .*jams/${c.slug}/recap\\.md: ${c.messages} messages, ${c.questions.length} questions?, \\d+ suggested quotes?, 1 export copied\\n`));
        assert.ok(readFileSync(join(content, 'jams', c.slug, c.file.split('/').pop()!)).equals(readFileSync(paths[i])), 'export copied byte for byte');
      });

      // Every draft reads back as valid notes: draft, a section per question, three quotes each.
      for (const c of HTML_CORPUS) {
        const recapPath = join(content, 'jams', c.slug, 'recap.md');
        const text = readFileSync(recapPath, 'utf8');
        const notes = parseNotes(text, recapPath);
        assert.deepEqual(notes.problems.map((p) => formatProblem(p)), [], c.slug);
        assert.equal(notes.front.draft, true);
        assert.ok(notes.front.title.length > 0);
        assert.deepEqual(notes.front.exports!.map((e) => e.value), [c.file.split('/').pop()]);
        assert.match(notes.front.date, /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$/, `${c.slug}: date with an offset (or a day)`);
        assert.deepEqual(notes.body.sections.map((s) => s.id), c.questions);
        // The right hosts (the accounts posting the questions) and the chat's date (its first question).
        assert.deepEqual(notes.front.hosts, c.hosts, c.slug);
        if (c.date) assert.equal(notes.front.date, c.date, c.slug);
        assert.deepEqual(Object.keys(notes.front.questions), c.questions);
        const quotes = quoteLines(text);
        const sections = c.questions.length ? c.questions : ['intro'];
        for (const id of sections) {
          const list = quotes.get(id) ?? [];
          // Q4 of socbizchat was the last tweet of the room: nothing answered it.
          if (c.slug === 'socbizchat' && id === 'Q4') assert.equal(list.length, 0);
          else assert.equal(list.length, 3, `${c.slug} ${id}: three suggestions`);
          // One per author while there are others to choose from.
          assert.equal(new Set(list.map((q) => q.handle?.toLowerCase() ?? q.id)).size, list.length, `${c.slug} ${id}: one quote per author`);
        }
      }

      // check: no errors (the placeholders are warnings), exit 0.
      const check = cli(['check', '--content', content]);
      assert.equal(check.status, 0, check.stderr);
      const lines = check.stderr.trim().split('\n');
      assert.deepEqual(lines.filter((l) => !/: warning: /.test(l)), []);
      assert.match(check.stdout, /^7 jams checked: 0 errors, \d+ warnings\n$/);

      // A plain build leaves the drafts out entirely.
      const plainOut = join(tmp, 'corpus-plain');
      clearSiteCaches();
      const plain = await buildSite({ contentDir: content, outDir: plainOut, cacheDir: join(tmp, 'cache'), baseUrl: 'https://recaps.example.org' });
      assert.equal(plain.ok, true, plain.error?.message ?? plain.problems.map((p) => formatProblem(p)).join('\n'));
      assert.deepEqual(plain.summaries, []);
      assert.equal(existsSync(join(plainOut, 'jams')), false, 'no jam pages, no downloads');
      const home = cheerio.load(readFileSync(join(plainOut, 'index.html'), 'utf8'));
      assert.equal(home('li.jam').length, 0);
      assert.equal(plain.problems.filter((p) => /draft: left out of this build/.test(p.message)).length, 7);
      if (existsSync(join(plainOut, 'participants'))) assert.deepEqual(readdirSync(join(plainOut, 'participants')), ['index.html']);
      // Nor in feeds, the API, the sitemap or anywhere else.
      const everything = (readdirSync(plainOut, { recursive: true }) as string[]).filter((f) => statSync(join(plainOut, f)).isFile());
      assert.ok(everything.length >= 3, everything.join(', '));
      for (const f of everything) {
        const text = readFileSync(join(plainOut, f), 'utf8');
        for (const c of HTML_CORPUS) assert.ok(!text.includes(`jams/${c.slug}`) && !text.includes(`"${c.slug}"`), `${f} names the draft ${c.slug}`);
      }

      // --drafts builds them all: counts as imported, every quote featured as the message it names.
      const out = join(tmp, 'corpus-drafts');
      const built = await buildSite({ contentDir: content, outDir: out, drafts: true, cacheDir: join(tmp, 'cache') });
      assert.equal(built.ok, true, built.error?.message ?? built.problems.map((p) => formatProblem(p)).join('\n'));
      const bySlug = new Map(built.summaries.map((s) => [s.slug, s]));
      for (const c of HTML_CORPUS) {
        const s = bySlug.get(c.slug)!;
        const quotes = quoteLines(readFileSync(join(content, 'jams', c.slug, 'recap.md'), 'utf8'));
        const total = [...quotes.values()].reduce((n, l) => n + l.length, 0);
        assert.deepEqual([s.messages, s.questions, s.featured], [c.messages, c.questions.length, total], c.slug);
        const $ = cheerio.load(readFileSync(join(out, 'jams', c.slug, 'index.html'), 'utf8'));
        for (const [section, list] of quotes) {
          const where = section === 'intro' ? $('.intro') : $(`section#${section.toLowerCase()}`);
          const featured = where.find('blockquote.message.featured');
          assert.equal(featured.length, list.length, `${c.slug} ${section}`);
          featured.each((i, b) => {
            const q = list[i];
            if (q.id) return assert.equal($(b).attr('data-message-id'), q.id);
            assert.equal(handleKey($(b).attr('data-author')!), handleKey(q.handle!));
            assert.ok(foldForMatch($(b).find('p.text').text()).startsWith(foldForMatch(q.text)), `${c.slug} ${section}: "${q.text}"`);
            // Never the question itself.
            if (section !== 'intro') assert.equal($(b).attr('data-question'), section);
          });
        }
      }
    },
  );

  corpusTest('socbizchat: the most replied-to and the retweeted answer come first', ['tweetchat/socbizchat-room.html'], (_t, room) => {
    const content = makeContent(join(tmp, 'rank-content'));
    const r = cli(['new', 'socbizchat', '--from', room, '--content', content, '--timezone', 'America/New_York']);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(join(content, 'jams', 'socbizchat', 'recap.md'), 'utf8');
    const quotes = quoteLines(text);
    const t = importFiles([room]);
    const resolveFirst = (id: string) => {
      const q = quotes.get(id)![0];
      return t.messages.filter((m) => handleKey(m.author.handle) === handleKey(q.handle!) && foldForMatch(m.text).startsWith(foldForMatch(q.text)));
    };
    assert.deepEqual(resolveFirst('Q1').map((m) => m.id), ['261150601507766273']);
    assert.deepEqual(resolveFirst('Q3').map((m) => m.id), ['261159535375286314']);
    // Never a question, never the host while participants remain.
    const asked = new Set(t.questions.map((q) => q.messageId));
    for (const list of quotes.values()) for (const q of list) assert.notEqual(handleKey(q.handle!), 'cmswire');
    assert.equal(t.messages.filter((m) => asked.has(m.id)).length, 4);
    // Front matter as the brief says: the first question's time with the zone's offset.
    const notes = parseNotes(text, 'recap.md');
    assert.equal(notes.front.date, '2012-10-24T13:00:30-04:00');
    assert.equal(notes.front.timezone, 'America/New_York');
    assert.deepEqual(notes.front.hosts, ['cmswire']);
    assert.equal(notes.front.hashtag, 'socbizchat');
    assert.equal(notes.front.title, 'TweetChat - #socbizchat');
    assert.equal(notes.front.questions.Q2, 'How do collaboration and social differ?');
    assert.match(text, /^## Q2 · How do collaboration and social differ\?$/m);
  });
});

describe('jamrecap new refuses', () => {
  corpusTest('to overwrite an existing jam (exit 1), leaving it as it was', ['tweetchat/socbizchat-room.html'], (_t, room) => {
    const content = makeContent(join(tmp, 'refuse-content'));
    assert.equal(cli(['new', 'soc', '--from', room, '--content', content]).status, 0);
    const recap = join(content, 'jams', 'soc', 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace('draft: true', 'draft: false'));
    const before = readFileSync(recap);
    const again = cli(['new', 'soc', '--from', room, '--content', content]);
    assert.equal(again.status, 2, 'the path is taken: a usage error, like build --out on a folder it did not write');
    assert.match(again.stderr, /^jamrecap new: .*jams\/soc already exists: a jam is never overwritten/);
    assert.ok(readFileSync(recap).equals(before));
    assert.deepEqual(readdirSync(join(content, 'jams')).filter((n) => n !== 'jams.11tydata.mjs'), ['soc'], 'no leftover temporary folder');
  });

  corpusTest('bad slugs (exit 2), creating nothing', ['tweetchat/socbizchat-room.html'], (_t, room) => {
    for (const slug of ['Soc', '../soc', 'soc/x', '-soc', 'soc-', '_soc', 'soc_', 'con', 'lpt1', 'index', '', 'x'.repeat(101)]) {
      assert.notEqual(slugProblem(slug), null, `"${slug}" is refused`);
    }
    // The rule build applies to jam folders (src/site/slug.ts): "_" and "--" inside are fine.
    for (const slug of ['2012-10-24-socbizchat', 'soc_chat', 'so--c', 'a', 'x'.repeat(100), 'con-2']) assert.equal(slugProblem(slug), null, slug);
    const content = makeContent(join(tmp, 'slug-content'));
    for (const slug of ['Soc', '../soc', 'con']) {
      const r = cli(['new', slug, '--from', room, '--content', content]);
      assert.equal(r.status, 2, `"${slug}": ${r.stderr}`);
      assert.match(r.stderr, /^jamrecap new: "(Soc|\.\.\/soc|con)" (cannot be a jam's address|is a reserved name)/);
    }
    assert.deepEqual(readdirSync(join(content, 'jams')).filter((n) => n !== 'jams.11tydata.mjs'), []);
    assert.equal(existsSync(join(tmp, 'soc')), false);
  });

  corpusTest(
    'new --channel and --date: a Slack workspace export drafted from the channel given (written as channel:), a Zoom chat dated the day given; each builds as drafted',
    ['slack-export/slack-export-viewer-testarchive.zip', 'zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt'],
    (_t, zip, zoom) => {
      const content = makeContent(join(tmp, 'platform-content'));
      const slack = cli(['new', 'sailing', '--from', zip, '--channel', '#traveling-sailor', '--content', content]);
      assert.equal(slack.status, 0, slack.stderr);
      assert.match(slack.stdout, /^created .*sailing\/recap\.md: 23 messages/);
      assert.match(readFileSync(join(content, 'jams', 'sailing', 'recap.md'), 'utf8'), /\nchannel: traveling-sailor\n/);
      const z = cli(['new', 'zoomy', '--from', zoom, '--date', '2020-05-12', '--timezone', 'America/Denver', '--content', content]);
      assert.equal(z.status, 0, z.stderr);
      assert.match(readFileSync(join(content, 'jams', 'zoomy', 'recap.md'), 'utf8'), /\ndate: 2020-05-12T08:58:13-06:00 /);
      assert.equal(cli(['new', 'x', '--from', zoom, '--date', '2020-13-01', '--content', content]).stderr.split('\n')[0], 'jamrecap new: --date "2020-13-01" is not a day: write YYYY-MM-DD, e.g. 2020-05-12');
      const check = cli(['check', '--content', content]);
      assert.equal(check.status, 0, check.stderr);
    },
  );

  test('an export jamrecap cannot read (exit 2), creating nothing', () => {
    const content = makeContent(join(tmp, 'unreadable-content'));
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'Just some notes, not a chat.\n');
    const r = cli(['new', 'notes', '--from', notes, '--content', content]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not a recognized chat export/);
    assert.equal(existsSync(join(content, 'jams', 'notes')), false);
    const missing = cli(['new', 'notes', '--from', join(tmp, 'missing.html'), '--content', content]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.html: cannot read \(ENOENT\): no such file; check the path\n$/);
    assert.equal(existsSync(join(content, 'jams', 'notes')), false);
  });
});

describe('jamrecap new writes YAML that reads back', () => {
  corpusTest('hostile titles are quoted, not interpreted', ['tweetchat/socbizchat-room.html'], (_t, room) => {
    const t = importFiles([room]);
    const titles = ['null', 'yes', '2012-10-24', '"quoted": #not a comment & *not an alias [x] {y} | > — ok', "- a list? '' ---", '@handle: value\\n', '{{ title }} <script>'];
    for (const title of titles) {
      const draft = draftRecap(t, { slug: 'x', exports: ['socbizchat-room.html'], title });
      const notes = parseNotes(draft.text, 'recap.md');
      assert.deepEqual(notes.problems, [], title);
      assert.equal(notes.front.title, title);
    }
    // And through the command line.
    const content = makeContent(join(tmp, 'yaml-content'));
    const r = cli(['new', 'hostile', '--from', room, '--content', content, `--title=${titles[3]}`]);
    assert.equal(r.status, 0, r.stderr);
    const path = join(content, 'jams', 'hostile', 'recap.md');
    assert.equal(parseNotes(readFileSync(path, 'utf8'), path).front.title, titles[3]);
  });
});

describe('drafts in the preview', () => {
  corpusTest('`jamrecap serve` shows a draft', ['tweetchat/socbizchat-room.html'], async (_t, room) => {
    const content = makeContent(join(tmp, 'serve-content'));
    assert.equal(cli(['new', 'preview', '--from', room, '--content', content]).status, 0);
    const port = 18000 + Math.floor(Math.random() * 2000);
    const child = spawn(process.execPath, ['bin/jamrecap.js', 'serve', '--content', content, '--out', join(tmp, 'serve-out'), '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      let html = '';
      for (let i = 0; i < 100 && !html; i++) {
        await new Promise((r) => setTimeout(r, 200));
        try {
          const res = await fetch(`http://localhost:${port}/jams/preview/`);
          if (res.ok) html = await res.text();
        } catch {
          // not listening yet
        }
      }
      assert.ok(html, `the draft is served (server said: ${output})`);
      const $ = cheerio.load(html);
      assert.equal($('section.question').length, 4);
      assert.equal($('blockquote.message.featured').length, 9);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
