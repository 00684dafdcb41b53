/**
 * A page's title reaches its templates as `pageTitle` when they render
 * (src/site/nunjucks-page-title.ts), not as Eleventy computed data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nunjucks from 'nunjucks';
import { addPageTitles, PAGE_TITLE_OF, withPageTitle } from '../src/site/nunjucks-page-title.ts';
import { themePages } from '../src/site/theme.ts';

const titleOf = (d: Record<string, unknown>) => `Transcript: ${(d.tp as { jamTitle: string }).jamTitle}`;

test('withPageTitle adds the title its function gives; a page that has one, or no function, is left as it is', () => {
  const data = { tp: { jamTitle: 'A <jam>' }, [PAGE_TITLE_OF]: titleOf };
  assert.deepEqual(withPageTitle(data), { ...data, pageTitle: 'Transcript: A <jam>' });
  const titled = { pageTitle: 'Own', [PAGE_TITLE_OF]: titleOf, tp: { jamTitle: 'x' } };
  assert.equal(withPageTitle(titled), titled);
  const plain = { title: 'x' };
  assert.equal(withPageTitle(plain), plain);
  assert.equal(withPageTitle(null), null);
});

test('the environment it is added to renders pageTitle in layouts and partials (escaped); another environment does not see it', () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([]), { autoescape: true });
  addPageTitles(env);
  const data = { tp: { jamTitle: 'A <jam>' }, [PAGE_TITLE_OF]: titleOf };
  assert.equal(env.renderString('<title>{{ pageTitle }}</title>{% set x = 1 %}{{ pageTitle | length }}', data), '<title>Transcript: A &lt;jam&gt;</title>19');
  const other = new nunjucks.Environment(null, { autoescape: true });
  assert.equal(other.renderString('[{{ pageTitle }}]', data), '[]');
});

test('no theme page sends its pages through Eleventy computed data', () => {
  const pages = themePages();
  assert.ok(pages.length >= 10);
  for (const p of pages) assert.equal('eleventyComputed' in p.data, false, p.virtualPath);
  assert.deepEqual(pages.filter((p) => typeof p.data[PAGE_TITLE_OF] !== 'function').map((p) => p.virtualPath), ['_jamrecap-theme/feed.xml.njk']);
});
