import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile, ImportError } from '../src/import/export-file.ts';
import { importFiles } from '../src/import/pipeline.ts';
import { selectors } from '../src/import/formats/selectors.ts';
import { importers } from '../src/import/registry.ts';
import type { SelectorSpec } from '../src/import/importer.ts';
import { corpusTest, ROOT } from './helpers/corpus.ts';

const FORUM = join(ROOT, 'test/fixtures/sel-forum.html');
const GROUPED = join(ROOT, 'test/fixtures/sel-grouped.html');

const FORUM_SPEC: SelectorSpec = {
  message: '.post',
  author: '.who',
  time: 'time',
  timeAttr: 'datetime',
  text: '.body',
  permalink: 'a.perma',
  idAttr: 'data-pid',
};

/** 1-based line of the first occurrence of `needle` in a file, found without any HTML parser. */
function lineOf(path: string, needle: string): number {
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${path}`);
  return text.slice(0, at).split('\n').length;
}

test('selectors: registered last, and detects only when selectors are given', () => {
  assert.equal(importers.at(-1), selectors);
  const file = ExportFile.read(FORUM);
  assert.equal(selectors.detect(file, {}), false);
  assert.equal(selectors.detect(file, { selectors: FORUM_SPEC }), true);
  assert.throws(() => importFiles([FORUM]), (err) => err instanceof ImportError && /not a recognized chat export/.test(err.message));
});

test('selectors fixture: 6 posts -> 3 messages, 3 skipped with file and line', () => {
  const r = selectors.parse(ExportFile.read(FORUM), { selectors: FORUM_SPEC });
  assert.equal(r.title, 'Garden club chat – March');
  assert.equal(r.found, 6);
  assert.deepEqual(
    r.skipped.map((d) => [d.code, d.file, d.line, d.position]),
    [
      ['author-missing', 'sel-forum.html', lineOf(FORUM, 'data-pid="1003"'), 3],
      ['time-unreadable', 'sel-forum.html', lineOf(FORUM, 'data-pid="1004"'), 4],
      ['text-missing', 'sel-forum.html', lineOf(FORUM, '<span class="who">Dee') - 1, 5],
    ],
  );
  assert.match(r.skipped[1].message, /"yesterday"/);
  assert.deepEqual(
    r.messages.map((m) => [m.id, m.author.handle, m.author.name, m.time, m.timePrecision, m.url, m.position]),
    [
      ['1001', 'annlee', 'Ann Lee', '2020-03-05T18:00:00.000Z', 'second', 'https://forum.example/p/1001', 1],
      // +01:00 offset in the attribute; javascript: permalink refused.
      ['1002', 'bob_b', null, '2020-03-05T17:02:30.000Z', 'second', null, 2],
      // Epoch milliseconds; the <script> inside the author element is not text.
      ['1006', 'Eve', null, '2020-03-05T18:05:00.000Z', 'second', null, 6],
    ],
  );
  assert.equal(r.messages[1].text, 'A1: Peas & beans, see this guide 🌱 #gardenchat');
  assert.deepEqual(r.messages[1].links, ['https://example.org/peas']);
  assert.equal(r.messages[2].text, 'Bold start\nsecond line @annlee');
});

test('selectors fixture through the pipeline: auto-detected, accounted for', () => {
  const t = importFiles([FORUM], { selectors: FORUM_SPEC });
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['selectors', 6, 3, 0, 3]);
  assert.deepEqual(
    t.messages.map((m) => m.id),
    ['1002', '1001', '1006'],
  );
  const bob = t.messages[0];
  assert.deepEqual(bob.hashtags, ['gardenchat']);
  assert.deepEqual(bob.links, ['https://example.org/peas']);
  assert.deepEqual(t.messages[2].mentions, ['annlee']);
});

test('selectors: a bad CSS selector is an ImportError naming the selector and the file', () => {
  for (const [key, bad] of [
    ['message', 'div['],
    ['author', '.who >>'],
    ['text', 'p:has('],
    ['group', ','],
  ] as const) {
    const spec = { ...FORUM_SPEC, [key]: bad };
    for (const run of [() => selectors.parse(ExportFile.read(FORUM), { selectors: spec }), () => importFiles([FORUM], { selectors: spec })]) {
      assert.throws(run, (err: unknown) => {
        assert.ok(err instanceof ImportError, `expected an ImportError, got ${String(err)}`);
        assert.ok(err.message.includes(`invalid CSS selector for ${key}: ${JSON.stringify(bad)}`), err.message);
        assert.ok(err.message.includes('sel-forum.html'), err.message);
        return true;
      });
    }
  }
  assert.throws(
    () => selectors.parse(ExportFile.read(FORUM), { selectors: { ...FORUM_SPEC, timeZone: 'Mars/Olympus_Mons' } }),
    (err) => err instanceof ImportError && err.exitCode === 2 && /unknown time zone "Mars\/Olympus_Mons"/.test(err.message),
  );
  assert.throws(
    () => selectors.parse(ExportFile.read(FORUM), { selectors: { ...FORUM_SPEC, text: ' ' } }),
    (err) => err instanceof ImportError && /needs a CSS selector for "text"/.test(err.message),
  );
  assert.throws(() => selectors.parse(ExportFile.read(FORUM), {}), ImportError);
});

test('selectors: a selector matching nothing is a warning, not an error', () => {
  const r = selectors.parse(ExportFile.read(FORUM), { selectors: { ...FORUM_SPEC, message: '.no-such-post' } });
  assert.deepEqual([r.found, r.messages.length, r.skipped.length], [0, 0, 0]);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['no-match']);
});

test('selectors group: author and time shown once per group, never taken from another group', () => {
  const spec: SelectorSpec = {
    message: '.msg',
    group: '.group',
    author: '.name',
    time: '.stamp',
    text: '.txt',
    timeFormat: 'dd.MM.yyyy HH:mm',
    timeZone: 'Europe/Berlin',
    idAttr: 'id',
  };
  const r = selectors.parse(ExportFile.read(GROUPED), { selectors: spec });
  assert.equal(r.found, 7);
  // Berlin is UTC+1 on 5 March 2020; the format has no seconds: minute precision.
  assert.deepEqual(
    r.messages.map((m) => [m.id, m.author.handle, m.time, m.timePrecision]),
    [
      ['m1', 'Ann', '2020-03-05T18:00:00.000Z', 'minute'],
      ['m2', 'Ann', '2020-03-05T18:00:00.000Z', 'minute'],
      ['m3', 'Ann', '2020-03-05T18:05:00.000Z', 'minute'],
      ['m4', 'Bob', '2020-03-05T18:06:00.000Z', 'minute'],
      ['m5', 'Bob', '2020-03-05T18:06:00.000Z', 'minute'],
      ['m7', 'Cy', '2020-03-05T18:10:00.000Z', 'minute'],
    ],
  );
  assert.deepEqual(
    r.skipped.map((d) => [d.code, d.line, d.position]),
    [['author-missing', lineOf(GROUPED, 'id="m6"'), 6]],
  );
  // Without `group`, only the message that carries its own author and time is read.
  const flat = selectors.parse(ExportFile.read(GROUPED), { selectors: { ...spec, group: undefined } });
  assert.deepEqual(flat.messages.map((m) => m.id), ['m4']);
  assert.equal(flat.skipped.length, 6);
});

// DiscordChatExporter HTML (2021 layout): `.chatlog__message-group` holds the author name and
// one timestamp, then the `.chatlog__message` elements of that run. Counts checked with a
// stdlib-HTMLParser script over the raw file: 238 messages in 187 groups (the postamble says
// "Exported 238 message(s)"); 3 by the tip.cc bot have no text (two have no
// .chatlog__content at all, one an empty one), leaving 235 messages by 42 authors
// (cbit3o 74, vMarco Polo 48).
const DCE = 'discordchatexporter-html/firebird-valuedefi-ama-adv-guild-2021.html';
const DCE_SPEC: SelectorSpec = {
  message: '.chatlog__message',
  group: '.chatlog__message-group',
  author: '.chatlog__author-name',
  time: '.chatlog__timestamp',
  text: '.chatlog__content .preserve-whitespace',
  timeFormat: 'dd-MMM-yy hh:mm a',
  timeZone: 'America/Chicago',
  idAttr: 'data-message-id',
};

/** A Discord snowflake's creation time (ms since the epoch). */
const snowflakeMs = (id: string) => Number((BigInt(id) >> 22n) + 1420070400000n);

corpusTest('selectors on a DiscordChatExporter page: 238 found, 235 kept, 3 skipped', [DCE], (_t, path) => {
  const raw = readFileSync(path, 'utf8');
  assert.equal(/Exported (\d+) message\(s\)/.exec(raw)?.[1], '238');
  const t = importFiles([path], { format: 'selectors', selectors: DCE_SPEC });
  const [src] = t.sources;
  assert.deepEqual([src.format, src.found, src.kept, src.merged, src.skipped], ['selectors', 238, 235, 0, 3]);
  assert.equal(src.title, 'Value DeFi - Bringing True Value to DeFi - v-ama-adv-guild');
  assert.deepEqual(
    src.diagnostics.map((d) => [d.code, d.line]),
    [
      ['text-empty', 1645],
      ['text-missing', 6091],
      ['text-missing', 6710],
    ],
  );
  assert.ok(src.diagnostics.every((d) => d.message.includes('830448712932655104') || d.message.includes('830461167620456519') || d.message.includes('830461671335395329')));
  assert.equal(t.participants.length, 42);
  assert.deepEqual(
    t.participants.slice(0, 2).map((p) => [p.handle, p.messages]),
    [
      ['cbit3o', 74],
      ['vMarco Polo', 48],
    ],
  );
  // Ids are the snowflakes, as strings; every one appears in the page.
  assert.ok(t.messages.every((m) => /^\d{18}$/.test(m.id) && raw.includes(`data-message-id="${m.id}"`)));
  // The page's times are local (no zone). The snowflakes say the exporter ran at UTC-5
  // (Chicago, daylight time): read in that zone, a group's shown minute is its first
  // message's creation minute, and no message was created before its group's time.
  assert.ok(t.messages.every((m) => m.timePrecision === 'minute'));
  for (const m of t.messages) {
    const created = snowflakeMs(m.id);
    const shown = Date.parse(m.time);
    assert.ok(created >= shown && created - shown < 60 * 60_000, `${m.id}: shown ${m.time}, created ${new Date(created).toISOString()}`);
  }
  const first = t.messages[0];
  assert.equal(first.time, new Date(Math.floor(snowflakeMs(first.id) / 60_000) * 60_000).toISOString());
  assert.equal(first.time, '2021-04-10T14:01:00.000Z');
  assert.equal(t.messages.at(-1)!.time, '2021-04-10T15:34:00.000Z');
  // Text is plain: no markup, no "(edited)" marker, emoji from their alt text.
  assert.ok(t.messages.every((m) => m.text && !/[<>]/.test(m.text) && !m.text.includes('(edited)')));
  assert.ok(t.messages.some((m) => m.text.endsWith("let's get started with the vAMA! 😄")));
});

corpusTest('selectors on a DiscordChatExporter page: without `group` no message has an author', [DCE], (_t, path) => {
  const r = selectors.parse(ExportFile.read(path), { selectors: { ...DCE_SPEC, group: undefined } });
  assert.deepEqual([r.found, r.messages.length], [238, 0]);
  assert.ok(r.skipped.every((d) => d.code === 'author-missing'));
});
