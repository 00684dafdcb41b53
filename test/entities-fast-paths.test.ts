/**
 * entities.ts's shortcuts give the answers of the long way:
 * - `isCanonicalHttpUrl`, which `safeHttpUrl` asks before the URL parser:
 *   whenever it says yes, `new URL(s).href` is `s` itself. Checked on tricky
 *   hand-picked URLs, on every http(s) URL in the corpus (when present), and
 *   on 20,000 random strings built from the pieces that make URL parsing differ.
 * - `handleProblem` on ASCII names with spaces answers as its Unicode tests do.
 * - ids.ts `sha256Hex` (crypto.hash, one call) gives createHash's digest, so
 *   content ids and handle suffixes stay what they were.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { handleProblem, isCanonicalHttpUrl, safeHttpUrl } from '../src/model/entities.ts';
import { contentId, sha256Hex } from '../src/model/ids.ts';
import { corpusTest } from './helpers/corpus.ts';

/** What the URL parser makes of `s` (its href), or null when it refuses it. */
function parsed(s: string): string | null {
  try {
    return new URL(s).href;
  } catch {
    return null;
  }
}

/** The shortcut is right about `s`: a yes means the parser gives `s` back. */
function agrees(s: string): boolean {
  return !isCanonicalHttpUrl(s) || parsed(s) === s;
}

test('isCanonicalHttpUrl: yes only where the URL parser keeps the text as it is', () => {
  const yes = ['https://example.org/', 'http://a.b.co/x/y?q=1&r=2#top', 'https://mastodon.social/@ann/109/', 'https://a-b.example/.well-known/x', 'https://x.org/a%20b', 'https://x.org/%zz', 'https://x.org/p?u=a/./b', 'https://x.org/#/./'];
  const no = [
    'https://Example.org/', 'https://example.org', 'https://example.org:443/', 'https://u@example.org/', 'https://1.2.3.4/', 'https://x.123/',
    'https://xn--nxasmq6b.com/', 'https://a..b/', 'https://example.org./', 'https://x.org/a/../b', 'https://x.org/a/./b', 'https://x.org/a/.', 'https://x.org/a/%2e%2E/b',
    'https://x.org/a b', 'https://x.org/a"b', "https://x.org/?q='", 'https://x.org/a\\b', 'https://x.org/é', ' https://x.org/', 'https://x.org/\t', 'ftp://x.org/', 'javascript:alert(1)', '//x.org/',
  ];
  for (const s of yes) assert.ok(isCanonicalHttpUrl(s) && parsed(s) === s, s);
  for (const s of no) assert.equal(isCanonicalHttpUrl(s), false, s);
  // What safeHttpUrl answers does not depend on the shortcut.
  for (const s of [...yes, ...no]) {
    const u = parsed(s.trim().startsWith('//') ? `https:${s.trim()}` : s.trim());
    assert.equal(safeHttpUrl(s), u && /^https?:/.test(u) ? u : null, s);
  }
});

test('isCanonicalHttpUrl: agrees with the URL parser on 20,000 random strings', () => {
  const pieces = ['https://', 'http://', 'a', 'Z', '0', '9', '.', '..', '/', '-', '_', '~', '%', '%2e', '%2E', '%41', '?', '#', ':', '@', '[', ']', '!', "'", '"', ' ', '\t', '\\', 'é', 'xn--', 'x.org', '/./', '/../', '/.', '&', '=', '+', ',', ';', '(', ')', '*', '$', '`', '{', '|', '^', '<', '>'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  let yes = 0;
  for (let k = 0; k < 20_000; k++) {
    const hosts = ['x.org', 'a-b.example', 'mastodon.social', 'Ab.com', '1.2.3.4', 'x.123', 'xn--a.com', 'a..b', 'x.org.', '', 'u@x.org', 'x.org:80', 'x_y.org', 'a'];
    let s = (rand(4) === 0 ? 'http://' : 'https://') + hosts[rand(hosts.length)] + (rand(5) ? '/' : '');
    const len = rand(12);
    for (let i = 0; i < len; i++) s += pieces[rand(pieces.length)];
    assert.ok(agrees(s), s);
    if (isCanonicalHttpUrl(s)) yes++;
  }
  // The strings reach both answers.
  assert.ok(yes > 1000, `${yes}`);
});

corpusTest('isCanonicalHttpUrl: agrees with the URL parser on every http(s) URL in the corpus', [''], (_t, corpus) => {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  let n = 0;
  for (const path of walk(corpus)) {
    if (statSync(path).size > 4_000_000) continue;
    for (const m of readFileSync(path, 'latin1').matchAll(/https?:\/\/[^\s"'<>\\]{1,300}/g)) {
      assert.ok(agrees(m[0]), m[0]);
      n++;
    }
  }
  assert.ok(n > 10_000, `${n}`);
});

/** handleProblem's answer by its Unicode tests alone (the way every handle took before the ASCII shortcuts). */
function slowHandleProblem(handle: string): string | null {
  if (!handle) return 'empty';
  if ([...handle].length > 64) return 'longer than 64 characters';
  const forbidden = /[<>"'`&\\/]/u.exec(handle);
  if (forbidden) return `contains ${JSON.stringify(forbidden[0])}`;
  if (/(?!\u200D)[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}]/u.test(handle)) return 'contains a control or invisible character';
  if (/(?! )[\s\p{Z}]/u.test(handle)) return 'contains white space other than single spaces';
  if (/^ | $| {2}/.test(handle)) return 'has leading, trailing or doubled spaces';
  return null;
}

test('handleProblem: ASCII names with spaces get the answers of the Unicode tests', () => {
  const pieces = ['a', 'Z', '0', ' ', 'Ann', 'Lee', ' ', '.', '_', '-', '#', '  ', '<', '&', '/', '\\', "'", '"', '`', '(', ')', '\t', '\x7f', '\x00', 'é', '\u200b', 'x'.repeat(30)];
  let seed = 777;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const cases = ['Ann Lee', ' Ann', 'Ann ', 'Ann  Lee', 'A B C D', 'x'.repeat(64), 'x'.repeat(65), `${'x'.repeat(31)} ${'y'.repeat(32)}`, `${'x'.repeat(32)} ${'y'.repeat(32)}`];
  for (let k = 0; k < 20_000; k++) {
    let s = '';
    // Mostly the pieces of plausible names (the first eleven), now and then anything.
    for (let i = 1 + rand(8); i > 0; i--) s += pieces[rand(4) ? rand(11) : rand(pieces.length)];
    cases.push(s);
  }
  let plain = 0;
  for (const s of cases) {
    assert.equal(handleProblem(s), slowHandleProblem(s), JSON.stringify(s));
    if (/^[\x20-\x7e]+$/.test(s) && s.includes(' ') && handleProblem(s) === null) plain++;
  }
  assert.ok(plain > 1000, `${plain}`);
});

test('sha256Hex: the digest createHash gives, for strings (lone surrogates too) and bytes', () => {
  const long = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
  let seed = 99;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const cases: (string | Buffer)[] = ['', 'Jessie & James', '\ud800', 'x\udc00y', '\ud83d\ude00', 'é'.repeat(1000), Buffer.from([0, 255, 128])];
  for (let k = 0; k < 5000; k++) cases.push(String.fromCharCode(...Array.from({ length: rand(40) }, () => rand(65536))));
  for (const s of cases) assert.equal(sha256Hex(s), long(s), JSON.stringify(s));
  // A content id as it has always been made.
  assert.equal(contentId('zoom-txt', 'Ann', '2020-05-12T10:00:00.000Z', 'hi'), `h-${long(['zoom-txt', 'ann', '2020-05-12T10:00:00.000Z', 'hi'].join('\u0000')).slice(0, 16)}`);
});
