/**
 * What the Twitter API JSON importers share (`twitter-api-v1.ts`, `twarc2.ts`):
 * reading a file that is one JSON document or JSON Lines, ids that survive
 * JSON.parse, the API's escaped text, t.co links, media, and lines for
 * diagnostics. Not an importer itself.
 */
import type { ExportFile } from '../export-file.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { parseIso, parseRfc2822, parseTwitterCreatedAt, type ParsedTime } from '../time.ts';
import { duplicateKeyDiagnostics } from '../json-offsets.ts';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as a diagnostic shows it: a string quoted and cut short, anything else by its type. */
export function shown(v: unknown): string {
  return typeof v === 'string' ? preview(v) : v === null || v === undefined ? 'missing' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** A non-empty string, or null. */
export function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

// ---------------------------------------------------------------- detection

/**
 * The first 64 KB of a file that starts like JSON (an object or an array), as
 * latin1 (the keys looked for are ASCII), or null. jamrecap's own transcripts
 * are never a platform export, whatever keys their texts quote.
 */
export function jsonHead(file: ExportFile): string | null {
  return sniffJson(file).head;
}

/**
 * Whether jsonHead's head names the key with a string value (`"key": "`), as
 * `/"key"\s*:\s*"/.test(head)` says: the keys the Twitter API importers
 * detect by, found in the same scan as the transcript's schema.
 */
export function jsonHeadNames(file: ExportFile, key: 'created_at' | 'author_id'): boolean {
  const sniffed = sniffJson(file);
  return sniffed.head !== null && (key === 'created_at' ? sniffed.createdAt : sniffed.authorId);
}

/** What a file's head says, worked out once per file: two importers' detect() ask, and each question copies and scans 64 KB. */
interface JsonSniff {
  head: string | null;
  createdAt: boolean;
  authorId: boolean;
}

const sniffs = new WeakMap<ExportFile, JsonSniff>();

/**
 * jamrecap's own transcript (`"schema": "jamrecap.transcript/1"`; in a tweet
 * text the quotes would be escaped) and the two keys, in one pass: the scan
 * goes on one character after each match (no match hides another), looking
 * only for what it has not found yet (a key found once is found).
 */
const SCHEMA = 'schema"\\s*:\\s*"jamrecap\\.';
const CREATED_AT = 'created_at"\\s*:\\s*"';
const AUTHOR_ID = 'author_id"\\s*:\\s*"';
/** By what is still looked for: [neither key found, created_at found, author_id found, both]. */
const SNIFFS = [[SCHEMA, CREATED_AT, AUTHOR_ID], [SCHEMA, AUTHOR_ID], [SCHEMA, CREATED_AT], [SCHEMA]].map((alts) => new RegExp(`"(?:${alts.join('|')})`, 'g'));

function sniffJson(file: ExportFile): JsonSniff {
  let sniffed = sniffs.get(file);
  if (sniffed) return sniffed;
  sniffed = { head: null, createdAt: false, authorId: false };
  const head = file.head(65536).replace(/^\xEF\xBB\xBF/, '');
  if (/^\s*[[{]/.test(head)) {
    sniffed.head = head;
    for (let at = 0; ; ) {
      const re = SNIFFS[(sniffed.createdAt ? 1 : 0) + (sniffed.authorId ? 2 : 0)];
      re.lastIndex = at;
      const m = re.exec(head);
      if (!m) break;
      const c = head.charCodeAt(m.index + 1);
      if (c === 115 /* schema */) {
        sniffed = { head: null, createdAt: false, authorId: false };
        break;
      }
      if (c === 99 /* created_at */) sniffed.createdAt = true;
      else sniffed.authorId = true;
      at = m.index + 1;
    }
  }
  sniffs.set(file, sniffed);
  return sniffed;
}

// ---------------------------------------------------------------- reading JSON

/** One non-blank line of a JSON Lines file: its value, or why it is not JSON. */
export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

export type JsonRead =
  /** The whole file is one JSON document. */
  | { kind: 'whole'; value: unknown }
  /** JSON Lines: every non-blank line, in order. */
  | { kind: 'lines'; lines: JsonLine[] }
  /** Neither: the parser's complaint about the whole file. */
  | { kind: 'invalid'; error: string };

/**
 * The file as one JSON document, or else as JSON Lines (twarc writes one
 * API page or one tweet per line). A file counts as JSON Lines only when at
 * least as many of its lines are JSON objects as are broken: a pretty-printed
 * document cut short has lone lines such as `23` that parse, and must not
 * turn into hundreds of "broken line" reports.
 */
export function readJson(text: string): JsonRead {
  try {
    return { kind: 'whole', value: JSON.parse(text) };
  } catch (err) {
    const lines: JsonLine[] = [];
    let objects = 0;
    let broken = 0;
    let line = 0;
    for (let offset = 0; offset <= text.length; ) {
      line++;
      let end = text.indexOf('\n', offset);
      if (end === -1) end = text.length;
      const raw = text.slice(offset, end);
      offset = end + 1;
      if (raw.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(raw);
        lines.push({ line, value });
        if (isObject(value)) objects++;
      } catch (lineErr) {
        lines.push({ line, error: describeJsonError(lineErr, raw) });
        broken++;
      }
    }
    if (objects === 0 || objects < broken) return { kind: 'invalid', error: describeJsonError(err, text) };
    return { kind: 'lines', lines };
  }
}

/**
 * Keys a JSON document (or a JSON Lines entry) repeats, which JSON.parse
 * resolved silently by keeping the last (`"statuses"` or `"data"` twice):
 * see duplicateKeyDiagnostics. At most ten reports per file.
 */
export function jsonDuplicateDiagnostics(file: ExportFile, read: JsonRead): Diagnostic[] {
  if (read.kind === 'whole') return duplicateKeyDiagnostics(file.text, file.name, (o) => file.lineAt(o));
  if (read.kind !== 'lines') return [];
  const out: Diagnostic[] = [];
  const lines = file.text.split('\n');
  for (const l of read.lines) {
    if (!('value' in l) || out.length >= 10) continue;
    out.push(...duplicateKeyDiagnostics(lines[l.line - 1] ?? '', file.name, () => l.line));
  }
  return out.slice(0, 10);
}

/** JSON.parse's message, saying so when the text stops mid-value (the usual broken export). */
function describeJsonError(err: unknown, text: string): string {
  const why = err instanceof Error ? err.message : String(err);
  const at = Number(/at position (\d+)/.exec(why)?.[1] ?? NaN);
  const cut = /end of JSON input/i.test(why) || at >= text.trimEnd().length ? ' (cut short)' : '';
  return `not valid JSON${cut}: ${why}`;
}


// ---------------------------------------------------------------- ids

/** Why an id could not be kept. */
export type IdProblem = 'imprecise' | 'invalid';

const TWEET_ID = /^\d{1,25}$/;

/**
 * A tweet id as a string, from the API's `*_str` field (or v2's string `id`),
 * else from a JSON number only when that number is a safe integer: JSON.parse
 * turns any integer above 2^53 into a different one (and never into a safe
 * integer), so a safe integer is exactly what the file said. Tweets since 2013
 * have ids above 2^53; older exports (before `id_str` existed, 2010) have only
 * small numeric ids, which this keeps.
 */
export function tweetId(asString: unknown, asNumber: unknown): { id: string | null; problem?: IdProblem } {
  if (typeof asString === 'string' && asString !== '') {
    return TWEET_ID.test(asString) ? { id: asString } : { id: null, problem: 'invalid' };
  }
  if (typeof asNumber === 'number') {
    return Number.isSafeInteger(asNumber) && asNumber > 0 ? { id: String(asNumber) } : { id: null, problem: 'imprecise' };
  }
  if (typeof asNumber === 'string' && asNumber !== '') return tweetId(asNumber, undefined);
  return { id: null };
}

/** Counts ids that could not be kept, for one summary diagnostic per file (not one per tweet). */
export class IdTally {
  messages = 0;
  references = 0;
  invalid = 0;
  first: { position: number; line?: number } | null = null;

  note(problem: IdProblem | undefined, what: 'message' | 'reference', position: number, line?: number): void {
    if (!problem) return;
    if (problem === 'invalid') this.invalid++;
    else if (what === 'message') this.messages++;
    else this.references++;
    this.first ??= { position, line };
  }

  /** The summary, or null when every id was kept. */
  diagnostic(file: string): Diagnostic | null {
    if (!this.first) return null;
    const parts: string[] = [];
    if (this.messages) parts.push(`${this.messages} tweet id(s)`);
    if (this.references) parts.push(`${this.references} reply/retweet reference(s)`);
    const imprecise = parts.length
      ? `${parts.join(' and ')} given only as JSON numbers beyond 2^53, which lose digits when read, were left out`
      : '';
    const invalid = this.invalid ? `${this.invalid} id(s) that are not digits were left out` : '';
    return {
      severity: 'info',
      code: 'id-unusable',
      message: `${[imprecise, invalid].filter(Boolean).join('; ')} (first at #${this.first.position}); messages without an id get a content id`,
      file,
      ...(this.first.line ? { line: this.first.line } : {}),
      position: this.first.position,
    };
  }
}

// ---------------------------------------------------------------- text

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The API's text as plain text. Twitter escapes `&`, `<` and `>` in tweet
 * texts (the 2010 search API also `"`), exactly once: "&amp;lt;" is the
 * tweet's literal "&lt;". Decoded in one pass, so nothing is decoded twice.
 * Numeric references that name no character are left as written.
 */
export function decodeApiText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
    return String.fromCodePoint(cp);
  });
}

/** One t.co link of a tweet, as `entities.urls[]` and `entities.media[]` describe it. */
interface LinkEntity {
  /** The t.co link as the text has it. */
  short: string;
  /** The expansion as the API wrote it (what the text shows), or null when it is not an http(s) URL. */
  written: string | null;
  /** The expansion normalised (what `links` lists), or null. */
  href: string | null;
  /** Where the API says the link stands: code points of the escaped text, `[start, end)`. */
  start: number | null;
  end: number | null;
  /** From `entities.urls` (listed in `links`); `media` links are only shown. */
  listed: boolean;
}

/** A stretch of the escaped text, in UTF-16 offsets, that one link entity replaces. */
interface Span {
  from: number;
  to: number;
  entity: LinkEntity;
}

/** A non-negative integer, or null. */
function offsetOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}

/** The `[start, end)` an entity claims: v1.1 writes `indices: [a, b]`, v2 `start` and `end`. */
function claimedRange(e: Json): [number | null, number | null] {
  if (Array.isArray(e.indices)) return [offsetOrNull(e.indices[0]), offsetOrNull(e.indices[1])];
  return [offsetOrNull(e.start), offsetOrNull(e.end)];
}

/** The link entities of a tweet, urls first, in the order the file lists them. */
function linkEntities(entities: unknown): LinkEntity[] {
  const out: LinkEntity[] = [];
  if (!isObject(entities)) return out;
  for (const group of ['urls', 'media'] as const) {
    const list = entities[group];
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const short = isObject(e) ? str(e.url) : null;
      if (!isObject(e) || !short) continue;
      const raw = str(e.expanded_url) ?? str(e.unwound_url);
      const href = safeHttpUrl(raw);
      const [start, end] = claimedRange(e);
      out.push({ short, written: href ? raw : null, href, start, end, listed: group === 'urls' });
    }
  }
  return out;
}

/** The UTF-16 offset of every code point of a text, and of its end (the API counts code points). */
function codePointOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) offsets.push(i);
  offsets.push(text.length);
  return offsets;
}

/** Whether a link found by search ends where a URL can end (not inside a longer one). */
function endsLink(text: string, at: number): boolean {
  return at >= text.length || !/[A-Za-z0-9/_-]/.test(text[at]);
}

/**
 * Where each link entity stands in the escaped text, each at most once and
 * never overlapping. First where its indices say, when the short link is
 * exactly there; the others are looked for in the order they claim, each
 * after the last one found, and the search stops at the first one that is not
 * found (hand-made and older files have indices that are off). So the work and
 * the spans are linear in the text and the entities.
 */
function placeLinks(text: string, entities: LinkEntity[]): Span[] {
  if (!entities.length) return [];
  const offsets = codePointOffsets(text);
  const spans: Span[] = [];
  const unplaced: LinkEntity[] = [];
  for (const entity of entities) {
    const { start, end, short } = entity;
    const from = start !== null && start < offsets.length ? offsets[start] : -1;
    const to = end !== null && end < offsets.length ? offsets[end] : -1;
    if (from >= 0 && to - from === short.length && text.startsWith(short, from)) spans.push({ from, to, entity });
    else unplaced.push(entity);
  }
  const claimed = (e: LinkEntity) => e.start ?? Number.MAX_SAFE_INTEGER;
  unplaced.sort((a, b) => claimed(a) - claimed(b));
  let cursor = 0;
  for (const entity of unplaced) {
    let at = text.indexOf(entity.short, cursor);
    while (at !== -1 && !endsLink(text, at + entity.short.length)) at = text.indexOf(entity.short, at + 1);
    if (at === -1) break;
    spans.push({ from: at, to: at + entity.short.length, entity });
    cursor = at + entity.short.length;
  }
  spans.sort((a, b) => a.from - b.from);
  const kept: Span[] = [];
  for (const s of spans) if (!kept.length || s.from >= kept[kept.length - 1].to) kept.push(s);
  return kept;
}

/**
 * What the text shows for a link: the expansion as the API wrote it, so a
 * host or path keeps its case; the normalised form only when the written one
 * is not a plain absolute http(s) URL (white space, controls, `//host`).
 */
function shownLink(entity: LinkEntity): string {
  const written = entity.written!;
  return /^https?:\/\//i.test(written) && !/[\s\p{C}]/u.test(written) ? written : entity.href!;
}

/**
 * The API's text (escaped, as in the file) as plain text with its t.co links
 * replaced by the URLs they stand for, and the expanded links
 * (`entities.urls[]`, normalised). Each link is replaced once, where it
 * stands, and the text between links is decoded (`decodeApiText`), so an
 * expansion is never decoded or expanded again. The text keeps an
 * expansion as the API wrote it (`https://Example.COM/A` stays so);
 * `links` holds the normalised form. Only http(s) expansions are used; a
 * t.co link without one stays as it is.
 */
export function readApiText(raw: string, entities: unknown): { text: string; links: string[] } {
  const all = linkEntities(entities);
  const links = all.flatMap((e) => (e.listed && e.href ? [e.href] : []));
  let text = '';
  let last = 0;
  for (const span of placeLinks(raw, all.filter((e) => e.href))) {
    text += decodeApiText(raw.slice(last, span.from)) + shownLink(span.entity);
    last = span.to;
  }
  return { text: text + decodeApiText(raw.slice(last)), links };
}

/**
 * A retweet as its whole original: "RT @handle: " and the original's text
 * (read as `readApiText` reads it), instead of the retweet's own text, which
 * the API cuts short ("RT @x: …"). The "RT @handle:" form is kept, as the
 * pipeline and the question rules read it.
 */
export function retweetText(handle: string, raw: string, entities: unknown): { text: string; links: string[] } {
  const original = readApiText(raw, entities);
  return { text: `RT @${handle}: ${original.text}`, links: original.links };
}

// ---------------------------------------------------------------- media

/** A media object's `type` as an attachment kind: `photo` an image, `video` and `animated_gif` (a GIF is an mp4 loop) videos; null for anything else. */
export function mediaKind(type: unknown): Attachment['kind'] | null {
  return type === 'photo' ? 'image' : type === 'video' || type === 'animated_gif' ? 'video' : null;
}

/**
 * The video file itself among a video's `variants` (v1.1 `video_info.variants`,
 * v2 `variants`): the `video/mp4` of the highest bit rate (an HLS playlist is
 * no file to link to), or null.
 */
export function videoFile(variants: unknown): string | null {
  if (!Array.isArray(variants)) return null;
  let best: { url: string; rate: number } | null = null;
  for (const v of variants) {
    if (!isObject(v) || v.content_type !== 'video/mp4') continue;
    const url = safeHttpUrl(str(v.url));
    const rate = typeof v.bit_rate === 'number' && Number.isFinite(v.bit_rate) ? v.bit_rate : 0;
    if (url && (!best || rate > best.rate)) best = { url, rate };
  }
  return best?.url ?? null;
}

/**
 * A v1.1 media entity (`entities.media[]`, `extended_entities.media[]`; TAGS
 * keeps `entities` in its `entities_str` column) as an attachment: a photo's
 * `media_url_https` (else `media_url`); a video's or GIF's mp4
 * (`video_info.variants`), else its page (`expanded_url`, where it plays).
 * `ext_alt_text` is the alt text. An entity without a `type` is read as a photo.
 */
export function v1MediaAttachment(m: unknown): Attachment | null {
  if (!isObject(m)) return null;
  const kind = mediaKind(m.type ?? 'photo');
  if (!kind) return null;
  const image = safeHttpUrl(str(m.media_url_https)) ?? safeHttpUrl(str(m.media_url));
  const page = safeHttpUrl(str(m.expanded_url));
  const video = isObject(m.video_info) ? videoFile(m.video_info.variants) : null;
  return { kind, url: kind === 'image' ? (image ?? page) : (video ?? page ?? image), alt: str(m.ext_alt_text), file: null };
}

/** An attachment with no web address of its own links to the tweet that shows it (as the Storify importer's do). */
export function orTweetPage(attachments: Attachment[], page: string | null): Attachment[] {
  return attachments.map((a) => (a.url || !page ? a : { ...a, url: page }));
}

/** `created_at` as v1.1 ("Wed Oct 24 17:45:00 +0000 2012"), the 2010 search API (RFC 2822) or v2 (ISO) write it. */
export function readApiTime(v: unknown): ParsedTime | null {
  if (typeof v !== 'string') return null;
  return parseTwitterCreatedAt(v) ?? parseIso(v) ?? parseRfc2822(v);
}

/** The permalink of a tweet. */
export function statusUrl(handle: string, id: string | null): string | null {
  return id ? `https://twitter.com/${encodeURIComponent(handle)}/status/${id}` : null;
}

/**
 * API responses list the newest tweet first. Saying so makes the pipeline put
 * tweets of the same second in the reverse of file order: oldest first.
 */
export function listsNewestFirst(messages: { time: string }[]): boolean {
  return messages.length > 1 && messages[0].time > messages[messages.length - 1].time;
}
