/**
 * DiscordChatExporter's CSV export: the header `AuthorID,Author,Date,
 * Content,Attachments,Reactions` (older versions: `;`-separated, with a
 * trailing `;`), every cell double-quoted, contents spanning lines.
 *
 * Each data row is a message element. Kept: the author (handle = `Author`
 * as written, "Name#1234" in older exports; no display name), the time (a
 * locale string without offset: see discord-common.ts), the content and the
 * attachments (comma-separated URLs or paths; pictures and videos kept,
 * other files as links). The export has no message ids and no replies: the
 * pipeline gives each message a content id. Reactions ("👍 (7),😎 (6)") are
 * counted in one note: the model keeps none. A row that cannot be read (no
 * author, an unreadable date, a quote never closed) is skipped with its line.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { readItems, type Item } from './csv.ts';
import { FileTally, FileTimes, attachmentOf, dateOrder, droppedAttachment, isSystemText, reactionTotal, type DiscordTime } from './discord-common.ts';
import { zoneOf } from '../time.ts';

/** DCE's header, quoted or not, `,` or `;` separated, with or without a trailing separator. */
const HEADER = /^"?AuthorID"?([,;])"?Author"?\1"?Date"?\1"?Content"?\1"?Attachments"?\1"?Reactions"?[,;]?[ \t]*$/;

/** The delimiter of a DCE CSV header on the text's first line, or null when the first line is not one. */
export function dceCsvDelimiter(text: string): string | null {
  const head = text.slice(0, 512).replace(/^\uFEFF/, '');
  const end = head.search(/\r\n|\n|\r/);
  const m = HEADER.exec(end === -1 ? head : head.slice(0, end));
  return m ? m[1] : null;
}

/** A record of blank cells only (a row of bare delimiters): no row. */
function blankRecord(cells: string[]): boolean {
  for (const c of cells) if (c.trim()) return false;
  return true;
}

/** Column positions: fixed by DCE's header. */
const COL = { author: 1, date: 2, content: 3, attachments: 4, reactions: 5 } as const;

type RowOutcome = { message: ParsedMessage; reactions: number; time: DiscordTime; dropped: string[] } | { skip: string; why: string };

/** One data row as a message, at its position and line. */
function readRow(cells: string[], position: number, line: number, times: FileTimes): RowOutcome {
  // Cells by index, not through a helper closure made per row.
  const handle = (cells[COL.author] ?? '').trim();
  if (!handle) return { skip: 'author-missing', why: `row ${position}: no author` };
  const rawTime = cells[COL.date] ?? '';
  const time = times.read(rawTime);
  if (!time) return { skip: 'time-unreadable', why: `row ${position}: date ${preview(rawTime)} unreadable` };
  const attachments: Attachment[] = [];
  const links: string[] = [];
  const dropped: string[] = [];
  const refs = cells[COL.attachments] ?? '';
  for (const ref of refs === '' ? [] : refs.split(',')) {
    if (!ref.trim()) continue;
    const out = attachmentOf(ref);
    if ('attachment' in out) attachments.push(out.attachment);
    else if ('link' in out) links.push(out.link);
    else dropped.push(out.dropped);
  }
  const reactions = cells[COL.reactions] ?? '';
  return {
    reactions: reactions === '' ? 0 : reactionTotal(reactions),
    time,
    dropped,
    message: {
      id: null,
      author: { handle, name: null },
      time: time.time,
      timePrecision: time.precision,
      text: cells[COL.content] ?? '',
      url: null,
      replyTo: null,
      links,
      attachments,
      position,
      line,
    },
  };
}

/**
 * The 1-based line of a byte offset in `buf` (the file's text, UTF-8, less
 * `skipped` leading characters: a byte-order mark), by ExportFile's line
 * index. Offsets must be asked in ascending order (readItems gives them so):
 * the characters before each are counted on from the last one.
 */
function lineFinder(file: ExportFile, buf: Buffer, skipped: number): (offset: number) => number {
  let bytes = 0;
  let chars = skipped;
  return (offset) => {
    if (offset < bytes) [bytes, chars] = [0, skipped];
    chars += buf.toString('utf8', bytes, offset).length;
    bytes = offset;
    return file.lineAt(chars) ?? 1;
  };
}

/**
 * The records of `text` as readItems reads them (csv-parse: skipped empty
 * lines, CRLF, LF or CR ending a record, `""` inside a quoted cell), each
 * with the character offset where it starts, read here in one pass: the
 * quoted cells DCE writes cost csv-parse ~20x a line split. Null when the
 * text holds anything csv-parse treats specially (a quote inside an unquoted
 * cell, text after a closing quote, a quote never closed, a record that is
 * one quoted empty cell): readItems then reads the file, as before.
 */
function plainRecords(text: string, delimiter: string): Item[] | null {
  const out: Item[] = [];
  const n = text.length;
  const sep = delimiter.charCodeAt(0);
  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    // Line breaks where a record would start end empty lines: csv-parse skips them.
    if (first === 10 || first === 13) {
      i++;
      continue;
    }
    const start = i;
    const cells: string[] = [];
    for (;;) {
      if (i < n && text.charCodeAt(i) === 34) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q === -1) return null;
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        cells.push(value);
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === sep || c === 10 || c === 13) break;
          if (c === 34) return null;
        }
        cells.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === sep) {
        i++;
        continue;
      }
      if (c === 13) {
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
        break;
      }
      if (c === 10) {
        i++;
        break;
      }
      return null;
    }
    if (cells.length === 1 && cells[0] === '') return null;
    out.push({ kind: 'record', cells, start });
  }
  return out;
}

/**
 * The 1-based line of a character offset in `text` (1 + the line feeds
 * before it, as ExportFile `lineAt` counts in the file's text: a byte-order
 * mark taken off holds none), counted on from the offset asked before
 * (offsets come in ascending order; a smaller one counts from the start).
 */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let at = 0;
  let nl = text.indexOf('\n');
  return (offset) => {
    if (offset < at) {
      line = 1;
      nl = text.indexOf('\n');
    }
    at = offset;
    while (nl !== -1 && nl < offset) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    return line;
  };
}

/**
 * The file's records and the line of each record's start: by plainRecords
 * when it reads the text, else by readItems over the UTF-8 bytes.
 */
function recordsOf(file: ExportFile, text: string, delimiter: string): { items: Item[]; unread: { start: number } | null; lineOf: (start: number) => number } {
  const skipped = file.text.length - text.length;
  const plain = plainRecords(text, delimiter);
  if (plain) {
    return { items: plain, unread: null, lineOf: lineCounter(text) };
  }
  const buf = Buffer.from(text, 'utf8');
  return { ...readItems(buf, delimiter), lineOf: lineFinder(file, buf, skipped) };
}

export const discordCsv: Importer = {
  name: 'discord-csv',
  description: 'DiscordChatExporter CSV export (AuthorID, Author, Date, Content, Attachments, Reactions)',

  detect(file: ExportFile): boolean {
    return dceCsvDelimiter(file.head(512).replace(/^\xEF\xBB\xBF/, '')) !== null;
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (severity: Diagnostic['severity'], code: string, message: string, line?: number) =>
      result.diagnostics.push({ severity, code, message, file: file.name, ...(line ? { line } : {}) });
    const text = file.text.replace(/^\uFEFF/, '');
    const delimiter = dceCsvDelimiter(text);
    if (!delimiter) {
      note('error', 'header-missing', text.trim() ? 'the first line is not DiscordChatExporter\'s CSV header (AuthorID,Author,Date,Content,Attachments,Reactions)' : 'the file is empty');
      return result;
    }
    const { items, unread, lineOf } = recordsOf(file, text, delimiter);
    // The rows: every item after the header's.
    const dates: string[] = [];
    for (let i = 1; i < items.length; i++) {
      const r = items[i];
      if (r.kind === 'record') dates.push(r.cells[COL.date] ?? '');
    }
    const order = dateOrder(dates);
    const zone = zoneOf(options);
    const times = new FileTimes(order, zone.zone);
    const tally = new FileTally();
    for (let i = 1; i < items.length; i++) {
      const item = items[i];
      if (item.kind === 'record' && blankRecord(item.cells)) continue;
      const position = ++result.found;
      const line = lineOf(item.start);
      const where = { file: file.name, line, position };
      if (item.kind === 'malformed') {
        result.skipped.push({ severity: 'warning', code: 'csv-malformed', message: `row ${position} (line ${line}): ${item.why}; the rest of the file is read from the next line`, ...where });
        continue;
      }
      const read = readRow(item.cells, position, line, times);
      if ('skip' in read) {
        result.skipped.push({ severity: 'warning', code: read.skip, message: `${read.why} (line ${line})`, ...where });
        continue;
      }
      if (isSystemText(read.message.text)) {
        result.skipped.push({ severity: 'info', code: 'system-message', message: `row ${position}: a system entry (${preview(read.message.text.trim(), 60)}), not a message (line ${line})`, ...where });
        continue;
      }
      tally.add(read.time, item.cells[COL.date], read.reactions);
      for (const d of read.dropped) result.diagnostics.push(droppedAttachment(`row ${position}`, d, where));
      result.messages.push(read.message);
    }
    result.diagnostics.push(...tally.notes(file.name, zone, order.order));
    if (unread) note('error', 'csv-unreadable', `from line ${lineOf(unread.start)} on, the file is not read: too many malformed rows`, lineOf(unread.start));
    return result;
  },
};
