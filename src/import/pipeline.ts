/**
 * The import pipeline: export files in, one normalized transcript out.
 *
 *   files -> detect format -> parse (importer) -> normalize messages
 *         -> merge duplicate ids -> sort chronologically
 *         -> questions and answers -> participants -> Transcript
 *
 * Nothing is lost silently: for every source, found = kept + merged + skipped,
 * and every message not kept has a diagnostic saying why.
 */
import { ExportFile, ImportError } from './export-file.ts';
import type { Importer, ParseOptions, ParseResult, ParsedMessage } from './importer.ts';
import { importers, importerByName } from './registry.ts';
import { contentId, sha256Hex } from '../model/ids.ts';
import { extractHashtags, extractMentions, extractUrls, safeHttpUrl, uniqueOrdered } from '../model/entities.ts';
import {
  TRANSCRIPT_SCHEMA,
  handleKey,
  type Diagnostic,
  type Message,
  type Participant,
  type SourceSummary,
  type Transcript,
} from '../model/transcript.ts';
import { assignQuestions } from '../questions/assign.ts';

export interface ImportOptions extends ParseOptions {
  /** Importer name; default: auto-detect per file. */
  format?: string;
  /** Host handles; default: inferred from who posts Q1, Q2, ... */
  hosts?: string[];
  /** Editor overrides: message id -> question id (or null for none). */
  assign?: Record<string, string | null>;
  title?: string | null;
  hashtag?: string | null;
}

/** Pick the importer for a file, or fail naming the formats tried (exit 2). */
export function detectImporter(file: ExportFile, options: ImportOptions = {}): Importer {
  if (options.format) {
    const imp = importerByName(options.format);
    if (!imp) {
      throw new ImportError(`unknown format "${options.format}" (known: ${importers.map((i) => i.name).join(', ')})`, 2);
    }
    return imp;
  }
  for (const imp of importers) {
    let ok = false;
    try {
      ok = imp.detect(file, options);
    } catch {
      ok = false;
    }
    if (ok) return imp;
  }
  throw new ImportError(
    `${file.path}: not a recognized chat export (tried: ${importers.map((i) => i.name).join(', ')}); use --format to choose one`,
    2,
  );
}

const RETWEET = /^RT\s+@([A-Za-z0-9_]{1,30})\s*:?/;

function normalize(p: ParsedMessage, format: string, file: string): Message {
  const id = p.id && /^[A-Za-z0-9_.:-]{1,128}$/.test(p.id) ? p.id : contentId(format, p.author.handle, p.time, p.text);
  const rt = p.retweetOf ?? (RETWEET.exec(p.text) ? { handle: RETWEET.exec(p.text)![1], id: null } : null);
  return {
    id,
    author: { handle: p.author.handle.replace(/^@/, ''), name: p.author.name?.trim() || null },
    time: p.time,
    timePrecision: p.timePrecision,
    text: p.text,
    url: safeHttpUrl(p.url),
    replyTo: p.replyTo,
    retweetOf: rt,
    mentions: extractMentions(p.text),
    hashtags: extractHashtags(p.text),
    links: uniqueOrdered([...p.links.map((l) => safeHttpUrl(l)).filter((l): l is string => !!l), ...extractUrls(p.text)]),
    question: null,
    questionVia: null,
    origin: { file, format, position: p.position, ...(p.line ? { line: p.line } : {}) },
  };
}

function sameContent(a: Message, b: Message): boolean {
  return a.text === b.text && handleKey(a.author.handle) === handleKey(b.author.handle) && a.time === b.time;
}

/** Parse one file with its importer; never throws for bad content (the importer reports). */
export function parseFile(file: ExportFile, options: ImportOptions = {}): { importer: Importer; result: ParseResult } {
  const importer = detectImporter(file, options);
  let result: ParseResult;
  try {
    result = importer.parse(file, options);
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${file.path}: ${importer.name} importer failed: ${(err as Error).message}`, 1);
  }
  if (result.found !== result.messages.length + result.skipped.length) {
    throw new Error(`${file.path}: ${importer.name} accounting broken: found ${result.found} != ${result.messages.length} + ${result.skipped.length}`);
  }
  return { importer, result };
}

export function importFiles(paths: string[], options: ImportOptions = {}): Transcript {
  return importExports(paths.map((p) => ExportFile.read(p)), options);
}

export function importExports(files: ExportFile[], options: ImportOptions = {}): Transcript {
  const sources: SourceSummary[] = [];
  const byId = new Map<string, Message>();
  const kept: { msg: Message; fileIndex: number; newestFirst: boolean }[] = [];

  files.forEach((file, fileIndex) => {
    const { importer, result } = parseFile(file, options);
    const summary: SourceSummary = {
      file: file.name,
      format: importer.name,
      encoding: file.encoding,
      bytes: file.bytes.length,
      sha256: sha256Hex(file.bytes),
      title: result.title,
      found: result.found,
      kept: 0,
      merged: 0,
      skipped: result.skipped.length,
      notes: result.notes,
      diagnostics: [...result.skipped, ...result.diagnostics],
    };
    for (const parsed of result.messages) {
      const msg = normalize(parsed, importer.name, file.name);
      const prior = byId.get(msg.id);
      if (prior) {
        summary.merged++;
        const conflict = !sameContent(prior, msg);
        summary.diagnostics.push({
          severity: conflict ? 'warning' : 'info',
          code: conflict ? 'duplicate-conflict' : 'duplicate',
          message: conflict
            ? `message ${msg.id} appears again with different content; kept the first (${prior.origin.file} #${prior.origin.position})`
            : `duplicate of id ${msg.id}; merged`,
          file: file.name,
          line: parsed.line,
          position: parsed.position,
          messageId: msg.id,
        });
        continue;
      }
      byId.set(msg.id, msg);
      summary.kept++;
      kept.push({ msg, fileIndex, newestFirst: !!result.newestFirst });
    }
    sources.push(summary);
  });

  // Chronological; equal times keep the order the export showed them in.
  kept.sort((a, b) => {
    if (a.msg.time !== b.msg.time) return a.msg.time < b.msg.time ? -1 : 1;
    if (a.fileIndex !== b.fileIndex) return a.fileIndex - b.fileIndex;
    const d = a.msg.origin.position - b.msg.origin.position;
    return a.newestFirst ? -d : d;
  });
  const messages = kept.map((k) => k.msg);

  const { questions, hosts, hostsFrom, diagnostics } = assignQuestions(messages, {
    hosts: options.hosts,
    assign: options.assign,
  });
  if (diagnostics.length && sources[0]) sources[0].diagnostics.push(...diagnostics);

  return {
    schema: TRANSCRIPT_SCHEMA,
    jam: {
      title: options.title ?? sources.find((s) => s.title)?.title ?? null,
      hashtag: options.hashtag ?? guessHashtag(messages),
      hosts,
      hostsFrom,
    },
    sources,
    questions,
    participants: countParticipants(messages),
    messages,
  };
}

/** Participants by case-insensitive handle; the latest display name wins. */
export function countParticipants(messages: Message[]): Participant[] {
  const byKey = new Map<string, Participant>();
  for (const m of messages) {
    const key = handleKey(m.author.handle);
    let p = byKey.get(key);
    if (!p) {
      p = { handle: m.author.handle, name: m.author.name, messages: 0 };
      byKey.set(key, p);
    }
    p.messages++;
    if (m.author.name) p.name = m.author.name;
  }
  return [...byKey.values()].sort((a, b) => b.messages - a.messages || (handleKey(a.handle) < handleKey(b.handle) ? -1 : 1));
}

/** The hashtag on most messages: what the chat was held under. */
function guessHashtag(messages: Message[]): string | null {
  const counts = new Map<string, { tag: string; n: number }>();
  for (const m of messages) {
    for (const h of m.hashtags) {
      const k = h.toLowerCase();
      const c = counts.get(k) ?? { tag: h, n: 0 };
      c.n++;
      counts.set(k, c);
    }
  }
  let best: { tag: string; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n || (c.n === best.n && c.tag < best.tag)) best = c;
  return best && best.n >= Math.max(2, messages.length * 0.2) ? best.tag : null;
}

export type { Diagnostic };
