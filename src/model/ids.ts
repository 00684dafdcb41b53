/** Hashes that name things stably: message ids for exports without one, and content hashes. */
import { createHash, hash } from 'node:crypto';

/** Up to this size crypto.hash (one call, no Hash object) is the faster way to the same digest (Node's docs: for data up to 5 MB). */
const ONE_SHOT_MAX = 5 * 1024 * 1024;

/**
 * A stable id for a message whose export has no platform id: a hash of the
 * source format, author, time and text, so re-importing the same file (or the
 * same message from another file of the same format) gives the same id.
 */
export function contentId(format: string, handle: string, time: string, text: string): string {
  const h = sha256Hex([format, handle.toLowerCase(), time, text].join('\u0000'));
  return `h-${h.slice(0, 16)}`;
}

/** The SHA-256 of bytes, or of a string's UTF-8, in hex. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return bytes.length <= ONE_SHOT_MAX ? hash('sha256', bytes, 'hex') : createHash('sha256').update(bytes).digest('hex');
}

/** Twitter's snowflake epoch (2010-11-04T01:42:54.657Z), and the first snowflake id. */
const TWITTER_EPOCH = 1288834974657n;
const FIRST_SNOWFLAKE = 27_000_000_000_000_000n;

/**
 * The time a tweet id says it was posted: ids since November 2010 are
 * snowflakes whose top bits are milliseconds since Twitter's epoch. Null for
 * older (sequential) ids and for anything that is not a decimal id.
 */
export function snowflakeTime(id: string): string | null {
  if (!/^\d{17,20}$/.test(id)) return null;
  const n = BigInt(id);
  // Twitter's ids are signed 64-bit: anything larger is not one of its snowflakes.
  if (n < FIRST_SNOWFLAKE || n >= 1n << 63n) return null;
  const ms = (n >> 22n) + TWITTER_EPOCH;
  if (ms > 8_640_000_000_000_000n) return null;
  return new Date(Number(ms)).toISOString();
}
