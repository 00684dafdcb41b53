/**
 * Telegram Desktop's JSON export of one chat (`result.json`, "Export chat
 * history" with the JSON format): `{ name, type, id, messages: [...] }`, in
 * the old layout (2018-2021: integer `from_id`, `text` only, no
 * `date_unixtime`) and the new one (`from_id` "user123" / "channel123",
 * `text_entities`, `date_unixtime`, `edited_unixtime`).
 *
 * Each entry of `messages` is a message element. Kept: the id (as a
 * string), the author (`from`, null for a deleted account, shown as
 * "Deleted Account"; the handle comes from the sender id `from_id`, see
 * SenderHandles), the time (`date_unixtime`, exact, when present; else
 * `date`, which has no offset: read in the jam's zone, or as UTC with a
 * `time-zone-assumed` note), the text (a string, or an array of strings and
 * `{type, text}` entities joined; a `text_link`'s `href` and a `link`'s URL
 * join the links), the reply (`reply_to_message_id`), and photos, videos,
 * animations and picture stickers as attachments (their relative path in
 * the export's folder). Media the export left out ("File not included")
 * or that is no picture or video (voice messages, audio, documents) is noted
 * per file; a message with no text and no kept media gets a placeholder text
 * (`[photo not included in the export]`, `[poll: …]`) so it still shows.
 *
 * Not messages: `service` entries (channel created, joins, pins, title
 * changes) are found and skipped with a `system-message` note. Edits are
 * noted per message (`edited`, seconds after posting); the model has no field
 * for them. A reply to a message in another chat (`reply_to_peer_id`) has
 * no replyTo here, and is noted.
 *
 * A file cut short (or damaged inside) is not thrown away: the complete
 * entries of its `messages` array are read one by one and each broken one
 * is a skipped element with its line.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { zoneNote, zoneOf, type ZoneChoice } from '../time.ts';
import { isoFromMs } from './epoch-iso.ts';
import { localFilePath, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { attachmentOf } from './discord-common.ts';
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import { DELETED_ACCOUNT, SenderHandles, isNotIncluded, jsonDateWall, mediaWord, placeholder, shortPreview, wallToIso } from './telegram-common.ts';
import { salvageEntries, type JsonEntry } from './json-salvage.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string, or a safe integer as its decimal string (ids are never put through Number). */
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null);

/** Does `s` hold 1 to 12 ASCII digits and nothing else (what `/^\d{1,12}$/` accepts)? No regex per entry. */
function isSeconds(s: string): boolean {
  if (s.length === 0 || s.length > 12) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A Telegram message id as the export writes it (a positive integer). */
const MESSAGE_ID = /^\d{1,20}$/;
/** How much of the head detection reads. */
const DETECT_BYTES = 8192;
/** The chat types Telegram writes at the top of a one-chat export. */
const CHAT_TYPE = /"type"\s*:\s*"(?:personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|private_channel|public_channel|saved_messages|replies|verification_codes)"/;
/** Media types that are videos (`media_type` of a `file`). */
const VIDEO_MEDIA = new Set(['animation', 'video_file', 'video_message']);

/** Counts kept for the file's notes. */
interface Tally {
  /** Media not in the export, by kind ("photo": 580). */
  notIncluded: Map<string, number>;
  /** Media kept out of the model (voice, audio, documents), by kind. */
  dropped: Map<string, number>;
  forwarded: number;
  /** `date` values read without an offset. */
  naive: number;
}

/** The zone and tally a file's entries are read with, and where the entry being read is. */
interface Context {
  zone: ZoneChoice;
  file: string;
  position: number;
  line: number | undefined;
  /** The file's diagnostics, which an entry's notes join. */
  diagnostics: Diagnostic[];
  handles: SenderHandles;
  tally: Tally;
  /** The last `date_unixtime` read, and its time. */
  lastUnix: string | null;
  lastTime: string;
}

/** What one entry became: a message (its notes already among the file's diagnostics), or why it was skipped. */
type Outcome = { message: ParsedMessage } | { skip: string; why: string; severity: Diagnostic['severity']; id?: string };

/** A note on the entry being read (`ctx.position`, `ctx.line`), with its message id. */
function note(ctx: Context, severity: Diagnostic['severity'], code: string, message: string, id: string): void {
  const d: Diagnostic = { severity, code, message, file: ctx.file, position: ctx.position, messageId: id };
  if (ctx.line) d.line = ctx.line;
  ctx.diagnostics.push(d);
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** The sender id and name of an entry (`from_id` / `from`; a null `from` is a deleted account). */
function senderOf(entry: Json): { id: string | null; name: string } | null {
  const id = str(entry.from_id)?.trim() || null;
  const raw = typeof entry.from === 'string' ? entry.from.trim() : '';
  if (!raw && !id && entry.from !== null) return null;
  return { id, name: raw || DELETED_ACCOUNT };
}

/**
 * The text of `text` (or `text_entities`): a string, or parts that are
 * strings or `{type, text, href}` entities, joined. Links: a `text_link`'s
 * `href`, a `link`'s text when it is a web address.
 */
function readText(value: unknown): { text: string; links: string[] } {
  if (typeof value === 'string') return { text: value, links: [] };
  const links: string[] = [];
  if (!Array.isArray(value)) return { text: '', links };
  let text = '';
  for (const part of value) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if (!isObject(part) || typeof part.text !== 'string') continue;
    text += part.text;
    const type = part.type;
    const url = type === 'text_link' ? safeHttpUrl(str(part.href)) : type === 'link' ? safeHttpUrl(part.text.trim()) : null;
    if (url) links.push(url);
  }
  return { text, links };
}

/** The kind of a `file` as a picture or video, from its MIME type, media type or extension, else null. */
function fileKind(path: string, mediaType: string | null, mime: string | null): Attachment['kind'] | null {
  if (mime?.startsWith('image/')) return 'image';
  if (mime?.startsWith('video/')) return 'video';
  if (mediaType && VIDEO_MEDIA.has(mediaType)) return 'video';
  if (mime) return null;
  const guess = attachmentOf(path);
  return 'attachment' in guess ? guess.attachment.kind : null;
}

/** Media read so far from one entry: attachments kept, and the placeholder for a message without text. */
interface MediaRead {
  attachments: Attachment[];
  placeholder: string | null;
}

/** One media path of an entry: kept as an attachment, counted as not included or not kept. */
function mediaItem(out: MediaRead, path: string, kind: Attachment['kind'] | null, word: string, detail: string | null, id: string, ctx: Context): void {
  if (isNotIncluded(path)) {
    bump(ctx.tally.notIncluded, word);
    out.placeholder ??= placeholder(word, false, detail);
    return;
  }
  const file = localFilePath(path);
  if (kind && file) {
    out.attachments.push({ kind, url: null, alt: detail, file });
    return;
  }
  bump(ctx.tally.dropped, word);
  out.placeholder ??= placeholder(word, true, detail);
  if (!file) note(ctx, 'warning', 'attachment-path-refused', `message ${id}: ${word} path ${shortPreview(path)} is not a relative path inside the export; not kept`, id);
}

/** An entry's media: attachments kept, and a placeholder for when the message has no text. */
function readMedia(entry: Json, id: string, ctx: Context): MediaRead {
  const out: MediaRead = { attachments: [], placeholder: null };
  const photo = str(entry.photo);
  if (photo) mediaItem(out, photo, 'image', 'photo', null, id, ctx);
  const file = str(entry.file);
  if (file) {
    const mediaType = str(entry.media_type);
    const kind = fileKind(file, mediaType, str(entry.mime_type));
    const emoji = mediaType === 'sticker' ? str(entry.sticker_emoji) : null;
    const name = str(entry.file_name);
    mediaItem(out, file, kind, mediaType ? mediaWord(mediaType) : 'file', emoji ?? (kind ? null : name ? shortPreview(name, 60).slice(1, -1) : null), id, ctx);
  }
  if (isObject(entry.poll)) {
    const answers = Array.isArray(entry.poll.answers) ? entry.poll.answers.flatMap((a) => (isObject(a) && typeof a.text === 'string' ? [a.text] : [])) : [];
    out.placeholder ??= `[poll: ${str(entry.poll.question) ?? ''}${answers.length ? ` (${answers.join(' / ')})` : ''}]`;
  }
  if (isObject(entry.location_information)) {
    const lat = entry.location_information.latitude;
    const lon = entry.location_information.longitude;
    out.placeholder ??= typeof lat === 'number' && typeof lon === 'number' ? `[location ${lat}, ${lon}]` : '[location]';
  }
  if (isObject(entry.contact_information)) out.placeholder ??= '[contact card]';
  return out;
}

/** An entry's time: `date_unixtime` (exact) when present, else `date` in the file's zone. */
function readTime(entry: Json, ctx: Context): string | null {
  const unix = str(entry.date_unixtime);
  if (unix !== null && unix === ctx.lastUnix) return ctx.lastTime;
  if (unix && isSeconds(unix.trim())) {
    // time.ts parseEpoch's answer (1990 to 2200, toISOString's form), written a minute at a time (epoch-iso.ts).
    const t = isoFromMs(Number(unix.trim()) * 1000);
    if (t) {
      // Albums and bursts share their second: the last one is asked again.
      ctx.lastUnix = unix;
      ctx.lastTime = t;
      return t;
    }
  }
  const date = str(entry.date);
  const wall = date ? jsonDateWall(date) : null;
  if (!wall) return null;
  const time = wallToIso(wall, ctx.zone.zone);
  if (time && wall.offset === null) ctx.tally.naive++;
  return time;
}

/** One `messages` entry as a message, or why it is not one. */
function readEntry(entry: unknown, position: number, ctx: Context): Outcome {
  if (!isObject(entry)) return { skip: 'not-a-message', why: `entry ${position} is not an object`, severity: 'warning' };
  const id = str(entry.id)?.trim() ?? '';
  const type = str(entry.type) ?? 'message';
  if (type === 'service') {
    const action = str(entry.action) ?? 'service';
    const actor = typeof entry.actor === 'string' ? entry.actor : null;
    return { skip: 'system-message', why: `message ${id || position}: a ${shortPreview(action)} service entry${actor ? ` by ${shortPreview(actor)}` : ''}, not a message`, severity: 'info', ...(id ? { id } : {}) };
  }
  if (type !== 'message') return { skip: 'not-a-message', why: `entry ${position}: type ${shortPreview(type)} is neither a message nor a service entry`, severity: 'warning' };
  if (!MESSAGE_ID.test(id)) return { skip: 'id-missing', why: `entry ${position}: no message id (${shortPreview(String(entry.id ?? ''))})`, severity: 'warning' };
  const sender = senderOf(entry);
  if (!sender) return { skip: 'author-missing', why: `message ${id}: no sender (neither "from" nor "from_id")`, severity: 'warning', id };
  const time = readTime(entry, ctx);
  if (!time) return { skip: 'time-unreadable', why: `message ${id}: time ${shortPreview(str(entry.date) ?? '')} unreadable`, severity: 'warning', id };

  const { text: written, links } = readText(Array.isArray(entry.text) || typeof entry.text === 'string' ? entry.text : entry.text_entities);
  const media = readMedia(entry, id, ctx);
  const text = written.trim() === '' && media.attachments.length === 0 && media.placeholder ? media.placeholder : written;
  const reply = str(entry.reply_to_message_id)?.trim() ?? null;
  const elsewhere = entry.reply_to_peer_id !== undefined && entry.reply_to_peer_id !== null;
  if (reply && elsewhere) note(ctx, 'info', 'reply-elsewhere', `message ${id}: replies to message ${shortPreview(reply)} of another chat; no reply kept`, id);
  const edited = editNote(entry);
  if (edited) note(ctx, 'info', 'edited', `message ${id}: edited ${edited}`, id);
  if (str(entry.forwarded_from) !== null || entry.forwarded_from === null) ctx.tally.forwarded++;

  return {
    message: {
      id,
      author: { handle: ctx.handles.handle(sender.id, sender.name), name: sender.name },
      time,
      timePrecision: 'second',
      text,
      url: null,
      replyTo: reply && !elsewhere && MESSAGE_ID.test(reply) ? reply : null,
      links,
      attachments: media.attachments,
      position,
    },
  };
}

/**
 * When an entry was edited, for its note: seconds after it was posted
 * (`edited_unixtime` - `date_unixtime`), else the `edited` time as written
 * (the exporting computer's clock). Null when not edited.
 */
function editNote(entry: Json): string | null {
  const at = str(entry.edited_unixtime);
  const posted = str(entry.date_unixtime);
  if (at && posted && isSeconds(at) && isSeconds(posted)) return `${Number(at) - Number(posted)} s after it was posted`;
  const raw = str(entry.edited);
  return raw ? shortPreview(raw, 40).slice(1, -1) : null;
}

/** The file's notes from its tally: media left out or not kept, forwarded messages. */
function tallyNotes(file: string, tally: Tally): Diagnostic[] {
  const out: Diagnostic[] = [];
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${n} ${k}`).join(', ');
  if (tally.notIncluded.size) {
    out.push({ severity: 'info', code: 'media-not-included', message: `media not included in the export (exported without them): ${list(tally.notIncluded)}; messages without text say so in their text`, file });
  }
  if (tally.dropped.size) {
    out.push({ severity: 'info', code: 'attachment-dropped', message: `media that is no picture or video, or not inside the export's folder, is not kept: ${list(tally.dropped)}`, file });
  }
  if (tally.forwarded) out.push({ severity: 'info', code: 'forwarded', message: `${tally.forwarded} message(s) were forwarded from elsewhere; kept as their forwarder's`, file });
  return out;
}

/** The title of a chat: its name, or "Saved Messages" for that chat. */
function titleOf(root: Json): string | null {
  const name = str(root.name)?.trim();
  if (name) return name;
  return root.type === 'saved_messages' ? 'Saved Messages' : null;
}

/** The head of a text JSON.parse refused: the chat's name and type, read from the bytes before `messages`. */
function headOf(text: string): Json {
  const cut = text.search(/"messages"\s*:/);
  const head = cut === -1 ? '' : text.slice(0, cut).replace(/,\s*$/, '');
  try {
    const root: unknown = JSON.parse(`${head}}`);
    if (isObject(root)) return root;
  } catch {
    // The head itself is damaged: no title.
  }
  return {};
}

/** The entries of the file: parsed whole, or salvaged one by one when the file is cut short. */
function entriesOf(text: string, note: (d: Omit<Diagnostic, 'file'>) => void, channel?: string): { entries: JsonEntry[]; root: Json } | null {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    note({ severity: 'error', code: 'json-invalid', message: `not valid JSON (${shortPreview((err as Error).message, 80)}): the file is cut short or damaged; the complete messages in it are read one by one` });
    return { entries: salvageEntries(text, 'messages'), root: headOf(text) };
  }
  if (isObject(root) && !Array.isArray(root.messages) && isObject(root.chats) && Array.isArray(root.chats.list)) {
    const chat = chooseChat(root.chats.list, channel);
    if ('error' in chat) {
      note({ severity: 'error', code: 'chat-choice', message: chat.error });
      return null;
    }
    note({ severity: 'info', code: 'chat-chosen', message: `a whole-account export: the chat ${shortPreview(titleOf(chat.chat) ?? String(chat.chat.id), 60)} is read (${chat.why}); its messages carry no line numbers` });
    return { entries: (chat.chat.messages as unknown[]).map((value) => ({ value, offset: -1, line: undefined })), root: chat.chat };
  }
  if (!isObject(root) || !Array.isArray(root.messages)) {
    const account = isObject(root) && isObject(root.chats);
    note({
      severity: 'error',
      code: 'not-telegram-json',
      message: account ? 'a whole-account Telegram export (chats.list): export the one chat instead ("Export chat history" in the chat\'s menu)' : 'valid JSON, but not a Telegram chat export: no top-level "messages" array',
    });
    return null;
  }
  const lines: number[] = [];
  const offsets = entryOffsetsByBrackets(text, 'messages', lines);
  return { entries: root.messages.map((value, i) => ({ value, offset: offsets[i] ?? -1, line: lines[i] })), root };
}

/**
 * The chat of a whole-account export (`chats.list`) to read: the one named
 * by `channel` (the notes' `channel:` or --channel: its name, any case, or
 * its id), else the only chat with messages; otherwise an error listing them.
 */
function chooseChat(list: unknown[], channel: string | undefined): { chat: Json; why: string } | { error: string } {
  const chats = list.filter((c): c is Json => isObject(c) && Array.isArray(c.messages));
  const named = (c: Json) => titleOf(c) ?? String(c.id ?? '?');
  if (channel !== undefined && channel.trim() !== '') {
    const want = channel.trim().toLowerCase();
    const hit = chats.filter((c) => named(c).toLowerCase() === want || String(c.id ?? '') === want);
    if (hit.length === 1) return { chat: hit[0], why: 'the channel asked for' };
    if (hit.length > 1) return { error: `${hit.length} chats of this whole-account export are named ${shortPreview(channel, 60)}: give one by its id with --channel (or channel: in the notes): ${listChats(hit)}` };
    return { error: `no chat of this whole-account export is named ${shortPreview(channel, 60)}; its chats: ${listChats(chats)}` };
  }
  const withMessages = chats.filter((c) => (c.messages as unknown[]).length > 0);
  if (withMessages.length === 1) return { chat: withMessages[0], why: 'its only chat with messages' };
  if (!withMessages.length) return { error: 'a whole-account Telegram export with no chat that has messages' };
  return { error: `a whole-account Telegram export of ${withMessages.length} chats: pick one by its id with --channel ID (or channel: ID in the jam's notes): ${listChats(withMessages)}` };
}

/** Chats as a list to choose from: name, id and message count, at most 20. */
function listChats(chats: Json[]): string {
  const shown = chats.slice(0, 20).map((c) => `${shortPreview(titleOf(c) ?? '(no name)', 40)} (id ${shortPreview(String(c.id ?? '?'), 24)}, ${(c.messages as unknown[]).length} messages)`);
  return shown.join(', ') + (chats.length > 20 ? `, and ${chats.length - 20} more` : '');
}

/** Every sender's (id, name) pair, for their handles (see SenderHandles). */
function collectSenders(entries: JsonEntry[], handles: SenderHandles): void {
  for (const e of entries) {
    if (!('value' in e) || !isObject(e.value) || e.value.type === 'service') continue;
    const s = senderOf(e.value);
    if (s) handles.add(s.id, s.name);
  }
}

/** Whether a head of text is a Telegram one-chat export: an object with a chat type and message entries with a `date`. */
function looksLikeTelegram(head: string): boolean {
  return /^\s*\{/.test(head) && /"messages"\s*:\s*\[/.test(head) && CHAT_TYPE.test(head) && /"date"\s*:\s*"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"/.test(head);
}

export const telegramJson: Importer = {
  name: 'telegram-json',
  description: 'Telegram Desktop JSON export of one chat (result.json, old and new layouts; replies, media; service entries reported)',

  detect(file: ExportFile): boolean {
    return looksLikeTelegram(file.head(DETECT_BYTES).replace(/^\xEF\xBB\xBF/, ''));
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (d: Omit<Diagnostic, 'file'>) => result.diagnostics.push({ ...d, file: file.name });
    const raw = file.text;
    const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (!/\S/.test(text)) {
      note({ severity: 'error', code: 'file-empty', message: 'the file is empty: no Telegram JSON in it' });
      return result;
    }
    const read = entriesOf(text, note, options.channel);
    if (!read) return result;
    result.title = titleOf(read.root);
    const zone = zoneOf(options);
    const ctx: Context = { zone, file: file.name, position: 0, line: undefined, diagnostics: result.diagnostics, handles: new SenderHandles(), tally: { notIncluded: new Map(), dropped: new Map(), forwarded: 0, naive: 0 }, lastUnix: null, lastTime: '' };
    collectSenders(read.entries, ctx.handles);

    for (const entry of read.entries) {
      const position = ++result.found;
      // The scan's line, where the text it read is the file's (no byte-order mark taken off first).
      const line = entry.offset < 0 ? undefined : entry.line !== undefined && text === raw ? entry.line : file.lineAt(entry.offset);
      if ('error' in entry) {
        const where = { file: file.name, position, ...(line ? { line } : {}) };
        result.skipped.push({ severity: 'warning', code: 'json-invalid', message: `entry ${position}: ${entry.error}`, ...where });
        continue;
      }
      ctx.position = position;
      ctx.line = line;
      const out = readEntry(entry.value, position, ctx);
      if ('skip' in out) {
        const where = { file: file.name, position, ...(line ? { line } : {}) };
        result.skipped.push({ severity: out.severity, code: out.skip, message: out.why, ...where, ...(out.id ? { messageId: out.id } : {}) });
        continue;
      }
      if (line) out.message.line = line;
      result.messages.push(out.message);
    }
    const zoned = zoneNote(file.name, zone, ctx.tally.naive, "the exporting computer's local time");
    if (zoned) result.diagnostics.push(zoned);
    result.diagnostics.push(...tallyNotes(file.name, ctx.tally));
    const handles = ctx.handles.diagnostic(file.name);
    if (handles) result.diagnostics.push(handles);
    return result;
  },
};
