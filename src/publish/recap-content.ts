/**
 * The recap as one piece of HTML, for reading away from its page: the
 * introduction, then each question's heading, summary and quotes, then
 * where to read every answer. The recap downloads (recap-html.ts) and the
 * CMS exports (wxr.ts, ghost.ts) all carry this same body; the CMS posts
 * add the list of downloads (`downloadsHtml`).
 *
 * Everything from the notes is the notes' rendered Markdown (raw HTML
 * escaped by the renderer) and every message is its escaped `textHtml`;
 * all other text goes through escapeHtml. Links are the site's
 * root-relative ones until `publicHtml` makes them public (prefixed,
 * absolute with --base-url) and drops the characters XML forbids.
 */
import { escapeHtml } from '../model/html.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import type { DownloadView, JamView, QuestionSummary, QuoteView, RecapBlock } from './site-view.ts';
import { publicUrl, rebaseHtml, type PublicAddress } from './urls.ts';

/** "@handle" linked to the person's page when they have one. */
function authorHtml(q: QuoteView): string {
  const m = q.message;
  const at = `@${escapeHtml(m.handle)}`;
  return m.personHref ? `<a href="${escapeHtml(m.personHref)}">${at}</a>` : at;
}

/** Pictures and videos of a quoted message as labelled links to where they are on the web. */
function attachmentsHtml(q: QuoteView): string {
  const links = q.message.attachments.filter((a) => a.href).map((a) => `<a href="${escapeHtml(a.href)}">${escapeHtml(a.label)}</a>`);
  return links.length ? `<p>${links.join(' · ')}</p>` : '';
}

/** A quoted message: its text, then who said it and when (linking to the transcript). */
export function quoteHtml(q: QuoteView): string {
  const m = q.message;
  return (
    `<blockquote><p>${m.textHtml}</p>${attachmentsHtml(q)}` +
    `<p>— ${authorHtml(q)}, <a href="${escapeHtml(m.href)}">${escapeHtml(m.timeLabel)}</a></p></blockquote>\n`
  );
}

export function blockHtml(b: RecapBlock): string {
  return b.html !== undefined ? b.html : quoteHtml(b.quote);
}

function answersLine(jam: JamView, q: QuestionSummary): string {
  const n = q.answerCount;
  if (!n) return '';
  const where = q.transcriptHref ?? jam.transcriptHref;
  return `<p><a href="${escapeHtml(where)}">${n === 1 ? 'The one answer' : `All ${n} answers`} to ${escapeHtml(q.id)} in the transcript</a></p>\n`;
}

/** The heading of a question's section: "Q1 · title". */
export function questionHeading(q: Pick<QuestionSummary, 'id' | 'title'>): string {
  return `${q.id} · ${q.title}`;
}

/** One question's section; `anchors` gives each heading its id (`q1`), as on the recap page. */
export function questionHtml(jam: JamView, q: QuestionSummary, anchors: boolean): string {
  const id = anchors ? ` id="${escapeHtml(q.anchor)}"` : '';
  return [
    `<h2${id}>${escapeHtml(questionHeading(q))}</h2>\n`,
    q.text && q.text !== q.title ? `<p><em>${escapeHtml(q.text)}</em></p>\n` : '',
    ...q.blocks.map(blockHtml),
    answersLine(jam, q),
  ].join('');
}

/** The recap's body with the site's root-relative links. */
export function recapBodyHtml(jam: JamView, anchors = false): string {
  return [...jam.introBlocks.map(blockHtml), ...jam.questionSummaries.map((q) => questionHtml(jam, q, anchors))].join('');
}

/** The downloads as a list of links, each with what it is for. */
export function downloadsHtml(jam: JamView, recapFiles: DownloadView[]): string {
  const item = (d: DownloadView) => `<li><a href="${escapeHtml(d.href)}">${escapeHtml(d.name)}</a> · ${escapeHtml(d.label)} · ${escapeHtml(d.size)}</li>\n`;
  return [
    '<h2>Downloads</h2>\n',
    ...(recapFiles.length ? ['<p>This recap:</p>\n<ul>\n', ...recapFiles.map(item), '</ul>\n'] : []),
    `<p>The full transcript, ${jam.stats.messages} messages from ${jam.stats.participants} participants (<a href="${escapeHtml(jam.transcriptHref)}">read it online</a>):</p>\n<ul>\n`,
    ...jam.downloads.map(item),
    '</ul>\n',
  ].join('');
}

/** `html` written on the jam's recap page, as readers elsewhere reach it: public links, no XML-illegal character. */
export function publicHtml(html: string, jam: JamView, address: PublicAddress): string {
  return stripXmlIllegal(rebaseHtml(html, jam.href, (u) => publicUrl(u, address)));
}
