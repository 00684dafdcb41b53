/**
 * `npm run screenshots`: pictures of every kind of page of a built site for
 * a reviewer to look at (issue 13). It builds the example site (content/)
 * into a temporary folder, or takes a built site folder given as an
 * argument, serves it on 127.0.0.1 (the browser tests' static server) and,
 * in Debian's Chromium through playwright-core (never a downloaded browser;
 * every request to another host goes to a local sink), writes full-page
 * PNGs `<kind>-<desktop|mobile>-<light|dark>.png` into the output folder
 * (default `screenshots/`). The search page is shot with a query, showing
 * results. `--readme` also writes docs/recap.png, the README's picture: the
 * recap, desktop, light, the first screen only.
 *
 *   npm run screenshots -- [built-site-folder] [--out screenshots/] [--readme]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as cheerio from 'cheerio';
import type { Browser, Page } from 'playwright-core';
import { htmlPaths, launchChromium, serveDir, type StaticServer } from '../test/helpers/browser.ts';
import { onePagePerKind, PAGE_KINDS, type PageKind } from '../test/helpers/page-kinds.ts';

const ROOT = resolve(import.meta.dirname, '..');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 844 } } as const;
const SCHEMES = ['light', 'dark'] as const;
const README_PICTURE = join(ROOT, 'docs', 'recap.png');

interface Shot {
  kind: PageKind;
  /** Site path, with the query for the search page. */
  path: string;
  /** A selector that must be on the page before the picture (the search results). */
  waitFor?: string;
}

/** Build the example site into `out` with the CLI; throws with its errors. */
function buildExample(out: string): void {
  const built = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', join(ROOT, 'content'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`jamrecap build failed (exit ${built.status}):\n${built.stderr}`);
}

/** A word of the first transcript message, for a search that finds something. */
function searchWord(site: string, transcript: string | undefined): string | null {
  if (!transcript) return null;
  const $ = cheerio.load(readFileSync(join(site, transcript, 'index.html'), 'utf8'));
  return /[A-Za-z]{4,}/.exec($('article.message p.text').first().text())?.[0] ?? null;
}

/** What to shoot on the site in `site`: one page of each kind it has. */
function shotsOf(site: string): Shot[] {
  const pages = onePagePerKind(htmlPaths(site));
  const word = searchWord(site, pages.get('transcript'));
  return [...pages].map(([kind, path]) =>
    kind === 'search' && word ? { kind, path: `${path}?q=${encodeURIComponent(word)}`, waitFor: 'ol.search-results > li' } : { kind, path },
  );
}

/** Open a page and let it settle: loaded, fonts ready, the awaited element there (a warning if it never comes). */
async function open(page: Page, url: string, waitFor?: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  if (waitFor) await page.waitForSelector(waitFor, { timeout: 15_000 }).catch(() => console.warn(`warning: ${waitFor} did not appear on ${url}`));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Every shot at every viewport and colour scheme into `outDir`; the files written. */
async function shootAll(browser: Browser, server: StaticServer, shots: Shot[], outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [view, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1, reducedMotion: 'reduce' });
      try {
        const page = await context.newPage();
        for (const shot of shots) {
          const file = join(outDir, `${shot.kind}-${view}-${colorScheme}.png`);
          await open(page, server.url(shot.path), shot.waitFor);
          await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
          written.push(file);
        }
      } finally {
        await context.close();
      }
    }
  }
  return written;
}

/** The README's picture: the recap's first screen, desktop, light. */
async function shootReadme(browser: Browser, server: StaticServer, recap: Shot): Promise<string> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, colorScheme: 'light', deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await open(page, server.url(recap.path));
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: README_PICTURE, animations: 'disabled', caret: 'hide' });
    return README_PICTURE;
  } finally {
    await context.close();
  }
}

/** A path as printed: relative to the working folder when under it. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: 'screenshots' }, readme: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length > 1) {
    console.log('usage: npm run screenshots -- [built-site-folder] [--out screenshots/] [--readme]');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const outDir = resolve(values.out);
  const tmp = positionals.length ? null : mkdtempSync(join(tmpdir(), 'jamrecap-screenshots-'));
  const site = positionals.length ? resolve(positionals[0]) : join(tmp!, 'site');
  let server: StaticServer | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    if (tmp) buildExample(site);
    else if (!statSync(site, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${site}: not a folder`);
    const shots = shotsOf(site);
    const missing = PAGE_KINDS.filter((k) => !shots.some((s) => s.kind === k));
    mkdirSync(outDir, { recursive: true });
    server = await serveDir(site);
    chromium = await launchChromium();
    const written = await shootAll(chromium.browser, server, shots, outDir);
    const recap = shots.find((s) => s.kind === 'recap');
    if (values.readme && recap) written.push(await shootReadme(chromium.browser, server, recap));
    for (const file of written) console.log(`${shown(file)}  ${Math.round(statSync(file).size / 1024)} KB`);
    console.log(`${written.length} screenshots of ${shots.length} kinds of page${missing.length ? `; not in this site: ${missing.join(', ')}` : ''}`);
  } finally {
    await chromium?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`screenshots: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
