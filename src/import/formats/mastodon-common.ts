/**
 * What the Mastodon (API JSON, account archive) and Zulip importers share:
 * reading JSON values without trusting their types, turning a post's HTML
 * into plain text plus the links in it (through the project's HTML parser and
 * html-text.ts; the common simple markup through simple-html.ts, which reads
 * it to the same text without a DOM), pictures and videos as
 * attachments, handles for Fediverse addresses, and the line of an entry.
 *
 * Nothing here throws on hostile input: a value of the wrong type reads as
 * missing, HTML nested too deep is flattened by parseBoundedHtml, and every
 * scan is linear.
 */
import type { Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import type { ParseResult } from '../importer.ts';
import { hasClass, nodeText, tidyText, type TextOptions } from '../html-text.ts';
import { parseBoundedHtml } from '../nesting.ts';
import { handleProblem, localFilePath, preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { simpleHtmlText, type Attributes } from './simple-html.ts';
import { isoFromUtcText } from './epoch-iso.ts';
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import { parseIso, type ParsedTime } from '../time.ts';
import { damageMessage, parseOrSalvage, type Damage } from './json-salvage.ts';

export type Json = Record<string, unknown>;

/** A plain object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string, or null for anything else. */
export const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** An array, or an empty one for anything else. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * An id as a string: a string as it is, a number only when JSON.parse kept it
 * exactly (a safe integer); a bigger number lost digits and is no id.
 */
export function idOf(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return null;
}

/** The HTML parser's options for a post's content (entities decoded, no offsets needed). */
const FRAGMENT_OPTIONS = { xmlMode: false, decodeEntities: true } as const;

/** A post's HTML read as text. */
export interface HtmlText {
  text: string;
  /** http(s) targets of its links that are not mentions or hashtags, in order. */
  links: string[];
}

/** Extra handling of a post's HTML before its text is read (Zulip's emoji and math). */
export interface FragmentOptions {
  /** Called on every element once, before the text is read; may replace an element's children. */
  prepare?: (el: Element) => void;
  /** Elements whose text is left out (link previews that repeat a link). */
  skip?: (el: Element) => boolean;
  /**
   * With `prepare` or `skip`: the elements both leave alone (by tag and
   * attributes). A post whose every element is one of them, in the simple
   * markup simple-html.ts reads, is read without a DOM; without this, every
   * post with callbacks takes the DOM path.
   */
  plain?: (tag: string, attribs: Attributes) => boolean;
}

/** Does the string hold markup or an entity? Without either, the HTML is its own text. */
const MARKUP = /[<&]/;

/**
 * Plain text of a post's HTML: paragraphs and `<br>` as line breaks,
 * mentions as `@name`, hashtags as `#tag`, Mastodon's shortened links as the
 * whole URL (their hidden parts are `span.invisible`, which are text), and
 * the http(s) target of every other link kept in `links`.
 */
export function htmlToText(html: string, options: FragmentOptions = {}): HtmlText {
  if (!MARKUP.test(html)) return { text: tidyText(html), links: [] };
  const callbacks = options.prepare !== undefined || options.skip !== undefined;
  if (!callbacks || options.plain) {
    const simple = simpleHtmlText(html, isLinkAttribs, callbacks ? options.plain : undefined);
    if (simple) return { text: tidyText(simple.raw), links: simple.links };
  }
  return domHtmlToText(html, options);
}

/** `htmlToText` through the DOM, whatever the markup (the path simple-html.ts is checked against). */
export function domHtmlToText(html: string, options: FragmentOptions = {}): HtmlText {
  const links: string[] = [];
  const { document, list: elements } = parseBoundedHtml(html, FRAGMENT_OPTIONS);
  if (options.prepare) for (const el of elements.elements) options.prepare(el);
  const opts: TextOptions = {
    linkText: (a) => {
      if (isLinkAttribs(a.attribs)) {
        const href = safeHttpUrl(a.attribs.href);
        if (href && !links.includes(href)) links.push(href);
      }
      return undefined;
    },
    ...(options.skip ? { skip: options.skip } : {}),
  };
  return { text: nodeText(document, opts), links };
}

/**
 * A link whose target is kept: not a mention (`u-url mention`, `user-mention`)
 * or hashtag link (its text says it, its target is a profile or tag page).
 */
function isLinkAttribs(attribs: Attributes): boolean {
  const a = { attribs } as unknown as Element;
  return !(hasClass(a, 'mention') || hasClass(a, 'hashtag') || hasClass(a, 'u-url') || attribs.rel === 'tag');
}

/** time.ts `parseIso` of a status's time; the plain UTC forms read by hand (epoch-iso.ts). */
export function isoTime(raw: string): ParsedTime | null {
  const fast = isoFromUtcText(raw);
  return fast ? { time: fast, precision: 'second' } : parseIso(raw);
}

/** A content warning and the text it hides, as one text: the warning first. */
export function withWarning(warning: string | null, body: string): string {
  const cw = warning ? tidyText(warning) : '';
  if (!cw) return body;
  return body ? `CW: ${cw}\n\n${body}` : `CW: ${cw}`;
}

/** What a media entry became: a picture or video, a link to another kind of file, or nothing usable. */
export type Media = { attachment: Attachment } | { link: string } | { dropped: string };

/**
 * A media attachment by its kind (Mastodon's `type`, or the start of a MIME
 * type): pictures and videos (GIFs play as videos) are attachments; audio and
 * other files are kept as links when they are on the web. `path` is a file
 * inside the export's folder (an archive's media), relative to the export.
 */
export function mediaOf(kind: string | null, url: string | null, alt: string | null, path: string | null = null): Media {
  const k = (kind ?? '').toLowerCase();
  const web = safeHttpUrl(url);
  const file = path ? archivePath(path) : null;
  const isImage = k === 'image' || k.startsWith('image/');
  const isVideo = k === 'video' || k === 'gifv' || k.startsWith('video/');
  const description = alt ? tidyText(alt) || null : null;
  if ((isImage || isVideo) && (web || file)) return { attachment: { kind: isImage ? 'image' : 'video', url: web, alt: description, file } };
  if (web) return { link: web };
  return { dropped: url ?? path ?? k };
}

/**
 * entities.ts `localFilePath` of a media path without its leading slashes.
 * A path of letters, digits, `_`, `-`, `.` and `/` alone, no segment empty,
 * `.` or `..`, at most 512 long (an archive's `/media_attachments/files/…`)
 * is its own answer: nothing for localFilePath to trim, cut, decode or
 * refuse. Anything else goes to localFilePath.
 */
function archivePath(path: string): string | null {
  let from = 0;
  while (path.charCodeAt(from) === 47) from++;
  const p = from ? path.slice(from) : path;
  if (p.length === 0 || p.length > 512) return localFilePath(p);
  // Where the current segment starts, and whether it is dots alone so far.
  let segment = 0;
  let dots = true;
  for (let i = 0; i <= p.length; i++) {
    const c = i < p.length ? p.charCodeAt(i) : 47;
    if (c === 47) {
      const length = i - segment;
      if (length === 0 || (dots && length <= 2)) return localFilePath(p);
      segment = i + 1;
      dots = true;
    } else if (c === 46) continue;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) dots = false;
    else return localFilePath(p);
  }
  return p;
}

/** A message-level diagnostic without its file (the importer adds file, line and position). */
export type Note = Omit<Diagnostic, 'file'>;

/**
 * A handle for a Fediverse account: its `acct` as it is (`user` on the
 * account's own server, `user@server` for a remote one), which the pipeline
 * accepts (1-64 characters, no markup characters or white space). An acct
 * it would refuse falls back to the username (then the caller keeps the
 * whole acct as the name), else null.
 */
export function fediHandle(acct: string | null, username: string | null): { handle: string; changed: boolean } | null {
  const a = acct?.trim().replace(/^@/, '') ?? '';
  if (a && !handleProblem(a)) return { handle: a, changed: false };
  const u = username?.trim().replace(/^@/, '') ?? '';
  if (u && !handleProblem(u)) return { handle: u, changed: a !== '' };
  return null;
}

/**
 * `user@server` from an actor or account URL: `https://server/users/user`,
 * `https://server/@user`. Null when the URL has neither form.
 */
export function acctFromUrl(url: string | null): string | null {
  const u = safeHttpUrl(url);
  if (!u) return null;
  const { host, pathname } = new URL(u);
  const parts = pathname.split('/').filter(Boolean);
  let user: string | null = null;
  if (parts.length === 2 && parts[0] === 'users') user = parts[1];
  else if (parts.length === 1 && parts[0].startsWith('@')) user = parts[0].slice(1);
  if (!user) return null;
  try {
    user = decodeURIComponent(user);
  } catch {
    return null;
  }
  const acct = `${user}@${host}`;
  return handleProblem(acct) ? null : acct;
}

/** A JSON file as read: its value, its text (without a BOM), and when it is damaged, what was lost and the diagnostic saying so. */
export interface JsonFile {
  root: unknown;
  text: string;
  damage: Damage | null;
  /** The error diagnostic of a damaged file (with the line of the cut). */
  note: Diagnostic | null;
}

/**
 * The text of a JSON file as JSON; when it is cut short or damaged, the
 * complete values before the damage (json-salvage.ts) with an error
 * diagnostic at the line of the cut; or the diagnostic saying why nothing
 * could be read.
 */
export function readJson(file: ExportFile, what: string): JsonFile | { error: Diagnostic } {
  const raw = file.text.replace(/^\uFEFF/, '');
  if (!raw.trim()) return { error: { severity: 'error', code: 'file-empty', message: `the file is empty: no ${what} in it`, file: file.name } };
  const { value, damage } = parseOrSalvage(raw);
  if (!damage) return { root: value, text: raw, damage: null, note: null };
  // The file's lines count a BOM as part of line 1: offsets of `raw` are one less, which changes no line.
  const line = file.lineAt(damage.cutAt || damage.at);
  const note: Diagnostic = {
    severity: 'error',
    code: 'json-invalid',
    message: damageMessage(damage, file.lineAt(damage.at), value === null ? 'nothing complete comes before it' : `the ${what} complete before it are read`),
    file: file.name,
    ...(line ? { line } : {}),
  };
  return value === null ? { error: note } : { root: value, text: raw, damage, note };
}

/** readJson for an importer's parse: the diagnostics it gives go into `result`; null when nothing could be read. */
export function openJson(file: ExportFile, what: string, result: ParseResult): JsonFile | null {
  const read = readJson(file, what);
  if ('error' in read) {
    result.diagnostics.push(read.error);
    return null;
  }
  if (read.note) result.diagnostics.push(read.note);
  return read;
}

/** The error for a file whose (readable) JSON is not what the importer reads: `code`, then `why`. */
export function notShaped(read: JsonFile, file: ExportFile, code: string, why: string): Diagnostic {
  return { severity: 'error', code, message: `${read.damage ? 'what could be read' : 'valid JSON'}, but ${why}`, file: file.name };
}

/** Whether a parsed value is a whole number JSON.parse could not keep exactly (beyond 2^53): its digits are only in the text. */
export const lostDigits = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && v > 0;

/** Digits of an id as written. */
const DIGITS = /^\d{1,40}$/;

/**
 * An id as idOf reads it; a number beyond 2^53 read as the digits the text
 * holds for it (`digits()`: see rawNumberAt), or, when they cannot be found,
 * no id and `lost` (the caller says so: never silently).
 */
export function exactId(v: unknown, digits: () => string | null): { id: string | null; lost: boolean } {
  if (!lostDigits(v)) return { id: idOf(v), lost: false };
  const d = digits();
  return d !== null && DIGITS.test(d) ? { id: d, lost: false } : { id: null, lost: true };
}

/**
 * The text of the number at `path` (keys from the object that starts at
 * `start`, e.g. ['reblog', 'id']) in a JSON text, the last one when a key is
 * repeated (as JSON.parse keeps), or null. Keys written with escapes are
 * not matched. Linear in the object's length; stops at its end.
 */
export function rawNumberAt(text: string, start: number, path: readonly string[]): string | null {
  if (start < 0 || text.charCodeAt(start) !== 123 || path.length === 0) return null;
  let depth = 0;
  // The deepest depth whose object, and every one around it up to the entry (depth 1), lies on `path`.
  let matched = 0;
  let found: string | null = null;
  // The key just read (its ":" too), in the object at `depth`.
  let key: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === 34) {
      const open = i;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
      let j = i + 1;
      while (isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 58) {
        key = text.slice(open + 1, i);
        i = j;
      } else key = null;
      continue;
    }
    if (c === 123 || c === 91) {
      depth++;
      if (depth === 1) matched = 1;
      else if (c === 123 && matched === depth - 1 && depth - 1 < path.length && key === path[depth - 2]) matched = depth;
    } else if (c === 125 || c === 93) {
      if (matched === depth) matched = depth - 1;
      depth--;
      if (depth === 0) return found;
    } else if ((c === 45 || (c >= 48 && c <= 57)) && depth === path.length && matched === depth && key === path[depth - 1]) {
      let j = i;
      while (j < text.length && !isEnd(text.charCodeAt(j))) j++;
      found = text.slice(i, j);
      i = j - 1;
    }
    key = null;
  }
  return null;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const isEnd = (c: number) => c === 44 || c === 125 || c === 93 || isSpace(c);

/** entry-offsets.ts `entryOffsetsByBrackets` (entryOffsets' answer, found faster) with each entry's line, counted in the same scan (no lineAt per status). */
export function entryOffsetsAndLines(text: string, key: string | null): { offsets: number[]; lines: number[] } {
  const lines: number[] = [];
  return { offsets: entryOffsetsByBrackets(text, key, lines), lines };
}

/** The line of an entry starting at `offset` (-1: unknown), for a diagnostic; undefined when the file is one line. */
export function lineOf(file: ExportFile, offset: number | undefined): number | undefined {
  if (offset === undefined || offset < 0) return undefined;
  // The first line needs no look at the text (a minified file's every entry is on it).
  return offset === 0 ? 1 : file.lineAt(offset);
}

/** Does the file's text have more than one line? (A minified export's entries all sit on line 1: their offsets are not worth a scan.) */
export function hasLines(file: ExportFile): boolean {
  // Every encoding decode.ts reads writes a line break with a 0x0A byte: without one (a minified export), no scan of the text.
  if (file.bytes.indexOf(0x0a) === -1) return false;
  const t = file.text;
  const nl = t.indexOf('\n');
  return nl !== -1 && nl < t.length - 1;
}
