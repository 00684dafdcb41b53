/**
 * A Reddit thread as its `.json` (the post URL with `.json`, or the API's
 * `/comments/<id>`): `[post listing, comment listing]`, or a bare comment
 * listing. The post is the first message (an AMA's opening: its title, a
 * blank line, its self text); then the comment tree, flattened in thread
 * order (each comment, then its replies, as the listing orders them).
 *
 * Ids are Reddit's full names (`t3_2ujhkr`, `t1_cq21eh6`), the form
 * `parent_id` uses, so `replyTo` is the parent's id as it stands (a
 * top-level comment replies to the post). Kept: the author (Reddit user
 * names are valid handles; `[deleted]` is kept as the author of a deleted
 * comment, with a `deleted` note, so the replies under it keep their
 * place), `created_utc`, the body as Markdown text (Reddit's JSON escapes
 * `&`, `<` and `>` as entities: decoded), the permalink as url, a link
 * post's target as a link. Edited things and `[removed]` texts get an info
 * note each (the model keeps no edit time).
 *
 * `more` stubs ("load more comments", "continue this thread") are not
 * messages: each is a warning saying how many comments it stands for,
 * which are not in the file. A file cut short keeps every comment that is
 * complete before the cut. The tree is walked with an explicit stack:
 * any depth, linear time.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { handleProblem, preview, safeHttpUrl } from '../../model/entities.ts';
import type { Diagnostic } from '../../model/transcript.ts';
import { errorOffset, salvageJson } from './json-salvage.ts';
import { isoFromSeconds } from './epoch-iso.ts';
import { NameHandles } from './text-lines.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** How much of the head detection reads. */
const DETECT_BYTES = 4096;
/** A Reddit full name: type prefix and base36 id. */
const FULL_NAME = /^t[1-6]_[0-9a-z]{1,16}$/;
/** A bare base36 id. */
const BASE36 = /^[0-9a-z]{1,16}$/;
/** Where Reddit's permalinks live. */
const REDDIT = 'https://www.reddit.com';
/** The `"name": "t1_abc"` of a thing, for line numbers (one quantifier per gap). */
const NAME_KEY = /"name"\s{0,8}:\s{0,8}"(t[13]_[0-9a-z]{1,16})"/g;

/** Reddit's JSON escapes these in body, title and selftext. */
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Text with Reddit's entity escapes decoded, in one pass. */
export function redditText(s: string): string {
  return s.includes('&') ? s.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]) : s;
}

/** Whether a file's head is a Reddit listing (or a pair of them) holding posts or comments. */
function looksLikeReddit(head: string): boolean {
  const h = head.replace(/^(?:\xEF\xBB\xBF|\uFEFF)/, '').trimStart();
  if (!/^\[?\s*\{\s*"kind"\s{0,8}:\s{0,8}"Listing"/.test(h)) return false;
  return /"kind"\s{0,8}:\s{0,8}"t[13]"/.test(h) || /"(?:subreddit_id|link_id|parent_id)"\s{0,8}:/.test(h);
}

/** The things of a listing (`{kind: Listing, data: {children}}`), or null when it is not one. */
function childrenOf(listing: unknown): unknown[] | null {
  if (!isObject(listing) || listing.kind !== 'Listing' || !isObject(listing.data)) return null;
  return Array.isArray(listing.data.children) ? listing.data.children : null;
}

/** A full name from a thing's `name`, or its `id` with the kind's prefix. */
function fullName(data: Json, prefix: string): string | null {
  const name = str(data.name);
  if (name && FULL_NAME.test(name) && name.startsWith(prefix)) return name;
  const id = str(data.id);
  return id && BASE36.test(id) ? `${prefix}${id}` : null;
}

/** Per-file state. */
interface State {
  file: ExportFile;
  result: ParseResult;
  handles: NameHandles;
  /** Offsets of each thing's `"name"`, found on first need. */
  offsets: Map<string, number> | null;
  text: string;
  /** The post's permalink path, for comments that carry none (older exports). */
  postPath: string | null;
  comments: number;
  stubs: number;
  missing: number;
}

/** 1-based line of a thing by its full name, when the text names it. */
function lineOf(st: State, name: string | null): number | undefined {
  if (!name) return undefined;
  if (!st.offsets) {
    st.offsets = new Map();
    for (const m of st.text.matchAll(NAME_KEY)) if (!st.offsets.has(m[1])) st.offsets.set(m[1], m.index);
  }
  const at = st.offsets.get(name);
  return at === undefined ? undefined : st.file.lineAt(at);
}

/** The author of a thing: the user name as handle (a made one if it is not a valid handle). */
function authorOf(st: State, data: Json): { handle: string; name: string | null } | null {
  const name = str(data.author)?.trim();
  if (!name) return null;
  return { handle: handleProblem(name) ? st.handles.handle(name) : name, name: null };
}

/** A permalink path as an https URL on reddit.com. */
function permalink(path: string | null): string | null {
  if (!path || path.length > 2048) return null;
  return path.startsWith('/') ? safeHttpUrl(`${REDDIT}${path}`) : safeHttpUrl(path);
}

/** One element (post or comment) as a message, or a skipped diagnostic. */
function addThing(st: State, kind: 't3' | 't1', data: Json): void {
  const position = ++st.result.found;
  const id = fullName(data, `${kind}_`);
  const line = lineOf(st, id);
  const where = { file: st.file.name, position, ...(line ? { line } : {}) };
  const label = id ? `${kind === 't3' ? 'post' : 'comment'} ${id}` : `${kind === 't3' ? 'post' : 'comment'} ${position}`;
  const skip = (code: string, why: string): void => void st.result.skipped.push({ severity: 'warning', code, message: `${label}: ${why}`, ...where, ...(id ? { messageId: id } : {}) });
  if (!id) return skip('id-missing', `no id (${preview(String(data.id ?? ''), 24)})`);
  const author = authorOf(st, data);
  if (!author) return skip('author-missing', 'no author');
  const created = data.created_utc;
  const time = isoFromSeconds(created);
  if (!time) return skip('time-unreadable', `created_utc ${preview(String(created ?? ''), 24)} unreadable`);
  let text: string;
  const links: string[] = [];
  if (kind === 't3') {
    const title = str(data.title);
    if (title === null) return skip('text-invalid', `title is ${data.title === null ? 'null' : Array.isArray(data.title) ? 'an array' : typeof data.title}, not text`);
    const self = str(data.selftext) ?? '';
    text = redditText(self.trim() ? `${title}\n\n${self}` : title);
    const target = data.is_self === false ? safeHttpUrl(str(data.url)) : null;
    if (target) links.push(target);
  } else {
    const body = data.body;
    if (typeof body !== 'string') return skip('text-invalid', `body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not text`);
    text = redditText(body);
  }
  const ownPath = str(data.permalink);
  const url = permalink(ownPath) ?? (kind === 't1' && st.postPath ? permalink(`${st.postPath.replace(/\/?$/, '/')}${id.slice(3)}/`) : null);
  const parent = kind === 't1' ? str(data.parent_id) : null;
  if (author.handle === '[deleted]') {
    st.result.diagnostics.push({ severity: 'info', code: 'deleted', message: `${label}: author deleted${text === '[deleted]' || text === '[removed]' ? ` and its text ${text}` : ''}; kept for the replies under it`, ...where, messageId: id });
  }
  if (typeof data.edited === 'number' && Number.isFinite(data.edited)) {
    st.result.diagnostics.push({ severity: 'info', code: 'edited', message: `${label}: edited ${isoFromSeconds(data.edited) ?? preview(String(data.edited), 24)}; the text is the edited one`, ...where, messageId: id });
  }
  if (text === '[removed]' && author.handle !== '[deleted]') {
    st.result.diagnostics.push({ severity: 'info', code: 'removed', message: `${label}: removed by the moderators (its text is "[removed]"); kept for the replies under it`, ...where, messageId: id });
  }
  const message: ParsedMessage = {
    id,
    author,
    time,
    timePrecision: 'second',
    text,
    url,
    replyTo: parent && FULL_NAME.test(parent) ? parent : null,
    links,
    position,
    ...(line ? { line } : {}),
  };
  st.result.messages.push(message);
}

/** A `more` stub: a warning with the number of comments it stands for. */
function addStub(st: State, data: Json): void {
  st.stubs++;
  const ids = arr(data.children).filter((c) => typeof c === 'string').length;
  const count = typeof data.count === 'number' && Number.isSafeInteger(data.count) && data.count >= 0 ? data.count : 0;
  const standsFor = Math.max(ids, count);
  st.missing += standsFor;
  const parent = str(data.parent_id);
  const under = parent && FULL_NAME.test(parent) ? ` under ${parent}` : '';
  const what = ids === 0 && count === 0 ? 'a "continue this thread" stub: the replies below are not in this file' : `a "load more comments" stub standing for ${standsFor} comment(s) (count ${count}, ${ids} id(s)) that are not in this file`;
  const name = fullName(data, 't1_');
  const line = lineOf(st, name);
  st.result.diagnostics.push({ severity: 'warning', code: 'more-stub', message: `${what}${under}`, file: st.file.name, ...(line ? { line } : {}) });
}

/**
 * The comment tree in thread order, with an explicit stack of listings
 * (a comment's replies are read before its next sibling).
 */
function walkComments(st: State, top: unknown[]): void {
  const stack: { list: unknown[]; i: number }[] = [{ list: top, i: 0 }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.i >= frame.list.length) {
      stack.pop();
      continue;
    }
    const thing = frame.list[frame.i++];
    if (!isObject(thing) || !isObject(thing.data)) {
      st.result.diagnostics.push({ severity: 'warning', code: 'not-a-message', message: 'a listing entry that is not a Reddit thing ({kind, data}): ignored', file: st.file.name });
      continue;
    }
    if (thing.kind === 'more') {
      addStub(st, thing.data);
      continue;
    }
    if (thing.kind !== 't1') {
      st.result.diagnostics.push({ severity: 'warning', code: 'not-a-message', message: `a ${preview(String(thing.kind), 12)} thing among the comments: ignored`, file: st.file.name });
      continue;
    }
    st.comments++;
    addThing(st, 't1', thing.data);
    const replies = childrenOf(thing.data.replies);
    if (replies && replies.length) stack.push({ list: replies, i: 0 });
  }
}

/** The post listing's post, when the file has one. */
function readPost(st: State, listing: unknown): Json | null {
  const things = childrenOf(listing) ?? [];
  const post = things.find((t) => isObject(t) && t.kind === 't3' && isObject(t.data)) as { data: Json } | undefined;
  if (!post) return null;
  st.postPath = str(post.data.permalink);
  st.result.title = str(post.data.title) ? redditText(str(post.data.title)!) : null;
  addThing(st, 't3', post.data);
  return post.data;
}

/** The parsed file, salvaged when it is cut short or damaged. */
function readJson(st: State): unknown {
  try {
    return JSON.parse(st.text);
  } catch (err) {
    const at = errorOffset((err as Error).message, st.text.length);
    const { value, cutAt } = salvageJson(st.text, at);
    st.result.diagnostics.push({
      severity: 'error',
      code: 'json-invalid',
      message: `not valid JSON (${preview((err as Error).message, 80)}): the file is cut short or damaged at line ${st.file.lineAt(at) ?? '?'}; the comments complete before it are read, the rest is lost`,
      file: st.file.name,
      ...(cutAt ? { line: st.file.lineAt(cutAt) } : {}),
    });
    return value;
  }
}

export const redditJson: Importer = {
  name: 'reddit-json',
  description: 'Reddit thread JSON (post + comment tree, or a comment listing): replies kept, deleted authors and "more" stubs reported',

  detect(file: ExportFile): boolean {
    return looksLikeReddit(file.head(DETECT_BYTES));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const st: State = { file, result, handles: new NameHandles(), offsets: null, text: file.text.replace(/^\uFEFF/, ''), postPath: null, comments: 0, stubs: 0, missing: 0 };
    const root = readJson(st);
    const listings = Array.isArray(root) ? root : [root];
    let post: Json | null = null;
    let sawListing = false;
    for (const listing of listings) {
      const things = childrenOf(listing);
      if (!things) continue;
      sawListing = true;
      if (things.some((t) => isObject(t) && t.kind === 't3')) post ??= readPost(st, listing);
      else walkComments(st, things);
    }
    if (!sawListing) {
      result.diagnostics.push({ severity: 'error', code: 'not-reddit-json', message: 'no Reddit listing ({"kind": "Listing", "data": {"children": [...]}}) in the file', file: file.name });
      return result;
    }
    const declared = post && typeof post.num_comments === 'number' ? post.num_comments : null;
    if (declared !== null && declared !== st.comments) {
      result.diagnostics.push({ severity: 'info', code: 'count-differs', message: `the post says ${declared} comment(s); ${st.comments} are in this file${st.stubs ? ` (${st.stubs} "more" stub(s) stand for ${st.missing} more)` : ''}: the others were not loaded when it was saved`, file: file.name });
    }
    const named = st.handles.diagnostic(file.name);
    if (named) result.diagnostics.push(named);
    return result;
  },
};
