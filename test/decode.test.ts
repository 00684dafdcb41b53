/**
 * Bytes to text as a browser reads a saved page (src/import/decode.ts), and
 * character references through the HTML parser (ExportFile.html()). The byte
 * fixtures are built here with Buffer: no binary files in the repository.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeBytes, decodeWindows1252, sniffMetaCharset } from '../src/import/decode.ts';
import { ExportFile } from '../src/import/export-file.ts';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const page = (head: string, body: Buffer) =>
  Buffer.concat([latin1(`<!DOCTYPE html><html><head>${head}<title>t</title></head><body><p>`), body, latin1('</p></body></html>')]);
const paragraph = (bytes: Buffer) => new ExportFile('page.html', bytes).html()('p').text();

/**
 * WHATWG Encoding Standard, index-windows-1252, pointers 0-31 (bytes 0x80-0x9F).
 * The five bytes the table leaves undefined in Microsoft's code page (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same number.
 */
const WHATWG_80_9F = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const ALL_0x80_0x9F = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i));

test('windows-1252 table: the 27 printable characters, then the 5 pass-through controls', () => {
  const printable = '€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ'.split(' ');
  const decoded = [...decodeWindows1252(ALL_0x80_0x9F)];
  assert.deepEqual(decoded.map((c) => c.codePointAt(0)), WHATWG_80_9F);
  assert.deepEqual(decoded.filter((c) => c.codePointAt(0)! > 0x9f), printable);
  // iconv-lite, an independent table, agrees on every defined byte...
  const iconvText = [...iconv.decode(ALL_0x80_0x9F, 'windows-1252')];
  decoded.forEach((c, i) => {
    if (iconvText[i] !== '\ufffd') assert.equal(c, iconvText[i], `byte 0x${(0x80 + i).toString(16)}`);
  });
  // ...but would lose the undefined ones to U+FFFD, which browsers do not do.
  assert.deepEqual(decoded.filter((_c, i) => iconvText[i] === '\ufffd').map((c) => c.codePointAt(0)), [0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  // 0x00-0x7F and 0xA0-0xFF are latin1.
  const rest = Buffer.from([...Array.from({ length: 128 }, (_, i) => i), ...Array.from({ length: 96 }, (_, i) => 0xa0 + i)]);
  assert.equal(decodeWindows1252(rest), rest.toString('latin1'));
});

test('windows-1252 declared in a meta http-equiv charset', () => {
  const bytes = page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x85, 0x20, 0x80, 0x35, 0x20, 0xe9]));
  assert.equal(sniffMetaCharset(bytes), 'windows-1252');
  const d = decodeBytes(bytes);
  assert.deepEqual([d.encoding, d.from], ['windows-1252', 'meta']);
  assert.equal(paragraph(bytes), '“Hi” – … €5 é');
});

test('meta charset iso-8859-1 / latin1 / us-ascii means windows-1252 (WHATWG labels)', () => {
  for (const label of ['iso-8859-1', 'ISO-8859-1', 'latin1', 'us-ascii']) {
    const bytes = page(`<meta charset="${label}">`, Buffer.from([0x93, 0x78, 0x94, 0x9d]));
    const d = decodeBytes(bytes);
    assert.deepEqual([d.encoding, d.from], ['windows-1252', 'meta'], label);
    assert.equal(paragraph(bytes), '“x”\u009d', label);
  }
});

test('windows-1252 without a meta charset: strict UTF-8 fails, then windows-1252', () => {
  const bytes = page('', Buffer.concat([ALL_0x80_0x9F, latin1(' caf\xe9')]));
  assert.equal(sniffMetaCharset(bytes), null);
  const d = decodeBytes(bytes);
  assert.deepEqual([d.encoding, d.from], ['windows-1252', 'fallback']);
  assert.equal(paragraph(bytes), String.fromCodePoint(...WHATWG_80_9F) + ' café');
  assert.equal(new ExportFile('page.html', bytes).encoding, 'windows-1252');
});

test('UTF-8 without a charset is read as UTF-8, not as windows-1252', () => {
  const text = 'café – “quoted” … 😀 日本語';
  const bytes = page('', Buffer.from(text, 'utf8'));
  const d = decodeBytes(bytes);
  assert.deepEqual([d.encoding, d.from], ['utf-8', 'utf-8']);
  assert.equal(paragraph(bytes), text);
  // What a windows-1252 reading would have given: the classic mojibake.
  assert.notEqual(decodeWindows1252(Buffer.from('café', 'utf8')), 'café');
  assert.equal(decodeWindows1252(Buffer.from('café', 'utf8')), 'cafÃ©');
});

test('a meta charset after the first 1024 bytes is not looked at', () => {
  const bytes = page(`<!-- ${'x'.repeat(1100)} --><meta charset="windows-1252">`, Buffer.from('“ok”', 'utf8'));
  assert.equal(sniffMetaCharset(bytes), null);
  assert.equal(decodeBytes(bytes).from, 'utf-8');
  assert.equal(paragraph(bytes), '“ok”');
});

test('a byte-order mark wins, and is not part of the text', () => {
  const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), page('<meta charset="windows-1252">', Buffer.from('“BOM” ✓', 'utf8'))]);
  const d = decodeBytes(utf8);
  assert.deepEqual([d.encoding, d.from], ['utf-8', 'bom']);
  assert.ok(d.text.startsWith('<!DOCTYPE html>'));
  assert.equal(paragraph(utf8), '“BOM” ✓');

  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page('', Buffer.from('')).toString('latin1').replace('<p>', '<p>“16” 😀'), 'utf16le')]);
  const d16 = decodeBytes(utf16);
  assert.deepEqual([d16.encoding, d16.from], ['utf-16le', 'bom']);
  assert.equal(paragraph(utf16), '“16” 😀');
});

test('numeric character references become the characters, with the HTML 0x80-0x9F rule', () => {
  const bytes = page('<meta charset="utf-8">', latin1('&#x1F600; &#128512; &#150; &#x96; &#147;q&#148; &#128; &#x81; &amp; &eacute; &#0;'));
  // &#150; is not U+0096 in HTML: the parser maps 0x80-0x9F references through windows-1252
  // (except the five undefined ones); &#0; becomes U+FFFD.
  assert.equal(paragraph(bytes), '😀 😀 – – “q” € \u0081 & é \ufffd');
  // The same in a windows-1252 page: references do not depend on the file's encoding.
  const cp1252 = page('<meta charset="windows-1252">', latin1('&#150; \x96 &#x1F600;'));
  assert.equal(paragraph(cp1252), '– – 😀');
});
