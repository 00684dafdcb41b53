/**
 * The page cache: the HTML pages of each jam and each person, kept on disk
 * beside the import and download caches (cache.ts: same folder,
 * JAMRECAP_CACHE and --no-cache), so that a build after one edit renders
 * only the pages that edit changes and copies the others.
 *
 * A page group is all the pages of one jam (every file Eleventy writes
 * under `jams/<slug>/` except `download/`: recap, transcript pages,
 * participants, embeds) or one person's page (`participants/<slug>/`).
 * The site-wide pages (home, participants index, series, feeds, the
 * editor's pages, and every page of a theme that is not paginated over
 * `site.render`) are always rendered.
 *
 * Which pages a change renders again is decided by the groups' keys
 * (page-keys.ts, with the contract they give a publisher's theme).
 *
 * An entry is a set of files and a line beside them (cache-files.ts: the line
 * naming the version, key, and each file's path, URL, size, time and
 * inode), like the download cache's; it is used only when it fits, every
 * path lies in its group's folder and no file changed; anything else is
 * rendered afresh and rewritten. Into a fresh output folder (`build`) the
 * files go by hard link, into one built again in place (`serve`) by copy;
 * a rendered group is kept the same way, from the files Eleventy wrote.
 * One entry per group (storing one drops the older ones).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { keepRecapDownloadFiles, recapDownloadNames, renderedRecapBytes, type RecapDownloadOptions } from '../publish/recap-downloads.ts';
import { readRecap, recapKey, storeRecap, type RecapBytes } from './recap-cache.ts';
import { ownerTag } from './cache.ts';
import { placeEntryFile, readFiles, storeFiles, type FilesEntry, type PlaceMode } from './cache-files.ts';
import { contextDigest, jamDigest, pagesVersion, personDigest, themeFacts, type PageContext } from './page-keys.ts';
import type { SiteModel } from './site.ts';
import type { RenderBatch } from './options.ts';
import type { JamModel } from './model.ts';

/** A group as an output folder built again in place holds it: its key, files (relative paths), page URLs and recap downloads. */
interface RecordedGroup {
  key: string;
  files: string[];
  urls: string[];
  recap: [Uint8Array, Uint8Array] | null;
}

/**
 * What the page cache left in an output folder that is built again in
 * place (serve's preview, src/cli/preview-builds.ts): a group whose key
 * has not changed since the last build of the folder is left as it is
 * there, neither copied again nor rendered. The preview's builder clears
 * it whenever the folder's content is not known (a failed or partial
 * build), and deletes after each build the files older than the build
 * that `kept` does not name.
 */
export class OutputRecord {
  readonly groups = new Map<string, RecordedGroup>();
  /** The files the last build left as they were (relative paths, `/`-separated). */
  readonly kept = new Set<string>();
}

/** Counters for tests and benchmarks: entries used, missed, refused, written, and the groups rendered by the last plan. */
export const pageCacheStats = { hits: 0, misses: 0, rejected: 0, writes: 0, renderedJams: [] as string[], renderedPeople: [] as string[] };

type GroupKind = 'jam' | 'person';

interface Group {
  kind: GroupKind;
  slug: string;
  /** Output paths (relative, `/`-separated) of the group's files start with this. */
  folder: string;
  /** The entry's owner (one entry per owner). */
  owner: string;
  key: string;
  /** The entry's files, when it was found sound at planning (restored after the pages are written). */
  cached: boolean;
  /** The entry as planning found it. */
  entry?: FilesEntry<EntryFile>;
}

interface EntryFile {
  path: string;
  url: string | null;
}

/** The recap's own downloads (publish/recap-downloads.ts), kept with the jam's pages: functions of the same data. */
function recapDownloads(group: Group): string[] {
  if (group.kind !== 'jam') return [];
  const names = recapDownloadNames(group.slug);
  return [names.md, names.html].map((name) => `${group.folder}download/${name}`);
}

/** A relative output path the group may hold: in its folder, plain segments only, of a jam's downloads only the recap's. */
function inGroup(group: Group, path: string): boolean {
  if (!path.startsWith(group.folder)) return false;
  if (group.kind === 'jam' && path.startsWith(`${group.folder}download/`) && !recapDownloads(group).includes(path)) return false;
  return path.split('/').every((s) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(s));
}

/**
 * The page cache of one build: `plan` decides which groups Eleventy
 * renders (site.render), `restore` copies the others into the output,
 * `store` keeps the groups just rendered. Without a cache folder every
 * group is rendered and nothing is kept.
 */
export class PageCache {
  private groups: Group[] = [];
  private readonly entryDir: string | null;
  /** This build's groups as the output holds them (for `record`). */
  private readonly holds = new Map<string, RecordedGroup>();

  constructor(
    private readonly cacheDir: string | null,
    private readonly contentDir: string,
    private readonly context: PageContext,
    /** The output folder's record, when it is built again in place (null: a fresh folder). */
    private readonly record: OutputRecord | null = null,
    /** How files go between the cache and the output: `link` only into a fresh folder nothing writes into again. */
    private readonly mode: PlaceMode = 'copy',
  ) {
    this.entryDir = cacheDir ? join(cacheDir, 'pages') : null;
  }

  /** Whether there is a cache folder to keep pages in. */
  get enabled(): boolean {
    return this.entryDir !== null;
  }

  /**
   * Look every group up and give the site the lists Eleventy must render;
   * `only` (a batch of a batched build): only these jams and people.
   */
  plan(site: SiteModel, only?: RenderBatch): void {
    pageCacheStats.renderedJams = [];
    pageCacheStats.renderedPeople = [];
    if (!this.entryDir) {
      this.groups = [];
      pageCacheStats.renderedJams = site.jams.map((j) => j.slug);
      pageCacheStats.renderedPeople = site.people.map((p) => p.slug);
      return;
    }
    const theme = themeFacts(this.context.themeDirs);
    const base = contextDigest(site, this.context, theme);
    const key = (data: string) => createHash('sha256').update(`${base}\0${data}`).digest('hex');
    const jamsRoot = join(resolve(this.contentDir), 'jams');
    const peopleRoot = join(resolve(this.contentDir), 'participants');
    this.jams = new Map(site.jams.map((j) => [j.slug, j]));
    // A batch of a batched build looks up its own jams and people only.
    const batchJams = only ? new Set(only.jams) : null;
    const batchPeople = only ? new Set(only.people) : null;
    // A jam's own digest (recap.md read and hashed): the recap downloads' key reuses it when the jam list is not in it.
    this.ownDigests.clear();
    const ownDigest = (j: JamModel) => {
      const d = jamDigest(j, site, theme.showsSite);
      if (!theme.showsSite) this.ownDigests.set(j.slug, d);
      return d;
    };
    const jams = site.jams.filter((j) => !batchJams || batchJams.has(j.slug)).map((j): Group => ({ kind: 'jam', slug: j.slug, folder: `jams/${j.slug}/`, owner: join(jamsRoot, j.slug), key: key(`jam\0${ownDigest(j)}`), cached: false }));
    for (const g of jams) this.lookUp(g);
    const people = site.people.filter((p) => !batchPeople || batchPeople.has(p.slug)).map((p): Group => ({ kind: 'person', slug: p.slug, folder: `participants/${p.slug}/`, owner: join(peopleRoot, p.slug), key: key(`person\0${personDigest(p, this.jams)}`), cached: false }));
    for (const g of people) this.lookUp(g);
    this.groups = [...jams, ...people];
    const render = (kind: GroupKind) => new Set(this.groups.filter((g) => g.kind === kind && !g.cached).map((g) => g.slug));
    const renderJams = render('jam');
    const renderPeople = render('person');
    const jamsToRender = site.jams.filter((j) => renderJams.has(j.slug));
    site.render = {
      jams: jamsToRender,
      // Read by Eleventy when it renders (a batch's jams' messages), not when a batched build plans.
      get transcriptPages() {
        return jamsToRender.flatMap((j) => j.transcriptPages);
      },
      people: site.people.filter((p) => renderPeople.has(p.slug)),
    };
    pageCacheStats.renderedJams = [...renderJams];
    pageCacheStats.renderedPeople = [...renderPeople];
    this.lookUpRecaps(site, jams.filter((g) => !g.cached));
  }

  /** Per jam planned: its jamDigest without the jam list (when the keys do not hold the list). */
  private readonly ownDigests = new Map<string, string>();

  /** Per jam to render: its recap downloads' key, and whether the recap cache gave them. */
  private recaps = new Map<string, { key: string; cached: boolean }>();

  /** The recap downloads' options (publish/recap-downloads.ts): the public address and the site's language. */
  private get recapOptions(): RecapDownloadOptions {
    return { address: { baseUrl: this.context.baseUrl, pathPrefix: this.context.pathPrefix }, lang: this.context.lang };
  }

  /** Keep a rendered jam's recap downloads in the recap cache: as the output holds them, or (a batch, which writes no downloads) as rendered for its page. */
  private storeRecap(g: Group, written: RecapBytes | null): void {
    const planned = this.recaps.get(g.slug);
    const jam = this.jams.get(g.slug);
    if (g.kind !== 'jam' || !planned || planned.cached || !jam) return;
    const bytes = written ?? renderedRecapBytes(jam, this.recapOptions);
    if (bytes) storeRecap(this.cacheDir!, g.owner, planned.key, bytes);
  }

  /** The recap downloads of the jams to render, from the recap cache where it has them (recap-cache.ts): not rendered again. */
  private lookUpRecaps(site: SiteModel, groups: Group[]): void {
    this.recaps.clear();
    for (const g of groups) {
      const jam = this.jams.get(g.slug)!;
      const key = recapKey(jam, site, this.context, this.ownDigests.get(g.slug));
      const bytes = readRecap(this.cacheDir!, g.owner, key);
      if (bytes) keepRecapDownloadFiles(jam, this.recapOptions, bytes[0], bytes[1]);
      this.recaps.set(g.slug, { key, cached: bytes !== null });
    }
  }

  /** The planned site's jams by slug. */
  private jams = new Map<string, JamModel>();

  /** Whether a group is cached: held by the output folder already under its key (OutputRecord: no entry needed), or a sound entry. */
  private lookUp(g: Group): void {
    if (this.heldInPlace(g)) g.cached = true;
    else {
      const entry = this.read(g);
      g.cached = entry !== null;
      g.entry = entry ?? undefined;
    }
  }

  /** The jams whose recap downloads `restore` wrote (publish.ts need not write them). */
  readonly recapsRestored = new Set<string>();
  /**
   * The jams the output folder holds already, unchanged (OutputRecord):
   * their transcript downloads too, since a jam's key covers everything
   * the downloads are made of (code, notes, exports, redaction, language).
   */
  readonly jamsInPlace = new Set<string>();

  /**
   * Copy the cached groups into the output (a file Eleventy wrote this
   * build, one of `results`, is left as it is; so is a group the folder
   * holds already, see OutputRecord); returns their pages' URLs (for the
   * sitemap). A jam's recap downloads are handed to
   * publish/recap-downloads.ts too: the API and the CMS exports list them
   * without rendering them again.
   */
  restore(outDir: string, site: SiteModel, results: readonly { outputPath: string | false }[]): string[] {
    const urls: string[] = [];
    const written = new Set(writtenPaths(outDir, results).keys());
    const jams = new Map(site.jams.map((j) => [j.slug, j]));
    const recapOptions = this.recapOptions;
    this.record?.kept.clear();
    for (const g of this.groups) {
      if (!g.cached) continue;
      const held = this.record?.groups.get(g.owner);
      const group = held?.key === g.key ? held : this.copyIn(g, outDir, written);
      if (group === held) {
        for (const f of held.files) this.record!.kept.add(f);
        if (g.kind === 'jam') this.keepDownloads(outDir, g);
      }
      this.holds.set(g.owner, group);
      urls.push(...group.urls);
      const jam = jams.get(g.slug);
      if (g.kind === 'jam' && jam && group.recap) {
        keepRecapDownloadFiles(jam, recapOptions, group.recap[0], group.recap[1]);
        this.recapsRestored.add(g.slug);
      }
    }
    return urls;
  }

  /** The output folder holds the group already under this key (counted as a hit). */
  private heldInPlace(g: Group): boolean {
    if (this.record?.groups.get(g.owner)?.key !== g.key) return false;
    pageCacheStats.hits++;
    return true;
  }

  /** A jam held in place keeps its transcript downloads as they are. */
  private keepDownloads(outDir: string, g: Group): void {
    this.jamsInPlace.add(g.slug);
    try {
      for (const name of readdirSync(join(outDir, 'jams', g.slug, 'download'))) this.record!.kept.add(`${g.folder}download/${name}`);
    } catch {
      this.jamsInPlace.delete(g.slug); // no downloads there: written again
    }
  }

  /** Put a cached group's files into the output (but those Eleventy wrote this build). */
  private copyIn(g: Group, outDir: string, written: ReadonlySet<string>): RecordedGroup {
    const entry = g.entry;
    if (!entry) throw new Error(`the page cache entry of ${g.folder} was not read before the build`);
    const made = new Set<string>();
    entry.files.forEach((f, i) => {
      if (!written.has(f.path)) placeEntryFile(entry, i, join(outDir, ...f.path.split('/')), this.mode, made);
    });
    const [md, html] = recapDownloads(g).map((p) => entry.files.findIndex((f) => f.path === p)).map((i) => (i >= 0 ? readFileSync(entry.path(i)) : null));
    return {
      key: g.key,
      files: entry.files.map((f) => f.path),
      urls: entry.files.flatMap((f) => (f.url !== null && f.path.endsWith('.html') ? [f.url] : [])),
      recap: md && html ? [md, html] : null,
    };
  }

  /**
   * Keep each group Eleventy rendered: its files as written, read back
   * from the output (a jam's with its recap downloads, written after the
   * pages by publish.ts).
   */
  store(outDir: string, results: readonly { outputPath: string | false; url: string | false }[]): void {
    if (!this.entryDir) return;
    const written = writtenPaths(outDir, results);
    const byFolder = pathsByFolder([...written.keys()]);
    for (const g of this.groups) {
      if (g.cached) continue;
      for (const p of recapDownloads(g)) if (existsSync(join(outDir, ...p.split('/')))) written.set(p, null);
      const mine = [...(byFolder.get(g.folder) ?? []), ...recapDownloads(g).filter((p) => written.has(p))].filter((p) => inGroup(g, p)).sort();
      const files = mine.map((p) => ({ meta: { path: p, url: written.get(p) ?? null }, from: join(outDir, ...p.split('/')) }));
      if (storeFiles(this.entryDir, `${ownerTag(g.owner)}-`, pagesVersion(), g.key, files, this.mode)) pageCacheStats.writes++;
      const at = recapDownloads(g).map((p) => mine.indexOf(p));
      const recap: RecapBytes | null = at.length === 2 && at.every((i) => i >= 0) ? [readFileSync(files[at[0]].from), readFileSync(files[at[1]].from)] : null;
      this.holds.set(g.owner, {
        key: g.key,
        files: mine,
        urls: mine.flatMap((p) => (p.endsWith('.html') && typeof written.get(p) === 'string' ? [written.get(p)!] : [])),
        recap,
      });
      this.storeRecap(g, recap);
    }
    // The folder now holds this build's groups, and no others.
    if (this.record) {
      this.record.groups.clear();
      for (const [owner, group] of this.holds) this.record.groups.set(owner, group);
    }
  }

  /** A group's entry, with its files checked, or null (counted) when there is none or it cannot be trusted. Never throws. */
  private read(g: Group): FilesEntry<EntryFile> | null {
    const isFile = (f: Partial<EntryFile>) => typeof f.path === 'string' && inGroup(g, f.path) && (f.url === null || typeof f.url === 'string');
    const entry = readFiles<EntryFile>(this.entryDir!, `${ownerTag(g.owner)}-`, pagesVersion(), g.key, isFile);
    if (entry === 'missing') pageCacheStats.misses++;
    else if (entry === 'refused') pageCacheStats.rejected++;
    else {
      pageCacheStats.hits++;
      return entry;
    }
    return null;
  }
}

/** Relative paths by the group folder they would belong to (their first two segments: `jams/<slug>/`), so a group looks only at its own. */
function pathsByFolder(paths: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    const parts = p.split('/');
    if (parts.length < 3) continue;
    const folder = `${parts[0]}/${parts[1]}/`;
    const list = out.get(folder);
    if (list) list.push(p);
    else out.set(folder, [p]);
  }
  return out;
}

/** The files Eleventy wrote (relative paths, `/`-separated) and their URLs. */
function writtenPaths(outDir: string, results: readonly { outputPath: string | false; url?: string | false }[]): Map<string, string | null> {
  const written = new Map<string, string | null>();
  for (const r of results) {
    if (typeof r.outputPath !== 'string') continue;
    written.set(relative(outDir, resolve(r.outputPath)).split(sep).join('/'), typeof r.url === 'string' ? r.url : null);
  }
  return written;
}

