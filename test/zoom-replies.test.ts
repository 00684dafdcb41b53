/**
 * Zoom replies (2023+): `Replying to "the first words..."` then a blank line
 * and the reply. The fixture (zoom-2023-replies.txt) is real lines of a
 * public R/Pharma workshop chat (mjfrigaard/dev-test-shiny,
 * meeting_saved_chat.txt) with four made to cover the rest: a snippet over
 * two lines, a whole short text quoted without "...", a quoted message not
 * in the file, and a reply with no text after its quote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { zoomTxt } from '../src/import/formats/zoom-txt.ts';
import { importFiles } from '../src/import/pipeline.ts';
import { ROOT } from './helpers/corpus.ts';

const PATH = join(ROOT, 'test/fixtures/text-chats/zoom-2023-replies.txt');
const DAY = { date: '2023-10-24' };

test('zoom-txt: a reply points to the message it quotes, and loses the quoting line', () => {
  const r = zoomTxt.parse(ExportFile.read(PATH), DAY);
  // 13 headers: one reaction skipped, 12 kept.
  assert.deepEqual([r.found, r.messages.length, r.skipped.map((d) => d.code)], [13, 12, ['reaction']]);
  const t = importFiles([PATH], DAY);
  const byId = new Map(t.messages.map((m) => [m.id, m]));
  const pairs = t.messages.map((m) => [m.text.split('\n')[0].slice(0, 30), m.replyTo ? byId.get(m.replyTo)?.text.slice(0, 20) : null]);
  assert.deepEqual(pairs, [
    ['Can some one tell How to open ', null],
    ['its already open if you have l', null],
    ['Where do you go to insert the ', null],
    ['For beginners:', null],
    ['it will open when you go to th', 'Can some one tell Ho'],
    ['can you please explain operato', null],
    ['did Martin answer this one?', 'can you please expla'],
    ['yes, thanks!', 'can you please expla'],
    // The snippet keeps the quoted message's line breaks.
    ['thanks, bookmarked', 'For beginners:\n\nhttp'],
    // A short message is quoted whole, without "...".
    ['great', 'yes, thanks!'],
    // Nothing in the file starts so: the text stays whole.
    ['Replying to "a message from be', null],
    ['Replying to "Where do you go t', null],
  ]);
  // Every target is a message of the transcript (the id the pipeline derived for it).
  assert.ok(t.messages.every((m) => m.replyTo === null || byId.has(m.replyTo)));
  assert.equal(t.messages[4].text, 'it will open when you go to the class examples here https://posit.cloud/spaces/434433/join');
  assert.equal(t.messages[10].text, 'Replying to "a message from befor..."\n\nCould you please post the link for Rstudio again?');
  assert.match(r.diagnostics.find((d) => d.code === 'replies')!.message, /^5 repl/);
});

test('zoom-txt: a quote never looked for past 500 kept messages, and a hostile quote stays linear', () => {
  const lines = ['10:00:00 From Ann To Everyone:', '\tthe first question'];
  for (let i = 0; i < 600; i++) lines.push(`10:${String(1 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} From Bob To Everyone:`, `\tfiller ${i}`);
  lines.push('11:00:00 From Cy To Everyone:', '\tReplying to "the first question"', '\t', '\tlate answer');
  lines.push('11:00:01 From Cy To Everyone:', `\tReplying to "${'"'.repeat(50_000)}`, '\t', '\tx');
  const r = zoomTxt.parse(new ExportFile('meeting_saved_chat.txt', Buffer.from(lines.join('\n'))), DAY);
  assert.equal(r.messages.length, 603);
  assert.deepEqual(r.messages.slice(-2).map((m) => m.replyTo), [null, null]);
  assert.ok(r.messages.at(-2)!.text.startsWith('Replying to "the first question"'));
});
