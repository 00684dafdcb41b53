/**
 * The Eleventy config file `jamrecap build` and `serve` hand to Eleventy
 * (build.ts ELEVENTY_CONFIG): a module of src/site, so that it is compiled
 * with the rest (dist/site/eleventy-config.js) and the compiled CLI runs
 * without tsx (Eleventy reads a TypeScript config only with tsx loaded).
 * `.eleventy.ts` at the package root re-exports it, for running Eleventy
 * by hand. Here too: with `siteZips` (build) the recap lists its jam's
 * site zip, with `relative` (build --relative) every HTML page's links
 * are made relative to it.
 */
import type { EleventyUserConfig } from '@11ty/eleventy';
import { configureSite } from './eleventy.ts';
import { getSiteOptions } from './options.ts';
import { relativeUrl, rewriteHtmlUrls } from '../publish/relative-urls.ts';
import type { DownloadView, JamView } from '../publish/site-view.ts';
import { siteZipView } from './views/downloads.ts';

export default function (eleventyConfig: EleventyUserConfig) {
  const result = configureSite(eleventyConfig);
  const options = getSiteOptions(eleventyConfig);
  if (options.siteZips) listSiteZips(eleventyConfig);
  if (options.relative) addRelativeUrls(eleventyConfig, options.pathPrefix);
  return result;
}

/** The recap's own downloads (the `recapDownloads` filter, eleventy.ts) with the jam's site zip after them (site-zip.ts, made by build.ts). */
function listSiteZips(eleventyConfig: EleventyUserConfig): void {
  const config = eleventyConfig as EleventyUserConfig & { getFilter(name: string): (jam: JamView) => DownloadView[] };
  const recapDownloads = config.getFilter('recapDownloads');
  eleventyConfig.addFilter('recapDownloads', (jam: JamView) => [...recapDownloads(jam), siteZipView(jam.slug, jam.downloadHref)]);
}

/** What Eleventy gives a transform as `this`. */
interface TransformContext {
  page: { url?: unknown; outputPath?: unknown };
}

/**
 * Every URL attribute of every HTML page that leads to the site's own pages
 * and files, relative to the page (publish/relative-urls.ts). This
 * transform runs after Eleventy's HTML transformer (its HTML base plugin,
 * added first), so it sees the URLs with the path prefix (`pathPrefix`),
 * and the page's own URL is given it. Canonical and og: URLs are absolute
 * already (or absent).
 */
function addRelativeUrls(eleventyConfig: EleventyUserConfig, pathPrefix: string): void {
  const prefix = pathPrefix.replace(/\/$/, '');
  // Eleventy's addTransform (not in types/eleventy.d.ts).
  const config = eleventyConfig as EleventyUserConfig & { addTransform(name: string, fn: (this: TransformContext, content: string) => string): void };
  config.addTransform('jamrecap-relative-urls', function (content) {
    const { url, outputPath } = this.page;
    if (typeof url !== 'string' || typeof outputPath !== 'string' || !outputPath.endsWith('.html')) return content;
    const served = prefix + url;
    return rewriteHtmlUrls(content, (u) => relativeUrl(u, served));
  });
}
