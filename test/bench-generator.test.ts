/**
 * The site benchmark's generator (bench/site-generator.ts) writes jams that
 * build without a problem, with exactly the messages, questions and quotes
 * it says, the same bytes for the same seed, and an edit the rebuild shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editSummary, generateSite, HASHTAG, QUESTIONS } from '../bench/site-generator.ts';
import { buildSite } from '../src/site/build.ts';
import { importExports } from '../src/import/pipeline.ts';
import { ExportFile } from '../src/import/export-file.ts';

const MESSAGES = 50;

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const slug of readdirSync(join(dir, 'jams')).sort()) {
    for (const f of readdirSync(join(dir, 'jams', slug)).sort()) out.set(`${slug}/${f}`, readFileSync(join(dir, 'jams', slug, f), 'latin1'));
  }
  return out;
}

test('generated jams build without problems, with the exact counts the generator reports', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-generator-'));
  try {
    const content = join(root, 'content');
    const jams = generateSite(content, { jams: 2, messages: MESSAGES });
    assert.equal(jams.length, 2);
    let replies = 0;
    let retweets = 0;
    for (const jam of jams) {
      assert.equal(jam.messages, MESSAGES);
      assert.equal(jam.questions, QUESTIONS);
      const recap = readFileSync(join(content, 'jams', jam.slug, 'recap.md'), 'utf8');
      const sections = recap.split(/^## Q\d+ · /m).slice(1);
      assert.equal(sections.length, QUESTIONS);
      for (const s of sections) {
        const quotes = s.split('\n').filter((l) => l.startsWith('> @')).length;
        assert.ok(quotes >= 2 && quotes <= 3, `${quotes} quotes in a section`);
      }
      assert.equal(recap.split('\n').filter((l) => l.startsWith('> @')).length, jam.quotes);

      const room = readFileSync(join(content, 'jams', jam.slug, `${HASHTAG}-room.html`));
      const t = importExports([new ExportFile(`${HASHTAG}-room.html`, room)], { hosts: ['jamhost'] });
      assert.equal(t.messages.length, MESSAGES);
      assert.deepEqual(t.questions.map((q) => q.id), Array.from({ length: QUESTIONS }, (_, i) => `Q${i + 1}`));
      replies += t.messages.filter((m) => m.replyTo !== null).length;
      retweets += t.messages.filter((m) => m.retweetOf !== null).length;
    }
    assert.ok(replies > 0 && retweets > 0, `${replies} replies, ${retweets} retweets`);

    const out = join(root, 'site');
    const result = await buildSite({ contentDir: content, outDir: out, cacheDir: null, baseUrl: 'https://recaps.example.org' });
    assert.equal(result.error, undefined);
    assert.deepEqual(result.problems, []);
    assert.equal(result.ok, true);
    const bySlug = new Map(result.summaries.map((s) => [s.slug, s]));
    for (const jam of jams) {
      const s = bySlug.get(jam.slug)!;
      assert.deepEqual([s.messages, s.questions, s.featured, s.participants], [MESSAGES, QUESTIONS, jam.quotes, jam.participants]);
    }

    const sentence = editSummary(content, jams[1].slug);
    const again = await buildSite({ contentDir: content, outDir: out, cacheDir: null, baseUrl: 'https://recaps.example.org' });
    assert.equal(again.ok, true);
    assert.ok(readFileSync(join(out, 'jams', jams[1].slug, 'index.html'), 'utf8').includes(sentence));
    assert.ok(!readFileSync(join(out, 'jams', jams[0].slug, 'index.html'), 'utf8').includes(sentence));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the same seed writes the same bytes; another seed other jams', () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-generator-'));
  try {
    generateSite(join(root, 'a'), { jams: 2, messages: MESSAGES });
    generateSite(join(root, 'b'), { jams: 2, messages: MESSAGES });
    generateSite(join(root, 'c'), { jams: 2, messages: MESSAGES, seed: 7 });
    const a = files(join(root, 'a'));
    assert.equal(a.size, 4);
    assert.deepEqual(files(join(root, 'b')), a);
    const c = files(join(root, 'c'));
    assert.notDeepEqual([...c.values()], [...a.values()]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
