/**
 * Any other saved chat page, read through CSS selectors the editor supplies
 * (`SelectorSpec`): the `message` selector picks the message elements; inside
 * each, the first match of `author`, `time` and `text` gives those fields.
 *
 * Some pages show the author and time once for a run of messages
 * (DiscordChatExporter's `chatlog__message-group`): with `group` set, a message
 * with no author/time element of its own takes the last one before it inside
 * its group. Text is never inherited.
 *
 * The selectors are the editor's input, not the page's: a selector that is not
 * valid CSS is an `ImportError` naming it (the editor must fix the command),
 * while anything odd in the page is a diagnostic as in every importer.
 */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { ImportError, type ExportFile } from '../export-file.ts';
import { emptyResult, type Importer, type ParsedMessage, type ParseResult, type SelectorSpec } from '../importer.ts';
import { nodeText } from '../html-text.ts';
import { loadCheerio } from '../cheerio-lazy.ts';
import { luxon } from '../lazy-packages.ts';
import { parseAnyTime, parseWithFormat } from '../time.ts';
import { safeHttpUrl } from '../../model/entities.ts';

const REQUIRED = ['message', 'author', 'time', 'text'] as const;
const OPTIONAL_SELECTORS = ['permalink', 'group'] as const;
const OPTIONAL_STRINGS = ['timeAttr', 'timeFormat', 'timeZone', 'idAttr'] as const;

/** A tiny document to compile the editor's selectors on: a syntax error shows before any work (made on first use). */
let probeDoc: CheerioAPI | undefined;
function probe(): CheerioAPI {
  probeDoc ??= loadCheerio()('<div><p></p></div>');
  return probeDoc;
}

/** Refuse a spec that cannot work, naming the field and the file (exit 2: a usage error). */
export function checkSelectorSpec(spec: SelectorSpec, fileName: string): void {
  const fail = (msg: string) => {
    throw new ImportError(`${fileName}: ${msg}`, 2);
  };
  const record = spec as unknown as Record<string, unknown>;
  for (const key of REQUIRED) {
    const v = record[key];
    if (typeof v !== 'string' || !v.trim()) fail(`the selectors format needs a CSS selector for "${key}"`);
  }
  for (const key of OPTIONAL_SELECTORS) {
    const v = record[key];
    if (v !== undefined && (typeof v !== 'string' || !v.trim())) fail(`the "${key}" selector is empty`);
  }
  for (const key of OPTIONAL_STRINGS) {
    const v = record[key];
    if (v !== undefined && typeof v !== 'string') fail(`"${key}" must be a string`);
  }
  for (const key of [...REQUIRED, ...OPTIONAL_SELECTORS]) {
    const sel = record[key];
    if (typeof sel !== 'string') continue;
    try {
      probe()('div').find(sel);
    } catch (err) {
      fail(`invalid CSS selector for ${key}: ${JSON.stringify(sel)} (${(err as Error).message.trim() || 'syntax error'})`);
    }
  }
  if (spec.timeZone && !luxon().DateTime.now().setZone(spec.timeZone).isValid) {
    fail(`unknown time zone ${JSON.stringify(spec.timeZone)} (use an IANA name such as "America/Chicago", or "UTC+2")`);
  }
}

/** "Jane Doe (@jane)", "Jane Doe @jane" or "@jane" split into name and handle; else the text is the handle. */
const NAME_AND_HANDLE = /^(.*?)\s*\(?@([A-Za-z0-9_.]{1,30})\)?$/;

function splitAuthor(raw: string): { handle: string; name: string | null } {
  const text = raw.replace(/\s+/g, ' ').trim();
  const m = NAME_AND_HANDLE.exec(text);
  if (m) return { handle: m[2], name: m[1].trim() || null };
  return { handle: text, name: null };
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Index of the last element in a document-ordered list that starts before `offset`, or -1. */
function lastBefore(list: Element[], offset: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid].startIndex ?? 0) < offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The first element matching a selector, from the message element itself or (with `group`) before it in its group. */
type Finder = (el: Element, sel: string) => Element | undefined;

/**
 * The `group` fallback: the last element matching `sel` before `el` inside
 * its group element (matches per group and selector, in document order,
 * computed once per group). Without `group`, nothing is inherited.
 */
function groupFallback($: CheerioAPI, group: string | undefined): Finder {
  const groupCache = new Map<Element, Map<string, Element[]>>();
  return (el, sel) => {
    if (!group) return undefined;
    const groupEl = $(el).parent().closest(group).toArray().find(isElement);
    if (!groupEl) return undefined;
    let bySel = groupCache.get(groupEl);
    if (!bySel) groupCache.set(groupEl, (bySel = new Map()));
    let list = bySel.get(sel);
    if (!list) bySel.set(sel, (list = $(groupEl).find(sel).toArray()));
    const i = lastBefore(list, el.startIndex ?? 0);
    return i >= 0 ? list[i] : undefined;
  };
}

/** A message element's text with the http(s) links it holds. */
function textAndLinks(textEl: Element): { text: string; links: string[] } {
  const links: string[] = [];
  const text = nodeText(textEl, {
    linkText(a) {
      const href = safeHttpUrl(a.attribs.href);
      if (href) links.push(href);
      return undefined;
    },
  });
  return { text, links };
}

/** What reading one message element needs. */
interface ElementContext {
  spec: SelectorSpec;
  zone: string;
  own: Finder;
  inherited: Finder;
}

/** One message element (`id` from its `idAttr`): its message (without position and line), or why it is skipped. */
function readElement(el: Element, id: string | null, label: string, ctx: ElementContext): Omit<ParsedMessage, 'position' | 'line'> | { skip: string; why: string } {
  const { spec, own, inherited } = ctx;
  const authorEl = own(el, spec.author) ?? inherited(el, spec.author);
  const author = authorEl ? splitAuthor(nodeText(authorEl)) : null;
  if (!author?.handle) return { skip: 'author-missing', why: `${label}: no author (selector ${JSON.stringify(spec.author)})` };

  const timeEl = own(el, spec.time) ?? inherited(el, spec.time);
  if (!timeEl) return { skip: 'time-missing', why: `${label}: no time (selector ${JSON.stringify(spec.time)})` };
  const rawTime = spec.timeAttr ? (timeEl.attribs[spec.timeAttr] ?? '') : nodeText(timeEl);
  const parsed = spec.timeFormat ? parseWithFormat(rawTime, spec.timeFormat, ctx.zone) : parseAnyTime(rawTime, ctx.zone);
  if (!parsed) {
    const how = spec.timeFormat ? ` with format ${JSON.stringify(spec.timeFormat)}` : '';
    return { skip: 'time-unreadable', why: `${label}: time unreadable${how} (${JSON.stringify(rawTime)})` };
  }

  const textEl = own(el, spec.text);
  if (!textEl) return { skip: 'text-missing', why: `${label}: no text (selector ${JSON.stringify(spec.text)})` };
  const { text, links } = textAndLinks(textEl);
  if (!text) return { skip: 'text-empty', why: `${label}: empty text` };

  const permalinkEl = spec.permalink ? own(el, spec.permalink) : undefined;
  return { id, author, time: parsed.time, timePrecision: parsed.precision, text, url: safeHttpUrl(permalinkEl?.attribs.href), replyTo: null, links };
}

export const selectors: Importer = {
  name: 'selectors',
  description: 'Any other saved chat page, through CSS selectors the editor supplies (--message, --author, --time, --text)',

  detect(_file, options) {
    return !!options.selectors && typeof options.selectors.message === 'string';
  },

  parse(file: ExportFile, options): ParseResult {
    const spec = options.selectors;
    if (!spec) throw new ImportError(`${file.name}: the selectors format needs --message, --author, --time and --text selectors`, 2);
    checkSelectorSpec(spec, file.name);

    const result = emptyResult();
    const $ = file.html();
    result.title = $('title').first().text().trim() || null;
    const ctx: ElementContext = {
      spec,
      zone: spec.timeZone || 'utc',
      /** First descendant of `el` matching `sel`. */
      own: (el, sel) => $(el).find(sel).first()[0],
      inherited: groupFallback($, spec.group),
    };

    const elements = $.root().find(spec.message).toArray().filter(isElement);
    if (!elements.length) {
      result.diagnostics.push({
        severity: 'warning',
        code: 'no-match',
        message: `no element matches the message selector ${JSON.stringify(spec.message)}`,
        file: file.name,
      });
    }

    elements.forEach((el, i) => {
      const position = i + 1;
      const line = file.lineAt(el.startIndex);
      result.found++;
      const skip = (code: string, message: string) =>
        result.skipped.push({ severity: 'warning', code, message, file: file.name, line, position });
      const rawId = spec.idAttr ? el.attribs[spec.idAttr]?.trim() || null : null;
      const label = `message ${rawId ?? position}`;
      try {
        const out = readElement(el, rawId, label, ctx);
        if ('skip' in out) skip(out.skip, out.why);
        else result.messages.push({ ...out, position, line });
      } catch (err) {
        // Defensive: a page must never abort the import; the element is accounted for.
        skip('unreadable', `${label}: could not be read (${(err as Error).message})`);
      }
    });
    return result;
  },
};
