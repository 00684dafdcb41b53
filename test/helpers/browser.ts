/**
 * A real browser for the "script never runs" tests: Debian's Chromium
 * (/usr/bin/chromium) driven by playwright-core. Browsers are never
 * downloaded; without Chromium the browser tests skip visibly, and under
 * CI=true they fail (`.ci/run` installs the Debian package).
 *
 * `PageInspector` opens built pages from a local static server (`serveDir`)
 * or as file:// URLs (the standalone download) and reports everything that
 * would mean some input ran or loaded something:
 *
 * - calls to alert/confirm/prompt/print/open, trapped by an init script
 *   that runs before any script of the page, and native dialogs;
 * - every script V8 parsed in the page's main world (CDP
 *   `Debugger.scriptParsed`) other than our trap and the site's own shipped
 *   script files: inline scripts, event handlers, `javascript:` URLs and
 *   eval'd strings all show up here, whether or not they call alert;
 * - requests the page attempts to any other origin (Chromium's proxy is a
 *   local sink, so none ever reaches the network), failed local loads,
 *   workers (but those a page is allowed: InspectorOptions.workers), extra
 *   frames and popups;
 * - Content-Security-Policy violations, page errors and console errors.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless, no sandbox (tests run as root in containers), and none of the
 * background services that would otherwise try to reach Google from here.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or null when they can (a missing Chromium under CI is a failure, not a skip). */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return null;
  return `Chromium not found at ${CHROMIUM_PATH} (install Debian's "chromium" package; browsers are never downloaded)`;
}

export interface Chromium {
  browser: Browser;
  /**
   * Every request that left the browser for another host: Chromium's proxy
   * is a local sink that answers nothing, so no test ever reaches the
   * network (loopback, where the site is served, bypasses it). Chromium's own
   * background calls (update checks) land here too.
   */
  sinkHits: string[];
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the browser tests need Debian's "chromium" package (CI installs it in .ci/run)`);
  const sinkHits: string[] = [];
  const sink = createServer((req, res) => {
    sinkHits.push(req.url ?? '');
    res.writeHead(502).end();
  });
  sink.on('connect', (req, socket) => {
    sinkHits.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  await listenLocal(sink);
  const proxy = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, `--proxy-server=${proxy}`] });
  } catch (err) {
    sink.close();
    throw err;
  }
  return {
    browser,
    sinkHits,
    async close() {
      await browser.close();
      sink.closeAllConnections();
      await new Promise<void>((ok) => sink.close(() => ok()));
    },
  };
}

function listenLocal(server: Server): Promise<void> {
  return new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
}

// ---------------------------------------------------------------------------
// A tiny static server for a built site

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.zip': 'application/zip',
  '.xml': 'application/xml',
};

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  /** Absolute URL of a site path ("/jams/x/"). */
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1 (random port) the way a CDN serves a static
 * site: `/dir/` is `/dir/index.html`, anything else is a file or a 404.
 * It adds no headers of its own (no CSP header): the pages must protect
 * themselves with their meta CSP, as they do when opened from a CDN that
 * sets none.
 */
export async function serveDir(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (path.endsWith('/')) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await listenLocal(server);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => new URL(p, origin).href,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Every `.html` file under `dir`, as site paths ("/", "/jams/x/", "/jams/x/download/x.html"). */
export function htmlPaths(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out
    .map((p) => '/' + relative(dir, p).split(sep).join('/'))
    .map((p) => (p.endsWith('/index.html') || p === '/index.html' ? p.slice(0, -'index.html'.length) : p))
    .sort();
}

/** Files the site ships as scripts (`.js`/`.mjs` in the output), as site paths. */
export function shippedScriptPaths(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (/\.m?js$/.test(ent.name)) out.push('/' + relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

// ---------------------------------------------------------------------------
// Inspecting a page

/** The URL our init script reports itself as (via sourceURL) so it can be told apart. */
const TRAP_URL = 'jamrecap-trap.js';
const TOKEN = '__jamrecap_trap__';

/**
 * Runs before any script of the page (in every frame). Keeps its own
 * reference to console.debug, so a page script that replaced console could
 * not hide its calls (and any page script at all is already a failure).
 */
const TRAP_SCRIPT = `(() => {
  const report = console.debug.bind(console);
  const show = (v) => { try { return String(v); } catch { return '?'; } };
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    const trapped = function (...args) {
      report(${JSON.stringify(TOKEN)}, JSON.stringify({ call: name, args: args.map(show) }));
      return name === 'confirm' ? false : name === 'prompt' ? null : undefined;
    };
    try { Object.defineProperty(window, name, { value: trapped, writable: false, configurable: false }); } catch {}
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    report(${JSON.stringify(TOKEN)}, JSON.stringify({ csp: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
  }, true);
})();
//# sourceURL=${TRAP_URL}`;

export interface PageReport {
  url: string;
  /** HTTP status of the page itself (null for file://). */
  status: number | null;
  /** "alert(1)", "print()", ... */
  trapped: string[];
  /** Native dialogs that still opened (type: message). */
  dialogs: string[];
  /** Scripts parsed in the page's main world that the site did not ship: "url line:col (length)". */
  scripts: string[];
  /** Requests the page attempted to any other origin, with how they ended ("url (csp)" when the CSP stopped it). */
  requests: string[];
  /** Local requests that failed or answered 4xx/5xx. */
  failed: string[];
  /** CSP violations: "directive blocked sample". */
  csp: string[];
  pageErrors: string[];
  consoleErrors: string[];
  /** Frames other than the main one, workers (but the allowed ones), popups. */
  extras: string[];
  /** Workers the page started that InspectorOptions.workers allows it (same origin only). */
  workers: string[];
}

/** Everything that must be empty for a page that runs and loads nothing it should not. */
export function problemsOf(r: PageReport): string[] {
  const out: string[] = [];
  const add = (what: string, list: string[]) => {
    if (list.length) out.push(`${r.url}: ${what}: ${list.slice(0, 5).join(' | ')}${list.length > 5 ? ` (+${list.length - 5} more)` : ''}`);
  };
  if (r.status !== null && r.status !== 200) out.push(`${r.url}: HTTP ${r.status}`);
  add('trapped calls', r.trapped);
  add('dialogs', r.dialogs);
  add('unexpected scripts', r.scripts);
  add('requests to other origins', r.requests);
  add('failed loads', r.failed);
  add('CSP violations', r.csp);
  add('page errors', r.pageErrors);
  add('console errors', r.consoleErrors);
  add('frames/workers/popups', r.extras);
  return out;
}

function emptyReport(url: string): PageReport {
  return { url, status: null, trapped: [], dialogs: [], scripts: [], requests: [], failed: [], csp: [], pageErrors: [], consoleErrors: [], extras: [], workers: [] };
}

function sameOrigin(url: string, pageUrl: string): boolean {
  if (url.startsWith('data:')) return true;
  const page = new URL(pageUrl);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  // file:// has no origin to share: only the page itself may load.
  if (page.protocol === 'file:') return u.protocol === 'file:' && u.pathname === page.pathname;
  return u.origin === page.origin;
}

export interface InspectorOptions {
  /** Absolute URLs of the site's own script files (scripts parsed from them are expected). */
  shippedScripts?: Iterable<string>;
  /** Pages open at once (default 2). */
  tabs?: number;
  /** After load, press Tab and move the mouse over the page (handlers that need focus or hover). Default true. */
  interact?: boolean;
  /** Extra wait after load (and after interacting), ms. Default 50. */
  settleMs?: number;
  /**
   * The worker scripts (absolute URLs) a page may start, by the page's URL;
   * a worker of another origin is never allowed. Default: none anywhere.
   */
  workers?: (pageUrl: string) => readonly string[];
}

/**
 * Wait until `selector` matches in the page, through CDP's DOM domain: no
 * script of ours runs in the page's world (Playwright's waitForSelector
 * injects its own there, which the script counter would report).
 */
async function waitForElement(cdp: CDPSession, selector: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (nodeId) return;
    if (Date.now() > until) throw new Error(`${selector} did not appear in ${timeoutMs} ms`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** One open page, reused from URL to URL; its listeners write into the report of the URL being inspected. */
interface Tab {
  page: Page;
  cdp: CDPSession;
  report: PageReport;
  measuring: boolean;
}

/**
 * Opens pages in one browser context, a few at a time, each instrumented
 * before its first script: the init-script trap, a CDP session counting
 * parsed scripts, and listeners for requests, dialogs, errors, CSP
 * violations, frames, workers and popups. A tab is reused for the next
 * URL (navigation resets everything a page could have changed).
 */
export class PageInspector {
  private readonly free: Tab[] = [];
  private readonly tabs: Tab[] = [];
  private readonly waiting: ((tab: Tab) => void)[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly options: InspectorOptions,
  ) {}

  static async create(chromium: Chromium, options: InspectorOptions = {}): Promise<PageInspector> {
    const context = await chromium.browser.newContext({ acceptDownloads: false });
    const inspector = new PageInspector(context, options);
    try {
      const shipped = new Set(options.shippedScripts ?? []);
      await context.addInitScript({ content: TRAP_SCRIPT });
      for (let i = 0; i < (options.tabs ?? 2); i++) inspector.tabs.push(await inspector.openTab(shipped));
      inspector.free.push(...inspector.tabs);
    } catch (err) {
      await context.close();
      throw err;
    }
    context.on('serviceworker', (w) => {
      for (const tab of inspector.tabs) if (tab.measuring) tab.report.extras.push(`service worker ${w.url()}`);
    });
    return inspector;
  }

  private async openTab(shipped: Set<string>): Promise<Tab> {
    const page = await this.context.newPage();
    const cdp: CDPSession = await this.context.newCDPSession(page);
    const tab: Tab = { page, cdp, report: emptyReport('about:blank'), measuring: false };
    cdp.on('Debugger.scriptParsed', (e) => {
      if (!tab.measuring) return;
      const aux = e.executionContextAuxData as { type?: string; isDefault?: boolean } | undefined;
      // Playwright's own helpers live in isolated worlds; page scripts run in the main world.
      if (aux && aux.type !== 'default' && aux.isDefault !== true) return;
      if (e.url === TRAP_URL || shipped.has(e.url)) return;
      tab.report.scripts.push(`${e.url || '(no url)'} ${e.startLine + 1}:${e.startColumn + 1} (${e.length} chars)`);
    });
    await cdp.send('Debugger.enable');
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith(TOKEN)) {
        const data = JSON.parse(text.slice(TOKEN.length).trim()) as { call?: string; args?: string[]; csp?: string; blocked?: string; sample?: string };
        if (data.call) tab.report.trapped.push(`${data.call}(${(data.args ?? []).join(', ')})`);
        else tab.report.csp.push(`${data.csp} blocked ${JSON.stringify(data.blocked)}${data.sample ? ` sample ${JSON.stringify(data.sample)}` : ''}`);
      } else if (msg.type() === 'error') {
        // The browser asks every new origin for /favicon.ico by itself; a site without one is not a page loading something.
        const from = msg.location().url;
        if (/^Failed to load resource/.test(text) && from && new URL(from).pathname === '/favicon.ico') return;
        tab.report.consoleErrors.push(`${text}${from ? ` (${from})` : ''}`);
      }
    });
    page.on('dialog', (d) => {
      tab.report.dialogs.push(`${d.type()}: ${d.message()}`);
      d.dismiss().catch(() => {});
    });
    page.on('pageerror', (err) => tab.report.pageErrors.push(String(err?.message ?? err)));
    // Requests are keyed to the report current when they start.
    const owner = new WeakMap<object, PageReport>();
    page.on('request', (req) => {
      owner.set(req, tab.report);
      if (!sameOrigin(req.url(), tab.report.url)) tab.report.requests.push(req.url());
    });
    page.on('requestfailed', (req) => {
      const report = owner.get(req) ?? tab.report;
      const why = req.failure()?.errorText ?? '?';
      if (!sameOrigin(req.url(), report.url)) {
        const i = report.requests.lastIndexOf(req.url());
        if (i >= 0) report.requests[i] = `${req.url()} (${why})`;
      } else if (!req.url().startsWith('data:') && why !== 'net::ERR_ABORTED') {
        report.failed.push(`${req.url()} (${why})`);
      }
    });
    page.on('response', (res) => {
      const report = owner.get(res.request()) ?? tab.report;
      if (res.status() >= 400 && res.url() !== report.url && sameOrigin(res.url(), report.url)) report.failed.push(`${res.url()} (HTTP ${res.status()})`);
    });
    page.on('frameattached', (f) => tab.report.extras.push(`frame ${f.url() || '(new)'}`));
    page.on('worker', (w) => {
      const report = tab.report;
      const allowed = sameOrigin(w.url(), report.url) && (this.options.workers?.(report.url) ?? []).includes(w.url());
      (allowed ? report.workers : report.extras).push(allowed ? w.url() : `worker ${w.url()}`);
    });
    page.on('popup', (p) => tab.report.extras.push(`popup ${p.url()}`));
    return tab;
  }

  private take(): Promise<Tab> {
    const tab = this.free.pop();
    return tab ? Promise.resolve(tab) : new Promise((ok) => this.waiting.push(ok));
  }

  private give(tab: Tab): void {
    const next = this.waiting.shift();
    if (next) next(tab);
    else this.free.push(tab);
  }

  /**
   * Open `url` and report everything in `PageReport`; `waitFor`: a CSS
   * selector that must appear (what the page's own script makes), else
   * this throws.
   */
  async inspect(url: string, opts: { waitFor?: string } = {}): Promise<PageReport> {
    const tab = await this.take();
    const report = emptyReport(url);
    try {
      tab.report = report;
      tab.measuring = true;
      const response = await tab.page.goto(url, { waitUntil: 'load' });
      report.status = url.startsWith('file:') ? null : (response?.status() ?? null);
      if (opts.waitFor) await waitForElement(tab.cdp, opts.waitFor, 15_000);
      if (this.options.interact ?? true) {
        // Focus and hover reach handlers that a page load alone does not
        // (autofocus/onfocus, onmouseover). Input events only: no script of ours.
        await tab.page.keyboard.press('Tab');
        await tab.page.keyboard.press('Tab');
        const size = tab.page.viewportSize() ?? { width: 1280, height: 720 };
        await tab.page.mouse.move(size.width / 3, size.height / 3);
        await tab.page.mouse.move((2 * size.width) / 3, (2 * size.height) / 3, { steps: 2 });
        await tab.page.mouse.wheel(0, 600);
      }
      await tab.page.waitForTimeout(this.options.settleMs ?? 50);
      // Leave the page while its report is current: what the browser still
      // fetches for it (its icon, after load) is not put on the next page's.
      await tab.page.goto('about:blank');
    } finally {
      tab.measuring = false;
      this.give(tab);
    }
    return report;
  }

  /** Inspect every URL (in order of the results), a few at a time; `waitFor` as in `inspect`, by URL. */
  inspectAll(urls: string[], waitFor: Record<string, string> = {}): Promise<PageReport[]> {
    return Promise.all(urls.map((u) => this.inspect(u, { waitFor: waitFor[u] })));
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Run `use` on a page of a fresh browser context made with `options` (viewport, colour scheme, ...); the context is closed afterwards, whatever happens. */
export async function withPage<T>(chromium: Chromium, options: Parameters<Browser['newContext']>[0], use: (page: Page) => Promise<T>): Promise<T> {
  const context = await chromium.browser.newContext(options);
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}
