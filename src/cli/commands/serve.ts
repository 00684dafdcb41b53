/**
 * `jamrecap serve`: Eleventy's development server with live reload. Editing
 * a recap.md or an export rebuilds; problems are printed (file:line:col)
 * and the server keeps running so the fix shows up on save.
 */
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { checkContent, createEleventy } from '../../site/build.ts';
import { formatSummary, resolvePublicAddress, defaultSiteOptions } from '../../site/options.ts';
import { formatProblem } from '../../site/problems.ts';

const usage = `Usage: jamrecap serve [options]

Builds the site and serves it at http://localhost:PORT/, rebuilding and
reloading the browser when notes, exports or layouts change. Drafts
("draft: true") are shown.

Options:
  --content DIR     the content folder (default: content)
  --out DIR         where to write the site (default: _site)
  --port N          port of the development server (default: 8080)
  --base-url URL    the site's public address, for canonical links
  --path-prefix PATH  serve the site from a subpath (e.g. /recaps/)`;

export const command: Command = {
  summary: 'preview the site with live reload',
  usage,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        content: { type: 'string', default: 'content' },
        out: { type: 'string', default: '_site' },
        port: { type: 'string', default: '8080' },
        'base-url': { type: 'string' },
        'path-prefix': { type: 'string' },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      process.stderr.write(`jamrecap serve: --port must be a port number (got "${values.port}")\n`);
      return 2;
    }
    let address: { baseUrl: string; pathPrefix: string };
    try {
      address = resolvePublicAddress(values['base-url'], values['path-prefix']);
    } catch (err) {
      process.stderr.write(`jamrecap serve: ${(err as Error).message}\n`);
      return 2;
    }
    // Report problems up front; the server still starts so that fixing them reloads the page.
    for (const p of checkContent(values.content!, { ...defaultSiteOptions(), ...address, drafts: true })) process.stderr.write(`${formatProblem(p)}\n`);
    const elev = createEleventy({
      contentDir: values.content!,
      outDir: values.out!,
      ...address,
      drafts: true, // the preview shows drafts
      runMode: 'serve',
      onJamBuilt: (s) => process.stdout.write(`${formatSummary(s)}\n`),
    });
    await elev.init();
    await elev.watch();
    await elev.serve(port);
    await new Promise<void>((done) => {
      const stop = async () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await elev.stopWatch();
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
