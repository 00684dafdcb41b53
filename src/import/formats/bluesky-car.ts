/**
 * A Bluesky repository export (`.car`: "Export my data", or
 * `com.atproto.sync.getRepo`): a CAR v1 archive of DAG-CBOR blocks, the
 * signed commit, the repository's Merkle search tree (MST) and its records.
 *
 * Read with @atcute/car and @atcute/cbor (small, maintained, iterative
 * decoders), loaded only when a .car file is parsed. Every block is read
 * and decoded once: the commit gives the repository's DID, the MST nodes
 * give each record's key (`collection/rkey`, by the record block's CID),
 * and the records are sorted out by `$type`.
 *
 * Message elements: `app.bsky.feed.post` records (id = rkey, author = the
 * repository's DID, as the export names no handle; display name from the
 * `app.bsky.actor.profile` record; createdAt, text with link facets
 * expanded, reply parent, pictures' alt text, links and quoted posts) and
 * `app.bsky.feed.repost` records (retweets of the subject post). Likes,
 * follows and every other collection are counted in one diagnostic.
 *
 * Limits: at most MAX_BLOCKS blocks and MAX_BLOCK_BYTES per block; a block
 * declared longer than the file (cut short, or a hostile length) ends the
 * reading with a diagnostic, keeping what came before. A file that is not
 * a CAR v1 is reported, never thrown.
 */
import { createRequire } from 'node:module';
import type * as CarLib from '@atcute/car';
import type * as CborLib from '@atcute/cbor';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import type { Author, Diagnostic } from '../../model/transcript.ts';
import { mergeLinks, readTime, authorOf, embedParts, expandFacets, idOfRkey, isDid, isObject, parseAtUri, postIdOf, replyParentOf, str, type Json } from './bluesky-common.ts';

const require = createRequire(import.meta.url);

/** How many blocks a repository export may hold (a very active account has a few hundred thousand). */
export const MAX_BLOCKS = 2_000_000;
/** How large one block may be (atproto records are at most 1 MiB; MST nodes are small). */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024;
/** A CID in an atproto CAR: v1, dag-cbor or raw, sha-256 (36 bytes). */
const CID_BYTES = 36;

/** The limits a read applies (tests pass smaller ones). */
export interface CarLimits {
  maxBlocks: number;
  maxBlockBytes: number;
}

let libs: { car: typeof CarLib; cbor: typeof CborLib } | undefined;

/** @atcute/car and @atcute/cbor, loaded on the first call (ES modules: require(esm), Node 20.19 and later). */
function carLibs(): { car: typeof CarLib; cbor: typeof CborLib } {
  libs ??= { car: require('@atcute/car') as typeof CarLib, cbor: require('@atcute/cbor') as typeof CborLib };
  return libs;
}

/** An unsigned LEB128 varint at `pos`: its value and length, or null when it does not end within 8 bytes or the data. */
export function readVarint(bytes: Uint8Array, pos: number): { value: number; length: number } | null {
  let value = 0;
  for (let i = 0; i < 8 && pos + i < bytes.length; i++) {
    const b = bytes[pos + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, length: i + 1 };
  }
  return null;
}

/** Whether bytes start like a CAR v1: a varint header length, then a DAG-CBOR map of `roots` and `version`. */
export function looksLikeCar(bytes: Uint8Array): boolean {
  const len = readVarint(bytes, 0);
  if (!len || len.value < 16 || len.value > 4096 || len.length > 2) return false;
  if (bytes[len.length] !== 0xa2) return false;
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, len.length + len.value)).toString('latin1');
  return header.includes('\x65roots') && header.includes('\x67version');
}

/** One block as read: its CID's bytes, its decoded value, and where it starts in the file. */
interface Block {
  cid: Uint8Array;
  value: unknown;
  offset: number;
}

/** What reading the archive gave: how many blocks, and what stopped or spoiled the reading. */
interface CarRead {
  blocks: number;
  problems: Omit<Diagnostic, 'file'>[];
}

/** Bytes as a string of one character per byte (CIDs as map keys, MST key suffixes), without copying them. */
const cidKey = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/**
 * Every block of the archive, each decoded as DAG-CBOR and handed to
 * `visit` (nothing is kept here: a large repository's blocks are many), within
 * the limits. The length of each block is checked before the library reads it.
 */
export function readCarBlocks(bytes: Uint8Array, visit: (block: Block) => void, limits: CarLimits = { maxBlocks: MAX_BLOCKS, maxBlockBytes: MAX_BLOCK_BYTES }): CarRead {
  const out: CarRead = { blocks: 0, problems: [] };
  const problem = (severity: Diagnostic['severity'], code: string, message: string) => out.problems.push({ severity, code, message });
  if (!looksLikeCar(bytes)) {
    problem('error', 'not-car-v1', 'not a CAR v1 archive (no CAR header with roots and version at the start)');
    return out;
  }
  const { car, cbor } = carLibs();
  let reader: ReturnType<typeof car.fromUint8Array>;
  try {
    reader = car.fromUint8Array(bytes);
  } catch (err) {
    problem('error', 'not-car-v1', `not a readable CAR v1 archive: ${preview((err as Error).message, 80)}`);
    return out;
  }
  const it = reader[Symbol.iterator]();
  let undecodable = 0;
  for (let pos = reader.header.headerEnd; pos < bytes.length; ) {
    const len = readVarint(bytes, pos);
    if (!len) {
      problem('error', 'car-truncated', `the file ends inside a block's length at byte ${pos}: cut short; the ${out.blocks} block(s) before it are read`);
      break;
    }
    if (len.value > limits.maxBlockBytes + CID_BYTES) {
      problem('error', 'car-block-too-large', `block ${out.blocks + 1} at byte ${pos} declares ${len.value} bytes, over the limit of ${limits.maxBlockBytes}: reading stops there`);
      break;
    }
    if (pos + len.length + len.value > bytes.length) {
      problem('error', 'car-truncated', `block ${out.blocks + 1} at byte ${pos} declares ${len.value} bytes but the file ends ${bytes.length - pos - len.length} bytes later: cut short; the ${out.blocks} block(s) before it are read`);
      break;
    }
    if (out.blocks >= limits.maxBlocks) {
      problem('error', 'car-too-many-blocks', `more than ${limits.maxBlocks} blocks: reading stops at byte ${pos}`);
      break;
    }
    let entry: CarLib.CarEntry;
    try {
      const next = it.next();
      if (next.done) break;
      entry = next.value;
    } catch (err) {
      problem('error', 'car-block-invalid', `block ${out.blocks + 1} at byte ${pos} is not a valid atproto block (${preview((err as Error).message, 80)}): reading stops there`);
      break;
    }
    pos = entry.entryEnd;
    let value: unknown = null;
    try {
      value = entry.cid.codec === 0x71 ? cbor.decode(entry.bytes) : null;
    } catch {
      undecodable++;
    }
    out.blocks++;
    visit({ cid: entry.cid.bytes, value, offset: entry.entryStart });
  }
  if (undecodable) problem('warning', 'block-undecodable', `${undecodable} block(s) are not valid DAG-CBOR; not read`);
  return out;
}

/** The raw bytes of a decoded CBOR byte string or CID link (@atcute wraps both). */
function rawBytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (isObject(v)) {
    const inner = (v as { buf?: unknown; bytes?: unknown }).buf ?? (v as { bytes?: unknown }).bytes;
    if (inner instanceof Uint8Array) return inner;
  }
  return null;
}

/** Whether a decoded block is an MST node (`{l, e: [...]}`). */
const isMstNode = (v: unknown): boolean => isObject(v) && Array.isArray(v.e) && 'l' in v && !('$type' in v);

/** The longest MST key read (a collection NSID is at most 317 characters, a record key 512): a hostile node's keys cannot grow past it. */
const MAX_KEY = 1024;

/** The record keys (`collection/rkey`) of an MST node's entries, by the CID (cidKey) of each value. */
function mstKeys(node: Json, into: Map<string, string>): void {
  let prev = '';
  for (const e of node.e as unknown[]) {
    if (!isObject(e)) return;
    const suffix = rawBytes(e.k);
    const value = rawBytes(e.v);
    const p = typeof e.p === 'number' && Number.isSafeInteger(e.p) && e.p >= 0 ? e.p : 0;
    if (!suffix || !value || p > prev.length || p + suffix.length > MAX_KEY) return;
    const key = prev.slice(0, p) + cidKey(suffix);
    prev = key;
    const cid = cidKey(value);
    if (!into.has(cid)) into.set(cid, key);
  }
}

/** What one record became: a message with notes, or why it was skipped. */
type Outcome = { message: ParsedMessage; notes: Omit<Diagnostic, 'file'>[] } | { skip: string; why: string };

/** The repository's author, the record key of a block, and the posts' texts (for reposts of the repository's own posts). */
interface Repo {
  author: Author;
  did: string | null;
  keys: Map<string, string>;
  texts: Map<string, string>;
}

/** The record key of a block under `collection`, or null (with why). */
function rkeyOf(repo: Repo, block: Block, collection: string): { id: string | null; note: string | null } {
  const key = repo.keys.get(cidKey(block.cid));
  if (!key) return { id: null, note: 'no MST entry points at this record: its key is unknown' };
  const slash = key.indexOf('/');
  if (key.slice(0, slash) !== collection) return { id: null, note: `its MST key ${preview(key, 60)} is not in ${collection}` };
  const id = idOfRkey(key.slice(slash + 1));
  return { id, note: id ? null : `its record key ${preview(key.slice(slash + 1), 60)} is no usable id` };
}

/** A post record as a message. */
function readPost(record: Json, block: Block, repo: Repo, position: number): Outcome {
  const { id, note } = rkeyOf(repo, block, 'app.bsky.feed.post');
  const label = id ?? `at byte ${block.offset}`;
  const time = readTime(record.createdAt);
  if (!time) return { skip: 'time-unreadable', why: `post ${label}: createdAt ${preview(str(record.createdAt) ?? '')} unreadable` };
  const notes: Omit<Diagnostic, 'file'>[] = [];
  if (note) notes.push({ severity: 'warning', code: 'rkey-unknown', message: `post at byte ${block.offset}: ${note}; it gets a content id` });
  const rich = expandFacets(str(record.text) ?? '', record.facets);
  if (rich.badFacets) notes.push({ severity: 'info', code: 'facet-invalid', message: `post ${label}: ${rich.badFacets} facet(s) out of range, overlapping or cutting a character; left as written` });
  const url = id && repo.did ? `https://bsky.app/profile/${repo.did}/post/${id}` : null;
  const embed = embedParts(record.embed, url);
  return {
    notes,
    message: {
      id,
      author: repo.author,
      time: time.time,
      timePrecision: time.precision,
      text: rich.text,
      url,
      replyTo: replyParentOf(record).id,
      links: mergeLinks(rich.links, embed.links),
      attachments: embed.attachments,
      position,
    },
  };
}

/** A repost record as a retweet of its subject. */
function readRepost(record: Json, block: Block, repo: Repo, position: number): Outcome {
  const { id, note } = rkeyOf(repo, block, 'app.bsky.feed.repost');
  const label = id ?? `at byte ${block.offset}`;
  const subject = isObject(record.subject) ? parseAtUri(record.subject.uri) : null;
  const target = subject ? authorOf(null, subject.authority, null) : null;
  if (!subject || !target || subject.collection !== 'app.bsky.feed.post') return { skip: 'repost-invalid', why: `repost ${label}: its subject is no post URI` };
  const time = readTime(record.createdAt);
  if (!time) return { skip: 'time-unreadable', why: `repost ${label}: createdAt ${preview(str(record.createdAt) ?? '')} unreadable` };
  const subjectId = postIdOf((record.subject as Json).uri);
  const subjectUrl = isDid(subject.authority) && subjectId ? `https://bsky.app/profile/${subject.authority}/post/${subjectId}` : null;
  const own = subject.authority === repo.did && subjectId ? repo.texts.get(subjectId) : undefined;
  const notes: Omit<Diagnostic, 'file'>[] = note ? [{ severity: 'warning', code: 'rkey-unknown', message: `repost at byte ${block.offset}: ${note}; it gets a content id` }] : [];
  return {
    notes,
    message: {
      id: id ? `repost-${id}` : null,
      author: repo.author,
      time: time.time,
      timePrecision: time.precision,
      text: `RT @${target.handle}: ${own ?? subjectUrl ?? ''}`.trimEnd(),
      url: null,
      replyTo: null,
      retweetOf: { handle: target.handle, id: subjectId },
      links: subjectUrl ? [subjectUrl] : [],
      attachments: [],
      position,
    },
  };
}

/** What one pass over the blocks keeps: the repository's DID and name, record keys, the posts and reposts, other records counted. */
interface Collected {
  did: string | null;
  name: string | null;
  keys: Map<string, string>;
  records: Block[];
  others: Map<string, number>;
}

/** Sorts one block into what `Collected` keeps; every other block is dropped at once. */
function collect(into: Collected, b: Block): void {
  const v = b.value;
  if (!isObject(v)) return;
  const type = v.$type;
  if (type === 'app.bsky.feed.post' || type === 'app.bsky.feed.repost') into.records.push(b);
  else if (typeof type === 'string') {
    if (type === 'app.bsky.actor.profile') into.name = str(v.displayName)?.trim() || into.name;
    const t = type.slice(0, 120);
    into.others.set(t, (into.others.get(t) ?? 0) + 1);
  } else if (isMstNode(v)) mstKeys(v as Json, into.keys);
  else if (isDid(v.did) && 'data' in v && 'version' in v) into.did ??= v.did;
}

/** The repository as its records see it: the author, record keys, and the texts of its own posts that its reposts repeat. */
function repoOf(c: Collected): Repo {
  const author = authorOf(null, c.did, c.name) ?? { handle: 'unknown-repository', name: c.name };
  const repo: Repo = { author, did: c.did, keys: c.keys, texts: new Map() };
  const reposted = new Set<string>();
  for (const b of c.records) {
    const v = b.value as Json;
    const subject = v.$type === 'app.bsky.feed.repost' && isObject(v.subject) ? parseAtUri(v.subject.uri) : null;
    if (subject && subject.authority === c.did) reposted.add(subject.rkey);
  }
  if (!reposted.size) return repo;
  for (const b of c.records) {
    const v = b.value as Json;
    if (v.$type !== 'app.bsky.feed.post') continue;
    const { id } = rkeyOf(repo, b, 'app.bsky.feed.post');
    if (id && reposted.has(id)) repo.texts.set(id, expandFacets(str(v.text) ?? '', v.facets).text);
  }
  return repo;
}

/** "app.bsky.feed.like 2, app.bsky.graph.follow 3": the records that are no messages, by collection. */
function otherRecords(counts: Map<string, number>): { text: string; total: number } {
  const list = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { text: list.map(([t, n]) => `${t} ${n}`).join(', '), total: list.reduce((s, [, n]) => s + n, 0) };
}

/** Reads a CAR's bytes into a result (the limits are the importer's unless a test gives others). */
export function parseCar(file: ExportFile, limits?: CarLimits): ParseResult {
  const result = emptyResult();
  const note = (d: Omit<Diagnostic, 'file'>) => result.diagnostics.push({ ...d, file: file.name });
  const got: Collected = { did: null, name: null, keys: new Map(), records: [], others: new Map() };
  let read: CarRead;
  try {
    read = readCarBlocks(file.bytes, (b) => collect(got, b), limits);
  } catch (err) {
    note({ severity: 'error', code: 'car-reader-failed', message: `the CAR reader failed (${preview((err as Error).message, 80)}); it needs Node 20.19 or later to load` });
    return result;
  }
  for (const p of read.problems) note(p);
  const repo = repoOf(got);
  if (!repo.did) note({ severity: 'warning', code: 'repo-did-missing', message: 'no commit block names the repository\'s DID: posts are by "unknown-repository"' });
  else note({ severity: 'info', code: 'handle-from-did', message: `a repository export names no handle: posts are by the DID ${repo.did}` });
  for (const b of got.records) {
    const v = b.value as Json;
    const position = ++result.found;
    const out = v.$type === 'app.bsky.feed.post' ? readPost(v, b, repo, position) : readRepost(v, b, repo, position);
    if ('skip' in out) {
      result.skipped.push({ severity: 'warning', code: out.skip, message: out.why, file: file.name, position });
      continue;
    }
    for (const n of out.notes) result.diagnostics.push({ ...n, file: file.name, position });
    result.messages.push(out.message);
  }
  const others = otherRecords(got.others);
  if (others.total) note({ severity: 'info', code: 'records-not-messages', message: `${others.total} record(s) that are no posts or reposts, not kept: ${others.text}` });
  result.title = `Bluesky repository ${repo.author.name ? `of ${repo.author.name}` : repo.did ?? ''}`.trim();
  return result;
}

export const blueskyCar: Importer = {
  name: 'bluesky-car',
  binary: true,
  description: 'Bluesky repository export (.car, CAR v1 + DAG-CBOR): posts (rkey ids, replies, facets expanded) and reposts; likes, follows and other records counted',

  detect(file: ExportFile): boolean {
    return looksLikeCar(file.bytes);
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    return parseCar(file);
  },
};
