/**
 * Commands load only what they need (issue 11, start-up): `jamrecap formats`
 * lists the formats from format-list.ts without loading any importer, and an
 * import that needs no CSS selectors never loads cheerio; the selectors
 * importer loads it on first use. Each case runs in a child process whose
 * module hook refuses the modules that must not load (ES modules), and whose
 * require.cache shows cheerio (loaded through require, see cheerio-lazy.ts).
 * Likewise `jamrecap import` of a TweetChat page loads none of the packages
 * other exports or commands need (luxon, iconv-lite, csv-parse: see
 * lazy-packages.ts; ajv, yaml, markdown-it, Eleventy) nor the parts of
 * htmlparser2 beside its parser (see html-parser.ts), and the lazy ones load
 * on first use. A build with every cache warm loads neither ajv (it checks
 * imports read back from the import cache) nor turndown (it writes a
 * recap's Markdown download).
 * And format-list.ts agrees with the importers: same names, descriptions, order.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS } from '../src/import/format-list.ts';
import { importers } from '../src/import/registry.ts';
import { tweetchatPage } from '../bench/tweetchat-page.ts';

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
  assert.equal(importers.length, 26);
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

/** Packages `jamrecap import` of a TweetChat page does not need (as they appear in node_modules paths). */
const NOT_FOR_TWEETCHAT = ['luxon', 'iconv-lite', 'csv-parse', 'ajv', 'yaml', 'markdown-it', 'cheerio', 'domutils', 'dom-serializer', '@11ty'];

/** A TweetChat page of 30 messages (made here: the page generator itself uses iconv-lite). */
const ROOM_DIR = mkdtempSync(join(tmpdir(), 'jamrecap-lazy-'));
const ROOM = join(ROOM_DIR, 'room.html');
writeFileSync(ROOM, tweetchatPage(30));
after(() => rmSync(ROOM_DIR, { recursive: true, force: true }));

/** A child's script: runs `jamrecap import` of ROOM; `loaded()` lists the NOT_FOR_TWEETCHAT packages required so far. */
const IMPORT_ROOM = `
  const loaded = () => {
    const paths = Object.keys(createRequire(import.meta.url).cache);
    return ${JSON.stringify(NOT_FOR_TWEETCHAT)}.filter((n) => paths.some((p) => p.includes('/node_modules/' + n + '/')));
  };
  const { readFileSync } = await import('node:fs');
  const { command } = await import('./src/cli/commands/import.ts');
  const code = await command.run([${JSON.stringify(ROOM)}, '--out', ${JSON.stringify(join(ROOM_DIR, 'room.json'))}, '--quiet']);
  const kept = JSON.parse(readFileSync(${JSON.stringify(join(ROOM_DIR, 'room.json'))}, 'utf8')).messages.length;
  const { htmlParser } = await import('./src/import/html-parser.ts');
`;

test('a TweetChat import loads none of luxon, iconv-lite, csv-parse, ajv, yaml, markdown-it, domutils, ...', () => {
  const names = NOT_FOR_TWEETCHAT.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const r = runRefusing(new RegExp(`/node_modules/(${names})/`), `${IMPORT_ROOM}
    process.stdout.write(JSON.stringify({ code, kept, lean: htmlParser.lean, loaded: loaded() }));`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  // lean: htmlparser2's own Parser and Tokenizer, not its entry point (which loads domutils and dom-serializer).
  assert.deepEqual(JSON.parse(r.stdout), { code: 0, kept: 30, lean: true, loaded: [] });
});

test('luxon, iconv-lite and csv-parse load on first use: an RFC 2822 time, a koi8-r page, a CSV', () => {
  const r = runRefusing(/^$/, `${IMPORT_ROOM}
    const before = loaded();
    const { parseRfc2822 } = await import('./src/import/time.ts');
    const rfc = parseRfc2822('Wed, 27 Oct 2010 03:56:39 +0000');
    const afterTime = loaded();
    const { decodeBytes } = await import('./src/import/decode.ts');
    const koi8 = decodeBytes(Buffer.concat([Buffer.from('<meta charset="koi8-r"><p>'), Buffer.from([0xf0, 0xd2, 0xc9])]));
    const afterKoi8 = loaded();
    const { readItems } = await import('./src/import/formats/csv.ts');
    const rows = readItems(Buffer.from('a;b\\n1;2\\n'), ';').items.map((i) => i.cells);
    process.stdout.write(JSON.stringify({ kept, before, rfc, afterTime, koi8: [koi8.encoding, koi8.text.slice(-3)], afterKoi8, rows, after: loaded() }));`);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), {
    kept: 30,
    before: [],
    rfc: { time: '2010-10-27T03:56:39.000Z', precision: 'second' },
    afterTime: ['luxon'],
    koi8: ['koi8-r', 'При'],
    afterKoi8: ['luxon', 'iconv-lite'],
    rows: [['a', 'b'], ['1', '2']],
    after: ['luxon', 'iconv-lite', 'csv-parse'],
  });
});

test('a rebuild with every cache warm loads neither ajv nor turndown; each loads when first needed', () => {
  const site = mkdtempSync(join(tmpdir(), 'jamrecap-lazy-build-'));
  try {
    cpSync(fileURLToPath(new URL('content', ROOT)), join(site, 'content'), { recursive: true });
    const build = `
      const loaded = () => {
        const paths = Object.keys(createRequire(import.meta.url).cache);
        return ['ajv', 'turndown', '@mixmark-io/domino'].filter((n) => paths.some((p) => p.includes('/node_modules/' + n + '/')));
      };
      const { buildSite } = await import('./src/site/build.ts');
      const r = await buildSite({ contentDir: ${JSON.stringify(join(site, 'content'))}, outDir: ${JSON.stringify(join(site, 'out'))}, cacheDir: ${JSON.stringify(join(site, 'cache'))}, verbose: false });
      process.stdout.write(JSON.stringify({ ok: r.ok, loaded: loaded() }));`;
    const run = () => {
      const r = runRefusing(/^$/, build);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { ok: boolean; loaded: string[] };
    };
    const cold = run();
    const warm = run();
    // An edited recap.md: its jam's import is read back from the import cache (checked by ajv) and its recap rendered again (turndown).
    const recap = join(site, 'content', 'jams', '2012-10-24-socbizchat', 'recap.md');
    writeFileSync(recap, `${readFileSync(recap, 'utf8')}\nOne more line.\n`);
    const edited = run();
    assert.deepEqual([cold, warm, edited], [
      { ok: true, loaded: ['turndown', '@mixmark-io/domino'] },
      { ok: true, loaded: [] },
      { ok: true, loaded: ['ajv', 'turndown', '@mixmark-io/domino'] },
    ]);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});
