/**
 * The recap site, built for real (Eleventy, programmatically) into temporary
 * folders and read back with cheerio:
 *
 * - the example jam (content/jams/2012-10-24-socbizchat, a copy of the
 *   corpus' socbizchat-room.html): recap sections, transcript articles,
 *   links both ways, participant pages, downloads, two builds byte-identical;
 * - a generated jam large enough that its transcript must be split into
 *   pages under 1 MB, with notes that try Liquid/Nunjucks and raw HTML;
 * - Eleventy itself never reading a content folder's template (`---js` front matter);
 * - a content folder of broken jams: every problem, `file:line:col`, one run.
 *
 * Counts of the example were verified on the raw file with grep:
 *   grep -c 'class="tweet[ "][^>]*id="tweet_' socbizchat-room.html   -> 47 tweets
 *   distinct lower-cased `a.user` texts                                 -> 27 accounts
 *   grep -c '^> @' recap.md                                             -> 41 quotes
 * and per question from the tweet times (Q1 asked 17:00:30, Q2 17:15:00,
 * Q3 17:30:00, Q4 17:45:00 UTC; the last tweet is Q4 itself): Q1 has 18
 * tweets after it before Q2, less CraigJWillis' "#q1" tweet that recap.md
 * assigns to Q2 -> 17 answers; Q2 12 + 1 -> 13; Q3 13; Q4 0.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cheerio from 'cheerio';
import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { ROOT } from './helpers/corpus.ts';
import { withoutSearchScript } from './helpers/search-page.ts';
import { buildSite, createEleventy, type BuildResult } from '../src/site/build.ts';
import { buildTwice } from './helpers/two-builds.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { listFiles } from './helpers/files.ts';

const SLUG = '2012-10-24-socbizchat';
const CONTENT = join(ROOT, 'content');
const ROOM = join(CONTENT, 'jams', SLUG, 'socbizchat-room.html');
const MB = 1024 * 1024;

let tmp: string;
let first: BuildResult;
let second: BuildResult;
let out: string;

const files = listFiles;

function page(root: string, url: string): cheerio.CheerioAPI {
  const path = join(root, ...url.split('/').filter(Boolean), 'index.html');
  assert.ok(existsSync(path), `page ${url} exists`);
  return cheerio.load(readFileSync(path, 'utf8'));
}

/** The page a root-relative URL points at, and its fragment. */
function target(url: string): { path: string; id: string } {
  const [path, id = ''] = url.split('#');
  return { path, id };
}

/** The content folder without the example jam (the theme ships with jamrecap), for generated sites. */
function copyTheme(dest: string): void {
  cpSync(CONTENT, dest, { recursive: true, filter: (src) => !relative(CONTENT, src).startsWith(join('jams', SLUG)) });
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-site-'));
  ({ outA: out, first, second } = await buildTwice(CONTENT, tmp));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});


describe('the example jam', () => {
  test('builds, and prints one summary per jam', () => {
    assert.equal(first.ok, true, first.error?.message ?? first.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(first.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(first.summaries, [{ slug: SLUG, messages: 47, participants: 27, questions: 4, featured: 41, downloads: 7 }]);
  });

  test('the room file really has 47 tweets by 27 accounts (independent count)', () => {
    const raw = readFileSync(ROOM, 'latin1');
    assert.equal(raw.match(/class="tweet[ "][^>]*id="tweet_/g)?.length, 47);
    const users = new Set(Array.from(raw.matchAll(/class="user"[^>]*>([^<]*)</g), (m) => m[1].toLowerCase()));
    assert.equal(users.size, 27);
  });

  test('recap: a section per question, the summary, featured quotes and all answers', () => {
    const $ = page(out, `/jams/${SLUG}/`);
    const sections = $('section.question');
    assert.deepEqual(sections.map((_, s) => $(s).attr('id')).get(), ['q1', 'q2', 'q3', 'q4']);
    assert.deepEqual(sections.map((_, s) => $(s).attr('data-question')).get(), ['Q1', 'Q2', 'Q3', 'Q4']);
    assert.equal($('h1').first().text(), 'From Social Media to Social Business');
    assert.equal($('p.meta time').attr('datetime'), '2012-10-24T13:00:00-04:00');
    assert.match($('p.meta time').text(), /Wednesday, October 24, 2012, 1:00 PM EDT/);
    // Eleventy's page date is the front matter's (13:00 New York), not the file's creation time.
    assert.equal($('meta[property="article:published_time"]').attr('content'), '2012-10-24T17:00:00.000Z');
    assert.equal($('a.host').text(), '@cmswire');
    assert.match($('.intro p').first().text(), /^With our "From Social Media to Social Business" Tweet Jam wrapped up/);
    assert.deepEqual($('nav.contents a[href^="#q"]').map((_, a) => $(a).attr('href')).get(), ['#q1', '#q2', '#q3', '#q4']);
    // Not numbered: "1. Q1 · …" said the number twice.
    assert.equal($('nav.contents > ol').length, 0);
    assert.equal($('nav.contents > ul.contents > li').first().text(), $('section#q1 h2').first().text());

    const answers = (id: string) => $(`section#${id} details.answers li.message`).length;
    assert.deepEqual(['q1', 'q2', 'q3', 'q4'].map(answers), [17, 13, 13, 0]);
    assert.deepEqual(['q1', 'q2', 'q3', 'q4'].map((id) => $(`section#${id} .summary blockquote.message.featured`).length), [17, 13, 11, 0]);
    // Every question has the editor's summary.
    for (const id of ['q1', 'q2', 'q3', 'q4']) assert.ok($(`section#${id} .summary > p`).length >= 1, `${id} has a summary`);

    // The #q1 tweet the editor filed under Q2 is featured in Q2 and answers Q2.
    const craig = $('section#q2 blockquote[data-message-id="261154250552246292"]');
    assert.equal(craig.attr('data-question'), 'Q2');
    assert.equal(craig.attr('data-author'), 'CraigJWillis');
    assert.match(craig.find('p.text').text(), /^#q1 collaboration is a component of social/);
    assert.equal($('section#q2 details li[data-message-id="261154250552246292"]').length, 1);

    // Stats agree with the sections.
    assert.equal($('dd[data-stat="messages"]').text(), '47');
    assert.equal($('dd[data-stat="participants"]').text(), '27');
    assert.deepEqual($('table.answers-per-question tbody tr').map((_, r) => $(r).find('td').text()).get(), ['17', '13', '13', '0', '0']);
  });

  test('transcript: one article per message, chronological, under question headings', () => {
    const $ = page(out, `/jams/${SLUG}/transcript/`);
    // The day and zone are stated; an index at the top goes to each question's part.
    assert.equal($('p.transcript-when').text(), 'Wednesday, October 24, 2012, 1:00 PM EDT · times are America/New_York');
    assert.deepEqual($('details.question-index a').map((_, a) => $(a).attr('href')).get(), ['q1', 'q2', 'q3', 'q4'].map((q) => `/jams/${SLUG}/transcript/#${q}`));
    for (const q of ['q1', 'q2', 'q3', 'q4']) assert.equal($(`h2#${q}[data-question]`).length, 1, q);
    const articles = $('article.message');
    assert.equal(articles.length, 47);
    const json = JSON.parse(readFileSync(join(out, 'jams', SLUG, 'download', `${SLUG}.json`), 'utf8'));
    assert.equal(json.messages.length, 47);
    assert.deepEqual(articles.map((_, a) => $(a).attr('data-message-id')).get(), json.messages.map((m: { id: string }) => m.id));
    articles.each((i, a) => {
      const m = json.messages[i];
      assert.equal($(a).attr('id'), `m-${m.id}`);
      assert.equal($(a).attr('data-author'), m.author.handle);
      assert.equal($(a).attr('data-question'), m.question ?? 'none');
      assert.equal($(a).find('a.self').attr('href'), `#m-${m.id}`);
      assert.equal($(a).find('a.original').attr('href'), m.url);
      assert.equal($(a).find('a.original').attr('rel'), 'nofollow ugc noopener');
      // Link text that says where it goes, and a name that says whose post it is (not 47 links all called "original").
      assert.equal($(a).find('a.original').text(), 'on twitter.com');
      assert.equal($(a).find('a.original').attr('aria-label'), `@${m.author.handle}'s post of ${$(a).find('header time').attr('title')}, on twitter.com`);
      assert.equal($(a).find('time').attr('datetime'), m.time);
    });
    const times = json.messages.map((m: { time: string }) => m.time);
    assert.deepEqual(times, [...times].sort());
    assert.deepEqual($('h2[data-question]').map((_, h) => $(h).attr('id')).get(), ['q1', 'q2', 'q3', 'q4']);
    // A heading comes right before the message that asks its question.
    $('h2[data-question]').each((_, h) => {
      assert.ok($(h).next('article').hasClass('asks'));
      assert.equal($(h).next('article').attr('data-question'), $(h).attr('data-question'));
    });
  });

  test('links: each featured quote links to its transcript article, which links back', () => {
    const recap = page(out, `/jams/${SLUG}/`);
    const transcript = page(out, `/jams/${SLUG}/transcript/`);
    const quotes = recap('blockquote.message.featured');
    assert.equal(quotes.length, 41);
    quotes.each((_, q) => {
      const id = recap(q).attr('data-message-id')!;
      const href = recap(q).find('a.in-transcript').attr('href')!;
      assert.equal(href, `/jams/${SLUG}/transcript/#m-${id}`);
      const article = transcript(`article#m-${id}`);
      assert.equal(article.length, 1, `article for ${id}`);
      assert.ok(article.hasClass('featured'));
      const back = article.find('a.quoted-in').attr('href')!;
      assert.equal(back, `/jams/${SLUG}/#quote-${id}`);
      assert.equal(recap(`#quote-${id}`).length, 1);
      // The quote shows the real message, not the editor's abbreviation.
      assert.equal(recap(q).find('p.text').text(), article.find('p.text').text());
    });
    assert.equal(transcript('a.quoted-in').length, 41);
    // Question headings link to the recap sections, which exist.
    transcript('h2[data-question] a').each((_, a) => {
      const { path, id } = target(transcript(a).attr('href')!);
      assert.equal(path, `/jams/${SLUG}/`);
      assert.equal(recap(`section#${id}`).length, 1);
    });
  });

  test('participants: the jam index, the global index and a page per person', () => {
    const jamPeople = page(out, `/jams/${SLUG}/participants/`);
    const rows = jamPeople('table.participants tbody tr');
    assert.equal(rows.length, 27);
    const total = rows.map((_, r) => Number(jamPeople(r).find('td').eq(1).text())).get().reduce((a, b) => a + b, 0);
    assert.equal(total, 47);
    // The host is marked, and only the host.
    assert.deepEqual(jamPeople('span.role').map((_, r) => [[jamPeople(r).closest('tr').attr('data-author'), jamPeople(r).text()]]).get(), [['cmswire', 'host']]);
    const all = page(out, '/participants/');
    assert.equal(all('table.people tbody tr').length, 27);

    const transcript = page(out, `/jams/${SLUG}/transcript/`);
    const handles = new Set(transcript('article.message').map((_, a) => transcript(a).attr('data-author')!).get());
    assert.equal(handles.size, 27);
    for (const handle of handles) {
      const $ = page(out, `/participants/${handle.toLowerCase()}/`);
      assert.equal($('h1').contents().first().text().trim(), `@${handle}`);
      const mine = transcript(`article.message[data-author="${handle}"]`).map((_, a) => transcript(a).attr('data-message-id')!).get();
      const listed = $('li.message').map((_, li) => $(li).attr('data-message-id')!).get();
      assert.deepEqual([...listed].sort(), [...mine].sort(), `messages of ${handle}`);
      $('li.message a.in-transcript').each((_, a) => {
        const { path, id } = target($(a).attr('href')!);
        assert.equal(path, `/jams/${SLUG}/transcript/`);
        assert.equal(transcript(`article#${id}`).length, 1);
      });
    }
    // cmswire asked the four questions: grouped under Q1..Q4.
    const host = page(out, '/participants/cmswire/');
    assert.deepEqual(host('h3[data-question]').map((_, h) => host(h).attr('data-question')).get(), ['Q1', 'Q2', 'Q3', 'Q4']);
  });

  test('every kind of page has its title (pageTitle, added as each page renders: nunjucks-page-title.ts)', () => {
    const title = (url: string) => page(out, url)('head > title').text(); // not the charts' SVG <title>s
    const jam = 'From Social Media to Social Business';
    assert.deepEqual(
      ['/', `/jams/${SLUG}/`, `/jams/${SLUG}/transcript/`, `/jams/${SLUG}/participants/`, `/jams/${SLUG}/embed/`, `/jams/${SLUG}/embed/q2/`, '/participants/', '/participants/cmswire/'].map(title),
      // The home page is the site itself: its name alone (not "Recaps · Tweet jam recaps").
      ['Tweet jam recaps', ...[jam, `Transcript: ${jam}`, `Who took part: ${jam}`, `Embed: ${jam}`, `Embed: ${jam}, Q2`, 'Participants', '@cmswire'].map((t) => `${t} · Tweet jam recaps`)],
    );
  });

  test('home lists the jam with its counts and first paragraph', () => {
    const $ = page(out, '/');
    const jam = $('li.jam');
    assert.equal(jam.length, 1);
    assert.equal(jam.find('h2 a').attr('href'), `/jams/${SLUG}/`);
    assert.equal(jam.find('[data-stat="messages"]').text(), '47');
    assert.equal(jam.find('[data-stat="participants"]').text(), '27');
    assert.equal(jam.find('[data-stat="questions"]').text(), '4');
    assert.match(jam.find('p').last().text(), /^With our "From Social Media/);
  });

  test('downloads exist, are linked from the recap, and count the same 47 messages', () => {
    const dir = join(out, 'jams', SLUG, 'download');
    const names = [`${SLUG}.json`, `${SLUG}.csv`, `${SLUG}-spreadsheet.csv`, `${SLUG}.md`, `${SLUG}.txt`, `${SLUG}.html`, `${SLUG}-archive.zip`];
    // The recap's own two files (publish/recap-downloads.ts, tested in cms-export.test.ts) come first.
    const recapNames = [`${SLUG}-recap.md`, `${SLUG}-recap.html`, `${SLUG}-site.zip`];
    assert.deepEqual(readdirSync(dir).sort(), [...recapNames, ...names].sort());
    const $ = page(out, `/jams/${SLUG}/`);
    const links = $('section.downloads a').map((_, a) => $(a).attr('href')!).get();
    assert.deepEqual(links, [...recapNames, ...names].map((n) => `/jams/${SLUG}/download/${n}`));
    // The two CSVs say which is which.
    const label = (n: string) => $('section.downloads li').filter((_, li) => $(li).find('a').text() === n).text();
    assert.match(label(`${SLUG}.csv`), /CSV, exact \(for scripts and re-import/);
    assert.match(label(`${SLUG}-spreadsheet.csv`), /CSV for Excel and other spreadsheets \(safe to double-click/);
    for (const n of names) assert.ok(statSync(join(dir, n)).size > 0);
    const rows = parseCsv(readFileSync(join(dir, `${SLUG}.csv`)), { columns: true, bom: true }) as { id: string }[];
    assert.equal(rows.length, 47);
    const json = JSON.parse(readFileSync(join(dir, `${SLUG}.json`), 'utf8'));
    assert.deepEqual(rows.map((r) => r.id), json.messages.map((m: { id: string }) => m.id));
  });

  test('no page over 1 MB, no script anywhere, notes escaped', () => {
    for (const f of files(out).filter((f) => f.endsWith('.html'))) {
      const bytes = statSync(join(out, f)).size;
      assert.ok(bytes < MB, `${f}: ${bytes} bytes`);
      if (!f.includes('/download/')) assert.doesNotMatch(withoutSearchScript(f, readFileSync(join(out, f), 'utf8')), /<script/i, f);
    }
  });

  test('two builds of the same content are byte-identical', () => {
    assert.equal(second.ok, true);
    const a = files(out);
    const b = files(join(tmp, 'b'));
    assert.deepEqual(a, b);
    assert.ok(a.length >= 27 + 7);
    for (const f of a) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(tmp, 'b', f))), `${f} differs between builds`);
  });
});

/** A TweetChat room page (newest first) with `n` tweets, every 600th a host question. */
function bigRoom(n: number): string {
  const base = DateTime.fromISO('2019-03-01T15:00:00Z', { zone: 'utc' });
  const rows: string[] = [];
  const lorem = 'Tests keep a recap honest, and honest recaps keep a community coming back week after week, '.repeat(3);
  for (let i = 0; i < n; i++) {
    const id = String(800000000000000000n + BigInt(i));
    const q = Math.floor(i / 600) + 1;
    const asks = i % 600 === 0;
    const user = asks ? 'CMSWire' : `u${String(i % 30).padStart(2, '0')}`;
    const text = asks
      ? `Q${q}. Question number ${q}, what do you think? #bigchat`
      : `Q${q} answer ${i}: ${lorem}&lt;script&gt;alert("${i}")&lt;/script&gt; &amp; more #bigchat`;
    const time = base.plus({ seconds: 2 * i }).toFormat('EEE MMM dd HH:mm:ss ZZZ yyyy', { locale: 'en-US' });
    rows.push(
      `<div class="tweet${asks ? ' highlight' : ''}" id="tweet_${id}"><div class="content"><a class="user" href="http://twitter.com/${user}" title="${user}">${user}</a> <span class="text">${text}</span><div class="meta"><a class="time" href="http://twitter.com/${user}/status/${id}" title="${time}">x</a></div></div></div>`,
    );
  }
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>TweetChat - #bigchat</title></head><body><div id="stream">\n${rows.reverse().join('\n')}\n</div></body></html>\n`;
}

describe('a transcript too big for one page', () => {
  const N = 3000;
  let site: string;
  let bigOut: string;
  let result: BuildResult;

  before(async () => {
    site = join(tmp, 'big-content');
    cpSync(CONTENT, site, { recursive: true }); // the theme and the example jam
    const jam = join(site, 'jams', 'big');
    mkdirSync(jam, { recursive: true });
    writeFileSync(join(jam, 'room.html'), bigRoom(N));
    writeFileSync(
      join(jam, 'recap.md'),
      [
        '---',
        'title: Big <b>jam</b> & {{ title }}',
        'date: 2019-03-01',
        'hashtag: bigchat',
        'hosts: [CMSWire]',
        '---',
        'Notes are Markdown only: {{ 6 * 7 }} {% raw %} <script>alert(1)</script> <img src=x onerror=alert(1)>',
        '',
        '## Q1 · The first question',
        '',
        'A summary.',
        '',
        '> @u01 Q1 answer 1: Tests keep',
        '> 800000000000002400',
        '',
      ].join('\n'),
    );
    bigOut = join(tmp, 'big-out');
    result = await buildSite({ contentDir: site, outDir: bigOut, baseUrl: 'https://recaps.example.org' });
  });

  test('is split into pages under 1 MB that hold every message once', () => {
    assert.equal(result.ok, true, result.error?.message ?? result.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(result.summaries.map((s) => [s.slug, s.messages, s.questions, s.featured]), [['big', N, 5, 2], [SLUG, 47, 4, 41]]);
    const dir = join(bigOut, 'jams', 'big', 'transcript');
    const pageUrls = ['/jams/big/transcript/'];
    for (let p = 2; existsSync(join(dir, String(p), 'index.html')); p++) pageUrls.push(`/jams/big/transcript/${p}/`);
    assert.ok(pageUrls.length >= 3, `${pageUrls.length} pages`);
    const seen: string[] = [];
    const where = new Map<string, string>();
    pageUrls.forEach((url, i) => {
      const file = join(bigOut, ...url.split('/').filter(Boolean), 'index.html');
      assert.ok(statSync(file).size < MB, `${url}: ${statSync(file).size} bytes`);
      const $ = page(bigOut, url);
      $('article.message').each((_, a) => {
        seen.push($(a).attr('data-message-id')!);
        where.set($(a).attr('id')!, url);
      });
      assert.equal($('nav.pager').first().find('[aria-current="page"]').text(), String(i + 1));
      if (i > 0) assert.equal($('a[rel="prev"]').first().attr('href'), pageUrls[i - 1]);
    });
    assert.equal(seen.length, N);
    assert.equal(new Set(seen).size, N);
    const ids = Array.from({ length: N }, (_, i) => String(800000000000000000n + BigInt(i)));
    assert.deepEqual(seen, ids);
    // Each question's heading (with its anchor) exists once, on the page where it was asked.
    for (let q = 1; q <= 5; q++) {
      const asker = `m-${800000000000000000n + BigInt((q - 1) * 600)}`;
      const $ = page(bigOut, where.get(asker)!);
      assert.equal($(`h2#q${q}`).length, 1);
      assert.equal($(`h2#q${q}`).next('article').attr('id'), asker);
    }
    // Links from people pages and the recap point at the page holding the message.
    for (const url of ['/participants/u07/', '/jams/big/']) {
      const $ = page(bigOut, url);
      const links = $('a.in-transcript').map((_, a) => $(a).attr('href')!).get();
      assert.ok(links.length > 0);
      for (const href of links) {
        const { path, id } = target(href);
        assert.equal(where.get(id), path, href);
      }
    }
  });

  test('recap stays under 1 MB and says how many answers are in the transcript only', () => {
    const file = join(bigOut, 'jams', 'big', 'index.html');
    assert.ok(statSync(file).size < MB, `${statSync(file).size} bytes`);
    const $ = page(bigOut, '/jams/big/');
    let total = 0;
    $('section.question').each((_, s) => {
      const shown = $(s).find('details li.message').length;
      const more = Number(/^(\d+) more/.exec($(s).find('details li.more').text())?.[1] ?? 0);
      total += shown + more;
    });
    assert.equal(total, N - 5); // every message answers a question, except the five questions
    const q1 = $('section#q1 blockquote.featured');
    assert.deepEqual(q1.map((_, b) => $(b).attr('data-message-id')).get(), ['800000000000000001', '800000000000002400']);
  });

  test('chat text and notes are escaped; notes are not templates', () => {
    const $ = page(bigOut, '/jams/big/');
    assert.equal($('h1').first().text(), 'Big <b>jam</b> & {{ title }}');
    const intro = $('.intro').html()!;
    assert.match($('.intro').text(), /\{\{ 6 \* 7 \}\} \{% raw %\} <script>alert\(1\)<\/script> <img src=x onerror=alert\(1\)>/);
    assert.doesNotMatch(intro, /<script|<img/i);
    for (const f of files(bigOut).filter((f) => f.endsWith('.html') && !f.includes('/download/'))) {
      const doc = cheerio.load(withoutSearchScript(f, readFileSync(join(bigOut, f), 'utf8')));
      assert.equal(doc('script, img, iframe, object, embed').length, 0, f);
      doc('*').each((_, el) => {
        for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) assert.doesNotMatch(name, /^on/i, `${f}: ${name}`);
      });
    }
    const t = page(bigOut, '/jams/big/transcript/');
    assert.match(t('article.message').eq(1).find('p.text').text(), /<script>alert\("1"\)<\/script> & more #bigchat$/);
  });

  test('two jams: home newest first, one person page across jams, canonical links', () => {
    const home = page(bigOut, '/');
    assert.deepEqual(home('li.jam').map((_, li) => home(li).attr('data-jam')).get(), ['big', SLUG]);
    // "CMSWire" hosts the big jam, "cmswire" the example: one person, both jams, newest spelling.
    const host = page(bigOut, '/participants/cmswire/');
    assert.equal(host('h1').contents().first().text().trim(), '@CMSWire');
    assert.deepEqual(host('section.jam').map((_, s) => host(s).attr('data-jam')).get(), ['big', SLUG]);
    assert.equal(host('li.message').length, 5 + 4);
    const people = page(bigOut, '/participants/');
    assert.equal(people('table.people tbody tr').length, 27 + 30);
    assert.equal(people('tr[data-author="CMSWire"] td').eq(1).text(), '2');
    assert.equal(host('link[rel="canonical"]').attr('href'), 'https://recaps.example.org/participants/cmswire/');
    assert.equal(page(bigOut, `/jams/${SLUG}/`)('link[rel="canonical"]').attr('href'), `https://recaps.example.org/jams/${SLUG}/`);
  });
});

describe('Eleventy itself', () => {
  test('reads no template of the content folder: JavaScript front matter there never runs, check refuses the file', async () => {
    const site = join(tmp, 'js-content');
    copyTheme(site);
    // A content folder holds Markdown pages only; a .njk file is never a template (test/content-code.test.ts has the rest).
    writeFileSync(join(site, 'evil.njk'), '---js\n{ permalink: (globalThis.jamrecapEleventyRanJs = true, "/evil/") }\n---\nevil\n');
    const elev = createEleventy({ contentDir: site, outDir: join(tmp, 'js-out'), onJamBuilt: () => {}, verbose: false });
    // Eleventy wraps the error; the reason is on the original error.
    const reasons = (e: unknown): string => (e ? `${(e as Error).message}\n${reasons((e as { originalError?: unknown }).originalError ?? (e as Error).cause)}` : '');
    await assert.rejects(
      () => elev.write() as Promise<unknown>,
      (err: unknown) => /evil\.njk:1:1: templates are refused in the content folder/.test(reasons(err)),
    );
    assert.equal((globalThis as Record<string, unknown>).jamrecapEleventyRanJs, undefined);
    assert.equal(existsSync(join(tmp, 'js-out', 'evil')), false);
  });
});

describe('broken notes', () => {
  const BAD = join(ROOT, 'test', 'fixtures', 'site-bad');
  const rel = (jam: string) => relative(ROOT, join(BAD, 'jams', jam, 'recap.md'));
  const expected = () => [
    `${rel('a-missing-title')}:2:1: missing required key "title"`,
    `${rel('b-tabs')}:6:1: Tabs are not allowed as indentation: indent with spaces`,
    // Unreadable YAML: the exports are not imported, so nothing is said of the chat's questions.
    `${rel('c-hosts-not-list')}:5:8: hosts must be a list, e.g. hosts: [cmswire]`,
    `${rel('d-js')}:1:4: JavaScript front matter ("---js") is refused: notes are data, never code; write YAML after a plain "---" line`,
    // The room asks no question: the "## Q1" section is said to name none (not also "no summary").
    `${rel('e-quotes')}:9:1: warning: ## Q1: the chat has no question Q1 (its questions: none); fix the heading, or say which message asks it: questions: { Q1: { message: "<id>" } }`,
    `${rel('e-quotes')}:12:3: quote "@nobody hello there" matches no message: no one posts as @nobody; fix the handle, or quote the message's id`,
    `${rel('e-quotes')}:13:3: quote "@bob" matches 2 messages: 900000000000000002, 900000000000000003 (quote more of the text, or use the message id)`,
    `${rel('f-proto')}:5:1: key "__proto__" is not allowed (it could overwrite built-in object properties)`,
    `${rel('f-proto')}:8:3: message id 900000000000000003 must be quoted ("900000000000000003"): unquoted numbers lose digits`,
  ];

  test('every problem of every jam in one run, nothing built, nothing run or polluted', async () => {
    const outDir = join(tmp, 'bad-out');
    const result = await buildSite({ contentDir: BAD, outDir });
    assert.equal(result.ok, false);
    assert.deepEqual(result.problems.map((p) => formatProblem(p, ROOT)), expected());
    assert.equal(existsSync(outDir), false);
    assert.equal((globalThis as Record<string, unknown>).jamrecapFrontMatterRan, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('`jamrecap build` prints them and exits 1', () => {
    const outDir = join(tmp, 'bad-cli-out');
    const r = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', relative(ROOT, BAD), '--out', outDir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1), expected());
    assert.equal(lines.at(-1), 'jamrecap build: 8 problems; nothing was built');
    assert.equal(r.stdout, '');
    assert.equal(existsSync(outDir), false);
  });
});
