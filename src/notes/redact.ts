/**
 * Privacy: people who asked to be left out. `<content>/redact.yml` lists
 * their handles:
 *
 *   handles: [jacobm, KathyHerrmann]     # case-insensitive, "@" optional
 *
 * Redaction is applied to the transcript right after import, so everything
 * downstream (pages, people, every download, the API) only ever sees the
 * cleaned transcript. For each opted-out handle:
 *
 * - their messages stay (counts stay honest, threads keep their shape) but
 *   read "removed at the author's request", by "[removed]", with no name,
 *   permalink, links, mentions, hashtags or pictures, and a new id (`removed-1`, ...):
 *   a tweet id is a pointer to the original post;
 * - others' messages that repeat their words (retweets of them, or any
 *   message sharing a run of six words with one of theirs) are removed the
 *   same way, since the words are the opted-out person's; their authors
 *   stay;
 * - one scrub (`Scrubber`) then goes over every string of the transcript,
 *   whatever its field: mentions of them (`@handle`, `/handle`) become
 *   `@[removed]`; links naming them (path, query, e-mail, a removed id) are
 *   dropped; their e-mail addresses and their personal display name (two
 *   words or more) become `[removed]`, in anyone's text, display name, alt
 *   text, title, note, question or diagnostic; a removed id written bare
 *   becomes the new id; a file or folder name naming them a neutral one
 *   (`export-1.html`);
 * - they leave the participants (the participants count excludes them;
 *   message counts are unchanged) and the hosts.
 *
 * Bare words equal to a handle are left alone in chat text: a handle can be
 * an ordinary word ("social"). The editor's own text (title, headings,
 * prose) is never rewritten: `leakFinder` finds where it names someone who
 * opted out, and the build stops there until the editor rewords it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { countParticipants } from '../import/pipeline.ts';
import { handleKey, type Diagnostic, type Message, type Transcript } from '../model/transcript.ts';
import { parseFrontMatterYaml } from './frontmatter.ts';
import { problem, type Problem } from './problems.ts';
import { didYouMean } from './recap-front.ts';
import { foldForMatch } from '../model/text-match.ts';

export const REDACT_FILE = 'redact.yml';
export const REDACTED_TEXT = "removed at the author's request";
export const REPEATED_TEXT = "removed: it repeated a message removed at the author's request";
export const REDACTED_HANDLE = '[removed]';

/** Words in a row that make a message a repeat of an opted-out person's message. */
const SHINGLE_WORDS = 6;
/** A shorter message of theirs counts as repeated when its whole text (this long at least) reappears. */
const MIN_REPEAT_CHARS = 16;

export interface RedactResult {
  transcript: Transcript;
  /** Original id -> new id of each message by an opted-out author. */
  removedIds: Map<string, string>;
  /** Ids of others' messages removed because they repeated opted-out words. */
  repeated: Set<string>;
  /** Neutral path -> original path, for each file name or folder renamed because it named them. */
  files: Map<string, string>;
  /** Whether anything changed. */
  changed: boolean;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text reduced to the words that carry it: no links, mentions, hashtags or "RT @x:". */
function contentWords(text: string): string[] {
  const folded = foldForMatch(text)
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/^rt\s+@[\w]+:?/u, ' ')
    .replace(/[@#][\p{L}\p{N}_]+/gu, ' ');
  return folded.match(/[\p{L}\p{N}'’]+/gu) ?? [];
}

function shingles(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

/** Finds others' texts that repeat any of the given (opted-out) texts. */
class RepeatFinder {
  private readonly grams = new Set<string>();
  private readonly wholes: string[] = [];

  add(text: string): void {
    const words = contentWords(text);
    if (words.length >= SHINGLE_WORDS) for (const g of shingles(words)) this.grams.add(g);
    const whole = words.join(' ');
    if (whole.length >= MIN_REPEAT_CHARS) this.wholes.push(whole);
  }

  get empty(): boolean {
    return this.grams.size === 0 && this.wholes.length === 0;
  }

  repeats(text: string): boolean {
    if (this.empty || !text) return false;
    const words = contentWords(text);
    for (const g of shingles(words)) if (this.grams.has(g)) return true;
    const joined = words.join(' ');
    return this.wholes.some((w) => joined.includes(w));
  }
}

/**
 * Remove what the opted-out handles wrote or are named in. Pure: the
 * transcript given is not changed; with no handles it is returned as is.
 *
 * Two steps. First the decisions that need the message's meaning: their
 * messages and the messages repeating their words are emptied, and their
 * ids replaced. Then one scrub (`Scrubber.clean`) goes over every string of
 * the whole transcript, whatever field holds it, so a field added later is
 * covered too.
 */
export function redact(t: Transcript, handles: Iterable<string>): RedactResult {
  const keys = new Set([...handles].map(handleKey).filter(Boolean));
  const unchanged: RedactResult = { transcript: t, removedIds: new Map(), repeated: new Set(), files: new Map(), changed: false };
  if (!keys.size) return unchanged;

  const isOut = (handle: string | null | undefined) => !!handle && keys.has(handleKey(handle));
  const theirs = t.messages.filter((m) => isOut(m.author.handle));

  // New ids for their messages, clear of every existing id.
  const taken = new Set(t.messages.map((m) => m.id));
  const removedIds = new Map<string, string>();
  let n = 0;
  for (const m of theirs) {
    let id: string;
    do id = `removed-${++n}`;
    while (taken.has(id));
    removedIds.set(m.id, id);
  }
  const newId = (id: string) => removedIds.get(id) ?? id;

  const finder = new RepeatFinder();
  for (const m of theirs) finder.add(m.text);

  const repeated = new Set<string>();
  const emptied = (m: Message, text: string): Message => ({
    ...m,
    text,
    url: null,
    mentions: [],
    hashtags: [],
    links: [],
    attachments: [],
  });
  const decided: Message[] = t.messages.map((m) => {
    if (isOut(m.author.handle)) {
      return { ...emptied(m, REDACTED_TEXT), id: newId(m.id), author: { handle: REDACTED_HANDLE, name: null }, retweetOf: null };
    }
    const rtOut = m.retweetOf !== null && (isOut(m.retweetOf.handle) || (m.retweetOf.id !== null && removedIds.has(m.retweetOf.id)));
    if (rtOut || finder.repeats(m.text)) {
      repeated.add(m.id);
      return emptied(m, REPEATED_TEXT);
    }
    return m;
  });
  const questions = t.questions.map((q) => {
    const asker = t.messages.find((m) => m.id === q.messageId);
    const gone = removedIds.has(q.messageId) || repeated.has(q.messageId) || (asker !== undefined && isOut(asker.author.handle));
    return gone ? { ...q, text: REDACTED_TEXT } : q;
  });
  const gone = (d: Diagnostic) => d.messageId !== undefined && (removedIds.has(d.messageId) || repeated.has(d.messageId));
  const sources = t.sources.map((s) => ({
    ...s,
    title: s.title !== null && finder.repeats(s.title) ? null : s.title,
    notes: s.notes.map((note) => (finder.repeats(note.text) ? { ...note, text: REPEATED_TEXT, ...(note.url !== undefined ? { url: null } : {}) } : note)),
    // A diagnostic about a removed message quotes it, or says what became of it.
    diagnostics: s.diagnostics.filter((d) => !gone(d) && !finder.repeats(d.message)),
  }));
  const jam = t.jam.title !== null && finder.repeats(t.jam.title) ? { ...t.jam, title: null } : t.jam;

  const scrubber = new Scrubber(keys, namesOf(t, keys), removedIds, t.sources.map((s) => s.file));
  const cleaned = scrubber.clean({ schema: t.schema, jam, sources, questions, participants: t.participants, messages: decided }) as Transcript;
  const kept = cleaned.messages.filter((_, i) => !isOut(t.messages[i].author.handle));
  let transcript: Transcript = { ...cleaned, participants: countParticipants(kept) };
  // Same key order throughout, so comparing the JSON says whether anything was touched.
  const changed = theirs.length > 0 || repeated.size > 0 || JSON.stringify(transcript) !== JSON.stringify(t);
  if (changed) {
    const shown = new Set(transcript.messages.map((m) => m.id));
    transcript = { ...transcript, sources: transcript.sources.map((s) => ({ ...s, diagnostics: s.diagnostics.map((d) => unknownIdsOut(d, shown)) })) };
  }
  return { transcript, removedIds, repeated, files: scrubber.files, changed };
}

/** A long run of digits: a tweet id (or another chat's message id). */
const LONG_ID_RE = /(?<![0-9A-Za-z])\d{8,}(?![0-9A-Za-z])/g;

/**
 * In a jam that names them, a diagnostic names only messages the transcript
 * shows: a row the import skipped (time unreadable, no author) may be theirs,
 * and its id points at their post.
 */
function unknownIdsOut(d: Diagnostic, shown: Set<string>): Diagnostic {
  const message = d.message.replace(LONG_ID_RE, (id) => (shown.has(id) ? id : REDACTED_HANDLE));
  return message === d.message ? d : { ...d, message };
}

/** A personal display name (two words or more, five characters at least) is as telling as the handle. */
function personalName(name: string | null | undefined): string | null {
  const s = name?.trim();
  return s && /\S\s+\S/.test(s) && s.length >= 5 ? s : null;
}

/** The personal display names the opted-out handles go by in the transcript. */
function namesOf(t: Transcript, keys: Set<string>): Set<string> {
  const names = new Set<string>();
  for (const who of [...t.messages.map((m) => m.author), ...t.participants]) {
    const name = keys.has(handleKey(who.handle)) ? personalName(who.name) : null;
    if (name) names.add(name);
  }
  return names;
}

/** Fields that hold a handle, and lists of handles. */
const HANDLE_FIELDS = new Set(['handle']);
const HANDLE_LISTS = new Set(['mentions', 'hosts']);
/** Fields that hold a web address, and lists of them: one naming them is dropped, not edited. */
const URL_FIELDS = new Set(['url']);
const URL_LISTS = new Set(['links']);
/** Fields that hold an export's file name or a path under the jam's folder. */
const FILE_FIELDS = new Set(['file']);
/** Fields that hold a message id. */
const ID_FIELDS = new Set(['id', 'messageId', 'replyTo']);

/** A web address in text, with or without its scheme ("example.com/p?user=x"). */
const URL_RE = /(?<![\p{L}\p{N}_.@%-])(?:https?:\/\/|www\.|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}\/)[^\s<>"'`]*/giu;
/** An e-mail address; it starts where a run of the characters it may hold starts (no scan from every letter). */
const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+(?:@|%40)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;

/**
 * The one scrub every string of a redacted transcript goes through:
 * - a web address naming them (`/vicky`, `@vicky`, `screen_name=vicky`,
 *   `?user=vicky`, their name, their e-mail, a removed id such as
 *   `twitter.com/i/web/status/<id>`) is dropped: `[removed]` in text, null
 *   or left out in a link field;
 * - an e-mail address of theirs (the part before "@" is their handle or
 *   name) becomes `[removed]`;
 * - `@vicky` and `/vicky` become `@[removed]`, `/[removed]`; their personal
 *   display name `[removed]`; a removed message's id its new id;
 * - an export file name (or a folder of the jam) naming them becomes a
 *   neutral one (`export-1.html`, `export-1_files/`, `file-1`).
 * A bare word equal to a handle is left alone (a handle can be a word).
 */
class Scrubber {
  /** Neutral path -> original path, for every path renamed. */
  readonly files = new Map<string, string>();
  private readonly segments = new Map<string, string>();
  private readonly handleRe: RegExp;
  private readonly urlHandleRe: RegExp;
  private readonly nameRe: RegExp | null;
  private readonly urlNameRe: RegExp | null;
  private readonly idRe: RegExp | null;
  private readonly wordRe: RegExp;
  private readonly localParts: Set<string>;
  private otherFiles = 0;

  constructor(private readonly keys: Set<string>, names: Set<string>, private readonly removedIds: Map<string, string>, sourceFiles: string[]) {
    const alts = [...keys].map(escapeRegExp).join('|');
    const nameAlt = (sep: string) => [...names].map((s) => s.split(/\s+/).map(escapeRegExp).join(sep)).join('|');
    this.handleRe = new RegExp(`([@\\uFF20/])(?:${alts})(?![\\p{L}\\p{N}_])`, 'giu');
    this.urlHandleRe = new RegExp(`(?:[@\\uFF20/=:]|%40|%2F|%3D)(?:${alts})(?![\\p{L}\\p{N}_])`, 'iu');
    this.nameRe = names.size ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${nameAlt('\\s+')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
    this.urlNameRe = names.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${nameAlt('(?:[\\s+._-]|%20)*')})(?![\\p{L}\\p{N}])`, 'iu') : null;
    this.idRe = removedIds.size ? new RegExp(`(?<![0-9A-Za-z])(?:${[...removedIds.keys()].map(escapeRegExp).join('|')})(?![0-9A-Za-z])`, 'g') : null;
    // In a file name, "_", "-" and "." part words: vicky-chat.html, vicky_chat.html.
    this.wordRe = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts})(?![\\p{L}\\p{N}])`, 'iu');
    this.localParts = new Set([...keys, ...[...names].flatMap((s) => {
      const w = s.toLowerCase().split(/\s+/);
      return ['', '.', '_', '-'].map((sep) => w.join(sep));
    })]);
    const taken = new Set(sourceFiles);
    sourceFiles.forEach((f, i) => {
      if (!this.namesThem(f)) return;
      let neutral = `export-${i + 1}${extension(f)}`;
      for (let k = 2; taken.has(neutral); k++) neutral = `export-${i + 1}-${k}${extension(f)}`;
      taken.add(neutral);
      this.segments.set(f, neutral);
    });
    for (const [f, neutral] of [...this.segments]) {
      const dot = f.lastIndexOf('.');
      const neutralDot = neutral.lastIndexOf('.');
      // A saved page keeps its pictures in "<name>_files/".
      if (dot > 0) this.segments.set(`${f.slice(0, dot)}_files`, `${neutral.slice(0, neutralDot > 0 ? neutralDot : undefined)}_files`);
    }
    for (const [f, neutral] of this.segments) if (sourceFiles.includes(f)) this.files.set(neutral, f);
  }

  /** Whether a name, address or path points at them (handle as a word, name, e-mail or removed id). */
  private namesThem(s: string): boolean {
    return this.wordRe.test(s) || (this.urlNameRe?.test(s) ?? false) || (this.idRe !== null && new RegExp(this.idRe.source).test(s));
  }

  /** Whether a web address points at them. */
  tainted(url: string): boolean {
    if (this.urlHandleRe.test(url) || (this.urlNameRe?.test(url) ?? false)) return true;
    if (this.idRe && new RegExp(this.idRe.source).test(url)) return true;
    return [...url.matchAll(EMAIL_RE)].some((m) => this.theirEmail(m[0]));
  }

  private theirEmail(address: string): boolean {
    const local = address.split(/@|%40/i)[0].toLowerCase().replace(/\+.*$/, '').replace(/^.*[/=:?&]/, '');
    return this.localParts.has(local);
  }

  text(s: string): string {
    let out = s.replace(URL_RE, (url) => {
      // Sentence punctuation after an address is not part of it.
      const tail = /[.,;:!?)\]}'"’”]+$/u.exec(url)?.[0] ?? '';
      return this.tainted(url) ? `${REDACTED_HANDLE}${tail}` : url;
    });
    out = out.replace(EMAIL_RE, (address) => (this.theirEmail(address) ? REDACTED_HANDLE : address));
    out = out.replace(this.handleRe, (_, lead: string) => `${lead}${REDACTED_HANDLE}`);
    if (this.nameRe) out = out.replace(this.nameRe, REDACTED_HANDLE);
    if (this.idRe) out = out.replace(this.idRe, (id) => this.removedIds.get(id) ?? id);
    return out;
  }

  /** A file name or a path under the jam's folder: each part naming them becomes a neutral name. */
  file(path: string): string {
    const out = path
      .split('/')
      .map((seg) => {
        const known = this.segments.get(seg);
        if (known) return known;
        if (!this.namesThem(seg) && this.text(seg) === seg) return seg;
        const neutral = `file-${++this.otherFiles}${extension(seg)}`;
        this.segments.set(seg, neutral);
        return neutral;
      })
      .join('/');
    if (out !== path) this.files.set(out, path);
    return out;
  }

  /** The value with every string scrubbed according to the field that holds it. */
  clean(value: unknown, key = ''): unknown {
    if (typeof value === 'string') {
      if (HANDLE_FIELDS.has(key)) return handleKey(value) && this.keys.has(handleKey(value)) ? REDACTED_HANDLE : value;
      if (URL_FIELDS.has(key)) return this.tainted(value) ? null : this.text(value);
      if (FILE_FIELDS.has(key)) return this.file(value);
      if (ID_FIELDS.has(key)) return this.removedIds.get(value) ?? value;
      return this.text(value);
    }
    if (Array.isArray(value)) {
      let items = value;
      if (HANDLE_LISTS.has(key)) items = items.filter((h) => typeof h !== 'string' || !this.keys.has(handleKey(h)));
      if (URL_LISTS.has(key)) items = items.filter((u) => typeof u !== 'string' || !this.tainted(u));
      return items.map((v) => this.clean(v));
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.clean(v, k);
      return out;
    }
    return value;
  }
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(name.slice(dot)) ? name.slice(dot) : '';
}

export interface Leak {
  severity: 'error' | 'warning';
  message: string;
  /** Where in the text, when it is one link or address (else the text as a whole). */
  index?: number;
}

/**
 * A checker for the editor's own text (title, question texts, headings,
 * prose), which redaction never rewrites: does it name an opted-out person
 * or repeat their words? `@handle`, a personal display name of theirs or a
 * run of six of their words is an error (the site must not publish it); the
 * handle as a bare word only a warning (a handle can be an ordinary word).
 * Null when nobody opted out.
 */
export function leakFinder(t: Transcript, handles: Iterable<string>, removed?: Iterable<string>): ((text: string) => Leak | null) | null {
  const keys = new Set([...handles].map(handleKey).filter(Boolean));
  if (!keys.size) return null;
  const theirs = t.messages.filter((m) => keys.has(handleKey(m.author.handle)));
  const finder = new RepeatFinder();
  for (const m of theirs) finder.add(m.text);
  const names = namesOf(t, keys);
  const removedIds = new Map([...(removed ?? theirs.map((m) => m.id))].map((id) => [id, id]));
  const scrubber = new Scrubber(keys, names, removedIds, []);
  const idRe = removedIds.size ? new RegExp(`(?<![0-9A-Za-z])(?:${[...removedIds.keys()].map(escapeRegExp).join('|')})(?![0-9A-Za-z])`, 'u') : null;
  const alts = [...keys].map(escapeRegExp).join('|');
  const atRe = new RegExp(`[@\\uFF20/](${alts})(?![\\p{L}\\p{N}_])`, 'iu');
  const bareRe = new RegExp(`(?<![\\p{L}\\p{N}_/])(${alts})(?![\\p{L}\\p{N}_])`, 'iu');
  const nameRe = names.size ? new RegExp(`(?<![\\p{L}\\p{N}_])(${[...names].map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`, 'iu') : null;
  const why = "who asked to be left out (redact.yml): the site must not publish it";
  return (text: string): Leak | null => {
    // A link (Markdown or bare) to a removed post, or naming them: at the link.
    for (const m of text.matchAll(URL_RE)) {
      if (!scrubber.tainted(m[0])) continue;
      const id = idRe?.exec(m[0]);
      if (id) return { severity: 'error', message: `links to message ${id[0]}, removed at the author's request (redact.yml): the site must not publish it`, index: m.index };
      return { severity: 'error', message: `links to someone ${why}`, index: m.index };
    }
    for (const m of text.matchAll(EMAIL_RE)) {
      if (scrubber.text(m[0]) !== m[0]) return { severity: 'error', message: `has the e-mail address of someone ${why}`, index: m.index };
    }
    const id = idRe?.exec(text);
    if (id) return { severity: 'error', message: `names message ${id[0]}, removed at the author's request (redact.yml): the site must not publish it`, index: id.index };
    const at = atRe.exec(text);
    if (at) return { severity: 'error', message: `names @${at[1]}, ${why}` };
    const name = nameRe?.exec(text);
    if (name) return { severity: 'error', message: `names ${name[1]}, ${why}` };
    if (finder.repeats(text)) return { severity: 'error', message: `repeats the words of someone ${why}` };
    const bare = bareRe.exec(text);
    if (bare) return { severity: 'warning', message: `has the word "${bare[1]}", the handle of someone who asked to be left out (redact.yml): reword it if it names them` };
    return null;
  };
}

/** The transcript with the opted-out handles removed (see `redact`). */
export function redactTranscript(t: Transcript, handles: Iterable<string>): Transcript {
  return redact(t, handles).transcript;
}

export interface RedactList {
  /** The file, when it exists. */
  path: string | null;
  /** Handles without "@", as written. */
  handles: string[];
  problems: Problem[];
}

const HANDLE = /^[^\s@/\\<>"'`[\]]{1,64}$/u;
/** Thousands of handles are normal: redact.yml has a limit of its own, far above the front matter's. */
export const MAX_REDACT_BYTES = 1024 * 1024;
const REDACT_KEYS = ['handles'] as const;

/** Read and check `<content>/redact.yml`; a missing file means nobody opted out. */
export function readRedactList(contentDir: string): RedactList {
  const path = join(contentDir, REDACT_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { path: null, handles: [], problems: [] };
    return { path, handles: [], problems: [problem(path, 1, 1, `cannot read ${REDACT_FILE}: ${(err as Error).message}`)] };
  }
  return parseRedactList(text.replace(/^\uFEFF/, ''), path);
}

/** Check the text of a redact.yml: every problem with its line and column. */
export function parseRedactList(text: string, path: string): RedactList {
  const parsed = parseFrontMatterYaml(text, path, 1, { bytes: MAX_REDACT_BYTES, what: REDACT_FILE });
  const problems = [...parsed.problems];
  const handles: string[] = [];
  const at = (node: YamlNode | null | undefined, message: string, severity: 'error' | 'warning' = 'error') => {
    const p = node?.range ? parsed.pos(node) : { line: 1, col: 1 };
    problems.push(problem(path, p.line, p.col, message, severity));
  };
  const contents = parsed.doc?.contents ?? null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { path, handles, problems };
  if (!isMap(contents)) {
    at(contents as YamlNode, `${REDACT_FILE} must be a map, e.g. "handles: [someone, someone_else]"`);
    return { path, handles, problems };
  }
  const seen = new Map<string, string>();
  for (const pair of contents.items as Pair[]) {
    const k = pair.key as YamlNode | null;
    const key = isScalar(k) && typeof k.value === 'string' ? k.value : null;
    if (key !== 'handles') {
      at(k, `unknown key ${key === null ? '(not text)' : `"${key}"`}${key ? didYouMean(key, REDACT_KEYS) : ''} (known keys: ${REDACT_KEYS.join(', ')})`);
      continue;
    }
    const v = pair.value as YamlNode | null;
    if (v === null || (isScalar(v) && v.value === null)) continue;
    if (!isSeq(v)) {
      at(v, 'handles must be a list, e.g. handles: [someone, someone_else]');
      continue;
    }
    for (const item of v.items as YamlNode[]) {
      if (!isScalar(item) || typeof item.value !== 'string') {
        at(item, `each handle must be text, e.g. "someone"${isScalar(item) && item.value !== null ? ' (put it in quotes)' : ''}`);
        continue;
      }
      const h = item.value.trim().replace(/^@/, '');
      if (!HANDLE.test(h)) {
        at(item, `"${item.value}" is not a handle`);
        continue;
      }
      const prior = seen.get(handleKey(h));
      if (prior !== undefined) {
        at(item, `"${h}" is listed twice (handles are case-insensitive; also "${prior}")`, 'warning');
        continue;
      }
      seen.set(handleKey(h), h);
      handles.push(h);
    }
  }
  return { path, handles, problems };
}
