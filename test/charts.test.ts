/**
 * The build-time charts (src/site/charts/): exact numbers on a small
 * hand-made chat, the tables equal to what is drawn, accessible and
 * CSP-safe markup (a <title>, no style attribute or element, no script),
 * hostile names escaped, byte-identical renders, and the example site's
 * recap page carrying the figures with the same answer counts as its
 * question sections.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { activityChart, countActivity } from '../src/site/charts/activity.ts';
import { answersPerQuestion, participantsChart, questionsChart, recapCharts, topParticipants } from '../src/site/charts/recap.ts';
import { homeChart, sitePeriods } from '../src/site/charts/home.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { SiteModel } from '../src/site/site.ts';
import type { ChartView } from '../src/publish/site-view.ts';

const ZONE = 'America/New_York';
/** 1:00-1:03 PM EDT: 2, 1, 0 and 3 messages, and one with no time of day (not counted). */
const MESSAGES = [
  { time: '2012-10-24T17:00:10.000Z' },
  { time: '2012-10-24T17:00:50.000Z' },
  { time: '2012-10-24T17:01:30.000Z' },
  { time: '2012-10-24T17:03:00.000Z' },
  { time: '2012-10-24T17:03:05.000Z' },
  { time: '2012-10-24T17:03:59.000Z' },
  { time: '2012-10-24T00:00:00.000Z', timePrecision: 'day' },
];
const ASKED = [
  { id: 'Q1', askedAt: '2012-10-24T17:00:10.000Z' },
  { id: 'Q2', askedAt: '2012-10-24T17:03:00.000Z' },
];
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const QUESTIONS = [
  { id: 'Q1', answers: [{ handle: 'amy' }, { handle: '@Amy' }, { handle: 'bob' }] },
  { id: 'Q2', answers: [] },
  { id: 'Q3', answers: [{ handle: HOSTILE[0] }] },
];
const PARTICIPANTS = [
  { handle: 'zed', messages: 5 },
  { handle: 'Amy', messages: 5 },
  { handle: 'bob', messages: 9 },
  { handle: HOSTILE[0], messages: 7 },
  { handle: HOSTILE[1], messages: 6 },
  ...Array.from({ length: 8 }, (_, i) => ({ handle: `p${i}`, messages: 1 })),
];

/** The checks every chart passes: a title and desc, no style or script, the table's numbers as given. */
function assertWellFormed(c: ChartView): void {
  assert.match(c.svg, /^<svg [^>]*role="img" aria-labelledby="[^"]+-title [^"]+-desc"/);
  assert.ok(c.svg.includes(`<title id="${c.id}-title">`), 'has a <title>');
  assert.ok(c.svg.includes(`<desc id="${c.id}-desc">`), 'has a <desc>');
  assert.doesNotMatch(c.svg, /style=|<style|<script|<img/i);
  assert.doesNotMatch(c.svg, /\d\.\d\d/, 'coordinates rounded to one decimal');
  for (const r of c.rows) assert.equal(r.length, c.head.length);
}

describe('the activity chart', () => {
  test('counts messages per minute in the jam’s zone, marks each question', () => {
    const a = countActivity(MESSAGES, ASKED, ZONE)!;
    assert.equal(a.step, 1);
    assert.equal(a.counted, 6);
    assert.deepEqual(a.buckets.map((b) => b.count), [2, 1, 0, 3]);
    assert.deepEqual(a.questions.map((q) => q.id), ['Q1', 'Q2']);
    const c = activityChart(a, ZONE)!;
    assertWellFormed(c);
    assert.deepEqual(c.head, ['From', 'Messages']);
    assert.deepEqual(c.rows, [['1:00 PM', '2'], ['1:01 PM', '1'], ['1:02 PM', '0'], ['1:03 PM', '3']]);
    assert.match(c.svg, /<text class="marker-label"[^>]*>Q1<\/text>.*<text class="marker-label"[^>]*>Q2<\/text>/);
    assert.equal(c.title, 'Messages per minute');
    assert.match(c.summary, /^6 messages from 1:00 PM to 1:04 PM EDT/);
  });

  test('a long chat is counted in wider buckets aligned to the local clock', () => {
    const long = Array.from({ length: 1000 }, (_, i) => ({ time: new Date(Date.UTC(2012, 9, 24, 17, 7) + i * 18_000).toISOString() }));
    const a = countActivity(long, [], ZONE)!; // 1:07 PM to 6:06 PM: 300 minutes
    assert.equal(a.step, 5);
    assert.equal(a.buckets[0].minute % 5, 0);
    assert.equal(a.buckets.reduce((n, b) => n + b.count, 0), 1000);
    const c = activityChart(a, ZONE)!;
    assert.equal(c.rows[0][0], '1:05 PM');
    assert.ok(gzipSync(c.svg).length < 4000, `${gzipSync(c.svg).length} bytes compressed`);
  });

  test('needs two messages with a time of day', () => {
    assert.equal(countActivity([MESSAGES[0], MESSAGES[6]], ASKED, ZONE), null);
  });
});

describe('the question and participant charts', () => {
  test('answers and distinct people per question', () => {
    assert.deepEqual(answersPerQuestion(QUESTIONS), [
      { id: 'Q1', answers: 3, people: 2 },
      { id: 'Q2', answers: 0, people: 0 },
      { id: 'Q3', answers: 1, people: 1 },
    ]);
    const c = questionsChart(QUESTIONS)!;
    assertWellFormed(c);
    assert.deepEqual(c.rows, [['Q1', '3', '2'], ['Q2', '0', '0'], ['Q3', '1', '1']]);
    // The second series is hatched: its class (bar-alt) sets no fill in site.css, so the pattern attribute holds.
    assert.equal(c.svg.match(/<rect class="bar-alt" [^>]*fill="url\(#chart-questions-hatch\)"/g)?.length, 1 + 3);
  });

  test('the most active participants: most messages first, then by handle, ten of them', () => {
    assert.deepEqual(topParticipants(PARTICIPANTS).map((p) => p.handle), ['bob', HOSTILE[0], HOSTILE[1], 'Amy', 'zed', 'p0', 'p1', 'p2', 'p3', 'p4']);
    const c = participantsChart(PARTICIPANTS)!;
    assertWellFormed(c);
    assert.deepEqual(c.rows.slice(0, 3), [['@bob', '9'], [`@${HOSTILE[0]}`, '7'], [`@${HOSTILE[1]}`, '6']]);
  });

  test('hostile names appear only escaped, and renders are byte-identical', () => {
    const input = { messages: MESSAGES, asked: ASKED, questions: QUESTIONS, participants: PARTICIPANTS, zone: ZONE };
    const one = recapCharts(input);
    const two = recapCharts(input);
    assert.deepEqual(one.map((c) => c.id), ['chart-activity', 'chart-questions', 'chart-participants']);
    assert.equal(JSON.stringify(one), JSON.stringify(two));
    const svg = one.map((c) => c.svg).join('');
    assert.ok(!svg.includes('<script') && !svg.includes('"><img'));
    // Bar labels are cut to 22 characters (the tables hold them whole, escaped by the templates).
    assert.ok(svg.includes('>@&lt;script&gt;alert(1)&lt;/sc…</text>'));
    assert.ok(svg.includes('>@&quot;&gt;&lt;img src=x onerror…</text>'));
  });
});

describe('the home chart', () => {
  const jams = [
    { date: '2012-10-24T13:00:00-04:00', stats: { messages: 47 }, participants: [{ handle: 'a' }, { handle: 'b' }] },
    { date: '2012-10-30', stats: { messages: 10 }, participants: [{ handle: 'A' }, { handle: 'c' }] },
    { date: '2013-01-02', stats: { messages: 5 }, participants: [{ handle: HOSTILE[1] }] },
  ];

  test('jams, messages and distinct people per month, empty months included', () => {
    assert.deepEqual(sitePeriods(jams), [
      { key: '2012-10', label: 'Oct 2012', jams: 2, messages: 57, people: 3 },
      { key: '2012-11', label: 'Nov 2012', jams: 0, messages: 0, people: 0 },
      { key: '2012-12', label: 'Dec 2012', jams: 0, messages: 0, people: 0 },
      { key: '2013-01', label: 'Jan 2013', jams: 1, messages: 5, people: 1 },
    ]);
    const c = homeChart(jams)!;
    assertWellFormed(c);
    assert.deepEqual(c.rows[0], ['Oct 2012', '2', '57', '3']);
    assert.equal(homeChart(jams)!.svg, c.svg);
  });

  test('by year past three years', () => {
    const years = sitePeriods([jams[0], { ...jams[2], date: '2016-05-01' }]);
    assert.deepEqual(years.map((p) => [p.key, p.jams]), [['2012', 1], ['2013', 0], ['2014', 0], ['2015', 0], ['2016', 1]]);
  });
});

describe('the example site', () => {
  let tmp: string;
  let result: BuildResult;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-charts-'));
    result = await buildSite({ contentDir: join(ROOT, 'content'), outDir: tmp });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  test('the recap page has the three figures, answers counted as its sections count them', () => {
    assert.equal(result.ok, true, result.error?.message);
    const html = readFileSync(join(tmp, 'jams', '2012-10-24-socbizchat', 'index.html'), 'utf8');
    const $ = cheerio.load(html);
    assert.deepEqual($('#stats figure.chart').map((_, f) => $(f).attr('id')).get(), ['chart-activity', 'chart-questions', 'chart-participants']);
    for (const f of $('figure.chart').toArray()) {
      assert.equal($(f).find('svg[role="img"] > title').length, 1);
      assert.ok($(f).find('figcaption').text().length > 20);
      assert.ok($(f).find('details.chart-data table tbody tr').length > 0);
    }
    const fromChart = $('#chart-questions tbody tr').map((_, r) => `${$(r).find('th').text()}=${$(r).find('td').first().text()}`).get();
    const fromSections = $('section.question').map((_, s) => `${$(s).attr('data-question')}=${$(s).find('details.answers li.message').length}`).get();
    assert.deepEqual(fromChart, ['Q1=17', 'Q2=13', 'Q3=13', 'Q4=0']);
    assert.deepEqual(fromChart, fromSections);
    const activity = $('#chart-activity tbody tr').map((_, r) => Number($(r).find('td').text())).get();
    assert.equal(activity.reduce((n, c) => n + c, 0), 47);
    assert.doesNotMatch(html, /style=|<style/);
  });

  test('the home page has the site chart', { skip: 'homeCharts' in SiteModel.prototype ? false : 'waits for SiteModel.homeCharts (src/site/site.ts)' }, () => {
    const $ = cheerio.load(readFileSync(join(tmp, 'index.html'), 'utf8'));
    assert.equal($('figure#chart-site svg[role="img"] > title').text(), 'Jams, messages and people per month');
    assert.deepEqual($('#chart-site tbody tr').first().find('th, td').map((_, c) => $(c).text()).get(), ['Oct 2012', '1', '47', '27']);
  });
});
