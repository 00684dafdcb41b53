/**
 * The normalized transcript model. Every importer produces `Message`s; the
 * pipeline (`src/import/pipeline.ts`) turns them into one `Transcript`; the
 * site and every download render from this model only.
 *
 * Ids are strings end to end: tweet ids exceed 2^53 and would lose precision
 * as JavaScript numbers.
 */

export const TRANSCRIPT_SCHEMA = 'jamrecap.transcript/1';

/** How precise a message's time is. Embedded tweets only carry a day. */
export type TimePrecision = 'second' | 'minute' | 'day';

export interface Author {
  /** Handle without "@"; identity is case-insensitive (compare with `handleKey`). */
  handle: string;
  /** Display name, when the export has one. */
  name: string | null;
  /**
   * The author's picture as the saved page keeps it (`<name>_files/...`), a
   * path relative to the export file's folder (as `Attachment.file`; the
   * key `file` is one redaction renames). Absent when the export has none:
   * the site draws initials then.
   */
  avatar?: { file: string };
}

/** Where a message came from, so an editor can find it again in the export. */
export interface MessageOrigin {
  /** File name (basename) of the export. */
  file: string;
  /** Importer name, e.g. "tweetchat". */
  format: string;
  /** 1-based position of the message element in document order. */
  position: number;
  /** 1-based line of the element in the export, when known. */
  line?: number;
}

/** Why a message belongs to its question (null question => null). */
export type QuestionVia = 'question' | 'override' | 'tag' | 'reply' | 'retweet' | 'time';

/**
 * Where a message sits in the chat: `before` the first question (the
 * warm-up), in the `chat` (from the first question to the end of the last
 * one's discussion), or `after` it (closing chatter, next-day tweets). When an
 * export holds several chats and one is picked, the others are before/after.
 */
export type ChatPhase = 'before' | 'chat' | 'after';

/** A picture or video that came with a message. */
export interface Attachment {
  kind: 'image' | 'video';
  /** Where the media or its page is on the web (shown as a link, never loaded by the site). */
  url: string | null;
  /** Alternative text (the export's alt text or caption). */
  alt: string | null;
  /**
   * The copy a saved page keeps beside it (`<name>_files/...`), as a path
   * relative to the export file's folder; the site copies it when it exists.
   */
  file: string | null;
}

export interface Message {
  /** Platform id where the export has one, else `h-` + a stable hash. */
  id: string;
  author: Author;
  /** ISO 8601 in UTC: `YYYY-MM-DDTHH:MM:SS.sssZ`, or `YYYY-MM-DD` for day precision. */
  time: string;
  timePrecision: TimePrecision;
  /** Plain text, entities decoded, no markup. */
  text: string;
  /** Permalink (http/https only). */
  url: string | null;
  /** Id of the message this one replies to. */
  replyTo: string | null;
  /** Set when the message is a retweet/repost. */
  retweetOf: { handle: string; id: string | null } | null;
  /** Handles mentioned (without "@", original case, first occurrence order). */
  mentions: string[];
  /** Hashtags (without "#", original case). */
  hashtags: string[];
  /** http(s) links, expanded where the export has the expansion. */
  links: string[];
  /** Question id ("Q1") this message asks or answers, or null. */
  question: string | null;
  /** How `question` was decided. */
  questionVia: QuestionVia | null;
  /** Before, during or after the chat (a late tagged answer is `after` with its question). */
  phase: ChatPhase;
  /** Pictures and videos posted with the message. */
  attachments: Attachment[];
  origin: MessageOrigin;
  /**
   * Every export this message was found in, when more than one had it (the
   * same id, or the same author and text within two minutes: see
   * src/import/merge.ts), in the order they were read; absent when one
   * export had it. Re-read from a transcript jamrecap wrote, it keeps the
   * exports listed there (`origin` then names the transcript).
   */
  sources?: MessageOrigin[];
}

export interface Question {
  /**
   * As the host numbered it: "Q1" ("Q0" exists in real chats), "T2" for a
   * chat of topics or tasks, "Q1a"/"Q1b" for sub-questions.
   */
  id: string;
  number: number;
  text: string;
  askedAt: string;
  /** The message that asked it. */
  messageId: string;
  /**
   * AMA sections only (crowd asks, guests answer; src/questions/ama.ts):
   * who asked it. Its presence marks the transcript as an AMA; tweet-chat
   * questions never have it.
   */
  asker?: string;
  /** AMA sections only: whether a guest answered it (unanswered questions are listed, to be counted). */
  answered?: boolean;
}

export interface Participant {
  handle: string;
  name: string | null;
  messages: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem or a notable thing met while importing, with where it was. */
export interface Diagnostic {
  severity: Severity;
  /** Short machine-readable code, e.g. "duplicate", "not-a-message", "time-unreadable". */
  code: string;
  message: string;
  file: string;
  line?: number;
  position?: number;
  /** Id of the message concerned (e.g. the kept one a duplicate merged into). */
  messageId?: string;
}

/** Non-message content of an export that the editor may want (Storify curator notes). */
export interface SourceNote {
  kind: 'text' | 'image' | 'video' | 'link' | 'other';
  position: number;
  text: string;
  url?: string | null;
}

/** What one export adds to a transcript merged from several (contributed = unique + merged). */
export interface SourceCoverage {
  /** The transcript's messages this export has. */
  contributed: number;
  /** Those no other export has. */
  unique: number;
  /** Those another export has too (merged into one message). */
  merged: number;
}

/** A span of time (ISO, UTC), and how many whole minutes it lasts. */
export interface TimeSpan {
  start: string;
  end: string;
  minutes: number;
}

/** Accounting for one export file: found = kept + merged + skipped. */
export interface SourceSummary {
  file: string;
  format: string;
  encoding: string;
  bytes: number;
  sha256: string;
  /** Title of the page, when it has one. */
  title: string | null;
  found: number;
  kept: number;
  merged: number;
  skipped: number;
  notes: SourceNote[];
  diagnostics: Diagnostic[];
  /** With several exports: what this one adds to the transcript. */
  coverage?: SourceCoverage;
}

export interface JamInfo {
  title: string | null;
  hashtag: string | null;
  hosts: string[];
  /** How hosts were decided. */
  hostsFrom: 'given' | 'inferred' | 'none';
  /** When the chat began (its first question, or the editor's `start`); null without questions. */
  start: string | null;
  /** When its discussion ended (closing thanks, a long quiet, or the editor's `end`). */
  end: string | null;
  /**
   * With several exports: the spans of five minutes or more inside the jam
   * (the editor's start, else its first message, to the editor's end, else
   * its last message) in which no export has a message: what all the
   * exports may have missed.
   */
  gaps?: TimeSpan[];
}

export interface Transcript {
  schema: typeof TRANSCRIPT_SCHEMA;
  jam: JamInfo;
  sources: SourceSummary[];
  questions: Question[];
  participants: Participant[];
  /** Chronological (stable for equal times: by source order). */
  messages: Message[];
}

/** Identity of a handle: case-insensitive, and the same whatever its Unicode form (NFC). */
export function handleKey(handle: string): string {
  return handle.replace(/^@/, '').normalize('NFC').toLowerCase();
}
