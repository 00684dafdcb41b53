/**
 * The import pipeline: export files in, one normalized transcript out.
 *
 *   files -> detect format -> parse (importer) -> normalize messages
 *         -> merge duplicate ids, then the same author and text within two
 *            minutes in two exports (merge.ts) -> sort chronologically
 *         -> questions and answers -> participants -> Transcript
 *
 * Nothing is lost silently: for every source, found = kept + merged + skipped,
 * and every message not kept has a diagnostic saying why.
 */
import type { ChatShapeName } from '../questions/ama.ts';
import { ExportFile, ImportError } from './export-file.ts';
import { SOFT_DEPTH } from './nesting.ts';
import type { Importer, ParseOptions, ParseResult, ParsedMessage } from './importer.ts';
import { importers, importerByName, importersOf } from './registry.ts';
import type { FileFamily } from './format-list.ts';
import { looksLikeZip } from './archive.ts';
import { looksLikeCar } from './formats/bluesky-car.ts';
import { looksLikeHtml } from './formats/html-sniff.ts';
import { contentId, sha256Hex } from '../model/ids.ts';
import { extractHashtags, extractMentions, extractUrls, handleProblem, localFilePath, preview, safeHttpUrl, uniqueOrdered } from '../model/entities.ts';
import {
  TRANSCRIPT_SCHEMA,
  handleKey,
  type Attachment,
  type Author,
  type Diagnostic,
  type Message,
  type Participant,
  type SourceSummary,
  type Transcript,
} from '../model/transcript.ts';
import { assignQuestions, type QuestionChoice } from '../questions/assign.ts';
import { splitRetweet } from '../model/text-match.ts';
import { countXmlIllegal, stripXmlIllegal } from '../model/xml-chars.ts';
import { addSource, coverageOf, mergeByContent, People, quietSpans, type MergeEntry, type ParsedWithSources } from './merge.ts';

export interface ImportOptions extends ParseOptions {
  /** Called after each file is parsed: files done, files in all, messages it read (the CLI's progress line). */
  onFile?: (done: number, total: number, messages: number) => void;
  /** Importer name; default: auto-detect per file. */
  format?: string;
  /** Host handles; default: inferred from who posts Q1, Q2, ... */
  hosts?: string[];
  /** Editor overrides: message id -> question id, "before"/"after" the chat, or null for none. */
  assign?: Record<string, string | null>;
  /** Editor's question messages: question id -> message id or time (and heading text). */
  questions?: Record<string, QuestionChoice>;
  /** The chat's start and end (ISO times), and which chat of an export holding several (1-based). */
  start?: string;
  end?: string;
  session?: number;
  /**
   * Whether an unrecognized file's error suggests what to try (default true).
   * Finding one parses the file with every importer: callers that drop the
   * hint (discovering a jam folder's exports) say false.
   */
  hints?: boolean;
  title?: string | null;
  hashtag?: string | null;
  /**
   * The notes' `people:`: handle -> aliases (handles or display names in
   * other exports). An alias's messages are shown under the handle; people
   * are matched across exports only through this.
   */
  people?: Record<string, string[]>;
  /** Tweet chat (hosts ask) or AMA (the crowd asks guests); default: detected. */
  shape?: ChatShapeName;
  /** An AMA's guests; default: inferred. */
  guests?: string[];
}

/**
 * Pick the importer for a file, or fail naming the formats tried (exit 2).
 * Only the importers of the file's family (see `fileFamily`) are asked first,
 * in detection order; when none of them claims it, or its family is unclear,
 * every other importer is asked too, in the same order, so a file none of
 * its family's importers claims goes to the importer it always went to.
 */
export function detectImporter(file: ExportFile, options: ImportOptions = {}): Importer {
  if (options.format) {
    const imp = importerByName(options.format);
    if (!imp) {
      throw new ImportError(`unknown format "${options.format}" (known: ${importers.map((i) => i.name).join(', ')})`, 2);
    }
    return imp;
  }
  const family = fileFamily(file);
  const asked = family ? importersOf(family) : [];
  const found = firstClaim(asked, file, options) ?? firstClaim(importers.filter((i) => !asked.includes(i)), file, options);
  if (found) return found;
  const what = file.bytes.length === 0 ? 'an empty file (0 bytes)' : looksBinary(file) ? 'binary data, not text' : 'not a recognized chat export';
  const hint = what === 'not a recognized chat export' && options.hints !== false ? formatHint(file) : '';
  throw new ImportError(`${file.path}: ${what} (tried: ${importers.map((i) => i.name).join(', ')})${hint}`, 2);
}

/** The first of these importers whose `detect` claims the file (one that throws claims nothing). */
function firstClaim(candidates: readonly Importer[], file: ExportFile, options: ImportOptions): Importer | undefined {
  for (const imp of candidates) {
    let ok = false;
    try {
      ok = imp.detect(file, options);
    } catch {
      ok = false;
    }
    if (ok) return imp;
  }
  return undefined;
}

/**
 * A file's family from its first bytes, or null when they leave it unclear
 * (every importer is then asked). After a UTF-8 byte-order mark and white
 * space: zip or CAR magic is binary; `{"`, `{}`, `[{`, `[[`, `["` or `[]`
 * begins JSON (or JSON Lines); otherwise the file is HTML when it begins
 * with "<" and its head has a tag (html-sniff.ts: what every HTML importer
 * asks first), else text (a Zoom chat or log that quotes `<div>` is text).
 * A file in UTF-16 (only the CSV importer reads one) and a `[` or `{` that
 * does not begin JSON are unclear, except a log line's stamp (`[12:00:00]`,
 * `[31/12/2020, …]`: digits then ":", "/" or "-"; `[14 Jan 10:36]`: digits,
 * a space, a letter), which is no JSON.
 *
 * Every JSON importer claims only a file whose first non-space byte is `{` or
 * `[` (mastodon-archive looks for its keys anywhere in the head, but an
 * outbox.json begins so), every HTML one only a file html-sniff calls HTML, and the HTML ones
 * come first in detection order: so outside JSON this picks what asking every
 * importer picks. A JSON file whose posts hold markup (`<p>`) is no longer
 * offered to the HTML importers first.
 */
export function fileFamily(file: ExportFile): FileFamily | null {
  const b = file.bytes;
  if (looksLikeZip(b) || looksLikeCar(b)) return 'binary';
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return null;
  const i = skipSpace(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
  const first = b[i];
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) {
    const next = b[skipSpace(b, i + 1)];
    if (next === 0x22 /* " */ || (first === 0x7b ? next === 0x7d /* } */ : next === 0x7b || next === 0x5b || next === 0x5d)) return 'json';
    if (first === 0x7b || !stampStart(b, i + 1)) return null;
  }
  // A saved page begins with markup ("<!DOCTYPE", "<html", a comment, "<div"): a file that
  // begins with anything else is text, even when its messages quote tags.
  return first === 0x3c /* < */ && looksLikeHtml(file) ? 'html' : 'text';
}

/** The index of the first byte from `i` that is not white space as the detectors' `\s` reads latin1 (tab to CR, space, no-break space). */
function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && ((b[i] >= 0x09 && b[i] <= 0x0d) || b[i] === 0x20 || b[i] === 0xa0)) i++;
  return i;
}

/**
 * Whether the bytes from `i` are digits then a byte no JSON number is followed
 * by (a log line's `[12:00:00]`, `[31/12/2020, …]`, `[2020-01-01 …]`).
 */
function stampStart(b: Uint8Array, i: number): boolean {
  let j = i;
  while (j < b.length && j - i < 20 && b[j] >= 0x30 && b[j] <= 0x39) j++;
  if (j === i || j >= b.length) return false;
  if (b[j] === 0x3a /* : */ || b[j] === 0x2f /* / */ || b[j] === 0x2d /* - */) return true;
  // dircproxy's "[14 Jan 10:36]": digits, a space, a letter (in JSON a number is followed by `,`, `]` or white space then one of them).
  return b[j] === 0x20 && isLetter(b[j + 1]);
}

const isLetter = (c: number | undefined): boolean => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/**
 * What to try when no importer recognized a file: a format that still reads
 * messages from it when forced, or CSS selectors for a saved page; nothing
 * when no format would fit (a hint that cannot work is no help).
 */
function formatHint(file: ExportFile): string {
  for (const imp of importers) {
    if (imp.name === 'selectors') continue;
    let kept = 0;
    try {
      kept = imp.parse(file, {}).messages.length;
    } catch {
      kept = 0;
    }
    if (kept > 0) return `; use --format ${imp.name} (it reads ${kept} message${kept === 1 ? '' : 's'} from this file)`;
  }
  return file.looksLikeHtml
    ? '; for another chat page, give CSS selectors (--message, --author, --time, --text: see jamrecap import --help)'
    : '; no format reads messages from it (`jamrecap formats` says what each format expects)';
}

/** NUL bytes or mostly control characters near the start: not a saved page or a transcript. */
function looksBinary(file: ExportFile): boolean {
  const head = file.head(8192);
  if (head.includes('\0')) return true;
  const controls = head.match(/[\x01-\x08\x0e-\x1f\x7f]/g)?.length ?? 0;
  return controls > head.length / 10;
}

/** A UTF-8 multi-byte sequence, in bytes read as latin1. */
const UTF8_SEQUENCE = /[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3}/g;

/**
 * What the whole file says about how it was read: a flattened over-deep markup, an
 * encoding guessed or damaged, a page cut short. Each is the reason some text is
 * garbled or some messages are missing, so it is said once per file.
 */
function fileDiagnostics(file: ExportFile, importer: Importer, result: ParseResult, existing: Diagnostic[]): Diagnostic[] {
  const format = importer.name;
  const binary = typeof importer.binary === 'function' ? importer.binary(file) : importer.binary === true;
  const out: Diagnostic[] = [];
  const add = (severity: Diagnostic['severity'], code: string, message: string) => out.push({ severity, code, message, file: file.name });
  if (file.flattenedTags > 0) {
    add('warning', 'markup-too-deep', `markup nested more than ${SOFT_DEPTH} levels deep: ${file.flattenedTags} tag(s) below that were ignored (their text is kept); messages inside them may be incomplete or skipped`);
  }
  if (binary) {
    // Its bytes are not text: nothing was decoded.
  } else if (file.encodingSource === 'fallback') {
    const utf8 = file.bytes.toString('latin1').match(UTF8_SEQUENCE)?.length ?? 0;
    if (utf8) {
      add('warning', 'encoding-mixed', `not valid UTF-8 and no charset declared, so read as windows-1252 (as a browser would); ${utf8} UTF-8 sequence(s) in it come out garbled (e.g. "Ã©" for "é"): the file mixes encodings`);
    } else add('info', 'encoding-guessed', 'not valid UTF-8 and no charset declared: read as windows-1252, as a browser would');
  } else if (file.encoding === 'utf-8' && file.encodingSource !== 'utf-8') {
    const fffd = file.text.match(/\uFFFD/g)?.length ?? 0;
    // U+FFFD written in the file itself (EF BF BD) is text, not damage.
    const replaced = fffd && fffd - (file.bytes.toString('latin1').match(/\xEF\xBF\xBD/g)?.length ?? 0);
    if (replaced > 0) add('warning', 'encoding-invalid', `${replaced} byte sequence(s) are not valid UTF-8 and became U+FFFD`);
  }
  if (!binary && format !== 'jamrecap-json' && /<html[\s>]/i.test(file.head(65536)) && !/<\/html\s*>/i.test(file.text.slice(-65536))) {
    add('warning', 'file-truncated', `the page opens <html> but never closes it: the file seems cut short, and messages after the cut are missing (${result.found} found before it)`);
  }
  // Unless the importer itself already explained why it found nothing.
  if (result.found === 0 && !existing.some((d) => d.severity !== 'info')) {
    add('warning', 'no-messages', `no messages found: nothing in this file looks like a ${format} message`);
  }
  return out;
}

/** What a message id (or a reference to one) may look like; anything else is not kept as an id. */
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * A parsed message as a transcript message. `note` hears of references that
 * were dropped because they are not ids (a reply-to or retweet of "<script>")
 * or not plausible handles. The author's handle is checked before (see
 * `handleProblem`): a message without a plausible author is skipped.
 */
function normalize(p: ParsedMessage, format: string, file: string, note: (code: string, message: string) => void): Message {
  const id = p.id && MESSAGE_ID.test(p.id) ? p.id : contentId(format, p.author.handle, p.time, p.text);
  const said = splitRetweet(p.text);
  let rt = p.retweetOf ?? (said ? { handle: said.handle, id: null } : null);
  if (rt) {
    const rtHandle = rt.handle.replace(/^@/, '');
    if (handleProblem(rtHandle)) {
      note('reference-invalid', `message ${id}: retweet of ${preview(rt.handle)} dropped (not a plausible handle)`);
      rt = null;
    } else if (rt.id !== null && !MESSAGE_ID.test(rt.id)) {
      note('reference-invalid', `message ${id}: retweeted id ${preview(rt.id)} dropped (not an id)`);
      rt = { handle: rtHandle, id: null };
    } else rt = { handle: rtHandle, id: rt.id };
  }
  let replyTo = p.replyTo;
  if (replyTo !== null && !MESSAGE_ID.test(replyTo)) {
    note('reference-invalid', `message ${id}: reply-to ${preview(replyTo)} dropped (not an id)`);
    replyTo = null;
  }
  return {
    id,
    author: checkedAuthor(p.author),
    time: p.time,
    timePrecision: p.timePrecision,
    text: p.text,
    url: safeHttpUrl(p.url),
    replyTo,
    retweetOf: rt,
    mentions: extractMentions(p.text),
    hashtags: extractHashtags(p.text),
    links: uniqueOrdered([...p.links.map((l) => safeHttpUrl(l)).filter((l): l is string => !!l), ...extractUrls(p.text)]),
    question: null,
    questionVia: null,
    phase: 'chat',
    attachments: (p.attachments ?? []).map(checkedAttachment),
    origin: { file, format, position: p.position, ...(p.line ? { line: p.line } : {}) },
    // A transcript jamrecap wrote lists the exports a merged message came from.
    ...((p as ParsedWithSources).sources ? { sources: (p as ParsedWithSources).sources } : {}),
  };
}

/** A character NFC may change: none below U+0300 does, alone or next to another (checked for every pair). */
const MAY_COMPOSE = /[^\x00-\u02ff]/;

/** Unicode NFC, without the call for text that has no character it could change. */
function nfc(s: string): string {
  return MAY_COMPOSE.test(s) ? s.normalize('NFC') : s;
}

/**
 * Text as one form, in place: Unicode NFC for the handle, the name, the text
 * and picture descriptions (a handle typed "jose\u0301" and one typed
 * "jos\u00e9" are one participant, and "@jose\u0301" mentions all of it),
 * then the characters XML forbids stripped (see xml-chars.ts: one would
 * make feed.xml unreadable). Returns how many were stripped.
 */
function cleanChars(p: ParsedMessage): number {
  p.text = nfc(p.text);
  p.author = { ...p.author, handle: nfc(p.author.handle), name: p.author.name === null ? null : nfc(p.author.name) };
  if (p.retweetOf) p.retweetOf = { ...p.retweetOf, handle: nfc(p.retweetOf.handle) };
  if (p.attachments) p.attachments = p.attachments.map((a) => (a.alt ? { ...a, alt: nfc(a.alt) } : a));
  let n = countXmlIllegal(p.text) + countXmlIllegal(p.author.name ?? '');
  for (const a of p.attachments ?? []) n += countXmlIllegal(a.alt ?? '');
  if (!n) return 0;
  p.text = stripXmlIllegal(p.text);
  if (p.author.name) p.author = { ...p.author, name: stripXmlIllegal(p.author.name) };
  if (p.attachments) p.attachments = p.attachments.map((a) => (a.alt ? { ...a, alt: stripXmlIllegal(a.alt) } : a));
  return n;
}

/** The author: handle without "@", a trimmed name or null, and their saved picture when its path is one the site may use (see localFilePath). */
function checkedAuthor(a: Author): Author {
  const file = localFilePath(a.avatar?.file);
  return { handle: a.handle.replace(/^@/, ''), name: a.name?.trim() || null, ...(file ? { avatar: { file } } : {}) };
}

/** An attachment with only a web URL and a local path the site may use (see localFilePath). */
function checkedAttachment(a: Attachment): Attachment {
  return {
    kind: a.kind === 'video' ? 'video' : 'image',
    url: safeHttpUrl(a.url),
    alt: a.alt?.trim() || null,
    file: localFilePath(a.file),
  };
}

function sameContent(a: Message, b: Message): boolean {
  return a.text === b.text && handleKey(a.author.handle) === handleKey(b.author.handle) && a.time === b.time;
}

/** Parse one file with its importer; never throws for bad content (the importer reports). */
function parseFile(file: ExportFile, options: ImportOptions = {}): { importer: Importer; result: ParseResult } {
  const importer = detectImporter(file, options);
  let result: ParseResult;
  try {
    result = importer.parse(file, options);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file.path}: ${importer.name} importer failed: ${(err as Error).message}`, 1);
  }
  if (result.found !== result.messages.length + result.skipped.length) {
    // An importer bug, but still reported as `file: message` (exit 1), never as a stack trace.
    throw new ImportError(`${file.path}: ${importer.name} accounting broken: found ${result.found} != ${result.messages.length} + ${result.skipped.length}`, 1);
  }
  return { importer, result };
}

/** `importExports` of the files at `paths`: read here, and each one's document dropped once the file is parsed (no one else holds them). */
export function importFiles(paths: string[], options: ImportOptions = {}): Transcript {
  return assembleTranscript(parseExports(paths.map((p) => ExportFile.read(p)), options, { dropDocuments: true }), options, { handOver: true });
}

/** A message kept, with what orders it: its file and whether that file lists the newest first (and the exports that had it: merge.ts). */
interface Kept extends MergeEntry {
  newestFirst: boolean;
}

/** What accepting a file's messages needs: the messages kept so far by id, the notes' people, the file's index. */
interface AcceptContext {
  byId: Map<string, Kept>;
  people: People;
  fileIndex: number;
  /** Per alias met in this file: the handle it is shown under and how many messages. */
  aliased: Map<string, { handle: string; n: number }>;
}

/** What the file is and what its importer found; messages are counted as they are kept or merged. */
function sourceSummary(file: ExportFile, importer: Importer, result: ParseResult): SourceSummary {
  const summary: SourceSummary = {
    file: file.name,
    format: importer.name,
    encoding: file.encoding,
    bytes: file.bytes.length,
    sha256: sha256Hex(file.bytes),
    title: result.title,
    found: result.found,
    kept: 0,
    merged: 0,
    skipped: result.skipped.length,
    notes: result.notes,
    diagnostics: [...result.skipped, ...result.diagnostics],
  };
  summary.diagnostics.push(...fileDiagnostics(file, importer, result, summary.diagnostics));
  return summary;
}

/** `message #3 (id)` as diagnostics name a parsed message. */
function messageLabel(parsed: ParsedMessage): string {
  return `message #${parsed.position}${parsed.id ? ` (${preview(parsed.id)})` : ''}`;
}

/** The author as the notes' `people:` show it: an alias becomes its handle (the alias's display name kept). */
function applyPeople(parsed: ParsedMessage, ctx: AcceptContext): void {
  const handle = ctx.people.canonical(parsed.author);
  if (handle === null) return;
  const alias = parsed.author.handle;
  const seen = ctx.aliased.get(alias) ?? { handle, n: 0 };
  seen.n++;
  ctx.aliased.set(alias, seen);
  parsed.author = { ...parsed.author, handle, name: parsed.author.name ?? alias };
}

/**
 * One parsed message, normalized, or null when it is skipped (an
 * implausible author handle) or merged (an id seen before): each counted
 * and reported in the file's summary.
 */
function acceptMessage(parsed: ParsedMessage, importer: Importer, file: ExportFile, summary: SourceSummary, ctx: AcceptContext): Kept | null {
  const where = { file: file.name, ...(parsed.line ? { line: parsed.line } : {}), position: parsed.position };
  const stripped = cleanChars(parsed);
  applyPeople(parsed, ctx);
  const handle = parsed.author.handle.replace(/^@/, '');
  const problem = handleProblem(handle);
  if (problem) {
    // Skipped, not cleaned: see handleProblem. Counted with the importer's skips.
    summary.skipped++;
    summary.diagnostics.push({ severity: 'warning', code: 'author-invalid', message: `${messageLabel(parsed)}: author handle ${preview(handle)} is not plausible (${problem}); skipped`, ...where });
    return null;
  }
  if (stripped) {
    summary.diagnostics.push({ severity: 'warning', code: 'control-characters', message: `${messageLabel(parsed)}: ${stripped} control character(s) removed (XML forbids them: the feed would be unreadable)`, ...where });
  }
  const msg = normalize(parsed, importer.name, file.name, (code, message) => summary.diagnostics.push({ severity: 'info', code, message, ...where }));
  const prior = ctx.byId.get(msg.id);
  if (prior) {
    summary.merged++;
    summary.diagnostics.push(duplicateDiagnostic(prior.msg, msg, file, parsed));
    // The same message in another export: its place is kept too.
    if (!prior.files.has(ctx.fileIndex)) {
      prior.files.add(ctx.fileIndex);
      addSource(prior.msg, msg.sources ?? [msg.origin]);
    }
    return null;
  }
  const kept: Kept = { msg, fileIndex: ctx.fileIndex, files: new Set([ctx.fileIndex]), newestFirst: false };
  ctx.byId.set(msg.id, kept);
  summary.kept++;
  return kept;
}

/** One info line per alias met in a file: whose messages were shown under which handle. */
function aliasDiagnostics(ctx: AcceptContext, file: ExportFile): Diagnostic[] {
  return [...ctx.aliased].map(([alias, { handle, n }]) => ({
    severity: 'info' as const,
    code: 'person-alias',
    message: `${n} message(s) by ${preview(alias)} shown under ${preview(handle)} (notes \`people:\`)`,
    file: file.name,
  }));
}

/** A message seen again: merged quietly when the same, a warning when its content differs (the first is kept). */
function duplicateDiagnostic(prior: Message, msg: Message, file: ExportFile, parsed: ParsedMessage): Diagnostic {
  const conflict = !sameContent(prior, msg);
  return {
    severity: conflict ? 'warning' : 'info',
    code: conflict ? 'duplicate-conflict' : 'duplicate',
    message: conflict
      ? `message ${msg.id} appears again with different content; kept the first (${prior.origin.file} #${prior.origin.position})`
      : `duplicate of id ${msg.id}; merged`,
    file: file.name,
    line: parsed.line,
    position: parsed.position,
    messageId: msg.id,
  };
}

/** Chronological; equal times keep the order the export showed them in. */
function chronological(kept: Kept[]): Message[] {
  kept.sort((a, b) => {
    if (a.msg.time !== b.msg.time) return a.msg.time < b.msg.time ? -1 : 1;
    if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
    const d = a.msg.origin.position - b.msg.origin.position;
    return a.newestFirst ? -d : d;
  });
  return kept.map((k) => k.msg);
}

/** Export files parsed, before questions are assigned: `assembleTranscript` makes a transcript of them. */
export interface ParsedExports {
  sources: SourceSummary[];
  /** The messages kept (the first of each id), in time order. */
  messages: Message[];
}

/**
 * Parses each file and keeps its messages (the first of each id; across
 * exports, the first of the same author and text within two minutes: see
 * merge.ts), sorted. Of the options, only `format`, `selectors`, `hints`,
 * `people` and `onFile` apply here (and the importers' ParseOptions).
 * With several files, each summary gets its coverage.
 * `dropDocuments`: the caller has no further use for the files' parsed documents, which are dropped as soon as each file is parsed (see ExportFile.dropDocument).
 */
export function parseExports(files: ExportFile[], options: ImportOptions = {}, { dropDocuments = false } = {}): ParsedExports {
  const sources: SourceSummary[] = [];
  const byId = new Map<string, Kept>();
  const people = new People(options.people);
  let kept: Kept[] = [];

  files.forEach((file, fileIndex) => {
    const { importer, result } = parseFile(file, options);
    if (dropDocuments) file.dropDocument();
    options.onFile?.(fileIndex + 1, files.length, result.messages.length);
    const summary = sourceSummary(file, importer, result);
    const ctx: AcceptContext = { byId, people, fileIndex, aliased: new Map() };
    for (const parsed of result.messages) {
      const entry = acceptMessage(parsed, importer, file, summary, ctx);
      if (entry) {
        entry.newestFirst = !!result.newestFirst;
        kept.push(entry);
      }
    }
    summary.diagnostics.push(...aliasDiagnostics(ctx, file));
    sources.push(summary);
  });
  if (files.length > 1) {
    kept = mergeByContent(kept, sources) as Kept[];
    coverageOf(kept, files.length).forEach((c, i) => (sources[i].coverage = c));
  }
  return { sources, messages: chronological(kept) };
}

/**
 * The transcript of parsed exports, questions assigned with the options
 * (hosts, assign, questions, start, end, session, title, hashtag). It works
 * on a copy unless `handOver` (the caller's parse is used up), so one parse
 * can make transcripts with several option sets (`jamrecap new`).
 */
export function assembleTranscript(parsed: ParsedExports, options: ImportOptions = {}, { handOver = false } = {}): Transcript {
  const { sources, messages } = handOver ? parsed : structuredClone(parsed);
  const { questions, hosts, hostsFrom, start, end, diagnostics } = assignQuestions(messages, {
    hosts: options.hosts,
    assign: options.assign,
    questions: options.questions,
    start: options.start,
    end: options.end,
    session: options.session,
    shape: options.shape,
    guests: options.guests,
  });
  if (diagnostics.length && sources[0]) sources[0].diagnostics.push(...diagnostics);

  return {
    schema: TRANSCRIPT_SCHEMA,
    jam: {
      title: options.title ?? sources.find((s) => s.title)?.title ?? null,
      hashtag: options.hashtag ?? guessHashtag(messages),
      hosts,
      hostsFrom,
      start,
      end,
      // With several exports: where none of them has a message (from the editor's start, else the first message, to the end, else the last).
      ...(sources.length > 1 ? { gaps: quietSpans(messages, options.start ?? null, options.end ?? null) } : {}),
    },
    sources,
    questions,
    participants: countParticipants(messages),
    messages,
  };
}

/** Parses each file, keeps its messages (the first of each id) and sorts them, questions assigned, into one transcript. */
export function importExports(files: ExportFile[], options: ImportOptions = {}): Transcript {
  return assembleTranscript(parseExports(files, options), options, { handOver: true });
}

/** Participants by case-insensitive handle; the latest display name wins. */
export function countParticipants(messages: Message[]): Participant[] {
  const byKey = new Map<string, Participant>();
  for (const m of messages) {
    const key = handleKey(m.author.handle);
    let p = byKey.get(key);
    if (!p) {
      p = { handle: m.author.handle, name: m.author.name, messages: 0 };
      byKey.set(key, p);
    }
    p.messages++;
    if (m.author.name) p.name = m.author.name;
  }
  return [...byKey.values()].sort((a, b) => b.messages - a.messages || (handleKey(a.handle) < handleKey(b.handle) ? -1 : 1));
}

/** The hashtag on most messages: what the chat was held under. */
function guessHashtag(messages: Message[]): string | null {
  const counts = new Map<string, { tag: string; n: number }>();
  for (const m of messages) {
    for (const h of m.hashtags) {
      const k = h.toLowerCase();
      const c = counts.get(k) ?? { tag: h, n: 0 };
      c.n++;
      counts.set(k, c);
    }
  }
  let best: { tag: string; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n || (c.n === best.n && c.tag < best.tag)) best = c;
  return best && best.n >= Math.max(2, messages.length * 0.2) ? best.tag : null;
}

