/**
 * Avatars from a saved page: a TweetChat room saved by a browser keeps each
 * author's picture in its `_files/` folder (`div.avatar img[src]`). The
 * fixture is a room of six authors, built into a site twice (the second
 * time after clearing every cache) and read back with cheerio:
 *
 * - ann_a's picture is a real PNG (test/fixtures/story_files/pic.png): every
 *   page showing her (transcript, recap quote and answers, the jam's people
 *   table, the people index, her page) has the site's copy, sized, lazy,
 *   alt="", and the bytes are copied once, content-hashed;
 * - bob_b's file is missing, cat_c's is SVG text under a PNG name, dan_d's
 *   avatar is a web address, fay_f's path climbs out of the jam folder
 *   (where a PNG waits): all four get their initials;
 * - eve_e's file name is markup (the same PNG bytes): her picture is the same
 *   copy, and the name never reaches a page;
 * - no <img> anywhere points off the site; the jam's site zip carries the
 *   copy; the two builds are byte-identical;
 * - the transcript's JSON download keeps the paths, and reads back the same.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { unzipSync } from 'fflate';
import { ROOT } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';
import type { BuildResult } from '../src/site/build.ts';
import { buildTwice } from './helpers/two-builds.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import type { Transcript } from '../src/model/transcript.ts';
import { mediaLookups } from '../src/site/jam-load-cache.ts';

const PNG = readFileSync(join(ROOT, 'test', 'fixtures', 'story_files', 'pic.png'));
const PNG_NAME = `media/${createHash('sha256').update(PNG).digest('hex').slice(0, 16)}.png`;
const IMG = `<img class="avatar" src="/${PNG_NAME}" width="28" height="28" alt="" loading="lazy"> `;
const SMALL_IMG = `<img class="avatar small" src="/${PNG_NAME}" width="20" height="20" alt="" loading="lazy"> `;
const SLUG = 'avatars';
const EVIL_NAME = '"><img src=x onerror=alert(1)>.png';

/** The rows of the room: author, display name, the avatar's src as the page has it, the text; oldest first, a minute apart. */
const ROWS: [string, string, string, string][] = [
  ['ann_a', 'Ann Able', './room_files/ann_normal.png', 'Q1. Where do you work? #avchat'],
  ['bob_b', 'Bob Bell', './room_files/bob_normal.png', 'A1 at a desk #avchat'],
  ['cat_c', 'Cat Cole', './room_files/cat_normal.png', 'A1 in a garden #avchat'],
  ['dan_d', 'Dan Dale', 'http://a0.twimg.com/profile_images/1/dan_normal.png', 'A1 on a train #avchat'],
  ['eve_e', 'Eve Eden', `./room_files/${EVIL_NAME}`, 'A1 at home #avchat'],
  ['fay_f', 'Fay Fox', '../outside.png', 'A1 in a cafe #avchat'],
  ['ann_a', 'Ann Able', './room_files/ann_normal.png', 'A1 a whiteboard wall #avchat'],
];

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The room page, as the corpus's TweetChat page is written: newest first. */
function roomPage(): string {
  const rows = ROWS.map(([handle, name, src, text], i) => {
    const t = new Date(Date.UTC(2013, 4, 1, 17, i, 0));
    const title = t.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4');
    return `<div class="tweet${handle === 'ann_a' ? ' highlight' : ''}" id="tweet_${330000000000000000n + BigInt(i)}">
<div class="avatar"><a href="http://twitter.com/${handle}" target="_blank"><img src="${escapeHtml(src)}" width="48" height="48" alt="${handle}"></a></div>
<div class="content"><a class="user" href="http://twitter.com/${handle}" target="_blank" title="${escapeHtml(name)}">${handle}</a>
<span class="text">${escapeHtml(text)}</span>
<div class="meta"><a class="time" href="http://twitter.com/${handle}/status/${330000000000000000n + BigInt(i)}" target="_blank" title="${title}">1 hour ago</a> from <span class="source">TweetChat</span></div></div>
</div>`;
  });
  return `<!DOCTYPE html>
<!-- saved from url=(0032)http://tweetchat.com/room/avchat -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>TweetChat - #avchat</title></head>
<body class="room"><div id="stream">
${rows.reverse().join('\n')}
</div></body></html>
`;
}

const RECAP = `---
title: Where we work
date: 2013-05-01
hashtag: avchat
timezone: UTC
hosts: [ann_a]
---
Where everyone works.

## Q1 · Where do you work?

Walls and desks.

> @ann_a A1 a whiteboard wall
> @bob_b A1 at a desk
`;

let tmp: string;
let jamDir: string;
let first: BuildResult;
let second: BuildResult;
let outA: string;
let outB: string;

function page(out: string, url: string): { raw: string; $: cheerio.CheerioAPI } {
  const raw = readFileSync(join(out, ...url.split('/').filter(Boolean), 'index.html'), 'utf8');
  return { raw, $: cheerio.load(raw) };
}

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-avatars-'));
  const content = join(tmp, 'content');
  jamDir = join(content, 'jams', SLUG);
  mkdirSync(join(jamDir, 'room_files'), { recursive: true });
  writeFileSync(join(jamDir, 'room.html'), roomPage());
  writeFileSync(join(jamDir, 'recap.md'), RECAP);
  writeFileSync(join(jamDir, 'room_files', 'ann_normal.png'), PNG);
  writeFileSync(join(jamDir, 'room_files', 'cat_normal.png'), '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n');
  writeFileSync(join(jamDir, 'room_files', EVIL_NAME), PNG);
  writeFileSync(join(content, 'jams', 'outside.png'), PNG);
  ({ outA, outB, first, second } = await buildTwice(content, tmp));
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('avatars saved with a TweetChat room', () => {
  test('builds', () => {
    for (const r of [first, second]) assert.equal(r.ok, true, r.error?.stack ?? r.problems.map((p) => formatProblem(p)).join('\n'));
  });

  test('the importer keeps the local paths only, as the page has them (no web address, nothing climbing out)', () => {
    const t = importExports([ExportFile.read(join(jamDir, 'room.html'))]);
    assert.deepEqual(
      t.messages.map((m) => [m.author.handle, m.author.avatar?.file ?? null]),
      [
        ['ann_a', 'room_files/ann_normal.png'],
        ['bob_b', 'room_files/bob_normal.png'],
        ['cat_c', 'room_files/cat_normal.png'],
        ['dan_d', null],
        ['eve_e', `room_files/${EVIL_NAME}`],
        ['fay_f', null],
        ['ann_a', 'room_files/ann_normal.png'],
      ],
    );
    // The load cache checks these files again before it reuses a model.
    assert.deepEqual(mediaLookups(t), ['room_files/"><img src=x onerror=alert(1)>.png', 'room_files/ann_normal.png', 'room_files/bob_normal.png', 'room_files/cat_normal.png']);
  });

  test('the picture is copied once, named by its content', () => {
    assert.deepEqual(listFiles(outA).filter((f) => f.startsWith('media/')), [PNG_NAME]);
    assert.deepEqual(readFileSync(join(outA, PNG_NAME)), PNG);
  });

  test('the transcript: ann_a and eve_e show the copy, the others their initials', () => {
    const { raw, $ } = page(outA, `/jams/${SLUG}/transcript/`);
    const header = (who: string) => $(`article.message[data-author="${who}"] header`).first();
    assert.equal($('article.message header img.avatar').length, 3, 'ann_a twice, eve_e once');
    for (const who of ['ann_a', 'eve_e']) assert.equal(header(who).find('img.avatar').attr('src'), `/${PNG_NAME}`, who);
    assert.deepEqual(
      ['bob_b', 'cat_c', 'dan_d', 'fay_f'].map((who) => [header(who).find('img').length, header(who).find('span.avatar').text()]),
      [[0, 'BB'], [0, 'CC'], [0, 'DD'], [0, 'FF']],
    );
    assert.equal((raw.match(new RegExp(`<header>${IMG.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}<a class="author" href="/participants/ann_a/">@ann_a</a>`, 'g')) ?? []).length, 2);
  });

  test('the recap: the quote and the answers list show it too (the answers at 20 px)', () => {
    const { raw, $ } = page(outA, `/jams/${SLUG}/`);
    assert.equal($('blockquote.message[data-author="ann_a"] footer img.avatar').attr('src'), `/${PNG_NAME}`);
    assert.equal($('blockquote.message[data-author="bob_b"] footer span.avatar').text(), 'BB');
    assert.ok(raw.includes(`<footer>${IMG}<a class="author" href="/participants/ann_a/">@ann_a</a>`), 'the quote');
    assert.ok(raw.includes(`data-author="eve_e">${SMALL_IMG}<a class="author"`), 'an answer');
  });

  test('the people tables and her page show it', () => {
    const jamPeople = page(outA, `/jams/${SLUG}/participants/`).$;
    assert.equal(jamPeople('tr[data-author="ann_a"] th img.avatar').attr('src'), `/${PNG_NAME}`);
    assert.equal(jamPeople('tr[data-author="bob_b"] th span.avatar').text(), 'BB');
    const everyone = page(outA, '/participants/').$;
    assert.equal(everyone('tr[data-author="eve_e"] th img.avatar').attr('src'), `/${PNG_NAME}`);
    assert.equal(everyone('tr[data-author="dan_d"] th img').length, 0);
    const ann = page(outA, '/participants/ann_a/');
    assert.ok(ann.raw.includes(`<div class="person-head">${IMG}<h1>`), 'her page');
    assert.equal(page(outA, '/participants/fay_f/').$('div.person-head span.avatar').text(), 'FF');
  });

  test('no <img> anywhere points off the site; the hostile file name reaches no page', () => {
    let seen = 0;
    for (const file of listFiles(outA).filter((f) => f.endsWith('.html'))) {
      const raw = readFileSync(join(outA, file), 'utf8');
      const $ = cheerio.load(raw);
      $('img').each((_, el) => {
        seen++;
        assert.equal($(el).attr('src'), `/${PNG_NAME}`, file);
      });
      assert.equal(raw.includes('twimg.com'), false, file);
      assert.equal(raw.includes('alert(1)'), false, file);
      assert.equal(raw.includes('room_files'), false, file);
    }
    assert.ok(seen >= 7, `avatars seen: ${seen}`);
  });

  test("the jam's site zip carries the picture, linked relatively from its pages", () => {
    const files = unzipSync(readFileSync(join(outA, 'jams', SLUG, 'download', `${SLUG}-site.zip`)));
    assert.deepEqual(Buffer.from(files[PNG_NAME]), PNG);
    const transcript = Buffer.from(files[`jams/${SLUG}/transcript/index.html`]).toString('utf8');
    assert.ok(transcript.includes(`<img class="avatar" src="../../../${PNG_NAME}" width="28" height="28" alt="" loading="lazy">`), transcript.slice(0, 400));
  });

  test('two builds from scratch are byte-identical', () => {
    const a = listFiles(outA);
    assert.deepEqual(listFiles(outB), a);
    for (const f of a) assert.ok(readFileSync(join(outA, f)).equals(readFileSync(join(outB, f))), f);
  });

  test('the JSON download keeps the paths and reads back the same', () => {
    const json = readFileSync(join(outA, 'jams', SLUG, 'download', `${SLUG}.json`), 'utf8');
    const doc = JSON.parse(json) as Transcript;
    assert.deepEqual(doc.messages.find((m) => m.author.handle === 'ann_a')!.author, { handle: 'ann_a', name: 'Ann Able', avatar: { file: 'room_files/ann_normal.png' } });
    const again = importExports([new ExportFile(`${SLUG}.json`, Buffer.from(json))]);
    assert.deepEqual(again.messages.map((m) => m.author), doc.messages.map((m) => m.author));
  });
});
