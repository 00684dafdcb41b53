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
 * shows: an end tag `</p>` with no `<p>` open is an empty paragraph. (An
 * importer's `plain` may give the text that replaces an element's content,
 * as its callback would: read only when that content is text alone.)
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
/** NAMED's names with their semicolon. */
const NAMED_ENTITIES = Object.keys(NAMED).map((name) => [`${name};`, NAMED[name]] as const);

/** A tag of TAGS: its name (TAGS' own string), whether it is a block, whether it closes an open `<p>` (CLOSES_P). */
interface Tag {
  name: string;
  block: boolean;
  closesP: boolean;
}

/** TAGS by first letter and length (no two share both): a tag name is matched in place, with one comparison (no string cut out and looked up per tag). */
const TAG_AT: (Tag | undefined)[] = [];
/** TAG_AT's index of a name of `length` letters starting with the code `first` (a–z, length below 16). */
const tagSlot = (first: number, length: number) => (first - 97) * 16 + length;
for (const [name, block] of TAGS) {
  const slot = tagSlot(name.charCodeAt(0), name.length);
  if (TAG_AT[slot] !== undefined || name.length > 15) throw new Error(`simple-html: tag ${name} shares its first letter and length with ${TAG_AT[slot]?.name}`);
  TAG_AT[slot] = { name, block, closesP: CLOSES_P.has(name) };
}

/** The tag of TAGS written at `s[at, end)` (a name `[a-z][a-z0-9]*` or nothing, see nameEnd), or undefined. */
function knownTag(s: string, at: number, end: number): Tag | undefined {
  const length = end - at;
  if (length < 1 || length > 15) return undefined;
  const tag = TAG_AT[tagSlot(s.charCodeAt(at), length)];
  return tag !== undefined && (length === 1 || s.startsWith(tag.name, at)) ? tag : undefined;
}

/** An element's attributes as the parser keeps them (the first of a repeated name). */
export type Attributes = Record<string, string>;

/** A post's HTML read as text, and the http(s) targets of its links (mastodon-common.ts HtmlText). */
export interface SimpleText {
  /** The text before tidying (mastodon-common.ts tidies it). */
  raw: string;
  links: string[];
}

/**
 * The character of a numeric entity's code point, as the parser decodes it,
 * or null where the parser substitutes another character (NUL, surrogates,
 * the C1 range it reads as windows-1252, beyond Unicode).
 */
function codePoint(cp: number): string | null {
  if (cp === 0 || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return null;
  return String.fromCodePoint(cp);
}

/** The value of a hexadecimal digit's code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Where the entity entityAt last decoded ends (just after its semicolon). */
let entityEnd = 0;

/**
 * The entity at `at` (an `&`) decoded, its end in `entityEnd`, or null when
 * it is not one read here: `&name;` of NAMED, `&#` and 1-7 decimal digits,
 * `&#x` (or `X`) and 1-6 hexadecimal digits, each with its semicolon.
 */
function entityAt(s: string, at: number): string | null {
  if (s.charCodeAt(at + 1) !== 35 /* # */) {
    for (const [name, text] of NAMED_ENTITIES) {
      if (s.startsWith(name, at + 1)) {
        entityEnd = at + 1 + name.length;
        return text;
      }
    }
    return null;
  }
  const x = s.charCodeAt(at + 2);
  const hex = x === 120 || x === 88; // x X
  const radix = hex ? 16 : 10;
  const most = hex ? 6 : 7;
  const first = hex ? at + 3 : at + 2;
  let cp = 0;
  let k = first;
  for (; k - first < most; k++) {
    const c = s.charCodeAt(k);
    const v = hex ? hexValue(c) : c >= 48 && c <= 57 ? c - 48 : -1;
    if (v === -1) break;
    cp = cp * radix + v;
  }
  if (k === first || s.charCodeAt(k) !== 59 /* ; */) return null;
  entityEnd = k + 1;
  return codePoint(cp);
}

/** An attribute value with its entities decoded, or null when one is not read here. */
function attributeValue(v: string): string | null {
  if (!v.includes('&')) return v;
  let out = '';
  let i = 0;
  for (let j = v.indexOf('&'); j !== -1; j = v.indexOf('&', i)) {
    const text = entityAt(v, j);
    if (text === null) return null;
    out += v.slice(i, j) + text;
    i = entityEnd;
  }
  return out + v.slice(i);
}

/**
 * `attribs[key] = value` unless the tag already had `key` (the parser keeps
 * the first). A link's usual names are stored by name (a store the engine
 * can keep fast); no object has them before, so undefined means unset.
 */
function setFirst(attribs: Attributes, key: string, value: string): void {
  if (key === 'href') attribs.href ??= value;
  else if (key === 'class') attribs.class ??= value;
  else if (key === 'rel') attribs.rel ??= value;
  else if (!Object.prototype.hasOwnProperty.call(attribs, key)) attribs[key] = value;
}

/** The attributes of a tag whose attributes are not read (never written: see `keep`). */
const UNREAD: Attributes = Object.freeze({}) as Attributes;

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
 * an importer's callbacks act on the others. It may also answer a string:
 * the text that replaces the element's content (as a callback that sets its
 * first text child's text and drops the other children would), read here
 * only when that content is text alone, up to the element's end tag written
 * `</tag>` (else null).
 */
export function simpleHtmlText(html: string, isLink: (attribs: Attributes) => boolean, plain?: (tag: string, attribs: Attributes) => boolean | string): SimpleText | null {
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
    // (A tag right after the last one, as in `</span></a>`, is found without a search.)
    if (lt < i) lt = html.charCodeAt(i) === 60 /* < */ ? i : indexOr(html, '<', i);
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
      const text = entityAt(html, i);
      if (text === null) return null;
      out += text;
      added = true;
      i = entityEnd;
      continue;
    }
    if (html.charCodeAt(i + 1) === 47 /* / */) {
      // An end tag: `</name>`, white space allowed before the `>`.
      const e = nameEnd(html, i + 2);
      const name = knownTag(html, i + 2, e)?.name;
      if (name === undefined) return null;
      let k = e;
      while (isTagSpace(html.charCodeAt(k))) k++;
      if (html.charCodeAt(k) !== 62 /* > */) return null;
      i = k + 1;
      if (name === 'br') return null;
      // The innermost open element of that name (a loop from the top, which most end tags close: cheaper than lastIndexOf).
      let pos = stack.length - 1;
      while (pos >= 0 && stack[pos] !== name) pos--;
      if (pos !== -1) while (stack.length > pos) stack.pop(); // (not `length = pos`: a runtime call)
      else if (name === 'p') {
        // The parser opens and closes an empty paragraph.
        if (added) out += '\n';
      }
      continue;
    }
    const e = nameEnd(html, i + 1);
    const tag = knownTag(html, i + 1, e);
    if (tag === undefined) return null;
    const { name, block } = tag;
    // Attributes are read (decoded) only where they count: a link's, and every one the importer's `plain` looks at.
    const keep = plain !== undefined || name === 'a';
    // Only a kept tag's attributes are stored: the others share one empty object that nothing reads.
    const attribs: Attributes = keep ? {} : UNREAD;
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
        setFirst(attribs, key, value);
      }
      k = close + 1;
    }
    while (isTagSpace(html.charCodeAt(k))) k++;
    if (html.charCodeAt(k) === 47 /* / */) k++;
    if (html.charCodeAt(k) !== 62 /* > */) return null;
    i = k + 1;
    // The text that replaces the element's content, when `plain` gives one.
    let replaced: string | undefined;
    if (plain !== undefined) {
      const answer = plain(name, attribs);
      if (typeof answer === 'string') replaced = answer;
      else if (!answer) return null;
    }
    if (name === 'br') {
      out += '\n';
      added = true;
      continue;
    }
    if (tag.closesP) while (stack.length && stack[stack.length - 1] === 'p') stack.pop();
    else if (name === 'li') while (stack.length && stack[stack.length - 1] === 'li') stack.pop();
    stack.push(name);
    if (stack.length > MAX_DEPTH) return null;
    if (block && added) out += '\n';
    if (name === 'a' && isLink(attribs)) {
      const href = safeHttpUrl(attribs.href);
      if (href && !links.includes(href)) links.push(href);
    }
    if (replaced !== undefined) {
      // The content: one text node (some text, no markup) up to `</name>`, whose end tag the loop reads next.
      const close = indexOr(html, '<', i);
      if (close === i || html.charCodeAt(close + 1) !== 47 /* / */ || !html.startsWith(name, close + 2) || html.charCodeAt(close + 2 + name.length) !== 62 /* > */) return null;
      out += replaced;
      added = true;
      i = close;
    }
  }
  return { raw: out, links };
}
