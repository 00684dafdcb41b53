/**
 * DiscordChatExporter's plain-text export:
 *
 *     ==============================================================
 *     Guild: Komodo
 *     Channel: antara-ama-july2019
 *     Topic: ...
 *     ==============================================================
 *
 *     [26-Jun-19 06:26 PM] alperC#7758 (pinned)
 *     content, any number of lines
 *
 *     {Attachments}
 *     url or path, one a line
 *
 *     {Embed}
 *     author / url / title / description ... lines
 *
 *     {Reactions}
 *     👍 (7) 😎 (6) ⬆
 *
 * and, in later versions, a closing banner "Exported N message(s)".
 *
 * A message starts at a line `[time] author` that follows a blank line (or
 * the banner) and whose bracket holds a time (a digit first, an `h:mm`);
 * anything else is content. A header whose time no layout reads is a
 * skipped message (`time-unreadable`, with its line). Kept: the author
 * (handle as written, "Name#1234"), the time (a locale string without offset:
 * see discord-common.ts), the content lines, attachments (pictures and
 * videos; other files as links) and the first URL of each embed as a link.
 * No ids and no replies in this format. Reactions are counted in one note.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult } from '../importer.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { FileTally, FileTimes, attachmentOf, dateOrder, discordTitle, droppedAttachment, isSystemText, reactionTotal } from './discord-common.ts';
import { zoneOf } from '../time.ts';
import { isBlank } from './text-lines.ts';

/** The banner line around the preamble and the postamble: DCE writes 62 "=". */
const BANNER = /^={20,}\s*$/;
const PINNED = ' (pinned)';
/** Block markers DCE writes after a message's content. */
const BLOCKS = new Set(['{Attachments}', '{Embed}', '{Stickers}', '{Reactions}']);
/** An embed's line that is a link and nothing else. */
const HTTP_LINE = /^https?:\/\/\S+$/i;
/** "Exported 1,234 message(s)" in the closing banner. */
const EXPORTED = /^Exported ([\d,.\s\u00a0\u202f]{1,20}) message\(s\)\s*$/;

/** A message as the lines give it, before its time is read. */
interface Raw {
  rawTime: string;
  author: string;
  line: number;
  /** Its body: the lines from `from` to `to` (exclusive), no array made for them. */
  from: number;
  to: number;
}

/**
 * The text's lines as `text.split(/\r\n|\n|\r/)` cuts them (CR LF, LF and
 * a lone CR each end one; an empty last line after a final break), as
 * offsets: line i is `text.slice(starts[i], ends[i])`. A line is made into
 * a string only when it is read as one (headers, block lines, a preamble);
 * content lines are only looked at, and a message's content is one slice.
 */
interface Lines {
  text: string;
  starts: number[];
  ends: number[];
  /** Every line break is a single LF: lines joined by "\n" are the text between them. */
  plain: boolean;
}

/** The text's lines (see Lines), found with indexOf. */
function linesOf(text: string): Lines {
  const starts: number[] = [];
  const ends: number[] = [];
  let start = 0;
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  const plain = cr === -1;
  for (;;) {
    if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    const i = lf === -1 ? cr : cr === -1 || lf < cr ? lf : cr;
    if (i === -1) break;
    starts.push(start);
    ends.push(i);
    start = i === cr && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  starts.push(start);
  ends.push(text.length);
  return { text, starts, ends, plain };
}

/** Line i as a string ('' past the last line, as `lines[i] ?? ''` gave). */
function lineText(l: Lines, i: number): string {
  return i >= 0 && i < l.starts.length ? l.text.slice(l.starts[i], l.ends[i]) : '';
}

/** Whether line i is empty or white space only (text-lines.ts isBlank on it; past the last line, blank). */
function blankAt(l: Lines, i: number): boolean {
  if (i < 0 || i >= l.starts.length) return true;
  const s = l.starts[i];
  const e = l.ends[i];
  if (s === e) return true;
  const c = l.text.charCodeAt(s);
  return c > 32 && c < 127 ? false : isBlank(l.text.slice(s, e));
}

/** The first character code of line i, or NaN for an empty line (as `lines[i].charCodeAt(0)`). */
function firstCode(l: Lines, i: number): number {
  return l.starts[i] === l.ends[i] ? Number.NaN : l.text.charCodeAt(l.starts[i]);
}

/** The preamble's fields ("Guild", "Channel", "Topic", ...) and the line after it. */
function readPreamble(l: Lines): { fields: Map<string, string>; next: number } {
  const fields = new Map<string, string>();
  if (!BANNER.test(lineText(l, 0))) return { fields, next: 0 };
  for (let i = 1; i < l.starts.length && i < 64; i++) {
    const line = lineText(l, i);
    if (BANNER.test(line)) return { fields, next: i + 1 };
    const colon = line.indexOf(': ');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return { fields, next: 0 };
}

/** A header line's parts: the bracket's text trimmed, and what follows "] ". */
interface Header {
  rawTime: string;
  rest: string;
}

/**
 * A message header, "[time] author" (what `/^\[([^\]\n]{1,64})\] (.*)$/`
 * matched), read by char codes: "[" at the start, the first
 * "]" after 1 to 64 other characters, then a space; the rest (the regex's
 * `.*`, up to the end) holds no U+2028 or U+2029, which `.` does not match
 * (a line has no other line break). The bracket's text trimmed must look
 * like a time (looksLikeTime). Null otherwise.
 */
export function readHeader(line: string): Header | null {
  if (line.charCodeAt(0) !== 91) return null;
  const close = line.indexOf(']', 1);
  if (close < 2 || close > 65 || line.charCodeAt(close + 1) !== 32) return null;
  for (let i = close + 2; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x2028 || c === 0x2029) return null;
  }
  const rawTime = line.slice(1, close).trim();
  if (!looksLikeTimeFast(rawTime)) return null;
  return { rawTime, rest: line.slice(close + 2) };
}

/** looksLikeTime by char codes: an ASCII digit first, and somewhere a digit, ":" and two digits. */
function looksLikeTimeFast(s: string): boolean {
  if (!isDigit(s.charCodeAt(0))) return false;
  for (let i = s.indexOf(':', 1); i !== -1; i = s.indexOf(':', i + 1)) {
    if (isDigit(s.charCodeAt(i - 1)) && isDigit(s.charCodeAt(i + 1)) && isDigit(s.charCodeAt(i + 2))) return true;
  }
  return false;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Whether line i starts a message: a header after a blank line (or at `first`), its bracket a time. */
function headerAt(l: Lines, i: number, first: number): Header | null {
  if (i > first && !blankAt(l, i - 1)) return null;
  return readHeader(lineText(l, i));
}

/** The messages' raw parts, and the count the closing banner states. */
function splitMessages(l: Lines, first: number): { raws: Raw[]; stated: number | null; end: number } {
  const raws: Raw[] = [];
  let stated: number | null = null;
  const count = l.starts.length;
  let end = count;
  for (let i = first; i < count; i++) {
    // A banner starts with "=", a header with "[": nothing read on other lines.
    const c0 = firstCode(l, i);
    if (c0 === 61 && BANNER.test(lineText(l, i)) && blankAt(l, i - 1) && EXPORTED.test(lineText(l, i + 1))) {
      stated = Number(EXPORTED.exec(lineText(l, i + 1))![1].replace(/\D/g, ''));
      end = i;
      break;
    }
    const h = c0 === 91 ? headerAt(l, i, first) : null;
    if (h) {
      if (raws.length) raws[raws.length - 1].to = i;
      const author = h.rest.endsWith(PINNED) ? h.rest.slice(0, -PINNED.length) : h.rest;
      raws.push({ rawTime: h.rawTime, author: author.trim(), line: i + 1, from: i + 1, to: i + 1 });
    }
  }
  if (raws.length) raws[raws.length - 1].to = end;
  return { raws, stated, end };
}

/** A message body, lines `from` to `to` (exclusive): its content lines, and its blocks' attachments, links and reactions. */
function readBody(l: Lines, from: number, to: number): { text: string; attachments: Attachment[]; links: string[]; dropped: string[] | null; reactions: number } {
  const attachments: Attachment[] = [];
  const links: string[] = [];
  // Attachments no transcript keeps: an array only when there is one.
  let dropped: string[] | null = null;
  let reactions = 0;
  let contentEnd = to;
  for (let i = from; i < to; i++) {
    // A block marker trimmed starts with "{": an empty line, or one whose first character is other printable ASCII, is content, as is a line without "{".
    const c0 = firstCode(l, i);
    if (Number.isNaN(c0) || (c0 > 32 && c0 < 127 && c0 !== 123)) continue;
    const line = lineText(l, i);
    if (!line.includes('{')) continue;
    const kind = line.trim();
    if (!BLOCKS.has(kind) || (i > from && !blankAt(l, i - 1))) continue;
    if (contentEnd === to) contentEnd = i;
    let j = i + 1;
    let firstUrl = true;
    for (; j < to; j++) {
      // A blank line ends the block (isBlank's test, the trimmed line kept for reading).
      const t = lineText(l, j).trim();
      if (t === '') break;
      if (kind === '{Reactions}') reactions += reactionTotal(t);
      else if (kind === '{Embed}') {
        // Only a line that is a bare http(s) URL counts: URL-parse no other (a parse that fails throws).
        const url = firstUrl && HTTP_LINE.test(t) ? safeHttpUrl(t) : null;
        if (url) {
          links.push(url);
          firstUrl = false;
        }
      } else {
        const out = attachmentOf(t);
        if ('attachment' in out) attachments.push(out.attachment);
        else if ('link' in out) links.push(out.link);
        else if (kind === '{Attachments}') (dropped ??= []).push(out.dropped);
      }
    }
    i = j - 1;
  }
  // The content lines, blank ones at the end left out, joined by "\n": one slice of the text when every break is an LF.
  let end = contentEnd;
  while (end > from && blankAt(l, end - 1)) end--;
  let text = '';
  if (end === from + 1 || (end > from && l.plain)) text = l.text.slice(l.starts[from], l.ends[end - 1]);
  else if (end > from) {
    const parts: string[] = [];
    for (let k = from; k < end; k++) parts.push(lineText(l, k));
    text = parts.join('\n');
  }
  return { text, attachments, links, dropped, reactions };
}

/** Whether a text opens with DCE's plain-text banner and a "Guild:" line. */
function looksLikeDceText(head: string): boolean {
  const lines = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r?\n/, 4);
  return BANNER.test(lines[0] ?? '') && /^Guild: /.test(lines[1] ?? '') && /^Channel: /.test(lines[2] ?? '');
}

export const discordTxt: Importer = {
  name: 'discord-txt',
  description: 'DiscordChatExporter plain-text export (banner with Guild/Channel, "[time] author" messages)',

  detect(file: ExportFile): boolean {
    return looksLikeDceText(file.head(1024));
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (severity: Diagnostic['severity'], code: string, message: string, line?: number) =>
      result.diagnostics.push({ severity, code, message, file: file.name, ...(line ? { line } : {}) });
    const text = file.text.replace(/^\uFEFF/, '');
    if (!text.trim()) {
      note('error', 'file-empty', 'the file is empty: no DiscordChatExporter text in it');
      return result;
    }
    const lines = linesOf(text);
    const { fields, next } = readPreamble(lines);
    if (!fields.size) note('warning', 'preamble-missing', 'no "Guild: / Channel:" banner at the top: not a whole DiscordChatExporter text export?', 1);
    result.title = discordTitle(fields.get('Guild') ?? null, fields.get('Channel') ?? null);
    const { raws, stated } = splitMessages(lines, next);
    const order = dateOrder(raws.map((r) => r.rawTime));
    const zone = zoneOf(options);
    const times = new FileTimes(order, zone.zone);
    const tally = new FileTally();
    for (const raw of raws) {
      const position = ++result.found;
      const time = times.read(raw.rawTime);
      if (!time) {
        result.skipped.push({ severity: 'warning', code: 'time-unreadable', message: `line ${raw.line}: time ${preview(raw.rawTime)} unreadable`, file: file.name, line: raw.line, position });
        continue;
      }
      if (!raw.author) {
        result.skipped.push({ severity: 'warning', code: 'author-missing', message: `line ${raw.line}: no author after the time`, file: file.name, line: raw.line, position });
        continue;
      }
      const body = readBody(lines, raw.from, raw.to);
      if (isSystemText(body.text)) {
        result.skipped.push({ severity: 'info', code: 'system-message', message: `line ${raw.line}: a system entry (${preview(body.text.trim(), 60)}), not a message`, file: file.name, line: raw.line, position });
        continue;
      }
      tally.add(time, raw.rawTime, body.reactions);
      if (body.dropped) {
        const where = { file: file.name, line: raw.line, position };
        for (const d of body.dropped) result.diagnostics.push(droppedAttachment(`line ${raw.line}`, d, where));
      }
      result.messages.push({
        id: null,
        author: { handle: raw.author, name: null },
        time: time.time,
        timePrecision: time.precision,
        text: body.text,
        url: null,
        replyTo: null,
        links: body.links,
        attachments: body.attachments,
        position,
        line: raw.line,
      });
    }
    result.diagnostics.push(...tally.notes(file.name, zone, order.order));
    const declared = Number((fields.get('Messages') ?? '').replace(/\D/g, '')) || stated;
    if (declared && declared !== raws.length) note('warning', 'count-differs', `the export says ${declared} message(s) but ${raws.length} message header(s) were found: the file may be cut short`);
    return result;
  },
};
