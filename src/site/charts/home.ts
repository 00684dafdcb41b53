/**
 * The home page's chart: the site's jams over time, per month (per year
 * when they span more than MAX_MONTHS), in three panels that share the
 * time axis: jams held, messages posted, distinct people (by handle key).
 * Columns on d3-scale scales, each labelled with its number.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { handleKey } from '../../model/transcript.ts';
import type { ChartView } from '../../publish/site-view.ts';
import { chartView, line, rect, text } from './svg.ts';

const MAX_MONTHS = 36;
const W = 640;
const PANEL = 64;
const GAP = 22;
const M = { top: 8, left: 80, right: 8, bottom: 22 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A jam as the home chart needs it. */
export interface HomeJam {
  /** As written in the front matter (its first 7 characters are the local month). */
  date: string;
  stats: { messages: number };
  participants: readonly { handle: string }[];
}

/** One period of the site: its key ("2012-10" or "2012"), label, and the jams, messages and people in it. */
export interface HomePeriod {
  key: string;
  label: string;
  jams: number;
  messages: number;
  people: number;
}

/** Every period from the first jam's to the last's (empty ones included), oldest first. */
export function sitePeriods(jams: readonly HomeJam[]): HomePeriod[] {
  const months = jams.map((j) => j.date.trim().slice(0, 7)).filter((m) => /^\d{4}-\d{2}$/.test(m));
  if (!months.length) return [];
  const sorted = [...months].sort();
  const [fy, fm] = sorted[0].split('-').map(Number);
  const [ly, lm] = sorted[sorted.length - 1].split('-').map(Number);
  const byYear = (ly - fy) * 12 + (lm - fm) + 1 > MAX_MONTHS;
  const keys: string[] = [];
  if (byYear) for (let y = fy; y <= ly; y++) keys.push(String(y));
  else for (let i = 0; i <= (ly - fy) * 12 + (lm - fm); i++) keys.push(`${fy + Math.floor((fm - 1 + i) / 12)}-${String(((fm - 1 + i) % 12) + 1).padStart(2, '0')}`);
  const periods = new Map(keys.map((k) => [k, { key: k, label: periodLabel(k), jams: 0, messages: 0, people: new Set<string>() }]));
  for (const j of jams) {
    const month = j.date.trim().slice(0, 7);
    const p = periods.get(byYear ? month.slice(0, 4) : month);
    if (!p) continue;
    p.jams++;
    p.messages += j.stats.messages;
    for (const person of j.participants) p.people.add(handleKey(person.handle));
  }
  return [...periods.values()].map((p) => ({ ...p, people: p.people.size }));
}

/** "Oct 2012", or "2012" for a year. */
function periodLabel(key: string): string {
  return key.length === 4 ? key : `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}`;
}

type Measure = 'jams' | 'messages' | 'people';
const PANELS: { measure: Measure; name: string }[] = [
  { measure: 'jams', name: 'Jams' },
  { measure: 'messages', name: 'Messages' },
  { measure: 'people', name: 'People' },
];

/** One panel's columns, its name on the left. */
function panel(periods: HomePeriod[], measure: Measure, name: string, top: number, x: ReturnType<typeof scaleBand<string>>): string[] {
  const max = Math.max(1, ...periods.map((p) => p[measure]));
  const y = scaleLinear().domain([0, max]).range([top + PANEL, top + 12]);
  const marks = [text(M.left - 8, top + PANEL / 2 + 4, name, 'legend', 'end'), line(M.left, top + PANEL, W - M.right, top + PANEL, 'axis')];
  for (const p of periods) {
    const px = x(p.key)!;
    marks.push(rect(px, y(p[measure]), x.bandwidth(), top + PANEL - y(p[measure]), 'bar'));
    if (p[measure]) marks.push(text(px + x.bandwidth() / 2, y(p[measure]) - 2, String(p[measure]), 'value', 'middle'));
  }
  return marks;
}

/** The site's activity over time (null without dated jams). */
export function homeChart(jams: readonly HomeJam[], id = 'chart-site'): ChartView | null {
  const periods = sitePeriods(jams);
  if (!periods.length) return null;
  const height = M.top + PANELS.length * (PANEL + GAP) + M.bottom - GAP;
  const x = scaleBand<string>().domain(periods.map((p) => p.key)).range([M.left, W - M.right]).paddingInner(0.2);
  const marks = PANELS.flatMap((p, i) => panel(periods, p.measure, p.name, M.top + i * (PANEL + GAP), x));
  const every = Math.ceil(periods.length / 8);
  periods.forEach((p, i) => {
    if (i % every === 0) marks.push(text(x(p.key)! + x.bandwidth() / 2, height - 6, p.label, 'tick', 'middle'));
  });
  const total = (m: Measure) => periods.reduce((n, p) => n + p[m], 0);
  const unit = periods[0].key.length === 4 ? 'year' : 'month';
  const summary = `${total('jams')} jam${total('jams') === 1 ? '' : 's'} from ${periods[0].label} to ${periods[periods.length - 1].label}, with ${total('messages')} messages; jams, messages and people counted per ${unit} (people once per ${unit}).`;
  return chartView(
    {
      id, width: W, height, kind: 'chart-site', title: `Jams, messages and people per ${unit}`, summary,
      head: [unit === 'year' ? 'Year' : 'Month', 'Jams', 'Messages', 'People'],
      rows: periods.map((p) => [p.label, p.jams, p.messages, p.people]),
    },
    '',
    marks,
  );
}
