/**
 * The import cache: a jam's transcript, kept on disk by the hash of what
 * the import depends on, so a rebuild (or `serve` after a restart) does not
 * re-parse tens of MB of HTML for jams nobody touched.
 *
 * Key: sha256 of the cache version, the import options (hosts, assign,
 * questions, start, end, session, title, hashtag, format, selectors), whether the exports were listed or discovered, and the
 * name, size and SHA-256 of every candidate export file (each file hashed
 * once per content: src/site/file-digest.ts). Names are part of the key
 * because the transcript records them (`sources[].file`, `origin.file`).
 *
 * The cache version covers the code that produces transcripts: a hash of
 * the package version and of every file of the import pipeline that runs
 * (import/, model/, questions/ beside this module's folder: the TypeScript
 * in src/ under tsx, the compiled JavaScript in dist/ otherwise). Changing an importer therefore
 * invalidates every entry by itself; nobody has to remember to bump a
 * number.
 *
 * Entries are never trusted blindly: an entry is used only when its header
 * names its own key and version, the SHA-256 of its body matches the
 * header's, the body passes the transcript schema (validateTranscript) and
 * its sources' SHA-256 match the export bytes.
 * Anything else is ignored and rewritten. Writes go through a temporary
 * file and a rename, so a crash never leaves half an entry that parses.
 *
 * One entry per jam folder: writing a jam's entry removes its older ones
 * (an edited export or `assign` would otherwise pile up copies of a large
 * transcript).
 */
import { cacheListing, dropCacheNames, noteCacheNames } from './cache-listing.ts';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportOptions } from '../import/pipeline.ts';
import type { Transcript } from '../model/transcript.ts';
import { validateTranscript } from '../model/validate.ts';
import { sha256Hex } from '../model/ids.ts';

/**
 * Bumped when the entry layout or a key's meaning changes (the code hash
 * covers the transcript's), so older entries are ignored, not misread.
 * 2: import keys name the exports by size and SHA-256, download keys name
 * the transcript by its import key and the redact list.
 */
export const CACHE_FORMAT = 2;
/** Default folder, in the working directory (already in .gitignore). */
export const DEFAULT_CACHE_DIR = '.jamrecap-cache';
/** Environment variable overriding the folder; "off" (or "0", "false") disables the cache. */
export const CACHE_ENV = 'JAMRECAP_CACHE';

/** Where the cache lives: the option if given (null: no cache), else $JAMRECAP_CACHE, else ./.jamrecap-cache. */
export function resolveCacheDir(option?: string | null, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  if (option === null) return null;
  if (option !== undefined) return resolve(cwd, option);
  const fromEnv = env[CACHE_ENV];
  if (fromEnv !== undefined) {
    if (/^(?:off|0|false|no|)$/i.test(fromEnv.trim())) return null;
    return resolve(cwd, fromEnv);
  }
  return resolve(cwd, DEFAULT_CACHE_DIR);
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The stages that make transcripts, in the tree this module runs from (src/ or dist/). */
const CODE_ROOT = fileURLToPath(new URL('../', import.meta.url));
const CODE_DIRS = ['import', 'model', 'questions'];

const versions = new Map<string, string>();

/**
 * A version of the code under `dirs` (with the package version and the
 * entry format), made once per process: any change to those files gives
 * another version, and the entries made by other code are not used.
 * `dirs` are stages (`import` or `src/import`), read in the tree that runs:
 * src/ under tsx, dist/ in the compiled CLI.
 */
export function codeVersion(label: string, dirs: string[]): string {
  const known = versions.get(label);
  if (known) return known;
  const h = createHash('sha256').update(`${label}/${CACHE_FORMAT}\0`);
  try {
    h.update(readFileSync(join(ROOT, 'package.json')));
  } catch {
    h.update('no package.json');
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(?:ts|js|json)$/.test(e.name)) files.push(p);
    }
  };
  for (const d of dirs) walk(join(CODE_ROOT, d.replace(/^src\//, '')));
  for (const f of files.sort()) h.update(`\0${relative(ROOT, f)}\0`).update(readFileSync(f));
  const version = `${CACHE_FORMAT}-${h.digest('hex').slice(0, 16)}`;
  versions.set(label, version);
  return version;
}

/** The code versions this thread has made (label, version): a worker thread adopts the main thread's (prepare-jams.ts). */
export function codeVersions(): [string, string][] {
  return [...versions];
}

/** Use another thread's code versions, so that all the threads of one build agree even when a source file changes meanwhile. */
export function adoptCodeVersions(list: [string, string][]): void {
  for (const [label, version] of list) versions.set(label, version);
}

/** The cache version: entry format, package version and a hash of the import code. */
export function cacheVersion(): string {
  return codeVersion('jamrecap-cache', CODE_DIRS);
}

/** A candidate export as the cache knows it: its name, size and SHA-256 (not its bytes). */
export interface CacheFile {
  name: string;
  size: number;
  sha256: string;
}

/** The options that change an import, in a fixed order (JSON key order must not matter). */
function optionsKey(options: ImportOptions): string {
  const sorted = <T>(r: Record<string, T> | undefined) => (r ? Object.keys(r).sort().map((k) => [k, r[k]]) : null);
  return JSON.stringify({
    format: options.format ?? null,
    hosts: options.hosts ?? null,
    // The notes' shape (tweet chat or AMA) and an AMA's guests sort the questions too.
    shape: options.shape ?? null,
    guests: options.guests ?? null,
    assign: sorted(options.assign),
    // The notes' questions, start, end and session choose the transcript's questions and chat too.
    questions: sorted(options.questions),
    start: options.start ?? null,
    end: options.end ?? null,
    session: options.session ?? null,
    title: options.title ?? null,
    hashtag: options.hashtag ?? null,
    selectors: options.selectors ?? null,
    // Times without an offset or a date are read in the jam's zone and day.
    timeZone: options.timeZone ?? null,
    // Which channel of a workspace export.
    channel: options.channel ?? null,
    date: options.date ?? null,
    // Aliases change whose messages are whose, and which ones merge.
    people: sorted(options.people),
  });
}

/** The content hash an import is stored under. */
export function importKey(files: CacheFile[], options: ImportOptions, mode: 'listed' | 'discovered', companions: CacheFile[] = []): string {
  const h = createHash('sha256');
  h.update(`${cacheVersion()}\0${optionsKey(options)}\0${mode}\0${files.length}\0`);
  for (const f of files) h.update(`${f.name}\0${f.size}\0${f.sha256}\0`);
  // The folder's other files, which an importer may read beside its export (an archive's actor.json, a Slack export's users.json).
  for (const f of companions) h.update(`+${f.name}\0${f.size}\0${f.sha256}\0`);
  return h.digest('hex');
}

/** A short, stable tag of the jam folder an entry belongs to (one entry per folder). */
export function ownerTag(owner: string): string {
  return createHash('sha256').update(resolve(owner)).digest('hex').slice(0, 12);
}

function entryPath(cacheDir: string, owner: string, key: string): string {
  return join(cacheDir, 'imports', `${ownerTag(owner)}-${key}.json`);
}

export type CacheLookup =
  | { status: 'hit'; transcript: Transcript }
  | { status: 'miss' | 'off' }
  | { status: 'rejected'; reason: string };

/** Counters for tests and benchmarks: how often the cache helped. */
export const cacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0 };


/**
 * Why an entry cannot be used for these files, or null when it can. The
 * transcript must be valid and every source it names must be one of the
 * files, with the same size and SHA-256.
 */
export function entryProblem(transcript: unknown, files: CacheFile[]): string | null {
  const valid = validateTranscript(transcript);
  if (!valid.ok) return `invalid transcript: ${valid.errors.slice(0, 3).join('; ')}`;
  const t = transcript as Transcript;
  if (!t.sources.length) return 'no sources';
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const s of t.sources) {
    const f = byName.get(s.file);
    if (!f) return `source ${s.file} is not an export of the jam`;
    if (s.bytes !== f.size || s.sha256 !== f.sha256) return `source ${s.file} has other bytes`;
  }
  return null;
}

interface EntryHeader {
  version: string;
  key: string;
  /** SHA-256 of the transcript JSON that follows the header line. */
  digest: string;
}

/**
 * Look an import up. Never throws: an unreadable or untrustworthy entry is
 * rejected (and the caller rewrites it). An entry is one header line
 * (version, key, digest of the rest), then the transcript JSON: a torn or
 * edited entry fails the digest before it is even parsed.
 */
export function readCached(cacheDir: string | null, owner: string, key: string, files: CacheFile[]): CacheLookup {
  if (!cacheDir) return { status: 'off' };
  let text: string;
  try {
    text = readFileSync(entryPath(cacheDir, owner, key), 'utf8');
  } catch {
    cacheStats.misses++;
    return { status: 'miss' };
  }
  const reject = (reason: string): CacheLookup => {
    cacheStats.rejected++;
    return { status: 'rejected', reason };
  };
  const nl = text.indexOf('\n');
  let header: Partial<EntryHeader>;
  try {
    header = JSON.parse(nl === -1 ? text : text.slice(0, nl)) as Partial<EntryHeader>;
  } catch {
    return reject('header is not JSON');
  }
  if (typeof header !== 'object' || header === null) return reject('no header');
  if (header.version !== cacheVersion()) return reject('other cache version');
  if (header.key !== key) return reject('other key');
  const body = nl === -1 ? '' : text.slice(nl + 1);
  if (header.digest !== sha256Hex(Buffer.from(body, 'utf8'))) return reject('digest mismatch (torn or edited entry)');
  let transcript: unknown;
  try {
    transcript = JSON.parse(body);
  } catch {
    return reject('transcript is not JSON');
  }
  const problem = entryProblem(transcript, files);
  if (problem) return reject(problem);
  cacheStats.hits++;
  return { status: 'hit', transcript: transcript as Transcript };
}

/**
 * Store an import (and drop the jam's older entries). Failing to write
 * (read-only folder, full disk) only costs speed: it is ignored.
 */
export function writeCached(cacheDir: string | null, owner: string, key: string, transcript: Transcript): boolean {
  if (!cacheDir) return false;
  const body = JSON.stringify(transcript);
  const header: EntryHeader = { version: cacheVersion(), key, digest: sha256Hex(Buffer.from(body, 'utf8')) };
  if (!writeEntry(entryPath(cacheDir, owner, key), `${JSON.stringify(header)}\n${body}`, `${ownerTag(owner)}-`)) return false;
  cacheStats.writes++;
  return true;
}

/**
 * Write a cache entry whole or not at all (a temporary file renamed over
 * it), then drop the owner's other entries: the files in its folder that
 * start with `ownerPrefix` and end like `path`. False when it could not be
 * written (read-only folder, full disk), which only costs speed.
 */
export function writeEntry(path: string, data: string | Uint8Array, ownerPrefix: string): boolean {
  const dir = dirname(path);
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    if (cacheListing(dir).size === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
  const keep = basename(path);
  const ext = extname(path);
  noteCacheNames(dir, [keep]);
  dropCacheNames(dir, ownerPrefix, (name) => name === keep || !name.endsWith(ext));
  return true;
}
