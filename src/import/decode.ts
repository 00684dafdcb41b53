/**
 * Turn an export's bytes into text the way a browser would: a byte-order
 * mark wins, then a `<meta charset>` in the first 1024 bytes, then strict
 * UTF-8, then windows-1252. iconv-lite does the legacy decoding because
 * Node 20's own TextDecoder('windows-1252') maps 0x80-0x9F wrongly.
 */
import iconv from 'iconv-lite';

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

export function sniffMetaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const m = META_CHARSET.exec(head);
  return m ? canonicalLabel(m[1]) : null;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeBytes(bytes: Uint8Array, { sniffMeta = true } = {}): Decoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8', from: 'bom' };
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le', from: 'bom' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be', from: 'bom' };

  if (sniffMeta) {
    const label = sniffMetaCharset(buf);
    if (label && iconv.encodingExists(label)) {
      return { text: label === 'utf-8' ? buf.toString('utf8') : iconv.decode(buf, label), encoding: label, from: 'meta' };
    }
  }
  try {
    return { text: utf8Strict.decode(buf), encoding: 'utf-8', from: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'windows-1252'), encoding: 'windows-1252', from: 'fallback' };
  }
}
