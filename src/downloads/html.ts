/**
 * `<slug>.html`: one self-contained page to keep, read offline and print.
 *
 * No script, no external request of any kind (inline CSS only, no fonts or
 * images: a message's pictures and videos are labelled links), and a
 * Content-Security-Policy meta that forbids both even if a bug let markup
 * through. All chat text goes through escapeHtml/linkify;
 * links are http(s) only, marked rel="nofollow ugc noopener".
 *
 * Each message is
 *   <article id="m-<id>" data-question="Q1|none" data-author="<handle>">
 *   <time datetime="<UTC ISO>">5:03 PM</time> <strong>@handle</strong> <span class="name">Name</span>
 *   <p>text</p> [<ul>pictures and videos</ul>] [<footer>in reply to, original post</footer>]
 *   </article>
 * so a reader (or a script run on a saved copy) can find messages by id
 * (the anchor), question or author. data-question is the message's own
 * question, even when it is shown under another heading (see layout.ts).
 *
 * The markup is kept light for transcripts of tens of thousands of
 * messages: no wrapper element or class a stylesheet rule can do without
 * (the styles select `article > p`, `footer a`...), and articles off
 * screen are not laid out until scrolled to (`content-visibility: auto`).
 */
import type { Message, Transcript } from '../model/transcript.ts';
import { safeHttpUrl } from '../model/entities.ts';
import { anchor, escapeHtml, linkify, twitterHashtag, twitterProfile, type LinkifyOptions } from '../model/html.ts';
import { attachmentLines, localTime, transcriptLayout, type LocalTime, type Section, type TranscriptLayout } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #5f6368; --line: #dde1e6; --accent: #0b57d0; --ask: #fff7d6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #16181c; --muted: #a0a4aa; --line: #33373d; --accent: #8ab4f8; --ask: #3a3320; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
h3.day { font-size: .9rem; font-weight: 600; color: var(--muted); margin: 1rem 0 .25rem; }
.meta, .count, time, .name, footer { color: var(--muted); }
a { color: var(--accent); }
nav ol { padding-left: 1.25rem; }
main article { padding: .4rem .5rem; border-bottom: 1px solid var(--line); content-visibility: auto; contain-intrinsic-size: auto 5rem; }
article[data-asks] { background: var(--ask); }
article:target { outline: 2px solid var(--accent); }
article > time, article > strong, article > .name { font-size: .9rem; }
article > time { font-variant-numeric: tabular-nums; margin-right: .4rem; }
article > p { margin: .2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
article > ul { margin: .2rem 0; padding-left: 1.25rem; font-size: .9rem; }
footer { font-size: .8rem; }
footer a { margin-right: .75rem; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --line: #bbb; --accent: #000; --ask: #eee; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  main article { break-inside: avoid; content-visibility: visible; }
  a { text-decoration: none; }
  footer a[rel]::after { content: " " attr(href); word-break: break-all; }
}
`.trim();

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

const TWITTER_HOSTS = /^(?:www\.|mobile\.)?(?:twitter\.com|x\.com)$/i;

/**
 * Mentions and hashtags only link to Twitter for messages that came from
 * Twitter; the chat's own hashtag (`ownTag`, on nearly every message: one
 * link per message to the same page) stays text.
 */
function linkOptions(m: Message, ownTag: string): LinkifyOptions {
  let fromTwitter = false;
  try {
    fromTwitter = !!m.url && TWITTER_HOSTS.test(new URL(m.url).hostname);
  } catch {
    fromTwitter = false;
  }
  const hashtagHref = (tag: string) => (tag.toLowerCase() === ownTag ? null : twitterHashtag(tag));
  return fromTwitter ? { mentionHref: twitterProfile, hashtagHref } : { mentionHref: null, hashtagHref: null };
}

/** Pictures and videos as labelled links: the page stays self-contained (no image is loaded). */
function attachmentsHtml(m: Message): string[] {
  const lines = attachmentLines(m);
  if (!lines.length) return [];
  const items = lines.map((a) => `<li>${anchor(a.url, escapeHtml(a.label))}</li>`);
  return [`<ul>${items.join('')}</ul>`];
}

function article(m: Message, lt: LocalTime, page: PageContext): string {
  const { asks, byId, ownTag } = page;
  const name = m.author.name && m.author.name.toLowerCase() !== m.author.handle.toLowerCase() ? ` <span class="name">${escapeHtml(m.author.name)}</span>` : '';
  const asked = asks.get(m.id);
  const attrs = [
    `id="m-${escapeHtml(m.id)}"`,
    `data-question="${escapeHtml(m.question ?? 'none')}"`,
    `data-author="${escapeHtml(m.author.handle)}"`,
    ...(asked ? [`data-asks="${escapeHtml(asked)}"`] : []),
  ].join(' ');
  const footer: string[] = [];
  const parent = m.replyTo ? byId.get(m.replyTo) : undefined;
  if (parent) footer.push(`<a href="#m-${escapeHtml(parent.id)}">in reply to @${escapeHtml(parent.author.handle)}</a>`);
  const url = safeHttpUrl(m.url);
  if (url) footer.push(anchor(url, 'original post'));
  return [
    `<article ${attrs}><time datetime="${escapeHtml(m.time)}">${escapeHtml(lt.localeClock)}</time> <strong>@${escapeHtml(m.author.handle)}</strong>${name}`,
    `<p>${linkify(m.text, linkOptions(m, ownTag))}</p>${attachmentsHtml(m).join('')}${footer.length ? `<footer>${footer.join(' ')}</footer>` : ''}</article>`,
  ].join('\n');
}

/** What every article of the page needs: which message asks which question, messages by id, the chat's hashtag (lower case). */
interface PageContext {
  asks: Map<string, string>;
  byId: Map<string, Message>;
  ownTag: string;
}

function sectionHtml(s: Section, layout: TranscriptLayout, page: PageContext): string {
  const out = [`<section class="group" id="q-${escapeHtml(s.key)}" data-question="${escapeHtml(s.key)}">`, `<h2>${escapeHtml(s.heading)}</h2>`];
  if (!s.count) out.push('<p class="meta">No messages.</p>');
  for (const day of s.days) {
    out.push(`<h3 class="day">${escapeHtml(day.label)}</h3>`);
    for (const m of day.messages) out.push(article(m, layout.time(m), page));
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * The head of a standalone HTML file (a download opened from disk): the
 * language (a BCP 47 tag, else "en"), the strict CSP (inline styles only,
 * no scripts, nothing fetched), no referrer, and the inline stylesheet.
 */
export function standaloneHead(lang: string, title: string, css: string): string[] {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(BCP47.test(lang) ? lang : 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    // A constant with no '"' or '&': written as is, so it reads (and greps) plainly.
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${css}\n</style>`,
    '</head>',
  ];
}

/**
 * The header's lines about the chat: its day (in the jam's zone, from its
 * start or first message), hashtag and hosts; and the online recap's
 * address when there is one (http(s) only).
 */
function aboutLines(t: Transcript, layout: TranscriptLayout, recapUrl: string | undefined): string[] {
  const first = t.jam.start ? { time: t.jam.start, timePrecision: 'second' as const } : t.messages[0];
  const facts: string[] = [];
  if (first) facts.push(escapeHtml(localTime(first, layout.zone).dayLabel));
  if (t.jam.hashtag) facts.push(escapeHtml(`#${t.jam.hashtag.replace(/^#/, '')}`));
  if (t.jam.hosts.length) facts.push(`hosted by ${t.jam.hosts.map((h) => escapeHtml(`@${h}`)).join(', ')}`);
  const lines = facts.length ? [`<p class="meta">${facts.join(' · ')}</p>`] : [];
  const online = safeHttpUrl(recapUrl);
  if (online) lines.push(`<p class="meta">Online recap: ${anchor(online, escapeHtml(online))}</p>`);
  return lines;
}

/** "17 answers" for a question (as the recap counts them: not its asking message), "12 messages" for the others. */
function sectionCount(s: Section): string {
  return s.answers === null ? `${s.count} ${s.count === 1 ? 'message' : 'messages'}` : `${s.answers} ${s.answers === 1 ? 'answer' : 'answers'}`;
}

/** `layout` is the transcript's (transcriptLayout), when the caller already has it. */
export function renderHtml(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'title' | 'timezone' | 'questionTexts' | 'lang' | 'recapUrl'>, layout: TranscriptLayout = transcriptLayout(t, ctx)): DownloadFile {
  const { zone, sections } = layout;
  const lang = ctx.lang ?? 'en';
  const title = ctx.title.trim() || 'Transcript';
  const byId = new Map(t.messages.map((m) => [m.id, m] as const));
  const asks = new Map(t.questions.map((q) => [q.messageId, q.id] as const));
  const page: PageContext = { asks, byId, ownTag: (t.jam.hashtag ?? '').replace(/^#/, '').toLowerCase() };
  const toc = sections.map((s) => `<li><a href="#q-${escapeHtml(s.key)}">${escapeHtml(s.heading)}</a> <span class="count">(${sectionCount(s)})</span></li>`);
  const html = [
    ...standaloneHead(lang, title, CSS),
    '<body>',
    '<header class="jam">',
    `<h1>${escapeHtml(title)}</h1>`,
    ...aboutLines(t, layout, ctx.recapUrl),
    `<p class="meta">${t.messages.length} messages from ${t.participants.length} participants. Times are ${escapeHtml(zone)}.</p>`,
    '</header>',
    ...(sections.length > 1 ? ['<nav aria-label="Questions">', '<ol>', ...toc, '</ol>', '</nav>'] : []),
    '<main>',
    ...sections.map((s) => sectionHtml(s, layout, page)),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { name: `${ctx.slug}.html`, bytes: utf8(html), mediaType: 'text/html; charset=utf-8' };
}
