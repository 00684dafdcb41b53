/**
 * Commands load only what they need (issue 11, start-up): `jamrecap formats`
 * lists the formats from format-list.ts without loading any importer, and an
 * import that needs no CSS selectors never loads cheerio; the selectors
 * importer loads it on first use. Each case runs in a child process whose
 * module hook refuses the modules that must not load (ES modules), and whose
 * require.cache shows cheerio (loaded through require, see cheerio-lazy.ts).
 * And format-list.ts agrees with the importers: same names, descriptions, order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { FORMATS } from '../src/import/format-list.ts';
import { importers } from '../src/import/registry.ts';

const ROOT = new URL('..', import.meta.url);

/** Runs `body` (an ES module) under tsx with a hook that refuses every module whose URL matches `refuse`. */
function runRefusing(refuse: RegExp, body: string): { status: number | null; stdout: string; stderr: string } {
  const hook = `export async function load(url, context, next) { if (${refuse}.test(url)) throw new Error('loaded ' + url); return next(url, context); }`;
  const script =
    `import { register, createRequire } from 'node:module';\n` +
    `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));\n` +
    `const cheerioRequired = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/cheerio/'));\n` +
    body;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('format-list.ts names every importer in detection order, with its own description', () => {
  assert.deepEqual(
    FORMATS.map((f) => [f.name, f.description]),
    importers.map((i) => [i.name, i.description]),
  );
  assert.equal(importers.length, 9);
});

test('formats lists every format without loading an importer or cheerio', () => {
  const r = runRefusing(/\/src\/import\/(formats\/|registry\.ts)|\/node_modules\/cheerio\//, `
    const { command } = await import('./src/cli/commands/formats.ts');
    process.exitCode = await command.run([]);
    if (cheerioRequired()) throw new Error('cheerio was required');`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  const width = Math.max(...importers.map((i) => i.name.length));
  assert.equal(r.stdout, importers.map((i) => `${i.name.padEnd(width)}  ${i.description}\n`).join(''));
});

test('a TweetChat import loads no cheerio; the selectors importer loads it on first use, once', () => {
  const r = runRefusing(/\/node_modules\/cheerio\//, `
    const { ExportFile } = await import('./src/import/export-file.ts');
    const { importExports } = await import('./src/import/pipeline.ts');
    const { tweetchatPage } = await import('./bench/tweetchat-page.ts');
    const page = tweetchatPage(50);
    const t = importExports([new ExportFile('room.html', page)], { hints: false });
    const before = cheerioRequired();
    const s = importExports([new ExportFile('room.html', page)], {
      hints: false,
      format: 'selectors',
      selectors: { message: 'div.tweet', author: '.tweet-user', time: '.tweet-time', text: '.tweet-text' },
    });
    process.stdout.write(JSON.stringify({ format: t.sources[0].format, messages: t.messages.length, before, after: cheerioRequired(), selectorsFound: s.sources[0].found }));`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), { format: 'tweetchat', messages: 50, before: false, after: true, selectorsFound: 50 });
});
