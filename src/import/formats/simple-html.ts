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
const START = /<([a-z][a-z0-9]*)/y;
const END = /<\/([a-z][a-z0-9]*)[ \t\n\f\r]*>/y;
const ATTRIBUTE = /[ \t\n\f\r]+([a-z][a-z0-9-]*)="([^"]*)"/y;
const TAG_END = /[ \t\n\f\r]*(\/?)>/y;

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
      END.lastIndex = i;
      const m = END.exec(html);
      if (!m || !TAGS.has(m[1])) return null;
      const name = m[1];
      i = END.lastIndex;
      if (name === 'br') return null;
      const pos = stack.lastIndexOf(name);
      if (pos !== -1) stack.length = pos;
      else if (name === 'p') {
        // The parser opens and closes an empty paragraph.
        if (added) out += '\n';
      }
      continue;
    }
    START.lastIndex = i;
    const m = START.exec(html);
    if (!m) return null;
    const name = m[1];
    const block = TAGS.get(name);
    if (block === undefined) return null;
    let k = START.lastIndex;
    const attribs: Attributes = {};
    for (;;) {
      ATTRIBUTE.lastIndex = k;
      const a = ATTRIBUTE.exec(html);
      if (!a) break;
      const value = attributeValue(a[2]);
      if (value === null) return null;
      if (!Object.prototype.hasOwnProperty.call(attribs, a[1])) attribs[a[1]] = value;
      k = ATTRIBUTE.lastIndex;
    }
    TAG_END.lastIndex = k;
    if (!TAG_END.exec(html)) return null;
    i = TAG_END.lastIndex;
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
