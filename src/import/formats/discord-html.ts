/**
 * DiscordChatExporter's HTML export of a channel or thread (dark or light
 * theme, one page or several `1.html`, `2.html`, … read together: the
 * pipeline merges pages by message id). Two layouts:
 *
 * - 2019-2022: `div.chatlog__message-group` holds an optional reply
 *   (`div.chatlog__reference`, its link `scrollToMessage(event, '<id>')`:
 *   the group's first message replies), the author once
 *   (`span.chatlog__author-name[title="Name#1234"]`, the nickname as text),
 *   the time once (`span.chatlog__timestamp`, "26-Jun-19 06:26 PM", no
 *   offset), then its messages `div.chatlog__message[data-message-id]`, each
 *   with `div.chatlog__content`, attachments, embeds and reactions.
 * - 2023 on (often minified, attributes unquoted):
 *   `div.chatlog__message-container[data-message-id]` per message inside the
 *   group; the first carries `span.chatlog__author[title=handle]` and
 *   `span.chatlog__timestamp[title]`, the next ones only
 *   `div.chatlog__short-timestamp[title]` (author: the group's); the title is
 *   the culture's long form ("Tuesday, December 16, 2025 4:53 p.m."); a
 *   reply is `div.chatlog__reply` (`.chatlog__reply-link[onclick]`); system
 *   notices (`chatlog__system-notification-*`: pins, joins, thread starts,
 *   renames) are found and skipped. The postamble may state the zone
 *   ("Timezone: UTC-5").
 *
 * Kept: the id (a string), the author (handle = the `title`, as the CSV and
 * TXT exports write it; display name = the text), the time (see
 * discord-common.ts: day/month order decided per file; offset-less times in
 * options.timeZone, else the postamble's offset, else UTC with a note), the
 * text (`@name` mention spans as text; the "(edited)" marker left out, edits
 * counted in one note), links in the text and each embed's first link,
 * attachments (pictures and videos; other files as links), the reply.
 * Reactions are counted in one note per file.
 *
 * One pass over the page's element list (ExportFile.elements()); each
 * message is read off its own descendants, nothing queries the whole
 * document again. Times are resolved after the pass (the day/month order
 * and the postamble's zone are known only then).
 */
import type { Element } from 'domhandler';
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseOptions, type ParseResult, type ParsedMessage } from '../importer.ts';
import { hasClass, nodeText, titleText, type ElementList, type TextOptions } from '../html-text.ts';
import { reportHiddenRows } from '../hidden-rows.ts';
import { zoneOf } from '../time.ts';
import { preview, safeHttpUrl } from '../../model/entities.ts';
import type { Attachment, Author, Diagnostic } from '../../model/transcript.ts';
import { FileTally, attachmentOf, dateOrder, discordTitle, droppedAttachment, readDiscordTime, type DiscordTime } from './discord-common.ts';
import { looksLikeHtml } from './html-sniff.ts';

/** A reply link's target: `scrollToMessage(event, '123')` (quotes as written or as entities decoded). */
const SCROLL_TO = /scrollToMessage\(\s{0,4}event\s{0,4},\s{0,4}['"]?(\d{1,20})['"]?\s{0,4}\)/;
/** A Discord id (snowflake). */
const SNOWFLAKE = /^\d{1,20}$/;
/** Old-layout message tags in the raw text (see hidden-rows.ts). */
const OLD_MARKER = /<div class="chatlog__message[ "][^>]{0,200}data-message-id="?(\d{1,20})/g;
/** New-layout message containers in the raw text. */
const NEW_MARKER = /<div id="?chatlog__message-container-(\d{1,20})\b/g;
/** The long form of the newer layouts' titles: "Tuesday, December 16, 2025 4:53 p.m." (en-US/en-CA). */
const LONG_MDY = /^(?:[A-Za-z]{3,9},\s{1,3})?([A-Za-z]{3,9})\.?\s{1,3}(\d{1,2}),?\s{1,3}(\d{4}),?\s{1,3}(\d{1,2}:\d{2}(?::\d{2})?(?:\s{0,3}[AaPp]\.?[Mm]\.?)?)$/;
/** Or day first: "Tuesday, 16 December 2025 16:53" (en-GB). */
const LONG_DMY = /^(?:[A-Za-z]{3,9},\s{1,3})?(\d{1,2})\.?\s{1,3}([A-Za-z]{3,9})\.?\s{1,3}(\d{4}),?\s{1,3}(\d{1,2}:\d{2}(?::\d{2})?(?:\s{0,3}[AaPp]\.?[Mm]\.?)?)$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** The postamble's zone: "Timezone: UTC-5", "Timezone: UTC+05:30", "Timezone: UTC". */
const STATED_ZONE = /^Timezone:\s{0,3}UTC(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/;
/** The message count the export states: "100 messages", "Exported 238 message(s)". */
const STATED_COUNT = /^(?:Exported\s)?([\d,.\s\u00a0\u202f]{1,20}) messages?(?:\(s\))?$/;

/**
 * A long English date ("Tuesday, December 16, 2025 4:53 p.m.") in the form
 * discord-common's `readDiscordTime` reads ("16 Dec 2025 4:53 p.m."); any
 * other string unchanged (the older layouts' "26-Jun-19 06:26 PM", numeric dates).
 */
export function canonicalTime(raw: string): string {
  const v = raw.trim().replace(/\s+/g, ' ');
  if (v.length > 64) return v;
  let m = LONG_MDY.exec(v);
  if (m && MONTHS.some((name) => name.startsWith(m![1].toLowerCase()) && m![1].length >= 3)) return `${m[2]} ${m[1].slice(0, 3)} ${m[3]} ${m[4]}`;
  m = LONG_DMY.exec(v);
  if (m && MONTHS.some((name) => name.startsWith(m![2].toLowerCase()) && m![2].length >= 3)) return `${m[1]} ${m[2].slice(0, 3)} ${m[3]} ${m[4]}`;
  return v;
}

/** The offset in minutes a postamble entry states, or null. */
function statedOffset(entry: string): number | null {
  const m = STATED_ZONE.exec(entry.trim());
  if (!m) return null;
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return minutes > 18 * 60 ? null : (m[1] === '-' ? -1 : 1) * minutes;
}

/** "UTC-5", "UTC+5:30". */
function offsetLabel(minutes: number): string {
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, '0')}` : ''}`;
}

const isDiv = (el: Element, cls: string) => el.name === 'div' && hasClass(el, cls);

/** A message element read, its time still as written. */
interface Pending {
  message: ParsedMessage;
  rawTime: string;
  /**
   * The id of the group's first message, when this later message of the group
   * has no time of its own (the older layout): its minute is the group's time
   * plus how much later its id (a snowflake) was made.
   */
  after: string | null;
  reactions: number;
  dropped: string[];
  where: { file: string; position: number; line?: number };
}

/** What the group a message sits in gives it (the older layout writes author and time once a group). */
interface Group {
  end: number;
  author: Author | null;
  rawTime: string | null;
  /** A reply shown at the top of the group: the group's first message replies. */
  replyTo: string | null;
  /** Messages of the group read so far. */
  count: number;
  /** The id of the first message that took the group's time. */
  timeOf: string | null;
}

/** The parts found in one message element. */
interface Parts {
  author: Author | null;
  rawTime: string | null;
  replyTo: string | null;
  content: Element | undefined;
  system: Element | undefined;
  edited: boolean;
  reactions: number;
  attachments: Attachment[];
  links: string[];
  dropped: string[];
}

/** Reads a page's elements, message by message, and what the page says about itself. */
class PageReader {
  private readonly elements: Element[];
  private readonly ends: number[];
  group: Group | null = null;
  readonly pending: Pending[] = [];
  guild: string | null = null;
  channel: string | null = null;
  preamble: string[] = [];
  postamble: string[] = [];
  edited = 0;
  shown: number[] = [];
  /** Message elements met of each layout: a page's hidden rows are looked for in its own layout's markup. */
  containers = 0;
  oldMessages = 0;
  private links: string[] = [];
  private readonly textOptions: TextOptions = {
    linkText: (a) => {
      const url = safeHttpUrl(a.attribs.href);
      if (url) this.links.push(url);
      return undefined;
    },
    skip: (el) => hasClass(el, 'chatlog__edited-timestamp'),
  };

  constructor(
    private readonly file: ExportFile,
    list: ElementList,
    private readonly result: ParseResult,
  ) {
    this.elements = list.elements;
    this.ends = list.ends;
  }

  /** The whole page, one pass over its elements. */
  read(): void {
    const { elements, ends } = this;
    for (let k = 0; k < elements.length; k++) {
      const el = elements[k];
      if (el.type !== 'tag') {
        k = ends[k] - 1;
        continue;
      }
      if (this.group && k >= this.group.end) this.group = null;
      if (!el.attribs.class) continue;
      const skipTo = this.element(el, k);
      if (skipTo > k) k = skipTo - 1;
    }
  }

  /** One element of the page: returns the index to go on from (past what it read), or `k` to go into it. */
  private element(el: Element, k: number): number {
    const end = this.ends[k];
    if (el.name === 'div') {
      if (hasClass(el, 'chatlog__message-group')) {
        this.group = { end, author: null, rawTime: null, replyTo: null, count: 0, timeOf: null };
        return k;
      }
      if (hasClass(el, 'chatlog__message-container') || hasClass(el, 'chatlog__message')) {
        if (hasClass(el, 'chatlog__message')) this.oldMessages++;
        else this.containers++;
        this.message(k);
        return end;
      }
      if (this.group && hasClass(el, 'chatlog__reference')) {
        this.group.replyTo = this.replyTarget(k);
        return end;
      }
      if (hasClass(el, 'info__guild-name')) this.guild = nodeText(el) || null;
      else if (hasClass(el, 'info__channel-name')) this.channel = nodeText(el) || null;
      else if (hasClass(el, 'info__channel-message-count')) this.preamble.push(nodeText(el));
      else if (hasClass(el, 'preamble__entry')) this.preamble.push(nodeText(el));
      else if (hasClass(el, 'postamble__entry')) this.postamble.push(nodeText(el));
      else return k;
      return end;
    }
    if (this.group && el.name === 'span') {
      if (hasClass(el, 'chatlog__author-name')) {
        this.group.author = authorOf(el);
        return end;
      }
      if (hasClass(el, 'chatlog__timestamp')) {
        this.group.rawTime = el.attribs.title ?? nodeText(el);
        return end;
      }
    }
    return k;
  }

  /** One message element (`elements[at]`): read into `pending`, or skipped with why. */
  private message(at: number): void {
    const { file, result } = this;
    const el = this.elements[at];
    const position = ++result.found;
    const line = file.lineAt(el.startIndex);
    const where = { file: file.name, position, ...(line ? { line } : {}) };
    const rawId = (el.attribs['data-message-id'] ?? '').trim();
    const id = SNOWFLAKE.test(rawId) ? rawId : null;
    this.shown.push(el.startIndex ?? -1);
    const skip = (code: string, why: string, severity: Diagnostic['severity'] = 'warning') =>
      result.skipped.push({ severity, code, message: why, ...where, ...(id ? { messageId: id } : {}) });
    const label = `message ${id ?? `at position ${position}`}`;
    let parts: Parts;
    try {
      parts = this.parts(at);
    } catch (err) {
      skip('unreadable', `${label}: ${(err as Error).message}`);
      return;
    }
    const group = this.group;
    const first = !group || group.count === 0;
    if (group) group.count++;
    if (parts.system) {
      skip('system-message', `${label}: a system notice (${preview(nodeText(parts.system), 80)}), not a message`, 'info');
      return;
    }
    // A message without its own author takes its group's (a later message of the group, or the older layout).
    if (parts.author && group) group.author = parts.author;
    const author = parts.author ?? group?.author ?? null;
    if (!author) return void skip('author-missing', `${label}: no author (chatlog__author) in it or its group`);
    const rawTime = parts.rawTime ?? group?.rawTime ?? null;
    if (!rawTime) return void skip('time-missing', `${label}: no time (chatlog__timestamp) in it or its group`);
    let after: string | null = null;
    if (!parts.rawTime && group) {
      if (group.timeOf === null) group.timeOf = id ?? '';
      else after = group.timeOf || null;
    }
    if (parts.edited) this.edited++;
    const replyTo = parts.replyTo ?? (first ? (group?.replyTo ?? null) : null);
    this.pending.push({
      rawTime,
      after: id ? after : null,
      reactions: parts.reactions,
      dropped: parts.dropped,
      where,
      message: {
        id,
        author,
        time: '',
        timePrecision: 'minute',
        text: parts.content ? nodeText(parts.content, this.textOptions) : '',
        url: null,
        replyTo,
        links: [...this.takeLinks(), ...parts.links],
        attachments: parts.attachments,
        position,
        ...(line ? { line } : {}),
      },
    });
  }

  /** The links collected while reading the last text. */
  private takeLinks(): string[] {
    const out = this.links;
    this.links = [];
    return out;
  }

  /** The parts of the message element `elements[at]`, off its own descendants. */
  private parts(at: number): Parts {
    const { elements, ends } = this;
    const p: Parts = { author: null, rawTime: null, replyTo: null, content: undefined, system: undefined, edited: false, reactions: 0, attachments: [], links: [], dropped: [] };
    for (let k = at + 1, end = ends[at]; k < end; k++) {
      const e = elements[k];
      if (e.type !== 'tag') {
        k = ends[k] - 1;
        continue;
      }
      const cls = e.attribs.class;
      if (!cls || !cls.includes('chatlog__')) continue;
      const jump = this.part(e, k, p);
      if (jump) k = ends[k] - 1;
    }
    return p;
  }

  /** One classed descendant of a message into `p`; true when its subtree was read (to be passed over). */
  private part(e: Element, k: number, p: Parts): boolean {
    if (hasClass(e, 'chatlog__content')) {
      p.content ??= e;
      return false;
    }
    if (hasClass(e, 'chatlog__edited-timestamp')) p.edited = true;
    else if (hasClass(e, 'chatlog__author') || hasClass(e, 'chatlog__author-name')) p.author ??= authorOf(e);
    else if (hasClass(e, 'chatlog__timestamp') || hasClass(e, 'chatlog__short-timestamp')) p.rawTime ??= e.attribs.title ?? nodeText(e);
    else if (hasClass(e, 'chatlog__reply') || hasClass(e, 'chatlog__reference')) p.replyTo ??= this.replyTarget(k);
    else if (hasClass(e, 'chatlog__system-notification-content')) p.system ??= e;
    else if (hasClass(e, 'chatlog__system-notification-timestamp')) p.rawTime ??= e.attribs.title ?? nodeText(e);
    else if (hasClass(e, 'chatlog__reactions')) p.reactions += this.reactionCount(k);
    else if (hasClass(e, 'chatlog__attachment')) this.attachment(k, p);
    else if (hasClass(e, 'chatlog__embed')) {
      const link = this.embedLink(k);
      if (link) p.links.push(link);
    } else return false;
    return true;
  }

  /** The id a reply block (`elements[at]`) links to, or null (the original was deleted). */
  private replyTarget(at: number): string | null {
    const { elements, ends } = this;
    for (let k = at; k < ends[at]; k++) {
      const m = SCROLL_TO.exec(elements[k].attribs?.onclick ?? '');
      if (m) return m[1];
    }
    return null;
  }

  /** The sum of a reactions block's counts (a reaction without a count is 1). */
  private reactionCount(at: number): number {
    const { elements, ends } = this;
    let total = 0;
    for (let k = at + 1; k < ends[at]; k++) {
      const e = elements[k];
      if (!hasClass(e, 'chatlog__reaction')) continue;
      let n = 1;
      for (let j = k + 1; j < ends[k]; j++) {
        if (hasClass(elements[j], 'chatlog__reaction-count')) {
          const digits = nodeText(elements[j]).replace(/\D/g, '');
          n = digits && digits.length <= 9 ? Number(digits) : 1;
          break;
        }
      }
      total += n;
      k = ends[k] - 1;
    }
    return total;
  }

  /**
   * An attachment block: its link (or the picture's or video's source) and
   * file name ("Image: unknown.png (7.75 KB)" in a title, or the generic
   * file's name); pictures and videos kept, other files on the web as links.
   */
  private attachment(at: number, p: Parts): void {
    const { elements, ends } = this;
    let ref = '';
    let name: string | null = null;
    for (let k = at + 1; k < ends[at]; k++) {
      const e = elements[k];
      if (e.type !== 'tag') continue;
      if (!ref && e.name === 'a' && e.attribs.href && e.attribs.href !== '#') ref = e.attribs.href;
      else if (!ref && (e.name === 'img' || e.name === 'video' || e.name === 'source' || e.name === 'audio') && e.attribs.src) ref = e.attribs.src;
      if (!name && e.attribs.title) name = /^[A-Za-z]{1,12}: (.{1,200}?)(?: \([\d.,]{1,12} [KMGT]?i?B\))?$/.exec(e.attribs.title)?.[1] ?? null;
      if (!name && hasClass(e, 'chatlog__attachment-generic-name')) name = nodeText(e) || null;
    }
    if (!ref) return;
    const got = attachmentOf(ref, name);
    if ('attachment' in got) p.attachments.push(got.attachment);
    else if ('link' in got) p.links.push(got.link);
    else p.dropped.push(got.dropped);
  }

  /** An embed's link: its title's, else its author's, else the first web link in it. */
  private embedLink(at: number): string | null {
    const { elements, ends } = this;
    let any: string | null = null;
    for (let k = at + 1; k < ends[at]; k++) {
      const e = elements[k];
      if (e.name !== 'a') continue;
      const url = safeHttpUrl(e.attribs.href);
      if (!url) continue;
      if (hasClass(e, 'chatlog__embed-title-link') || hasClass(e, 'chatlog__embed-author-name-link')) return url;
      any ??= url;
    }
    return any;
  }
}

/** An author span: handle = its `title` ("Name#1234" or the username), name = its text. */
function authorOf(el: Element): Author | null {
  const name = nodeText(el);
  const handle = (el.attribs.title ?? '').trim() || name;
  if (!handle) return null;
  return { handle, name: name && name !== handle ? name : null };
}

/** Discord's epoch (2015-01-01T00:00:00Z): a snowflake's top 42 bits count milliseconds from it. */
const DISCORD_EPOCH = 1420070400000;

/** When a snowflake id was made (ms since 1970), by BigInt: the id itself never goes through Number. */
export function snowflakeMs(id: string): number | null {
  if (!SNOWFLAKE.test(id)) return null;
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH;
}

/**
 * A later message of a group (older layout, no time of its own): the
 * group's time plus the whole minutes between its id's and the group's
 * first id's minutes, as the CSV and TXT exports write its own minute. Null
 * when the ids do not say (not snowflakes, out of order, a day or more apart).
 */
function laterInGroup(groupTime: string, id: string, first: string): string | null {
  const a = snowflakeMs(first);
  const b = snowflakeMs(id);
  if (a === null || b === null) return null;
  const minutes = Math.floor(b / 60000) - Math.floor(a / 60000);
  if (minutes < 0 || minutes >= 24 * 60) return null;
  return new Date(Date.parse(groupTime) + minutes * 60000).toISOString();
}

/** The zone the page's offset-less times are read in: the options', else the postamble's offset, else UTC. */
interface PageZone {
  choice: ReturnType<typeof zoneOf>;
  /** Minutes east of UTC the postamble states, used when the options name no zone. */
  stated: number | null;
}

/** Resolves the page's times and puts its messages (or their skips) into the result. */
function settle(file: ExportFile, reader: PageReader, zone: PageZone, result: ParseResult): void {
  const raws = reader.pending.map((p) => canonicalTime(p.rawTime));
  const order = dateOrder(raws);
  const tally = new FileTally();
  const useStated = !zone.choice.given && zone.stated !== null;
  let shifted = 0;
  let fromIds = 0;
  for (let i = 0; i < raws.length; i++) {
    const p = reader.pending[i];
    const raw = raws[i];
    let time: DiscordTime | null = readDiscordTime(raw, order, useStated ? 'utc' : zone.choice.zone);
    if (time && useStated && time.naive) {
      time = { ...time, time: new Date(Date.parse(time.time) - zone.stated! * 60000).toISOString(), naive: false };
      shifted++;
    }
    if (!time) {
      const id = p.message.id;
      result.skipped.push({ severity: 'warning', code: 'time-unreadable', message: `message ${id}: time ${preview(p.rawTime)} unreadable`, ...p.where, ...(id ? { messageId: id } : {}) });
      continue;
    }
    if (p.after && p.message.id) {
      const later = laterInGroup(time.time, p.message.id, p.after);
      if (later) {
        time = { ...time, time: later };
        fromIds++;
      }
    }
    tally.add(time, p.rawTime, p.reactions);
    for (const d of p.dropped) {
      const note = droppedAttachment(`message ${p.message.id}`, d, { ...p.where, line: p.where.line ?? 0 });
      if (!p.where.line) delete note.line;
      result.diagnostics.push(note);
    }
    p.message.time = time.time;
    p.message.timePrecision = time.precision;
    result.messages.push(p.message);
  }
  if (shifted) {
    const note = zone.choice.rejected === null ? '' : `the time zone "${zone.choice.rejected.slice(0, 64)}" is no IANA zone name; `;
    result.diagnostics.push({ severity: 'info', code: 'time-zone-stated', message: `${note}${shifted} time(s) read at ${offsetLabel(zone.stated!)}, as the export's postamble states (its offset when exported: with daylight saving, set \`timezone:\` in the notes or --time-zone)`, file: file.name });
  }
  if (fromIds) result.diagnostics.push({ severity: 'info', code: 'time-from-id', message: `${fromIds} message(s) show no time of their own (their group's is shown once): each one's minute is the group's time plus how much later its id says it was sent`, file: file.name });
  result.diagnostics.push(...tally.notes(file.name, zone.choice, order.order));
}

/** The page's file-level notes: edits, the stated message count, flattened markup. */
function pageNotes(file: ExportFile, reader: PageReader, result: ParseResult): void {
  const note = (severity: Diagnostic['severity'], code: string, message: string) => result.diagnostics.push({ severity, code, message, file: file.name });
  if (reader.edited) note('info', 'edited', `${reader.edited} message(s) marked "(edited)": the text is the edited one; the edit times are not kept`);
  for (const entry of [...reader.preamble, ...reader.postamble]) {
    const m = STATED_COUNT.exec(entry.trim());
    if (!m) continue;
    const stated = Number(m[1].replace(/\D/g, ''));
    if (stated !== result.found) note('warning', 'count-differs', `the export says ${stated} message(s) but ${result.found} message element(s) were found: the file may be cut short`);
    break;
  }
  if (file.flattenedTags) note('warning', 'nesting-flattened', `${file.flattenedTags} tag(s) nested too deep were left out of the page's structure`);
}

/** The page's title: guild and channel (older layout's info, newer layout's preamble), else `<title>`. */
function pageTitleOf(reader: PageReader, list: ElementList): string | null {
  if (reader.guild || reader.channel) return discordTitle(reader.guild, reader.channel);
  const entries = reader.preamble.filter((e) => !STATED_COUNT.test(e.trim()));
  if (entries.length >= 2) return discordTitle(entries[0], entries[1].split(' / ').pop() ?? entries[1]);
  const title = list.elements.find((e) => e.name === 'title');
  return titleText(title);
}

/** DCE's page: elements of its chat log's classes, and its header naming the guild (the stylesheet alone is not enough). */
export function looksLikeDceHtml(head: string): boolean {
  return /class="?chatlog__message-(?:group|container)\b/.test(head) && /class="?(?:info__guild-name|preamble__entr)/.test(head);
}

export const discordHtml: Importer = {
  name: 'discord-html',
  description: 'DiscordChatExporter HTML export (2019 and 2023+ layouts, dark or light, multi-page: replies, attachments, embeds; system notices reported)',

  detect(file: ExportFile): boolean {
    return looksLikeHtml(file) && looksLikeDceHtml(file.head(131072));
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    const result = emptyResult();
    const list = file.elements();
    const reader = new PageReader(file, list, result);
    reader.read();
    const stated = reader.postamble.map(statedOffset).find((o) => o !== null) ?? null;
    settle(file, reader, { choice: zoneOf(options), stated }, result);
    if (!reader.containers) reportHiddenRows(file, result, OLD_MARKER, reader.shown, 'message');
    if (!reader.oldMessages) reportHiddenRows(file, result, NEW_MARKER, reader.shown, 'message');
    pageNotes(file, reader, result);
    result.title = pageTitleOf(reader, list);
    return result;
  },
};
