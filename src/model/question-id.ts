/**
 * Question ids as hosts number their questions: "Q1" (and "Q0"), "T2" for a
 * chat of topics or tasks, "Q1a"/"Q1b" for sub-questions. One place parses,
 * normalizes ("q1A" -> "Q1a") and orders them, for the importer, the notes and
 * the site alike.
 */

const QUESTION_ID = /^([QqTt])(\d{1,4})([A-Za-z]?)$/;

export interface QuestionIdParts {
  prefix: 'Q' | 'T';
  number: number;
  sub: string;
}

/** The parts of a question id, or null when it is not one. */
export function parseQuestionId(id: string): QuestionIdParts | null {
  const m = QUESTION_ID.exec(id.trim());
  if (!m) return null;
  return { prefix: m[1].toUpperCase() as 'Q' | 'T', number: Number(m[2]), sub: m[3].toLowerCase() };
}

/** "q01A" -> "Q1a"; null when it is not a question id. */
export function normalizeQuestionId(id: string): string | null {
  const p = parseQuestionId(id);
  return p ? `${p.prefix}${p.number}${p.sub}` : null;
}

/** The question's number (2 for "T2", 1 for "Q1b"); NaN for anything else. */
export function questionNumber(id: string): number {
  return parseQuestionId(id)?.number ?? NaN;
}

/** Order of a recap's sections: by number, then Q before T, then sub-letter. */
export function compareQuestionIds(a: string, b: string): number {
  const pa = parseQuestionId(a);
  const pb = parseQuestionId(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  return pa.number - pb.number || (pa.prefix < pb.prefix ? -1 : pa.prefix > pb.prefix ? 1 : 0) || (pa.sub < pb.sub ? -1 : pa.sub > pb.sub ? 1 : 0);
}
