/**
 * Tweets embedded in any HTML page (blogs, news, wikis) with Twitter's
 * embed code, as left when widgets.js never ran:
 *
 *   <blockquote class="twitter-tweet"><p lang="ja">text</p>
 *   &mdash; Name (@handle) <a href="https://twitter.com/handle/status/ID">January 26, 2019</a></blockquote>
 *
 * The page carries only the DAY a tweet was posted (the link text), so
 * messages keep day precision. The author comes from the "— Name (@handle)"
 * line, falling back to the status link's path. A blockquote with no
 * status link or no readable date cannot become a message and is skipped
 * with a diagnostic. This importer is generic: it sits near the end of the
 * registry so that specific formats are tried first.
 */
import type { AnyNode, Document, Element, Text } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import type { Author } from '../../model/transcript.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { findFirst, hasClass, nodeText, tidyText, titleText, type TextOptions } from '../html-text.ts';
import { parseLongDate, type ParsedTime } from '../time.ts';
import { looksLikeHtml } from './html-sniff.ts';

const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,30})\/status(?:es)?\/(\d{1,25})(?:[/?#]|$)/i;
const BYLINE_LEAD = /^[\s\u2014\u2013-]+/u;
const BYLINE_HANDLE = /\(@([A-Za-z0-9_]{1,30})\)$/u;

/** A byline read: the handle, and the name as the message gets it (trimmed, null when empty). */
interface Byline {
  name: string | null;
  handle: string;
}

/** A byline read once for every embed that has it, with the author its messages share (frozen). */
interface SharedByline extends Byline {
  author: Readonly<Author>;
}

/** The links of a message whose text has no pic.twitter.com link: one frozen empty list for all. */
const NO_LINKS: string[] = Object.freeze([]) as unknown as string[];

/**
 * "— Jane Doe (@jane)" split into the name and the handle, or null. In steps
 * (a single pattern with `(.*?)\s*` between runs of spaces backtracked cubically).
 */
function readByline(text: string): Byline | null {
  const s = text.replace(BYLINE_LEAD, '').trimEnd();
  const m = BYLINE_HANDLE.exec(s);
  return m ? { name: s.slice(0, m.index).trim() || null, handle: m[1] } : null;
}
const PIC_TEXT = /^(?:https?:\/\/)?(pic\.(?:twitter|x)\.com\/[A-Za-z0-9]+)$/;
const CHEAP_CHECK = /<blockquote[^>]+class\s*=\s*["']?[^"'>]*\btwitter-tweet\b/i;
/** The start of the status URL a message gets. */
const URL_HEAD = 'https://twitter.com/';

/** A status link read: the handle and the id in its path, and the URL the message gets. */
interface StatusLink {
  handle: string;
  id: string;
  url: string;
}

/** Is the UTF-16 code a word character ([A-Za-z0-9_])? */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * A link's `href` read as a tweet's status URL into `out` (as STATUS_URL reads it), or false.
 * Twitter's own form, "https://twitter.com/<handle>/status/<id>" then the end or one of `/?#`, is
 * read by character codes (no match array), and its first characters are the URL; any other
 * form goes through STATUS_URL.
 */
function readStatusLink(href: string, out: StatusLink): boolean {
  if (href.startsWith(URL_HEAD)) {
    const h = URL_HEAD.length;
    let j = h;
    while (j < href.length && isWordCode(href.charCodeAt(j))) j++;
    if (j > h && j - h <= 30 && href.startsWith('/status/', j)) {
      const k = j + 8;
      let d = k;
      for (let c = href.charCodeAt(d); c >= 48 && c <= 57; c = href.charCodeAt(++d));
      const next = href.charCodeAt(d);
      if (d > k && d - k <= 25 && (d === href.length || next === 47 || next === 63 || next === 35)) {
        out.handle = href.slice(h, j);
        out.id = href.slice(k, d);
        out.url = href.slice(0, d);
        return true;
      }
    }
  }
  const m = STATUS_URL.exec(href);
  if (!m) return false;
  out.handle = m[1];
  out.id = m[2];
  // Already in the form safeHttpUrl gives (the handle and id are word characters and digits).
  out.url = `${URL_HEAD}${m[1]}/status/${m[2]}`;
  return true;
}

function inside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Has the element nothing but text and comments in it? */
function onlyText(el: Element): boolean {
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) if (kids[i].type !== 'text' && kids[i].type !== 'comment') return false;
  return true;
}

/** The text of an element whose only child is text (as `nodeText` reads it before tidying), else undefined. */
function loneText(el: Element): string | undefined {
  const kids = el.children;
  return kids.length === 1 && kids[0].type === 'text' ? (kids[0] as Text).data : undefined;
}

/** Push the node's elements (tags, scripts and styles: what `findAll` looks at) so that popping yields them in document order. */
function pushElements(stack: Element[], node: Document | Element): void {
  const kids = node.children;
  for (let i = kids.length - 1; i >= 0; i--) {
    const t = kids[i].type;
    if (t === 'tag' || t === 'script' || t === 'style') stack.push(kids[i] as Element);
  }
}

/** Is the element an embed, `blockquote.twitter-tweet`? (The class as Twitter writes it is compared whole before the class list is searched.) */
function isEmbed(el: Element): boolean {
  if (el.name !== 'blockquote') return false;
  const c = el.attribs.class;
  return c === 'twitter-tweet' || (c !== undefined && hasClass(el, 'twitter-tweet'));
}

/**
 * The page's embeds, each given to `embed` as the walk meets it (in the order of
 * `findAll(root, isEmbed)`: it reads an embed while its elements were just visited), and the
 * page's first `<title>` (as `pageTitle` finds it: not under a script or style), in one walk
 * that stacks elements only.
 */
function scanPage(root: Document, embed: (bq: Element) => void): Element | undefined {
  let title: Element | undefined;
  const stack: Element[] = [];
  pushElements(stack, root);
  while (stack.length) {
    const el = stack.pop()!;
    if (el.type !== 'tag') {
      scanUnder(el, embed);
      continue;
    }
    if (isEmbed(el)) embed(el);
    else if (el.name === 'title' && !title) title = el;
    pushElements(stack, el);
  }
  return title;
}

/**
 * The embeds under a script or style element, in document order: after `<script/>` the parser
 * puts the elements that follow inside it, where `findAll` finds them (and `pageTitle` does not look).
 */
function scanUnder(node: Element, embed: (bq: Element) => void): void {
  const stack: Element[] = [];
  pushElements(stack, node);
  while (stack.length) {
    const el = stack.pop()!;
    if (isEmbed(el)) embed(el);
    pushElements(stack, el);
  }
}

/** Why an embed cannot be a message. */
interface Skip {
  skip: string;
  why: string;
}

/**
 * Reads a page's embeds one after the other. One reader per page keeps what every embed
 * needs (the page's dates and bylines, read once each; its text options; scratch arrays), so
 * that reading an embed allocates little more than its message: the messages of one byline
 * share one frozen author, and those without pictures one frozen empty link list.
 */
class EmbedReader {
  /** Dates by the status link's text, and by its text as written when that is its only child. */
  private readonly dates = new Map<string, ParsedTime | null>();
  private readonly rawDates = new Map<string, ParsedTime | null>();
  /** Bylines read, by the text children of a plain embed (see `plainParts`). */
  private readonly bylines = new Map<string, SharedByline | null>();
  /** The embed's text (its first `<p>`) and status link, while it is read. */
  private p: Element | undefined;
  private status: Element | undefined;
  /** The links of its text (pic.twitter.com), while it is read: `NO_LINKS` until there is one. */
  private links: string[] = NO_LINKS;
  /** The author-mismatch note of the last message read, if any. */
  note: string | undefined;

  /** The byline is the blockquote's text without the tweet's text and the status link. */
  private readonly bylineOptions: TextOptions = { skip: (el) => el === this.p || el === this.status };
  /** A pic.twitter.com link reads as its https URL, and joins the links. */
  private readonly textOptions: TextOptions = {
    linkText: (a) => {
      // Tidying only changes white space: text without "pic." cannot match.
      const lone = loneText(a);
      if (lone !== undefined && !lone.includes('pic.')) return undefined;
      const pic = PIC_TEXT.exec(nodeText(a));
      if (!pic) return undefined;
      const url = `https://${pic[1]}`;
      if (this.links === NO_LINKS) this.links = [];
      this.links.push(url);
      return url;
    },
  };

  /** The status link of the embed read last. */
  private readonly link: StatusLink = { handle: '', id: '', url: '' };

  /** Walk stack and the links found under the embed (first to last, `anchorCount` of them). */
  private readonly stack: AnyNode[] = [];
  private readonly anchors: Element[] = [];
  private anchorCount = 0;

  /** The embed's first `<p>`, with its links in `anchors`. */
  private parts(bq: Element): Element | undefined {
    const stack = this.stack;
    let p: Element | undefined;
    let top = 0;
    this.anchorCount = 0;
    const kids = bq.children;
    for (let i = kids.length - 1; i >= 0; i--) stack[top++] = kids[i];
    while (top) {
      const node = stack[--top];
      if (node.type !== 'tag') continue;
      const el = node as Element;
      if (!p && el.name === 'p') p = el;
      else if (el.name === 'a') this.anchors[this.anchorCount++] = el;
      const c = el.children;
      for (let i = c.length - 1; i >= 0; i--) stack[top++] = c[i];
    }
    return p;
  }

  /** The embed's `<p>` and byline text, when `plainParts` found Twitter's own markup. */
  private plainP: Element | undefined;
  private plainByline = '';

  /**
   * Twitter's own markup: the blockquote's children are one `<p>` (the text), one `<a>` with
   * nothing but text and comments in it (the link), and text (the byline) and comments. Then the
   * `<p>` is the first one, the `<a>` the only link outside it, and the byline the text children,
   * as `parts` and the byline's walk find them. Returns the `<a>` (with `plainP` and
   * `plainByline` set), else undefined (any other markup: `parts` reads it).
   */
  private plainParts(bq: Element): Element | undefined {
    let p: Element | undefined;
    let a: Element | undefined;
    let byline = '';
    const kids = bq.children;
    for (let i = 0; i < kids.length; i++) {
      const node = kids[i];
      if (node.type === 'text') byline += (node as Text).data;
      else if (node.type === 'tag') {
        const el = node as Element;
        if (el.name === 'p' && !p) p = el;
        else if (el.name === 'a' && !a && onlyText(el)) a = el;
        else return undefined;
      } else if (node.type !== 'comment') return undefined;
    }
    if (!p || !a) return undefined;
    this.plainP = p;
    this.plainByline = byline;
    return a;
  }

  private date(text: string): ParsedTime | null {
    let date = this.dates.get(text);
    if (date === undefined) {
      date = parseLongDate(text);
      this.dates.set(text, date);
    }
    return date;
  }

  /** The status link's date: by its text as written when it has no other child (no tidying each time), else by `date`. */
  private linkDate(status: Element): ParsedTime | null {
    const raw = loneText(status);
    if (raw === undefined) return this.date(nodeText(status));
    let date = this.rawDates.get(raw);
    if (date === undefined) {
      date = this.date(nodeText(status));
      this.rawDates.set(raw, date);
    }
    return date;
  }

  /** A plain embed's byline, by its text children (tidied and read once per different text). */
  private plainBylineRead(raw: string): SharedByline | null {
    let byline = this.bylines.get(raw);
    if (byline === undefined) {
      const read = readByline(tidyText(raw));
      byline = read && { ...read, author: Object.freeze({ handle: read.handle, name: read.name }) };
      this.bylines.set(raw, byline);
    }
    return byline;
  }

  /** One embed read into a message (at `position` and `line`, its note in `note`), or the reason it cannot be one. */
  read(bq: Element, position: number, line: number | undefined): ParsedMessage | Skip {
    this.note = undefined;
    const plain = this.plainParts(bq);
    let p: Element | undefined;
    let status: Element | undefined;
    const link = this.link;
    if (plain) {
      // Twitter's own markup: the text, the byline and the link, side by side.
      p = this.plainP;
      if (readStatusLink(plain.attribs.href ?? '', link)) status = plain;
    } else {
      p = this.parts(bq);
      // The status link follows the text (the last one outside it); links inside the text may point at other tweets.
      for (let i = this.anchorCount - 1; i >= 0 && !status; i--) {
        const a = this.anchors[i];
        if (p && inside(a, p)) continue;
        if (readStatusLink(a.attribs.href ?? '', link)) status = a;
      }
    }
    if (!status) return { skip: 'status-link-missing', why: `embedded tweet ${position}: no link to the tweet (twitter.com/<user>/status/<id>)` };
    const pathHandle = link.handle;
    const id = link.id;
    const url = link.url;
    const date = this.linkDate(status);
    if (!date) {
      const dateText = nodeText(status);
      return { skip: 'time-unreadable', why: `embedded tweet ${id}: date unreadable (${JSON.stringify(dateText.slice(0, 60))})` };
    }

    let m: Byline | null;
    let author: Author | undefined;
    if (plain) {
      const shared = this.plainBylineRead(this.plainByline);
      m = shared;
      author = shared?.author;
    } else {
      this.p = p;
      this.status = status;
      const byline = nodeText(bq, this.bylineOptions);
      this.p = this.status = undefined;
      m = readByline(byline);
    }
    const handle = m?.handle ?? pathHandle;
    if (m && m.handle !== pathHandle && m.handle.toLowerCase() !== pathHandle.toLowerCase()) {
      this.note = `embedded tweet ${id}: byline names @${m.handle} but the link is under @${pathHandle}; kept @${m.handle}`;
    }

    this.links = NO_LINKS;
    const text = p ? nodeText(p, this.textOptions) : '';
    const links = this.links;
    if (!text) {
      this.note = undefined;
      return { skip: 'text-missing', why: `embedded tweet ${id}: no text` };
    }
    return {
      id,
      author: author ?? { handle, name: m?.name ?? null },
      time: date.time,
      timePrecision: date.precision,
      text,
      url,
      replyTo: null,
      links,
      position,
      line,
    };
  }
}

export const twitterEmbed: Importer = {
  name: 'twitter-embed',
  description: 'Tweets embedded in any HTML page (blockquote.twitter-tweet), day precision',

  detect(file) {
    if (!looksLikeHtml(file) || !CHEAP_CHECK.test(file.text)) return false;
    return findFirst(file.document(), isEmbed) !== undefined;
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const reader = new EmbedReader();
    const title = scanPage(file.document(), (bq) => {
      const position = ++result.found;
      const line = file.lineAt(bq.startIndex);
      let outcome: ParsedMessage | Skip;
      try {
        outcome = reader.read(bq, position, line);
      } catch (err) {
        // E.g. markup nested too deep to walk: the element is still accounted for.
        outcome = { skip: 'unreadable', why: `embedded tweet ${position}: ${(err as Error).message}` };
      }
      if ('skip' in outcome) {
        result.skipped.push({ severity: 'warning', code: outcome.skip, message: outcome.why, file: file.name, line, position });
        return;
      }
      result.messages.push(outcome);
      if (reader.note) result.diagnostics.push({ severity: 'info', code: 'author-mismatch', message: reader.note, file: file.name, line, position });
    });
    result.title = titleText(title);
    return result;
  },
};
