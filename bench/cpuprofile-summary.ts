/**
 * Where a `node --cpu-prof` profile's time went: self time (the samples'
 * time deltas) added up by function, by file and by package (an npm
 * package, a stage of src/, node's internals, or V8's own entries such as
 * the garbage collector), the top of each with its share of the total
 * (V8's "(idle)" left out), and by the nearest jamrecap function on the
 * stack (src/ or the compiled dist/, bench/, bin/): what each of jamrecap's own functions costs
 * with the library code it calls.
 *
 *   node --import tsx bench/cpuprofile-summary.ts FILE.cpuprofile [TOP=15]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds of self time per node id. */
function selfTimes(p: Profile): Map<number, number> {
  const out = new Map<number, number>();
  // timeDeltas[i] is the time before sample i: it belongs to the sample before it.
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0;
    out.set(p.samples[i], (out.get(p.samples[i]) ?? 0) + Math.max(0, dt));
  }
  return out;
}

function shortPath(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) return path.slice(nm + '/node_modules/'.length);
  const src = path.search(/\/(src|dist|bench|bin|theme)\//);
  return src >= 0 ? path.slice(src + 1) : path;
}

/** The package a frame belongs to: `luxon`, `@11ty/eleventy`, `src/downloads` (or `dist/downloads`), `node:internal`, `(garbage collector)`. */
export function packageOf(frame: CallFrame): string {
  const path = shortPath(frame.url);
  if (!path) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (frame.url.startsWith('node:')) return 'node:internal';
  if (frame.url.includes('/node_modules/')) {
    const parts = path.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const m = /^((?:src|dist)\/[^/]+)\//.exec(path);
  return m ? m[1] : path;
}

function isOwn(frame: CallFrame): boolean {
  return frame.url.startsWith('file://') && !frame.url.includes('/node_modules/') && /\/(src|dist|bench|bin)\//.test(frame.url);
}

/** A function and where it is (no line for jamrecap's files: tsx's compiled lines are not the source's). */
function frameName(f: CallFrame): string {
  const where = shortPath(f.url);
  const line = where && !isOwn(f) ? `:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}  ${where}${line}`.trim();
}

/** For each node, the nearest jamrecap frame at or above it (or the node's own package when there is none). */
function ownerOf(p: Profile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, string>();
  const owner = (id: number): string => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const f = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const o = isOwn(f) ? frameName(f) : up === undefined ? `(no jamrecap frame) ${packageOf(f)}` : owner(up);
    memo.set(id, o);
    return o;
  };
  return new Map(p.nodes.map((n) => [n.id, owner(n.id)]));
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function top(map: Map<string, number>, total: number, n: number, title: string): string {
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = rows.map(([k, us], i) => `${String(i + 1).padStart(3)}. ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(7)} s  ${k}`);
  return [`${title} (self time)`, ...lines].join('\n');
}

export function summarize(p: Profile, n = 15): string {
  const byNode = new Map(p.nodes.map((node) => [node.id, node.callFrame]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const pkg = new Map<string, number>();
  const own = new Map<string, number>();
  const owners = ownerOf(p);
  let total = 0;
  for (const [id, us] of selfTimes(p)) {
    const f = byNode.get(id)!;
    if (f.functionName === '(idle)') continue;
    total += us;
    add(fn, frameName(f), us);
    add(file, shortPath(f.url) || f.functionName || '(native)', us);
    add(pkg, packageOf(f), us);
    add(own, owners.get(id)!, us);
  }
  return [
    `total sampled (idle left out): ${(total / 1e6).toFixed(2)} s`,
    top(fn, total, n, 'functions'),
    top(file, total, n, 'files'),
    top(pkg, total, n, 'packages'),
    top(own, total, n, 'nearest jamrecap function on the stack (its self time and the library code it calls)'),
  ].join('\n\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/cpuprofile-summary.ts FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  console.log(summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(n ?? 15)));
}
