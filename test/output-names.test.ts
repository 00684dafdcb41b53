/**
 * Output stays sound: jam folders that would collide on a case-insensitive
 * or normalizing disk/CDN are errors naming both sides (never an overwrite),
 * handles equal but for case or Unicode form are one person;
 * Windows-reserved and over-long names never become paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSite } from '../src/site/site.ts';
import { personSlug } from '../src/site/slug.ts';
import { ROOT } from './helpers/corpus.ts';

const ROOM = readFileSync(join(ROOT, 'test/fixtures/site-bad/jams/a-missing-title/room.html'));
const NOTES = (title: string) => `---\ntitle: ${title}\ndate: 2019-01-02T10:00:00-05:00\nhashtag: testchat\n---\nIntro.\n`;

function contentWith(jams: Record<string, { notes?: string; files?: Record<string, string | Buffer> }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-names-'));
  for (const [slug, jam] of Object.entries(jams)) {
    const d = join(dir, 'jams', slug);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'recap.md'), jam.notes ?? NOTES(slug));
    for (const [name, body] of Object.entries(jam.files ?? { 'room.html': ROOM })) writeFileSync(join(d, name), body);
  }
  return dir;
}

const errors = (dir: string) => loadSite(dir).problems.filter((p) => p.severity === 'error').map((p) => p.message);

test('jam folders differing only by case are an error naming both', () => {
  const dir = contentWith({ socbiz: {}, SOCBIZ: {} });
  const errs = errors(dir);
  assert.ok(errs.some((m) => m.includes('"SOCBIZ" and "socbiz" differ only by case')), errs.join('\n'));
});

test('jam folders differing only by Unicode normalization are an error naming both', () => {
  const nfc = 'caf\u00e9';
  const nfd = 'cafe\u0301';
  const dir = contentWith({ [nfc]: {}, [nfd]: {} });
  const errs = errors(dir);
  assert.ok(errs.some((m) => m.includes(nfc) && m.includes(nfd) && m.includes('Unicode normalization')), errs.join('\n'));
});

test('Windows-reserved and over-long jam names are refused', () => {
  const long = 'a'.repeat(101);
  const dir = contentWith({ con: {}, 'lpt1': {}, [long]: {}, fine: {} });
  const errs = errors(dir);
  // The rule `new` applies to a slug (src/site/slug.ts).
  assert.equal(errs.filter((m) => /^the jam's folder name: "(con|lpt1|a{101})" (cannot be a jam's address|is a reserved name)/.test(m)).length, 3, errs.join('\n'));
  assert.ok(errs.every((m) => !m.includes('"fine"')));
});

function transcriptWith(handles: string[]): string {
  const messages = handles.map((h, i) => ({
    id: String(900000000000000100n + BigInt(i)),
    author: { handle: h, name: null },
    time: `2019-01-02T15:0${i}:00.000Z`,
    timePrecision: 'second',
    text: `Q1 message ${i} #testchat`,
    url: null,
    replyTo: null,
    retweetOf: null,
    mentions: [],
    hashtags: ['testchat'],
    links: [],
    question: null,
    questionVia: null,
    origin: { file: 'x.json', format: 'jamrecap-json', position: i + 1 },
  }));
  return JSON.stringify({
    schema: 'jamrecap.transcript/1',
    jam: { title: null, hashtag: 'testchat', hosts: [], hostsFrom: 'none' },
    sources: [],
    questions: [],
    participants: [],
    messages,
  });
}

test('handles differing only by Unicode normalization are one person (NFC), not a clash of two identical-looking names', () => {
  const dir = contentWith({ unicode: { files: { 'chat.json': transcriptWith(['Caf\u00e9', 'Cafe\u0301', 'bob']) } } });
  const { site, problems } = loadSite(dir);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  assert.deepEqual(site!.people.map((p) => [p.handle, p.messages]).sort(), [['Caf\u00e9', 2], ['bob', 1]]);
});

test('handles differing only by case are one person (identity is case-insensitive), not a clash', () => {
  const dir = contentWith({ cases: { files: { 'chat.json': transcriptWith(['Bob', 'BOB', 'bob']) } } });
  const { site, problems } = loadSite(dir);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  assert.equal(site!.people.length, 1);
  assert.equal(site!.people[0].slug, 'bob');
  assert.equal(site!.people[0].messages, 3);
});

test('person slugs: reserved, over-long and odd handles become short, distinct, portable names', () => {
  assert.equal(personSlug('CMSWire'), 'cmswire');
  assert.notEqual(personSlug('CON'), 'con');
  assert.match(personSlug('CON'), /^con-[0-9a-f]{8}$/);
  const long = personSlug('x'.repeat(500));
  assert.ok(long.length <= 64, long);
  assert.notEqual(personSlug('a b'), personSlug('a_b'));
  assert.match(personSlug('../../etc/passwd'), /^[a-z0-9_-]+$/);
  assert.match(personSlug('\u202egnp.exe'), /^[a-z0-9_-]+$/);
});
