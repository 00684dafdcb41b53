/**
 * A jam's transcript split into pages: its messages grouped by question as
 * the downloads group them (downloads/layout.ts: each question's messages
 * together in time order, the warm-up before the first question and what
 * came after the chat in groups of their own), each page holding as many
 * messages as fit its size budget, in segments with a heading per
 * question (a question's group continues at the top of the next page).
 */
import type { Message, Transcript } from '../../model/transcript.ts';
import { layoutTranscript } from '../../downloads/layout.ts';
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
  // Initials ~55 bytes; a saved picture's sized <img> ~100.
  const avatar = v.avatar ? (v.avatar.src ? 100 : 55) : 0;
  const context = v.replyTo?.excerpt ? 110 + 2 * Buffer.byteLength(v.replyTo.excerpt) : 0;
  return 900 + avatar + context + Buffer.byteLength(v.textHtml) + 3 * Buffer.byteLength(v.handle) + Buffer.byteLength(v.name ?? '') + Buffer.byteLength(v.url ?? '') + 6 * v.id.length + attachmentBytes(v);
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

/** A group of the transcript: a question's id, `none` (before the first question; every message when there are no questions) or `after` (after the chat). */
export interface TranscriptGroup {
  key: string;
  views: MessageView[];
}

/**
 * The messages' views (`views[i]` shows `transcript.messages[i]`) in the
 * groups of the downloads' layout, in its order; every view once.
 */
export function groupByQuestion(transcript: Transcript, views: readonly MessageView[], zone: string): TranscriptGroup[] {
  const viewOf = new Map<Message, MessageView>();
  transcript.messages.forEach((m, i) => viewOf.set(m, views[i]));
  return layoutTranscript(transcript, {}, zone).map((s) => ({ key: s.key, views: s.days.flatMap((d) => d.messages.map((m) => viewOf.get(m)!)) }));
}

/** Each view's group key, and the views in group order (what the pages are cut from). */
export function groupedOrder(groups: readonly TranscriptGroup[]): { order: MessageView[]; keyOf: Map<MessageView, string> } {
  const keyOf = new Map<MessageView, string>();
  for (const g of groups) for (const v of g.views) keyOf.set(v, g.key);
  return { order: groups.flatMap((g) => g.views), keyOf };
}

/** The headings of the groups that are not a question's: the warm-up (when there are questions) and after the chat. */
const MARKERS: Record<string, { text: string; id: string }> = {
  none: { text: 'Before the first question', id: 'before-the-questions' },
  after: { text: 'After the chat', id: 'after-the-chat' },
};

/**
 * One page's segments: a new one where the group changes. `open` is the
 * group the previous page ended in (its segment here is "continued");
 * `questions` tells whether the transcript has any (without, the one
 * group has no heading).
 */
function pageSegments(list: MessageView[], keyOf: ReadonlyMap<MessageView, string>, open: string | null, questions: boolean, heading: (id: string, continued: boolean) => TranscriptSegment['heading']): { segments: TranscriptSegment[]; open: string | null } {
  const segments: TranscriptSegment[] = [];
  let current = open;
  for (const v of list) {
    const key = keyOf.get(v) ?? 'none';
    if (segments.length && key === current) {
      segments[segments.length - 1].messages.push(v);
      continue;
    }
    const continued = !segments.length && key === open;
    const marker = MARKERS[key];
    if (marker) segments.push({ heading: null, marker: questions && !continued ? marker.text : null, markerId: questions && !continued ? marker.id : null, messages: [v] });
    else segments.push({ heading: heading(key, continued), marker: null, markerId: null, messages: [v] });
    current = key;
  }
  return { segments, open: current };
}

/** The transcript's pages as the templates show them; `questionTitle` names a question's segment, `keyOf` gives each message's group (`groupedOrder`). */
export function transcriptPageViews(pages: MessageView[][], jam: TranscriptJam, questionTitle: (id: string) => string, keyOf: ReadonlyMap<MessageView, string>): TranscriptPageView[] {
  const heading = (id: string, continued: boolean) => ({ id, anchor: questionAnchor(id), title: questionTitle(id), href: questionHref(jam.href, id), continued });
  const numbers = pages.map((_, i) => ({ number: i + 1, url: transcriptUrl(jam.slug, i + 1) }));
  const questions = [...keyOf.values()].some((k) => !MARKERS[k]);
  let open: string | null = null;
  const views = pages.map((list, i) => {
    const page = pageSegments(list, keyOf, open, questions, heading);
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
