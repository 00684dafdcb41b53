import { createHash } from 'node:crypto';

/**
 * A stable id for a message whose export has no platform id: a hash of the
 * source format, author, time and text, so re-importing the same file (or the
 * same message from another file of the same format) gives the same id.
 */
export function contentId(format: string, handle: string, time: string, text: string): string {
  const h = createHash('sha256').update([format, handle.toLowerCase(), time, text].join('\u0000')).digest('hex');
  return `h-${h.slice(0, 16)}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
