/**
 * The chat's activity over time: messages per minute (or per a few minutes
 * when the chat is long), an area drawn with d3-shape on d3-scale scales,
 * each question's moment marked with its label (Q1, Q2...). Times read in
 * the jam's timezone, formatted as the pages format them (time-format.ts).
 */
import { scaleLinear } from 'd3-scale';
import { area, curveStepAfter } from 'd3-shape';
import { formatTime, isDayOnly, zonedTime } from '../../model/time-format.ts';
import type { ChartView } from '../../publish/site-view.ts';
import { chartView, line, text } from './svg.ts';

const MINUTE = 60_000;
/** Bucket sizes tried, in minutes: the first that gives at most MAX_BUCKETS buckets. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
const MAX_BUCKETS = 120;
/** Axis tick steps tried, in minutes: the first that gives at most MAX_TICKS ticks. */
const TICK_STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
const MAX_TICKS = 7;

const W = 640;
const H = 220;
const M = { top: 28, right: 12, bottom: 28, left: 36 };

/** A message as the chart counts it: its time and how precise it is. */
export interface TimedItem {
  time: string;
  timePrecision?: string;
}

/** One bucket of the activity: its start (epoch minutes, UTC) and how many messages fell in it. */
export interface ActivityBucket {
  minute: number;
  count: number;
}

/** The counted activity: bucket size (minutes), the buckets in time order, and the questions' moments. */
export interface Activity {
  step: number;
  buckets: ActivityBucket[];
  /** Minutes east of UTC at the first message (buckets and ticks align to the local clock). */
  offset: number;
  questions: { id: string; minute: number }[];
  /** Messages counted (those with a time of day). */
  counted: number;
}

/** Epoch minutes of a message with a time of day, else null. */
function minuteOf(m: TimedItem): number | null {
  if (isDayOnly(m)) return null;
  const ms = Date.parse(m.time);
  return Number.isNaN(ms) ? null : Math.floor(ms / MINUTE);
}

/** Counts messages per bucket, the buckets aligned to the jam's local clock; null when fewer than two messages have a time of day. */
export function countActivity(messages: readonly TimedItem[], questions: readonly { id: string; askedAt: string }[], zone: string): Activity | null {
  const minutes = messages.map(minuteOf).filter((m): m is number => m !== null);
  if (minutes.length < 2) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const m of minutes) {
    if (m < first) first = m;
    if (m > last) last = m;
  }
  const offset = zonedTime(new Date(first * MINUTE).toISOString(), zone)?.offset ?? 0;
  const step = STEPS.find((s) => Math.ceil((last - first + 1) / s) + 1 <= MAX_BUCKETS) ?? STEPS[STEPS.length - 1];
  const start = Math.floor((first + offset) / step) * step - offset;
  const n = Math.floor((last - start) / step) + 1;
  const counts = new Array<number>(n).fill(0);
  for (const m of minutes) counts[Math.floor((m - start) / step)]++;
  const buckets = counts.map((count, i) => ({ minute: start + i * step, count }));
  const marked = questions
    .map((q) => ({ id: q.id, minute: minuteOf({ time: q.askedAt }) }))
    .filter((q): q is { id: string; minute: number } => q.minute !== null && q.minute >= start && q.minute <= last);
  return { step, buckets, offset, questions: marked, counted: minutes.length };
}

/** Formats epoch minutes in the jam's zone (formatters cached per zone and pattern in time-format.ts). */
function clock(minute: number, zone: string, pattern: string): string {
  return formatTime(new Date(minute * MINUTE).toISOString(), zone, pattern) ?? '';
}

/** The x axis's ticks: local-clock multiples of a step, at most MAX_TICKS. */
function timeTicks(from: number, to: number, offset: number): number[] {
  const step = TICK_STEPS.find((s) => (to - from) / s <= MAX_TICKS) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** "per minute" or "per 5 minutes". */
function perLabel(step: number): string {
  return step === 1 ? 'per minute' : step % 60 === 0 ? (step === 60 ? 'per hour' : `per ${step / 60} hours`) : `per ${step} minutes`;
}

/** The activity chart of a jam (null: too few timed messages to draw). */
export function activityChart(activity: Activity | null, zone: string, id = 'chart-activity'): ChartView | null {
  if (!activity) return null;
  const { buckets, step, questions } = activity;
  const from = buckets[0].minute;
  const to = buckets[buckets.length - 1].minute + step;
  const multiDay = clock(from, zone, 'yyyy-LL-dd') !== clock(to - 1, zone, 'yyyy-LL-dd');
  const pattern = multiDay ? 'LLL d, h:mm a' : 'h:mm a';
  const x = scaleLinear().domain([from, to]).range([M.left, W - M.right]);
  const max = Math.max(...buckets.map((b) => b.count));
  const y = scaleLinear().domain([0, max]).nice(4).range([H - M.bottom, M.top]);
  const points: [number, number][] = [...buckets.map((b): [number, number] => [b.minute, b.count]), [to, buckets[buckets.length - 1].count]];
  const path = area<[number, number]>()
    .x((p) => x(p[0]))
    .y0(y(0))
    .y1((p) => y(p[1]))
    .curve(curveStepAfter)
    .digits(1)(points)!;
  const marks: string[] = [`<path class="area" d="${path}"/>`];
  for (const t of y.ticks(4).filter(Number.isInteger)) marks.push(line(M.left, y(t), W - M.right, y(t), 'grid'), text(M.left - 4, y(t) + 4, String(t), 'tick', 'end'));
  for (const t of timeTicks(from, to, activity.offset)) marks.push(line(x(t), H - M.bottom, x(t), H - M.bottom + 4, 'axis'), text(x(t), H - 8, clock(t, zone, pattern), 'tick', 'middle'));
  marks.push(line(M.left, H - M.bottom, W - M.right, H - M.bottom, 'axis'));
  questions.forEach((q, i) => {
    const qx = x(q.minute + 0.5);
    marks.push(line(qx, M.top - (i % 2 ? 2 : 12), qx, H - M.bottom, 'marker'), text(qx, M.top - (i % 2 ? 4 : 14), q.id, 'marker-label', 'middle'));
  });
  const busiest = buckets.reduce((a, b) => (b.count > a.count ? b : a));
  const unit = perLabel(step);
  const asked = questions.map((q) => `${q.id} at ${clock(q.minute, zone, pattern)}`).join(', ');
  const summary =
    `${activity.counted} messages from ${clock(from, zone, pattern)} to ${clock(to, zone, `${pattern} ZZZZ`)}, counted ${unit}; ` +
    `the busiest, from ${clock(busiest.minute, zone, pattern)}, had ${busiest.count}.` +
    (asked ? ` Questions asked: ${asked}.` : '');
  return chartView(
    {
      id, width: W, height: H, kind: 'chart-activity', title: `Messages ${unit}`, summary,
      head: ['From', 'Messages'],
      rows: buckets.map((b) => [clock(b.minute, zone, pattern), b.count]),
    },
    '',
    marks,
  );
}

