/**
 * `<slug>.csv`: one row per message, chronological, RFC 4180 (CRLF between
 * records, fields with a comma, quote, CR or LF quoted, quotes doubled).
 *
 * The file starts with a UTF-8 byte order mark: without it Excel reads the
 * file as the local ANSI code page and mangles every curly quote and emoji.
 * Parsers that do not expect it must strip it (csv-parse: `bom: true`);
 * after that, every field reads back exactly as in the JSON (null -> "").
 *
 * `time` is UTC, as the JSON has it; `local_time` is the same moment in the
 * jam's zone with its offset ("2012-10-24T13:00:00-04:00"; a message known
 * only to the day has the day alone), for people who read the file.
 *
 * Two files, the same rows:
 *
 * - `<slug>.csv`, exact: formula-looking cells (`=...`, `+...`, `-...`,
 *   `@...`) are NOT rewritten, so every field reads back exactly as in the
 *   JSON (the round trip, and jamrecap's own csv importer). For scripts and
 *   tools; a spreadsheet should open it through its import dialog.
 * - `<slug>-spreadsheet.csv`, for Excel, LibreOffice and Google Sheets opened
 *   by double-click: a cell starting with `=`, `+`, `-`, `@`, a tab or a CR
 *   (or their full-width forms `＝＋－＠`, which some locales' Excel reads as
 *   formulas too) gets a leading `'`, so a hostile tweet is shown as text,
 *   never run as a formula (OWASP "CSV injection"). Every "@reply" then shows
 *   that `'`: the price of being safe by double-click.
 */
import { stringify } from 'csv-stringify/sync';
import type { Message, Transcript } from '../model/transcript.ts';
import { formatZoned, isDayOnly, isoDate, zonedMessageTime } from '../model/time-format.ts';
import { resolveZone } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

export const CSV_COLUMNS = ['id', 'time', 'local_time', 'author', 'name', 'question', 'reply_to', 'text', 'url'] as const;
export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;
export const UTF8_BOM = '\uFEFF';

/** A message's time in `zone` with its offset, its day alone when that is all it has, or "" when the time is unreadable. */
export function localIso(m: Pick<Message, 'time' | 'timePrecision'>, zone: string): string {
  const d = zonedMessageTime(m, zone);
  if (!d) return '';
  return isDayOnly(m) ? isoDate(d) : formatZoned(d, "yyyy-LL-dd'T'HH:mm:ssZZ");
}

/** The CSV row of a message: the model's fields as strings, null as "", and its local time in `zone` (UTC by default). */
export function csvRow(m: Message, zone = 'UTC'): CsvRow {
  return {
    id: m.id,
    time: m.time,
    local_time: localIso(m, zone),
    author: m.author.handle,
    name: m.author.name ?? '',
    question: m.question ?? '',
    reply_to: m.replyTo ?? '',
    text: m.text,
    url: m.url ?? '',
  };
}

/** Cells a spreadsheet would read as a formula (or that start with a tab or CR, which some strip first). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A row as the spreadsheet-safe file writes it: formula-looking cells prefixed with "'". */
export function spreadsheetRow(row: CsvRow): CsvRow {
  const out = { ...row };
  for (const k of CSV_COLUMNS) if (FORMULA_START.test(out[k])) out[k] = `'${out[k]}`;
  return out;
}

/** The exact CSV (`<slug>.csv`): every field as in the JSON. */
export function renderCsv(t: Transcript, ctx: Pick<DownloadContext, 'slug'> & Partial<Pick<DownloadContext, 'timezone'>>): DownloadFile {
  const zone = resolveZone(ctx.timezone);
  return { name: `${ctx.slug}.csv`, bytes: utf8(UTF8_BOM + csvBody(t.messages.map((m) => csvRow(m, zone)))), mediaType: 'text/csv; charset=utf-8' };
}

/** The spreadsheet-safe CSV (`<slug>-spreadsheet.csv`): no cell starts like a formula. */
export function renderSpreadsheetCsv(t: Transcript, ctx: Pick<DownloadContext, 'slug'> & Partial<Pick<DownloadContext, 'timezone'>>): DownloadFile {
  const zone = resolveZone(ctx.timezone);
  const rows = t.messages.map((m) => spreadsheetRow(csvRow(m, zone)));
  return { name: `${ctx.slug}-spreadsheet.csv`, bytes: utf8(UTF8_BOM + csvBody(rows)), mediaType: 'text/csv; charset=utf-8' };
}

function csvBody(rows: CsvRow[]): string {
  return stringify(rows, {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // With a custom record delimiter csv-stringify only quotes fields that
    // contain that exact delimiter; a bare "\n" or "\r" must be quoted too.
    quote_record_delimiter: true,
    eof: true,
  });
}
