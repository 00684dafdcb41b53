/**
 * The preview's live reload, without inline script: a page gets its CSP's
 * `script-src 'none'` (the published site's) relaxed to `'self'`, and
 * `<script src="/.jamrecap/reload.js?build=N">`, which listens to
 * `/.jamrecap/events` (server-sent events: the number of the latest build,
 * on connecting and after each build) and reloads the page when that is not
 * the build it was served from; so a rebuild that ends between a page's
 * loading and its connecting still reloads it.
 */
import type { ServerResponse } from 'node:http';

/** The reload script's path, and the event stream it listens to. */
export const RELOAD_JS_PATH = '/.jamrecap/reload.js';
export const EVENTS_PATH = '/.jamrecap/events';

export const RELOAD_JS = `(() => {
  const served = new URL(document.currentScript.src).searchParams.get('build');
  new EventSource('/.jamrecap/events').addEventListener('build', (e) => {
    if (e.data !== served) location.reload();
  });
})();
`;

/** In the pages' Content-Security-Policy meta: none on the published site, the reload script in the preview. */
const PUBLISHED_SCRIPT_POLICY = /(<meta http-equiv="Content-Security-Policy" content="[^"]*)script-src 'none'/;
const PREVIEW_SCRIPT_POLICY = "$1script-src 'self'";

/**
 * A published page's policy with the preview's own reload script let in: the
 * published pages allow no script at all (script-src 'none'); the preview lets
 * its reload script in, from the preview server only, and nothing else.
 */
export function previewPolicy(html: string): string {
  return html.replace(PUBLISHED_SCRIPT_POLICY, PREVIEW_SCRIPT_POLICY);
}

/** `html` with `extra` just before its `</body>` (or at its end). */
export function beforeBodyEnd(html: string, extra: string): string {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + extra : html.slice(0, at) + extra + html.slice(at);
}

/** The number of the latest build, and the pages listening for the next. */
export class LiveReload {
  private build = 0;
  private readonly streams = new Set<ServerResponse>();

  /** The script tag a page gets, naming the build it is served from. */
  tag(): string {
    return `<script src="${RELOAD_JS_PATH}?build=${this.build}" defer></script>`;
  }

  /** A page's event stream: the latest build now, and each next one as it ends. */
  connect(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`: jamrecap preview\n\nevent: build\ndata: ${this.build}\n\n`);
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  /** A build ended: tell every open page, which reloads. */
  announce(): void {
    this.build++;
    for (const res of this.streams) res.write(`event: build\ndata: ${this.build}\n\n`);
  }

  /** End every open stream (the server is closing). */
  close(): void {
    for (const res of this.streams) res.end();
    this.streams.clear();
  }
}
