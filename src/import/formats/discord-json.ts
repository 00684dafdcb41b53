/**
 * DiscordChatExporter's JSON export: `{ guild, channel, dateRange,
 * [exportedAt,] messages: [...], messageCount }`, one channel or thread.
 *
 * Each entry of `messages` is a message element. Kept: the id (a string),
 * the author (handle = `author.name` as the export gives it, display name =
 * `nickname`), the timestamp (ISO with an offset), the content, the reply
 * (`reference.messageId`), attachments (pictures and videos; other files
 * as links), stickers (as pictures), embeds' URLs as links, and a permalink
 * built from the guild, channel and message ids. `<@id>` mentions left raw
 * (an export made without markdown formatting) become `@name` through the
 * message's `mentions` array.
 *
 * Not messages: system entries (type other than Default and Reply: joins,
 * pins, "started a thread", calls, channel renames) are skipped with a
 * `system-message` diagnostic. The model has no field for reactions or edit
 * times: a note per file counts the reactions, and each edited message gets
 * an `edited` info diagnostic with its edit time.
 *
 * A file cut short (or damaged inside) is not thrown away: the complete
 * entries of its `messages` array are read one by one and the broken one is
 * a skipped element with its line.
 */
import { entryOffsetsByBrackets } from './entry-offsets.ts';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import type { Attachment, Diagnostic } from '../../model/transcript.ts';
import { attachmentOf, discordTitle, reactionNote, readIsoTime } from './discord-common.ts';
import { salvageEntries } from './json-salvage.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whether a message type is what someone wrote (Default, Reply); every other type is a system entry. */
const isChatType = (type: string): boolean => type === 'Default' || type === 'Reply';

/** A Discord snowflake as DCE writes it: what `/^\d{1,20}$/` matches, by char codes. */
function isSnowflake(s: string): boolean {
  const n = s.length;
  if (n < 1 || n > 20) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * entities.ts `preview` (quoted as JSON, cut at `max` code points with an
 * ellipsis), written directly for printable ASCII without quotes or
 * backslashes, where JSON.stringify adds only the quotes; any other text
 * goes to `preview`.
 */
function quickPreview(s: string, max = 40): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) return preview(s, max);
  }
  return s.length > max ? `"${s.slice(0, max)}…"` : `"${s}"`;
}
/** A raw user mention: `<@123>` or `<@!123>` (nickname form). */
const RAW_MENTION = /<@!?(\d{1,20})>/g;
/** A raw custom emoji: `<:name:123>` or `<a:name:123>`. */
const RAW_EMOJI = /<a?:(\w{1,64}):\d{1,20}>/g;

/** How much of the head detection reads. */
const DETECT_BYTES = 4096;

/** What the export says about itself, for titles and permalinks. */
interface Channel {
  guildId: string | null;
  channelId: string | null;
  guild: string | null;
  channel: string | null;
}

/** The export's guild and channel names and ids. */
function channelOf(root: Json): Channel {
  const guild = isObject(root.guild) ? root.guild : {};
  const channel = isObject(root.channel) ? root.channel : {};
  return { guildId: str(guild.id), channelId: str(channel.id), guild: str(guild.name), channel: str(channel.name) };
}

/** The head of a text JSON.parse refused: guild and channel, read from the bytes before `messages`. */
function channelOfHead(text: string): Channel {
  const cut = text.search(/"messages"\s*:/);
  const head = cut === -1 ? '' : text.slice(0, cut).replace(/,\s*$/, '');
  try {
    const root: unknown = JSON.parse(`${head}}`);
    if (isObject(root)) return channelOf(root);
  } catch {
    // The head itself is damaged: no title, no permalinks.
  }
  return { guildId: null, channelId: null, guild: null, channel: null };
}

/** `<@id>` as `@name` through the message's mentions; custom emoji `<:name:id>` as `:name:`. Returns the text and how many mentions stayed unresolved. */
function resolveMarkup(content: string, mentions: unknown[]): { text: string; unresolved: number } {
  if (!content.includes('<')) return { text: content, unresolved: 0 };
  const names = new Map<string, string>();
  for (const m of mentions) {
    if (!isObject(m)) continue;
    const id = str(m.id);
    const name = str(m.name);
    if (id && name) names.set(id, name);
  }
  let unresolved = 0;
  const text = content
    .replace(RAW_MENTION, (whole, id: string) => {
      const name = names.get(id);
      if (name) return `@${name}`;
      unresolved++;
      return whole;
    })
    .replace(RAW_EMOJI, (_whole, name: string) => `:${name}:`);
  return { text, unresolved };
}

/** What one entry became: a message, or why it was skipped. */
type Outcome = { message: ParsedMessage; notes: Omit<Diagnostic, 'file'>[] | null; reactions: number } | { skip: string; why: string; id?: string };

/** One `messages` entry as a message; `urlBase` is the channel's permalink prefix, when it has one. */
function readEntry(entry: unknown, position: number, urlBase: string | null): Outcome {
  if (!isObject(entry)) return { skip: 'not-a-message', why: `entry ${position} is not an object` };
  const id = str(entry.id);
  const type = str(entry.type) ?? 'Default';
  if (!isChatType(type)) {
    const content = str(entry.content);
    return { skip: 'system-message', why: `message ${id ?? position}: a ${quickPreview(type)} system entry${content ? ` (${quickPreview(content, 60)})` : ''}, not a message`, ...(id ? { id } : {}) };
  }
  if (!id || !isSnowflake(id)) return { skip: 'id-missing', why: `entry ${position}: no message id (${preview(String(entry.id ?? ''))})` };
  const author = isObject(entry.author) ? entry.author : null;
  const handle = author ? str(author.name)?.trim() : null;
  if (!handle) return { skip: 'author-missing', why: `message ${id}: no author name` };
  const rawTime = str(entry.timestamp);
  const time = rawTime ? readIsoTime(rawTime) : null;
  if (!time) return { skip: 'time-unreadable', why: `message ${id}: time ${preview(rawTime ?? '')} unreadable` };

  // The message's notes: an array only when it has one.
  let notes: Omit<Diagnostic, 'file'>[] | null = null;
  const content = str(entry.content) ?? '';
  const { text, unresolved } = content.includes('<') ? resolveMarkup(content, arr(entry.mentions)) : { text: content, unresolved: 0 };
  if (unresolved) (notes ??= []).push({ severity: 'info', code: 'mention-unresolved', message: `message ${id}: ${unresolved} mention(s) of a user not in its mentions list left as <@id>`, messageId: id });
  const attachments: Attachment[] = [];
  const links: string[] = [];
  for (const a of arr(entry.attachments)) {
    if (!isObject(a) || !str(a.url)) continue;
    const out = attachmentOf(str(a.url)!, str(a.fileName));
    if ('attachment' in out) attachments.push(out.attachment);
    else if ('link' in out) links.push(out.link);
    else (notes ??= []).push({ severity: 'info', code: 'attachment-dropped', message: `message ${id}: attachment ${preview(str(a.fileName) ?? out.dropped)} is neither a picture nor a video nor on the web; not kept`, messageId: id });
  }
  for (const s of arr(entry.stickers)) {
    if (!isObject(s) || !str(s.sourceUrl)) continue;
    const out = attachmentOf(str(s.sourceUrl)!, null);
    if ('attachment' in out) attachments.push({ ...out.attachment, alt: str(s.name) });
  }
  for (const e of arr(entry.embeds)) if (isObject(e) && str(e.url)) links.push(str(e.url)!);
  const edited = str(entry.timestampEdited);
  if (edited) (notes ??= []).push({ severity: 'info', code: 'edited', message: `message ${id}: edited ${edited}`, messageId: id });
  const reference = isObject(entry.reference) ? entry.reference : null;
  const replyTo = reference ? str(reference.messageId) : null;
  let reactions = 0;
  for (const r of arr(entry.reactions)) if (isObject(r) && typeof r.count === 'number' && r.count > 0) reactions += r.count;

  return {
    reactions,
    notes,
    message: {
      id,
      author: { handle, name: str(author!.nickname)?.trim() || null },
      time: time.time,
      timePrecision: time.precision,
      text,
      url: urlBase === null ? null : urlBase + id,
      replyTo: replyTo && isSnowflake(replyTo) ? replyTo : null,
      links,
      attachments,
      position,
    },
  };
}

/** The channel's permalink prefix ("https://discord.com/channels/guild/channel/"), or null without both ids. */
function permalinkBase(ch: Channel): string | null {
  return ch.guildId && ch.channelId && isSnowflake(ch.guildId) && isSnowflake(ch.channelId) ? `https://discord.com/channels/${ch.guildId}/${ch.channelId}/` : null;
}

/** The messages' reactions, for the file's one note. */
interface Tally {
  reacted: number;
  reactions: number;
}

/** One entry read into the result, at its position and line: a message (and its notes), or a skipped element. */
function addEntry(result: ParseResult, fileName: string, value: unknown, position: number, line: number | undefined, urlBase: string | null, tally: Tally): void {
  const read = readEntry(value, position, urlBase);
  if ('skip' in read) {
    // Built in the order the fields had as spreads: severity, code, message, file, position, line, messageId.
    const skipped: Diagnostic = { severity: read.skip === 'system-message' ? 'info' : 'warning', code: read.skip, message: read.why, file: fileName, position };
    if (line) skipped.line = line;
    if (read.id) skipped.messageId = read.id;
    result.skipped.push(skipped);
    return;
  }
  if (read.notes) {
    const where = line ? { file: fileName, position, line } : { file: fileName, position };
    for (const n of read.notes) result.diagnostics.push({ ...n, ...where });
  }
  if (read.reactions) {
    tally.reacted++;
    tally.reactions += read.reactions;
  }
  // The line added to the message read (a new property last, as a spread copy would put it).
  if (line) read.message.line = line;
  result.messages.push(read.message);
}

/** Whether the text's head is a DCE JSON export: an object whose first key is `guild` (an object), with a `channel`. */
function looksLikeDce(head: string): boolean {
  return /^\s*\{\s*"guild"\s*:\s*\{/.test(head) && head.includes('"channel"');
}

export const discordJson: Importer = {
  name: 'discord-json',
  description: 'DiscordChatExporter JSON export of a channel or thread (replies, attachments, embeds; system entries reported)',

  detect(file: ExportFile): boolean {
    return looksLikeDce(file.head(DETECT_BYTES).replace(/^\xEF\xBB\xBF/, ''));
  },

  parse(file: ExportFile, _options: ParseOptions): ParseResult {
    const result = emptyResult();
    const note = (d: Omit<Diagnostic, 'file'>) => result.diagnostics.push({ ...d, file: file.name });
    const text = file.text.replace(/^\uFEFF/, '');
    if (!text.trim()) {
      note({ severity: 'error', code: 'file-empty', message: 'the file is empty: no DiscordChatExporter JSON in it' });
      return result;
    }
    const tally: Tally = { reacted: 0, reactions: 0 };
    let count = 0;
    let ch: Channel;
    let declared: number | null = null;
    let root: unknown;
    let parsed = true;
    try {
      root = JSON.parse(text);
    } catch (err) {
      parsed = false;
      note({ severity: 'error', code: 'json-invalid', message: `not valid JSON (${preview((err as Error).message, 80)}): the file is cut short or damaged; the complete messages in it are read one by one` });
    }
    if (parsed) {
      if (!isObject(root) || !Array.isArray(root.messages)) {
        note({ severity: 'error', code: 'not-discord-json', message: 'valid JSON, but not a DiscordChatExporter export: no top-level "messages" array' });
        return result;
      }
      ch = channelOf(root);
      declared = typeof root.messageCount === 'number' ? root.messageCount : null;
      const lines: number[] = [];
      const offsets = entryOffsetsByBrackets(text, 'messages', lines);
      // The scan's lines are the file's when its text is (no byte-order mark taken off first).
      const ownLines = text === file.text;
      const urlBase = permalinkBase(ch);
      const messages = root.messages;
      for (let i = 0; i < messages.length; i++) {
        const offset = offsets[i] ?? -1;
        const line = offset < 0 ? undefined : ownLines ? lines[i] ?? file.lineAt(offset) : file.lineAt(offset);
        addEntry(result, file.name, messages[i], ++result.found, line, urlBase, tally);
      }
      count = messages.length;
    } else {
      ch = channelOfHead(text);
      const entries = salvageEntries(text, 'messages', 'message');
      const urlBase = permalinkBase(ch);
      for (const entry of entries) {
        const position = ++result.found;
        const line = entry.offset < 0 ? undefined : entry.line ?? file.lineAt(entry.offset);
        if ('error' in entry) {
          result.skipped.push({ severity: 'warning', code: 'json-invalid', message: `entry ${position}: ${entry.error}`, file: file.name, position, ...(line ? { line } : {}) });
          continue;
        }
        addEntry(result, file.name, entry.value, position, line, urlBase, tally);
      }
      count = entries.length;
    }
    result.title = discordTitle(ch.guild, ch.channel);
    const r = reactionNote(file.name, tally.reacted, tally.reactions);
    if (r) result.diagnostics.push(r);
    if (declared !== null && declared !== count) {
      note({ severity: 'info', code: 'count-differs', message: `the export says messageCount ${declared} but lists ${count} message(s)` });
    }
    return result;
  },
};
