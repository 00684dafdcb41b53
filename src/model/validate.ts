/**
 * Checks a transcript against its JSON Schema (transcript.schema.json), so a
 * transcript written by hand, by an older version or by another tool is
 * refused with readable reasons before the site is built from it.
 *
 * The schema covers shapes (strings for ids, ISO times, http(s) urls, no
 * extra properties); a few cross-field rules that JSON Schema cannot say
 * (accounting per source, unique message ids) are checked after it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

export const transcriptSchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('./transcript.schema.json', import.meta.url), 'utf8'),
);

export interface ValidationResult {
  ok: boolean;
  /** "path: problem" lines, e.g. "/messages/3/id: must be string". */
  errors: string[];
}

let compiled: ValidateFunction | undefined;

/**
 * Ajv's standalone code for the schema (transcript-validator.cjs, made by
 * scripts/transcript-validator.js and checked against the schema by
 * test/schema.test.ts), loaded on first use: compiling the schema in each
 * process cost ~125 ms, loading its code a few. A build that reads every
 * import from memory or from the load cache never loads it.
 */
function validator(): ValidateFunction {
  compiled ??= createRequire(import.meta.url)('./transcript-validator.cjs') as ValidateFunction;
  return compiled;
}

function describe(e: ErrorObject): string {
  const path = e.instancePath || '/';
  if (e.keyword === 'additionalProperty' || e.keyword === 'additionalProperties') {
    return `${path}: unexpected property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === 'enum') return `${path}: ${e.message} (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  if (e.keyword === 'const') return `${path}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return `${path}: ${e.message}`;
}

/** Rules across fields, run only on a transcript whose shape is already valid. */
function crossChecks(t: {
  sources: { file: string; found: number; kept: number; merged: number; skipped: number }[];
  messages: { id: string }[];
}): string[] {
  const errors: string[] = [];
  t.sources.forEach((s, i) => {
    if (s.found !== s.kept + s.merged + s.skipped) {
      errors.push(`/sources/${i}: found ${s.found} != kept ${s.kept} + merged ${s.merged} + skipped ${s.skipped} (${s.file})`);
    }
  });
  const seen = new Map<string, number>();
  t.messages.forEach((m, i) => {
    const first = seen.get(m.id);
    if (first !== undefined) errors.push(`/messages/${i}/id: duplicate id "${m.id}" (also /messages/${first})`);
    else seen.set(m.id, i);
  });
  return errors;
}

export function validateTranscript(obj: unknown): ValidationResult {
  const validate = validator();
  if (!validate(obj)) {
    // An if/then failure is also reported by the keyword inside it: keep that one, once.
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe);
    return { ok: false, errors: [...new Set(errors)] };
  }
  const errors = crossChecks(obj as Parameters<typeof crossChecks>[0]);
  return { ok: errors.length === 0, errors };
}
