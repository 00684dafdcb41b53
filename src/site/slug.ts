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

/** A jam's folder name must already be a URL path segment: it is the jam's address. */
export const JAM_SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** A usable jam slug: a plain path segment that every OS (Windows included) accepts as a folder. */
export function isJamSlug(slug: string): boolean {
  return JAM_SLUG.test(slug) && !RESERVED.test(slug);
}

/** Names equal under this fold would collide on a case-insensitive or normalizing file system or CDN. */
export function foldName(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
