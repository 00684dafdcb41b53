/**
 * Bluesky thread JSON: the response of `app.bsky.feed.getPostThread`
 * (`{thread: threadViewPost}`: the post, its `replies` nested, its `parent`
 * chain when asked for) and of `app.bsky.unspecced.getPostThreadV2` /
 * `getPostThreadOtherV2` (`{thread: [{uri, depth, value}]}`, a flat list in
 * display order).
 *
 * Each thread node is a message element, in the order a reader sees them:
 * the parents from the oldest, the anchor post, then its replies depth
 * first. Kept: the record key as id (see bluesky-common.ts), the author's
 * handle (the DID when the handle is `handle.invalid` or refused) and
 * display name, `record.createdAt` (`indexedAt` when that is unreadable, with
 * a note), the text with link facets expanded, the reply parent, pictures
 * (alt text, CDN URL) and videos as attachments, external links and quoted
 * posts as links, and a bsky.app permalink. Skipped with a diagnostic:
 * `notFound`, `blocked` and sign-in-only posts, and nodes that are no post.
 *
 * The tree is walked with an explicit stack, so a thread nested 20,000 deep
 * is read like a flat one. Diagnostics carry the line of the post's
 * `"uri"` (see uriLines); messages carry none (their id, the record key,
 * finds them in the file, and looking lines up for every post would cost
 * as much as the JSON parse itself).
 *
 * A file cut short keeps the posts complete before the cut (json-salvage.ts):
 * an error diagnostic at the line of the cut; a node whose post the cut
 * leaves incomplete is skipped, counted.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import { cutEntry, damageMessage, parseOrSalvage } from './json-salvage.ts';
import type { Diagnostic } from '../../model/transcript.ts';
import { mergeLinks, readTime, arr, authorOf, embedParts, expandFacets, isObject, postIdOf, postUrl, replyParentOf, str, type Json } from './bluesky-common.ts';

/** How much of the head detection reads. */
const DETECT_BYTES = 4096;
/** The longest at:// URI whose line is looked up. */
const URI_MAX = 1200;

/** One thread node met (`node`: the object it was read from), with the reason it is no post when it is none. */
type Node = ({ post: Json } | { skip: string; why: string }) & { uri: string | null; node?: unknown };

/** What a v1 node (threadViewPost, notFoundPost, blockedPost) is. */
function readV1Node(node: unknown): Node {
  return { ...readV1(node), node };
}

/** readV1Node without the node. */
function readV1(node: unknown): Node {
  if (!isObject(node)) return { skip: 'not-a-post', why: 'a thread entry that is not an object', uri: null };
  const type = str(node.$type) ?? '';
  const uri = str(node.uri) ?? (isObject(node.post) ? str(node.post.uri) : null);
  if (node.notFound === true || type.endsWith('#notFoundPost')) return { skip: 'not-found', why: `post ${preview(uri ?? '?', 90)} not found (deleted, or not visible)`, uri };
  if (node.blocked === true || type.endsWith('#blockedPost')) return { skip: 'blocked', why: `post ${preview(uri ?? '?', 90)} blocked (by or of its author)`, uri };
  if (isObject(node.post)) return { post: node.post, uri };
  return { skip: 'not-a-post', why: `a thread entry of type ${preview(type || 'none')} with no post`, uri };
}

/** What a v2 item (`{uri, depth, value}`) is. */
function readV2Item(item: unknown): Node {
  return { ...readV2(item), node: item };
}

/** readV2Item without the item. */
function readV2(item: unknown): Node {
  if (!isObject(item)) return { skip: 'not-a-post', why: 'a thread item that is not an object', uri: null };
  const uri = str(item.uri);
  const value = isObject(item.value) ? item.value : {};
  const type = str(value.$type) ?? '';
  const where = preview(uri ?? '?', 90);
  if (type.endsWith('#threadItemNotFound')) return { skip: 'not-found', why: `post ${where} not found (deleted, or not visible)`, uri };
  if (type.endsWith('#threadItemBlocked')) return { skip: 'blocked', why: `post ${where} blocked (by or of its author)`, uri };
  if (type.endsWith('#threadItemNoUnauthenticated')) return { skip: 'sign-in-required', why: `post ${where} shown to signed-in readers only`, uri };
  if (isObject(value.post)) return { post: value.post, uri: uri ?? str(value.post.uri) };
  return { skip: 'not-a-post', why: `a thread item of type ${preview(type || 'none')} with no post`, uri };
}

/**
 * The nodes of a v1 thread in reading order: the parent chain from the
 * oldest, the anchor, then replies depth first (explicit stack, no recursion).
 */
function walkV1(thread: unknown): Node[] {
  const out: Node[] = [];
  const parents: unknown[] = [];
  for (let p = isObject(thread) ? thread.parent : undefined; p !== undefined && p !== null; p = isObject(p) ? p.parent : undefined) parents.push(p);
  for (let i = parents.length - 1; i >= 0; i--) out.push(readV1Node(parents[i]));
  const stack: unknown[] = [thread];
  while (stack.length) {
    const node = stack.pop();
    out.push(readV1Node(node));
    const replies = isObject(node) ? arr(node.replies) : [];
    for (let i = replies.length - 1; i >= 0; i--) stack.push(replies[i]);
  }
  return out;
}

/**
 * Lines of the posts' URIs, looked up in reading order: each `"<uri>"` is
 * searched from where the last one was found (posts are written in reading
 * order, so that is one pass), and from the start when it is not ahead. The
 * searches from the start stop once they have read the text 4 times over:
 * a hostile file in reverse order gets no lines rather than quadratic time.
 */
function uriLines(file: ExportFile, text: string): (uri: string | null) => number | undefined {
  let cursor = 0;
  let budget = 4 * text.length + 4096;
  return (uri) => {
    if (!uri || uri.length > URI_MAX) return undefined;
    const needle = `"${uri}"`;
    let at = text.indexOf(needle, cursor);
    if (at === -1 && budget > 0) {
      budget -= text.length;
      at = text.indexOf(needle);
    }
    if (at === -1) return undefined;
    cursor = at + needle.length;
    return file.lineAt(at);
  };
}

/** What one post became: a message plus notes, or why it was skipped. */
type Outcome = { message: ParsedMessage; notes: Omit<Diagnostic, 'file'>[] } | { skip: string; why: string };

/** A post view (`post`: uri, author, record, embed, indexedAt) as a message. */
export function readPostView(post: Json, position: number): Outcome {
  const uri = str(post.uri);
  const id = postIdOf(uri);
  if (!uri || !id) return { skip: 'id-missing', why: `post ${preview(uri ?? '?', 90)}: no usable at:// URI` };
  const record = isObject(post.record) ? post.record : null;
  if (!record) return { skip: 'record-missing', why: `post ${id}: no record` };
  const a = isObject(post.author) ? post.author : {};
  const author = authorOf(a.handle, a.did, a.displayName);
  if (!author) return { skip: 'author-missing', why: `post ${id}: author ${preview(str(a.handle) ?? str(a.did) ?? '')} is neither a usable handle nor a DID` };
  const notes: Omit<Diagnostic, 'file'>[] = [];
  let time = readTime(record.createdAt);
  if (!time) {
    time = readTime(post.indexedAt);
    if (!time) return { skip: 'time-unreadable', why: `post ${id}: createdAt ${preview(str(record.createdAt) ?? '')} unreadable` };
    notes.push({ severity: 'info', code: 'time-indexed', message: `post ${id}: createdAt ${preview(str(record.createdAt) ?? '')} unreadable; the time Bluesky indexed it is used`, messageId: id });
  }
  const rich = expandFacets(str(record.text) ?? '', record.facets);
  if (rich.badFacets) notes.push({ severity: 'info', code: 'facet-invalid', message: `post ${id}: ${rich.badFacets} facet(s) out of range, overlapping or cutting a character; left as written`, messageId: id });
  const url = postUrl(uri);
  const embed = embedParts(post.embed ?? record.embed, url);
  return {
    notes,
    message: {
      id,
      author,
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

/** Whether the head is a getPostThread (v1 or v2) response. */
function looksLikeThread(head: string): boolean {
  if (!/^\s*\{/.test(head) || !head.includes('"thread"')) return false;
  return head.includes('app.bsky.feed.defs#') || head.includes('app.bsky.unspecced.defs#threadItem') || /"thread"\s*:\s*[[{]\s*"(?:post|uri)"\s*:/.test(head);
}

export const blueskyJson: Importer = {
  name: 'bluesky-json',
  description: 'Bluesky getPostThread JSON (nested replies and parents; v2 flat lists): facets expanded, images, quotes; blocked and missing posts reported',

  detect(file: ExportFile): boolean {
    return looksLikeThread(file.head(DETECT_BYTES).replace(/^\xEF\xBB\xBF/, ''));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (d: Omit<Diagnostic, 'file'>) => result.diagnostics.push({ ...d, file: file.name });
    const raw = file.text;
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const { value: root, damage } = parseOrSalvage(text);
    if (damage) {
      const line = file.lineAt(damage.cutAt || damage.at);
      note({ severity: 'error', code: 'json-invalid', message: damageMessage(damage, file.lineAt(damage.at), root === null ? 'nothing complete comes before it' : 'the posts complete before it are read'), ...(line ? { line } : {}) });
      if (root === null) return result;
    }
    const thread = isObject(root) ? root.thread : undefined;
    if (!isObject(thread) && !Array.isArray(thread)) {
      note({ severity: 'error', code: 'not-bluesky-thread', message: `${damage ? 'what could be read' : 'valid JSON'}, but not a getPostThread response: no "thread" object or list` });
      return result;
    }
    const nodes = Array.isArray(thread) ? thread.map(readV2Item) : walkV1(thread);
    const lineOf = uriLines(file, text);
    for (const node of nodes) {
      const position = ++result.found;
      // A post the cut leaves incomplete (or, for a node with none, the node): not read.
      if (damage?.open.has('post' in node ? node.post : node.node)) {
        result.skipped.push(cutEntry(file.name, `post #${position}${node.uri ? ` ${preview(node.uri, 90)}` : ''}`, position, lineOf(node.uri) ?? file.lineAt(damage.cutAt)));
        continue;
      }
      const read: Outcome = 'skip' in node ? node : readPostView(node.post, position);
      // Lines only where a diagnostic needs one: a message is found again by its id (the record key).
      const line = 'skip' in read || read.notes.length ? lineOf(node.uri) : undefined;
      const where = { file: file.name, position, ...(line ? { line } : {}) };
      if ('skip' in read) {
        result.skipped.push({ severity: read.skip === 'not-a-post' || read.skip === 'id-missing' ? 'warning' : 'info', code: read.skip, message: read.why, ...where });
        continue;
      }
      for (const n of read.notes) result.diagnostics.push({ ...n, ...where });
      result.messages.push(read.message);
    }
    const first = result.messages[0];
    if (first) result.title = `Bluesky thread: @${first.author.handle}`;
    return result;
  },
};
