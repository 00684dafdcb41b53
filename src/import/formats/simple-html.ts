/**
 * The cheap path of mastodon-common.ts `htmlToText` for the common simple
 * markup of a post (`<p>`, `<a href>`, `<br>`, `<span>`, a few inline and
 * list tags, the usual entities): one scan of the string, no DOM. It gives
 * exactly the text and links the DOM path gives (htmlparser2 + html-text.ts
 * `nodeText`), and answers null for anything else (comments, other tags,
 * unquoted or single-quoted attributes, other entities, upper case, markup
 * nested deep), which then takes the DOM path.
 *
 * Why the output does not need the tree: `nodeText` reads text nodes, `<br>`
 * and the start of each block element in document order, and none of the
 * tags accepted here is dropped, replaced or skipped; so only the order of
 * start tags, text and entities matters. The parser's stack is still
 * mirrored (the implied closes of `<p>` and `<li>`) for the one place it
 * shows: an end tag `</p>` with no `<p>` open is an empty paragraph.
 * Checked against the DOM path on every corpus post and on generated
 * hostile markup (test/simple-html.test.ts).
 */
import { safeHttpUrl } from '../../model/entities.ts';

/** Tags read here, and whether each is a block (a line break before it when text came before). */
const TAGS = new Map<string, boolean>([
  ['p', true],
  ['blockquote', true],
  ['pre', true],
  ['li', true],
  ['br', false],
  ['a', false],
  ['span', false],
  ['em', false],
  ['strong', false],
  ['b', false],
  ['i', false],
  ['u', false],
  ['s', false],
  ['del', false],
  ['code', false],
  ['ul', false],
  ['ol', false],
]);

/** Start tags that close an open `<p>` on top of the parser's stack (htmlparser2's openImpliesClose, for the tags above). */
const CLOSES_P = new Set(['p', 'blockquote', 'pre', 'ul', 'ol']);

/** Deeper than this, the DOM path decides (it flattens markup nested too deep: nesting.ts). */
const MAX_DEPTH = 64;

/** The entities read here: with their semicolon, decoded the same in text and in attributes. */
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));/y;

/** An element's attributes as the parser keeps them (the first of a repeated name). */
export type Attributes = Record<string, string>;

/** A post's HTML read as text, and the http(s) targets of its links (mastodon-common.ts HtmlText). */
export interface SimpleText {
  /** The text before tidying (mastodon-common.ts tidies it). */
  raw: string;
  links: string[];
}

/**
 * The decoded code point of a numeric entity, as the parser decodes it, or
 * null where the parser substitutes another character (NUL, surrogates,
 * the C1 range it reads as windows-1252, beyond Unicode).
 */
function codePoint(digits: string, radix: number): string | null {
  const cp = parseInt(digits, radix);
  if (cp === 0 || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return null;
  return String.fromCodePoint(cp);
}

/** The entity at `at` decoded and where it ends, or null when it is not one read here. */
function entityAt(s: string, at: number): { text: string; end: number } | null {
  ENTITY.lastIndex = at;
  const m = ENTITY.exec(s);
  if (!m) return null;
  const text = m[1] ? NAMED[m[1]] : m[2] ? codePoint(m[2], 10) : codePoint(m[3], 16);
  return text === null ? null : { text, end: ENTITY.lastIndex };
}

/** An attribute value with its entities decoded, or null when one is not read here. */
function attributeValue(v: string): string | null {
  if (!v.includes('&')) return v;
  let out = '';
  let i = 0;
  for (let j = v.indexOf('&'); j !== -1; j = v.indexOf('&', i)) {
    const e = entityAt(v, j);
    if (!e) return null;
    out += v.slice(i, j) + e.text;
    i = e.end;
  }
  return out + v.slice(i);
}

/** White space inside a tag, as the parser's tokenizer reads it. */
const isTagSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Where a tag name (`[a-z][a-z0-9]*`) starting at `at` ends; `at` when there is none. */
function nameEnd(s: string, at: number): number {
  if (!isLower(s.charCodeAt(at))) return at;
  let k = at + 1;
  while (isLower(s.charCodeAt(k)) || isDigit(s.charCodeAt(k))) k++;
  return k;
}

/** Where an attribute name (`[a-z][a-z0-9-]*`) starting at `at` ends; `at` when there is none. */
function attributeNameEnd(s: string, at: number): number {
  if (!isLower(s.charCodeAt(at))) return at;
  let k = at + 1;
  for (let c = s.charCodeAt(k); isLower(c) || isDigit(c) || c === 45; c = s.charCodeAt(++k));
  return k;
}

/** Where `ch` is next in `s` from `from`, or the length of `s`. */
function indexOr(s: string, ch: string, from: number): number {
  const k = s.indexOf(ch, from);
  return k === -1 ? s.length : k;
}

/**
 * The text (untidied) and link targets of `html`, as the DOM path reads
 * them, or null when the markup is not the simple kind. `isLink(attribs)`
 * says whether an `<a>` counts as a link (not a mention or hashtag);
 * `plain(tag, attribs)`, when given, must accept every element (else null):
 * an importer's callbacks act on the others.
 */
export function simpleHtmlText(html: string, isLink: (attribs: Attributes) => boolean, plain?: (tag: string, attribs: Attributes) => boolean): SimpleText | null {
  if (html.includes('\0')) return null;
  const links: string[] = [];
  const stack: string[] = [];
  let out = '';
  let added = false;
  let i = 0;
  const n = html.length;
  // The next `<` and `&` at or after i (n: none).
  let lt = -1;
  let amp = -1;
  while (i < n) {
    if (lt < i) lt = indexOr(html, '<', i);
    if (amp < i) amp = indexOr(html, '&', i);
    // Text up to the next tag or entity.
    const j = lt < amp ? lt : amp;
    if (j > i) {
      out += html.slice(i, j);
      added = true;
      i = j;
      if (i === n) break;
    }
    if (i === amp) {
      const e = entityAt(html, i);
      if (!e) return null;
      out += e.text;
      added = true;
      i = e.end;
      continue;
    }
    if (html.charCodeAt(i + 1) === 47 /* / */) {
      // An end tag: `</name>`, white space allowed before the `>`.
      const e = nameEnd(html, i + 2);
      const name = html.slice(i + 2, e);
      if (!TAGS.has(name)) return null;
      let k = e;
      while (isTagSpace(html.charCodeAt(k))) k++;
      if (html.charCodeAt(k) !== 62 /* > */) return null;
      i = k + 1;
      if (name === 'br') return null;
      const pos = stack.lastIndexOf(name);
      if (pos !== -1) stack.length = pos;
      else if (name === 'p') {
        // The parser opens and closes an empty paragraph.
        if (added) out += '\n';
      }
      continue;
    }
    const e = nameEnd(html, i + 1);
    const name = html.slice(i + 1, e);
    const block = TAGS.get(name);
    if (block === undefined) return null;
    // Attributes are read (decoded) only where they count: a link's, and every one the importer's `plain` looks at.
    const keep = plain !== undefined || name === 'a';
    const attribs: Attributes = {};
    let k = e;
    for (;;) {
      // ` name="value"`: at least one white space before each.
      let a = k;
      while (isTagSpace(html.charCodeAt(a))) a++;
      if (a === k) break;
      const an = attributeNameEnd(html, a);
      if (an === a || html.charCodeAt(an) !== 61 /* = */ || html.charCodeAt(an + 1) !== 34 /* " */) break;
      const close = html.indexOf('"', an + 2);
      if (close === -1) break;
      if (keep) {
        const key = html.slice(a, an);
        const value = attributeValue(html.slice(an + 2, close));
        if (value === null) return null;
        if (!Object.prototype.hasOwnProperty.call(attribs, key)) attribs[key] = value;
      }
      k = close + 1;
    }
    while (isTagSpace(html.charCodeAt(k))) k++;
    if (html.charCodeAt(k) === 47 /* / */) k++;
    if (html.charCodeAt(k) !== 62 /* > */) return null;
    i = k + 1;
    if (plain && !plain(name, attribs)) return null;
    if (name === 'br') {
      out += '\n';
      added = true;
      continue;
    }
    if (CLOSES_P.has(name)) while (stack.length && stack[stack.length - 1] === 'p') stack.pop();
    else if (name === 'li') while (stack.length && stack[stack.length - 1] === 'li') stack.pop();
    stack.push(name);
    if (stack.length > MAX_DEPTH) return null;
    if (block && added) out += '\n';
    if (name === 'a' && isLink(attribs)) {
      const href = safeHttpUrl(attribs.href);
      if (href && !links.includes(href)) links.push(href);
    }
  }
  return { raw: out, links };
}
