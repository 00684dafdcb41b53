/**
 * Slack workspace export: `channels.json`, `users.json` and one folder per
 * channel of day files `YYYY-MM-DD.json` (arrays of messages), as the `.zip`
 * Slack gives or as its unpacked folder (claimed through its `channels.json`;
 * `jamrecap import <folder>` names that file). Both are read through
 * archive.ts, within its limits. One channel is imported: the one named by
 * the `channel` option (notes `channel:`, `--channel`; name or id, `#`
 * optional), else the only channel with messages; with several and none
 * named, an error lists them with their message counts and nothing is
 * imported.
 *
 * Kept: `ts` as the id (a string, never a float), the author (`user` through
 * users.json: handle = the Slack `name`, display name = `real_name` or the
 * profile's), the time (from `ts`, UTC), the text with Slack's markup
 * resolved (`<@U…>` → `@name`, `<#C…|x>` → `#x`, `<url|label>` →
 * `label (url)` with the URL in links, `<!here>` → `@here`; `&lt; &gt; &amp;`
 * decoded once), replies (`thread_ts` other than `ts`), files as attachments
 * by name only (pictures and videos; `url_private` needs a Slack login and is
 * not kept; other files are named in the text), link unfurls' URLs as links.
 * A `file_comment` is its commenter's message (the comment's text).
 *
 * Reported, not published: bot messages (`bot_message`, any `bot_id`) as
 * `bot-message`, and joins, leaves, topic and purpose changes, pins and every
 * other subtype as `system-message`, each with its subtype. Edited messages
 * get an `edited` info diagnostic. Only name, real_name and display_name are
 * read from users.json: its e-mail addresses never reach any output.
 */
import { dirname } from 'node:path';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { looksLikeZip, openFolder, openZip, type Archive } from '../archive.ts';
import { arrayEntryOffsets } from '../json-offsets.ts';
import { handleProblem, preview } from '../../model/entities.ts';
import type { Attachment, Author, Diagnostic } from '../../model/transcript.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A Slack timestamp: seconds, a dot, a sequence number (`1433558319.000002`). */
const TS = /^(\d{9,11})\.(\d{1,9})$/;
/** A day file of a channel folder: `<folder>/YYYY-MM-DD.json`. */
const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
/** One piece of Slack markup: `<…>` (no `<` or `>` inside, so the scan is linear). */
const MARKUP = /<([^<>]*)>/g;

/** Subtypes that are what someone wrote; every other subtype is reported. */
const KEPT_SUBTYPES = new Set(['file_share', 'file_comment', 'thread_broadcast', 'reply_broadcast', 'me_message']);

/** Decodes `&lt; &gt; &amp;` once (`&amp;lt;` stays `&lt;`: `&amp;` is decoded last). */
function decodeEntities(s: string): string {
  return s.includes('&') ? s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : s;
}

/** A user as users.json (or a message's `user_profile`) gives it: never more than these. */
interface Person {
  handle: string;
  name: string | null;
}

/** What every message of the export is read with. */
interface Context {
  users: Map<string, Person>;
  channels: Map<string, string>;
  /** User ids met in messages but not in users.json, and what was used instead. */
  unknown: Map<string, Person>;
}

/** handle = the Slack `name`; display name = real_name, else the profile's real or display name. Nothing else is read. */
function personOf(u: Json): Person | null {
  const handle = str(u.name)?.trim();
  if (!handle || handleProblem(handle)) return null;
  const profile = isObject(u.profile) ? u.profile : {};
  const name = [u.real_name, profile.real_name, profile.display_name, u.display_name].map((v) => str(v)?.trim()).find((v) => !!v) ?? null;
  return { handle, name };
}

/** users.json as id → person. */
function usersOf(list: unknown): Map<string, Person> {
  const users = new Map<string, Person>();
  for (const u of arr(list)) {
    if (!isObject(u)) continue;
    const id = str(u.id);
    const p = personOf(u);
    if (id && p) users.set(id, p);
  }
  return users;
}

/** The author of a message by user id: users.json, else the message's own `user_profile`, else the id as handle. */
function authorOf(userId: string | null, entry: Json, ctx: Context): Author | null {
  if (!userId) return null;
  // One object per person, shared by their messages (the pipeline replaces, never changes, a message's author).
  const known = ctx.users.get(userId) ?? ctx.unknown.get(userId);
  if (known) return known;
  const own = isObject(entry.user_profile) ? personOf(entry.user_profile) : null;
  const p = own ?? (handleProblem(userId) ? null : { handle: userId, name: null });
  if (!p) return null;
  ctx.unknown.set(userId, p);
  return p;
}

/** One `<…>` piece of Slack markup as text, collecting its link. */
function markupText(inner: string, ctx: Context, links: string[], unresolved: { n: number }): string {
  const bar = inner.indexOf('|');
  const target = decodeEntities(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? null : decodeEntities(inner.slice(bar + 1));
  switch (target[0]) {
    case '@': {
      const user = ctx.users.get(target.slice(1)) ?? ctx.unknown.get(target.slice(1));
      if (user) return `@${user.handle}`;
      if (label) return `@${label.replace(/^@/, '')}`;
      unresolved.n++;
      return target;
    }
    case '#': {
      const name = label ?? ctx.channels.get(target.slice(1));
      return `#${name ?? target.slice(1)}`;
    }
    case '!': {
      const word = target.slice(1).split('^')[0];
      if (label) return word === 'date' || label.startsWith('@') ? label : `@${label}`;
      return `@${word}`;
    }
  }
  if (/^https?:\/\//i.test(target)) {
    links.push(target);
    const bare = target.replace(/^https?:\/\//i, '').replace(/\/$/, '');
    return label && label !== target && label !== bare ? `${label} (${target})` : target;
  }
  // mailto:, tel: and other schemes: what the message shows.
  return label ?? target.replace(/^(mailto|tel):/i, '');
}

/** A message's text with Slack's markup resolved and its entities decoded once. */
function resolveText(raw: string, ctx: Context, links: string[]): { text: string; unresolved: number } {
  const unresolved = { n: 0 };
  let out = '';
  let last = 0;
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(raw); m; m = MARKUP.exec(raw)) {
    out += decodeEntities(raw.slice(last, m.index)) + markupText(m[1], ctx, links, unresolved);
    last = m.index + m[0].length;
  }
  out += decodeEntities(raw.slice(last));
  return { text: out, unresolved: unresolved.n };
}

/** The time of a `ts` (already checked against TS), in UTC, or null out of range. */
function timeOf(ts: string): string | null {
  const dot = ts.indexOf('.');
  const ms = Number(ts.slice(0, dot)) * 1000 + Number(ts.slice(dot + 1, dot + 4).padEnd(3, '0'));
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return y < 1990 || y > 2200 ? null : d.toISOString();
}

/** Files as attachments by name (pictures, videos); other files are named in the text when it does not name them. */
function filesOf(entry: Json, text: string): { attachments: Attachment[]; extra: string[] } | null {
  if (entry.files === undefined && entry.file === undefined) return null;
  const attachments: Attachment[] = [];
  const extra: string[] = [];
  const files = [...arr(entry.files), ...(isObject(entry.file) ? [entry.file] : [])];
  for (const f of files) {
    if (!isObject(f)) continue;
    const name = str(f.title)?.trim() || str(f.name)?.trim();
    if (!name) continue;
    const mime = str(f.mimetype) ?? '';
    if (mime.startsWith('image/') || mime.startsWith('video/')) {
      attachments.push({ kind: mime.startsWith('video/') ? 'video' : 'image', url: null, alt: name, file: null });
    } else if (!text.includes(name)) extra.push(`[file: ${name}]`);
  }
  return { attachments, extra };
}

/** Link unfurls and message attachments: their page URLs. */
function unfurlLinks(entry: Json, out: string[]): void {
  if (entry.attachments === undefined) return;
  for (const a of arr(entry.attachments)) {
    if (!isObject(a)) continue;
    const url = str(a.from_url) ?? str(a.original_url) ?? str(a.title_link);
    if (url && /^https?:\/\//i.test(url)) out.push(url);
  }
}

/** What one entry became: a message, or why it was skipped. */
type Outcome = { message: ParsedMessage; notes: Omit<Diagnostic, 'file'>[] } | { skip: string; severity: Diagnostic['severity']; why: string; id?: string };

/** One entry of a day file. */
function readEntry(entry: unknown, position: number, ctx: Context): Outcome {
  if (!isObject(entry)) return { skip: 'not-a-message', severity: 'warning', why: `entry ${position} is not an object` };
  const ts = str(entry.ts);
  if (!ts || !TS.test(ts)) return { skip: 'id-missing', severity: 'warning', why: `entry ${position}: no readable ts (${preview(String(entry.ts ?? ''))})` };
  const subtype = str(entry.subtype);
  if (subtype === 'bot_message' || entry.bot_id != null) {
    const bot = str(entry.username) ?? (isObject(entry.bot_profile) ? str(entry.bot_profile.name) : null);
    return { skip: 'bot-message', severity: 'info', why: `message ${ts}: a bot message (subtype ${subtype ?? 'none'}${bot ? `, ${preview(bot)}` : ''}), not published`, id: ts };
  }
  if (subtype && !KEPT_SUBTYPES.has(subtype)) return { skip: 'system-message', severity: 'info', why: `message ${ts}: a ${preview(subtype)} entry, not a message`, id: ts };
  const comment = subtype === 'file_comment' && isObject(entry.comment) ? entry.comment : null;
  const author = authorOf(str(comment ? comment.user : entry.user), entry, ctx);
  if (!author) return { skip: 'author-missing', severity: 'warning', why: `message ${ts}: no user`, id: ts };
  const time = timeOf(ts);
  if (!time) return { skip: 'time-unreadable', severity: 'warning', why: `message ${ts}: time out of range`, id: ts };

  const notes: Omit<Diagnostic, 'file'>[] = [];
  const links: string[] = [];
  const { text: resolved, unresolved } = resolveText(str(comment?.comment) ?? str(entry.text) ?? '', ctx, links);
  if (unresolved) notes.push({ severity: 'info', code: 'mention-unresolved', message: `message ${ts}: ${unresolved} mention(s) of a user not in users.json left as @id`, messageId: ts });
  const files = filesOf(entry, resolved);
  const text = files?.extra.length ? [resolved, ...files.extra].filter(Boolean).join('\n') : resolved;
  unfurlLinks(entry, links);
  const edited = isObject(entry.edited) ? str(entry.edited.ts) : null;
  if (edited) notes.push({ severity: 'info', code: 'edited', message: `message ${ts}: edited${TS.test(edited) && timeOf(edited) ? ` ${timeOf(edited)}` : ''}`, messageId: ts });
  const thread = str(entry.thread_ts);
  return {
    notes,
    message: {
      id: ts,
      author,
      time,
      timePrecision: 'second',
      text,
      url: null,
      replyTo: thread && thread !== ts && TS.test(thread) ? thread : null,
      links,
      ...(files?.attachments.length ? { attachments: files.attachments } : {}),
      position,
    },
  };
}

// ------------------------------------------------------------------ the export

/** Where the export sits in the archive: '' or one folder ('export/'), found by its channels.json and users.json. */
function rootOf(archive: Archive): string | null {
  // A folder is claimed through its channels.json; a zip needs users.json beside it too.
  if (archive.has('channels.json') && (archive.kind === 'folder' || archive.has('users.json'))) return '';
  for (const e of archive.entries) {
    const m = /^([^/]+\/)channels\.json$/.exec(e.name);
    if (m && archive.has(`${m[1]}users.json`)) return m[1];
  }
  return archive.kind === 'zip' ? dayFilesRoot(archive) : null;
}

/**
 * A zip of channel folders of day files (`general/2015-06-05.json`) but no
 * channels.json, at its top or one folder down: the root of its channels, or
 * null. Only when every entry is such a day file (or a JSON file beside the
 * folders): another zip is no Slack export.
 */
function dayFilesRoot(archive: Archive): string | null {
  const top = archive.entries.filter((e) => !e.name.endsWith('/'));
  if (!top.length) return null;
  for (const root of new Set(top.map((e) => (e.name.split('/').length === 3 ? `${e.name.split('/')[0]}/` : '')))) {
    const inRoot = top.filter((e) => e.name.startsWith(root));
    const days = inRoot.filter((e) => DAY_FILE.test(e.name.slice(root.length))).length;
    if (days > 0 && days === inRoot.filter((e) => e.name.slice(root.length).includes('/')).length && inRoot.every((e) => e.name.endsWith('.json'))) return root;
  }
  return null;
}

/** Opened archives, so that detect and parse list a zip once. */
const opened = new WeakMap<ExportFile, Archive>();

/** The archive an export file stands for: the zip itself, or the folder of its channels.json. */
function archiveOf(file: ExportFile): Archive {
  let a = opened.get(file);
  if (!a) {
    a = looksLikeZip(file.bytes) ? openZip(file.name, file.bytes) : openFolder(dirname(file.path));
    opened.set(file, a);
  }
  return a;
}

/** Bytes as UTF-8 text (bad sequences as U+FFFD), without a byte-order mark; Buffer's decoder, not a copy. */
function utf8(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8').replace(/^\uFEFF/, '');
}

/** An entry's JSON, or a diagnostic saying why not. */
function readJson(archive: Archive, name: string, note: (d: Omit<Diagnostic, 'file'>, entry?: string) => void, bytes?: Uint8Array): { text: string; value: unknown } | null {
  const data = bytes ?? archive.read(name);
  if (!data) {
    if (!archive.has(name)) note({ severity: 'warning', code: 'entry-missing', message: `${name} is not in the export` }, name);
    return null;
  }
  const text = utf8(data);
  try {
    return { text, value: JSON.parse(text) };
  } catch (err) {
    note({ severity: 'error', code: 'json-invalid', message: `${name}: not valid JSON (${preview((err as Error).message, 80)}); its messages are not read` }, name);
    return null;
  }
}

/** The export's channels: folder name → its day files (sorted), and every name or id that picks it. */
interface Channels {
  days: Map<string, string[]>;
  /** Lower-cased channel name or id → folder name. */
  pick: Map<string, string>;
  /** Channel id → name, for `<#C…>` markup. */
  names: Map<string, string>;
}

/** channels.json and the folders of day files. */
function channelsOf(archive: Archive, root: string, list: unknown): Channels {
  const days = new Map<string, string[]>();
  for (const e of archive.entries) {
    if (!e.name.startsWith(root)) continue;
    const m = DAY_FILE.exec(e.name.slice(root.length));
    if (!m) continue;
    const files = days.get(m[1]) ?? [];
    files.push(e.name);
    days.set(m[1], files);
  }
  for (const files of days.values()) files.sort();
  const pick = new Map<string, string>();
  const names = new Map<string, string>();
  for (const folder of days.keys()) pick.set(folder.toLowerCase(), folder);
  for (const c of arr(list)) {
    if (!isObject(c)) continue;
    const name = str(c.name);
    const id = str(c.id);
    if (!name) continue;
    if (id) names.set(id, name);
    pick.set(name.toLowerCase(), name);
    if (id) pick.set(id.toLowerCase(), name);
  }
  return { days, pick, names };
}

/** How many entries each channel's day files hold (for the list shown when no channel is named). */
function messageCounts(archive: Archive, ch: Channels): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [folder, files] of ch.days) {
    let n = 0;
    for (const name of files) {
      const data = archive.read(name);
      if (!data) continue;
      try {
        const v: unknown = JSON.parse(utf8(data));
        if (Array.isArray(v)) n += v.length;
      } catch {
        // Counted as nothing here; the import of that channel reports it.
      }
    }
    counts.set(folder, n);
  }
  return counts;
}

/** The channel to import, or an error saying which ones there are. */
function chooseChannel(archive: Archive, ch: Channels, wanted: string | undefined): { folder: string } | { error: string } {
  const all = [...new Set([...ch.pick.values()])].sort();
  if (wanted !== undefined) {
    const key = wanted.trim().replace(/^#/, '').toLowerCase();
    const folder = ch.pick.get(key);
    if (folder && ch.days.has(folder)) return { folder };
    if (folder) return { error: `channel #${folder} has no messages in this export` };
    return { error: `no channel ${preview(wanted)} in this export; its channels: ${all.map((c) => `#${c}`).join(', ') || 'none'}` };
  }
  if (ch.days.size === 1) return { folder: [...ch.days.keys()][0] };
  if (ch.days.size === 0) return { error: 'no channel of this export has messages' };
  const counts = messageCounts(archive, ch);
  const withMessages = [...counts].filter(([, n]) => n > 0);
  if (withMessages.length === 1) return { folder: withMessages[0][0] };
  const listed = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c, n]) => `#${c} (${n})`);
  return { error: `the export has ${counts.size} channels with messages: ${listed.join(', ')}; name one with --channel or the notes' channel: (nothing imported)` };
}

/** A 1-based line counter over offsets that only grow. */
function lineCounter(text: string): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      pos = i + 1;
    }
    return line;
  };
}

/**
 * The line of a day file's entries, by index, found only when asked (a
 * diagnostic): most entries never need one, and the scan costs as much as
 * the parse. Indexes must not go down.
 */
function entryLines(text: string): (k: number) => number | undefined {
  let offsets: number[] | undefined;
  let lineOf: ((offset: number) => number) | undefined;
  return (k) => {
    offsets ??= arrayEntryOffsets(text, null);
    lineOf ??= lineCounter(text);
    return offsets[k] === undefined ? undefined : lineOf(offsets[k]);
  };
}

/**
 * Reads the day files of one channel into the result, one file at a time.
 * Messages carry their position, not a line: the line of a day file inside
 * the export would be read against the export's own name. Diagnostics name
 * the day file and the line.
 */
function readChannel(archive: Archive, files: string[], ctx: Context, result: ParseResult, note: (d: Omit<Diagnostic, 'file'>, entry?: string) => void): void {
  for (const name of files) {
    const bytes = archive.read(name);
    if (!bytes) continue; // the archive said why
    const json = readJson(archive, name, note, bytes);
    if (!json) continue;
    if (!Array.isArray(json.value)) {
      note({ severity: 'error', code: 'not-slack-day', message: `${name}: not a list of messages; not read` }, name);
      continue;
    }
    const lineAt = entryLines(json.text);
    const file = `${archive.name}/${name}`;
    const where = (k: number, position: number) => {
      const line = lineAt(k);
      return { file, position, ...(line ? { line } : {}) };
    };
    const entries = json.value;
    for (let k = 0; k < entries.length; k++) {
      const position = ++result.found;
      const read = readEntry(entries[k], position, ctx);
      if ('skip' in read) {
        result.skipped.push({ severity: read.severity, code: read.skip, message: read.why, ...where(k, position), ...(read.id ? { messageId: read.id } : {}) });
        continue;
      }
      if (read.notes.length) {
        const at = where(k, position);
        for (const n of read.notes) result.diagnostics.push({ ...n, ...at });
      }
      result.messages.push(read.message);
    }
  }
}

/** The archive's findings that refuse a zip as a whole for what it would cost to read (archive.ts). */
const REFUSED_WHOLE = new Set(['archive-too-many-entries', 'archive-too-large']);

/** Whether the head of a text is a JSON array of objects (or empty). */
const jsonArrayHead = (head: string) => /^(?:\xEF\xBB\xBF)?\s*\[\s*[{\]]/.test(head);

export const slackExport: Importer = {
  name: 'slack-export',
  binary: (file: ExportFile) => looksLikeZip(file.bytes),
  description: 'Slack workspace export, the .zip or its folder (one channel: threads as replies, mentions resolved; bots and joins reported)',

  detect(file: ExportFile): boolean {
    try {
      if (looksLikeZip(file.bytes)) {
        // A zip refused as a whole for its size or its number of entries is claimed, so that
        // the import says which limit it met (a Slack export is the only zip jamrecap reads).
        const archive = archiveOf(file);
        return rootOf(archive) !== null || archive.diagnostics.some((d) => REFUSED_WHOLE.has(d.code));
      }
      return file.name.toLowerCase() === 'channels.json' && jsonArrayHead(file.head(256));
    } catch {
      return false;
    }
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    // Another file of the export (users.json, a day file) read with --format: the export is its folder.
    if (!looksLikeZip(file.bytes) && file.name.toLowerCase() !== 'channels.json') {
      result.diagnostics.push({ severity: 'error', code: 'slack-part', message: `${file.name} is one file of a Slack workspace export: give the export's folder, its channels.json or its .zip`, file: file.name });
      return result;
    }
    let archive: Archive | null = null;
    try {
      archive = archiveOf(file);
      parseExport(archive, options, result);
    } catch (err) {
      result.diagnostics.push({ severity: 'error', code: 'slack-unreadable', message: `the export cannot be read (${preview((err as Error)?.message ?? String(err), 80)})`, file: file.name });
    }
    if (archive) result.diagnostics.unshift(...archive.diagnostics);
    return result;
  },
};

/** The whole import of an opened export into `result`. */
function parseExport(archive: Archive, options: ParseOptions, result: ParseResult): void {
  const note = (d: Omit<Diagnostic, 'file'>, entry?: string) => result.diagnostics.push({ ...d, file: entry ? `${archive.name}/${entry}` : archive.name });
  if (!archive.ok) return; // the archive's own diagnostic says why
  const root = rootOf(archive);
  if (root === null) {
    note({ severity: 'error', code: 'not-slack-export', message: 'no channels.json in it: not a Slack workspace export' });
    return;
  }
  const listed = archive.has(`${root}channels.json`);
  if (!listed) note({ severity: 'warning', code: 'channels-missing', message: "no channels.json: the channels are the day files' folders, by their names" });
  const channelsJson = listed ? readJson(archive, `${root}channels.json`, note) : null;
  const usersJson = readJson(archive, `${root}users.json`, note);
  if (!usersJson) note({ severity: 'warning', code: 'users-missing', message: 'without users.json, authors are shown by their Slack user id' });
  const ch = channelsOf(archive, root, channelsJson?.value);
  const chosen = chooseChannel(archive, ch, options.channel);
  if ('error' in chosen) {
    note({ severity: 'error', code: 'channel-choice', message: chosen.error });
    return;
  }
  result.title = `#${chosen.folder}`;
  const ctx: Context = { users: usersOf(usersJson?.value), channels: ch.names, unknown: new Map() };
  readChannel(archive, ch.days.get(chosen.folder)!, ctx, result, note);
  for (const [id, p] of ctx.unknown) {
    note({ severity: 'info', code: 'user-unknown', message: `user ${id} is not in users.json; shown as ${preview(p.handle)}` });
  }
}
