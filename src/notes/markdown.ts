/**
 * The one Markdown renderer for editors' notes, shared by the recap model
 * and by Eleventy (`setLibrary('md', ...)`) so both treat notes the same way:
 *
 * - raw HTML is escaped, never passed through (`html: false`): notes are
 *   typed by people and pasted from elsewhere, and the site must not run or
 *   load anything they did not mean to publish;
 * - links only to http, https, mailto or plain relative paths (markdown-it's
 *   own check lets through schemes such as `ftp:` or odd `data:` images);
 * - no images: a remote image is a request to another origin on every view.
 */
import markdownIt, { type MarkdownIt } from 'markdown-it';
import { safeHref } from '../model/html.ts';

export function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, typographer: false });
  md.disable('image');
  md.validateLink = (url: string) => safeHref(url, { allowRelative: true }) !== null || /^[\w.-]+(?:\/[^\s\\]*)?$/.test(url);
  // Links that leave the site get the same rel as links in chat text.
  const defaultOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = String(tokens[idx].attrGet('href') ?? '');
    // Protocol-relative "//host/x" leaves the site too: write it out as https.
    if (href.startsWith('//')) tokens[idx].attrSet('href', `https:${href}`);
    if (/^(?:https?|mailto):|^\/\//i.test(href)) tokens[idx].attrSet('rel', 'nofollow noopener');
    return defaultOpen(tokens, idx, options, env, self);
  };
  return md;
}

let shared: MarkdownIt | undefined;

/** Markdown to HTML with the rules above. */
export function renderMarkdown(source: string): string {
  shared ??= createMarkdown();
  return shared.render(source);
}

/** The first paragraph of rendered HTML (for the home page's teaser), or ''. */
export function firstParagraph(html: string): string {
  const m = /<p>[\s\S]*?<\/p>/.exec(html);
  return m ? m[0] : '';
}
