/**
 * The archive works offline, in Chromium (issue 13): a `--relative` build of
 * the example site opened from `file://`, one page of every kind, each with
 * its stylesheet applied (a computed style only site.css gives) and no
 * resource refused; links clicked land on the right pages; the search page
 * says plainly that a copy opened from disk cannot search; and a jam's
 * `<slug>-site.zip`, unzipped, opens from its index.html on the recap,
 * styled, its transcript a click away. Without Chromium the tests skip
 * visibly (under CI=true they fail).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { ROOT } from './helpers/corpus.ts';
import { browserSkipReason, htmlPaths, launchChromium, type Chromium } from './helpers/browser.ts';
import { onePagePerKind } from './helpers/page-kinds.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { formatProblem } from '../src/notes/problems.ts';

const SLUG = '2012-10-24-socbizchat';
const skip = browserSkipReason();

/** The file:// URL of a site path ("/jams/x/" -> ".../jams/x/index.html") under `root`. */
const fileUrl = (root: string, path: string) => pathToFileURL(join(root, path.endsWith('/') ? `${path}index.html` : path)).href;

/** Styled by site.css: its header is a flex row (a browser's default is a block). */
const headerDisplay = (page: Page) => page.evaluate(() => {
  const header = document.querySelector('header.site');
  return header ? getComputedStyle(header).display : null;
});

describe('offline, from file:// (Chromium)', { skip: skip ?? false }, () => {
  let tmp: string;
  let out: string;
  let unzipped: string;
  let chromium: Chromium;
  let page: Page;
  /** Console errors and refused requests of the page open now. */
  let errors: string[] = [];

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-offline-browser-'));
    const content = join(tmp, 'content');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    clearSiteCaches();
    out = join(tmp, 'site');
    const r = await buildSite({ contentDir: content, outDir: out, cacheDir: null, relative: true });
    assert.ok(r.ok, r.problems.map((p) => formatProblem(p)).join('\n') + (r.error?.stack ?? ''));
    unzipped = join(tmp, 'unzipped');
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(join(out, 'jams', SLUG, 'download', `${SLUG}-site.zip`))))) {
      mkdirSync(dirname(join(unzipped, name)), { recursive: true });
      writeFileSync(join(unzipped, name), bytes);
    }
    chromium = await launchChromium();
    page = await chromium.browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // A missing file is net::ERR_FILE_NOT_FOUND; a late icon fetch cut short by the next page (ERR_ABORTED) is no fault.
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText ?? '';
      if (why !== 'net::ERR_ABORTED') errors.push(`failed: ${req.url()} ${why}`);
    });
  });
  after(async () => {
    await chromium?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('every kind of page opens styled, nothing refused (the search page: only its script)', async () => {
    const kinds = onePagePerKind(htmlPaths(out));
    assert.deepEqual([...kinds.keys()], ['home', 'recap', 'transcript', 'participants', 'jamParticipants', 'person', 'series', 'search']);
    for (const [kind, path] of kinds) {
      errors = [];
      await page.goto(fileUrl(out, path));
      assert.equal(await headerDisplay(page), 'flex', `${kind} ${path}: site.css not applied`);
      if (kind === 'search') {
        // Chromium loads no module script from file://: the page's own words say why search is not there.
        assert.ok(errors.length > 0 && errors.every((e) => /pagefind\/jamrecap-search\.js|Failed to load resource/.test(e)), errors.join('\n'));
        assert.match(await page.locator('.search-status').innerText(), /a copy opened from disk \(file:\/\/\) cannot search/);
        assert.equal(await page.locator('form.search input[name="q"]').count(), 1);
      } else assert.deepEqual(errors, [], `${kind} ${path}`);
    }
  });

  test('links clicked land on the right pages', async () => {
    await page.goto(fileUrl(out, '/'));
    await Promise.all([page.waitForURL(/\/jams\/[^/]+\/index\.html$/), page.locator(`a[href="jams/${SLUG}/index.html"]`).first().click()]);
    assert.equal(page.url(), fileUrl(out, `/jams/${SLUG}/`));
    const toMessage = page.locator('a[href^="transcript/index.html#m-"]').first();
    const href = (await toMessage.getAttribute('href'))!;
    await Promise.all([page.waitForURL(/\/transcript\/index\.html#m-/), toMessage.click()]);
    assert.equal(page.url(), `${fileUrl(out, `/jams/${SLUG}/transcript/`)}${href.slice(href.indexOf('#'))}`);
    assert.equal(await page.locator(href.slice(href.indexOf('#'))).count(), 1);
    await Promise.all([page.waitForURL(/\/participants\/index\.html$/), page.locator('header.site a[href$="participants/index.html"]').click()]);
    assert.equal(page.url(), fileUrl(out, '/participants/'));
    assert.equal(await headerDisplay(page), 'flex');
  });

  test("the unzipped site zip opens on the recap from its index.html, styled, the transcript a click away", async () => {
    errors = [];
    await page.goto(fileUrl(unzipped, '/'));
    await page.waitForURL(/\/jams\/[^/]+\/index\.html$/);
    assert.equal(page.url(), fileUrl(unzipped, `/jams/${SLUG}/`));
    assert.equal(await headerDisplay(page), 'flex');
    assert.equal(await page.locator('h1').first().innerText(), 'From Social Media to Social Business');
    await Promise.all([page.waitForURL(/\/transcript\/index\.html/), page.locator('a[href^="transcript/index.html"]').first().click()]);
    assert.ok(page.url().startsWith(fileUrl(unzipped, `/jams/${SLUG}/transcript/`)), page.url());
    assert.equal(await headerDisplay(page), 'flex');
    assert.deepEqual(errors, []);
  });
});
