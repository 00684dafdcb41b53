/**
 * The preview server behind `jamrecap serve`: a small static file server
 * over the preview folder, with live reload. It replaces Eleventy's
 * development server, which listens on every interface, moves to the next
 * port when the one asked for is busy, and lets a malformed path
 * (`/%ff`) throw inside its request handler.
 *
 * - It listens on one host (127.0.0.1 unless told otherwise) and one port;
 *   a busy port is an error that names it.
 * - A path is decoded once, strictly: malformed percent-encoding, a NUL, a
 *   backslash or a `.`/`..` segment (encoded or not) gets 400. Only files
 *   under the root are ever read; any other failure is a 500 without
 *   details. The server keeps running whatever it is sent.
 * - Live reload without inline script: HTML pages get their CSP's
 *   `script-src 'none'` (the published site's) relaxed to `'self'`, and
 *   `<script src="/.jamrecap/reload.js?build=N">`, which listens to
 *   `/.jamrecap/events` (server-sent events: the number of the latest
 *   build, on connecting and after each build) and reloads the page when
 *   that is not the build it was served from; so a rebuild that ends
 *   between a page's loading and its connecting still reloads it. The
 *   standalone downloads are served as they are.
 * - While a build runs (`hold`), requests wait for it, so a page is never
 *   read half written. While the build fails (`showBuild`), every page
 *   request gets the error page (status 500, its own strict CSP) instead
 *   of a stale page; after a build with warnings, pages get a banner.
 */
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, isAbsolute, sep } from 'node:path';
import { ERROR_PAGE_CSP, PREVIEW_CSS, PREVIEW_CSS_PATH } from './serve-error-page.ts';

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
  close(): Promise<void>;
}

/** Why the server could not listen, in one line (a busy port, a host that is not this machine's). */
export class ListenError extends Error {}

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

const RELOAD_JS = `(() => {
  const served = new URL(document.currentScript.src).searchParams.get('build');
  new EventSource('/.jamrecap/events').addEventListener('build', (e) => {
    if (e.data !== served) location.reload();
  });
})();
`;
const reloadTag = (build: number) => `<script src="/.jamrecap/reload.js?build=${build}" defer></script>`;
/** In the pages' Content-Security-Policy meta: none on the published site, the reload script in the preview. */
const PUBLISHED_SCRIPT_POLICY = /(<meta http-equiv="Content-Security-Policy" content="[^"]*)script-src 'none'/;
const PREVIEW_SCRIPT_POLICY = "$1script-src 'self'";

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

/** `html` with `extra` just before its `</body>` (or at its end). */
function beforeBodyEnd(html: string, extra: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + extra : html.slice(0, at) + extra + html.slice(at);
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${text}\n`);
}

export function startPreviewServer(opts: PreviewOptions): Promise<PreviewServer> {
  const events = new Set<ServerResponse>();
  const prefixSegments = opts.pathPrefix.split('/').filter(Boolean);
  let build = 0;
  let view: { errorPage?: string; banner?: string } = {};
  let busy: Promise<unknown> | null = null;

  const sendHtml = (req: IncomingMessage, res: ServerResponse, status: number, html: string, headers: Record<string, string>) => {
    const body = Buffer.from(html);
    res.writeHead(status, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse, file: string, st: Stats, urlPath: string) => {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html') && !urlPath.includes('/download/')) {
      // The published pages allow no script at all (script-src 'none'); the preview lets its
      // own reload script in, from the preview server only, and nothing else.
      const html = readFileSync(file, 'utf8').replace(PUBLISHED_SCRIPT_POLICY, PREVIEW_SCRIPT_POLICY);
      return sendHtml(req, res, 200, beforeBodyEnd(html, (view.banner ?? '') + reloadTag(build)), {});
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(st.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    const url = req.url ?? '';
    const segments = pathSegments(url);
    if (!segments) return send(res, 400, 'bad request: malformed path');
    const path = url.split(/[?#]/, 1)[0];
    if (path === '/.jamrecap/reload.js') return send(res, 200, RELOAD_JS.trimEnd(), { 'Content-Type': 'text/javascript; charset=utf-8' });
    if (path === PREVIEW_CSS_PATH) return send(res, 200, PREVIEW_CSS.trimEnd(), { 'Content-Type': 'text/css; charset=utf-8' });
    if (path === '/.jamrecap/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`: jamrecap preview\n\nevent: build\ndata: ${build}\n\n`);
      events.add(res);
      res.on('close', () => events.delete(res));
      return;
    }
    while (busy) await busy;
    if (prefixSegments.some((p, i) => segments[i] !== p)) {
      if (path === '/') return send(res, 302, `see ${opts.pathPrefix}`, { Location: opts.pathPrefix });
      return send(res, 404, `not found (the preview is at ${opts.pathPrefix})`);
    }
    if (view.errorPage !== undefined && isPagePath(path)) {
      return sendHtml(req, res, 500, beforeBodyEnd(view.errorPage, reloadTag(build)), { 'Content-Security-Policy': ERROR_PAGE_CSP });
    }
    const rest = segments.slice(prefixSegments.length);
    const file = join(opts.root, ...rest);
    const rel = relative(opts.root, file);
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
      return serveFile(req, res, index, st, path);
    }
    if (!st.isFile()) return send(res, 404, 'not found');
    return serveFile(req, res, file, st, path);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
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

  return new Promise((resolvePromise, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${opts.host}:${opts.port}`;
      if (err.code === 'EADDRINUSE') reject(new ListenError(`port ${opts.port} on ${opts.host} is already in use: stop what uses it, or choose another with --port N`));
      else if (err.code === 'EACCES') reject(new ListenError(`not allowed to listen on port ${opts.port} (${where}): choose a port above 1023 with --port N`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') reject(new ListenError(`cannot listen on host ${opts.host}: not an address of this machine (--host)`));
      else reject(new ListenError(`cannot listen on ${where}: ${err.message}`));
    };
    server.once('error', onError);
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => {
      server.off('error', onError);
      server.on('error', () => {});
      const addr = server.address() as AddressInfo;
      const hostInUrl = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
      resolvePromise({
        server,
        host: addr.address,
        port: addr.port,
        url: `http://${hostInUrl}:${addr.port}${opts.pathPrefix}`,
        reload() {
          build++;
          for (const res of events) res.write(`event: build\ndata: ${build}\n\n`);
        },
        showBuild(next) {
          view = { ...next };
        },
        hold(done) {
          const held = done.then(
            () => {},
            () => {},
          );
          busy = held;
          void held.then(() => {
            if (busy === held) busy = null;
          });
        },
        close() {
          for (const res of events) res.end();
          events.clear();
          return new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
        },
      });
    });
  });
}
