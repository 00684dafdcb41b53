/**
 * Relative links, for a site read from disk (`build --relative`, and each
 * jam's `<slug>-site.zip`): a browser opening `file:///…/index.html`
 * resolves `/jams/x/` against the disk's root and never turns a folder
 * into its `index.html`, so every URL a page writes to the site's own
 * pages and files becomes relative to that page, and a folder URL ends in
 * `index.html`. Links to other sites, other schemes (`mailto:`) and
 * fragments of the same page (`#q1`) stay as they are.
 *
 * `rewriteHtmlUrls` changes the URL attributes of a whole HTML page in
 * place (htmlparser2's tokenizer, as the importers load it: import/html-parser.ts,
 * finds them; only those attributes are written again, the rest of the page
 * keeps its bytes).
 */
import { htmlParser } from '../import/html-parser.ts';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const ORIGIN = 'http://site.invalid';

/** A URL of the site's own (root-relative or relative, not `#frag` alone, not another scheme or host). */
export function isSiteUrl(url: string): boolean {
  const u = url.trim();
  return u !== '' && !u.startsWith('#') && !u.startsWith('?') && !SCHEME.test(u) && !u.startsWith('//');
}

/**
 * The site path a URL on the page at `pageUrl` (root-relative) leads to:
 * `{ path, rest }` with `path` root-relative and percent-encoded (a folder
 * ends in `/`) and `rest` its query and fragment; null for a URL that is
 * not the site's own (isSiteUrl) or not a URL at all.
 */
export function sitePath(url: string, pageUrl: string): { path: string; rest: string } | null {
  if (!isSiteUrl(url)) return null;
  // Most URLs are root-relative and plain (what the model writes): what URL parsing would give, without it.
  const plain = PLAIN_ROOT_RELATIVE.exec(url);
  if (plain && !/%2e/i.test(plain[1])) return { path: plain[1], rest: plain[2] };
  let u: URL;
  try {
    u = new URL(url.trim(), ORIGIN + pageUrl);
  } catch {
    return null;
  }
  if (u.origin !== ORIGIN) return null;
  return { path: u.pathname, rest: u.search + u.hash };
}

/**
 * A root-relative URL that URL parsing leaves as it is: no `//`, no dot
 * segment, only characters it keeps unencoded (path; then query and
 * fragment).
 */
const PLAIN_ROOT_RELATIVE = /^(\/(?:[A-Za-z0-9_~!$&'()*+,;=:@%-][A-Za-z0-9._~!$&'()*+,;=:@%-]*\/?)*)((?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?(?:#[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?)$/;

/** `/jams/x/` -> `/jams/x/index.html`: a browser reading files opens no folder. */
export const fileOf = (path: string): string => (path.endsWith('/') ? `${path}index.html` : path);

/** The other way: an output file (`jams/x/index.html`, relative to the site) -> its page's URL (`/jams/x/`). */
export const urlOfFile = (file: string): string => `/${file.replace(/(^|\/)index\.html$/, '$1')}`;

/** The relative path from the folder of the page at `fromPath` to `toPath` (both root-relative). */
export function relativePath(fromPath: string, toPath: string): string {
  const from = fromPath.split('/').slice(1, -1);
  const to = toPath.split('/').slice(1);
  let same = 0;
  while (same < from.length && same < to.length - 1 && from[same] === to[same]) same++;
  return [...from.slice(same).map(() => '..'), ...to.slice(same)].join('/');
}

/**
 * `url`, written on the page at `pageUrl` (both root-relative, as the
 * site's model writes them, or both with the same path prefix), relative
 * to that page: `/jams/x/` on `/jams/y/transcript/` -> `../../x/index.html`;
 * `/assets/site.css` on `/` -> `assets/site.css`. Query and fragment kept;
 * anything not the site's own is returned unchanged.
 */
export function relativeUrl(url: string, pageUrl: string): string {
  const target = sitePath(url, pageUrl);
  if (!target) return url;
  return relativePath(fileOf(pageUrl), fileOf(target.path)) + target.rest;
}

/** The URL attributes of the HTML the site writes, by element. */
export const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  script: ['src'],
  iframe: ['src'],
  form: ['action'],
  blockquote: ['cite'],
  q: ['cite'],
  audio: ['src'],
  video: ['src', 'poster'],
  track: ['src'],
  embed: ['src'],
  object: ['data'],
  input: ['src', 'formaction'],
  button: ['formaction'],
};

/** What a rewrite does with one URL: a new value, `null` to drop the attribute, or the same value. */
export type UrlRewrite = (url: string, tag: string, attribute: string) => string | null;

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Each URL of a `srcset` (comma-separated `url [descriptor]`) through `one`. */
function rewriteSrcset(value: string, one: (url: string) => string | null): string {
  return value
    .split(',')
    .map((part) => {
      const m = /^(\s*)(\S+)(.*)$/s.exec(part);
      if (!m) return part;
      return `${m[1]}${one(m[2]) ?? m[2]}${m[3]}`;
    })
    .join(',');
}

/**
 * Rewrite every URL attribute of an HTML page (URL_ATTRIBUTES) through
 * `rewrite`. Only the changed attributes are written again (double-quoted,
 * escaped); a dropped one is removed, and a `<link>` whose `href` is
 * dropped goes whole (it is nothing without it). The page is unchanged (the same
 * string) when nothing changes. htmlparser2's tokenizer alone (no tree, no
 * element stack: about half the parser's time) finds the attributes, with
 * their places; it knows script, style and comments, whose text holds none.
 */
export function rewriteHtmlUrls(html: string, rewrite: UrlRewrite): string {
  const edits: { from: number; to: number; text: string }[] = [];
  let urlAttributes: readonly string[] | undefined;
  let tag = '';
  let name = '';
  let nameStart = -1;
  let value = '';
  let tagStart = 0;
  let tagEdits = 0;
  let dropTag = false;
  const none = () => {};
  /** The end of a start tag (endIndex: its `>`): a dropped element replaces its attributes' edits, with the line it leaves empty. */
  const endTag = (endIndex: number) => {
    if (!dropTag) return;
    edits.length = tagEdits;
    const to = html[endIndex + 1] === '\n' && (tagStart === 0 || html[tagStart - 1] === '\n') ? endIndex + 2 : endIndex + 1;
    edits.push({ from: tagStart, to, text: '' });
    dropTag = false;
  };
  const { QuoteType, Tokenizer } = htmlParser;
  const tokenizer = new Tokenizer({ decodeEntities: true }, {
    onopentagname(start, end) {
      tag = html.slice(start, end).toLowerCase();
      urlAttributes = URL_ATTRIBUTES[tag];
      tagStart = start - 1;
      tagEdits = edits.length;
      dropTag = false;
    },
    onattribname(start, end) {
      name = urlAttributes ? html.slice(start, end).toLowerCase() : '';
      nameStart = start;
      value = '';
    },
    onattribdata(start, end) {
      if (name) value += html.slice(start, end);
    },
    onattribentity(codepoint) {
      if (name) value += String.fromCodePoint(codepoint);
    },
    onattribend(quote, endIndex) {
      if (!name || quote === QuoteType.NoValue || !urlAttributes!.includes(name)) return;
      const next = name === 'srcset' ? rewriteSrcset(value, (u) => rewrite(u, tag, name)) : rewrite(value, tag, name);
      if (next === value) return;
      // The attribute from its name to its end (endIndex: just after its closing quote or unquoted value).
      if (next === null && tag === 'link' && name === 'href') dropTag = true;
      const from = next === null && /\s/.test(html[nameStart - 1] ?? '') ? nameStart - 1 : nameStart;
      edits.push({ from, to: endIndex, text: next === null ? '' : `${name}="${escapeAttribute(next)}"` });
    },
    onopentagend: endTag,
    onselfclosingtag: endTag,
    onclosetag: none,
    ontext: none,
    ontextentity: none,
    oncdata: none,
    oncomment: none,
    ondeclaration: none,
    onprocessinginstruction: none,
    onend: none,
  });
  tokenizer.write(html);
  tokenizer.end();
  if (!edits.length) return html;
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += html.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + html.slice(at);
}
