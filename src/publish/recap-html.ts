/**
 * `<slug>-recap.html`: the recap itself (the editor's introduction and
 * summaries with their quotes) as one self-contained page to keep, read
 * offline, print or forward. Like the transcript's `<slug>.html`
 * (downloads/html.ts): no script, nothing loaded from anywhere (inline CSS
 * only; pictures are labelled links), and the same strict
 * Content-Security-Policy meta. Links to the site are public: absolute
 * with --base-url, else root-relative (they then work only on the site).
 */
import { escapeHtml } from '../model/html.ts';
import { stripXmlIllegal } from '../model/xml-chars.ts';
import { standaloneHead } from '../downloads/html.ts';
import { publicHtml, questionHeading, recapBodyHtml } from './recap-content.ts';
import type { JamView } from './site-view.ts';
import { publicUrl, type PublicAddress } from './urls.ts';

export const RECAP_HTML_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #5f6368; --line: #dde1e6; --accent: #0b57d0; --quote: #f3f6fb; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #16181c; --muted: #a0a4aa; --line: #33373d; --accent: #8ab4f8; --quote: #1f242b; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid var(--line); }
.meta, footer { color: var(--muted); }
a { color: var(--accent); }
nav ol { padding-left: 1.25rem; }
blockquote { margin: 1rem 0; padding: .5rem .75rem; background: var(--quote); border-left: 3px solid var(--accent); overflow-wrap: anywhere; }
blockquote p { margin: .25rem 0; }
blockquote p:first-child { white-space: pre-wrap; }
footer { font-size: .85rem; border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
@media print {
  :root { --fg: #000; --bg: #fff; --muted: #444; --line: #bbb; --accent: #000; --quote: #f2f2f2; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; }
  blockquote { break-inside: avoid; }
}
`.trim();

/** "date · #hashtag · hosted by @a, @b" as HTML. */
export function recapMetaHtml(jam: JamView): string {
  const hosts = jam.hosts.map((h) => `@${escapeHtml(h.handle)}`).join(', ');
  return `${escapeHtml(jam.dateLabel)} · #${escapeHtml(jam.hashtag)}${hosts ? ` · hosted by ${hosts}` : ''}`;
}

export function renderRecapHtml(jam: JamView, address: PublicAddress, lang = 'en'): string {
  const title = stripXmlIllegal(jam.title.trim()) || 'Recap';
  const toc = jam.questionSummaries.map((q) => `<li><a href="#${escapeHtml(q.anchor)}">${escapeHtml(questionHeading(q))}</a></li>`);
  const url = (u: string) => escapeHtml(publicUrl(u, address));
  const keep = jam.downloads.find((d) => d.name === `${jam.slug}.html`);
  return [
    ...standaloneHead(lang, title, RECAP_HTML_CSS),
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${stripXmlIllegal(recapMetaHtml(jam))}</p>`,
    '</header>',
    ...(toc.length > 1 ? ['<nav aria-label="Questions">', '<ol>', ...toc, '</ol>', '</nav>'] : []),
    '<main>',
    publicHtml(recapBodyHtml(jam, true), jam, address).trimEnd(),
    '</main>',
    '<footer>',
    `<p>The recap online: <a href="${url(jam.href)}">${url(jam.href)}</a>. The full transcript, ${jam.stats.messages} messages from ${jam.stats.participants} participants: <a href="${url(jam.transcriptHref)}">online</a>${keep ? ` or <a href="${url(keep.href)}">as a page to keep</a>` : ''}.</p>`,
    '</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
