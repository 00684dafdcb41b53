/**
 * `jamrecap new` on every platform's corpus file: the transcript is drafted
 * (draft/draft.ts) into a jam folder beside a copy of the export, and the
 * jam loads as `build --drafts` loads it, with no error and every message
 * the import kept; an AMA is drafted as one (`shape: ama`).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { importFiles } from '../src/import/pipeline.ts';
import { draftRecap } from '../src/draft/draft.ts';
import { clearSiteCaches, loadJam } from '../src/site/jam.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { formatProblem } from '../src/notes/problems.ts';
import { CORPUS_EXPORTS, corpusPath, corpusTest, keepsMessagesWithNotes } from './helpers/corpus.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-new-platforms-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The platforms' files (the tweet chats' are drafted in new.test.ts). */
const TWITTER = new Set(['tweetchat', 'storify', 'twitter-html', 'twitter-embed', 'twitter-api-v1', 'twarc2']);
const FILES = CORPUS_EXPORTS.filter(([rel, format]) => !TWITTER.has(format) && keepsMessagesWithNotes(rel));

/** What `new` is given besides the file: Zoom writes no date. */
const extra = (format: string) => (format === 'zoom-txt' ? { date: '2020-05-12' } : {});

FILES.forEach(([rel, format], i) => {
  corpusTest(`new from ${rel} (${format}): drafted, and the draft loads without errors, every message kept`, [rel], (_t, path) => {
    const t = importFiles([path], extra(format));
    assert.ok(t.messages.length > 0);
    const slug = `jam-${i}`;
    const dir = join(tmp, 'content', 'jams', slug);
    mkdirSync(dir, { recursive: true });
    const name = basename(path);
    const draft = draftRecap(t, { slug, exports: [name] });
    // Zoom's day goes in the notes' date (draftRecap writes the first message's time, dated as imported).
    writeFileSync(join(dir, 'recap.md'), draft.text);
    // A workspace export's folder is copied whole (its channels.json reads the users and channels beside it).
    if (name === 'channels.json') cpSync(dirname(path), dir, { recursive: true });
    else copyFileSync(path, join(dir, name));
    // An archive's outbox.json reads actor.json beside it.
    const actor = join(dirname(path), 'actor.json');
    if (format === 'mastodon-archive' && existsSync(actor)) copyFileSync(actor, join(dir, 'actor.json'));
    clearSiteCaches();
    const load = loadJam(dir, { ...defaultSiteOptions(), drafts: true, cacheDir: null });
    const errors = load.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p));
    assert.deepEqual(errors, []);
    assert.equal(load.model?.transcript.messages.length, t.messages.length);
    const ama = t.questions.some((q) => q.asker);
    assert.equal(/\nshape: ama\n/.test(draft.text), ama, 'an AMA is drafted as one');
  });
});

test('every platform file is drafted here', () => {
  assert.ok(FILES.length >= 30, `${FILES.length} files`);
  assert.ok(corpusPath(FILES[0][0]));
});
