/**
 * Bounds how deeply nested the markup is that reaches the HTML parser.
 *
 * htmlparser2 keeps its stack of open elements as an array it `unshift`s and
 * `shift`s at the front, so each start tag costs time proportional to the
 * current depth: a page nested 200,000 levels deep (a few MB of `<span>`)
 * takes minutes to parse, and recursive walkers over such a tree overflow the
 * call stack. Browsers bound the depth too (Blink attaches elements deeper than
 * 512 levels to their ancestor).
 *
 * `parseBoundedHtml` parses an ordinary page once, as it is: while parsing it
 * watches the depth of the parser's stack, and only a page that gets deeper
 * than half of SOFT_DEPTH is parsed again, through `limitNesting`.
 *
 * `limitNesting` returns the text unchanged for any ordinary page (a cheap scan
 * first proves the depth stays below SOFT_DEPTH). Otherwise it tokenizes the
 * text with htmlparser2's own tokenizer, mirrors the parser's stack, and blanks
 * out (with spaces, keeping line breaks, so offsets and line numbers stay
 * right) the start and end tags that would nest too deep:
 * - beyond SOFT_DEPTH, tags without attributes (pure wrappers such as `<span>`,
 *   `<div>`, `<b>`): the structure that carries data (classes, ids) survives;
 * - beyond HARD_DEPTH, every tag.
 * Text is never removed. Raw-text elements (script, style, title, textarea,
 * xmp) are never blanked: their content would become markup.
 */
import { htmlParser, type Options } from './html-parser.ts';
import type { Document, Element } from 'domhandler';
import type { ElementList } from './html-text.ts';

const { DomHandler, Parser, Tokenizer } = htmlParser;

export const SOFT_DEPTH = 256;
export const HARD_DEPTH = 1024;

export interface NestingResult {
  text: string;
  /** Start tags blanked out (0: the text is the input, unchanged). */
  flattened: number;
}

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const RAW_TEXT = ['script', 'style', 'title', 'textarea', 'xmp'];
const RAW_END = new Map(RAW_TEXT.map((t) => [t, new RegExp(`</${t}`, 'gi')]));
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

// htmlparser2's `openImpliesClose`: a start tag closes these open elements on top of the stack.
const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dd', 'dt'])],
  ['dt', new Set(['dd', 'dt'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, Set<string>] => [t, FORM]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t): [string, Set<string>] => [t, P],
  ),
]);

const TAG = /<!--|<(\/?)([A-Za-z][^\s/>]*)/g;

/**
 * A cheap upper bound check: could the parser's stack reach `limit`? Counts
 * unclosed non-void start tags, closing only on a matching end tag near the top
 * (so it over-counts pages that leave `<p>` or `<li>` open: they take the exact
 * path, which is merely slower).
 */
export function mayNestDeeperThan(text: string, limit: number): boolean {
  const stack: string[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (m[0] === '<!--') {
      const end = text.indexOf('-->', TAG.lastIndex);
      if (end === -1) return false;
      TAG.lastIndex = end + 3;
      continue;
    }
    const name = m[2].toLowerCase();
    if (m[1]) {
      for (let i = stack.length - 1; i >= 0 && i >= stack.length - 8; i--) {
        if (stack[i] === name) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    if (VOID.has(name)) continue;
    const rawEnd = RAW_END.get(name);
    if (rawEnd) {
      rawEnd.lastIndex = TAG.lastIndex;
      if (!rawEnd.exec(text)) return false;
      TAG.lastIndex = rawEnd.lastIndex;
      continue;
    }
    stack.push(name);
    if (stack.length >= limit) return true;
  }
  return false;
}

interface Open {
  name: string;
  /** Index of `<` */
  start: number;
  attributes: boolean;
}

/** An element started in the text: kept (the parser sees it) or blanked. */
interface Entry {
  name: string;
  kept: boolean;
  /** Closed for the parser (by its end tag or implicitly). */
  closed: boolean;
}

/** How far below the top an end tag looks for its element among all open ones. */
const END_TAG_SEARCH = 1024;

/**
 * Follows the tags as htmlparser2 will see them, mirroring its stack of open
 * elements, and collects the tags to blank: a start tag that would nest too
 * deep, and the end tag of each blanked element.
 */
class NestingMirror {
  /** htmlparser2's stack of open elements (only the tags it will see), top last; it never grows much beyond `hard`. */
  private readonly kept: Entry[] = [];
  /** Also the blanked elements, so that their end tags can be recognized and blanked too. */
  private readonly all: Entry[] = [];
  /** Inside foreign content (svg, math: true) or an integration point (false), innermost last. */
  private readonly foreign: boolean[] = [];
  /** The start tag being read. */
  private open: Open | null = null;
  /** Ranges of the text to blank (first and last index, inclusive), in text order. */
  readonly blank: [number, number][] = [];
  /** Start tags blanked. */
  flattened = 0;

  constructor(
    private readonly text: string,
    private readonly soft: number,
    private readonly hard: number,
  ) {}

  /** A start tag's name was read (`start`: its first letter). */
  openTag(start: number, endIndex: number): void {
    this.open = { name: this.text.slice(start, endIndex).toLowerCase(), start: start - 1, attributes: false };
  }

  /** The start tag being read has an attribute. */
  attribute(): void {
    if (this.open) this.open.attributes = true;
  }

  /** The start tag ends at `end`: it is blanked when too deep, else pushed as the parser pushes it. */
  endOpen(end: number, selfClosing: boolean): void {
    if (!this.open) return;
    const { name, start, attributes } = this.open;
    this.open = null;
    if (VOID.has(name)) return;
    const depth = this.kept.length;
    this.tidyTop();
    if (!RAW_END.has(name) && (depth >= this.hard || (depth >= this.soft && !attributes))) {
      this.blank.push([start, end]);
      this.flattened++;
      if (!(selfClosing && this.foreign.at(-1))) this.all.push({ name, kept: false, closed: false });
      return;
    }
    const implied = IMPLIES_CLOSE.get(name);
    if (implied) while (this.kept.length && implied.has(this.kept[this.kept.length - 1].name)) this.closeKeptTop();
    const e: Entry = { name, kept: true, closed: false };
    if (FOREIGN.has(name)) this.foreign.push(true);
    else if (INTEGRATION.has(name)) this.foreign.push(false);
    this.kept.push(e);
    this.all.push(e);
    // htmlparser2 honours "/>" only in foreign content (svg, math).
    if (selfClosing && this.foreign.at(-1)) this.closeKeptTop();
  }

  /** An end tag: blanked when it ends a blanked element, else it closes as the parser closes. */
  closeTag(start: number, endIndex: number): void {
    const name = this.text.slice(start, endIndex).toLowerCase();
    if (VOID.has(name)) return;
    this.tidyTop();
    const all = this.all;
    for (let i = all.length - 1; i >= 0 && i >= all.length - END_TAG_SEARCH; i--) {
      const e = all[i];
      if (e.closed || e.name !== name) continue;
      if (!e.kept) {
        // The end of a blanked element: blank it too. Kept elements inside stay open, as
        // they do for the parser, which never sees this end tag.
        const gt = this.text.indexOf('>', endIndex);
        this.blank.push([start - 2, gt === -1 ? this.text.length - 1 : gt]);
        all.splice(i, 1);
        return;
      }
      break;
    }
    this.parserClose(name);
  }

  private closeKeptTop(): void {
    const e = this.kept.pop()!;
    e.closed = true;
    if (FOREIGN.has(e.name) || INTEGRATION.has(e.name)) this.foreign.pop();
  }

  /** The parser's handling of an end tag it sees: close up to the nearest open element of that name. */
  private parserClose(name: string): void {
    for (let i = this.kept.length - 1; i >= 0; i--) {
      if (this.kept[i].name === name) {
        while (this.kept.length > i) this.closeKeptTop();
        return;
      }
    }
  }

  /** Drops the closed elements off the top of `all`. */
  private tidyTop(): void {
    while (this.all.length && this.all[this.all.length - 1].closed) this.all.pop();
  }
}

/** Runs htmlparser2's tokenizer over the text, telling the mirror about each tag. */
function followTags(text: string, mirror: NestingMirror): void {
  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname: (start, endIndex) => mirror.openTag(start, endIndex),
      onattribname: () => mirror.attribute(),
      onopentagend: (endIndex) => mirror.endOpen(endIndex, false),
      onselfclosingtag: (endIndex) => mirror.endOpen(endIndex, true),
      onclosetag: (start, endIndex) => mirror.closeTag(start, endIndex),
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onprocessinginstruction() {},
      ontext() {},
      ontextentity() {},
    },
  );
  tokenizer.write(text);
  tokenizer.end();
}

/** The text with the ranges (inclusive, in order) replaced by spaces, line breaks kept; a range overlapping the one before is left out. */
function blankOut(text: string, ranges: [number, number][]): string {
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from < at) continue;
    parts.push(text.slice(at, from), text.slice(from, to + 1).replace(/[^\n]/g, ' '));
    at = to + 1;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The text with the tags that would nest too deep blanked (see the top of the file). */
export function limitNesting(text: string, soft = SOFT_DEPTH, hard = HARD_DEPTH): NestingResult {
  if (!mayNestDeeperThan(text, soft)) return { text, flattened: 0 };
  const mirror = new NestingMirror(text, soft, hard);
  followTags(text, mirror);
  if (!mirror.blank.length) return { text, flattened: 0 };
  return { text: blankOut(text, mirror.blank), flattened: mirror.flattened };
}

/** Past this depth of the parser's stack a page takes the exact path (limitNesting), well before SOFT_DEPTH. */
const WATCH_DEPTH = SOFT_DEPTH / 2;

/** Thrown from the handler to stop a parse that went deeper than WATCH_DEPTH. */
const TOO_DEEP = new Error('markup nested too deep');

/**
 * htmlparser2's DomHandler, listing the elements as it makes them (see
 * ElementList) and, when `watched`, stopping the parse once the stack of
 * open elements gets deeper than WATCH_DEPTH.
 */
class ListingHandler extends DomHandler {
  readonly list: ElementList = { elements: [], ends: [] };
  /** The list index of each open element, innermost last (as tagStack, without the document). */
  private readonly open: number[] = [];

  constructor(
    options: Options,
    private readonly watched: boolean,
  ) {
    super(undefined, options);
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the document and the parser's open elements.
    if (this.watched && this.tagStack.length > WATCH_DEPTH + 1) throw TOO_DEEP;
    const { elements, ends } = this.list;
    this.open.push(elements.length);
    elements.push(this.tagStack[this.tagStack.length - 1] as Element);
    ends.push(0);
  }

  override onclosetag(): void {
    super.onclosetag();
    this.list.ends[this.open.pop()!] = this.list.elements.length;
  }

  override onend(): void {
    super.onend();
    // Elements never closed end with the document.
    for (const at of this.open) this.list.ends[at] = this.list.elements.length;
    this.open.length = 0;
  }
}

export interface BoundedDocument {
  document: Document;
  /** The document's elements in document order (see ElementList). */
  list: ElementList;
  /** Start tags left out (see limitNesting): 0 for every ordinary page. */
  flattened: number;
}

/**
 * The document of `text`, as `parseDocument(limitNesting(text).text, options)`
 * gives it, in one pass for an ordinary page: the text is parsed as it is, and
 * a page whose elements nest deeper than WATCH_DEPTH is parsed again after
 * limitNesting. Below SOFT_DEPTH limitNesting changes nothing (it blanks only
 * tags that the parser would open at SOFT_DEPTH or deeper), so the first
 * parse's document is the same.
 */
export function parseBoundedHtml(text: string, options: Options): BoundedDocument {
  const handler = new ListingHandler(options, true);
  try {
    new Parser(handler, options).end(text);
    return { document: handler.root, list: handler.list, flattened: 0 };
  } catch (err) {
    if (err !== TOO_DEEP) throw err;
  }
  const limited = limitNesting(text);
  const exact = new ListingHandler(options, false);
  new Parser(exact, options).end(limited.text);
  return { document: exact.root, list: exact.list, flattened: limited.flattened };
}
