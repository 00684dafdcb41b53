/**
 * The contract between the downloads and their caller (the site build): a
 * transcript and a little context in, finished files out. Nothing here
 * reads the clock, the disk or the environment, so the same input always
 * gives the same bytes.
 */

export interface DownloadContext {
  /** File-name stem, e.g. "2012-10-24-socbizchat" (validated safe by the caller). */
  slug: string;
  /** Jam title, shown at the top of the human-readable formats. */
  title: string;
  /** IANA zone for human-readable times (e.g. "America/New_York"); empty means "UTC". An unknown zone throws. */
  timezone: string;
  /** Editor text overrides per question id (e.g. a tidier wording of "Q1 ..."). */
  questionTexts?: Record<string, string>;
  /** The original export files, stored under `exports/` in the archive. */
  exports: { name: string; bytes: Uint8Array }[];
  /** Language of the page chrome in the HTML download (`lang` attribute), and the clock its times are read on; default "en". */
  lang?: string;
  /** The jam's recap page online (an absolute http(s) URL), when the site has a base URL: the HTML download links back to it. */
  recapUrl?: string;
}

export interface DownloadFile {
  name: string;
  bytes: Uint8Array;
  mediaType: string;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (no BOM). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
