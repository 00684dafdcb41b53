/**
 * The recap's reading layout in Chromium (issue 13): on a wide screen the
 * contents stay in view in their side column while the reader scrolls to
 * the last question; on a phone they come before the questions, as before;
 * avatars keep the size site.css gives them, and a saved picture
 * without a known size gets a 4:3 box (no layout shift either way); and
 * printed, it is the summaries and quotes alone, on white.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { browserSkipReason, launchChromium, serveDir, type Chromium, type StaticServer } from './helpers/browser.ts';
import { buildSite } from '../src/site/build.ts';

const RECAP = '/jams/2012-10-24-socbizchat/';
const skip = browserSkipReason();

describe('the recap page in Chromium', { skip: skip ?? false }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-recap-layout-'));
  let chromium: Chromium;
  let server: StaticServer;
  before(async () => {
    const built = await buildSite({ contentDir: join(ROOT, 'content'), outDir: join(tmp, 'site') });
    assert.equal(built.ok, true, built.error?.message);
    server = await serveDir(join(tmp, 'site'));
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Where the contents and the last question are after scrolling to the last question. */
  async function layout(width: number) {
    const context = await chromium.browser.newContext({ viewport: { width, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url(RECAP));
      await page.evaluate(() => document.getElementById('q4')!.scrollIntoView());
      // A string, not a function: tsx would wrap a function's inner helpers in a __name the page lacks.
      return (await page.evaluate(`(() => {
        const nav = document.querySelector('nav.contents').getBoundingClientRect();
        const q4 = document.getElementById('q4').getBoundingClientRect();
        const avatars = [...document.querySelectorAll('.avatar')].map((s) => { const r = s.getBoundingClientRect(); return r.width + 'x' + r.height; });
        return { nav: { top: Math.round(nav.top), left: Math.round(nav.left), right: Math.round(nav.right), bottom: Math.round(nav.bottom) }, q4Left: Math.round(q4.left), scrollY: window.scrollY, avatars: [...new Set(avatars)].sort() };
      })()`)) as { nav: { top: number; left: number; right: number; bottom: number }; q4Left: number; scrollY: number; avatars: string[] };
    } finally {
      await context.close();
    }
  }

  test('wide screen: the contents stay in view, in a column left of the questions', async () => {
    const l = await layout(1280);
    assert.ok(l.scrollY > 1000, `scrolled ${l.scrollY}`);
    assert.equal(l.nav.top, 16, 'stuck 1rem from the top');
    assert.ok(l.nav.right <= l.q4Left, JSON.stringify(l));
    assert.deepEqual(l.avatars, ['20x20', '28x28']);
  });

  test('a saved picture without a known size (WebP) gets a 4:3 box before it loads; a sized one keeps its own ratio', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url(RECAP));
      const boxes = (await page.evaluate(`(() => {
        const ul = document.createElement('ul');
        ul.className = 'attachments';
        ul.innerHTML = '<li class="attachment"><img src="/media/none.webp" alt="a" loading="lazy"></li><li class="attachment"><img src="/media/none.png" alt="b" width="800" height="200" loading="lazy"></li>';
        document.querySelector('section.question').append(ul);
        return [...ul.querySelectorAll('img')].map((i) => { const r = i.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; });
      })()`)) as [number, number][];
      const [[w, h], [w2, h2]] = boxes;
      assert.ok(w > 300, `${w}`);
      assert.equal(h, Math.round((w * 3) / 4));
      assert.equal(h2, Math.round(w2 / 4));
    } finally {
      await context.close();
    }
  });

  test('narrow screen: the contents scroll away with the page, above the questions', async () => {
    const l = await layout(800);
    assert.ok(l.nav.bottom < 0, JSON.stringify(l));
    assert.equal(l.nav.left, l.q4Left);
  });

  test('printed (dark mode or not): summaries and quotes on white, without the chrome, the answer lists, the numbers or the downloads', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
      try {
        const page = await context.newPage();
        await page.goto(server.url(RECAP));
        await page.emulateMedia({ media: 'print', colorScheme });
        const shown = (await page.evaluate(`(() => {
          const visible = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
          return {
            header: visible('header.site'), contents: visible('nav.contents'), answers: visible('details.answers'), stats: visible('section.stats'),
            downloads: visible('section.downloads'), questionNav: visible('nav.question-nav'), avatars: visible('.avatar'),
            questions: visible('section.question h2'), summaries: visible('section.question .summary p, section.question > p:not(.question-facts)'), quotes: visible('section.question blockquote'),
            background: getComputedStyle(document.body).backgroundColor,
          };
        })()`)) as Record<string, number | string>;
        assert.deepEqual({ ...shown, summaries: Number(shown.summaries) > 0, quotes: Number(shown.quotes) > 0 }, {
          header: 0, contents: 0, answers: 0, stats: 0, downloads: 0, questionNav: 0, avatars: 0, questions: 4, summaries: true, quotes: true, background: 'rgb(255, 255, 255)',
        }, colorScheme);
      } finally {
        await context.close();
      }
    }
  });
});
