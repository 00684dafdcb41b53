/**
 * Whether an export file looks like HTML, worked out once per file however
 * many importers ask. `ExportFile.looksLikeHtml` runs a regex over the first
 * 64 KB each time it is read, and every HTML importer's `detect` reads it
 * before the JSON and text formats get their turn: on a small export that
 * was most of the import. The answer is the same: the tags it looks for all
 * start with "<", so a file with no "<" byte in its first 64 KB is no page.
 */
import type { ExportFile } from '../export-file.ts';

/** How far `ExportFile.looksLikeHtml` looks. */
const SNIFF_BYTES = 65536;

const answers = new WeakMap<ExportFile, boolean>();

/** `file.looksLikeHtml`, computed at most once per file. */
export function looksLikeHtml(file: ExportFile): boolean {
  let answer = answers.get(file);
  if (answer === undefined) {
    const lt = file.bytes.indexOf(0x3c);
    answer = lt !== -1 && lt < SNIFF_BYTES && file.looksLikeHtml;
    answers.set(file, answer);
  }
  return answer;
}
