/**
 * Hashtag series: a page per hashtag (`/series/<slug>/`) listing its jams
 * newest first and its people across them, with their messages summed over
 * the series' jams, linked from every recap page and from the home page.
 *
 * The content folder holds two jams of one hashtag: the example jam, and a
 * later one whose export is the example's transcript as jamrecap's own CSV
 * without two participants' messages, and whose notes spell the hashtag
 * `SocBizChat`. The expected counts are taken from the two CSV files, row by
 * row, not from the site's code.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';
import { loadSite } from '../src/site/site.ts';
import { renderCsv } from '../src/downloads/csv.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { seriesSlug } from '../src/site/series.ts';

const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');
const FIRST = '2012-10-24-socbizchat';
const LATER = '2012-11-07-socbizchat';
/** Left out of the later jam. */
const ABSENT = ['jacobm', 'lehawes'];

type Row = Record<string, string>;

let tmp: string;
let out: string;
let firstRows: Row[];
let laterRows: Row[];

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-series-'));
  const content = join(tmp, 'content');
  mkdirSync(join(content, 'jams'), { recursive: true });
  cpSync(EXAMPLE, join(content, 'jams', FIRST), { recursive: true });
  const { site } = loadSite(content);
  const csv = Buffer.from(renderCsv(site!.jams[0].transcript, { slug: FIRST }).bytes);
  firstRows = parse(csv, { columns: true, bom: true });
  laterRows = firstRows.filter((r) => !ABSENT.includes(r.author));
  const later = join(content, 'jams', LATER);
  mkdirSync(later);
  writeFileSync(join(later, 'room.csv'), stringify(laterRows, { header: true, columns: Object.keys(firstRows[0]) }));
  writeFileSync(join(later, 'recap.md'), '---\ntitle: Social Business, Two Weeks On\ndate: 2012-11-07T13:00:00-04:00\nhashtag: SocBizChat\nhosts: [cmswire]\n---\nThe same room, fewer people.\n');
  out = join(tmp, 'site');
  const r = await buildSite({ contentDir: content, outDir: out });
  assert.ok(r.ok, `${r.error?.message ?? ''}\n${r.problems.map((p) => formatProblem(p)).join('\n')}`);
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const page = (rel: string) => cheerio.load(readFileSync(join(out, rel, 'index.html')));

/** Per author (lower-cased handle): messages, jams, and the handle and name as the newest jam's rows write them. */
function expectedPeople(): { handle: string; name: string; jams: number; messages: number }[] {
  const people = new Map<string, { handle: string; name: string; jams: number; messages: number }>();
  for (const rows of [laterRows, firstRows]) {
    const seen = new Set<string>();
    for (const r of rows) {
      const key = r.author.toLowerCase();
      const p = people.get(key) ?? { handle: r.author, name: r.name, jams: 0, messages: 0 };
      p.messages += 1;
      if (!seen.has(key)) p.jams += 1;
      seen.add(key);
      people.set(key, p);
    }
  }
  return [...people.values()].sort((a, b) => b.messages - a.messages || (a.handle.toLowerCase() < b.handle.toLowerCase() ? -1 : 1));
}

describe('a hashtag series page', () => {
  test('lists the jams newest first and the people with their messages summed over both jams', () => {
    assert.equal(seriesSlug('SocBizChat'), 'socbizchat');
    const $ = page('series/socbizchat');
    const article = $('main article.series');
    assert.equal(article.attr('data-series'), 'socbizchat');
    assert.equal($('title').text(), '#SocBizChat · Tweet jam recaps');
    assert.equal(article.find('h1').text(), '#SocBizChat');
    const people = expectedPeople();
    const total = firstRows.length + laterRows.length;
    assert.equal(article.find('h1 + p').text(), `2 jams, ${total} messages, ${people.length} people.`);
    // Jams: newest first, each with its own counts.
    const jams = article.find('ol.jams > li').map((_, li) => ({
      slug: $(li).attr('data-jam'),
      title: $(li).find('a').text(),
      href: $(li).find('a').attr('href'),
      messages: Number($(li).find('[data-stat=messages]').text()),
    })).get();
    assert.deepEqual(jams, [
      { slug: LATER, title: 'Social Business, Two Weeks On', href: `/jams/${LATER}/`, messages: laterRows.length },
      { slug: FIRST, title: 'From Social Media to Social Business', href: `/jams/${FIRST}/`, messages: firstRows.length },
    ]);
    // People: every author of either jam once, summed, most messages first.
    const rows = article.find('table.people tbody tr').map((_, tr) => {
      const cells = $(tr).find('th, td').map((__, c) => $(c).text()).get();
      return { handle: cells[0], name: cells[1], jams: Number(cells[2]), messages: Number(cells[3]), href: $(tr).find('a').attr('href') };
    }).get();
    assert.deepEqual(
      rows,
      people.map((p) => ({ handle: `@${p.handle}`, name: p.name === p.handle ? '' : p.name, jams: p.jams, messages: p.messages, href: `/participants/${p.handle.toLowerCase()}/` })),
    );
    // The two left out of the later jam: one jam each, their first-jam counts.
    for (const h of ABSENT) {
      const row: { jams: number; messages: number } = rows.find((r: { handle: string }) => r.handle.toLowerCase() === `@${h}`)!;
      assert.deepEqual([row.jams, row.messages], [1, firstRows.filter((r) => r.author === h).length]);
    }
    assert.ok(rows.filter((r) => r.jams === 2).length > 10);
    // Every person link is a page of the site.
    for (const r of rows) assert.ok(existsSync(join(out, r.href!, 'index.html')), r.href);
  });

  test('every recap page and the home page link the series', () => {
    for (const slug of [FIRST, LATER]) {
      const $ = page(`jams/${slug}`);
      assert.deepEqual($('article.recap > header .meta a.hashtag').map((_, a) => $(a).attr('href')).get(), ['/series/socbizchat/'], slug);
    }
    assert.equal(page(`jams/${FIRST}`)('article.recap > header .meta a.hashtag').text(), '#socbizchat');
    assert.equal(page(`jams/${LATER}`)('article.recap > header .meta a.hashtag').text(), '#SocBizChat');
    const $ = page('');
    assert.deepEqual(
      $('ol.jams > li').map((_, li) => [[$(li).attr('data-jam'), $(li).find('.meta a.hashtag').attr('href')]]).get(),
      [[LATER, '/series/socbizchat/'], [FIRST, '/series/socbizchat/']],
    );
  });
});
