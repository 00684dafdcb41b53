/**
 * The markup of messages on the site's pages, written in TypeScript: the
 * same bytes as the macros of theme/_includes/macros.njk (`article`,
 * `compact`, `quote`, `block`, `attachments`), which run once per message
 * of a page (thousands) and cost far more as Nunjucks macro calls than as
 * string concatenation. The shipped pages print whole lists through the
 * filters site/eleventy.ts registers (`messageArticles`, `messageCompacts`,
 * `recapBlocks`); the macros stay for themes that call them, and
 * test/message-markup.test.ts holds the two to the same output.
 *
 * Every value is escaped as Nunjucks autoescape does (`escapeLikeNunjucks`);
 * `textHtml` and a block's `html` are already safe HTML and printed as is.
 */
import type { AttachmentView, MessageView, QuoteView, RecapBlock } from './site-view.ts';
import type { AvatarView } from './avatars.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '\\': '&#92;' };
const ESCAPED = /[&"'<>\\]/g;
const NEEDS_ESCAPE = /[&"'<>\\]/;

/**
 * A value as `{{ value }}` prints it with autoescape on (nunjucks
 * runtime.suppressValue and lib.escape): null and undefined as '', anything
 * else by its `toString()`, with & " ' < > and backslash escaped.
 */
export function escapeLikeNunjucks(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String((value as { toString(): string }).toString());
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (ch) => ESCAPES[ch]) : text;
}

/** `| safe`: null and undefined as '', anything else by its `toString()`, not escaped. */
function safe(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

const e = escapeLikeNunjucks;

/**
 * A generated avatar (publish/avatars.ts) followed by a space, '' without
 * one: the initials in a circle of their colour, sized by site.css (28 px,
 * `small` 20 px for a one-line message), hidden from screen readers (the
 * name is beside it); or the author's saved picture (`src`), sized the same,
 * lazy and with an empty alt (the name is beside it). The `avatar` macro.
 */
export function avatarMarkup(a: AvatarView | null | undefined, small: unknown = false): string {
  if (!a) return '';
  if (a.src) {
    const px = small ? 20 : 28;
    return `<img class="avatar${small ? ' small' : ''}" src="${e(a.src)}" width="${px}" height="${px}" alt="" loading="lazy"> `;
  }
  return `<span class="avatar${small ? ' small' : ''} t${e(a.tone)}" aria-hidden="true">${e(a.initials)}</span> `;
}

/** The author link (or span, when they have no person page) and their name when it differs from the handle: the `author` macro. */
export function authorMarkup(m: MessageView): string {
  const who = m.personHref ? `<a class="author" href="${e(m.personHref)}">@${e(m.handle)}</a>` : `<span class="author">@${e(m.handle)}</span>`;
  return m.name && m.name !== m.handle ? `${who} <span class="name">${e(m.name)}</span>` : who;
}

/** The `<time>` of a message: the `when` macro. */
export function timeMarkup(m: MessageView): string {
  return `<time datetime="${e(m.time)}" title="${e(m.timeTitle)}">${e(m.timeLabel)}</time>`;
}

/** One picture or video: the site's copy, else a labelled link, else the label. */
function attachmentMarkup(a: AttachmentView): string {
  let inner: string;
  if (a.src) inner = `<img src="${e(a.src)}" alt="${e(a.alt)}"${a.width ? ` width="${e(a.width)}" height="${e(a.height)}"` : ''} loading="lazy" decoding="async">`;
  else if (a.href) inner = `<a href="${e(a.href)}" rel="nofollow ugc noopener">${e(a.label)}</a>`;
  else inner = `<span>${e(a.label)}</span>`;
  return `<li class="attachment" data-kind="${e(a.kind)}">${inner}</li>`;
}

/** A message's pictures and videos as a list ('' when it has none): the `attachments` macro. */
export function attachmentsMarkup(m: MessageView): string {
  if (!m.attachments.length) return '';
  let items = '';
  for (const a of m.attachments) items += attachmentMarkup(a);
  return `<ul class="attachments">${items}</ul>\n`;
}

/** The footer links of a transcript message: what it replies to, the original post (named by its site, and described in full for screen readers), where the recap quotes it. */
function articleFooter(m: MessageView): string {
  let out = '';
  if (m.replyTo && !hasReplyContext(m)) {
    out += m.replyTo.href ? `<a class="reply-to" href="${e(m.replyTo.href)}">in reply to @${e(m.replyTo.handle)}</a>` : '<span class="reply-to">in reply</span>';
    out += ' ';
  }
  if (m.url) out += `<a class="original" href="${e(m.url)}" rel="nofollow ugc noopener" aria-label="@${e(m.handle)}'s post of ${e(m.timeTitle)}, ${e(m.urlSite)}">${e(m.urlSite)}</a>`;
  if (m.quotedHref) out += ` <a class="quoted-in" href="${e(m.quotedHref)}">quoted in the recap</a>`;
  return out;
}

/** Whether the message replied to is shown above the reply (it is on the site, and its text is known). */
function hasReplyContext(m: MessageView): boolean {
  return !!(m.replyTo && m.replyTo.href && m.replyTo.excerpt);
}

/** The message replied to, shortened, above the reply's text, linked to where it is ('' when not shown). */
export function replyContextMarkup(m: MessageView): string {
  if (!hasReplyContext(m)) return '';
  const r = m.replyTo!;
  return `<p class="reply-context"><a class="reply-to" href="${e(r.href)}">In reply to @${e(r.handle)}</a>: <span class="excerpt">${e(r.excerpt)}</span></p>\n`;
}

/** A message on its transcript page: the `article` macro. */
export function messageArticle(m: MessageView): string {
  const classes = `message${m.asks ? ' asks' : ''}${m.quotedHref ? ' featured' : ''}`;
  const question = m.questionHref ? ` <a class="q" href="${e(m.questionHref)}">${e(m.question)}</a>` : '';
  return (
    `<article class="${classes}" id="${e(m.anchor)}" data-message-id="${e(m.id)}" data-question="${e(m.question)}" data-author="${e(m.handle)}">\n` +
    `<header>${avatarMarkup(m.avatar)}${authorMarkup(m)} <a class="self" href="#${e(m.anchor)}">${timeMarkup(m)}</a>${question}</header>\n` +
    replyContextMarkup(m) +
    `<p class="text">${safe(m.textHtml)}</p>\n` +
    `${attachmentsMarkup(m)}<footer>${articleFooter(m)}</footer>\n` +
    '</article>\n'
  );
}

/** One line of a list of messages (a recap's answers, a person's messages): the `compact` macro. */
export function messageCompact(m: MessageView, showAuthor: unknown = true): string {
  return (
    `<li class="message" data-message-id="${e(m.id)}" data-question="${e(m.question)}" data-author="${e(m.handle)}">` +
    `${showAuthor ? `${avatarMarkup(m.avatar, true)}${authorMarkup(m)} ` : ''}<span class="text">${safe(m.textHtml)}</span> <a class="in-transcript" href="${e(m.href)}">${timeMarkup(m)}</a></li>\n`
  );
}

/** A message the recap quotes: the `quote` macro. */
export function quoteMarkup(qv: QuoteView): string {
  const m = qv.message;
  return (
    `<blockquote class="message featured" id="${e(qv.anchor)}" data-message-id="${e(m.id)}" data-question="${e(m.question)}" data-author="${e(m.handle)}">\n` +
    `<p class="text">${safe(m.textHtml)}</p>\n` +
    `${attachmentsMarkup(m)}<footer>${avatarMarkup(m.avatar)}${authorMarkup(m)} · <a class="in-transcript" href="${e(m.href)}">${timeMarkup(m)}</a></footer>\n` +
    '</blockquote>\n'
  );
}

/** A block of a recap's text: a quote, or the notes' HTML as is: the `block` macro. */
export function blockMarkup(b: RecapBlock): string {
  return b.quote ? quoteMarkup(b.quote) : safe(b.html);
}

/**
 * Messages as a transcript page shows them, one after the other (`{% for m in list %}{{ ui.article(m) }}{% endfor %}`).
 * The lists are joined, not added up with `+=`: a string made of thousands of `+=` is a deep rope that
 * writing the page must flatten, ~3x the cost of the join (bench:site, pages alone: ~8% at 10 jams).
 */
export function messageArticles(list: readonly MessageView[] | null | undefined): string {
  return (list ?? []).map(messageArticle).join('');
}

/** Messages as one-line list items (`{% for m in list %}{{ ui.compact(m, showAuthor) }}{% endfor %}`). */
export function messageCompacts(list: readonly MessageView[] | null | undefined, showAuthor: unknown = true): string {
  return (list ?? []).map((m) => messageCompact(m, showAuthor)).join('');
}

/** A recap's blocks (`{% for b in list %}{{ ui.block(b) }}{% endfor %}`). */
export function recapBlocks(list: readonly RecapBlock[] | null | undefined): string {
  return (list ?? []).map(blockMarkup).join('');
}
