/**
 * The bits every chart's SVG is written with: escaped text, numbers
 * rounded to one decimal (the same input writes the same bytes), and the
 * `<svg>` element with its `<title>` and `<desc>` (role="img", labelled
 * by both). No `style` attribute anywhere: the site's CSP allows only the
 * stylesheet, so charts use classes (site.css) and presentation attributes.
 */
import { escapeHtml } from '../../model/html.ts';
import type { ChartView } from '../../publish/site-view.ts';

/** Text or an attribute value, escaped for XML inside HTML. */
export const esc = escapeHtml;

/** A coordinate, rounded to one decimal, as written ("12.5", "3", "-0" never). */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** A text label at (x, y); `anchor` as SVG's text-anchor. */
export function text(x: number, y: number, label: string, cls: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  return `<text class="${cls}" x="${num(x)}" y="${num(y)}"${anchor === 'start' ? '' : ` text-anchor="${anchor}"`}>${esc(label)}</text>`;
}

/** A straight line from (x1, y1) to (x2, y2). */
export function line(x1: number, y1: number, x2: number, y2: number, cls: string): string {
  return `<line class="${cls}" x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}"/>`;
}

/** A rectangle (width and height never below 0). */
export function rect(x: number, y: number, w: number, h: number, cls: string, fill?: string): string {
  return `<rect class="${cls}" x="${num(x)}" y="${num(y)}" width="${num(Math.max(0, w))}" height="${num(Math.max(0, h))}"${fill ? ` fill="${fill}"` : ''}/>`;
}

/** The diagonal hatching that tells a second series apart without colour (`fill="url(#<id>)"`). */
export function hatchPattern(id: string): string {
  return `<pattern id="${esc(id)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="hatch" x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="2.5"/></pattern>`;
}

/** What one chart is drawn from besides its marks. */
export interface ChartFrame {
  /** Element ids start with it (unique on the page). */
  id: string;
  width: number;
  height: number;
  title: string;
  /** A sentence or two saying what the chart shows (its `<desc>` and the figure's caption). */
  summary: string;
  /** The numbers, for the table beside it. */
  head: string[];
  rows: (string | number)[][];
  /** A class naming the kind of chart (`chart-activity`). */
  kind: string;
}

/** The chart's view: the `<svg>` (marks given as markup already escaped) with its title, summary and table. */
export function chartView(frame: ChartFrame, defs: string, marks: string[]): ChartView {
  const { id, width, height, title, summary } = frame;
  const svg =
    `<svg class="chart ${frame.kind}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(summary)}</desc>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    marks.join('') +
    '</svg>';
  return { id, title, summary, svg, head: frame.head, rows: frame.rows.map((r) => r.map(String)) };
}
