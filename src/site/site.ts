/**
 * The whole site's data: every jam under `<content>/jams/`, checked, plus
 * what spans jams (the people index, the list of transcript pages that
 * Eleventy paginates over), and the editor's own Markdown pages (every
 * file of the content folder that would run code is refused:
 * content-folder.ts). Problems of every jam are collected before anything
 * is built, so one run reports them all.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname, basename } from 'node:path';
import { handleKey } from '../model/transcript.ts';
import { loadJam, RECAP_FILE, releaseLoad } from './jam.ts';
import type { JamModel, MessageView, TranscriptPageView } from './model.ts';
import type { PersonPartGroup } from './views/person-parts.ts';
import type { ChartView, PersonJam, PersonView, SeriesView, SiteView } from '../publish/site-view.ts';
import { avatarFor } from '../publish/avatars.ts';
import { homeChart } from './charts/home.ts';

export type { PersonJam, PersonView } from '../publish/site-view.ts';
import { problem, hasErrors, SiteError, sortProblems, type Problem } from '../notes/problems.ts';
import { foldName, personSlug } from './slug.ts';
import { defaultSiteOptions, type SiteOptions } from './options.ts';
import { readRedactList } from '../notes/redact.ts';
import { readSiteMeta } from '../notes/site-meta.ts';
import { scanContentFolder, type ContentPage } from './content-folder.ts';
import { themeProblems } from './theme-folder.ts';
import { buildSeries } from './series.ts';

export const JAMS_DIR = 'jams';

/** Jam folders: `<content>/jams/<slug>/` holding a recap.md. */
export function jamDirs(contentDir: string, onlyJams?: string[]): { dirs: string[]; problems: Problem[] } {
  const root = join(resolve(contentDir), JAMS_DIR);
  const problems: Problem[] = [];
  if (!existsSync(root)) return { dirs: [], problems: [problem(root, 1, 1, 'no jams folder: put each jam in jams/<slug>/ with its recap.md', 'warning')] };
  const dirs: string[] = [];
  for (const ent of readdirSync(root, { withFileTypes: true })) {
    if (!ent.isDirectory() || ent.name.startsWith('.') || ent.name.startsWith('_')) continue;
    const dir = join(root, ent.name);
    if (existsSync(join(dir, RECAP_FILE))) dirs.push(dir);
    else problems.push(problem(dir, 1, 1, `no ${RECAP_FILE} in this jam folder; skipped`, 'warning'));
  }
  // Two folders that differ only by case or Unicode normalization would be one
  // address on a case-insensitive disk or CDN: refuse rather than overwrite.
  const byFold = new Map<string, string>();
  for (const dir of dirs.sort()) {
    const name = basename(dir);
    const other = byFold.get(foldName(name));
    if (other !== undefined) {
      problems.push(problem(dir, 1, 1, `jam folders "${other}" and "${name}" differ only by case or Unicode normalization; rename one`));
    } else byFold.set(foldName(name), name);
  }
  // `serve`'s first look reads only the jam being edited (SiteOptions.onlyJams); the checks above cover every folder.
  if (!onlyJams) return { dirs, problems };
  const only = new Set(onlyJams);
  return { dirs: dirs.filter((d) => only.has(basename(d))), problems };
}

/** The jams, transcript pages and people whose pages Eleventy renders (the theme's paginated pages go over these). */
export interface RenderLists {
  jams: JamModel[];
  transcriptPages: TranscriptPageView[];
  people: PersonView[];
}

/** When a jam folder last changed: the newest modification time of the files directly in it (null when it cannot be read). */
export function jamFolderChanged(dir: string): number | null {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  let newest = 0;
  for (const e of entries) {
    if (!e.isFile()) continue;
    try {
      newest = Math.max(newest, statSync(join(dir, e.name)).mtimeMs);
    } catch {
      // removed meanwhile
    }
  }
  return newest;
}

export class SiteModel implements SiteView {
  /** Newest first. */
  readonly jams: JamModel[];
  readonly people: PersonView[];
  /** One per hashtag, the newest first (series.ts). */
  readonly series: SeriesView[];
  /** The editor's own pages (`content/<name>.md`), Markdown only (content-folder.ts). */
  readonly pages: ContentPage[];
  readonly problems: Problem[];
  readonly baseUrl: string;
  /**
   * What Eleventy renders of the paginated pages: every jam, transcript
   * page and person, unless the page cache (page-cache.ts) has some of
   * them; the lists above stay whole for the site-wide pages.
   */
  render: RenderLists;
  private readonly byRecap: Map<string, JamModel>;
  private readonly seriesByJam: Map<string, SeriesView>;

  constructor(jams: JamModel[], problems: Problem[], options: SiteOptions, pages: ContentPage[] = []) {
    this.pages = pages;
    this.jams = [...jams].sort((a, b) => (a.startsAt < b.startsAt ? 1 : a.startsAt > b.startsAt ? -1 : a.slug < b.slug ? -1 : 1));
    this.problems = problems;
    this.baseUrl = options.baseUrl;
    this.byRecap = new Map(this.jams.map((j) => [resolve(j.recapPath), j]));
    this.people = buildPeople(this.jams);
    this.series = buildSeries(this.jams);
    this.seriesByJam = new Map(this.series.flatMap((s) => s.jams.map((j) => [j.slug, s] as const)));
    const all = this.jams;
    this.render = { jams: all, get transcriptPages() { return all.flatMap((j) => j.transcriptPages); }, people: this.people };
  }

  /** The home page's chart of the site over time (jams, messages, people per month or year): none without dated jams. Drawn once. */
  get homeCharts(): ChartView[] {
    if (!this.homeChartList) {
      const chart = homeChart(this.jams);
      this.homeChartList = chart ? [chart] : [];
    }
    return this.homeChartList;
  }
  private homeChartList?: ChartView[];

  /** Every jam's transcript pages (each jam's read from its heavy parts: see model.ts JamHeavy). */
  get transcriptPages(): TranscriptPageView[] {
    return this.jams.flatMap((j) => j.transcriptPages);
  }

  /** The jam whose notes are at `inputPath` (Eleventy's `page.inputPath`). */
  jamFor(inputPath: string): JamModel | null {
    return this.byRecap.get(resolve(inputPath)) ?? null;
  }

  /** The hashtag series a jam belongs to (the recap page links it). */
  seriesOf(jamSlug: string): SeriesView | null {
    return this.seriesByJam.get(jamSlug) ?? null;
  }

  /** The newest jam's start: the date of pages that have none of their own. */
  get newestDate(): Date | null {
    return this.jams.length ? new Date(this.jams[0].startsAt) : null;
  }
}

/**
 * Everyone who posted, from each jam's person parts (views/person-parts.ts):
 * a group's messages are looked up in its jam only when read (a person page
 * being rendered), so listing and keying people needs no jam's messages.
 */
function buildPeople(jams: JamModel[]): PersonView[] {
  const byKey = new Map<string, PersonView>();
  const pictures = new Map<string, string>();
  // Oldest jam first, so the newest spelling of a handle and name wins.
  for (const jam of [...jams].reverse()) {
    const headings = groupHeadings(jam);
    for (const p of jam.participants) {
      const key = handleKey(p.handle);
      let person = byKey.get(key);
      if (!person) {
        person = { key, slug: personSlug(p.handle), handle: p.handle, name: p.name, href: p.href, messages: 0, jams: [] };
        byKey.set(key, person);
      }
      person.handle = p.handle;
      if (p.name) person.name = p.name;
      if (p.avatar?.src) pictures.set(key, p.avatar.src);
      const part = jam.personParts.get(key);
      const count = part?.count ?? 0;
      person.messages += count;
      person.jams.unshift({
        slug: jam.slug,
        title: jam.title,
        href: jam.href,
        dateLabel: jam.dateLabel,
        participantsHref: jam.participantsHref,
        count,
        groups: (part?.groups ?? []).map((g) => personGroup(jam, key, g, headings.get(g.id) ?? { label: g.id, href: null })),
      });
    }
  }
  const people = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // From the handle and name they go by last (the people table and their page), with the picture of the newest jam that saved one.
  for (const person of people) person.avatar = avatarFor(person.handle, person.name, pictures.get(person.key));
  return people;
}

/** How a person page heads each group of a jam: "Q1 · title" linking the question, and "Outside the questions". */
function groupHeadings(jam: JamModel): Map<string, { label: string; href: string | null }> {
  const out = new Map<string, { label: string; href: string | null }>(jam.questionSummaries.map((q) => [q.id, { label: `${q.id} · ${q.title}`, href: q.href }]));
  out.set('none', { label: 'Outside the questions', href: null });
  return out;
}

/**
 * A group of a person's messages in a jam, its `messages` looked up when
 * read (JamModel.personMessages: only that person's part of a jam the site
 * does not hold whole), and not kept: a batched build renders person pages
 * a batch at a time.
 */
class PersonGroup {
  readonly #jam: JamModel;
  readonly #key: string;
  constructor(jam: JamModel, key: string, readonly id: string, readonly label: string, readonly href: string | null, readonly at: number[]) {
    this.#jam = jam;
    this.#key = key;
  }

  get messages(): MessageView[] {
    return this.#jam.personMessages(this.#key, this.at);
  }
}

function personGroup(jam: JamModel, key: string, g: PersonPartGroup, heading: { label: string; href: string | null }): PersonJam['groups'][number] {
  return new PersonGroup(jam, key, g.id, heading.label, heading.href, g.at);
}

/** Two different handles whose pages would share a path (possible only with odd characters). */
function slugClashes(people: PersonView[], contentDir: string): Problem[] {
  const seen = new Map<string, PersonView>();
  const out: Problem[] = [];
  for (const p of people) {
    const other = seen.get(p.slug);
    if (other) out.push(problem(join(contentDir, JAMS_DIR), 1, 1, `participants "${other.handle}" and "${p.handle}" would share the page /participants/${p.slug}/`));
    else seen.set(p.slug, p);
  }
  return out;
}

export interface SiteLoad {
  site: SiteModel | null;
  problems: Problem[];
}

/**
 * Load and check every jam, and the site's settings (_data/siteMeta.json).
 * Never throws for bad content: see `problems`.
 * Drafts (`draft: true`) are left out unless `options.drafts`; the
 * content's redact.yml applies to every jam (a problem in it is an error:
 * nothing is published while the list of people who opted out is unclear).
 */
export function loadSite(contentDir: string, options: SiteOptions = defaultSiteOptions()): SiteLoad {
  const { dirs, problems } = jamDirs(contentDir, options.onlyJams);
  const redact = readRedactList(resolve(contentDir));
  problems.push(...redact.problems);
  // Everything else in the content folder: pages, and whatever would run code (refused).
  const content = scanContentFolder(contentDir);
  problems.push(...content.problems);
  // The publisher's theme folder: templates, styles, images and fonts only.
  problems.push(...themeProblems(contentDir, options.theme));
  problems.push(...readSiteMeta(resolve(contentDir)).problems);
  const jams: JamModel[] = [];
  for (const [i, dir] of dirs.entries()) {
    const load = loadJam(dir, options, { redact: redact.handles });
    if (options.releaseModels) releaseLoad(load);
    problems.push(...load.problems);
    if (load.model && (!load.draft || options.drafts)) jams.push(load.model);
    options.onJamLoaded?.(i + 1, dirs.length, load.model?.stats.messages ?? 0);
  }
  if (hasErrors(problems)) return { site: null, problems: sortProblems(problems) };
  const site = new SiteModel(jams, sortProblems(problems), options, content.pages);
  const clashes = slugClashes(site.people, resolve(contentDir));
  if (clashes.length) return { site: null, problems: sortProblems([...problems, ...clashes]) };
  return { site, problems: site.problems };
}

/** Like loadSite, for Eleventy: throws one error listing every problem. */
export function requireSite(contentDir: string, options?: SiteOptions): SiteModel {
  const { site, problems } = loadSite(contentDir, options);
  if (!site) throw new SiteError(problems);
  return site;
}

/** The content folder a recap.md belongs to (…/content/jams/<slug>/recap.md). */
export function contentDirOf(recapPath: string): string {
  const jamsDir = dirname(dirname(resolve(recapPath)));
  return basename(jamsDir) === JAMS_DIR ? dirname(jamsDir) : jamsDir;
}
