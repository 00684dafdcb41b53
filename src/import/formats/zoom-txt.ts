/**
 * Zoom's "Save chat" text file (`meeting_saved_chat.txt`), both layouts:
 *
 * - old (to 2022): one line per message, `HH:MM:SS\t From NAME : text` or
 *   `HH:MM:SS From NAME to Everyone : text`; further lines of a message
 *   follow as they are;
 * - new (2022+): a header `HH:MM:SS From NAME to Everyone:` (ending
 *   CR CR LF), then the text on the next line(s), each indented with a tab.
 *
 * Every header line is a message element. Private messages (a recipient
 * marked `(Direct Message)`, `(Privately)` or `(privately)`, or in a file
 * that names recipients, any recipient that is not a group such as
 * "Everyone") are never kept: each is counted as skipped, with a diagnostic
 * that names neither the text nor the people. Zoom writes no date: it is
 * the jam's `date` (notes `date:` or `--date`), else the one the file or
 * folder name holds (Zoom's folders are "2020-05-12 10.00.00 Topic
 * 123456789"; when both give one and they differ, the jam's wins, said in a
 * note); without any, each message is skipped (`date-unknown`) and one
 * error says how to give the day (a time without a day cannot be kept:
 * jamrecap reads no time before 1990). A clock that goes back past
 * midnight moves to the next day. Times are the meeting's local clock,
 * read in the jam's zone (notes `timezone:` or `--time-zone`), else as UTC
 * with a note. Zoom has no message ids: the pipeline derives them from the
 * content.
 *
 * A reply (2023+) starts `Replying to "the first words..."` then a blank
 * line: when an earlier kept message of the file starts with those words,
 * the reply points to it (by the id the pipeline will derive for it) and
 * the quoting line is taken off the text; otherwise the text stays whole.
 */
import type { ExportFile } from '../export-file.ts';
import type { Importer, ParseOptions, ParseResult, ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import { contentId } from '../../model/ids.ts';
import { zoneNote, zoneOf } from '../time.ts';
import { NameHandles, chatDay, dateUnknownError, dateUnknownSkip, headerLineImporter, isBlank, pad2, joinBody, lineDiagnostic, lineBounds, trimmedEnd, zonedIsoTime, type LineBounds } from './text-lines.ts';

/** A recipient marked private. */
const PRIVATE = /\((?:privately|direct message)\)/i;
/** Recipients that are the whole meeting or a group of it, not one person. */
const GROUPS = /^(?:everyone|all panelists(?: and attendees)?|all attendees|hosts? and panelists|waiting room participants)$/i;

/** One message header: who, to whom, and the text on its own line (old layout) or null (new layout). */
interface Header {
  seconds: number;
  h: number;
  mi: number;
  s: number;
  /** Sender and recipient as written, spaces collapsed. */
  who: string;
  /** Whether `who` may hold "(" (false: it holds none, seen as it was read). */
  paren: boolean;
  /** Old layout: the text after " : ". New layout: null (the text follows on tab-indented lines). */
  text: string | null;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isBlankChar = (c: number): boolean => c === 32 || c === 9;
/** The number two digits at `at` write. */
const twoDigits = (line: string, at: number): number => (line.charCodeAt(at) - 48) * 10 + line.charCodeAt(at + 1) - 48;

/**
 * Where the text after a header's start begins (`HH:MM:SS`, white space,
 * `From`, white space: the start of every message), read by character
 * codes as the regex `^(\d{2}):(\d{2}):(\d{2})[ \t]+From[ \t]+` reads it (no match array and group strings
 * per line; each run of spaces and tabs taken whole, as the greedy `[ \t]+`
 * does, "From" being no space), or -1 when the line does not start so. The
 * line starts at `at` in `text` (a line, or the whole file): the checks stop
 * at the first character that fails, and a line ending (or the end of the
 * text) fails every one, so nothing past the line is read.
 */
function headerEnd(text: string, at: number): number {
  if (!isDigit(text.charCodeAt(at)) || !isDigit(text.charCodeAt(at + 1)) || text.charCodeAt(at + 2) !== 58) return -1;
  if (!isDigit(text.charCodeAt(at + 3)) || !isDigit(text.charCodeAt(at + 4)) || text.charCodeAt(at + 5) !== 58) return -1;
  if (!isDigit(text.charCodeAt(at + 6)) || !isDigit(text.charCodeAt(at + 7)) || !isBlankChar(text.charCodeAt(at + 8))) return -1;
  let i = at + 9;
  while (isBlankChar(text.charCodeAt(i))) i++;
  // "From" by its character codes (F r o m), then a space or tab.
  if (text.charCodeAt(i) !== 70 || text.charCodeAt(i + 1) !== 114 || text.charCodeAt(i + 2) !== 111 || text.charCodeAt(i + 3) !== 109 || !isBlankChar(text.charCodeAt(i + 4))) return -1;
  i += 5;
  while (isBlankChar(text.charCodeAt(i))) i++;
  return i;
}

/**
 * A header line, or null when the line is not one (it continues the
 * message before). The line is `text` from `start` to `stop` (a line ending
 * or the end of `text` at `stop`): read in place, as the line's string is.
 */
function readHeader(text: string, start = 0, stop = text.length): Header | null {
  const end = headerEnd(text, start);
  if (end < 0) return null;
  const h = twoDigits(text, start);
  const mi = twoDigits(text, start + 3);
  const s = twoDigits(text, start + 6);
  if (h > 23 || mi > 59 || s > 59) return null;
  // The colons after `end`, found by indexOf: the first " : ", else the first ": ". The last search may pass the line's end, but never the next header's first colon (so the file is scanned once in all).
  let spaced = -1;
  let colon = -1;
  for (let p = text.indexOf(':', end); p !== -1 && p < stop; p = text.indexOf(':', p + 1)) {
    if (text.charCodeAt(p + 1) !== 32) continue;
    if (p > end && text.charCodeAt(p - 1) === 32) {
      spaced = p - 1;
      break;
    }
    if (colon < 0) colon = p;
  }
  let whoEnd: number;
  let body: string | null;
  if (spaced >= 0) {
    whoEnd = spaced;
    body = text.slice(spaced + 3, stop);
  } else {
    const trimmed = trimmedEnd(text, end, stop);
    if (trimmed > end && text.charCodeAt(trimmed - 1) === 58) {
      whoEnd = trimmed - 1;
      body = null;
    } else {
      if (colon < 0) return null;
      whoEnd = colon;
      body = text.slice(colon + 2, stop);
    }
  }
  return { seconds: h * 3600 + mi * 60 + s, h, mi, s, who: whoIn(text, end, whoEnd), paren: whoParen, text: body };
}

/** Whether the `who` whoIn made last may hold "(" (false only when its scan saw none). */
let whoParen = true;

/**
 * The sender and recipient written from `from` to `to` in a header line,
 * runs of spaces and tabs as one space, trimmed. Most are printable ASCII at
 * both ends with no tab or two spaces in a row: cut out as they are.
 */
function whoIn(line: string, from: number, to: number): string {
  const a = line.charCodeAt(from);
  const z = line.charCodeAt(to - 1);
  if (to > from && a > 32 && a < 127 && z > 32 && z < 127) {
    let k = from;
    // A tab, or a space after a space, stops the scan (the last character is no space: no pair of spaces reaches past `to`).
    let paren = false;
    for (let prev = 0; k < to; k++) {
      const c = line.charCodeAt(k);
      if (c === 9 || (c === 32 && prev === 32)) break;
      if (c === 40) paren = true;
      prev = c;
    }
    if (k === to) {
      whoParen = paren;
      return line.slice(from, to);
    }
  }
  whoParen = true;
  const who = line.slice(from, to);
  // Runs of spaces and tabs become one space (only a tab or two spaces in a row change anything).
  const collapsed = who.includes('\t') || who.includes('  ') ? who.replace(/[ \t]+/g, ' ') : who;
  return collapsed.trim();
}

/** Sender of a header's `who` (`paren` false: it holds no "("), or why it is not kept ("private" / "recipient"). */
function sender(who: string, namesRecipients: boolean, paren = true): { name: string } | { drop: 'private' | 'recipient' } {
  if (paren && who.includes('(') && PRIVATE.test(who)) return { drop: 'private' };
  if (!namesRecipients) return { name: who };
  // "to Everyone", and since 2023 "To Everyone".
  const to = Math.max(who.lastIndexOf(' to '), who.lastIndexOf(' To '), who.lastIndexOf(' TO '));
  if (to < 0) return { name: who };
  return GROUPS.test(who.slice(to + 4).trim()) ? { name: who.slice(0, to).trim() } : { drop: 'recipient' };
}

/** Does the file name recipients ("From A to Everyone")? Then a name with " to " and an unknown recipient is not published. `headers`: each line's, by index (the line from `starts` to `ends` in the text). */
function namesRecipients(starts: Int32Array, ends: Int32Array, headers: (Header | null)[]): boolean {
  for (let i = 0; i < headers.length; i++) {
    const h = ends[i] - starts[i] < 4096 ? headers[i] : null;
    if (h && endsWithToEveryone(h.who)) return true;
  }
  return false;
}

const TO_EVERYONE = ' to everyone';

/** Does `who` end with " to everyone", in any case of its ASCII letters (as `/ to everyone$/i` reads it: no other letter folds to these)? */
function endsWithToEveryone(who: string): boolean {
  const at = who.length - TO_EVERYONE.length;
  if (at < 0) return false;
  for (let i = 0; i < TO_EVERYONE.length; i++) {
    const want = TO_EVERYONE.charCodeAt(i);
    const c = who.charCodeAt(at + i);
    if (c !== want && !(want !== 32 && c === want - 32)) return false;
  }
  return true;
}

/**
 * What a body that is only a reaction says ("a reaction with 👍"), or null.
 * Zoom (2023+) writes a reaction as a message of its own: `Reacted to "the
 * message's first words..." with 👍`, or `Removed a "👍" reaction from "…"`.
 */
function reactionOf(body: string[]): string | null {
  const first = body[0] ?? '';
  let i = 0;
  while (first.charCodeAt(i) === 32 || first.charCodeAt(i) === 9) i++;
  if (!first.startsWith('Reacted to "', i) && !first.startsWith('Removed a "', i)) return null;
  const text = joinBody(body);
  if (text.length > 2000) return null;
  const m = REACTED.exec(text);
  if (m) return `a reaction with ${m[1]}`;
  return /^ *Removed a "[^"\n]{1,24}" reaction from "/.test(text) ? 'a reaction taken back' : null;
}

/** The end of a `Reacted to "…" with 👍` body: the emoji after the quote. */
const REACTED = /" with ([^\s"]{1,24})$/;

/** How many kept messages back a reply's quoted message is looked for. */
const REPLY_WINDOW = 500;

/**
 * A reply's target and its text without the quoting line, or null: `text`
 * starts `Replying to "SNIPPET"` (Zoom's snippet is the target's first 20
 * characters and "...", or its whole text when shorter), then a blank line;
 * the target is the latest of the last REPLY_WINDOW kept messages whose
 * text starts with the snippet (white space compared loosely: the snippet
 * keeps the target's line breaks and tabs).
 */
function replyOf(text: string, kept: readonly ParsedMessage[]): { to: string; text: string } | null {
  if (!text.startsWith('Replying to "')) return null;
  const from = 'Replying to "'.length;
  // The snippet ends at a quote that ends a line; it is a few lines at most.
  const end = text.indexOf('"\n', from);
  if (end < 0 || end > from + 200) return null;
  const rest = text.slice(end + 2).replace(/^[ \t]*\n/, '');
  if (rest.trim() === '') return null;
  const snippet = loose(text.slice(from, end));
  const dots = snippet.endsWith('...') ? 3 : snippet.endsWith('\u2026') ? 1 : 0;
  const start = snippet.slice(0, snippet.length - dots);
  if (start === '') return null;
  for (let i = kept.length - 1; i >= 0 && i >= kept.length - REPLY_WINDOW; i--) {
    const t = kept[i].text;
    const head = loose(t.slice(0, start.length * 2 + 40));
    if (dots ? head.startsWith(start) : head === start && t.length <= start.length * 2 + 40) return { to: contentId('zoom-txt', kept[i].author.handle, kept[i].time, t), text: rest };
  }
  return null;
}

/** `s` with each run of white space as one space, and trimmed. */
const loose = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Is every line blank (`lines.every(isBlank)`, without a callback)? */
function allBlank(lines: string[]): boolean {
  for (let i = 0; i < lines.length; i++) if (!isBlank(lines[i])) return false;
  return true;
}

/** Not `looksLikeHtml` in detect: a chat about web pages has "<div" in its messages. */
export const zoomTxt: Importer = headerLineImporter(
  'zoom-txt',
  'Zoom "Save chat" text file (meeting_saved_chat.txt), old and new layouts; private messages are dropped',
  (line) => readHeader(line) !== null,
  parseLines,
);

/** The message being read: its header and body lines so far. */
interface Open {
  header: Header;
  line: number;
  position: number;
  body: string[];
  name: string | null;
}

/** The bounds of the file read last (lineBounds fills them), arrays grown and reused from file to file. */
const LINES: LineBounds = { count: 0, starts: new Int32Array(1024), ends: new Int32Array(1024) };

function parseLines(file: ExportFile, options: ParseOptions, result: ParseResult): void {
  // Headers are read in place in the file's text; other lines are cut out as they are met.
  const all = file.text;
  const { starts, ends, count } = lineBounds(all, LINES);
  const chat = chatDay(file.path, options, file.name);
  const zone = zoneOf(options);
  const headers: (Header | null)[] = new Array(count);
  for (let i = 0; i < count; i++) headers[i] = readHeader(all, starts[i], ends[i]);
  const recipients = namesRecipients(starts, ends, headers);
  const handles = new NameHandles();
  let day = chat.day;
  let zoned = 0;
  let lastSeconds = -1;
  let midnights = 0;
  let open: Open | null = null;
  let stray = 0;
  let firstStray = 0;
  let privates = 0;
  let reactions = 0;
  let replies = 0;
  /** Messages skipped for want of a day, and the line of the first. */
  let undated = 0;
  let firstUndated = 0;

  const close = () => {
    if (!open) return;
    const o = open;
    open = null;
    if (o.name === null) return;
    // The joined body is blank exactly when each of its lines is (joining drops only white space).
    if (allBlank(o.body)) {
      result.skipped.push(lineDiagnostic('warning', 'empty-message', `message #${o.position}: no text after its header; skipped`, file.name, o.line, o.position));
      return;
    }
    const reaction = reactionOf(o.body);
    if (reaction) {
      reactions++;
      result.skipped.push(lineDiagnostic('info', 'reaction', `message #${o.position}: ${reaction}, not a message; skipped`, file.name, o.line, o.position));
      return;
    }
    if (!chat.from) {
      if (undated++ === 0) firstUndated = o.line;
      result.skipped.push(dateUnknownSkip(file.name, o.line, o.position));
      return;
    }
    const hd = o.header;
    const time = zonedIsoTime(day, hd.h, hd.mi, hd.s, zone.zone);
    if (time === null) {
      result.skipped.push(lineDiagnostic('warning', 'time-unreadable', `message #${o.position}: ${chat.date} ${[hd.h, hd.mi, hd.s].map(pad2).join(':')} is no time in ${zone.zone}; skipped`, file.name, o.line, o.position));
      return;
    }
    const body = joinBody(o.body);
    const reply = replyOf(body, result.messages);
    if (reply) replies++;
    const text = reply ? reply.text : body;
    zoned++;
    const message: ParsedMessage = {
      id: null,
      author: { handle: handles.handle(o.name), name: o.name },
      time,
      timePrecision: 'second',
      text,
      url: null,
      replyTo: reply ? reply.to : null,
      links: [],
      position: o.position,
      line: o.line,
    };
    result.messages.push(message);
  };

  for (let i = 0; i < count; i++) {
    const line = i + 1;
    const header = headers[i];
    if (!header) {
      const text = all.slice(starts[i], ends[i]);
      // The new layout indents each line of the text with one tab; the old one writes them as typed.
      if (open) (open as Open).body.push((open as Open).header.text === null && text.charCodeAt(0) === 9 ? text.slice(1) : text);
      else if (text.trim() !== '' && stray++ === 0) firstStray = line;
      continue;
    }
    close();
    result.found++;
    const position = result.found;
    // Read day before the message is kept: a clock that goes back more than an hour passed midnight.
    if (lastSeconds >= 0 && header.seconds < lastSeconds - 3600) {
      day++;
      midnights++;
    }
    lastSeconds = header.seconds;
    const who = sender(header.who, recipients, header.paren);
    if ('drop' in who) {
      privates++;
      const why = who.drop === 'private' ? 'a private message' : 'addressed to one person, not to everyone';
      result.skipped.push(lineDiagnostic('info', 'private-message', `message #${position}: ${why}; never published (its text is not shown here)`, file.name, line, position));
      open = { header, line, position, body: [], name: null };
      continue;
    }
    if (who.name === '') {
      result.skipped.push(lineDiagnostic('warning', 'author-missing', `message #${position}: no sender name after "From"; skipped`, file.name, line, position));
      open = { header, line, position, body: [], name: null };
      continue;
    }
    open = { header, line, position, body: header.text === null ? [] : [header.text], name: who.name };
  }
  close();

  const d = (severity: 'info' | 'warning', code: string, message: string) => result.diagnostics.push({ severity, code, message, file: file.name });
  if (stray) d('warning', 'not-a-message', `${stray} line(s) before the first message header (first at line ${firstStray}) are not part of any message: ignored`);
  if (reactions) d('info', 'reactions', `${reactions} reaction(s) ("Reacted to \"…\" with 👍") are not messages: counted as skipped`);
  if (replies) d('info', 'replies', `${replies} repl(y/ies) ("Replying to \"…\"") point to the message they quote: the quoting line is taken off their text`);
  if (privates) d('info', 'private-messages', `${privates} private message(s) dropped: never published, counted as skipped`);
  result.diagnostics.push(...chat.notes);
  if (chat.from === 'options') d('info', 'date-from-options', `Zoom writes no date: ${chat.date}, the jam's date (notes \`date:\` or --date), is used`);
  else if (chat.from && chat.named) d('info', 'date-from-name', `Zoom writes no date: ${chat.date} read from the ${chat.from} (${preview(chat.named.text)})`);
  else if (undated) result.diagnostics.push(dateUnknownError('Zoom writes no date', 'the file and folder names hold none either', undated, file.name, firstUndated));
  const z = zoneNote(file.name, zone, zoned, "the meeting's clock");
  if (z) result.diagnostics.push(z);
  if (midnights) d('info', 'midnight-passed', `the clock went past midnight ${midnights} time(s): later messages are dated the next day`);
  const names = handles.diagnostic(file.name);
  if (names) result.diagnostics.push(names);
}
