/**
 * Eleventy configuration for jamrecap. Eleventy 3 only reads a TypeScript
 * config when given explicitly (`configPath` / `--config=.eleventy.ts`) and
 * with tsx loaded, as `jamrecap build` does:
 *
 *   node --import tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts
 *
 * Everything lives in src/site/eleventy.ts (this file only re-exports
 * src/site/eleventy-config.ts, the config `jamrecap build` itself uses,
 * compiled or not); build options from the CLI
 * (base URL, ...) arrive through setSiteOptions(). Without an explicit input
 * folder the site is `content/` (not `config.dir`: Eleventy lets that
 * override the folders `jamrecap build --content/--out` pass in).
 */
export { default } from './src/site/eleventy-config.ts';
