import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain JavaScript module of the repository's scripts, without types
import { VALIDATOR, validatorSource } from '../scripts/transcript-validator.js';
import { importFiles } from '../src/import/pipeline.ts';
import { transcriptSchema, validateTranscript } from '../src/model/validate.ts';
import { TRANSCRIPT_SCHEMA, type Transcript } from '../src/model/transcript.ts';
import { corpusTest, ROOT } from './helpers/corpus.ts';

const FORUM = join(ROOT, 'test/fixtures/sel-forum.html');
const HAND_EDITED = join(ROOT, 'test/fixtures/json-hand-edited.json');

/** A transcript from a fixture of ours: the selectors importer, with skipped posts and diagnostics. */
function forumTranscript(): Transcript {
  return importFiles([FORUM], {
    selectors: { message: '.post', author: '.who', time: 'time', timeAttr: 'datetime', text: '.body', permalink: 'a.perma', idAttr: 'data-pid' },
  });
}

/** A deep copy as written to disk, ready to be broken. */
const copy = (t: Transcript): any => JSON.parse(JSON.stringify(t));

test('schema: the validator code is made from the schema as it is (else run node scripts/transcript-validator.js)', () => {
  assert.equal(readFileSync(VALIDATOR, 'utf8'), validatorSource());
});

test('schema: its constant is the model constant', () => {
  const props = transcriptSchema.properties as { schema: { const: string } };
  assert.equal(props.schema.const, TRANSCRIPT_SCHEMA);
});

corpusTest('schema: the socbizchat transcript is valid, before and after JSON', ['tweetchat/socbizchat-room.html'], (_t, path) => {
  const t = importFiles([path]);
  assert.equal(t.messages.length, 47);
  assert.deepEqual(validateTranscript(t), { ok: true, errors: [] });
  assert.deepEqual(validateTranscript(copy(t)), { ok: true, errors: [] });
});

test('schema: transcripts from our fixtures are valid (skips, diagnostics, day precision, content ids)', () => {
  const forum = forumTranscript();
  assert.deepEqual([forum.messages.length, forum.sources[0].skipped], [3, 3]);
  assert.deepEqual(validateTranscript(forum), { ok: true, errors: [] });
  const hand = importFiles([HAND_EDITED]);
  assert.ok(hand.messages.some((m) => m.timePrecision === 'day') && hand.messages.some((m) => m.id.startsWith('h-')));
  assert.deepEqual(validateTranscript(hand), { ok: true, errors: [] });
});

test('schema: a numeric id fails', () => {
  const t = copy(forumTranscript());
  t.messages[0].id = 1001;
  assert.deepEqual(validateTranscript(t), { ok: false, errors: ['/messages/0/id: must be string'] });
  const q = copy(forumTranscript());
  q.messages[1].replyTo = 1001;
  assert.deepEqual(validateTranscript(q).errors, ['/messages/1/replyTo: must be string,null']);
});

test('schema: a javascript: url fails, in the permalink and in links', () => {
  const t = copy(forumTranscript());
  // Chronological: 1002 (with one link), 1001 (with a permalink), 1006.
  assert.deepEqual([t.messages[0].links.length, typeof t.messages[1].url], [1, 'string']);
  t.messages[1].url = 'javascript:alert(1)';
  t.messages[0].links.push('JavaScript:alert(1)');
  const r = validateTranscript(t);
  assert.equal(r.ok, false);
  assert.deepEqual(r.errors, ['/messages/0/links/1: must match pattern "^https?://[^\\s]+$"', '/messages/1/url: must match pattern "^https?://[^\\s]+$"']);
});

test('schema: other shapes the model forbids', () => {
  const cases: [string, (t: any) => void, RegExp][] = [
    ['extra property', (t) => (t.messages[0].html = '<b>x</b>'), /^\/messages\/0: unexpected property "html"$/],
    ['wrong schema', (t) => (t.schema = 'jamrecap.transcript/2'), /^\/schema: must be "jamrecap\.transcript\/1"$/],
    ['time with offset', (t) => (t.messages[0].time = '2020-03-05T19:00:00+01:00'), /^\/messages\/0\/time: must match pattern/],
    ['date-only time at second precision', (t) => (t.messages[0].time = '2020-03-05'), /^\/messages\/0\/time: must match pattern/],
    ['full time at day precision', (t) => (t.messages[0].timePrecision = 'day'), /^\/messages\/0\/time: must match pattern/],
    ['unknown precision', (t) => (t.messages[0].timePrecision = 'hour'), /^\/messages\/0\/timePrecision: must be equal to one of the allowed values/],
    ['missing origin', (t) => delete t.messages[0].origin, /^\/messages\/0: must have required property 'origin'$/],
    ['question id', (t) => (t.messages[0].question = 'question 1'), /^\/messages\/0\/question: must match pattern/],
    ['negative count', (t) => (t.sources[0].kept = -1), /^\/sources\/0\/kept: must be >= 0$/],
    ['bad sha256', (t) => (t.sources[0].sha256 = 'abc'), /^\/sources\/0\/sha256: must match pattern/],
    ['accounting', (t) => (t.sources[0].found = 7), /^\/sources\/0: found 7 != kept 3 \+ merged 0 \+ skipped 3/],
    ['duplicate id', (t) => (t.messages[2].id = t.messages[0].id), /^\/messages\/2\/id: duplicate id "1002" \(also \/messages\/0\)$/],
  ];
  for (const [name, breakIt, expected] of cases) {
    const t = copy(forumTranscript());
    assert.equal(validateTranscript(t).ok, true, name);
    breakIt(t);
    const r = validateTranscript(t);
    assert.equal(r.ok, false, name);
    assert.ok(r.errors.some((e) => expected.test(e)), `${name}: ${JSON.stringify(r.errors)}`);
  }
  assert.equal(validateTranscript(null).ok, false);
  assert.equal(validateTranscript('{}').ok, false);
});
