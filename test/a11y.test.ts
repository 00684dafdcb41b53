/**
 * Audited, not assumed (issue 13): axe-core, injected into Debian's Chromium
 * through playwright-core, on one page of every kind of the example site
 * (home, recap with its charts, transcript, the jam's and the site's
 * participants, a person, the series, the embed, the search page), each in light and dark mode, on a desktop window
 * and on a 390-px phone: no WCAG 2.x A/AA violation. And the keyboard: the
 * first Tab lands on a skip link to the main content, and a focused link
 * shows a focus ring.
 *
 * axe runs through the DevTools protocol with the page's CSP bypassed for
 * the audit only (the site's CSP forbids every script, axe's included); the
 * pages themselves are as built. Without Chromium the tests skip visibly
 * (under CI=true they fail).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, violationLines } from './helpers/axe.ts';
import { ROOT } from './helpers/corpus.ts';
import { browserSkipReason, htmlPaths, launchChromium, serveDir, withPage, type Chromium, type StaticServer } from './helpers/browser.ts';

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

/** One page of each kind of the built site (the first in path order). */
function onePerKind(paths: string[]): Record<string, string> {
  const kinds: Record<string, RegExp> = {
    home: /^\/$/,
    recap: /^\/jams\/[^/]+\/$/,
    transcript: /^\/jams\/[^/]+\/transcript\//,
    jamParticipants: /^\/jams\/[^/]+\/participants\/$/,
    participants: /^\/participants\/$/,
    person: /^\/participants\/[^/]+\/$/,
    series: /^\/series\/[^/]+\/$/,
    embed: /^\/jams\/[^/]+\/embed\/$/,
    search: /^\/search\/$/,
  };
  const out: Record<string, string> = {};
  for (const [kind, re] of Object.entries(kinds)) {
    const p = paths.find((x) => re.test(x));
    if (p) out[kind] = p;
  }
  return out;
}

const skip = browserSkipReason();

describe('accessibility (axe-core in Chromium)', { skip: skip ?? false }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-a11y-'));
  let chromium: Chromium;
  let server: StaticServer;
  let pages: Record<string, string>;
  before(async () => {
    const out = join(tmp, 'site');
    const built = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', join(ROOT, 'content'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    pages = onePerKind(htmlPaths(out));
    server = await serveDir(out);
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('every kind of page is audited', () => {
    assert.deepEqual(Object.keys(pages), ['home', 'recap', 'transcript', 'jamParticipants', 'participants', 'person', 'series', 'embed', 'search']);
  });

  for (const [view, size] of Object.entries(VIEWPORTS)) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`no WCAG A/AA violation on any kind of page: ${view}, ${scheme}`, async () => {
        const found: string[] = [];
        await withPage(chromium, { viewport: size, colorScheme: scheme, bypassCSP: true }, async (page) => {
          for (const [kind, path] of Object.entries(pages)) {
            await page.goto(server.url(path));
            found.push(...violationLines(`${kind} ${path}`, await audit(page)));
          }
        });
        assert.deepEqual(found, []);
      });
    }
  }

  test('on a 390-px phone no page is wider than the screen (the participant tables, and the search page with its results and facets, included)', async () => {
    await withPage(chromium, { viewport: VIEWPORTS.phone }, async (page) => {
      const wide: string[] = [];
      for (const [kind, path] of [...Object.entries(pages), ['search results', '/search/?q=social']]) {
        await page.goto(server.url(path));
        if (kind === 'search results') await page.locator('.search-result').first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > VIEWPORTS.phone.width) wide.push(`${kind} ${path}: ${width}px`);
      }
      assert.deepEqual(wide, []);
    });
  });

  test('the keyboard: the first Tab reaches a skip link to the main content, and focus is visible', async () => {
    await withPage(chromium, { viewport: VIEWPORTS.desktop }, async (page) => {
      for (const [kind, path] of Object.entries(pages)) {
        if (kind === 'embed') continue;
        await page.goto(server.url(path));
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const a = document.activeElement as HTMLAnchorElement | null;
          const target = a?.hash ? document.getElementById(decodeURIComponent(a.hash.slice(1))) : null;
          const style = a ? getComputedStyle(a) : null;
          return { tag: a?.tagName, text: a?.textContent?.trim(), target: target?.tagName, outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : null };
        });
        assert.equal(first.tag, 'A', `${kind}: the first Tab lands on a link`);
        assert.match(first.text ?? '', /skip to (the )?(main )?content/i, `${kind}: a skip link`);
        assert.equal(first.target, 'MAIN', `${kind}: it goes to <main>`);
        assert.doesNotMatch(first.outline ?? 'none', /^none|0px$/, `${kind}: a visible focus ring (${first.outline})`);
      }
    });
  });
});
