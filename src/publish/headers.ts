/**
 * `_headers` for Netlify and Cloudflare Pages: cache lifetimes and security
 * headers by path. Both hosts apply every rule whose pattern matches and
 * combine repeated headers (two Cache-Control or two CSP values would both
 * apply), so the rules here never overlap for the same header: one rule per
 * kind of path, with `:slug` placeholders, and a fixed number of rules
 * whatever the number of jams (Cloudflare allows 100).
 *
 * - `assets/*` and `media/*` hold only content-hashed files: cached for a
 *   year, immutable;
 * - pages, feeds, the API and downloads change with each build: 5 minutes,
 *   then revalidate;
 * - every HTML page gets the Content-Security-Policy of its meta (the
 *   standalone transcript downloads their own, stricter one; the search
 *   page the site's with its scripts allowed, see searchPageCsp);
 * - `pagefind/` (the search index, written after this file) changes with
 *   each build: 5 minutes; no CSP (its worker would inherit none anyway).
 *
 * Paths carry the path prefix: they are the URLs browsers request. A site
 * served from a subpath must put this file at the root of what it publishes.
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const SHORT = 'public, max-age=300, must-revalidate';
export const HEADERS_MARK = '# jamrecap _headers';

/** The folders of pages inside a jam's folder (its downloads are in `download/`). */
export const JAM_PAGE_FOLDERS = ['transcript', 'participants', 'embed'] as const;

export interface HeaderRule {
  path: string;
  headers: [string, string][];
}

export interface HeadersInput {
  pathPrefix: string;
  siteCsp: string;
  downloadCsp: string;
  /** Names of the files and folders at the top of the output (assets/, media/ and jams/ have rules of their own). */
  topFiles: string[];
  topDirs: string[];
}

/**
 * The search page's Content-Security-Policy, made from the site's: it runs
 * scripts from the site itself (the search page's module, Pagefind's
 * pagefind.js and its worker; no inline script, no eval) and WebAssembly
 * (Pagefind searches in WASM, which Chromium compiles only under
 * 'wasm-unsafe-eval' in script-src: it allows compiling WASM, not
 * JavaScript's eval; script-src-elem and script-src-attr, which would
 * inherit it, say 'self' and 'none'), and its form submits to the site (a
 * GET to the same page).
 */
export function searchPageCsp(siteCsp: string): string {
  return siteCsp.replace("script-src 'none'", "script-src 'self' 'wasm-unsafe-eval'; script-src-elem 'self'; script-src-attr 'none'").replace("form-action 'none'", "form-action 'self'");
}

/** A name `_headers` may carry: one plain path segment (what a page's permalink may use, see site/content-pages.ts). */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const SAFE_PREFIX = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/;

export function headerRules(input: HeadersInput): HeaderRule[] {
  // Every path line comes from these names: one with a newline, a space or a
  // wildcard would add rules of its own, so the build stops instead.
  for (const name of [...input.topDirs, ...input.topFiles]) {
    if (!name.startsWith('.') && !SAFE_NAME.test(name)) throw new Error(`_headers: refusing a rule for the output entry ${JSON.stringify(name.slice(0, 60))}: not a plain file name`);
  }
  if (!SAFE_PREFIX.test(input.pathPrefix)) throw new Error(`_headers: refusing the path prefix ${JSON.stringify(input.pathPrefix.slice(0, 60))}: not a plain path`);
  const p = input.pathPrefix.replace(/\/$/, '');
  const page = (path: string, csp = input.siteCsp): HeaderRule => ({
    path,
    headers: [
      ['Cache-Control', SHORT],
      ['Content-Security-Policy', csp],
      // The downloads are documents to keep: they tell no site where they were read.
      ['Referrer-Policy', csp === input.downloadCsp ? 'no-referrer' : 'strict-origin-when-cross-origin'],
    ],
  });
  // A jam's folder holds the recap (its index), three folders of pages and
  // the downloads; a single ":slug/*" rule would reach the downloads too and
  // give them two CSPs, so each folder has its own rule.
  const rules: HeaderRule[] = [
    { path: `${p}/*`, headers: [['X-Content-Type-Options', 'nosniff']] },
    { path: `${p}/assets/*`, headers: [['Cache-Control', IMMUTABLE]] },
    ...(input.topDirs.includes('media') ? [{ path: `${p}/media/*`, headers: [['Cache-Control', IMMUTABLE]] as [string, string][] }] : []),
    page(`${p}/`),
    page(`${p}/jams/:slug/`),
    ...JAM_PAGE_FOLDERS.map((sub) => page(`${p}/jams/:slug/${sub}/*`)),
    page(`${p}/jams/:slug/download/*`, input.downloadCsp),
  ];
  for (const d of [...input.topDirs].sort()) {
    if (d === 'assets' || d === 'media' || d === 'jams' || d === 'pagefind') continue;
    if (d === 'search') {
      rules.push(page(`${p}/search/*`, searchPageCsp(input.siteCsp)));
      rules.push({ path: `${p}/pagefind/*`, headers: [['Cache-Control', SHORT]] });
    } else rules.push(page(`${p}/${d}/*`));
  }
  for (const f of [...input.topFiles].sort()) {
    if (f === 'index.html' || f === '_headers' || f.startsWith('.')) continue;
    rules.push(page(`${p}/${f}`));
  }
  return rules;
}

export function headersFile(rules: HeaderRule[]): string {
  const lines = [
    `${HEADERS_MARK}: cache lifetimes and security headers for Netlify and Cloudflare Pages.`,
    '# Hashed assets are immutable; pages, feeds, the API and downloads revalidate after 5 minutes.',
  ];
  for (const r of rules) {
    lines.push(r.path);
    for (const [name, value] of r.headers) lines.push(`  ${name}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
