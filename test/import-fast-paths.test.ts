/**
 * The import's shortcuts give what the long way gives: one parse with the
 * nesting watched (nesting.ts parseBoundedHtml) against limitNesting then
 * parseDocument, the luxon-free time readers (time.ts) against luxon,
 * tidyText's early return against its full replacements, and the element
 * list the parse makes (findAllListed, findFirstOfEachListed) against the
 * tree walks (findAll, findFirstOfEach).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { DomUtils, parseDocument } from 'htmlparser2';
import { limitNesting, parseBoundedHtml } from '../src/import/nesting.ts';
import { parseEpoch, parseIso, parseLongDate } from '../src/import/time.ts';
import { findAll, findAllListed, findFirstOfEach, findFirstOfEachListed, hasClass, is, tidyText } from '../src/import/html-text.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element } from 'domhandler';
import { ExportFile } from '../src/import/export-file.ts';
import { tweetchatPage } from '../bench/tweetchat-page.ts';

const OPTIONS = { xmlMode: false, decodeEntities: true, withStartIndices: true } as const;

/** The document the long way: limitNesting, then a plain parse. */
function longWay(text: string): { html: string; flattened: number } {
  const limited = limitNesting(text);
  return { html: DomUtils.getOuterHTML(parseDocument(limited.text, OPTIONS)), flattened: limited.flattened };
}

function nested(depth: number, open: string, close: string): string {
  return `<!DOCTYPE html><html><body>${open.repeat(depth)}deep text${close.repeat(depth)}<p>after</p></body></html>`;
}

test('parseBoundedHtml gives the document of limitNesting + parseDocument, ordinary, watched and flattened pages alike', () => {
  const pages = {
    ordinary: '<html><head><title>t</title></head><body><div class="tweet" id="tweet_1"><span class="text">hi &amp; bye</span></div></body></html>',
    'deeper than the watch (200 levels), not flattened': nested(200, '<div class="x">', '</div>'),
    'bare wrappers past SOFT_DEPTH (300 levels)': nested(300, '<span>', '</span>'),
    'every tag past HARD_DEPTH (1100 levels)': nested(1100, '<div class="x">', '</div>'),
    'open paragraphs and list items': `<ul>${'<li><p>x'.repeat(400)}</ul>`,
  };
  const flattened: Record<string, number> = {};
  for (const [name, text] of Object.entries(pages)) {
    const { document, flattened: n } = parseBoundedHtml(text, OPTIONS);
    const expected = longWay(text);
    assert.equal(DomUtils.getOuterHTML(document), expected.html, name);
    assert.equal(n, expected.flattened, name);
    flattened[name] = n;
  }
  // html and body hold the first wrapper at depth 2: 300 - 254 spans and 1100 - 1022 divs are too deep.
  assert.deepEqual(flattened, {
    ordinary: 0,
    'deeper than the watch (200 levels), not flattened': 0,
    'bare wrappers past SOFT_DEPTH (300 levels)': 46,
    'every tag past HARD_DEPTH (1100 levels)': 78,
    'open paragraphs and list items': 545,
  });
});

test('the element list finds what the tree walks find: every element, and the first of each part under each', () => {
  const fixtures = join(import.meta.dirname, 'fixtures');
  const pages: Record<string, string | Buffer> = {
    tweetchat: tweetchatPage(40),
    // "<script/>" and "<style/>" stay open in HTML: the parser puts the markup after them inside.
    'self-closed script and style': '<div class="tweet" id="tweet_1"><script/><a class="user">in script</a></script><a class="user">u</a><style/><span class="text">in style</style><span class="text">t</span></div>',
    'svg script, unclosed elements': '<div class="tweet"><svg><script/><a class="time">s</a></svg><a class="time" title="x">t<div class="tweet"><a class="user">v</div>',
    'deeper than the watch': nested(200, '<div class="tweet"><a class="user">a</a>', '</div>'),
    'flattened past HARD_DEPTH': nested(1100, '<div class="tweet x">', '</div>'),
    'open paragraphs and list items': `<ul>${'<li class="tweet"><p class="text">x'.repeat(400)}</ul>`,
  };
  for (const f of readdirSync(fixtures)) if (/\.html?$/.test(f)) pages[f] = readFileSync(join(fixtures, f));
  const preds = [is('a', 'user'), is('span', 'text'), is('a', 'time'), is('a', 'in-reply-to'), is('*', 'tweet'), is('p'), (el: Element) => hasClass(el, 'x')];
  let checked = 0;
  let inScripts = 0;
  for (const [name, page] of Object.entries(pages)) {
    const file = new ExportFile(name, Buffer.isBuffer(page) ? page : Buffer.from(page));
    const all = findAll(file.document(), () => true);
    const list = file.elements();
    assert.deepEqual(findAllListed(list, () => true).map((i) => list.elements[i]), all, name);
    assert.equal(list.elements.length, all.length, name);
    all.forEach((el, i) => {
      assert.deepEqual(findFirstOfEachListed(list, i, preds), findFirstOfEach(el, preds), `${name}: element ${i}`);
      checked++;
      for (let p = el.parent; p && p.type !== 'root'; p = p.parent) if (p.type !== 'tag') inScripts++;
    });
  }
  assert.ok(checked > 3000, `${checked} elements`);
  // The pages do have elements inside scripts and styles (which findFirstOfEach does not look into).
  assert.ok(inScripts >= 2, `${inScripts} elements inside scripts or styles`);
});

test('parseBoundedHtml keeps start offsets (lines of messages stay right)', () => {
  const text = 'ab\n<div class="tweet">x</div>';
  const div = DomUtils.findOne((el) => el.name === 'div', parseBoundedHtml(text, OPTIONS).document.children)!;
  assert.equal(div.startIndex, 3);
});

/** What time.ts returned before its shortcuts, by luxon alone. */
function luxonIso(s: string): string | null {
  const dt = DateTime.fromISO(s.trim(), { zone: 'utc', setZone: false });
  if (!dt.isValid || dt.toUTC().year < 1990 || dt.toUTC().year > 2200) return null;
  return dt.toUTC().toISO({ suppressMilliseconds: false });
}

test('parseIso reads plain UTC times as luxon does (valid, invalid and out-of-range ones)', () => {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  fc.assert(
    fc.property(
      fc.integer({ min: 1980, max: 2210 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 61 }),
      fc.constantFrom('', '.000', '.999', '.5'),
      (y, mo, d, h, mi, s, frac) => {
        const t = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac}Z`;
        assert.equal(parseIso(t)?.time ?? null, luxonIso(t), t);
      },
    ),
    { numRuns: 3000 },
  );
  assert.deepEqual(parseIso(' 2017-12-21T15:34:30.000Z '), { time: '2017-12-21T15:34:30.000Z', precision: 'second' });
  assert.equal(parseIso('2016-02-29T00:00:00Z')?.time, '2016-02-29T00:00:00.000Z');
  assert.equal(parseIso('2017-02-29T00:00:00Z'), null);
});

test('parseLongDate and parseEpoch read as luxon does', () => {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1985, max: 2205 }), (m, d, y) => {
      const t = `${months[m]} ${d}, ${y}`;
      const dt = DateTime.fromFormat(t, 'MMMM d, yyyy', { zone: 'utc', locale: 'en-US' });
      const expected = dt.isValid && dt.year >= 1990 && dt.year <= 2200 ? dt.toISODate() : null;
      assert.equal(parseLongDate(t)?.time ?? null, expected, t);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 8_000_000_000_000 }), (ms) => {
      const dt = DateTime.fromMillis(ms, { zone: 'utc' });
      const expected = dt.year >= 1990 && dt.year <= 2200 ? dt.toISO({ suppressMilliseconds: false }) : null;
      assert.equal(parseEpoch(String(ms))?.time ?? null, expected, String(ms));
    }),
    { numRuns: 2000 },
  );
  assert.equal(parseEpoch('1e20'), null);
});

test('tidyText gives what its full replacements give', () => {
  const full = (s: string) =>
    s
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\f\v\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  const char = fc.constantFrom(' ', '\n', '\r', '\t', '\u00a0', '\f', '\v', 'a', '\u2003', '\u3000', '\ufeff');
  fc.assert(
    fc.property(fc.array(char, { maxLength: 14 }), (chars) => {
      const s = chars.join('');
      assert.equal(tidyText(s), full(s), JSON.stringify(s));
    }),
    { numRuns: 5000 },
  );
});
