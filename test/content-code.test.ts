/**
 * Nothing in the content folder runs code. Each vector below once ran
 * JavaScript at build time (or would have, had Eleventy found a template
 * next to it): a Markdown page with `templateEngineOverride: njk` and
 * `{{ ''.constructor.constructor("...")() }}`, a `.njk` page, `*.11tydata.*`
 * files with `eleventyComputed`, `_data/*.js|cjs|mjs`, directory data files,
 * a real folder named like the theme's virtual one, and front matter keys
 * Eleventy acts on. Every payload writes a marker file; the tests prove that
 * `check` refuses each one at its exact `file:line:col`, that neither
 * `check` nor `build` (nor Eleventy run directly with jamrecap's config)
 * writes the marker, and that what a content folder may hold (a Markdown
 * page) is published with no script and with the site's CSP on every page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { withoutSearchScript } from './helpers/search-page.ts';
import { searchPageCsp } from '../src/publish/headers.ts';
import { listFiles } from './helpers/files.ts';
import { buildSite, createEleventy } from '../src/site/build.ts';
import { formatProblem } from '../src/notes/problems.ts';

const EXAMPLE = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat');

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-content-code-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/jamrecap.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') },
  });
}

/** JavaScript that writes `marker`, as a Nunjucks expression would run it. */
const js = (marker: string) => `process.getBuiltinModule('fs').writeFileSync('${marker}', '1')`;
const njk = (marker: string) => `{{ ''.constructor.constructor(${JSON.stringify(js(marker))})() }}`;

interface Vector {
  name: string;
  /** Files to add (path relative to the content folder -> text), given the marker path. */
  files: (marker: string) => Record<string, string>;
  /** The file and position `check` reports, and the start of its message. */
  at: [file: string, line: number, col: number, message: RegExp];
  /** The site's own check (which Eleventy runs) skips the file rather than failing: check and build refuse it. */
  skippedByEleventy?: true;
}

const PAGE_KEY = (key: string, value: string, name = key): Vector => ({
  name: `a page with "${name}" in its front matter`,
  files: (m) => ({ 'about.md': `---\ntitle: About\n${key}: ${value.replace('MARK', njk(m).replace(/"/g, '\\"'))}\n---\nHello ${njk(m)}\n<script>alert(1)</script>\n` }),
  at: ['about.md', 3, 1, new RegExp(`key "${key}" is not allowed in a page`)],
});

const VECTORS: Vector[] = [
  {
    name: 'a Markdown page with templateEngineOverride: njk and a raw <script>',
    files: (m) => ({ 'about.md': `---\ntitle: About\ntemplateEngineOverride: njk\n---\n${njk(m)}\n<script>alert(1)</script>\n` }),
    at: ['about.md', 3, 1, /key "templateEngineOverride" is not allowed in a page: a page is Markdown, never a template/],
  },
  {
    name: 'a Nunjucks page',
    files: (m) => ({ 'about.njk': `---\ntitle: About\n---\n${njk(m)}\n<script>alert(1)</script>\n` }),
    at: ['about.njk', 1, 1, /templates are refused in the content folder/],
  },
  {
    name: 'a Liquid page in a folder',
    files: (m) => ({ 'more/about.liquid': `---\ntitle: About\n---\n${njk(m)}\n` }),
    at: ['more/about.liquid', 1, 1, /templates are refused in the content folder/],
  },
  {
    name: 'a JavaScript template (.11ty.js)',
    files: (m) => ({ 'about.11ty.js': `${js(m)};\nmodule.exports = () => 'x';\n` }),
    at: ['about.11ty.js', 1, 1, /JavaScript is refused in the content folder/],
  },
  {
    name: 'JavaScript front matter in a page',
    files: (m) => ({ 'about.md': `---js\n{ title: (${js(m)}, "About") }\n---\nHello\n` }),
    at: ['about.md', 1, 1, /JavaScript front matter \("---js"\) is refused/],
  },
  {
    name: 'the content folder\'s directory data file (JSON) with eleventyComputed',
    files: (m) => ({ 'CONTENT.11tydata.json': JSON.stringify({ eleventyComputed: { x: njk(m) } }) }),
    at: ['CONTENT.11tydata.json', 1, 1, /Eleventy data files are refused/],
  },
  {
    name: 'a page\'s template data file with eleventyComputed',
    files: (m) => ({ 'about.md': '---\ntitle: About\n---\nHello\n', 'about.11tydata.json': JSON.stringify({ eleventyComputed: { x: njk(m) } }) }),
    at: ['about.11tydata.json', 1, 1, /Eleventy data files are refused/],
  },
  {
    name: 'a jam folder\'s data file with eleventyComputed',
    files: (m) => ({ 'jams/x/x.11tydata.json': JSON.stringify({ eleventyComputed: { x: njk(m) } }) }),
    at: ['jams/x/x.11tydata.json', 1, 1, /Eleventy data files are refused/],
  },
  ...(['js', 'cjs'] as const).map(
    (ext): Vector => ({
      name: `_data/*.${ext}`,
      files: (m) => ({ [`_data/evil.${ext}`]: `${js(m)};\nmodule.exports = { csp: "script-src *" };\n` }),
      at: [`_data/evil.${ext}`, 1, 1, /JavaScript data files are refused/],
    }),
  ),
  {
    name: '_data/*.mjs',
    files: (m) => ({ '_data/publish.mjs': `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(m)}, '1');\nexport default { csp: "script-src *" };\n` }),
    at: ['_data/publish.mjs', 1, 1, /JavaScript data files are refused/],
  },
  {
    name: 'directory data jams/jams.11tydata.js',
    files: (m) => ({ 'jams/jams.11tydata.js': `${js(m)};\nmodule.exports = {};\n` }),
    at: ['jams/jams.11tydata.js', 1, 1, /Eleventy data files are refused/],
  },
  {
    name: 'directory data jams/jams.js (the suffix-less form)',
    files: (m) => ({ 'jams/jams.js': `${js(m)};\nmodule.exports = {};\n` }),
    at: ['jams/jams.js', 1, 1, /JavaScript is refused in the content folder/],
  },
  {
    name: 'the content folder\'s directory data file (JavaScript)',
    files: (m) => ({ 'CONTENT.11tydata.js': `${js(m)};\nmodule.exports = {};\n` }),
    at: ['CONTENT.11tydata.js', 1, 1, /Eleventy data files are refused/],
  },
  {
    name: 'a real folder named like the theme\'s virtual one, with a data file',
    files: (m) => ({ '_jamrecap-theme/_jamrecap-theme.11tydata.js': `${js(m)};\nmodule.exports = {};\n` }),
    at: ['_jamrecap-theme', 1, 1, /"_jamrecap-theme" is where jamrecap's theme pages live/],
  },
  {
    name: 'a real folder named like the theme\'s virtual one, with a page',
    files: (m) => ({ '_jamrecap-theme/index.njk': `---\npermalink: /\n---\n${njk(m)}<script>alert(1)</script>\n` }),
    at: ['_jamrecap-theme', 1, 1, /"_jamrecap-theme" is where jamrecap's theme pages live/],
  },
  {
    name: 'a page with eleventyComputed in its front matter',
    files: (m) => ({ 'about.md': `---\ntitle: About\neleventyComputed:\n  x: "${njk(m).replace(/"/g, '\\"')}"\n---\nHello\n` }),
    at: ['about.md', 3, 1, /key "eleventyComputed" is not allowed in a page: computed data runs code/],
  },
  {
    name: 'a page with a permalink holding template syntax',
    files: (m) => ({ 'about.md': `---\ntitle: About\npermalink: "/${njk(m).replace(/"/g, '\\"')}/"\n---\nHello\n` }),
    at: ['about.md', 3, 12, /permalink ".*" is not a plain path/],
    skippedByEleventy: true,
  },
  { ...PAGE_KEY('layout', 'false'), at: ['about.md', 3, 1, /key "layout" is not allowed in a page: every page has the theme's layout/] },
  PAGE_KEY('layout', '../../../tmp/elsewhere.njk', 'layout pointing elsewhere'),
  PAGE_KEY('eleventyExcludeFromCollections', 'true'),
  PAGE_KEY('pagination', '{ data: site.jams, size: 1, alias: jam }'),
  PAGE_KEY('eleventyImport', '{ collections: [all] }'),
  PAGE_KEY('eleventyDataSchema', '"MARK"'),
  PAGE_KEY('dynamicPermalink', 'true'),
];

/** A content folder with the example jam (as `jams/x`) and the vector's files. */
function contentWith(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'jams'), { recursive: true });
  cpSync(EXAMPLE, join(dir, 'jams', 'x'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel.replace(/^CONTENT(?=\.)/, name));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

const reasons = (e: unknown): string => (e ? `${(e as Error).message}\n${reasons((e as { originalError?: unknown }).originalError ?? (e as Error).cause)}` : '');

describe('nothing in the content folder runs code', () => {
  VECTORS.forEach((v, i) => {
    test(`${v.name}: refused by check at file:line:col, never run by check, build or Eleventy`, async () => {
      const name = `v${i}`;
      const marker = join(tmp, `pwned-${i}`);
      const dir = contentWith(name, v.files(marker));
      const [file, line, col, message] = v.at;
      const where = `${join(dir, file.replace(/^CONTENT(?=\.)/, name))}:${line}:${col}: `;

      const check = cli(['check', '--content', dir]);
      assert.equal(check.status, 1, check.stderr);
      const reported = check.stderr.split('\n').filter((l) => l.startsWith(where));
      assert.ok(reported.some((l) => message.test(l.slice(where.length))), `expected ${where}${message}\n${check.stderr}`);
      assert.equal(existsSync(marker), false, 'check ran the code');

      const out = join(tmp, `${name}-out`);
      const build = await buildSite({ contentDir: dir, outDir: out });
      const built = build.problems.map((p) => formatProblem(p));
      assert.equal(build.ok, false, built.join('\n'));
      assert.ok(built.some((l) => l.startsWith(where)), built.join('\n'));
      assert.equal(existsSync(marker), false, 'build ran the code');
      assert.equal(existsSync(out), false, 'nothing was written');

      // Eleventy itself, without the build's checks first: it reads none of
      // these files (it stops at the site's own check), and runs nothing.
      const direct = join(tmp, `${name}-eleventy`);
      const elev = createEleventy({ contentDir: dir, outDir: direct, onJamBuilt: () => {}, verbose: false });
      if (v.skippedByEleventy) {
        await elev.write();
        assert.deepEqual(listFiles(direct).filter((f) => !/^(index\.html|feed\.|favicon\.ico|sitemap|_headers|api\/|assets\/|cards\/|jams\/|participants\/|search\/|series\/|export\/)/.test(f)), [], 'the page is not published');
      } else {
        await assert.rejects(() => elev.write() as Promise<unknown>, (err: unknown) => reasons(err).includes(where));
      }
      assert.equal(existsSync(marker), false, 'Eleventy ran the code');
    });
  });
});

describe('what a content folder may hold', () => {
  test('a Markdown page is published as Markdown only: no template, no script, the base layout with the CSP', async () => {
    const marker = join(tmp, 'pwned-page');
    const dir = contentWith('good', {
      'about.md': `---\ntitle: About <us>\n---\nHello ${njk(marker)} {% raw %}x{% endraw %}\n\n<script>alert(1)</script>\n\n[a link](https://example.org/)\n`,
      'notes.md': '---\ntitle: Notes\npermalink: /more/notes/\n---\nSome notes.\n',
      '_data/siteMeta.json': '{ "title": "Our recaps" }\n',
    });
    const check = cli(['check', '--content', dir]);
    assert.equal(check.status, 0, check.stderr);
    const out = join(tmp, 'good-out');
    const build = cli(['build', '--content', dir, '--out', out, '--base-url', 'https://recaps.example.org']);
    assert.equal(build.status, 0, build.stderr);
    assert.equal(existsSync(marker), false);

    const about = cheerio.load(readFileSync(join(out, 'about', 'index.html'), 'utf8'));
    assert.equal(about('article.page h1').text(), 'About <us>');
    assert.equal(about('title').text(), 'About <us> · Our recaps');
    assert.equal(about('article.page p').first().text(), `Hello ${njk(marker)} {% raw %}x{% endraw %}`);
    assert.equal(about('article.page p').eq(1).text(), '<script>alert(1)</script>');
    assert.equal(about('article.page a').attr('href'), 'https://example.org/');
    assert.ok(existsSync(join(out, 'more', 'notes', 'index.html')));

    const csp = about('meta[http-equiv="Content-Security-Policy"]').attr('content');
    assert.match(csp ?? '', /(^|; )script-src 'none'(;|$)/);
    const pages = listFiles(out).filter((f) => f.endsWith('.html'));
    assert.ok(pages.length > 20, pages.join(' '));
    for (const f of pages) {
      // The search page's one module script (no inline code) is the site's only script; its policy allows it and WASM, nothing else.
      const html = withoutSearchScript(f, readFileSync(join(out, f), 'utf8'));
      assert.doesNotMatch(html, /<script/i, f);
      const $ = cheerio.load(html);
      const meta = $('meta[http-equiv="Content-Security-Policy"]').attr('content');
      assert.ok(meta, `${f} has a CSP`);
      if (f === 'search/index.html') {
        assert.equal(meta, searchPageCsp(csp!), f);
        continue;
      }
      // The standalone downloads keep their own, stricter policy.
      if (!f.includes('/download/')) assert.equal(meta, csp, f);
      assert.doesNotMatch(meta!, /script-src (?!'none')/, f);
    }
    assert.match(readFileSync(join(out, '_headers'), 'utf8'), /Content-Security-Policy: .*script-src 'none'/);
  });

  test('a page needs a title; other Markdown files and _data files are reported', () => {
    const dir = contentWith('odd', {
      'about.md': 'Just text\n',
      'jams/README.md': '# Jams\n',
      'index.md': '---\ntitle: Home\n---\nx\n',
      '_data/other.json': '{}',
    });
    const check = cli(['check', '--content', dir]);
    assert.equal(check.status, 1, check.stderr);
    assert.ok(check.stderr.includes(`${join(dir, 'about.md')}:1:1: no front matter`), check.stderr);
    assert.ok(check.stderr.includes(`${join(dir, 'jams', 'README.md')}:1:1: pages sit at the top of the content folder`), check.stderr);
    assert.ok(check.stderr.includes(`${join(dir, 'index.md')}:1:1: "index" is taken by the site's own pages`), check.stderr);
    assert.ok(check.stderr.includes(`${join(dir, '_data', 'other.json')}:1:1: warning: not used`), check.stderr);
  });
});
