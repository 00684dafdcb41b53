/**
 * The jam load cache: a whole `JamLoad` (src/site/jam.ts: the model with
 * every view the templates show, the problems, the draft flag, where the
 * transcript came from) kept on disk by content hash, so a new process
 * (the next `build`, a restarted `serve`) restores an unchanged jam from
 * its lean file (and, only if it renders the jam, its heavy file: see
 * below) instead of reading its import entry, redacting, checking the
 * notes and building the views again. The load is stored with
 * `v8.serialize`, which keeps shared references (a message is one object
 * in `messages`, in its transcript page and in its question's answers)
 * and Buffers (the pictures' bytes); the model gets its class back
 * (`JamModel.prototype`) so its getters (downloads, downloadFiles) work.
 *
 * Key: sha256 of
 * - the jam folder's path (the model and problems name it);
 * - the bytes of recap.md (SHA-256);
 * - the folder's files as the load lists them (jam.ts listFiles: plain
 *   files but recap.md, hidden files and Eleventy data files), each by
 *   name, size and SHA-256 (src/site/file-digest.ts, hashed once per
 *   content), or by size alone past MAX_EXPORT_BYTES (the import never
 *   reads those: too big is all it says); every one of them is hashed,
 *   since discovery may read any of them;
 * - the options the load reads (SiteOptions): transcriptPageBytes,
 *   drafts, placeholders (default 'warning'); the resolved cache folder
 *   (the model keeps it, for its downloads); the opted-out handles
 *   (redact.yml), sorted;
 * - the process's time zone ($TZ and Intl's resolved zone).
 * The entry's version (checked in its header, not hashed into the key) is
 * the code version (cache.ts codeVersion: the package version and every
 * source file of the stages a load runs: site, publish, notes, downloads,
 * import, questions, model) with Node's, V8's, ICU's, the time zone
 * data's and zlib's versions.
 *
 * The pictures the model shows are not in the key: which files it looks
 * up is known only once the transcript is read. The entry's header lists
 * each saved copy the model looked up (an attachment's `file`, as
 * views/messages.ts savedImage looks it up, every kind) with its state
 * then: outside the folder or not a plain file, too big, unreadable, or
 * its SHA-256; the entry is used only when every one is the same now.
 *
 * Only loads without errors are stored: an error may come from something
 * that is not in the key (a file unreadable for a moment, a stack too
 * small), and a jam with errors is not built anyway. A draft left out of
 * the build and loads with warnings are stored.
 *
 * An entry is two files, each a bundle of one part (cache-bundle.ts: a
 * header line naming the version, key, (the lean one) the pictures' states
 * and the body's SHA-256, then the serialized data):
 * - `<owner>-<key>.bin`, the load with the model's lean part (`JamModel.
 *   leanCopy`: everything but its heavy parts), which is all a build reads
 *   of a jam it does not render: its listing, keys, feeds, API and people;
 * - `<owner>-<key>.heavy`, the model's heavy parts (`JamHeavy`: the
 *   messages' views, transcript pages, transcript and answered questions,
 *   which share their message objects), read only when something asks
 *   for them (the jam's own pages, a person page, its downloads rendered).
 * The heavy file is written first, so a lean file has one. One that does
 * not fit, fails its digest or does not deserialize to what it should is
 * refused (counted as rejected): for the lean file the jam is loaded
 * afresh and stored again; for the heavy file the caller's `rebuild`
 * loads the jam afresh for its heavy parts (jam.ts). Writes go through a
 * temporary file and a rename (cache.ts writeEntry), and writing a jam's
 * entry removes its older ones. Nothing here throws but a heavy file lost
 * when nothing can rebuild it: a failure only costs the time of a fresh
 * load.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { MAX_EXPORT_BYTES } from '../import/export-file.ts';
import { sha256Hex } from '../model/ids.ts';
import { hasErrors } from '../notes/problems.ts';
import type { Transcript } from '../model/transcript.ts';
import { codeVersion, ownerTag, writeEntry } from './cache.ts';
import { decodeBundle, encodeBundle, readBundleIndex, type BundleFile } from './cache-bundle.ts';
import { sha256OfFile } from './file-digest.ts';
import type { JamLoad } from './jam.ts';
import type { DirEntry } from './jam-import.ts';
import { MEDIA_MAX_BYTES, resolveMediaPath } from './media.ts';
import { JamModel, type JamHeavy, type MessageView, type StoredParts } from './model.ts';
import type { SiteOptions } from './options.ts';

/** The stages a jam's load runs (its notes, import, checks and views). */
const LOAD_CODE_DIRS = ['src/site', 'src/publish', 'src/notes', 'src/downloads', 'src/import', 'src/questions', 'src/model'];

/** Counters for tests and benchmarks: entries used, missed (none, or a picture changed), refused, written. */
export const loadCacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0 };

/** The version entries are made and read with: the load's code, and the runtime that formats dates and serializes. */
export function loadCacheVersion(): string {
  const v = process.versions;
  return codeVersion(`jamrecap-jam-load node ${v.node} v8 ${v.v8} icu ${v.icu ?? '-'} tz ${v.tz ?? '-'} zlib ${v.zlib}`, LOAD_CODE_DIRS);
}

/** Everything a load reads besides its folder's files: the options it uses, the cache folder, the opted-out handles. */
export interface LoadInputs {
  dir: string;
  recapPath: string;
  /** The folder's files as the load lists them (jam.ts listFiles). */
  files: DirEntry[];
  options: Pick<SiteOptions, 'transcriptPageBytes' | 'drafts' | 'placeholders'>;
  cacheDir: string;
  /** Sorted. */
  handles: string[];
}

let zoneSeen: { tz: string | undefined; zone: string } | undefined;

/** The process's time zone, for dates read without one (asked of Intl once per $TZ: each ask builds a formatter). */
function processZone(): string {
  const tz = process.env.TZ;
  if (!zoneSeen || zoneSeen.tz !== tz) {
    let zone = '';
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      // no Intl zone: $TZ alone
    }
    zoneSeen = { tz, zone };
  }
  return `${tz ?? ''}\0${zoneSeen.zone}`;
}

/**
 * The content hash a load is stored under (what it covers: the top
 * comment), or null when a file cannot be read (nothing is cached then).
 * Reads recap.md and hashes every file of the folder (each once per
 * content, and not again in the next process: file-digest.ts keeps the
 * digests in the cache folder).
 */
export function jamLoadKey(input: LoadInputs): string | null {
  try {
    const files = input.files.map((f) => [f.name, f.size, f.size > MAX_EXPORT_BYTES ? null : sha256OfFile(f.path, input.cacheDir)]);
    const { options } = input;
    const settings = [options.transcriptPageBytes, !!options.drafts, options.placeholders ?? 'warning', input.cacheDir, input.handles, processZone()];
    return createHash('sha256')
      .update(`jam-load\0${input.dir}\0${sha256Hex(readFileSync(input.recapPath))}\0`)
      .update(JSON.stringify([files, settings]))
      .digest('hex');
  } catch {
    return null;
  }
}

/**
 * The saved copies a model looks up (views/messages.ts savedImage and
 * Avatars: an attachment's file and an author's saved picture, under the
 * real path when redaction renamed it), for any kind of attachment: more
 * than it reads is only more to check.
 */
export function mediaLookups(transcript: Transcript, files?: ReadonlyMap<string, string>): string[] {
  const out = new Set<string>();
  for (const m of transcript.messages) {
    for (const a of m.attachments ?? []) if (a.file) out.add(files?.get(a.file) ?? a.file);
    const avatar = m.author.avatar?.file;
    if (avatar) out.add(files?.get(avatar) ?? avatar);
  }
  return [...out].sort();
}

/**
 * What a lookup of `file` in the jam folder finds now, as far as the model
 * can tell: nothing usable, too big, unreadable, or the bytes' SHA-256
 * (file-digest.ts: hashed once per content, kept in the cache folder).
 */
function mediaState(dir: string, file: string, cacheDir: string): string {
  const path = resolveMediaPath(dir, file);
  if (!path) return 'none';
  try {
    const size = statSync(path).size;
    return size > MEDIA_MAX_BYTES ? `big ${size}` : sha256OfFile(path, cacheDir);
  } catch {
    return 'unreadable';
  }
}

/** The header's metadata of the one part: the pictures' states, [file, state] each. */
interface LoadPart {
  size: number;
  media: [string, string][];
}

const isLoadPart = (f: Partial<LoadPart>) => Array.isArray(f.media) && f.media.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string');

function entryPath(cacheDir: string, owner: string, key: string, part: 'lean' | 'heavy' | 'people' = 'lean'): string {
  return join(cacheDir, 'models', `${ownerTag(owner)}-${key}.${part === 'lean' ? 'bin' : part}`);
}

/** A person's part of the people file: their handle key and the SHA-256 of their part's bytes. */
interface PersonFilePart {
  size: number;
  person: string;
  sha256: string;
}

const isPersonFilePart = (f: Partial<PersonFilePart>) => typeof f.person === 'string' && typeof f.sha256 === 'string';

/** Each participant's messages (in transcript order), a part per person in the order of `personParts`. */
function peopleBundle(model: JamModel, key: string): Buffer {
  const parts = [...model.personParts].map(([person, part]) => {
    const bytes = serialize(part.groups.flatMap((g) => g.at).sort((a, b) => a - b).map((i) => model.messages[i]));
    return { meta: { person, sha256: sha256Hex(bytes) }, bytes };
  });
  return encodeBundle<PersonFilePart>(loadCacheVersion(), key, parts);
}

/** Where each person's part is in a people file, by handle key (read once per file and process: a person page reads one part of each of its jams). */
const peopleIndexes = new Map<string, Map<string, { start: number; size: number; sha256: string }> | null>();

/** Forget the people files' indexes (tests: a new process). */
export function clearPeopleIndexes(): void {
  peopleIndexes.clear();
}

/**
 * One person's messages from a people file: their part alone is read (at
 * its offset) and checked against its SHA-256. Null when the file is
 * missing, refused or has no such part.
 */
function readPerson(path: string, key: string, person: string): MessageView[] | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    let index = peopleIndexes.get(path);
    if (index === undefined) peopleIndexes.set(path, (index = peopleIndex(fd, key)));
    const part = index?.get(person);
    if (!part) return null;
    const bytes = Buffer.alloc(part.size);
    if (readSync(fd, bytes, 0, part.size, part.start) !== part.size || sha256Hex(bytes) !== part.sha256) return null;
    const messages: unknown = deserialize(bytes);
    if (!Array.isArray(messages) || !messages.every((m) => typeof (m as Partial<MessageView>)?.id === 'string')) return null;
    heavyStats.personReads++;
    return messages as MessageView[];
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A people file's parts by person (null when its header does not fit this version and key). */
function peopleIndex(fd: number, key: string): Map<string, { start: number; size: number; sha256: string }> | null {
  const index = readBundleIndex<PersonFilePart>(fd, loadCacheVersion(), key, isPersonFilePart);
  return index && new Map(index.header.files.map((f, i) => [f.person, { start: index.start[i], size: f.size, sha256: f.sha256 }]));
}

/** A deserialized value is a load of this folder (the rest is vouched for by the digest and version). */
function isLoadOf(value: unknown, dir: string): value is JamLoad {
  const l = value as Partial<JamLoad> | null;
  return typeof l === 'object' && l !== null && l.dir === dir && typeof l.slug === 'string' && Array.isArray(l.problems)
    && typeof l.draft === 'boolean' && (l.model === null || (typeof l.model === 'object' && l.model !== undefined));
}

/**
 * The load stored under `key` for the jam folder `dir`, with its model's
 * lean part (null when there is none, or it is refused, or a picture it
 * looked up changed); the model reads its heavy parts from the entry's
 * heavy file on first use, or from `rebuild` when that file is gone or
 * refused (null from it: the model's use throws, saying to build again).
 */
export function readCachedLoad(cacheDir: string, dir: string, key: string, rebuild: () => JamHeavy | null): JamLoad | null {
  const stats = loadCacheStats;
  let buf: Buffer;
  try {
    buf = readFileSync(entryPath(cacheDir, dir, key));
  } catch {
    stats.misses++;
    return null;
  }
  try {
    const entry = decodeBundle<LoadPart>(buf, loadCacheVersion(), key, isLoadPart);
    if (!entry || entry.parts.length !== 1) return rejected(stats);
    if (entry.header.files[0].media.some(([file, state]) => mediaState(dir, file, cacheDir) !== state)) {
      stats.misses++;
      return null;
    }
    const load = restoreLoad(entry.parts[0], cacheDir, dir, key, rebuild);
    if (!load) return rejected(stats);
    if (load.importSource !== null) load.importSource = 'hit';
    stats.hits++;
    return load;
  } catch {
    return rejected(stats);
  }
}

/**
 * A load from its serialized lean form (an entry's, or the bytes
 * `writeCachedLoad` has just stored), its model reading the rest from the
 * entry (`storedParts`); null when the bytes are not a load of `dir`.
 */
export function restoreLoad(bytes: Uint8Array, cacheDir: string, dir: string, key: string, rebuild: () => JamHeavy | null): JamLoad | null {
  const load: unknown = deserialize(bytes);
  if (!isLoadOf(load, dir)) return null;
  if (load.model) load.model = restoreModel(load.model, storedParts(cacheDir, dir, key, rebuild));
  return load;
}

/** Counters for tests: heavy parts read from their file, and rebuilt (the file gone or refused); people's messages read from the people file. */
export const heavyStats = { reads: 0, rebuilt: 0, personReads: 0 };

/**
 * Where a model stored under `key` reads its heavy parts (its heavy file,
 * else `rebuild`: see readCachedLoad) and one person's messages (its
 * people file; the caller falls back on the heavy parts when that fails).
 */
export function storedParts(cacheDir: string, dir: string, key: string, rebuild: () => JamHeavy | null): StoredParts {
  return {
    heavy: () => readHeavy(cacheDir, dir, key) ?? lostHeavy(dir, rebuild),
    person: (person) => readPerson(entryPath(cacheDir, dir, key, 'people'), key, person),
  };
}

/** The model's heavy parts from the entry's heavy file (null when it is missing or refused). */
function readHeavy(cacheDir: string, dir: string, key: string): JamHeavy | null {
  try {
    const entry = decodeBundle<BundleFile>(readFileSync(entryPath(cacheDir, dir, key, 'heavy')), loadCacheVersion(), key, () => true);
    if (!entry || entry.parts.length !== 1) return null;
    const heavy = deserialize(entry.parts[0]) as Partial<JamHeavy> | null;
    if (!heavy || !Array.isArray(heavy.messages) || !Array.isArray(heavy.transcriptPages) || !Array.isArray(heavy.questions) || typeof heavy.transcript !== 'object') return null;
    heavyStats.reads++;
    return heavy as JamHeavy;
  } catch {
    return null;
  }
}

function lostHeavy(dir: string, rebuild: () => JamHeavy | null): JamHeavy {
  const heavy = rebuild();
  if (!heavy) throw new Error(`${dir}: the cached messages of this jam are gone and the folder changed meanwhile; build again`);
  heavyStats.rebuilt++;
  return heavy;
}

function rejected(stats: typeof loadCacheStats): null {
  stats.rejected++;
  return null;
}

/** A deserialized model made a JamModel again (own fields, private ones included, are all there), its pictures' bytes its own (not views keeping the entry's buffer alive). */
function restoreModel(lean: JamModel, parts: StoredParts): JamModel {
  const model = JamModel.fromLean(lean, parts);
  for (const m of model.media) m.bytes = Buffer.from(m.bytes);
  return model;
}

/**
 * Store a load just made (its model's getters not read yet: the entry
 * holds no downloads), with the states of the pictures it looked up
 * (`media`, from `mediaLookups`), and drop the folder's older entries.
 * Loads with errors are not stored. Returns the stored load's lean bytes
 * (for `restoreLoad`), or null when nothing was written; never throws.
 */
export function writeCachedLoad(cacheDir: string, dir: string, key: string, load: JamLoad, media: string[]): Uint8Array | null {
  if (hasErrors(load.problems)) return null;
  try {
    const states = media.map((file): [string, string] => [file, mediaState(dir, file, cacheDir)]);
    const owner = `${ownerTag(dir)}-`;
    if (load.model) {
      const heavy = encodeBundle<BundleFile>(loadCacheVersion(), key, [{ meta: {}, bytes: serialize(load.model.heavy()) }]);
      if (!writeEntry(entryPath(cacheDir, dir, key, 'heavy'), heavy, owner)) return null;
      if (!writeEntry(entryPath(cacheDir, dir, key, 'people'), peopleBundle(load.model, key), owner)) return null;
    }
    const lean = serialize({ ...load, model: load.model ? load.model.leanCopy() : null });
    const entry = encodeBundle<LoadPart>(loadCacheVersion(), key, [{ meta: { media: states }, bytes: lean }]);
    if (!writeEntry(entryPath(cacheDir, dir, key), entry, owner)) return null;
    loadCacheStats.writes++;
    return lean;
  } catch {
    return null;
  }
}
