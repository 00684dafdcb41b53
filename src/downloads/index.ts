/**
 * The downloadable transcript formats, as pure functions of the transcript:
 * `<slug>.json`, `.csv` (exact), `-spreadsheet.csv` (formulas defused),
 * `.md`, `.txt`, `.html` and `<slug>-archive.zip`.
 * Same input, same bytes: nothing reads the clock, the locale or the disk.
 * The message count of every format equals `t.messages.length`.
 */
import type { Transcript } from '../model/transcript.ts';
import { renderCsv, renderSpreadsheetCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import { renderText } from './text.ts';
import type { DownloadContext, DownloadFile } from './types.ts';
import { renderZip } from './zip.ts';
import { transcriptLayout } from './layout.ts';

export type { DownloadContext, DownloadFile } from './types.ts';
export { renderCsv, renderSpreadsheetCsv, spreadsheetRow, csvRow, CSV_COLUMNS, UTF8_BOM, type CsvRow } from './csv.ts';
export { renderHtml, HTML_CSP } from './html.ts';
export { renderJson } from './json.ts';
export { renderMarkdown, escapeMarkdown, escapeMarkdownLine } from './markdown.ts';
export { renderText } from './text.ts';
export { renderZip, MANIFEST_NAME, manifest, exportEntryNames } from './zip.ts';
export { layoutTranscript, resolveZone, transcriptLayout, type Section, type TranscriptLayout } from './layout.ts';

/** All downloads, in a fixed order; the archive holds the other six plus the exports. The layout is worked out once for the three that read it. */
export function renderDownloads(t: Transcript, ctx: DownloadContext): DownloadFile[] {
  const layout = transcriptLayout(t, ctx);
  const files = [renderJson(t, ctx), renderCsv(t, ctx), renderSpreadsheetCsv(t, ctx), renderMarkdown(t, ctx, layout), renderText(t, ctx, layout), renderHtml(t, ctx, layout)];
  return [...files, renderZip(t, ctx, files)];
}
