/**
 * Zulip messages as JSON: the per-topic files of the zulip-archive tool (an
 * array of `{content, id, sender_full_name, timestamp}`), and the API's
 * `GET /api/v1/messages` response (`{messages: [...]}`, with `subject`,
 * `display_recipient`, `content_type`, `type`).
 *
 * Each entry is a message element. Kept: the id (a string), the sender's
 * full name (as the name, and as the handle when it is a plausible one, else
 * a handle made from it: Zulip has no handles, and its e-mail addresses are
 * never used), `timestamp` (epoch seconds), the content as plain text
 * (rendered HTML: links kept, emoji as characters, math as `$TeX$`; raw
 * Markdown, `content_type: text/x-markdown`, as it is), a quote-reply's
 * "said" link as the reply, inline images with a web address as pictures.
 *
 * The topic and stream: one of each becomes the title ("stream > topic");
 * when the topic changes inside the file, a note at the first message of
 * each topic says so. They are not put in the text: it would change every
 * message's text, which quotes and question tags are read from.
 * zulip-archive keeps them only in the folder and file names
 * (`179818-Lean-Together-2019/Questions.20about.20Lean.204.json`): the title
 * is read from there when the name has that form.
 *
 * Never kept: e-mail addresses. `sender_email`, `display_recipient` lists
 * (private messages) and avatar URLs are not read; an address written in a
 * name, a text, a topic or a link is replaced by "[e-mail hidden]" (links
 * holding one are dropped). Private messages (`type: private`) are skipped.
 *
 * Ids are numbers in Zulip's JSON: one beyond 2^53 (JSON.parse would change
 * it) is read as the digits the text holds, and a warning names the message
 * when even those cannot be found. A file cut short keeps the messages
 * complete before the cut (json-salvage.ts): an error diagnostic at the
 * line of the cut, and the message it cuts is skipped, counted.
 */
import { basename, dirname } from 'node:path';
import type { Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import { simpleHtmlText } from './simple-html.ts';
import { cutEntry } from './json-salvage.ts';
import { hasClass, tidyText } from '../html-text.ts';
import { parseEpoch } from '../time.ts';
import { isoFromMs } from './epoch-iso.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import { sha256Hex } from '../../model/ids.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { domHtmlToText, exactId, hasLines, idOf, isObject, lineOf, lostDigits, notShaped, openJson, rawNumberAt, text, type HtmlText, type Note } from './mastodon-common.ts';
import { NameHandles } from './text-lines.ts';

const DETECT_BYTES = 65536;
const HIDDEN = '[e-mail hidden]';
/** One code point of a Zulip emoji class, in hex. */
const HEX_POINT = /^[0-9a-f]{1,6}$/;
/** A link to a message: `#narrow/stream/…/near/123`, `/#narrow/…/near/123`. */
const NEAR = /\/near\/(\d{1,20})$/;

const isLocal = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomain = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 45;

/**
 * The string with every e-mail address in it replaced by "[e-mail hidden]".
 * One pass: each "@" looks left over the characters an address's local part
 * may hold and right over a domain's, and stops at the next "@", so no
 * character is looked at more than a few times.
 */
export function hideEmails(s: string): string {
  let at = s.indexOf('@');
  if (at === -1) return s;
  let out = '';
  let done = 0;
  while (at !== -1) {
    let start = at;
    while (start > done && isLocal(s.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < s.length && isDomain(s.charCodeAt(end))) end++;
    // The domain needs a dot with letters after it; sentence punctuation after it is not part of it.
    while (end > at + 1 && (s[end - 1] === '.' || s[end - 1] === '-')) end--;
    const domain = s.slice(at + 1, end);
    const dot = domain.lastIndexOf('.');
    if (start < at && dot > 0 && dot < domain.length - 1) {
      out += s.slice(done, start) + HIDDEN;
      done = end;
    }
    at = s.indexOf('@', Math.max(at + 1, done));
  }
  return out + s.slice(done);
}

/** The emoji of a Zulip emoji span (`emoji-1f601`, `emoji-1f468-200d-1f4bb` in its class), or null. */
function emojiOf(el: Element): string | null {
  return emojiOfClass(el.attribs.class);
}

/** emojiFromClass's answers by class attribute (a chat uses a few emoji many times); emptied when it holds 1,000. */
const EMOJI_BY_CLASS = new Map<string, string | null>();

/** The emoji of a Zulip emoji span's class attribute, or null (emojiFromClass, remembered). */
function emojiOfClass(cls: string | undefined): string | null {
  const key = cls ?? '';
  let emoji = EMOJI_BY_CLASS.get(key);
  if (emoji !== undefined) return emoji;
  emoji = emojiFromClass(key);
  if (EMOJI_BY_CLASS.size >= 1000) EMOJI_BY_CLASS.clear();
  EMOJI_BY_CLASS.set(key, emoji);
  return emoji;
}

/** The emoji of a Zulip emoji span's class attribute (its `emoji-<hex>[-<hex>…]` token), or null. */
function emojiFromClass(cls: string): string | null {
  const token = cls.split(/\s+/).find((c) => c.startsWith('emoji-'));
  const parts = token ? token.slice(6).split('-') : [];
  if (!parts.length || parts.length > 8 || !parts.every((h) => HEX_POINT.test(h))) return null;
  const points = parts.map((h) => parseInt(h, 16));
  if (points.some((p) => !(p > 0 && p <= 0x10ffff) || (p >= 0xd800 && p <= 0xdfff))) return null;
  return String.fromCodePoint(...points);
}

/** The TeX source of a KaTeX span (its MathML annotation), or null. */
function texOf(el: Element): { node: { data: string }; tex: string } | null {
  const stack = [...el.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type !== 'tag') continue;
    const e = n as Element;
    if (e.name === 'annotation' && e.attribs.encoding === 'application/x-tex') {
      const t = e.children[0];
      return t && t.type === 'text' ? { node: t as unknown as { data: string }, tex: (t as unknown as { data: string }).data.trim() } : null;
    }
    stack.push(...e.children);
  }
  return null;
}

/**
 * The elements `renderedText`'s callbacks leave alone: all but emoji and
 * KaTeX spans, inline image and video boxes, link previews, and links that
 * may name a quoted message; and an emoji span's emoji, the text `prepare`
 * puts in place of its content. A message of only these is read without a
 * DOM (simple-html.ts reads the emoji only when the span holds text alone).
 */
function leftAlone(tag: string, attribs: Record<string, string>): boolean | string {
  if (tag === 'span') {
    if (classHas(attribs, 'emoji')) return emojiOfClass(attribs.class) ?? false;
    return !classHas(attribs, 'katex');
  }
  if (tag === 'a') return !NEAR.test(attribs.href ?? '');
  return tag !== 'div';
}

/**
 * mastodon-common.ts `isLinkAttribs` (htmlToText's): a link whose target is
 * kept, not a mention (`u-url mention`, `user-mention`) or hashtag link.
 */
function isLink(attribs: Record<string, string>): boolean {
  return !(classHas(attribs, 'mention') || classHas(attribs, 'hashtag') || classHas(attribs, 'u-url') || attribs.rel === 'tag');
}

/** `hasClass` on an element's attributes. */
const classHas = (attribs: Record<string, string>, name: string) => hasClass({ attribs } as unknown as Element, name);

/**
 * What `prepare` found in the message renderedText is reading: its pictures,
 * the message it quotes, its uploads without an address. Module state set by
 * renderedText for its one htmlToText call (no object per message), and the
 * callbacks are module functions, not closures made per message: under tsx
 * each named closure costs a defineProperty of its name (~0.25 us).
 */
let foundAttachments: Attachment[] = [];
let foundReplyTo: string | null = null;
let foundRelative = 0;

/** htmlToText's `prepare` for a Zulip message: emoji as characters, math as TeX, inline pictures and the quoted message noted in the found* state. */
function prepare(el: Element): void {
  if (el.name === 'span' && hasClass(el, 'emoji')) {
    const emoji = emojiOf(el);
    const first = el.children[0];
    if (emoji && first?.type === 'text') {
      (first as unknown as { data: string }).data = emoji;
      el.children.length = 1;
    }
  } else if (el.name === 'span' && hasClass(el, 'katex')) {
    const tex = texOf(el);
    if (tex) {
      tex.node.data = hasClass(el.parent as Element, 'katex-display') ? `$$${tex.tex}$$` : `$${tex.tex}$`;
      el.children = [tex.node as unknown as Element];
    }
  } else if (el.name === 'div' && (hasClass(el, 'message_inline_image') || hasClass(el, 'message_inline_video'))) {
    const a = el.children.find((c): c is Element => c.type === 'tag' && (c as Element).name === 'a');
    const url = safeHttpUrl(a?.attribs.href);
    if (url) foundAttachments.push({ kind: hasClass(el, 'message_inline_video') ? 'video' : 'image', url, alt: a?.attribs.title?.trim() || null, file: null });
    else if (a?.attribs.href) foundRelative++;
  } else if (el.name === 'a' && foundReplyTo === null) {
    const near = NEAR.exec(el.attribs.href ?? '');
    const only = el.children.length === 1 && el.children[0].type === 'text' ? (el.children[0] as unknown as { data: string }).data.trim() : '';
    if (near && only === 'said') foundReplyTo = near[1];
  }
}

/** htmlToText's `skip`: link previews repeat a link already in the text; inline images have no text. */
function skip(el: Element): boolean {
  return el.name === 'div' && (hasClass(el, 'message_embed') || hasClass(el, 'message_inline_image') || hasClass(el, 'message_inline_video'));
}

/** The DOM path's callbacks (the simple path asks leftAlone). */
const RENDERED = { prepare, skip };

/**
 * Text and links of one rendered Zulip message; its pictures, the message it
 * quotes and its uploads without an address are left in foundAttachments,
 * foundReplyTo and foundRelative (read them before the next call).
 */
function renderedText(html: string): HtmlText {
  foundAttachments = [];
  foundReplyTo = null;
  foundRelative = 0;
  // One paragraph of text, no other markup, entity or NUL (most messages): its text is what simpleHtmlText would give.
  const n = html.length;
  if (n >= 7 && html.startsWith('<p>') && html.endsWith('</p>') && html.indexOf('<', 3) === n - 4 && html.indexOf('&') === -1 && html.indexOf('\0') === -1) {
    return { text: tidyText(html.slice(3, n - 4)), links: [] };
  }
  // mastodon-common.ts htmlToText's steps for a text with markup (a rendered message starts with "<"), with the emoji read without a DOM.
  const simple = simpleHtmlText(html, isLink, leftAlone);
  if (simple) return { text: tidyText(simple.raw), links: simple.links };
  return domHtmlToText(html, RENDERED);
}

/** zulip-archive's escaping of stream and topic names in paths: `.20` for a space. */
function unescapeName(s: string): string {
  return s.replace(/\.([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** "stream > topic" from a zulip-archive path (`<id>-<stream>/<topic>.json`), when the file name has its escapes. */
function titleFromPath(path: string): string | null {
  const name = basename(path).replace(/\.json$/i, '');
  if (!/\.[0-9A-F]{2}/.test(name)) return null;
  const topic = unescapeName(name).trim();
  const folder = /^\d+-(.+)$/.exec(basename(dirname(path)))?.[1];
  return hideEmails(folder ? `${unescapeName(folder)} > ${topic}` : topic) || null;
}

/**
 * The last sender read: the name as given, with its addresses hidden
 * (hideEmails), and tidied (null: none yet); the last name handleOf gave a
 * handle for, the handles it came from (those of the file being parsed) and
 * the handle. Messages come in runs by one sender; these are the same
 * answers, pure functions of the name (and of the file's handles).
 */
let lastGiven: string | null = null;
let lastShown = '';
let lastName = '';
let lastHandles: NameHandles | null = null;
let lastHandleName = '';
let lastHandle = '';

/**
 * The handle of a sender: the name (or one made from it, see NameHandles). A
 * name that held an e-mail address ("bob@corp.example") reads "[e-mail
 * hidden]" for everyone who chose one, so its handle is told apart by the
 * sender's id, or else by a short hash of the name as given. `hidden`: an
 * address was hidden in the name (else the name is the given one tidied).
 */
function handleOf(name: string, given: string, senderId: unknown, handles: NameHandles, hidden: boolean): string {
  if (!hidden || name === tidyText(given)) {
    // The last sender's again (messages come in runs by one sender): no map lookup.
    if (handles === lastHandles && name === lastHandleName) return lastHandle;
    lastHandle = handles.handle(name);
    lastHandles = handles;
    lastHandleName = name;
    return lastHandle;
  }
  const id = idOf(senderId);
  return handles.handle(`${name} ${id ? `#${id}` : `~${sha256Hex(given).slice(0, 6)}`}`);
}

/** An entry that did not become a message: why, and its id when it had one. */
type Skip = { skip: string; why: string; severity: Diagnostic['severity']; id?: string };

/**
 * What readMessage read besides the message it returned (module state, no
 * object per message): its topic and stream (e-mail addresses hidden), its
 * uploads without an address, its notes (null: none).
 */
let readTopic: string | null = null;
let readStream: string | null = null;
let readRelative = 0;
let readNotes: Note[] | null = null;

/** "00" to "59": the two digits of a minute or second. */
const TWO = Array.from({ length: 60 }, (_, n) => (n < 10 ? `0${n}` : String(n)));

/** The minute (since 1970) whose "YYYY-MM-DDTHH:MM:" is minuteText, and the day whose "YYYY-MM-DDT" is dayText (NaN: none yet). */
let cachedMinute = Number.NaN;
let minuteText = '';
let cachedDay = Number.NaN;
let dayText = '';

/**
 * epoch-iso.ts `isoFromMs(seconds * 1000)` of whole seconds, the same
 * string: the date written once per day and the hour and minute once per
 * minute (isoFromMs works the date out again at every new minute, and a
 * topic's messages are mostly minutes apart). Null outside 1990-2200, whose
 * bounds are midnights: a day is in range when its first instant is.
 */
function isoFromWholeSeconds(seconds: number): string | null {
  const minute = Math.floor(seconds / 60);
  if (minute !== cachedMinute) {
    const day = Math.floor(minute / 1440);
    if (day !== cachedDay) {
      const start = isoFromMs(day * 86400000);
      if (start === null) return isoFromMs(seconds * 1000);
      dayText = start.slice(0, 11);
      cachedDay = day;
    }
    const inDay = minute - day * 1440;
    const hour = Math.floor(inDay / 60);
    minuteText = `${dayText}${hour < 10 ? '0' : ''}${hour}:${TWO[inDay - hour * 60]}:`;
    cachedMinute = minute;
  }
  return `${minuteText}${TWO[seconds - minute * 60]}.000Z`;
}

/** The label of a message in diagnostics: by its id, else its position. */
const labelOf = (id: string | null, position: number) => `message ${id ?? `#${position}`}`;

/**
 * The file being parsed, for digitsAt: its JSON text, the part of it
 * JSON.parse read (all of it unless damaged), the key of the message array
 * (null: the top-level array) and its entries' offsets (null: not found yet).
 * Module state, not a closure made per file (see foundAttachments).
 */
let idText = '';
let idReadable = '';
let idKey: string | null = null;
let idOffsets: number[] | null = null;

/** The digits of entry `index`'s id as the text writes them (rawNumberAt), the entries' offsets found at the first need. */
function digitsAt(index: number): string | null {
  idOffsets ??= entryOffsetsByBrackets(idReadable, idKey);
  return rawNumberAt(idText, idOffsets[index] ?? -1, ['id']);
}

/**
 * One message entry, the `index`th (the rest of what it holds in readTopic,
 * readStream, readRelative, readNotes), or why it is skipped. `handles`
 * makes handles of names the pipeline would refuse; an id beyond 2^53 is
 * read as the text writes it (digitsAt).
 */
function readMessage(entry: unknown, position: number, index: number, handles: NameHandles): ParsedMessage | Skip {
  if (!isObject(entry)) return { skip: 'not-a-message', why: `entry ${position} is not a message object`, severity: 'warning' };
  // exactId's answer; its object (and the closure it calls) only for an id beyond 2^53.
  let id: string | null;
  let lost = false;
  if (!lostDigits(entry.id)) id = idOf(entry.id);
  else ({ id, lost } = exactId(entry.id, () => digitsAt(index)));
  if (text(entry.type) === 'private') return { skip: 'private-message', why: `${labelOf(id, position)}: a private message, never published`, severity: 'info', ...(id ? { id } : {}) };
  const given = text(entry.sender_full_name) ?? '';
  if (given !== lastGiven) {
    lastShown = hideEmails(given);
    // Without an address hidden, the name is the given name tidied (handleOf need not tidy it again).
    lastName = tidyText(lastShown);
    lastGiven = given;
  }
  const shown = lastShown;
  const name = lastName;
  if (!name) return { skip: 'author-missing', why: `${labelOf(id, position)}: no sender name`, severity: 'warning', ...(id ? { id } : {}) };
  // timeOf's answer, without its object for whole seconds.
  const v = entry.timestamp;
  let time: string | null;
  let precision: ParsedMessage['timePrecision'] = 'second';
  if (typeof v === 'number' && Number.isInteger(v)) time = isoFromWholeSeconds(v);
  else {
    const t = parseEpoch(typeof v === 'number' || typeof v === 'string' ? v : '', 's');
    time = t ? t.time : null;
    if (t) precision = t.precision;
  }
  if (time === null) return { skip: 'time-unreadable', why: `${labelOf(id, position)}: timestamp ${preview(String(entry.timestamp ?? ''))} unreadable`, severity: 'warning', ...(id ? { id } : {}) };
  let notes: Note[] | null = null;
  if (lost) (notes ??= []).push({ severity: 'warning', code: 'id-imprecise', message: `${labelOf(id, position)}: its id is a number beyond 2^53 that could not be read exactly from the text; kept without its id (replies to it are not linked)` });
  const content = text(entry.content) ?? '';
  const markdown = text(entry.content_type) === 'text/x-markdown' || (content.charCodeAt(0) !== 60 /* < */ && !content.trimStart().startsWith('<'));
  let body: string;
  let links: string[];
  let attachments: Attachment[];
  let replyTo: string | null = null;
  readRelative = 0;
  if (markdown) {
    body = tidyText(content);
    links = [];
    attachments = [];
  } else {
    const read = renderedText(content);
    body = read.text;
    // A fresh array from htmlToText: kept as it is when there is nothing to hide.
    links = read.links.length === 0 ? read.links : read.links.map(hideEmails).filter((l) => !l.includes(HIDDEN));
    attachments = foundAttachments;
    replyTo = foundReplyTo;
    readRelative = foundRelative;
  }
  const topic = text(entry.subject) ?? text(entry.topic);
  const stream = text(entry.display_recipient) ?? text(entry.stream);
  if (entry.last_edit_timestamp !== undefined) (notes ??= []).push({ severity: 'info', code: 'edited', message: `${labelOf(id, position)}: edited`, ...(id ? { messageId: id } : {}) });
  readNotes = notes;
  readTopic = topic ? hideEmails(topic.trim()) : null;
  readStream = stream ? hideEmails(stream.trim()) : null;
  return {
    id,
    author: { handle: handleOf(name, given, entry.sender_id, handles, shown !== given), name },
    time,
    timePrecision: precision,
    text: hideEmails(body),
    url: null,
    replyTo,
    retweetOf: null,
    links,
    attachments,
    position,
  };
}

/** The message entries and the key of their array (null: the top-level array). */
function entriesOf(root: unknown): { items: unknown[]; key: string | null } | null {
  if (Array.isArray(root)) return { items: root, key: null };
  if (isObject(root) && Array.isArray(root.messages)) return { items: root.messages, key: 'messages' };
  return null;
}

/** Whether the head of a file reads as Zulip messages. */
function looksLikeZulip(head: string): boolean {
  const t = head.replace(/^(?:\xEF\xBB\xBF)?\s*/, '');
  return (t.startsWith('[') || t.startsWith('{')) && t.includes('"sender_full_name"') && t.includes('"timestamp"') && t.includes('"content"');
}

/** The title and topic notes: one stream and topic is the title; topic changes are notes. */
function topicsOf(result: ParseResult, seen: { topic: string | null; stream: string | null; position: number }[], path: string): void {
  const topics = new Set(seen.map((s) => s.topic).filter(Boolean));
  const streams = new Set(seen.map((s) => s.stream).filter(Boolean));
  if (topics.size === 0 && streams.size === 0) {
    result.title = titleFromPath(path);
    if (!result.title) result.diagnostics.push({ severity: 'info', code: 'topic-unknown', message: 'the messages carry no stream or topic (zulip-archive keeps them in the folder and file names, which this file no longer has)', file: basename(path) });
    return;
  }
  const stream = streams.size === 1 ? [...streams][0] : null;
  const topic = topics.size === 1 ? [...topics][0] : null;
  result.title = stream && topic ? `${stream} > ${topic}` : (stream ?? topic);
  if (topics.size > 1) {
    let last: string | null = null;
    for (const s of seen) {
      if (s.topic && s.topic !== last) result.notes.push({ kind: 'text', position: s.position, text: `Topic: ${s.stream && streams.size > 1 ? `${s.stream} > ` : ''}${s.topic}` });
      last = s.topic ?? last;
    }
  }
}

export const zulipJson: Importer = {
  name: 'zulip-json',
  description: 'Zulip messages as JSON: zulip-archive topic files or an API messages response (topic as title or notes; e-mail addresses never kept)',

  detect(file: ExportFile): boolean {
    return looksLikeZulip(file.head(DETECT_BYTES));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const read = openJson(file, 'Zulip messages', result);
    if (!read) return result;
    const shaped = entriesOf(read.root);
    if (!shaped) {
      result.diagnostics.push(notShaped(read, file, 'not-zulip-json', 'not Zulip messages: neither an array of messages nor an object with a "messages" array'));
      return result;
    }
    const open = read.damage?.open;
    // Offsets in the readable part (all of it unless the file is damaged), found only when lines or an id's digits need them.
    const readable = read.damage ? read.text.slice(0, read.damage.cutAt) : read.text;
    const withLines = hasLines(file);
    // Lines counted in the offsets' scan only in a text JSON.parse accepted whole, whose offsets are the file's (no byte-order mark taken off).
    const lines: number[] | null = withLines && !read.damage && read.text.length === file.text.length ? [] : null;
    const found: number[] | null = withLines ? entryOffsetsByBrackets(readable, shaped.key, lines ?? undefined) : null;
    const offsets = found ?? [];
    idText = read.text;
    idReadable = readable;
    idKey = shaped.key;
    idOffsets = found;
    const handles = new NameHandles();
    // The messages with a topic or stream (topicsOf needs no other).
    const seen: { topic: string | null; stream: string | null; position: number }[] = [];
    let relative = 0;
    const items = shaped.items;
    for (let i = 0; i < items.length; i++) {
      const position = ++result.found;
      // The scan's line is lineOf's for the same offset (entry-offsets.ts); an entry it did not find has none either way.
      const line = lines !== null && offsets[i] !== undefined ? lines[i] : lineOf(file, offsets[i] ?? (offsets.length ? -1 : 0));
      if (open?.has(items[i])) {
        result.skipped.push(cutEntry(file.name, `message #${position}`, position, line ?? file.lineAt(read.damage!.cutAt)));
        continue;
      }
      const out = readMessage(items[i], position, i, handles);
      if ('skip' in out) {
        result.skipped.push({ severity: out.severity, code: out.skip, message: out.why, file: file.name, position, ...(line ? { line } : {}), ...(out.id ? { messageId: out.id } : {}) });
        continue;
      }
      relative += readRelative;
      if (readTopic !== null || readStream !== null) seen.push({ topic: readTopic, stream: readStream, position });
      if (readNotes !== null) for (const n of readNotes) result.diagnostics.push({ ...n, file: file.name, position, ...(line ? { line } : {}) });
      // The line last, as a spread of the message would put it (no copy of the message).
      if (line) out.line = line;
      result.messages.push(out);
    }
    // The text and the file's handles are not kept once read.
    idText = idReadable = '';
    idOffsets = null;
    lastHandles = null;
    topicsOf(result, seen, file.path);
    const made = handles.diagnostic(file.name);
    if (made) result.diagnostics.push(made);
    if (relative) result.diagnostics.push({ severity: 'info', code: 'attachment-relative', message: `${relative} uploaded file(s) are linked by a path on the Zulip server (/user_uploads/…), whose address the file does not give: not kept`, file: file.name });
    return result;
  },
};
