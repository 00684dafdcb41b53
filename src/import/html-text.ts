/**
 * Plain text out of an export's HTML. Walks the htmlparser2 DOM directly
 * (faster than cheerio selections on hot paths) and never keeps markup:
 * scripts and styles are dropped, `<br>` becomes a newline, emoji images
 * become their `alt` text, and an importer may substitute a link's text
 * (e.g. the expanded URL behind a shortened one).
 */
import type { AnyNode, Element } from 'domhandler';

export interface TextOptions {
  /** Replacement text for an `<a>` element, or undefined to use its content. */
  linkText?: (a: Element) => string | undefined;
  /** Elements to leave out entirely (e.g. "a.hashtag" appended by the room). */
  skip?: (el: Element) => boolean;
}

/**
 * Never text. `title`, `textarea` and `xmp` are raw-text elements for htmlparser2: inside a
 * message body their "text" is unparsed markup (an unclosed `<xmp>` turns the rest of the page,
 * tags and attributes, into one text node), so they are dropped like scripts. `noembed` and
 * `noframes` are not shown by browsers. A `<title>` that `nodeText` is called on directly
 * (the page title) still reads as text.
 */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'textarea', 'xmp', 'noembed', 'noframes']);
const BLOCK_TAGS = new Set(['p', 'div', 'li', 'blockquote', 'tr', 'section', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre']);

const NO_OPTIONS: TextOptions = {};

/** Is the UTF-16 code `c` white space, as `\s` in a regex says? (Without a one-character string per test.) */
function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Does the element's class list contain `name`? (No allocation: this is on every hot path.) */
export function hasClass(el: Element, name: string): boolean {
  const c = el.attribs?.class;
  if (!c) return false;
  for (let i = c.indexOf(name); i !== -1; i = c.indexOf(name, i + 1)) {
    const end = i + name.length;
    if ((i === 0 || isSpace(c.charCodeAt(i - 1))) && (end === c.length || isSpace(c.charCodeAt(end)))) return true;
  }
  return false;
}

/**
 * The stack of `walk`, shared by every walk so that reading a message allocates no array: a
 * walk works above the part of the stack the walk that called it (through `linkText`) uses,
 * and leaves it as it found it. Entries are counted (`depth`), not cut off with `length`
 * (which gives the storage back), and cleared when popped so that no node outlives its page here.
 */
const STACK: AnyNode[] = [];
let depth = 0;

/**
 * The text in document order. Iterative (an explicit stack) so that a
 * hostile page nested 100,000 levels deep cannot overflow the call stack.
 */
function walk(root: AnyNode, opts: TextOptions): string {
  const stack = STACK;
  const base = depth;
  stack[depth++] = root;
  let out = '';
  /** Whether anything was added to `out` yet (an empty link replacement counts). */
  let added = false;
  try {
    while (depth > base) {
      const node = stack[--depth];
      stack[depth] = undefined!;
      if (node.type === 'text') {
        out += (node as unknown as { data: string }).data;
        added = true;
        continue;
      }
      if (node.type !== 'tag' && node.type !== 'root') continue;
      const el = node as Element;
      if (node.type === 'tag') {
        const tag = el.name.toLowerCase();
        if ((SKIP_TAGS.has(tag) && !(tag === 'title' && node === root)) || opts.skip?.(el)) continue;
        if (tag === 'br') {
          out += '\n';
          added = true;
          continue;
        }
        if (tag === 'img') {
          const alt = el.attribs.alt;
          if (alt && (hasClass(el, 'Emoji') || hasClass(el, 'emoji') || /^\p{Extended_Pictographic}/u.test(alt))) {
            out += alt;
            added = true;
          }
          continue;
        }
        if (tag === 'a' && opts.linkText) {
          const replacement = opts.linkText(el);
          if (replacement !== undefined) {
            out += replacement;
            added = true;
            continue;
          }
        }
        if (BLOCK_TAGS.has(tag) && added) out += '\n';
      }
      const kids = el.children;
      for (let i = kids.length - 1; i >= 0; i--) stack[depth++] = kids[i];
    }
  } finally {
    // Cleared also when a callback threw.
    while (depth > base) stack[--depth] = undefined!;
  }
  return out;
}

/**
 * A run of white space tidyText may change: two or more of its characters in
 * a row, or one that is neither a space nor a line break. (One space or one
 * line break alone is already tidy.)
 */
const UNTIDY_RUN = /[\t-\r \u00a0]{2,}|[\t\v\f\r\u00a0]/g;

/**
 * What one run of white space (as UNTIDY_RUN finds it) becomes: a space when
 * it holds no line break, else its line breaks (`\r\n` and a lone `\r` are
 * one each), at most two.
 */
function tidyRun(run: string): string {
  let breaks = 0;
  for (let i = 0; i < run.length && breaks < 2; i++) {
    const c = run.charCodeAt(i);
    if (c === 10 || (c === 13 && run.charCodeAt(i + 1) !== 10)) breaks++;
  }
  return breaks === 0 ? ' ' : breaks === 1 ? '\n' : '\n\n';
}

/**
 * Normalize whitespace: collapse runs, keep single line breaks, trim. One
 * pass over the runs that change (the same text as `\r\n?` to `\n`, runs of
 * `[ \t\f\v\u00a0]` to one space, spaces around a line break dropped, three
 * or more line breaks to two, then trim).
 */
export function tidyText(s: string): string {
  const re = UNTIDY_RUN;
  re.lastIndex = 0;
  let m = re.exec(s);
  if (m === null) return s.trim();
  let out = '';
  let last = 0;
  do {
    const run = m[0];
    const tidy = tidyRun(run);
    if (tidy !== run) {
      out += s.slice(last, m.index) + tidy;
      last = m.index + run.length;
    }
    m = re.exec(s);
  } while (m !== null);
  return (last === 0 ? s : out + s.slice(last)).trim();
}

/**
 * The text of an element whose only child is text and that `walk` reads as its content (no
 * tag of its own to drop or replace): most links and spans of a chat page. Else undefined.
 */
function loneText(node: AnyNode, opts: TextOptions): string | undefined {
  if (node.type !== 'tag') return undefined;
  const el = node as Element;
  const kids = el.children;
  if (kids.length !== 1 || kids[0].type !== 'text') return undefined;
  const tag = el.name.toLowerCase();
  if (SKIP_TAGS.has(tag) || tag === 'br' || tag === 'img' || (tag === 'a' && opts.linkText) || opts.skip) return undefined;
  return (kids[0] as unknown as { data: string }).data;
}

/** The visible plain text of a node (entities already decoded by the parser). */
export function nodeText(node: AnyNode | undefined | null, opts: TextOptions = NO_OPTIONS): string {
  if (!node) return '';
  return tidyText(loneText(node, opts) ?? walk(node, opts));
}

/** Push a node's children so that popping yields them in document order. */
function pushChildren(stack: AnyNode[], node: AnyNode): void {
  const kids = (node as Element).children;
  if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
}

/**
 * Every element under `root` in document order, iteratively (a file that is
 * not really HTML, an IRC log's `<nick>`, nests thousands of unclosed
 * elements deep), with a callback rather than a generator (the hot paths:
 * yields cost more than the walk). `prune` leaves an element and its
 * subtree out; `visit` returns true to stop.
 */
export function visitElements(root: AnyNode, prune: ((el: Element) => boolean) | undefined, visit: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [];
  pushChildren(stack, root);
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    const el = node as Element;
    if (prune?.(el)) continue;
    if (visit(el)) return;
    pushChildren(stack, el);
  }
}

/** The page's `<title>` text, or null. */
export function pageTitle(root: AnyNode): string | null {
  return titleText(findFirst(root, (el) => el.name === 'title'));
}

/** A title element's text, or null (none, empty, or unreadable): `pageTitle` for a title already found. */
export function titleText(title: Element | null | undefined): string | null {
  if (!title) return null;
  try {
    return nodeText(title) || null;
  } catch {
    return null;
  }
}

/** Depth-first search (document order) for descendants matching a predicate; iterative, no CSS engine. */
export function findAll(root: AnyNode, pred: (el: Element) => boolean, out: Element[] = []): Element[] {
  const stack: AnyNode[] = [];
  pushChildren(stack, root);
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (pred(node as Element)) out.push(node as Element);
      pushChildren(stack, node);
    }
  }
  return out;
}

/** The first descendant (document order) matching a predicate. */
export function findFirst(root: AnyNode, pred: (el: Element) => boolean): Element | undefined {
  const stack: AnyNode[] = [];
  pushChildren(stack, root);
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'tag') {
      if (pred(node as Element)) return node as Element;
      pushChildren(stack, node);
    }
  }
  return undefined;
}

/**
 * For each predicate, its first match (as `findFirst` finds it), in one walk
 * that stops once every predicate has matched: a message element's parts.
 */
export function findFirstOfEach(root: AnyNode, preds: readonly ((el: Element) => boolean)[]): (Element | undefined)[] {
  return firstOfEach(root, preds.length, (el, i) => preds[i](el));
}

/**
 * `findFirstOfEach` with a class-name predicate each (`hasClass(el, name)`): for each name, the
 * first descendant whose class list has it, in one walk that stops once every name has matched.
 * An element without a class attribute costs no test.
 */
export function findFirstByClass(root: AnyNode, names: readonly string[]): (Element | undefined)[] {
  return firstOfEach(root, names.length, (el, i) => hasClass(el, names[i]), (el) => Boolean(el.attribs.class));
}

/** For each of `n` tests, the first element (document order) passing it; elements failing `gate` are not tested. */
function firstOfEach(root: AnyNode, n: number, test: (el: Element, i: number) => boolean, gate?: (el: Element) => boolean): (Element | undefined)[] {
  const found: (Element | undefined)[] = new Array(n).fill(undefined);
  let left = n;
  const stack: AnyNode[] = [];
  pushChildren(stack, root);
  while (stack.length && left) {
    const node = stack.pop()!;
    if (node.type !== 'tag') continue;
    const el = node as Element;
    if (!gate || gate(el)) {
      for (let i = 0; i < n; i++) {
        if (found[i] === undefined && test(el, i)) {
          found[i] = el;
          left--;
        }
      }
    }
    pushChildren(stack, node);
  }
  return found;
}

/**
 * A document's elements (tags, scripts and styles) in document order, as the
 * parser made them (ExportFile.elements()), and for each the index just past
 * its last descendant: the descendants of `elements[i]` are
 * `elements[i + 1 .. ends[i] - 1]`. What `findAll` and `findFirstOfEach` find
 * by walking the tree, read off a list: no stack, no text nodes.
 */
export interface ElementList {
  elements: Element[];
  ends: number[];
}

/** `findAll(document, pred)` over the document's list: the indexes of the elements matching, in document order. */
export function findAllListed(list: ElementList, pred: (el: Element) => boolean): number[] {
  const out: number[] = [];
  const { elements } = list;
  for (let i = 0; i < elements.length; i++) if (pred(elements[i])) out.push(i);
  return out;
}

/**
 * `findFirstOfEach(list.elements[at], preds)` over the list: what it finds,
 * the same way (scripts and styles, and whatever the parser put inside them,
 * are not looked at).
 */
export function findFirstOfEachListed(list: ElementList, at: number, preds: readonly ((el: Element) => boolean)[]): (Element | undefined)[] {
  const n = preds.length;
  const found: (Element | undefined)[] = new Array(n).fill(undefined);
  const { elements, ends } = list;
  let left = n;
  for (let k = at + 1; k < ends[at] && left; k++) {
    const el = elements[k];
    if (el.type !== 'tag') {
      k = ends[k] - 1;
      continue;
    }
    for (let i = 0; i < n; i++) {
      if (found[i] === undefined && preds[i](el)) {
        found[i] = el;
        left--;
      }
    }
  }
  return found;
}

/** Predicate: tag (optional, '*' for any) with a class. */
export function is(tag: string, className?: string): (el: Element) => boolean {
  return (el) => (tag === '*' || el.name === tag) && (className === undefined || hasClass(el, className));
}
