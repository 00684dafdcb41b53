#!/usr/bin/env node
// The `jamrecap` command: runs the compiled JavaScript in dist/ (built by
// `npm run build:cli`, which `npm install` runs) when it is up to date with
// src/, else the TypeScript sources through tsx (slower to start, but an
// edit to src/ takes effect at once). JAMRECAP_RUN=dist or =src forces one.
import { distStatus } from '../scripts/dist-status.js';

// Eleventy registers an ESM resolver hook (a loader thread every later
// import waits on) so that a watched config or data file written in
// JavaScript is imported afresh; jamrecap loads no JavaScript from the
// content folder or the theme, so it goes without (Eleventy's own switch).
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= '1';

const wanted = process.env.JAMRECAP_RUN;
const compiled = wanted === 'dist' || (wanted !== 'src' && distStatus() === 'fresh');
let entry = '../dist/cli/main.js';
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli/main.ts';
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
