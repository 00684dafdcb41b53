/**
 * A draft's recap says it is one (issue 13): built with --drafts (as the
 * preview does), a jam whose notes say `draft: true` shows a DRAFT banner at
 * the top of its recap page; a published jam shows none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { ROOT } from './helpers/corpus.ts';
import { buildSite } from '../src/site/build.ts';

const SLUG = '2012-10-24-socbizchat';

test('a draft built with --drafts carries a DRAFT banner on its recap; a published jam none', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-draft-'));
  try {
    const content = join(tmp, 'content');
    cpSync(join(ROOT, 'content'), content, { recursive: true });
    const recap = join(content, 'jams', SLUG, 'recap.md');
    const draft = join(content, 'jams', `${SLUG}-draft`);
    cpSync(join(content, 'jams', SLUG), draft, { recursive: true });
    writeFileSync(join(draft, 'recap.md'), readFileSync(recap, 'utf8').replace(/^---\n/, '---\ndraft: true\n'));
    const out = join(tmp, 'out');
    const built = await buildSite({ contentDir: content, outDir: out, drafts: true });
    assert.equal(built.ok, true);
    const banner = (slug: string) => cheerio.load(readFileSync(join(out, 'jams', slug, 'index.html'), 'utf8'))('article.recap > p.draft-banner');
    assert.equal(banner(`${SLUG}-draft`).length, 1);
    assert.match(banner(`${SLUG}-draft`).text(), /^DRAFT · not published/);
    assert.equal(banner(SLUG).length, 0);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
