/**
 * `<slug>-recap.md`: the recap itself (the editor's introduction and
 * summaries with their quotes) as Markdown, to paste into a CMS, a
 * newsletter or a wiki. The notes' Markdown is not kept in the site model,
 * so their rendered HTML is turned back into Markdown by turndown; quotes
 * are written from the messages' own text.
 *
 * Nothing in it turns into markup it did not have on the recap page, in
 * any CommonMark/GFM renderer, even one that allows raw HTML: text from
 * the notes and from chat goes through the transcript download's escaping
 * (downloads/markdown.ts), so "<script>", "# x" or "[x](javascript:..)"
 * stay those characters. Links to the site are public (absolute with
 * --base-url).
 */
import { createRequire } from 'node:module';
import type TurndownService from 'turndown';
import { escapeMarkdown, escapeMarkdownLine } from '../downloads/markdown.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { publicHtml, questionHeading } from './recap-content.ts';
import type { JamView, QuestionSummary, QuoteView, RecapBlock } from './site-view.ts';
import { publicUrl, type PublicAddress } from './urls.ts';

let service: TurndownService | undefined;

/**
 * HTML (markdown-it's output for the notes) to Markdown, every text node
 * escaped. Turndown (and the DOM it parses with) is loaded on first use,
 * its CommonJS build: a build that renders no recap never needs it.
 */
export function htmlToMarkdown(html: string): string {
  if (!service) {
    const Turndown = createRequire(import.meta.url)('turndown') as typeof TurndownService;
    service = new Turndown({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', emDelimiter: '_', hr: '---' });
    service.escape = (text: string) => escapeMarkdownLine(text);
  }
  return service.turndown(html);
}

/** One line of plain text, escaped. */
const line = (text: string) => escapeMarkdownLine(text.replace(/\s+/g, ' ').trim());

/** A link destination in <...> form: nothing in it can end the link early. */
function destination(url: string): string {
  return `<${url.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c))}>`;
}

function quoteMarkdown(jam: JamView, q: QuoteView, address: PublicAddress, texts: ReadonlyMap<string, string>): string {
  const m = q.message;
  const lines = [`> ${escapeMarkdown(texts.get(m.id) ?? '', '> ')}`];
  for (const a of m.attachments) if (a.href) lines.push('>', `> [${line(a.label)}](${destination(a.href)})`);
  const who = m.personHref ? `[@${line(m.handle)}](${destination(publicUrl(m.personHref, address))})` : `@${line(m.handle)}`;
  lines.push('>', `> — ${who}, [${line(m.timeLabel)}](${destination(publicUrl(m.href, address))})`);
  return lines.join('\n');
}

function blockMarkdown(jam: JamView, b: RecapBlock, address: PublicAddress, texts: ReadonlyMap<string, string>): string {
  return b.html !== undefined ? htmlToMarkdown(publicHtml(b.html, jam, address)) : quoteMarkdown(jam, b.quote, address, texts);
}

function questionMarkdown(jam: JamView, q: QuestionSummary, address: PublicAddress, texts: ReadonlyMap<string, string>): string[] {
  const out = [`## ${line(questionHeading(q))}`];
  if (q.text && q.text !== q.title) out.push(`_${line(q.text)}_`);
  for (const b of q.blocks) out.push(blockMarkdown(jam, b, address, texts));
  const n = q.answerCount;
  if (n) {
    const where = publicUrl(q.transcriptHref ?? jam.transcriptHref, address);
    out.push(`[${n === 1 ? 'The one answer' : `All ${n} answers`} to ${line(q.id)} in the transcript](${destination(where)})`);
  }
  return out;
}

export function renderRecapMarkdown(jam: JamView, address: PublicAddress): string {
  // Quotes are written from the messages' text (redaction already applied by the import).
  const texts = jam.quotedTexts;
  const hosts = jam.hosts.map((h) => `@${h.handle}`).join(', ');
  const out = [
    `# ${line(jam.title) || 'Recap'}`,
    line(`${jam.dateLabel} · #${jam.hashtag}${hosts ? ` · hosted by ${hosts}` : ''}`),
    ...jam.introBlocks.map((b) => blockMarkdown(jam, b, address, texts)),
    ...jam.questionSummaries.flatMap((q) => questionMarkdown(jam, q, address, texts)),
    '---',
    `[The recap online](${destination(publicUrl(jam.href, address))}). The full transcript, ${jam.stats.messages} messages from ${jam.stats.participants} participants: [read it](${destination(publicUrl(jam.transcriptHref, address))}).`,
  ];
  return stripXmlIllegal(`${out.filter((s) => s !== '').join('\n\n')}\n`);
}
