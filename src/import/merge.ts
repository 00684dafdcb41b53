/**
 * Several exports of one jam merged into one transcript: people matched
 * across platforms through the notes' `people:` aliases, messages without a
 * shared id merged when the same author posted the same text within two
 * minutes (in another export), every export's provenance kept on the
 * message (`sources`), and the coverage report (per export: messages
 * contributed, unique, merged; spans of the jam no export has messages in).
 *
 * Linear in the messages (plus a sort per author-and-text group): messages
 * are indexed by (author, normalized text) and only compared inside a group.
 */
import type { Author, Diagnostic, Message, MessageOrigin, SourceCoverage, SourceSummary, TimeSpan } from '../model/transcript.ts';
import { handleKey } from '../model/transcript.ts';
import type { ParsedMessage } from './importer.ts';

/** The same author and text this close in time (in two exports) is the same message. */
export const MERGE_WINDOW_MS = 2 * 60_000;
/** A quiet span of the jam this long or longer, in which no export has a message, is reported. */
export const GAP_MS = 5 * 60_000;
/** At most this many recent candidates are looked at for each message (a bound, for a flood of one repeated text). */
const MAX_OPEN = 64;

/**
 * A parsed message that carries where it was read before (a transcript
 * jamrecap wrote keeps its messages' `sources`: see jamrecap-json.ts).
 */
export type ParsedWithSources = ParsedMessage & { sources?: MessageOrigin[] };

/** A character NFC may change: none below U+0300 does (as in pipeline.ts). */
const MAY_COMPOSE = /[^\x00-\u02ff]/;
/** White space other than single spaces between words. */
const LOOSE_SPACE = /\s{2,}|[^\S ]|^ | $/;

/** Text as compared across exports: NFC, white space collapsed, ends trimmed (the pipeline's texts are NFC already: checked cheaply). */
export function mergeText(text: string): string {
  const nfc = MAY_COMPOSE.test(text) ? text.normalize('NFC') : text;
  return LOOSE_SPACE.test(nfc) ? nfc.replace(/\s+/g, ' ').trim() : nfc;
}

/** The notes' `people:` (handle -> aliases), looked up by an author's handle or display name. */
export class People {
  private readonly byAlias = new Map<string, string>();

  constructor(people: Record<string, string[]> | undefined) {
    for (const [handle, aliases] of Object.entries(people ?? {})) {
      const canonical = handle.replace(/^@/, '');
      for (const alias of aliases) this.byAlias.set(aliasKey(alias), canonical);
    }
  }

  get size(): number {
    return this.byAlias.size;
  }

  /** The handle an author is shown under, when the notes name its handle (or else its display name) as an alias; else null. */
  canonical(author: Author): string | null {
    if (!this.byAlias.size) return null;
    const byHandle = this.byAlias.get(aliasKey(author.handle));
    if (byHandle !== undefined) return handleKey(byHandle) === handleKey(author.handle) ? null : byHandle;
    const byName = author.name ? this.byAlias.get(aliasKey(author.name)) : undefined;
    return byName !== undefined && handleKey(byName) !== handleKey(author.handle) ? byName : null;
  }
}

/** How an alias is compared: as a handle (no "@", case-insensitive, NFC), spaces collapsed. */
function aliasKey(s: string): string {
  return handleKey(s.trim().replace(/\s+/g, ' '));
}

/** A kept message with the export it came from (its index in the files) and the exports that had it. */
export interface MergeEntry {
  msg: Message;
  fileIndex: number;
  /** Indexes of every export that had this message (its own included). */
  files: Set<number>;
}

/** One more place a message was found: its `sources` list grows (the first entry is its own origin). */
export function addSource(msg: Message, origins: MessageOrigin[]): void {
  const list = msg.sources ?? [msg.origin];
  const seen = new Set(list.map(originKey));
  for (const o of origins) {
    if (!seen.has(originKey(o))) {
      seen.add(originKey(o));
      list.push(o);
    }
  }
  if (list.length > 1) msg.sources = list;
}

const originKey = (o: MessageOrigin) => `${o.file}\u0000${o.format}\u0000${o.position}`;

/** The message's own places: its `sources`, or its origin alone. */
function placesOf(msg: Message): MessageOrigin[] {
  return msg.sources ?? [msg.origin];
}

/** Two messages that each have a platform id from the same platform are different messages when the ids differ. */
function bothHavePlatformIds(a: Message, b: Message): boolean {
  const platform = (m: Message) => m.origin.format.split('-')[0];
  return !a.id.startsWith('h-') && !b.id.startsWith('h-') && platform(a) === platform(b);
}

/** A group of messages from different exports taken as one. */
interface Cluster {
  members: MergeEntry[];
  at: number;
}

/** The cluster a message joins: the nearest recent one within the window that has no message of its export yet. */
function clusterFor(open: Cluster[], e: MergeEntry, t: number): Cluster | null {
  for (let i = open.length - 1, looked = 0; i >= 0 && looked < MAX_OPEN; i--, looked++) {
    const c = open[i];
    if (t - c.at > MERGE_WINDOW_MS) break;
    if (c.members.some((m) => m.fileIndex === e.fileIndex || bothHavePlatformIds(m.msg, e.msg))) continue;
    return c;
  }
  return null;
}

/** Messages grouped by (author, normalized text), only those with a time finer than a day. */
function groupByContent(entries: MergeEntry[]): Map<string, MergeEntry[]> {
  const groups = new Map<string, MergeEntry[]>();
  for (const e of entries) {
    if (e.msg.timePrecision === 'day') continue;
    const key = `${handleKey(e.msg.author.handle)}\u0000${mergeText(e.msg.text)}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}

/** The clusters of one group with more than one export in them. */
function clustersOf(group: MergeEntry[]): Cluster[] {
  const timed = group.map((e) => ({ e, t: Date.parse(e.msg.time) })).sort((a, b) => a.t - b.t || a.e.fileIndex - b.e.fileIndex);
  const open: Cluster[] = [];
  for (const { e, t } of timed) {
    const c = clusterFor(open, e, t);
    if (c) c.members.push(e);
    else open.push({ members: [e], at: t });
  }
  return open.filter((c) => c.members.length > 1);
}

const PRECISION_RANK = { day: 0, minute: 1, second: 2 } as const;

/** The kept message takes what a merged copy knows better: a finer time, a permalink, a display name. */
function enrich(kept: Message, other: Message): void {
  if (PRECISION_RANK[other.timePrecision] > PRECISION_RANK[kept.timePrecision]) {
    kept.time = other.time;
    kept.timePrecision = other.timePrecision;
  }
  if (!kept.url && other.url) kept.url = other.url;
  if (!kept.author.name && other.author.name) kept.author = { ...kept.author, name: other.author.name };
}

/** The diagnostic of a message merged into another export's by author, text and time. */
function contentDiagnostic(kept: Message, merged: Message): Diagnostic {
  const apart = Math.round(Math.abs(Date.parse(kept.time) - Date.parse(merged.time)) / 1000);
  return {
    severity: 'info',
    code: 'duplicate-content',
    message: `message #${merged.origin.position}: the same author and text as ${kept.origin.file} #${kept.origin.position} (${apart}s apart); merged`,
    file: merged.origin.file,
    ...(merged.origin.line ? { line: merged.origin.line } : {}),
    position: merged.origin.position,
    messageId: kept.id,
  };
}

/**
 * Merges messages of different exports with the same author and text within
 * MERGE_WINDOW_MS: the one of the first export is kept (with the others'
 * places in its `sources`), each other one is counted as merged in its
 * export's summary. Returns the entries still kept.
 */
export function mergeByContent(entries: MergeEntry[], summaries: SourceSummary[]): MergeEntry[] {
  const dropped = new Set<MergeEntry>();
  for (const group of groupByContent(entries).values()) {
    if (group.length < 2) continue;
    for (const c of clustersOf(group)) {
      c.members.sort((a, b) => a.fileIndex - b.fileIndex || a.msg.origin.position - b.msg.origin.position);
      const [keep, ...rest] = c.members;
      for (const m of rest) {
        addSource(keep.msg, placesOf(m.msg));
        for (const f of m.files) keep.files.add(f);
        enrich(keep.msg, m.msg);
        const summary = summaries[m.fileIndex];
        summary.kept--;
        summary.merged++;
        summary.diagnostics.push(contentDiagnostic(keep.msg, m.msg));
        dropped.add(m);
      }
    }
  }
  return dropped.size ? entries.filter((e) => !dropped.has(e)) : entries;
}

/** Per export: the transcript's messages it has, those only it has, and those it shares with another export. */
export function coverageOf(entries: MergeEntry[], exports: number): SourceCoverage[] {
  const out = Array.from({ length: exports }, () => ({ contributed: 0, unique: 0, merged: 0 }));
  for (const e of entries) {
    for (const f of e.files) {
      out[f].contributed++;
      if (e.files.size > 1) out[f].merged++;
      else out[f].unique++;
    }
  }
  return out;
}

/**
 * The spans of at least `minMs` inside [start, end] in which no message was
 * posted (times finer than a day only). Messages are in time order.
 */
export function quietSpans(messages: Message[], start: string | null, end: string | null, minMs = GAP_MS): TimeSpan[] {
  const times = messages.filter((m) => m.timePrecision !== 'day').map((m) => Date.parse(m.time));
  if (!times.length) return [];
  const from = start && start.length > 10 ? Date.parse(start) : times[0];
  const to = end && end.length > 10 ? Date.parse(end) : times[times.length - 1];
  const spans: TimeSpan[] = [];
  let last = from;
  const close = (next: number) => {
    if (next - last >= minMs) spans.push({ start: new Date(last).toISOString(), end: new Date(next).toISOString(), minutes: Math.floor((next - last) / 60_000) });
  };
  for (const t of times) {
    if (t <= last) continue;
    if (t >= to) break;
    close(t);
    last = t;
  }
  if (to > last) close(to);
  return spans;
}
