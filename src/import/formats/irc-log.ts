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
import { NameHandles, UNKNOWN_YEAR, chatDay, dateUnknownError, dateUnknownSkip, dayIndex, guardedParse, headLines, isBlank, isDay, lineBounds, lineDiagnostic, trimmedEnd, yearFromPath, zonedIsoTime, type ChatDay } from './text-lines.ts';

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
 * A dircproxy stamp ("[14 Jan 10:36] ", "[14 Jan 10:36:07] ") at `from` in
 * `text` (a line's start), read by character codes exactly as the regex
 * `^\[(\d{1,2}) (Jan|…|Dec) (\d{2}):(\d{2})(?::(\d{2}))?\] ` reads the line
 * (no match array and group strings per line), into STAMP: where the body
 * after it starts (an offset in `text`), or -1. `text` may be the whole
 * file: each character is looked at only once those before it matched, and
 * a line ending (or the end of the text) matches nothing, so nothing past
 * the line is read.
 */
function dircproxyStamp(text: string, from = 0): number {
  if (text.charCodeAt(from) !== 91 || !isDigit(text.charCodeAt(from + 1))) return -1;
  let i = from + 2;
  let day = text.charCodeAt(from + 1) - 48;
  if (isDigit(text.charCodeAt(i))) day = day * 10 + text.charCodeAt(i++) - 48;
  if (text.charCodeAt(i++) !== 32) return -1;
  const month = monthAt(text, i);
  if (month === 0 || text.charCodeAt(i + 3) !== 32) return -1;
  i += 4;
  if (!isDigit(text.charCodeAt(i)) || !isDigit(text.charCodeAt(i + 1)) || text.charCodeAt(i + 2) !== 58 || !isDigit(text.charCodeAt(i + 3)) || !isDigit(text.charCodeAt(i + 4))) return -1;
  const h = twoDigits(text, i);
  const mi = twoDigits(text, i + 3);
  i += 5;
  let s: number | null = null;
  if (text.charCodeAt(i) === 58 && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 93 && text.charCodeAt(i + 4) === 32) {
    s = twoDigits(text, i + 1);
    i += 3;
  }
  if (text.charCodeAt(i) !== 93 || text.charCodeAt(i + 1) !== 32) return -1;
  return setStamp(null, month, day, h, mi, s, 'dircproxy', i + 2);
}

/** Does `text` hold `s` at `at` (`text.startsWith(s, at)`, compared in place: cheaper for the short nicks and event texts looked for)? */
function sameAt(text: string, at: number, s: string): boolean {
  for (let k = 0; k < s.length; k++) if (text.charCodeAt(at + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** How many speakers IrcReader keeps by the hash of their nick (a power of two). */
const SPEAKER_SLOTS = 64;

/** The number two digits at `at` write. */
const twoDigits = (line: string, at: number): number => (line.charCodeAt(at) - 48) * 10 + line.charCodeAt(at + 1) - 48;

/** A message line's nick (modes and ident cut off), whether it carried `!ident@host`, and text; or an event kind; or null. */
type Read = MessageRead | { kind: Kind } | null;

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

/** Is `c` one of the mode signs `@+%~&` cleanNick takes off a nick? */
const isModeSign = (c: number): boolean => c === 64 || c === 43 || c === 37 || c === 126 || c === 38;

/** One Read of each event kind, made once. */
const EVENTS = Object.fromEntries((['join', 'part', 'quit', 'mode', 'nick', 'topic', 'notice', 'connection', 'other-event'] as const).map((kind) => [kind, { kind }])) as Record<Kind, { kind: Kind }>;

/**
 * The message Read the readers return: one object filled in place (each
 * line's Read is used before the next line is read).
 */
const MESSAGE: MessageRead = { nick: '', ident: false, text: '', action: false, flag: '', speaker: null, printable: false };

/**
 * A message line's reading: `flag` is the identify-msg flag (`+`/`-`)
 * already taken off `text`, or '' (see IrcReader.removeFlags); `speaker` the
 * nick's Speaker when the reader found it already, else null.
 */
interface MessageRead {
  nick: string;
  ident: boolean;
  text: string;
  action: boolean;
  flag: string;
  speaker: Speaker | null;
  /** `text` is known to start with printable ASCII other than a space (so is not blank). */
  printable: boolean;
}

/** A nick of a log: its author once one of its messages is kept, and its messages with `!ident@host` (see IrcReader.removeFlags), if any. */
interface Speaker {
  nick: string;
  author: ParsedMessage['author'] | null;
  flagged: Flagged | null;
}

/** A nick's messages with `!ident@host`: how many, and those whose identify-msg flag was taken off, by flag. */
interface Flagged {
  n: number;
  /** The messages whose `+` was taken off, and those whose `-` was. */
  plus: ParsedMessage[];
  minus: ParsedMessage[];
}

/** MESSAGE filled with a message line's reading. */
function messageRead(nick: string, ident: boolean, text: string, action: boolean, flag = '', speaker: Speaker | null = null, printable = false): Read {
  MESSAGE.nick = nick;
  MESSAGE.ident = ident;
  MESSAGE.text = text;
  MESSAGE.action = action;
  MESSAGE.flag = flag;
  MESSAGE.speaker = speaker;
  MESSAGE.printable = printable;
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
  if (/^-\S{1,64}- /.test(body)) return EVENTS.notice;
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
  /** How many kept messages have their time read in the zone (every message kept has a known date). */
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
  private lastMonth = 0;
  private newYears = 0;
  private stray = { n: 0, line: 0 };
  /** Messages skipped for want of a day (or year), and the line of the first. */
  private undated = { n: 0, line: 0 };
  /** The nicks by name: each one's author, made once (the pipeline makes its own author objects, never changes these), and its messages with `!ident@host`, whose identify-msg flags are decided at the end (see removeFlags). */
  private readonly speakers = new Map<string, Speaker>();
  /** Speakers of `<nick>` lines met so far, by a hash of the nick (see speakerIn): one per slot, the last one met. */
  private readonly recentSpeakers: (Speaker | undefined)[] = new Array(SPEAKER_SLOTS).fill(undefined);
  /**
   * By line (index = line - 1), six bytes each, as firstYear read them: a
   * dircproxy stamp's length (0: no stamp), month, day, hour, minute and
   * second (255: none); every one is below 100.
   */
  private stamps = new Uint8Array(0);
  /** The last few event texts and their kinds (see eventKindAt), and which to replace next. */
  private readonly recentEvents: { text: string; kind: Kind }[] = [];
  /** Event kinds by text (see eventKindAt). */
  private readonly eventKinds = new Map<string, Kind>();
  private recentNext = 0;
  /** Indexes in the messages of those whose text was blank when read (see removeFlags). */
  private readonly blanks: number[] = [];
  /** The layout of the first line read as a message or event. */
  private layout: Stamp['layout'] | null = null;
  /** The first '>' at or after the line being read, or -1 for none (found again once passed: one scan of the file in all). */
  private gt = -1;
  /** The day and seconds `when` wrote a time for last, and that time (messages come in runs within a minute). */
  private timeDay = Number.NaN;
  private timeSecs = -1;
  private time: string | null = null;

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
    const text = this.file.text;
    const { starts, ends, count } = lineBounds(text);
    this.year = this.firstYear(text, starts, count);
    this.gt = text.indexOf('>');
    for (let i = 0; i < count; i++) {
      const start = starts[i];
      const end = trimmedEnd(text, start, ends[i]);
      if (end > start) this.readLine(text, start, end, ends[i], i);
    }
    this.removeFlags();
    this.summarize(this.layout);
  }

  /**
   * Line `i + 1`, from `start` to `raw` in the file's `text`, not blank,
   * whose end is trimmed at `end`. A dircproxy line whose body starts with "<" is read
   * in place (see angleMessage); any other as the trimmed line's string.
   */
  private readLine(text: string, start: number, end: number, raw: number, i: number): void {
    const line = i + 1;
    let at = -1;
    if (this.stamps[i * 6] !== 0) {
      // The stamp as read on the line as written: the trimmed line has it when the trim leaves the space after it.
      const body = this.stampAt(i, start);
      if (body <= end) {
        if (body < end && text.charCodeAt(body) === 60) return this.angleMessage(text, body, end, line);
        if (this.eventLine(text, body, end, line)) return;
        at = body - start;
      }
    }
    const trimmed = text.slice(start, end);
    if (at < 0) {
      if (this.dateLine(trimmed)) return;
      if (trimmed.startsWith('--- Log closed')) return this.event('connection', line);
      at = readStamp(trimmed, false);
    }
    const read = at < 0 ? null : STAMP.layout === 'weechat' ? weechatLine(trimmed.slice(at), end === raw ? trimmed : text.slice(start, raw), trimmed) : readBody(trimmed, at);
    if (!read) return this.strayLine(line);
    this.layout ??= STAMP.layout;
    if ('kind' in read) return this.event(read.kind, line);
    this.message(STAMP, read, line);
  }

  /**
   * A `<nick> text` message whose "<" is at `lt` in the file's `text` (the
   * line's trimmed end at `end`), read as readBody reads the trimmed line's
   * string, with the identify-msg flag of a nick with `!ident@host` taken
   * off (see removeFlags).
   */
  private angleMessage(text: string, lt: number, end: number, line: number): void {
    if (this.gt !== -1 && this.gt < lt) this.gt = text.indexOf('>', lt);
    const gt = this.gt;
    if (gt === -1 || gt >= end || gt - lt < 2) return this.strayLine(line);
    const speaker = this.speakerIn(text, lt + 1, gt);
    if (!speaker) return this.strayLine(line);
    let from = text.charCodeAt(gt + 1) === 32 ? gt + 2 : gt + 1;
    const flag = nickHadIdent && from < end ? text.charCodeAt(from) : 0;
    if (flag === 43 || flag === 45) from++;
    this.layout ??= STAMP.layout;
    const c = from < end ? text.charCodeAt(from) : 0;
    this.message(STAMP, messageRead(speaker.nick, nickHadIdent, text.slice(from, end), false, flag === 43 ? '+' : flag === 45 ? '-' : '', speaker, c > 32 && c < 127) as MessageRead, line);
  }

  /**
   * A dircproxy event line, read in place as readBody reads its body (at
   * `body` in the file's `text`, the line's trimmed end at `end`): one that
   * starts with `-->`, `---`, `-!-` or `***` (a body starting with "<" is
   * angleMessage's); false for any other.
   */
  private eventLine(text: string, body: number, end: number, line: number): boolean {
    if (body + 3 > end) return false;
    const a = text.charCodeAt(body);
    const b = text.charCodeAt(body + 1);
    const c = text.charCodeAt(body + 2);
    // "***", "-->", "---", "-!-".
    if (!(a === 42 ? b === 42 && c === 42 : a === 45 && (b === 45 ? c === 62 || c === 45 : b === 33 && c === 45))) return false;
    this.layout ??= STAMP.layout;
    this.event(this.eventKindAt(text, body + 3, Math.min(end, body + 403)), line);
    return true;
  }

  /**
   * eventKind of the event text from `from` to `to` in the file's `text`
   * (at most 400 characters), remembered: the two texts met last are found
   * again without cutting them out ("*** You connected" and "*** You
   * disconnected" take turns all through a log), others by their text (at
   * most 256, the regexes run once for each).
   */
  private eventKindAt(text: string, from: number, to: number): Kind {
    const recent = this.recentEvents;
    for (let k = 0; k < recent.length; k++) {
      const r = recent[k];
      if (r.text.length === to - from && sameAt(text, from, r.text)) return r.kind;
    }
    const event = text.slice(from, to);
    let kind = this.eventKinds.get(event);
    if (kind === undefined) {
      if (this.eventKinds.size >= 256) this.eventKinds.clear();
      this.eventKinds.set(event, (kind = eventKind(event)));
    }
    const r = { text: event, kind };
    if (recent.length < 2) recent.push(r);
    else recent[this.recentNext++ & 1] = r;
    return kind;
  }

  /**
   * The speaker of `cleanNick(text.slice(from, to))` (`from < to`), or null
   * for an empty nick. A nick that starts and ends with printable ASCII
   * (nothing for `trim` to take off) is read in place, and found by its hash
   * among those met before without being cut out.
   */
  private speakerIn(text: string, from: number, to: number): Speaker | null {
    const a = text.charCodeAt(from);
    const z = text.charCodeAt(to - 1);
    if (!(a > 32 && a < 127 && z > 32 && z < 127)) {
      const nick = cleanNick(text.slice(from, to));
      return nick ? this.speaker(nick) : null;
    }
    while (to - from > 1 && isModeSign(text.charCodeAt(from))) from++;
    // The nick's characters hashed as they are passed on the way to its "!".
    let bang = from;
    let hash = 0;
    for (let c = text.charCodeAt(bang); bang < to && c !== 33; c = text.charCodeAt(++bang)) hash = (hash * 31 + c) | 0;
    nickHadIdent = bang < to && bang > from;
    const end = nickHadIdent ? bang : to;
    // A nick that starts with "!" is all of `from` to `to`, not hashed: looked up by its string.
    if (end !== bang) return this.speaker(text.slice(from, end));
    const slot = hash & (SPEAKER_SLOTS - 1);
    const seen = this.recentSpeakers[slot];
    if (seen !== undefined && seen.nick.length === end - from && sameAt(text, from, seen.nick)) return seen;
    return (this.recentSpeakers[slot] = this.speaker(text.slice(from, end)));
  }

  /** The speaker of a nick, made at its first line. */
  private speaker(nick: string): Speaker {
    let speaker = this.speakers.get(nick);
    if (speaker === undefined) this.speakers.set(nick, (speaker = { nick, author: null, flagged: null }));
    return speaker;
  }

  /** Counts a line that is no IRC log line. */
  private strayLine(line: number): void {
    if (this.stray.n++ === 0) this.stray.line = line;
  }

  /** The dircproxy stamp firstYear read on line `i` (at `start`), put back in STAMP: where the body starts. */
  private stampAt(i: number, start: number): number {
    const st = this.stamps;
    const k = i * 6;
    return setStamp(null, st[k + 1], st[k + 2], st[k + 3], st[k + 4], st[k + 5] === 255 ? null : st[k + 5], 'dircproxy', start + st[k]);
  }

  /** Counts an event line of a kind. */
  private event(kind: Kind, line: number): void {
    const e = this.events.get(kind);
    if (e) e.n++;
    else this.events.set(kind, { n: 1, line });
  }

  /**
   * The year a dircproxy log (day and month only) starts in. The log runs
   * into a new year at each month smaller than the one before; a 29 Feb
   * shows which of those years is a leap year. The file name's year is taken
   * as the first year when the leap days allow it, else as a later one (a
   * log named "2009" that has a 29 Feb in its first year began in 2008).
   * Without a year in the name, a placeholder before 1990 is taken.
   */
  private firstYear(text: string, starts: Int32Array, count: number): number {
    let offset = 0;
    let last = 0;
    let seen = false;
    const leapOffsets = new Set<number>();
    const stamps = (this.stamps = new Uint8Array(count * 6));
    for (let i = 0; i < count; i++) {
      const body = dircproxyStamp(text, starts[i]);
      if (body < 0) continue;
      const k = i * 6;
      stamps[k] = body - starts[i];
      stamps[k + 1] = STAMP.m!;
      stamps[k + 2] = STAMP.d!;
      stamps[k + 3] = STAMP.h;
      stamps[k + 4] = STAMP.mi;
      stamps[k + 5] = STAMP.s ?? 255;
      seen = true;
      const month = STAMP.m!;
      if (month < last) offset++;
      last = month;
      if (month === 2 && STAMP.d === 29) leapOffsets.add(offset);
    }
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

  /** The ISO time of a stamp, null when the stamp is no real time, or 'undated' when nothing gives its day. */
  private when(st: Stamp): string | null {
    if (st.h > 23 || st.mi > 59 || (st.s !== null && st.s > 59)) return null;
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
    if (day !== this.timeDay || secs !== this.timeSecs) {
      this.time = zonedIsoTime(day, st.h, st.mi, st.s ?? 0, this.zone.zone);
      this.timeDay = day;
      this.timeSecs = secs;
    }
    return this.time;
  }

  private message(st: Stamp, read: MessageRead, line: number): void {
    const result = this.result;
    const position = ++result.found;
    const time = this.when(st);
    if (time === 'undated') {
      if (this.undated.n++ === 0) this.undated.line = line;
      result.skipped.push(dateUnknownSkip(this.file.name, line, position));
      return;
    }
    if (time === null) {
      result.skipped.push(lineDiagnostic('warning', 'time-unreadable', `message #${position}: the time stamp is not a real date and time; skipped`, this.file.name, line, position));
      return;
    }
    let text = read.text;
    let flag = read.flag;
    const flagged = read.ident && !read.action;
    if (flagged && !flag && (text[0] === '+' || text[0] === '-')) {
      flag = text[0];
      text = text.slice(1);
    }
    const speaker = read.speaker ?? this.speaker(read.nick);
    const message: ParsedMessage = { id: null, author: (speaker.author ??= { handle: this.handles.handle(read.nick), name: null }), time, timePrecision: st.s === null ? 'minute' : 'second', text, url: null, replyTo: null, links: [], position, line };
    // Only a message blank now can be blank at the end (a flag put back makes it not): removeFlags looks at those only.
    if (!read.printable && isBlank(text)) this.blanks.push(result.messages.length);
    result.messages.push(message);
    this.zonedCount++;
    if (flagged) this.flag(speaker, message, flag);
  }

  /** Notes a message of a nick with `!ident@host`, and the identify-msg flag taken off its text ('' for none). */
  private flag(speaker: Speaker, message: ParsedMessage, flag: string): void {
    const f = (speaker.flagged ??= { n: 0, plus: [], minus: [] });
    f.n++;
    if (flag === '+') f.plus.push(message);
    else if (flag === '-') f.minus.push(message);
  }

  /**
   * dircproxy glues the identify-msg flag (`+` identified, `-` not) to the
   * text of the nicks whose messages come with it. A nick with the flag on
   * at least 90% of its messages has it: one leading `+`/`-` comes off each
   * of them (it was taken off as each was read, and goes back on for the
   * other nicks). Then empty messages are skipped.
   */
  private removeFlags(): void {
    let removed = 0;
    let nicks = 0;
    for (const { flagged: f } of this.speakers.values()) {
      if (f === null) continue;
      const withFlag = f.plus.length + f.minus.length;
      if (withFlag < f.n * 0.9) {
        for (const m of f.plus) m.text = `+${m.text}`;
        for (const m of f.minus) m.text = `-${m.text}`;
        continue;
      }
      nicks++;
      removed += withFlag;
    }
    if (removed) {
      this.result.diagnostics.push({ severity: 'info', code: 'identify-flag', message: `the identify-msg flag (+/-) that dircproxy glues to the text was removed from ${removed} message(s) of ${nicks} nick(s)`, file: this.file.name });
    }
    const messages = this.result.messages;
    const blank = this.blanks.filter((i) => isBlank(messages[i].text));
    if (!blank.length) return;
    const kept: ParsedMessage[] = [];
    let from = 0;
    for (const i of blank) {
      for (let k = from; k < i; k++) kept.push(messages[k]);
      from = i + 1;
      const m = messages[i];
      this.zonedCount--;
      this.result.skipped.push(lineDiagnostic('info', 'empty-message', `message #${m.position}: no text; skipped`, this.file.name, m.line!, m.position));
    }
    for (let k = from; k < messages.length; k++) kept.push(messages[k]);
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
