/**
 * Whether an export file looks like HTML, worked out once per file however
 * many importers ask. `ExportFile.looksLikeHtml` runs a regex over the first
 * 64 KB each time it is read, and format detection asks it of every file
 * that does not begin like JSON (see `fileFamily` in pipeline.ts): on a small
 * export that was much of the import. The answer is the same: the tags it
 * looks for all start with "<", so a file with no "<" byte in its first
 * 64 KB is no page, and a text with a few "<" (a log's `<nick>`, WhatsApp's
 * `<Media omitted>`) is told by reading the bytes after each one.
 */
import type { ExportFile } from '../export-file.ts';

/** How far `ExportFile.looksLikeHtml` looks. */
const SNIFF_BYTES = 65536;
/** The tags `ExportFile.looksLikeHtml` looks for, lowercase, as they follow "<". */
const TAGS = ['!doctype html', 'html', 'head', 'body', 'div', 'meta', 'blockquote', 'p', 'ol', 'ul', 'table'].map((t) => Buffer.from(t, 'latin1'));
/** At most this many "<" are read one by one; past that the regex reads the head (as quick on a page full of tags). */
const MAX_ONE_BY_ONE = 32;

const answers = new WeakMap<ExportFile, boolean>();

/** `file.looksLikeHtml`, computed at most once per file. */
export function looksLikeHtml(file: ExportFile): boolean {
  let answer = answers.get(file);
  if (answer === undefined) {
    answer = sniff(file);
    answers.set(file, answer);
  }
  return answer;
}

/** The regex's answer, read from the bytes after the first few "<" of the head, or from the regex past them. */
function sniff(file: ExportFile): boolean {
  const head = file.bytes.subarray(0, SNIFF_BYTES);
  let seen = 0;
  for (let lt = head.indexOf(0x3c); lt !== -1; lt = head.indexOf(0x3c, lt + 1)) {
    if (TAGS.some((tag) => tagAt(head, lt + 1, tag))) return true;
    if (++seen === MAX_ONE_BY_ONE) return file.looksLikeHtml;
  }
  return false;
}

/** Whether `tag` is at `at`, ASCII letters in any case, then a word boundary (`\b`: no letter, digit or "_" next, or the head's end). */
function tagAt(head: Uint8Array, at: number, tag: Uint8Array): boolean {
  if (at + tag.length > head.length) return false;
  for (let k = 0; k < tag.length; k++) {
    const want = tag[k];
    const got = want >= 0x61 && want <= 0x7a ? head[at + k] | 0x20 : head[at + k];
    if (got !== want) return false;
  }
  const next = head[at + tag.length];
  return next === undefined || !((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x5f);
}
