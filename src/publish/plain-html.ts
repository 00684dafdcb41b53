/**
 * Plain HTML, rewritten without building a DOM: the markup the site writes
 * itself (templates, markdown-it, linkify) re-serialized exactly as parse5
 * (cheerio's default parser) would parse and serialize it, with some
 * attribute values replaced. Only a subset is taken: well-nested elements
 * of a fixed list, double-quoted or empty attributes, a few character
 * references; none of the cases where the HTML parser would mend the
 * markup (a block closing an open <p>, a list item outside a list, <a> in
 * <a>, a heading in a heading, tables, forms, foreign content, comments,
 * CR or NUL). Anything else gives null, and the caller uses the DOM.
 *
 * One pass over the input, linear in its length.
 */

/** Elements the subset allows, with no end tag. */
const VOID = new Set(['br', 'img', 'hr', 'wbr']);

/** Elements the subset allows, with an end tag (style: raw text). */
const ELEMENTS = new Set([
  'a', 'abbr', 'article', 'aside', 'b', 'blockquote', 'cite', 'code', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'i', 'ins', 'kbd', 'li', 'main', 'mark', 'nav',
  'ol', 'p', 'pre', 'q', 's', 'samp', 'section', 'small', 'span', 'strong', 'style', 'sub', 'summary', 'sup', 'time', 'u', 'ul', 'var',
]);

/** Start tags that close an open <p> (the parser would end the paragraph there). */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure',
  'footer', 'header', 'hgroup', 'main', 'menu', 'nav', 'ol', 'p', 'search', 'section', 'summary', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'pre', 'listing', 'form', 'hr', 'li', 'dd', 'dt', 'table', 'xmp', 'plaintext',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Where a <style> element's raw text ends (searched from its start tag on). */
const STYLE_END = /<\/style/gi;

/** Named references the subset decodes (always with their semicolon). */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Escaping as parse5 serializes (the `entities` package's escapeText and escapeAttribute). */
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', '\u00a0': '&nbsp;' };
const escapeText = (s: string) => s.replace(/[&<>\u00a0]/g, (c) => TEXT_ESCAPES[c]);
const escapeAttribute = (s: string) => s.replace(/["&\u00a0]/g, (c) => ATTRIBUTE_ESCAPES[c]);

/** A code point a numeric reference may name here: no control character, surrogate, noncharacter or Windows-1252 remap. */
function plainCodePoint(cp: number): boolean {
  if (cp === 9 || cp === 10) return true;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  return cp <= 0x10ffff && (cp & 0xfffe) !== 0xfffe;
}

const isNameStart = (c: number) => c >= 0x61 && c <= 0x7a;
const isNameChar = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39);
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c;

/** Text or an attribute value (`from`..`to`) with its references decoded; null when it holds what the subset leaves out. */
function decode(html: string, from: number, to: number): string | null {
  let out = '';
  let at = from;
  for (let i = from; i < to; i++) {
    const c = html.charCodeAt(i);
    if (c === 0x0d || c === 0) return null;
    if (c !== 0x26) continue;
    const semi = html.indexOf(';', i);
    if (semi === -1 || semi >= to || semi - i > 9) return null;
    const ref = html.slice(i + 1, semi);
    let ch: string | undefined;
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const digits = ref.slice(hex ? 2 : 1);
      if (!digits || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
      const cp = parseInt(digits, hex ? 16 : 10);
      if (!plainCodePoint(cp)) return null;
      ch = String.fromCodePoint(cp);
    } else {
      ch = Object.hasOwn(NAMED, ref) ? NAMED[ref] : undefined;
      if (ch === undefined) return null;
    }
    out += html.slice(at, i) + ch;
    at = semi + 1;
    i = semi;
  }
  return out + html.slice(at, to);
}

/** Rewrites an attribute value of an element: returns the new value (the same string when unchanged). */
export type AttributeRewrite = (tag: string, name: string, value: string) => string;

interface Tag {
  name: string;
  /** Serialized attributes (` name="value"` each). */
  attrs: string;
  /** Just after the `>`. */
  end: number;
  changed: boolean;
}

/** The start tag at `lt` (`<` ... `>`), attributes canonical and rewritten; null outside the subset. */
function readStartTag(html: string, lt: number, rewrite: AttributeRewrite): Tag | null {
  let i = lt + 1;
  const nameStart = i;
  if (!isNameStart(html.charCodeAt(i))) return null;
  while (isNameChar(html.charCodeAt(i))) i++;
  const name = html.slice(nameStart, i);
  if (!ELEMENTS.has(name) && !VOID.has(name)) return null;
  let attrs = '';
  let changed = false;
  const seen = new Set<string>();
  for (;;) {
    const c = html.charCodeAt(i);
    if (c === 0x3e) return { name, attrs, end: i + 1, changed };
    if (!isSpace(c)) return null;
    while (isSpace(html.charCodeAt(i))) i++;
    if (html.charCodeAt(i) === 0x3e) continue;
    const attrStart = i;
    if (!isNameStart(html.charCodeAt(i))) return null;
    while (isNameChar(html.charCodeAt(i)) || html.charCodeAt(i) === 0x2d) i++;
    const attr = html.slice(attrStart, i);
    if (seen.has(attr)) return null;
    seen.add(attr);
    let value = '';
    let j = i;
    while (isSpace(html.charCodeAt(j))) j++;
    if (html.charCodeAt(j) === 0x3d) {
      j++;
      while (isSpace(html.charCodeAt(j))) j++;
      if (html.charCodeAt(j) !== 0x22) return null;
      const close = html.indexOf('"', j + 1);
      if (close === -1) return null;
      const decoded = decode(html, j + 1, close);
      if (decoded === null) return null;
      value = decoded;
      i = close + 1;
    } else {
      const c2 = html.charCodeAt(i);
      if (!isSpace(c2) && c2 !== 0x3e) return null;
    }
    const after = rewrite(name, attr, value);
    if (after !== value) changed = true;
    attrs += ` ${attr}="${escapeAttribute(after)}"`;
  }
}

/** Where the parser would mend the markup if `name` started here (`open`: the elements open, innermost last). */
function wouldBeMended(name: string, open: string[], pOpen: number, aOpen: number): boolean {
  const top = open[open.length - 1];
  if (pOpen > 0 && CLOSES_P.has(name)) return true;
  if (name === 'a' && aOpen > 0) return true;
  if (HEADINGS.has(name) && HEADINGS.has(top)) return true;
  if (name === 'li') return top !== 'ul' && top !== 'ol';
  if (name === 'dd' || name === 'dt') return top !== 'dl';
  return false;
}

/**
 * `html` with the attribute values `rewrite` returns, serialized as parse5
 * serializes the fragment; `changed`: whether any value changed. Null when
 * the markup is outside the subset (the caller falls back to a DOM).
 */
export function rewritePlainHtml(html: string, rewrite: AttributeRewrite): { html: string; changed: boolean } | null {
  let out = '';
  let changed = false;
  const open: string[] = [];
  let pOpen = 0;
  let aOpen = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) {
      const text = decode(html, i, textEnd);
      if (text === null) return null;
      out += escapeText(text);
    }
    if (lt === -1) break;
    if (html.charCodeAt(lt + 1) === 0x2f) {
      // An end tag: it must close the innermost open element, as written.
      const top = open[open.length - 1];
      if (top === undefined || !html.startsWith(`</${top}>`, lt)) return null;
      open.pop();
      if (top === 'p') pOpen--;
      if (top === 'a') aOpen--;
      out += `</${top}>`;
      i = lt + top.length + 3;
      continue;
    }
    const tag = readStartTag(html, lt, rewrite);
    if (!tag || wouldBeMended(tag.name, open, pOpen, aOpen)) return null;
    changed ||= tag.changed;
    out += `<${tag.name}${tag.attrs}>`;
    i = tag.end;
    if (tag.name === 'style') {
      // Raw text up to the first "</style", which must be the end tag as written.
      STYLE_END.lastIndex = i;
      const close = STYLE_END.exec(html)?.index ?? -1;
      if (close === -1 || !html.startsWith('</style>', close)) return null;
      const css = html.slice(i, close);
      if (css.includes('\r') || css.includes('\0')) return null;
      out += `${css}</style>`;
      i = close + '</style>'.length;
      continue;
    }
    if (VOID.has(tag.name)) continue;
    // The parser drops a newline right after <pre>.
    if (tag.name === 'pre' && html.charCodeAt(i) === 0x0a) return null;
    open.push(tag.name);
    if (tag.name === 'p') pOpen++;
    if (tag.name === 'a') aOpen++;
  }
  return open.length ? null : { html: out, changed };
}

/** The references rewritePlainHtml writes in text (escapeText), back to their characters. */
const TEXT_UNESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0' };

/**
 * The text of a fragment in the subset: its DOM's text nodes in document
 * order, a <style>'s CSS included (what domutils' textContent, cheerio's
 * `text()`, reads from parse5's DOM); null outside the subset. Read from
 * rewritePlainHtml's output, which is parse5's serialization of that DOM:
 * tags with double-quoted values holding no `"`, text escaped by
 * escapeText only, raw CSS up to its `</style>`, no comments.
 */
export function plainHtmlText(html: string): string | null {
  const plain = rewritePlainHtml(html, (_tag, _name, value) => value);
  if (!plain) return null;
  const out = plain.html;
  let text = '';
  let i = 0;
  while (i < out.length) {
    const lt = out.indexOf('<', i);
    text += out.slice(i, lt === -1 ? out.length : lt).replace(/&(?:amp|lt|gt|nbsp);/g, (ref) => TEXT_UNESCAPES[ref]);
    if (lt === -1) break;
    let gt = lt + 1;
    for (let quoted = false; quoted || out.charCodeAt(gt) !== 0x3e; gt++) if (out.charCodeAt(gt) === 0x22) quoted = !quoted;
    i = gt + 1;
    if (out.startsWith('<style', lt) && (out[lt + 6] === '>' || out[lt + 6] === ' ')) {
      const close = out.indexOf('</style>', i);
      text += out.slice(i, close);
      i = close + '</style>'.length;
    }
  }
  return text;
}
