/**
 * What an editor has not finished in the notes: a question without a
 * summary, and the draft's placeholders (`*Draft:` lines written by
 * `jamrecap new`, the marker above unreviewed suggested quotes).
 *
 * A missing summary is a warning everywhere. Placeholders are warnings in
 * `check` and `serve` (work in progress is normal there), and errors when
 * publishing (`build`), so a draft is never shipped by mistake; `build
 * --allow-placeholders` turns them back into warnings.
 */
import { compareQuestionIds } from '../model/question-id.ts';
import { problem, type Problem, type ProblemSeverity } from './problems.ts';
import { SUGGESTED_MARK, draftLines, hasProse, type BodySection, type ParsedBody } from './recap-body.ts';

export interface EditorialInput {
  recapPath: string;
  body: ParsedBody;
  /** Lines in the file (to point past the last section). */
  lines: number;
}

/** How a placeholder left in the notes is reported: 'error' when publishing. */
export type PlaceholderSeverity = ProblemSeverity;

/** What an error adds: the way out for the rare recap published with a placeholder on purpose. */
const ALLOW_HINT = ' (build --allow-placeholders publishes it anyway)';

/**
 * Problems for unfinished notes: placeholders (at their `*Draft:`) with the
 * given severity, questions of `order` without a summary as warnings.
 */
export function editorialProblems(notes: EditorialInput, order: string[], placeholders: PlaceholderSeverity = 'warning'): Problem[] {
  const out: Problem[] = [];
  const { recapPath, body } = notes;
  const hint = placeholders === 'error' ? ALLOW_HINT : '';
  const flag = (line: number, col: number, message: string) => out.push(problem(recapPath, line, col, `${message}${hint}`, placeholders));
  const describe = (s: BodySection) => (s.id ? s.id : 'the introduction');
  const scan = (s: BodySection) => {
    const lines = draftLines(s);
    const prose = s.blocks.some((b) => b.kind === 'markdown' && hasProse(b));
    for (const l of lines) {
      if (l.text.startsWith(SUGGESTED_MARK)) flag(l.line, l.col, `${describe(s)}: suggested quotes not reviewed yet: keep the ones you want, then delete this line`);
      else if (prose) flag(l.line, l.col, `${describe(s)}: a draft placeholder is still here: delete it`);
    }
    return { placeholder: lines.find((l) => !l.text.startsWith(SUGGESTED_MARK)), prose };
  };
  const intro = scan(body.intro);
  if (!intro.prose && intro.placeholder) {
    flag(intro.placeholder.line, intro.placeholder.col, 'the introduction is not written yet (the draft\'s placeholder is still here): write it in place of the "*Draft:" line');
  }
  for (const s of body.sections) {
    const { placeholder, prose } = scan(s);
    if (!order.includes(s.id!) || prose) continue;
    if (placeholder) flag(placeholder.line, placeholder.col, `${s.id} has no summary yet (the draft's placeholder is still here): write it in place of the "*Draft:" line`);
    else out.push(problem(recapPath, s.line, 1, `${s.id} has no summary yet: write a paragraph under "## ${s.id}"`, 'warning'));
  }
  out.push(...missingSections(notes, order));
  return out;
}

/** A question of `order` without a `## Qn` section: a warning where the section belongs. */
function missingSections(notes: EditorialInput, order: string[]): Problem[] {
  const sectionLines = notes.body.sections.map((s) => ({ id: s.id!, line: s.line }));
  const have = new Set(sectionLines.map((s) => s.id));
  const out: Problem[] = [];
  for (const id of order) {
    if (have.has(id)) continue;
    // Point where the section belongs: at the next question's heading, or the end of the notes.
    const next = sectionLines.filter((s) => compareQuestionIds(s.id, id) > 0).sort((a, b) => compareQuestionIds(a.id, b.id))[0];
    out.push(problem(notes.recapPath, next?.line ?? notes.lines, 1, `${id} has no summary: add a "## ${id}" section with the editor's summary`, 'warning'));
  }
  return out;
}
