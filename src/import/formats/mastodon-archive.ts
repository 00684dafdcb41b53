/**
 * A Mastodon account archive ("Request your archive"): `outbox.json`, an
 * ActivityStreams OrderedCollection of the account's Create (a post) and
 * Announce (a boost) activities, with `actor.json` (the account) beside it.
 *
 * Each activity in `orderedItems` is a message element. The author of every
 * message is the archive's account: handle `user@server` (preferredUsername
 * and the server of the actor's id), name from actor.json; without
 * actor.json the handle comes from the activities' actor URL, and a
 * diagnostic says so.
 *
 * Create → a message: the status id (the last part of the Note's id, as the
 * server's API gives it), `published`, the Note's HTML `content` as text
 * (links kept), its content warning (`summary`) before the text, its `url`,
 * attachments (the archive's media files as paths beside outbox.json, with
 * their alt text). `inReplyTo` pointing at a status in the archive becomes
 * the reply; one pointing elsewhere is kept as a link.
 * Announce → a retweet of the boosted status (author and id read from its
 * address when it has Mastodon's `/users/NAME/statuses/ID` form); the
 * archive does not hold the boosted text, so the message's text is the
 * address, and a diagnostic says so.
 *
 * Direct messages (addressed to neither the public nor the followers) are
 * skipped unquoted; followers-only posts and sensitive ones get an info
 * diagnostic each.
 *
 * An outbox cut short keeps the activities complete before the cut
 * (json-salvage.ts): an error diagnostic at the line of the cut, and the
 * activity it cuts is skipped, counted.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import { cutEntry } from './json-salvage.ts';
import { handleProblem, preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Author, Diagnostic } from '../../model/transcript.ts';
import { acctFromUrl, hasLines, htmlToText, isoTime, isObject, lineOf, list, mediaOf, notShaped, openJson, text, withWarning, type Json, type Note } from './mastodon-common.ts';

const DETECT_BYTES = 65536;
/** actor.json is a few KB; anything much bigger beside an outbox is not one. */
const MAX_ACTOR_BYTES = 1024 * 1024;
const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);
/** A Mastodon status address: `…/users/NAME/statuses/ID` (an activity's id adds `/activity`). */
const STATUS_PATH = /\/users\/([^/]{1,64})\/statuses\/([A-Za-z0-9_-]{1,64})(?:\/activity)?$/;

/** The archive's account as read from actor.json, or derived from the activities' actor. */
interface Account {
  author: Author;
  followers: string | null;
}

/** Who an activity or Note is addressed to: the public, the followers, or only the people it names. */
function audience(o: Json, followers: string | null): 'public' | 'followers' | 'direct' {
  // The addresses in `to` and `cc` (each a list or one string), read in place: no list of them is built.
  const to = addressedTo(o.to, followers);
  if (to === 'public') return 'public';
  const cc = addressedTo(o.cc, followers);
  if (cc === 'public') return 'public';
  return to === 'followers' || cc === 'followers' ? 'followers' : 'direct';
}

/** audience for one field (`to` or `cc`: a list of addresses or one string). */
function addressedTo(field: unknown, followers: string | null): 'public' | 'followers' | 'direct' {
  if (typeof field === 'string') return addressOf(field, followers);
  if (!Array.isArray(field)) return 'direct';
  let seen: 'followers' | 'direct' = 'direct';
  for (const v of field) {
    if (typeof v !== 'string') continue;
    const a = addressOf(v, followers);
    if (a === 'public') return 'public';
    if (a === 'followers') seen = 'followers';
  }
  return seen;
}

/** One address: the public, the followers (the account's followers collection, or any `…/followers`), or someone. */
function addressOf(v: string, followers: string | null): 'public' | 'followers' | 'direct' {
  if (PUBLIC.has(v)) return 'public';
  return v === followers || v.endsWith('/followers') ? 'followers' : 'direct';
}

/** Where statusPath last found the user and the id (start, end). */
let userStart = 0;
let userEnd = 0;
let idStart = 0;
let idEnd = 0;

/** Is the UTF-16 code one of an id's (`[A-Za-z0-9_-]`)? */
const isIdCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;

/**
 * Whether `url` ends as STATUS_PATH matches it (`…/users/NAME/statuses/ID`,
 * `/activity` after it or not), read by hand from its end; the parts in
 * userStart…idEnd. The same answer and parts as the regex (the form with
 * `/activity` first: its match starts further left); checked against it on
 * generated addresses.
 */
function statusPath(url: string): boolean {
  return (url.endsWith('/activity') && statusPathEndingAt(url, url.length - 9)) || statusPathEndingAt(url, url.length);
}

/** statusPath for the part of `url` before `end`. */
function statusPathEndingAt(url: string, end: number): boolean {
  let k = end;
  while (k > 0 && end - k <= 64 && isIdCode(url.charCodeAt(k - 1))) k--;
  // The id: 1-64 id characters right after "/statuses/".
  if (k === end || end - k > 64 || k < 10 || !url.startsWith('/statuses/', k - 10)) return false;
  const s = k - 10;
  // The user: 1-64 characters other than "/", right after "/users/".
  const j = s > 0 ? url.lastIndexOf('/', s - 1) : -1;
  if (j < 6 || s - j - 1 < 1 || s - j - 1 > 64 || !url.startsWith('/users', j - 6)) return false;
  userStart = j + 1;
  userEnd = s;
  idStart = k;
  idEnd = end;
  return true;
}

/** The status id in a Mastodon status or activity address, else null. */
function statusId(url: string | null): string | null {
  if (!url) return null;
  return statusPath(url) ? url.slice(idStart, idEnd) : null;
}

/**
 * The host of an http(s) URL as safeHttpUrl writes it: read from the text
 * when it is lower-case letters, digits, dots and hyphens alone (no user,
 * port or brackets, so the URL parser's host is that text), else by the parser.
 */
function hostOf(safe: string): string {
  const from = safe.indexOf('://') + 3;
  let k = from;
  for (let c = safe.charCodeAt(k); (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45; c = safe.charCodeAt(++k));
  const c = safe.charCodeAt(k);
  if (from > 2 && k > from && (c === 47 || c === 63 || c === 35 || Number.isNaN(c))) return safe.slice(from, k);
  return new URL(safe).host;
}

/** The boosted status's author and id, from its address (Mastodon's form only); `safe` is safeHttpUrl's answer for it. */
function boostedOf(url: string, safe: string | null): { handle: string; id: string } | null {
  if (!statusPath(url) || !safe) return null;
  const id = url.slice(idStart, idEnd);
  const handle = `${url.slice(userStart, userEnd)}@${hostOf(safe)}`;
  return handleProblem(handle) ? null : { handle, id };
}

/** The account from actor.json beside the outbox, or why it could not be read. */
function readActor(file: ExportFile): Account | string {
  const path = join(dirname(file.path), 'actor.json');
  let raw: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return 'actor.json is not a file';
    if (st.size > MAX_ACTOR_BYTES) return `actor.json is ${st.size} bytes, too big for an account`;
    raw = readFileSync(path, 'utf8');
  } catch {
    return 'no actor.json beside the outbox';
  }
  let actor: unknown;
  try {
    actor = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch {
    return 'actor.json is not valid JSON';
  }
  if (!isObject(actor)) return 'actor.json holds no account';
  const id = safeHttpUrl(text(actor.id));
  const user = text(actor.preferredUsername)?.trim();
  if (!id || !user) return 'actor.json has no id or preferredUsername';
  const handle = `${user}@${new URL(id).host}`;
  if (handleProblem(handle)) return `actor.json's account ${preview(handle)} is not a usable handle`;
  return { author: { handle, name: text(actor.name)?.trim() || null }, followers: text(actor.followers) };
}

/** The account derived from the first activity's actor URL, when actor.json is missing. */
function actorFromItems(items: unknown[]): Account | null {
  for (const it of items) {
    if (!isObject(it)) continue;
    const actor = text(it.actor) ?? (isObject(it.actor) ? text(it.actor.id) : null);
    const handle = acctFromUrl(actor);
    if (handle) return { author: { handle, name: null }, followers: actor ? `${actor}/followers` : null };
  }
  return null;
}

/** An info note on a status (`label` names it), with its id when it has one. A module function: under tsx a closure per status costs a defineProperty of its name. */
function say(notes: Note[], label: string, id: string | null, code: string, message: string): void {
  notes.push({ severity: 'info', code, message: `${label}: ${message}`, ...(id ? { messageId: id } : {}) });
}

/** What one activity became. */
type Outcome = { message: ParsedMessage; notes: Note[]; external?: boolean; boost?: boolean } | { skip: string; why: string; severity: Diagnostic['severity']; id?: string };

/** Reads the activities against the archive's account and its own statuses. */
class OutboxReader {
  constructor(
    private readonly account: Account,
    /** Note address → status id, for the statuses in the archive. */
    private readonly own: Map<string, string>,
    /** The status id of each Create's Note by the activity's index (ownStatuses: read once), undefined for the others. */
    private readonly noteIds: (string | null | undefined)[],
  ) {}

  /** The activity at `index` of orderedItems. */
  read(item: unknown, position: number, index: number): Outcome {
    if (!isObject(item)) return { skip: 'not-a-message', why: `activity ${position} is not an object`, severity: 'warning' };
    const type = text(item.type);
    if (type === 'Create') return this.create(item, position, this.noteIds[index]);
    if (type === 'Announce') return this.announce(item, position);
    return { skip: 'not-a-message', why: `activity ${position}: a ${preview(type ?? typeof item.type)} activity, not a post or a boost`, severity: 'info' };
  }

  /** A Create; `noteId`, when not undefined, is statusId of its Note's id (ownStatuses read it). */
  private create(item: Json, position: number, noteId: string | null | undefined): Outcome {
    const note = isObject(item.object) ? item.object : null;
    const id = note && noteId !== undefined ? noteId : statusId(note ? text(note.id) : text(item.id));
    const label = `status ${id ?? `#${position}`}`;
    if (!note) return { skip: 'not-a-message', why: `${label}: a Create without the post in it`, severity: 'warning', ...(id ? { id } : {}) };
    const seen = audience(note, this.account.followers);
    if (seen === 'direct') return { skip: 'private-message', why: `${label}: a direct message (addressed to neither the public nor the followers), never published`, severity: 'info', ...(id ? { id } : {}) };
    const raw = text(note.published) ?? text(item.published);
    const time = raw ? isoTime(raw) : null;
    if (!time) return { skip: 'time-unreadable', why: `${label}: time ${preview(raw ?? '')} unreadable`, severity: 'warning', ...(id ? { id } : {}) };

    const notes: Note[] = [];
    const { text: body, links } = htmlToText(text(note.content) ?? '');
    const attachments: Attachment[] = [];
    for (const a of list(note.attachment)) {
      if (!isObject(a)) continue;
      const url = text(a.url) ?? (isObject(a.url) ? text(a.url.href) : null);
      const local = url && !/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : null;
      const out = mediaOf(text(a.mediaType) ?? text(a.type), local ? null : url, text(a.name), local);
      if ('attachment' in out) attachments.push(out.attachment);
      else if ('link' in out) links.push(out.link);
      else say(notes, label, id, 'attachment-dropped', `attachment ${preview(out.dropped)} is neither a picture nor a video; not kept`);
    }
    const parent = text(note.inReplyTo);
    let replyTo: string | null = null;
    let external = false;
    if (parent) {
      replyTo = this.own.get(parent) ?? null;
      if (!replyTo) {
        external = true;
        const link = safeHttpUrl(parent);
        if (link && !links.includes(link)) links.push(link);
      }
    }
    if (note.sensitive === true) say(notes, label, id, 'sensitive', `marked sensitive${attachments.length ? ' (its media are hidden behind a warning on Mastodon)' : ''}`);
    if (seen === 'followers') say(notes, label, id, 'followers-only', 'posted to followers only; kept: check before publishing');
    const updated = text(note.updated);
    if (updated) say(notes, label, id, 'edited', `edited ${updated}`);
    return {
      notes,
      external,
      message: {
        id,
        author: this.account.author,
        time: time.time,
        timePrecision: time.precision,
        text: withWarning(text(note.summary), body),
        url: safeHttpUrl(text(note.url)),
        replyTo,
        retweetOf: null,
        links,
        attachments,
        position,
      },
    };
  }

  private announce(item: Json, position: number): Outcome {
    const id = statusId(text(item.id));
    const label = `boost ${id ?? `#${position}`}`;
    const target = safeHttpUrl(text(item.object) ?? (isObject(item.object) ? text(item.object.id) : null));
    if (!target) return { skip: 'not-a-message', why: `${label}: no address of the boosted status`, severity: 'warning', ...(id ? { id } : {}) };
    if (audience(item, this.account.followers) === 'direct') return { skip: 'private-message', why: `${label}: not public, never published`, severity: 'info', ...(id ? { id } : {}) };
    const raw = text(item.published);
    const time = raw ? isoTime(raw) : null;
    if (!time) return { skip: 'time-unreadable', why: `${label}: time ${preview(raw ?? '')} unreadable`, severity: 'warning', ...(id ? { id } : {}) };
    const original = boostedOf(target, safeHttpUrl(target));
    const notes: Note[] = original ? [] : [{ severity: 'info', code: 'retweet-author-unknown', message: `${label}: the boosted address ${preview(target, 80)} names no Mastodon account; kept as a message linking to it`, ...(id ? { messageId: id } : {}) }];
    return {
      notes,
      boost: true,
      message: {
        id,
        author: this.account.author,
        time: time.time,
        timePrecision: time.precision,
        text: target,
        url: null,
        replyTo: null,
        retweetOf: original,
        links: [target],
        position,
      },
    };
  }
}

/**
 * Note address → status id for every post of the archive (the activities
 * `open` leaves out: cut by damage), and each Create's status id by its index.
 */
function ownStatuses(items: unknown[], open: ReadonlySet<unknown> | undefined): { own: Map<string, string>; noteIds: (string | null | undefined)[] } {
  const own = new Map<string, string>();
  const noteIds: (string | null | undefined)[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!isObject(it) || text(it.type) !== 'Create' || !isObject(it.object) || open?.has(it)) continue;
    const addr = text(it.object.id);
    const id = statusId(addr);
    noteIds[i] = id;
    if (addr && id) own.set(addr, id);
    const url = text(it.object.url);
    if (url && id) own.set(url, id);
  }
  return { own, noteIds };
}

/** A message's file, position and line (when it has one), for its diagnostics. */
function placeOf(file: string, position: number, line: number | undefined): { file: string; position: number; line?: number } {
  return { file, position, ...(line ? { line } : {}) };
}

/** Whether the head of a file reads as an ActivityStreams outbox. */
function looksLikeOutbox(head: string): boolean {
  return head.includes('"OrderedCollection"') && head.includes('"orderedItems"') && head.includes('activitystreams');
}

export const mastodonArchive: Importer = {
  name: 'mastodon-archive',
  description: "Mastodon account archive: outbox.json (posts and boosts) with actor.json beside it (the account's handle and name)",

  detect(file: ExportFile): boolean {
    return looksLikeOutbox(file.head(DETECT_BYTES));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (severity: Diagnostic['severity'], code: string, message: string) => result.diagnostics.push({ severity, code, message, file: file.name });
    const read = openJson(file, 'Mastodon outbox', result);
    if (!read) return result;
    const root = read.root;
    if (!isObject(root) || !Array.isArray(root.orderedItems)) {
      result.diagnostics.push(notShaped(read, file, 'not-mastodon-archive', 'not an outbox: no "orderedItems" array'));
      return result;
    }
    const items = root.orderedItems;
    const open = read.damage?.open;
    const whole = open ? items.filter((it) => !open.has(it)) : items;
    let account = readActor(file);
    if (typeof account === 'string') {
      const derived = actorFromItems(whole);
      if (!derived) {
        note('error', 'actor-missing', `${account}, and no activity names its actor: whose posts these are is unknown; put the archive's actor.json beside outbox.json`);
        return result;
      }
      note('warning', 'actor-missing', `${account}: the account ${derived.author.handle} is read from the activities' actor address, without its display name`);
      account = derived;
    }
    result.title = account.author.name ? `${account.author.name} (@${account.author.handle})` : `@${account.author.handle}`;
    const statuses = ownStatuses(items, open);
    const reader = new OutboxReader(account, statuses.own, statuses.noteIds);
    const offsets = hasLines(file) ? entryOffsetsByBrackets(read.damage ? read.text.slice(0, read.damage.cutAt) : read.text, 'orderedItems') : [];
    let external = 0;
    let boosts = 0;
    for (let i = 0; i < items.length; i++) {
      const position = ++result.found;
      const line = lineOf(file, offsets[i] ?? (offsets.length ? -1 : 0));
      if (open?.has(items[i])) {
        result.skipped.push(cutEntry(file.name, `activity #${position}`, position, line ?? file.lineAt(read.damage!.cutAt)));
        continue;
      }
      const out = reader.read(items[i], position, i);
      if ('skip' in out) {
        result.skipped.push({ severity: out.severity, code: out.skip, message: out.why, ...placeOf(file.name, position, line), ...(out.id ? { messageId: out.id } : {}) });
        continue;
      }
      if (out.external) external++;
      if (out.boost) boosts++;
      // Where the message is, made only for a message with notes (most have none).
      if (out.notes.length) {
        const where = placeOf(file.name, position, line);
        for (const n of out.notes) result.diagnostics.push({ ...n, ...where });
      }
      // The line last, as a spread of the message would put it (no copy of the message).
      if (line) out.message.line = line;
      result.messages.push(out.message);
    }
    if (boosts) note('info', 'boost-text-missing', `${boosts} boost(s): an archive keeps only the address of a boosted status, not its text; each is kept as a retweet whose text is that address`);
    if (external) note('info', 'reply-outside', `${external} post(s) reply to a status outside the archive: the reply is kept as a link to it`);
    const total = root.totalItems;
    if (typeof total === 'number' && total !== items.length) note('info', 'count-differs', `the outbox says totalItems ${total} but lists ${items.length} activities`);
    return result;
  },
};
