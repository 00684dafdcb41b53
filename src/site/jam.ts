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
 *
 * Redaction (src/notes/redact.ts) is applied to the imported transcript
 * before anything else looks at it; the cache keeps the import itself, so
 * changing redact.yml never needs a re-import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ExportFile, ImportError } from '../import/export-file.ts';
import { detectImporter, importExports, type ImportOptions } from '../import/pipeline.ts';
import { handleKey, type Message, type Transcript } from '../model/transcript.ts';
import { languageProblem, parseFrontMatterYaml, splitFrontMatter } from '../notes/frontmatter.ts';
import { parseRecapBody, type ParsedBody } from '../notes/recap-body.ts';
import { editorialProblems } from '../notes/editorial.ts';
import { duplicateQuotes, misplacedQuotes, unansweredSections } from '../notes/quote-review.ts';
import { validateRecapFront, type RecapFront } from '../notes/recap-front.ts';
import { problem, hasErrors, type Problem } from '../notes/problems.ts';
import { resolveQuote, suggestionBudget } from '../notes/quotes.ts';
import { buildJamModel, type JamModel, type ResolvedQuotes } from './model.ts';
import { jamSlugProblem } from './slug.ts';
import type { SiteOptions } from './options.ts';
import { importKey, readCached, resolveCacheDir, writeCached, type CacheFile } from './cache.ts';
import { leakFinder, redact, type RedactResult } from '../notes/redact.ts';
import { compareQuestionIds } from '../model/question-id.ts';

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

/** Where a jam's transcript came from on this load. */
export type ImportSource = 'memory' | 'hit' | 'miss' | 'rejected' | 'off' | 'failed';

interface ImportResult {
  /** As imported (before redaction). */
  transcript: Transcript | null;
  exports: string[];
  problems: Problem[];
  source: ImportSource;
}

const importCache = new Map<string, ImportResult>();

/** An import error as the notes report it: without the path (the notes name the file) or CLI advice. */
function exportError(err: Error, path: string): string {
  return err.message.replace(`${path}: `, '').replace(/; (?:use --format|for another chat page, give CSS selectors).*$/, '');
}

/** Find the exports (given or discovered) and import them, once per content. */
function importJam(notes: JamNotes, files: DirEntry[], cacheDir: string | null): ImportResult {
  const { front, recapPath } = notes;
  const options: ImportOptions = {
    // The notes name the file, and exportError drops CLI advice: no hint to work out.
    hints: false,
    hosts: front.hosts,
    assign: front.assign,
    questions: front.questionChoices,
    start: front.start,
    end: front.end,
    session: front.session,
    title: front.title || null,
    hashtag: front.hashtag || null,
    ...(front.format || front.selectors ? { format: front.format ?? 'selectors' } : {}),
    ...(front.selectors ? { selectors: front.selectors } : {}),
  };
  const key = notes.dir + '\u0000' + JSON.stringify([files, front.exports?.map((e) => e.value) ?? null, options, cacheDir]);
  const cached = importCache.get(key);
  if (cached) return { ...cached, source: 'memory' };

  const problems: Problem[] = [];
  const listed = !!front.exports;
  // Candidates: the listed files (each must be there and readable), or every file of the folder.
  const candidates: { file: ExportFile; line: number; col: number; name: string }[] = [];
  if (front.exports) {
    for (const item of front.exports) {
      const entry = files.find((f) => f.name === item.value);
      if (!entry) {
        problems.push(problem(recapPath, item.line, item.col, `export "${item.value}" is not in the jam's folder`));
        continue;
      }
      try {
        candidates.push({ file: ExportFile.read(entry.path), line: item.line, col: item.col, name: item.value });
      } catch (err) {
        problems.push(problem(recapPath, item.line, item.col, `export "${item.value}": ${exportError(err as Error, entry.path)}`));
      }
    }
  } else {
    for (const entry of files) {
      try {
        candidates.push({ file: ExportFile.read(entry.path), line: 1, col: 1, name: entry.name });
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        // Unreadable or too big: not an export default discovery can use.
      }
    }
  }

  let transcript: Transcript | null = null;
  let chosen: ExportFile[] = [];
  let source: ImportSource = 'failed';
  if (problems.length) {
    // Nothing is imported, but every listed file is still checked: all problems in one run.
    for (const c of candidates) {
      try {
        detectImporter(c.file, options);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        problems.push(problem(recapPath, c.line, c.col, `export "${c.name}": ${exportError(err, c.file.path)}`));
      }
    }
  } else {
    const cacheFiles: CacheFile[] = candidates.map((c) => ({ name: c.file.name, bytes: c.file.bytes }));
    const contentKey = importKey(cacheFiles, options, listed ? 'listed' : 'discovered');
    const lookup = readCached(cacheDir, notes.dir, contentKey, cacheFiles);
    if (lookup.status === 'hit') {
      transcript = lookup.transcript;
      const used = new Set(transcript.sources.map((s) => s.file));
      chosen = candidates.filter((c) => used.has(c.file.name)).map((c) => c.file);
      source = 'hit';
    } else {
      for (const c of candidates) {
        try {
          detectImporter(c.file, options);
          chosen.push(c.file);
        } catch (err) {
          if (!(err instanceof ImportError)) throw err;
          // A listed file must be an export; discovery skips what is not (a README, an image).
          if (listed) problems.push(problem(recapPath, c.line, c.col, `export "${c.name}": ${exportError(err, c.file.path)}`));
        }
      }
      if (!chosen.length && !listed) {
        problems.push(problem(recapPath, 1, 1, 'no chat export found in the jam\'s folder (list one under "exports:", or add the saved page next to recap.md)'));
      }
      if (chosen.length && !problems.length) {
        try {
          transcript = importExports(chosen, options);
          source = lookup.status;
          writeCached(cacheDir, notes.dir, contentKey, transcript);
        } catch (err) {
          // A bad selector is the notes' mistake: point at `selectors:`.
          const at = err instanceof ImportError && front.selectorsAt ? front.selectorsAt : { line: 1, col: 1 };
          problems.push(problem(recapPath, at.line, at.col, `import failed: ${(err as Error).message}`));
        }
      }
    }
  }
  const result: ImportResult = { transcript, exports: chosen.map((f) => f.path), problems, source };
  for (const k of importCache.keys()) if (k.startsWith(notes.dir + '\u0000')) importCache.delete(k);
  importCache.set(key, result);
  return result;
}

/** Diagnostics the notes already report precisely (at the `assign` entry). */
const REPORTED_BY_NOTES = new Set(['assign-unknown-message', 'assign-unknown-question', 'host-unknown', 'question-unknown-message', 'question-unknown-time', 'session-unknown', 'several-chats']);

/** Import diagnostics worth the editor's attention, as warnings (bounded). */
function importWarnings(transcript: Transcript, exports: string[], renamed: ReadonlyMap<string, string> = new Map()): Problem[] {
  const out: Problem[] = [];
  let more = 0;
  for (const s of transcript.sources) {
    const file = renamed.get(s.file) ?? s.file;
    const path = exports.find((p) => basename(p) === file) ?? file;
    for (const d of s.diagnostics) {
      if (d.severity === 'info' || REPORTED_BY_NOTES.has(d.code)) continue;
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

/**
 * What the import said of the notes' own choices (hosts, the messages asking
 * questions, the session), at the notes' line: a misspelt host would otherwise
 * empty every section while the build passes.
 */
function notesChoiceProblems(notes: JamNotes, transcript: Transcript): Problem[] {
  const { front, recapPath } = notes;
  const out: Problem[] = [];
  for (const d of transcript.sources.flatMap((s) => s.diagnostics)) {
    let where: { line: number; col: number } | undefined;
    if (d.code === 'host-unknown') where = front.hostsAt?.[/host "([^"]+)"/.exec(d.message)?.[1]?.toLowerCase() ?? ''];
    else if (d.code === 'question-unknown-message' || d.code === 'question-unknown-time') where = front.questionsAt?.[/^questions\.(\w+)/.exec(d.message)?.[1] ?? ''];
    else if (d.code === 'session-unknown' || d.code === 'several-chats') where = front.sessionAt;
    else continue;
    out.push(problem(recapPath, where?.line ?? 1, where?.col ?? 1, d.message, d.severity === 'error' ? 'error' : 'warning'));
  }
  return out;
}

/**
 * Sections (`## Q9`) for a question the chat does not have, and that the
 * notes do not point at a message for: one warning each, instead of a
 * "no summary" warning beside a "no such question" error.
 */
function unknownSections(notes: JamNotes, transcript: Transcript): { ids: Set<string>; problems: Problem[] } {
  const known = new Set(transcript.questions.map((q) => q.id));
  const list = [...known].join(', ') || 'none';
  const ids = new Set<string>();
  const problems: Problem[] = [];
  for (const s of notes.body.sections) {
    if (known.has(s.id!) || notes.front.questionChoices[s.id!]) continue;
    ids.add(s.id!);
    problems.push(problem(notes.recapPath, s.line, 1, `## ${s.id}: the chat has no question ${s.id} (its questions: ${list}); fix the heading, or say which message asks it: questions: { ${s.id}: { message: "<id>" } }`, 'warning'));
  }
  return { ids, problems };
}

/** The question ids a recap shows, in order: the chat's, the sections', the overrides'. */
export function questionOrder(notes: Pick<JamNotes, 'body' | 'front'>, transcript: Transcript): string[] {
  const ids = new Set<string>([...transcript.questions.map((q) => q.id), ...notes.body.sections.map((s) => s.id!), ...Object.keys(notes.front.questions)]);
  return [...ids].sort(compareQuestionIds);
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
  /** Where the transcript came from (null when nothing was imported). */
  importSource: ImportSource | null;
}

/** Content-wide settings a jam is loaded with (read once per site by loadSite). */
export interface JamContext {
  /** Handles that opted out (redact.yml). */
  redact?: string[];
}

const jamCache = new Map<string, { key: string; load: JamLoad }>();

/** Forget every cached import and model (tests: prove a fresh build gives the same bytes). */
export function clearSiteCaches(): void {
  importCache.clear();
  jamCache.clear();
}

/** Whether any of the exports' text names an opted-out handle (then the originals stay out of the archive). */
function exportsMention(paths: string[], handles: string[]): boolean {
  if (!handles.length) return false;
  const keys = handles.map(handleKey);
  for (const p of paths) {
    let text: string;
    try {
      text = ExportFile.read(p).text.toLowerCase();
    } catch {
      return true; // cannot tell: keep it out
    }
    if (keys.some((k) => text.includes(k))) return true;
  }
  return false;
}

/**
 * Where the editor's own text (title, question texts, headings, prose; not
 * the quote lines, which show the redacted messages) names someone who
 * opted out or repeats their words.
 */
function notesLeaks(notes: JamNotes, original: Transcript, handles: string[], removed: string[]): Problem[] {
  const leak = leakFinder(original, handles, removed);
  if (!leak) return [];
  const out: Problem[] = [];
  const report = (text: string, line: number, col: number, what: string, exact = false) => {
    const l = leak(text);
    // A line of prose is the source line itself: a link in it is pointed at.
    if (l) out.push(problem(notes.recapPath, line, exact && l.index !== undefined ? col + l.index : col, `${what} ${l.message}`, l.severity));
    return l;
  };
  const { front, body } = notes;
  if (front.title) report(front.title, front.titleAt?.line ?? 1, front.titleAt?.col ?? 1, 'the title');
  for (const [id, text] of Object.entries(front.questions)) {
    const at = front.questionsAt?.[id] ?? { line: 1, col: 1 };
    report(text, at.line, at.col, `the text of ${id}`);
  }
  for (const section of [body.intro, ...body.sections]) {
    if (section.heading) report(section.heading, section.line, 1, `the heading of ${section.id}`);
    for (const block of section.blocks) {
      if (block.kind !== 'markdown') continue;
      const before = out.length;
      block.text.split('\n').forEach((line, i) => report(line, block.line + i, 1, 'this line', true));
      // Words can run over lines: the paragraph as a whole, when no line said it alone.
      if (out.length === before) report(block.text.replace(/\s+/g, ' '), block.line, 1, 'this paragraph');
    }
  }
  return out;
}

/**
 * A quote that no longer matches after redaction (it names an opted-out
 * author, or text that was cleaned): resolved against the transcript as
 * imported, shown as the redacted message. `removed` says whether the
 * message itself was removed (the editor should delete the quote).
 */
function redactedQuote(ref: Parameters<typeof resolveQuote>[0], original: Transcript, red: RedactResult, sectionId: string | null): { message: Message; removed: boolean } | null {
  const o = resolveQuote(ref, original, sectionId, { chars: 0 });
  if (!o.ok) return null;
  const id = red.removedIds.get(o.message.id) ?? o.message.id;
  const message = red.transcript.messages.find((m) => m.id === id);
  if (!message) return null;
  return { message, removed: red.removedIds.has(o.message.id) || red.repeated.has(o.message.id) };
}

/** Load one jam folder: notes, exports, transcript, quotes, model. Never throws for bad content. */
export function loadJam(dirIn: string, options: SiteOptions, context: JamContext = {}): JamLoad {
  const dir = resolve(dirIn);
  const recapPath = join(dir, RECAP_FILE);
  let files: DirEntry[];
  let recapStat: { size: number; mtimeMs: number } | null = null;
  const fail = (message: string): JamLoad => ({ slug: basename(dir), dir, recapPath, problems: [problem(recapPath, 1, 1, message)], model: null, draft: false, importSource: null });
  try {
    files = listFiles(dir);
    const st = statSync(recapPath);
    recapStat = { size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    return fail(`cannot read the jam: ${(err as Error).message}`);
  }
  const handles = [...(context.redact ?? [])].sort();
  const cacheDir = resolveCacheDir(options.cacheDir);
  const key = JSON.stringify([recapStat, files, mediaStamp(dir), options.transcriptPageBytes, !!options.drafts, options.placeholders ?? 'warning', cacheDir, handles]);
  const hit = jamCache.get(dir);
  if (hit && hit.key === key) return hit.load;

  const notes = readNotes(dir);
  const done = (load: JamLoad) => (jamCache.set(dir, { key, load }), load);
  if (notes.front.draft && !options.drafts) {
    const at = notes.front.draftAt ?? { line: 1, col: 1 };
    return done({
      slug: notes.slug,
      dir,
      recapPath,
      problems: [problem(recapPath, at.line, at.col, 'draft: left out of this build (build with --drafts to include it; delete "draft: true" to publish)', 'warning')],
      model: null,
      draft: true,
      importSource: null,
    });
  }

  const problems = [...notes.problems];
  // Bad front matter is reported at once: no export is read or imported with options it failed to give.
  const imported: ImportResult = notes.frontBroken ? { transcript: null, exports: [], problems: [], source: 'failed' } : importJam(notes, files, cacheDir);
  problems.push(...imported.problems);
  const original = imported.transcript;
  let model: JamModel | null = null;
  if (original) {
    const red = redact(original, handles);
    const transcript = red.transcript;
    problems.push(...importWarnings(transcript, imported.exports, red.files));

    // `assign` names messages (as the export has them) and questions the chat has.
    const ids = new Set(original.messages.map((m) => m.id));
    const questionIds = new Set(original.questions.map((q) => q.id));
    const known = [...questionIds].join(', ') || 'none';
    for (const [id, at] of Object.entries(notes.front.assignAt)) {
      if (!ids.has(id)) {
        problems.push(problem(notes.recapPath, at.line, at.col, `assign: no message with id "${id}" in the exports`));
        continue;
      }
      const q = notes.front.assign[id];
      if (q !== null && q !== undefined && q !== 'before' && q !== 'after' && !questionIds.has(q)) {
        const vat = notes.front.assignValueAt[id] ?? at;
        problems.push(problem(notes.recapPath, vat.line, vat.col, `assign "${id}": the chat has no question ${q} (its questions: ${known})`));
      }
    }

    problems.push(...notesChoiceProblems(notes, original));

    const quotes: ResolvedQuotes = new Map();
    const budget = suggestionBudget();
    const sections = [notes.body.intro, ...notes.body.sections];
    for (const section of sections) {
      for (const block of section.blocks) {
        if (block.kind !== 'quote') continue;
        const r = resolveQuote(block, transcript, section.id, budget);
        if (r.ok) {
          quotes.set(block, r.message);
          continue;
        }
        const redacted = red.changed ? redactedQuote(block, original, red, section.id) : null;
        if (redacted) {
          quotes.set(block, redacted.message);
          if (redacted.removed) problems.push(problem(notes.recapPath, block.line, block.col, `this quote names a message removed at the author's request (redact.yml); the recap shows it as removed: delete the quote`, 'warning'));
        } else {
          problems.push(problem(notes.recapPath, block.line, block.col, r.error));
        }
      }
    }

    // The editor's own text is never rewritten: say where it names someone who opted out.
    problems.push(...notesLeaks(notes, original, handles, [...red.removedIds.keys(), ...red.repeated]));

    problems.push(...duplicateQuotes(recapPath, sections, quotes), ...misplacedQuotes(recapPath, sections, quotes, transcript));

    const unknown = unknownSections(notes, transcript);
    problems.push(...unknown.problems, ...unansweredSections(recapPath, notes.body.sections, transcript));
    // When a host is misspelt the chat has no questions: that one error explains the rest.
    const hostTypo = problems.some((p) => p.severity !== 'warning' && /^host ".*" posts no message/.test(p.message));
    const order = questionOrder(notes, transcript).filter((id) => !unknown.ids.has(id));
    problems.push(...editorialProblems(notes, hostTypo && !transcript.questions.length ? [] : order, options.placeholders));

    if (!hasErrors(problems)) {
      // The original exports hold the removed texts: they stay out of the archive.
      const keepExports = !red.changed && !exportsMention(imported.exports, handles);
      model = buildJamModel({ notes, transcript, quotes, exportPaths: keepExports ? imported.exports : [], options, files: red.files });
    }
  }
  return done({ slug: notes.slug, dir, recapPath, problems, model, draft: notes.front.draft, importSource: original ? imported.source : null });
}

