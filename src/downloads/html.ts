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
 *   <article class="message" id="m-<id>" data-message-id="<id>"
 *            data-question="Q1|none" data-author="<handle>">
 * so a reader (or a script run on a saved copy) can find messages by id,
 * question or author. data-question is the message's own question, even
 * when it is shown under another heading (see layout.ts).
 */
import type { Message, Transcript } from '../model/transcript.ts';
import { safeHttpUrl } from '../model/entities.ts';
import { anchor, escapeHtml, linkify, twitterHashtag, twitterProfile, type LinkifyOptions } from '../model/html.ts';
import { attachmentLines, transcriptLayout, type LocalTime, type Section, type TranscriptLayout } from './layout.ts';
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
article.message { padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
article.message[data-asks] { background: var(--ask); }
article.message:target { outline: 2px solid var(--accent); }
article header { font-size: .9rem; }
article time { font-variant-numeric: tabular-nums; margin-right: .4rem; }
.text { margin: .2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
ul.attachments { margin: .2rem 0; padding-left: 1.25rem; font-size: .9rem; }
footer { font-size: .8rem; }
footer a { margin-right: .75rem; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --line: #bbb; --accent: #000; --ask: #eee; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  article.message { break-inside: avoid; }
  a { text-decoration: none; }
  a.permalink::after { content: " " attr(href); word-break: break-all; }
}
`.trim();

const BCP47 = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

const TWITTER_HOSTS = /^(?:www\.|mobile\.)?(?:twitter\.com|x\.com)$/i;

/** Mentions and hashtags only link to Twitter for messages that came from Twitter. */
function linkOptions(m: Message): LinkifyOptions {
  let fromTwitter = false;
  try {
    fromTwitter = !!m.url && TWITTER_HOSTS.test(new URL(m.url).hostname);
  } catch {
    fromTwitter = false;
  }
  return fromTwitter ? { mentionHref: twitterProfile, hashtagHref: twitterHashtag } : { mentionHref: null, hashtagHref: null };
}

/** Pictures and videos as labelled links: the page stays self-contained (no image is loaded). */
function attachmentsHtml(m: Message): string[] {
  const lines = attachmentLines(m);
  if (!lines.length) return [];
  const items = lines.map((a) => `<li>${anchor(a.url, escapeHtml(a.label))}</li>`);
  return [`<ul class="attachments">${items.join('')}</ul>`];
}

function article(m: Message, lt: LocalTime, asks: Map<string, string>, byId: Map<string, Message>): string {
  const name = m.author.name && m.author.name.toLowerCase() !== m.author.handle.toLowerCase() ? ` <span class="name">${escapeHtml(m.author.name)}</span>` : '';
  const asked = asks.get(m.id);
  const attrs = [
    `class="message"`,
    `id="m-${escapeHtml(m.id)}"`,
    `data-message-id="${escapeHtml(m.id)}"`,
    `data-question="${escapeHtml(m.question ?? 'none')}"`,
    `data-author="${escapeHtml(m.author.handle)}"`,
    ...(asked ? [`data-asks="${escapeHtml(asked)}"`] : []),
  ].join(' ');
  const footer: string[] = [];
  const parent = m.replyTo ? byId.get(m.replyTo) : undefined;
  if (parent) footer.push(`<a class="reply-to" href="#m-${escapeHtml(parent.id)}">in reply to @${escapeHtml(parent.author.handle)}</a>`);
  const url = safeHttpUrl(m.url);
  if (url) footer.push(anchor(url, 'original post', { className: 'permalink' }));
  return [
    `<article ${attrs}>`,
    `<header><time datetime="${escapeHtml(m.time)}" title="${escapeHtml(lt.full)}">${escapeHtml(lt.clock)}</time> <span class="author"><strong>@${escapeHtml(m.author.handle)}</strong>${name}</span></header>`,
    `<p class="text">${linkify(m.text, linkOptions(m))}</p>`,
    ...attachmentsHtml(m),
    ...(footer.length ? [`<footer>${footer.join(' ')}</footer>`] : []),
    `</article>`,
  ].join('\n');
}

function sectionHtml(s: Section, layout: TranscriptLayout, asks: Map<string, string>, byId: Map<string, Message>): string {
  const out = [`<section class="group" id="q-${escapeHtml(s.key)}" data-question="${escapeHtml(s.key)}">`, `<h2>${escapeHtml(s.heading)}</h2>`];
  if (!s.count) out.push('<p class="meta">No messages.</p>');
  for (const day of s.days) {
    out.push(`<h3 class="day">${escapeHtml(day.label)}</h3>`);
    for (const m of day.messages) out.push(article(m, layout.time(m), asks, byId));
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

/** `layout` is the transcript's (transcriptLayout), when the caller already has it. */
export function renderHtml(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'title' | 'timezone' | 'questionTexts' | 'lang'>, layout: TranscriptLayout = transcriptLayout(t, ctx)): DownloadFile {
  const { zone, sections } = layout;
  const lang = ctx.lang ?? 'en';
  const title = ctx.title.trim() || 'Transcript';
  const byId = new Map(t.messages.map((m) => [m.id, m] as const));
  const asks = new Map(t.questions.map((q) => [q.messageId, q.id] as const));
  const toc = sections.map((s) => `<li><a href="#q-${escapeHtml(s.key)}">${escapeHtml(s.heading)}</a> <span class="count">(${s.count})</span></li>`);
  const html = [
    ...standaloneHead(lang, title, CSS),
    '<body>',
    '<header class="jam">',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${t.messages.length} messages from ${t.participants.length} participants. Times are ${escapeHtml(zone)}.</p>`,
    '</header>',
    ...(sections.length > 1 ? ['<nav aria-label="Questions">', '<ol>', ...toc, '</ol>', '</nav>'] : []),
    '<main>',
    ...sections.map((s) => sectionHtml(s, layout, asks, byId)),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { name: `${ctx.slug}.html`, bytes: utf8(html), mediaType: 'text/html; charset=utf-8' };
}
