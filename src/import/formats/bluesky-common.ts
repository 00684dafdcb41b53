/**
 * What the Bluesky importers (bluesky-json, bluesky-car) share: reading
 * at:// URIs, the id a post gets (its record key), authors as handles the
 * pipeline accepts, a post record's text with its link facets expanded,
 * its reply parent, and its embeds as attachments and links.
 *
 * Ids. A post is `at://<did>/app.bsky.feed.post/<rkey>`; the id kept is the
 * record key (a TID such as `3jvveozk6vt2o`), not the whole URI: the URI has
 * `/` in it, which the pipeline's id rule refuses (it would replace the id
 * with a content hash and drop every reply link). A TID is a microsecond
 * time plus a random clock id, unique within a repository and in practice
 * across one thread; replies point to the parent's record key the same way.
 *
 * Facets. `record.facets[].index` counts UTF-8 bytes, not UTF-16 units: the
 * text is sliced as bytes, so emoji and other astral characters before a
 * link do not shift it. A link facet's text ("example.com/pa...") is
 * replaced by its full `uri`; a facet out of range, overlapping another or
 * cutting a character is left as written and counted.
 */
import type { Attachment, Author } from '../../model/transcript.ts';
import { handleProblem, safeHttpUrl } from '../../model/entities.ts';
import { parseIso, type ParsedTime } from '../time.ts';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The pipeline's id rule (pipeline.ts MESSAGE_ID): ids outside it are replaced by a content hash. */
const ID_RULE = /^[A-Za-z0-9_.:-]{1,128}$/;
/** A DID as atproto writes it (did:plc:…, did:web:…). */
const DID = /^did:[a-z]{1,32}:[A-Za-z0-9._:%-]{1,512}$/;

/** A UTC time with more than millisecond digits ("…:22.853765Z", as many clients write createdAt). */
const MICRO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\d{1,6}Z$/;

/**
 * A record's `createdAt` as UTC. Sub-millisecond digits are cut first (the
 * model keeps milliseconds), so such times take parseIso's fast path rather
 * than luxon's.
 */
export function readTime(raw: unknown): ParsedTime | null {
  if (typeof raw !== 'string') return null;
  const t = raw.trim();
  return parseIso(MICRO_UTC.test(t) ? `${t.slice(0, 23)}Z` : t);
}

/** The parts of an at:// record URI. */
export interface AtUri {
  authority: string;
  collection: string;
  rkey: string;
}

/** An at:// record URI split in its parts (three non-empty parts, no `?` or `#`), or null. */
export function parseAtUri(uri: unknown): AtUri | null {
  if (typeof uri !== 'string' || !uri.startsWith('at://') || uri.length > 1400) return null;
  const a = uri.indexOf('/', 5);
  const b = a === -1 ? -1 : uri.indexOf('/', a + 1);
  if (b === -1 || uri.indexOf('/', b + 1) !== -1 || uri.includes('?') || uri.includes('#')) return null;
  const authority = uri.slice(5, a);
  const collection = uri.slice(a + 1, b);
  const rkey = uri.slice(b + 1);
  return authority && collection && rkey && authority.length <= 600 && collection.length <= 320 && rkey.length <= 512 ? { authority, collection, rkey } : null;
}

/** A record key as a message id, or null when the pipeline's id rule refuses it. */
export function idOfRkey(rkey: string | null | undefined): string | null {
  return rkey && ID_RULE.test(rkey) ? rkey : null;
}

/** The message id of a post URI: its record key, or null. */
export function postIdOf(uri: unknown): string | null {
  const at = parseAtUri(uri);
  return at ? idOfRkey(at.rkey) : null;
}

/** Whether a string is a DID. */
export function isDid(s: unknown): s is string {
  return typeof s === 'string' && DID.test(s);
}

/** bsky.app's page of a post, by its author's DID (a permanent link; handles change). */
export function postUrl(uri: unknown): string | null {
  const at = parseAtUri(uri);
  if (!at || at.collection !== 'app.bsky.feed.post' || !isDid(at.authority) || !idOfRkey(at.rkey)) return null;
  return `https://bsky.app/profile/${at.authority}/post/${at.rkey}`;
}

/**
 * The author of a post: the handle when the pipeline accepts it, else the
 * DID (Bluesky shows `handle.invalid` for an account whose handle no longer
 * verifies: many such accounts would share it, so they keep their DID).
 * Null when neither is usable.
 */
export function authorOf(handle: unknown, did: unknown, displayName: unknown): Author | null {
  const h = str(handle)?.trim();
  const name = str(displayName)?.trim() || null;
  if (h && h.toLowerCase() !== 'handle.invalid' && !handleProblem(h)) return { handle: h, name };
  if (isDid(did) && !handleProblem(did)) return { handle: did, name };
  return null;
}

/** A post's text with facets' links expanded, the links, and how many facets were left as written. */
export interface RichText {
  text: string;
  links: string[];
  badFacets: number;
}

/** A facet's byte range and the link it carries (null for mentions and tags). */
interface Span {
  start: number;
  end: number;
  uri: string | null;
}

/** Whether a byte offset falls between two UTF-8 characters. */
const onBoundary = (bytes: Buffer, at: number) => at === bytes.length || (bytes[at] & 0xc0) !== 0x80;

/** The facets' byte ranges, in order; each unusable one counted in `bad`. */
function spansOf(facets: unknown[], bytes: Buffer): { spans: Span[]; bad: number } {
  const spans: Span[] = [];
  let bad = 0;
  for (const f of facets) {
    const index = isObject(f) && isObject(f.index) ? f.index : null;
    const start = index?.byteStart;
    const end = index?.byteEnd;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (start as number) < 0 || (end as number) > bytes.length || (start as number) >= (end as number)) {
      bad++;
      continue;
    }
    if (!onBoundary(bytes, start as number) || !onBoundary(bytes, end as number)) {
      bad++;
      continue;
    }
    let uri: string | null = null;
    for (const feature of arr((f as Json).features)) {
      if (isObject(feature) && feature.$type === 'app.bsky.richtext.facet#link') uri = safeHttpUrl(str(feature.uri)) ?? uri;
    }
    spans.push({ start: start as number, end: end as number, uri });
  }
  spans.sort((a, b) => a.start - b.start);
  return { spans, bad };
}

/**
 * A post's text with every link facet's range replaced by the facet's full
 * URI (in linear time: one slice per facet).
 */
export function expandFacets(text: string, facets: unknown): RichText {
  const list = arr(facets);
  if (list.length === 0) return { text, links: [], badFacets: 0 };
  const bytes = Buffer.from(text, 'utf8');
  const { spans, bad } = spansOf(list, bytes);
  let badFacets = bad;
  const links: string[] = [];
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) {
      badFacets++;
      continue;
    }
    if (!s.uri) continue;
    links.push(s.uri);
    parts.push(bytes.toString('utf8', at, s.start), s.uri);
    at = s.end;
  }
  if (at === 0) return { text, links, badFacets };
  parts.push(bytes.toString('utf8', at));
  return { text: parts.join(''), links, badFacets };
}

/** The reply parent's id of a post record (`record.reply.parent.uri`), or null. */
export function replyParentOf(record: Json): { id: string | null; uri: string | null } {
  const reply = isObject(record.reply) ? record.reply : null;
  const parent = reply && isObject(reply.parent) ? reply.parent : null;
  const uri = parent ? str(parent.uri) : null;
  return { id: postIdOf(uri), uri };
}

/** Pictures, videos and links of an embed. */
export interface EmbedParts {
  attachments: Attachment[];
  links: string[];
}

/** Links of the text and of the embeds, each once, in order (no copies when there are none). */
export function mergeLinks(a: string[], b: string[]): string[] {
  if (!b.length) return a;
  if (!a.length) return b;
  return [...new Set([...a, ...b])];
}

/** One nested level of embeds is all Bluesky has (recordWithMedia holds media); a hostile file gets no more. */
const MAX_EMBED_DEPTH = 3;

/**
 * An embed's pictures (with alt text), videos, external links and quoted
 * posts (as bsky.app links). Reads a record's embed (`app.bsky.embed.*`,
 * blobs without URLs) and an API view's (`…#view`, with CDN URLs) alike.
 * `pageUrl` stands for a video (its playlist is no page to link).
 */
export function embedParts(embed: unknown, pageUrl: string | null, out: EmbedParts = { attachments: [], links: [] }, depth = 0): EmbedParts {
  if (!isObject(embed) || depth > MAX_EMBED_DEPTH) return out;
  const type = (str(embed.$type) ?? '').replace(/#view$/, '');
  if (type === 'app.bsky.embed.images') {
    for (const img of arr(embed.images)) {
      if (!isObject(img)) continue;
      const url = safeHttpUrl(str(img.fullsize) ?? str(img.thumb));
      out.attachments.push({ kind: 'image', url, alt: str(img.alt)?.trim() || null, file: null });
    }
  } else if (type === 'app.bsky.embed.video') {
    out.attachments.push({ kind: 'video', url: pageUrl, alt: str(embed.alt)?.trim() || null, file: null });
  } else if (type === 'app.bsky.embed.external') {
    const ext = isObject(embed.external) ? embed.external : null;
    const url = ext ? safeHttpUrl(str(ext.uri)) : null;
    if (url) out.links.push(url);
  } else if (type === 'app.bsky.embed.record') {
    // A record embed holds `record: {uri, cid}`; its view holds `record: viewRecord` (also with `uri`).
    const rec = isObject(embed.record) ? embed.record : null;
    const url = rec ? postUrl(rec.uri) : null;
    if (url) out.links.push(url);
  } else if (type === 'app.bsky.embed.recordWithMedia') {
    const rec = isObject(embed.record) ? embed.record : null;
    // Record form: record.record is {uri, cid}; view form: record is a record#view whose record is a viewRecord.
    const inner = rec && isObject(rec.record) ? rec.record : rec;
    const url = inner ? postUrl(inner.uri) : null;
    if (url) out.links.push(url);
    embedParts(embed.media, pageUrl, out, depth + 1);
  }
  return out;
}
