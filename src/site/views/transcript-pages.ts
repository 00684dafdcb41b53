/**
 * A jam's transcript split into pages: each page holds as many messages as
 * fit its size budget, and shows them in segments, one per question (a
 * question's segment continues at the top of the next page), with a marker
 * where the chat ended.
 */
import type { MessageView, TranscriptPageView, TranscriptSegment } from '../../publish/site-view.ts';
import { attachmentBytes } from './messages.ts';
import { questionAnchor, questionHref, transcriptUrl } from './urls.ts';

/** The smallest page budget honoured (a smaller setting would make a page per message). */
const MIN_PAGE_BYTES = 10_000;

/** The jam a transcript belongs to, as its pages link back to it. */
export interface TranscriptJam {
  slug: string;
  title: string;
  href: string;
  /** When the jam was, as its recap says it ("Wednesday, October 24, 2012, 1:00 PM EDT"). */
  dateLabel: string;
  /** The zone the transcript's times are in. */
  timezone: string;
}

/** Rough size of a message's article on a transcript page, for splitting pages. */
function estimateBytes(v: MessageView): number {
  return 900 + Buffer.byteLength(v.textHtml) + 3 * Buffer.byteLength(v.handle) + Buffer.byteLength(v.name ?? '') + Buffer.byteLength(v.url ?? '') + 6 * v.id.length + attachmentBytes(v);
}

/**
 * The messages in pages, in order: a page takes messages until the next
 * would push its estimated articles past the budget (a page holds at
 * least one message, however big).
 */
export function splitIntoPages(views: MessageView[], pageBytes: number): MessageView[][] {
  const budget = Math.max(MIN_PAGE_BYTES, pageBytes);
  const pages: MessageView[][] = [[]];
  let used = 0;
  for (const v of views) {
    const size = estimateBytes(v);
    if (used + size > budget && pages[pages.length - 1].length) {
      pages.push([]);
      used = 0;
    }
    pages[pages.length - 1].push(v);
    used += size;
  }
  return pages;
}

/** Gives each message its page number and its link (page URL and anchor). */
export function placeOnPages(pages: MessageView[][], slug: string): void {
  pages.forEach((list, i) => {
    for (const v of list) {
      v.page = i + 1;
      v.href = `${transcriptUrl(slug, i + 1)}#${v.anchor}`;
    }
  });
}

/**
 * One page's segments. `open` is the question whose segment the previous
 * page ended in; returned with the one this page ends in.
 */
function pageSegments(list: MessageView[], open: string | null, heading: (id: string, continued: boolean) => TranscriptSegment['heading']): { segments: TranscriptSegment[]; open: string | null } {
  const segments: TranscriptSegment[] = [];
  for (const v of list) {
    const starts = v.asks;
    if (starts) open = starts;
    if (v.endsChat) open = null;
    const last = segments[segments.length - 1];
    if (v.endsChat) segments.push({ heading: null, marker: 'After the chat', messages: [v] });
    else if (!last || starts) {
      const qid: string | null = starts ?? open;
      segments.push({ heading: qid ? heading(qid, !starts) : null, marker: null, messages: [v] });
    } else {
      last.messages.push(v);
    }
  }
  return { segments, open };
}

/** The transcript's pages as the templates show them; `questionTitle` names a question's segment. */
export function transcriptPageViews(pages: MessageView[][], jam: TranscriptJam, questionTitle: (id: string) => string): TranscriptPageView[] {
  const heading = (id: string, continued: boolean) => ({ id, anchor: questionAnchor(id), title: questionTitle(id), href: questionHref(jam.href, id), continued });
  const numbers = pages.map((_, i) => ({ number: i + 1, url: transcriptUrl(jam.slug, i + 1) }));
  let open: string | null = null;
  const views = pages.map((list, i) => {
    const page = pageSegments(list, open, heading);
    open = page.open;
    return {
      jamSlug: jam.slug,
      jamTitle: jam.title,
      jamHref: jam.href,
      dateLabel: jam.dateLabel,
      timezone: jam.timezone,
      questionIndex: [] as TranscriptPageView['questionIndex'],
      number: i + 1,
      count: pages.length,
      url: transcriptUrl(jam.slug, i + 1),
      prevUrl: i > 0 ? transcriptUrl(jam.slug, i) : null,
      nextUrl: i + 1 < pages.length ? transcriptUrl(jam.slug, i + 2) : null,
      pages: numbers.map((p) => ({ ...p, current: p.number === i + 1 })),
      segments: page.segments,
      messageCount: list.length,
    };
  });
  const index = questionIndex(views);
  for (const v of views) v.questionIndex = index;
  return views;
}

/** Where each question's part of the transcript starts (its page and anchor), in the order they come. */
function questionIndex(pages: readonly Pick<TranscriptPageView, 'url' | 'segments'>[]): TranscriptPageView['questionIndex'] {
  const out: TranscriptPageView['questionIndex'] = [];
  for (const p of pages) {
    for (const seg of p.segments) {
      if (seg.heading && !seg.heading.continued) out.push({ id: seg.heading.id, title: seg.heading.title, href: `${p.url}#${seg.heading.anchor}` });
    }
  }
  return out;
}
