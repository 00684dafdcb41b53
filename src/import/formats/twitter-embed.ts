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
import type { Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { hasClass, nodeText } from '../html-text.ts';
import { parseLongDate } from '../time.ts';
import { safeHttpUrl } from '../../model/entities.ts';
import { elementsUnder, pageTitle, visitElementsUnder } from './twitter-html.ts';

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

/**
 * A predicate for `el === a || el === b`, made here so that the per-embed function has no
 * name of its own (tsx's keep-names gives each named closure a costly defineProperty).
 */
function either(a: Element | undefined, b: Element): (el: Element) => boolean {
  return (el) => el === a || el === b;
}

function inside(el: Element, ancestor: Element): boolean {
  for (let p = el.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

type Outcome = { message: ParsedMessage; note?: string } | { skip: string; why: string };

/** One embed read into a message (at `position` and `line`), or the reason it cannot be one. */
function readEmbed(bq: Element, position: number, line: number | undefined): Outcome {
  let p: Element | undefined;
  const anchors: Element[] = [];
  visitElementsUnder(bq, undefined, (el) => {
    if (!p && el.name === 'p') p = el;
    else if (el.name === 'a') anchors.push(el);
  });
  // The status link follows the text (the last one outside it); links inside the text may point at other tweets.
  let status: Element | undefined;
  let statusMatch: RegExpExecArray | null = null;
  for (let i = anchors.length - 1; i >= 0 && !statusMatch; i--) {
    const a = anchors[i];
    if (p && inside(a, p)) continue;
    statusMatch = STATUS_URL.exec(a.attribs.href ?? '');
    if (statusMatch) status = a;
  }
  if (!status || !statusMatch) return { skip: 'status-link-missing', why: `embedded tweet ${position}: no link to the tweet (twitter.com/<user>/status/<id>)` };
  const [, pathHandle, id] = statusMatch;
  const dateText = nodeText(status);
  const date = parseLongDate(dateText);
  if (!date) return { skip: 'time-unreadable', why: `embedded tweet ${id}: date unreadable (${JSON.stringify(dateText.slice(0, 60))})` };

  const byline = nodeText(bq, { skip: either(p, status) });
  const m = readByline(byline);
  const handle = m?.handle ?? pathHandle;
  const note =
    m && m.handle.toLowerCase() !== pathHandle.toLowerCase()
      ? `embedded tweet ${id}: byline names @${m.handle} but the link is under @${pathHandle}; kept @${m.handle}`
      : undefined;

  const links: string[] = [];
  const text = p
    ? nodeText(p, {
        linkText(a) {
          const pic = PIC_TEXT.exec(nodeText(a));
          if (!pic) return undefined;
          const url = `https://${pic[1]}`;
          links.push(url);
          return url;
        },
      })
    : '';
  if (!text) return { skip: 'text-missing', why: `embedded tweet ${id}: no text` };
  return {
    message: {
      id,
      author: { handle, name: m?.name.trim() || null },
      time: date.time,
      timePrecision: date.precision,
      text,
      url: safeHttpUrl(`https://twitter.com/${pathHandle}/status/${id}`),
      replyTo: null,
      links,
      position,
      line,
    },
    note,
  };
}

export const twitterEmbed: Importer = {
  name: 'twitter-embed',
  description: 'Tweets embedded in any HTML page (blockquote.twitter-tweet), day precision',

  detect(file) {
    if (!file.looksLikeHtml || !CHEAP_CHECK.test(file.text)) return false;
    for (const el of elementsUnder(file.document())) if (isEmbed(el)) return true;
    return false;
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const root = file.document();
    result.title = pageTitle(root);
    const embeds: Element[] = [];
    visitElementsUnder(root, undefined, (el) => {
      if (isEmbed(el)) embeds.push(el);
    });
    embeds.forEach((bq, i) => {
      const position = i + 1;
      const line = file.lineAt(bq.startIndex);
      result.found++;
      let outcome: Outcome;
      try {
        outcome = readEmbed(bq, position, line);
      } catch (err) {
        // E.g. markup nested too deep to walk: the element is still accounted for.
        outcome = { skip: 'unreadable', why: `embedded tweet ${position}: ${(err as Error).message}` };
      }
      if ('skip' in outcome) {
        result.skipped.push({ severity: 'warning', code: outcome.skip, message: outcome.why, file: file.name, line, position });
        return;
      }
      result.messages.push(outcome.message);
      if (outcome.note) result.diagnostics.push({ severity: 'info', code: 'author-mismatch', message: outcome.note, file: file.name, line, position });
    });
    return result;
  },
};
