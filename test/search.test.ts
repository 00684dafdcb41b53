/**
 * Search (issue 13): the Pagefind index a build writes (src/site/search-index.ts),
 * the search page's CSP against the other pages', and the search itself in
 * Debian's Chromium (playwright-core, never a downloaded browser).
 *
 * The fixture: the example jam plus a small jam of our own ("Quokka night")
 * whose messages hold a word found nowhere else (zanzibarite) and a hostile
 * text (`<img src=x onerror=alert(1)>`, with the word hostilequery), built
 * twice: at the root and under the path prefix /recaps/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import { browserSkipReason, launchChromium, serveDir, type Chromium, type StaticServer } from './helpers/browser.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { messageRecords, PARTS_FILE, recordLinks, SEARCH_SCRIPT, searchStats, transcriptFiles, writeSearchIndex } from '../src/site/search-index.ts';
import { relativeUrl, rewriteHtmlUrls } from '../src/publish/relative-urls.ts';
import { formatProblem } from '../src/notes/problems.ts';

const CONTENT = join(ROOT, 'content');
const EXAMPLE_MESSAGES = 47;
const SLUG = 'quokka-night';
const JAM_TITLE = 'Quokka night';
const HOSTILE = '<img src=x onerror=alert(1)>';
/** The id of the one message with "zanzibarite". */
const UNIQUE_ID = '900000000000000002';

/** A TweetChat room of four messages: the question, an answer with the unique word, the hostile one, another answer. */
function room(): string {
  const rows = [
    ['900000000000000001', 'CMSWire', 'Q1. Which marsupial smiles most? #quokkachat', 'Fri Mar 01 15:00:00 +0000 2019'],
    [UNIQUE_ID, 'u01', 'Q1 the zanzibarite quokka, surely #quokkachat', 'Fri Mar 01 15:01:00 +0000 2019'],
    ['900000000000000003', 'u02', 'Q1 hostilequery &lt;img src=x onerror=alert(1)&gt; #quokkachat', 'Fri Mar 01 15:02:00 +0000 2019'],
    ['900000000000000004', 'u03', 'Q1 a quokka, says everyone #quokkachat', 'Fri Mar 01 15:03:00 +0000 2019'],
  ];
  const divs = rows.map(
    ([id, user, text, time]) =>
      `<div class="tweet" id="tweet_${id}"><div class="content"><a class="user" href="http://twitter.com/${user}" title="${user}">${user}</a> <span class="text">${text}</span><div class="meta"><a class="time" href="http://twitter.com/${user}/status/${id}" title="${time}">x</a></div></div></div>`,
  );
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>TweetChat - #quokkachat</title></head><body><div id="stream">\n${divs.reverse().join('\n')}\n</div></body></html>\n`;
}

function writeContent(dir: string): void {
  cpSync(CONTENT, dir, { recursive: true });
  const jam = join(dir, 'jams', SLUG);
  mkdirSync(jam, { recursive: true });
  writeFileSync(join(jam, 'room.html'), room());
  writeFileSync(join(jam, 'recap.md'), ['---', `title: ${JAM_TITLE}`, 'date: 2019-03-01', 'hashtag: quokkachat', 'hosts: [CMSWire]', '---', 'A short night.', '', '## Q1 · Which marsupial smiles most?', '', 'The quokka.', ''].join('\n'));
}

let tmp: string;
let out: string;
let prefixed: string;
let built: BuildResult;
let builtPrefixed: BuildResult;
let parts: string;
let partsIndexed: { records: number; bytes: number };

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-search-'));
  const content = join(tmp, 'content');
  writeContent(content);
  out = join(tmp, 'out');
  built = await buildSite({ contentDir: content, outDir: out });
  // Served from tmp/p, the site answers under /recaps/.
  prefixed = join(tmp, 'p', 'recaps');
  builtPrefixed = await buildSite({ contentDir: content, outDir: prefixed, pathPrefix: '/recaps/' });
  // The same site indexed in two parts (the example jam's messages, then the quokka night's).
  parts = join(tmp, 'parts');
  cpSync(out, parts, { recursive: true });
  rmSync(join(parts, 'pagefind'), { recursive: true });
  partsIndexed = await writeSearchIndex(parts, { partRecords: EXAMPLE_MESSAGES });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const html = (root: string, file: string) => readFileSync(join(root, file), 'utf8');
const cspOf = (page: string) => cheerio.load(page)('meta[http-equiv="Content-Security-Policy"]').attr('content') ?? '';

describe('the index a build writes', () => {
  test('an unchanged site gets its index from the cache, byte for byte; a changed one a new index', async () => {
    const content = join(tmp, 'content');
    const cacheDir = join(tmp, 'cache');
    const a = join(tmp, 'cached-a');
    const b = join(tmp, 'cached-b');
    assert.equal((await buildSite({ contentDir: content, outDir: a, cacheDir })).ok, true);
    const entries = () => readdirSync(join(cacheDir, 'search', 'index')).filter((n) => !n.endsWith('.json'));
    const [first] = entries();
    assert.equal(entries().length, 1);
    assert.equal((await buildSite({ contentDir: content, outDir: b, cacheDir })).ok, true);
    assert.deepEqual(entries(), [first]);
    const files = (dir: string) => readdirSync(join(dir, 'pagefind'), { recursive: true }).map(String).sort();
    assert.deepEqual(files(b), files(a));
    for (const f of files(a)) if (!f.endsWith('/') && statSync(join(a, 'pagefind', f)).isFile()) assert.deepEqual(readFileSync(join(b, 'pagefind', f)), readFileSync(join(a, 'pagefind', f)), f);
    // Without the index, its records come from the cache: no page is read again, and the same index is made.
    rmSync(join(cacheDir, 'search', 'index'), { recursive: true });
    const pagesRead = searchStats.pagesRead;
    const c = join(tmp, 'cached-c');
    assert.equal((await buildSite({ contentDir: content, outDir: c, cacheDir })).ok, true);
    assert.equal(searchStats.pagesRead, pagesRead);
    assert.deepEqual(entries(), [first]);
    for (const f of files(a)) if (statSync(join(a, 'pagefind', f)).isFile()) assert.deepEqual(readFileSync(join(c, 'pagefind', f)), readFileSync(join(a, 'pagefind', f)), f);
    // Other records (the same site under a prefix): another index, and the cache keeps only the newest.
    assert.equal((await buildSite({ contentDir: content, outDir: join(tmp, 'cached-p', 'recaps'), cacheDir, pathPrefix: '/recaps/' })).ok, true);
    assert.equal(entries().length, 1);
    assert.notEqual(entries()[0], first);
    // The records kept are the newest index's pages', each read once.
    const pages = transcriptFiles(join(tmp, 'cached-p', 'recaps')).length;
    assert.equal(searchStats.pagesRead, pagesRead + pages);
    assert.equal(readdirSync(join(cacheDir, 'search', 'records')).length, pages);
  });

  test('a site over the part size is indexed in parts: the first in pagefind/, the others their index files only, listed', () => {
    assert.equal(partsIndexed.records, EXAMPLE_MESSAGES + 4);
    assert.deepEqual(JSON.parse(html(parts, `pagefind/${PARTS_FILE}`)), ['part-2/']);
    const part2 = join(parts, 'pagefind', 'part-2');
    assert.deepEqual(readdirSync(part2).filter((n) => !/^pagefind\.en_[0-9a-f]+\.pf_meta$/.test(n)).sort(), ['filter', 'fragment', 'index', 'pagefind-entry.json']);
    assert.equal(readdirSync(join(part2, 'fragment')).length, 4);
    assert.equal(readdirSync(join(parts, 'pagefind', 'fragment')).length, EXAMPLE_MESSAGES);
    assert.equal(JSON.parse(html(part2, 'pagefind-entry.json')).languages.en.page_count, 4);
    // One part: an empty list.
    assert.deepEqual(JSON.parse(html(out, `pagefind/${PARTS_FILE}`)), []);
  });

  test('both builds pass', () => {
    for (const r of [built, builtPrefixed]) assert.equal(r.ok, true, r.error?.message ?? r.problems.map((p) => formatProblem(p)).join('\n'));
  });

  test('pagefind/ holds the index of every message, the page script, and none of Pagefind\'s unused interfaces', () => {
    const dir = join(out, 'pagefind');
    const entry = JSON.parse(html(dir, 'pagefind-entry.json'));
    assert.deepEqual(Object.keys(entry.languages), ['en']);
    assert.equal(entry.languages.en.page_count, EXAMPLE_MESSAGES + 4);
    const names = readdirSync(dir).sort();
    for (const name of ['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind', SEARCH_SCRIPT, 'index', 'fragment', 'filter']) assert.ok(names.includes(name), name);
    assert.deepEqual(names.filter((n) => /ui|highlight|playground/.test(n)), []);
    assert.equal(readdirSync(join(dir, 'fragment')).length, EXAMPLE_MESSAGES + 4);
  });

  test('the search page alone runs scripts (the site\'s own, and WASM); every other page none; no inline script anywhere', () => {
    const pages = listFiles(out).filter((f) => f.endsWith('.html') && !f.includes('/download/'));
    assert.ok(pages.includes('search/index.html'));
    for (const f of pages) {
      const $ = cheerio.load(html(out, f));
      const csp = cspOf(html(out, f));
      const scripts = $('script').toArray().map((s) => $(s).attr('src') ?? `inline: ${$(s).text().slice(0, 40)}`);
      if (f === 'search/index.html') {
        assert.match(csp, /; script-src 'self' 'wasm-unsafe-eval'; script-src-elem 'self'; script-src-attr 'none'; /);
        assert.match(csp, /; form-action 'self'$/);
        assert.deepEqual(scripts, [`/pagefind/${SEARCH_SCRIPT}`]);
      } else {
        assert.match(csp, /; script-src 'none'; /, f);
        assert.match(csp, /; form-action 'none'$/, f);
        assert.deepEqual(scripts, [], f);
      }
      assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/, f);
      assert.equal($('[onclick],[onload],[onerror],[oninput],[onsubmit]').length, 0, f);
    }
    // Every page links to the search page; the form works as a plain GET to it.
    assert.equal(cheerio.load(html(out, 'index.html'))('header.site nav a[href="/search/"]').length, 1);
    const form = cheerio.load(html(out, 'search/index.html'))('form.search');
    assert.equal(form.attr('action'), '/search/');
    assert.equal(form.attr('method'), 'get');
    assert.equal(form.find('input[name="q"]').length, 1);
  });

  test('under a path prefix, the page, its script and the records carry the prefix', () => {
    const $ = cheerio.load(html(prefixed, 'search/index.html'));
    assert.equal($('script').attr('src'), `/recaps/pagefind/${SEARCH_SCRIPT}`);
    assert.equal($('form.search').attr('action'), '/recaps/search/');
    assert.ok(existsSync(join(prefixed, 'pagefind', SEARCH_SCRIPT)));
  });

  test('a message becomes one record: its anchor, text, facets, who, when and recap section', () => {
    const records = messageRecords(html(out, `jams/${SLUG}/transcript/index.html`), `/jams/${SLUG}/transcript/`);
    assert.equal(records.length, 4);
    assert.deepEqual(records[1], {
      url: `/jams/${SLUG}/transcript/#m-${UNIQUE_ID}`,
      content: 'Q1 the zanzibarite quokka, surely #quokkachat',
      language: 'en',
      meta: { title: '@u01', name: '', time: records[1].meta!.time, jam: JAM_TITLE, recap: `/jams/${SLUG}/#q1`, question: 'Q1 · Which marsupial smiles most?' },
      filters: { jam: [JAM_TITLE], person: ['@u01'], question: ['Q1 · Which marsupial smiles most?'] },
    });
    assert.match(records[1].meta!.time, /^2019-03-01 \d\d:01:00 /);
    assert.equal(records[2].content, `Q1 hostilequery ${HOSTILE} #quokkachat`);
  });

  test('in a --relative site, records link relative to the search page (the site may be served under any path)', () => {
    const path = `/jams/${SLUG}/transcript/`;
    const page = rewriteHtmlUrls(html(out, `jams/${SLUG}/transcript/index.html`), (u) => relativeUrl(u, path));
    const link = recordLinks(path, true);
    assert.equal(link(path), `../jams/${SLUG}/transcript/index.html`);
    const records = messageRecords(page, link(path), link);
    assert.equal(records[1].url, `../jams/${SLUG}/transcript/index.html#m-${UNIQUE_ID}`);
    assert.equal(records[1].meta!.recap, `../jams/${SLUG}/index.html#q1`);
    assert.deepEqual(recordLinks('/jams/x/transcript/2/', true)('../../index.html#q3'), '../jams/x/index.html#q3');
    assert.deepEqual(recordLinks('/jams/x/transcript/2/', false)('/recaps/jams/x/#q3'), '/recaps/jams/x/#q3');
  });

  test('the same site indexed again gives byte-identical files', async () => {
    const again = join(tmp, 'again');
    cpSync(out, again, { recursive: true });
    rmSync(join(again, 'pagefind'), { recursive: true });
    const result = await writeSearchIndex(again);
    assert.equal(result.records, EXAMPLE_MESSAGES + 4);
    const a = listFiles(join(out, 'pagefind'));
    assert.deepEqual(listFiles(join(again, 'pagefind')), a);
    for (const f of a) assert.ok(readFileSync(join(again, 'pagefind', f)).equals(readFileSync(join(out, 'pagefind', f))), f);
  });
});

describe('searching in Chromium', { skip: browserSkipReason() ?? false }, () => {
  let chromium: Chromium;
  let server: StaticServer;
  let prefixServer: StaticServer;

  before(async () => {
    chromium = await launchChromium();
    server = await serveDir(out);
    prefixServer = await serveDir(join(tmp, 'p'));
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
    await prefixServer?.close();
  });

  /** The search page after typing `query`: its results (link, text, recap link) and what went wrong in it. */
  async function search(origin: StaticServer, path: string, query: string) {
    const page = await chromium.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    await page.goto(origin.url(path));
    await page.locator('.search-facets select').first().waitFor();
    await page.fill('#search-q', query);
    await page.locator('.search-status', { hasText: /found/ }).waitFor();
    const results = await page.locator('.search-result').evaluateAll((items) =>
      items.map((li) => ({
        href: li.querySelector('a.in-transcript')!.getAttribute('href'),
        who: li.querySelector('a.in-transcript')!.textContent,
        text: li.querySelector('.text')!.textContent,
        recap: li.querySelector('a.in-recap')!.getAttribute('href'),
        elements: [...li.querySelectorAll('.text *')].map((e) => e.tagName),
      })),
    );
    const jams = await page.locator('#search-jam option').allTextContents();
    return { page, results, jams, problems };
  }

  test('a word of one message finds that message, linked to its transcript anchor and its recap section', async () => {
    const { page, results, jams, problems } = await search(server, '/search/', 'zanzibarite');
    assert.equal(results.length, 1);
    assert.equal(results[0].href, `/jams/${SLUG}/transcript/#m-${UNIQUE_ID}`);
    assert.equal(results[0].recap, `/jams/${SLUG}/#q1`);
    assert.match(results[0].who!, /^@u01 · 2019-03-01 /);
    assert.equal(results[0].text, 'Q1 the zanzibarite quokka, surely #quokkachat');
    assert.deepEqual(results[0].elements, ['MARK']);
    // The facets list both jams, with their messages counted.
    assert.deepEqual(jams, ['Any', `From Social Media to Social Business (${EXAMPLE_MESSAGES})`, `${JAM_TITLE} (4)`]);
    // The link lands on the message.
    await page.click('a.in-transcript');
    await page.waitForURL(/#m-/);
    assert.equal(await page.locator(`article.message#m-${UNIQUE_ID} p.text`).textContent(), 'Q1 the zanzibarite quokka, surely #quokkachat');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a facet narrows the results', async () => {
    // The last word matches as a prefix: the question's #quokkachat too.
    const { page, results } = await search(server, '/search/', 'quokka');
    assert.equal(results.length, 4);
    await page.selectOption('#search-person', '@u03');
    await page.locator('.search-status', { hasText: /^1 message found/ }).waitFor();
    assert.deepEqual(await page.locator('.search-result a.in-transcript').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [`/jams/${SLUG}/transcript/#m-900000000000000004`]);
    assert.match(page.url(), /\?q=quokka&person=%40u03$/);
    await page.close();
  });

  test('a hostile message shows as text: no element, no alert', async () => {
    const { page, results, problems } = await search(server, '/search/', 'hostilequery');
    assert.equal(results.length, 1);
    assert.equal(results[0].text, `Q1 hostilequery ${HOSTILE} #quokkachat`);
    assert.deepEqual(results[0].elements, ['MARK']);
    assert.equal(await page.locator('.search-results img').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an index in parts: the page merges them, a word of the second part is found, the facets count both', async () => {
    const partsServer = await serveDir(parts);
    try {
      const { page, results, jams, problems } = await search(partsServer, '/search/', 'zanzibarite');
      assert.deepEqual(results.map((r) => r.href), [`/jams/${SLUG}/transcript/#m-${UNIQUE_ID}`]);
      assert.deepEqual(jams, ['Any', `From Social Media to Social Business (${EXAMPLE_MESSAGES})`, `${JAM_TITLE} (4)`]);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await partsServer.close();
    }
  });

  test('under a path prefix, the results link under it', async () => {
    const { page, results, problems } = await search(prefixServer, '/recaps/search/', 'zanzibarite');
    assert.deepEqual(results.map((r) => [r.href, r.recap]), [[`/recaps/jams/${SLUG}/transcript/#m-${UNIQUE_ID}`, `/recaps/jams/${SLUG}/#q1`]]);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
