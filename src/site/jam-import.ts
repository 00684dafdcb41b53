/**
 * Importing a jam's exports as its notes say: the files listed under
 * `exports:` (each must be there and be an export), or every file of the
 * jam's folder that an importer reads. Kept in memory for the process (keyed
 * by the files' sizes and times and the import options) and on disk by
 * content hash (src/site/cache.ts); see src/site/jam.ts for why.
 */
import { ExportFile, ImportError } from '../import/export-file.ts';
import { assembleTranscript, detectImporter, importExports, type ImportOptions, type ParsedExports } from '../import/pipeline.ts';
import type { Transcript } from '../model/transcript.ts';
import { problem, type Problem } from '../notes/problems.ts';
import type { RecapFront } from '../notes/recap-front.ts';
import { parseFrontDate } from '../notes/front-values.ts';
import { importKey, readCached, writeCached, type CacheFile } from './cache.ts';
import { fileSha256, fileStamp, sha256OfFile } from './file-digest.ts';

/** A file of the jam's folder, with what tells a changed file. */
export interface DirEntry {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Where a jam's transcript came from on this load. */
export type ImportSource = 'memory' | 'hit' | 'miss' | 'rejected' | 'off' | 'failed';

export interface ImportResult {
  /** As imported (before redaction). */
  transcript: Transcript | null;
  exports: string[];
  problems: Problem[];
  source: ImportSource;
  /** The import cache's key of the candidates and options (names the transcript as imported; src/site/download-cache.ts transcriptOrigin), when they were read. */
  importKey?: string;
}

/** What the notes are importing with: the jam's folder, the notes' path and front matter. */
export interface ImportingNotes {
  dir: string;
  recapPath: string;
  front: RecapFront;
}

/** A file that may be an export, with where the notes name it (line 1 when discovered). */
interface Candidate {
  file: ExportFile;
  /** SHA-256 of its bytes (src/site/file-digest.ts: hashed once per content). */
  sha256: string;
  line: number;
  col: number;
  name: string;
}

/**
 * Exports the caller has parsed already (`jamrecap new`, which drafts the
 * notes from them): a jam whose exports are exactly these files (names and
 * bytes, in order, no format or selectors) is assembled from this parse
 * with the notes' options instead of parsing the files again.
 */
export interface Preparsed {
  files: { name: string; sha256: string }[];
  parsed: ParsedExports;
}

/** Counters for tests: transcripts assembled from a Preparsed parse. */
export const preparsedStats = { used: 0 };

const importCache = new Map<string, ImportResult>();

/** Forget every import kept in memory. */
export function clearImportCache(): void {
  importCache.clear();
}

/** Forget the imports kept in memory for the jam folder `dir` (a build that stored its model: jam.ts). */
export function forgetImports(dir: string): void {
  for (const k of importCache.keys()) if (k.startsWith(dir + '\u0000')) importCache.delete(k);
}

/** The imports kept in memory for the jam folder `dir`, with their keys: a worker thread (prepare-jams.ts) sends them to the main thread. */
export function importsOf(dir: string): [string, ImportResult][] {
  return [...importCache].filter(([key]) => key.startsWith(dir + '\u0000'));
}

/**
 * Keep imports made in a worker thread (its `importsOf`) as if made here,
 * each in place of its jam's others: the next importJam with the same files,
 * options and cache folder uses it instead of reading the cache entry again.
 */
export function seedImports(entries: [string, ImportResult][]): void {
  for (const [key, result] of entries) {
    const dir = key.slice(0, key.indexOf('\u0000') + 1);
    for (const k of importCache.keys()) if (k.startsWith(dir)) importCache.delete(k);
    importCache.set(key, result);
  }
}

/** An import error as the notes report it: without the path (the notes name the file) or CLI advice. */
function exportError(err: Error, path: string): string {
  return err.message.replace(`${path}: `, '').replace(/; (?:use --format|for another chat page, give CSS selectors).*$/, '');
}

/** The jam's day (YYYY-MM-DD in its zone), from the notes' `date:`. */
function chatDay(front: RecapFront): string | undefined {
  return (front.date && parseFrontDate(front.date, front.timezone)?.toISODate()) || undefined;
}

/** What the jam is imported with (the notes' shape and guests among them). */
export type JamImportOptions = ImportOptions;

/** The import options the front matter gives. */
function importOptions(front: RecapFront): JamImportOptions {
  return {
    // The notes name the file, and exportError drops CLI advice: no hint to work out.
    hints: false,
    hosts: front.hosts,
    ...(front.shape ? { shape: front.shape } : {}),
    ...(front.guests ? { guests: front.guests } : {}),
    assign: front.assign,
    questions: front.questionChoices,
    start: front.start,
    end: front.end,
    session: front.session,
    title: front.title || null,
    hashtag: front.hashtag || null,
    // Times written without an offset (or a date) are the jam's.
    timeZone: front.timezone,
    ...(chatDay(front) ? { date: chatDay(front) } : {}),
    ...(front.channel ? { channel: front.channel } : {}),
    ...(front.format || front.selectors ? { format: front.format ?? 'selectors' } : {}),
    ...(front.selectors ? { selectors: front.selectors } : {}),
    // Who is who across the exports (an alias's messages are shown under the handle).
    ...(front.people && Object.keys(front.people).length ? { people: front.people } : {}),
  };
}

/** Find the exports (given or discovered) and import them, once per content. */
export function importJam(notes: ImportingNotes, files: DirEntry[], cacheDir: string | null, preparsed?: Preparsed): ImportResult {
  const options = importOptions(notes.front);
  const key = notes.dir + '\u0000' + JSON.stringify([files, notes.front.exports?.map((e) => e.value) ?? null, options, cacheDir]);
  const cached = importCache.get(key);
  if (cached) return { ...cached, source: 'memory' };

  const { candidates, problems } = readCandidates(notes, files);
  // With a listed file missing nothing is imported, but every listed file is still checked: all problems in one run.
  const result: ImportResult = problems.length
    ? { transcript: null, exports: [], problems: [...problems, ...detectExports(candidates, options, notes.recapPath).rejected], source: 'failed' }
    : importCandidates(notes, candidates, options, cacheDir, preparsed, companionsOf(files, candidates, cacheDir));
  for (const k of importCache.keys()) if (k.startsWith(notes.dir + '\u0000')) importCache.delete(k);
  importCache.set(key, result);
  return result;
}

/**
 * The jam folder's files that are not its exports, with their digests: an
 * importer may read them beside its export (a Mastodon archive's
 * actor.json, a Slack export's users.json), so they key the import too.
 */
function companionsOf(files: DirEntry[], candidates: Candidate[], cacheDir: string | null): CacheFile[] {
  const exports = new Set(candidates.map((c) => c.file.path));
  return files.filter((f) => !exports.has(f.path)).map((f) => {
    try {
      return { name: f.name, size: f.size, sha256: sha256OfFile(f.path, cacheDir) };
    } catch {
      return { name: f.name, size: f.size, sha256: 'unreadable' };
    }
  });
}

/** Read an export and its digest (hashed only when its content is new). */
function readExport(path: string): { file: ExportFile; sha256: string } {
  const before = fileStamp(path);
  const file = ExportFile.read(path);
  return { file, sha256: fileSha256(path, file.bytes, before) };
}

/** The listed files (each must be there and readable), or every readable file of the folder. */
function readCandidates(notes: ImportingNotes, files: DirEntry[]): { candidates: Candidate[]; problems: Problem[] } {
  const { front, recapPath } = notes;
  const candidates: Candidate[] = [];
  const problems: Problem[] = [];
  if (!front.exports) {
    for (const entry of files) {
      try {
        candidates.push({ ...readExport(entry.path), line: 1, col: 1, name: entry.name });
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        // Unreadable or too big: not an export default discovery can use.
      }
    }
    return { candidates, problems };
  }
  for (const item of front.exports) {
    const entry = files.find((f) => f.name === item.value);
    if (!entry) {
      problems.push(problem(recapPath, item.line, item.col, `export "${item.value}" is not in the jam's folder`));
      continue;
    }
    try {
      candidates.push({ ...readExport(entry.path), line: item.line, col: item.col, name: item.value });
    } catch (err) {
      problems.push(problem(recapPath, item.line, item.col, `export "${item.value}": ${exportError(err as Error, entry.path)}`));
    }
  }
  return { candidates, problems };
}

/** The candidates an importer reads, and an error at the notes' line for each that none does. */
function detectExports(candidates: Candidate[], options: ImportOptions, recapPath: string): { chosen: ExportFile[]; rejected: Problem[] } {
  const chosen: ExportFile[] = [];
  const rejected: Problem[] = [];
  for (const c of candidates) {
    try {
      detectImporter(c.file, options);
      chosen.push(c.file);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      rejected.push(problem(recapPath, c.line, c.col, `export "${c.name}": ${exportError(err, c.file.path)}`));
    }
  }
  return { chosen, rejected };
}

/** The transcript of the candidates: from the disk cache, or imported (and cached) afresh. */
function importCandidates(notes: ImportingNotes, candidates: Candidate[], options: JamImportOptions, cacheDir: string | null, preparsed: Preparsed | undefined, companions: CacheFile[]): ImportResult {
  const { front, recapPath } = notes;
  const listed = !!front.exports;
  const cacheFiles: CacheFile[] = candidates.map((c) => ({ name: c.file.name, size: c.file.bytes.length, sha256: c.sha256 }));
  const contentKey = importKey(cacheFiles, options, listed ? 'listed' : 'discovered', companions);
  const lookup = readCached(cacheDir, notes.dir, contentKey, cacheFiles);
  if (lookup.status === 'hit') {
    const used = new Set(lookup.transcript.sources.map((s) => s.file));
    const exports = candidates.filter((c) => used.has(c.file.name)).map((c) => c.file.path);
    return { transcript: lookup.transcript, exports, problems: [], source: 'hit', importKey: contentKey };
  }
  const detected = detectExports(candidates, options, recapPath);
  const chosen = detected.chosen;
  // A listed file must be an export; discovery skips what is not (a README, an image).
  const problems = listed ? detected.rejected : [];
  if (!chosen.length && !listed) {
    problems.push(problem(recapPath, 1, 1, 'no chat export found in the jam\'s folder (list one under "exports:", or add the saved page next to recap.md)'));
  }
  let transcript: Transcript | null = null;
  let source: ImportSource = 'failed';
  if (chosen.length && !problems.length) {
    try {
      transcript = fromPreparsed(preparsed, candidates.filter((c) => chosen.includes(c.file)), options) ?? importExports(chosen, options);
      source = lookup.status;
      writeCached(cacheDir, notes.dir, contentKey, transcript);
    } catch (err) {
      // A bad selector is the notes' mistake: point at `selectors:`.
      const at = err instanceof ImportError && front.selectorsAt ? front.selectorsAt : { line: 1, col: 1 };
      problems.push(problem(recapPath, at.line, at.col, `import failed: ${(err as Error).message}`));
    }
  }
  return { transcript, exports: chosen.map((f) => f.path), problems, source, ...(transcript ? { importKey: contentKey } : {}) };
}

/** The transcript of `chosen` from the caller's parse, when that parse is of exactly these files with the same parsing options; else null. */
function fromPreparsed(pre: Preparsed | undefined, chosen: Candidate[], options: ImportOptions): Transcript | null {
  // The notes' people change how messages are read and merged, which that parse did without.
  if (!pre || options.format || options.selectors || options.people || pre.files.length !== chosen.length) return null;
  if (!chosen.every((c, i) => c.file.name === pre.files[i].name && c.sha256 === pre.files[i].sha256)) return null;
  preparsedStats.used++;
  return assembleTranscript(pre.parsed, options);
}
