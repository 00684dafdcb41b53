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
import { Tokenizer } from 'htmlparser2';

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

export function limitNesting(text: string, soft = SOFT_DEPTH, hard = HARD_DEPTH): NestingResult {
  if (!mayNestDeeperThan(text, soft)) return { text, flattened: 0 };

  // `kept` mirrors htmlparser2's stack of open elements (only the tags it will see), top
  // last; it never grows much beyond `hard`. `all` also holds the blanked elements, so
  // that their end tags can be recognized and blanked too.
  const kept: Entry[] = [];
  const all: Entry[] = [];
  const foreign: boolean[] = [];
  const blank: [number, number][] = [];
  let flattened = 0;
  let open: Open | null = null;

  const closeKeptTop = () => {
    const e = kept.pop()!;
    e.closed = true;
    if (FOREIGN.has(e.name) || INTEGRATION.has(e.name)) foreign.pop();
  };
  /** The parser's handling of an end tag it sees: close up to the nearest open element of that name. */
  const parserClose = (name: string) => {
    for (let i = kept.length - 1; i >= 0; i--) {
      if (kept[i].name === name) {
        while (kept.length > i) closeKeptTop();
        return;
      }
    }
  };
  const tidyTop = () => {
    while (all.length && all[all.length - 1].closed) all.pop();
  };
  const endOpen = (end: number, selfClosing: boolean) => {
    if (!open) return;
    const { name, start, attributes } = open;
    open = null;
    if (VOID.has(name)) return;
    const depth = kept.length;
    tidyTop();
    if (!RAW_END.has(name) && (depth >= hard || (depth >= soft && !attributes))) {
      blank.push([start, end]);
      flattened++;
      if (!(selfClosing && foreign.at(-1))) all.push({ name, kept: false, closed: false });
      return;
    }
    const implied = IMPLIES_CLOSE.get(name);
    if (implied) while (kept.length && implied.has(kept[kept.length - 1].name)) closeKeptTop();
    const e: Entry = { name, kept: true, closed: false };
    if (FOREIGN.has(name)) foreign.push(true);
    else if (INTEGRATION.has(name)) foreign.push(false);
    kept.push(e);
    all.push(e);
    // htmlparser2 honours "/>" only in foreign content (svg, math).
    if (selfClosing && foreign.at(-1)) closeKeptTop();
  };

  const tokenizer = new Tokenizer(
    { xmlMode: false, decodeEntities: true },
    {
      onopentagname(start, endIndex) {
        open = { name: text.slice(start, endIndex).toLowerCase(), start: start - 1, attributes: false };
      },
      onattribname() {
        if (open) open.attributes = true;
      },
      onopentagend(endIndex) {
        endOpen(endIndex, false);
      },
      onselfclosingtag(endIndex) {
        endOpen(endIndex, true);
      },
      onclosetag(start, endIndex) {
        const name = text.slice(start, endIndex).toLowerCase();
        if (VOID.has(name)) return;
        tidyTop();
        for (let i = all.length - 1; i >= 0 && i >= all.length - END_TAG_SEARCH; i--) {
          const e = all[i];
          if (e.closed || e.name !== name) continue;
          if (!e.kept) {
            // The end of a blanked element: blank it too. Kept elements inside stay open, as
            // they do for the parser, which never sees this end tag.
            const gt = text.indexOf('>', endIndex);
            blank.push([start - 2, gt === -1 ? text.length - 1 : gt]);
            all.splice(i, 1);
            return;
          }
          break;
        }
        parserClose(name);
      },
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
  if (!blank.length) return { text, flattened: 0 };

  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of blank) {
    if (from < at) continue;
    parts.push(text.slice(at, from), text.slice(from, to + 1).replace(/[^\n]/g, ' '));
    at = to + 1;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), flattened };
}
