/**
 * A transcript jamrecap itself wrote (`"schema": "jamrecap.transcript/1"`),
 * read back in: a downloaded transcript can be re-imported, merged with other
 * exports or edited by hand and rebuilt (round trip).
 *
 * Every `messages[]` entry keeps its id, author (with their saved picture), time, precision, text,
 * permalink, reply, retweet, links and, for a message merged from several
 * exports, the list of them (`sources`: the provenance survives a round
 * trip, while `origin` names this file). Mentions, hashtags, questions and
 * participants are derived again by the pipeline, as for any export. The file
 * may have been edited by hand, so each entry is checked: a malformed one is a
 * `skipped` diagnostic naming its position, never a crash.
 */
import type { ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParseResult, type ParsedMessage } from '../importer.ts';
import { parseIso } from '../time.ts';
import { TRANSCRIPT_SCHEMA, type MessageOrigin, type TimePrecision } from '../../model/transcript.ts';
import type { ParsedWithSources } from '../merge.ts';
import { arrayEntryOffsets, duplicateKeyDiagnostics } from '../json-offsets.ts';

const SCHEMA_FIELD = new RegExp(`"schema"\\s*:\\s*"${TRANSCRIPT_SCHEMA.replace(/[./]/g, '\\$&')}"`);
const PRECISIONS: readonly TimePrecision[] = ['second', 'minute', 'day'];

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const optString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

const FORMAT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** One `sources[]` entry, when it is a well-formed origin (a hand-edited one that is not is left out). */
function readOrigin(v: unknown): MessageOrigin | null {
  if (!isObject(v) || typeof v.file !== 'string' || !v.file || typeof v.format !== 'string' || !FORMAT_NAME.test(v.format) || !isIndex(v.position)) return null;
  return { file: v.file, format: v.format, position: v.position, ...(isIndex(v.line) ? { line: v.line } : {}) };
}

/** The exports a merged message was found in (two or more well-formed origins), or undefined. */
function readSources(v: unknown): MessageOrigin[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const origins = v.map(readOrigin).filter((o): o is MessageOrigin => o !== null);
  return origins.length > 1 ? origins : undefined;
}

/** One `messages[]` entry as a ParsedMessage, or the reason it cannot be one. */
export function readEntry(entry: unknown, position: number): ParsedWithSources | { error: string; code: string } {
  if (!isObject(entry)) return { code: 'not-a-message', error: 'entry is not an object' };
  const { id, author, time, timePrecision, text } = entry;
  if (id !== undefined && id !== null && typeof id !== 'string') {
    return { code: 'id-invalid', error: `id must be a string (got ${typeof id}; numeric ids lose precision)` };
  }
  if (!isObject(author) || typeof author.handle !== 'string' || !author.handle.trim()) {
    return { code: 'author-missing', error: 'no author handle' };
  }
  if (author.name !== undefined && author.name !== null && typeof author.name !== 'string') {
    return { code: 'author-invalid', error: 'author name must be a string or null' };
  }
  if (typeof text !== 'string') return { code: 'text-missing', error: 'no text' };
  if (typeof timePrecision !== 'string' || !PRECISIONS.includes(timePrecision as TimePrecision)) {
    return { code: 'time-unreadable', error: `timePrecision must be one of ${PRECISIONS.join(', ')}` };
  }
  const parsed = typeof time === 'string' ? parseIso(time) : null;
  if (!parsed) return { code: 'time-unreadable', error: `time unreadable (${JSON.stringify(time ?? null)})` };
  // A date-only time is day precision and vice versa (see Message.time).
  if ((parsed.precision === 'day') !== (timePrecision === 'day')) {
    return { code: 'time-unreadable', error: `time ${JSON.stringify(time)} does not match timePrecision "${timePrecision}"` };
  }

  let retweetOf: ParsedMessage['retweetOf'] = null;
  const rt = entry.retweetOf;
  if (isObject(rt) && typeof rt.handle === 'string' && rt.handle) {
    retweetOf = { handle: rt.handle, id: optString(rt.id) };
  }
  const links = Array.isArray(entry.links) ? entry.links.filter((l): l is string => typeof l === 'string') : [];
  // Checked again by the pipeline (URLs, local paths), like any importer's.
  const attachments = Array.isArray(entry.attachments)
    ? entry.attachments.filter(isObject).map((a) => ({ kind: a.kind === 'video' ? ('video' as const) : ('image' as const), url: optString(a.url), alt: optString(a.alt), file: optString(a.file) }))
    : [];
  const sources = readSources(entry.sources);
  return {
    id: optString(id),
    // The author's saved picture, checked again by the pipeline like an attachment's file.
    author: { handle: author.handle, name: optString(author.name), ...(isObject(author.avatar) && optString(author.avatar.file) ? { avatar: { file: author.avatar.file as string } } : {}) },
    time: parsed.time,
    timePrecision: timePrecision as TimePrecision,
    text,
    url: optString(entry.url),
    replyTo: optString(entry.replyTo),
    retweetOf,
    links,
    attachments,
    position,
    ...(sources ? { sources } : {}),
  };
}

export const jamrecapJson: Importer = {
  name: 'jamrecap-json',
  description: `A transcript jamrecap wrote (JSON, schema ${TRANSCRIPT_SCHEMA}), read back in`,

  detect(file) {
    const head = file.head(4096).replace(/^\uFEFF|^\xEF\xBB\xBF/, '');
    return /^\s*\{/.test(head) && SCHEMA_FIELD.test(head);
  },

  parse(file: ExportFile): ParseResult {
    const result = emptyResult();
    const fail = (code: string, message: string) => {
      result.diagnostics.push({ severity: 'error', code, message, file: file.name });
      return result;
    };
    let doc: unknown;
    try {
      doc = JSON.parse(file.text);
    } catch (err) {
      const why = (err as Error).message;
      // The parser gave up at the very end: the text stops mid-value.
      const at = Number(/at position (\d+)/.exec(why)?.[1] ?? NaN);
      const cut = /end of JSON input/i.test(why) || at >= file.text.trimEnd().length ? ' (the file seems cut short)' : '';
      return fail('json-invalid', `not valid JSON${cut}: ${why}`);
    }
    // JSON.parse kept the last of any repeated key: say what was lost.
    result.diagnostics.push(...duplicateKeyDiagnostics(file.text, file.name, (o) => file.lineAt(o)));
    if (!isObject(doc) || doc.schema !== TRANSCRIPT_SCHEMA) {
      return fail('schema-mismatch', `not a ${TRANSCRIPT_SCHEMA} transcript`);
    }
    if (isObject(doc.jam)) result.title = optString(doc.jam.title);
    if (!Array.isArray(doc.messages)) return fail('messages-missing', 'the transcript has no messages array');

    let offsets: number[] | undefined;
    doc.messages.forEach((entry, i) => {
      const position = i + 1;
      result.found++;
      const read = readEntry(entry, position);
      if ('error' in read) {
        const id = isObject(entry) && typeof entry.id === 'string' ? ` ${entry.id}` : '';
        // Only a file with problems pays for the scan that finds the lines.
        offsets ??= arrayEntryOffsets(file.text, 'messages');
        const line = file.lineAt(offsets[i]);
        result.skipped.push({
          severity: 'warning',
          code: read.code,
          message: `message #${position}${id}: ${read.error}`,
          file: file.name,
          ...(line ? { line } : {}),
          position,
        });
      } else result.messages.push(read);
    });

    // What the pipeline cannot take back from the file: say so rather than drop it silently.
    if (isObject(doc.jam) && doc.jam.hostsFrom === 'given' && Array.isArray(doc.jam.hosts) && doc.jam.hosts.length) {
      result.diagnostics.push({
        severity: 'info',
        code: 'hosts-not-reapplied',
        message: `the transcript named its hosts (${doc.jam.hosts.join(', ')}); pass them again with --host`,
        file: file.name,
      });
    }
    const overrides = doc.messages.filter((m) => isObject(m) && m.questionVia === 'override').length;
    if (overrides) {
      result.diagnostics.push({
        severity: 'info',
        code: 'overrides-not-reapplied',
        message: `${overrides} message(s) had an editor's question override; questions are assigned again`,
        file: file.name,
      });
    }
    return result;
  },
};
