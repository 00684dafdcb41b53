/**
 * The quote matcher (src/notes/quotes.ts): what copying a quote from a page
 * changes, and the match forgives; for a quote that matches nothing, the
 * closest messages and handles, within a budget. More cases: the `quotes`
 * suite in frontmatter.test.ts, and test/editor-mistakes.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { parseRecapBody, type QuoteRef } from '../src/notes/recap-body.ts';
import { resolveQuote, suggestionBudget } from '../src/notes/quotes.ts';
import { closestByPrefix, textSimilarity } from '../src/model/text-match.ts';
import { testMessage } from './helpers/message.ts';

/** A small transcript, imported from jamrecap's own CSV form (whatever fields a message has). */
const transcript = importExports([
  new ExportFile(
    'chat.csv',
    Buffer.from(
      [
        'id,time,author,name,question,reply_to,text,url',
        '1,2019-01-02T15:00:01Z,bob,,,,Tests are how we know — really know — that it works #chat,',
        '2,2019-01-02T15:00:02Z,bob,,,,Tests also document the code #chat,',
        '3,2019-01-02T15:00:03Z,carol,,,,Wait for it... the answer is 42 #chat,',
      ].join('\n'),
    ),
  ),
]);

function resolved(line: string): string {
  const ref = parseRecapBody(`> ${line}`, 1, 'jams/x/recap.md').intro.blocks[0] as QuoteRef;
  const r = resolveQuote(ref, transcript, null);
  return r.ok ? r.message.id : r.error;
}

test('quotes: the transcript is as written', () => {
  assert.deepEqual(
    transcript.messages.map((m) => [m.id, m.author.handle]),
    [['1', 'bob'], ['2', 'bob'], ['3', 'carol']],
  );
});

test('quotes: a trailing "..." or "…" marks where the editor cut the quote, and is not text to match', () => {
  // Message 1 goes on with " — really know"; it has no "..." after "know".
  assert.equal(resolved('@bob Tests are how we know'), '1');
  assert.equal(resolved('@bob Tests are how we know...'), '1');
  assert.equal(resolved('@bob Tests are how we know …'), '1');
  assert.equal(resolved('@bob tests are how we know…'), '1');
  assert.equal(resolved('@bob Tests are how we know ...'), '1');
  // An ellipsis inside the quote is text: it must be in the message.
  assert.equal(resolved('@carol Wait for it... the answer'), '3');
  assert.equal(resolved('@carol Wait for it...'), '3');
  assert.equal(
    resolved('@bob Tests are... how'),
    `quote "@bob Tests are... how" matches no message; closest: @bob "Tests are how we know — really…" (1); copy the start of the text as the message has it, or quote the message's id`,
  );
  // Cut so short that both of bob's messages start that way: still ambiguous.
  assert.equal(resolved('@bob Tests...'), 'quote "@bob Tests..." matches 2 messages: 1, 2 (quote more of the text, or use the message id)');
});

test('quotes: one matching nothing lists the closest messages; an unknown handle, the closest handles; an unknown id says so', () => {
  assert.equal(
    resolved('@bob Tests are how we knew'),
    `quote "@bob Tests are how we knew" matches no message; closest: @bob "Tests are how we know — really know…" (1); copy the start of the text as the message has it, or quote the message's id`,
  );
  assert.equal(
    resolved('@caro1 Wait for it'),
    `quote "@caro1 Wait for it" matches no message: no one posts as @caro1 (did you mean @carol?); closest: @carol "Wait for it... the answer is…" (3); fix the handle, or quote the message's id`,
  );
  // Nothing close: the error says what to do, and lists nothing.
  assert.equal(resolved('@bob Completely different words'), `quote "@bob Completely different words" matches no message; copy the start of the text as the message has it, or quote the message's id`);
  assert.equal(
    resolved('9999999'),
    `quote "9999999" matches no message: no message has the id 9999999; copy the id from the message's link in the transcript, or quote "@handle start of the text"`,
  );
});

test('text similarity: bigram Dice, "organizations" and "organisations" share 10 of 12 bigrams', () => {
  assert.equal(textSimilarity('organizations', 'organisations'), 20 / 24);
  assert.equal(textSimilarity('abc', 'abc'), 1);
  assert.equal(textSimilarity('abc', 'xyz'), 0);
  assert.equal(textSimilarity('', 'abc'), 0);
});

test('closest messages: the search stops when the budget is spent (notes full of bad quotes stay linear)', () => {
  const texts = Array.from({ length: 10_000 }, (_, i) => `message number ${i} says something long enough to matter here`);
  texts[9_000] = 'organisations start by listening to customers';
  const query = 'organizations start by listening';
  const width = query.length + 4 + (query.length >> 3);
  assert.deepEqual(closestByPrefix(query, texts, 3, 0.6).map((m) => m.index), [9_000]);
  // 100 texts' worth of budget: the search stops after the 100th, long before the match.
  const budget = { chars: 100 * width };
  assert.deepEqual(closestByPrefix(query, texts, 3, 0.6, budget), []);
  assert.equal(budget.chars, 0);
  // A transcript's quotes share one budget: once it is spent, errors no longer list the closest.
  const big = { ...transcript, messages: texts.map((text, i) => testMessage({ id: String(i + 1), time: '2019-01-02T15:00:00Z', text, handle: 'bob' })) };
  const shared = suggestionBudget();
  const errors: string[] = [];
  for (let i = 0; i < 200; i++) {
    const ref = parseRecapBody(`> @bob organizations start by listening ${i}`, 1, 'x').intro.blocks[0] as QuoteRef;
    const r = resolveQuote(ref, big, null, shared);
    if (!r.ok) errors.push(r.error);
  }
  assert.equal(errors.length, 200);
  assert.match(errors[0], /closest: @bob "organisations start by listening to customers" \(9001\)/);
  assert.doesNotMatch(errors[199], /closest/);
  assert.ok(shared.chars <= 0);
});
