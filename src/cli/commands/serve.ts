/**
 * `jamrecap serve`: build the site into a preview folder of its own, serve
 * it on 127.0.0.1 (preview-server.ts), and rebuild and reload the browser
 * when notes, exports or layouts change. Problems are printed
 * (file:line:col) and the server keeps running so the fix shows up on save.
 *
 * The preview never writes where a published site or the user's files are:
 * by default it goes to a fresh folder in the system's temporary folder,
 * deleted when serve stops; `--out DIR` must pass build's checks and be
 * empty, new, or an earlier preview (it holds `.jamrecap-preview`, which
 * `build` never writes, so a published `_site` is refused).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { checkContent, contentFolderProblem, createEleventy, hasMarker, outputProblems, PREVIEW_MARKER, recoverOutput, writeMarker } from '../../site/build.ts';
import { formatSummary, resolvePublicAddress, defaultSiteOptions } from '../../site/options.ts';
import { formatProblem } from '../../notes/problems.ts';
import { ListenError, startPreviewServer, type PreviewServer } from '../preview-server.ts';

const usage = `Usage: jamrecap serve [options]

Builds the site into a preview folder and serves it at http://127.0.0.1:PORT/,
rebuilding and reloading the browser when notes, exports or layouts change.
Drafts ("draft: true") are shown. The preview never touches the published
site: it is written to a temporary folder, deleted when serve stops.

Options:
  --content DIR       the content folder, holding jams/<slug>/ (default: content)
  --out DIR           keep the preview in DIR instead (new, empty, or an earlier
                      preview holding ${PREVIEW_MARKER}; never a published site)
  --host ADDR         the address to listen on (default: 127.0.0.1, this machine only)
  --port N            the port (default: 8080; 0 picks a free one)
  --base-url URL      the site's public address, for canonical links
  --path-prefix PATH  serve the site from a subpath (e.g. /recaps/)`;

export const command: Command = {
  summary: 'preview the site with live reload',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        content: { type: 'string', default: 'content' },
        out: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        'base-url': { type: 'string' },
        'path-prefix': { type: 'string' },
      },
    });
    const fail = (message: string, code = 2) => {
      process.stderr.write(`jamrecap serve: ${message}\n`);
      return code;
    };
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port!) || !Number.isInteger(port) || port > 65535) return fail(`--port must be a port number (got "${values.port}")`);
    if (!values.host) return fail('--host must name an address (e.g. 127.0.0.1)');
    let address: { baseUrl: string; pathPrefix: string };
    try {
      address = resolvePublicAddress(values['base-url'], values['path-prefix']);
    } catch (err) {
      return fail((err as Error).message);
    }
    const contentDir = values.content!;
    const missing = contentFolderProblem(contentDir);
    if (missing) return fail(missing);

    // The preview folder: checked like build's --out, marked as a preview.
    let outDir: string;
    const ownTemp = values.out === undefined;
    if (ownTemp) {
      outDir = mkdtempSync(join(tmpdir(), 'jamrecap-serve-'));
    } else {
      outDir = resolve(values.out!);
      const problems = outputProblems(contentDir, outDir, 'preview');
      if (problems.length) {
        for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
        return 2;
      }
      recoverOutput(outDir, 'preview');
      mkdirSync(outDir, { recursive: true });
      // An earlier preview: start afresh (the marker says it is jamrecap's to rewrite).
      if (hasMarker(outDir, 'preview')) for (const e of readdirSync(outDir)) if (e !== PREVIEW_MARKER) rmSync(join(outDir, e), { recursive: true, force: true });
    }
    writeMarker(outDir, 'preview');
    const cleanup = () => {
      if (ownTemp) rmSync(outDir, { recursive: true, force: true });
    };

    let server: PreviewServer;
    try {
      server = await startPreviewServer({ root: outDir, host: values.host!, port, pathPrefix: address.pathPrefix });
    } catch (err) {
      cleanup();
      if (err instanceof ListenError) return fail(err.message);
      throw err;
    }

    // Report problems up front; the server still runs so that fixing them reloads the page.
    for (const p of checkContent(contentDir, { ...defaultSiteOptions(), ...address, drafts: true })) process.stderr.write(`${formatProblem(p)}\n`);
    const stopped = new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    let stopping = false;
    void stopped.then(() => (stopping = true));
    // Eleventy starts watching only after a first build that succeeds: until
    // then, wait for a change in the content folder and try again.
    let elev: ReturnType<typeof createEleventy> | null = null;
    let announced = false;
    while (!stopping) {
      const attempt = createEleventy({
        contentDir,
        outDir,
        ...address,
        drafts: true, // the preview shows drafts
        runMode: 'watch',
        onJamBuilt: (s) => process.stdout.write(`${formatSummary(s)}\n`),
        onBuilt: () => server.reload(),
      });
      try {
        await attempt.init();
        await attempt.watch();
        elev = attempt;
      } catch (err) {
        process.stderr.write(`jamrecap serve: the build failed: ${(err as Error).message.split('\n')[0]} (fix it and save: the preview rebuilds)\n`);
        await attempt.stopWatch().catch(() => {});
      }
      if (!announced) {
        process.stdout.write(`jamrecap serve: listening on ${server.url} (preview in ${outDir}; Ctrl-C stops)\n`);
        announced = true;
      }
      if (elev) break;
      const change = changeIn(contentDir);
      await Promise.race([stopped, change.happened]);
      change.close();
    }
    await stopped;
    await Promise.allSettled([elev?.stopWatch(), server.close()]);
    cleanup();
    return 0;
  },
};

/** The first change under `dir` (after a short quiet, so that an editor's save is one change). */
function changeIn(dir: string): { happened: Promise<void>; close: () => void } {
  let close = () => {};
  const happened = new Promise<void>((done) => {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => close(), 200);
    });
    close = () => {
      clearTimeout(timer);
      watcher.close();
      done();
    };
    watcher.on('error', () => close());
  });
  return { happened, close };
}
