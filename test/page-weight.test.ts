/**
 * The page-weight budget (issue 13, "Audited, not assumed"), measured in
 * Debian's Chromium through playwright-core on a site built by the CLI from
 * a generated 1,000-message jam (bench/site-generator.ts) and the pictures
 * jam (test/helpers/pictures-jam.ts: a Storify page with a saved picture):
 *
 * - the recap of the 1,000-message jam: its HTML and CSS, as the browser
 *   received them, weigh under 100 KB compressed (the static server does
 *   not compress: the bodies are gzipped here, as a CDN would);
 * - it ships no script at all, and only its stylesheet blocks the first
 *   paint (no page of the site has a blocking `<script>` in its head);
 * - no layout shift: after load and a visit to every picture (so lazy
 *   ones load on screen), the buffered 'layout-shift' entries sum to 0, on a
 *   desktop window and a 390-px phone; a control page with an unsized
 *   picture shows the instrument sees a shift;
 * - every `<img>` of the recap and transcript pages has its width and
 *   height, and all but a page's first are lazy.
 *
 * Without Chromium the tests skip visibly (under CI=true they fail, as the
 * other browser tests do).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import * as cheerio from 'cheerio';
import type { Page } from 'playwright-core';
import { generateSite } from '../bench/site-generator.ts';
import { ROOT } from './helpers/corpus.ts';
import { browserSkipReason, htmlPaths, launchChromium, serveDir, withPage, type Chromium, type StaticServer } from './helpers/browser.ts';
import { writePicturesJam } from './helpers/pictures-jam.ts';

const MESSAGES = 1000;
/** HTML + CSS of the recap, gzipped. */
const BUDGET_BYTES = 100 * 1024;
const PICTURES_SLUG = '2017-12-22-fixchat';
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
/** The control page: an image without its size, far below the first screen, then text it pushes down when it loads. */
const SHIFT_CONTROL = '/shift-control.html';

interface Weight {
  url: string;
  type: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** The HTML and CSS the page at `url` loads, each with its raw, gzip and brotli sizes. */
async function htmlAndCssWeights(page: Page, url: string): Promise<Weight[]> {
  const bodies: Promise<Weight>[] = [];
  const onResponse = (res: import('playwright-core').Response) => {
    const type = res.request().resourceType();
    if (type !== 'document' && type !== 'stylesheet') return;
    bodies.push(res.body().then((b) => ({ url: new URL(res.url()).pathname, type, raw: b.length, gzip: gzipSync(b).length, brotli: brotliCompressSync(b).length })));
  };
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'load' });
    return await Promise.all(bodies);
  } finally {
    page.off('response', onResponse);
  }
}

/**
 * Bring each picture to the middle of the screen in turn, jumping (a lazy
 * one starts loading only then, with what follows it on screen: a picture
 * without its size would push that down), wait for it, then go to the end
 * of the page.
 */
async function visitPictures(page: Page): Promise<void> {
  // No named functions inside: tsx would wrap them in a helper (__name) the page does not have.
  await page.evaluate(async () => {
    for (const img of [...document.images]) {
      img.scrollIntoView({ block: 'center' });
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      await img.decode().catch(() => undefined);
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    }
    scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  });
}

/** The layout shifts of the page so far (buffered), not caused by input: their sum and what moved. */
function layoutShifts(page: Page): Promise<{ sum: number; moved: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ sum: number; moved: string[] }>((ok) => {
        const found = { sum: 0, moved: [] as string[] };
        type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] };
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Shift[]) {
            if (e.hadRecentInput) continue;
            found.sum += e.value;
            for (const s of e.sources ?? []) found.moved.push(`${s.node?.nodeName ?? '?'} ${(s.node?.textContent ?? '').slice(0, 40)}`);
          }
        });
        observer.observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => {
          observer.disconnect();
          ok(found);
        }, 200);
      }),
  );
}

const skip = browserSkipReason();

describe('page weight (Chromium)', { skip: skip ?? false }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-weight-'));
  const out = join(tmp, 'site');
  let chromium: Chromium;
  let server: StaticServer;
  let benchSlug: string;
  let paths: string[];
  before(async () => {
    const content = join(tmp, 'content');
    const [jam] = generateSite(content, { jams: 1, messages: MESSAGES });
    assert.equal(jam.messages, MESSAGES);
    benchSlug = jam.slug;
    writePicturesJam(join(content, 'jams', PICTURES_SLUG));
    const built = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', content, '--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    assert.match(built.stdout, new RegExp(`${benchSlug}: ${MESSAGES} messages`));
    paths = htmlPaths(out);
    server = await serveDir(out);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test(`the recap of a ${MESSAGES}-message jam: HTML + CSS under ${BUDGET_BYTES / 1024} KB gzipped`, async (t) => {
    await withPage(chromium, { viewport: VIEWPORTS.desktop }, async (page) => {
      const weights = await htmlAndCssWeights(page, server.url(`/jams/${benchSlug}/`));
      assert.deepEqual(weights.map((w) => w.type).sort(), ['document', 'stylesheet'], 'the page and its one stylesheet');
      const total = (k: 'raw' | 'gzip' | 'brotli') => weights.reduce((n, w) => n + w[k], 0);
      for (const w of weights) t.diagnostic(`${w.type} ${w.url}: ${w.raw} B raw, ${w.gzip} B gzip, ${w.brotli} B brotli`);
      t.diagnostic(`HTML + CSS: ${total('raw')} B raw, ${total('gzip')} B gzip, ${total('brotli')} B brotli (budget ${BUDGET_BYTES} B)`);
      assert.ok(total('gzip') < BUDGET_BYTES, `HTML + CSS gzipped: ${total('gzip')} B, over the budget of ${BUDGET_BYTES} B (${weights.map((w) => `${w.url} ${w.gzip} B`).join(', ')})`);
    });
  });

  test('the recap ships no script, and only its stylesheet blocks the first paint', async () => {
    await withPage(chromium, { viewport: VIEWPORTS.desktop }, async (page) => {
      await page.goto(server.url(`/jams/${benchSlug}/`), { waitUntil: 'load' });
      const seen = await page.evaluate(() => ({
        scripts: document.scripts.length,
        blocking: performance
          .getEntriesByType('resource')
          .filter((e) => (e as PerformanceResourceTiming & { renderBlockingStatus?: string }).renderBlockingStatus === 'blocking')
          .map((e) => `${(e as PerformanceResourceTiming).initiatorType} ${new URL(e.name).pathname}`),
      }));
      assert.equal(seen.scripts, 0);
      assert.equal(seen.blocking.length, 1, seen.blocking.join(', '));
      assert.match(seen.blocking[0], /^link \/assets\/site\.[0-9a-f]+\.css$/);
    });
  });

  test('no page of the site has a script in its head that blocks the first paint', () => {
    const blocking: string[] = [];
    let scripts = 0;
    for (const path of paths) {
      const $ = cheerio.load(readFileSync(join(out, path.endsWith('/') ? `${path}index.html` : path), 'utf8'));
      scripts += $('script').length;
      $('head script').each((_, el) => {
        const s = $(el);
        if (s.attr('defer') === undefined && s.attr('async') === undefined && s.attr('type') !== 'module') blocking.push(`${path}: ${$.html(el).slice(0, 80)}`);
      });
    }
    assert.deepEqual(blocking, []);
    assert.equal(scripts, 1, 'the search page has the site\'s one script (a module)');
  });

  test('the control: an unsized picture that loads below text shifts it, and the measure sees it', async () => {
    const media = readdirSync(join(out, 'media')).find((f) => f.endsWith('.png'));
    assert.ok(media, 'the pictures jam has a PNG in /media/');
    writeFileSync(
      join(out, SHIFT_CONTROL),
      `<!doctype html><meta charset="utf-8"><title>control</title><div style="height:3000px">top</div>` +
        `<img src="/media/${media}" alt="" loading="lazy" style="width:300px"><p>pushed down when the picture loads</p><div style="height:3000px"></div>`,
    );
    await withPage(chromium, { viewport: VIEWPORTS.desktop }, async (page) => {
      await page.goto(server.url(SHIFT_CONTROL), { waitUntil: 'load' });
      await visitPictures(page);
      const { sum } = await layoutShifts(page);
      assert.ok(sum > 0, `the control page shifted by ${sum}`);
    });
  });

  for (const [view, viewport] of Object.entries(VIEWPORTS)) {
    test(`no layout shift on the recaps and the pictures transcript after load and a visit to every picture (${view})`, async () => {
      const shifted: string[] = [];
      await withPage(chromium, { viewport }, async (page) => {
        for (const path of [`/jams/${benchSlug}/`, `/jams/${PICTURES_SLUG}/`, `/jams/${PICTURES_SLUG}/transcript/`]) {
          await page.goto(server.url(path), { waitUntil: 'load' });
          await visitPictures(page);
          const { sum, moved } = await layoutShifts(page);
          if (sum > 0) shifted.push(`${path}: ${sum.toFixed(4)} (${moved.slice(0, 3).join(' | ')})`);
        }
      });
      assert.deepEqual(shifted, []);
    });
  }

  test('every picture on the recap and transcript pages has its size, and all but a page\'s first are lazy', () => {
    const problems: string[] = [];
    const counts = new Map<string, number>();
    for (const path of paths.filter((p) => /^\/jams\/[^/]+\/(transcript\/.*)?$/.test(p))) {
      const $ = cheerio.load(readFileSync(join(out, path.endsWith('/') ? `${path}index.html` : path), 'utf8'));
      const imgs = $('img').toArray();
      counts.set(path, imgs.length);
      imgs.forEach((el, i) => {
        const img = $(el);
        const [width, height] = [img.attr('width'), img.attr('height')];
        if (!/^[1-9]\d*$/.test(width ?? '') || !/^[1-9]\d*$/.test(height ?? '')) problems.push(`${path}: ${img.attr('src')} has width=${width} height=${height}`);
        if (i > 0 && img.attr('loading') !== 'lazy') problems.push(`${path}: ${img.attr('src')} (picture ${i + 1}) is not lazy`);
      });
    }
    assert.deepEqual(problems, []);
    // The pictures jam's one saved picture: quoted once in the recap, twice in the transcript (two messages show it).
    assert.equal(counts.get(`/jams/${PICTURES_SLUG}/`), 1);
    assert.equal(counts.get(`/jams/${PICTURES_SLUG}/transcript/`), 2);
  });
});
