/**
 * The recap page's charts, from the jam's view model: the chat's activity
 * over time, answers and people per question, the most active
 * participants. Answers are the questions' own (`QuestionView.answers`,
 * views/questions.ts: the messages placed under a question but the one
 * asking it), the count the sections and downloads show.
 */
import { handleKey } from '../../model/transcript.ts';
import type { ChartView } from '../../publish/site-view.ts';
import { activityChart, countActivity, type TimedItem } from './activity.ts';
import { barChart, type BarRow } from './bars.ts';

/** How many participants the "most active" chart lists. */
export const TOP_PARTICIPANTS = 10;

/** A question as the charts need it: its id and the authors of its answers. */
export interface ChartQuestion {
  id: string;
  answers: readonly { handle: string }[];
}

/** A participant as the charts need it. */
export interface ChartParticipant {
  handle: string;
  messages: number;
}

/** Per question: its answers and the distinct people (by handle key) who wrote them. */
export function answersPerQuestion(questions: readonly ChartQuestion[]): { id: string; answers: number; people: number }[] {
  return questions.map((q) => ({ id: q.id, answers: q.answers.length, people: new Set(q.answers.map((a) => handleKey(a.handle))).size }));
}

/** The most active participants: most messages first, then by handle key (stable whatever the input order). */
export function topParticipants<P extends ChartParticipant>(participants: readonly P[], limit = TOP_PARTICIPANTS): P[] {
  const keyed = participants.map((p) => ({ p, key: handleKey(p.handle) }));
  keyed.sort((a, b) => b.p.messages - a.p.messages || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.slice(0, limit).map((k) => k.p);
}

/** The answers-and-people chart (null without questions). */
export function questionsChart(questions: readonly ChartQuestion[]): ChartView | null {
  if (!questions.length) return null;
  const counts = answersPerQuestion(questions);
  const rows: BarRow[] = counts.map((c) => ({ label: c.id, values: [c.answers, c.people] }));
  const most = counts.reduce((a, b) => (b.answers > a.answers ? b : a));
  const total = counts.reduce((n, c) => n + c.answers, 0);
  const summary = `${total} answers to ${counts.length} question${counts.length === 1 ? '' : 's'}; ${most.id} drew the most, ${most.answers} from ${most.people} ${most.people === 1 ? 'person' : 'people'}.`;
  return barChart({ id: 'chart-questions', kind: 'chart-questions', title: 'Answers and people per question', summary, labelHead: 'Question', series: ['Answers', 'People who answered'] }, rows);
}

/** The most-active-participants chart (null without participants). */
export function participantsChart(participants: readonly ChartParticipant[]): ChartView | null {
  const top = topParticipants(participants);
  if (!top.length) return null;
  const rows: BarRow[] = top.map((p) => ({ label: `@${p.handle.replace(/^@/, '')}`, values: [p.messages] }));
  const summary = `The ${top.length} most active of ${participants.length} participants by messages; ${rows[0].label} posted the most, ${top[0].messages}.`;
  return barChart({ id: 'chart-participants', kind: 'chart-participants', title: 'Most active participants', summary, labelHead: 'Participant', series: ['Messages'] }, rows);
}

/** What the recap's charts are drawn from. */
export interface RecapChartInput {
  messages: readonly TimedItem[];
  /** The questions the transcript found asked (their moments). */
  asked: readonly { id: string; askedAt: string }[];
  /** The questions the recap has sections for, with their answers. */
  questions: readonly ChartQuestion[];
  participants: readonly ChartParticipant[];
  zone: string;
}

/** The recap page's charts, in page order (those with nothing to draw left out). */
export function recapCharts(input: RecapChartInput): ChartView[] {
  const charts = [
    activityChart(countActivity(input.messages, input.asked, input.zone), input.zone),
    questionsChart(input.questions),
    participantsChart(input.participants),
  ];
  return charts.filter((c): c is ChartView => c !== null);
}
