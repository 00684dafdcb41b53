/**
 * jamrecap's Eleventy configuration (called from .eleventy.ts). Eleventy's
 * input is the content folder, which needs only `jams/<slug>/` (the
 * editors' notes and exports: data, read by src/site, never templates);
 * the layouts, pages and styles come from the package's theme (theme.ts),
 * with the publisher's theme folder over it file by file (theme-folder.ts):
 * the pages are virtual templates paginated over the `site` global data
 * (one recap, transcript, participants page and embed per jam, one page per
 * person and per hashtag series), the layouts are virtual templates too,
 * and the partials they import are found by Nunjucks in the theme's
 * `_includes/` folders. An editor's own
 * pages (`content/about.md`) are data too: read and rendered as Markdown by
 * content-folder.ts and published by the theme's `page.njk`.
 *
 * Nothing in the content folder runs code: Eleventy reads no file of it as
 * a template (every path ignored; the theme's pages are virtual), reads no
 * template or directory data file (`*.11tydata.*`, `jams/jams.js`, none:
 * `setDataFileSuffixes([])`), and its global data folder is not the
 * content's `_data/` (siteMeta.json is read as plain JSON by theme.ts). So
 * `templateEngineOverride`, `eleventyComputed`, `layout`, `permalink` and
 * `_data/*.js` in a content folder never reach Eleventy; `check` reports
 * each of them (content-folder.ts).
 *
 * What Eleventy does by default that a recap site must not:
 *
 * - Markdown is preprocessed with Liquid: off (`markdownTemplateEngine:
 *   false`), so `{{ }}` in Markdown stays text;
 * - markdown-it passes raw HTML: replaced by ours (`html: false`);
 * - gray-matter evaluates `---js` front matter: refused, and YAML is read
 *   safely (see frontmatter.ts);
 * - a page's date defaults to the file's creation time: pages take the
 *   newest jam's date, so two builds of the same content are byte-identical;
 * - `.html` files are templates: only `.njk` is (the theme's pages), and
 *   nothing in the content folder.
 *
 * Publishing: `pathPrefix` (Eleventy's own option, from --path-prefix) with
 * Eleventy's HTML base plugin puts the prefix on every URL of every page;
 * what leaves the pages (feeds, API, sitemap, embeds) gets public URLs from
 * urls.ts. The downloads (one a binary zip), the hashed assets, the JSON
 * feed and API, the sitemap and `_headers` are not templates: they are
 * written after the build from the same cached models the pages used.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { PlaceMode } from './cache-files.ts';
import { join, relative, resolve } from 'node:path';
import { HtmlBasePlugin, type EleventyUserConfig } from '@11ty/eleventy';
import { eleventyFrontMatterEngines } from '../notes/frontmatter.ts';
import { createMarkdown } from '../notes/markdown.ts';
import { getSiteOptions, formatSummary, type RenderBatch, type SiteOptions } from './options.ts';
import { requireSite, type SiteModel } from './site.ts';
import { PageCache } from './page-cache.ts';
import { lastingCacheDir, prepareStats } from './prepare-jams.ts';
import { resolveCacheDir } from './cache.ts';
import { readRedactList } from '../notes/redact.ts';
import nunjucks from 'nunjucks';
import { dateToRfc3339 } from '../model/time-format.ts';
import { compileOncePerSource } from './nunjucks-compile-once.ts';
import { addPageTitles } from './nunjucks-page-title.ts';
import { embedCss, searchCsp, siteCsp, THEME_DIR, themeAssets, themeIncludeDirs, themeLayouts, themePages, siteMetaFor, VIRTUAL_INCLUDES_DIR, type HashedAsset, type SiteMeta } from './theme.ts';
import { themeFile, themeLayers, type ThemeLayers } from './theme-folder.ts';
import { feedEntryHtml, feedId } from '../publish/feeds.ts';
import { writePublishFiles } from '../publish/publish.ts';
import { recapDownloadViews } from '../publish/recap-downloads.ts';
import { messageArticles, messageCompacts, recapBlocks } from '../publish/message-markup.ts';
import { publicUrl, rebaseHtml, type PublicAddress } from '../publish/urls.ts';
import type { JamModel } from './model.ts';
import { cardsInOutput, removeStaleCards, writeCards } from './cards/write-cards.ts';
import { faviconIco } from './cards/favicon-ico.ts';
import { cachedFavicon } from './cards/card-cache.ts';
import { pageMeta, type PageMetaContext } from './cards/page-meta.ts';

/**
 * Put every jam's downloads under `<out>/jams/<slug>/download/` (from the
 * download cache by `mode`: a hard link into a fresh folder, a copy into
 * one built again in place) and report each jam's summary.
 */
export function writeDownloads(site: SiteModel, outputDir: string, options: SiteOptions, inPlace?: ReadonlySet<string>): void {
  const mode: PlaceMode = options.freshOutput ? 'link' : 'copy';
  for (const jam of site.jams) {
    const dir = join(outputDir, 'jams', jam.slug, 'download');
    mkdirSync(dir, { recursive: true });
    // A jam the output holds unchanged (serve's preview built in place: page-cache.ts) keeps its files.
    const kept = inPlace?.has(jam.slug) ?? false;
    const written = kept ? 0 : jam.placeDownloads(dir, mode);
    const summary = {
      slug: jam.slug,
      messages: jam.stats.messages,
      participants: jam.stats.participants,
      questions: jam.stats.questions,
      featured: jam.stats.featured,
      downloads: kept ? jam.downloads.length : written,
    };
    (options.onJamBuilt ?? ((s) => console.log(formatSummary(s))))(summary);
  }
}

export interface ConfigureResult {
  markdownTemplateEngine: false;
  templateFormats: string[];
  dir?: { input: string; output: string };
}

/** The content folder when Eleventy is run without one (`npx @11ty/eleventy --config=.eleventy.ts`). */
export const DEFAULT_CONTENT_DIR = 'content';

/**
 * Configure Eleventy for the content folder it was given: the safe Markdown and
 * front matter, the theme, the site's data and filters, the content kept as data,
 * and the files written after the pages.
 */
export function configureSite(eleventyConfig: EleventyUserConfig, options: SiteOptions = getSiteOptions(eleventyConfig)): ConfigureResult {
  const { isDefault, contentDir, prefix } = contentLocation(eleventyConfig.directories.input);
  const address: PublicAddress = { baseUrl: options.baseUrl, pathPrefix: options.pathPrefix };
  eleventyConfig.setFrontMatterParsingOptions({ engines: eleventyFrontMatterEngines() });
  eleventyConfig.setLibrary('md', createMarkdown());
  const theme = addTheme(eleventyConfig, contentDir, options.theme, typeof options.batch === 'object');
  const look = themeLook(theme, contentDir);
  const site = siteSource(contentDir, options, pageCacheFor(contentDir, options, theme, look, address));

  // The path prefix on every page's URLs; the Atom feed's dates (the filter @11ty/eleventy-plugin-rss
  // gave, without loading the plugin: ~45 ms of every build for one filter).
  eleventyConfig.addPlugin(HtmlBasePlugin);
  eleventyConfig.addFilter('dateToRfc3339', (d: Date) => dateToRfc3339(d));
  addSiteData(eleventyConfig, site, look, address);
  addFilters(eleventyConfig, address, look.siteMeta);
  addMessageFilters(eleventyConfig, theme);
  eleventyConfig.addDateParsing(function (value) {
    if (value === undefined || value === null) return site.latest().newestDate ?? new Date(0);
    return undefined;
  });
  keepContentAsData(eleventyConfig, contentDir, prefix);
  writeAfterPages(eleventyConfig, site, look, address, options);

  return {
    markdownTemplateEngine: false,
    templateFormats: ['njk'],
    ...(isDefault ? { dir: { input: DEFAULT_CONTENT_DIR, output: '_site' } } : {}),
  };
}

/** The content folder as Eleventy was given it (none: `./content/`), its absolute path, and its prefix for globs. */
function contentLocation(given: string): { isDefault: boolean; contentDir: string; prefix: string } {
  const isDefault = ['', '.', './'].includes(given);
  const input = isDefault ? `./${DEFAULT_CONTENT_DIR}/` : given;
  return { isDefault, contentDir: resolve(input), prefix: input.endsWith('/') ? input : `${input}/` };
}

/** The site's model: read afresh by each build's data (`read`), and the one read last for the hooks after it (`latest`), with its page cache. */
interface SiteSource {
  read(): SiteModel;
  latest(): SiteModel;
  pages: PageCache;
}

/**
 * The site model of the content folder, checked (reading throws listing
 * every problem): the one the build's checks loaded (`options.loadedSite`)
 * for the first read, then read afresh. Each read plans what Eleventy
 * renders (the page cache).
 */
function siteSource(contentDir: string, options: SiteOptions, pages: PageCache): SiteSource {
  let current: SiteModel | null = null;
  let loaded = options.loadedSite ?? null;
  const read = (): SiteModel => {
    current = loaded ?? requireSite(contentDir, options);
    loaded = null;
    pages.plan(current, typeof options.batch === 'object' ? options.batch : undefined);
    return current;
  };
  return { read, latest: () => current ?? read(), pages };
}

/**
 * The build's page cache (page-cache.ts), keyed by everything a page may
 * show besides its own data; none for a part of the site (`onlyJams`),
 * whose pages would show a partial jam list, nor in the temporary cache a
 * build without one gets for its workers (prepare-jams.ts): deleted after
 * the build, it would only cost writes.
 */
function pageCacheFor(contentDir: string, options: SiteOptions, theme: ThemeLayers, look: ThemeLook, address: PublicAddress): PageCache {
  const cacheDir = resolveCacheDir(options.cacheDir);
  const keep = cacheDir !== null && (cacheDir !== prepareStats.tempCache || options.batch !== undefined) && !options.onlyJams;
  return new PageCache(keep ? cacheDir : null, contentDir, {
    themeDirs: theme.dirs,
    siteMeta: look.siteMeta,
    baseUrl: address.baseUrl,
    pathPrefix: address.pathPrefix,
    drafts: !!options.drafts,
    assets: Object.fromEntries([...look.assets].map(([name, a]) => [name, a.url])),
    redact: readRedactList(contentDir).handles,
    lang: look.siteMeta.lang,
    transcriptPageBytes: options.transcriptPageBytes,
    relative: !!options.relative,
    siteZips: !!options.siteZips,
  }, options.outputRecord ?? null, options.freshOutput ? 'link' : 'copy');
}

/**
 * The jams and people whose pages a build with these options would render
 * (not in the page cache), planned as the build's own run plans them; null
 * without a page cache. For a batched build (build.ts), which plans before
 * running Eleventy.
 */
export function toRender(contentDir: string, options: SiteOptions, site: SiteModel): RenderBatch | null {
  const theme = themeLayers(resolve(contentDir), options.theme);
  const pages = pageCacheFor(resolve(contentDir), options, theme, themeLook(theme, resolve(contentDir)), { baseUrl: options.baseUrl, pathPrefix: options.pathPrefix });
  if (!pages.enabled) return null;
  pages.plan(site);
  return { jams: site.render.jams.map((j) => j.slug), people: site.render.people.map((p) => p.slug) };
}

/**
 * The theme: the publisher's theme folder over the shipped one, file by
 * file. Layouts and pages are virtual templates (the layouts in a virtual
 * includes folder, where Eleventy's layout resolution finds them);
 * partials are found by Nunjucks in each layer's _includes/, in order.
 */
function addTheme(eleventyConfig: EleventyUserConfig, contentDir: string, given: SiteOptions['theme'], groupPagesOnly = false): ThemeLayers {
  const theme = themeLayers(contentDir, given);
  eleventyConfig.setIncludesDirectory(VIRTUAL_INCLUDES_DIR);
  const loader = new nunjucks.FileSystemLoader(themeIncludeDirs(theme));
  const env = new nunjucks.Environment(loader, NUNJUCKS_SETTINGS);
  // Eleventy makes a Template of a paginated page's source for every page and permalink: compiled once.
  compileOncePerSource(env);
  // Each page's title is added when it renders (not Eleventy computed data).
  addPageTitles(env);
  eleventyConfig.setLibrary('njk', env);
  for (const layout of themeLayouts(theme)) eleventyConfig.addTemplate(layout.virtualPath, layout.content, layout.data);
  // A batch of a batched build renders only the pages of jams and people (those paginated over their render lists).
  const pages = themePages(theme).filter((page) => !groupPagesOnly || paginatesRenderList(page.content, page.data));
  for (const page of pages) eleventyConfig.addTemplate(page.virtualPath, page.content, page.data);
  if (theme.override) {
    // Eleventy caches layouts by path across builds in one process: a
    // theme's layouts must not be served to (or from) another build.
    eleventyConfig.setUseTemplateCache(false);
    // An edited theme file reloads the whole configuration (`serve`).
    eleventyConfig.addWatchTarget(`${relative(process.cwd(), theme.override) || '.'}/**/*`, { resetConfig: true });
  }
  return theme;
}

/**
 * A theme page paginated over a render list (`site.render.jams`,
 * `site.render.transcriptPages` or `site.render.people`), in its front
 * matter or in the data jamrecap gives it (theme.ts): one of a jam's own
 * pages, or a person's.
 */
export function paginatesRenderList(template: string, data: object): boolean {
  const given = (data as { pagination?: { data?: unknown } }).pagination?.data;
  if (given === 'site.render.jams' || given === 'site.render.transcriptPages' || given === 'site.render.people') return true;
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(template)?.[1] ?? '';
  return /^\s+data:\s*["']?site\.render\.(?:jams|transcriptPages|people)["']?\s*$/m.test(front);
}

/** What the theme gives the pages and the files after them: hashed assets, the embeds' style, the CSP, the site's meta. */
interface ThemeLook {
  assets: Map<string, HashedAsset>;
  embedStyle: string;
  csp: string;
  siteMeta: SiteMeta;
}

/** The theme's assets and styles, and the theme's site meta with the content folder's `_data/siteMeta.json` over it. */
function themeLook(theme: ThemeLayers, contentDir: string): ThemeLook {
  const assets = themeAssets(theme);
  const embedStyle = embedCss(theme);
  return { assets, embedStyle, csp: siteCsp(embedStyle), siteMeta: siteMetaFor(contentDir) };
}

/** The global data the templates read: the site's model, its meta, the assets' URLs, the publishing settings. */
function addSiteData(eleventyConfig: EleventyUserConfig, site: SiteSource, look: ThemeLook, address: PublicAddress): void {
  // Data: one model of every jam, checked (throws listing every problem).
  eleventyConfig.addGlobalData('site', () => site.read());
  // The theme's defaults with the content folder's _data/siteMeta.json over them.
  eleventyConfig.addGlobalData('siteMeta', look.siteMeta);
  eleventyConfig.addGlobalData('assets', Object.fromEntries([...look.assets].map(([name, a]) => [name, a.url])));
  // searchCsp: the search page's own (front matter `searchPage: true`), the only page that runs a script.
  eleventyConfig.addGlobalData('publish', { ...address, csp: look.csp, searchCsp: searchCsp(look.embedStyle), embedStyle: look.embedStyle, epoch: new Date(0) });
}

/** The filters the templates use: feed ids and entries, the recap's downloads, links rebased for a teaser or an embed. */
function addFilters(eleventyConfig: EleventyUserConfig, address: PublicAddress, siteMeta: SiteMeta): void {
  eleventyConfig.addFilter('isoDate', (iso: string) => new Date(iso));
  // A page's description and share card, for the base layout's <head> (cards/page-meta.ts).
  eleventyConfig.addFilter('pageMeta', (ctx: PageMetaContext) => pageMeta(ctx));
  // A page's address for other sites (canonical, og:url, og:image, the feed's links): prefixed, absolute with a base URL.
  // The address is the build's `publish` data, handed over by the template: Eleventy keeps a layout compiled by the
  // first build of a process (with that build's filters) for the next builds, so a filter must not hold a build's
  // options (Eleventy's htmlBaseUrl kept the first build's path prefix).
  eleventyConfig.addFilter('publicUrl', (url: string, at: PublicAddress) => publicUrl(String(url), { baseUrl: at.baseUrl, pathPrefix: at.pathPrefix }));
  eleventyConfig.addFilter('feedId', (path: string) => feedId(path, address));
  eleventyConfig.addFilter('feedEntryHtml', (jam: JamModel) => feedEntryHtml(jam, address));
  // The recap's own downloads (publish/recap-downloads.ts; publish.ts writes them), listed beside the transcript's.
  // The address and language from the build's data, as publicUrl's (the recap layout calls it); a theme that passes none gets this build's.
  eleventyConfig.addFilter('recapDownloads', (jam: JamModel, at: PublicAddress = address, lang: string = siteMeta.lang) =>
    recapDownloadViews(jam, { address: { baseUrl: at.baseUrl, pathPrefix: at.pathPrefix }, lang }),
  );
  // Notes' HTML shown away from its recap page (the home page's teaser):
  // relative links resolved against the recap, left root-relative (the base
  // plugin adds the prefix, as everywhere on the pages).
  eleventyConfig.addFilter('linksFrom', (html: string, pageUrl: string) => rebaseHtml(String(html), pageUrl, (u) => u));
  // Embeds are read on other sites: with a base URL their links become
  // absolute; without one they stay root-relative (prefixed by the plugin).
  eleventyConfig.addFilter('embedLinks', (html: string, pageUrl: string) =>
    rebaseHtml(String(html), pageUrl, (u) => (address.baseUrl ? publicUrl(u, address) : u)),
  );
}

/**
 * The list filters the pages print messages and recap blocks with, a whole
 * list in one call: the bytes of the shipped macros.njk's article, compact
 * and block, written by publish/message-markup.ts (a macro call per
 * message costs far more); with a publisher's own macros.njk, its macros,
 * each list through one compiled loop, so the shipped pages show messages
 * as the theme says.
 */
function addMessageFilters(eleventyConfig: EleventyUserConfig, theme: ThemeLayers): void {
  const macros = themeFile(theme, '_includes/macros.njk');
  const shipped = join(THEME_DIR, '_includes', 'macros.njk');
  if (macros === shipped || readFileSync(macros).equals(readFileSync(shipped))) {
    eleventyConfig.addFilter('messageArticles', messageArticles);
    eleventyConfig.addFilter('messageCompacts', messageCompacts);
    eleventyConfig.addFilter('recapBlocks', recapBlocks);
    return;
  }
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(themeIncludeDirs(theme)), NUNJUCKS_SETTINGS);
  const loop = (body: string) => nunjucks.compile(`{% import "macros.njk" as ui %}${body}`, env);
  const articles = loop('{% for m in list %}{{ ui.article(m) }}{% endfor %}');
  const compacts = loop('{% for m in list %}{{ ui.compact(m, showAuthor) }}{% endfor %}');
  const blocks = loop('{% for b in list %}{{ ui.block(b) }}{% endfor %}');
  eleventyConfig.addFilter('messageArticles', (list: unknown[]) => articles.render({ list }));
  eleventyConfig.addFilter('messageCompacts', (list: unknown[], showAuthor = true) => compacts.render({ list, showAuthor }));
  eleventyConfig.addFilter('recapBlocks', (list: unknown[]) => blocks.render({ list }));
}

/** The Nunjucks settings of every page: autoescape, and block tags leave no blank lines. */
const NUNJUCKS_SETTINGS = { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true };

/** The content folder is data, never templates, and a change to it rebuilds the pages (`serve`). */
function keepContentAsData(eleventyConfig: EleventyUserConfig, contentDir: string, prefix: string): void {
  // Notes, exports and pages are read by src/site (virtual templates are not subject to ignores)...
  eleventyConfig.ignores.add(`${prefix}**`);
  // ...with no template or directory data files (`*.11tydata.*`, `jams/jams.js`)...
  eleventyConfig.setDataFileSuffixes([]);
  // ...and no global data files: the content's `_data/` is not Eleventy's data
  // folder (a folder that does not exist; siteMeta.json is read by theme.ts).
  eleventyConfig.setDataDirectory(relative(contentDir, join(THEME_DIR, 'no-global-data')));
  // An edited note, export or page must rebuild the pages (`serve`).
  eleventyConfig.addWatchTarget(`${prefix}jams/**/*`);
  eleventyConfig.addWatchTarget(`${prefix}*.md`);
  // The opt-out list changes what every page shows.
  eleventyConfig.addWatchTarget(`${prefix}redact.yml`);
}

/** After the pages are written to disk: the downloads and what leaves the pages (publish.ts), from the same model. */
function writeAfterPages(eleventyConfig: EleventyUserConfig, site: SiteSource, look: ThemeLook, address: PublicAddress, options: SiteOptions): void {
  eleventyConfig.on('eleventy.after', async ({ directories, outputMode, results }) => {
    if (outputMode !== 'fs') return;
    const s = site.latest();
    const outDir = resolve(directories.output);
    // A batch only keeps its pages in the page cache: the final run puts them in the output.
    if (typeof options.batch === 'object') {
      site.pages.store(outDir, results ?? []);
      return;
    }
    // The pages the cache kept (with their recap downloads); the ones just rendered are kept once all is written.
    const cachedUrls = site.pages.restore(outDir, s, results ?? []);
    writeDownloads(s, outDir, options, site.pages.jamsInPlace);
    await writeShareFiles(s, outDir, look, options, site.pages.jamsInPlace);
    writePublishFiles({
      site: s,
      outDir,
      address,
      meta: look.siteMeta,
      assets: look.assets.values(),
      csp: look.csp,
      pageUrls: [...(results ?? []).flatMap((r) => (typeof r.url === 'string' && typeof r.outputPath === 'string' && r.outputPath.endsWith('.html') ? [r.url] : [])), ...cachedUrls],
      recapDownloadsWritten: site.pages.recapsRestored,
    });
    site.pages.store(outDir, results ?? []);
  });
}

/**
 * The share cards of every jam (cards/write-cards.ts; a jam the output holds
 * unchanged keeps its own; the cards of jams gone are removed), and
 * `/favicon.ico` from the theme's favicon.svg. The cards are cached in the
 * cache folder, not in the temporary one a build without a cache gets
 * (deleted after it).
 */
async function writeShareFiles(site: SiteModel, outDir: string, look: ThemeLook, options: SiteOptions, inPlace?: ReadonlySet<string>): Promise<void> {
  const cacheDir = lastingCacheDir(options.cacheDir);
  // A jam the output holds unchanged keeps its cards (named as kept, or the preview deletes them after the build).
  const jams = site.jams.filter((j) => {
    const kept = inPlace?.has(j.slug) ? cardsInOutput(j, outDir) : null;
    for (const path of kept ?? []) options.outputRecord?.kept.add(path);
    return kept === null;
  });
  removeStaleCards(outDir, site.jams.map((j) => j.slug));
  await writeCards(jams, outDir, cacheDir, options.freshOutput ? 'link' : 'copy');
  const icon = look.assets.get('favicon.svg');
  if (icon) writeFileSync(join(outDir, 'favicon.ico'), cachedFavicon(cacheDir, icon.bytes, faviconIco));
}
