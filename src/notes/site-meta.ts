/**
 * The content folder's `_data/siteMeta.json` (the site's title, language and
 * description), checked the way front matter is: not valid JSON, a value of
 * the wrong type or a language that is not a BCP 47 tag is an error, an
 * unknown key a warning with a "did you mean"; each at the file:line:col of
 * the key or value (jsonc-parser gives offsets; JSON.parse gives none).
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineCounter } from 'yaml';
import { problem, type Problem } from './problems.ts';
import { didYouMean } from './recap-front.ts';

export const SITE_META_FILE = join('_data', 'siteMeta.json');

type Kind = 'text' | 'language';
/** The keys the theme reads, with what each holds. */
export const SITE_META_KEYS: Readonly<Record<string, Kind>> = { title: 'text', lang: 'language', description: 'text' };
const EXAMPLES: Record<string, string> = { title: '"title": "Tweet jam recaps"', lang: '"lang": "en"', description: '"description": "Recaps of our monthly chats"' };

/** At most this many problems per file; one more line counts the rest. */
const MAX_PROBLEMS = 20;

export interface SiteMetaRead {
  /** The values as JSON.parse reads them ({} when the file is missing or not a JSON object). */
  values: Record<string, unknown>;
  problems: Problem[];
}

/** `<contentDir>/_data/siteMeta.json`, read and checked; a missing file is no problem (the theme's defaults apply). */
export function readSiteMeta(contentDir: string): SiteMetaRead {
  const file = join(contentDir, SITE_META_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { values: {}, problems: [] };
    return { values: {}, problems: [problem(file, 1, 1, `cannot read the site's settings (${code ?? (err as Error).message}); make the file readable, or delete it to use the defaults`)] };
  }
  return checkSiteMeta(text, file);
}

/** Problems in the text of a siteMeta.json (`file` names it in the problems). */
export function checkSiteMeta(text: string, file: string): SiteMetaRead {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  const at = (offset: number, message: string, severity: Problem['severity'] = 'error') => {
    const { line, col } = lines.linePos(offset);
    return problem(file, line, col, message, severity);
  };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    if (!text.trim()) return { values: {}, problems: [at(0, 'the file is empty: write the settings as a JSON object, e.g. {"title": "Tweet jam recaps", "lang": "en"}, or delete it to use the defaults')] };
    if (text.startsWith('\ufeff')) return { values: {}, problems: [at(0, 'the file starts with a byte order mark (BOM), which JSON does not allow: save it as UTF-8 without BOM')] };
    const first = errors[0];
    const what = first ? syntaxError(first, text) : (err as Error).message;
    return { values: {}, problems: [at(first?.offset ?? 0, `not valid JSON: ${what}; JSON has no comments or trailing commas, and every key and text is in double quotes`)] };
  }
  if (!tree || tree.type !== 'object' || !values || typeof values !== 'object' || Array.isArray(values)) {
    return { values: {}, problems: [at(tree?.offset ?? 0, 'the site\'s settings must be one JSON object, e.g. {"title": "Tweet jam recaps", "lang": "en"}')] };
  }
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const prop of tree.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const { line } = lines.linePos(earlier);
      problems.push(at(keyNode.offset, `"${key}" is given twice (also on line ${line}): only this one is read; delete the other`, 'warning'));
    }
    seen.set(key, keyNode.offset);
    const kind = Object.hasOwn(SITE_META_KEYS, key) ? SITE_META_KEYS[key] : undefined;
    if (!kind) {
      problems.push(at(keyNode.offset, `unknown key "${key}"${didYouMean(key, Object.keys(SITE_META_KEYS))} (known keys: ${Object.keys(SITE_META_KEYS).join(', ')}); the shipped theme does not read it (a theme of your own may)`, 'warning'));
      continue;
    }
    const wrong = valueProblem(key, kind, valueNode);
    if (wrong) problems.push(at(valueNode.offset, wrong));
  }
  if (problems.length > MAX_PROBLEMS) {
    const rest = problems.length - MAX_PROBLEMS;
    problems.splice(MAX_PROBLEMS, rest, at(0, `${rest} more problem${rest === 1 ? '' : 's'} in this file not listed`, 'warning'));
  }
  return { values: values as Record<string, unknown>, problems };
}

/** What is wrong with a known key's value, or null. */
function valueProblem(key: string, kind: Kind, node: JsonNode): string | null {
  const got = node.type === 'string' ? 'text' : node.type === 'null' ? 'null' : `${node.type === 'array' ? 'a list' : `a ${node.type}`}`;
  if (node.type !== 'string') return `"${key}" must be text in double quotes, e.g. ${EXAMPLES[key]} (got ${got})`;
  const value = String(node.value);
  if (kind === 'text') return value.trim() || key !== 'title' ? null : `"title" is empty: give the site's name, e.g. ${EXAMPLES.title}`;
  return languageProblem(value);
}

/** A BCP 47 tag: a 2-3 letter language, then optional script, region and variants ("en", "en-GB", "sr-Latn-RS"). */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*$/i;

/** Why `value` is not a language tag a page's `lang` attribute can hold, or null. */
export function languageProblem(value: string): string | null {
  let canonical: string | null = null;
  if (LANGUAGE_TAG.test(value)) {
    try {
      canonical = Intl.getCanonicalLocales(value)[0] ?? null;
    } catch {
      canonical = null;
    }
  }
  if (canonical) return null;
  const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  const guess = languageGuess(value);
  return `"lang" must be a BCP 47 language tag such as "en" or "en-GB" (got ${shown})${guess ? `; did you mean "${guess}"?` : ''}`;
}

/** "english" -> "en", "en_GB" -> "en-GB": the tag someone who wrote `value` probably meant. */
function languageGuess(value: string): string | null {
  const dashed = value.replace(/_/g, '-');
  if (dashed !== value && LANGUAGE_TAG.test(dashed)) return dashed;
  const name = value.trim().toLowerCase();
  if (!/^[a-z ]{3,40}$/.test(name)) return null;
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  for (let a = 97; a <= 122; a++) {
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      if (names.of(code)?.toLowerCase() === name) return code;
    }
  }
  return null;
}

/** jsonc-parser's error, in words. */
function syntaxError(e: ParseError, text: string): string {
  const near = JSON.stringify(text.slice(e.offset, e.offset + Math.max(1, Math.min(e.length, 20))));
  const words: Record<string, string> = {
    InvalidSymbol: `unexpected ${near}`,
    InvalidNumberFormat: `${near} is not a number`,
    PropertyNameExpected: `expected a key in double quotes, found ${near}`,
    ValueExpected: `expected a value, found ${near}`,
    ColonExpected: `expected ":" after the key, found ${near}`,
    CommaExpected: `expected "," between entries, found ${near}`,
    CloseBraceExpected: 'expected "}" to close the object',
    CloseBracketExpected: 'expected "]" to close the list',
    EndOfFileExpected: `unexpected ${near} after the end of the object`,
    InvalidCommentToken: 'a comment',
    UnexpectedEndOfComment: 'an unfinished comment',
    UnexpectedEndOfString: 'a text with no closing double quote',
    UnexpectedEndOfNumber: 'an unfinished number',
    InvalidUnicode: 'a bad \\u escape',
    InvalidEscapeCharacter: 'a bad escape after "\\"',
    InvalidCharacter: 'a control character inside a text (write it as an escape, e.g. \\n)',
  };
  return words[printParseErrorCode(e.error)] ?? printParseErrorCode(e.error);
}
