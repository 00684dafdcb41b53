/**
 * `jamrecap serve`: build the site into a preview folder of its own, serve
 * it on 127.0.0.1 (preview-server.ts), and rebuild it after every change
 * to the content folder (notes, exports, pages, `_data/siteMeta.json`, a
 * new jam) or the theme, reloading the open pages (preview-builds.ts).
 * While a build fails, every page shows the error page (each problem at
 * `file:line:col` with its source line, serve-error-page.ts) until a save
 * fixes it; the terminal prints each problem once, without Eleventy's own
 * lines (those with `--verbose`).
 *
 * The preview never writes where a published site or the user's files are:
 * by default it goes to a fresh folder in the system's temporary folder,
 * deleted when serve stops; `--out DIR` must pass build's checks and be
 * empty, new, or an earlier preview (it holds `.jamrecap-preview`, which
 * `build` never writes, so a published `_site` is refused).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { contentFolderProblem, hasMarker, outputProblems, PREVIEW_MARKER, recoverOutput, writeMarker } from '../../site/build.ts';
import { resolvePublicAddress } from '../../site/options.ts';
import { THEME_DIR } from '../../site/theme.ts';
import { themeOverrideDir } from '../../site/theme-folder.ts';
import { jamToShowFirst } from '../../site/first-jam.ts';
import { errorLine, formatProblem } from '../../notes/problems.ts';
import { ListenError, startPreviewServer, type PreviewServer } from '../preview-server.ts';
import { BuildReporter, buildPreview, emptyPreview, jamSummaryPrinter, rebuildOnChange, type PreviewBuild, type Terminal } from '../preview-builds.ts';
import { EXIT, VERBOSITY_OPTIONS, verbosityOf, verbosityUsage, type Verbosity } from '../exit.ts';
import { errorPageHtml, warningBannerHtml } from '../serve-error-page.ts';

const usage = `Usage: jamrecap serve [options]

Builds the site into a preview folder and serves it at http://127.0.0.1:PORT/,
rebuilding and reloading the browser when notes, exports or layouts change.
While a build fails, every page shows its problems (file:line:col and the
line) and reloads by itself once they are fixed. Drafts ("draft: true") are
shown. The preview never touches the published site: it is written to a
temporary folder, deleted when serve stops.

Options:
  --content DIR       the content folder, holding jams/<slug>/ (default: content)
  --theme DIR         the publisher's theme folder (default: theme/ beside the content folder, if any)
  --out DIR           keep the preview in DIR instead (new, empty, or an earlier
                      preview holding ${PREVIEW_MARKER}; never a published site)
  --host ADDR         the address to listen on (default: 127.0.0.1, this machine only)
  --port N            the port (default: 8080; 0 picks a free one)
  --base-url URL      the site's public address, for canonical links
  --path-prefix PATH  serve the site from a subpath (e.g. /recaps/)
${verbosityUsage("also print Eleventy's own lines (files written, timings, stack traces) and each build's jam summaries")}`;

interface ServeSettings {
  contentDir: string;
  theme?: string;
  out?: string;
  host: string;
  port: number;
  address: { baseUrl: string; pathPrefix: string };
  verbosity: Verbosity;
}

/** The command line read and checked: the settings, or what is wrong with it. */
function readSettings(args: string[]): ServeSettings | string {
  const { values } = parseArgs({
    args,
    options: {
      content: { type: 'string', default: 'content' },
      theme: { type: 'string' },
      out: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8080' },
      'base-url': { type: 'string' },
      'path-prefix': { type: 'string' },
      ...VERBOSITY_OPTIONS,
    },
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port!) || !Number.isInteger(port) || port > 65535) return `--port must be a port number (got "${values.port}")`;
  if (!values.host) return '--host must name an address (e.g. 127.0.0.1)';
  let address: ServeSettings['address'];
  let verbosity: Verbosity;
  try {
    verbosity = verbosityOf(values);
    address = resolvePublicAddress(values['base-url'], values['path-prefix']);
  } catch (err) {
    return (err as Error).message;
  }
  const missing = contentFolderProblem(values.content!);
  if (missing) return missing;
  return { contentDir: values.content!, theme: values.theme, out: values.out, host: values.host, port, address, verbosity };
}

/**
 * The preview folder, checked like build's --out and marked as a preview:
 * a new temporary folder (deleted by `cleanup`), or `out`, emptied when it
 * is an earlier preview. Null (problems printed) when `out` cannot be used.
 */
function openPreviewFolder(contentDir: string, out: string | undefined): { outDir: string; cleanup: () => void } | null {
  if (out === undefined) {
    const outDir = mkdtempSync(join(tmpdir(), 'jamrecap-serve-'));
    writeMarker(outDir, 'preview');
    return { outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
  }
  const outDir = resolve(out);
  const problems = outputProblems(contentDir, outDir, 'preview');
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
    return null;
  }
  recoverOutput(outDir, 'preview');
  mkdirSync(outDir, { recursive: true });
  // An earlier preview: start afresh (the marker says it is jamrecap's to rewrite).
  if (hasMarker(outDir, 'preview')) emptyPreview(outDir);
  writeMarker(outDir, 'preview');
  return { outDir, cleanup: () => {} };
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The builds of the preview, one at a time (each waits for the one before). */
interface PreviewRebuilder {
  /** The first look: only the jam being edited (when the site has several), or the whole site. */
  first(): Promise<void>;
  /** The whole site, built while the first look is shown (files not yet written wait for it). */
  rest(): Promise<void>;
  /** A build of the whole site after a change. */
  rebuild(): Promise<void>;
}

/**
 * The preview's builds: pages wait for a build (or, for the whole site
 * built after the first look, only the pages not written yet), then show
 * its result (the site, or the error page); then every open page reloads
 * and the terminal gets the report.
 */
function previewRebuilder(server: PreviewServer, outDir: string, settings: ServeSettings): PreviewRebuilder {
  const terminal: Terminal = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  const reporter = new BuildReporter(terminal, settings.verbosity);
  const summaries = jamSummaryPrinter(terminal, settings.verbosity);
  const options = { contentDir: settings.contentDir, outDir, ...settings.address, theme: settings.theme, verbose: settings.verbosity === 'verbose' };
  const firstJam = jamToShowFirst(settings.contentDir);
  // Whole-site builds, counted: the jams' summaries print after the first (the first look's one jam is not the site).
  let builds = 0;
  let queue: Promise<void> = Promise.resolve();
  const build = (extra: { onlyJams?: string[]; keep?: boolean }, background: boolean): Promise<void> => {
    const run = async () => {
      const n = extra.onlyJams ? 0 : ++builds;
      const done = (async (): Promise<PreviewBuild> => {
        try {
          return await buildPreview({ ...options, ...extra, onJamBuilt: summaries.forBuild(n) });
        } catch (err) {
          return { ok: false, problems: [], failure: errorLine((err as Error).message ?? String(err)) };
        }
      })();
      if (background) server.background(done);
      else server.hold(done);
      const result = await done;
      // A first look that fails shows its errors; the whole site's build then reports its own.
      server.showBuild(result.ok ? { banner: warningBannerHtml(result.problems) } : { errorPage: errorPageHtml(result) });
      server.reload();
      if (!(extra.onlyJams && result.ok)) reporter.report(result);
      else if (settings.verbosity !== 'quiet') terminal.out(`jamrecap serve: showing ${extra.onlyJams.join(', ')} first; building the other ${firstJam!.jams - 1} jams`);
    };
    queue = queue.then(run, run);
    return queue;
  };
  return {
    first: () => build(firstJam ? { onlyJams: [firstJam.name] } : {}, false),
    rest: () => (firstJam ? build({ keep: true }, true) : Promise.resolve()),
    rebuild: () => build({}, false),
  };
}

export const command: Command = {
  summary: 'preview the site with live reload',
  usage,
  async run(args) {
    const fail = (message: string) => {
      process.stderr.write(`jamrecap serve: ${message}\n`);
      return EXIT.usage;
    };
    const settings = readSettings(args);
    if (typeof settings === 'string') return fail(settings);
    const folder = openPreviewFolder(settings.contentDir, settings.out);
    if (!folder) return EXIT.usage;
    let server: PreviewServer;
    try {
      server = await startPreviewServer({ root: folder.outDir, host: settings.host, port: settings.port, pathPrefix: settings.address.pathPrefix });
    } catch (err) {
      folder.cleanup();
      if (err instanceof ListenError) return fail(err.message);
      throw err;
    }
    const stopped = untilStopped();
    const builds = previewRebuilder(server, folder.outDir, settings);
    await builds.first();
    process.stdout.write(`jamrecap serve: listening on ${server.url} (preview in ${folder.outDir}; Ctrl-C stops)\n`);
    const rest = builds.rest();
    // The content, the shipped theme and the publisher's theme, if any.
    const themeDir = themeOverrideDir(settings.contentDir, settings.theme);
    // (Not the preview folder: `--out` may be inside a theme folder, and its writes are no change.)
    const watcher = rebuildOnChange([resolve(settings.contentDir), THEME_DIR, ...(themeDir && existsSync(themeDir) ? [themeDir] : [])], builds.rebuild, { ignore: [folder.outDir] });
    await stopped;
    watcher.close();
    await watcher.idle();
    await rest;
    await server.close();
    folder.cleanup();
    return EXIT.ok;
  },
};
