/**
 * The recap front matter's keys, one reader each: a reader checks its
 * key's value (reporting each problem at its node through the
 * FrontReader) and stores what is valid in the settings being built.
 * validateRecapFront (recap-front.ts) calls them key by key; times that
 * depend on the jam's timezone are collected here and read at the end.
 */
import { IANAZone } from 'luxon';
import { isMap, isScalar, type Node as YamlNode, type Pair } from 'yaml';
import { FORMATS } from '../import/format-list.ts';
import type { SelectorSpec } from '../import/importer.ts';
import { normalizeQuestionId } from '../model/question-id.ts';
import { DATE, DATE_TIME, didYouMean, parseFrontDate, type FrontReader, type Where } from './front-values.ts';
import type { Located, RECAP_KEYS, RecapFront } from './recap-front.ts';

const SELECTOR_KEYS = ['message', 'author', 'time', 'text', 'group', 'timeAttr', 'timeFormat', 'timeZone', 'permalink', 'idAttr'] as const;
const SELECTOR_REQUIRED = ['message', 'author', 'time', 'text'] as const;
const QUESTION_CHOICE_KEYS = ['message', 'time', 'text'];

const HASHTAG = /^[\p{L}\p{M}\p{N}_]+$/u;
const HANDLE = /^[^\s@/\\<>"'`]{1,64}$/u;
/** A guest's handle: as HANDLE, but inner spaces are allowed (Discord names: "Daniel CP#2020"). */
const GUEST_HANDLE = /^[^\s@/\\<>"'`](?:[^\t\n\r@/\\<>"'`]{0,62}[^\s@/\\<>"'`])?$/u;
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The settings read so far (required values may still be missing). */
export type FrontDraft = Partial<RecapFront> & Pick<RecapFront, 'questions' | 'questionChoices' | 'assign' | 'assignAt' | 'assignValueAt' | 'draft'>;

/** A time read once the jam's zone is known: `start`, `end`, or a question's time (`key` is its id). */
export interface Moment {
  key: string;
  value: string;
  node: YamlNode;
}

/** What reading the keys builds. */
export interface FrontState {
  front: FrontDraft;
  /** Times read once the jam's zone is known, in the order written. */
  moments: Moment[];
  /** Where `date:` is, to report a date the jam's zone makes invalid. */
  dateNode: YamlNode | null;
}

/** One `key: value` line: the key's name and node, and the value's node (the key's when the value is empty). */
export interface Entry {
  key: string;
  keyNode: YamlNode;
  node: YamlNode;
}

export type KeyReader = (r: FrontReader, s: FrontState, e: Entry) => void;

/** Settings before any key is read: the defaults. */
export function emptyFrontState(): FrontState {
  const front: FrontDraft = {
    timezone: 'UTC',
    questions: Object.create(null),
    questionChoices: Object.create(null),
    assign: Object.create(null),
    assignAt: Object.create(null),
    assignValueAt: Object.create(null),
    draft: false,
  };
  return { front, moments: [], dateNode: null };
}

/** `title:` any one line of text. */
function readTitle(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'title', 'title: From Social Media to Social Business');
  if (s !== null) {
    front.title = s;
    front.titleAt = r.pos(e.node);
  }
}

/** `date:` a date or a date and time (checked against the jam's zone at the end). */
function readDate(r: FrontReader, state: FrontState, e: Entry): void {
  state.dateNode = e.node;
  const s = r.text(e.node, 'date', 'date: 2012-10-24T13:00:00-04:00');
  if (s === null) return;
  if (!DATE.test(s) && !DATE_TIME.test(s)) r.at(e.node, `date "${s}" is not a date: write 2012-10-24 or 2012-10-24T13:00:00-04:00`);
  else if (!parseFrontDate(s, 'utc')) r.at(e.node, `date "${s}" is not a valid date`);
  else state.front.date = s;
}

/** `hashtag:` letters, digits and `_`, with or without its `#`. */
function readHashtag(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'hashtag', 'hashtag: socbizchat');
  if (s === null) return;
  const tag = s.replace(/^#/, '');
  if (!HASHTAG.test(tag)) r.at(e.node, `hashtag "${s}" must be letters, digits and "_" only`);
  else front.hashtag = tag;
}

/** `hosts:` a list of handles, with or without `@`; each one's place is kept for the import's problems. */
function readHosts(r: FrontReader, { front }: FrontState, e: Entry): void {
  const items = r.list(e.node, 'hosts', 'hosts: [cmswire]');
  if (!items) return;
  const hosts: string[] = [];
  // Kept with the guests' (`guests:` may come first).
  front.hostsAt ??= Object.create(null) as Record<string, Where>;
  for (const { value: h, node } of items) {
    const handle = h.replace(/^@/, '');
    if (!HANDLE.test(handle)) r.at(node, `host "${h}" is not a handle`);
    else {
      hosts.push(handle);
      front.hostsAt![handle.toLowerCase()] = r.pos(node);
    }
  }
  front.hosts = hosts;
}

/** `shape:` the kind of Q&A: `tweetchat` (hosts ask Q1, Q2, ...) or `ama` (the crowd asks guests). */
function readShape(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'shape', 'shape: ama');
  if (s === null) return;
  const shape = s.trim().toLowerCase();
  if (shape !== 'tweetchat' && shape !== 'ama') r.at(e.node, `shape "${s}" is not a shape jamrecap knows: write shape: tweetchat (hosts ask Q1, Q2, ...) or shape: ama (the crowd asks guests), or remove the line to detect it`);
  else {
    front.shape = shape;
    front.shapeAt = r.pos(e.node);
  }
}

/**
 * `guests:` an AMA's guests, a list of handles, with or without `@`; each
 * one's place is kept (with the hosts': the import reports a guest who
 * posts nothing as an unknown host of the AMA).
 */
function readGuests(r: FrontReader, { front }: FrontState, e: Entry): void {
  const items = r.list(e.node, 'guests', 'guests: [kemitche]');
  if (!items) return;
  const guests: string[] = [];
  const seen = new Set<string>();
  for (const { value: h, node } of items) {
    const handle = h.trim().replace(/^@/, '');
    const key = handle.toLowerCase();
    if (!GUEST_HANDLE.test(handle)) r.at(node, `guest "${h}" is not a handle`);
    else if (seen.has(key)) r.at(node, `guest "${h}" is listed twice`);
    else {
      seen.add(key);
      guests.push(handle);
      (front.hostsAt ??= Object.create(null) as Record<string, Where>)[key] ??= r.pos(node);
    }
  }
  front.guests = guests;
}

/** `timezone:` an IANA zone name. */
function readTimezone(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'timezone', 'timezone: America/New_York');
  if (s === null) return;
  if (!IANAZone.isValidZone(s)) r.at(e.node, `timezone "${s}" is not a known IANA time zone (e.g. America/New_York, Europe/London, UTC)`);
  else front.timezone = s;
}

/** `exports:` a list of file names in the jam's folder (not the notes, not hidden, no folders). */
function readExports(r: FrontReader, { front }: FrontState, e: Entry): void {
  const items = r.list(e.node, 'exports', 'exports: [socbizchat-room.html]');
  if (!items) return;
  const exports: Located<string>[] = [];
  for (const { value: name, node } of items) {
    if (/[\\/]/.test(name) || name === '.' || name === '..' || name.startsWith('.')) r.at(node, `export "${name}" must be a file name in the jam's folder (no folders, not hidden)`);
    else if (name === 'recap.md') r.at(node, 'recap.md holds the notes; it cannot be an export');
    else exports.push({ value: name, ...r.pos(node) });
  }
  front.exports = exports;
}

/** `questions.<id>.message:` a message id, in quotes. */
function readChoiceMessage(r: FrontReader, node: YamlNode, id: string): string | null {
  if (isScalar(node) && typeof node.value === 'number') {
    r.at(node, `questions.${id}.message must be quoted ("${String((node as { source?: string }).source ?? node.value)}"): unquoted numbers lose digits`);
    return null;
  }
  const s = r.text(node, `questions.${id}.message`, `message: "261154250552246292"`);
  if (s !== null && !MESSAGE_ID.test(s)) r.at(node, `questions.${id}.message "${s}" is not a message id`);
  else if (s !== null) return s;
  return null;
}

/** `questions.<id>.time:` a date and time (read in the jam's zone at the end). */
function readChoiceTime(r: FrontReader, state: FrontState, node: YamlNode, id: string): string | null {
  const s = r.text(node, `questions.${id}.time`, 'time: 2012-10-24T13:05:00-04:00');
  if (s !== null && !DATE_TIME.test(s)) r.at(node, `questions.${id}.time "${s}" is not a date and time: write 2012-10-24T13:05:00-04:00`);
  else if (s !== null) {
    state.moments.push({ key: id, value: s, node });
    return s;
  }
  return null;
}

/** `{ message: "<id>", text: ... }` or `{ time: ..., text: ... }`: the message (or moment) asking a question. */
function readQuestionChoice(r: FrontReader, state: FrontState, node: YamlNode, id: string): RecapFront['questionChoices'][string] | null {
  const choice: RecapFront['questionChoices'][string] = {};
  for (const cp of (node as unknown as { items: Pair[] }).items) {
    const ck = cp.key as YamlNode | null;
    const name = isScalar(ck) && typeof ck.value === 'string' ? ck.value : null;
    const cv = (cp.value ?? ck) as YamlNode;
    if (name === 'message') {
      const s = readChoiceMessage(r, cv, id);
      if (s !== null) choice.message = s;
    } else if (name === 'time') {
      const s = readChoiceTime(r, state, cv, id);
      if (s !== null) choice.time = s;
    } else if (name === 'text') {
      const s = r.text(cv, `questions.${id}.text`, 'text: How do you define "social business"?');
      if (s !== null) choice.text = s;
    } else r.at(ck, `unknown key "${name ?? '?'}" in questions.${id}${name ? didYouMean(name, QUESTION_CHOICE_KEYS) : ''} (known: message, time, text)`);
  }
  if (choice.message && choice.time) r.at(node, `questions.${id}: give message or time, not both`);
  else if (!choice.message && !choice.time && !choice.text) r.at(node, `questions.${id} needs a message id, a time or a text`);
  else return choice;
  return null;
}

/** `questions:` question id -> its text, or the message (or moment) asking it. */
function readQuestions(r: FrontReader, state: FrontState, e: Entry): void {
  const { front } = state;
  if (!isMap(e.node)) {
    r.at(e.node, 'questions must be a map of question ids to texts, e.g. questions: { Q1: How do you define "social business"? }');
    return;
  }
  for (const qp of e.node.items as Pair[]) {
    const k = qp.key as YamlNode | null;
    const id = isScalar(k) && typeof k.value === 'string' ? normalizeQuestionId(k.value) : null;
    if (!id) {
      r.at(k, `question ids are written Q1, Q2, ... (or T1, Q1a) (got ${isScalar(k) ? JSON.stringify(k.value) : 'a non-text key'})`);
      continue;
    }
    const v = (qp.value ?? k) as YamlNode;
    (front.questionsAt ??= Object.create(null) as Record<string, Where>)[id] = r.pos(v);
    if (isMap(v)) {
      const choice = readQuestionChoice(r, state, v, id);
      if (choice) {
        front.questionChoices[id] = choice;
        if (choice.text) front.questions[id] = choice.text;
      }
      continue;
    }
    const s = r.text(v, `the text of ${id}`, `${id}: How do you define "social business"?`);
    if (s !== null) front.questions[id] = s;
  }
}

/** `start:` / `end:` a date and time (read in the jam's zone at the end). */
function readStartOrEnd(r: FrontReader, state: FrontState, e: Entry): void {
  const s = r.text(e.node, e.key, `${e.key}: 2012-10-24T13:00:00-04:00`);
  if (s === null) return;
  if (!DATE_TIME.test(s)) r.at(e.node, `${e.key} "${s}" is not a date and time: write 2012-10-24T13:00:00-04:00 (or without the offset, in the jam's timezone)`);
  else state.moments.push({ key: e.key, value: s, node: e.node });
}

/** `session:` which chat of an export holding several, from 1. */
function readSession(r: FrontReader, { front }: FrontState, e: Entry): void {
  const n = e.node;
  if (isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= 1) {
    front.session = n.value;
    front.sessionAt = r.pos(n);
  } else r.at(n, 'session must be a whole number from 1, e.g. session: 2 (the second chat of the export)');
}

/** One `assign:` entry's question: an id, `before`, `after`, or null; undefined when it is none of these. */
function assignedQuestion(v: YamlNode | null): string | null | undefined {
  if (v === null || (isScalar(v) && v.value === null)) return null;
  if (isScalar(v) && typeof v.value === 'string' && (normalizeQuestionId(v.value) || /^(?:before|after)$/i.test(v.value.trim()))) {
    return normalizeQuestionId(v.value) ?? v.value.trim().toLowerCase();
  }
  return undefined;
}

/** `assign:` message id (in quotes) -> the question it belongs to, with each entry's place. */
function readAssign(r: FrontReader, { front }: FrontState, e: Entry): void {
  if (!isMap(e.node)) {
    r.at(e.node, 'assign must be a map of message ids to questions, e.g. assign: { "261154250552246292": Q2 }');
    return;
  }
  for (const ap of e.node.items as Pair[]) {
    const k = ap.key as YamlNode | null;
    if (isScalar(k) && typeof k.value !== 'string' && k.value !== null) {
      r.at(k, `message id ${String((k as { source?: string }).source ?? k.value)} must be quoted ("${String((k as { source?: string }).source ?? k.value)}"): unquoted numbers lose digits`);
      continue;
    }
    if (!isScalar(k) || typeof k.value !== 'string' || !MESSAGE_ID.test(k.value)) {
      r.at(k, 'assign keys must be message ids in quotes, e.g. "261154250552246292"');
      continue;
    }
    const v = ap.value as YamlNode | null;
    const question = assignedQuestion(v);
    if (question === undefined) {
      r.at(v, `assign ${k.value}: must be a question id such as Q2, "before" or "after" the chat, or null for no question`);
      continue;
    }
    front.assign[k.value] = question;
    front.assignAt[k.value] = r.pos(k);
    front.assignValueAt[k.value] = v ? r.pos(v) : r.pos(k);
  }
}

/** `draft:` true or false. */
function readDraft(r: FrontReader, { front }: FrontState, e: Entry): void {
  if (isScalar(e.node) && typeof e.node.value === 'boolean') {
    front.draft = e.node.value;
    front.draftAt = r.pos(e.keyNode);
  } else {
    r.at(e.node, 'draft must be true or false (remove the line to publish the jam)');
  }
}

/** `format:` the name of an importer. */
function readFormat(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'format', 'format: tweetchat');
  if (s === null) return;
  if (!FORMATS.some((f) => f.name === s.toLowerCase())) r.at(e.node, `format "${s}" is not one jamrecap reads (known: ${FORMATS.map((f) => f.name).join(', ')})`);
  else front.format = s.toLowerCase();
}

/** `channel:` a channel's name in a workspace export (letters, digits, `-`, `_`, `.`; its `#` optional). */
function readChannel(r: FrontReader, { front }: FrontState, e: Entry): void {
  const s = r.text(e.node, 'channel', 'channel: general');
  if (s === null) return;
  const name = s.replace(/^#/, '');
  if (!/^[\p{L}\p{N}_.-]{1,80}$/u.test(name)) r.at(e.node, `channel "${s}" is not a channel name: letters, digits, "-", "_" and "." only (e.g. channel: general)`);
  else front.channel = name;
}

/** `selectors:` the CSS selectors of a saved chat page no importer knows (message, author, time and text at least). */
function readSelectors(r: FrontReader, { front }: FrontState, e: Entry): void {
  if (!isMap(e.node)) {
    r.at(e.node, 'selectors must be a map, e.g. selectors: { message: .msg, author: .who, time: time, text: .body }');
    return;
  }
  const spec: Record<string, string> = Object.create(null);
  for (const sp of e.node.items as Pair[]) {
    const k = sp.key as YamlNode | null;
    const name = isScalar(k) && typeof k.value === 'string' ? k.value : null;
    if (!name || !(SELECTOR_KEYS as readonly string[]).includes(name)) {
      r.at(k, `unknown selector "${name ?? '?'}"${name ? didYouMean(name, SELECTOR_KEYS) : ''} (known: ${SELECTOR_KEYS.join(', ')})`);
      continue;
    }
    const s = r.text(sp.value ?? k, `selectors.${name}`, `${name}: .chat-${name}`);
    if (s !== null) spec[name] = s;
  }
  const missing = SELECTOR_REQUIRED.filter((k) => !spec[k]);
  if (missing.length) r.at(e.node, `selectors needs ${missing.join(', ')} as well`);
  else {
    front.selectors = spec as unknown as SelectorSpec;
    front.selectorsAt = r.pos(e.keyNode);
  }
}

/** An alias as `people:` compares it: no "@", spaces collapsed, case and Unicode form ignored. */
const aliasKey = (s: string) => s.replace(/^@/, '').replace(/\s+/g, ' ').normalize('NFC').toLowerCase();

/** One `people:` entry's aliases: a list (or one) of handles or display names, each at most 128 characters. */
function readAliases(r: FrontReader, node: YamlNode, handle: string): { value: string; node: YamlNode }[] {
  const example = `${handle}: [${handle}_zoom, "${handle} (Zoom)"]`;
  const items = isScalar(node) ? [r.text(node, `people.${handle}`, example)].filter((v): v is string => v !== null).map((value) => ({ value, node })) : r.list(node, `people.${handle}`, example);
  return (items ?? []).filter(({ value, node: n }) => {
    if ([...value].length <= 128) return true;
    r.at(n, `people.${handle}: alias "${value.slice(0, 40)}…" is longer than 128 characters`);
    return false;
  });
}

/**
 * `people:` handle -> the aliases (handles or display names in other
 * exports) whose messages are shown under it. An alias belongs to one
 * person and cannot be another one's handle (its own is allowed: it then
 * matches a display name such as YouTube's "@janedoe").
 */
function readPeople(r: FrontReader, { front }: FrontState, e: Entry): void {
  if (!isMap(e.node)) {
    r.at(e.node, 'people must be a map of handles to their aliases, e.g. people: { janedoe: ["Jane Doe", jane_d] }');
    return;
  }
  const people: Record<string, string[]> = Object.create(null);
  const owner = new Map<string, string>();
  const pairs = e.node.items as Pair[];
  const handles = new Set(pairs.map((p) => (isScalar(p.key) && typeof p.key.value === 'string' ? aliasKey(p.key.value) : '')));
  for (const pair of pairs) {
    const k = pair.key as YamlNode | null;
    const raw = isScalar(k) && typeof k.value === 'string' ? k.value.trim() : null;
    const handle = raw?.replace(/^@/, '') ?? '';
    if (!HANDLE.test(handle)) {
      r.at(k, `people: ${raw === null ? 'keys' : `"${raw}"`} must be a handle (no spaces, @ optional), e.g. people: { janedoe: ["Jane Doe"] }`);
      continue;
    }
    if (Object.keys(people).some((h) => aliasKey(h) === aliasKey(handle))) {
      r.at(k, `people: "${handle}" is listed twice; give all its aliases in one list`);
      continue;
    }
    const aliases: string[] = [];
    for (const { value, node } of readAliases(r, (pair.value ?? k) as YamlNode, handle)) {
      const key = aliasKey(value);
      // The handle itself may be listed: it then matches a display name written so in another export.
      if (key !== aliasKey(handle) && handles.has(key)) r.at(node, `people.${handle}: "${value}" is another person's handle in people: an alias belongs to one person`);
      else if (owner.has(key) && owner.get(key) !== handle) r.at(node, `people.${handle}: "${value}" is already an alias of ${owner.get(key)}`);
      else if (!owner.has(key)) {
        owner.set(key, handle);
        aliases.push(value);
      }
    }
    people[handle] = aliases;
  }
  front.people = people;
  front.peopleAt = r.pos(e.keyNode);
}

/** The reader of each known key. */
export const KEY_READERS: Record<(typeof RECAP_KEYS)[number], KeyReader> = {
  title: readTitle,
  date: readDate,
  hashtag: readHashtag,
  hosts: readHosts,
  shape: readShape,
  guests: readGuests,
  timezone: readTimezone,
  exports: readExports,
  questions: readQuestions,
  assign: readAssign,
  start: readStartOrEnd,
  end: readStartOrEnd,
  session: readSession,
  draft: readDraft,
  format: readFormat,
  channel: readChannel,
  selectors: readSelectors,
  people: readPeople,
};

/**
 * Reads the times collected while reading the keys, now that the jam's
 * zone is known (a time without an offset is in it): start and end as UTC
 * ISO with their places, and questions' times.
 */
export function readMoments(r: FrontReader, { front, moments }: FrontState): void {
  for (const { key, value, node } of moments) {
    const dt = parseFrontDate(value, front.timezone ?? 'UTC');
    const iso = dt?.toUTC().toISO() ?? null;
    if (!iso) r.at(node, `${key === 'start' || key === 'end' ? key : `questions.${key}.time`} "${value}" is not a valid date and time`);
    if (key === 'start' || key === 'end') {
      if (iso) {
        front[key] = iso;
        front[`${key}At`] = r.pos(node);
      }
    } else if (front.questionChoices[key]) {
      if (iso) front.questionChoices[key].time = iso;
      else delete front.questionChoices[key].time;
    }
  }
}
