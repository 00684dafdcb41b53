/**
 * Publishing: the site built for a CDN and for CMSs, read back.
 *
 * The content folder here holds only `jams/` (the theme ships with
 * jamrecap): the example jam (content/jams/2012-10-24-socbizchat, 47
 * messages by 27 accounts and 41 quotes, counts verified in site.test.ts
 * with grep on the room file and recap.md) and a second, later jam made
 * from the same room file whose notes link to the first with a
 * document-relative link and quote one message. Builds, shared by the tests:
 *
 * - `jamrecap build --content <that folder> --path-prefix /recaps/` (the
 *   CLI, no base URL): every internal href/src of every HTML file resolves
 *   to a file of the output under the prefix (a crawl), fragments included;
 * - the same content with --base-url https://recaps.example.org and the
 *   prefix: feeds (Atom parsed as XML, JSON Feed 1.1), sitemap, embeds,
 *   JSON API cross-checked with the transcript download, `_headers` matched
 *   against every file the way Netlify and Cloudflare Pages match it;
 * - the same again into another folder: byte-identical;
 * - atomic output: failed builds (bad notes, a template that throws inside
 *   Eleventy, a failure injected after everything was written) leave the
 *   previous site byte for byte and no temporary folder; a good build
 *   replaces it completely (files of a removed jam are gone).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { buildSite, outputProblems, SITE_MARKER, strayBuildDirs, type BuildResult } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { normalizePathPrefix, resolvePublicAddress } from '../src/site/options.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { IMMUTABLE, SHORT, headerRules } from '../src/publish/headers.ts';
import { HTML_CSP } from '../src/downloads/html.ts';
import { prefixedPath, publicUrl, rebaseHtml } from '../src/publish/urls.ts';
import { listFiles } from './helpers/files.ts';

const SLUG = '2012-10-24-socbizchat';
const SECOND = 'a-second-look';
const BASE = 'https://recaps.example.org';
const PREFIX = '/recaps/';
const EXAMPLE = join(ROOT, 'content', 'jams', SLUG);

let tmp: string;
let content: string;
let cli: SpawnSyncReturns<string>;
let prefixOut: string;
let pubOut: string;
let published: BuildResult;

const files = listFiles;

/** SHA-256 of every file, by relative path: the bytes of a whole site. */
function snapshot(dir: string): Map<string, string> {
  return new Map(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

/** The URL a file is served at under the prefix: `jams/x/index.html` -> `/recaps/jams/x/`. */
function servedUrl(file: string): string {
  return PREFIX + file.replace(/(^|\/)index\.html$/, '$1');
}

/** The output file for a served path under the prefix, or null when outside it. */
function fileFor(out: string, pathname: string): string | null {
  if (!pathname.startsWith(PREFIX)) return null;
  let rest = decodeURIComponent(pathname.slice(PREFIX.length));
  if (rest === '' || rest.endsWith('/')) rest += 'index.html';
  return join(out, ...rest.split('/'));
}

const load = (out: string, file: string) => cheerio.load(readFileSync(join(out, file), 'utf8'));
const page = (out: string, url: string) => load(out, join(...url.split('/').filter(Boolean), 'index.html'));

/** A recap.md for the second jam: later than the example, linking to it, quoting one of its messages. */
const SECOND_RECAP = [
  '---',
  'title: A second look at social business',
  'date: 2012-11-07T13:00:00-05:00',
  'hashtag: socbizchat',
  'hosts: [cmswire]',
  'timezone: America/New_York',
  '---',
  'A week later we read the room again. See [the first recap](../2012-10-24-socbizchat/) & its transcript.',
  '',
  '## Q1 · Defining it again',
  '',
  'Still about people first.',
  '',
  '> @yaacovc Social Business is putting people first',
  '',
].join('\n');

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-publish-'));
  content = join(tmp, 'content');
  mkdirSync(join(content, 'jams'), { recursive: true });
  cpSync(EXAMPLE, join(content, 'jams', SLUG), { recursive: true });
  mkdirSync(join(content, 'jams', SECOND));
  cpSync(join(EXAMPLE, 'socbizchat-room.html'), join(content, 'jams', SECOND, 'socbizchat-room.html'));
  writeFileSync(join(content, 'jams', SECOND, 'recap.md'), SECOND_RECAP);

  prefixOut = join(tmp, 'prefix-out');
  cli = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', content, '--out', prefixOut, '--path-prefix', PREFIX], { cwd: ROOT, encoding: 'utf8' });
  pubOut = join(tmp, 'pub-out');
  published = await buildSite({ contentDir: content, outDir: pubOut, baseUrl: BASE, pathPrefix: PREFIX });
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a content folder with only jams/', () => {
  test('builds with the CLI: the theme comes from jamrecap', () => {
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(readdirSync(content), ['jams']);
    // (Eleventy's own "[11ty] Wrote N files" line aside.)
    assert.deepEqual(cli.stdout.trim().split('\n').filter((l) => !l.startsWith('[11ty]')), [
      `${SECOND}: 47 messages, 27 participants, 4 questions, 1 featured, 7 downloads`,
      `${SLUG}: 47 messages, 27 participants, 4 questions, 41 featured, 7 downloads`,
    ]);
    // No base URL: said once, and no sitemap.
    assert.match(cli.stderr, /jamrecap build: warning: no --base-url: sitemap\.xml is not written/);
    assert.equal(existsSync(join(prefixOut, 'sitemap.xml')), false);
    for (const f of ['index.html', `jams/${SLUG}/index.html`, `jams/${SLUG}/transcript/index.html`, `jams/${SLUG}/embed/q4/index.html`, 'participants/cmswire/index.html', 'feed.xml', 'feed.json', 'api/jams.json', '_headers']) {
      assert.ok(existsSync(join(prefixOut, f)), f);
    }
    const $ = page(prefixOut, `/jams/${SLUG}/`);
    assert.equal($('section.question').length, 4);
    assert.equal($('blockquote.message.featured').length, 41);
  });

  test('the API build succeeded too', () => {
    assert.equal(published.ok, true, published.error?.stack ?? published.problems.map((p) => formatProblem(p)).join('\n'));
  });
});

/** Every internal URL of every HTML page, resolved; fails on the first that points at nothing. */
function crawl(out: string, origins: string[]): { checked: number; external: number } {
  const targets = new Map<string, cheerio.CheerioAPI>();
  const doc = (file: string) => {
    if (!targets.has(file)) targets.set(file, cheerio.load(readFileSync(file, 'utf8')));
    return targets.get(file)!;
  };
  let checked = 0;
  let external = 0;
  for (const f of files(out).filter((f) => f.endsWith('.html'))) {
    const from = servedUrl(f);
    const $ = doc(join(out, f));
    const refs: string[] = [];
    for (const [sel, attr] of [['a', 'href'], ['link', 'href'], ['img', 'src'], ['script', 'src'], ['form', 'action'], ['area', 'href'], ['source', 'src'], ['iframe', 'src']]) {
      $(`${sel}[${attr}]`).each((_, el) => {
        refs.push($(el).attr(attr)!);
      });
    }
    for (const ref of refs) {
      const u = new URL(ref, `http://localhost${from}`);
      if (!['http://localhost', ...origins].includes(u.origin)) {
        external++;
        continue;
      }
      checked++;
      const file = fileFor(out, u.pathname);
      assert.ok(file, `${f}: "${ref}" is outside ${PREFIX}`);
      assert.ok(existsSync(file), `${f}: "${ref}" points at nothing (${relative(out, file)})`);
      if (u.hash && file.endsWith('.html')) {
        const id = decodeURIComponent(u.hash.slice(1));
        assert.equal(doc(file)(`[id="${id}"]`).length, 1, `${f}: "${ref}": no element #${id}`);
      }
    }
  }
  return { checked, external };
}

describe('--path-prefix /recaps/', () => {
  test('no broken internal link: every href and src of every HTML file resolves under the prefix', () => {
    const { checked, external } = crawl(prefixOut, []);
    // Per jam at least: 47 transcript self-links, back-links, recap anchors; plus person pages.
    assert.ok(checked > 1000, `${checked} internal links checked`);
    assert.ok(external > 0);
  });

  test('with a base URL too (canonical links and embeds are absolute): still none broken', () => {
    const { checked } = crawl(pubOut, [BASE]);
    assert.ok(checked > 1000, `${checked} internal links checked`);
    const $ = page(pubOut, `/jams/${SLUG}/`);
    assert.equal($('link[rel="canonical"]').attr('href'), `${BASE}/recaps/jams/${SLUG}/`);
  });

  test('the notes\' relative link works on the recap and on the home page\'s teaser', () => {
    const $ = page(prefixOut, `/jams/${SECOND}/`);
    assert.equal($('.intro a').attr('href'), '../2012-10-24-socbizchat/');
    const home = page(prefixOut, '/');
    assert.equal(home(`li[data-jam="${SECOND}"] p a`).last().attr('href'), `/recaps/jams/${SLUG}/`);
  });
});

describe('hashed assets and _headers', () => {
  test('every stylesheet a page uses is content-hashed, and the hash is of its bytes', () => {
    const used = new Set<string>();
    // Every page but the embeds (their style is inline) and the standalone downloads.
    for (const f of files(pubOut).filter((f) => f.endsWith('.html') && !f.includes('/download/') && !f.includes('/embed/'))) {
      const $ = load(pubOut, f);
      assert.equal($('link[rel="stylesheet"]').length, 1, f);
      used.add($('link[rel="stylesheet"]').attr('href')!);
    }
    assert.equal(used.size, 1);
    // assets/ holds that stylesheet and the favicon (linked from every page), each named by the hash of its bytes.
    const assets = files(pubOut).filter((f) => f.startsWith('assets/'));
    assert.deepEqual(assets.filter((a) => a.endsWith('.css')).map((a) => `${PREFIX}${a}`), [...used]);
    assert.deepEqual(assets.filter((a) => !a.endsWith('.css')).map((a) => a.replace(/\.[0-9a-f]{8}\./, '.')), ['assets/favicon.svg']);
    for (const a of assets) {
      const m = /^assets\/[a-z0-9-]+\.([0-9a-f]{8})\.(?:css|svg)$/.exec(a);
      assert.ok(m, `${a} has a content hash in its name`);
      assert.equal(createHash('sha256').update(readFileSync(join(pubOut, a))).digest('hex').slice(0, 8), m[1]);
    }
    assert.equal(existsSync(join(pubOut, 'assets', 'site.css')), false);
  });

  /** `_headers` as Netlify and Cloudflare Pages read it: path lines, then indented `Name: value`. */
  function parseHeaders(text: string): { path: string; headers: [string, string][] }[] {
    const rules: { path: string; headers: [string, string][] }[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      if (/^\s/.test(line)) {
        const m = /^ {2}([A-Za-z-]+): (\S.*)$/.exec(line);
        assert.ok(m && rules.length, `_headers line ${i + 1} is a header of a path: ${JSON.stringify(line)}`);
        rules.at(-1)!.headers.push([m[1], m[2]]);
      } else {
        assert.match(line, /^\/\S*$/, `_headers line ${i + 1} is a path`);
        rules.push({ path: line, headers: [] });
      }
    });
    return rules;
  }

  /** A `_headers` path pattern: `*` any rest (maybe empty), `:name` one segment. */
  function matches(pattern: string, path: string): boolean {
    const re = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/:[A-Za-z]+/g, '[^/]+');
    return new RegExp(`^${re}$`).test(path);
  }

  test('_headers: one Cache-Control per file (a year, immutable, for hashed assets only), the pages\' own CSP', () => {
    const text = readFileSync(join(pubOut, '_headers'), 'utf8');
    const rules = parseHeaders(text);
    assert.ok(rules.length > 5 && rules.length <= 100, `${rules.length} rules (Cloudflare allows 100)`);
    for (const r of rules) {
      assert.ok(r.headers.length > 0, r.path);
      assert.ok(r.path.startsWith(PREFIX), `${r.path} carries the prefix`);
    }
    // `_headers` is read by the host, and the marker is jamrecap's own (see build.ts): not pages.
    const servedFiles = files(pubOut).filter((f) => f !== '_headers' && f !== SITE_MARKER);
    for (const f of servedFiles) {
      const url = servedUrl(f);
      const got = rules.filter((r) => matches(r.path, url)).flatMap((r) => r.headers);
      const values = (name: string) => got.filter(([n]) => n === name).map(([, v]) => v);
      assert.deepEqual(values('X-Content-Type-Options'), ['nosniff'], url);
      assert.deepEqual(values('Cache-Control'), [f.startsWith('assets/') ? IMMUTABLE : SHORT], url);
      if (!f.endsWith('.html')) continue;
      // The header CSP is the page's meta CSP (the downloads' own, stricter one for them).
      const $ = load(pubOut, f);
      const meta = $('meta[http-equiv="Content-Security-Policy"]').attr('content');
      assert.deepEqual(values('Content-Security-Policy'), [meta], url);
      assert.deepEqual(values('Referrer-Policy'), [$('meta[name="referrer"]').attr('content')], url);
      if (f.includes('/download/')) assert.equal(meta, HTML_CSP);
    }
    assert.equal(SHORT, 'public, max-age=300, must-revalidate');
    assert.equal(IMMUTABLE, 'public, max-age=31536000, immutable');
  });

  test('a content page whose permalink holds a newline is refused by check and build; a plain one gets one rule', async () => {
    const dir = join(tmp, 'permalink-content');
    mkdirSync(join(dir, 'jams'), { recursive: true });
    cpSync(EXAMPLE, join(dir, 'jams', SLUG), { recursive: true });
    // Without the check, this page made `_headers` read "/x" then "  Refresh: 0; url=https:/*".
    const evil = '---\ntitle: About\npermalink: "x\\n  Refresh: 0; url=https://evil.example/\\n/y/index.html"\n---\nHello\n';
    writeFileSync(join(dir, 'about.md'), evil);
    const check = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--content', dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    const line = check.stderr.split('\n').find((l) => l.includes('about.md'));
    assert.ok(line, check.stderr);
    assert.match(line, /about\.md:3:12: permalink "x\\n {2}Refresh: 0; url=https:\/\/evil\.example\/\\n\/y\/index\.html" is not a plain path/);
    const out = join(tmp, 'permalink-out');
    const refused = await buildSite({ contentDir: dir, outDir: out, baseUrl: BASE });
    assert.equal(refused.ok, false);
    assert.equal(existsSync(out), false);

    writeFileSync(join(dir, 'about.md'), '---\ntitle: About\npermalink: /about/\n---\nHello\n');
    const built = await buildSite({ contentDir: dir, outDir: out, baseUrl: BASE });
    assert.equal(built.ok, true, String(built.error ?? built.problems.map((p) => formatProblem(p)).join('\n')));
    const rules = parseHeaders(readFileSync(join(out, '_headers'), 'utf8'));
    assert.deepEqual(rules.filter((r) => r.path.startsWith('/about')).map((r) => r.path), ['/about/*']);
    assert.ok(rules.every((r) => /^\/[A-Za-z0-9_.:*/-]*$/.test(r.path)), rules.map((r) => r.path).join(' '));
  });

  test('headerRules: the search page gets the site CSP with its scripts and WASM allowed; pagefind/ a short cache and no CSP', () => {
    const siteCsp = "default-src 'self'; script-src 'none'; style-src 'self'; form-action 'none'";
    const rules = headerRules({ pathPrefix: '/recaps/', siteCsp, downloadCsp: "default-src 'none'", topFiles: [], topDirs: ['jams', 'search', 'participants'] });
    const rule = (path: string) => rules.find((r) => r.path === path)?.headers;
    assert.deepEqual(rule('/recaps/search/*'), [
      ['Cache-Control', SHORT],
      ['Content-Security-Policy', "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; script-src-elem 'self'; script-src-attr 'none'; style-src 'self'; form-action 'self'"],
      ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ]);
    assert.deepEqual(rule('/recaps/pagefind/*'), [['Cache-Control', SHORT]]);
    // Every other page keeps script-src 'none'.
    assert.equal(rule('/recaps/participants/*')!.find(([k]) => k === 'Content-Security-Policy')![1], siteCsp);
    // Without a search page, no rule for it or the index.
    const plain = headerRules({ pathPrefix: '/', siteCsp, downloadCsp: "default-src 'none'", topFiles: [], topDirs: ['jams'] });
    assert.ok(!plain.some((r) => /search|pagefind/.test(r.path)));
  });

  test('headerRules never writes a path from a name with a newline, space or wildcard', () => {
    const input = { pathPrefix: '/', siteCsp: "default-src 'self'", downloadCsp: "default-src 'none'", topFiles: ['feed.xml'], topDirs: ['jams', 'people'] };
    assert.equal(headerRules(input).length > 3, true);
    for (const bad of ['x\n  Refresh: 0; url=https:', 'a b', '*', '-x', 'a\r']) {
      assert.throws(() => headerRules({ ...input, topDirs: [...input.topDirs, bad] }), /_headers: refusing a rule/, bad);
      assert.throws(() => headerRules({ ...input, topFiles: [...input.topFiles, bad] }), /_headers: refusing a rule/, bad);
    }
    assert.throws(() => headerRules({ ...input, pathPrefix: '/a\n/*/' }), /refusing the path prefix/);
  });
});

describe('feeds and sitemap', () => {
  test('a control character in a quoted message or the notes never reaches feed.xml or sitemap.xml; one in the title is a check error', async () => {
    const dir = join(tmp, 'control-content');
    mkdirSync(join(dir, 'jams'), { recursive: true });
    cpSync(EXAMPLE, join(dir, 'jams', SLUG), { recursive: true });
    const room = join(dir, 'jams', SLUG, 'socbizchat-room.html');
    // "&#8;" is a backspace once decoded; the Q4 message is quoted in the introduction, which the feed carries.
    writeFileSync(room, readFileSync(room, 'latin1').replace('What are some key factors', 'What are some key&#8; factors'), 'latin1');
    const recap = join(dir, 'jams', SLUG, 'recap.md');
    const notes = readFileSync(recap, 'utf8').replace('And it is a good read.\n', 'And it is a good\u0007 read.\n\n> 261161380869046318\n');
    writeFileSync(recap, notes);
    const out = join(tmp, 'control-out');
    const built = await buildSite({ contentDir: dir, outDir: out, baseUrl: BASE });
    assert.equal(built.ok, true, String(built.error ?? built.problems.map((p) => formatProblem(p)).join('\n')));
    const illegal = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
    for (const f of ['feed.xml', 'sitemap.xml']) assert.doesNotMatch(readFileSync(join(out, f), 'utf8'), illegal, f);
    const feed = readFileSync(join(out, 'feed.xml'), 'utf8');
    assert.ok(feed.includes('What are some key factors'), 'the quoted message is in the feed, without its backspace');
    assert.ok(feed.includes('And it is a good read.'));

    writeFileSync(recap, notes.replace('title: From Social Media to Social Business', 'title: "From Social\\b Media"'));
    const check = spawnSync(process.execPath, ['bin/jamrecap.js', 'check', '--content', dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stderr, /recap\.md:2:8: title holds a control character/);
  });

  test('feed.xml is well-formed Atom: one entry per jam, newest first, absolute ids and links', () => {
    const xml = readFileSync(join(pubOut, 'feed.xml'), 'utf8');
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'));
    const $ = cheerio.load(xml, { xml: { xmlMode: true } });
    assert.equal($.root().children().length, 1);
    assert.equal($('feed').attr('xmlns'), 'http://www.w3.org/2005/Atom');
    assert.equal($('feed > id').text(), `${BASE}/recaps/`);
    assert.equal($('feed > link[rel="self"]').attr('href'), `${BASE}/recaps/feed.xml`);
    assert.equal($('feed > updated').text(), '2012-11-07T18:00:00Z');
    const entries = $('entry');
    assert.equal(entries.length, 2);
    assert.deepEqual(entries.map((_, e) => $(e).find('id').text()).get(), [`${BASE}/recaps/jams/${SECOND}/`, `${BASE}/recaps/jams/${SLUG}/`]);
    assert.deepEqual(entries.map((_, e) => $(e).find('link').attr('href')).get(), [`${BASE}/recaps/jams/${SECOND}/`, `${BASE}/recaps/jams/${SLUG}/`]);
    assert.deepEqual(entries.map((_, e) => $(e).find('published').text()).get(), ['2012-11-07T18:00:00Z', '2012-10-24T17:00:00Z']);
    assert.deepEqual(entries.map((_, e) => $(e).find('title').text()).get(), ['A second look at social business', 'From Social Media to Social Business']);
    for (const e of entries.toArray()) {
      const url = $(e).find('link').attr('href')!;
      assert.ok(existsSync(fileFor(pubOut, new URL(url).pathname)!), url);
      // The content is escaped HTML: text in the XML, markup once unescaped.
      const c = $(e).find('content');
      assert.equal(c.attr('type'), 'html');
      assert.equal(c.children().length, 0);
      const html = cheerio.load(c.text());
      assert.equal(html('script').length, 0);
      // The intro, then one link per question to its section on the recap page.
      const links = html('ol li a').map((_, a) => html(a).attr('href')).get();
      assert.deepEqual(links, ['q1', 'q2', 'q3', 'q4'].map((q) => `${url}#${q}`));
    }
    const second = cheerio.load($('entry').first().find('content').text());
    assert.match(second('p').first().text(), /^A week later we read the room again\. See the first recap & its transcript\.$/);
    // The notes' relative link, taken out of its page, points at the first recap.
    assert.equal(second('p').first().find('a').attr('href'), `${BASE}/recaps/jams/${SLUG}/`);
    const first = cheerio.load($('entry').last().find('content').text());
    assert.match(first('p').first().text(), /^With our "From Social Media to Social Business" Tweet Jam wrapped up/);
  });

  test('feed.json is JSON Feed 1.1 with the same entries', () => {
    const feed = JSON.parse(readFileSync(join(pubOut, 'feed.json'), 'utf8'));
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.title, 'Tweet jam recaps');
    assert.equal(feed.home_page_url, `${BASE}/recaps/`);
    assert.equal(feed.feed_url, `${BASE}/recaps/feed.json`);
    assert.deepEqual(feed.items.map((i: { id: string }) => i.id), [`${BASE}/recaps/jams/${SECOND}/`, `${BASE}/recaps/jams/${SLUG}/`]);
    assert.deepEqual(feed.items.map((i: { date_published: string }) => i.date_published), ['2012-11-07T18:00:00Z', '2012-10-24T17:00:00Z']);
    const atom = cheerio.load(readFileSync(join(pubOut, 'feed.xml'), 'utf8'), { xml: { xmlMode: true } });
    feed.items.forEach((item: { url: string; title: string; content_html: string; tags: string[] }, i: number) => {
      assert.equal(item.url, item.url && atom('entry').eq(i).find('link').attr('href'));
      assert.equal(item.title, atom('entry').eq(i).find('title').text());
      assert.equal(item.content_html, atom('entry').eq(i).find('content').text());
      assert.deepEqual(item.tags, ['socbizchat']);
    });
  });

  test('without a base URL the feeds are written with root-relative links and URN ids', () => {
    const $ = cheerio.load(readFileSync(join(prefixOut, 'feed.xml'), 'utf8'), { xml: { xmlMode: true } });
    assert.equal($('feed > id').text(), 'urn:jamrecap:site');
    assert.deepEqual($('entry id').map((_, e) => $(e).text()).get(), [`urn:jamrecap:jams/${SECOND}/`, `urn:jamrecap:jams/${SLUG}/`]);
    assert.deepEqual($('entry link').map((_, e) => $(e).attr('href')).get(), [`/recaps/jams/${SECOND}/`, `/recaps/jams/${SLUG}/`]);
    const feed = JSON.parse(readFileSync(join(prefixOut, 'feed.json'), 'utf8'));
    assert.equal(feed.items[1].url, `/recaps/jams/${SLUG}/`);
  });

  test("the HTML download links back to its recap online (the base URL and path prefix)", () => {
    const $ = load(pubOut, `jams/${SLUG}/download/${SLUG}.html`);
    assert.equal($('header.jam a').attr('href'), `${BASE}${PREFIX}jams/${SLUG}/`);
  });

  test('sitemap.xml lists every page (not embeds, downloads or the search form), absolute, each one a file of the output', () => {
    const $ = cheerio.load(readFileSync(join(pubOut, 'sitemap.xml'), 'utf8'), { xml: { xmlMode: true } });
    assert.equal($('urlset').attr('xmlns'), 'http://www.sitemaps.org/schemas/sitemap/0.9');
    const locs = $('url > loc').map((_, l) => $(l).text()).get();
    assert.deepEqual(locs, [...locs].sort());
    for (const loc of locs) {
      assert.ok(loc.startsWith(`${BASE}/recaps/`), loc);
      assert.ok(existsSync(fileFor(pubOut, new URL(loc).pathname)!), loc);
    }
    const pages = files(pubOut).filter((f) => f.endsWith('index.html') && !f.includes('/embed/') && f !== 'search/index.html').map((f) => `${BASE}${servedUrl(f)}`);
    assert.deepEqual(new Set(locs), new Set(pages));
    // home, participants index, 27 people, per jam: recap, transcript, participants, and the one series (both jams are #socbizchat).
    assert.equal(locs.length, 2 + 27 + 2 * 3 + 1);
  });
});

describe('embeds', () => {
  const embedFiles = () => files(pubOut).filter((f) => f.includes('/embed/'));

  test('one per jam and one per question', () => {
    const expected = [SECOND, SLUG].flatMap((s) => [`jams/${s}/embed/index.html`, ...[1, 2, 3, 4].map((n) => `jams/${s}/embed/q${n}/index.html`)]).sort();
    assert.deepEqual(embedFiles(), expected);
  });

  test('a preview page whose body is one scoped, script-free article with absolute links', () => {
    for (const f of embedFiles()) {
      const html = readFileSync(join(pubOut, f), 'utf8');
      const $ = cheerio.load(html);
      assert.equal($('body').children().length, 1, f);
      const article = $('body > article.jamrecap-embed');
      assert.equal(article.length, 1, f);
      assert.equal($('script, header.site, nav, main, iframe, img, form').length, 0, f);
      assert.equal($('meta[name="robots"]').attr('content'), 'noindex');
      // No ids: two embeds pasted into one page must not clash.
      assert.equal(article.find('[id]').length, 0, f);
      // The style travels first in the article, every rule under .jamrecap-embed.
      const style = article.children().first();
      assert.equal(style.prop('tagName'), 'STYLE', f);
      const css = style.text();
      const selectors = css.replace(/\{[^}]*\}/g, '\n').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
      assert.ok(selectors.length > 10);
      for (const s of selectors) assert.match(s, /^\.jamrecap-embed(?:[ .:[]|$)/, `${f}: selector "${s}"`);
      // The site's CSP allows exactly this inline style, by hash.
      const hash = createHash('sha256').update(css, 'utf8').digest('base64');
      assert.ok($('meta[http-equiv="Content-Security-Policy"]').attr('content')!.includes(`'sha256-${hash}'`), f);
      article.find('a[href]').each((_, a) => {
        const href = $(a).attr('href')!;
        assert.match(href, /^https?:\/\//, `${f}: ${href}`);
        if (href.startsWith(BASE)) assert.ok(href.startsWith(`${BASE}/recaps/`), href);
      });
    }
  });

  test('they show what the recap shows: the same questions and featured quotes', () => {
    for (const slug of [SECOND, SLUG]) {
      const recap = page(pubOut, `/jams/${slug}/`);
      const whole = page(pubOut, `/jams/${slug}/embed/`);
      const quotes = (id: string) => recap(`section#${id} .summary blockquote.featured`).map((_, b) => recap(b).attr('data-message-id')).get();
      assert.deepEqual(whole('section.jamrecap-question').map((_, s) => whole(s).attr('data-question')).get(), ['Q1', 'Q2', 'Q3', 'Q4']);
      for (const n of [1, 2, 3, 4]) {
        const one = page(pubOut, `/jams/${slug}/embed/q${n}/`);
        assert.equal(one('article').attr('data-question'), `Q${n}`);
        assert.equal(one('section.jamrecap-question').length, 1);
        const ids = one('blockquote.jamrecap-quote').map((_, b) => one(b).attr('data-message-id')).get();
        assert.deepEqual(ids, quotes(`q${n}`));
        assert.deepEqual(whole(`section[data-question="Q${n}"] blockquote`).map((_, b) => whole(b).attr('data-message-id')).get(), ids);
        assert.equal(one('h2 a').attr('href'), `${BASE}/recaps/jams/${slug}/#q${n}`);
      }
    }
    // The example's quotes per question (site.test.ts verifies the 41 on the recap).
    assert.deepEqual([1, 2, 3, 4].map((n) => page(pubOut, `/jams/${SLUG}/embed/q${n}/`)('blockquote').length), [17, 13, 11, 0]);
  });
});

describe('JSON API', () => {
  const api = (path: string) => {
    const text = readFileSync(join(pubOut, ...path.split('/').filter(Boolean)), 'utf8');
    return { text, json: JSON.parse(text) };
  };
  /** Stable JSON: keys sorted at every level. */
  const sortedKeys = (v: unknown): boolean =>
    Array.isArray(v) ? v.every(sortedKeys) : v && typeof v === 'object' ? Object.keys(v).join('\n') === Object.keys(v).sort().join('\n') && Object.values(v).every(sortedKeys) : true;

  test('/api/jams.json: every jam, newest first, counts equal to the transcript download, URLs that exist', () => {
    const { text, json } = api('/api/jams.json');
    assert.ok(sortedKeys(json));
    assert.ok(text.endsWith('}\n'));
    assert.equal(json.version, 1);
    assert.deepEqual(json.site, { title: 'Tweet jam recaps', url: `${BASE}/recaps/` });
    assert.deepEqual(json.jams.map((j: { slug: string }) => j.slug), [SECOND, SLUG]);
    for (const j of json.jams) {
      const download = JSON.parse(readFileSync(join(pubOut, 'jams', j.slug, 'download', `${j.slug}.json`), 'utf8'));
      assert.equal(j.counts.messages, download.messages.length);
      assert.equal(j.counts.participants, download.participants.length);
      assert.equal(j.counts.questions, download.questions.length);
      assert.equal(j.counts.messages, 47);
      assert.equal(j.counts.participants, 27);
      assert.equal(j.hashtag, 'socbizchat');
      assert.deepEqual(j.hosts, ['cmswire']);
      for (const u of [j.urls.recap, j.urls.transcript, j.urls.participants, j.urls.embed, j.urls.api, ...j.urls.downloads.map((d: { url: string }) => d.url)]) {
        assert.ok(u.startsWith(`${BASE}/recaps/`), u);
        assert.ok(existsSync(fileFor(pubOut, new URL(u).pathname)!), u);
      }
      // All but the site zip, made from the pages after the API is written (site-zip.ts).
      assert.deepEqual(j.urls.downloads.map((d: { name: string }) => d.name).sort(), readdirSync(join(pubOut, 'jams', j.slug, 'download')).filter((n) => n !== `${j.slug}-site.zip`).sort());
      for (const d of j.urls.downloads) assert.equal(d.bytes, readFileSync(fileFor(pubOut, new URL(d.url).pathname)!).length, d.name);
    }
    assert.equal(json.jams[1].counts.featured, 41);
    assert.equal(json.jams[1].date, '2012-10-24T13:00:00-04:00');
  });

  test('/api/jams/<slug>.json: summaries as on the page, featured messages as in the download', () => {
    for (const slug of [SECOND, SLUG]) {
      const { json } = api(`/api/jams/${slug}.json`);
      assert.ok(sortedKeys(json));
      const recap = page(pubOut, `/jams/${slug}/`);
      const transcript = page(pubOut, `/jams/${slug}/transcript/`);
      const download = JSON.parse(readFileSync(join(pubOut, 'jams', slug, 'download', `${slug}.json`), 'utf8'));
      const byId = new Map(download.messages.map((m: { id: string }) => [m.id, m]));
      assert.deepEqual(json.questions.map((q: { id: string }) => q.id), ['Q1', 'Q2', 'Q3', 'Q4']);
      let featured = 0;
      for (const q of json.questions) {
        const section = recap(`section#${q.id.toLowerCase()}`);
        assert.equal(q.title, section.find('h2').text().replace(/^Q\d+ · /, ''));
        assert.equal(q.answers, section.find('details li.message').length);
        // The summary is the page's summary prose (quotes are listed apart), the same escaped HTML.
        const fromPage = section.find('.summary > p').map((_, p) => recap(p).text()).get();
        const fromApi = cheerio.load(q.summaryHtml);
        assert.deepEqual(fromApi('p').map((_, p) => fromApi(p).text()).get(), fromPage);
        assert.equal(fromApi('script, img, iframe').length, 0);
        assert.deepEqual(q.featured.map((m: { id: string }) => m.id), section.find('.summary blockquote.featured').map((_, b) => recap(b).attr('data-message-id')).get());
        for (const m of q.featured) {
          const d = byId.get(m.id) as { text: string; time: string; url: string; author: { handle: string } };
          assert.ok(d, m.id);
          assert.equal(m.text, d.text);
          assert.equal(m.time, d.time);
          assert.equal(m.url, d.url);
          assert.equal(m.author.handle, d.author.handle);
          const t = new URL(m.transcriptUrl);
          assert.equal(t.pathname, `/recaps/jams/${slug}/transcript/`);
          assert.equal(transcript(t.hash).attr('data-message-id'), m.id);
          featured++;
        }
      }
      assert.equal(featured, slug === SLUG ? 41 : 1);
    }
    const second = api(`/api/jams/${SECOND}.json`).json;
    // The notes' relative link is made public, and "&" stays escaped.
    assert.match(second.intro.html, new RegExp(`<a href="${BASE}/recaps/jams/${SLUG}/">the first recap</a> &amp; its transcript`));
  });
});

describe('determinism and atomic output', () => {
  let out: string;
  let before_: Map<string, string>;

  before(async () => {
    out = join(tmp, 'atomic', '_site');
    clearSiteCaches(); // a fresh import and render
    const r = await buildSite({ contentDir: content, outDir: out, baseUrl: BASE, pathPrefix: PREFIX });
    assert.equal(r.ok, true, r.error?.message);
    before_ = snapshot(out);
  });

  const unchanged = () => {
    assert.deepEqual(snapshot(out), before_);
    assert.deepEqual(strayBuildDirs(out), []);
    assert.deepEqual(readdirSync(join(tmp, 'atomic')), ['_site']);
  };

  test('two builds of the same content are byte-identical (feeds, API, sitemap, _headers included)', () => {
    assert.deepEqual(snapshot(pubOut), before_);
    for (const f of ['feed.xml', 'feed.json', 'sitemap.xml', '_headers', 'api/jams.json']) assert.ok(before_.has(f), f);
  });

  test('a failure after everything was written leaves the previous site as it was, and no temporary folder', async () => {
    let seen: string[] = [];
    const r = await buildSite({
      contentDir: content,
      outDir: out,
      baseUrl: BASE,
      pathPrefix: PREFIX,
      beforeSwap: (dir) => {
        assert.ok(dir.startsWith(`${out}.tmp-`), dir);
        seen = files(dir);
        throw new Error('injected failure before the swap');
      },
    });
    assert.equal(r.ok, false);
    assert.equal(r.error?.message, 'injected failure before the swap');
    // The new site was complete in the temporary folder...
    assert.deepEqual(seen, [...before_.keys()]);
    // ...and is gone; the old one untouched.
    unchanged();
  });

  test('a failure inside Eleventy: the previous site stays, no temporary folder', async () => {
    const broken = join(tmp, 'broken-template');
    cpSync(content, broken, { recursive: true });
    // The jams and pages pass the checks; Eleventy refuses two pages writing one file.
    writeFileSync(join(broken, 'a.md'), '---\ntitle: A\npermalink: /same/\n---\nA\n');
    writeFileSync(join(broken, 'b.md'), '---\ntitle: B\npermalink: /same/\n---\nB\n');
    const r = await buildSite({ contentDir: broken, outDir: out, baseUrl: BASE, pathPrefix: PREFIX });
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
    const reasons = (e: unknown): string => (e ? `${(e as Error).message}\n${reasons((e as { originalError?: unknown }).originalError ?? (e as Error).cause)}` : '');
    assert.match(reasons(r.error), /same\/index\.html/);
    unchanged();
  });

  test('bad notes: nothing is built, the previous site stays', async () => {
    const bad = join(tmp, 'bad-notes');
    cpSync(content, bad, { recursive: true });
    const recap = join(bad, 'jams', SECOND, 'recap.md');
    writeFileSync(recap, readFileSync(recap, 'utf8').replace('title: A second look at social business\n', ''));
    const r = await buildSite({ contentDir: bad, outDir: out, baseUrl: BASE, pathPrefix: PREFIX });
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, tmp)),
      [`${join('bad-notes', 'jams', SECOND, 'recap.md')}:2:1: missing required key "title"`],
    );
    unchanged();
  });

  test('a good build replaces the whole site: a removed jam leaves nothing behind', async () => {
    const one = join(tmp, 'one-jam');
    cpSync(content, one, { recursive: true });
    rmSync(join(one, 'jams', SECOND), { recursive: true });
    // The site's title from the content folder (the theme's language stays).
    mkdirSync(join(one, '_data'));
    writeFileSync(join(one, '_data', 'siteMeta.json'), '{ "title": "Our <b>recaps</b>" }\n');
    const r = await buildSite({ contentDir: one, outDir: out, baseUrl: BASE, pathPrefix: PREFIX });
    assert.equal(r.ok, true, r.error?.message);
    const now = files(out);
    assert.equal(now.filter((f) => f.includes(SECOND)).length, 0);
    assert.ok(now.includes(`jams/${SLUG}/index.html`));
    const home = page(out, '/');
    assert.equal(home('h1').text(), 'Our <b>recaps</b>');
    assert.equal(home('html').attr('lang'), 'en');
    assert.equal(JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')).title, 'Our <b>recaps</b>');
    assert.equal(JSON.parse(readFileSync(join(out, 'api', 'jams.json'), 'utf8')).site.title, 'Our <b>recaps</b>');
    assert.deepEqual(strayBuildDirs(out), []);
    assert.deepEqual(readdirSync(join(tmp, 'atomic')), ['_site']);
  });

  test('refuses to replace a folder it did not write, the content folder or the working folder', async () => {
    const mine = join(tmp, 'not-a-site');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const r = await buildSite({ contentDir: content, outDir: mine });
    assert.equal(r.ok, false);
    assert.match(r.problems.map((p) => p.message).join('\n'), /not empty and was not written by jamrecap/);
    assert.deepEqual(readdirSync(mine), ['notes.txt']);
    assert.match(outputProblems(content, content)[0].message, /would replace the content folder/);
    assert.match(outputProblems(content, tmp)[0].message, /would replace the content folder/);
    assert.match(outputProblems(content, join(content, 'site'))[0].message, /inside the content folder/);
    assert.match(outputProblems(content, process.cwd())[0].message, /working folder/);
    assert.deepEqual(outputProblems(content, out), []);
  });
});

describe('addresses', () => {
  test('path prefixes are normalized; anything but plain segments is refused', () => {
    assert.equal(normalizePathPrefix('recaps'), '/recaps/');
    assert.equal(normalizePathPrefix('/recaps'), '/recaps/');
    assert.equal(normalizePathPrefix('/a/b/'), '/a/b/');
    assert.equal(normalizePathPrefix('/'), '/');
    for (const bad of ['../x', '/a/./b', '/a b/', '/%2e%2e/', '/a?b']) assert.throws(() => normalizePathPrefix(bad), /not a plain path segment/, bad);
  });

  test('a path in --base-url is the prefix; given both, they must agree', () => {
    assert.deepEqual(resolvePublicAddress('https://ex.org/recaps', undefined), { baseUrl: 'https://ex.org', pathPrefix: '/recaps/' });
    assert.deepEqual(resolvePublicAddress('https://ex.org/', '/recaps/'), { baseUrl: 'https://ex.org', pathPrefix: '/recaps/' });
    assert.deepEqual(resolvePublicAddress(undefined, 'recaps'), { baseUrl: '', pathPrefix: '/recaps/' });
    assert.throws(() => resolvePublicAddress('https://ex.org/a/', '/b/'), /has the path \/a\/ but --path-prefix is \/b\//);
    assert.throws(() => resolvePublicAddress('ftp://ex.org/', undefined), /http or https/);
  });

  test('`jamrecap build` refuses a bad prefix before building', () => {
    const r = spawnSync(process.execPath, ['bin/jamrecap.js', 'build', '--content', content, '--out', join(tmp, 'never'), '--path-prefix', '../up'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--path-prefix "\.\.\/up"/);
    assert.equal(existsSync(join(tmp, 'never')), false);
  });

  test('public URLs and rebased fragments', () => {
    const address = { baseUrl: BASE, pathPrefix: PREFIX };
    assert.equal(prefixedPath('/jams/x/', PREFIX), '/recaps/jams/x/');
    assert.equal(prefixedPath('https://twitter.com/x', PREFIX), 'https://twitter.com/x');
    assert.equal(publicUrl('/jams/x/#q1', address), `${BASE}/recaps/jams/x/#q1`);
    assert.equal(publicUrl('/', { baseUrl: '', pathPrefix: '/' }), '/');
    const html = '<p><a href="#q2">x</a> <a href="../y/">y</a> <a href="mailto:a@b.org">m</a> <a href="https://t.co/z">z</a> <a href="//evil.example/">e</a></p>';
    const out = cheerio.load(rebaseHtml(html, '/jams/x/', (u) => publicUrl(u, address)));
    assert.deepEqual(out('a').map((_, a) => out(a).attr('href')).get(), [`${BASE}/recaps/jams/x/#q2`, `${BASE}/recaps/jams/y/`, 'mailto:a@b.org', 'https://t.co/z', '//evil.example/']);
  });
});
