/**
 * The packages only some imports need, loaded on first use: luxon (times
 * in the rarer forms: RFC 2822, ISO with an offset, long dates, an editor's
 * format, zones), iconv-lite (legacy encodings and UTF-16), csv-parse
 * (CSV exports) and fflate (zip archives: archive.ts reads them, and
 * downloads/zip.ts writes them, which a build whose downloads and site
 * zips are cached never does). A TweetChat or Twitter page in UTF-8 or windows-1252 with
 * its usual times needs none of them, and `jamrecap import` of one starts
 * without loading them (as cheerio-lazy.ts does for cheerio). Each ships a
 * CommonJS build of the same version as its ES module (the same code), and
 * the callers are synchronous, hence require.
 */
import { createRequire } from 'node:module';
import type * as Luxon from 'luxon';
import type * as CsvParseSync from 'csv-parse/sync';
import type Iconv from 'iconv-lite';
import type * as Fflate from 'fflate';

const require = createRequire(import.meta.url);

let luxonModule: typeof Luxon | undefined;
let iconvModule: typeof Iconv | undefined;
let csvParseModule: typeof CsvParseSync | undefined;
let fflateModule: typeof Fflate | undefined;

/** luxon (its CommonJS build), loaded on the first call. */
export function luxon(): typeof Luxon {
  luxonModule ??= require('luxon') as typeof Luxon;
  return luxonModule;
}

/** iconv-lite, loaded on the first call. */
export function iconv(): typeof Iconv {
  iconvModule ??= require('iconv-lite') as typeof Iconv;
  return iconvModule;
}

/** csv-parse's synchronous `parse` (its CommonJS build), loaded on the first call. */
export function csvParse(): typeof CsvParseSync.parse {
  csvParseModule ??= require('csv-parse/sync') as typeof CsvParseSync;
  return csvParseModule.parse;
}

/** fflate (its CommonJS build), loaded on the first call. */
export function fflate(): typeof Fflate {
  fflateModule ??= require('fflate') as typeof Fflate;
  return fflateModule;
}
