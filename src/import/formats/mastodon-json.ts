/**
 * Mastodon API JSON: an array of Status objects (`GET /api/v1/timelines/tag/:tag`,
 * an account's statuses, a home timeline), a single Status, or a status
 * context (`GET /api/v1/statuses/:id/context`: `{ancestors, descendants}`).
 *
 * Each status is a message element. Kept: the id (a string, as the API
 * gives it), the author (handle = `account.acct`: `user` on the server the
 * JSON came from, `user@server` for a remote account; display name =
 * `display_name`), `created_at`, the HTML `content` as plain text (links
 * kept, mentions as `@user`, hashtags as `#tag`), the content warning
 * (`spoiler_text`) before the text as `CW: …`, `in_reply_to_id` as the
 * reply, `url` as the permalink, media attachments (pictures, videos and
 * GIFs; audio and other files as links), a link card's URL as a link.
 * A boost (`reblog` set) is a retweet: its text and media are the boosted
 * status's, `retweetOf` names the boosted status's author and id.
 *
 * Reported, not kept: direct messages (`visibility: direct`) are skipped
 * unquoted; sensitive statuses, followers-only statuses and edits get an
 * info diagnostic each; a context file says which status it was asked for
 * (it is not in the file: the API leaves it out).
 *
 * Ids are strings in the API; a number (a hand-made or converted file) is
 * read as the digits the text holds when it is beyond 2^53 (JSON.parse
 * would change it), and a warning names the status when even those cannot
 * be found. A file cut short keeps the statuses complete before the cut
 * (json-salvage.ts): an error diagnostic at the line of the cut, and the
 * status it cuts is skipped, counted.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import { cutEntry } from './json-salvage.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { entryOffsetsAndLines, exactId, fediHandle, hasLines, htmlToText, isoTime, isObject, lineOf, list, mediaOf, notShaped, openJson, rawNumberAt, text, withWarning, type Json, type Note } from './mastodon-common.ts';

/** How much of the head detection reads (a status with a long content and its account can take a few KB). */
const DETECT_BYTES = 65536;

/** One status in the file: its value, the key of the list that holds it (null: the top-level array; '' the file is the status) and its index there. */
interface Entry {
  value: unknown;
  key: string | null;
  index: number;
}

/** The digits of the number at a path of keys inside the status, as the text writes them (see rawNumberAt). */
type Digits = (path: readonly string[]) => string | null;

/** What one entry became: a message with its notes, or why it was skipped. */
type Outcome = { message: ParsedMessage; notes: Note[] } | { skip: string; why: string; severity: Diagnostic['severity']; id?: string };

/** The author of a status's account, or null when it has no usable acct or username. */
function authorOf(account: unknown): { handle: string; name: string | null; changed: boolean } | null {
  if (!isObject(account)) return null;
  const acct = text(account.acct);
  const h = fediHandle(acct, text(account.username));
  if (!h) return null;
  const display = text(account.display_name)?.trim() || null;
  const name = h.changed ? (display ? `${display} (@${acct})` : `@${acct}`) : display;
  return { handle: h.handle, name, changed: h.changed };
}

/** The attachments and extra links of a status's `media_attachments`, with a note per file that is neither. */
function mediaOfStatus(status: Json, id: string, notes: Note[]): { attachments: Attachment[]; links: string[] } {
  const attachments: Attachment[] = [];
  const links: string[] = [];
  for (const m of list(status.media_attachments)) {
    if (!isObject(m)) continue;
    const url = safeHttpUrl(text(m.url)) ? text(m.url) : (text(m.remote_url) ?? text(m.url));
    const out = mediaOf(text(m.type), url, text(m.description));
    if ('attachment' in out) attachments.push(out.attachment);
    else if ('link' in out) links.push(out.link);
    else notes.push({ severity: 'info', code: 'attachment-dropped', message: `status ${id}: attachment ${preview(out.dropped, 60)} is not on the web; not kept`, messageId: id });
  }
  return { attachments, links };
}

/** A note on a status (`label` names it), with its id when it has one. A module function: under tsx a closure per status costs a defineProperty of its name. */
function note(at: { notes: Note[]; label: string; id: string | null }, severity: Diagnostic['severity'], code: string, message: string): void {
  at.notes.push({ severity, code, message: `${at.label}: ${message}`, ...(at.id ? { messageId: at.id } : {}) });
}

/** One status as a message. `digits` reads an id beyond 2^53 from the text. */
function readStatus(entry: unknown, position: number, digits: Digits): Outcome {
  if (!isObject(entry)) return { skip: 'not-a-message', why: `entry ${position} is not a status object`, severity: 'warning' };
  const exact = exactId(entry.id, () => digits(['id']));
  const id = exact.id;
  const label = `status ${id ?? `#${position}`}`;
  if (text(entry.visibility) === 'direct') {
    return { skip: 'private-message', why: `${label}: a direct message (visibility "direct"), never published`, severity: 'info', ...(id ? { id } : {}) };
  }
  const author = authorOf(entry.account);
  if (!author) return { skip: 'author-missing', why: `${label}: no account acct or username`, severity: 'warning', ...(id ? { id } : {}) };
  const rawTime = text(entry.created_at);
  const time = rawTime ? isoTime(rawTime) : null;
  if (!time) return { skip: 'time-unreadable', why: `${label}: time ${preview(rawTime ?? String(entry.created_at ?? ''))} unreadable`, severity: 'warning', ...(id ? { id } : {}) };

  const notes: Note[] = [];
  const ref = id ?? `#${position}`;
  const at = { notes, label, id };
  if (exact.lost) note(at, 'warning', 'id-imprecise', `its id is a number beyond 2^53 that could not be read exactly from the text; kept without its id (replies to it are not linked)`);
  if (author.changed) note(at, 'info', 'handle-from-name', `account ${preview(text(isObject(entry.account) ? entry.account.acct : null) ?? '')} is not usable as a handle; its username ${preview(author.handle)} is, and the full acct is kept in the name`);

  // A boost shows the boosted status: its text, warning and media.
  const boosted = isObject(entry.reblog) ? entry.reblog : null;
  let retweetOf: ParsedMessage['retweetOf'] = null;
  if (boosted) {
    const original = authorOf(boosted.account);
    const boostedId = exactId(boosted.id, () => digits(['reblog', 'id']));
    if (boostedId.lost) note(at, 'warning', 'id-imprecise', 'the boosted status\'s id is a number beyond 2^53 that could not be read exactly from the text; the boost names no status');
    if (original) retweetOf = { handle: original.handle, id: boostedId.id };
    else note(at, 'warning', 'retweet-author-missing', 'a boost whose original status has no usable author; kept as a plain message');
  }
  const source = boosted ?? entry;
  const { text: body, links } = htmlToText(text(source.content) ?? '');
  const media = mediaOfStatus(source, ref, notes);
  links.push(...media.links);
  const card = isObject(source.card) ? safeHttpUrl(text(source.card.url)) : null;
  if (card && !links.includes(card)) links.push(card);

  if (source.sensitive === true) note(at, 'info', 'sensitive', `marked sensitive${media.attachments.length ? ' (its media are hidden behind a warning on Mastodon)' : ''}`);
  if (text(entry.visibility) === 'private') note(at, 'info', 'followers-only', 'posted to followers only (visibility "private"); kept: check before publishing');
  const edited = text(source.edited_at);
  if (edited) note(at, 'info', 'edited', `edited ${edited}`);
  if (isObject(source.poll)) note(at, 'info', 'poll', 'has a poll; its options are not kept');

  const url = text(entry.url) ?? (boosted ? text(boosted.url) : null);
  const reply = exactId(entry.in_reply_to_id, () => digits(['in_reply_to_id']));
  if (reply.lost) note(at, 'warning', 'id-imprecise', 'the id it replies to is a number beyond 2^53 that could not be read exactly from the text; kept as no reply');
  return {
    notes,
    message: {
      id,
      author: { handle: author.handle, name: author.name },
      time: time.time,
      timePrecision: time.precision,
      text: withWarning(text(source.spoiler_text), body),
      url: safeHttpUrl(url),
      replyTo: reply.id,
      retweetOf,
      links,
      attachments: media.attachments,
      position,
    },
  };
}

/** The statuses of the file's root, in file order, and what shape it has. */
function entriesOf(root: unknown): { entries: Entry[]; shape: 'statuses' | 'status' | 'context' } | null {
  if (Array.isArray(root)) return { shape: 'statuses', entries: root.map((value, index) => ({ value, key: null, index })) };
  if (!isObject(root)) return null;
  if (Array.isArray(root.ancestors) || Array.isArray(root.descendants)) {
    const entries: Entry[] = [];
    for (const key of ['ancestors', 'descendants']) list(root[key]).forEach((value, index) => entries.push({ value, key, index }));
    return { shape: 'context', entries };
  }
  if ('account' in root && 'content' in root) return { shape: 'status', entries: [{ value: root, key: '', index: 0 }] };
  return null;
}

/**
 * Where each entry starts in the text: its lists' entry offsets, found once
 * per list and only when asked for. With `lines` (a whole text, as the file
 * holds it: nothing taken off its start), each entry's line is counted in the
 * same scan (entryOffsetsAndLines) rather than looked up by lineAt.
 */
class Offsets {
  private readonly byKey = new Map<string | null, { offsets: number[]; lines: number[] | null }>();
  constructor(
    private readonly text: string,
    private readonly lines: boolean,
  ) {}

  private list(key: string | null): { offsets: number[]; lines: number[] | null } {
    let found = this.byKey.get(key);
    if (!found) this.byKey.set(key, (found = this.lines ? entryOffsetsAndLines(this.text, key) : { offsets: entryOffsetsByBrackets(this.text, key), lines: null }));
    return found;
  }

  of(entry: Entry): number {
    if (entry.key === '') return 0;
    return this.list(entry.key).offsets[entry.index] ?? -1;
  }

  /** The entry's line as lineOf gives it for its offset. */
  lineOf(file: ExportFile, entry: Entry): number | undefined {
    if (entry.key === '' || !this.lines) return lineOf(file, this.of(entry));
    return this.list(entry.key).lines![entry.index];
  }
}

/**
 * The status a context was fetched for: the API leaves it out, but the
 * statuses after it reply to it. The ids that entries reply to and that are
 * not in the file.
 */
function missingParents(messages: ParsedMessage[]): Map<string, number> {
  const ids = new Set(messages.map((m) => m.id).filter((id): id is string => id !== null));
  const out = new Map<string, number>();
  for (const m of messages) if (m.replyTo && !ids.has(m.replyTo)) out.set(m.replyTo, (out.get(m.replyTo) ?? 0) + 1);
  return out;
}

/** Timelines list the newest status first. */
function newestFirst(messages: ParsedMessage[]): boolean {
  return messages.length > 1 && messages[0].time > messages[messages.length - 1].time;
}

/** Whether the head of a file reads as Mastodon API JSON: statuses, one status, or a context. */
function looksLikeMastodon(head: string): boolean {
  const t = head.replace(/^(?:\xEF\xBB\xBF)?\s*/, '');
  if (t.startsWith('[')) return /^\[\s*\{/.test(t) && t.includes('"spoiler_text"') && t.includes('"account"') && t.includes('"content"');
  if (!t.startsWith('{')) return false;
  if (/^\{\s*"(?:ancestors|descendants)"\s*:\s*\[/.test(t)) return true;
  return t.includes('"spoiler_text"') && t.includes('"account"') && t.includes('"visibility"') && !t.includes('"orderedItems"');
}

export const mastodonJson: Importer = {
  name: 'mastodon-json',
  description: 'Mastodon API JSON: statuses (tag timeline, account), one status, or a status context (boosts as retweets, content warnings, media)',

  detect(file: ExportFile): boolean {
    return looksLikeMastodon(file.head(DETECT_BYTES));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const read = openJson(file, 'Mastodon statuses', result);
    if (!read) return result;
    const shaped = entriesOf(read.root);
    if (!shaped) {
      result.diagnostics.push(notShaped(read, file, 'not-mastodon-json', 'not Mastodon statuses: neither an array of statuses, a status, nor a context with "ancestors" and "descendants"'));
      return result;
    }
    // Offsets in the readable part (all of it unless the file is damaged): every salvaged status lies in it.
    const withLines = hasLines(file);
    // Lines counted with the offsets only in a text JSON.parse accepted whole, whose offsets are the file's (no byte-order mark taken off).
    const countLines = withLines && !read.damage && read.text.length === file.text.length;
    const offsets = new Offsets(read.damage ? read.text.slice(0, read.damage.cutAt) : read.text, countLines);
    for (const entry of shaped.entries) {
      const position = ++result.found;
      const line = withLines || entry.key === '' ? offsets.lineOf(file, entry) : undefined;
      const where = { file: file.name, position, ...(line ? { line } : {}) };
      if (read.damage?.open.has(entry.value)) {
        result.skipped.push(cutEntry(file.name, `status #${position}`, position, line ?? file.lineAt(read.damage.cutAt)));
        continue;
      }
      const out = readStatus(entry.value, position, (path) => rawNumberAt(read.text, offsets.of(entry), path));
      if ('skip' in out) {
        result.skipped.push({ severity: out.severity, code: out.skip, message: out.why, ...where, ...(out.id ? { messageId: out.id } : {}) });
        continue;
      }
      for (const n of out.notes) result.diagnostics.push({ ...n, ...where });
      // The line last, as a spread of the message would put it (no copy of the message).
      if (line) out.message.line = line;
      result.messages.push(out.message);
    }
    if (shaped.shape === 'context') {
      const missing = [...missingParents(result.messages)];
      const named = missing.map(([id, n]) => `${id} (${n} repl${n === 1 ? 'y' : 'ies'})`).join(', ');
      result.diagnostics.push({
        severity: 'warning',
        code: 'context-root-missing',
        message: `a status context holds the statuses before and after one status, never that status itself${missing.length ? `: ${named} replied to here ${missing.length === 1 ? 'is' : 'are'} not in the file; import the status (GET /api/v1/statuses/:id) too` : ': it is not in the file'}`,
        file: file.name,
      });
    } else if (shaped.shape === 'statuses') result.newestFirst = newestFirst(result.messages);
    return result;
  },
};
