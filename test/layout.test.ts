/**
 * The source layout shows the pipeline (README, "How it works"): each
 * folder of src/ is one stage, and no module imports a stage above its own.
 *
 *   cli → site, draft → publish → downloads → notes → import → questions → model
 *
 * (import runs the question rules on what it reads, so questions sit below
 * it; publish writes the downloads' HTML with their policy, so downloads
 * sit below publish.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const RANK: Record<string, number> = { model: 0, questions: 1, import: 2, notes: 3, downloads: 4, publish: 5, site: 6, draft: 6, cli: 7 };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const stageOf = (file: string) => relative(SRC, file).split(/[\\/]/)[0];

/** `from './x.ts'` and `import('./x.ts')` specifiers, with their line numbers. */
export function relativeImports(text: string): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) out.push({ spec: m[1], line: i + 1 });
  });
  return out;
}

test('src/ holds exactly the pipeline stages', () => {
  const stages = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual(stages, Object.keys(RANK).sort());
});

test('no module imports a stage above its own', () => {
  const upward: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = stageOf(file);
    for (const { spec, line } of relativeImports(readFileSync(file, 'utf8'))) {
      const to = stageOf(resolve(dirname(file), spec));
      if (to !== from && !(RANK[to] < RANK[from])) upward.push(`${relative(SRC, file)}:${line} imports ${spec} (${from} → ${to})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('the layering check sees an upward import', () => {
  const found = relativeImports("import type { X } from '../site/model.ts';\nconst y = await import('../cli/main.ts');");
  assert.deepEqual(found, [{ spec: '../site/model.ts', line: 1 }, { spec: '../cli/main.ts', line: 2 }]);
});

test('every source file starts with a comment saying its job', () => {
  const bare = sourceFiles(SRC).filter((f) => !/^\s*(\/\*\*|\/\/)/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
  assert.deepEqual(bare, []);
});
