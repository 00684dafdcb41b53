/** The one script the built site ships: the search page's module file (no inline code). */
import assert from 'node:assert/strict';

/** The search page's module script, as search.njk writes it. */
export const SEARCH_SCRIPT_TAG = '<script type="module" src="/pagefind/jamrecap-search.js"></script>';

/**
 * `html` with the search page's one script taken out, after checking it is
 * there exactly once (`file`: the page's path in the output, '/' separated):
 * every other page, and the rest of the search page, must hold no script.
 */
export function withoutSearchScript(file: string, html: string): string {
  if (file.replace(/\\/g, '/') !== 'search/index.html') return html;
  assert.equal(html.split(SEARCH_SCRIPT_TAG).length, 2, 'the search page loads its module script once');
  return html.replace(SEARCH_SCRIPT_TAG, '');
}
