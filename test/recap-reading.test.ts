/**
 * Reading comfort on the recap page (issue 13): each question's numbers
 * under its heading, the links to the questions before and after it, the
 * contents kept in view on wide screens, and one definition of "answer":
 * the count a question's section states equals the recap's answer list,
 * its chart and the standalone HTML download's section (its messages but
 * the one asking) and contents list, on the example site and on a corpus tweet chat.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { questionFacts, timeSpan } from '../src/site/views/question-facts.ts';
import type { MessageView } from '../src/publish/site-view.ts';

/** Per question of a built jam: what the recap, its chart, its answer list, the HTML download and the transcript pages count. */
function counts(out: string, slug: string): { id: string; stated: number; people: number; chart: number; listed: number; download: number; downloadToc: number; transcript: number; transcriptPeople: number }[] {
  const jamDir = join(out, 'jams', slug);
  const $ = cheerio.load(readFileSync(join(jamDir, 'index.html'), 'utf8'));
  const dl = cheerio.load(readFileSync(join(jamDir, 'download', `${slug}.html`), 'utf8'));
  const chart = new Map($('#chart-questions tbody tr').map((_, r) => [[$(r).find('th').text(), Number($(r).find('td').first().text())]]).get() as [string, number][]);
  // Every transcript page's articles (a question's part may run over several pages).
  const pagesDir = join(jamDir, 'transcript');
  const pages = [join(pagesDir, 'index.html'), ...readdirSync(pagesDir).filter((f) => /^\d+$/.test(f)).map((f) => join(pagesDir, f, 'index.html'))];
  const articles = pages.flatMap((p) => {
    const t = cheerio.load(readFileSync(p, 'utf8'));
    return t('article.message').map((_, a) => ({ q: t(a).attr('data-question')!, author: t(a).attr('data-author')!.toLowerCase(), asks: t(a).hasClass('asks') })).get();
  });
  return $('section.question').map((_, s) => {
    const id = $(s).attr('data-question')!;
    const facts = $(s).find('p.question-facts');
    const answers = articles.filter((a) => a.q === id && !a.asks);
    return {
      id,
      stated: Number(facts.attr('data-answers')),
      people: Number(facts.attr('data-people')),
      chart: chart.get(id) ?? -1,
      listed: $(s).find('details.answers li.message').length + Number($(s).find('details.answers li.more').text().match(/^(\d+) more/)?.[1] ?? 0),
      download: dl(`section.group[data-question="${id}"] article:not([data-asks])`).length,
      // The download's contents say "(17 answers)".
      downloadToc: Number(dl(`nav li:has(a[href="#q-${id}"]) .count`).text().match(/^\((\d+) answers?\)$/)?.[1] ?? -1),
      transcript: answers.length,
      transcriptPeople: new Set(answers.map((a) => a.author)).size,
    };
  }).get();
}

/** Every count of every question agrees. */
function assertOneDefinition(rows: ReturnType<typeof counts>): void {
  assert.ok(rows.length > 0);
  for (const r of rows) {
    assert.deepEqual([r.chart, r.listed, r.download, r.downloadToc, r.transcript], [r.stated, r.stated, r.stated, r.stated, r.stated], `${r.id}: ${JSON.stringify(r)}`);
    assert.equal(r.people, r.transcriptPeople, r.id);
  }
}

describe('the example site', () => {
  let tmp: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-recap-reading-'));
    const result = await buildSite({ contentDir: join(ROOT, 'content'), outDir: tmp });
    assert.equal(result.ok, true, result.error?.message);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('each question states its answers, people and time span under its heading', () => {
    const $ = cheerio.load(readFileSync(join(tmp, 'jams', '2012-10-24-socbizchat', 'index.html'), 'utf8'));
    const facts = $('section.question').map((_, s) => `${$(s).attr('data-question')}: ${$(s).children('h2').next('p.question-facts').text()}`).get();
    assert.deepEqual(facts, [
      'Q1: 17 answers · 15 people · 1:02–1:13 PM',
      'Q2: 13 answers · 12 people · 1:16–1:24 PM',
      'Q3: 13 answers · 11 people · 1:31–1:40 PM',
      'Q4: No answers',
    ]);
  });

  test('one definition of an answer: section, list, chart, HTML download and transcript agree', () => {
    const rows = counts(tmp, '2012-10-24-socbizchat');
    assert.deepEqual(rows.map((r) => r.stated), [17, 13, 13, 0]);
    assertOneDefinition(rows);
  });

  test('previous and next questions at the end of each section, plain links named by id and title', () => {
    const $ = cheerio.load(readFileSync(join(tmp, 'jams', '2012-10-24-socbizchat', 'index.html'), 'utf8'));
    const navs = $('section.question').map((_, s) => {
      const nav = $(s).children('nav.question-nav');
      assert.equal($(s).children().last().is(nav), true, 'the last thing in the section');
      return `${nav.attr('aria-label')} | ${nav.find('a').map((_, a) => `${$(a).attr('href')} ${$(a).text()}${$(a).attr('rel') ? ' rel!' : ''}`).get().join(' | ')}`;
    }).get();
    assert.deepEqual(navs, [
      'Before and after Q1 | #q2 Next: Q2 · How do collaboration and social differ?',
      'Before and after Q2 | #q1 Previous: Q1 · How do you define "social business"? | #q3 Next: Q3 · Who should own the social business strategy?',
      'Before and after Q3 | #q2 Previous: Q2 · How do collaboration and social differ? | #q4 Next: Q4 · What are some key factors when making the business case for social initiatives? Is demonstrating ROI critical?',
      'Before and after Q4 | #q3 Previous: Q3 · Who should own the social business strategy?',
    ]);
  });

  test('the contents stay in view on wide screens: a sticky side column from 1100 px, CSS only', () => {
    const css = readFileSync(join(ROOT, 'theme', 'assets', 'site.css'), 'utf8');
    const wide = css.slice(css.indexOf('@media (min-width: 1100px)'));
    assert.match(wide, /^@media \(min-width: 1100px\) \{\n {2}main:has\(> article\.recap\) \{ max-width: 70rem; \}\n {2}article\.recap \{ display: grid; grid-template-columns: 15rem minmax\(0, 48rem\);/);
    assert.match(wide, /article\.recap > nav\.contents \{ grid-column: 1; grid-row: 1 \/ span 500; position: sticky; top: 1rem;/);
    const $ = cheerio.load(readFileSync(join(tmp, 'jams', '2012-10-24-socbizchat', 'index.html'), 'utf8'));
    assert.equal($('article.recap > nav.contents').length, 1, 'the contents are a child of the recap (its grid)');
    assert.equal($('script').length, 0);
  });
});

describe('question facts', () => {
  const v = (time: string, timeLabel: string, handle = 'a') => ({ time, timeLabel, handle }) as MessageView;
  test('time spans say a shared AM/PM once, a single moment once, and keep both days apart', () => {
    assert.equal(timeSpan([]), null);
    assert.equal(timeSpan([v('2012-10-24T17:02:00Z', '1:02 PM')]), '1:02 PM');
    assert.equal(timeSpan([v('2012-10-24T17:02:00Z', '1:02 PM'), v('2012-10-24T17:13:00Z', '1:13 PM')]), '1:02–1:13 PM');
    assert.equal(timeSpan([v('2012-10-24T15:50:00Z', '11:50 AM'), v('2012-10-24T17:13:00Z', '1:13 PM')]), '11:50 AM–1:13 PM');
    assert.equal(timeSpan([v('2012-10-25T04:10:00Z', 'Oct 25, 12:10 AM'), v('2012-10-25T03:50:00Z', 'Oct 24, 11:50 PM')]), 'Oct 24, 11:50 PM–Oct 25, 12:10 AM');
  });
  test('people are counted by handle key, one answer is singular', () => {
    assert.equal(questionFacts([v('2012-10-24T17:02:00Z', '1:02 PM', 'Ann'), v('2012-10-24T17:03:00Z', '1:03 PM', 'ann')]).label, '2 answers · 1 person · 1:02–1:03 PM');
    assert.equal(questionFacts([v('2012-10-24T17:02:00Z', '1:02 PM', 'Ann')]).label, '1 answer · 1 person · 1:02 PM');
  });
});

corpusTest('a corpus tweet chat (lrnchat, Storify): every question counted alike by the recap, its chart, the HTML download and the transcript', ['storify-html/lrnchat-22nd-december-2017.html'], async (_t, path) => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-recap-reading-corpus-'));
  try {
    const jam = join(tmp, 'content', 'jams', 'lrnchat');
    mkdirSync(jam, { recursive: true });
    copyFileSync(path, join(jam, 'lrnchat.html'));
    writeFileSync(join(jam, 'recap.md'), '---\ntitle: lrnchat\ndate: 2017-12-21T20:30:00-05:00\nhashtag: lrnchat\ntimezone: America/New_York\nexports: [lrnchat.html]\n---\nIntro.\n');
    clearSiteCaches();
    const result = await buildSite({ contentDir: join(tmp, 'content'), outDir: join(tmp, 'out') });
    assert.equal(result.ok, true, result.error?.message);
    const rows = counts(join(tmp, 'out'), 'lrnchat');
    // Q0-Q8 as labelled by hand (test/fixtures/labels/), answers as the import places them (downloads.test.ts).
    assert.deepEqual(rows.map((r) => `${r.id}=${r.stated}`), ['Q0=16', 'Q1=10', 'Q2=28', 'Q3=20', 'Q4=25', 'Q5=16', 'Q6=21', 'Q7=22', 'Q8=10']);
    assertOneDefinition(rows);
    // The transcript's groups have their headings (test/transcript-groups.test.ts checks the grouping).
    const page = readFileSync(join(tmp, 'out', 'jams', 'lrnchat', 'transcript', 'index.html'), 'utf8');
    assert.equal(page.split('<h2 class="chat-group" id="before-the-questions">Before the first question</h2>').length, 2);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
