/**
 * `<slug>.json`: the transcript itself, exactly as the model holds it (ids
 * are strings, so nothing loses precision), pretty-printed for diffs.
 */
import type { Transcript } from '../model/transcript.ts';
import { utf8, type DownloadContext, type DownloadFile } from './types.ts';

export function renderJson(t: Transcript, ctx: Pick<DownloadContext, 'slug'>): DownloadFile {
  return { name: `${ctx.slug}.json`, bytes: utf8(JSON.stringify(t, null, 2) + '\n'), mediaType: 'application/json' };
}
