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
 * - mentions of them elsewhere (`@handle`, `/handle` in links) become
 *   `@[removed]`; links naming them are dropped; a personal display name of
 *   theirs (two words or more) is replaced in others' texts too;
 * - they leave the participants (the participants count excludes them;
 *   message counts are unchanged) and the hosts;
 * - page titles, curator notes and import diagnostics are cleaned the same
 *   way.
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
 */
export function redact(t: Transcript, handles: Iterable<string>): RedactResult {
  const keys = new Set([...handles].map(handleKey).filter(Boolean));
  const unchanged: RedactResult = { transcript: t, removedIds: new Map(), repeated: new Set(), changed: false };
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

  // Names: a personal display name (two words or more) is as telling as the handle.
  const names = new Set<string>();
  for (const m of theirs) {
    const name = m.author.name?.trim();
    if (name && /\S\s+\S/.test(name) && name.length >= 5) names.add(name);
  }
  for (const p of t.participants) {
    const name = p.name?.trim();
    if (isOut(p.handle) && name && /\S\s+\S/.test(name) && name.length >= 5) names.add(name);
  }
  const handleRe = new RegExp(`([@\\uFF20/])(${[...keys].map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  const nameRe = names.size ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${[...names].map((s) => escapeRegExp(s).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
  const idRe = removedIds.size ? new RegExp(`(?<![0-9A-Za-z])(${[...removedIds.keys()].map(escapeRegExp).join('|')})(?![0-9A-Za-z])`, 'g') : null;
  const scrub = (s: string): string => {
    let out = s.replace(handleRe, (_, lead: string) => `${lead}${REDACTED_HANDLE}`);
    if (nameRe) out = out.replace(nameRe, REDACTED_HANDLE);
    return out;
  };
  const scrubIds = (s: string): string => (idRe ? s.replace(idRe, (id: string) => newId(id)) : s);

  const finder = new RepeatFinder();
  for (const m of theirs) finder.add(m.text);

  const repeated = new Set<string>();
  const messages: Message[] = t.messages.map((m) => {
    const replyTo = m.replyTo === null ? null : newId(m.replyTo);
    if (isOut(m.author.handle)) {
      return {
        ...m,
        id: newId(m.id),
        author: { handle: REDACTED_HANDLE, name: null },
        text: REDACTED_TEXT,
        url: null,
        replyTo,
        retweetOf: null,
        mentions: [],
        hashtags: [],
        links: [],
        attachments: [],
        origin: { ...m.origin },
      };
    }
    const rtOut = m.retweetOf !== null && (isOut(m.retweetOf.handle) || (m.retweetOf.id !== null && removedIds.has(m.retweetOf.id)));
    if (rtOut || finder.repeats(m.text)) {
      repeated.add(m.id);
      return {
        ...m,
        text: REPEATED_TEXT,
        url: null,
        replyTo,
        retweetOf: m.retweetOf ? { handle: isOut(m.retweetOf.handle) ? REDACTED_HANDLE : m.retweetOf.handle, id: m.retweetOf.id === null ? null : newId(m.retweetOf.id) } : null,
        mentions: [],
        hashtags: [],
        links: [],
        attachments: [],
        origin: { ...m.origin },
      };
    }
    const text = scrub(m.text);
    return {
      ...m,
      // A display name can mention them too ("fan of @someone").
      author: { handle: m.author.handle, name: m.author.name === null ? null : scrub(m.author.name) },
      text,
      url: m.url !== null && scrub(m.url) !== m.url ? null : m.url,
      replyTo,
      retweetOf: m.retweetOf ? { ...m.retweetOf } : null,
      mentions: m.mentions.filter((h) => !isOut(h)),
      hashtags: [...m.hashtags],
      links: m.links.filter((l) => scrub(l) === l),
      // A picture's alt text or address can name them too: the alt is cleaned, such an address dropped.
      attachments: (m.attachments ?? []).map((a) => ({ ...a, alt: a.alt === null ? null : scrub(a.alt), url: a.url !== null && scrub(a.url) !== a.url ? null : a.url })),
      origin: { ...m.origin },
    };
  });

  const byNewId = new Map(messages.map((m) => [m.id, m]));
  const questions = t.questions.map((q) => {
    const id = newId(q.messageId);
    const asker = byNewId.get(id);
    const gone = removedIds.has(q.messageId) || repeated.has(q.messageId) || (asker !== undefined && asker.author.handle === REDACTED_HANDLE);
    return { ...q, messageId: id, text: gone ? REDACTED_TEXT : scrub(q.text) };
  });

  const cleanTitle = (title: string | null): string | null => {
    if (title === null) return null;
    if (finder.repeats(title)) return null;
    return scrub(title);
  };
  const cleanDiagnostic = (d: Diagnostic): Diagnostic | null => {
    if (d.messageId !== undefined && (removedIds.has(d.messageId) || repeated.has(d.messageId))) return null;
    const message = scrubIds(scrub(d.message));
    return { ...d, message, ...(d.messageId !== undefined ? { messageId: newId(d.messageId) } : {}) };
  };
  const sources = t.sources.map((s) => ({
    ...s,
    title: cleanTitle(s.title),
    notes: s.notes.map((note) => {
      const repeats = finder.repeats(note.text);
      const text = repeats ? REPEATED_TEXT : scrub(note.text);
      const url = note.url === undefined || note.url === null ? note.url : scrub(note.url) !== note.url ? null : note.url;
      return { ...note, text, ...(url !== undefined ? { url } : {}) };
    }),
    diagnostics: s.diagnostics.map(cleanDiagnostic).filter((d): d is Diagnostic => d !== null),
  }));

  const kept = messages.filter((_, i) => !isOut(t.messages[i].author.handle));
  const transcript: Transcript = {
    schema: t.schema,
    jam: {
      ...t.jam,
      title: cleanTitle(t.jam.title),
      hosts: t.jam.hosts.filter((h) => !isOut(h)),
    },
    sources,
    questions,
    participants: countParticipants(kept),
    messages,
  };
  // Same key order throughout, so comparing the JSON says whether anything was touched.
  const changed = theirs.length > 0 || repeated.size > 0 || JSON.stringify(transcript) !== JSON.stringify(t);
  return { transcript, removedIds, repeated, changed };
}

export interface Leak {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * A checker for the editor's own text (title, question texts, headings,
 * prose), which redaction never rewrites: does it name an opted-out person
 * or repeat their words? `@handle`, a personal display name of theirs or a
 * run of six of their words is an error (the site must not publish it); the
 * handle as a bare word only a warning (a handle can be an ordinary word).
 * Null when nobody opted out.
 */
export function leakFinder(t: Transcript, handles: Iterable<string>): ((text: string) => Leak | null) | null {
  const keys = new Set([...handles].map(handleKey).filter(Boolean));
  if (!keys.size) return null;
  const theirs = t.messages.filter((m) => keys.has(handleKey(m.author.handle)));
  const finder = new RepeatFinder();
  for (const m of theirs) finder.add(m.text);
  const names = new Set<string>();
  for (const who of [...theirs.map((m) => m.author), ...t.participants.filter((p) => keys.has(handleKey(p.handle)))]) {
    const name = who.name?.trim();
    if (name && /\S\s+\S/.test(name) && name.length >= 5) names.add(name);
  }
  const alts = [...keys].map(escapeRegExp).join('|');
  const atRe = new RegExp(`[@\\uFF20/](${alts})(?![\\p{L}\\p{N}_])`, 'iu');
  const bareRe = new RegExp(`(?<![\\p{L}\\p{N}_/])(${alts})(?![\\p{L}\\p{N}_])`, 'iu');
  const nameRe = names.size ? new RegExp(`(?<![\\p{L}\\p{N}_])(${[...names].map((n) => escapeRegExp(n).replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}_])`, 'iu') : null;
  const why = "who asked to be left out (redact.yml): the site must not publish it";
  return (text: string): Leak | null => {
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
  const parsed = parseFrontMatterYaml(text, path, 1);
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
