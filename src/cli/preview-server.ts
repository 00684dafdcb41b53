/**
 * The preview server behind `jamrecap serve`: a small static file server
 * over the preview folder, with live reload. It replaces Eleventy's
 * development server, which listens on every interface, moves to the next
 * port when the one asked for is busy, and lets a malformed path
 * (`/%ff`) throw inside its request handler.
 *
 * - It listens on one host (127.0.0.1 unless told otherwise) and one port;
 *   a busy port is an error that names it (preview-listen.ts).
 * - A path is decoded once, strictly: malformed percent-encoding, a NUL, a
 *   backslash or a `.`/`..` segment (encoded or not) gets 400. Only files
 *   under the root are ever read; any other failure is a 500 without
 *   details. The server keeps running whatever it is sent.
 * - Live reload without inline script (preview-reload.ts): HTML pages get
 *   the reload script, which reloads them after each build. The standalone
 *   downloads are served as they are.
 * - While a build runs (`hold`), requests wait for it, so a page is never
 *   read half written. A build that only adds to a folder already shown
 *   (`serve`'s full build after its first look at one jam) runs in the
 *   `background`: the files already there are served, and a request for
 *   one that is not there yet waits for the build. While the build fails (`showBuild`), every page
 *   request gets the error page (status 500, its own strict CSP) instead
 *   of a stale page; after a build with warnings, pages get a banner.
 */
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, relative, isAbsolute, sep } from 'node:path';
import { listen, urlHost } from './preview-listen.ts';
import { beforeBodyEnd, EVENTS_PATH, LiveReload, previewPolicy, RELOAD_JS, RELOAD_JS_PATH } from './preview-reload.ts';
import { ERROR_PAGE_CSP, PREVIEW_CSS, PREVIEW_CSS_PATH } from './serve-error-page.ts';

export { ListenError } from './preview-listen.ts';

export interface PreviewOptions {
  /** The folder served. */
  root: string;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Normalized, with slashes at both ends (`/`, `/recaps/`). */
  pathPrefix: string;
}

export interface PreviewServer {
  server: Server;
  /** The address the server listens on, as the operating system reports it. */
  host: string;
  port: number;
  /** The preview's home page. */
  url: string;
  /** A build ended: tell every open page to reload. */
  reload(): void;
  /**
   * What pages show until the next call: `errorPage` replaces every page
   * (the build failed), `banner` is added to every page (warnings).
   */
  showBuild(view: { errorPage?: string; banner?: string }): void;
  /** Requests wait until `done` settles (a build writing the folder). */
  hold(done: Promise<unknown>): void;
  /** Until `done` settles, a request for a file not yet written waits for it; the others are served. */
  background(done: Promise<unknown>): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.woff2': 'font/woff2',
};

/** The path's segments, decoded, or null when the path is malformed or tries to leave the root. */
export function pathSegments(rawUrl: string): string[] | null {
  const path = rawUrl.split(/[?#]/, 1)[0];
  if (!path.startsWith('/')) return null;
  const segments: string[] = [];
  const raw = path.slice(1).split('/');
  for (let i = 0; i < raw.length; i++) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw[i]);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || /[\0\\/]/.test(seg)) return null;
    if (seg === '' && i < raw.length - 1) return null; // `//`
    segments.push(seg);
  }
  return segments;
}

/** A page of the site, as opposed to its downloads, feeds and assets. */
function isPagePath(path: string): boolean {
  return (path.endsWith('/') || path.endsWith('.html')) && !path.includes('/download/');
}

/** A short plain-text answer (a status, an error, a redirect). */
function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${text}\n`);
}

/** An HTML page (no body for HEAD). */
function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, html: string, headers: Record<string, string>): void {
  const body = Buffer.from(html);
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** What pages show until the next build: the error page instead of every page, or a banner on every page. */
type BuildView = { errorPage?: string; banner?: string };

/** Serve the preview folder on opts.host:opts.port; resolves once listening, or rejects with a ListenError. */
export async function startPreviewServer(opts: PreviewOptions): Promise<PreviewServer> {
  const preview = new PreviewHandler(opts);
  const server = createServer((req, res) => {
    preview.handle(req, res).catch(() => {
      // A file that vanished mid-rebuild, or a bug: never a stack trace to the browser.
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.destroy();
    });
  });
  // A malformed request line or header: answer 400 and carry on.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  const addr = await listen(server, opts.host, opts.port);
  return {
    server,
    host: addr.address,
    port: addr.port,
    url: `http://${urlHost(addr)}:${addr.port}${opts.pathPrefix}`,
    reload: () => preview.live.announce(),
    showBuild: (next) => preview.show(next),
    hold: (done) => preview.hold(done),
    background: (done) => preview.background(done),
    close() {
      preview.live.close();
      return new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The preview's answer to each request: its own script, style sheet and event
 * stream; then, once no build is writing the folder, the error page while the
 * build fails, else the file under the root (a folder's index.html).
 */
class PreviewHandler {
  readonly live = new LiveReload();
  private view: BuildView = {};
  /** The build writing the folder. */
  private readonly busy = new PendingBuild();
  /** The build adding to the folder. */
  private readonly adding = new PendingBuild();
  private readonly prefixSegments: string[];

  constructor(private readonly opts: PreviewOptions) {
    this.prefixSegments = opts.pathPrefix.split('/').filter(Boolean);
  }

  /** Show `next` on every page until the next call. */
  show(next: BuildView): void {
    this.view = { ...next };
  }

  /** Requests wait until `done` settles. */
  hold(done: Promise<unknown>): void {
    this.busy.set(done);
  }

  /** Until `done` settles, requests for files not yet written wait for it. */
  background(done: Promise<unknown>): void {
    this.adding.set(done);
  }

  /** Answer one request; throws only on a failure the caller answers with a bare 500. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    const url = req.url ?? '';
    const segments = pathSegments(url);
    if (!segments) return send(res, 400, 'bad request: malformed path');
    const path = url.split(/[?#]/, 1)[0];
    if (this.servePreviewOwn(path, res)) return;
    while (this.busy.running) await this.busy.running;
    const { pathPrefix } = this.opts;
    if (this.prefixSegments.some((p, i) => segments[i] !== p)) {
      if (path === '/') return send(res, 302, `see ${pathPrefix}`, { Location: pathPrefix });
      return send(res, 404, `not found (the preview is at ${pathPrefix})`);
    }
    if (this.view.errorPage !== undefined && isPagePath(path)) {
      return sendHtml(req, res, 500, beforeBodyEnd(this.view.errorPage, this.live.tag()), { 'Content-Security-Policy': ERROR_PAGE_CSP });
    }
    const rest = segments.slice(this.prefixSegments.length);
    while (this.adding.running && !this.exists(rest)) await this.adding.running;
    return this.serveFromRoot(req, res, rest, path);
  }

  /** The folder holds a file at `rest`, or a folder with its index.html (true when the path cannot be read: serveFromRoot answers it). */
  private exists(rest: string[]): boolean {
    try {
      const path = join(this.opts.root, ...rest);
      if (statSync(path).isDirectory()) statSync(join(path, 'index.html'));
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  }

  /** The preview's own files (the reload script, the warnings' style sheet) and event stream; false for any other path. */
  private servePreviewOwn(path: string, res: ServerResponse): boolean {
    if (path === RELOAD_JS_PATH) send(res, 200, RELOAD_JS.trimEnd(), { 'Content-Type': 'text/javascript; charset=utf-8' });
    else if (path === PREVIEW_CSS_PATH) send(res, 200, PREVIEW_CSS.trimEnd(), { 'Content-Type': 'text/css; charset=utf-8' });
    else if (path === EVENTS_PATH) this.live.connect(res);
    else return false;
    return true;
  }

  /** The file at `rest` under the root, a folder's index.html (with a redirect to add the slash), or 404. */
  private serveFromRoot(req: IncomingMessage, res: ServerResponse, rest: string[], path: string): void {
    const file = join(this.opts.root, ...rest);
    const rel = relative(this.opts.root, file);
    if (rel.split(sep)[0] === '..' || isAbsolute(rel)) return send(res, 400, 'bad request: malformed path');
    let st: Stats;
    try {
      st = statSync(file);
    } catch {
      return send(res, 404, 'not found');
    }
    if (st.isDirectory()) {
      if (!path.endsWith('/')) return send(res, 301, 'moved', { Location: `${path}/` });
      const index = join(file, 'index.html');
      try {
        st = statSync(index);
      } catch {
        return send(res, 404, 'not found');
      }
      if (!st.isFile()) return send(res, 404, 'not found');
      return this.serveFile(req, res, index, st, path);
    }
    if (!st.isFile()) return send(res, 404, 'not found');
    return this.serveFile(req, res, file, st, path);
  }

  /** A file as it is, or a page with the reload script (and the warnings' banner) added. */
  private serveFile(req: IncomingMessage, res: ServerResponse, file: string, st: Stats, urlPath: string): void {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    if (type.startsWith('text/html') && !urlPath.includes('/download/')) {
      const html = previewPolicy(readFileSync(file, 'utf8'));
      return sendHtml(req, res, 200, beforeBodyEnd(html, (this.view.banner ?? '') + this.live.tag()), {});
    }
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(st.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }
}

/** The latest build given, until it settles (`running`: resolves, never rejects, when it does; null after). */
class PendingBuild {
  running: Promise<void> | null = null;

  set(done: Promise<unknown>): void {
    const running = done.then(
      () => {},
      () => {},
    );
    this.running = running;
    void running.then(() => {
      if (this.running === running) this.running = null;
    });
  }
}
