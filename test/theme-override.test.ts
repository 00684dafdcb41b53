/**
 * The look is the publisher's: a theme folder beside the content folder
 * replaces the shipped theme file by file. The example jam is built three
 * ways, each from a content folder of its own in a temporary folder:
 *
 * - plain: no theme folder (the shipped theme);
 * - override: `theme/` with a footer partial, a changed embed layout, a
 *   header with a logo (a new asset) and its own site.css;
 * - ejected: `theme/` filled by `jamrecap eject-theme` (every shipped file).
 *
 * The override's pages carry its footer, header, layout and stylesheet (the
 * stylesheet under the hash of its bytes), and everything the override does
 * not replace is byte for byte the plain build's (the recap layout, the
 * pages, the head); the ejected theme builds the plain site byte for byte.
 * A theme file that would run code is refused with its name, nothing built.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { sha256Hex } from '../src/model/ids.ts';
import { THEME_DIR } from '../src/site/theme.ts';
import { themeProblems } from '../src/site/theme-folder.ts';
import { ejectableFiles } from '../src/cli/commands/eject-theme.ts';

const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');
const FOOTER = '<footer class="site">Published by ACME Recaps · <a href="/about/">About</a></footer>';
const CSS = 'body { color: #222; background: #fffdf5; }\nheader.site img { height: 2rem; }\n';
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#c00"/></svg>\n';

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-theme-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** `<tmp>/<name>/content` holding the example jam, and `<tmp>/<name>/theme` with `files`. */
function project(name: string, files: Record<string, string> = {}): { content: string; theme: string; out: string } {
  const base = join(tmp, name);
  const content = join(base, 'content');
  mkdirSync(join(content, 'jams'), { recursive: true });
  cpSync(EXAMPLE, join(content, 'jams', 'socbizchat'), { recursive: true });
  const theme = join(base, 'theme');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(theme, rel, '..'), { recursive: true });
    writeFileSync(join(theme, rel), text);
  }
  return { content, theme, out: join(base, 'site') };
}

function cli(args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'bin', 'jamrecap.js'), ...args], { cwd: tmp, encoding: 'utf8' });
}

async function build(p: { content: string; out: string }): Promise<BuildResult> {
  const r = await buildSite({ contentDir: p.content, outDir: p.out });
  assert.ok(r.ok, `${r.error?.message ?? ''}\n${r.problems.map((x) => formatProblem(x)).join('\n')}`);
  return r;
}

const read = (dir: string, rel: string) => readFileSync(join(dir, rel));
const htmlPages = (dir: string) => listFiles(dir).filter((f) => f.endsWith('.html') && !f.includes('/download/'));
const isEmbed = (rel: string) => rel.includes('/embed/');

describe('a theme folder beside the content folder', () => {
  const shippedBase = readFileSync(join(THEME_DIR, '_includes', 'layouts', 'embed.njk'), 'utf8');
  const overrideFiles = {
    '_includes/footer.njk': `${FOOTER}\n`,
    '_includes/header.njk': `<header class="site"><a class="home" href="/"><img src="{{ assets['logo.svg'] }}" alt=""> {{ siteMeta.title }}</a></header>\n`,
    '_includes/layouts/embed.njk': shippedBase.replace('<body>', '<body class="acme-embed">'),
    'assets/site.css': CSS,
    'assets/logo.svg': LOGO,
  };
  let plain: ReturnType<typeof project>;
  let themed: ReturnType<typeof project>;
  before(async () => {
    plain = project('plain');
    themed = project('override', overrideFiles);
    await build(plain);
    await build(themed);
  });

  test('the override stylesheet and logo are published under the hashes of their bytes; the shipped stylesheet is not', () => {
    const cssFile = `assets/site.${sha256Hex(Buffer.from(CSS)).slice(0, 8)}.css`;
    const logoFile = `assets/logo.${sha256Hex(Buffer.from(LOGO)).slice(0, 8)}.svg`;
    // The shipped favicon stays (the override theme has none of its own).
    const favicon = `assets/favicon.${sha256Hex(readFileSync(join(THEME_DIR, 'assets', 'favicon.svg'))).slice(0, 8)}.svg`;
    assert.deepEqual(listFiles(themed.out).filter((f) => f.startsWith('assets/')), [favicon, logoFile, cssFile].sort());
    assert.equal(read(themed.out, cssFile).toString('utf8'), CSS);
    assert.equal(read(themed.out, logoFile).toString('utf8'), LOGO);
    const shippedCss = listFiles(plain.out).filter((f) => f.startsWith('assets/'));
    assert.deepEqual(shippedCss, [favicon, `assets/site.${sha256Hex(readFileSync(join(THEME_DIR, 'assets', 'site.css'))).slice(0, 8)}.css`]);
    for (const rel of htmlPages(themed.out).filter((f) => !isEmbed(f))) {
      const $ = cheerio.load(read(themed.out, rel));
      assert.deepEqual($('link[rel=stylesheet]').map((_, e) => $(e).attr('href')).get(), [`/${cssFile}`], rel);
      assert.deepEqual($('header.site img').map((_, e) => $(e).attr('src')).get(), [`/${logoFile}`], rel);
    }
  });

  test('every page shows the override footer and header; everything else is the shipped theme byte for byte', () => {
    const pages = htmlPages(plain.out);
    assert.deepEqual(htmlPages(themed.out), pages);
    const pageCount = pages.filter((f) => !isEmbed(f)).length;
    assert.ok(pageCount >= 6, `${pageCount} pages`);
    let footers = 0;
    for (const rel of pages) {
      const mine = read(themed.out, rel).toString('utf8');
      const shipped = read(plain.out, rel).toString('utf8');
      if (isEmbed(rel)) {
        // The changed layout: only its <body> tag differs.
        assert.equal(mine, shipped.replace('<body>', '<body class="acme-embed">'), rel);
        assert.ok(!mine.includes(FOOTER), rel);
        continue;
      }
      const $ = cheerio.load(mine);
      const $s = cheerio.load(shipped);
      assert.equal($('footer.site').length, 1, rel);
      footers += mine.split(FOOTER).length - 1;
      // The recap layout, the pages, the head: as shipped, but for the stylesheet's hashed name.
      assert.equal($('main').html(), $s('main').html(), rel);
      assert.equal($('head').html()!.replace(/site\.[0-9a-f]{8}\.css/, 'site.css'), $s('head').html()!.replace(/site\.[0-9a-f]{8}\.css/, 'site.css'), rel);
      assert.equal($s('footer.site').length, 0, rel);
    }
    assert.equal(footers, pageCount);
  });
});

describe("a theme's own macros.njk", () => {
  test('shows every message of the shipped pages its way (transcript, recap answers, person pages, quotes); nothing else changes', async () => {
    const shippedMacros = readFileSync(join(THEME_DIR, '_includes', 'macros.njk'), 'utf8');
    const own = shippedMacros
      .replace('<article class="message{% if m.asks %}', '<article data-acme="article" class="message{% if m.asks %}')
      .replace('<li class="message" data-message-id', '<li data-acme="compact" class="message" data-message-id')
      .replace('<blockquote class="message featured"', '<blockquote data-acme="quote" class="message featured"');
    assert.equal((own.match(/data-acme/g) ?? []).length, 3);
    const plain = project('macros-plain');
    const mine = project('macros-own', { '_includes/macros.njk': own });
    await build(plain);
    await build(mine);
    const pages = htmlPages(plain.out);
    assert.deepEqual(htmlPages(mine.out), pages);
    const count = (html: string, what: string) => html.split(`data-acme="${what}"`).length - 1;
    let seen = { article: 0, compact: 0, quote: 0 };
    for (const rel of pages) {
      const a = read(plain.out, rel).toString('utf8');
      const b = read(mine.out, rel).toString('utf8');
      // The theme's marks, taken out again, give the shipped page byte for byte.
      assert.equal(b.replace(/ data-acme="(?:article|compact|quote)"/g, ''), a, rel);
      const $ = cheerio.load(a);
      if (rel.includes('/transcript/')) assert.equal(count(b, 'article'), $('article.message').length, rel);
      seen = { article: seen.article + count(b, 'article'), compact: seen.compact + count(b, 'compact'), quote: seen.quote + count(b, 'quote') };
    }
    assert.ok(seen.article >= 40 && seen.compact >= 40 && seen.quote >= 3, JSON.stringify(seen));
  });
});

describe('what a theme may hold', () => {
  test('JavaScript and Eleventy data files are refused, each at its file, and nothing is built or run', async () => {
    const marker = join(tmp, 'ran.txt');
    const js = `require('fs').writeFileSync(${JSON.stringify(marker)}, '1');\n`;
    const p = project('code', {
      '_includes/footer.njk': `${FOOTER}\n`,
      'eleventy.config.js': js,
      '_includes/layouts/base.11tydata.js': `module.exports = () => { ${js} };\n`,
      'pages/helpers.mjs': js,
      'assets/site.css': CSS,
    });
    const r = await buildSite({ contentDir: p.content, outDir: p.out });
    assert.equal(r.ok, false);
    const errors = r.problems.filter((x) => x.severity === 'error').map((x) => `${x.file.slice(p.theme.length + 1)}:${x.line}:${x.col}: ${x.message}`);
    assert.deepEqual(errors, [
      '_includes/layouts/base.11tydata.js:1:1: Eleventy data files are refused in a theme: a theme holds templates, styles, images and fonts, never code or computed data; delete "base.11tydata.js"',
      'eleventy.config.js:1:1: JavaScript is refused in a theme: nothing in it runs as a program (templates, styles, images and fonts only); delete "eleventy.config.js"',
      'pages/helpers.mjs:1:1: JavaScript is refused in a theme: nothing in it runs as a program (templates, styles, images and fonts only); delete "helpers.mjs"',
    ]);
    assert.equal(existsSync(p.out), false);
    assert.equal(existsSync(marker), false);
    // `check` says the same, by file, and exits 1.
    const c = cli(['check', '--content', p.content, '--no-cache']);
    assert.equal(c.status, 1, c.stderr);
    for (const name of ['eleventy.config.js', 'base.11tydata.js', 'helpers.mjs']) assert.match(c.stderr, new RegExp(`${name.replace('.', '\\.')}:1:1: .*delete "${name.replace('.', '\\.')}"`));
  });

  test('other kinds of file are errors, files where jamrecap does not look are warnings, a --theme folder must exist', () => {
    const p = project('kinds', {
      'assets/notes.txt': 'x',
      'assets/my logo.svg': LOGO,
      'layouts/base.njk': 'x',
      '_data/siteMeta.json': '{}',
      'README.md': '# our theme',
    });
    const shown = themeProblems(p.content).map((x) => `${x.severity} ${x.file.slice(p.theme.length + 1)}: ${x.message}`);
    assert.deepEqual(shown, [
      `warning _data/siteMeta.json: not used: the site's title and language go in the content folder's _data/siteMeta.json`,
      `error assets/my logo.svg: an asset's name is part of its address: rename "my logo.svg" to letters, digits, ".", "-" and "_"`,
      'error assets/notes.txt: "notes.txt" is refused in a theme: only templates (.njk, .html, .md), stylesheets (.css), JSON, images (.png, .jpg, .gif, .webp, .avif, .svg, .ico) and fonts (.woff, .woff2, .ttf, .otf) are taken; delete it',
      'warning layouts/base.njk: not used: a theme holds _includes/ (layouts, partials), pages/, assets/ (styles, images, fonts) and embed.css',
    ]);
    const missing = join(tmp, 'no-such-theme');
    assert.deepEqual(
      themeProblems(p.content, missing).map((x) => `${x.file}:${x.line}:${x.col}: ${x.message}`),
      [`${missing}:1:1: no theme folder ${missing}: give a folder holding _includes/, pages/ or assets/ with --theme DIR (jamrecap eject-theme copies the shipped one)`],
    );
    // The project's own content sits beside jamrecap's theme: that is no override.
    assert.deepEqual(themeProblems(join(ROOT, 'content')), []);
  });
});

describe('a theme folder named with --theme', () => {
  test('build takes it from anywhere; check refuses a folder that is not there', () => {
    const p = project('elsewhere');
    const shared = join(tmp, 'shared-theme');
    mkdirSync(join(shared, '_includes'), { recursive: true });
    writeFileSync(join(shared, '_includes', 'footer.njk'), `${FOOTER}\n`);
    const b = cli(['build', '--content', p.content, '--theme', shared, '--out', p.out, '--quiet']);
    assert.equal(b.status, 0, b.stderr);
    for (const rel of ['index.html', 'participants/index.html', 'series/socbizchat/index.html']) assert.equal(read(p.out, rel).toString('utf8').split(FOOTER).length - 1, 1, rel);
    const missing = join(tmp, 'no-theme-here');
    const c = cli(['check', '--content', p.content, '--theme', missing]);
    assert.equal(c.status, 1);
    assert.ok(c.stderr.includes(`no theme folder ${missing}: give a folder holding _includes/, pages/ or assets/ with --theme DIR`), c.stderr);
  });
});

describe('jamrecap eject-theme', () => {
  test('copies every shipped theme file byte for byte, builds the same site, and never overwrites', async () => {
    const p = project('ejected');
    const r = cli(['eject-theme', '--out', p.theme]);
    assert.equal(r.status, 0, r.stderr);
    const shipped = listFiles(THEME_DIR).filter((f) => !f.startsWith('_data/'));
    assert.deepEqual(ejectableFiles(), shipped);
    assert.deepEqual(listFiles(p.theme), shipped);
    for (const rel of shipped) assert.ok(read(p.theme, rel).equals(read(THEME_DIR, rel)), rel);
    assert.match(r.stdout, new RegExp(`^jamrecap eject-theme: copied ${shipped.length} files of the shipped theme to `));
    assert.match(r.stdout, /delete the others/);

    // The whole theme ejected beside the content: the very site the shipped theme builds.
    const plain = project('ejected-plain');
    await build(plain);
    await build(p);
    assert.deepEqual(listFiles(p.out), listFiles(plain.out));
    for (const rel of listFiles(plain.out)) assert.ok(read(p.out, rel).equals(read(plain.out, rel)), rel);

    // Again: every file exists, nothing is copied, an edited file stays as edited.
    writeFileSync(join(p.theme, 'assets', 'site.css'), CSS);
    rmSync(join(p.theme, 'pages', 'index.njk'));
    const again = cli(['eject-theme', '--out', p.theme]);
    assert.equal(again.status, 2);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /already holds _includes\/embed-macros\.njk, .* and \d+ more: nothing was copied \(nothing is overwritten\)/);
    assert.equal(readFileSync(join(p.theme, 'assets', 'site.css'), 'utf8'), CSS);
    assert.equal(existsSync(join(p.theme, 'pages', 'index.njk')), false);
    // jamrecap's own theme is never a target.
    const own = cli(['eject-theme', '--out', THEME_DIR]);
    assert.equal(own.status, 2);
    assert.match(own.stderr, /is jamrecap's own theme/);
  });
});
