/**
 * The archive works offline (issue 13): `relativeUrl` and the page
 * rewriting (publish/relative-urls.ts); a `--relative` build of the example
 * site whose every page links only relatively, each local link to a file
 * that exists; each jam's `<slug>-site.zip` (site-zip.ts): its entries,
 * its links resolving inside it, its links out (public URLs with a base
 * URL, dropped without one), the same bytes every build, and made once
 * (cached). Chromium's view of them from file:// is in offline-browser.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { ROOT } from './helpers/corpus.ts';
import { writePicturesJam } from './helpers/pictures-jam.ts';
import { listFiles } from './helpers/files.ts';
import { buildSite } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { relativePath, relativeUrl, rewriteHtmlUrls } from '../src/publish/relative-urls.ts';
import { siteZipStats, zipIndexHtml } from '../src/site/site-zip.ts';

const SLUG = '2012-10-24-socbizchat';

describe('relativeUrl', () => {
  const cases: [string, string, string][] = [
    ['/', '/', 'index.html'],
    ['/jams/x/', '/', 'jams/x/index.html'],
    ['/jams/x/', '/jams/x/', 'index.html'],
    ['/jams/x/#q1', '/jams/x/', 'index.html#q1'],
    ['/jams/x/transcript/#m-1', '/jams/x/', 'transcript/index.html#m-1'],
    ['/jams/x/#q2', '/jams/x/transcript/', '../index.html#q2'],
    ['/jams/y/', '/jams/x/transcript/', '../../y/index.html'],
    ['/participants/ann/', '/jams/x/participants/', '../../../participants/ann/index.html'],
    ['/assets/site.1234.css', '/jams/x/embed/q1/', '../../../../assets/site.1234.css'],
    ['/search/?q=a%20b', '/', 'search/index.html?q=a%20b'],
    ['/feed.xml', '/jams/x/', '../../feed.xml'],
    ['/jams/x/download/x.json', '/jams/x/', 'download/x.json'],
    ['../', '/jams/x/', '../index.html'],
    ['transcript/', '/jams/x/', 'transcript/index.html'],
    ['/about.html', '/jams/x/', '../../about.html'],
    ['/recaps/jams/x/', '/recaps/', 'jams/x/index.html'],
    ['/a/%2e%2e/b/', '/', 'b/index.html'],
    ['/a%20b/c.png', '/', 'a%20b/c.png'],
    // Not the site's own: unchanged.
    ['#q1', '/jams/x/', '#q1'],
    ['https://example.org/a/', '/', 'https://example.org/a/'],
    ['//example.org/a/', '/', '//example.org/a/'],
    ['mailto:a@example.org', '/', 'mailto:a@example.org'],
    ['', '/', ''],
    ['/\\evil.example/', '/', '/\\evil.example/'],
  ];
  for (const [url, page, want] of cases) {
    test(`${JSON.stringify(url)} on ${page} -> ${JSON.stringify(want)}`, () => assert.equal(relativeUrl(url, page), want));
  }
  test('relativePath between files', () => {
    assert.equal(relativePath('/a/b/index.html', '/a/c/index.html'), '../c/index.html');
    assert.equal(relativePath('/index.html', '/index.html'), 'index.html');
    assert.equal(relativePath('/a/index.html', '/a/b/c.png'), 'b/c.png');
  });
});

describe('rewriteHtmlUrls', () => {
  const html = '<!doctype html><html><head><link rel="stylesheet" href="/assets/a.css"></head><body><a href=/jams/x/ class="c">x</a> <a class="h" href="/s/?x=1&amp;y=2#f" title="a > b">y</a><img src="/media/a.png" srcset="/media/a.png 1x, /media/b.png 2x" alt=""><a href="#q1">z</a><a href="https://e.org/">e</a><!-- <a href="/c/"> --><p>&lt;a href="/d/"&gt;</p></body></html>';
  test('only URL attributes change, the rest keeps its bytes (text, comments, other attributes)', () => {
    assert.equal(
      rewriteHtmlUrls(html, (u) => relativeUrl(u, '/jams/y/')),
      '<!doctype html><html><head><link rel="stylesheet" href="../../assets/a.css"></head><body><a href="../x/index.html" class="c">x</a> <a class="h" href="../../s/index.html?x=1&amp;y=2#f" title="a > b">y</a><img src="../../media/a.png" srcset="../../media/a.png 1x, ../../media/b.png 2x" alt=""><a href="#q1">z</a><a href="https://e.org/">e</a><!-- <a href="/c/"> --><p>&lt;a href="/d/"&gt;</p></body></html>',
    );
  });
  test('a dropped URL removes the attribute; an unchanged page is the same string', () => {
    assert.equal(rewriteHtmlUrls('<p><a class="x" href="/a/">A</a> <a href="/b/">B</a></p>', (u) => (u === '/a/' ? null : u)), '<p><a class="x">A</a> <a href="/b/">B</a></p>');
    assert.equal(rewriteHtmlUrls(html, (u) => u), html);
    // A <link> is nothing without its href: it goes whole, with the line it leaves empty.
    const head = '<head>\n<link rel="stylesheet" href="/a.css">\n<link rel="alternate" type="x" href="/feed.xml" title="T">\n<link rel="icon" href="/i.svg"/>\n</head><a href="/feed.xml">f</a>';
    assert.equal(rewriteHtmlUrls(head, (u) => (u === '/a.css' ? u : null)), '<head>\n<link rel="stylesheet" href="/a.css">\n</head><a>f</a>');
  });
  test('raw text (style, title, textarea) and comments hold no attribute', () => {
    const raw = '<title><a href="/t/"></title><style>a[href="/s/"]{}</style><textarea><img src="/x.png"></textarea><!-- <a href="/c/"> --><a href="/a/">a</a>';
    assert.equal(rewriteHtmlUrls(raw, () => 'X'), '<title><a href="/t/"></title><style>a[href="/s/"]{}</style><textarea><img src="/x.png"></textarea><!-- <a href="/c/"> --><a href="X">a</a>');
  });
  test('a value is escaped when written again', () => {
    assert.equal(rewriteHtmlUrls('<a href="/x">x</a>', () => '/a?b=1&c="2"'), '<a href="/a?b=1&amp;c=&quot;2&quot;">x</a>');
  });
});

/** Every URL attribute of a page (tag, attribute, value), each srcset URL alone. */
function pageUrls(html: string): { tag: string; attr: string; url: string }[] {
  const found: { tag: string; attr: string; url: string }[] = [];
  rewriteHtmlUrls(html, (url, tag, attr) => {
    found.push({ tag, attr, url });
    return url;
  });
  return found;
}

const LOCAL = (u: string) => u !== '' && !u.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('//');

/** The file a relative URL on the page at `file` (a path in `root`) leads to. */
function targetOf(file: string, url: string): string {
  const path = decodeURIComponent(url.replace(/[?#].*$/, ''));
  return join(dirname(file), path);
}

test("the zip's index.html: the title escaped, a refresh and a link to the recap, nothing loaded", () => {
  const html = zipIndexHtml({ slug: 'x', title: '<script>alert(1)</script> & "q"', date: '2020-01-01', owner: '/x' }, 'jams/x/index.html', 'fr');
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /<title>&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;q&quot;<\/title>/);
  assert.doesNotMatch(html, /<script/);
  assert.match(html, /<meta http-equiv="refresh" content="0; url=jams\/x\/index\.html">/);
  assert.match(html, /<a href="jams\/x\/index\.html">Open the recap<\/a>/);
  assert.match(html, /script-src 'none'; style-src 'none'; img-src 'none'/);
});

describe('a --relative build of the example site', () => {
  let tmp: string;
  let content: string;
  let out: string;
  let prefixed: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-offline-'));
    content = join(tmp, 'content');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    const build = async (name: string, extra: object) => {
      clearSiteCaches();
      const r = await buildSite({ contentDir: content, outDir: join(tmp, name), cacheDir: join(tmp, 'cache'), relative: true, ...extra });
      assert.ok(r.ok, r.problems.map((p) => formatProblem(p)).join('\n') + (r.error?.stack ?? ''));
      return join(tmp, name);
    };
    // The prefixed site second: its canonical URLs carry its own prefix, not the first build's of the process
    // (Eleventy's htmlBaseUrl filter kept the first one; the layout uses jamrecap's publicUrl).
    out = await build('site', {});
    prefixed = await build('prefixed', { baseUrl: 'https://recaps.example.org', pathPrefix: '/recaps/' });
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('no page links root-relative, and every local link leads to a file that exists', () => {
    const pages = listFiles(out).filter((f) => f.endsWith('.html') && !f.includes('/download/'));
    assert.ok(pages.length >= 30, `${pages.length} pages`);
    let checked = 0;
    for (const f of pages) {
      for (const { tag, attr, url } of pageUrls(readFileSync(join(out, f), 'utf8'))) {
        assert.ok(!url.startsWith('/'), `${f}: <${tag} ${attr}="${url}">`);
        if (!LOCAL(url)) continue;
        const target = targetOf(join(out, f), url);
        assert.ok(existsSync(target) && statSync(target).isFile(), `${f}: <${tag} ${attr}="${url}"> leads to nothing`);
        checked++;
      }
    }
    assert.ok(checked > 1000, `${checked} links checked`);
  });

  test('a folder link ends in index.html; the stylesheet, the search form and the recap links', () => {
    const recap = readFileSync(join(out, 'jams', SLUG, 'index.html'), 'utf8');
    assert.match(recap, /<link rel="stylesheet" href="\.\.\/\.\.\/assets\/site\.[0-9a-f]+\.css">/);
    assert.match(recap, /<a class="home" href="\.\.\/\.\.\/index\.html">/);
    assert.match(recap, /href="transcript\/index\.html#m-/);
    assert.match(recap, new RegExp(`href="download/${SLUG}-site\\.zip"`));
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    assert.match(home, new RegExp(`href="jams/${SLUG}/index\\.html"`));
    const search = readFileSync(join(out, 'search', 'index.html'), 'utf8');
    assert.match(search, /<form class="search" action="index\.html"/);
    assert.match(search, /<script type="module" src="\.\.\/pagefind\/jamrecap-search\.js">/);
    // No base URL: no canonical link.
    assert.doesNotMatch(recap, /rel="canonical"/);
  });

  test('with a base URL and a path prefix: the same relative links, canonical and og: URLs absolute', () => {
    const recap = readFileSync(join(prefixed, 'jams', SLUG, 'index.html'), 'utf8');
    assert.match(recap, new RegExp(`<link rel="canonical" href="https://recaps\\.example\\.org/recaps/jams/${SLUG}/">`));
    assert.match(recap, new RegExp(`<meta property="og:url" content="https://recaps\\.example\\.org/recaps/jams/${SLUG}/">`));
    assert.match(recap, /<meta property="og:image" content="https:\/\/recaps\.example\.org\/recaps\/cards\//);
    // (Asset names without their hash: the theme may change between the two builds while others edit it.)
    const links = (html: string) => pageUrls(html).filter((u) => LOCAL(u.url)).map((u) => u.url.replace(/\.[0-9a-f]{8}\./, '.*.'));
    const plain = readFileSync(join(out, 'jams', SLUG, 'transcript', 'index.html'), 'utf8');
    const withPrefix = readFileSync(join(prefixed, 'jams', SLUG, 'transcript', 'index.html'), 'utf8');
    assert.deepEqual(links(withPrefix), links(plain));
    for (const u of pageUrls(withPrefix)) assert.ok(!u.url.startsWith('/'), u.url);
  });
});

describe("a jam's site zip", () => {
  let tmp: string;
  let content: string;
  const build = async (name: string, extra: object = {}) => {
    clearSiteCaches();
    const r = await buildSite({ contentDir: content, outDir: join(tmp, name), cacheDir: join(tmp, 'cache'), searchIndex: false, ...extra });
    assert.ok(r.ok, r.problems.map((p) => formatProblem(p)).join('\n') + (r.error?.stack ?? ''));
    return readFileSync(join(tmp, name, 'jams', SLUG, 'download', `${SLUG}-site.zip`));
  };
  let first: Buffer;
  let zipped: number;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'jamrecap-sitezip-'));
    content = join(tmp, 'content');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    const before = siteZipStats.zipped;
    first = await build('first');
    zipped = siteZipStats.zipped - before;
  });
  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("holds the jam's pages, the styles and icon they use, and an index.html", () => {
    const entries = Object.keys(unzipSync(first)).sort();
    const hashed = entries.filter((e) => e.startsWith('assets/'));
    assert.deepEqual(hashed.map((e) => e.replace(/\.[0-9a-f]+\./, '.*.')), ['assets/favicon.*.svg', 'assets/site.*.css']);
    assert.deepEqual(entries.filter((e) => !e.startsWith('assets/')), [
      'index.html',
      ...['embed/index.html', 'embed/q1/index.html', 'embed/q2/index.html', 'embed/q3/index.html', 'embed/q4/index.html', 'index.html', 'participants/index.html', 'transcript/index.html'].map((p) => `jams/${SLUG}/${p}`),
    ]);
    const site = join(tmp, 'first');
    for (const a of hashed) assert.deepEqual(Buffer.from(unzipSync(first)[a]), readFileSync(join(site, a)), a);
  });

  test('every local link of every page resolves inside the zip; nothing else is linked without a base URL', () => {
    const files = unzipSync(first);
    const index = new TextDecoder().decode(files['index.html']);
    assert.match(index, new RegExp(`<meta http-equiv="refresh" content="0; url=jams/${SLUG}/index\\.html">`));
    let checked = 0;
    for (const [name, bytes] of Object.entries(files)) {
      if (!name.endsWith('.html')) continue;
      for (const { tag, attr, url } of pageUrls(new TextDecoder().decode(bytes))) {
        if (!LOCAL(url)) {
          // Out of the zip: only other sites (the chat's links), no address of this site.
          assert.ok(url.startsWith('#') || !url.includes('example.org'), `${name}: ${url}`);
          continue;
        }
        const target = targetOf(`/${name}`, url).slice(1);
        assert.ok(files[target], `${name}: <${tag} ${attr}="${url}"> is not in the zip`);
        checked++;
      }
    }
    assert.ok(checked > 300, `${checked} links checked`);
    // The links to pages the zip lacks lost their href but kept their text.
    const recap = new TextDecoder().decode(files[`jams/${SLUG}/index.html`]);
    assert.match(recap, /<a class="home">Tweet jam recaps<\/a>/);
    assert.match(recap, /<a class="author">@cmswire<\/a>/);
    // The feeds' links are gone whole.
    assert.doesNotMatch(recap, /<link rel="alternate"/);
  });

  test('the same bytes every build; an unchanged jam is not zipped again (same page files, or same page bytes); a build without a cache zips the same bytes', async () => {
    assert.equal(zipped, 1);
    const before = { ...siteZipStats };
    const second = await build('second');
    assert.deepEqual([siteZipStats.zipped - before.zipped, siteZipStats.cached - before.cached, siteZipStats.byContent - before.byContent], [0, 1, 0]);
    assert.ok(second.equals(first));
    // Pages rendered again (no page cache) to the same bytes: their stamps are new, their bytes are not: not zipped.
    rmSync(join(tmp, 'cache', 'pages'), { recursive: true, force: true });
    const third = await build('third');
    assert.deepEqual([siteZipStats.zipped - before.zipped, siteZipStats.cached - before.cached, siteZipStats.byContent - before.byContent], [0, 2, 1]);
    assert.ok(third.equals(first));
    clearSiteCaches();
    const r = await buildSite({ contentDir: content, outDir: join(tmp, 'uncached'), cacheDir: null, searchIndex: false });
    assert.ok(r.ok);
    assert.ok(readFileSync(join(tmp, 'uncached', 'jams', SLUG, 'download', `${SLUG}-site.zip`)).equals(first));
  });

  test('an edited recap is zipped again, with the edit', async () => {
    const notes = join(content, 'jams', SLUG, 'recap.md');
    const before = readFileSync(notes, 'utf8');
    try {
      writeFileSync(notes, before.replace(/^## Q1 · (.*)$/m, '## Q1 · $1 (edited offline)'));
      const made = siteZipStats.zipped;
      const zip = unzipSync(await build('edited'));
      assert.equal(siteZipStats.zipped - made, 1);
      assert.match(new TextDecoder().decode(zip[`jams/${SLUG}/index.html`]), /\(edited offline\)/);
    } finally {
      writeFileSync(notes, before);
    }
  });

  test("a jam's pictures are in its zip, shown from there", async () => {
    writePicturesJam(join(content, 'jams', 'pictures'));
    try {
      await build('pictures');
      const zip = unzipSync(readFileSync(join(tmp, 'pictures', 'jams', 'pictures', 'download', 'pictures-site.zip')));
      const media = Object.keys(zip).filter((e) => e.startsWith('media/'));
      assert.equal(media.length, 1);
      assert.match(media[0], /^media\/[0-9a-f]{16}\.png$/);
      assert.deepEqual(Buffer.from(zip[media[0]]), readFileSync(join(tmp, 'pictures', media[0])));
      const transcript = new TextDecoder().decode(zip['jams/pictures/transcript/index.html']);
      assert.ok(transcript.includes(`src="../../../${media[0]}"`), 'the transcript shows the picture from the zip');
      // The other jam's zip holds no picture of this one.
      assert.deepEqual(Object.keys(unzipSync(readFileSync(join(tmp, 'pictures', 'jams', SLUG, 'download', `${SLUG}-site.zip`)))).filter((e) => e.startsWith('media/')), []);
    } finally {
      rmSync(join(content, 'jams', 'pictures'), { recursive: true, force: true });
    }
  });

  test('with a base URL, links out of the zip go to the public pages', async () => {
    const zip = unzipSync(await build('public', { baseUrl: 'https://recaps.example.org', pathPrefix: '/recaps/' }));
    const recap = new TextDecoder().decode(zip[`jams/${SLUG}/index.html`]);
    assert.match(recap, /<a class="home" href="https:\/\/recaps\.example\.org\/recaps\/">/);
    assert.match(recap, /href="https:\/\/recaps\.example\.org\/recaps\/participants\/cmswire\/"/);
    assert.match(recap, new RegExp(`href="https://recaps\\.example\\.org/recaps/jams/${SLUG}/download/${SLUG}\\.json"`));
    assert.match(recap, /href="transcript\/index\.html#m-/);
    assert.match(recap, /<link rel="stylesheet" href="\.\.\/\.\.\/assets\/site\.[0-9a-f]+\.css">/);
  });
});
