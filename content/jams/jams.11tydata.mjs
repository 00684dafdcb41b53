/**
 * Every jams/<slug>/recap.md is a recap page. Its model (transcript,
 * resolved quotes, sections) comes from the `site` global data, built and
 * checked once per build by src/site (see src/site/eleventy.ts); nothing
 * here parses exports.
 *
 * The notes are Markdown only: no Liquid or Nunjucks runs over them.
 */
export default {
  layout: 'layouts/recap.njk',
  templateEngineOverride: 'md',
  eleventyComputed: {
    jam: (data) => data.site.jamFor(data.page.inputPath),
    permalink: (data) => data.site.jamFor(data.page.inputPath)?.href ?? false,
  },
};
