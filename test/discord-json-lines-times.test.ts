/**
 * discord-json reads each message's line in its offset scan (no
 * ExportFile.lineAt per message) and writes its times with epoch-iso.ts's
 * isoFromMs (no Date per message). This test checks both against what they
 * replaced: every message's and skipped entry's line against lineAt at
 * json-offsets.ts's entry offsets, and readIsoTime against its old
 * Date-based form (kept here), on the corpus files and on generated inputs
 * (2,000 generated exports: blanks, CRLF, escaped quotes and backslashes,
 * a byte-order mark; 20,000 generated times at the 1990 and 2200 edges).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { discordJson } from '../src/import/formats/discord-json.ts';
import { readIsoTime } from '../src/import/formats/discord-common.ts';
import { arrayEntryOffsets } from '../src/import/json-offsets.ts';
import { parseIso, type ParsedTime } from '../src/import/time.ts';
import { corpusPath, corpusTest } from './helpers/corpus.ts';

const DIR = 'discordchatexporter-json';

// readIsoTime as it was (commit 8bc478c), kept as the reference.
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_OFFSET_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([+-])(\d{2}):(\d{2})$/;
function oldReadIsoTime(raw: string): ParsedTime | null {
  const t = raw.trim();
  const m = ISO_OFFSET_TIME.exec(t);
  if (m) {
    const [y, mo, d, h, mi, sec, oh, om] = [1, 2, 3, 4, 5, 6, 9, 10].map((k) => Number(m[k]));
    const day = y >= 1990 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1] && (mo !== 2 || d < 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
    if (day && h <= 23 && mi <= 59 && sec <= 59 && oh <= 18 && om <= 59) {
      const ms = m[7] ? Math.floor(parseFloat(`0.${m[7]}`) * 1000) : 0;
      const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
      const utc = new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60000);
      const year = utc.getUTCFullYear();
      return year >= 1990 && year <= 2200 ? { time: utc.toISOString(), precision: 'second' } : null;
    }
  }
  return parseIso(t);
}

/** Every line parse gives (messages and skipped entries, by position) against lineAt at the entry offsets. */
function checkLines(path: string, bytes: Buffer): number {
  const file = new ExportFile(path, bytes);
  const result = discordJson.parse(file, {});
  const text = file.text.replace(/^\uFEFF/, '');
  const offsets = arrayEntryOffsets(text, 'messages');
  const want = new ExportFile(path, bytes);
  const got = new Map<number, number | undefined>();
  for (const m of result.messages) got.set(m.position, m.line);
  for (const s of result.skipped) if (s.position !== undefined) got.set(s.position, s.line);
  assert.equal(got.size, result.found, `${path}: every entry kept or skipped`);
  for (const [position, line] of got) assert.equal(line, want.lineAt(offsets[position - 1]), `${path}: entry ${position}`);
  return got.size;
}

/** Every timestamp string of a DiscordChatExporter JSON text. */
function timesOf(text: string): string[] {
  return [...text.matchAll(/"timestamp(?:Edited)?"\s*:\s*"([^"\\]*)"/g)].map((m) => m[1]);
}

corpusTest('discord-json: lines and times as before on every corpus file', [DIR], (_t, dir) => {
  let entries = 0;
  let times = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const bytes = readFileSync(join(dir, name));
    entries += checkLines(name, bytes);
    for (const t of timesOf(bytes.toString('utf8'))) {
      assert.deepEqual(readIsoTime(t), oldReadIsoTime(t), t);
      times++;
    }
  }
  // 4 files; entries and timestamps counted with grep -c '"timestamp"' and jq '.messages | length': 51 entries.
  assert.equal(entries, 51);
  assert.ok(times >= entries, `times: ${times}`);
});

/** A small seeded generator (mulberry32): the same inputs every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('discord-json: readIsoTime as before on 20,000 generated times', () => {
  const r = rng(1990);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let kept = 0;
  for (let n = 0; n < 20000; n++) {
    const y = pick([1989, 1990, 1991, 2000, 2023, 2100, 2199, 2200, 2201, 1970, 2024]);
    const mo = pick([1, 2, 12, 13, 0, 6]);
    const d = pick([1, 28, 29, 30, 31, 32, 0, 15]);
    const h = pick([0, 23, 24, 12]);
    const mi = pick([0, 59, 60, 30]);
    const s = pick([0, 59, 60, 1]);
    const frac = pick(['', '.0', '.853', '.9999', '.123456789', '.1234567890', '.5', '.', '.001', '.999']);
    const off = pick(['+00:00', '-00:00', '+18:00', '-18:00', '+19:00', '+05:30', '-12:59', '+00:60', 'Z', '']);
    const blank = pick(['', ' ', '\t', '\n']);
    const t = `${blank}${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac}${off}${blank}`;
    const want = oldReadIsoTime(t);
    assert.deepEqual(readIsoTime(t), want, JSON.stringify(t));
    if (want) kept++;
  }
  assert.ok(kept > 1000, `kept: ${kept}`);
});

test('discord-json: lines as lineAt gives them on 2,000 generated exports', () => {
  const r = rng(38);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const TEXTS = ['hi', 'a \\"quoted\\" word', 'back\\\\slash', 'ends in \\\\', '\\\\\\"', 'line\\nbreak', '{[,]}', '\\"messages\\":', ''];
  let entries = 0;
  for (let n = 0; n < 2000; n++) {
    const nl = pick(['\n', '\r\n', '', '\n\n']);
    const sp = pick(['', ' ', '  ', '\t']);
    const count = Math.floor(r() * 6);
    const messages = Array.from({ length: count }, (_, i) => {
      const body = [`"id":${sp}"${100 + i}"`, `"type":${sp}"${pick(['Default', 'Reply', 'GuildMemberJoin'])}"`, `"timestamp":${sp}"2023-01-06T14:0${i % 10}:03.853+00:00"`, `"content":${sp}"${pick(TEXTS)}"`, `"author":${sp}{${nl}"id":"${7 + (i % 3)}",${sp}"name":"${pick(TEXTS)}"}`];
      return `${sp}{${nl}${sp}${body.join(`,${nl}${sp}`)}${nl}${sp}}`;
    });
    const before = pick(['', `"note":${sp}"${pick(TEXTS)}",${nl}`, `"channel":${sp}{"id":"1",${nl}"name":"x"},${nl}`]);
    const text = `${pick(['', '\uFEFF'])}{${nl}${before}"messages":${sp}[${nl}${messages.join(`,${nl}`)}${nl}],${nl}"messageCount":${sp}${count}${nl}}`;
    JSON.parse(text.replace(/^\uFEFF/, ''));
    entries += checkLines(`gen-${n}.json`, Buffer.from(text, 'utf8'));
  }
  assert.ok(entries > 3000, `entries: ${entries}`);
});
