/**
 * The schema of a recap's front matter, checked on the YAML nodes rather
 * than on plain data so that every problem points at the offending node
 * (`file:line:col`), and every problem is reported, not just the first.
 *
 *   title: From Social Media to Social Business   # required
 *   date: 2012-10-24T13:00:00-04:00               # required: when the jam started
 *   hashtag: socbizchat                           # required
 *   hosts: [cmswire]                              # optional: inferred when missing
 *   shape: ama                                    # optional: tweetchat (hosts ask) or ama (the crowd asks guests); default: detected
 *   guests: [kemitche]                            # optional: an AMA's guests (implies shape: ama); default: inferred
 *   timezone: America/New_York                    # optional (default UTC)
 *   exports: [socbizchat-room.html]               # optional: default every recognized file
 *   questions: { Q1: How do you define ... }      # optional text overrides, or the message asking it:
 *   questions: { Q1: { message: "2611...", text: How do you define ... } }   (or { time: 2012-10-24T17:01 })
 *   assign: { "261154250552246292": Q2 }          # optional: message id -> question, before, after or null
 *   start: 2012-10-24T13:00:00-04:00              # optional: when the chat starts (default: its first question)
 *   end: 2012-10-24T14:00:00-04:00                # optional: when it ends (default: the hosts' goodbye or a long quiet)
 *   session: 2                                    # optional: which chat of an export holding several
 *   draft: true                                   # optional: left out of `build` unless --drafts
 *   format: selectors                             # optional: the importer (default: detected)
 *   channel: general                              # optional: the channel of a workspace export (Slack) holding several
 *   selectors: { message: .msg, author: .who, time: time, text: .body, timeAttr: datetime }
 *                                                 # optional: CSS selectors for any other saved chat page
 *   people: { janedoe: ["Jane Doe", jane_d] }     # optional: handle -> aliases in other exports (shown under the handle)
 *
 * Each key has its reader in front-keys.ts; the YAML values are read by
 * front-values.ts. validateRecapFront lists the steps.
 */
import { isMap, isScalar, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Problem } from './problems.ts';
import { FORBIDDEN_KEYS, type ParsedYaml } from './frontmatter.ts';
import type { SelectorSpec } from '../import/importer.ts';
import { didYouMean, FrontReader, parseFrontDate } from './front-values.ts';
import { emptyFrontState, KEY_READERS, readMoments, type FrontState } from './front-keys.ts';

export { didYouMean, parseFrontDate } from './front-values.ts';

export interface Located<T> {
  value: T;
  line: number;
  col: number;
}

export interface RecapFront {
  title: string;
  /** As written (ISO 8601 date or date-time). */
  date: string;
  hashtag: string;
  /** Handles without "@"; undefined: infer from the transcript. */
  hosts?: string[];
  /** Tweet chat (hosts ask) or AMA (the crowd asks guests); undefined: detected. */
  shape?: 'tweetchat' | 'ama';
  /** Where `shape:` is. */
  shapeAt?: { line: number; col: number };
  /** An AMA's guests, handles without "@"; undefined: inferred (when the chat is an AMA). */
  guests?: string[];
  /** IANA zone, default "UTC". */
  timezone: string;
  /** File names in the jam folder; undefined: every recognized file. */
  exports?: Located<string>[];
  questions: Record<string, string>;
  /** The message (or moment) asking a question, when the editor names it. */
  questionChoices: Record<string, { message?: string; time?: string; text?: string }>;
  assign: Record<string, string | null>;
  /** When the chat starts and ends (ISO, UTC), when the editor says. */
  start?: string;
  end?: string;
  /** Which chat of an export holding several (1-based). */
  session?: number;
  /** Where each host (and guest), start, end and session are (import problems about them point there). */
  hostsAt?: Record<string, { line: number; col: number }>;
  startAt?: { line: number; col: number };
  endAt?: { line: number; col: number };
  sessionAt?: { line: number; col: number };
  /** Where each `assign` entry is, to report unknown message ids. */
  assignAt: Record<string, { line: number; col: number }>;
  /** Where each `assign` entry's question is, to report questions the chat does not have. */
  assignValueAt: Record<string, { line: number; col: number }>;
  /** A draft is left out of `build` (pages, downloads, indexes) unless built with --drafts. */
  draft: boolean;
  /** Where `draft:` is, for messages about the draft. */
  draftAt?: { line: number; col: number };
  /** Where the title's value is (privacy checks point at it). */
  titleAt?: { line: number; col: number };
  /** Where each question text override is. */
  questionsAt?: Record<string, { line: number; col: number }>;
  /** Importer name, when the editor names one (`jamrecap formats` lists them). */
  format?: string;
  /** The channel of a workspace export holding several (Slack), without its `#`. */
  channel?: string;
  /** CSS selectors for a chat page no importer knows (implies format "selectors"). */
  selectors?: SelectorSpec;
  /** Where `selectors:` is (import errors about a selector point at it). */
  selectorsAt?: { line: number; col: number };
  /** Handle -> its aliases (handles or display names in other exports), whose messages are shown under the handle. */
  people?: Record<string, string[]>;
  /** Where `people:` is. */
  peopleAt?: { line: number; col: number };
}

export const RECAP_KEYS = ['title', 'date', 'hashtag', 'hosts', 'shape', 'guests', 'timezone', 'exports', 'questions', 'assign', 'start', 'end', 'session', 'draft', 'format', 'channel', 'selectors', 'people'] as const;
const REQUIRED = ['title', 'date', 'hashtag'] as const;

/** The front matter's top node (null when it is empty); anything but a map of keys is reported. */
function frontContents(r: FrontReader, doc: Document | null): YamlNode | null {
  const contents = (doc?.contents ?? null) as YamlNode | null;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    r.at(contents, 'front matter must be a list of "key: value" lines');
  }
  return contents;
}

/** Reads each `key: value` line with its key's reader; returns the keys seen (unknown ones are reported). */
function readKeys(r: FrontReader, state: FrontState, contents: YamlNode | null): Set<string> {
  const seen = new Set<string>();
  const pairs: Pair[] = isMap(contents) ? (contents.items as Pair[]) : [];
  for (const pair of pairs) {
    const keyNode = pair.key as YamlNode | null;
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      r.at(keyNode, 'keys must be plain words');
      continue;
    }
    const key = keyNode.value;
    seen.add(key);
    const read = Object.hasOwn(KEY_READERS, key) ? KEY_READERS[key as keyof typeof KEY_READERS] : null;
    if (read) read(r, state, { key, keyNode, node: (pair.value as YamlNode | null) ?? keyNode });
    else if (!FORBIDDEN_KEYS.has(key)) r.at(keyNode, `unknown key "${key}"${didYouMean(key, RECAP_KEYS)} (known keys: ${RECAP_KEYS.join(', ')})`);
    // a forbidden key is reported by the YAML reader
  }
  return seen;
}

/** Reports each required key the front matter lacks. */
function requireKeys(r: FrontReader, seen: Set<string>, contents: YamlNode | null): void {
  for (const key of REQUIRED) {
    if (!seen.has(key)) r.at(isMap(contents) ? contents : null, `missing required key "${key}"`);
  }
}

/** The date must exist in the jam's zone too (a time skipped by a clock change does not). */
function checkDateInZone(r: FrontReader, { front, dateNode }: FrontState): void {
  if (front.date && front.timezone && !parseFrontDate(front.date, front.timezone)) r.at(dateNode, `date "${front.date}" is not a valid date`);
}

/** The chat must end after it starts. */
function checkStartBeforeEnd(r: FrontReader, { front, moments }: FrontState): void {
  if (front.start && front.end && front.end <= front.start) r.at(moments.find((m) => m.key === 'end')!.node, `end (${front.end}) must come after start (${front.start})`);
}

/**
 * Validate the parsed front matter. Returns the recap's settings (with
 * defaults; required values missing or invalid are '') and every problem.
 */
export function validateRecapFront(parsed: ParsedYaml, file: string, fallback: { line: number; col: number }): { front: RecapFront; problems: Problem[] } {
  const r = new FrontReader(file, parsed.pos, fallback);
  const contents = frontContents(r, parsed.doc);
  const state = emptyFrontState();
  const seen = readKeys(r, state, contents);
  requireKeys(r, seen, contents);
  checkDateInZone(r, state);
  // start, end and questions' times without an offset are in the jam's zone, so they are read once the zone is known.
  readMoments(r, state);
  checkStartBeforeEnd(r, state);
  // Whatever was valid is returned even with problems, so the caller can go
  // on (import, resolve quotes) and report those problems in the same run.
  const { front } = state;
  return { front: { ...front, title: front.title ?? '', date: front.date ?? '', hashtag: front.hashtag ?? '' } as RecapFront, problems: r.problems };
}
