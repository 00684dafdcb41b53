/**
 * Turn an export's bytes into text the way a browser would: a byte-order
 * mark wins, then a `<meta charset>` in the first 1024 bytes, then strict
 * UTF-8, then windows-1252. windows-1252 is decoded here, by the WHATWG
 * table: Node 20's own TextDecoder('windows-1252') is plain latin1 (0x80-0x9F
 * become C1 controls), and iconv-lite turns the five bytes the table leaves
 * as controls (0x81 0x8D 0x8F 0x90 0x9D) into U+FFFD. Other legacy encodings
 * go through iconv-lite.
 */
import { iconv } from './lazy-packages.ts';

export interface Decoded {
  text: string;
  /** Canonical name of the encoding used, e.g. "utf-8", "windows-1252". */
  encoding: string;
  /** How the encoding was chosen. */
  from: 'bom' | 'meta' | 'utf-8' | 'fallback';
}

const META_CHARSET = /<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)/i;

/** Labels browsers treat as other encodings (WHATWG Encoding Standard aliases we care about). */
function canonicalLabel(label: string): string {
  const l = label.trim().toLowerCase();
  // WHATWG: latin1, ascii and iso-8859-1 all mean windows-1252 in HTML.
  if (['latin1', 'iso-8859-1', 'iso8859-1', 'ascii', 'us-ascii', 'l1', 'cp1252', 'windows-1252', 'x-cp1252'].includes(l)) {
    return 'windows-1252';
  }
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  // A page saved as UTF-16 can't declare that in ASCII-compatible meta; browsers use UTF-8.
  if (l.startsWith('utf-16')) return 'utf-8';
  return l;
}

/**
 * Legacy encodings a browser honours in `<meta charset>` (WHATWG Encoding Standard labels,
 * lower case; windows-1252 and UTF-8 labels are handled by `canonicalLabel`). Any other
 * label is ignored, as browsers ignore it: iconv-lite knows many encodings no browser
 * decodes HTML in, and some are dangerous here. UTF-7 turns "+ADw-script+AD4-" into
 * "<script>", and "base64" or "hex" would turn the page into a different text altogether.
 */
const BROWSER_LEGACY_LABELS = new Set([
  'ibm866', '866', 'cp866', 'csibm866',
  'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8', 'iso-8859-10',
  'iso-8859-9', 'iso-8859-11', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'latin5', 'latin2', 'latin3', 'latin4', 'latin6', 'latin9',
  'cyrillic', 'arabic', 'greek', 'hebrew', 'l2', 'l3', 'l4', 'l6', 'l9',
  'koi8-r', 'koi8-u', 'koi8', 'koi', 'cskoi8r', 'macintosh', 'mac', 'x-mac-roman', 'x-mac-cyrillic',
  'windows-874', 'tis-620', 'dos-874',
  'windows-1250', 'windows-1251', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258',
  'cp1250', 'cp1251', 'cp1253', 'cp1254', 'cp1255', 'cp1256', 'cp1257', 'cp1258', 'x-cp1250', 'x-cp1251',
  'gbk', 'gb2312', 'gb_2312', 'gb_2312-80', 'chinese', 'csgb2312', 'x-gbk', 'gb18030', 'big5', 'big5-hkscs', 'cn-big5', 'x-x-big5',
  'euc-jp', 'x-euc-jp', 'shift_jis', 'shift-jis', 'sjis', 'ms_kanji', 'csshiftjis', 'windows-31j', 'x-sjis', 'ms932',
  'euc-kr', 'ks_c_5601-1987', 'korean', 'windows-949', 'cseuckr',
]);

export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const m = META_CHARSET.exec(head);
  return m ? canonicalLabel(m[1]) : null;
}

/** WHATWG index-windows-1252 for 0x80-0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D map to themselves). */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** windows-1252 as browsers decode it: latin1, except 0x80-0x9F per the table above. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
    .toString('latin1')
    .replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** Decode with a canonical label (see canonicalLabel); windows-1252 by the WHATWG table. */
function decodeAs(buf: Buffer, label: string): string {
  if (label === 'utf-8') return buf.toString('utf8');
  if (label === 'windows-1252') return decodeWindows1252(buf);
  return iconv().decode(buf, label);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeBytes(bytes: Uint8Array, { sniffMeta = true } = {}): Decoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8', from: 'bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv().decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le', from: 'bom' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv().decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be', from: 'bom' };

  if (sniffMeta) {
    const label = sniffMetaCharset(buf);
    // utf-8 and windows-1252 are decoded here (iconv-lite knows both): iconv-lite loads only for the others.
    if (label && (label === 'utf-8' || label === 'windows-1252' || (BROWSER_LEGACY_LABELS.has(label) && iconv().encodingExists(label)))) {
      return { text: decodeAs(buf, label), encoding: label, from: 'meta' };
    }
  }
  try {
    return { text: utf8Strict.decode(buf), encoding: 'utf-8', from: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(buf), encoding: 'windows-1252', from: 'fallback' };
  }
}
