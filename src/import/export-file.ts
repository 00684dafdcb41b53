/**
 * One export file as importers see it: its bytes, plus text and an HTML
 * document that are computed once, on first use, and shared between the
 * importers' `detect` and `parse` (parsing a 30 MB page twice would double
 * the import time).
 */
import { basename, join } from 'node:path';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { CheerioAPI } from 'cheerio';
import type { Document } from 'domhandler';
import type { ElementList } from './html-text.ts';
import { decodeBytes, type Decoded } from './decode.ts';
import { parseBoundedHtml } from './nesting.ts';
import { loadCheerio } from './cheerio-lazy.ts';

export type HtmlDocument = CheerioAPI;

/** The parser options of every export page (cheerio's htmlparser2 mode, with offsets for line numbers). */
const HTML_OPTIONS = { xmlMode: false, decodeEntities: true, withStartIndices: true } as const;

/** Files larger than this are refused before they are read. */
export const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/**
 * What to name instead of a folder: a Slack channel's folder (day files, its
 * workspace's channels.json one level up) names the workspace; anything else
 * the export file itself.
 */
function folderHint(path: string): string {
  const isFile = (p: string) => statSync(p, { throwIfNoEntry: false })?.isFile() === true;
  const channel = basename(path);
  if (isFile(join(path, '..', 'channels.json'))) return `one channel's folder of a Slack workspace export: give the workspace's folder (or its channels.json) and pick the channel with --channel ${channel} (notes: channel: ${channel})`;
  let days = 0;
  try {
    days = readdirSync(path).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n)).length;
  } catch {
    days = 0;
  }
  if (days) return `it holds ${days} Slack day file(s) but no channels.json beside them: give the whole workspace export (the .zip or the folder with channels.json and users.json)`;
  return 'name the export file itself';
}

export class ExportFile {
  readonly name: string;
  private decoded?: Decoded;
  private dom?: Document;
  private list?: ElementList;
  private doc?: HtmlDocument;
  private lineStarts?: number[];
  /** The longest `head(n)` computed yet. */
  private headText?: string;
  /** Whether `lineStarts` holds every line's start. */
  private allLineStarts = false;

  constructor(
    readonly path: string,
    readonly bytes: Buffer,
  ) {
    this.name = basename(path);
  }

  static read(path: string, maxBytes = MAX_EXPORT_BYTES): ExportFile {
    let size: number;
    try {
      const st = statSync(path);
      // A Slack workspace export's folder is read as its channels.json (the importer reads the folder through archive.ts).
      if (st.isDirectory() && statSync(join(path, 'channels.json'), { throwIfNoEntry: false })?.isFile()) return ExportFile.read(join(path, 'channels.json'), maxBytes);
      if (st.isDirectory()) throw new ImportError(`${path}: not a file but a folder: ${folderHint(path)}`, 2);
      if (!st.isFile()) throw new ImportError(`${path}: not a file: name the export file itself`, 2);
      size = st.size;
    } catch (err) {
      if (err instanceof ImportError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      const fix = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file; check the path' : 'check that the file exists and is readable';
      throw new ImportError(`${path}: cannot read (${code ?? (err as Error).message}): ${fix}`, 2);
    }
    if (size > maxBytes) {
      throw new ImportError(`${path}: file is ${size} bytes, over the limit of ${maxBytes} bytes`, 2);
    }
    return new ExportFile(path, readFileSync(path));
  }

  /** The decoded text (browser-style sniffing, see decode.ts). */
  get text(): string {
    return this.decodedText().text;
  }

  get encoding(): string {
    return this.decodedText().encoding;
  }

  /** How the encoding was chosen: byte-order mark, meta charset, valid UTF-8, or the windows-1252 fallback. */
  get encodingSource(): Decoded['from'] {
    return this.decodedText().from;
  }

  private decodedText(): Decoded {
    this.decoded ??= decodeBytes(this.bytes);
    return this.decoded;
  }

  /**
   * 1-based line of a character offset in `text` (elements carry `startIndex`). The line
   * starts are found as far as the offsets asked for reach (a page's messages may all
   * sit in its first part), then looked up by binary search.
   */
  lineAt(offset: number | null | undefined): number | undefined {
    if (offset == null || offset < 0) return undefined;
    const starts = (this.lineStarts ??= [0]);
    if (starts[starts.length - 1] <= offset && !this.allLineStarts) {
      const t = this.text;
      let i = t.indexOf('\n', starts[starts.length - 1]);
      for (; i !== -1; i = t.indexOf('\n', i + 1)) {
        starts.push(i + 1);
        if (i + 1 > offset) break;
      }
      if (i === -1) this.allLineStarts = true;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * The first bytes as latin1, cheap to sniff without decoding the whole file.
   * Copied once, as far as the longest head asked for yet: every importer's
   * `detect` asks for one, and a shorter one is a slice of it.
   */
  head(n = 4096): string {
    const have = this.headText;
    if (have === undefined || (n > have.length && have.length < this.bytes.length)) {
      this.headText = this.bytes.subarray(0, Math.max(0, n)).toString('latin1');
      return this.headText;
    }
    return n >= have.length ? have : have.slice(0, Math.max(0, n));
  }

  /** True when the file looks like HTML (cheap check on the first bytes). */
  get looksLikeHtml(): boolean {
    return /<(!doctype html|html|head|body|div|meta|blockquote|p|ol|ul|table)\b/i.test(this.head(65536));
  }

  /**
   * Start tags left out of the document because the markup nested too deep (see
   * nesting.ts); 0 for every ordinary page. Known once `document()` has run.
   */
  flattenedTags = 0;

  /**
   * The HTML document, parsed once with htmlparser2 (cheerio's fast mode), every
   * element with its `startIndex`. Markup nested pathologically deep is flattened
   * first (same offsets, so lines stay right).
   */
  document(): Document {
    if (!this.dom) {
      const { document, list, flattened } = parseBoundedHtml(this.text, HTML_OPTIONS);
      this.flattenedTags = flattened;
      this.dom = document;
      this.list = list;
    }
    return this.dom;
  }

  /**
   * Forgets the parsed document and its element list, for the memory: a
   * page's DOM is many times its size, and every garbage collection after
   * the parse would go through it again. A later `document()` parses anew.
   */
  dropDocument(): void {
    this.dom = undefined;
    this.list = undefined;
    this.doc = undefined;
  }

  /** The elements of `document()` in document order, with where each one's descendants end (see ElementList). */
  elements(): ElementList {
    this.document();
    return this.list!;
  }

  /** The same document for CSS selectors (cheerio, loaded now, over `document()`, not parsed again). */
  html(): HtmlDocument {
    this.doc ??= loadCheerio()(this.document(), { xml: HTML_OPTIONS });
    return this.doc;
  }
}

/** An error the CLI reports as `file: message` with an exit code. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
