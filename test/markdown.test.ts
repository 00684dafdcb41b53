import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../src/notes/markdown.ts';

test('notes: links leaving the site (protocol-relative too) are absolute and carry rel; unsafe ones stay text', () => {
  const html = renderMarkdown('[x](//203.0.113.7/x) [y](https://a.example) [z](javascript:alert(1)) [w](page/) <b onclick="x">b</b> ![i](https://a.example/i.png)');
  assert.match(html, /<a href="https:\/\/203\.0\.113\.7\/x" rel="nofollow noopener">x<\/a>/);
  assert.match(html, /<a href="https:\/\/a\.example" rel="nofollow noopener">y<\/a>/);
  assert.match(html, /\[z\]\(javascript:alert\(1\)\)/);
  assert.match(html, /<a href="page\/">w<\/a>/);
  assert.match(html, /&lt;b onclick=&quot;x&quot;&gt;/);
  assert.doesNotMatch(html, /<img/);
});
