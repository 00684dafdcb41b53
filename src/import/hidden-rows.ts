/**
 * Rows hidden by broken markup. An unclosed `<style>`, `<textarea>`, `<title>`
 * or comment inside one message makes the parser (like a browser) read the
 * rest of the page as text, so the message rows after it never appear in the
 * parsed document. Counting the rows' markers in the raw text and reporting
 * each one the parsed page did not show keeps that loss from being silent:
 * every hidden row is counted as found and skipped, with its line.
 */
import type { ExportFile } from './export-file.ts';
import type { ParseResult } from './importer.ts';

/**
 * @param marker global regex over the raw text matching one row's opening tag,
 *   capturing a value that names it in the message (e.g. its id).
 * @param shownAt the `startIndex` of every row element the parsed page showed:
 *   a marker at an offset where no shown row starts is a hidden row.
 * @param what how to name a row in the message, e.g. "tweet".
 */
export function reportHiddenRows(file: ExportFile, result: ParseResult, marker: RegExp, shownAt: Iterable<number | null | undefined>, what: string): void {
  const shown = new Set<number>();
  for (const at of shownAt) if (at != null) shown.add(at);
  for (const m of file.text.matchAll(marker)) {
    if (shown.has(m.index)) continue;
    const value = m[1] ?? '';
    result.found++;
    result.skipped.push({
      severity: 'warning',
      code: 'hidden-by-markup',
      message: `${what} ${value}: in the file, but broken markup before it (an unclosed <style>, <textarea>, <title> or comment) hides it from the parsed page; not imported`,
      file: file.name,
      line: file.lineAt(m.index),
      position: result.found,
    });
  }
}
