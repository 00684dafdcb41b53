/**
 * The Eleventy config file `jamrecap build` and `serve` hand to Eleventy
 * (build.ts ELEVENTY_CONFIG): a module of src/site, so that it is compiled
 * with the rest (dist/site/eleventy-config.js) and the compiled CLI runs
 * without tsx (Eleventy reads a TypeScript config only with tsx loaded).
 * `.eleventy.ts` at the package root re-exports it, for running Eleventy
 * by hand.
 */
import type { EleventyUserConfig } from '@11ty/eleventy';
import { configureSite } from './eleventy.ts';

export default function (eleventyConfig: EleventyUserConfig) {
  return configureSite(eleventyConfig);
}
