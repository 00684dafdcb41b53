/**
 * Attachments: pictures and videos posted with messages, shown by the site
 * and written by the downloads.
 *
 * The fixture is test/fixtures/story.html, a hand-written Storify page of
 * one question and five attachment tweets: alice_a's picture is in
 * test/fixtures/story_files/pic.png (a real 3x2 PNG, 73 bytes) and erin_e
 * posts the same file; bob_b's gone.jpg is missing; carol_c's is a YouTube
 * video; dave_d's not-a-picture.png is SVG text under a PNG name. A content
 * folder with that page and its folder is built twice (Eleventy,
 * programmatically), the second time after clearing every cache, and read
 * back with cheerio:
 *
 * - the PNG is copied once, as media/<sha256 first 16 hex>.png, and shown
 *   (transcript and the recap's quote) with its alt text and size;
 * - the missing picture, the fake one and the video are labelled links to
 *   their pages on the web; no <img> anywhere points off the site;
 * - the two builds are byte-identical.
 *
 * The resolver is tested on its own: paths that climb out of the jam
 * folder, absolute paths, symlinks (to a file outside, and a folder
 * linking outside) and files that are not images come back null.
 * Redaction drops an opted-out author's attachments and cleans others' alt
 * text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { writePicturesJam } from './helpers/pictures-jam.ts';
import { listFiles } from './helpers/files.ts';
import type { BuildResult } from '../src/site/build.ts';
import { buildTwice } from './helpers/two-builds.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { imageSize, imageType, loadMedia, mediaFromBytes, resolveMediaPath } from '../src/site/media.ts';
import { attachmentView } from '../src/site/model.ts';
import { renderDownloads } from '../src/downloads/index.ts';
import type { Transcript } from '../src/model/transcript.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { redact } from '../src/notes/redact.ts';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const PNG = readFileSync(join(FIXTURES, 'story_files', 'pic.png'));
const PNG_NAME = `media/${createHash('sha256').update(PNG).digest('hex').slice(0, 16)}.png`;
const SLUG = 'pictures';
const ALICE_ALT = 'A1 my whiteboard <3 & "notes" #fixchat';


let tmp: string;
let content: string;
let first: BuildResult;
let second: BuildResult;
let outA: string;
let outB: string;

function html(out: string, url: string): cheerio.CheerioAPI {
  return cheerio.load(readFileSync(join(out, ...url.split('/').filter(Boolean), 'index.html'), 'utf8'));
}

/** Every HTML page of a built site. */
function pages(out: string): { file: string; $: cheerio.CheerioAPI }[] {
  return listFiles(out)
    .filter((f) => f.endsWith('.html'))
    .map((file) => ({ file, $: cheerio.load(readFileSync(join(out, file), 'utf8')) }));
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-attachments-'));
  content = join(tmp, 'content');
  writePicturesJam(join(content, 'jams', SLUG));
  ({ outA, outB, first, second } = await buildTwice(content, tmp));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a jam whose export saved its pictures', () => {
  test('builds', () => {
    for (const r of [first, second]) assert.equal(r.ok, true, r.error?.stack ?? r.problems.map((p) => formatProblem(p)).join('\n'));
  });

  test('the picture is copied once, named by its content', () => {
    const media = listFiles(outA).filter((f) => f.startsWith('media/'));
    assert.deepEqual(media, [PNG_NAME]);
    assert.deepEqual(readFileSync(join(outA, PNG_NAME)), PNG);
  });

  test('the transcript shows it with its alt text and size, lazily', () => {
    const $ = html(outA, `/jams/${SLUG}/transcript/`);
    const imgs = $('article.message img');
    assert.equal(imgs.length, 2, 'alice_a and erin_e');
    const alice = $('article.message[data-author="alice_a"] li.attachment img');
    assert.equal(alice.attr('src'), `/${PNG_NAME}`);
    assert.equal(alice.attr('alt'), ALICE_ALT);
    assert.equal(alice.attr('width'), '3');
    assert.equal(alice.attr('height'), '2');
    assert.equal(alice.attr('loading'), 'lazy');
    assert.equal(alice.attr('decoding'), 'async');
    assert.equal($('article.message[data-author="erin_e"] img').attr('src'), `/${PNG_NAME}`);
  });

  test('the alt text is escaped, never markup', () => {
    const raw = readFileSync(join(outA, 'jams', SLUG, 'transcript', 'index.html'), 'utf8');
    assert.ok(raw.includes('alt="A1 my whiteboard &lt;3 &amp; &quot;notes&quot; #fixchat"'), 'escaped in the attribute');
  });

  test('what was not saved, is not a picture, or is a video is a labelled link', () => {
    const $ = html(outA, `/jams/${SLUG}/transcript/`);
    const link = (author: string) => $(`article.message[data-author="${author}"] li.attachment a`);
    // The alt texts only repeat the tweets (as Storify wrote them), so the labels leave them out.
    assert.equal(link('bob_b').text(), 'Image');
    assert.match(link('bob_b').attr('href')!, /^https:\/\/twitter\.com\/bob_b\/status\/\d+\/photo\/1$/);
    assert.equal(link('bob_b').attr('rel'), 'nofollow ugc noopener');
    assert.equal(link('dave_d').text(), 'Image');
    assert.equal(link('carol_c').text(), 'Video');
    assert.equal(link('carol_c').attr('href'), 'https://youtu.be/abcDEF12345');
    for (const who of ['bob_b', 'carol_c', 'dave_d']) assert.equal($(`article.message[data-author="${who}"] img`).length, 0, who);
  });

  test('the recap quotes show them too', () => {
    const $ = html(outA, `/jams/${SLUG}/`);
    const alice = $('blockquote.message[data-author="alice_a"]');
    assert.equal(alice.find('img').attr('src'), `/${PNG_NAME}`);
    assert.equal(alice.find('img').attr('alt'), ALICE_ALT);
    assert.equal($('blockquote.message[data-author="bob_b"] li.attachment a').text(), 'Image');
  });

  test('no <img> anywhere points off the site', () => {
    let seen = 0;
    for (const { file, $ } of pages(outA)) {
      $('img').each((_, el) => {
        seen++;
        const src = $(el).attr('src') ?? '';
        assert.match(src, /^\/media\/[0-9a-f]{16}\.png$/, `${file}: ${src}`);
      });
      assert.equal($('[srcset], video, iframe, picture, source').length, 0, file);
    }
    assert.ok(seen >= 3, `images seen: ${seen}`);
  });

  test('the pages keep their Content-Security-Policy; media is immutable', () => {
    const $ = html(outA, `/jams/${SLUG}/transcript/`);
    const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content')!;
    assert.match(csp, /(?:^|; )img-src 'self'(?:;|$)/);
    assert.match(csp, /(?:^|; )default-src 'self'(?:;|$)/);
    const headers = readFileSync(join(outA, '_headers'), 'utf8');
    assert.match(headers, /\n\/media\/\*\n {2}Cache-Control: public, max-age=31536000, immutable\n/);
  });

  test('two builds from scratch are byte-identical', () => {
    const a = listFiles(outA);
    assert.deepEqual(listFiles(outB), a);
    for (const f of a) assert.ok(readFileSync(join(outA, f)).equals(readFileSync(join(outB, f))), f);
  });

  test('the downloads list them as labelled links; the HTML download loads nothing', () => {
    const dir = join(outA, 'jams', SLUG, 'download');
    const md = readFileSync(join(dir, `${SLUG}.md`), 'utf8');
    assert.match(md, /\n {2}- \[Image\]\(<https:\/\/twitter\.com\/alice_a\/status\/\d+\/photo\/1>\)\n/);
    assert.match(md, /\n {2}- \[Video\]\(<https:\/\/youtu\.be\/abcDEF12345>\)\n/);
    const txt = readFileSync(join(dir, `${SLUG}.txt`), 'utf8');
    assert.match(txt, /\n {4}Image <https:\/\/twitter\.com\/bob_b\/status\/\d+\/photo\/1>\n/);
    const $ = cheerio.load(readFileSync(join(dir, `${SLUG}.html`), 'utf8'));
    assert.equal($('img, video, iframe, [src]').length, 0);
    assert.equal($('article[data-author="alice_a"] > ul a').text(), 'Image');
    const json = JSON.parse(readFileSync(join(dir, `${SLUG}.json`), 'utf8')) as Transcript;
    const alice = json.messages.find((m) => m.author.handle === 'alice_a')!;
    assert.deepEqual(alice.attachments.map((a) => a.file), ['story_files/pic.png']);
  });
});

describe('resolving a saved copy', () => {
  let jam: string;
  let outside: string;

  before(() => {
    const root = mkdtempSync(join(tmpdir(), 'jamrecap-media-'));
    jam = join(root, 'jam');
    outside = join(root, 'outside');
    mkdirSync(join(jam, 'x_files'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(jam, 'x_files', 'pic.png'), PNG);
    writeFileSync(join(outside, 'secret.png'), PNG);
    symlinkSync(join(outside, 'secret.png'), join(jam, 'x_files', 'link.png'));
    symlinkSync(outside, join(jam, 'linked_files'));
  });

  after(() => rmSync(join(jam, '..'), { recursive: true, force: true }));

  test('a plain file in the jam folder resolves', () => {
    assert.equal(resolveMediaPath(jam, 'x_files/pic.png'), join(jam, 'x_files', 'pic.png'));
    assert.equal(loadMedia(jam, 'x_files/pic.png')?.file, PNG_NAME);
  });

  test('nothing outside the jam folder, and no symlink, ever resolves', () => {
    for (const bad of ['../outside/secret.png', '../../etc/passwd', 'x_files/../../outside/secret.png', '/etc/passwd', join(outside, 'secret.png'), 'C:/Windows/win.ini', 'x_files\\pic.png', 'x_files/link.png', 'linked_files/secret.png', '.', '', 'x_files', 'x_files/nothing.png', 'a\0b']) {
      assert.equal(resolveMediaPath(jam, bad), null, JSON.stringify(bad));
      assert.equal(loadMedia(jam, bad), null, JSON.stringify(bad));
    }
  });

  test('only real images, by their first bytes, and not too big', () => {
    writeFileSync(join(jam, 'x_files', 'fake.png'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    assert.equal(loadMedia(jam, 'x_files/fake.png'), null);
    assert.equal(loadMedia(jam, 'x_files/pic.png', PNG.length - 1), null);
    assert.equal(imageType(PNG), 'png');
    assert.equal(imageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
    assert.equal(imageType(Buffer.from('GIF89a\x01\x00\x02\x00', 'latin1')), 'gif');
    assert.equal(imageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1')), 'webp');
    assert.equal(imageType(Buffer.from('<html>')), null);
    assert.deepEqual(imageSize(Buffer.from('GIF89a\x05\x00\x07\x00', 'latin1'), 'gif'), { width: 5, height: 7 });
    // A baseline JPEG header: SOI, APP0 (length 4), SOF0 (8 bit, 9 high, 11 wide).
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 9, 0, 11, 3, 1, 0x22, 0]);
    assert.deepEqual(imageSize(jpeg, 'jpg'), { width: 11, height: 9 });
    // WebP, encoded by Chromium (test/fixtures/webp/): the extended form it writes, and the simple lossy and lossless
    // forms (its VP8 and VP8L chunks alone in a RIFF container); a header cut short has no size.
    for (const [file, size] of [['extended-53x29.webp', [53, 29]], ['lossy-37x23.webp', [37, 23]], ['lossless-41x19.webp', [41, 19]]] as const) {
      const webp = readFileSync(join(ROOT, 'test', 'fixtures', 'webp', file));
      assert.equal(imageType(webp), 'webp', file);
      assert.deepEqual(imageSize(webp, 'webp'), { width: size[0], height: size[1] }, file);
      assert.equal(imageSize(webp.subarray(0, 29), 'webp'), null, file);
    }
    assert.equal(mediaFromBytes(jpeg)?.file.endsWith('.jpg'), true);
  });
});

describe('redaction', () => {
  test("an opted-out author's pictures go with their words; others' alt text is cleaned", () => {
    const t = importExports([ExportFile.read(join(FIXTURES, 'story.html'))]);
    const alt = (m: Transcript['messages'][number]) => m.attachments.map((a) => a.alt);
    const named = t.messages.map((m) => (m.author.handle === 'erin_e' ? { ...m, attachments: m.attachments.map((a) => ({ ...a, alt: 'thanks @alice_a' })) } : m));
    const red = redact({ ...t, messages: named }, ['alice_a']).transcript;
    const alice = red.messages.find((m) => m.author.handle === '[removed]')!;
    assert.deepEqual(alice.attachments, []);
    assert.deepEqual(alt(red.messages.find((m) => m.author.handle === 'erin_e')!), ['thanks @[removed]']);
    assert.deepEqual(alt(red.messages.find((m) => m.author.handle === 'bob_b')!), ['A1 my desk, lost since #fixchat']);
  });
});

describe('how an attachment is labelled', () => {
  test('a link when it is on the web, plain words when it is not', () => {
    assert.deepEqual(attachmentView({ kind: 'image', url: null, alt: 'a  cat\nasleep', file: null }, null), {
      kind: 'image',
      src: null,
      width: null,
      height: null,
      alt: 'a cat asleep',
      href: null,
      label: 'Image (not saved with the export): a cat asleep',
    });
    const js = attachmentView({ kind: 'video', url: 'javascript:alert(1)', alt: null, file: null }, null);
    assert.equal(js.href, null);
    assert.equal(js.label, 'Video (not saved with the export)');
  });

  test('the label keeps an alt text that says more than the message, and leaves out one that repeats it', () => {
    const own = { kind: 'image' as const, url: 'https://example.org/p', alt: 'A whiteboard: three columns of sticky notes', file: null };
    assert.equal(attachmentView(own, null, 'A1 my notes #fixchat').label, 'Image: A whiteboard: three columns of sticky notes');
    const copied = { ...own, alt: 'A1 my notes #fixchat https://t.co/Pic1' };
    assert.equal(attachmentView(copied, null, 'A1 my  notes #fixchat https://twitter.com/ann/status/1/photo/1').label, 'Image');
    // The picture itself keeps its alt text whatever the label says.
    assert.equal(attachmentView(copied, mediaFromBytes(PNG), 'A1 my notes #fixchat').alt, 'A1 my notes #fixchat https://t.co/Pic1');
  });

  test('a video never shows as a picture, even with a saved copy', () => {
    const media = mediaFromBytes(PNG);
    assert.equal(attachmentView({ kind: 'video', url: 'https://example.org/v', alt: 'v', file: 'x' }, media).src, null);
    assert.equal(attachmentView({ kind: 'image', url: 'https://example.org/p', alt: 'p', file: 'x' }, media).src, `/${PNG_NAME}`);
  });

  test('the downloads of a transcript without pictures are unchanged by an empty list', () => {
    const t = JSON.parse(readFileSync(join(FIXTURES, 'dl-hostile-transcript.json'), 'utf8')) as Transcript;
    const ctx = { slug: 's', title: 't', timezone: 'UTC', exports: [] };
    const without = renderDownloads({ ...t, messages: t.messages.map((m) => ({ ...m, attachments: [] })) }, ctx);
    const missing = renderDownloads({ ...t, messages: t.messages.map(({ attachments: _a, ...m }) => m as Transcript['messages'][number]) }, ctx);
    for (let i = 0; i < without.length; i++) {
      if (without[i].name.endsWith('.json') || without[i].name.endsWith('.zip')) continue;
      assert.ok(Buffer.from(without[i].bytes).equals(Buffer.from(missing[i].bytes)), without[i].name);
    }
  });
});
