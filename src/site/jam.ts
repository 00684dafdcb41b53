/**
 * Loading one jam: `content/jams/<slug>/recap.md` (the editor's notes) plus
 * its export files, into a checked `JamModel` or a list of problems.
 *
 * Importing is the expensive part (a big export is tens of MB), so a jam's
 * transcript is imported once per build and kept in memory, keyed by the
 * files' paths, sizes and modification times and the options that change
 * the import (hosts, assign). Editing only the notes' prose re-renders
 * without re-importing; `serve` benefits on every keystroke.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ExportFile, ImportError } from '../import/export-file.ts';
import { detectImporter, importExports, type ImportOptions } from '../import/pipeline.ts';
import type { Transcript } from '../model/transcript.ts';
import { languageProblem, parseFrontMatterYaml, splitFrontMatter } from './frontmatter.ts';
import { parseRecapBody, type ParsedBody } from './recap-body.ts';
import { validateRecapFront, type RecapFront } from './recap-front.ts';
import { problem, hasErrors, type Problem } from './problems.ts';
import { resolveQuote } from './quotes.ts';
import { buildJamModel, type JamModel, type ResolvedQuotes } from './model.ts';
import { isJamSlug } from './slug.ts';
import type { SiteOptions } from './options.ts';

export const RECAP_FILE = 'recap.md';

export interface JamNotes {
  slug: string;
  dir: string;
  recapPath: string;
  front: RecapFront;
  body: ParsedBody;
  problems: Problem[];
}

/** Check a jam's notes from their text: front matter and body structure (pure; no import). */
export function parseNotes(text: string, recapPath: string): { front: RecapFront; body: ParsedBody; problems: Problem[] } {
  const problems: Problem[] = [];
  const emptyFront: RecapFront = { title: '', date: '', hashtag: '', timezone: 'UTC', questions: {}, assign: {}, assignAt: {} };
  const emptyBody: ParsedBody = { intro: { id: null, heading: null, line: 1, blocks: [] }, sections: [], problems: [] };
  const split = splitFrontMatter(text, recapPath);
  problems.push(...split.problems);
  if (!split.block) return { front: emptyFront, body: emptyBody, problems };
  const block = split.block;
  const body = parseRecapBody(block.body, block.bodyLine, recapPath);
  const langProblem = languageProblem(block.language);
  if (langProblem) {
    problems.push(problem(recapPath, 1, 4, langProblem), ...body.problems);
    return { front: emptyFront, body, problems };
  }
  const parsed = parseFrontMatterYaml(block.source, recapPath, block.line);
  problems.push(...parsed.problems);
  const { front, problems: schemaProblems } = validateRecapFront(parsed, recapPath, { line: 1, col: 1 });
  problems.push(...schemaProblems, ...body.problems);
  return { front, body, problems };
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
    return { slug, dir, recapPath, front, body, problems: [problem(recapPath, 1, 1, `cannot read the notes: ${(err as Error).message}`)] };
  }
  const { front, body, problems } = parseNotes(text, recapPath);
  if (!isJamSlug(slug)) {
    problems.unshift(problem(recapPath, 1, 1, `the jam's folder name "${slug}" is its address: use 1-100 lower-case letters, digits, "-" and "_", not a name Windows reserves (con, nul, com1...)`));
  }
  return { slug, dir, recapPath, front, body, problems };
}

interface DirEntry {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
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

interface ImportResult {
  transcript: Transcript | null;
  exports: string[];
  problems: Problem[];
}

const importCache = new Map<string, ImportResult>();

/** Find the exports (given or discovered) and import them, once per content. */
function importJam(notes: JamNotes, files: DirEntry[]): ImportResult {
  const { front, recapPath } = notes;
  const options: ImportOptions = { hosts: front.hosts, assign: front.assign, title: front.title || null, hashtag: front.hashtag || null };
  const key = JSON.stringify([notes.dir, files, front.exports?.map((e) => e.value) ?? null, options]);
  const cached = importCache.get(notes.dir + '\u0000' + key);
  if (cached) return cached;

  const problems: Problem[] = [];
  const chosen: ExportFile[] = [];
  if (front.exports) {
    for (const item of front.exports) {
      const entry = files.find((f) => f.name === item.value);
      if (!entry) {
        problems.push(problem(recapPath, item.line, item.col, `export "${item.value}" is not in the jam's folder`));
        continue;
      }
      try {
        const file = ExportFile.read(entry.path);
        detectImporter(file);
        chosen.push(file);
      } catch (err) {
        problems.push(problem(recapPath, item.line, item.col, `export "${item.value}": ${(err as Error).message.replace(`${entry.path}: `, '')}`));
      }
    }
  } else {
    for (const entry of files) {
      try {
        const file = ExportFile.read(entry.path);
        detectImporter(file);
        chosen.push(file);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        // Not an export (a README, an image): default discovery skips it.
      }
    }
    if (!chosen.length && !front.exports) {
      problems.push(problem(recapPath, 1, 1, 'no chat export found in the jam\'s folder (list one under "exports:", or add the saved page next to recap.md)'));
    }
  }

  let transcript: Transcript | null = null;
  if (chosen.length && !problems.length) {
    try {
      transcript = importExports(chosen, options);
    } catch (err) {
      problems.push(problem(recapPath, 1, 1, `import failed: ${(err as Error).message}`));
    }
  }
  const result: ImportResult = { transcript, exports: chosen.map((f) => f.path), problems };
  for (const k of importCache.keys()) if (k.startsWith(notes.dir + '\u0000')) importCache.delete(k);
  importCache.set(notes.dir + '\u0000' + key, result);
  return result;
}

/** Import diagnostics worth the editor's attention, as warnings (bounded). */
function importWarnings(transcript: Transcript, exports: string[]): Problem[] {
  const out: Problem[] = [];
  let more = 0;
  for (const s of transcript.sources) {
    const path = exports.find((p) => basename(p) === s.file) ?? s.file;
    for (const d of s.diagnostics) {
      if (d.severity === 'info') continue;
      if (out.length >= 20) {
        more++;
        continue;
      }
      out.push(problem(path, d.line ?? 1, 1, `${d.message} [${d.code}]`, 'warning'));
    }
  }
  if (more) out.push(problem(exports[0] ?? '', 1, 1, `and ${more} more import warnings`, 'warning'));
  return out;
}

export interface JamLoad {
  slug: string;
  dir: string;
  recapPath: string;
  problems: Problem[];
  /** Null when there are errors. */
  model: JamModel | null;
}

const jamCache = new Map<string, { key: string; load: JamLoad }>();

/** Forget every cached import and model (tests: prove a fresh build gives the same bytes). */
export function clearSiteCaches(): void {
  importCache.clear();
  jamCache.clear();
}

/** Load one jam folder: notes, exports, transcript, quotes, model. Never throws for bad content. */
export function loadJam(dirIn: string, options: SiteOptions): JamLoad {
  const dir = resolve(dirIn);
  const recapPath = join(dir, RECAP_FILE);
  let files: DirEntry[];
  let recapStat: { size: number; mtimeMs: number } | null = null;
  try {
    files = listFiles(dir);
    const st = statSync(recapPath);
    recapStat = { size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    return { slug: basename(dir), dir, recapPath, problems: [problem(recapPath, 1, 1, `cannot read the jam: ${(err as Error).message}`)], model: null };
  }
  const key = JSON.stringify([recapStat, files, options.transcriptPageBytes]);
  const hit = jamCache.get(dir);
  if (hit && hit.key === key) return hit.load;

  const notes = readNotes(dir);
  const problems = [...notes.problems];
  const imported = importJam(notes, files);
  problems.push(...imported.problems);
  const transcript = imported.transcript;
  let model: JamModel | null = null;
  if (transcript) {
    problems.push(...importWarnings(transcript, imported.exports));
    const ids = new Set(transcript.messages.map((m) => m.id));
    for (const [id, at] of Object.entries(notes.front.assignAt)) {
      if (!ids.has(id)) problems.push(problem(notes.recapPath, at.line, at.col, `assign: no message with id "${id}" in the exports`));
    }
    const quotes: ResolvedQuotes = new Map();
    for (const section of [notes.body.intro, ...notes.body.sections]) {
      for (const block of section.blocks) {
        if (block.kind !== 'quote') continue;
        const r = resolveQuote(block, transcript, section.id);
        if (r.ok) quotes.set(block, r.message);
        else problems.push(problem(notes.recapPath, block.line, block.col, r.error));
      }
    }
    if (!hasErrors(problems)) {
      model = buildJamModel({ notes, transcript, quotes, exportPaths: imported.exports, options });
    }
  }
  const load: JamLoad = { slug: notes.slug, dir, recapPath, problems, model };
  jamCache.set(dir, { key, load });
  return load;
}
