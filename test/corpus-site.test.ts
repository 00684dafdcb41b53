/**
 * Issue 13's "done when", on a site built from real chats instead of the
 * example: four exports of four platforms from ../shared/corpus (a TweetChat
 * room page, a Storify story, a Discord AMA saved by DiscordChatExporter in
 * three HTML chunks, a Zoom chat), each drafted with `jamrecap new` and the
 * whole built `--relative --drafts --allow-placeholders --base-url`:
 *
 * - every message is on the site: each jam's transcript pages hold as many
 *   messages as SOURCES.md counts in its exports;
 * - each recap has its three charts, each with a title, a description and a
 *   table of its numbers, the activity table adding up to the jam's messages;
 * - a share card (PNG, 1200x630) per recap and per question section;
 * - in Chromium: search, with the site served under a path the build never
 *   heard of, finds a message by a word no other message has, and its link
 *   lands on it; axe finds no WCAG A/AA violation on any kind of page (light
 *   on a desktop, dark on a phone); every page opens from file://, styled,
 *   nothing missing.
 *
 * Without the corpus or Chromium the tests skip visibly (under CI=true they fail).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import type { Page } from 'playwright-core';
import { audit, violationLines } from './helpers/axe.ts';
import { browserSkipReason, htmlPaths, launchChromium, serveDir, withPage, type Chromium, type StaticServer } from './helpers/browser.ts';
import { corpusPath, ROOT } from './helpers/corpus.ts';
import { onePagePerKind } from './helpers/page-kinds.ts';

/**
 * The jams: slug, the corpus exports, `jamrecap new`'s other options, the
 * messages SOURCES.md counts in the exports, and the question sections of
 * the draft (read in the chats: socbizchat's Q1-Q4, lrnchat's Q0-Q8, the
 * AMA's ten questions answered by its guests; the Zoom workshop numbers none).
 */
const JAMS = [
  { slug: 'socbizchat', files: ['tweetchat/socbizchat-room.html'], options: [], messages: 47, questions: 4 },
  { slug: 'lrnchat', files: ['storify-html/lrnchat-22nd-december-2017.html'], options: [], messages: 224, questions: 9 },
  { slug: 'komodo-ama', files: [1, 2, 3].map((n) => `discordchatexporter-html/komodo-antara-ama-july2019-htmldark/${n}.html`), options: [], messages: 206, questions: 10 },
  { slug: 'agu-oss', files: ['zoom-chat-txt/agu-ossi-2020-oss-workshop-meeting_saved_chat.txt'], options: ['--date', '2020-12-09'], messages: 121, questions: 0 },
] as const;
const FILES = JAMS.flatMap((j) => j.files.map(corpusPath));
const missing = FILES.filter((f) => !existsSync(f));
const skip = missing.length && process.env.CI !== 'true' ? `corpus missing: ${missing.join(', ')} (needs ../shared/corpus)` : browserSkipReason();

const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/jamrecap.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: 'off' } });

/** The file:// URL of a site path ("/jams/x/" -> ".../jams/x/index.html"). */
const fileUrl = (root: string, path: string) => pathToFileURL(join(root, path.endsWith('/') ? `${path}index.html` : path)).href;

describe('a site built from the corpus: search, charts, cards, axe, file://', { skip: skip || false }, () => {
  let tmp: string;
  let out: string;
  let chromium: Chromium;
  let server: StaticServer;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-corpus-site-'));
    const content = join(tmp, 'content');
    mkdirSync(content);
    for (const jam of JAMS) {
      const r = run(['new', jam.slug, '--from', ...jam.files.map(corpusPath), '--content', content, '--quiet', ...jam.options]);
      assert.equal(r.status, 0, `new ${jam.slug}: ${r.stderr}`);
    }
    // Served from tmp/, the site is at /site/: a path prefix the build is not told of.
    out = join(tmp, 'site');
    const built = run(['build', '--content', content, '--out', out, '--drafts', '--allow-placeholders', '--relative', '--base-url', 'https://recaps.example.org', '--quiet']);
    assert.equal(built.status, 0, built.stderr);
    server = await serveDir(tmp);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const page$ = (path: string) => cheerio.load(readFileSync(join(out, path.endsWith('/') ? `${path}index.html` : path), 'utf8'));
  const transcriptPages = (slug: string) => htmlPaths(out).filter((p) => p.startsWith(`/jams/${slug}/transcript/`));

  test('every message of every export is on its transcript pages, once', () => {
    for (const jam of JAMS) {
      const ids = transcriptPages(jam.slug).flatMap((p) => page$(p)('article.message[id]').toArray().map((el) => el.attribs.id));
      assert.equal(ids.length, jam.messages, jam.slug);
      assert.equal(new Set(ids).size, jam.messages, jam.slug);
    }
  });

  test('each recap has its charts, each with a title, a description and its numbers in a table', () => {
    for (const jam of JAMS) {
      const $ = page$(`/jams/${jam.slug}/`);
      const charts = $('figure.chart').toArray();
      const sections = $('section.question').length;
      assert.equal(sections, jam.questions, jam.slug);
      assert.deepEqual(charts.map((f) => f.attribs.id), ['chart-activity', ...(sections ? ['chart-questions'] : []), 'chart-participants'], jam.slug);
      for (const f of charts) {
        const svg = $(f).find('svg[role="img"]');
        assert.ok(svg.find('title').text().trim(), `${jam.slug} ${f.attribs.id}: title`);
        assert.ok(svg.find('desc').text().trim(), `${jam.slug} ${f.attribs.id}: desc`);
        assert.ok($(f).find('table tbody tr').length > 0, `${jam.slug} ${f.attribs.id}: table`);
      }
      const perSlot = $('#chart-activity table tbody tr').toArray().map((tr) => Number($(tr).find('td').last().text()));
      assert.equal(perSlot.reduce((a, b) => a + b, 0), jam.messages, `${jam.slug}: the activity table adds up to the messages`);
    }
  });

  test('a share card per recap and per question section, PNG 1200x630', () => {
    for (const jam of JAMS) {
      const $ = page$(`/jams/${jam.slug}/`);
      assert.equal($('meta[property="og:image"]').attr('content'), `https://recaps.example.org/cards/${jam.slug}/recap.png`);
      const names = readdirSync(join(out, 'cards', jam.slug)).sort();
      assert.ok(names.includes('recap.png'), jam.slug);
      assert.equal(names.length, 1 + jam.questions, `${jam.slug}: ${names.join(' ')}`);
      for (const name of names) {
        const png = readFileSync(join(out, 'cards', jam.slug, name));
        assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630], `${jam.slug}/${name}`);
      }
    }
  });

  /** A word of one message of the site (letters only, 8 or more) that no other message's text holds, even inside a word. */
  function uniqueWord(): { word: string; slug: string } {
    const texts: { slug: string; text: string }[] = [];
    for (const jam of JAMS) for (const p of transcriptPages(jam.slug)) for (const el of page$(p)('article.message p.text').toArray()) texts.push({ slug: jam.slug, text: cheerio.load(el).text().toLowerCase() });
    const words = [...new Set(texts.flatMap((t) => t.text.match(/\b[a-z]{8,}\b/g) ?? []))].sort();
    for (const word of words) {
      const holders = texts.filter((t) => t.text.includes(word));
      if (holders.length === 1) return { word, slug: holders[0].slug };
    }
    throw new Error('no word of one message only');
  }

  test('search, served under a path the build never heard of, finds a message by its one word and lands on it', async () => {
    const { word, slug } = uniqueWord();
    const page = await chromium.browser.newPage();
    try {
      await page.goto(server.url(`/site/search/?q=${word}`));
      await page.locator('.search-status', { hasText: /found/ }).waitFor();
      const results = await page.locator('.search-result a.in-transcript').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      assert.equal(results.length, 1, `${word}: ${results.join(' ')}`);
      assert.ok(results[0].startsWith(server.url(`/site/jams/${slug}/transcript/`)), results[0]);
      const recap = await page.locator('.search-result a.in-recap').evaluate((a) => (a as HTMLAnchorElement).href);
      assert.ok(recap.startsWith(server.url(`/site/jams/${slug}/index.html`)), recap);
      await Promise.all([page.waitForURL(/#m-/), page.click('.search-result a.in-transcript')]);
      const hash = new URL(page.url()).hash;
      assert.match((await page.locator(`article.message${hash} p.text`).textContent())!.toLowerCase(), new RegExp(word));
    } finally {
      await page.close();
    }
  });

  test('axe finds no WCAG A/AA violation on any kind of page (light desktop, dark phone)', async () => {
    const kinds = onePagePerKind(htmlPaths(out));
    assert.deepEqual([...kinds.keys()].sort(), ['home', 'jamParticipants', 'participants', 'person', 'recap', 'search', 'series', 'transcript']);
    const found: string[] = [];
    for (const [viewport, colorScheme] of [[{ width: 1280, height: 800 }, 'light'], [{ width: 390, height: 844 }, 'dark']] as const) {
      await withPage(chromium, { viewport, colorScheme, bypassCSP: true }, async (page) => {
        for (const [kind, path] of kinds) {
          await page.goto(server.url(`/site${path}`));
          found.push(...violationLines(`${kind} ${path} ${colorScheme}`, await audit(page)));
        }
      });
    }
    assert.deepEqual(found, []);
  });

  test('every page opens from file://, styled, nothing missing (the search page: only its script)', async () => {
    const page: Page = await chromium.browser.newPage();
    let errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText ?? '';
      if (why !== 'net::ERR_ABORTED') errors.push(`failed: ${req.url()} ${why}`);
    });
    const problems: string[] = [];
    const paths = htmlPaths(out).filter((p) => !p.includes('/download/'));
    assert.ok(paths.length > 100, `${paths.length} pages`);
    try {
      for (const path of paths) {
        errors = [];
        await page.goto(fileUrl(out, path));
        // site.css makes the header a flex row; an embed carries its own style.
        const styled = await page.evaluate(() => {
          const header = document.querySelector('header.site');
          return header ? getComputedStyle(header).display === 'flex' : document.querySelector('.jamrecap-embed') !== null;
        });
        if (!styled) problems.push(`${path}: not styled`);
        const left = path === '/search/' ? errors.filter((e) => !/pagefind\/jamrecap-search\.js|Failed to load resource/.test(e)) : errors;
        if (left.length) problems.push(`${path}: ${left.join(' | ')}`);
      }
    } finally {
      await page.close();
    }
    assert.deepEqual(problems, []);
  });
});
