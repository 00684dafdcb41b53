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
import { FileTally, FileTimes, attachmentOf, dateOrder, discordTitle, droppedAttachment, looksLikeTime, reactionTotal } from './discord-common.ts';
import { zoneOf } from '../time.ts';
import { isBlank, splitEveryLine } from './text-lines.ts';

/** The banner line around the preamble and the postamble: DCE writes 62 "=". */
const BANNER = /^={20,}\s*$/;
/** A message header: "[time] author", the bracket at most 64 characters. */
const HEADER = /^\[([^\]\n]{1,64})\] (.*)$/;
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
  body: string[];
}

/** The preamble's fields ("Guild", "Channel", "Topic", ...) and the line after it. */
function readPreamble(lines: string[]): { fields: Map<string, string>; next: number } {
  const fields = new Map<string, string>();
  if (!BANNER.test(lines[0] ?? '')) return { fields, next: 0 };
  for (let i = 1; i < lines.length && i < 64; i++) {
    if (BANNER.test(lines[i])) return { fields, next: i + 1 };
    const colon = lines[i].indexOf(': ');
    if (colon > 0) fields.set(lines[i].slice(0, colon), lines[i].slice(colon + 2));
  }
  return { fields, next: 0 };
}

/** Whether line i starts a message: a header after a blank line (or at `first`), its bracket a time. */
function headerAt(lines: string[], i: number, first: number): RegExpExecArray | null {
  // A header starts with "[": no regex run on other lines.
  if (lines[i].charCodeAt(0) !== 91 || (i > first && !isBlank(lines[i - 1]))) return null;
  const m = HEADER.exec(lines[i]);
  return m && looksLikeTime(m[1].trim()) ? m : null;
}

/** The messages' raw parts, and the count the closing banner states. */
function splitMessages(lines: string[], first: number): { raws: Raw[]; stated: number | null; end: number } {
  const raws: Raw[] = [];
  let stated: number | null = null;
  let end = lines.length;
  for (let i = first; i < lines.length; i++) {
    // A banner starts with "=": no regex run on other lines.
    if (lines[i].charCodeAt(0) === 61 && BANNER.test(lines[i]) && isBlank(lines[i - 1] ?? '') && EXPORTED.test(lines[i + 1] ?? '')) {
      stated = Number(EXPORTED.exec(lines[i + 1])![1].replace(/\D/g, ''));
      end = i;
      break;
    }
    const m = headerAt(lines, i, first);
    if (m) {
      const author = m[2].endsWith(PINNED) ? m[2].slice(0, -PINNED.length) : m[2];
      raws.push({ rawTime: m[1].trim(), author: author.trim(), line: i + 1, body: [] });
    } else if (raws.length) raws[raws.length - 1].body.push(lines[i]);
  }
  return { raws, stated, end };
}

/** A message body: its content lines, and its blocks' attachments, links and reactions. */
function readBody(body: string[]): { text: string; attachments: Attachment[]; links: string[]; dropped: string[]; reactions: number } {
  const attachments: Attachment[] = [];
  const links: string[] = [];
  const dropped: string[] = [];
  let reactions = 0;
  let contentEnd = body.length;
  for (let i = 0; i < body.length; i++) {
    // Every block marker holds a "{": a line without one is content, untrimmed.
    if (!body[i].includes('{') || !BLOCKS.has(body[i].trim()) || (i > 0 && !isBlank(body[i - 1]))) continue;
    if (contentEnd === body.length) contentEnd = i;
    const kind = body[i].trim();
    let j = i + 1;
    let firstUrl = true;
    for (; j < body.length && !isBlank(body[j]); j++) {
      const l = body[j].trim();
      if (kind === '{Reactions}') reactions += reactionTotal(l);
      else if (kind === '{Embed}') {
        // Only a line that is a bare http(s) URL counts: URL-parse no other (a parse that fails throws).
        const url = firstUrl && HTTP_LINE.test(l) ? safeHttpUrl(l) : null;
        if (url) {
          links.push(url);
          firstUrl = false;
        }
      } else {
        const out = attachmentOf(l);
        if ('attachment' in out) attachments.push(out.attachment);
        else if ('link' in out) links.push(out.link);
        else if (kind === '{Attachments}') dropped.push(out.dropped);
      }
    }
    i = j - 1;
  }
  const content = body.slice(0, contentEnd);
  while (content.length && isBlank(content[content.length - 1])) content.pop();
  return { text: content.join('\n'), attachments, links, dropped, reactions };
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
    const lines = splitEveryLine(text);
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
      const where = { file: file.name, line: raw.line, position };
      const time = times.read(raw.rawTime);
      if (!time) {
        result.skipped.push({ severity: 'warning', code: 'time-unreadable', message: `line ${raw.line}: time ${preview(raw.rawTime)} unreadable`, ...where });
        continue;
      }
      if (!raw.author) {
        result.skipped.push({ severity: 'warning', code: 'author-missing', message: `line ${raw.line}: no author after the time`, ...where });
        continue;
      }
      const body = readBody(raw.body);
      tally.add(time, raw.rawTime, body.reactions);
      for (const d of body.dropped) result.diagnostics.push(droppedAttachment(`line ${raw.line}`, d, where));
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
    result.diagnostics.push(...tally.notes(file.name, zone));
    const declared = Number((fields.get('Messages') ?? '').replace(/\D/g, '')) || stated;
    if (declared && declared !== raws.length) note('warning', 'count-differs', `the export says ${declared} message(s) but ${raws.length} message header(s) were found: the file may be cut short`);
    return result;
  },
};
