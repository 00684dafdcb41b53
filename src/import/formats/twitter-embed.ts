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
import type { AnyNode, Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { findAll, findFirst, hasClass, nodeText, pageTitle, type TextOptions } from '../html-text.ts';
import { parseLongDate, type ParsedTime } from '../time.ts';

const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,30})\/status(?:es)?\/(\d{1,25})(?:[/?#]|$)/i;
const BYLINE_LEAD = /^[\s\u2014\u2013-]+/u;
const BYLINE_HANDLE = /\(@([A-Za-z0-9_]{1,30})\)$/u;

/**
 * "— Jane Doe (@jane)" split into the name and the handle, or null. In steps
 * (a single pattern with `(.*?)\s*` between runs of spaces backtracked cubically).
 */
function readByline(text: string): { name: string; handle: string } | null {
  const s = text.replace(BYLINE_LEAD, '').trimEnd();
  const m = BYLINE_HANDLE.exec(s);
  return m ? { name: s.slice(0, m.index).trimEnd(), handle: m[1] } : null;
}
const PIC_TEXT = /^(?:https?:\/\/)?(pic\.(?:twitter|x)\.com\/[A-Za-z0-9]+)$/;
const CHEAP_CHECK = /<blockquote[^>]+class\s*=\s*["']?[^"'>]*\btwitter-tweet\b/i;

function isEmbed(el: Element): boolean {
  return el.name === 'blockquote' && hasClass(el, 'twitter-tweet');
}

function inside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Why an embed cannot be a message. */
interface Skip {
  skip: string;
  why: string;
}

/**
 * Reads a page's embeds one after the other. One reader per page keeps what every embed
 * needs (the page's dates, read once each; its text options; scratch arrays), so that
 * reading an embed allocates little more than its message.
 */
class EmbedReader {
  private readonly dates = new Map<string, ParsedTime | null>();
  /** The embed's text (its first `<p>`) and status link, while it is read. */
  private p: Element | undefined;
  private status: Element | undefined;
  /** The links of its text (pic.twitter.com), while it is read. */
  private links: string[] = [];
  /** The author-mismatch note of the last message read, if any. */
  note: string | undefined;

  /** The byline is the blockquote's text without the tweet's text and the status link. */
  private readonly bylineOptions: TextOptions = { skip: (el) => el === this.p || el === this.status };
  /** A pic.twitter.com link reads as its https URL, and joins the links. */
  private readonly textOptions: TextOptions = {
    linkText: (a) => {
      const pic = PIC_TEXT.exec(nodeText(a));
      if (!pic) return undefined;
      const url = `https://${pic[1]}`;
      this.links.push(url);
      return url;
    },
  };

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

  private date(text: string): ParsedTime | null {
    let date = this.dates.get(text);
    if (date === undefined) {
      date = parseLongDate(text);
      this.dates.set(text, date);
    }
    return date;
  }

  /** One embed read into a message (at `position` and `line`, its note in `note`), or the reason it cannot be one. */
  read(bq: Element, position: number, line: number | undefined): ParsedMessage | Skip {
    this.note = undefined;
    const p = this.parts(bq);
    // The status link follows the text (the last one outside it); links inside the text may point at other tweets.
    let status: Element | undefined;
    let statusMatch: RegExpExecArray | null = null;
    for (let i = this.anchorCount - 1; i >= 0 && !statusMatch; i--) {
      const a = this.anchors[i];
      if (p && inside(a, p)) continue;
      statusMatch = STATUS_URL.exec(a.attribs.href ?? '');
      if (statusMatch) status = a;
    }
    if (!status || !statusMatch) return { skip: 'status-link-missing', why: `embedded tweet ${position}: no link to the tweet (twitter.com/<user>/status/<id>)` };
    const pathHandle = statusMatch[1];
    const id = statusMatch[2];
    const dateText = nodeText(status);
    const date = this.date(dateText);
    if (!date) return { skip: 'time-unreadable', why: `embedded tweet ${id}: date unreadable (${JSON.stringify(dateText.slice(0, 60))})` };

    this.p = p;
    this.status = status;
    const byline = nodeText(bq, this.bylineOptions);
    this.p = this.status = undefined;
    const m = readByline(byline);
    const handle = m?.handle ?? pathHandle;
    if (m && m.handle !== pathHandle && m.handle.toLowerCase() !== pathHandle.toLowerCase()) {
      this.note = `embedded tweet ${id}: byline names @${m.handle} but the link is under @${pathHandle}; kept @${m.handle}`;
    }

    const links: string[] = (this.links = []);
    const text = p ? nodeText(p, this.textOptions) : '';
    if (!text) {
      this.note = undefined;
      return { skip: 'text-missing', why: `embedded tweet ${id}: no text` };
    }
    return {
      id,
      author: { handle, name: m?.name.trim() || null },
      time: date.time,
      timePrecision: date.precision,
      text,
      // Already in the form safeHttpUrl gives (the handle and id are word characters and digits).
      url: `https://twitter.com/${pathHandle}/status/${id}`,
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
    if (!file.looksLikeHtml || !CHEAP_CHECK.test(file.text)) return false;
    return findFirst(file.document(), isEmbed) !== undefined;
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const root = file.document();
    result.title = pageTitle(root);
    const embeds = findAll(root, isEmbed);
    const reader = new EmbedReader();
    embeds.forEach((bq, i) => {
      const position = i + 1;
      const line = file.lineAt(bq.startIndex);
      result.found++;
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
    return result;
  },
};
