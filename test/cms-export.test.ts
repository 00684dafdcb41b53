/**
 * Publishing into a CMS, read back: the WordPress export
 * (`export/wordpress.xml`, WXR 1.2), the Ghost import file
 * (`export/ghost.json`) and the recap's own downloads (`<slug>-recap.md`,
 * `<slug>-recap.html`).
 *
 * The content folder holds the example jam and a hostile one made from the
 * same room file, a fortnight later (EST, not EDT), whose title and notes
 * carry "]]>", "<script>", "&" and a control character. Built twice with
 * --base-url into two folders. The WXR is parsed back with fast-xml-parser
 * and checked against the structure WordPress's importer reads
 * (fixtures/wxr-importer.schema.json: WordPress publishes no schema for
 * WXR); the Ghost file against a JSON Schema of Ghost's documented import
 * format (fixtures/ghost-import.schema.json). Expected sections and quotes
 * come from the recap pages of the same build.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import * as cheerio from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { HTML_CSP } from '../src/downloads/html.ts';
import { countXmlIllegal } from '../src/model/xml-chars.ts';
import { cdata, wordpressExport, wpDate } from '../src/publish/wxr.ts';
import { clip, ghostExport } from '../src/publish/ghost.ts';
import { requireSite } from '../src/site/site.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { tagSlugs } from '../src/publish/cms-post.ts';

const SLUG = '2012-10-24-socbizchat';
const HOSTILE = 'hostile';
const BASE = 'https://recaps.example.org';
const EXAMPLE = join(ROOT, 'content', 'jams', SLUG);
const HOSTILE_TITLE = 'Evil ]]> <script>alert(1)</script> & "title"';

const HOSTILE_RECAP = [
  '---',
  `title: '${HOSTILE_TITLE}'`,
  'date: 2012-11-07T13:00:00-05:00',
  'hashtag: socbizchat',
  'hosts: [cmswire]',
  'timezone: America/New_York',
  '---',
  'Intro ]]> and <script>alert("x")</script> & a control \u0002char.',
  '',
  '## Q1 · Heading ]]> <b>bold</b>',
  '',
  'Summary ]]]]> <img src=x onerror=alert(1)>.',
  '',
  '> @yaacovc Social Business is putting people first',
  '',
].join('\n');

let tmp: string;
let content: string;
let outA: string;
let outB: string;

const read = (out: string, path: string) => readFileSync(join(out, ...path.split('/')), 'utf8');
const recapPage = (slug: string) => cheerio.load(read(outA, `jams/${slug}/index.html`));
/** The output file of a public URL of build A. */
const fileOf = (url: string) => {
  assert.ok(url.startsWith(`${BASE}/`), url);
  const path = decodeURIComponent(new URL(url).pathname);
  return join(outA, ...path.split('/').filter(Boolean), ...(path.endsWith('/') ? ['index.html'] : []));
};

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-cms-'));
  content = join(tmp, 'content');
  mkdirSync(join(content, 'jams', HOSTILE), { recursive: true });
  cpSync(EXAMPLE, join(content, 'jams', SLUG), { recursive: true });
  cpSync(join(EXAMPLE, 'socbizchat-room.html'), join(content, 'jams', HOSTILE, 'socbizchat-room.html'));
  writeFileSync(join(content, 'jams', HOSTILE, 'recap.md'), HOSTILE_RECAP);
  outA = join(tmp, 'a');
  outB = join(tmp, 'b');
  for (const outDir of [outA, outB]) {
    const r = await buildSite({ contentDir: content, outDir, baseUrl: BASE });
    assert.equal(r.ok, true, r.error?.stack ?? r.problems.map((p) => formatProblem(p)).join('\n'));
  }
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface WxrItem {
  title: string;
  link: string;
  guid: { '#text': string };
  'content:encoded': string;
  'excerpt:encoded': string;
  'wp:post_id': string;
  'wp:post_date': string;
  'wp:post_date_gmt': string;
  'wp:post_name': string;
  'wp:status': string;
  category: { '#text': string; '@_domain': string; '@_nicename': string }[];
}

function parseWxr(xml: string) {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => ['item', 'category', 'wp:tag'].includes(name) });
  return parser.parse(xml) as { rss: { channel: { pubDate: string; item: WxrItem[]; 'wp:tag': Record<string, string>[] } } };
}

/** What every recap post must hold, read from the recap page of the same build. */
function pageFacts(slug: string) {
  const $ = recapPage(slug);
  return {
    headings: $('section.question h2').map((_, h) => $(h).text()).get(),
    quotes: $('blockquote.message.featured').map((_, b) => $(b).attr('data-author')!).get(),
  };
}

/** Sections and quotes of a post's HTML: h2 texts, and the "— @handle" of each blockquote. */
function contentFacts(html: string) {
  const $ = cheerio.load(html, null, false);
  return {
    $,
    headings: $('h2').map((_, h) => $(h).text()).get(),
    quotes: $('blockquote').map((_, b) => /^— @(\S+),/.exec($(b).find('p').last().text())?.[1] ?? '?').get(),
  };
}

describe('WordPress export (export/wordpress.xml)', () => {
  let xml: string;
  let items: WxrItem[];
  before(() => {
    xml = read(outA, 'export/wordpress.xml');
    items = parseWxr(xml).rss.channel.item;
  });

  test('well-formed XML, no character XML forbids, and the structure WordPress\'s importer reads', () => {
    assert.equal(XMLValidator.validate(xml), true);
    assert.equal(countXmlIllegal(xml), 0);
    const schema = JSON.parse(readFileSync(new URL('./fixtures/wxr-importer.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
    assert.ok(validate(parseWxr(xml)), JSON.stringify(validate.errors, null, 2));
  });

  test('one post per recap: title, slug, guid, dates in the jam\'s zone and in UTC, published, tags with nicenames', () => {
    assert.equal(items.length, 2);
    assert.deepEqual(items.map((i) => i['wp:post_name']), [HOSTILE, SLUG]);
    assert.deepEqual(items.map((i) => i['wp:post_id']), ['2', '1']);
    assert.equal(items[1].title, 'From Social Media to Social Business');
    assert.deepEqual(items.map((i) => i.link), [`${BASE}/jams/${HOSTILE}/`, `${BASE}/jams/${SLUG}/`]);
    assert.deepEqual(items.map((i) => i.guid['#text']), [`${BASE}/jams/${HOSTILE}/`, `${BASE}/jams/${SLUG}/`]);
    // 13:00 EDT (UTC-4) and, a fortnight later, 13:00 EST (UTC-5).
    assert.deepEqual(items.map((i) => [i['wp:post_date'], i['wp:post_date_gmt']]), [['2012-11-07 13:00:00', '2012-11-07 18:00:00'], ['2012-10-24 13:00:00', '2012-10-24 17:00:00']]);
    assert.deepEqual(items.map((i) => i['wp:status']), ['publish', 'publish']);
    for (const i of items) {
      assert.deepEqual(i.category, [
        { '#text': 'socbizchat', '@_domain': 'post_tag', '@_nicename': 'socbizchat' },
        { '#text': '@cmswire', '@_domain': 'post_tag', '@_nicename': 'cmswire' },
      ]);
    }
    const tags = parseWxr(xml).rss.channel['wp:tag'];
    assert.deepEqual(tags, [
      { 'wp:term_id': '1', 'wp:tag_slug': 'cmswire', 'wp:tag_name': '@cmswire' },
      { 'wp:term_id': '2', 'wp:tag_slug': 'socbizchat', 'wp:tag_name': 'socbizchat' },
    ]);
    // The channel's date is the newest recap's, not the build's.
    assert.equal(parseWxr(xml).rss.channel.pubDate, 'Wed, 07 Nov 2012 18:00:00 +0000');
    assert.match(items[1]['excerpt:encoded'], /^With our &quot;From Social Media to Social Business&quot; Tweet Jam wrapped up/);
  });

  test('content: the introduction, every question section in order, every quote with its handle, then the downloads linked', () => {
    for (const [slug, item] of [[HOSTILE, items[0]], [SLUG, items[1]]] as const) {
      const page = pageFacts(slug);
      const got = contentFacts(item['content:encoded']);
      assert.deepEqual(got.headings, [...page.headings, 'Downloads'], slug);
      assert.deepEqual(got.quotes, page.quotes, slug);
      const $ = got.$;
      // Every link to the site is absolute and points at a file of the build.
      const hrefs = $('a[href]').map((_, a) => $(a).attr('href')!).get();
      for (const h of hrefs.filter((h) => h.startsWith(BASE))) assert.ok(existsSync(fileOf(h)), h);
      assert.deepEqual(hrefs.filter((h) => !/^https?:\/\//.test(h)), [], 'no relative link');
      const downloads = hrefs.filter((h) => h.includes('/download/'));
      assert.deepEqual(downloads.map((h) => h.split('/').pop()), [
        `${slug}-recap.md`, `${slug}-recap.html`,
        `${slug}.json`, `${slug}.csv`, `${slug}-spreadsheet.csv`, `${slug}.md`, `${slug}.txt`, `${slug}.html`, `${slug}-archive.zip`,
      ]);
    }
    assert.equal(pageFacts(SLUG).quotes.length, 41);
  });

  test('a hostile title and notes come back as the same text, never as markup', () => {
    const item = items[0];
    // The title is HTML in WordPress: escaped once for HTML (then for XML).
    assert.equal(cheerio.load(item.title, null, false).root().text(), HOSTILE_TITLE);
    assert.equal(cheerio.load(item.title, null, false)('script').length, 0);
    assert.equal(cheerio.load(item['excerpt:encoded'], null, false).root().text(), 'Intro ]]> and <script>alert("x")</script> & a control char.');
    const $ = cheerio.load(item['content:encoded'], null, false);
    assert.equal($('script, img, b').length, 0);
    assert.equal($('p').first().text(), 'Intro ]]> and <script>alert("x")</script> & a control char.');
    assert.equal($('h2').first().text(), 'Q1 · Heading ]]> <b>bold</b>');
    assert.ok($.root().text().includes('Summary ]]]]> <img src=x onerror=alert(1)>.'));
    // The raw file: HTML-escaped text in CDATA (a "]]>" that reached a CDATA section raw would be split: see cdata below).
    assert.ok(xml.includes('<excerpt:encoded><![CDATA[Intro ]]&gt; and &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; a control char.]]></excerpt:encoded>'));
  });
});

describe('Ghost import (export/ghost.json)', () => {
  let ghost: { db: { meta: { exported_on: number; version: string }; data: { posts: Record<string, string>[]; tags: Record<string, string>[]; posts_tags: Record<string, string | number>[] } }[] };
  before(() => {
    ghost = JSON.parse(read(outA, 'export/ghost.json'));
  });

  test('valid against Ghost\'s documented import format; every relation points at a post and a tag of the file', () => {
    const schema = JSON.parse(readFileSync(new URL('./fixtures/ghost-import.schema.json', import.meta.url), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
    assert.ok(validate(ghost), JSON.stringify(validate.errors, null, 2));
    const { posts, tags, posts_tags } = ghost.db[0].data;
    const postIds = new Set(posts.map((p) => p.id));
    const tagIds = new Set(tags.map((t) => t.id));
    assert.equal(postIds.size, 2);
    assert.equal(tagIds.size, 2);
    for (const pt of posts_tags) assert.ok(postIds.has(pt.post_id as string) && tagIds.has(pt.tag_id as string), JSON.stringify(pt));
    assert.equal(posts_tags.length, 4);
  });

  test('the same facts as the WordPress export; exported_on is the newest recap\'s time, not the clock\'s', () => {
    const { meta, data } = ghost.db[0];
    assert.equal(meta.exported_on, Date.parse('2012-11-07T18:00:00Z'));
    assert.deepEqual(data.posts.map((p) => [p.slug, p.status, p.published_at]), [[HOSTILE, 'published', '2012-11-07T18:00:00.000Z'], [SLUG, 'published', '2012-10-24T17:00:00.000Z']]);
    assert.equal(data.posts[0].title, HOSTILE_TITLE);
    assert.equal(data.posts[1].custom_excerpt.slice(0, 40), 'With our "From Social Media to Social Bu');
    const wxr = parseWxr(read(outA, 'export/wordpress.xml')).rss.channel.item;
    data.posts.forEach((p, i) => assert.equal(p.html, wxr[i]['content:encoded'].trim() + '\n', p.slug));
    const tagName = new Map(data.tags.map((t) => [t.id, t.name]));
    for (const p of data.posts) {
      const names = data.posts_tags.filter((pt) => pt.post_id === p.id).sort((a, b) => Number(a.sort_order) - Number(b.sort_order)).map((pt) => tagName.get(pt.tag_id as string));
      assert.deepEqual(names, ['socbizchat', '@cmswire']);
    }
    for (const [slug, post] of [[HOSTILE, data.posts[0]], [SLUG, data.posts[1]]] as const) {
      const got = contentFacts(post.html);
      assert.deepEqual(got.quotes, pageFacts(slug).quotes);
      assert.equal(got.$('script').length, 0);
    }
  });
});

describe('the recap as a download', () => {
  test('Markdown: exactly the recap, sections in order, quotes with their handles, text escaped, links public', () => {
    const md = read(outA, `jams/${HOSTILE}/download/${HOSTILE}-recap.md`);
    const t = `${BASE}/jams/${HOSTILE}/transcript/`;
    assert.equal(
      md,
      [
        '# Evil \\]\\]\\> \\<script\\>alert(1)\\</script\\> & "title"',
        '',
        'Wednesday, November 7, 2012, 1:00 PM EST · #socbizchat · hosted by @cmswire',
        '',
        'Intro \\]\\]\\> and \\<script\\>alert("x")\\</script\\> & a control char.',
        '',
        '## Q1 · Heading \\]\\]\\> \\<b\\>bold\\</b\\>',
        '',
        '_How do you define “social business”?_',
        '',
        'Summary \\]\\]\\]\\]\\> \\<img src=x onerror=alert(1)\\>.',
        '',
        '> Social Business is putting people first, bureaucracy and business process second #socbizchat',
        '>',
        `> — [@yaacovc](<${BASE}/participants/yaacovc/>), [1:07 PM](<${t}#m-261151901742006281>)`,
        '',
        `[All 18 answers to Q1 in the transcript](<${t}#m-261150182077366272>)`,
        '',
        '## Q2 · How do collaboration and social differ?',
        '',
        `[All 12 answers to Q2 in the transcript](<${t}#m-261153831121846290>)`,
        '',
        '## Q3 · Who should own the social business strategy?',
        '',
        `[All 13 answers to Q3 in the transcript](<${t}#m-261157605995446304>)`,
        '',
        '## Q4 · What are some key factors when making the business case for social initiatives? Is demonstrating ROI critical?',
        '',
        '---',
        '',
        `[The recap online](<${BASE}/jams/${HOSTILE}/>). The full transcript, 47 messages from 27 participants: [read it](<${t}>).`,
        '',
      ].join('\n'),
    );
    const example = read(outA, `jams/${SLUG}/download/${SLUG}-recap.md`);
    const page = pageFacts(SLUG);
    assert.deepEqual(example.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).replace(/\\/g, '')), page.headings);
    assert.deepEqual([...example.matchAll(/^> — \[@([^\]]+)\]/gm)].map((m) => m[1].replace(/\\/g, '')), page.quotes);
  });

  test('HTML: standalone (the transcript download\'s CSP, no script, nothing loaded), sections in order, quotes with their handles', () => {
    for (const slug of [SLUG, HOSTILE]) {
      const $ = cheerio.load(read(outA, `jams/${slug}/download/${slug}-recap.html`));
      assert.equal($('meta[http-equiv="Content-Security-Policy"]').attr('content'), HTML_CSP);
      assert.equal($('script, img, iframe, link, [src], [style]').length, 0);
      const page = pageFacts(slug);
      assert.deepEqual($('main h2').map((_, h) => $(h).text()).get(), page.headings);
      assert.deepEqual($('main h2').map((_, h) => $(h).attr('id')).get(), page.headings.map((_, i) => `q${i + 1}`));
      assert.deepEqual(contentFacts($('main').html()!).quotes, page.quotes);
      for (const a of $('a[href]').get()) {
        const href = $(a).attr('href')!;
        if (href.startsWith('#')) assert.equal($(`[id="${href.slice(1)}"]`).length, 1, href);
        else if (href.startsWith(BASE)) assert.ok(existsSync(fileOf(href)), href);
        else assert.match(href, /^https?:\/\//);
      }
    }
    const $ = cheerio.load(read(outA, `jams/${HOSTILE}/download/${HOSTILE}-recap.html`));
    assert.equal($('title').text(), HOSTILE_TITLE);
    assert.equal($('h1').text(), HOSTILE_TITLE);
  });

  test('listed on the recap page before the transcript\'s downloads, with their sizes', () => {
    const $ = recapPage(SLUG);
    // The jam's site zip is listed after them, without a size (site-zip.ts; offline.test.ts).
    const items = $('section.downloads ul.recap-downloads li').filter((_, li) => $(li).find('a').text() !== `${SLUG}-site.zip`);
    assert.deepEqual(items.find('a').map((_, a) => $(a).attr('href')).get(), [`/jams/${SLUG}/download/${SLUG}-recap.md`, `/jams/${SLUG}/download/${SLUG}-recap.html`]);
    items.each((_, li) => {
      const name = $(li).find('a').text();
      const bytes = readFileSync(join(outA, 'jams', SLUG, 'download', name)).length;
      assert.match($(li).text(), new RegExp(` · ${(bytes / 1024).toFixed(1).replace('.', '\\.')} KB$`), name);
    });
    // The API lists them too (its test checks every file of the folder).
    const api = JSON.parse(read(outA, 'api/jams.json'));
    assert.deepEqual(api.jams[1].urls.downloads.slice(0, 2).map((d: { name: string }) => d.name), [`${SLUG}-recap.md`, `${SLUG}-recap.html`]);
  });
});

test('without --base-url: links root-relative under the path prefix, ids are urn:, and no base site URL', () => {
  const site = requireSite(content, defaultSiteOptions());
  const address = { baseUrl: '', pathPrefix: '/recaps/' };
  const xml = wordpressExport(site, { title: 'T', lang: 'en' }, { address });
  const channel = parseWxr(xml).rss.channel as unknown as Record<string, string> & { item: WxrItem[] };
  assert.equal(channel['wp:base_site_url'], '');
  assert.deepEqual(channel.item.map((i) => [i.link, i.guid['#text']]), [
    [`/recaps/jams/${HOSTILE}/`, `urn:jamrecap:jams/${HOSTILE}/`],
    [`/recaps/jams/${SLUG}/`, `urn:jamrecap:jams/${SLUG}/`],
  ]);
  const $ = cheerio.load(channel.item[1]['content:encoded'], null, false);
  const hrefs = $('a[href]').map((_, a) => $(a).attr('href')!).get().filter((h) => !/^https?:/.test(h));
  assert.ok(hrefs.length > 80, `${hrefs.length} links to the site`);
  for (const h of hrefs) assert.match(h, /^\/recaps\/(?:jams|participants)\//);
  const ghost = ghostExport(site, { address }) as { db: { data: { posts: { html: string }[] } }[] };
  assert.equal(ghost.db[0].data.posts[1].html, channel.item[1]['content:encoded'].trim() + '\n');
});

test('two builds of the same content: byte-identical exports and recap downloads', () => {
  const paths = ['export/wordpress.xml', 'export/ghost.json', ...[SLUG, HOSTILE].flatMap((s) => [`jams/${s}/download/${s}-recap.md`, `jams/${s}/download/${s}-recap.html`])];
  for (const p of paths) assert.ok(readFileSync(join(outA, p)).equals(readFileSync(join(outB, p))), p);
});

describe('the writers\' rules', () => {
  test('CDATA: "]]>" is split across two sections, XML-illegal characters dropped', () => {
    assert.equal(cdata('a]]>b]]>'), '<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>');
    assert.equal(cdata('x\u0001y\uFFFEz'), '<![CDATA[xyz]]>');
    const parsed = new XMLParser().parse(`<r>${cdata('a]]>b <c> & \u0000')}</r>`);
    assert.equal(parsed.r, 'a]]>b <c> & ');
  });

  test('post dates: the jam\'s zone, across a DST change, and UTC', () => {
    assert.equal(wpDate('2012-10-24T17:00:00.000Z', 'America/New_York'), '2012-10-24 13:00:00');
    assert.equal(wpDate('2012-11-07T18:00:00.000Z', 'America/New_York'), '2012-11-07 13:00:00');
    assert.equal(wpDate('2012-11-07T18:00:00.000Z', 'UTC'), '2012-11-07 18:00:00');
    assert.equal(wpDate('2012-11-07T18:00:00.000Z', 'Asia/Kolkata'), '2012-11-07 23:30:00');
  });

  test('Ghost limits: clipped at a space with "…", counting code points', () => {
    assert.equal(clip('short', 300), 'short');
    const long = 'word '.repeat(100).trim();
    const c = clip(long, 300);
    assert.ok([...c].length <= 300);
    assert.ok(c.endsWith('word…'));
    assert.equal([...clip('😀'.repeat(400), 300)].length, 300);
  });

  test('tag slugs: plain ASCII; names folding to the same slug, or to none, get a hash of the name', () => {
    const s = tagSlugs(['socbizchat', '@cmswire', 'Café', 'cafe', '日本']);
    assert.equal(s.get('socbizchat'), 'socbizchat');
    assert.equal(s.get('@cmswire'), 'cmswire');
    assert.match(s.get('Café')!, /^cafe-[0-9a-f]{8}$/);
    assert.match(s.get('cafe')!, /^cafe-[0-9a-f]{8}$/);
    assert.notEqual(s.get('Café'), s.get('cafe'));
    assert.match(s.get('日本')!, /^tag-[0-9a-f]{8}$/);
  });
});
