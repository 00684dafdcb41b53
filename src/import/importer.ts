/**
 * The one small interface every export format implements. An importer
 * recognizes its files (`detect`) and turns one into messages plus an
 * account of everything it met (`parse`). It knows nothing of questions,
 * participants, ids across files or the site: the pipeline does that.
 */
import type { Attachment, Author, Diagnostic, SourceNote, TimePrecision } from '../model/transcript.ts';
import type { ExportFile } from './export-file.ts';

/** A message as an importer read it, before the pipeline normalizes it. */
export interface ParsedMessage {
  /** Platform id (as a string), or null when the export has none. */
  id: string | null;
  author: Author;
  time: string;
  timePrecision: TimePrecision;
  text: string;
  url: string | null;
  replyTo: string | null;
  /** Set when the export marks a retweet explicitly; "RT @x:" texts are detected by the pipeline. */
  retweetOf?: { handle: string; id: string | null } | null;
  /** Links the export knows (expanded URLs); the pipeline adds URLs found in the text. */
  links: string[];
  /** Pictures and videos that came with the message (the pipeline checks their URLs and paths). */
  attachments?: Attachment[];
  /** 1-based position among the message elements of the file. */
  position: number;
  line?: number;
}

export interface ParseResult {
  messages: ParsedMessage[];
  /** Message elements met: must equal messages.length + skipped.length. */
  found: number;
  /** One diagnostic per message element that could not become a message. */
  skipped: Diagnostic[];
  /** Other findings (non-message elements, oddities); they do not count in `found`. */
  diagnostics: Diagnostic[];
  /** Non-message content kept for the editor (curator notes, images). */
  notes: SourceNote[];
  /** Page title, when the export has one. */
  title: string | null;
  /** The file lists messages newest first (a live chat room). */
  newestFirst?: boolean;
}

/** CSS selectors an editor supplies for an otherwise unknown chat page. */
export interface SelectorSpec {
  message: string;
  author: string;
  time: string;
  text: string;
  /** Attribute of the time element holding the machine time (default: its text). */
  timeAttr?: string;
  /** luxon format of the time (default: ISO, epoch, Twitter or RFC 2822 forms). */
  timeFormat?: string;
  /** Zone for times without an offset (default UTC). */
  timeZone?: string;
  /** Optional: element whose `href` is the permalink. */
  permalink?: string;
  /** Optional: attribute of the message element holding its id. */
  idAttr?: string;
  /**
   * Optional: element around several messages that shows their author and
   * time once (DiscordChatExporter's message groups). A message without its
   * own author/time element takes the last one before it in its group.
   */
  group?: string;
}

export interface ParseOptions {
  selectors?: SelectorSpec;
  /**
   * IANA zone of the times an export writes without an offset (Telegram,
   * WhatsApp, Zoom, IRC, Discord TXT/CSV): the notes' `timezone:` or
   * `--time-zone`. Without it such times are read as UTC, and the importer
   * says so in a diagnostic.
   */
  timeZone?: string;
  /**
   * The chat's day (YYYY-MM-DD, in `timeZone`) for exports whose times have
   * no date (Zoom's saved chat): the notes' `date:` or `--date`.
   */
  date?: string;
  /**
   * The channel to import from an export of several (a Slack workspace
   * export): its name (with or without `#`) or id; the notes' `channel:` or
   * `--channel`.
   */
  channel?: string;
}

export interface Importer {
  /** Short name used by `--format`, e.g. "tweetchat". */
  name: string;
  /** One line for `jamrecap formats`. */
  description: string;
  /** It reads the file's bytes, not its text (a .car, a .zip; for some of its files, a function): no findings about how the text was decoded. */
  binary?: boolean | ((file: ExportFile) => boolean);
  /** Cheap recognition; must not throw. */
  detect(file: ExportFile, options: ParseOptions): boolean;
  /** Must not throw on bad input: report problems as diagnostics. */
  parse(file: ExportFile, options: ParseOptions): ParseResult;
}

/** Helper for importers: an empty result to fill in. */
export function emptyResult(): ParseResult {
  return { messages: [], found: 0, skipped: [], diagnostics: [], notes: [], title: null };
}
