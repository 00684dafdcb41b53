/**
 * Detection over the whole corpus, built on the inventory in helpers/corpus.ts
 * (CORPUS_EXPORTS): every file under ../shared/corpus is walked, whatever the
 * corpus holds today. A file in the inventory is claimed by its importer, and
 * by no other importer wherever it sits in the registry, and keeps more than 0
 * messages. Every other file is refused cleanly (exit 2, "not a recognized
 * chat export"). And any file an importer claims keeps more than 0 messages:
 * an importer claims only files it can read.
 *
 * Exact counts per file are pinned in each format's own test file, not here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ExportFile, ImportError } from '../src/import/export-file.ts';
import { detectImporter, importExports } from '../src/import/pipeline.ts';
import type { SourceSummary } from '../src/model/transcript.ts';
import { importers } from '../src/import/registry.ts';
import { tweetchat } from '../src/import/formats/tweetchat.ts';
import { twitterApiV1 } from '../src/import/formats/twitter-api-v1.ts';
import { CORPUS, CORPUS_EXPORTS, CORPUS_KEEPS_NONE, corpusPath, corpusTest } from './helpers/corpus.ts';
import { listFiles } from './helpers/files.ts';

const INVENTORY = new Map<string, string>(CORPUS_EXPORTS);
const LISTED = CORPUS_EXPORTS.map(([rel]) => rel);
/** The refusal detectImporter gives a file no importer recognizes. */
const NOT_RECOGNIZED = /: (?:not a recognized chat export|binary data, not text) \(tried: [^)]*\)(?:; for another chat page, give CSS selectors .*|; no format reads messages from it \(`jamrecap formats` says what each format expects\))?$/;
/** Importers that recognize files by content (selectors claims whatever it is given selectors for). */
const BY_CONTENT = importers.filter((i) => i.name !== 'selectors');

function claimants(file: ExportFile): string[] {
  return BY_CONTENT.filter((i) => {
    try {
      return i.detect(file, {});
    } catch {
      return false;
    }
  }).map((i) => i.name);
}

/** What auto-detection makes of a file: the importer's name, or the ImportError it refuses the file with. */
function detected(file: ExportFile): { name: string } | { refused: ImportError } {
  try {
    return { name: detectImporter(file).name };
  } catch (err) {
    if (err instanceof ImportError) return { refused: err };
    throw err;
  }
}

/** A claimed file keeps messages, or is one of the listed files that keep none, for the reason listed (CORPUS_KEEPS_NONE). */
function keepsWhatItShould(rel: string, s: SourceSummary): boolean {
  const reason = CORPUS_KEEPS_NONE.get(rel);
  return reason === undefined ? s.kept > 0 : s.kept === 0 && s.diagnostics.some((d) => d.code === reason);
}

test('the inventory names each file once, under a known importer', () => {
  assert.equal(new Set(LISTED).size, LISTED.length);
  for (const [rel, name] of CORPUS_EXPORTS) assert.ok(BY_CONTENT.some((i) => i.name === name), `${rel}: no importer "${name}"`);
});

corpusTest('detection over every corpus file: the inventory\'s importer, or a clean "not recognized"', LISTED, () => {
  const files = listFiles(CORPUS);
  for (const rel of LISTED) assert.ok(files.includes(rel), `${rel}: listed in the inventory, not in the corpus walk`);
  const wrong: string[] = [];
  for (const rel of files) {
    const file = ExportFile.read(corpusPath(rel));
    const expected = INVENTORY.get(rel);
    const who = claimants(file);
    const got = detected(file);
    if (expected) {
      if (who.length !== 1 || who[0] !== expected) wrong.push(`${rel}: claimed by [${who.join(', ')}], the inventory says ${expected} alone`);
      if (!('name' in got) || got.name !== expected) wrong.push(`${rel}: auto-detection gave ${'name' in got ? got.name : got.refused.message}, not ${expected}`);
      else {
        const [s] = importExports([file]).sources;
        if (s.format !== expected || !keepsWhatItShould(rel, s) || s.found !== s.kept + s.merged + s.skipped) {
          wrong.push(`${rel}: ${s.format} found ${s.found}, kept ${s.kept}, merged ${s.merged}, skipped ${s.skipped}`);
        }
      }
    } else {
      if (who.length) wrong.push(`${rel}: not in the inventory, but claimed by [${who.join(', ')}]`);
      if ('name' in got) wrong.push(`${rel}: not in the inventory, but auto-detection gave ${got.name}`);
      else if (got.refused.exitCode !== 2 || !got.refused.message.startsWith(file.path) || !NOT_RECOGNIZED.test(got.refused.message)) {
        wrong.push(`${rel}: refused, but not cleanly: exit ${got.refused.exitCode}, ${got.refused.message}`);
      }
    }
  }
  assert.deepEqual(wrong, [], 'add a file jamrecap reads to CORPUS_EXPORTS (test/helpers/corpus.ts); every other file must be refused');
});

corpusTest('detection over every corpus file: every file an importer claims keeps more than 0 of its messages', LISTED, () => {
  const wrong: string[] = [];
  let claimed = 0;
  for (const rel of listFiles(CORPUS)) {
    const file = ExportFile.read(corpusPath(rel));
    if (!('name' in detected(file))) continue;
    claimed++;
    const [s] = importExports([file]).sources;
    if (!keepsWhatItShould(rel, s)) wrong.push(`${rel}: ${s.format} claims it, and keeps 0 of ${s.found} (${[...new Set(s.diagnostics.map((d) => d.code))].join(', ')})`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(claimed >= LISTED.length, `${claimed} files claimed`);
});

// ------------------------------------------------------------------ claims only what it reads

test('tweetchat claims a page for its rows (div.tweet#tweet_<id>), not for class="tweet" and the word', () => {
  // A twitter.com search page for #tweetchat: div.tweet elements, but no TweetChat row.
  const search =
    '<html><head><title>Twitter / Search - #tweetchat</title></head><body><div id="stream-items">' +
    '<div class="tweet original-tweet js-stream-tweet" data-tweet-id="262270013112684545" data-screen-name="ann">' +
    '<p class="js-tweet-text tweet-text">Join us on #tweetchat</p></div></div></body></html>';
  assert.equal(tweetchat.detect(new ExportFile('search.html', Buffer.from(search)), {}), false);
  const room = search.replace('class="tweet original-tweet js-stream-tweet"', 'class="tweet" id="tweet_262270013112684545"');
  assert.equal(tweetchat.detect(new ExportFile('room.html', Buffer.from(room)), {}), true);
});

corpusTest('a saved twitter.com page that mentions #tweetchat is read as twitter-html, not claimed by tweetchat', ['twitter-html/mercury-twitter-permalink-2016.html'], (_t, path) => {
  const page = readFileSync(path, 'latin1').replace(/<title>/i, '<title>#tweetchat ');
  const t = importExports([new ExportFile('permalink.html', Buffer.from(page, 'latin1'))]);
  const [s] = t.sources;
  assert.deepEqual([s.format, s.found, s.kept], ['twitter-html', 12, 12]);
});

test('twitter-api-v1 claims statuses, not a users/lookup answer that quotes their last status', () => {
  const status = { created_at: 'Wed Oct 24 17:45:00 +0000 2012', id_str: '261161380869046318', text: 'Q1. hello #jam' };
  const users = JSON.stringify([{ id_str: '1', name: 'Ann', screen_name: 'ann', created_at: 'Tue Mar 21 20:50:14 +0000 2006', status }]);
  const file = new ExportFile('users.json', Buffer.from(users));
  assert.equal(twitterApiV1.detect(file, {}), false);
  assert.throws(() => importExports([file]), (e) => e instanceof ImportError && e.exitCode === 2 && NOT_RECOGNIZED.test(e.message));
  const statuses = new ExportFile('statuses.json', Buffer.from(JSON.stringify([{ ...status, user: { screen_name: 'ann', name: 'Ann' } }])));
  assert.equal(twitterApiV1.detect(statuses, {}), true);
  assert.deepEqual(importExports([statuses]).sources.map((s) => [s.format, s.kept]), [['twitter-api-v1', 1]]);
});

test('"use --format" is offered only when a format would fit: the one that still reads messages, else selectors for a page, else nothing', () => {
  const refused = (name: string, text: string) => {
    try {
      importExports([new ExportFile(name, Buffer.from(text))]);
    } catch (err) {
      assert.ok(err instanceof ImportError && err.exitCode === 2, String(err));
      return err.message.replace(/^.*?\(tried: [^)]*\)/, '');
    }
    assert.fail(`${name} was imported`);
  };
  // A Storify story that no longer names storify.com: not recognized, but --format storify reads it.
  const story = readFileSync(new URL('./fixtures/storify-edge-cases.html', import.meta.url), 'utf8').replace(/storify\.com/gi, 'example.org');
  assert.equal(refused('story.html', story), '; use --format storify (it reads 4 messages from this file)');
  // A page no format reads: selectors can.
  assert.equal(refused('page.html', '<html><body><div class="msg">hi</div></body></html>'), '; for another chat page, give CSS selectors (--message, --author, --time, --text: see jamrecap import --help)');
  // Plain text no format reads: no --format hint that cannot work, but where the formats are listed.
  assert.equal(refused('notes.txt', 'hello\nworld\n'), '; no format reads messages from it (`jamrecap formats` says what each format expects)');
});
