/**
 * src/site/nunjucks-compile-once.ts: Eleventy makes a new nunjucks
 * Template of a paginated page's source for every page; for the site's
 * own environment every Template of the same path and source shares one
 * compile, renders as a fresh compile would, and a changed source or
 * another environment compiles on its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nunjucks from 'nunjucks';
import { compileOncePerSource } from '../src/site/nunjucks-compile-once.ts';

type Compiled = nunjucks.Template & { rootRenderFunc?: unknown };

const SOURCE = '{% for m in list %}<li>{{ m }}</li>{% endfor %}{% if title %} {{ title | upper }}{% endif %}';
const settings = { autoescape: true, trimBlocks: true, lstripBlocks: true };

function render(env: nunjucks.Environment, source: string, path: string, ctx: object): { t: Compiled; out: string } {
  const t = new nunjucks.Template(source, env, path) as Compiled;
  return { t, out: t.render(ctx) };
}

test('Templates of one path and source share one compile and render as fresh compiles do', () => {
  const env = new nunjucks.Environment(null, settings);
  compileOncePerSource(env);
  const plain = new nunjucks.Environment(null, settings);
  const contexts = [{ list: ['a', '<b>'], title: 'x' }, { list: [], title: '' }, { list: ['&'], title: 'Q1 · "why"' }];
  const made = contexts.map((ctx) => render(env, SOURCE, 'page.njk', ctx));
  assert.deepEqual(made.map((m) => m.out), contexts.map((ctx) => render(plain, SOURCE, 'page.njk', ctx).out));
  assert.deepEqual(made.map((m) => m.out), ['<li>a</li><li>&lt;b&gt;</li> X', '', '<li>&amp;</li> Q1 · &quot;WHY&quot;']);
  assert.ok(made[0].t.rootRenderFunc);
  assert.ok(made.every((m) => m.t.rootRenderFunc === made[0].t.rootRenderFunc), 'one compile');
});

test('another source, another path or another environment compiles on its own', () => {
  const env = new nunjucks.Environment(null, settings);
  compileOncePerSource(env);
  const base = render(env, SOURCE, 'page.njk', { list: ['a'] }).t;
  const changed = render(env, `${SOURCE}!`, 'page.njk', { list: ['a'] });
  assert.equal(changed.out, '<li>a</li>!');
  assert.notEqual(changed.t.rootRenderFunc, base.rootRenderFunc);
  assert.notEqual(render(env, SOURCE, 'other.njk', { list: [] }).t.rootRenderFunc, base.rootRenderFunc);
  const plain = new nunjucks.Environment(null, settings);
  const a = render(plain, SOURCE, 'page.njk', { list: [] }).t;
  const b = render(plain, SOURCE, 'page.njk', { list: [] }).t;
  assert.notEqual(a.rootRenderFunc, b.rootRenderFunc, 'an environment not given to compileOncePerSource compiles every Template');
});
