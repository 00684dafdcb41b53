/**
 * Hashtag series: the jams that share a hashtag (a recurring chat), one
 * page each at `/series/<slug>/`, with its jams newest first and its people
 * across them (messages summed over the series' jams, most first). Hashtags
 * are one series whatever their case or Unicode form (`#SocBizChat` and
 * `#socbizchat`); the series is named as its newest jam writes it.
 */
import { sha256Hex } from '../model/ids.ts';
import { handleKey } from '../model/transcript.ts';
import type { JamView, SeriesPerson, SeriesView } from '../publish/site-view.ts';
import { foldName } from './slug.ts';

export const SERIES_DIR = 'series';

const PLAIN = /^[a-z0-9_]{1,64}$/;

/**
 * A series' address: the folded hashtag when it is plain ASCII, else a
 * readable ASCII stem and a short hash of the hashtag (two hashtags never
 * share a page).
 */
export function seriesSlug(hashtag: string): string {
  const key = foldName(hashtag.replace(/^#/, ''));
  if (PLAIN.test(key)) return key;
  const stem = key
    .normalize('NFKD')
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const hash = sha256Hex(key).slice(0, 8);
  return stem ? `${stem}-${hash}` : `t-${hash}`;
}

export const seriesHref = (slug: string): string => `/${SERIES_DIR}/${slug}/`;

/** The people of a series' jams (newest first): messages summed, the newest spelling of each handle and name. */
function seriesPeople(jams: readonly JamView[]): SeriesPerson[] {
  const byKey = new Map<string, SeriesPerson>();
  for (const jam of jams) {
    for (const p of jam.participants) {
      const key = handleKey(p.handle);
      const person = byKey.get(key);
      if (!person) byKey.set(key, { handle: p.handle, name: p.name, href: p.href, messages: p.messages, jams: 1 });
      else {
        person.messages += p.messages;
        person.jams += 1;
        person.name ??= p.name;
      }
    }
  }
  const key = (p: SeriesPerson) => handleKey(p.handle);
  return [...byKey.values()].sort((a, b) => b.messages - a.messages || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every series of the site (`jams` newest first, as the site holds them), the newest series first. */
export function buildSeries(jams: readonly JamView[]): SeriesView[] {
  const bySlug = new Map<string, JamView[]>();
  for (const jam of jams) {
    const slug = seriesSlug(jam.hashtag);
    const list = bySlug.get(slug);
    if (list) list.push(jam);
    else bySlug.set(slug, [jam]);
  }
  return [...bySlug].map(([slug, list]) => ({
    hashtag: list[0].hashtag,
    slug,
    href: seriesHref(slug),
    jams: list.map((j) => ({ slug: j.slug, title: j.title, href: j.href, date: j.date, dateLabel: j.dateLabel, messages: j.stats.messages, participants: j.stats.participants })),
    people: seriesPeople(list),
    messages: list.reduce((n, j) => n + j.stats.messages, 0),
  }));
}
