/**
 * The editor's recap as the page shows it: blocks of rendered Markdown and
 * quotes of messages in place. Each quote gets an anchor on the recap page;
 * the first quote of a message is where its transcript entry links back to.
 */
import type { Message } from '../../model/transcript.ts';
import { firstParagraph, renderMarkdown } from '../../notes/markdown.ts';
import type { BodyBlock, QuoteRef } from '../../notes/recap-body.ts';
import type { MessageView, QuoteView, RecapBlock } from '../../publish/site-view.ts';

/** Each quote of the notes -> the message it quotes. */
export type ResolvedQuotes = Map<QuoteRef, Message>;

/** Where the quotes sit on the recap page. */
export interface QuoteAnchors {
  /** Each quote -> its element id: `quote-<message id>`, then `-2`, `-3` for a message quoted again. */
  anchors: Map<QuoteRef, string>;
  /** Message id -> its first quote on the recap page (the transcript's back-link). */
  quotedAt: Map<string, string>;
}

/** Anchors for the quotes, in the notes' order. */
export function quoteAnchors(quotes: ResolvedQuotes, jamHref: string): QuoteAnchors {
  const anchors = new Map<QuoteRef, string>();
  const quotedAt = new Map<string, string>();
  const count = new Map<string, number>();
  for (const [ref, m] of quotes) {
    const n = (count.get(m.id) ?? 0) + 1;
    count.set(m.id, n);
    const anchor = n === 1 ? `quote-${m.id}` : `quote-${m.id}-${n}`;
    anchors.set(ref, anchor);
    if (n === 1) quotedAt.set(m.id, `${jamHref}#${anchor}`);
  }
  return { anchors, quotedAt };
}

/** What rendering the notes' blocks needs: the quotes' messages, their anchors and the messages' views. */
export interface QuoteContext {
  quotes: ResolvedQuotes;
  anchors: ReadonlyMap<QuoteRef, string>;
  byId: ReadonlyMap<string, MessageView>;
}

/** A part of the notes (intro or a section) as page blocks, with the quotes it features in order. */
export function recapBlocks(list: BodyBlock[], ctx: QuoteContext): { blocks: RecapBlock[]; featured: QuoteView[] } {
  const featured: QuoteView[] = [];
  const blocks = list.map((b): RecapBlock => {
    if (b.kind === 'markdown') return { html: renderMarkdown(b.text) };
    const m = ctx.quotes.get(b)!;
    const qv: QuoteView = { anchor: ctx.anchors.get(b)!, message: ctx.byId.get(m.id)! };
    featured.push(qv);
    return { quote: qv };
  });
  return { blocks, featured };
}

/** The first paragraph of the intro's prose, for the home page ('' when it has none). */
export function teaserHtml(introBlocks: RecapBlock[]): string {
  const first = introBlocks.find((b) => b.html !== undefined && firstParagraph(b.html));
  return first?.html ? firstParagraph(first.html) : '';
}
