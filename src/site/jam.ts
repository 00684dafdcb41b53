/**
 * Loading one jam: `content/jams/<slug>/recap.md` (the editor's notes) plus
 * its export files, into a checked `JamModel` or a list of problems. The
 * same checks serve `jamrecap check` (every jam, drafts too, nothing
 * written) and `build`/`serve` (which stop on errors before Eleventy runs).
 *
 * Importing is the expensive part (a big export is tens of MB), so a jam's
 * transcript is kept at two levels:
 * - in memory for the process, keyed by the files' paths, sizes and
 *   modification times and the options that change the import (hosts,
 *   assign): editing only the notes' prose re-renders without re-reading
 *   the exports; `serve` benefits on every keystroke;
 * - on disk by content hash (src/site/cache.ts), so a new process (the next
 *   `build`, a restarted `serve`) re-imports only the jams whose exports or
 *   import options changed.
 * The whole load (model, problems) is kept likewise: in memory by the same
 * file stats and the options the load reads, and on disk by content hash
 * (src/site/jam-load-cache.ts), so a new process restores an unchanged jam's
 * model without importing, checking or building its views again.
 *
 * Redaction (src/notes/redact.ts) is applied to the imported transcript
 * before anything else looks at it; the cache keeps the import itself, so
 * changing redact.yml never needs a re-import.
 *
 * The import itself is in src/site/jam-import.ts, the checks that need the
 * transcript in src/site/jam-checks.ts; this module reads the notes and runs
 * the steps in order.
 */
import { forgetCacheListings } from './cache-listing.ts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Transcript } from '../model/transcript.ts';
import { languageProblem, parseFrontMatterYaml, splitFrontMatter } from '../notes/frontmatter.ts';
import { parseRecapBody, type ParsedBody } from '../notes/recap-body.ts';
import { duplicateQuotes, misplacedQuotes } from '../notes/quote-review.ts';
import { validateRecapFront, type RecapFront } from '../notes/recap-front.ts';
import { problem, hasErrors, type Problem } from '../notes/problems.ts';
import { redact } from '../notes/redact.ts';
import { buildJamModel, type JamModel } from './model.ts';
import { transcriptOrigin } from './download-cache.ts';
import { jamSlugProblem } from './slug.ts';
import type { SiteOptions } from './options.ts';
import { resolveCacheDir } from './cache.ts';
import { clearPeopleIndexes, jamLoadKey, mediaLookups, readCachedLoad, restoreLoad, storedParts, writeCachedLoad } from './jam-load-cache.ts';
import { clearImportCache, forgetImports, importJam, type DirEntry, type ImportResult, type ImportSource, type Preparsed } from './jam-import.ts';
import { assignProblems, exportsMention, importWarnings, notesChoiceProblems, notesLeaks, resolveQuotes, sectionProblems } from './jam-checks.ts';

export type { ImportSource, Preparsed } from './jam-import.ts';
export { questionOrder } from './jam-checks.ts';

export const RECAP_FILE = 'recap.md';

export interface JamNotes {
  slug: string;
  dir: string;
  recapPath: string;
  front: RecapFront;
  body: ParsedBody;
  problems: Problem[];
  /** Lines in the file (to point past the last section). */
  lines: number;
  /** The front matter cannot be read (no block, not YAML, bad YAML): the exports are not imported (their options are unknown). */
  frontBroken: boolean;
}

function emptyFront(): RecapFront {
  return { title: '', date: '', hashtag: '', timezone: 'UTC', questions: {}, questionChoices: {}, assign: {}, assignAt: {}, assignValueAt: {}, draft: false };
}

/** Check a jam's notes from their text: front matter and body structure (pure; no import). */
export function parseNotes(text: string, recapPath: string): { front: RecapFront; body: ParsedBody; problems: Problem[]; lines: number; frontBroken: boolean } {
  const problems: Problem[] = [];
  const lines = text.split('\n').length;
  const emptyBody: ParsedBody = { intro: { id: null, heading: null, line: 1, blocks: [] }, sections: [], problems: [] };
  const split = splitFrontMatter(text, recapPath);
  problems.push(...split.problems);
  if (!split.block) return { front: emptyFront(), body: emptyBody, problems, lines, frontBroken: true };
  const block = split.block;
  const body = parseRecapBody(block.body, block.bodyLine, recapPath);
  const langProblem = languageProblem(block.language);
  if (langProblem) {
    problems.push(problem(recapPath, 1, 4, langProblem), ...body.problems);
    return { front: emptyFront(), body, problems, lines, frontBroken: true };
  }
  const parsed = parseFrontMatterYaml(block.source, recapPath, block.line);
  problems.push(...parsed.problems);
  // Unreadable YAML gives no options to import with; a wrong key or value still lets the rest be checked.
  const frontBroken = hasErrors(problems);
  const { front, problems: schemaProblems } = validateRecapFront(parsed, recapPath, { line: 1, col: 1 });
  problems.push(...schemaProblems, ...body.problems);
  return { front, body, problems, lines, frontBroken };
}

/** Read and check a jam's notes (front matter and body structure); no import. */
export function readNotes(dir: string): JamNotes {
  const recapPath = join(dir, RECAP_FILE);
  const slug = basename(dir);
  let text: string;
  try {
    text = readFileSync(recapPath, 'utf8');
  } catch (err) {
    const { front, body } = parseNotes('', recapPath);
    return { slug, dir, recapPath, front, body, lines: 1, frontBroken: true, problems: [problem(recapPath, 1, 1, `cannot read the notes (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ${RECAP_FILE} must be a readable file`)] };
  }
  const { front, body, problems, lines, frontBroken } = parseNotes(text, recapPath);
  const badSlug = jamSlugProblem(slug);
  if (badSlug) problems.unshift(problem(recapPath, 1, 1, `the jam's folder name: ${badSlug} (rename the folder)`));
  return { slug, dir, recapPath, front, body, problems, lines, frontBroken };
}

/** The jam folder's files except the notes (hidden files and Eleventy data files too). */
function listFiles(dir: string): DirEntry[] {
  const out: DirEntry[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (!ent.isFile() || ent.name.startsWith('.') || ent.name === RECAP_FILE || /\.11tydata\.\w+$/.test(ent.name)) continue;
    const path = join(dir, ent.name);
    const st = statSync(path);
    out.push({ name: ent.name, path, size: st.size, mtimeMs: st.mtimeMs });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The files of the jam's subfolders (a saved page's `<name>_files/`, one
 * level down): the pictures the pages show come from there, so a changed
 * picture must rebuild the model (`serve`) even when no export changed.
 */
function mediaStamp(dir: string): [string, number, number][] {
  const out: [string, number, number][] = [];
  try {
    for (const sub of readdirSync(dir, { withFileTypes: true })) {
      if (!sub.isDirectory() || sub.name.startsWith('.')) continue;
      for (const ent of readdirSync(join(dir, sub.name), { withFileTypes: true })) {
        if (!ent.isFile()) continue;
        const st = statSync(join(dir, sub.name, ent.name));
        out.push([`${sub.name}/${ent.name}`, st.size, st.mtimeMs]);
      }
    }
  } catch {
    // A folder that vanished or cannot be read: its pictures are shown as links.
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export interface JamLoad {
  slug: string;
  dir: string;
  recapPath: string;
  problems: Problem[];
  /** Null when there are errors, and for a draft left out of the build. */
  model: JamModel | null;
  /** The notes say `draft: true`. */
  draft: boolean;
  /** Where the transcript came from (null when nothing was imported; 'hit' too when the whole load came from the load cache, jam-load-cache.ts). */
  importSource: ImportSource | null;
}

/** Content-wide settings a jam is loaded with (read once per site by loadSite). */
export interface JamContext {
  /** Handles that opted out (redact.yml). */
  redact?: string[];
  /** The jam's exports, parsed already (`jamrecap new`): not parsed again. */
  parsed?: Preparsed;
}

const jamCache = new Map<string, { key: string; load: JamLoad }>();

/** Forget every cached import and model (tests: prove a fresh build gives the same bytes). */
export function clearSiteCaches(): void {
  forgetCacheListings();
  clearImportCache();
  clearPeopleIndexes();
  jamCache.clear();
}

/** The folder's files (listFiles) and what tells that the folder changed: the sizes and times of recap.md, of those files and of the pictures' (mediaStamp). Throws when it cannot be read. */
function readFolder(dir: string, recapPath: string): { files: DirEntry[]; stamp: string } {
  const files = listFiles(dir);
  const st = statSync(recapPath);
  return { files, stamp: JSON.stringify([{ size: st.size, mtimeMs: st.mtimeMs }, files, mediaStamp(dir)]) };
}

/** Load one jam folder: notes, exports, transcript, quotes, model. Never throws for bad content. */
export function loadJam(dirIn: string, options: SiteOptions, context: JamContext = {}): JamLoad {
  const dir = resolve(dirIn);
  const recapPath = join(dir, RECAP_FILE);
  let folder: { files: DirEntry[]; stamp: string };
  try {
    folder = readFolder(dir, recapPath);
  } catch (err) {
    return { slug: basename(dir), dir, recapPath, problems: [problem(recapPath, 1, 1, `cannot read the jam: ${(err as Error).message}`)], model: null, draft: false, importSource: null };
  }
  const handles = [...(context.redact ?? [])].sort();
  const cacheDir = resolveCacheDir(options.cacheDir);
  const key = JSON.stringify([folder.stamp, options.transcriptPageBytes, !!options.drafts, options.placeholders ?? 'warning', cacheDir, handles]);
  const hit = jamCache.get(dir);
  if (hit && hit.key === key) return hit.load;
  const settings: LoadSettings = { options, cacheDir, handles, parsed: context.parsed };
  // A parse handed in (`jamrecap new`) is a one-off: loaded from it, not from or into the disk.
  const load = cacheDir && !context.parsed ? loadThroughDisk(dir, recapPath, folder, settings, cacheDir) : readJam(dir, folder.files, settings).load;
  jamCache.set(dir, { key, load });
  return load;
}

/**
 * The jam from the load cache (jam-load-cache.ts) when it holds this very
 * content, else read afresh and stored there, unless the folder changed
 * while it was read (its stamp taken again after): the entry would hold
 * other bytes than its key says.
 */
function loadThroughDisk(dir: string, recapPath: string, folder: { files: DirEntry[]; stamp: string }, settings: LoadSettings, cacheDir: string): JamLoad {
  const { options, handles } = settings;
  const key = jamLoadKey({ dir, recapPath, files: folder.files, options, cacheDir, handles });
  // A heavy file lost later: the jam read afresh, if the folder is still what the key says.
  const rebuild = () => {
    const again = readJam(dir, folder.files, settings).load.model;
    return again && unchanged(dir, recapPath, folder.stamp) ? again.heavy() : null;
  };
  const cached = key ? readCachedLoad(cacheDir, dir, key, rebuild) : null;
  if (cached) return cached;
  const { load, media } = readJam(dir, folder.files, settings);
  const stored = key && unchanged(dir, recapPath, folder.stamp) ? writeCachedLoad(cacheDir, dir, key, load, media) : null;
  if (key && stored && load.model) {
    // A build goes on with the load as the cache holds it: lean (its messages read back when needed), and with
    // no string sliced from an export's text, which would keep the whole page in memory.
    const lean = options.releaseModels ? restoreLoad(stored, cacheDir, dir, key, rebuild) : null;
    if (lean) return { ...lean, importSource: load.importSource };
    load.model.markStored(storedParts(cacheDir, dir, key, rebuild));
  }
  return load;
}

/**
 * A build lets go of what a jam's load holds that is stored (its model's
 * messages, read back from the load cache to render it: model.ts
 * dropHeavy) or no longer needed (its import, kept in memory for `serve`'s
 * rebuilds), so that a big site's memory does not grow with its jams.
 */
export function releaseLoad(load: JamLoad): void {
  load.model?.dropHeavy();
  forgetImports(load.dir);
}

/** The folder's stamp is still `stamp` (false when it cannot be read). */
function unchanged(dir: string, recapPath: string, stamp: string): boolean {
  try {
    return readFolder(dir, recapPath).stamp === stamp;
  } catch {
    return false;
  }
}

/** What a jam is loaded with besides its folder: the site's options, the cache folder, the opted-out handles. */
interface LoadSettings {
  options: SiteOptions;
  cacheDir: string | null;
  handles: string[];
  parsed?: Preparsed;
}

/**
 * Load a jam afresh (nothing cached for its files): a draft left out, or
 * its notes checked against the import; with the saved copies its model
 * looked up (jam-load-cache.ts mediaLookups), for the load cache to check.
 */
function readJam(dir: string, files: DirEntry[], settings: LoadSettings): { load: JamLoad; media: string[] } {
  const notes = readNotes(dir);
  if (notes.front.draft && !settings.options.drafts) {
    const at = notes.front.draftAt ?? { line: 1, col: 1 };
    const message = 'draft: left out of this build (build with --drafts to include it; delete "draft: true" to publish)';
    return { load: { slug: notes.slug, dir, recapPath: notes.recapPath, problems: [problem(notes.recapPath, at.line, at.col, message, 'warning')], model: null, draft: true, importSource: null }, media: [] };
  }
  // Bad front matter is reported at once: no export is read or imported with options it failed to give.
  const imported: ImportResult = notes.frontBroken ? { transcript: null, exports: [], problems: [], source: 'failed' } : importJam(notes, files, settings.cacheDir, settings.parsed);
  const problems = [...notes.problems, ...imported.problems];
  const original = imported.transcript;
  const checked = original ? checkAndBuild(notes, original, imported, problems, settings) : { problems, model: null, media: [] };
  const load: JamLoad = { slug: notes.slug, dir, recapPath: notes.recapPath, problems: checked.problems, model: checked.model, draft: notes.front.draft, importSource: original ? imported.source : null };
  return { load, media: checked.media };
}

/**
 * The checks that need the transcript (redacted first: the editor's text and
 * quotes are checked against what the site shows), after the `earlier`
 * problems; the jam's model when none of them is an error.
 */
function checkAndBuild(notes: JamNotes, original: Transcript, imported: ImportResult, earlier: Problem[], settings: LoadSettings): { problems: Problem[]; model: JamModel | null; media: string[] } {
  const { options, handles, cacheDir } = settings;
  const { exports, importKey } = imported;
  const red = redact(original, handles);
  const transcript = red.transcript;
  const sections = [notes.body.intro, ...notes.body.sections];
  const problems = [...earlier, ...importWarnings(transcript, exports, red.files), ...assignProblems(notes, original), ...notesChoiceProblems(notes, original)];
  const { quotes, problems: quoteProblems } = resolveQuotes(notes, sections, original, red);
  problems.push(...quoteProblems);
  // The editor's own text is never rewritten: say where it names someone who opted out.
  problems.push(...notesLeaks(notes, original, handles, [...red.removedIds.keys(), ...red.repeated]));
  problems.push(...duplicateQuotes(notes.recapPath, sections, quotes), ...misplacedQuotes(notes.recapPath, sections, quotes, transcript));
  problems.push(...sectionProblems(notes, transcript, problems, options.placeholders));
  if (hasErrors(problems)) return { problems, model: null, media: [] };
  // The original exports hold the removed texts: they stay out of the archive.
  const keepExports = !red.changed && !exportsMention(exports, handles);
  const model = buildJamModel({ notes, transcript, quotes, exportPaths: keepExports ? exports : [], options, files: red.files, cacheDir, transcriptOrigin: importKey ? transcriptOrigin(importKey, handles) : null });
  return { problems, model, media: mediaLookups(transcript, red.files) };
}
