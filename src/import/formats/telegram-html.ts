/**
 * Telegram Desktop's HTML export of a chat: `messages.html`, then
 * `messages2.html`, `messages3.html`, … (1,000 entries a page). This
 * importer reads one page; pages listed together are merged by the
 * pipeline by message id (Telegram's ids are unique in a chat).
 *
 * A page's `div.history` holds, in order:
 * - `div.message.default[id=messageN]`: a message. Its author is in
 *   `div.from_name`, except in a `joined` continuation (same author within
 *   15 minutes), which takes the author of the message before it (for the
 *   first messages of a page, the last author of the page before it,
 *   `messages2.html` before `messages3.html`, read beside this one, with
 *   an `author-from-previous-page` note); its time
 *   in `div.date.details[title]` ("20.07.2019 17:25:23", since 2021 with
 *   " UTC+03:00": without an offset it is read in the jam's zone, else as
 *   UTC with a `time-zone-assumed` note); its text in `div.text` (links'
 *   addresses join the links, but not those of @mentions and #tags); a reply in `div.reply_to`
 *   (`GoToMessage(n)` / `#go_to_message<n>`, possibly on another page's
 *   file); media in `div.media_wrap`: photos, videos, animations and
 *   stickers kept as attachments (their relative path), media the export
 *   left out ("Not included, change data exporting settings to download")
 *   noted, and a message with no text and no kept media gets a placeholder
 *   text (`[photo not included in the export]`). A forwarded message's
 *   original author (`div.forwarded.body > div.from_name`) is not its
 *   author: the forwarder is, and a `forwarded` note names the original.
 * - `div.message.service`: joins, pins, title changes: found and skipped
 *   with a `system-message` note. Those with a negative id
 *   (`message-1`) are the date separators: not message elements at all.
 * - `a.pagination`: links to the previous and next page, each reported in a
 *   `page-link` note (the file named, so the caller can tell whether it was
 *   imported with this one).
 *
 * Ids are the numeric message id as a string. Handles are the names
 * (`from_name`; the HTML has no sender ids), made plausible where they are
 * not (see text-lines.ts's NameHandles); "Deleted Account" may be several
 * people, and a note says how many messages carry it.
 *
 * One pass over the page's element list (ExportFile.elements()): each
 * message element's parts are read off its own descendants; nothing
 * queries the whole document again.
 */
import { dirname, join } from 'node:path';
import type { Element } from 'domhandler';
import { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { hasClass, nodeText, titleText, type ElementList, type TextOptions } from '../html-text.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { zoneNote, zoneOf } from '../time.ts';
import { safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Author, Diagnostic } from '../../model/transcript.ts';
import { attachmentOf } from './discord-common.ts';
import { NameHandles } from './text-lines.ts';
import { DELETED_ACCOUNT, htmlDateWall, placeholder, shortPreview, wallToIso } from './telegram-common.ts';
import { looksLikeHtml } from './html-sniff.ts';

/** `message123` (a message or service entry) or `message-1` (a date separator). */
const ELEMENT_ID = /^message(-?)(\d{1,20})$/;
/** The message a reply link goes to: `GoToMessage(123)`. */
const GO_TO = /GoToMessage\((\d{1,20})\)/;
/** Or its href: `#go_to_message123`, or `messages2.html#go_to_message123` on another page. */
const GO_TO_HREF = /^(?:[^#]{0,200})#go_to_message(\d{1,20})$/;
/** A page of the export: `messages.html`, `messages2.html`. */
const PAGE_FILE = /^messages\d{0,6}\.html$/;
/** The bot a message came through, after the name in `from_name`: " via @gif". */
const VIA_BOT = / via @[A-Za-z0-9_]{1,64}$/;
/** A message element's opening tag in the raw text (see hidden-rows.ts). */
const MESSAGE_MARKER = /<div class="message (?:default|service)[^"]{0,200}" id="message(\d{1,20})"/g;
/** Classes of the links that hold a kept medium, the kind each one is, and its name. */
const MEDIA_LINKS: [string, Attachment['kind'], string][] = [
  ['photo_wrap', 'image', 'photo'],
  ['sticker_wrap', 'image', 'sticker'],
  ['video_file_wrap', 'video', 'video file'],
  ['animated_wrap', 'video', 'animation'],
];

/** Counts kept for the page's notes. */
interface Tally {
  notIncluded: Map<string, number>;
  dropped: Map<string, number>;
  naive: number;
  deleted: number;
}

/** What one message element became. */
type Outcome = { message: ParsedMessage; notes: Omit<Diagnostic, 'file'>[] } | { skip: string; why: string; severity: Diagnostic['severity']; id?: string };

/** Whether a link is a mention, hashtag or cashtag (`@name` linking to t.me): its address is no link of the message. */
function isTag(a: Element): boolean {
  const first = a.children[0];
  if (!first || first.type !== 'text') return false;
  const c = (first as unknown as { data: string }).data.trimStart().charCodeAt(0);
  return c === 64 || c === 35 || c === 36;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const isDiv = (el: Element, cls: string) => el.name === 'div' && hasClass(el, cls);

/** A message's media box read: what is kept, and its placeholder for a message without text. */
interface Media {
  attachments: Attachment[];
  links: string[];
  placeholder: string | null;
}

/**
 * Reads a page's elements (`ExportFile.elements()`), message by message.
 * Holds what the page's messages share: the zone, the handles, the author
 * a `joined` message continues, and the tally for the page's notes.
 */
class PageReader {
  private readonly elements: Element[];
  private readonly ends: number[];
  readonly handles = new NameHandles();
  readonly tally: Tally = { notIncluded: new Map(), dropped: new Map(), naive: 0, deleted: 0 };
  /** The author of the last message with its own `from_name`, for `joined` ones. */
  private lastAuthor: Author | null = null;
  /** Whether lastAuthor is the previous page's last author (no message of this page has named one yet). */
  private authorFromPrevious = false;
  /** Whether the previous page was looked at (once a page). */
  private askedPrevious = false;
  /** Links of the text being read (see `textOptions`). */
  private links: string[] = [];
  private readonly textOptions: TextOptions = {
    linkText: (a) => {
      const url = safeHttpUrl(a.attribs.href);
      if (url && !isTag(a)) this.links.push(url);
      return undefined;
    },
  };

  constructor(
    list: ElementList,
    private readonly zone: string,
    /** The previous page's name and its last author's name, or null; asked once, only when the page begins with `joined` messages. */
    private readonly previousPage: () => { page: string; name: string } | null = () => null,
  ) {
    this.elements = list.elements;
    this.ends = list.ends;
  }

  /** A service entry (`elements[at]`): a date separator (null: not a message element) or a skip. */
  service(at: number, id: string, negative: boolean, position: number): Outcome | null {
    if (negative) return null;
    const text = nodeText(this.elements[at]);
    return { skip: 'system-message', why: `message ${id || position}: a service entry (${shortPreview(text, 60)}), not a message`, severity: 'info', ...(id ? { id } : {}) };
  }

  /** One `div.message.default` (`elements[at]`) read into a message, or why it cannot be one. */
  message(at: number, id: string, position: number): Outcome {
    const { elements, ends } = this;
    const el = elements[at];
    const joined = hasClass(el, 'joined');
    let title: string | undefined;
    let fromName: Element | undefined;
    let forwardedFrom: Element | undefined;
    let reply = -1;
    let textEl: Element | undefined;
    let media: Media | null = null;
    let forwardedEnd = -1;
    for (let k = at + 1, end = ends[at]; k < end; k++) {
      const e = elements[k];
      if (e.type !== 'tag') {
        k = ends[k] - 1;
        continue;
      }
      if (!e.attribs.class) continue;
      const inForward = k < forwardedEnd;
      if (!inForward && hasClass(e, 'forwarded') && hasClass(e, 'body')) {
        forwardedEnd = ends[k];
      } else if (isDiv(e, 'from_name')) {
        if (inForward) forwardedFrom ??= e;
        else fromName ??= e;
        k = ends[k] - 1;
      } else if (title === undefined && !inForward && isDiv(e, 'date') && hasClass(e, 'details') && e.attribs.title !== undefined) {
        title = e.attribs.title;
        k = ends[k] - 1;
      } else if (reply < 0 && isDiv(e, 'reply_to')) {
        reply = k;
        k = ends[k] - 1;
      } else if (!media && isDiv(e, 'media_wrap')) {
        media = this.media(k);
        k = ends[k] - 1;
      } else if (!textEl && isDiv(e, 'text')) {
        textEl = e;
        k = ends[k] - 1;
      }
    }

    const author = this.author(fromName, joined);
    const notes: Omit<Diagnostic, 'file'>[] = [];
    if (author && joined && this.authorFromPrevious) {
      notes.push({ severity: 'info', code: 'author-from-previous-page', message: `message ${id}: a continuation ("joined") of the last message on ${this.previousPageName}; its author ${shortPreview(author.name ?? author.handle, 60)} is read from there`, messageId: id });
    }
    if (!author) {
      return joined
        ? { skip: 'author-unknown', why: `message ${id}: a continuation ("joined") of a message not on this page; its author is unknown`, severity: 'warning', id }
        : { skip: 'author-missing', why: `message ${id}: no author (div.from_name)`, severity: 'warning', id };
    }
    if (title === undefined) return { skip: 'time-missing', why: `message ${id}: no time (div.date.details[title])`, severity: 'warning', id };
    const wall = htmlDateWall(title);
    const time = wall ? wallToIso(wall, this.zone) : null;
    if (!wall || !time) return { skip: 'time-unreadable', why: `message ${id}: time ${shortPreview(title)} unreadable`, severity: 'warning', id };
    if (wall.offset === null) this.tally.naive++;

    const links: string[] = (this.links = []);
    const written = textEl ? nodeText(textEl, this.textOptions) : '';
    if (media) links.push(...media.links);
    const attachments = media?.attachments ?? [];
    const text = written === '' && attachments.length === 0 && media?.placeholder ? media.placeholder : written;
    const replyTo = reply >= 0 ? this.replyTarget(reply) : null;
    if (reply >= 0 && !replyTo) notes.push({ severity: 'info', code: 'reply-elsewhere', message: `message ${id}: ${shortPreview(nodeText(elements[reply]), 80)}; no reply kept`, messageId: id });
    if (forwardedFrom) notes.push({ severity: 'info', code: 'forwarded', message: `message ${id}: forwarded from ${shortPreview(nodeText(forwardedFrom), 60)}`, messageId: id });
    if (author.name === DELETED_ACCOUNT) this.tally.deleted++;
    return {
      notes,
      message: { id, author, time, timePrecision: 'second', text, url: null, replyTo, links, attachments, position },
    };
  }

  /** The author: the message's own `from_name`, else (a `joined` message) the one before it, on this page or the one before. */
  private author(fromName: Element | undefined, joined: boolean): Author | null {
    if (fromName) {
      const name = fromNameText(fromName);
      if (name) {
        this.lastAuthor = { handle: this.handles.handle(name), name };
        this.authorFromPrevious = false;
        return this.lastAuthor;
      }
    }
    if (joined && !this.lastAuthor && !this.askedPrevious) {
      this.askedPrevious = true;
      const previous = this.previousPage();
      if (previous) {
        this.lastAuthor = { handle: this.handles.handle(previous.name), name: previous.name };
        this.authorFromPrevious = true;
        this.previousPageName = previous.page;
      }
    }
    return joined ? this.lastAuthor : null;
  }

  /** The page lastAuthor came from, when authorFromPrevious. */
  private previousPageName = '';

  /** The id the `div.reply_to` at `elements[at]` links to, or null ("In reply to a message in another chat"). */
  private replyTarget(at: number): string | null {
    const { elements, ends } = this;
    for (let k = at + 1; k < ends[at]; k++) {
      const a = elements[k];
      if (a.name !== 'a') continue;
      const m = GO_TO.exec(a.attribs.onclick ?? '') ?? GO_TO_HREF.exec(a.attribs.href ?? '');
      if (m) return m[1];
    }
    return null;
  }

  /**
   * A `div.media_wrap` (`elements[at]`): a link with a kept photo, video,
   * animation or sticker is an attachment; a generic `.media` box with a
   * description ("Not included, …", "Exceeds maximum size, …") is media
   * the export left out; one linking a web page (a location) is a link; a
   * poll gives its question; anything else (voice, audio, documents) is
   * not kept.
   */
  private media(at: number): Media {
    const { elements, ends } = this;
    const out: Media = { attachments: [], links: [], placeholder: null };
    let box: Element | undefined;
    let title = '';
    let described = false;
    let question = '';
    for (let k = at + 1; k < ends[at]; k++) {
      const e = elements[k];
      if (e.type !== 'tag' || !e.attribs.class) continue;
      const kept = MEDIA_LINKS.find(([cls]) => hasClass(e, cls));
      if (kept && e.name === 'a') {
        const got = attachmentOf(e.attribs.href ?? '');
        if ('attachment' in got) out.attachments.push({ ...got.attachment, kind: kept[1], alt: null });
        else {
          // A path that leaves the export's folder (or no path): not kept.
          bump(this.tally.dropped, kept[2]);
          out.placeholder ??= placeholder(kept[2], true);
        }
        k = ends[k] - 1;
      } else if (!box && hasClass(e, 'media')) box = e;
      else if (!title && isDiv(e, 'title')) title = nodeText(e);
      else if (isDiv(e, 'description')) described = nodeText(e) !== '';
      else if (!question && isDiv(e, 'question')) question = nodeText(e);
    }
    if (question) out.placeholder ??= `[poll: ${question}]`;
    if (!box) return out;
    const word = (title || 'file').toLowerCase();
    const href = box.name === 'a' ? (box.attribs.href ?? '') : '';
    const web = safeHttpUrl(href);
    if (web) {
      out.links.push(web);
      out.placeholder ??= `[${word}]`;
    } else if (described || !href) {
      bump(this.tally.notIncluded, word);
      out.placeholder ??= placeholder(word, false);
    } else {
      const got = attachmentOf(href);
      if ('attachment' in got) out.attachments.push({ ...got.attachment, alt: null });
      else {
        bump(this.tally.dropped, word);
        out.placeholder ??= placeholder(word, true);
      }
    }
    return out;
  }
}

/** A `from_name`'s name, without the bot it came through. */
const fromNameText = (el: Element): string => nodeText(el).replace(VIA_BOT, '').trim();

/** The page before a page of an export by name (`messages3.html` -> `messages2.html`, `messages2.html` -> `messages.html`), or null. */
export function previousPageOf(name: string): string | null {
  const m = /^messages(\d{1,6})\.html$/.exec(name);
  const n = m ? Number(m[1]) : 0;
  return n < 2 ? null : n === 2 ? 'messages.html' : `messages${n - 1}.html`;
}

/**
 * The previous page of `file`'s export, beside it, and the name of the last
 * author it names (a message's own `from_name`, not a forwarded one's), or
 * null when there is no such page, it cannot be read, or it names none.
 */
function previousPageAuthor(file: ExportFile): { page: string; name: string } | null {
  const page = previousPageOf(file.name);
  if (!page) return null;
  let previous: ExportFile;
  try {
    previous = ExportFile.read(join(dirname(file.path), page));
  } catch {
    return null;
  }
  const { elements, ends } = previous.elements();
  let name = '';
  for (let k = 0; k < elements.length; k++) {
    const el = elements[k];
    if (el.type !== 'tag') {
      k = ends[k] - 1;
      continue;
    }
    if (el.name !== 'div' || !hasClass(el, 'message') || !hasClass(el, 'default')) continue;
    name = ownFromName(elements, ends, k) || name;
    k = ends[k] - 1;
  }
  return name ? { page, name } : null;
}

/** The name in a message element's own `div.from_name` (not inside a forwarded body), or ''. */
function ownFromName(elements: Element[], ends: number[], at: number): string {
  let forwardedEnd = -1;
  for (let k = at + 1; k < ends[at]; k++) {
    const e = elements[k];
    if (e.type !== 'tag' || !e.attribs.class) continue;
    if (k >= forwardedEnd && hasClass(e, 'forwarded') && hasClass(e, 'body')) forwardedEnd = ends[k];
    else if (k >= forwardedEnd && isDiv(e, 'from_name')) return fromNameText(e);
  }
  return '';
}

/** The page's notes from its tally. */
function tallyNotes(file: string, tally: Tally): Diagnostic[] {
  const out: Diagnostic[] = [];
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${n} ${k}`).join(', ');
  if (tally.notIncluded.size) out.push({ severity: 'info', code: 'media-not-included', message: `media not included in the export (exported without them): ${list(tally.notIncluded)}; messages without text say so in their text`, file });
  if (tally.dropped.size) out.push({ severity: 'info', code: 'attachment-dropped', message: `media that is no picture or video, or not inside the export's folder, is not kept: ${list(tally.dropped)}`, file });
  if (tally.deleted) out.push({ severity: 'info', code: 'deleted-accounts', message: `${tally.deleted} message(s) by "${DELETED_ACCOUNT}": the HTML export does not tell deleted accounts apart, so they share one handle`, file });
  return out;
}

/** A pagination link's note: which page it names, before or after this one. */
function pageLinkNote(a: Element, file: ExportFile, seenMessage: boolean): Diagnostic | null {
  const href = (a.attribs.href ?? '').trim();
  if (!PAGE_FILE.test(href)) return null;
  const label = nodeText(a).toLowerCase();
  const direction = label.includes('previous') ? 'previous' : label.includes('next') ? 'next' : seenMessage ? 'next' : 'previous';
  const line = file.lineAt(a.startIndex);
  return {
    severity: 'info',
    code: 'page-link',
    message: `this page links to the ${direction} page ${href}: the export has more pages; import them together for the whole chat`,
    file: file.name,
    ...(line ? { line } : {}),
  };
}

export const telegramHtml: Importer = {
  name: 'telegram-html',
  description: 'Telegram Desktop HTML export page (messages.html, messages2.html, …: joined messages, replies, media; service entries reported)',

  detect(file: ExportFile): boolean {
    if (!looksLikeHtml(file)) return false;
    const head = file.head(16384);
    // The page's wrappers, or (a page cut or re-saved without them) a message's own date with its title.
    return /class="message (?:default|service)\b/.test(head) && (/class="(?:page_body chat_page|history)"/.test(head) || /class="pull_right date details" title="\d/.test(head));
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    const zone = zoneOf(options);
    const list = file.elements();
    const { elements, ends } = list;
    const reader = new PageReader(list, zone.zone, () => previousPageAuthor(file));
    const shown: number[] = [];
    let headerEnd = -1;
    let chatName: string | null = null;
    let titleEl: Element | undefined;
    for (let k = 0; k < elements.length; k++) {
      const el = elements[k];
      if (el.type !== 'tag') {
        k = ends[k] - 1;
        continue;
      }
      if (!titleEl && el.name === 'title') titleEl = el;
      if (el.name === 'a' && hasClass(el, 'pagination')) {
        const note = pageLinkNote(el, file, shown.length > 0);
        if (note) result.diagnostics.push(note);
        continue;
      }
      if (el.name !== 'div' || !el.attribs.class) continue;
      if (hasClass(el, 'page_header')) headerEnd = ends[k];
      else if (chatName === null && k < headerEnd && hasClass(el, 'text') && hasClass(el, 'bold')) chatName = nodeText(el) || null;
      if (!hasClass(el, 'message')) continue;
      readElement(file, reader, k, result, shown);
      k = ends[k] - 1;
    }
    result.title = chatName ?? titleText(titleEl);
    reportHiddenRows(file, result, MESSAGE_MARKER, shown, 'message');
    const zoned = zoneNote(file.name, zone, reader.tally.naive, "the exporting computer's local time");
    if (zoned) result.diagnostics.push(zoned);
    result.diagnostics.push(...tallyNotes(file.name, reader.tally));
    const handles = reader.handles.diagnostic(file.name);
    if (handles) result.diagnostics.push(handles);
    if (file.flattenedTags) result.diagnostics.push({ severity: 'warning', code: 'nesting-flattened', message: `${file.flattenedTags} tag(s) nested too deep were left out of the page's structure`, file: file.name });
    return result;
  },
};

/** One `div.message` element (`elements[at]`) into the result: a message, a skip, or (a date separator) nothing. */
function readElement(file: ExportFile, reader: PageReader, at: number, result: ParseResult, shown: number[]): void {
  const el = file.elements().elements[at];
  const m = ELEMENT_ID.exec(el.attribs.id ?? '');
  const id = m ? m[2] : '';
  const service = hasClass(el, 'service');
  if (!service && !hasClass(el, 'default')) return;
  let outcome: Outcome | null;
  const position = result.found + 1;
  try {
    outcome = service ? reader.service(at, id, m?.[1] === '-', position) : reader.message(at, id, position);
  } catch (err) {
    outcome = { skip: 'unreadable', why: `message element ${position}: ${(err as Error).message}`, severity: 'warning' };
  }
  if (!outcome) return;
  result.found++;
  if (m && m[1] !== '-') shown.push(el.startIndex ?? -1);
  const line = file.lineAt(el.startIndex);
  const where = { file: file.name, position, ...(line ? { line } : {}) };
  if ('skip' in outcome) {
    result.skipped.push({ severity: outcome.severity, code: outcome.skip, message: outcome.why, ...where, ...(outcome.id ? { messageId: outcome.id } : {}) });
    return;
  }
  if (!id) outcome.message.id = null;
  for (const n of outcome.notes) result.diagnostics.push({ ...n, ...where });
  if (line) outcome.message.line = line;
  result.messages.push(outcome.message);
}
