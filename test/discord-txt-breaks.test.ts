/**
 * discord-txt.ts reads a message's content as one slice of the text when
 * every line break is an LF, and joins its lines otherwise: the same
 * result for a generated export written with LF, CR LF or CR breaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExportFile } from '../src/import/export-file.ts';
import { discordTxt } from '../src/import/formats/discord-txt.ts';

test('discord-txt: the same messages and notes whatever the line breaks, on 3,000 generated exports', () => {
  let seed = 23;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const kinds = ['', '', ' ', '\u00a0', 'hello', 'two words ', '[26-Jun-19 06:26 PM] alice#1', '[26-Jun-19 06:27 PM] bob (pinned)', '{Reactions}', '👍 (7) 😎 ⬆ ', '{Attachments}', 'pic.png', 'doc.pdf', '{Embed}', 'https://e.com/x', '😀 first'];
  const read = (text: string) => JSON.stringify(discordTxt.parse(new ExportFile('x.txt', Buffer.from(text)), {}));
  for (let k = 0; k < 3000; k++) {
    const lines = ['==============================================================', 'Guild: G', 'Channel: C', '==============================================================', ''];
    for (let m = Math.floor(next() * 25); m > 0; m--) lines.push(kinds[Math.floor(next() * kinds.length)]);
    const lf = read(lines.join('\n'));
    assert.equal(read(lines.join('\r\n')), lf, JSON.stringify(lines));
    assert.equal(read(lines.join('\r')), lf, JSON.stringify(lines));
  }
});
