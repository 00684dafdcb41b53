/**
 * YouTube live chat (and live-chat replay) exports, three layouts:
 *
 * - chat-downloader / chat_replay_downloader: a JSON array of messages.
 *   2020 layout: `author` (display name), `author_id` (channel id),
 *   `message`, `timestamp` (microseconds since the epoch), `amount` on Super
 *   Chats, `badges`; later layout: `message_id`, `message_type`,
 *   `author: {id, name}`, `money: {text, amount, currency}`.
 * - Raw InnerTube actions: a JSON array of `addChatItemAction`,
 *   `replayChatItemAction` (wrapping actions), ticker, delete, replace,
 *   banner and poll actions, as YouTube's live-chat endpoint returns them.
 * - yt-dlp's `.live_chat.json`: one such action (usually a
 *   `replayChatItemAction`) per line.
 *
 * Message elements: each entry of a chat-downloader array; each chat item
 * an `addChatItemAction` (or a `replaceChatItemAction` with a new chat item)
 * adds. Kept: text messages, Super Chats with text and membership milestone
 * messages with text. Skipped, each with a diagnostic: membership
 * announcements, engagement, mode-change, donation and placeholder items,
 * Super Stickers and Super Chats without text (`message: null`), messages a
 * moderator deleted (`markChatItemAsDeletedAction`, or all of an author's
 * earlier messages by `markChatItemsByAuthorAsDeletedAction`), and in a
 * chat-downloader array the ticker repeats (`ticker_duration`: the same
 * Super Chat or membership again, as YouTube pins it at the top). In the
 * action layouts, ticker items, pinned banners, polls and tooltips are
 * separate actions, not chat items: counted in one note each.
 *
 * The amount of a Super Chat is an info diagnostic (`super-chat`) on the
 * message, not part of its text: the text stays what the person wrote, so
 * question rules (`Q1:` at the start) still read it and the same message
 * from another export of the chat (chat-downloader and yt-dlp of one
 * stream) still merges with it. The model has no field for money.
 *
 * Kept per message: the id (InnerTube's, `%3D` padding decoded and `=`
 * padding dropped, so every layout writes it the same; the 2020 layout has
 * none: the pipeline derives one), the author's channel id as the handle
 * (stable, unique, and valid; a display name is neither) with the display
 * name as name, the time in UTC (microseconds cut to milliseconds), and the
 * text with emoji as their character (standard) or `:shortcut:` (channel
 * emoji), links' real targets (YouTube's redirect `q=`) as links.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { handleProblem, preview, safeHttpUrl } from '../../model/entities.ts';
import type { Diagnostic } from '../../model/transcript.ts';
import { errorOffset, salvageJson } from './json-salvage.ts';
import { isoFromMs } from './epoch-iso.ts';
import { NameHandles } from './text-lines.ts';

type Json = Record<string, unknown>;
type Where = { position: number; line?: number };
type Layout = 'downloader' | 'actions' | 'lines';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** How much of the head detection reads. */
const DETECT_BYTES = 4096;
/** Action names of YouTube's live-chat endpoint. */
const ACTION_KEY = /"(?:replayChatItemAction|addChatItemAction|addLiveChatTickerItemAction|markChatItemAsDeletedAction|replaceChatItemAction)"/;
/** A YouTube channel id. */
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
/** Renderers of chat items people wrote. */
const TEXT_RENDERER = 'liveChatTextMessageRenderer';
const PAID_RENDERER = 'liveChatPaidMessageRenderer';
const STICKER_RENDERER = 'liveChatPaidStickerRenderer';
const MEMBER_RENDERER = 'liveChatMembershipItemRenderer';

/** The layout a file's head shows, or null when it is none of them. */
function layoutOf(head: string): Layout | null {
  const h = head.replace(/^(?:\xEF\xBB\xBF|\uFEFF)/, '').trimStart();
  if (h.startsWith('{')) return ACTION_KEY.test(h) ? 'lines' : null;
  if (!/^\[\s*\{/.test(h)) return null;
  if (ACTION_KEY.test(h)) return 'actions';
  const messageish = /"author_id"\s*:/.test(h) || (/"message_type"\s*:/.test(h) && /"message_id"\s*:/.test(h));
  return messageish && /"(?:timestamp|time_in_seconds)"\s*:/.test(h) && /"message"\s*:/.test(h) ? 'downloader' : null;
}

/** A message id as every layout writes it: URL-encoded `=` decoded, `=` padding dropped; null when it cannot be one. */
export function normalizeYouTubeId(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 256) return null;
  let s = raw.includes('%') ? raw.replace(/%3D/gi, '=') : raw;
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 61) e--;
  s = s.slice(0, e);
  return s || null;
}

/** ISO time in UTC of a microsecond timestamp (a number, or a string of digits), cut to milliseconds; null when not one. */
function usecToTime(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return isoFromMs(Math.floor(v / 1000));
  if (typeof v === 'string' && /^\d{13,17}$/.test(v)) return isoFromMs(Number(v.slice(0, -3)));
  return null;
}

/**
 * Offsets of the entries of a top-level JSON array (text JSON.parse
 * accepted, or a salvaged prefix), for line numbers. Strings are skipped
 * with indexOf, so a long message costs little; linear.
 */
export function topLevelEntryOffsets(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let expect = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (expect) {
      if (c !== 93) out.push(i);
      expect = false;
    }
    if (c === 34) {
      let j = text.indexOf('"', i + 1);
      while (j !== -1 && escaped(text, j)) j = text.indexOf('"', j + 1);
      if (j === -1) break;
      i = j;
    } else if (c === 91 || c === 123) {
      if (++depth === 1 && c === 91) expect = true;
    } else if (c === 93 || c === 125) depth--;
    else if (c === 44 && depth === 1) expect = true;
  }
  return out;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(text: string, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && text.charCodeAt(k) === 92; k--) n++;
  return n % 2 === 1;
}

/** Runs of text and emoji as plain text, and the links their redirects point to. */
export function runsText(message: unknown): { text: string; links: string[] } {
  if (!isObject(message)) return { text: '', links: [] };
  if (typeof message.simpleText === 'string') return { text: message.simpleText, links: [] };
  const parts: string[] = [];
  const links: string[] = [];
  for (const run of arr(message.runs)) {
    if (!isObject(run)) continue;
    if (typeof run.text === 'string') {
      parts.push(run.text);
      const link = linkOf(run.navigationEndpoint);
      if (link) links.push(link);
    } else if (isObject(run.emoji)) parts.push(emojiText(run.emoji));
  }
  return { text: parts.join(''), links };
}

/** A standard emoji as its character; a channel's own emoji as its `:shortcut:` (or its alt text). */
function emojiText(emoji: Json): string {
  const id = str(emoji.emojiId);
  const custom = emoji.isCustomEmoji === true || (id !== null && id.includes('/'));
  if (id && !custom && id.length <= 32) return id;
  const shortcut = arr(emoji.shortcuts).find((s): s is string => typeof s === 'string' && s.length > 0 && s.length <= 100);
  if (shortcut) return shortcut;
  const image = isObject(emoji.image) ? emoji.image : {};
  const acc = isObject(image.accessibility) && isObject(image.accessibility.accessibilityData) ? image.accessibility.accessibilityData : {};
  const label = str(acc.label);
  return label ? `:${label.slice(0, 100)}:` : '';
}

/** The target of a run's link: YouTube's `/redirect?...&q=<url>` unwrapped. */
function linkOf(endpoint: unknown): string | null {
  if (!isObject(endpoint) || !isObject(endpoint.urlEndpoint)) return null;
  const raw = str(endpoint.urlEndpoint.url);
  if (!raw || raw.length > 8192) return null;
  try {
    const u = new URL(raw, 'https://www.youtube.com');
    if (u.pathname === '/redirect' && u.searchParams.get('q')) return safeHttpUrl(u.searchParams.get('q'));
    return safeHttpUrl(u.href);
  } catch {
    return null;
  }
}

/** What one message element became. */
type Outcome =
  | { message: ParsedMessage; channel: string | null; notes: Omit<Diagnostic, 'file'>[] | null }
  | { skip: string; why: string; severity?: Diagnostic['severity']; id?: string };

/** Per-file state: handles for authors without a channel id, and notes about authors. */
class Authors {
  readonly names = new NameHandles();
  badChannel = 0;

  /** The author: channel id as handle when it is one, else a handle from the display name. */
  of(channel: string | null, name: string | null): { handle: string; name: string | null } | null {
    const display = name?.trim() || null;
    if (channel && CHANNEL_ID.test(channel)) return { handle: channel, name: display };
    if (channel) this.badChannel++;
    if (!display) return null;
    return { handle: handleProblem(display) ? this.names.handle(display) : display, name: display };
  }
}

/** A message from its parts, or the reason it cannot be one. */
function build(
  parts: { id: string | null; channel: string | null; name: string | null; time: unknown; text: string; links: string[] },
  where: Where,
  authors: Authors,
): Outcome {
  const author = authors.of(parts.channel, parts.name);
  if (!author) return { skip: 'author-missing', why: `${labelOf(parts.id, 'entry', where.position)}: no author channel id or name` };
  const time = usecToTime(parts.time);
  if (!time) return { skip: 'time-unreadable', why: `${labelOf(parts.id, 'entry', where.position)}: time ${preview(String(parts.time ?? ''))} unreadable (microseconds since 1970 expected)` };
  const message: ParsedMessage = { id: parts.id, author, time, timePrecision: 'second', text: parts.text, url: null, replyTo: null, links: parts.links, position: where.position };
  if (where.line) message.line = where.line;
  return { channel: parts.channel, notes: null, message };
}

/** How a diagnostic names a chat item: by its id, else by its position. */
function labelOf(id: string | null, word: string, position: number): string {
  return id ? `message ${preview(id, 24)}` : `${word} ${position}`;
}

/** A Super Chat's note. */
function superChatNote(id: string | null, position: number, amount: string): Omit<Diagnostic, 'file'> {
  return { severity: 'info', code: 'super-chat', message: `${id ? `message ${preview(id, 24)}` : `entry ${position}`}: a Super Chat of ${preview(amount, 24)}`, ...(id ? { messageId: id } : {}) };
}

// ------------------------------------------------------------ chat-downloader

/** The amount of a chat-downloader Super Chat: `amount` (2020) or `money.text`. */
function downloaderAmount(e: Json): string | null {
  const a = e.amount;
  if (typeof a === 'string' && a.trim()) return a.trim();
  if (typeof a === 'number' && Number.isFinite(a)) return String(a);
  if (isObject(e.money)) {
    const t = str(e.money.text);
    if (t) return t;
    if (typeof e.money.amount === 'number') return `${e.money.amount}${str(e.money.currency) ? ` ${str(e.money.currency)}` : ''}`;
  }
  return null;
}

/** Message types of chat-downloader's later layout that are what someone wrote. */
const DOWNLOADER_KEPT = new Set(['text_message', 'paid_message', 'membership_item']);

/**
 * The 2020 layout writes each Super Chat and membership twice: the chat
 * item, then its ticker (the same author, timestamp and text, with
 * `ticker_duration`). A membership's chat item looks like a text message
 * (its `message` is YouTube's "Welcome to …!" header, its badge "New
 * member"): it is told apart by its ticker, which has no amount. The keys
 * (author id and timestamp) of those membership tickers, and their authors.
 */
export class MembershipTickers {
  /** `author|timestamp` of each membership ticker. */
  readonly keys = new Set<string>();
  /** The author part of each key, and whether one holds a `|` (then a key's split is not its author's). */
  private readonly authors = new Set<string>();
  private authorPipe = false;

  add(author: string, time: string): void {
    this.keys.add(`${author}|${time}`);
    this.authors.add(author);
    if (author.includes('|')) this.authorPipe = true;
  }

  /**
   * Whether an entry's author and timestamp are a membership ticker's: its
   * key looked up only when its author is a ticker's (the timestamp, a
   * 16-digit number, made text only then). Without a `|` in either author,
   * `a|t` and `a0|t0` are equal exactly when `a` is `a0` and `t` is `t0`.
   */
  has(e: Json): boolean {
    if (this.keys.size === 0) return false;
    const author = String(e.author_id);
    if (!this.authorPipe && !author.includes('|') && !this.authors.has(author)) return false;
    return this.keys.has(`${author}|${String(e.timestamp)}`);
  }
}

/** The membership tickers among a chat-downloader file's entries. */
export function membershipTickers(entries: unknown[]): MembershipTickers {
  const tickers = new MembershipTickers();
  for (const e of entries) {
    if (isObject(e) && e.ticker_duration !== undefined && e.message_type === undefined && downloaderAmount(e) === null) tickers.add(String(e.author_id), String(e.timestamp));
  }
  return tickers;
}

/** One chat-downloader entry. */
function readDownloader(e: unknown, where: Where, authors: Authors, memberships: MembershipTickers): Outcome {
  if (!isObject(e)) return { skip: 'not-a-message', why: `entry ${where.position} is not an object` };
  const id = normalizeYouTubeId(e.message_id);
  const type = str(e.message_type);
  const amount = downloaderAmount(e);
  const text = e.message;
  if ((type === null && e.ticker_duration !== undefined) || type?.startsWith('ticker_')) {
    return { skip: 'ticker', severity: 'info', why: `${labelOf(id, 'entry', where.position)}: the ticker repeat of a ${amount ? `Super Chat of ${preview(amount, 24)}` : 'membership'} (YouTube shows it again at the top of the chat), not a message`, ...(id ? { id } : {}) };
  }
  const membership2020 = type === null && amount === null && (typeof e.body_color === 'number' || memberships.has(e));
  const membershipNew = type === 'membership_item' && (typeof text !== 'string' || e.header_primary_text === undefined);
  if (membership2020 || membershipNew) {
    return { skip: 'membership', severity: 'info', why: `${labelOf(id, 'entry', where.position)}: a membership announcement (${preview(str(text) ?? str(e.badges) ?? 'new member', 40)}), not a message`, ...(id ? { id } : {}) };
  }
  if (type !== null && !DOWNLOADER_KEPT.has(type)) {
    return { skip: 'system-message', severity: 'info', why: `${labelOf(id, 'entry', where.position)}: a ${preview(type, 40)} item, not a message`, ...(id ? { id } : {}) };
  }
  if (text === null || text === undefined) {
    const paid = amount ? `a Super Chat of ${preview(amount, 24)} with no text` : 'no text (message: null)';
    return { skip: 'no-text', severity: 'info', why: `${labelOf(id, 'entry', where.position)}: ${paid}; nothing to publish`, ...(id ? { id } : {}) };
  }
  if (typeof text !== 'string') return { skip: 'text-invalid', why: `${labelOf(id, 'entry', where.position)}: message is ${Array.isArray(text) ? 'an array' : typeof text}, not text`, ...(id ? { id } : {}) };
  const author = e.author;
  const channel = isObject(author) ? str(author.id) : str(e.author_id);
  const name = isObject(author) ? str(author.name) : str(author);
  const out = build({ id, channel, name, time: e.timestamp, text, links: [] }, where, authors);
  if ('message' in out && amount) (out.notes ??= []).push(superChatNote(id, where.position, amount));
  if ('message' in out && type === 'membership_item') {
    const what = str(e.header_primary_text);
    (out.notes ??= []).push({ severity: 'info', code: 'membership-message', message: `${labelOf(id, 'entry', where.position)}: written with a membership milestone${what ? ` (${preview(what, 40)})` : ''}`, ...(id ? { messageId: id } : {}) });
  }
  return out;
}

// ------------------------------------------------------------ InnerTube actions

/** What the InnerTube actions of a file held besides chat items (counted once per file). */
class ActionTally {
  tickers = 0;
  other = new Map<string, number>();
  placeholders = 0;
  /** Ids a moderator deleted, and authors whose earlier messages were deleted (with the element count then). */
  deletedIds = new Set<string>();
  deletedAuthors = new Map<string, number>();

  count(name: string): void {
    this.other.set(name, (this.other.get(name) ?? 0) + 1);
  }
}

/** The chat item a renderer holds, as an outcome. */
function readRenderer(rendererName: string, r: Json, where: Where, authors: Authors): Outcome {
  const id = normalizeYouTubeId(r.id);
  const common = { id, channel: str(r.authorExternalChannelId), name: isObject(r.authorName) ? str(r.authorName.simpleText) : null, time: r.timestampUsec };
  const amount = isObject(r.purchaseAmountText) ? str(r.purchaseAmountText.simpleText) : null;
  if (rendererName === TEXT_RENDERER || rendererName === PAID_RENDERER || rendererName === MEMBER_RENDERER) {
    const { text, links } = runsText(r.message);
    if (!text.trim()) {
      if (rendererName === MEMBER_RENDERER) {
        const what = runsText(r.headerSubtext).text || runsText(r.headerPrimaryText).text || 'new member';
        return { skip: 'membership', severity: 'info', why: `${labelOf(id, 'item', where.position)}: a membership announcement (${preview(what, 40)}), not a message`, ...(id ? { id } : {}) };
      }
      const paid = amount ? `a Super Chat of ${preview(amount, 24)} with no text` : 'no text';
      return { skip: 'no-text', severity: 'info', why: `${labelOf(id, 'item', where.position)}: ${paid}; nothing to publish`, ...(id ? { id } : {}) };
    }
    const out = build({ ...common, text, links }, where, authors);
    if ('message' in out && amount) (out.notes ??= []).push(superChatNote(id, where.position, amount));
    if ('message' in out && rendererName === MEMBER_RENDERER) {
      const what = runsText(r.headerPrimaryText).text || runsText(r.headerSubtext).text;
      (out.notes ??= []).push({ severity: 'info', code: 'membership-message', message: `${labelOf(id, 'item', where.position)}: written with a membership milestone${what ? ` (${preview(what, 40)})` : ''}`, ...(id ? { messageId: id } : {}) });
    }
    return out;
  }
  if (rendererName === STICKER_RENDERER) {
    return { skip: 'no-text', severity: 'info', why: `${labelOf(id, 'item', where.position)}: a Super Sticker${amount ? ` of ${preview(amount, 24)}` : ''}, no text; nothing to publish`, ...(id ? { id } : {}) };
  }
  const said = runsText(r.message).text || runsText(r.text).text;
  return { skip: 'system-message', severity: 'info', why: `${labelOf(id, 'item', where.position)}: a ${preview(rendererName, 48)} item${said ? ` (${preview(said, 50)})` : ''}, not a message`, ...(id ? { id } : {}) };
}

/** The renderer an item object holds: its only key, and its value. */
function rendererOf(item: unknown): [string, Json] | null {
  if (!isObject(item)) return null;
  for (const k in item) {
    const v = item[k];
    if (isObject(v)) return [k, v];
  }
  return null;
}

/** The name of an action object: its first key other than clickTrackingParams. */
function actionName(action: Json): string | null {
  for (const k in action) if (k !== 'clickTrackingParams' && k !== 'videoOffsetTimeMsec' && k !== 'isLive') return k;
  return null;
}

/** Per-file parse state. */
interface State {
  result: ParseResult;
  file: ExportFile;
  authors: Authors;
  tally: ActionTally;
  /** Channel of each kept message, by index in result.messages (for author-wide deletion). */
  channels: (string | null)[];
}

/** One outcome into the result. */
function record(st: State, out: Outcome, where: Where): void {
  if ('message' in out && !out.notes) {
    st.result.messages.push(out.message);
    st.channels.push(out.channel);
    return;
  }
  const base = { file: st.file.name, position: where.position, ...(where.line ? { line: where.line } : {}) };
  if ('skip' in out) {
    st.result.skipped.push({ severity: out.severity ?? 'warning', code: out.skip, message: out.why, ...base, ...(out.id ? { messageId: out.id } : {}) });
    return;
  }
  for (const n of out.notes ?? []) st.result.diagnostics.push({ ...n, ...base });
  st.result.messages.push(out.message);
  st.channels.push(out.channel);
}

/**
 * One InnerTube action (a `replayChatItemAction` is unwrapped: its actions
 * are read in order). Iterative: a hostile file nesting replay actions deep
 * costs no stack.
 */
function readAction(st: State, top: unknown, line: number | undefined): void {
  const queue: unknown[] = [top];
  for (let q = 0; q < queue.length; q++) {
    const action = queue[q];
    if (!isObject(action)) {
      st.tally.count('not an object');
      continue;
    }
    const name = actionName(action);
    const body = name ? action[name] : undefined;
    if (!name || !isObject(body)) {
      st.tally.count(name ?? 'empty action');
      continue;
    }
    if (name === 'replayChatItemAction') {
      for (const inner of arr(body.actions)) queue.push(inner);
      continue;
    }
    if (name === 'addChatItemAction' || (name === 'replaceChatItemAction' && !isPlaceholder(body.replacementItem))) {
      const renderer = rendererOf(name === 'addChatItemAction' ? body.item : body.replacementItem);
      const where: Where = { position: ++st.result.found, line };
      if (!renderer) {
        record(st, { skip: 'not-a-message', why: `item ${where.position}: a ${name} without a chat item` }, where);
        continue;
      }
      record(st, readRenderer(renderer[0], renderer[1], where, st.authors), where);
      continue;
    }
    if (name === 'replaceChatItemAction') st.tally.placeholders++;
    else if (name === 'addLiveChatTickerItemAction') st.tally.tickers++;
    else if (name === 'markChatItemAsDeletedAction') {
      const target = normalizeYouTubeId(body.targetItemId);
      if (target) st.tally.deletedIds.add(target);
    } else if (name === 'markChatItemsByAuthorAsDeletedAction') {
      const channel = str(body.externalChannelId);
      if (channel) st.tally.deletedAuthors.set(channel, st.result.messages.length);
    } else st.tally.count(name);
  }
}

/** Whether a replacement item is a placeholder (a held message), not a chat item. */
function isPlaceholder(item: unknown): boolean {
  const r = rendererOf(item);
  return r !== null && r[0] === 'liveChatPlaceholderItemRenderer';
}

/** Kept messages a moderator deleted become skipped ones (they were taken down: not published). */
function applyDeletions(st: State): void {
  const { deletedIds, deletedAuthors } = st.tally;
  if (!deletedIds.size && !deletedAuthors.size) return;
  const kept: ParsedMessage[] = [];
  let inFile = 0;
  const authorsHit = new Set<string>();
  st.result.messages.forEach((m, i) => {
    const channel = st.channels[i];
    const byId = m.id !== null && deletedIds.has(m.id);
    const byAuthor = channel !== null && i < (deletedAuthors.get(channel) ?? -1);
    if (!byId && !byAuthor) return void kept.push(m);
    if (byId) inFile++;
    if (byAuthor) authorsHit.add(channel!);
    st.result.skipped.push({
      severity: 'info',
      code: 'deleted',
      message: `${m.id ? `message ${preview(m.id, 24)}` : `entry ${m.position}`}: deleted by a moderator${byAuthor && !byId ? ' (all of its author\'s messages were)' : ''}; not published`,
      file: st.file.name,
      position: m.position,
      ...(m.line ? { line: m.line } : {}),
      ...(m.id ? { messageId: m.id } : {}),
    });
  });
  st.result.messages = kept;
  const elsewhere = deletedIds.size - inFile;
  const authorsElsewhere = deletedAuthors.size - authorsHit.size;
  if (elsewhere > 0 || authorsElsewhere > 0) {
    st.result.diagnostics.push({ severity: 'info', code: 'deleted-elsewhere', message: `moderator deletions of ${elsewhere} message(s) and of all messages of ${authorsElsewhere} author(s) concern nothing in this file`, file: st.file.name });
  }
}

/** The file-level notes: actions that are not messages. */
function tallyNotes(st: State): void {
  const { tickers, placeholders, other } = st.tally;
  const note = (code: string, message: string) => st.result.diagnostics.push({ severity: 'info', code, message, file: st.file.name });
  if (tickers) note('ticker-items', `${tickers} ticker item(s) (Super Chats and memberships pinned at the top, repeats of chat items): not counted as messages`);
  if (placeholders) note('placeholders', `${placeholders} placeholder(s) for messages held for review: not messages`);
  if (other.size) {
    const list = [...other].map(([k, n]) => `${preview(k, 48)} ×${n}`).join(', ');
    note('not-a-message', `${[...other.values()].reduce((a, b) => a + b, 0)} action(s) that are not chat items (${list}): not counted`);
  }
}

// ------------------------------------------------------------ the file

/** The top-level array of a JSON text, salvaged when cut short; offsets of its entries. */
function readArray(st: State, text: string): { entries: unknown[]; offsets: number[]; cutLast: boolean } {
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return { entries: [], offsets: [], cutLast: false };
    return { entries: v, offsets: oneLine(st.file, text) ? [] : topLevelEntryOffsets(text), cutLast: false };
  } catch (err) {
    const at = errorOffset((err as Error).message, text.length);
    const { value, cutAt, closed } = salvageJson(text, at);
    const entries = Array.isArray(value) ? value : [];
    st.result.diagnostics.push({
      severity: 'error',
      code: 'json-invalid',
      message: `not valid JSON (${preview((err as Error).message, 80)}): the file is cut short or damaged at line ${st.file.lineAt(at) ?? '?'}; ${entries.length} complete entr${entries.length === 1 ? 'y' : 'ies'} before it read, the rest lost`,
      file: st.file.name,
      line: st.file.lineAt(cutAt),
    });
    // More than the array itself closed: its last entry is a part of one.
    const cutLast = closed > 1 && entries.length > 0;
    return { entries, offsets: entries.length && !oneLine(st.file, text) ? topLevelEntryOffsets(text.slice(0, cutAt)) : [], cutLast };
  }
}

/** Whether a text is one line (chat-downloader writes its array so): every entry is on line 1, no scan needed. */
function oneLine(file: ExportFile, text: string): boolean {
  // Every encoding decode.ts reads writes a line break with a 0x0A byte: without one, no scan of the text.
  if (file.bytes.indexOf(0x0a) === -1) return true;
  const nl = text.indexOf('\n');
  return nl === -1 || nl === text.length - 1;
}

/** yt-dlp's one action per line. */
function readLines(st: State, text: string): void {
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (!raw) continue;
    let action: unknown;
    try {
      action = JSON.parse(raw);
    } catch (err) {
      const position = ++st.result.found;
      st.result.skipped.push({ severity: 'warning', code: 'json-invalid', message: `line ${line} is not valid JSON (${preview((err as Error).message, 60)})${end === text.length ? ': the file is cut short' : ''}`, file: st.file.name, line, position });
      continue;
    }
    readAction(st, action, line);
  }
}

export const youtubeChat: Importer = {
  name: 'youtube-chat',
  description: 'YouTube live chat: chat-downloader JSON, InnerTube actions, yt-dlp .live_chat.json (Super Chat amounts noted; memberships and system items reported)',

  detect(file: ExportFile): boolean {
    return layoutOf(file.head(DETECT_BYTES)) !== null;
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const st: State = { result, file, authors: new Authors(), tally: new ActionTally(), channels: [] };
    const text = file.text.replace(/^\uFEFF/, '');
    const layout = layoutOf(text.slice(0, DETECT_BYTES));
    if (!layout) {
      result.diagnostics.push({ severity: 'error', code: 'not-youtube-chat', message: 'not a YouTube live-chat export (no chat-downloader messages or InnerTube actions at its start)', file: file.name });
      return result;
    }
    if (layout === 'lines') readLines(st, text);
    else {
      const { entries, offsets, cutLast } = readArray(st, text);
      const memberships = layout === 'downloader' ? membershipTickers(entries) : new MembershipTickers();
      entries.forEach((entry, i) => {
        const line = offsets.length === 0 ? 1 : offsets[i] !== undefined ? file.lineAt(offsets[i]) : undefined;
        const partial = cutLast && i === entries.length - 1;
        if (partial && layout === 'actions') {
          result.diagnostics.push({ severity: 'warning', code: 'json-invalid', message: `action ${i + 1}: the file ends inside it (cut short); not read`, file: file.name, ...(line ? { line } : {}) });
          return;
        }
        if (layout === 'actions') return readAction(st, entry, line);
        const where: Where = { position: ++result.found, line };
        if (partial) return record(st, { skip: 'json-invalid', why: `entry ${where.position}: the file ends inside it (cut short)` }, where);
        record(st, readDownloader(entry, where, st.authors, memberships), where);
      });
    }
    applyDeletions(st);
    tallyNotes(st);
    const named = st.authors.names.diagnostic(file.name);
    if (named) result.diagnostics.push(named);
    if (st.authors.badChannel) {
      result.diagnostics.push({ severity: 'warning', code: 'channel-id-invalid', message: `${st.authors.badChannel} message(s) name an author channel id that is not one (UC + 22 characters): their display name is the handle`, file: file.name });
    }
    return result;
  },
};
