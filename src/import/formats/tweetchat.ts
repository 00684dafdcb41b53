/**
 * TweetChat room page saved from the browser (tweetchat.com/room/<tag>,
 * 2009-2014): `div#stream > div.tweet[id=tweet_<id>]`, newest first. The
 * absolute time is only in `a.time[title]`; the visible text is relative.
 * The author's picture (`div.avatar img[src]`) is kept when the browser saved
 * it beside the page (a relative path; a web address is never kept).
 */
import type { Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult } from '../importer.ts';
import { findAllListed, findFirst, findFirstOfEachListed, hasClass, is, nodeText } from '../html-text.ts';
import { parseTwitterCreatedAt } from '../time.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { localFilePath, safeHttpUrl } from '../../model/entities.ts';
import { looksLikeHtml } from './html-sniff.ts';

const STATUS_ID = /\/status(?:es)?\/(\d+)/;
/** A row's opening tag in the raw text (see hidden-rows.ts). */
const ROW_MARKER = /<div\b(?=[^>]*\bclass=["'][^"']*\btweet\b)(?=[^>]*\bid=["']tweet_([^"']*)["'])[^>]*>/gi;

/** The same tag, for detection (not global: no lastIndex carried between files). */
const ROW_TAG = new RegExp(ROW_MARKER.source, 'i');

/** An `img` in a row's `div.avatar` (directly or in its link). */
function isAvatarImage(el: Element): boolean {
  if (el.name !== 'img') return false;
  for (let up = el.parent, n = 0; up && n < 3; up = up.parent, n++) if (up.type === 'tag' && up.name === 'div' && hasClass(up as Element, 'avatar')) return true;
  return false;
}

/** A row's parts: the author, the text, the time, the reply link and the avatar (first of each, in one walk). */
const ROW_PARTS = [is('a', 'user'), is('span', 'text'), is('a', 'time'), is('a', 'in-reply-to'), isAvatarImage];

function isTweet(el: Element): boolean {
  return el.name === 'div' && hasClass(el, 'tweet') && (el.attribs.id ?? '').startsWith('tweet_');
}

export const tweetchat: Importer = {
  name: 'tweetchat',
  description: 'TweetChat room page saved from the browser (div.tweet rows, newest first)',

  detect(file) {
    if (!looksLikeHtml(file)) return false;
    const head = file.head(65536);
    // A row as parse reads it (div.tweet with id="tweet_<id>"), not merely class="tweet":
    // a twitter.com page saved from a #tweetchat search has div.tweet elements too, but
    // none of them is a TweetChat row, and claiming it would keep nothing.
    return /tweetchat/i.test(head) && ROW_TAG.test(file.text);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    result.newestFirst = true;
    const root = file.document();
    result.title = nodeText(findFirst(root, is('title'))) || null;
    // The rows and their parts read off the document's list of elements: what findAll and findFirstOfEach find, without walking the tree.
    const list = file.elements();
    const rowAt = findAllListed(list, isTweet);
    const rows = rowAt.map((at) => list.elements[at]);
    rows.forEach((row, i) => {
      const position = i + 1;
      const line = file.lineAt(row.startIndex);
      result.found++;
      const skip = (code: string, message: string) =>
        result.skipped.push({ severity: 'warning', code, message, file: file.name, line, position });

      const id = row.attribs.id.slice('tweet_'.length);
      const [user, textEl, timeEl, reply, picture] = findFirstOfEachListed(list, rowAt[i], ROW_PARTS);
      const handle = user ? nodeText(user).replace(/^@/, '') : '';
      if (!handle) return skip('author-missing', `tweet ${id || position}: no author`);
      if (!textEl) return skip('text-missing', `tweet ${id || position}: no text`);
      const parsed = timeEl?.attribs.title ? parseTwitterCreatedAt(timeEl.attribs.title) : null;
      if (!parsed) return skip('time-unreadable', `tweet ${id || position}: time unreadable (${JSON.stringify(timeEl?.attribs.title ?? null)})`);

      const links: string[] = [];
      const text = nodeText(textEl, {
        linkText(a) {
          if (hasClass(a, 'link')) {
            const href = safeHttpUrl(a.attribs.href);
            if (href) links.push(href);
            return href ?? undefined;
          }
          return undefined;
        },
      });
      const replyTo = reply ? (STATUS_ID.exec(reply.attribs.href ?? '')?.[1] ?? null) : null;
      const avatarFile = localFilePath(picture?.attribs.src);
      result.messages.push({
        id: /^\d+$/.test(id) ? id : null,
        author: { handle, name: user?.attribs.title?.trim() || null, ...(avatarFile ? { avatar: { file: avatarFile } } : {}) },
        time: parsed.time,
        timePrecision: parsed.precision,
        text,
        url: safeHttpUrl(timeEl?.attribs.href),
        replyTo,
        links,
        position,
        line,
      });
    });
    reportHiddenRows(file, result, ROW_MARKER, rows.map((r) => r.startIndex), 'tweet');
    return result;
  },
};
