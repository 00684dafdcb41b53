/**
 * The part of @11ty/eleventy-plugin-rss 3 that jamrecap uses (the package
 * ships no TypeScript types; written from its source).
 */
declare module '@11ty/eleventy-plugin-rss' {
  /** Adds the Nunjucks filters dateToRfc3339, dateToRfc822, absoluteUrl, htmlToAbsoluteUrls (and the HTML base plugin). */
  const rssPlugin: unknown;
  export default rssPlugin;
  /** RFC 3339 (Atom) date without milliseconds: 2012-10-24T17:00:00Z. */
  export function dateToRfc3339(date: Date): string;
}
