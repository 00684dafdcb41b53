/**
 * simple-html.ts's replaced content: a `plain` that answers a string for an
 * element reads as a DOM `prepare` that puts that string in the element's
 * first text child and drops the other children (Zulip's emoji spans), and
 * gives up (null) unless the content is text alone up to `</tag>`.
 * Generated markup, compared with mastodon-common.ts `domHtmlToText`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element } from 'domhandler';
import { domHtmlToText } from '../src/import/formats/mastodon-common.ts';
import { simpleHtmlText } from '../src/import/formats/simple-html.ts';
import { tidyText } from '../src/import/html-text.ts';

const isEmoji = (cls: string | undefined) => /(?:^| )emoji(?: |$)/.test(cls ?? '');
/** The DOM path's callback: the span's first text child says "[E]", its other children go. */
function prepare(el: Element): void {
  const first = el.children[0];
  if (el.name === 'span' && isEmoji(el.attribs.class) && first?.type === 'text') {
    (first as unknown as { data: string }).data = '[E]';
    el.children.length = 1;
  }
}
const plain = (tag: string, attribs: Record<string, string>): boolean | string => (tag === 'span' && isEmoji(attribs.class) ? '[E]' : true);

test('a replaced element reads as the DOM callback that replaces its text, or not at all', () => {
  const contents = ['', ':x:', ' ', 'a&amp;b', ':x:<b>y</b>', '<b>y</b>', '&bogus;', '\n'];
  const ends = ['</span>', '</span >', '</SPAN>', '', '</b>', '</spanx>'];
  const around = ['', 'a ', '<p>', '<br>', '&lt;'];
  let simple = 0;
  let all = 0;
  for (const c of contents)
    for (const e of ends)
      for (const a of around)
        for (const cls of ['emoji emoji-1f601', 'x', 'emoji']) {
          const html = `<p>${a}<span class="${cls}" title="t">${c}${e} after</p>\n<p>b</p>`;
          const got = simpleHtmlText(html, () => true, plain);
          const dom = domHtmlToText(html, { prepare });
          all++;
          if (got === null) continue;
          simple++;
          assert.deepEqual({ text: tidyText(got.raw), links: got.links }, dom, JSON.stringify(html));
        }
  // The plain cases are read here, not all given up.
  assert.ok(simple > all / 10, `${simple} of ${all}`);
});

test('a replaced element whose content is text alone up to its end tag is read, the others are not', () => {
  assert.equal(simpleHtmlText('<p>a <span class="emoji">:x:</span> b</p>', () => true, plain)?.raw, 'a [E] b');
  assert.equal(simpleHtmlText('<p>a <span class="emoji"></span> b</p>', () => true, plain), null);
  assert.equal(simpleHtmlText('<p>a <span class="emoji">:x:<b>y</b></span></p>', () => true, plain), null);
});
