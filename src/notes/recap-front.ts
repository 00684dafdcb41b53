/**
 * The schema of a recap's front matter, checked on the YAML nodes rather
 * than on plain data so that every problem points at the offending node
 * (`file:line:col`), and every problem is reported, not just the first.
 *
 *   title: From Social Media to Social Business   # required
 *   date: 2012-10-24T13:00:00-04:00               # required: when the jam started
 *   hashtag: socbizchat                           # required
 *   hosts: [cmswire]                              # optional: inferred when missing
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
 *   selectors: { message: .msg, author: .who, time: time, text: .body, timeAttr: datetime }
 *                                                 # optional: CSS selectors for any other saved chat page
 */
import { DateTime, IANAZone } from 'luxon';
import { countXmlIllegal } from '../model/xml-chars.ts';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode, type Pair } from 'yaml';
import { problem, type Problem } from './problems.ts';
import { FORBIDDEN_KEYS, type ParsedYaml } from './frontmatter.ts';
import { importerByName, importers } from '../import/registry.ts';
import type { SelectorSpec } from '../import/importer.ts';
import { normalizeQuestionId } from '../model/question-id.ts';
import { editDistance } from '../model/text-match.ts';

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
  /** Where each host, start, end and session are (import problems about them point there). */
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
  /** CSS selectors for a chat page no importer knows (implies format "selectors"). */
  selectors?: SelectorSpec;
  /** Where `selectors:` is (import errors about a selector point at it). */
  selectorsAt?: { line: number; col: number };
}

const SELECTOR_KEYS = ['message', 'author', 'time', 'text', 'group', 'timeAttr', 'timeFormat', 'timeZone', 'permalink', 'idAttr'] as const;
const SELECTOR_REQUIRED = ['message', 'author', 'time', 'text'] as const;

export const RECAP_KEYS = ['title', 'date', 'hashtag', 'hosts', 'timezone', 'exports', 'questions', 'assign', 'start', 'end', 'session', 'draft', 'format', 'selectors'] as const;
const REQUIRED = ['title', 'date', 'hashtag'] as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const HASHTAG = /^[\p{L}\p{M}\p{N}_]+$/u;
const HANDLE = /^[^\s@/\\<>"'`]{1,64}$/u;
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;


export function didYouMean(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** Parse a front matter date as the editor wrote it; no offset means the jam's zone. */
export function parseFrontDate(value: string, zone: string): DateTime | null {
  const v = value.trim();
  if (!DATE.test(v) && !DATE_TIME.test(v)) return null;
  const dt = DateTime.fromISO(v.replace(' ', 'T'), { zone: IANAZone.isValidZone(zone) ? zone : 'utc', setZone: true });
  return dt.isValid ? dt : null;
}

/**
 * Validate the parsed front matter. Returns the recap's settings (with
 * defaults; required values missing or invalid are '') and every problem.
 */
export function validateRecapFront(parsed: ParsedYaml, file: string, fallback: { line: number; col: number }): { front: RecapFront; problems: Problem[] } {
  const problems: Problem[] = [];
  const { doc, pos } = parsed;
  const at = (node: YamlNode | null | undefined, message: string) => {
    const p = node?.range ? pos(node) : fallback;
    problems.push(problem(file, p.line, p.col, message));
  };
  const contents = (doc as Document | null)?.contents ?? null;
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    at(contents as YamlNode, 'front matter must be a list of "key: value" lines');
  }

  const front: Partial<RecapFront> & Pick<RecapFront, 'questions' | 'questionChoices' | 'assign' | 'assignAt' | 'assignValueAt' | 'draft'> = {
    timezone: 'UTC',
    questions: Object.create(null),
    questionChoices: Object.create(null),
    assign: Object.create(null),
    assignAt: Object.create(null),
    assignValueAt: Object.create(null),
    draft: false,
  };
  const seen = new Set<string>();
  const pairs: Pair[] = isMap(contents) ? (contents.items as Pair[]) : [];
  let dateNode: YamlNode | null = null;
  /** Times read once the jam's zone is known: start, end, and questions' times (by question id). */
  const moments: { key: string; value: string; node: YamlNode }[] = [];

  const text = (node: unknown, what: string, example: string): string | null => {
    if (isAlias(node)) return at(node as YamlNode, `${what}: YAML aliases are not supported here`), null;
    if (!isScalar(node) || node.value === null || node.value === undefined) {
      at(node as YamlNode, `${what} must be text, e.g. ${example}`);
      return null;
    }
    if (typeof node.value !== 'string') {
      at(node as YamlNode, `${what} must be text, e.g. ${example} (put it in quotes)`);
      return null;
    }
    const s = node.value.trim();
    if (!s) {
      at(node as YamlNode, `${what} is empty`);
      return null;
    }
    if (countXmlIllegal(s)) {
      at(node as YamlNode, `${what} holds a control character (e.g. "\\b"): feed.xml cannot carry it; delete it`);
      return null;
    }
    return s;
  };
  const list = (node: unknown, what: string, example: string): { value: string; node: YamlNode }[] | null => {
    if (!isSeq(node)) {
      at(node as YamlNode, `${what} must be a list, e.g. ${example}`);
      return null;
    }
    const out: { value: string; node: YamlNode }[] = [];
    for (const item of node.items) {
      const s = text(item, `each item of ${what}`, example);
      if (s !== null) out.push({ value: s, node: item as YamlNode });
    }
    return out;
  };

  /** `{ message: "<id>", text: ... }` or `{ time: ..., text: ... }`: the message (or moment) asking a question. */
  const questionChoice = (node: YamlNode, id: string): RecapFront['questionChoices'][string] | null => {
    const choice: RecapFront['questionChoices'][string] = {};
    for (const cp of (node as unknown as { items: Pair[] }).items) {
      const ck = cp.key as YamlNode | null;
      const name = isScalar(ck) && typeof ck.value === 'string' ? ck.value : null;
      const cv = (cp.value ?? ck) as YamlNode;
      if (name === 'message') {
        if (isScalar(cv) && typeof cv.value === 'number') at(cv, `questions.${id}.message must be quoted ("${String((cv as { source?: string }).source ?? cv.value)}"): unquoted numbers lose digits`);
        else {
          const s = text(cv, `questions.${id}.message`, `message: "261154250552246292"`);
          if (s !== null && !MESSAGE_ID.test(s)) at(cv, `questions.${id}.message "${s}" is not a message id`);
          else if (s !== null) choice.message = s;
        }
      } else if (name === 'time') {
        const s = text(cv, `questions.${id}.time`, 'time: 2012-10-24T13:05:00-04:00');
        if (s !== null && !DATE_TIME.test(s)) at(cv, `questions.${id}.time "${s}" is not a date and time: write 2012-10-24T13:05:00-04:00`);
        else if (s !== null) {
          choice.time = s;
          moments.push({ key: id, value: s, node: cv });
        }
      } else if (name === 'text') {
        const s = text(cv, `questions.${id}.text`, 'text: How do you define "social business"?');
        if (s !== null) choice.text = s;
      } else at(ck, `unknown key "${name ?? '?'}" in questions.${id}${name ? didYouMean(name, ['message', 'time', 'text']) : ''} (known: message, time, text)`);
    }
    if (choice.message && choice.time) at(node, `questions.${id}: give message or time, not both`);
    else if (!choice.message && !choice.time && !choice.text) at(node, `questions.${id} needs a message id, a time or a text`);
    else return choice;
    return null;
  };

  for (const pair of pairs) {
    const keyNode = pair.key as YamlNode | null;
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      at(keyNode, 'keys must be plain words');
      continue;
    }
    const key = keyNode.value;
    const value = pair.value as YamlNode | null;
    const valueOrKey = value ?? keyNode;
    seen.add(key);
    switch (key) {
      case 'title': {
        const s = text(value ?? keyNode, 'title', 'title: From Social Media to Social Business');
        if (s !== null) {
          front.title = s;
          front.titleAt = pos(value ?? keyNode);
        }
        break;
      }
      case 'date': {
        dateNode = valueOrKey;
        const s = text(valueOrKey, 'date', 'date: 2012-10-24T13:00:00-04:00');
        if (s !== null) {
          if (!DATE.test(s) && !DATE_TIME.test(s)) at(valueOrKey, `date "${s}" is not a date: write 2012-10-24 or 2012-10-24T13:00:00-04:00`);
          else if (!parseFrontDate(s, 'utc')) at(valueOrKey, `date "${s}" is not a valid date`);
          else front.date = s;
        }
        break;
      }
      case 'hashtag': {
        const s = text(valueOrKey, 'hashtag', 'hashtag: socbizchat');
        if (s !== null) {
          const tag = s.replace(/^#/, '');
          if (!HASHTAG.test(tag)) at(valueOrKey, `hashtag "${s}" must be letters, digits and "_" only`);
          else front.hashtag = tag;
        }
        break;
      }
      case 'hosts': {
        const items = list(valueOrKey, 'hosts', 'hosts: [cmswire]');
        if (items) {
          const hosts: string[] = [];
          front.hostsAt = Object.create(null) as Record<string, { line: number; col: number }>;
          for (const { value: h, node } of items) {
            const handle = h.replace(/^@/, '');
            if (!HANDLE.test(handle)) at(node, `host "${h}" is not a handle`);
            else {
              hosts.push(handle);
              front.hostsAt![handle.toLowerCase()] = pos(node);
            }
          }
          front.hosts = hosts;
        }
        break;
      }
      case 'timezone': {
        const s = text(valueOrKey, 'timezone', 'timezone: America/New_York');
        if (s !== null) {
          if (!IANAZone.isValidZone(s)) at(valueOrKey, `timezone "${s}" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`);
          else front.timezone = s;
        }
        break;
      }
      case 'exports': {
        const items = list(valueOrKey, 'exports', 'exports: [socbizchat-room.html]');
        if (items) {
          const exports: Located<string>[] = [];
          for (const { value: name, node } of items) {
            if (/[\\/]/.test(name) || name === '.' || name === '..' || name.startsWith('.')) at(node, `export "${name}" must be a file name in the jam's folder (no folders, not hidden)`);
            else if (name === 'recap.md') at(node, 'recap.md holds the notes; it cannot be an export');
            else exports.push({ value: name, ...pos(node) });
          }
          front.exports = exports;
        }
        break;
      }
      case 'questions': {
        if (!isMap(valueOrKey)) {
          at(valueOrKey, 'questions must be a map of question ids to texts, e.g. questions: { Q1: How do you define "social business"? }');
          break;
        }
        for (const qp of valueOrKey.items as Pair[]) {
          const k = qp.key as YamlNode | null;
          const id = isScalar(k) && typeof k.value === 'string' ? normalizeQuestionId(k.value) : null;
          if (!id) {
            at(k, `question ids are written Q1, Q2, ... (or T1, Q1a) (got ${isScalar(k) ? JSON.stringify(k.value) : 'a non-text key'})`);
            continue;
          }
          const v = (qp.value ?? k) as YamlNode;
          (front.questionsAt ??= Object.create(null) as Record<string, { line: number; col: number }>)[id] = pos(v);
          if (isMap(v)) {
            const choice = questionChoice(v, id);
            if (choice) {
              front.questionChoices[id] = choice;
              if (choice.text) front.questions[id] = choice.text;
            }
            continue;
          }
          const s = text(v, `the text of ${id}`, `${id}: How do you define "social business"?`);
          if (s !== null) front.questions[id] = s;
        }
        break;
      }
      case 'start':
      case 'end': {
        const s = text(valueOrKey, key, `${key}: 2012-10-24T13:00:00-04:00`);
        if (s !== null) {
          if (!DATE_TIME.test(s)) at(valueOrKey, `${key} "${s}" is not a date and time: write 2012-10-24T13:00:00-04:00 (or without the offset, in the jam's timezone)`);
          else moments.push({ key, value: s, node: valueOrKey });
        }
        break;
      }
      case 'session': {
        if (isScalar(valueOrKey) && typeof valueOrKey.value === 'number' && Number.isInteger(valueOrKey.value) && valueOrKey.value >= 1) {
          front.session = valueOrKey.value;
          front.sessionAt = pos(valueOrKey);
        } else at(valueOrKey, 'session must be a whole number from 1, e.g. session: 2 (the second chat of the export)');
        break;
      }
      case 'assign': {
        if (!isMap(valueOrKey)) {
          at(valueOrKey, 'assign must be a map of message ids to questions, e.g. assign: { "261154250552246292": Q2 }');
          break;
        }
        for (const ap of valueOrKey.items as Pair[]) {
          const k = ap.key as YamlNode | null;
          if (isScalar(k) && typeof k.value !== 'string' && k.value !== null) {
            at(k, `message id ${String((k as { source?: string }).source ?? k.value)} must be quoted ("${String((k as { source?: string }).source ?? k.value)}"): unquoted numbers lose digits`);
            continue;
          }
          if (!isScalar(k) || typeof k.value !== 'string' || !MESSAGE_ID.test(k.value)) {
            at(k, 'assign keys must be message ids in quotes, e.g. "261154250552246292"');
            continue;
          }
          const v = ap.value as YamlNode | null;
          if (v === null || (isScalar(v) && v.value === null)) {
            front.assign[k.value] = null;
          } else if (isScalar(v) && typeof v.value === 'string' && (normalizeQuestionId(v.value) || /^(?:before|after)$/i.test(v.value.trim()))) {
            front.assign[k.value] = normalizeQuestionId(v.value) ?? v.value.trim().toLowerCase();
          } else {
            at(v, `assign ${k.value}: must be a question id such as Q2, "before" or "after" the chat, or null for no question`);
            continue;
          }
          front.assignAt[k.value] = pos(k);
          front.assignValueAt[k.value] = v ? pos(v) : pos(k);
        }
        break;
      }
      case 'draft': {
        if (isScalar(valueOrKey) && typeof valueOrKey.value === 'boolean') {
          front.draft = valueOrKey.value;
          front.draftAt = pos(keyNode);
        } else {
          at(valueOrKey, 'draft must be true or false (remove the line to publish the jam)');
        }
        break;
      }
      case 'format': {
        const s = text(valueOrKey, 'format', 'format: tweetchat');
        if (s !== null) {
          if (!importerByName(s)) at(valueOrKey, `format "${s}" is not one jamrecap reads (known: ${importers.map((i) => i.name).join(', ')})`);
          else front.format = s.toLowerCase();
        }
        break;
      }
      case 'selectors': {
        if (!isMap(valueOrKey)) {
          at(valueOrKey, 'selectors must be a map, e.g. selectors: { message: .msg, author: .who, time: time, text: .body }');
          break;
        }
        const spec: Record<string, string> = Object.create(null);
        for (const sp of valueOrKey.items as Pair[]) {
          const k = sp.key as YamlNode | null;
          const name = isScalar(k) && typeof k.value === 'string' ? k.value : null;
          if (!name || !(SELECTOR_KEYS as readonly string[]).includes(name)) {
            at(k, `unknown selector "${name ?? '?'}"${name ? didYouMean(name, SELECTOR_KEYS) : ''} (known: ${SELECTOR_KEYS.join(', ')})`);
            continue;
          }
          const s = text(sp.value ?? k, `selectors.${name}`, `${name}: .chat-${name}`);
          if (s !== null) spec[name] = s;
        }
        const missing = SELECTOR_REQUIRED.filter((k) => !spec[k]);
        if (missing.length) at(valueOrKey, `selectors needs ${missing.join(', ')} as well`);
        else {
          front.selectors = spec as unknown as SelectorSpec;
          front.selectorsAt = pos(keyNode);
        }
        break;
      }
      default:
        if (FORBIDDEN_KEYS.has(key)) break; // reported by the YAML reader
        at(keyNode, `unknown key "${key}"${didYouMean(key, RECAP_KEYS)} (known keys: ${RECAP_KEYS.join(', ')})`);
    }
  }
  for (const key of REQUIRED) {
    if (!seen.has(key)) {
      const p = isMap(contents) && contents.range ? pos(contents) : fallback;
      problems.push(problem(file, p.line, p.col, `missing required key "${key}"`));
    }
  }
  if (front.date && front.timezone && !parseFrontDate(front.date, front.timezone)) at(dateNode, `date "${front.date}" is not a valid date`);
  // start/end without an offset are in the jam's zone, so they are read once the zone is known.
  for (const { key, value, node } of moments) {
    const dt = parseFrontDate(value, front.timezone ?? 'UTC');
    const iso = dt?.toUTC().toISO() ?? null;
    if (!iso) at(node, `${key === 'start' || key === 'end' ? key : `questions.${key}.time`} "${value}" is not a valid date and time`);
    if (key === 'start' || key === 'end') {
      if (iso) {
        front[key] = iso;
        front[`${key}At`] = pos(node);
      }
    } else if (front.questionChoices[key]) {
      if (iso) front.questionChoices[key].time = iso;
      else delete front.questionChoices[key].time;
    }
  }
  if (front.start && front.end && front.end <= front.start) at(moments.find((m) => m.key === 'end')!.node, `end (${front.end}) must come after start (${front.start})`);
  // Whatever was valid is returned even with problems, so the caller can go
  // on (import, resolve quotes) and report those problems in the same run.
  return { front: { ...front, title: front.title ?? '', date: front.date ?? '', hashtag: front.hashtag ?? '' } as RecapFront, problems };
}
