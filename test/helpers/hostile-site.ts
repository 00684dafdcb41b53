/**
 * A content folder full of attacks, for the browser tests: two jams whose
 * TweetChat room exports (the corpus page's markup, as bench/tweetchat-page.ts
 * writes it) carry the public XSS collections in ../shared/corpus/hostile/
 * (the DOMPurify fixtures, the html5sec vectors, a sample of the Big List of
 * Naughty Strings) as
 *
 * - message text, twice: entity-escaped (the text a reader must see, as
 *   text) and as raw markup inside `span.text` (which must become text only);
 * - author handles (`a.user` text) and display names (its `title`);
 * - hashtags and link targets (`a.link`/`a.hashtag` hrefs, permalinks,
 *   in-reply-to links);
 *
 * and whose `recap.md` notes carry hostile titles, question texts, headings,
 * summaries (raw HTML, `javascript:` links, images from other origins,
 * template syntax) and quotes of hostile messages. Front matter is written
 * with the `yaml` package, so it is valid YAML whatever the strings hold.
 *
 * The site's own templates (layouts, pages, data) are copied from the
 * repository's content folder: only the jams differ from the example site.
 * Sizes are bounded (about 1,000 messages in all) so a build stays quick.
 */
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { escapeHtml } from '../../src/model/html.ts';
import { handleKey } from '../../src/model/transcript.ts';
import { handleProblem } from '../../src/model/entities.ts';
import { personSlug } from '../../src/site/slug.ts';
import { corpusPath, ROOT } from './corpus.ts';

export const HOSTILE_FILES = ['hostile/dompurify-expect.mjs', 'hostile/html5sec-vectors.txt', 'hostile/blns.json'];

export interface HostileCollections {
  /** DOMPurify `expect.mjs` payloads (223). */
  dompurify: string[];
  /** html5sec vectors without their shared `//["'`-->]]>]` trailer (139). */
  html5sec: string[];
  /** The Big List of Naughty Strings (515). */
  blns: string[];
}

/** The html5sec trailer every vector ends with, meant to close whatever the vector left open. */
export const HTML5SEC_TRAILER = `//["'\`-->]]>]`;

export async function loadHostileCollections(): Promise<HostileCollections> {
  const mod = (await import(pathToFileURL(corpusPath('hostile/dompurify-expect.mjs')).href)) as { default: { payload: string }[] };
  const dompurify = mod.default.map((c) => c.payload);
  const vectorsText = readFileSync(corpusPath('hostile/html5sec-vectors.txt'), 'utf8');
  const html5sec = [...vectorsText.matchAll(/<div id="(\d+)">([\s\S]*?)\/\/\["'`-->\]\]>\]<\/div>/g)].map((m) => m[2]);
  const blns = JSON.parse(readFileSync(corpusPath('hostile/blns.json'), 'utf8')) as string[];
  return { dompurify, html5sec, blns };
}

// ---------------------------------------------------------------------------
// The TweetChat room page

interface Row {
  id: string;
  /** `a.user` content: text to escape, or markup when `userRaw`. */
  user: string;
  userRaw?: boolean;
  /** Display name (`a.user[title]`). */
  name: string;
  /** `span.text` content, already HTML. */
  bodyHtml: string;
  time: Date;
  /** `a.time[href]` (the permalink). */
  permalink: string;
  /** `a.in-reply-to[href]`, when the row replies. */
  replyHref?: string;
  highlight?: boolean;
}

/** Twitter's created_at form, as TweetChat's `a.time[title]` holds it. */
function createdAt(t: Date): string {
  return t.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4');
}

/** The corpus page's markup (see bench/tweetchat-page.ts), UTF-8, newest first. */
function roomPage(tag: string, rows: Row[]): string {
  const newestFirst = [...rows].sort((a, b) => b.time.getTime() - a.time.getTime());
  const html = newestFirst.map((r) => {
    const user = r.userRaw ? r.user : escapeHtml(r.user);
    return `<div class="tweet${r.highlight ? ' highlight' : ''}" id="tweet_${r.id}">
<div class="avatar"><a href="http://twitter.com/${encodeURIComponent(r.user)}" target="_blank"><img src="./files/avatar_normal.png" width="48" height="48" alt="${escapeHtml(r.user)}"></a></div>
<div class="content">
<a class="user" href="http://twitter.com/${encodeURIComponent(r.user)}" target="_blank" title="${escapeHtml(r.name)}">${user}</a>
<span class="text">${r.bodyHtml}</span>
<div class="meta"><a class="time" href="${escapeHtml(r.permalink)}" target="_blank" title="${createdAt(r.time)}">1 hour ago</a> from <span class="source">TweetChat</span>${r.replyHref ? ` <a class="in-reply-to" href="${escapeHtml(r.replyHref)}">in reply to</a>` : ''}
<span class="actions"><a class="reply" href="#" onclick="return tc.reply('${r.id}')">reply</a> <a class="retweet" href="#" onclick="return tc.retweet('${r.id}')">retweet</a></span></div>
</div>
</div>`;
  });
  return `<!DOCTYPE html>
<!-- saved from url=(0036)http://tweetchat.com/room/${encodeURIComponent(tag)} -->
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>TweetChat - #${escapeHtml(tag)}</title></head>
<body class="room"><div id="stream">
${html.join('\n')}
</div></body></html>
`;
}

// ---------------------------------------------------------------------------
// The hostile pieces

/** Link targets no page may turn into a working link (or only into an escaped, normalized http(s) one). */
export const HOSTILE_HREFS = [
  'javascript:alert("href")',
  'JaVaScRiPt:alert("href")',
  'java\tscript:alert("href")',
  ' javascript:alert("href")',
  '\u0001javascript:alert("href")',
  'vbscript:msgbox("href")',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgiaHJlZiIpPC9zY3JpcHQ+',
  'data:image/svg+xml,<svg onload=alert("href")>',
  '//203.0.113.7/protocol-relative',
  'http://example.com/"onmouseover="alert(\'href\')"',
  "https://example.com/'><img src=x onerror=alert('href')>",
  'https://example.com/?q=<script>alert("href")</script>#"><svg onload=alert(1)>',
  'http://example.com/%22%3E%3Cscript%3Ealert(1)%3C/script%3E',
  'mailto:x@example.com?subject="><script>alert("mailto")</script>',
];

/** An in-reply-to link whose status id is followed by an attribute break-out. */
const HOSTILE_REPLY_HREF = 'http://twitter.com/x/status/1"onmouseover="alert(\'reply\')';

/**
 * Handles as TweetChat shows them. The pipeline refuses implausible handles
 * (markup, quotes, slashes, invisible characters, over 64 characters: see
 * handleProblem); those rows are written too and must be skipped, the others
 * author the hostile messages and get person pages.
 */
export const HOSTILE_HANDLES = [
  // accepted by the pipeline
  'x onerror=alert(1) autofocus onfocus=alert(2)',
  'javascript:alert(document.domain)',
  'data:text/html,alert(1)',
  '{{constructor.constructor(alert(1))()}}',
  '{% raw %}{{ 7*7 }}',
  '${alert(1)}',
  '#q1 @jamhost',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'CON',
  'nul.txt',
  '..',
  '%2e%2e%2fadmin',
  '👾 🙇 💁',
  'Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤',
  'گچپژ',
  'x'.repeat(64),
  // refused by the pipeline
  '<script>alert("handle")</script>',
  '"><img src=x onerror=alert("handle")>',
  "'-alert('handle')-'",
  '</title><script>alert("handle")</script>',
  '../../etc/passwd',
  'a\\b',
  '\u202eevil\u202c',
  'x'.repeat(300),
];

const PLAIN_HANDLES = Array.from({ length: 12 }, (_, i) => `plain_user${i + 1}`);
const HOST = 'jamhost';
/** A second host, named by a hostile handle that both the notes' schema and the pipeline accept. */
const HOSTILE_HOST = 'javascript:alert(document.domain)';

/** Text with no control characters (the model may normalize those; they are tested elsewhere). */
function printable(s: string): boolean {
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/.test(s) && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

/** Folded the way tidyText leaves it, for "does this text appear" checks. */
export function foldSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Markdown lines from a payload that the notes' parser would read as structure (a quote, a question, a fence). */
function breaksNotes(s: string): boolean {
  return s.split(/\r?\n/).some((l) => /^ {0,3}(?:>|##|`{3}|~{3})/.test(l)) || /\n\s*\n/.test(s);
}

/**
 * Text that Markdown (without HTML, as the notes are rendered) shows as
 * written: no emphasis, code, links, autolinks, entities, escapes, tables,
 * strikethrough, block syntax at a line start, or hard breaks.
 */
export function markdownLiteral(s: string): boolean {
  if (/[*_`\\[\]&~|]/.test(s)) return false;
  if (/<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>/.test(s)) return false;
  return s.split('\n').every((l) => !/^\s|\s$|^(?:[-+=#>]|\d+[.)])/.test(l));
}

export interface HostileJam {
  slug: string;
  title: string;
  hashtag: string;
  /**
   * Export files written into the jam folder: message rows written, and how
   * many of them have a handle the pipeline refuses (each a skipped message).
   * Raw markup may swallow later rows of its file (an unclosed `<style>` or
   * `<textarea>` runs to the end of the page), so only the escaped file's
   * rows are all seen by the importer.
   */
  files: { name: string; rows: number; refused: number; escaped: boolean }[];
  /** Payloads written entity-escaped as message text: each must appear, as text, on the transcript. */
  escapedTexts: string[];
  /** Display names of the escaped file's messages: each must appear, as text, on the transcript. */
  names: string[];
  /** Handles of the messages (hostile and plain, all accepted by the pipeline). */
  handles: string[];
  /** Ids of the messages the notes quote. */
  quotedIds: string[];
}

export interface HostileSite {
  contentDir: string;
  jams: HostileJam[];
  /** Texts from the notes that must appear as text on the recap page (jam slug -> texts). */
  noteTexts: Record<string, string[]>;
}

interface JamPlan {
  slug: string;
  date: Date;
  hashtag: string;
  title: string;
  /** Payloads for message text (each is written escaped and raw). */
  payloads: string[];
  /** Payloads for the notes. */
  notePayloads: string[];
  /**
   * Naughty strings appended to each escaped message: longer messages make
   * the transcript run over one page (the site splits at about 800 kB).
   */
  tail: number;
}

const BASE_ID = 1_400_000_000_000_000_000n;

/** Deterministic picks: every k-th item. */
function every<T>(list: T[], k: number): T[] {
  return list.filter((_, i) => i % k === 0);
}

function writeJam(contentDir: string, plan: JamPlan, jamIndex: number, collections: HostileCollections): { jam: HostileJam; noteTexts: string[] } {
  const dir = join(contentDir, 'jams', plan.slug);
  mkdirSync(dir, { recursive: true });
  const { blns } = collections;
  const names = [...collections.html5sec.slice(0, 20), ...every(blns, 9)].filter((s) => s.trim());
  const handles = [...HOSTILE_HANDLES.filter((h) => handleProblem(h) === null), ...PLAIN_HANDLES];
  const refused = HOSTILE_HANDLES.filter((h) => handleProblem(h) !== null);
  const idOf = (file: number, i: number) => (BASE_ID + BigInt(jamIndex) * 10_000_000n + BigInt(file) * 100_000n + BigInt(i)).toString();
  const t0 = plan.date.getTime();
  const step = 15_000;

  const escapedRows: Row[] = [];
  const rawRows: Row[] = [];
  const escapedTexts: string[] = [];
  const namesShown = new Set<string>();
  const n = plan.payloads.length;
  const q2At = Math.floor(n / 2);
  const question = (q: number, at: number): Row => ({
    id: idOf(0, 90_000 + q),
    user: HOST,
    name: `Host <b onmouseover=alert("host")>${q}</b>`,
    bodyHtml: escapeHtml(`Q${q}. <script>alert("Q${q}")</script> What does "${plan.title.slice(0, 40)}" mean to you? #${plan.hashtag}`),
    time: new Date(t0 + at * 2 * step - step / 2),
    permalink: `http://twitter.com/${HOST}/status/${idOf(0, 90_000 + q)}`,
    highlight: true,
  });
  escapedRows.push(question(1, 0), question(2, q2At));

  plan.payloads.forEach((payload, i) => {
    const handle = handles[i % handles.length];
    const name = names[i % names.length];
    const href = HOSTILE_HREFS[i % HOSTILE_HREFS.length];
    const tag = blns[(i * 7) % blns.length];
    const tail = plan.tail ? ` ${Array.from({ length: plan.tail }, (_, k) => blns[(i * 13 + k * 31) % blns.length]).join(' ')}` : '';
    const permalink = i % 5 === 4 ? HOSTILE_HREFS[Math.floor(i / 5) % HOSTILE_HREFS.length] : `http://twitter.com/${encodeURIComponent(handle)}/status/${idOf(1, i)}`;
    const replyHref = i % 6 === 5 ? (i % 12 === 11 ? HOSTILE_REPLY_HREF : `http://twitter.com/x/status/${idOf(1, i - 1)}`) : undefined;
    // Escaped: the payload is the text a reader must see.
    escapedRows.push({
      id: idOf(1, i),
      user: handle,
      name,
      bodyHtml: `${escapeHtml(payload)} <a class="link" href="${escapeHtml(href)}" target="_blank">${escapeHtml(href)}</a> #${escapeHtml(tag)} <a class="hashtag" href="${escapeHtml(href)}" target="_blank">#${escapeHtml(plan.hashtag)}</a>${escapeHtml(tail)}`,
      time: new Date(t0 + i * 2 * step),
      permalink,
      replyHref,
    });
    if (printable(payload) && foldSpace(payload)) escapedTexts.push(payload);
    if (printable(name) && name.trim() !== handle) namesShown.add(name.trim());
    // Raw: the payload is markup inside the message; only its text may survive.
    rawRows.push({
      id: idOf(2, i),
      user: i % 4 === 3 ? `${escapeHtml(handle)}<img src=x onerror=alert("user")><script>alert("user")</script>` : handle,
      userRaw: i % 4 === 3,
      name,
      bodyHtml: `A${i < q2At ? 1 : 2}: ${payload}${HTML5SEC_TRAILER} <a class="link" href="${escapeHtml(href)}" onclick="alert('link')">${payload.length < 80 ? payload : 'link'}</a>`,
      time: new Date(t0 + (i * 2 + 1) * step),
      permalink: `http://twitter.com/${encodeURIComponent(handle)}/status/${idOf(2, i)}`,
    });
  });

  // One message per refused handle: each must be skipped, never shown.
  refused.forEach((handle, k) => {
    escapedRows.push({
      id: idOf(3, k),
      user: handle,
      name: handle,
      bodyHtml: escapeHtml(`refused author ${k}: ${handle}`),
      time: new Date(t0 + (2 * k + 1) * step + 1000),
      permalink: `http://twitter.com/${encodeURIComponent(handle)}/status/${idOf(3, k)}`,
    });
  });

  const exportsWritten = ['room-escaped.html', 'room-raw.html'];
  writeFileSync(join(dir, exportsWritten[0]), roomPage(plan.hashtag, escapedRows));
  writeFileSync(join(dir, exportsWritten[1]), roomPage(plan.hashtag, rawRows));

  // The notes: quotes by id of hostile messages (three per question), and one by handle and text.
  const quotable = (from: number, to: number) =>
    escapedRows.slice(2).filter((_, k) => k >= from && k < to && printable(plan.payloads[k])).slice(0, 3).map((r) => r.id);
  const q1Quotes = quotable(0, q2At);
  const q2Quotes = quotable(q2At, n);
  // A quote by handle and start of text: an ASCII payload whose first 40 characters no other message of that author starts with.
  const start = (i: number) => foldSpace(plan.payloads[i]).slice(0, 40).toLowerCase();
  const plainIndex = plan.payloads.findIndex(
    (p, i) =>
      i >= q2At &&
      handles[i % handles.length].startsWith('plain_') &&
      /^[\x20-\x7e\n\t]{20,}$/.test(p) &&
      !/^[>#\s]/.test(p) &&
      !/\.\.\.$/.test(start(i)) &&
      plan.payloads.every((_, j) => j === i || j % handles.length !== i % handles.length || !foldSpace(plan.payloads[j]).toLowerCase().startsWith(start(i))),
  );
  const byHandle = plainIndex >= 0 ? `> @${handles[plainIndex % handles.length]} ${foldSpace(plan.payloads[plainIndex]).slice(0, 40)}` : '';
  const noteSafe = plan.notePayloads.filter((p) => printable(p) && !breaksNotes(p) && foldSpace(p));

  const introLines = [
    `Welcome to ${plan.title} <script>alert("intro")</script> <img src=x onerror=alert("intro")>`,
    '',
    '[a javascript: link](javascript:alert("md")) [mixed case](JaVaScRiPt:alert("md")) [entity](javascript&colon;alert("md")) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vbscript](vbscript:msgbox(1)) <javascript:alert("autolink")> [protocol-relative](//203.0.113.7/x) [ref link][evil]',
    '',
    '![a remote image](http://203.0.113.7/pixel.png) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) <iframe src="http://203.0.113.7/"></iframe> <object data="http://203.0.113.7/x.swf"></object>',
    '',
    'Template syntax stays text: {{ 7*7 }} {% raw %}{{ site.jams }}{% endraw %} {{ constructor.constructor("alert(1)")() }} ${alert(1)}',
    '',
    '<a href="javascript:alert(1)">raw anchor</a> <div style="background:url(javascript:alert(1))">styled</div> <base href="http://203.0.113.7/"> <meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '',
    ...noteSafe.slice(0, 8).flatMap((p) => [p, '']),
    '[evil]: javascript:alert("reference")',
    '',
  ];
  const section = (q: number, heading: string, payloads: string[], quotes: string[], extra: string[] = []) => [
    `## Q${q} · ${heading}`,
    '',
    `Summary with <svg/onload=alert("Q${q}")> **bold <script>alert(1)</script>** \`<img src=x onerror=alert(1)>\` and [a link](JaVaScRiPt:alert("Q${q}")).`,
    '',
    ...quotes.map((id) => `> ${id}`),
    ...extra,
    '',
    ...payloads.flatMap((p) => [p, '']),
  ];
  const q1Heading = `<img src=x onerror=alert("heading")> "quoted" & 'single'`;
  const body = [
    ...introLines,
    ...section(1, q1Heading, noteSafe.slice(8, 16), q1Quotes),
    ...section(2, `</h2><script>alert("heading2")</script>`, noteSafe.slice(16, 24), q2Quotes, byHandle ? [byHandle] : []),
  ].join('\n');
  const front = {
    title: plan.title,
    date: plan.date.toISOString(),
    hashtag: plan.hashtag,
    hosts: [HOST, HOSTILE_HOST],
    timezone: 'America/New_York',
    exports: exportsWritten,
    questions: { Q1: `<script>alert("question")</script> "${plan.title.slice(0, 30)}" & <b>bold</b>?` },
    assign: { [escapedRows[3].id]: 'Q2' },
  };
  writeFileSync(join(dir, 'recap.md'), `---\n${stringify(front, { lineWidth: 0 })}---\n${body}\n`);

  const quotedIds = [...q1Quotes, ...q2Quotes, ...(plainIndex >= 0 ? [escapedRows[plainIndex + 2].id] : [])];
  return {
    jam: {
      slug: plan.slug,
      title: plan.title,
      hashtag: plan.hashtag,
      files: [
        { name: exportsWritten[0], rows: escapedRows.length, refused: refused.length, escaped: true },
        { name: exportsWritten[1], rows: rawRows.length, refused: 0, escaped: false },
      ],
      escapedTexts,
      names: [...namesShown],
      handles: [HOST, ...handles],
      quotedIds,
    },
    noteTexts: [
      '<script>alert("intro")</script>',
      '{{ 7*7 }}',
      '{% raw %}{{ site.jams }}{% endraw %}',
      '<svg/onload=alert("Q1")>',
      ...noteSafe.slice(0, 24).filter(markdownLiteral),
    ],
  };
}

/** The site's templates: everything in the repository's content folder but its jams. */
function copySiteTemplates(from: string, to: string): void {
  const jamsDir = resolve(from, 'jams');
  cpSync(from, to, {
    recursive: true,
    filter: (src) => !(resolve(dirname(src)) === jamsDir && statSync(src).isDirectory()),
  });
}

/**
 * Write the hostile content folder at `contentDir` (which should not exist
 * yet or be empty). Needs ../shared/corpus/hostile (use corpusTest).
 */
export async function writeHostileSite(contentDir: string, templates = join(ROOT, 'content')): Promise<HostileSite> {
  const collections = await loadHostileCollections();
  copySiteTemplates(templates, contentDir);
  mkdirSync(join(contentDir, 'jams'), { recursive: true });
  const marked = collections.blns.filter((s) => /^[\p{L}\p{M}\p{N}_]+$/u.test(s) && /[^\x00-\x7f]/.test(s));
  const zalgo = marked.reduce((a, b) => ((b.match(/\p{M}/gu)?.length ?? 0) > (a.match(/\p{M}/gu)?.length ?? 0) ? b : a));
  const rtl = marked.find((s) => /\p{Script=Arabic}/u.test(s) && /\p{L}/u.test(s)) ?? marked[0];
  const plans: JamPlan[] = [
    {
      slug: '2020-01-01-hostile-dompurify',
      date: new Date('2020-01-01T17:00:00Z'),
      hashtag: zalgo,
      title: `<script>alert("title")</script> DOMPurify's "fixtures" & <img src=x onerror=alert('title')>`,
      payloads: collections.dompurify,
      notePayloads: every(collections.html5sec, 3),
      tail: 0,
    },
    {
      slug: '2020-01-02-hostile-html5sec',
      date: new Date('2020-01-02T17:00:00Z'),
      hashtag: rtl,
      title: `</title><svg/onload=alert("title")> html5sec ‮ vectors {{ 7*7 }}`,
      payloads: [...collections.html5sec, ...every(collections.blns, 4)],
      notePayloads: every(collections.dompurify, 5),
      tail: 24,
    },
  ];
  const jams: HostileJam[] = [];
  const noteTexts: Record<string, string[]> = {};
  plans.forEach((plan, i) => {
    const { jam, noteTexts: texts } = writeJam(contentDir, plan, i, collections);
    jams.push(jam);
    noteTexts[jam.slug] = texts;
  });
  checkDistinctPeople(jams.flatMap((j) => j.handles));
  return { contentDir, jams, noteTexts };
}

/** Our own handles must not clash (same page for two people is a build error, tested elsewhere). */
function checkDistinctPeople(handles: string[]): void {
  const seen = new Map<string, string>();
  for (const h of new Set(handles)) {
    const key = handleKey(h.replace(/\s+/g, ' ').trim()).normalize('NFC');
    const slug = personSlug(h);
    const other = seen.get(slug);
    if (other !== undefined && other !== key) throw new Error(`hostile-site: handles ${JSON.stringify(other)} and ${JSON.stringify(key)} share the page ${slug}`);
    seen.set(slug, key);
  }
}
