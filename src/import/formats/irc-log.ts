/**
 * IRC channel logs, one line per event, in the common client and bouncer
 * layouts:
 *
 * - irssi: `HH:MM <nick> text` (or `HH:MM:SS`), `--- Log opened Tue Jan 14
 *   10:00:00 2009` and `--- Day changed Wed Jan 15 2009` setting the date;
 * - WeeChat: `YYYY-MM-DD HH:MM:SS<TAB>nick<TAB>text` (`-->`, `<--`, `--`
 *   and ` *` in the nick column for joins, parts, other events and actions);
 * - ZNC: `[HH:MM:SS] <nick> text` (its files are named by date);
 * - dircproxy: `[14 Jan 12:36] <nick!ident@host> +text`: no year (taken
 *   from the file name, counted on at each new January), and the
 *   identify-msg flag (`+`/`-`) glued to the text of the nicks that have it
 *   on every message, which is removed.
 *
 * `<nick> text` lines and `* nick action` lines are message elements (an
 * action keeps IRC's `* nick ` before its text). Joins, parts, quits, mode,
 * nick and topic changes, notices and connection markers are not messages:
 * each kind is one diagnostic with its count and first line. Times without
 * their own date take the date lines', else the jam's `date` (notes `date:`
 * or `--date`; it wins over a different date in the file name, with a note),
 * else the file name's. dircproxy's year comes from the same date, else a
 * year alone in the file name. A message whose day (or year) none of them
 * gives is skipped (`date-unknown`), with one error for the file saying how
 * to give it: a time without a day cannot be kept (jamrecap reads no time
 * before 1990), and no placeholder day is made up. Dated times
 * are the logging client's clock, read in the jam's zone (notes `timezone:`
 * or `--time-zone`), else as UTC with a note. IRC has no message ids: the
 * pipeline derives them from the content.
 */
import type { ExportFile } from '../export-file.ts';
import type { Importer, ParseOptions, ParseResult, ParsedMessage } from '../importer.ts';
import { preview } from '../../model/entities.ts';
import type { TimePrecision } from '../../model/transcript.ts';
import { zoneNote, zoneOf, type ZoneChoice } from '../time.ts';
import { NameHandles, UNKNOWN_YEAR, chatDay, dateUnknownError, dateUnknownSkip, dayIndex, guardedParse, headLines, isBlank, isDay, lineDiagnostic, splitLineTexts, trimLineEnd, yearFromPath, zonedIsoTime, type ChatDay } from './text-lines.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const WEECHAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\t/;
const ZNC = /^\[(\d{2}):(\d{2})(?::(\d{2}))?\] /;
const IRSSI = /^(\d{2}):(\d{2})(?::(\d{2}))? /;
/** "--- Log opened Tue Jan 14 10:00:00 2009", "--- Day changed Wed Jan 15 2009". */
const DATE_LINE = new RegExp(`^--- (?:Log opened|Day changed) [A-Z][a-z]{2} (${MONTH}) (\\d{1,2}) (?:\\d{2}:\\d{2}:\\d{2} )?(\\d{4})`);

/** What a line holds once its time is read. */
type Kind = 'join' | 'part' | 'quit' | 'mode' | 'nick' | 'topic' | 'notice' | 'connection' | 'other-event';

/** A line's time, as far as the line itself says it. */
interface Stamp {
  /** Full date on the line (WeeChat), or day and month (dircproxy), or none. */
  y: number | null;
  m: number | null;
  d: number | null;
  h: number;
  mi: number;
  s: number | null;
  layout: 'weechat' | 'dircproxy' | 'znc' | 'irssi';
}

/**
 * The stamp `readStamp` (or `dircproxyStamp`) read last: one object filled
 * in place, as each line's stamp is used before the next line is read (no
 * stamp object and body string per line).
 */
const STAMP: Stamp = { y: null, m: null, d: null, h: 0, mi: 0, s: null, layout: 'irssi' };

/** A line's time stamp, read into STAMP: where the body after it starts, or -1 for a line with none (dircproxy's not tried when `dircproxy` is false: it was read already, and is none). */
function readStamp(line: string, dircproxy = true): number {
  // WeeChat and irssi stamps start with a digit, dircproxy and ZNC ones with "[": only those layouts are tried.
  const first = line.charCodeAt(0);
  let m: RegExpExecArray | null;
  if (first === 91) {
    const body = dircproxy ? dircproxyStamp(line) : -1;
    if (body >= 0) return body;
    m = ZNC.exec(line);
  } else if (first >= 48 && first <= 57) {
    m = WEECHAT.exec(line);
    if (m) return setStamp(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], 'weechat', m[0].length);
    m = IRSSI.exec(line);
  } else return -1;
  if (m) return setStamp(null, null, null, +m[1], +m[2], m[3] === undefined ? null : +m[3], first === 91 ? 'znc' : 'irssi', m[0].length);
  return -1;
}

/** Fills STAMP; returns `body` (where the line's body starts). */
function setStamp(y: number | null, m: number | null, d: number | null, h: number, mi: number, s: number | null, layout: Stamp['layout'], body: number): number {
  STAMP.y = y;
  STAMP.m = m;
  STAMP.d = d;
  STAMP.h = h;
  STAMP.mi = mi;
  STAMP.s = s;
  STAMP.layout = layout;
  return body;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The month (1-12) whose name ("Jan") the three characters at `at` write, as `MONTHS.indexOf(slice) + 1` reads them (no slice); 0 for none. */
function monthAt(line: string, at: number): number {
  const b = line.charCodeAt(at + 1);
  const c = line.charCodeAt(at + 2);
  // By the first letter, then the other two: J a n, F e b, M a r, A p r, M a y, J u n, J u l, A u g, S e p, O c t, N o v, D e c.
  switch (line.charCodeAt(at)) {
    case 74: // J
      return b === 97 && c === 110 ? 1 : b === 117 && c === 110 ? 6 : b === 117 && c === 108 ? 7 : 0;
    case 70: // F
      return b === 101 && c === 98 ? 2 : 0;
    case 77: // M
      return b === 97 && c === 114 ? 3 : b === 97 && c === 121 ? 5 : 0;
    case 65: // A
      return b === 112 && c === 114 ? 4 : b === 117 && c === 103 ? 8 : 0;
    case 83: // S
      return b === 101 && c === 112 ? 9 : 0;
    case 79: // O
      return b === 99 && c === 116 ? 10 : 0;
    case 78: // N
      return b === 111 && c === 118 ? 11 : 0;
    case 68: // D
      return b === 101 && c === 99 ? 12 : 0;
    default:
      return 0;
  }
}

/**
 * A dircproxy stamp ("[14 Jan 10:36] ", "[14 Jan 10:36:07] ") at the start
 * of a line, read by character codes exactly as the regex
 * `^\[(\d{1,2}) (Jan|…|Dec) (\d{2}):(\d{2})(?::(\d{2}))?\] ` reads it (no
 * match array and group strings per line), into STAMP: where the body
 * after it starts, or -1.
 */
function dircproxyStamp(line: string): number {
  if (line.charCodeAt(0) !== 91 || !isDigit(line.charCodeAt(1))) return -1;
  let i = 2;
  let day = line.charCodeAt(1) - 48;
  if (isDigit(line.charCodeAt(2))) day = day * 10 + line.charCodeAt(i++) - 48;
  if (line.charCodeAt(i++) !== 32) return -1;
  const month = monthAt(line, i);
  if (month === 0 || line.charCodeAt(i + 3) !== 32) return -1;
  i += 4;
  if (!isDigit(line.charCodeAt(i)) || !isDigit(line.charCodeAt(i + 1)) || line.charCodeAt(i + 2) !== 58 || !isDigit(line.charCodeAt(i + 3)) || !isDigit(line.charCodeAt(i + 4))) return -1;
  const h = twoDigits(line, i);
  const mi = twoDigits(line, i + 3);
  i += 5;
  let s: number | null = null;
  if (line.charCodeAt(i) === 58 && isDigit(line.charCodeAt(i + 1)) && isDigit(line.charCodeAt(i + 2)) && line.charCodeAt(i + 3) === 93 && line.charCodeAt(i + 4) === 32) {
    s = twoDigits(line, i + 1);
    i += 3;
  }
  if (line.charCodeAt(i) !== 93 || line.charCodeAt(i + 1) !== 32) return -1;
  return setStamp(null, month, day, h, mi, s, 'dircproxy', i + 2);
}

/** The number two digits at `at` write. */
const twoDigits = (line: string, at: number): number => (line.charCodeAt(at) - 48) * 10 + line.charCodeAt(at + 1) - 48;

/** A message line's nick (modes and ident cut off), whether it carried `!ident@host`, and text; or an event kind; or null. */
type Read = { nick: string; ident: boolean; text: string; action: boolean } | { kind: Kind } | null;

/** The event kind of an irssi/dircproxy/ZNC event line's text. */
function eventKind(text: string): Kind {
  const t = text.slice(0, 400);
  if (/ (?:has )?joined\b|^ ?Joins:/.test(t)) return 'join';
  if (/ (?:has )?(?:left|parted)\b|^ ?Parts:/.test(t)) return 'part';
  if (/ (?:has )?quit\b|^ ?Quits:/.test(t)) return 'quit';
  if (/\bis now known as\b/.test(t)) return 'nick';
  if (/\b(?:changed mode|sets mode)\b|\bmode\//.test(t)) return 'mode';
  if (/\b(?:changed (?:the )?topic|topic)\b/i.test(t)) return 'topic';
  if (/\b(?:You|connected|disconnected|Log closed)\b/.test(t)) return 'connection';
  return 'other-event';
}

/** Whether the nick `cleanNick` read last carried `!ident@host`. */
let nickHadIdent = false;

/** A nick as written in `<…>` or a WeeChat nick column: without the padding, the mode sign and `!ident@host` (whether it had one: nickHadIdent). */
function cleanNick(raw: string): string {
  let n = raw.trim();
  while (n.length > 1 && '@+%~&'.includes(n[0])) n = n.slice(1);
  const bang = n.indexOf('!');
  nickHadIdent = bang > 0;
  return bang > 0 ? n.slice(0, bang) : n;
}

/** One Read of each event kind, made once. */
const EVENTS = Object.fromEntries((['join', 'part', 'quit', 'mode', 'nick', 'topic', 'notice', 'connection', 'other-event'] as const).map((kind) => [kind, { kind }])) as Record<Kind, { kind: Kind }>;

/**
 * The message Read the readers return: one object filled in place (each
 * line's Read is used before the next line is read).
 */
const MESSAGE = { nick: '', ident: false, text: '', action: false };

/** MESSAGE filled with a message line's reading. */
function messageRead(nick: string, ident: boolean, text: string, action: boolean): Read {
  MESSAGE.nick = nick;
  MESSAGE.ident = ident;
  MESSAGE.text = text;
  MESSAGE.action = action;
  return MESSAGE;
}

/** The body of an irssi, ZNC or dircproxy line: `line` from `at` on (read in place, as `line.slice(at)` would be). */
function readBody(line: string, at: number): Read {
  if (line.startsWith('<', at)) {
    const close = line.indexOf('>', at) - at;
    if (close < 2) return null;
    const nick = cleanNick(line.slice(at + 1, at + close));
    return nick ? messageRead(nick, nickHadIdent, line.slice(line.charCodeAt(at + close + 1) === 32 ? at + close + 2 : at + close + 1), false) : null;
  }
  const body = line.slice(at);
  if (body.startsWith('* ') || body.startsWith(' * ')) {
    const rest = body.slice(body.indexOf('* ') + 2);
    const sp = rest.indexOf(' ');
    const nick = sp < 0 ? rest : rest.slice(0, sp);
    return nick ? messageRead(cleanNick(nick), false, `* ${rest}`, true) : null;
  }
  if (body.startsWith('-->') || body.startsWith('<--') || body.startsWith('---') || body.startsWith('-!-') || body.startsWith('***')) return EVENTS[eventKind(body.slice(3))];
  if (/^-[^\s-]{1,64}- /.test(body)) return EVENTS.notice;
  return null;
}

/** The body of a WeeChat line: `nick<TAB>text`, or an event in the nick column. */
function readWeechat(body: string): Read {
  const tab = body.indexOf('\t');
  if (tab < 0) return null;
  const col = body.slice(0, tab).trim();
  const text = body.slice(tab + 1);
  if (col === '-->') return EVENTS.join;
  if (col === '<--') return /\bquit\b/.test(text.slice(0, 400)) ? EVENTS.quit : EVENTS.part;
  if (col === '--' || col === '=!=') return EVENTS[eventKind(text)];
  if (col === '*') {
    const sp = text.indexOf(' ');
    const nick = sp < 0 ? text : text.slice(0, sp);
    return nick ? messageRead(cleanNick(nick), false, `* ${text}`, true) : null;
  }
  const nick = cleanNick(col);
  return nick ? messageRead(nick, nickHadIdent, text, false) : null;
}

/**
 * A WeeChat line's body read from the line with its end trimmed, or from
 * the line as written when that has no message column left: a message of
 * only white space (`nick<TAB> `) loses its tab to the trim, and is read as
 * a message with no text (skipped as `empty-message`, counted).
 */
function weechatLine(body: string, raw: string, trimmed: string): Read {
  const read = readWeechat(body);
  if (read !== null || raw.length === trimmed.length) return read;
  return readWeechat(raw.slice(trimmed.length - body.length));
}

/** Does a line look like an IRC log line (for `detect`)? */
function ircLine(line: string): boolean {
  if (DATE_LINE.test(line)) return true;
  const at = readStamp(line);
  if (at < 0) return false;
  const read = STAMP.layout === 'weechat' ? readWeechat(line.slice(at)) : readBody(line, at);
  return read !== null;
}

export const ircLog: Importer = {
  name: 'irc-log',
  description: 'IRC channel log (irssi, WeeChat, ZNC, dircproxy line formats); joins, parts and mode changes are not messages',

  detect(file: ExportFile): boolean {
    const first = headLines(file.text, 3);
    return first.length > 0 && ircLine(first[0]) && first.every(ircLine);
  },

  parse(file: ExportFile, options: ParseOptions): ParseResult {
    return guardedParse('irc-log', file, (result) => new IrcReader(file, options, result).run());
  },
};

/** Reads one log: the date as it goes, messages, and tallies for the summary diagnostics. */
class IrcReader {
  private readonly handles = new NameHandles();
  private readonly events = new Map<Kind, { n: number; line: number }>();
  /** The day the jam's date or the file name gives. */
  private readonly chat: ChatDay;
  private readonly zone: ZoneChoice;
  /** By position: whether the message's time was read in the zone (those with a known date); and how many are. */
  private readonly zoned: boolean[] = [];
  private zonedCount = 0;
  /** The day (see dayIndex) times without their own date are on; the date lines, the jam's date and the file name set it. */
  private day: number;
  private dayFrom: 'date lines' | 'given' | 'unknown';
  private lastSeconds = -1;
  private midnights = 0;
  /** dircproxy: the year "14 Jan" is in, and the last month seen (a smaller one is the next year). */
  private year: number;
  /** The year the jam's date or the file name holds, if any. */
  private readonly nameYear: number | null;
  /** Where `nameYear` came from, for the summary. */
  private readonly yearFrom: string;
  /** How the first year of a dircproxy log was chosen, for the summary. */
  private yearNote = '';
  /** By line (index = line - 1), as firstYear read them: where the body after a dircproxy stamp starts (-1: none), its month * 100 + day, and (hour * 100 + minute) * 101 + second (100: none). */
  private dircproxy = { bodies: new Int32Array(0), dates: new Int32Array(0), times: new Int32Array(0) };
  private lastMonth = 0;
  private newYears = 0;
  private stray = { n: 0, line: 0 };
  /** Messages skipped for want of a day (or year), and the line of the first. */
  private undated = { n: 0, line: 0 };
  /** Messages whose nick carried `!ident@host`, by nick: their identify-msg flags are decided at the end. */
  private readonly flagged = new Map<string, ParsedMessage[]>();

  constructor(
    private readonly file: ExportFile,
    options: ParseOptions,
    private readonly result: ParseResult,
  ) {
    this.chat = chatDay(file.path, options, file.name);
    this.zone = zoneOf(options);
    this.day = this.chat.day;
    this.dayFrom = this.chat.from ? 'given' : 'unknown';
    const nameYear = yearFromPath(file.path);
    this.nameYear = this.chat.date ? Number(this.chat.date.slice(0, 4)) : nameYear;
    this.yearFrom = this.chat.from === 'options' ? "the jam's date (notes `date:` or --date)" : 'the year in the file name';
    this.year = this.nameYear ?? UNKNOWN_YEAR;
  }

  run(): void {
    let layout: Stamp['layout'] | null = null;
    const lines = splitLineTexts(this.file.text);
    this.year = this.firstYear(lines);
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i];
      const line = i + 1;
      const text = trimLineEnd(raw);
      if (text === '') continue;
      if (this.dateLine(text)) continue;
      if (text.startsWith('--- Log closed')) {
        this.event('connection', line);
        continue;
      }
      const at = this.stampOf(i, text);
      const read = at < 0 ? null : STAMP.layout === 'weechat' ? weechatLine(text.slice(at), raw, text) : readBody(text, at);
      if (!read) {
        if (this.stray.n++ === 0) this.stray.line = line;
        continue;
      }
      layout ??= STAMP.layout;
      if ('kind' in read) {
        this.event(read.kind, line);
        continue;
      }
      this.message(STAMP, read, line);
    }
    this.removeFlags();
    this.summarize(layout);
  }

  /**
   * Line `i`'s stamp (`text` is the line with its end trimmed) read into
   * STAMP, as `readStamp(text)` reads it: its dircproxy stamp is the one
   * firstYear read on the line as written, which the trimmed line has too
   * when the trim leaves the space after it (the stamp is read from the
   * characters before its body only); where the body starts, or -1.
   */
  private stampOf(i: number, text: string): number {
    const body = this.dircproxy.bodies[i];
    if (body < 0 || body > text.length) return readStamp(text, false);
    const date = this.dircproxy.dates[i];
    const time = this.dircproxy.times[i];
    const s = time % 101;
    const hm = (time - s) / 101;
    return setStamp(null, Math.floor(date / 100), date % 100, Math.floor(hm / 100), hm % 100, s === 100 ? null : s, 'dircproxy', body);
  }

  /** Counts an event line of a kind. */
  private event(kind: Kind, line: number): void {
    const e = this.events.get(kind) ?? { n: 0, line };
    e.n++;
    this.events.set(kind, e);
  }

  /**
   * The year a dircproxy log (day and month only) starts in. The log runs
   * into a new year at each month smaller than the one before; a 29 Feb
   * shows which of those years is a leap year. The file name's year is taken
   * as the first year when the leap days allow it, else as a later one (a
   * log named "2009" that has a 29 Feb in its first year began in 2008).
   * Without a year in the name, a placeholder before 1990 is taken.
   */
  private firstYear(lines: string[]): number {
    let offset = 0;
    let last = 0;
    let seen = false;
    const leapOffsets = new Set<number>();
    const bodies = new Int32Array(lines.length);
    const dates = new Int32Array(lines.length);
    const times = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const body = (bodies[i] = dircproxyStamp(lines[i]));
      if (body < 0) continue;
      dates[i] = STAMP.m! * 100 + STAMP.d!;
      times[i] = (STAMP.h * 100 + STAMP.mi) * 101 + (STAMP.s ?? 100);
      seen = true;
      const month = STAMP.m!;
      if (month < last) offset++;
      last = month;
      if (month === 2 && STAMP.d === 29) leapOffsets.add(offset);
    }
    this.dircproxy = { bodies, dates, times };
    if (!seen) return this.nameYear ?? UNKNOWN_YEAR;
    const fits = (y: number) => [...leapOffsets].every((k) => isDay(y + k, 2, 29));
    const base = this.nameYear ?? UNKNOWN_YEAR;
    for (let back = 0; back <= (this.nameYear === null ? 3 : offset); back++) {
      if (!fits(base - back)) continue;
      if (back && this.nameYear !== null) this.yearNote = ` (${this.nameYear} is a later year of the log: a 29 Feb in it shows it began in ${base - back})`;
      return base - back;
    }
    this.yearNote = ' (its 29 Feb dates fit no year it could start in: they cannot be read)';
    return base;
  }

  /** A "--- Log opened" / "--- Day changed" line: sets the day. */
  private dateLine(text: string): boolean {
    if (!text.startsWith('--- ')) return false;
    const m = DATE_LINE.exec(text);
    if (!m) return false;
    const [y, mo, d] = [+m[3], MONTHS.indexOf(m[1]) + 1, +m[2]];
    if (isDay(y, mo, d)) {
      this.day = dayIndex(y, mo, d);
      this.dayFrom = 'date lines';
      this.lastSeconds = -1;
    }
    return true;
  }

  /** The day and time of a stamp, null when the stamp is no real time, or 'undated' when nothing gives its day. */
  private when(st: Stamp): { time: string; precision: TimePrecision } | null | 'undated' {
    if (st.h > 23 || st.mi > 59 || (st.s !== null && st.s > 59)) return null;
    const precision: TimePrecision = st.s === null ? 'minute' : 'second';
    const secs = st.h * 3600 + st.mi * 60 + (st.s ?? 0);
    let day: number;
    /** Whether the day is known (not a placeholder): only then does the zone apply. */
    let dated: boolean;
    if (st.layout === 'weechat') {
      if (!isDay(st.y!, st.m!, st.d!)) return null;
      day = dayIndex(st.y!, st.m!, st.d!);
      dated = true;
    } else if (st.layout === 'dircproxy') {
      if (st.m! < this.lastMonth) {
        this.year++;
        this.newYears++;
      }
      this.lastMonth = st.m!;
      if (!isDay(this.year, st.m!, st.d!)) return null;
      day = dayIndex(this.year, st.m!, st.d!);
      dated = this.nameYear !== null;
    } else {
      // Without date lines, a clock going back more than an hour has passed midnight.
      if (this.dayFrom !== 'date lines' && this.lastSeconds >= 0 && secs < this.lastSeconds - 3600) {
        this.day++;
        this.midnights++;
      }
      this.lastSeconds = secs;
      day = this.day;
      dated = this.dayFrom !== 'unknown';
    }
    if (!dated) return 'undated';
    const time = zonedIsoTime(day, st.h, st.mi, st.s ?? 0, this.zone.zone);
    return time === null ? null : { time, precision };
  }

  private message(st: Stamp, read: { nick: string; ident: boolean; text: string; action: boolean }, line: number): void {
    const result = this.result;
    result.found++;
    const position = result.found;
    const at = this.when(st);
    if (at === 'undated') {
      if (this.undated.n++ === 0) this.undated.line = line;
      result.skipped.push(dateUnknownSkip(this.file.name, line, position));
      return;
    }
    if (!at) {
      result.skipped.push(lineDiagnostic('warning', 'time-unreadable', `message #${position}: the time stamp is not a real date and time; skipped`, this.file.name, line, position));
      return;
    }
    const message: ParsedMessage = {
      id: null,
      author: { handle: this.handles.handle(read.nick), name: null },
      time: at.time,
      timePrecision: at.precision,
      text: read.text,
      url: null,
      replyTo: null,
      links: [],
      position,
      line,
    };
    result.messages.push(message);
    this.zoned[position] = true;
    this.zonedCount++;
    if (read.ident && !read.action) {
      const list = this.flagged.get(read.nick) ?? [];
      list.push(message);
      this.flagged.set(read.nick, list);
    }
  }

  /**
   * dircproxy glues the identify-msg flag (`+` identified, `-` not) to the
   * text of the nicks whose messages come with it. A nick with the flag on
   * at least 90% of its messages has it: one leading `+`/`-` comes off each
   * of them. Then empty messages are skipped.
   */
  private removeFlags(): void {
    let removed = 0;
    let nicks = 0;
    for (const list of this.flagged.values()) {
      const withFlag = list.filter((m) => m.text[0] === '+' || m.text[0] === '-').length;
      if (withFlag < list.length * 0.9) continue;
      nicks++;
      for (const m of list) {
        if (m.text[0] !== '+' && m.text[0] !== '-') continue;
        m.text = m.text.slice(1);
        removed++;
      }
    }
    if (removed) {
      this.result.diagnostics.push({ severity: 'info', code: 'identify-flag', message: `the identify-msg flag (+/-) that dircproxy glues to the text was removed from ${removed} message(s) of ${nicks} nick(s)`, file: this.file.name });
    }
    const kept: ParsedMessage[] = [];
    for (const m of this.result.messages) {
      if (!isBlank(m.text)) kept.push(m);
      else {
        if (this.zoned[m.position]) {
          this.zoned[m.position] = false;
          this.zonedCount--;
        }
        this.result.skipped.push(lineDiagnostic('info', 'empty-message', `message #${m.position}: no text; skipped`, this.file.name, m.line!, m.position));
      }
    }
    this.result.messages = kept;
  }

  private summarize(layout: Stamp['layout'] | null): void {
    const name = this.file.name;
    const d = (severity: 'info' | 'warning', code: string, message: string, line?: number) =>
      this.result.diagnostics.push({ severity, code, message, file: name, ...(line ? { line } : {}) });
    for (const [kind, e] of this.events) d('info', `irc-${kind}`, `${e.n} ${kind} line(s) (first at line ${e.line}): not messages`, e.line);
    if (this.stray.n) d('warning', 'not-a-message', `${this.stray.n} line(s) are no IRC log line (first at line ${this.stray.line}): ignored`, this.stray.line);
    if (!this.result.found) return;
    if (this.undated.n) {
      const [lead, detail] =
        layout === 'dircproxy'
          ? ['dircproxy writes no year', "the log's first day; the file name holds no year either"]
          : ['this log writes no date before these messages (no "--- Log opened" or "--- Day changed" line)', 'the file name holds none either (YYYY-MM-DD)'];
      this.result.diagnostics.push(dateUnknownError(lead, detail, this.undated.n, name, this.undated.line));
    }
    if (layout === 'dircproxy') {
      const first = this.year - this.newYears;
      if (this.nameYear !== null) {
        d('info', 'year-from-name', `dircproxy writes no year: the log is taken to begin in ${first}, from ${this.yearFrom}${this.yearNote}${this.newYears ? `, and to run into a new year ${this.newYears} time(s) (a month smaller than the one before)` : ''}`);
      }
    } else if (layout !== 'weechat' && this.dayFrom !== 'unknown') {
      if (this.chat.from === 'options') d('info', 'date-from-options', `the jam's date ${this.chat.date} (notes \`date:\` or --date) is the log's first day`);
      else if (this.chat.named) d('info', 'date-from-name', `the date ${this.chat.date} was read from the ${this.chat.named.from} (${preview(this.chat.named.text)})`);
    }
    this.result.diagnostics.push(...this.chat.notes);
    if (this.midnights) d('info', 'midnight-passed', `the clock went past midnight ${this.midnights} time(s): later messages are dated the next day`);
    const zone = zoneNote(name, this.zone, this.zonedCount, "the logging client's clock");
    if (zone) this.result.diagnostics.push(zone);
    const names = this.handles.diagnostic(name);
    if (names) this.result.diagnostics.push(names);
  }
}
