/**
 * Script never runs (issue 4): the built site and the standalone `.html`
 * download, opened in a real browser (Debian's Chromium via playwright-core),
 * run no script and load nothing from elsewhere, even when every input is an
 * attack.
 *
 * - A positive control proves the instruments work: a page with a real
 *   inline `<script>`, an `onerror` handler and an outside image is caught by
 *   the trap, the script counter and the request listener; the same page
 *   under the site's and the download's CSP runs and loads nothing.
 * - The example site and a hostile site (test/helpers/hostile-site.ts: the
 *   DOMPurify fixtures, html5sec vectors and naughty strings as message
 *   text, handles, names, link targets, and as titles, headings, summaries
 *   and quotes in the notes) are built with the CLI; every HTML page of both
 *   (home, recaps, every transcript page, participants, every person page,
 *   the hashtag series)
 *   and the standalone download (over HTTP and from file://) is opened:
 *   zero trapped calls, zero scripts the site did not ship, zero outside
 *   requests, zero CSP violations, page errors or failed loads.
 * - Statically (cheerio, no browser): every page has a meta CSP that forbids
 *   inline script and outside origins; in the hostile site no element or
 *   attribute of the attacks survives, and the attacks are shown as text.
 * - The one exception is the search page (/search/ only): its CSP is the
 *   site's with searchPageCsp's script sources ('self' and WASM
 *   compilation, never inline), it holds the search form and the one
 *   module script /pagefind/jamrecap-search.js, and in the browser it may
 *   start Pagefind's worker (same origin); it is opened with a query too,
 *   so Pagefind's script, worker, WASM and index all load under its CSP.
 *
 * Without Chromium the browser tests skip visibly (under CI=true they fail);
 * without ../shared/corpus the hostile-site tests skip (corpusTest).
 * Run only these: `npm run test:browser`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { ROOT, corpusPath, corpusTest } from './helpers/corpus.ts';
import {
  browserSkipReason,
  htmlPaths,
  launchChromium,
  PageInspector,
  problemsOf,
  type Chromium,
  serveDir,
  shippedScriptPaths,
  type PageReport,
  type StaticServer,
} from './helpers/browser.ts';
import { HOSTILE_FILES, HOSTILE_HANDLES, foldSpace, writeHostileSite, type HostileSite } from './helpers/hostile-site.ts';
import { HTML_CSP } from '../src/downloads/html.ts';
import { searchPageCsp } from '../src/publish/headers.ts';
import { handleProblem } from '../src/model/entities.ts';
import type { Transcript } from '../src/model/transcript.ts';

const TMP = mkdtempSync(join(tmpdir(), 'jamrecap-browser-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

// ---------------------------------------------------------------------------
// Building sites with the CLI (once each, shared by the tests that need them)

interface Built {
  out: string;
  stdout: string;
  stderr: string;
}

function cliBuild(content: string, out: string): Promise<Built> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, ['bin/jamrecap.js', 'build', '--content', content, '--out', out], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolveBuild({ out, stdout, stderr });
      else reject(new Error(`jamrecap build --content ${content} exited ${code}:\n${stderr.split('\n').slice(0, 40).join('\n')}`));
    });
  });
}

let example: Promise<Built> | undefined;
const exampleSite = () => (example ??= cliBuild(join(ROOT, 'content'), join(TMP, 'example-out')));

let hostile: Promise<{ site: HostileSite; built: Built }> | undefined;
const hostileSite = () =>
  (hostile ??= (async () => {
    const site = await writeHostileSite(join(TMP, 'hostile-content'));
    const built = await cliBuild(site.contentDir, join(TMP, 'hostile-out'));
    return { site, built };
  })());

// Both builds start now, in parallel (each is a child process); tests await them.
exampleSite().catch(() => {});
if (HOSTILE_FILES.every((f) => existsSync(corpusPath(f)))) hostileSite().catch(() => {});

const read = (out: string, path: string) => readFileSync(join(out, path.endsWith('/') ? `${path}index.html` : path), 'utf8');

/** The kinds of page the site has; every one must be among the pages opened. */
function pageKinds(paths: string[]): Record<string, string[]> {
  return {
    home: paths.filter((p) => p === '/'),
    recap: paths.filter((p) => /^\/jams\/[^/]+\/$/.test(p)),
    transcript: paths.filter((p) => /^\/jams\/[^/]+\/transcript\//.test(p)),
    jamParticipants: paths.filter((p) => /^\/jams\/[^/]+\/participants\/$/.test(p)),
    participants: paths.filter((p) => p === '/participants/'),
    person: paths.filter((p) => /^\/participants\/[^/]+\/$/.test(p)),
    series: paths.filter((p) => /^\/series\/[^/]+\/$/.test(p)),
    download: paths.filter((p) => /^\/jams\/[^/]+\/download\/[^/]+\.html$/.test(p)),
    embed: paths.filter((p) => /^\/jams\/[^/]+\/embed\/$/.test(p)),
    questionEmbed: paths.filter((p) => /^\/jams\/[^/]+\/embed\/q\d+\/$/.test(p)),
  };
}

// ---------------------------------------------------------------------------
// The Content-Security-Policy of a page

const FETCH_DIRECTIVES = [
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr',
  'img-src', 'font-src', 'connect-src', 'media-src', 'object-src', 'frame-src', 'child-src', 'worker-src', 'manifest-src',
];
const SCRIPT_DIRECTIVES = ['script-src', 'script-src-elem', 'script-src-attr'];
const HASH_OR_NONCE = /^'(?:sha(?:256|384|512)-[A-Za-z0-9+/=_-]+|nonce-[A-Za-z0-9+/=_-]+)'$/;

function parseCsp(content: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of content.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), sources.map((s) => s.toLowerCase()));
  }
  return out;
}

/**
 * Why a CSP (the content of its meta) does not forbid inline script and
 * outside origins; [] when it does. Only 'self', 'none', hashes and nonces
 * are allowed anywhere; 'unsafe-inline' only for styles; data: only for
 * images and fonts; 'wasm-unsafe-eval' only in script-src and only when
 * `wasm` (the search page: Pagefind compiles its WASM). base-uri and
 * form-action (which do not fall back to default-src) must be 'none' or
 * 'self'.
 */
function cspProblems(content: string, { wasm = false } = {}): string[] {
  const csp = parseCsp(content);
  const problems: string[] = [];
  const def = csp.get('default-src');
  if (!def) problems.push('no default-src');
  else if (!def.length || !def.every((s) => s === "'none'" || s === "'self'")) problems.push(`default-src is "${def.join(' ')}", not 'none' or 'self'`);
  for (const name of SCRIPT_DIRECTIVES) {
    const sources = csp.get(name) ?? (name === 'script-src' ? def : csp.get('script-src') ?? def) ?? [];
    // 'wasm-unsafe-eval' in script-src is seen by -elem and -attr only through it: those must be given, without it.
    const bad = sources.filter((s) => !(s === "'self'" || s === "'none'" || HASH_OR_NONCE.test(s)) && !(wasm && name === 'script-src' && s === "'wasm-unsafe-eval'" && csp.has(name)));
    if (bad.length) problems.push(`${name} allows ${bad.join(' ')}`);
  }
  for (const name of FETCH_DIRECTIVES) {
    const sources = csp.get(name);
    if (!sources) continue;
    const bad = sources.filter(
      (s) =>
        !(s === "'self'" || s === "'none'" || HASH_OR_NONCE.test(s)) &&
        !(s === "'unsafe-inline'" && name.startsWith('style-src')) &&
        !(wasm && s === "'wasm-unsafe-eval'" && name === 'script-src') &&
        !(s === 'data:' && (name === 'img-src' || name === 'font-src')),
    );
    if (bad.length) problems.push(`${name} allows ${bad.join(' ')}`);
  }
  for (const name of ['base-uri', 'form-action']) {
    const sources = csp.get(name);
    if (!sources || !sources.length || !sources.every((s) => s === "'none'" || s === "'self'")) problems.push(`${name} is ${sources ? `"${sources.join(' ')}"` : 'missing'}, not 'none' or 'self'`);
  }
  return problems;
}

/** The page's meta CSP, and why it is missing, misplaced or too lax (`wasm`: as in cspProblems). */
function pageCsp(html: string, { wasm = false } = {}): { content: string | null; problems: string[] } {
  const $ = cheerio.load(html);
  const metas = $('meta').filter((_, el) => ($(el).attr('http-equiv') ?? '').toLowerCase() === 'content-security-policy');
  if (metas.length === 0) return { content: null, problems: ['no <meta http-equiv="Content-Security-Policy">'] };
  const problems: string[] = [];
  if (metas.length > 1) problems.push(`${metas.length} CSP metas`);
  const meta = metas.first();
  if (!meta.parent().is('head')) problems.push('the CSP meta is not in <head> (browsers ignore it elsewhere)');
  // A meta CSP only covers what comes after it.
  const all = $('*').toArray() as Element[];
  const at = all.indexOf(meta[0] as Element);
  const before = all.slice(0, at).filter((el) => /^(script|link|style|base|img|iframe|object|embed|svg)$/i.test(el.tagName));
  if (before.length) problems.push(`<${before[0].tagName}> comes before the CSP meta`);
  const content = meta.attr('content') ?? '';
  problems.push(...cspProblems(content, { wasm }));
  return { content, problems };
}

/** The only page that runs a script (Pagefind's search): its CSP, its form and its script are allowed there alone. */
const SEARCH_PAGE = '/search/';
const SEARCH_SCRIPT = '/pagefind/jamrecap-search.js';
const SEARCH_WORKER = '/pagefind/pagefind-worker.js';

function assertEveryPageHasCsp(out: string, paths: string[]): void {
  assert.ok(paths.includes(SEARCH_PAGE), `no ${SEARCH_PAGE} page`);
  const siteCsp = pageCsp(read(out, '/')).content ?? '';
  const problems = paths.flatMap((p) => {
    const search = p === SEARCH_PAGE;
    const { content, problems: found } = pageCsp(read(out, p), { wasm: search });
    // The search page's policy is exactly the site's with searchPageCsp's changes: nothing else is loosened.
    if (search && content !== searchPageCsp(siteCsp)) found.push(`CSP ${JSON.stringify(content)} is not searchPageCsp of the home page's`);
    return found.map((m) => `${p}: ${m}`);
  });
  assert.deepEqual(problems, [], `pages without a sound Content-Security-Policy (the site must add one):\n${problems.join('\n')}`);
}

test('the CSP checker accepts the download CSP and refuses lax policies', () => {
  assert.deepEqual(cspProblems(HTML_CSP), []);
  assert.deepEqual(cspProblems("default-src 'self'; base-uri 'none'; form-action 'none'"), []);
  assert.match(cspProblems("default-src 'self'; script-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'").join(), /script-src allows 'unsafe-inline'/);
  assert.match(cspProblems("default-src *; base-uri 'none'; form-action 'none'").join(), /default-src is "\*"/);
  assert.match(cspProblems("default-src 'none'; img-src https://cdn.example; base-uri 'none'; form-action 'none'").join(), /img-src allows https:\/\/cdn\.example/);
  assert.match(cspProblems("default-src 'none'; script-src-attr 'unsafe-inline'; base-uri 'none'; form-action 'none'").join(), /script-src-attr allows/);
  assert.match(cspProblems("script-src 'self'").join(), /no default-src.*base-uri is missing/);
  assert.match(pageCsp('<html><head><script src="/a.js"></script><meta http-equiv="content-security-policy" content="default-src \'self\'"></head></html>').problems.join(), /<script> comes before/);
  assert.match(pageCsp('<p>no policy</p>').problems.join(), /no <meta/);
  // The search page's policy: WASM compilation only, and only there; never in -elem/-attr, never beside a lax script-src.
  const site = "default-src 'self'; script-src 'none'; base-uri 'none'; form-action 'none'";
  const search = searchPageCsp(site);
  assert.match(search, /script-src 'self' 'wasm-unsafe-eval'; script-src-elem 'self'; script-src-attr 'none'/);
  assert.deepEqual(cspProblems(search, { wasm: true }), []);
  assert.match(cspProblems(search).join(), /script-src allows 'wasm-unsafe-eval'/);
  assert.match(cspProblems("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'none'; form-action 'none'", { wasm: true }).join(), /script-src-elem allows 'wasm-unsafe-eval'.*script-src-attr allows 'wasm-unsafe-eval'/);
  assert.match(cspProblems("default-src 'self'; script-src 'self'; script-src-elem 'self' 'wasm-unsafe-eval'; script-src-attr 'none'; base-uri 'none'; form-action 'none'", { wasm: true }).join(), /script-src-elem allows 'wasm-unsafe-eval'/);
  assert.match(cspProblems(search.replace("'wasm-unsafe-eval'", "'unsafe-eval'"), { wasm: true }).join(), /script-src allows 'unsafe-eval'/);
});

// ---------------------------------------------------------------------------
// Static checks: what the pages are made of

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'xlink:href', 'srcset', 'ping', 'longdesc', 'lowsrc', 'dynsrc', 'codebase', 'manifest', 'icon']);
const FORBIDDEN_TAGS = /^(script|iframe|frame|frameset|object|embed|applet|base|form|input|button|textarea|select|svg|math|img|image|video|audio|source|track|template|noscript|portal|xmp|plaintext|listing|isindex|marquee)$/i;

/** The tags the site's own charts are drawn with (src/site/charts/), inside their `<svg>`. */
const CHART_TAGS = new Set(['title', 'desc', 'defs', 'pattern', 'line', 'rect', 'path', 'text']);

/** A chart of the site's own (src/site/charts/): an `<svg class="chart" role="img">` heading a `figure.chart`, made of chart tags only (attributes are checked as everywhere). */
function isSiteChart($: cheerio.CheerioAPI, el: Element): boolean {
  const svg = $(el);
  return svg.is('figure.chart > svg.chart[role="img"]:first-child') && svg.find('*').toArray().every((c) => CHART_TAGS.has((c as Element).tagName.toLowerCase()));
}

/** What a page may hold beyond the rest: the search page's form and its one script; no other page anything. */
interface Allowance {
  /** `src` of the module scripts (empty, site files) the page may load. */
  scripts: ReadonlySet<string>;
  /** The search form (a GET form to the search page, its `q` field and submit button). */
  searchForm: boolean;
}
const NOTHING: Allowance = { scripts: new Set(), searchForm: false };

/** The site's search form, and its field and button, exactly (their attributes are checked as everywhere). */
function isSearchFormPart($: cheerio.CheerioAPI, el: Element): boolean {
  const e = $(el);
  const form = 'form.search[action="/search/"][method="get"][role="search"]';
  if (el.tagName.toLowerCase() === 'form') return e.is(form) && Object.keys(el.attribs).length === 4;
  if (!e.parents(form).length) return false;
  if (el.tagName.toLowerCase() === 'input') return e.is('input#search-q[name="q"][type="search"]');
  return e.is('button[type="submit"]') && Object.keys(el.attribs).length === 1;
}

/** A link the site's pages carry: its stylesheet, canonical URL, icon, license, and its feeds (Atom, JSON Feed). */
function isSiteLink(el: Element): boolean {
  const rel = (el.attribs.rel ?? '').toLowerCase();
  if (/^(stylesheet|canonical|icon|license)$/.test(rel)) return true;
  return rel === 'alternate' && /^application\/(atom\+xml|feed\+json)$/.test(el.attribs.type ?? '');
}

/** Everything on a page that could run or load something (besides the site's stylesheet and feed links, its charts' SVG, and what `allow` lets it hold). */
function staticDanger(html: string, allow: Allowance): string[] {
  const $ = cheerio.load(html);
  const out: string[] = [];
  ($('*').toArray() as Element[]).forEach((el) => {
    const tag = el.tagName.toLowerCase();
    const allowed =
      (tag === 'script' && allow.scripts.has($(el).attr('src') ?? '') && $(el).attr('type') === 'module' && !$(el).text().trim()) ||
      (tag === 'svg' && isSiteChart($, el)) ||
      (allow.searchForm && /^(form|input|button)$/.test(tag) && isSearchFormPart($, el));
    if (FORBIDDEN_TAGS.test(tag) && !allowed) out.push(`<${tag}>`);
    // A meta only acts through http-equiv (refresh, set-cookie, a second policy...).
    const equiv = tag === 'meta' ? $(el).attr('http-equiv') : undefined;
    if (equiv !== undefined && equiv.toLowerCase() !== 'content-security-policy') out.push(`<meta http-equiv=${equiv}>`);
    if (tag === 'link' && !isSiteLink(el)) out.push(`<link rel=${$(el).attr('rel')}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      const n = name.toLowerCase();
      if (n.startsWith('on') || n === 'style' || n === 'srcdoc' || n === 'formaction' || n === 'autofocus' || (n.includes(':') && n !== 'xml:lang')) out.push(`<${tag} ${name}>`);
      if (URL_ATTRS.has(n)) {
        // What a browser reads as the scheme: control characters and white space dropped.
        const plain = value.replace(/[\u0000-\u0020\u007f]/g, '');
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(plain)?.[1]?.toLowerCase();
        if (scheme && !['http', 'https', 'mailto'].includes(scheme)) out.push(`<${tag} ${name}="${value.slice(0, 60)}">`);
        if (tag === 'link' && /^(?:[a-z]+:)?\/\//i.test(plain) && ($(el).attr('rel') ?? '').toLowerCase() !== 'canonical') out.push(`<link ${name}="${value.slice(0, 60)}"> loads from another origin`);
      }
    }
  });
  return out;
}

function assertNothingDangerous(out: string, paths: string[]): void {
  // The search page's script is a file the site ships, and the only one any page may load.
  assert.ok(shippedScriptPaths(out).includes(SEARCH_SCRIPT), `${SEARCH_SCRIPT} is not in the output`);
  const search: Allowance = { scripts: new Set([SEARCH_SCRIPT]), searchForm: true };
  const problems = paths.flatMap((p) => [...new Set(staticDanger(read(out, p), p === SEARCH_PAGE ? search : NOTHING))].map((d) => `${p}: ${d}`));
  assert.deepEqual(problems, [], `elements or attributes that could run or load something:\n${problems.slice(0, 40).join('\n')}`);
}

test('the static checker finds what the attacks would leave behind', () => {
  const none = NOTHING;
  assert.deepEqual(staticDanger('<p class="text">&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://example.com/x" rel="nofollow">x</a> <a href="/jams/x/#m-1">y</a></p>', none), []);
  assert.deepEqual(
    staticDanger('<p><img src=x onerror=alert(1)><a href=" java\tscript:alert(1)">x</a><svg><g onload=alert(1)></g></svg><script>alert(1)</script><meta http-equiv=refresh content="0;url=javascript:alert(1)"></p>', none),
    ['<img>', '<img onerror>', '<a href=" java\tscript:alert(1)">', '<svg>', '<g onload>', '<script>', '<meta http-equiv=refresh>'],
  );
  // A chart's SVG passes; one holding anything else (or out of its figure) does not.
  const chart = (inner: string) => `<figure class="chart"><svg class="chart" role="img"><title>t</title>${inner}</svg><figcaption>c</figcaption></figure>`;
  assert.deepEqual(staticDanger(chart('<rect class="bar" fill="url(#h)"/><text>@&lt;script&gt;</text>'), none), []);
  assert.deepEqual(staticDanger(chart('<foreignObject><p>x</p></foreignObject>'), none), ['<svg>']);
  assert.deepEqual(staticDanger(chart('<a href="javascript:alert(1)"><text>x</text></a>'), none), ['<svg>', '<a href="javascript:alert(1)">']);
  assert.deepEqual(staticDanger('<p><svg class="chart" role="img"><rect/></svg></p>', none), ['<svg>']);
  // Feed and icon links pass; another alternate, or a feed from elsewhere, does not.
  assert.deepEqual(staticDanger('<link rel="alternate" type="application/atom+xml" href="/feed.xml"><link rel="alternate" type="application/feed+json" href="/feed.json"><link rel="icon" href="/assets/favicon.1.svg" type="image/svg+xml">', none), []);
  assert.deepEqual(staticDanger('<link rel="alternate" type="text/html" href="/x"><link rel="alternate" type="application/atom+xml" href="https://evil.example/feed.xml">', none), ['<link rel=alternate>', '<link href="https://evil.example/feed.xml"> loads from another origin']);
  // The search page's form and script pass there only, and only as the site writes them.
  const search: Allowance = { scripts: new Set([SEARCH_SCRIPT]), searchForm: true };
  const form = '<form class="search" action="/search/" method="get" role="search"><input id="search-q" name="q" type="search" autocomplete="off"><button type="submit">Search</button></form>';
  const script = `<script type="module" src="${SEARCH_SCRIPT}"></script>`;
  assert.deepEqual(staticDanger(form + script, search), []);
  assert.deepEqual(staticDanger(form + script, none), ['<form>', '<input>', '<button>', '<script>']);
  assert.deepEqual(staticDanger(`<script type="module" src="${SEARCH_SCRIPT}">alert(1)</script><script src="/pagefind/pagefind.js"></script><script src="${SEARCH_SCRIPT}"></script>`, search), ['<script>', '<script>', '<script>']);
  assert.deepEqual(
    staticDanger('<form class="search" action="https://evil.example/" method="post" role="search"><input name="q" type="search"><button type="submit" formaction="javascript:alert(1)">x</button></form><input id="search-q" name="q" type="search" onfocus="alert(1)" autofocus>', search),
    ['<form>', '<input>', '<button>', '<button formaction>', '<button formaction="javascript:alert(1)">', '<input>', '<input onfocus>', '<input autofocus>'],
  );
});

// ---------------------------------------------------------------------------
// The example site, statically

test('example site: every page and the standalone download carry a CSP meta that forbids inline script and outside origins', async () => {
  const { out } = await exampleSite();
  const paths = htmlPaths(out);
  const kinds = pageKinds(paths);
  for (const [kind, list] of Object.entries(kinds)) assert.ok(list.length > 0, `the example site has no ${kind} page (pages: ${paths.join(' ')})`);
  assertEveryPageHasCsp(out, paths);
  assertNothingDangerous(out, paths);
});

// ---------------------------------------------------------------------------
// The hostile site, statically

corpusTest('hostile site: builds, and every page and download carries a sound CSP', HOSTILE_FILES, async () => {
  const { site, built } = await hostileSite();
  const paths = htmlPaths(built.out);
  for (const jam of site.jams) {
    // One summary line per jam; every jam has its pages.
    assert.match(built.stdout, new RegExp(`^${jam.slug}: \\d+ messages`, 'm'));
    for (const p of [`/jams/${jam.slug}/`, `/jams/${jam.slug}/transcript/`, `/jams/${jam.slug}/participants/`, `/jams/${jam.slug}/download/${jam.slug}.html`]) assert.ok(paths.includes(p), `missing ${p}`);
  }
  assertEveryPageHasCsp(built.out, paths);
});

corpusTest('hostile site: no element or attribute of the attacks survives into any page', HOSTILE_FILES, async () => {
  const { built } = await hostileSite();
  assertNothingDangerous(built.out, htmlPaths(built.out));
});

corpusTest('hostile site: the attacks are shown as text, on the pages where they belong', HOSTILE_FILES, async () => {
  const { site, built } = await hostileSite();
  const paths = htmlPaths(built.out);
  for (const jam of site.jams) {
    // Every escaped payload is a message whose text the transcript shows verbatim.
    const transcript = paths.filter((p) => p.startsWith(`/jams/${jam.slug}/transcript/`));
    const shown = foldSpace(transcript.map((p) => cheerio.load(read(built.out, p))('article.message .text').toArray().map((el) => cheerio.load(el).text()).join(' ')).join(' '));
    const missing = jam.escapedTexts.filter((t) => !shown.includes(foldSpace(t)));
    assert.deepEqual(missing, [], `${jam.slug}: ${missing.length} of ${jam.escapedTexts.length} escaped payloads are not shown as text on the transcript`);
    // So are the authors' display names.
    const names = new Set(transcript.flatMap((p) => cheerio.load(read(built.out, p))('article.message .name').toArray().map((el) => foldSpace(cheerio.load(el).text()))));
    assert.ok(jam.names.length >= 40, `${jam.slug}: ${jam.names.length} hostile names`);
    assert.deepEqual(jam.names.filter((n) => !names.has(foldSpace(n))), [], `${jam.slug}: display names not shown as text`);
    // The standalone download shows the texts too.
    const download = cheerio.load(read(built.out, `/jams/${jam.slug}/download/${jam.slug}.html`));
    const inDownload = foldSpace(download('main article > p').toArray().map((el) => download(el).text()).join(' '));
    assert.deepEqual(jam.escapedTexts.filter((t) => !inDownload.includes(foldSpace(t))), [], `${jam.slug}: payloads missing from the .html download`);

    // The recap: the title, question text and notes are text, as written.
    const $ = cheerio.load(read(built.out, `/jams/${jam.slug}/`));
    assert.equal(foldSpace($('h1').first().text()), foldSpace(jam.title));
    const recapText = foldSpace($('main').text());
    for (const t of site.noteTexts[jam.slug]) assert.ok(recapText.includes(foldSpace(t)), `${jam.slug}: the recap does not show ${JSON.stringify(t)} as text`);
    // Every quote of a hostile message is featured on the recap.
    const featured = $('blockquote.featured[data-message-id]').toArray().map((el) => $(el).attr('data-message-id'));
    assert.deepEqual(jam.quotedIds.filter((id) => !featured.includes(id)), [], `${jam.slug}: quoted messages not featured`);
  }
  // Every hostile handle the pipeline accepts has its row on /participants/ and a person page; refused ones appear nowhere.
  const $p = cheerio.load(read(built.out, '/participants/'));
  const rows = new Map($p('tr[data-author]').toArray().map((el) => [$p(el).attr('data-author')!, $p(el).find('a').attr('href')!] as const));
  const accepted = HOSTILE_HANDLES.filter((h) => handleProblem(h) === null);
  assert.ok(accepted.length >= 15, 'the hostile handles include at least 15 the pipeline accepts');
  for (const h of accepted) {
    assert.ok(rows.has(h), `/participants/ has no row for ${JSON.stringify(h)}`);
    const href = rows.get(h)!;
    assert.ok(paths.includes(href), `${JSON.stringify(h)} links to ${href}, which was not built`);
    const $person = cheerio.load(read(built.out, href));
    assert.equal(foldSpace($person('h1').first().text()).startsWith(`@${h}`), true, `${href} is not the page of ${JSON.stringify(h)}`);
  }
  for (const h of HOSTILE_HANDLES.filter((x) => handleProblem(x) !== null)) assert.ok(!rows.has(h), `refused handle ${JSON.stringify(h)} has a row`);
});

corpusTest('hostile site: every hostile row of the escaped exports is a message or a skipped refused handle', HOSTILE_FILES, async () => {
  const { site, built } = await hostileSite();
  for (const jam of site.jams) {
    const transcript = JSON.parse(read(built.out, `/jams/${jam.slug}/download/${jam.slug}.json`)) as Transcript;
    for (const file of jam.files) {
      const source = transcript.sources.find((src) => src.file === file.name);
      assert.ok(source, `${jam.slug}: no source ${file.name} in the JSON download`);
      assert.equal(source.found, source.kept + source.merged + source.skipped);
      if (file.escaped) {
        assert.equal(source.found, file.rows, `${jam.slug}/${file.name}: rows found`);
        assert.equal(source.skipped, file.refused, `${jam.slug}/${file.name}: rows skipped`);
        assert.equal(source.diagnostics.filter((d) => d.code === 'author-invalid').length, file.refused);
      } else {
        // Raw markup may swallow the rows after it (see HostileJam.files): never more than written.
        assert.ok(source.found > 0 && source.found <= file.rows, `${jam.slug}/${file.name}: ${source.found} of ${file.rows} rows found`);
      }
    }
    // The hostile host is shown as text, linked (if at all) to a page of the site.
    const $ = cheerio.load(read(built.out, `/jams/${jam.slug}/`));
    const hosts = $('.host').toArray().map((el) => $(el).text());
    assert.ok(hosts.includes('@javascript:alert(document.domain)'), `hosts shown: ${hosts.join(', ')}`);
  }
});

// ---------------------------------------------------------------------------
// In the browser

const skip = browserSkipReason();

describe('in Chromium', { skip: skip ?? false }, () => {
  let chromium: Chromium;
  before(async () => {
    chromium = await launchChromium();
  });
  after(async () => {
    await chromium?.close();
  });

  const controlHtml = (csp: string | null) =>
    readFileSync(join(ROOT, 'test/fixtures/browser-control.html'), 'utf8').replace('<!--CSP-->', csp === null ? '' : `<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  const OUTSIDE = 'http://203.0.113.7/pixel.png';

  /** Serve the control page (with the given CSP, or none) and inspect it; also: did the outside request leave the browser? */
  async function control(csp: string | null): Promise<{ report: PageReport; left: boolean }> {
    const dir = mkdtempSync(join(TMP, 'control-'));
    writeFileSync(join(dir, 'index.html'), controlHtml(csp));
    const server = await serveDir(dir);
    const inspector = await PageInspector.create(chromium, { tabs: 1 });
    const hits = chromium.sinkHits.length;
    try {
      const report = await inspector.inspect(server.url('/'));
      return { report, left: chromium.sinkHits.slice(hits).includes(OUTSIDE) };
    } finally {
      await inspector.close();
      await server.close();
    }
  }

  test('positive control: without a CSP the trap records a real inline script and onerror handler, and the outside request', async () => {
    const { report: r, left } = await control(null);
    assert.deepEqual(r.trapped, ['alert(1)', 'alert(2)']);
    assert.equal(r.scripts.length, 2, `two page scripts parsed (the <script> and the handler): ${r.scripts.join(' | ')}`);
    assert.equal(r.requests.length, 1);
    assert.ok(r.requests[0].startsWith(OUTSIDE) && !r.requests[0].includes('(csp)'), r.requests[0]);
    assert.ok(left, 'the outside request left the browser (and reached the test proxy, not the network)');
    assert.deepEqual(r.csp, []);
    assert.ok(problemsOf(r).length > 0);
  });

  test('positive control: the same page under the site CSP, the search page CSP and the download CSP runs and loads nothing', async () => {
    const { out } = await exampleSite();
    const siteCsp = pageCsp(read(out, '/')).content;
    assert.ok(siteCsp, 'the example home page has a CSP meta');
    const searchCsp = pageCsp(read(out, SEARCH_PAGE), { wasm: true }).content;
    assert.equal(searchCsp, searchPageCsp(siteCsp));
    for (const csp of [siteCsp, searchCsp, HTML_CSP]) {
      const { report: r, left } = await control(csp);
      assert.deepEqual(r.trapped, [], csp);
      assert.deepEqual(r.scripts, [], csp);
      assert.deepEqual(r.dialogs, [], csp);
      // The browser tried the outside image, and the CSP stopped it before it left.
      assert.deepEqual(r.requests, [`${OUTSIDE} (csp)`], csp);
      assert.equal(left, false, csp);
      // ...and says why: the inline script, the handler and the image were refused.
      assert.ok(r.csp.some((v) => /^script-src(-elem)? blocked "inline"/.test(v)), `${csp}: ${r.csp.join(' | ')}`);
      assert.ok(r.csp.some((v) => /^script-src(-attr)? blocked "inline"/.test(v)), `${csp}: ${r.csp.join(' | ')}`);
      assert.ok(r.csp.some((v) => /^img-src blocked "http:\/\/203\.0\.113\.7\/pixel\.png"/.test(v)), `${csp}: ${r.csp.join(' | ')}`);
    }
  });

  /** A word of the first message on the site's first transcript page: what a search of it finds. */
  function searchWord(out: string, transcripts: string[]): string {
    const $ = cheerio.load(read(out, transcripts[0]));
    const word = /[A-Za-z]{4,}/.exec($('article.message p.text').first().text())?.[0];
    assert.ok(word, `no word to search for on ${transcripts[0]}`);
    return word;
  }

  /**
   * Open every HTML page of a built site (over HTTP) and its .html downloads
   * (also from file://), and the search page with a query, which must show
   * results (so its script, Pagefind's, its worker, WASM and index loaded
   * under its CSP). Only the search page may start a worker: Pagefind's.
   */
  async function inspectSite(out: string): Promise<{ reports: PageReport[]; kinds: Record<string, string[]>; searched: PageReport }> {
    const paths = htmlPaths(out);
    const kinds = pageKinds(paths);
    const server: StaticServer = await serveDir(out);
    const workers = (page: string) => (new URL(page).pathname === SEARCH_PAGE ? [server.url(SEARCH_WORKER)] : []);
    const inspector = await PageInspector.create(chromium, { shippedScripts: shippedScriptPaths(out).map((p) => server.url(p)), tabs: 3, workers });
    try {
      const query = server.url(`${SEARCH_PAGE}?q=${searchWord(out, kinds.transcript)}`);
      const urls = [...paths.map((p) => server.url(p)), query, ...kinds.download.map((p) => pathToFileURL(join(out, p)).href)];
      const reports = await inspector.inspectAll(urls, { [query]: 'ol.search-results > li' });
      return { reports, kinds, searched: reports[paths.length] };
    } finally {
      await inspector.close();
      await server.close();
    }
  }

  test('example site: no page runs a script or loads anything from elsewhere', async () => {
    const { out } = await exampleSite();
    const { reports, kinds, searched } = await inspectSite(out);
    for (const [kind, list] of Object.entries(kinds)) assert.ok(list.length > 0, `no ${kind} page`);
    // The search ran (inspect waited for its results) in Pagefind's worker, the one worker allowed, and only there.
    assert.match(searched.url, /\/search\/\?q=/);
    assert.deepEqual(searched.workers.map((u) => new URL(u).pathname), [SEARCH_WORKER]);
    const problems = reports.flatMap(problemsOf);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  corpusTest('hostile site: no page or download runs a script or loads anything from elsewhere', HOSTILE_FILES, async () => {
    const { site, built } = await hostileSite();
    const { reports, kinds } = await inspectSite(built.out);
    for (const [kind, list] of Object.entries(kinds)) assert.ok(list.length > 0, `no ${kind} page`);
    // Every transcript page was opened: one jam's transcript runs over several.
    assert.ok(kinds.transcript.length > site.jams.length, `transcript pages: ${kinds.transcript.join(' ')}`);
    // Every person page was opened, hostile handles' included.
    assert.ok(kinds.person.length >= new Set(site.jams.flatMap((j) => j.handles)).size, `${kinds.person.length} person pages`);
    const problems = reports.flatMap(problemsOf);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
