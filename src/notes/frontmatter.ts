/**
 * Front matter of editors' notes, read safely and with positions.
 *
 * Notes are typed by hurried people and sometimes pasted from elsewhere, so
 * the reader refuses whatever could run, hang or pollute:
 * - only YAML: `---js` / `---javascript` front matter would be evaluated by
 *   gray-matter's default engine, so it is refused with a clear error;
 * - YAML 1.2 core schema (no custom tags, no `!!js/function`), unique keys,
 *   a size limit and a small alias budget (alias bombs);
 * - `__proto__`, `constructor` and `prototype` keys are refused: Eleventy's
 *   data merge would write them into `Object.prototype`.
 *
 * Every problem carries the line and column of the offending YAML node
 * (the `yaml` package's node ranges through a LineCounter), offset to the
 * line the front matter starts on in the file.
 */
import { LineCounter, parseDocument, visit, isScalar, type Document, type Node as YamlNode } from 'yaml';
import { formatProblem, problem, type Problem } from './problems.ts';

/** Front matter beyond this is refused before it is parsed. */
export const MAX_FRONT_MATTER_BYTES = 64 * 1024;
/** Alias expansions allowed when front matter becomes data (anchors are rare in notes). */
export const MAX_ALIAS_COUNT = 20;
/** Keys that would reach `Object.prototype` through a naive deep merge. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface FrontMatterBlock {
  /** The word after the opening `---` ('' for plain YAML). */
  language: string;
  /** Text between the delimiters. */
  source: string;
  /** 1-based line of the file where `source` starts. */
  line: number;
  /** Everything after the closing delimiter line. */
  body: string;
  /** 1-based line of the file where `body` starts. */
  bodyLine: number;
}

export interface SplitResult {
  block: FrontMatterBlock | null;
  problems: Problem[];
}

const OPEN = /^---([^\r\n]*)(\r?\n|$)/;

/**
 * Split `---` front matter from the body the way gray-matter (and so
 * Eleventy) does: the block closes at the first following line that starts
 * with `---`. A missing closing line is an error here; gray-matter would
 * silently take the whole file as front matter.
 */
export function splitFrontMatter(text: string, file: string): SplitResult {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const open = OPEN.exec(src);
  if (!open || src.startsWith('----')) {
    return { block: null, problems: [problem(file, 1, 1, 'no front matter: the file must start with a "---" line, then title, date and hashtag, then "---"')] };
  }
  const language = open[1].trim();
  const start = open[0].length;
  const rest = src.slice(start);
  const m = /(^|\n)---[^\r\n]*(\r?\n|$)/.exec(rest);
  if (!m) {
    return { block: null, problems: [problem(file, 1, 1, 'front matter is not closed: add a line "---" after it')] };
  }
  const closeAt = m.index + m[1].length;
  const source = rest.slice(0, closeAt);
  const bodyStart = start + m.index + m[0].length;
  const lineOf = (offset: number) => countLines(src, offset);
  return {
    block: { language, source, line: 2, body: src.slice(bodyStart), bodyLine: lineOf(bodyStart) },
    problems: [],
  };
}

function countLines(text: string, end: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Why a non-YAML front matter language is refused. */
export function languageProblem(language: string): string | null {
  const lang = language.toLowerCase();
  if (lang === '' || lang === 'yaml' || lang === 'yml') return null;
  if (lang === 'js' || lang === 'javascript' || lang === 'node' || lang === 'jslegacy') {
    return `JavaScript front matter ("---${language}") is refused: notes are data, never code; write YAML after a plain "---" line`;
  }
  return `front matter language "${language}" is not supported: write YAML after a plain "---" line`;
}

export interface ParsedYaml {
  doc: Document | null;
  /** Position of a node in the file (1-based line and column). */
  pos(node: { range?: [number, number, number] | null } | null | undefined): { line: number; col: number };
  problems: Problem[];
}

/** How big a YAML text may be, and what the error calls it. */
export interface YamlLimit {
  bytes: number;
  what: string;
}

/**
 * Parse YAML front matter with positions. `line` is the file line where
 * `source` starts. Never throws: every problem is returned. Other YAML files
 * (redact.yml) pass a limit of their own.
 */
export function parseFrontMatterYaml(source: string, file: string, line = 1, limit: YamlLimit = { bytes: MAX_FRONT_MATTER_BYTES, what: 'front matter' }): ParsedYaml {
  const lc = new LineCounter();
  const pos = (node: { range?: [number, number, number] | null } | null | undefined) => {
    const offset = node?.range?.[0] ?? 0;
    const p = lc.linePos(offset);
    return { line: p.line + line - 1, col: p.col };
  };
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > limit.bytes) {
    return { doc: null, pos, problems: [problem(file, line, 1, `${limit.what} is ${bytes} bytes, over the limit of ${limit.bytes} bytes`)] };
  }
  let doc: Document;
  try {
    doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, version: '1.2', schema: 'core', strict: true });
  } catch (err) {
    return { doc: null, pos, problems: [problem(file, line, 1, `front matter cannot be read: ${(err as Error).message}`)] };
  }
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const p = lc.linePos(e.pos[0]);
    problems.push(problem(file, p.line + line - 1, p.col, yamlMessage(e.code, e.message)));
  }
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as YamlNode | null;
      if (isScalar(key) && typeof key.value === 'string' && FORBIDDEN_KEYS.has(key.value)) {
        const p = pos(key);
        problems.push(problem(file, p.line, p.col, `key "${key.value}" is not allowed (it could overwrite built-in object properties)`));
      }
    },
  });
  return { doc, pos, problems };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT') return `${first}: indent with spaces`;
  if (code === 'DUPLICATE_KEY') return `${first} (a key appears twice)`;
  if (code === 'TAG_RESOLVE_FAILED') return `${first} (custom YAML tags are not supported)`;
  return first;
}

/**
 * Plain data from parsed YAML, aliases bounded. Objects are ordinary plain
 * objects (Eleventy expects them); forbidden keys were refused already.
 */
export function yamlToData(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/**
 * gray-matter engines for Eleventy (`setFrontMatterParsingOptions`): YAML
 * read as above (errors thrown as `file:line:col: message`), every
 * JavaScript flavour refused. gray-matter hands the engine the text after
 * the opening `---`, starting with that line's newline, so its line numbers
 * are the file's.
 */
export function eleventyFrontMatterEngines(): Record<string, (source: string, options?: { filePath?: string }) => unknown> {
  const yamlEngine = (source: string, options?: { filePath?: string }) => {
    const file = options?.filePath ?? 'front matter';
    const { doc, problems } = parseFrontMatterYaml(source, file, 1);
    if (problems.length || !doc) throw new Error(problems.map((p) => formatProblem(p)).join('\n'));
    let data: unknown;
    try {
      data = yamlToData(doc);
    } catch (err) {
      throw new Error(`${file}:1:1: front matter refused: ${(err as Error).message}`);
    }
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}:1:1: front matter must be a map of keys and values`);
    return data;
  };
  const refuse = (language: string) => (_source: string, options?: { filePath?: string }) => {
    throw new Error(`${options?.filePath ?? 'front matter'}:1:1: ${languageProblem(language)}`);
  };
  return {
    yaml: yamlEngine,
    yml: yamlEngine,
    js: refuse('js'),
    javascript: refuse('javascript'),
    jsLegacy: refuse('javascript'),
    node: refuse('node'),
    json: refuse('json'),
    coffee: refuse('coffee'),
  };
}
