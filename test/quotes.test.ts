/**
 * The quote matcher (src/notes/quotes.ts): what copying a quote from a page
 * changes, and the match forgives. More cases: the `quotes` suite in
 * frontmatter.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { parseRecapBody, type QuoteRef } from '../src/notes/recap-body.ts';
import { resolveQuote } from '../src/notes/quotes.ts';

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
