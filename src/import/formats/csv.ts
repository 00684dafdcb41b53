/**
 * Spreadsheet archives of a chat, as CSV: what editors actually hold.
 *
 * - Martin Hawksey's TAGS (Twitter Archiving Google Sheet), "Archive" sheet
 *   downloaded as CSV: id_str, from_user, text, created_at ("Wed Oct 24
 *   17:45:00 +0000 2012"), time ("24/10/2012 17:45:00"), in_reply_to_status_id_str,
 *   status_url, entities_str, ... Texts are the Twitter API's, with `&amp;`,
 *   `&lt;` and `&gt;` still escaped. `entities_str` gives the expanded links
 *   and the tweet's first photo (an attachment; see `readEntities`).
 * - Hand-made or tool-made spreadsheet exports: "Tweet ID", "Username",
 *   "Name", "Date", "Text", "URL", "In reply to" and the like.
 * - jamrecap's own CSV download (src/downloads/csv.ts): UTF-8 with a BOM,
 *   CRLF, header id,time,author,name,question,reply_to,text,url.
 *
 * Columns are found by header name (case-insensitive; spaces, `_`, `.` and
 * `-` alike), never by position. Comma, semicolon (European spreadsheets)
 * and tab (Excel "Unicode text") delimiters are recognized from the header
 * line; CRLF, LF and lone CR (old Excel for Mac) all end a row.
 *
 * Rules a spreadsheet forces on us:
 * - Ids are strings, always. Excel shows long numbers with 15 significant
 *   digits, so an id it touched is gone: "2.61E+17" in a cell, or a whole
 *   column of 17+ digit ids ending in zeros. Such an id is not guessed: the
 *   permalink's /status/<id> gives it back when the row has one, else the
 *   message gets a content id (see `normalize` in the pipeline). Either way an
 *   info diagnostic says the spreadsheet rounded it.
 * - Times: a row's `created_at` wins when it reads (Twitter's own format is
 *   unambiguous); otherwise the other time columns in the order of `TIME`.
 *   Numeric dates such as 05/06/2012 are day-first or month-first for the
 *   whole column: a value with a first number above 12 (24/10/2012) makes the
 *   column day-first, one with a second number above 12 (10/24/2012)
 *   month-first. With no evidence either way the column is read day-first
 *   (TAGS writes the day first) and a warning says so; with evidence both
 *   ways the ambiguous values are unreadable. Dotted dates (24.10.2012) are
 *   always day-first. Two-digit years are 20yy. Times with no offset are UTC.
 * - Cells are text, taken as they are: a formula-looking "=1+2" is the text
 *   "=1+2", `<script>` is the text "<script>" (the site escapes it).
 * - The `question` column of jamrecap's own CSV is not read: questions are
 *   recomputed from the messages (the editor re-files in the jam's notes).
 *
 * Every data row is a message element: a row that cannot be read (no author,
 * time or text; a quote never closed) is a `skipped` diagnostic with its line.
 * Blank rows (empty lines, rows of bare delimiters) are not rows.
 */
import { csvParse } from '../lazy-packages.ts';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { parseAnyTime, parseIso, parseLongDate, parseRfc2822, parseTwitterCreatedAt, type ParsedTime } from '../time.ts';
import { preview } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { isObject, orTweetPage, v1MediaAttachment } from './twitter-api.ts';

type Role = 'id' | 'handle' | 'name' | 'text' | 'url' | 'replyTo' | 'entities';

/**
 * Header names per role, most specific first (normalized, see `headerKey`).
 * The first name a header has is the column used for that role.
 */
const ROLES: Record<Role, readonly string[]> = {
  id: ['id_str', 'tweet_id', 'tweet_id_str', 'status_id', 'id'],
  handle: ['from_user', 'screen_name', 'user_screen_name', 'username', 'author_username', 'user_username', 'handle', 'author', 'user'],
  name: ['name', 'display_name', 'user_name', 'from_user_name', 'author_name', 'full_name'],
  text: ['text', 'full_text', 'tweet', 'tweet_text', 'content', 'message', 'body'],
  url: ['status_url', 'permalink', 'tweet_url', 'url'],
  replyTo: ['reply_to', 'in_reply_to_status_id_str', 'in_reply_to_status_id', 'in_reply_to_tweet_id', 'referenced_tweets_replied_to_id', 'in_reply_to'],
  entities: ['entities_str'],
};
/** Time columns, in the order a row tries them: Twitter's `created_at` first. */
const TIME = ['created_at', 'time', 'timestamp', 'date', 'datetime', 'date_time', 'tweet_date', 'created', 'posted_at'] as const;
/** Columns only TAGS (and the Twitter API it copies) writes: its texts keep the API's HTML escapes. */
const TAGS_MARKERS = ['id_str', 'from_user', 'entities_str', 'in_reply_to_status_id_str'];
const DELIMITERS = [',', ';', '\t'] as const;
/** Row ends: CRLF first, so that "\r\n" is one break, then LF and a lone CR. */
const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];
/** A malformed record makes the parser start again on the next line; a hostile file cannot make that quadratic. */
const MAX_RECOVERIES = 100;

/** A header cell as a lookup key: "Tweet ID", "tweet_id" and "tweet-id" are one name. */
export function headerKey(cell: string): string {
  return cell.replace(/^\uFEFF+/, '').trim().toLowerCase().replace(/[\s_.-]+/g, '_').replace(/^_|_$/g, '');
}

export interface CsvHeader {
  /** Header cells as written. */
  cells: string[];
  columns: Partial<Record<Role, number>>;
  /** Time columns in the order rows try them. */
  times: number[];
  /** A TAGS archive: texts keep the Twitter API's `&amp;`, `&lt;`, `&gt;`. */
  tags: boolean;
}

const TIME_NAMES = new Set<string>(TIME);

/**
 * Cheap first look for a header row among data rows (files pasted together):
 * one cell must be a time column's name. Those are 4-10 letters, so most
 * cells are ruled out before they are normalized.
 */
function mayBeHeader(cells: string[]): boolean {
  for (const c of cells) {
    if (c.length < 4 || c.length > 24) continue;
    const lower = c.toLowerCase();
    if (TIME_NAMES.has(lower) || (/[^a-z]/.test(lower) && TIME_NAMES.has(headerKey(c)))) return true;
  }
  return false;
}

/** The header a row of cells makes, or null unless it names an author, a text and a time column. */
export function readHeader(cells: string[]): CsvHeader | null {
  const keys = cells.map(headerKey);
  const columns: Partial<Record<Role, number>> = {};
  for (const role of Object.keys(ROLES) as Role[]) {
    for (const name of ROLES[role]) {
      const i = keys.indexOf(name);
      if (i >= 0) {
        columns[role] = i;
        break;
      }
    }
  }
  const times = TIME.map((name) => keys.indexOf(name)).filter((i) => i >= 0);
  if (columns.handle === undefined || columns.text === undefined || times.length === 0) return null;
  return { cells, columns, times, tags: keys.some((k) => TAGS_MARKERS.includes(k)) };
}

function parseLine(line: string, delimiter: string): string[] | null {
  try {
    const rows = csvParse()(line, { delimiter, relax_quotes: true, relax_column_count: true, to_line: 1 }) as string[][];
    return rows[0] ?? null;
  } catch {
    return null;
  }
}

/** The delimiter and header of a file's first line, or null when it is not a chat CSV header. */
export function sniffHeader(text: string): { delimiter: string; header: CsvHeader } | null {
  const head = text.slice(0, 65536).replace(/^\uFEFF/, '');
  const end = head.search(/\r\n|\n|\r/);
  const line = end === -1 ? head : head.slice(0, end);
  if (!line.trim()) return null;
  for (const delimiter of DELIMITERS) {
    if (!line.includes(delimiter)) continue;
    const cells = parseLine(line, delimiter);
    const header = cells && readHeader(cells);
    if (header) return { delimiter, header };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Records with their byte offsets, surviving malformed quoting

export type Item = { kind: 'record'; cells: string[]; start: number } | { kind: 'malformed'; start: number; why: string };

/** Where the record whose bytes begin at `from` really starts: after the empty lines the parser skipped. */
function skipBreaks(buf: Buffer, from: number): number {
  let i = from;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  return i;
}

/** Offset just after the line break that ends the line holding `at` (or the end of the buffer). */
function nextLine(buf: Buffer, at: number): number {
  for (let i = at; i < buf.length; i++) {
    if (buf[i] === 0x0a) return i + 1;
    if (buf[i] === 0x0d) return buf[i + 1] === 0x0a ? i + 2 : i + 1;
  }
  return buf.length;
}

/**
 * Every record of the file in order (or the first `maxItems`), with the byte offset where it starts.
 * csv-parse throws on a quote that is never closed (and on little else with
 * relaxed quotes and column counts): the records before it are kept, the
 * record where it happened becomes a `malformed` item, and parsing starts
 * again on the line after that record's first line.
 */
export function readItems(buf: Buffer, delimiter: string, maxRecoveries = MAX_RECOVERIES, maxItems = Infinity): { items: Item[]; unread: { start: number } | null } {
  const items: Item[] = [];
  let offset = 0;
  for (let round = 0; offset < buf.length && items.length < maxItems; round++) {
    if (round > maxRecoveries) return { items, unread: { start: skipBreaks(buf, offset) } };
    const base = offset;
    let end = 0;
    try {
      csvParse()(buf.subarray(base), {
        delimiter,
        record_delimiter: RECORD_DELIMITERS,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        ...(maxItems < Infinity ? { to: maxItems - items.length } : {}),
        on_record: (cells: string[], info) => {
          items.push({ kind: 'record', cells, start: base + skipBreaks(buf.subarray(base), end) });
          end = info.bytes;
          return null;
        },
      });
      return { items, unread: null };
    } catch (err) {
      const start = base + skipBreaks(buf.subarray(base), end);
      if (start >= buf.length) return { items, unread: null };
      const code = (err as { code?: string }).code;
      const why = code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : `malformed CSV (${preview((err as Error).message, 80)})`;
      items.push({ kind: 'malformed', start, why });
      offset = nextLine(buf, start);
    }
  }
  return { items, unread: null };
}

/** 1-based line of a byte offset; CRLF, LF and a lone CR each end a line. */
function lineCounter(buf: Buffer): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) starts.push(i + 1);
    else if (buf[i] === 0x0d && buf[i + 1] !== 0x0a) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

// ---------------------------------------------------------------------------
// Times

type DateOrder = 'dmy' | 'mdy';
/** How a column's numeric dates are read: decided once per column, see the module comment. */
interface ColumnOrder {
  order: DateOrder;
  /** No value settled it: day-first by default. */
  guessed: boolean;
  /** Values settled it both ways: ambiguous values are unreadable. */
  conflict: boolean;
}

const NUMERIC_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:(?:\s+|T|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?$/;
const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?$/;
/** Excel's serial day number (days since 1899-12-30), 1990-01-01 to 2099-12-31. */
const EXCEL_SERIAL = /^(\d{5})(\.\d+)?$/;

const pad = (n: number | string, w = 2) => String(n).padStart(w, '0');

/** Evidence of a column's day/month order from its values. */
export function columnOrder(values: Iterable<string>): ColumnOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const m = NUMERIC_DATE.exec(v.trim());
    if (!m || m[2] === '.') continue;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[3]) > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return { order: 'dmy', guessed: false, conflict: true };
  if (monthFirst) return { order: 'mdy', guessed: false, conflict: false };
  return { order: 'dmy', guessed: !dayFirst, conflict: false };
}

export interface CsvTime extends ParsedTime {
  /** The value carried no UTC offset and was read as UTC. */
  naive: boolean;
  /** A numeric date whose day/month order came from the column default, not from the value. */
  ambiguous: boolean;
}

function hour12(h: number, ampm: string | undefined): number | null {
  if (!ampm) return h;
  if (h < 1 || h > 12) return null;
  return (h % 12) + (ampm.toLowerCase() === 'p' ? 12 : 0);
}

/** One cell as a time, or null. `order` says how numeric dates are read. */
export function parseCsvTime(raw: string, order: ColumnOrder = { order: 'dmy', guessed: true, conflict: false }): CsvTime | null {
  const v = raw.trim();
  if (!v) return null;
  const iso = ISO_LIKE.exec(v);
  if (iso) {
    const [, date, hm, sec, zone] = iso;
    const t = parseIso(hm ? `${date}T${hm}${sec ?? ''}${zone ?? ''}` : date);
    if (!t) return null;
    return { ...t, precision: hm && !sec ? 'minute' : t.precision, naive: !!hm && !zone, ambiguous: false };
  }
  const num = NUMERIC_DATE.exec(v);
  if (num) {
    const [, a, sep, b, y, h, mi, s, ms, ampm] = num;
    const first = Number(a);
    const second = Number(b);
    const settled = sep === '.' || first > 12 || second > 12 || first === second;
    if (!settled && order.conflict) return null;
    const dmy = sep === '.' || (first > 12 ? true : second > 12 ? false : order.order === 'dmy');
    const [day, month] = dmy ? [first, second] : [second, first];
    const year = y.length === 2 ? 2000 + Number(y) : Number(y);
    const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    if (h === undefined) {
      const t = parseIso(date);
      return t && { ...t, naive: false, ambiguous: !settled };
    }
    const hour = hour12(Number(h), ampm);
    if (hour === null) return null;
    const t = parseIso(`${date}T${pad(hour)}:${mi}:${pad(s ?? 0)}${ms ? `.${ms.padEnd(3, '0')}` : ''}`);
    return t && { ...t, precision: s === undefined ? 'minute' : 'second', naive: true, ambiguous: !settled };
  }
  const serial = EXCEL_SERIAL.exec(v);
  if (serial) {
    const days = Number(v);
    if (days < 32874 || days > 73050) return null;
    // 25569 is 1970-01-01; a fraction is the time of day, kept to the second.
    const iso = new Date(Math.round((days - 25569) * 86400) * 1000).toISOString();
    const t = parseIso(serial[2] ? iso : iso.slice(0, 10));
    return t && { ...t, naive: !!serial[2], ambiguous: false };
  }
  // Machine forms with letters or an epoch: Twitter's created_at, RFC 2822, "January 26, 2019", epoch seconds/ms.
  if (/[A-Za-z]/.test(v) || /^\d{9,13}$/.test(v)) {
    // parseAnyTime's order, minus ISO (ruled out above) and with Twitter's form first: the common case, and luxon's failures are slow.
    const t = /^\d+$/.test(v) ? parseAnyTime(v) : (parseTwitterCreatedAt(v) ?? parseRfc2822(v) ?? parseLongDate(v));
    if (!t) return null;
    const offset = /[+-]\d{2}:?\d{2}\b|\b(?:GMT|UTC|Z)\b|^\d+$/i.test(v);
    return { ...t, naive: t.precision !== 'day' && !offset, ambiguous: false };
  }
  return null;
}

/**
 * A clock-only cell ("17:45:00", "5:45 PM") in a file that keeps the day in
 * another time column ("Date" = "24/10/2012"): the two make one time.
 */
function withDate(clock: string, cells: string[], times: number[], orders: Map<number, ColumnOrder>): CsvTime | null {
  const c = CLOCK.exec(clock.trim());
  const hour = c && hour12(Number(c[1]), c[4]);
  if (!c || hour === null) return null;
  for (const j of times) {
    const day = parseCsvTime(cells[j] ?? '', orders.get(j));
    if (day?.precision !== 'day') continue;
    const t = parseIso(`${day.time}T${pad(hour)}:${c[2]}:${pad(c[3] ?? 0)}`);
    return t && { ...t, precision: c[3] === undefined ? 'minute' : 'second', naive: true, ambiguous: day.ambiguous };
  }
  return null;
}

// ---------------------------------------------------------------------------
// Ids

const DIGITS = /^\d+$/;
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
const STATUS_ID = /\/status(?:es)?\/(\d+)/;
/** jamrecap's own content ids (src/model/ids.ts), as its CSV writes them for messages without a platform id. */
const CONTENT_ID = /^h-[0-9a-f]{16}$/;

/**
 * A column of long ids that went through Excel: at least 3 ids of 17+ digits
 * and every one of them zeros after the 15th significant digit. Three genuine
 * tweet ids doing that by chance: about one in a million.
 */
/** The digits without their trailing zeros (a loop: `/0+$/` is quadratic on a long run of zeros before another digit). */
function withoutTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits[end - 1] === '0') end--;
  return digits.slice(0, end);
}

export function roundedColumn(values: Iterable<string>): boolean {
  let long = 0;
  for (const raw of values) {
    const v = raw.trim();
    if (!DIGITS.test(v) || v.length < 17) continue;
    if (withoutTrailingZeros(v).length > 15) return false;
    long++;
  }
  return long >= 3;
}

type IdRead = { id: string | null; rounded: boolean };

function readId(raw: string | undefined, rounded: boolean): IdRead {
  const v = (raw ?? '').trim();
  if (!v) return { id: null, rounded: false };
  if (SCIENTIFIC.test(v)) return { id: null, rounded: true };
  if (DIGITS.test(v)) return rounded && v.length >= 17 ? { id: null, rounded: true } : { id: v, rounded: false };
  return { id: v, rounded: false };
}

/**
 * A reply reference: an id, a status URL, or jamrecap's content id. A bare
 * handle names no message; `anyId` (jamrecap's own reply_to column) keeps
 * whatever id jamrecap wrote (the pipeline still checks it looks like one).
 */
function readReply(raw: string | undefined, rounded: boolean, anyId: boolean): IdRead {
  const v = (raw ?? '').trim();
  if (!v) return { id: null, rounded: false };
  const url = STATUS_ID.exec(v);
  if (url && /^https?:\/\//i.test(v)) return { id: url[1], rounded: false };
  if (DIGITS.test(v) || SCIENTIFIC.test(v)) return readId(v, rounded);
  return { id: anyId || CONTENT_ID.test(v) ? v : null, rounded: false };
}

/**
 * What a TAGS `entities_str` cell (the Twitter API's v1.1 `entities` as JSON)
 * gives: the expanded links, and the picture `entities.media` names (v1.1
 * lists only a tweet's first photo there) as an attachment.
 */
function readEntities(raw: string | undefined): { links: string[]; attachments: Attachment[] } {
  const none = { links: [], attachments: [] };
  if (!raw || !raw.trim().startsWith('{')) return none;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return none;
  }
  if (!isObject(doc)) return none;
  const links = Array.isArray(doc.urls)
    ? doc.urls.map((u) => (isObject(u) ? u.expanded_url : null)).filter((u): u is string => typeof u === 'string')
    : [];
  const attachments = Array.isArray(doc.media) ? doc.media.map(v1MediaAttachment).filter((a): a is Attachment => a !== null) : [];
  return { links, attachments };
}

/** The three escapes the Twitter API left in texts (and TAGS kept), `&amp;` last so "&amp;lt;" stays "&lt;". */
function unescapeApiText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------------------
// The importer

const blank = (cells: string[]) => cells.every((c) => !c.trim());

type Row = { cells: string[]; line: number; malformed?: string };

/** A header and the rows under it, up to the next header. */
interface Segment {
  header: CsvHeader;
  /** Line of the header row. */
  line: number;
  rows: Row[];
}

/** A finding about a row that does not keep it out of the transcript. */
type RowNote = { severity: Diagnostic['severity']; code: string; message: string };
type RowOutcome = { message: Omit<ParsedMessage, 'position' | 'line'>; time: CsvTime; timeColumn: number; notes: RowNote[] } | { skip: string; why: string };

/** What the whole column says, read before any of its rows: date order, Excel rounding. */
interface ColumnFacts {
  orders: Map<number, ColumnOrder>;
  idRounded: boolean;
  replyRounded: boolean;
}

function columnFacts(seg: Segment): ColumnFacts {
  const { columns: c, times } = seg.header;
  const column = (i: number | undefined) => (i === undefined ? [] : seg.rows.map((r) => r.cells[i] ?? ''));
  return {
    orders: new Map(times.map((i) => [i, columnOrder(column(i))])),
    idRounded: roundedColumn(column(c.id)),
    replyRounded: roundedColumn(column(c.replyTo)),
  };
}

/** One data row as a message, or the reason it cannot be one. */
function readRow(cells: string[], position: number, header: CsvHeader, facts: ColumnFacts): RowOutcome {
  const c = header.columns;
  const cell = (i: number | undefined) => (i === undefined ? undefined : cells[i]);
  const width = header.cells.length;
  const short = cells.length < width ? ` (the row has ${cells.length} of the header's ${width} cells)` : '';

  const handle = (cell(c.handle) ?? '').trim().replace(/^@/, '');
  if (!handle) return { skip: 'author-missing', why: `no author in column "${header.cells[c.handle!]}"${short}` };
  const rawText = cell(c.text);
  if (rawText === undefined || !rawText.trim()) return { skip: 'text-missing', why: `no text in column "${header.cells[c.text!]}"${short}` };

  // created_at first (see TIME), then the others; the first that reads wins.
  let time: CsvTime | null = null;
  let timeColumn = -1;
  for (const i of header.times) {
    const v = cells[i];
    if (v === undefined || !v.trim()) continue;
    time = parseCsvTime(v, facts.orders.get(i)) ?? withDate(v, cells, header.times, facts.orders);
    if (time) {
      timeColumn = i;
      break;
    }
  }
  if (!time) {
    const tried = header.times.filter((i) => cells[i]?.trim()).map((i) => `${header.cells[i]}=${preview(cells[i])}`);
    if (!tried.length) return { skip: 'time-missing', why: `no time${short}` };
    const conflict = header.times.some((i) => facts.orders.get(i)?.conflict && NUMERIC_DATE.test(cells[i].trim()));
    return { skip: 'time-unreadable', why: `time unreadable (${tried.join(', ')})${conflict ? ': the column has both day-first and month-first dates' : ''}` };
  }

  const notes: RowNote[] = [];
  const url = cell(c.url)?.trim() || null;
  const urlId = url ? (STATUS_ID.exec(url)?.[1] ?? null) : null;
  let { id, rounded } = readId(cell(c.id), facts.idRounded);
  if (rounded) {
    const was = preview(cell(c.id) ?? '');
    notes.push({
      severity: 'info',
      code: 'id-rounded',
      message: urlId
        ? `row ${position}: the spreadsheet rounded the id (${was}); the id ${urlId} is taken from the permalink`
        : `row ${position}: the spreadsheet rounded the id (${was}), so it is lost; the message gets a content id`,
    });
    id = urlId;
  } else if (id === null) id = urlId;
  // jamrecap's own reply_to column may hold any id it wrote; other "in reply to" columns also hold handles.
  const replyColumn = c.replyTo === undefined ? '' : headerKey(header.cells[c.replyTo]);
  const reply = readReply(cell(c.replyTo), facts.replyRounded, replyColumn === 'reply_to');
  if (reply.rounded) {
    notes.push({ severity: 'info', code: 'id-rounded', message: `row ${position}: the spreadsheet rounded the reply-to id (${preview(cell(c.replyTo) ?? '')}); the reply link is lost` });
  }
  if (cells.length !== width) {
    notes.push({ severity: 'warning', code: 'row-width', message: `row ${position}: ${cells.length} cells where the header has ${width}; cells may be out of place` });
  }
  const entities = readEntities(cell(c.entities));
  return {
    time,
    timeColumn,
    notes,
    message: {
      id,
      author: { handle, name: cell(c.name)?.trim() || null },
      time: time.time,
      timePrecision: time.precision,
      text: header.tags ? unescapeApiText(rawText) : rawText,
      url,
      replyTo: reply.id,
      links: entities.links,
      attachments: orTweetPage(entities.attachments, url),
    },
  };
}

/**
 * Records into header segments: the first record that names the needed
 * columns is the header; a header met again (files pasted together) takes
 * over from there. Blank records are counted, not kept.
 */
function segment(items: Item[], lineOf: (offset: number) => number): { segments: Segment[]; blankRows: number; beforeHeader: number } {
  const segments: Segment[] = [];
  let blankRows = 0;
  let beforeHeader = 0;
  for (const item of items) {
    const line = lineOf(item.start);
    const current = segments[segments.length - 1];
    if (item.kind === 'malformed') {
      if (current) current.rows.push({ cells: [], line, malformed: item.why });
      else beforeHeader++;
    } else if (blank(item.cells)) blankRows++;
    else {
      const header = !current || mayBeHeader(item.cells) ? readHeader(item.cells) : null;
      if (header) segments.push({ header, line, rows: [] });
      else if (current) current.rows.push({ cells: item.cells, line });
      else beforeHeader++;
    }
  }
  return { segments, blankRows, beforeHeader };
}

/** More steps down in time than up: the file lists the newest first (TAGS keeps the newest tweet on top). */
function newestFirst(messages: ParsedMessage[]): boolean {
  let up = 0;
  let down = 0;
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].time > messages[i - 1].time) up++;
    else if (messages[i].time < messages[i - 1].time) down++;
  }
  return down > up;
}

/** How much of a file, and how many of its data rows, detection reads. */
const DETECT_BYTES = 262144;
const DETECT_ROWS = 50;

/**
 * Whether the first line can be a chat CSV header at all, before csv-parse
 * reads it (three times, once per delimiter: most of the time every text
 * export took to be told "not a CSV"). A header cell's name, normalized as
 * `headerKey` does, is a substring of the line normalized the same way, so a
 * line missing a handle, a text or a time column's name is no header.
 */
function headerPossible(text: string): boolean {
  const head = text.slice(0, 65536);
  const end = head.search(/\r\n|\n|\r/);
  const line = (end === -1 ? head : head.slice(0, end)).toLowerCase().replace(/[\s_.-]+/g, '_');
  const has = (names: readonly string[]) => names.some((n) => line.includes(n));
  return has(ROLES.handle) && has(ROLES.text) && has(TIME);
}

/**
 * Whether this importer can read the file: a header naming an author, a text
 * and a time column, and among the first data rows at least one that becomes
 * a message (a file with a header and no data row is an empty archive, and is
 * read). Column names alone are not enough: DiscordChatExporter's CSV
 * (`AuthorID;Author;Date;Content;...`) names all three, but its dates
 * ("26-Jun-19 06:26 PM") do not read, so claiming it would keep none of its
 * rows. Such a file is left to another importer, or to `--format csv`, which
 * reads it and says why each row is skipped.
 */
function canRead(text: string): boolean {
  const sniffed = sniffHeader(text);
  if (!sniffed) return false;
  const head = Buffer.from(text.slice(0, DETECT_BYTES).replace(/^\uFEFF+/, ''), 'utf8');
  // The header, then up to DETECT_ROWS rows (blank rows and a few rows of bare delimiters aside).
  const { segments } = segment(readItems(head, sniffed.delimiter, 2, DETECT_ROWS + 1).items, () => 0);
  const seg = segments[0];
  if (!seg) return false;
  const rows = seg.rows.slice(0, DETECT_ROWS);
  if (rows.length === 0) return true;
  const sample: Segment = { ...seg, rows };
  const facts = columnFacts(sample);
  return rows.some((r, i) => !r.malformed && !('skip' in readRow(r.cells, i + 1, seg.header, facts)));
}

export const csv: Importer = {
  name: 'csv',
  description: 'Spreadsheet archive as CSV: TAGS (Twitter Archiving Google Sheet), spreadsheet exports, jamrecap CSV',

  detect(file) {
    const b = file.bytes;
    const utf16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
    if (!utf16 && file.head(8192).includes('\0')) return false;
    return headerPossible(file.text) && canRead(file.text);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const text = file.text.replace(/^\uFEFF+/, '');
    const delimiter = sniffHeader(text)?.delimiter ?? ',';
    const buf = Buffer.from(text, 'utf8');
    const lineOf = lineCounter(buf);
    const note = (severity: Diagnostic['severity'], code: string, message: string, line?: number) =>
      result.diagnostics.push({ severity, code, message, file: file.name, ...(line ? { line } : {}) });

    const { items, unread } = readItems(buf, delimiter);
    const { segments, blankRows, beforeHeader } = segment(items, lineOf);
    if (!segments.length) {
      note('error', 'header-missing', 'no header row naming an author, a text and a time column (e.g. from_user,text,created_at or author,text,time)');
      return result;
    }
    if (beforeHeader) note('warning', 'before-header', `${beforeHeader} row(s) before the header row were not read`, 1);
    if (blankRows) note('info', 'blank-rows', `${blankRows} blank row(s) (no cell with content) ignored`);

    // Said once per time column, after the rows.
    const columnNotes = new Map<string, RowNote & { line: number }>();
    segments.forEach((seg, si) => {
      if (si > 0) note('info', 'header-repeated', `line ${seg.line}: a header row again (files pasted together?); the columns are read by this header from here on`, seg.line);
      const facts = columnFacts(seg);
      for (const { cells, line, malformed } of seg.rows) {
        const position = ++result.found;
        const read: RowOutcome = malformed
          ? { skip: 'csv-malformed', why: `${malformed}; the rest of the file is read from the next line` }
          : readRow(cells, position, seg.header, facts);
        if ('skip' in read) {
          result.skipped.push({ severity: 'warning', code: read.skip, message: `row ${position} (line ${line}): ${read.why}`, file: file.name, line, position });
          continue;
        }
        for (const n of read.notes) note(n.severity, n.code, n.message, line);
        const column = seg.header.cells[read.timeColumn].trim();
        if (read.time.ambiguous && !columnNotes.has(`order:${column}`)) {
          columnNotes.set(`order:${column}`, {
            severity: 'warning',
            code: 'date-order-guessed',
            message: `column "${column}": no date in it shows whether the day or the month comes first (e.g. ${preview(cells[read.timeColumn])}); read day-first, as TAGS writes them`,
            line,
          });
        }
        if (read.time.naive && !columnNotes.has(`zone:${column}`)) {
          columnNotes.set(`zone:${column}`, { severity: 'info', code: 'time-zone-assumed', message: `column "${column}": times carry no UTC offset; read as UTC`, line });
        }
        result.messages.push({ ...read.message, position, line });
      }
    });
    for (const n of columnNotes.values()) note(n.severity, n.code, n.message, n.line);
    if (unread) {
      const line = lineOf(unread.start);
      note('error', 'csv-unreadable', `from line ${line} on, the file is not read: too many malformed rows (over ${MAX_RECOVERIES} restarts)`, line);
    }
    result.newestFirst = newestFirst(result.messages);
    return result;
  },
};
