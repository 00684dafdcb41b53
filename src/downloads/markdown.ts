/**
 * `<slug>.md`: the transcript as Markdown, one list item per message under
 * question headings. Chat text is escaped so that no message turns into
 * markup in any CommonMark/GFM renderer, even one that allows raw HTML: a
 * tweet reading "# heading", "<script>", "[x](javascript:..)" or "*" shows
 * as exactly those characters. A message's pictures and videos follow it
 * as a nested list of labelled links (`[Image: alt](url)`).
 */
import type { Message, Transcript } from '../model/transcript.ts';
import { safeHttpUrl, withoutSentenceEnd } from '../model/entities.ts';
import { attachmentLines, oneLine, transcriptLayout, type LocalTime, type TranscriptLayout } from './layout.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

// Characters that start inline markup anywhere in a line: escapes, code,
// emphasis, links/images, autolinks/raw HTML, GFM strikethrough, tables, math.
const INLINE = /[\\`*_[\]<>~|$]/g;
// "&name;" / "&#123;" would be decoded as a character reference.
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
// Block markers at the start of a line: headings, list items, setext
// underlines, block quotes (">" is already escaped inline), ordered lists.
const LINE_START = /^(\s*)([#+=-])/;
const ORDERED = /^(\s*\d+)([.)])/;

function escapePlain(text: string): string {
  return text.replace(INLINE, '\\$&').replace(ENTITY, '\\&');
}

// http(s) URLs in chat text, as src/model/entities.ts finds them.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Escapes plain text for use inside a Markdown paragraph or list item
 * (single line). http(s) URLs become autolinks (`<https://...>`): escaping
 * their "_" or "&" would change the link that GFM/linkify renderers make of
 * them, and inside an autolink nothing is markup. The rendered text is the
 * same either way.
 */
export function escapeMarkdownLine(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_IN_TEXT)) {
    const url = withoutSentenceEnd(m[0]);
    if (/[\u0000-\u001f\u007f]/.test(url) || !safeHttpUrl(url)) continue;
    out += escapePlain(line.slice(last, m.index)) + `<${url}>`;
    last = m.index! + url.length;
  }
  out += escapePlain(line.slice(last));
  return out.replace(LINE_START, '$1\\$2').replace(ORDERED, '$1\\$2');
}

/**
 * Escapes multi-line plain text for a list item: lines are joined with a
 * hard line break (backslash + newline) and indented to stay in the item.
 */
export function escapeMarkdown(text: string, indent = '  '): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(escapeMarkdownLine)
    .join(`\\\n${indent}`);
}

/** A link destination in <...> form: the URL is normalized http(s), so only these three need encoding. */
function destination(url: string): string {
  return `<${url.replace(/[<>\\]/g, (c) => encodeURIComponent(c))}>`;
}

function item(m: Message, lt: LocalTime): string {
  const when = lt.clock;
  const name = m.author.name && m.author.name.toLowerCase() !== m.author.handle.toLowerCase() ? ` (${escapeMarkdownLine(oneLine(m.author.name))})` : '';
  const url = safeHttpUrl(m.url);
  const link = url ? ` ([original](${destination(url)}))` : '';
  const media = attachmentLines(m).map((a) => `\n  - ${a.url ? `[${escapePlain(a.label)}](${destination(a.url)})` : escapeMarkdownLine(a.label)}`);
  return `- ${when} **@${escapeMarkdownLine(oneLine(m.author.handle))}**${name}: ${escapeMarkdown(m.text)}${link}${media.join('')}`;
}

/** `layout` is the transcript's (transcriptLayout), when the caller already has it. */
export function renderMarkdown(t: Transcript, ctx: Pick<DownloadContext, 'slug' | 'title' | 'timezone' | 'questionTexts'>, layout: TranscriptLayout = transcriptLayout(t, ctx)): DownloadFile {
  const { zone, sections } = layout;
  const out: string[] = [];
  out.push(`# ${escapeMarkdownLine(oneLine(ctx.title)) || 'Transcript'}`, '');
  // The zone is a valid IANA name (letters, digits, "/_+-"): a code span needs no escaping.
  out.push(`${t.messages.length} messages from ${t.participants.length} participants. Times are \`${zone}\`.`, '');
  for (const section of sections) {
    out.push(`## ${escapeMarkdownLine(section.heading)}`, '');
    if (!section.count) out.push('_No messages._', '');
    for (const day of section.days) {
      out.push(`_${escapeMarkdownLine(day.label)}_`, '');
      for (const m of day.messages) out.push(item(m, layout.time(m)));
      out.push('');
    }
  }
  return { name: `${ctx.slug}.md`, bytes: utf8(out.join('\n')), mediaType: 'text/markdown; charset=utf-8' };
}
