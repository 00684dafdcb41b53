/**
 * Names that become paths in the built site. Handles come from chat
 * exports (untrusted, any characters on some platforms), so a person's
 * page is at their lower-case handle only when that is a plain, portable
 * file name; anything else gets a readable ASCII stem plus a short hash of
 * the handle, so two different handles never share a page.
 */
import { handleKey } from '../model/transcript.ts';
import { sha256Hex } from '../model/ids.ts';

const PLAIN = /^[a-z0-9_][a-z0-9_.-]{0,63}$/;
// Names Windows refuses as files, whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/;

export function personSlug(handle: string): string {
  const key = handleKey(handle);
  if (PLAIN.test(key) && !RESERVED.test(key) && !key.endsWith('.')) return key;
  const stem = key
    .normalize('NFKD')
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const hash = sha256Hex(key.normalize('NFC')).slice(0, 8);
  return stem ? `${stem}-${hash}` : `p-${hash}`;
}

/**
 * The one rule for a jam's slug (its folder name, which is its address):
 * `new` refuses to create, and `build` and `check` refuse to read, a jam
 * folder that breaks it. Lower-case letters, digits, "-" and "_", starting
 * and ending with a letter or digit, 1 to 100 characters: a URL path segment
 * that needs no escaping and a folder name every OS accepts.
 */
export const JAM_SLUG = /^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$/;
/** Folder names Windows refuses, and "index" (it would read as the list of jams). */
const RESERVED_JAM = /^(?:con|prn|aux|nul|com\d|lpt\d|index)$/;
export const JAM_SLUG_EXAMPLE = '2012-10-24-socbizchat';

/** Why `slug` cannot be a jam's slug (one sentence with the fix), or null when it can. */
export function jamSlugProblem(slug: string): string | null {
  const shown = JSON.stringify(slug);
  if (!JAM_SLUG.test(slug)) {
    return `${shown} cannot be a jam's address: use lower-case letters, digits, "-" and "_" (starting and ending with a letter or digit), up to 100 characters, e.g. ${JAM_SLUG_EXAMPLE}`;
  }
  if (RESERVED_JAM.test(slug)) return `${shown} is a reserved name (Windows refuses con, prn, aux, nul, com1-9, lpt1-9 as folders; index is the list of jams): choose another`;
  return null;
}

export function isJamSlug(slug: string): boolean {
  return jamSlugProblem(slug) === null;
}

/** Names equal under this fold would collide on a case-insensitive or normalizing file system or CDN. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
