/**
 * Where a jam's pages live on the site (root-relative URLs) and the element
 * ids the recap page gives its question sections.
 */
import { personSlug } from '../slug.ts';

/** A jam's recap page: `/jams/<slug>/`. */
export function jamHref(slug: string): string {
  return `/jams/${slug}/`;
}

/** Page `page` (1-based) of a jam's transcript; the first page has no number in its URL. */
export function transcriptUrl(slug: string, page: number): string {
  return page <= 1 ? `/jams/${slug}/transcript/` : `/jams/${slug}/transcript/${page}/`;
}

/** A person's page (one per person across all jams). */
export function personHref(handle: string): string {
  return `/participants/${personSlug(handle)}/`;
}

/** Element id of a question's section on the recap page: `Q1` -> `q1`. */
export function questionAnchor(id: string): string {
  return id.toLowerCase();
}

/** A question's section on the jam's recap page. */
export function questionHref(jamHref: string, id: string): string {
  return `${jamHref}#${questionAnchor(id)}`;
}
