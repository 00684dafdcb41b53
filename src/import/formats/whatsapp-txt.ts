/**
 * WhatsApp's "Export chat" text file (without media), both layouts:
 *
 * - Android: `12/31/20, 9:15 PM - Name: text` (also `31.12.2020, 21:15 - `,
 *   `2020-12-31 21:15 - `; a narrow no-break space before AM/PM);
 * - iOS: `[31/12/2020, 21:15:03] Name: text`, with the left-to-right marks
 *   (U+200E) iOS puts before system texts, placeholders and some lines.
 *
 * Every line that starts with a date and time is a message element; other
 * lines continue the message before (multi-line messages). A dated line
 * without "Name: " (someone joined, left, was added; the encryption notice),
 * and the encryption notice even where iOS writes the group's name before
 * it, is a system line: a diagnostic, not a message, and not counted.
 *
 * Day and month order is decided once per file from the values: a first
 * number above 12 means day-first, a second above 12 month-first; with no
 * such value, the order under which the dates never go back wins, and a
 * warning says which was taken and why. Two-digit years are 20yy. Times
 * are the phone's local clock, read in the jam's zone (notes `timezone:` or
 * `--time-zone`), else as UTC with a note.
 *
 * Media left out of the export (`<Media omitted>`, `image omitted`,
 * `<attached: …>`) stay messages with that placeholder as their text and no
 * attachment (there is no file or URL to point to): the message happened,
 * often as an answer, and a recap that dropped it would show the question
 * unanswered. "This message was deleted" is skipped. WhatsApp has no
 * message ids: the pipeline derives them from the content.
 */
import type { ExportFile } from '../export-file.ts';
import type { Importer, ParseOptions, ParseResult } from '../importer.ts';
import type { TimePrecision } from '../../model/transcript.ts';
import { zoneNote, zoneOf } from '../time.ts';
import { NameHandles, dayIndex, headerLineImporter, isDay, joinBody, joinBody1, lineDiagnostic, previewOf, splitLineTexts, zonedIsoTime } from './text-lines.ts';

/** Marks WhatsApp adds around texts and names (LRM, RLM, LRE…PDF): never part of what was typed there. */
const MARKS = /[\u200e\u200f\u202a-\u202e]/g;
/** The encryption notice, in English and in the languages of the exports seen (de, es, pt, fr, it, nl). */
const ENCRYPTION = /^(?:messages and calls are end-to-end encrypted|messages (?:you send )?to this (?:group|chat) are now secured with end-to-end encryption|nachrichten und anrufe sind ende-zu-ende-verschl|los mensajes y las llamadas est[aá]n cifrados de extremo a extremo|as mensagens e as chamadas s[aã]o protegidas com a criptografia de ponta a ponta|les messages et les appels sont chiffr[eé]s de bout en bout|i messaggi e le chiamate sono crittografati end-to-end|berichten en oproepen zijn end-to-end versleuteld)/i;
/**
 * Android and iOS system texts in other languages (de, es, pt), under the
 * group's or the actor's name: who created the group, added or removed
 * someone, left, changed a phone number. Short texts only, told by their
 * words and end (string tests: no regex to backtrack on a hostile line).
 */
function otherSystem(bare: string): boolean {
  if (bare.length > 400) return false;
  const t = (bare.endsWith('.') ? bare.slice(0, -1) : bare).toLowerCase();
  if (t.includes(' hat ')) {
    const u = t.endsWith(' tippe, um alle zu sehen') ? t.slice(0, t.lastIndexOf('.')) : t;
    return u.endsWith(' hinzugefügt') || u.endsWith(' entfernt') || u.endsWith(' die gruppe verlassen') || (u.includes(' hat die gruppe ') && u.endsWith(' erstellt')) || (u.includes('grupp') && u.endsWith(' geändert'));
  }
  if (t.endsWith(' ist der gruppe beigetreten') || t.endsWith(' ist beigetreten')) return true;
  if (t.includes(' cambió su número de teléfono') || t.includes(' mudou seu número de telefone') || t.includes(' mudou o número de telefone')) return true;
  return t.endsWith(' salió del grupo') || t.includes(' creó el grupo ') || t.includes(' criou o grupo ') || /^\S{1,80}(?: \S{1,80}){0,4} (?:añadió a|adicionou) /.test(t);
}

/** iOS system texts: a mark, then who did what (they come under the group's name). */
const IOS_SYSTEM = /^(?:.{1,80} (?:joined using this group's invite link|left|added .{1,200}|removed .{1,200}|changed the subject .{1,300}|changed this group's (?:icon|settings.{0,200})|changed the group description|created group .{1,300}|joined)|you were added|you joined .{1,200}|you're now an admin)$/i;
/** Media left out of the export: "<Media omitted>", "image omitted", "<attached: …>", Spanish "imagen omitida", German "Bild weggelassen". */
const MEDIA = /^(?:<media omitted>|(?:image|video|audio|sticker|gif|document|contact card) omitted|<attached: [^>\n]{1,300}>|<multimedia omitido>|(?:imagen|video|audio|sticker|gif|documento) omitid[oa]|(?:bild|video|audio|sticker|gif|dokument) weggelassen)$/i;
/** What WhatsApp leaves of a deleted message (en, de, es, pt, fr, it, nl), with or without iOS's full stop. */
const DELETED = /^(?:this message was deleted|you deleted this message|diese nachricht wurde gelöscht|du hast diese nachricht gelöscht|se eliminó este mensaje|eliminaste este mensaje|este mensaje fue eliminado|mensagem apagada|esta mensagem foi apagada|você apagou esta mensagem|ce message a été supprimé|vous avez supprimé ce message|questo messaggio è stato eliminato|hai eliminato questo messaggio|dit bericht is verwijderd|je hebt dit bericht verwijderd)\.?$/i;

/** A header line's parts, the date still as written. */
interface Header {
  a: number;
  b: number;
  c: number;
  /** The first number had four digits (year first). */
  yearFirst: boolean;
  dotted: boolean;
  h: number;
  mi: number;
  s: number | null;
  /** 'a' or 'p' for a 12-hour clock. */
  half: string | null;
  rest: string;
}

/** The header of a dated line, or null. */
function readHeader(raw: string): Header | null {
  // Both layouts start with a digit or "[" (after one left-to-right mark): no other line is tried against them.
  const first = raw.charCodeAt(0) === 0x200e ? raw.charCodeAt(1) : raw.charCodeAt(0);
  if (first !== 91 && !(first >= 48 && first <= 57)) return null;
  const line = raw.charCodeAt(0) === 0x200e ? raw.slice(1) : raw;
  const end = matchHeader(line);
  if (end < 0) return null;
  const m = GROUPS;
  const s = m[6] < 0 ? null : m[6];
  const head: Header = { a: m[0], b: m[1], c: m[2], yearFirst: m[7] === 4, dotted: m[3] === 46, h: m[4], mi: m[5], s, half: m[9] === 0 ? null : m[9] === 97 ? 'a' : 'p', rest: line.slice(end) };
  // "2020-12-31": the year first and the day two digits; otherwise the year last, two or four digits.
  if (head.yearFirst ? m[8] > 2 : m[7] > 2 || m[8] === 3) return null;
  if (head.half ? head.h < 1 || head.h > 12 : head.h > 23) return null;
  if (head.mi > 59 || (s !== null && s > 59)) return null;
  return head;
}

/**
 * What matchHeader read last: the first, second and third number of the
 * date, the separator's code, hour, minute, second (-1: none), how many
 * digits the first and the third number had, and the AM/PM letter (97 a,
 * 112 p, 0 none). One array filled in place: no match array and group
 * strings per line.
 */
const GROUPS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/** How many digits (0-9) run from `at` in `line`. */
function digitsAt(line: string, at: number): number {
  let i = at;
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i - at;
}

/** The number the `n` digits at `at` write. */
function numberAt(line: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + line.charCodeAt(i) - 48;
  return v;
}

/**
 * Where the body after a header starts, or -1: `line` read by character
 * codes as the regexes `^DATE_TIME - ` (Android) and `^\[DATE_TIME\] ` (iOS)
 * read it, into GROUPS, where DATE_TIME (date, time, an AM/PM suffix) is
 * `(\d{1,4})([./-])(\d{1,2})\2(\d{2,4}),? (\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[ \u202f\u00a0]?([AaPp])\.? ?[Mm]\.?)?`. Each part of DATE_TIME is a run that can be read
 * only one way (a digit run longer than its quantifier allows leaves a
 * digit where a separator must come; each optional part of the AM/PM suffix
 * is followed by something it cannot be), so no backtracking is needed.
 */
function matchHeader(line: string): number {
  const ios = line.charCodeAt(0) === 91;
  let i = ios ? 1 : 0;
  const n1 = digitsAt(line, i);
  if (n1 < 1 || n1 > 4) return -1;
  const sep = line.charCodeAt(i + n1);
  if (sep !== 46 && sep !== 47 && sep !== 45) return -1;
  GROUPS[0] = numberAt(line, i, n1);
  i += n1 + 1;
  const n2 = digitsAt(line, i);
  if (n2 < 1 || n2 > 2 || line.charCodeAt(i + n2) !== sep) return -1;
  GROUPS[1] = numberAt(line, i, n2);
  i += n2 + 1;
  const n3 = digitsAt(line, i);
  if (n3 < 2 || n3 > 4) return -1;
  GROUPS[2] = numberAt(line, i, n3);
  i += n3;
  if (line.charCodeAt(i) === 44) i++;
  if (line.charCodeAt(i++) !== 32) return -1;
  const n4 = digitsAt(line, i);
  if (n4 < 1 || n4 > 2) return -1;
  GROUPS[4] = numberAt(line, i, n4);
  i += n4;
  if (line.charCodeAt(i) !== 58 && line.charCodeAt(i) !== 46) return -1;
  if (digitsAt(line, i + 1) < 2) return -1;
  GROUPS[5] = numberAt(line, i + 1, 2);
  i += 3;
  GROUPS[6] = -1;
  const c = line.charCodeAt(i);
  if (c === 58 || c === 46) {
    if (digitsAt(line, i + 1) < 2) return -1;
    GROUPS[6] = numberAt(line, i + 1, 2);
    i += 3;
  }
  GROUPS[3] = sep;
  GROUPS[7] = n1;
  GROUPS[8] = n3;
  const afterHalf = halfAt(line, i);
  GROUPS[9] = afterHalf < 0 ? 0 : HALF;
  if (afterHalf >= 0) i = afterHalf;
  if (ios) return line.charCodeAt(i) === 93 && line.charCodeAt(i + 1) === 32 ? i + 2 : -1;
  return line.charCodeAt(i) === 32 && line.charCodeAt(i + 1) === 45 && line.charCodeAt(i + 2) === 32 ? i + 3 : -1;
}

/** The AM/PM letter halfAt read last, lower case (97 a, 112 p). */
let HALF = 0;

/** Where an AM/PM suffix (`[ \u202f\u00a0]?([AaPp])\.?[ \u202f\u00a0]?[Mm]\.?`: "PM", "p.m.", Spanish "p. m." with any of the three spaces) at `at` ends (its letter in HALF), or -1 for none. */
function halfAt(line: string, at: number): number {
  let i = at;
  const c = line.charCodeAt(i);
  if (c === 32 || c === 0x202f || c === 0xa0) i++;
  const l = line.charCodeAt(i) | 32;
  if (l !== 97 && l !== 112) return -1;
  i++;
  if (line.charCodeAt(i) === 46) i++;
  const space = line.charCodeAt(i);
  if (space === 32 || space === 0x202f || space === 0xa0) i++;
  if ((line.charCodeAt(i) | 32) !== 109) return -1;
  i++;
  if (line.charCodeAt(i) === 46) i++;
  HALF = l;
  return i;
}

type Order = 'dmy' | 'mdy' | 'ymd';

/** Year, month, day of a header under an order, or null when that is no calendar day. */
function ymd(h: Header, order: Order): [number, number, number] | null {
  if (order === 'ymd') return isDay(h.a, h.b, h.c) ? [h.a, h.b, h.c] : null;
  const y = h.c < 100 ? 2000 + h.c : h.c;
  const [mo, d] = order === 'dmy' ? [h.b, h.a] : [h.a, h.b];
  return y >= 1990 && y <= 2200 && isDay(y, mo, d) ? [y, mo, d] : null;
}

/** How many times the dates go back under an order (a wrong order makes them jump). */
function backwardSteps(headers: Header[], order: Order): number {
  let n = 0;
  let last = -Infinity;
  for (const h of headers) {
    const d = ymd(h, order);
    if (!d) continue;
    const day = dayIndex(d[0], d[1], d[2]);
    if (day < last) n++;
    last = day;
  }
  return n;
}

/** The file's day/month order and, when the values alone do not show it, why it was taken. */
function decideOrder(headers: Header[]): { order: Order; note: string | null } {
  const plain = headers.filter((h) => !h.yearFirst);
  if (!plain.length) return { order: 'ymd', note: null };
  const dayFirst = plain.filter((h) => h.a > 12).length;
  const monthFirst = plain.filter((h) => h.b > 12).length;
  if (dayFirst && !monthFirst) return { order: 'dmy', note: null };
  if (monthFirst && !dayFirst) return { order: 'mdy', note: null };
  if (dayFirst && monthFirst) {
    const order = dayFirst >= monthFirst ? 'dmy' : 'mdy';
    return { order, note: `dates disagree on the day/month order (${dayFirst} read only day-first, ${monthFirst} only month-first): read ${order === 'dmy' ? 'day-first' : 'month-first'}, as most of them; the others cannot be read` };
  }
  const back = { dmy: backwardSteps(plain, 'dmy'), mdy: backwardSteps(plain, 'mdy') };
  if (back.dmy !== back.mdy) {
    const order = back.dmy < back.mdy ? 'dmy' : 'mdy';
    return { order, note: `no date shows whether the day or the month comes first: read ${order === 'dmy' ? 'day-first' : 'month-first'}, the order under which the dates run forward (the other order goes back ${Math.max(back.dmy, back.mdy)} time(s))` };
  }
  const usual = plain[0].dotted || !plain[0].half ? 'dmy' : 'mdy';
  return { order: usual, note: `no date shows whether the day or the month comes first, and both orders run forward: read ${usual === 'dmy' ? 'day-first' : 'month-first'} (${usual === 'dmy' ? 'dotted or 24-hour dates are day-first in most locales' : 'a 12-hour clock with slashes is the US layout'})` };
}

/** The ISO time of a header, its clock read in `zone`, or null. */
function timeOf(h: Header, order: Order, zone: string): { time: string; precision: TimePrecision } | null {
  const d = ymd(h, h.yearFirst ? 'ymd' : order);
  if (!d) return null;
  const hour = h.half ? (h.h % 12) + (h.half === 'p' ? 12 : 0) : h.h;
  const time = zonedIsoTime(dayIndex(d[0], d[1], d[2]), hour, h.mi, h.s ?? 0, zone);
  return time === null ? null : { time, precision: h.s === null ? 'minute' : 'second' };
}

/** A name without the "~ " iOS puts before one that is not a contact (kept when nothing else is left). */
function stripTilde(name: string): string {
  if (name.charCodeAt(0) !== 0x7e) return name;
  const c = name.charCodeAt(1);
  const rest = c === 32 || c === 0x202f || c === 0xa0 ? name.slice(2).trim() : '';
  return rest || name;
}

/** A call in the chat's log: "Missed voice call", "Voice call, 19 sec", "Video call. 2 min". */
const CALL = /^(?:missed )?(?:group )?(?:voice|video) call(?:[.,] ?[\u200e ]?[^\n]{0,30})?$/i;

/** What WhatsApp appends to an edited message's text (en, de, es, pt). */
const EDITED = /^<(?:this message was edited|diese nachricht wurde bearbeitet|se editó este mensaje\.?|esta mensagem foi editada|mensagem editada)>$/i;

/** A text without the "<This message was edited>" WhatsApp appends, and whether it had one. */
function withoutEdited(text: string): { text: string; edited: boolean } {
  const lt = text.lastIndexOf('<');
  if (lt < 0 || text.length - lt > 60 || !EDITED.test(text.slice(lt))) return { text, edited: false };
  let end = lt;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 0x200e)) end--;
  return { text: text.slice(0, end), edited: true };
}

/** A dated line split into sender and text, or null for a system line. */
function splitSender(rest: string): { name: string; text: string } | null {
  // "Name:" with nothing after it: a message with no text (as "Name: " is).
  const colon = rest.indexOf(': ') >= 0 ? rest.indexOf(': ') : rest.endsWith(':') && rest.length > 1 ? rest.length - 1 : -1;
  if (colon < 0) return null;
  // iOS writes "~ " (a narrow no-break space since 2023) before a name that is not in the phone's contacts.
  const name = stripTilde(rest.slice(0, colon).replace(MARKS, '').trim());
  // "Ana changed the subject from “Q: next week”": a system line whose subject holds ": ".
  if (!name || name.includes('\u201c') || name.includes(' changed the subject')) return null;
  return { name, text: rest.slice(colon + 2) };
}

export const whatsappTxt: Importer = headerLineImporter(
  'whatsapp-txt',
  'WhatsApp "Export chat" text file (Android and iOS layouts, any date order, 12/24-hour clock)',
  (line) => readHeader(line) !== null,
  (file, options, result) => parseLines(file, splitLineTexts(file.text), options, result),
);

/** A dated line with its header and the lines that continue it. */
interface Entry {
  header: Header;
  line: number;
  body: string[];
}

/** Dated lines with their continuation lines; lines before the first dated one are counted. */
function entries(lines: string[]): { list: Entry[]; stray: number; firstStray: number } {
  const list: Entry[] = [];
  let stray = 0;
  let firstStray = 0;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const line = i + 1;
    const header = readHeader(text);
    if (header) list.push({ header, line, body: [header.rest] });
    else if (list.length) list[list.length - 1].body.push(text);
    else if (text.trim() !== '' && stray++ === 0) firstStray = line;
  }
  return { list, stray, firstStray };
}

/** A message that cannot be kept: a warning, counted as skipped (a function, not a closure made per message). */
function skipMessage(result: ParseResult, file: ExportFile, line: number, position: number, code: string, why: string): void {
  result.skipped.push(lineDiagnostic('warning', code, `message #${position}: ${why}; skipped`, file.name, line, position));
}

function parseLines(file: ExportFile, lines: string[], options: ParseOptions, result: ParseResult): void {
  const zone = zoneOf(options);
  const { list, stray, firstStray } = entries(lines);
  const { order, note } = decideOrder(list.map((e) => e.header));
  const handles = new NameHandles();
  const tally = { system: 0, media: 0, firstSystem: 0, edited: 0 };
  for (const e of list) {
    const said = splitSender(e.header.rest);
    // One line, the usual message: no array made for it.
    const text = !said ? '' : e.body.length === 1 ? joinBody1(said.text) : joinBody([said.text, ...e.body.slice(1)]);
    const bare = text.replace(MARKS, '');
    const system = !said || ENCRYPTION.test(bare) || (text.charCodeAt(0) === 0x200e && bare.length < 600 && IOS_SYSTEM.test(bare)) || otherSystem(bare);
    if (system) {
      if (tally.system++ === 0) tally.firstSystem = e.line;
      result.diagnostics.push(lineDiagnostic('info', 'system-line', `system line (${previewOf(said ? bare : e.header.rest.replace(MARKS, ''), 60)}): not a message`, file.name, e.line));
      continue;
    }
    result.found++;
    const position = result.found;
    const at = timeOf(e.header, order, zone.zone);
    if (!at) {
      skipMessage(result, file, e.line, position, 'time-unreadable', `the date cannot be a ${order === 'dmy' ? 'day-first' : order === 'mdy' ? 'month-first' : 'year-first'} date like the file's others`);
      continue;
    }
    const trimmed = bare.trim();
    if (DELETED.test(trimmed)) {
      result.skipped.push(lineDiagnostic('info', 'deleted-message', `message #${position}: deleted (WhatsApp left only "${trimmed}"); skipped`, file.name, e.line, position));
      continue;
    }
    if (trimmed.length < 80 && CALL.test(trimmed)) {
      result.skipped.push(lineDiagnostic('info', 'call', `message #${position}: a call (${previewOf(trimmed, 60)}), not a message; skipped`, file.name, e.line, position));
      continue;
    }
    if (trimmed === '') {
      skipMessage(result, file, e.line, position, 'empty-message', 'no text');
      continue;
    }
    const marked = text.charCodeAt(0) === 0x200e ? text.slice(1) : text;
    const { text: clean, edited } = withoutEdited(marked);
    if (edited) tally.edited++;
    // `clean` without its marks is `bare` (the mark taken off first is one of them).
    if (clean.length < 320 && MEDIA.test(trimmed)) tally.media++;
    result.messages.push({
      id: null,
      author: { handle: handles.handle(said!.name), name: said!.name },
      time: at.time,
      timePrecision: at.precision,
      text: clean,
      url: null,
      replyTo: null,
      links: [],
      position,
      line: e.line,
    });
  }
  const d = (severity: 'info' | 'warning', code: string, message: string) => result.diagnostics.push({ severity, code, message, file: file.name });
  if (stray) d('warning', 'not-a-message', `${stray} line(s) before the first dated line (first at line ${firstStray}) belong to no message: ignored`);
  if (note) d('warning', 'date-order', note);
  if (tally.system) d('info', 'system-lines', `${tally.system} system line(s) (joins, leaves, the encryption notice; first at line ${tally.firstSystem}) are not messages`);
  if (tally.edited) d('info', 'edited', `${tally.edited} message(s) were edited: WhatsApp's "<This message was edited>" taken off their text`);
  if (tally.media) d('info', 'media-omitted', `${tally.media} message(s) are media left out of the export ("<Media omitted>", "image omitted"): kept with that text, without an attachment`);
  const z = zoneNote(file.name, zone, result.messages.length, "the phone's local time");
  if (z) result.diagnostics.push(z);
  const names = handles.diagnostic(file.name);
  if (names) result.diagnostics.push(names);
}
