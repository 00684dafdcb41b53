/**
 * Reading values out of front matter YAML nodes: text, lists of text and
 * dates, each bad value reported where it is (`file:line:col`) with an
 * example of the expected form, and a did-you-mean for misspelt keys.
 * Used by the recap's front matter schema (recap-front.ts, front-keys.ts).
 */
import { DateTime, IANAZone } from 'luxon';
import { isAlias, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { countXmlIllegal } from '../model/xml-chars.ts';
import { editDistance } from '../model/text-match.ts';
import { problem, type Problem } from './problems.ts';
import type { ParsedYaml } from './frontmatter.ts';

/** A place in the notes file (1-based). */
export interface Where {
  line: number;
  col: number;
}

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** `; did you mean "<known key>"?` when `key` is close to one of `known`, else ''. */
export function didYouMean(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${best}"?` : '';
}

/** Parse a front matter date as the editor wrote it; no offset means the jam's zone. */
export function parseFrontDate(value: string, zone: string): DateTime | null {
  const v = value.trim();
  if (!DATE.test(v) && !DATE_TIME.test(v)) return null;
  const dt = DateTime.fromISO(v.replace(' ', 'T'), { zone: IANAZone.isValidZone(zone) ? zone : 'utc', setZone: true });
  return dt.isValid ? dt : null;
}

/** One front matter being read: where its nodes are, and every problem found so far. */
export class FrontReader {
  readonly problems: Problem[] = [];

  constructor(
    private readonly file: string,
    /** Where a node is in the file. */
    readonly pos: ParsedYaml['pos'],
    /** Where problems without a node of their own point (the front matter's start). */
    private readonly fallback: Where,
  ) {}

  /** Reports `message` at `node` (at the fallback place when the node has no place in the file). */
  at(node: YamlNode | null | undefined, message: string): void {
    const p = node?.range ? this.pos(node) : this.fallback;
    this.problems.push(problem(this.file, p.line, p.col, message));
  }

  /** The trimmed text of a scalar, or null (reported) when it is not text, empty or holds a control character. */
  text(node: unknown, what: string, example: string): string | null {
    if (isAlias(node)) return this.at(node as YamlNode, `${what}: YAML aliases are not supported here`), null;
    if (!isScalar(node) || node.value === null || node.value === undefined) {
      this.at(node as YamlNode, `${what} must be text, e.g. ${example}`);
      return null;
    }
    if (typeof node.value !== 'string') {
      this.at(node as YamlNode, `${what} must be text, e.g. ${example} (put it in quotes)`);
      return null;
    }
    const s = node.value.trim();
    if (!s) {
      this.at(node as YamlNode, `${what} is empty`);
      return null;
    }
    if (countXmlIllegal(s)) {
      this.at(node as YamlNode, `${what} holds a control character (e.g. "\\b"): feed.xml cannot carry it; delete it`);
      return null;
    }
    return s;
  }

  /** The text items of a sequence with their nodes (bad items reported and left out), or null when it is not a list. */
  list(node: unknown, what: string, example: string): { value: string; node: YamlNode }[] | null {
    if (!isSeq(node)) {
      this.at(node as YamlNode, `${what} must be a list, e.g. ${example}`);
      return null;
    }
    const out: { value: string; node: YamlNode }[] = [];
    for (const item of node.items) {
      const s = this.text(item, `each item of ${what}`, example);
      if (s !== null) out.push({ value: s, node: item as YamlNode });
    }
    return out;
  }
}
