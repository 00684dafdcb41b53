/**
 * jamrecap's Eleventy configuration (called from .eleventy.ts). The site is
 * built the Eleventy way: editors' notes (`jams/<slug>/recap.md`) are
 * templates, a directory data file attaches each jam's model, pagination
 * makes the transcript and people pages, layouts live in `_includes`. What
 * Eleventy does by default that a recap site must not:
 *
 * - Markdown is preprocessed with Liquid: off (`markdownTemplateEngine:
 *   false`), so `{{ }}` in notes stays text;
 * - markdown-it passes raw HTML: replaced by ours (`html: false`);
 * - gray-matter evaluates `---js` front matter: refused, and YAML is read
 *   safely (see frontmatter.ts);
 * - a page's date defaults to the file's creation time: recaps take the
 *   front matter `date` (in the jam's zone), other pages the newest jam's,
 *   so two builds of the same content are byte-identical;
 * - `.html` files are templates: only `.njk` and `.md` are, and only
 *   `recap.md` inside a jam folder (exports are data).
 *
 * The downloads (one a binary zip) are not templates: they are written
 * after the build from the same cached models the pages used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EleventyUserConfig } from '@11ty/eleventy';
import { eleventyFrontMatterEngines } from './frontmatter.ts';
import { createMarkdown } from './markdown.ts';
import { getSiteOptions, formatSummary, type SiteOptions } from './options.ts';
import { requireSite, type SiteModel } from './site.ts';
import { parseFrontDate } from './recap-front.ts';

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Write every jam's downloads under `<out>/jams/<slug>/download/`; returns the summaries. */
export function writeDownloads(site: SiteModel, outputDir: string, options: SiteOptions): void {
  for (const jam of site.jams) {
    const dir = join(outputDir, 'jams', jam.slug, 'download');
    mkdirSync(dir, { recursive: true });
    const files = jam.downloadFiles;
    for (const f of files) {
      if (!SAFE_FILE.test(f.name)) throw new Error(`download name "${f.name}" is not a plain file name`);
      writeFileSync(join(dir, f.name), f.bytes);
    }
    const summary = {
      slug: jam.slug,
      messages: jam.stats.messages,
      participants: jam.stats.participants,
      questions: jam.stats.questions,
      featured: jam.stats.featured,
      downloads: files.length,
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

export function configureSite(eleventyConfig: EleventyUserConfig, options: SiteOptions = getSiteOptions(eleventyConfig)): ConfigureResult {
  const given = eleventyConfig.directories.input;
  const isDefault = ['', '.', './'].includes(given);
  const input = isDefault ? `./${DEFAULT_CONTENT_DIR}/` : given;
  const contentDir = resolve(input);
  const prefix = input.endsWith('/') ? input : `${input}/`;

  let current: SiteModel | null = null;
  const site = (): SiteModel => {
    current = requireSite(contentDir, options);
    return current;
  };

  eleventyConfig.setFrontMatterParsingOptions({ engines: eleventyFrontMatterEngines() });
  eleventyConfig.setLibrary('md', createMarkdown());
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });

  // Data: one model of every jam, checked (throws listing every problem).
  eleventyConfig.addGlobalData('site', () => site());

  eleventyConfig.addDateParsing(function (value) {
    const s = current ?? site();
    const jam = s.jamFor(this.page.inputPath);
    if (jam && typeof value === 'string') return parseFrontDate(value, jam.timezone) ?? undefined;
    if (value === undefined || value === null) return s.newestDate ?? new Date(0);
    return undefined;
  });

  // Only the notes are templates inside jam folders; exports are data.
  eleventyConfig.ignores.add(`${prefix}jams/*/!(recap).md`);
  eleventyConfig.ignores.add(`${prefix}jams/**/*.njk`);
  eleventyConfig.ignores.add(`${prefix}jams/*/*/**`);
  // ...but an edited export must rebuild the page (`serve`).
  eleventyConfig.addWatchTarget(`${prefix}jams/**/*`);

  eleventyConfig.on('eleventy.after', ({ directories, outputMode }) => {
    if (outputMode !== 'fs') return;
    writeDownloads(current ?? site(), resolve(directories.output), options);
  });

  return {
    markdownTemplateEngine: false,
    templateFormats: ['njk', 'md'],
    ...(isDefault ? { dir: { input: DEFAULT_CONTENT_DIR, output: '_site' } } : {}),
  };
}
