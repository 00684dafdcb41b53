/**
 * Horizontal bar charts: one row per item (a question, a participant), one
 * or two bars per row (d3-scale's band and linear scales), each bar
 * labelled with its number and the second series hatched, so the chart
 * reads without colour. Long labels are cut (the table has them whole).
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { chartView, hatchPattern, rect, text } from './svg.ts';
import type { ChartView } from '../../publish/site-view.ts';

const W = 640;
const ROW = 22;
const LABEL_CHARS = 22;
const M = { top: 8, right: 40, left: 170, legend: 22 };

/** One row of a bar chart: its label and one value per series. */
export interface BarRow {
  label: string;
  values: number[];
}

/** A bar chart's words: title, summary, the series' names (the legend and the table's columns) and the table's first column. */
export interface BarSpec {
  id: string;
  kind: string;
  title: string;
  summary: string;
  /** The table's heading for the labels column. */
  labelHead: string;
  /** One name per series (1 or 2); the second is hatched. */
  series: string[];
}

/** A label cut to LABEL_CHARS code points, with an ellipsis. */
function cut(label: string): string {
  const chars = [...label];
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('')}…` : label;
}

/** The legend: a swatch and a name per series (only with two series). */
function legend(spec: BarSpec, hatch: string): string[] {
  if (spec.series.length < 2) return [];
  return spec.series.flatMap((name, i) => {
    const x = M.left + i * 160;
    return [rect(x, M.top, 12, 12, i ? 'bar-alt' : 'bar', i ? `url(#${hatch})` : undefined), text(x + 18, M.top + 11, name, 'legend')];
  });
}

/** The chart of `rows` (in the order given). */
export function barChart(spec: BarSpec, rows: readonly BarRow[]): ChartView {
  const n = spec.series.length;
  const top = M.top + (n > 1 ? M.legend : 0);
  const height = top + rows.length * ROW * n + 8;
  const hatch = `${spec.id}-hatch`;
  const band = scaleBand<number>().domain(rows.map((_, i) => i)).range([top, height - 8]).paddingInner(0.2);
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const x = scaleLinear().domain([0, max]).range([0, W - M.left - M.right]);
  const marks = legend(spec, hatch);
  rows.forEach((r, i) => {
    const y0 = band(i)!;
    const h = band.bandwidth() / n;
    marks.push(text(M.left - 6, y0 + band.bandwidth() / 2 + 4, cut(r.label), 'label', 'end'));
    r.values.forEach((v, s) => {
      const y = y0 + s * h;
      marks.push(rect(M.left, y, x(v), h - 1, s ? 'bar-alt' : 'bar', s ? `url(#${hatch})` : undefined), text(M.left + x(v) + 4, y + h / 2 + 4, String(v), 'value'));
    });
  });
  return chartView(
    {
      id: spec.id, kind: spec.kind, width: W, height, title: spec.title, summary: spec.summary,
      head: [spec.labelHead, ...spec.series],
      rows: rows.map((r) => [r.label, ...r.values]),
    },
    n > 1 ? hatchPattern(hatch) : '',
    marks,
  );
}
