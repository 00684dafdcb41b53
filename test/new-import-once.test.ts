/**
 * `jamrecap new` parses its exports once: the draft is made from that parse,
 * and the check that reads the new jam back (with the notes' options)
 * assembles its transcript from the same parse instead of parsing the
 * copied files again. Counted by wrapping the TweetChat importer's `parse`.
 * The transcript it assembles (and stores in the import cache for the next
 * build) is exactly the one a fresh import of the jam folder gives.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers/corpus.ts';
import { tweetchat } from '../src/import/formats/tweetchat.ts';
import { command as newCommand } from '../src/cli/commands/new.ts';
import { clearSiteCaches, loadJam } from '../src/site/jam.ts';
import { preparsedStats } from '../src/site/jam-import.ts';
import { defaultSiteOptions } from '../src/site/options.ts';
import { CACHE_ENV } from '../src/site/cache.ts';
import { formatProblem } from '../src/notes/problems.ts';

const EXPORT = join(ROOT, 'content', 'jams', '2012-10-24-socbizchat', 'socbizchat-room.html');

let tmp: string;
let parses = 0;
const realParse = tweetchat.parse;
const envBefore = process.env[CACHE_ENV];

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-new-once-'));
  process.env[CACHE_ENV] = join(tmp, 'cache');
  tweetchat.parse = function (...args: Parameters<typeof realParse>) {
    parses++;
    return realParse.apply(this, args);
  };
});
after(() => {
  tweetchat.parse = realParse;
  if (envBefore === undefined) delete process.env[CACHE_ENV];
  else process.env[CACHE_ENV] = envBefore;
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('new parses its export once; the check assembles the notes\' transcript from that parse, equal to a fresh import', async () => {
  const content = join(tmp, 'content');
  clearSiteCaches();
  const usedBefore = preparsedStats.used;
  const code = await newCommand.run(['socbiz', '--from', EXPORT, '--content', content, '--timezone', 'America/New_York', '-q']);
  assert.equal(code, 0);
  assert.equal(parses, 1, 'the export is parsed once');
  assert.equal(preparsedStats.used - usedBefore, 1, 'the check used the parse');

  const dir = join(content, 'jams', 'socbiz');
  const options = { ...defaultSiteOptions(), drafts: true };
  // The next build's view: the transcript `new` stored in the import cache.
  clearSiteCaches();
  const cached = loadJam(dir, { ...options, cacheDir: join(tmp, 'cache') });
  assert.equal(cached.importSource, 'hit');
  assert.equal(parses, 1);
  // A fresh import of the folder, no cache: parsed again, and the same transcript.
  clearSiteCaches();
  const fresh = loadJam(dir, { ...options, cacheDir: null });
  assert.equal(fresh.importSource, 'off');
  assert.equal(parses, 2);
  assert.ok(cached.model && fresh.model, [...cached.problems, ...fresh.problems].map((p) => formatProblem(p)).join('\n'));
  assert.equal(cached.model.transcript.messages.length, 47);
  assert.deepEqual(JSON.parse(JSON.stringify(cached.model.transcript)), JSON.parse(JSON.stringify(fresh.model.transcript)));
  assert.deepEqual(cached.problems.map((p) => formatProblem(p)), fresh.problems.map((p) => formatProblem(p)));
});
