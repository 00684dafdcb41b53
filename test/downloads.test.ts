/**
 * The downloadable formats, checked by reading every one of them back:
 * JSON -> the transcript, CSV -> the rows (csv-parse), Markdown -> HTML
 * (markdown-it with raw HTML on), HTML -> DOM (cheerio), zip -> entries and
 * manifest (fflate), and the text format parsed line by line.
 *
 * The hand-made fixture (test/fixtures/dl-hostile-transcript.json) carries
 * hostile texts and every layout case: messages before the first question,
 * a late answer to Q1 posted after Q2, a message with no question between
 * questions, a question section spanning two local days, a day-precision
 * message, a question with no messages, an id above 2^53.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as cheerio from 'cheerio';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import MarkdownIt from 'markdown-it';
import { DateTime } from 'luxon';
import { ROOT, corpusTest } from './helpers/corpus.ts';
import { importFiles } from '../src/import/pipeline.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';
import {
  HTML_CSP,
  MANIFEST_NAME,
  exportEntryNames,
  renderCsv,
  renderDownloads,
  renderHtml,
  renderMarkdown,
  renderText,
  renderZip,
  type DownloadContext,
  type DownloadFile,
} from '../src/downloads/index.ts';
import { anchor, escapeHtml, linkify, safeHref } from '../src/model/html.ts';

const FIXTURE = resolve(ROOT, 'test/fixtures/dl-hostile-transcript.json');
const loadFixture = (): Transcript => JSON.parse(readFileSync(FIXTURE, 'utf8'));
const decode = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b);

const Q2_OVERRIDE = 'Override <b>bold</b> & [x](javascript:alert(1))';
function fixtureContext(overrides: Partial<DownloadContext> = {}): DownloadContext {
  return {
    slug: 'hostile',
    title: 'Hostile <jam> & "friends"',
    timezone: 'America/New_York',
    questionTexts: { Q2: Q2_OVERRIDE },
    exports: [
      { name: '../../etc/passwd', bytes: new Uint8Array([1, 2, 3]) },
      { name: 'notes.txt', bytes: new Uint8Array([4]) },
      { name: 'NOTES.txt', bytes: new Uint8Array([5]) },
    ],
    ...overrides,
  };
}

const fileNamed = (files: DownloadFile[], suffix: string) => {
  const f = files.find((x) => x.name.endsWith(suffix));
  assert.ok(f, `no ${suffix} among ${files.map((x) => x.name).join(', ')}`);
  return f;
};

// ---- independent readers of each format (they do not use the renderers' helpers) ----

/** The CSV row a message must read back as; written out here, not taken from csv.ts. */
/** A message's CSV row as the model has it; its local time read by luxon in `zone` (the CSV's default zone is UTC). */
function expectedRow(m: Message, zone = 'UTC'): Record<string, string> {
  const local = DateTime.fromISO(m.time, { zone });
  return {
    id: m.id,
    time: m.time,
    local_time: m.timePrecision === 'day' ? m.time.slice(0, 10) : local.toFormat("yyyy-LL-dd'T'HH:mm:ssZZ"),
    author: m.author.handle,
    name: m.author.name ?? '',
    question: m.question ?? '',
    reply_to: m.replyTo ?? '',
    text: m.text,
    url: m.url ?? '',
  };
}

function readCsv(bytes: Uint8Array): Record<string, string>[] {
  // Records end at CRLF only...
  const rows: Record<string, string>[] = parseCsv(Buffer.from(bytes), { bom: true, columns: true, record_delimiter: '\r\n' });
  // ...and every CR or LF inside a field is quoted: a reader that ends records at any line break agrees.
  const anyBreak = parseCsv(Buffer.from(bytes), { bom: true, columns: true, record_delimiter: ['\r\n', '\n', '\r'] });
  assert.deepEqual(anyBreak, rows);
  return rows;
}

const TXT_MESSAGE = /^\[(\d\d:\d\d|--:--)\] @([^:]*): (.*)$/;

/** The text download back into (clock, handle, text) entries, continuation lines joined with "\n". */
function readText(text: string): { clock: string; handle: string; text: string }[] {
  const out: { clock: string; handle: string; text: string }[] = [];
  for (const line of text.split('\n')) {
    const m = TXT_MESSAGE.exec(line);
    if (m) out.push({ clock: m[1], handle: m[2], text: m[3] });
    else if (line.startsWith('    ') && out.length) out[out.length - 1].text += '\n' + line.slice(4);
  }
  return out;
}

/** Every element and attribute of a parsed HTML document that could run code or fetch something. */
function assertInert($: cheerio.CheerioAPI): void {
  assert.equal($('script').length, 0, 'no <script>');
  for (const sel of ['img', 'iframe', 'object', 'embed', 'link', 'source', 'video', 'audio', 'form', 'base', 'svg', 'math']) {
    assert.equal($(sel).length, 0, `no <${sel}>`);
  }
  $('*').each((_, el) => {
    if (el.type !== 'tag') return;
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.ok(!/^on/i.test(name), `event handler attribute ${name} on <${el.name}>`);
      assert.ok(!['src', 'srcset', 'action', 'formaction', 'background', 'poster'].includes(name), `fetching attribute ${name}`);
      if (name === 'href') assert.match(value, /^(https?:\/\/|mailto:|#)/, `href ${value}`);
      if (name === 'style') assert.doesNotMatch(value, /url\(/i);
    }
  });
  assert.doesNotMatch($('style').text(), /url\(|@import/i, 'inline CSS fetches nothing');
}

// ---- shared HTML helpers (src/model/html.ts) ----

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(escapeHtml(null), '');
});

test('safeHref accepts http(s) and mailto only; relative paths only when asked', () => {
  for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', '', null]) {
    assert.equal(safeHref(bad), null, String(bad));
  }
  assert.equal(safeHref('https://example.com/a b'), 'https://example.com/a%20b');
  assert.equal(safeHref('mailto:someone@example.com'), 'mailto:someone@example.com');
  assert.equal(safeHref('/people/carol/'), null);
  assert.equal(safeHref('/people/carol/', { allowRelative: true }), '/people/carol/');
  assert.equal(safeHref('#m-1', { allowRelative: true }), '#m-1');
  assert.equal(safeHref('/\tjavascript:alert(1)', { allowRelative: true }), null);
  assert.equal(safeHref('//evil.example/x', { allowRelative: true }), 'https://evil.example/x');
  assert.equal(anchor('javascript:alert(1)', 'x'), 'x');
  assert.equal(anchor('/p/', 'x', { allowRelative: true }), '<a href="/p/">x</a>', 'site-internal links carry no rel');
});

test('linkify: a long text of many links (written in chunks) reads as its lines do one by one', () => {
  // No link spans a line, so the whole text's HTML is its lines' joined by newlines.
  const lines = Array.from({ length: 400 }, (_, i) => `#t${i} <b>${i}</b> @u${i % 7} see https://x.org/${i}?a=1&b=2. & "q" @u${i}`);
  const whole = linkify(lines.join('\n'));
  assert.equal(whole, lines.map((l) => linkify(l)).join('\n'));
  assert.equal(whole.split('<a href=').length - 1, 1600);
});

test('linkify escapes everything and links only http(s) URLs, mentions and hashtags', () => {
  const rel = 'rel="nofollow ugc noopener"';
  assert.equal(
    linkify('see https://example.com/a?b=1&c=2). @bob #tag <b>x</b> javascript:alert(1) a@b.com'),
    `see <a href="https://example.com/a?b=1&amp;c=2" class="link" ${rel}>https://example.com/a?b=1&amp;c=2</a>). ` +
      `<a href="https://twitter.com/bob" class="mention" ${rel}>@bob</a> ` +
      `<a href="https://twitter.com/hashtag/tag" class="hashtag" ${rel}>#tag</a> &lt;b&gt;x&lt;/b&gt; javascript:alert(1) a@b.com`,
  );
  assert.equal(linkify('@bob #tag', { mentionHref: null, hashtagHref: null }), '@bob #tag');
  assert.equal(
    linkify('@bob', { mentionHref: (h) => `/people/${h.toLowerCase()}/`, allowRelative: true }),
    '<a href="/people/bob/" class="mention">@bob</a>',
  );
  // A URL cut short by a truncated retweet is text, never a link to its fragment.
  assert.equal(linkify('RT @x: read https://t.co/b8kO… now', { mentionHref: null }), 'RT @x: read https://t.co/b8kO… now');
  assert.equal(linkify('see https://x.org/a…'), 'see https://x.org/a…');
  // A "#fragment" and an "@" inside a URL stay part of the URL.
  assert.equal(
    linkify('http://x.example/@me#frag'),
    `<a href="http://x.example/@me#frag" class="link" ${rel}>http://x.example/@me#frag</a>`,
  );
});

// ---- the hand-made hostile fixture ----

test('fixture: renderDownloads gives the seven files, deterministic, input untouched', () => {
  const t = loadFixture();
  const files = renderDownloads(t, fixtureContext());
  assert.deepEqual(
    files.map((f) => [f.name, f.mediaType]),
    [
      ['hostile.json', 'application/json'],
      ['hostile.csv', 'text/csv; charset=utf-8'],
      ['hostile-spreadsheet.csv', 'text/csv; charset=utf-8'],
      ['hostile.md', 'text/markdown; charset=utf-8'],
      ['hostile.txt', 'text/plain; charset=utf-8'],
      ['hostile.html', 'text/html; charset=utf-8'],
      ['hostile-archive.zip', 'application/zip'],
    ],
  );
  assert.deepEqual(t, loadFixture(), 'rendering does not mutate the transcript');
  const again = renderDownloads(loadFixture(), fixtureContext());
  for (let i = 0; i < files.length; i++) assert.deepEqual(Buffer.from(again[i].bytes), Buffer.from(files[i].bytes), files[i].name);
});

test('fixture: JSON is the transcript exactly', () => {
  const t = loadFixture();
  const json = decode(fileNamed(renderDownloads(t, fixtureContext()), '.json').bytes);
  assert.equal(json, JSON.stringify(t, null, 2) + '\n');
  const back = JSON.parse(json) as Transcript;
  assert.deepEqual(back, t);
  assert.equal(back.messages.length, 9);
  assert.equal(back.messages[0].id, '1000000000000000001', 'ids above 2^53 stay exact strings');
});

test('fixture: CSV has a BOM, CRLF records, the header, and reads back field for field', () => {
  const t = loadFixture();
  const bytes = renderCsv(t, { slug: 'hostile' }).bytes;
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const text = decode(bytes.slice(3));
  assert.ok(text.startsWith('id,time,local_time,author,name,question,reply_to,text,url\r\n'));
  assert.ok(text.endsWith('\r\n'));
  const rows = readCsv(bytes);
  assert.equal(rows.length, t.messages.length);
  assert.deepEqual(rows, t.messages.map((m) => expectedRow(m)));
  // Without the jam's zone, local time is UTC with its offset written out.
  assert.equal(rows[0].local_time, `${t.messages[0].time.slice(0, 19)}+00:00`);
  // The formula-looking text is kept verbatim (documented in csv.ts), and the bare-LF text was quoted.
  assert.equal(rows[4].text, "Q2: =cmd|' /C calc'!A0 is that a formula?");
  assert.ok(text.includes('"line one\nline two, with a comma\n'));
  assert.ok(text.includes('"He said ""quoted"", then left 😀\r\nwindows line\ttab"'));
  assert.ok(text.includes(',"After midnight\nin New York",'));
  assert.ok(text.includes(',"Embedded later\rold Mac line break",'));
});

test('the spreadsheet CSV: no cell starts like a formula; the exact CSV keeps every cell as in the JSON', () => {
  const t = loadFixture();
  const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', '＝1+1', '@ann a reply'];
  hostile.forEach((text, i) => (t.messages[i].text = text));
  t.messages[0].author.name = '=cmd|" /C calc"!A0';
  const files = renderDownloads(t, fixtureContext());
  const exact = readCsv(fileNamed(files, '.csv').bytes);
  const safe = readCsv(fileNamed(files, '-spreadsheet.csv').bytes);
  assert.equal(fileNamed(files, '.csv').name, 'hostile.csv');
  assert.deepEqual(exact, t.messages.map((m) => expectedRow(m, 'America/New_York')));
  assert.equal(safe.length, t.messages.length);
  for (const [i, row] of safe.entries()) {
    for (const [col, cell] of Object.entries(row)) {
      assert.doesNotMatch(cell, /^[=+\-@\t\r＝＋－＠]/, `row ${i + 1} ${col}: ${JSON.stringify(cell)}`);
      // Only the leading "'" differs from the exact cell.
      const want = exact[i][col];
      assert.equal(cell, /^[=+\-@\t\r＝＋－＠]/.test(want) ? `'${want}` : want, `row ${i + 1} ${col}`);
    }
  }
  assert.deepEqual(safe.slice(0, hostile.length).map((r) => r.text), hostile.map((h) => `'${h}`));
  assert.equal(safe[0].name, `'=cmd|" /C calc"!A0`);
  // Both are in the archive, and its manifest covers both.
  const entries = unzipSync(fileNamed(files, '-archive.zip').bytes);
  const manifest = new TextDecoder().decode(entries[MANIFEST_NAME]);
  for (const name of ['hostile.csv', 'hostile-spreadsheet.csv']) {
    assert.deepEqual(Buffer.from(entries[name]), Buffer.from(fileNamed(files, name).bytes));
    assert.ok(manifest.includes(`${createHash('sha256').update(entries[name]).digest('hex')}  ${name}\n`), name);
  }
});

test('fixture: text download has one [HH:MM] line per message, grouped, with dates', () => {
  const t = loadFixture();
  const txt = decode(renderText(t, fixtureContext()).bytes);
  const entries = readText(txt);
  assert.equal(entries.length, t.messages.length);
  // Same messages (handle + text, CRLF read as LF) as the transcript, each once.
  const key = (h: string, s: string) => `${h}\u0000${s}`;
  assert.deepEqual(
    entries.map((e) => key(e.handle, e.text)).sort(),
    t.messages.map((m) => key(m.author.handle, m.text.replace(/\r\n?/g, '\n'))).sort(),
  );
  assert.deepEqual(
    txt.split('\n').filter((l) => /^(==|--) /.test(l)),
    [
      '== Before the first question · Wednesday 24 October 2012 ==',
      "== Q1 · What's <script>alert(1)</script> for you? #testjam · Wednesday 24 October 2012 ==",
      `== Q2 · ${Q2_OVERRIDE} · Wednesday 24 October 2012 ==`,
      '-- Thursday 25 October 2012 --',
      '-- Friday 26 October 2012 --',
      '== Q3 · never asked in this export ==',
    ],
  );
  // 2012-10-24T23:50Z is 19:50 EDT; 2012-10-25T04:30Z is 00:30 EDT the next day; a day-only message has no clock.
  assert.deepEqual(
    entries.map((e) => `${e.clock} ${e.handle}`),
    ['19:50 early_bird', '20:00 jamhost', '20:01 mallory', '20:02 carol', '20:11 dave_', '20:10 jamhost', '20:12 erin', '00:30 frank', '--:-- gina'],
  );
  // And the exact bytes, reviewed by hand (test/fixtures/dl-hostile.golden.txt).
  assert.equal(txt, readFileSync(resolve(ROOT, 'test/fixtures/dl-hostile.golden.txt'), 'utf8'));
});

test('fixture: Markdown shows every text literally, even through a renderer that allows HTML', () => {
  const t = loadFixture();
  const md = decode(renderMarkdown(t, fixtureContext()).bytes);
  assert.equal(md.split('\n').filter((l) => l.startsWith('- ')).length, t.messages.length);

  for (const options of [{ html: true, linkify: true }, { html: true, linkify: false }]) {
    const $ = cheerio.load(new MarkdownIt(options).render(md));
    assertInert($);
    assert.equal($('h1').text(), 'Hostile <jam> & "friends"');
    assert.deepEqual(
      $('h2').map((_, h) => $(h).text()).get(),
      ['Before the first question', "Q1 · What's <script>alert(1)</script> for you? #testjam", `Q2 · ${Q2_OVERRIDE}`, 'Q3 · never asked in this export'],
    );
    // Nothing but the lists we wrote: no headings, quotes, code or emphasis from chat text.
    assert.equal($('h3, h4, h5, h6, blockquote, pre, del, table, hr, ol, s').length, 0);
    assert.equal($('li em, li code, li img').length, 0);
    const items = $('body > ul > li').get();
    assert.equal(items.length, t.messages.length);
    assert.equal($('li').length, t.messages.length, 'no nested list items');
    // Items in layout order: before Q1 (1), Q1 (2, 3, 4, late 6), Q2 (5, 7, 8, 9).
    const order = [0, 1, 2, 3, 5, 4, 6, 7, 8];
    items.forEach((li, i) => {
      const m = t.messages[order[i]];
      const shown = $(li).text();
      assert.ok(shown.includes(`@${m.author.handle}`), `${m.id}: handle`);
      for (const line of m.text.split(/\r\n|\r|\n/)) assert.ok(shown.includes(line.trim()), `${m.id}: ${JSON.stringify(line)} in ${JSON.stringify(shown)}`);
      // Links: the http(s) URL in the text (as an autolink, "_" and "&" intact) and the permalink; nothing else.
      const links = $(li).find('a').map((_, a) => $(a).attr('href')).get();
      const expectedLinks = [...(m.author.handle === 'dave_' ? ['http://example.com/a_b?x=1&y=2'] : []), ...(m.url?.startsWith('https:') ? [m.url] : [])];
      assert.deepEqual(links, expectedLinks, `${m.id}: links`);
    });
  }
  // And the exact bytes, reviewed by hand (test/fixtures/dl-hostile.golden.md).
  assert.equal(md, readFileSync(resolve(ROOT, 'test/fixtures/dl-hostile.golden.md'), 'utf8'));
});

test('HTML download: the header says the day, hashtag and hosts and links to the online recap; times on the jam\'s clock, as the site shows them', () => {
  const t = loadFixture();
  const $ = cheerio.load(decode(renderHtml(t, fixtureContext({ recapUrl: 'https://jams.example.org/jams/hostile/' })).bytes));
  const meta = $('header.jam p.meta').map((_, p) => $(p).text()).get();
  // The first message, 2012-10-24T23:50Z, is the evening of the 24th in New York.
  assert.deepEqual(meta.slice(0, 2), ['Wednesday 24 October 2012 · #testjam · hosted by @jamhost', 'Online recap: https://jams.example.org/jams/hostile/']);
  assert.equal($('header.jam a').attr('href'), 'https://jams.example.org/jams/hostile/');
  // English reads a 12-hour clock, as the site's pages do; German a 24-hour one.
  assert.equal($('main article time').first().text(), '7:50 PM');
  const de = cheerio.load(decode(renderHtml(t, fixtureContext({ lang: 'de' })).bytes));
  assert.equal(de('main article time').first().text(), '19:50');
  // No base URL, or not an http(s) one: no link back.
  for (const recapUrl of [undefined, 'javascript:alert(1)']) {
    const $none = cheerio.load(decode(renderHtml(t, fixtureContext({ recapUrl })).bytes));
    assert.equal($none('header.jam a').length, 0);
  }
});

test('fixture: HTML is one inert, self-contained page with every message as an article', () => {
  const t = loadFixture();
  const html = decode(renderHtml(t, fixtureContext()).bytes);
  const $ = cheerio.load(html);
  assertInert($);
  assert.equal($('html').attr('lang'), 'en');
  assert.equal($('meta[charset]').attr('charset'), 'utf-8');
  const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content');
  assert.equal(csp, HTML_CSP);
  assert.match(csp!, /(^|; )default-src 'none'(;|$)/);
  assert.doesNotMatch(csp!, /script-src|unsafe-eval|https?:|\*/);
  assert.ok(html.includes(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:`));
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'), 'CSP before any content');
  assert.match($('style').text(), /@media print/);
  assert.equal($('title').text(), 'Hostile <jam> & "friends"');

  const articles = $('main article');
  assert.equal(articles.length, t.messages.length);
  for (const m of t.messages) {
    const a = $(`article[id="m-${m.id}"]`);
    assert.equal(a.length, 1, m.id);
    assert.equal(a.attr('data-question'), m.question ?? 'none');
    assert.equal(a.attr('data-author'), m.author.handle);
    assert.equal(a.children('time').attr('datetime'), m.time);
    assert.equal(a.children('strong').text(), `@${m.author.handle}`);
    assert.equal(a.children('p').length, 1);
    assert.equal(a.children('p').text(), m.text.replace(/\r\n?/g, '\n'), `${m.id}: text shown exactly`);
    const permalink = a.find('footer a[rel]');
    if (m.url?.startsWith('https:')) {
      assert.equal(permalink.attr('href'), m.url);
      assert.equal(permalink.attr('rel'), 'nofollow ugc noopener');
    } else assert.equal(permalink.length, 0, `${m.id}: no permalink for ${m.url}`);
  }
  $('a[href^="http"]').each((_, a) => assert.equal($(a).attr('rel'), 'nofollow ugc noopener'));
  // The hostile name and texts are text, not markup.
  assert.equal($('article[data-author="mallory"] .name').text(), '<img src=x onerror=alert(1)>');
  assert.deepEqual($('footer a[href^="#"]').map((_, a) => $(a).attr('href')).get(), ['#m-1000000000000000002']);
  assert.equal($('article[data-asks]').map((_, a) => $(a).attr('data-asks')).get().join(','), 'Q1,Q2');
  // Links inside text: the URL (trailing ")." excluded) and the mention (Twitter profile); the
  // chat's own hashtag (#TestJam, on every message) stays text, another hashtag is a link.
  assert.deepEqual(
    $('article[data-author="dave_"] > p a').map((_, a) => $(a).attr('href')).get(),
    ['http://example.com/a_b?x=1&y=2', 'https://twitter.com/carol'],
  );
  assert.match($('article[data-author="dave_"] > p').text(), /#TestJam/);
  t.messages.find((m) => m.author.handle === 'dave_')!.text += ' #OtherTag #TESTJAM';
  const $other = cheerio.load(decode(renderHtml(t, fixtureContext()).bytes));
  assert.deepEqual($other('main article > p a[href*="/hashtag/"]').map((_, a) => $other(a).attr('href')).get(), ['https://twitter.com/hashtag/OtherTag']);

  // Sections: grouping and order.
  const sections = $('section.group')
    .map((_, s) => ({ key: $(s).attr('data-question'), ids: $(s).find('article').map((__, a) => $(a).attr('id')!.slice(2)).get(), days: $(s).find('h3.day').length }))
    .get();
  const id = (n: number) => t.messages[n - 1].id;
  assert.deepEqual(sections, [
    { key: 'none', ids: [id(1)], days: 1 },
    { key: 'Q1', ids: [id(2), id(3), id(4), id(6)], days: 1 },
    { key: 'Q2', ids: [id(5), id(7), id(8), id(9)], days: 3 },
    { key: 'Q3', ids: [], days: 0 },
  ]);
  assert.equal($('nav a').length, 4);
});

test('fixture: the archive holds the downloads, the exports and a correct sha256 manifest', () => {
  const t = loadFixture();
  const ctx = fixtureContext();
  const files = renderDownloads(t, ctx);
  const zip = fileNamed(files, '-archive.zip').bytes;
  const entries = unzipSync(zip);
  const names = Object.keys(entries);
  assert.deepEqual(names, [
    MANIFEST_NAME,
    'exports/NOTES-2.txt',
    'exports/notes.txt',
    'exports/passwd',
    'hostile-spreadsheet.csv',
    'hostile.csv',
    'hostile.html',
    'hostile.json',
    'hostile.md',
    'hostile.txt',
  ]);
  for (const f of files.slice(0, 6)) assert.deepEqual(Buffer.from(entries[f.name]), Buffer.from(f.bytes), f.name);
  assert.deepEqual([...entries['exports/passwd']], [1, 2, 3]);
  assert.deepEqual([...entries['exports/notes.txt']], [4]);
  assert.deepEqual([...entries['exports/NOTES-2.txt']], [5]);

  const manifest = decode(entries[MANIFEST_NAME]);
  assert.ok(manifest.endsWith('\n'));
  const lines = manifest.trimEnd().split('\n').map((l) => /^([0-9a-f]{64}) {2}(.+)$/.exec(l));
  assert.ok(lines.every(Boolean), manifest);
  const listed = lines.map((l) => l![2]);
  assert.deepEqual(listed, names.filter((n) => n !== MANIFEST_NAME), 'every other entry, sorted');
  for (const l of lines) assert.equal(createHash('sha256').update(entries[l![2]]).digest('hex'), l![1], l![2]);

  // Every entry (local headers and central directory) has the same DOS time: the jam's first
  // local day (24 Oct 2012 in New York) at 12:00:00.
  const dosDate = ((2012 - 1980) << 9) | (10 << 5) | 24;
  const dosTime = 12 << 11;
  const view = Buffer.from(zip);
  let local = 0;
  let central = 0;
  for (let i = 0; i + 4 <= view.length; i++) {
    const sig = view.readUInt32LE(i);
    if (sig === 0x04034b50) {
      assert.equal(view.readUInt16LE(i + 10), dosTime);
      assert.equal(view.readUInt16LE(i + 12), dosDate);
      local++;
    } else if (sig === 0x02014b50) {
      assert.equal(view.readUInt16LE(i + 12), dosTime);
      assert.equal(view.readUInt16LE(i + 14), dosDate);
      central++;
    }
  }
  assert.ok(local >= names.length && central >= names.length);
});

test('fixture: the archive bytes do not depend on the build machine time zone', () => {
  const saved = process.env.TZ;
  const render = () => renderZip(loadFixture(), fixtureContext(), renderDownloads(loadFixture(), fixtureContext()).slice(0, 6)).bytes;
  try {
    process.env.TZ = 'Pacific/Auckland';
    const a = render();
    process.env.TZ = 'America/Los_Angeles';
    const b = render();
    process.env.TZ = 'UTC';
    const c = render();
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
    assert.deepEqual(Buffer.from(a), Buffer.from(c));
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('the archive bytes are the same under TZ=Pacific/Apia and TZ=UTC, even on a day Apia skipped (2011-12-30)', () => {
  // Each render runs in a child process, because a zone is read once at start-up.
  const script = `
    import { readFileSync } from 'node:fs';
    import { renderDownloads } from './src/downloads/index.ts';
    const t = JSON.parse(readFileSync(${JSON.stringify(FIXTURE)}, 'utf8'));
    for (const m of t.messages) m.time = m.time.replace(/^\\d{4}-\\d{2}-\\d{2}/, process.argv.at(-1));
    const files = renderDownloads(t, { slug: 'x', title: 'x', timezone: 'UTC', exports: [{ name: 'a.html', bytes: new Uint8Array([1]) }] });
    process.stdout.write(Buffer.from(files.at(-1).bytes).toString('base64'));`;
  const render = (tz: string, day: string) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, day], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TZ: tz } });
    assert.equal(r.status, 0, r.stderr);
    return Buffer.from(r.stdout, 'base64');
  };
  for (const [day, dosDate] of [['2011-12-30', ((2011 - 1980) << 9) | (12 << 5) | 30], ['2012-10-24', ((2012 - 1980) << 9) | (10 << 5) | 24]] as const) {
    const apia = render('Pacific/Apia', day);
    const utc = render('UTC', day);
    assert.ok(utc.length > 100);
    assert.equal(apia.toString('hex'), utc.toString('hex'), `archive of ${day} differs between TZ=Pacific/Apia and TZ=UTC`);
    // Every local header carries that day at noon.
    for (let i = 0; i + 4 <= utc.length; i++) {
      if (utc.readUInt32LE(i) !== 0x04034b50) continue;
      assert.equal(utc.readUInt16LE(i + 10), 12 << 11);
      assert.equal(utc.readUInt16LE(i + 12), dosDate);
    }
  }
});

const hasPython = spawnSync('python3', ['-c', 'import zipfile'], { encoding: 'utf8' }).status === 0;

test('the archive is a valid zip for another reader: Python\'s zipfile checks every CRC and size', { skip: !hasPython && 'no python3' }, () => {
  const files = renderDownloads(loadFixture(), fixtureContext());
  const zip = fileNamed(files, '-archive.zip').bytes;
  const script = [
    'import sys, zipfile, io, json',
    'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
    'print(json.dumps({"bad": z.testzip(), "entries": [[i.filename, i.file_size, i.compress_type, list(i.date_time)] for i in z.infolist()]}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: zip, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { bad: string | null; entries: [string, number, number, number[]][] };
  assert.equal(report.bad, null, 'testzip found a bad CRC');
  const entries = unzipSync(zip);
  assert.deepEqual(
    report.entries,
    Object.keys(entries).map((name) => [name, entries[name].length, 8, [2012, 10, 24, 12, 0, 0]]),
  );
});

test('export names are reduced to safe, unique base names', () => {
  assert.deepEqual(exportEntryNames(['../../etc/passwd', 'C:\\chats\\a.html', 'a.html', '.hidden', '', 'x\ny<z>.json']), [
    'exports/passwd',
    'exports/a.html',
    'exports/a-2.html',
    'exports/hidden',
    'exports/export',
    'exports/x_y_z_.json',
  ]);
});

test('without questions: one "Messages" group with every message, in every format', () => {
  const t = loadFixture();
  t.questions = [];
  for (const m of t.messages) {
    m.question = null;
    m.questionVia = null;
  }
  const files = renderDownloads(t, fixtureContext({ questionTexts: undefined, timezone: '' }));
  const $ = cheerio.load(decode(fileNamed(files, '.html').bytes));
  assert.deepEqual($('h2').map((_, h) => $(h).text()).get(), ['Messages']);
  assert.equal($('main article[data-question="none"]').length, t.messages.length);
  assert.equal($('nav').length, 0);
  const txt = decode(fileNamed(files, '.txt').bytes);
  assert.equal(readText(txt).length, t.messages.length);
  // Empty timezone means UTC: the first message is at 23:50 UTC.
  assert.equal(readText(txt)[0].clock, '23:50');
  assert.ok(txt.includes('Times are UTC.'));
  const md = decode(fileNamed(files, '.md').bytes);
  assert.deepEqual(md.split('\n').filter((l) => l.startsWith('## ')), ['## Messages']);
  assert.equal(md.split('\n').filter((l) => l.startsWith('- ')).length, t.messages.length);
  assert.equal(readCsv(fileNamed(files, '.csv').bytes).length, t.messages.length);
});

corpusTest('the warm-up and what follows the chat have sections of their own: a next-day tweet never lands under the last question', ['storify-html/lrnchat-22nd-december-2017.html'], (_t, path) => {
  const t = importFiles([path]);
  const files = renderDownloads(t, fixtureContext({ questionTexts: undefined, timezone: 'UTC', exports: [] }));
  const md = decode(fileNamed(files, '.md').bytes);
  const headings = md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.replace(/ · .*$/, ''));
  assert.deepEqual(headings, ['## Before the first question', '## Q0', '## Q1', '## Q2', '## Q3', '## Q4', '## Q5', '## Q6', '## Q7', '## Q8', '## After the chat']);
  // Every message is listed once: the sections hold exactly the phases' and questions' messages.
  const phase = (p: string) => t.messages.filter((m) => m.question === null && m.phase === p).length;
  const $ = cheerio.load(decode(fileNamed(files, '.html').bytes));
  const sectionSizes = $('section').map((_, sec) => $(sec).find('article').length).get();
  assert.equal(sectionSizes[0], phase('before'));
  assert.equal(sectionSizes.at(-1), phase('after'));
  assert.equal(sectionSizes.reduce((a, b) => a + b, 0), t.messages.length);
  // The last message (05:43 UTC, three hours after the goodbyes, a reply to JD_Dillon) is after the chat.
  assert.equal(t.messages.at(-1)!.phase, 'after');
  assert.ok(md.lastIndexOf('05:43') > md.indexOf('## After the chat'));
});

test('an empty transcript renders, and the archive falls back to 1980-01-01', () => {
  const t = loadFixture();
  t.messages = [];
  t.questions = [];
  t.participants = [];
  const files = renderDownloads(t, fixtureContext({ exports: [] }));
  assert.equal(readCsv(fileNamed(files, '.csv').bytes).length, 0);
  assert.equal(cheerio.load(decode(fileNamed(files, '.html').bytes))('article').length, 0);
  const zip = Buffer.from(fileNamed(files, '-archive.zip').bytes);
  assert.equal(zip.readUInt16LE(12), (0 << 9) | (1 << 5) | 1);
});

test('an unknown time zone is an error, not a silent UTC', () => {
  assert.throws(() => renderText(loadFixture(), fixtureContext({ timezone: 'Mars/Olympus_Mons' })), /unknown time zone "Mars\/Olympus_Mons"/);
});

// ---- the real TweetChat room export ----

// Verified on the raw file with a separate script (python re over the cp1252 text): 47
// `div.tweet[id=tweet_<id>]` rows, 27 distinct `a.user` handles, times 17:00:30 -> 17:45:00 UTC on
// Wed 24 Oct 2012 (13:00 -> 13:45 EDT), one `a.in-reply-to`.
corpusTest('socbizchat room: every download carries the 47 messages', ['tweetchat/socbizchat-room.html'], (_t, path) => {
  const t = importFiles([path]);
  assert.equal(t.messages.length, 47);
  assert.equal(t.participants.length, 27);
  const raw = readFileSync(path);
  const ctx: DownloadContext = {
    slug: '2012-10-24-socbizchat',
    title: 'SocBizChat: social business',
    timezone: 'America/New_York',
    exports: [{ name: 'socbizchat-room.html', bytes: raw }],
  };
  const files = renderDownloads(t, ctx);
  assert.deepEqual(
    files.map((f) => f.name),
    ['.json', '.csv', '-spreadsheet.csv', '.md', '.txt', '.html', '-archive.zip'].map((e) => `2012-10-24-socbizchat${e}`),
  );

  assert.deepEqual(JSON.parse(decode(fileNamed(files, '.json').bytes)), t);

  const rows = readCsv(fileNamed(files, '.csv').bytes);
  assert.deepEqual(rows, t.messages.map((m) => expectedRow(m, 'America/New_York')));
  // The jam's local time beside UTC: Q1 at 13:00:30 in New York (EDT).
  assert.deepEqual([rows.find((r) => r.question === 'Q1' && r.author === 'cmswire')?.time, rows.find((r) => r.question === 'Q1' && r.author === 'cmswire')?.local_time], ['2012-10-24T17:00:30.000Z', '2012-10-24T13:00:30-04:00']);
  assert.equal(rows.filter((r) => r.reply_to).length, 1);
  assert.equal(new Set(rows.map((r) => r.author.toLowerCase())).size, 27);

  const txt = decode(fileNamed(files, '.txt').bytes);
  const entries = readText(txt);
  assert.equal(entries.length, 47);
  assert.ok(txt.includes('47 messages from 27 participants. Times are America/New_York.'));
  // windows-1252 curly quotes decoded, times in EDT.
  assert.ok(txt.includes('[13:00] @cmswire: Q1. How do you define “social business”? #socbizchat\n'), txt.slice(0, 400));
  assert.deepEqual([...new Set(entries.map((e) => e.clock.slice(0, 2)))], ['13']);

  const md = decode(fileNamed(files, '.md').bytes);
  assert.equal(md.split('\n').filter((l) => l.startsWith('- ')).length, 47);
  const $md = cheerio.load(new MarkdownIt({ html: true }).render(md));
  assertInert($md);
  assert.equal($md('li').length, 47);

  const $ = cheerio.load(decode(fileNamed(files, '.html').bytes));
  assertInert($);
  assert.equal($('main article').length, 47);
  for (const m of t.messages) assert.equal($(`#m-${m.id} > p`).text(), m.text, m.id);
  // Headings follow the transcript's questions, whatever the question detector found.
  const expectedHeadings = t.questions.map((q) => q.id);
  const headings = $('section.group').map((_, s) => $(s).attr('data-question')).get();
  assert.deepEqual(headings.filter((h) => h !== 'none'), expectedHeadings);
  if (!t.questions.length) assert.deepEqual(headings, ['none']);

  const entriesZip = unzipSync(fileNamed(files, '-archive.zip').bytes);
  assert.deepEqual(Buffer.from(entriesZip['exports/socbizchat-room.html']), raw);
  const manifest = decode(entriesZip[MANIFEST_NAME]);
  assert.ok(manifest.includes(`${createHash('sha256').update(raw).digest('hex')}  exports/socbizchat-room.html\n`));
  assert.equal(manifest.trimEnd().split('\n').length, Object.keys(entriesZip).length - 1);

  const again = renderDownloads(importFiles([path]), ctx);
  for (let i = 0; i < files.length; i++) assert.deepEqual(Buffer.from(again[i].bytes), Buffer.from(files[i].bytes), files[i].name);
});
