/**
 * `<slug>.csv`: one row per message, chronological, RFC 4180 (CRLF between
 * records, fields with a comma, quote, CR or LF quoted, quotes doubled).
 *
 * The file starts with a UTF-8 byte order mark: without it Excel reads the
 * file as the local ANSI code page and mangles every curly quote and emoji.
 * Parsers that do not expect it must strip it (csv-parse: `bom: true`);
 * after that, every field reads back exactly as in the JSON (null -> "").
 *
 * Formula-looking cells (`=...`, `+...`, `-...`, `@...`) are NOT rewritten:
 * csv-stringify's `escape_formulas` would prefix them with "'", which breaks
 * the exact round trip and would touch every "@reply" of a tweet chat. The
 * CSV is a data export; open it in a spreadsheet via "import", not by
 * double-click, if the chat may contain hostile formulas.
 */
import { stringify } from 'csv-stringify/sync';
import type { Message, Transcript } from '../model/transcript.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

export const CSV_COLUMNS = ['id', 'time', 'author', 'name', 'question', 'reply_to', 'text', 'url'] as const;
export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;
export const UTF8_BOM = '\uFEFF';

/** The CSV row of a message: the model's fields as strings, null as "". */
export function csvRow(m: Message): CsvRow {
  return {
    id: m.id,
    time: m.time,
    author: m.author.handle,
    name: m.author.name ?? '',
    question: m.question ?? '',
    reply_to: m.replyTo ?? '',
    text: m.text,
    url: m.url ?? '',
  };
}

export function renderCsv(t: Transcript, ctx: Pick<DownloadContext, 'slug'>): DownloadFile {
  const body = stringify(t.messages.map(csvRow), {
    header: true,
    columns: [...CSV_COLUMNS],
    record_delimiter: 'windows',
    // With a custom record delimiter csv-stringify only quotes fields that
    // contain that exact delimiter; a bare "\n" or "\r" must be quoted too.
    quote_record_delimiter: true,
    eof: true,
  });
  return { name: `${ctx.slug}.csv`, bytes: utf8(UTF8_BOM + body), mediaType: 'text/csv; charset=utf-8' };
}
