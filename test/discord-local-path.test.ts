/**
 * discord-common.ts answers entities.ts `localFilePath` itself for plain
 * relative paths (an attachment DCE downloaded beside the export): the
 * same answer as localFilePath on generated paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentOf } from '../src/import/formats/discord-common.ts';
import { localFilePath, safeHttpUrl } from '../src/model/entities.ts';

// attachmentOf as it was (commit 83e9042), kept as the reference.
const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'svg', 'apng', 'heic']);
const VIDEO_EXT = new Set(['mp4', 'webm', 'mov', 'm4v', 'mkv', 'avi']);
function extensionOf(ref: string): string {
  const path = ref.replace(/[?#].*$/s, '');
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && dot > path.lastIndexOf('\\') ? path.slice(dot + 1).toLowerCase() : '';
}
function oldAttachmentOf(ref: string, fileName: string | null = null): unknown {
  const raw = ref.trim();
  const url = raw.includes(':') || raw.startsWith('//') ? safeHttpUrl(raw) : null;
  const ext = extensionOf(fileName || raw);
  const kind = IMAGE_EXT.has(ext) ? 'image' : VIDEO_EXT.has(ext) ? 'video' : null;
  if (kind) {
    const file = url ? null : localFilePath(raw.replace(/\\/g, '/'));
    if (url || file) return { attachment: { kind, url, alt: fileName?.trim() || null, file } };
  }
  if (url) return { link: url };
  return { dropped: raw };
}

test('attachmentOf: the same outcome as before (local paths as localFilePath reads them) on 30,000 generated references', () => {
  let seed = 5;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const parts = ['a', 'B9', '/', '\\', '.', '..', '...', ' ', '%20', '%', '?', '#x', ':', 'c:', '\t', 'é', '😀', '[1012]', '-', '_', './', '//', 'x'.repeat(300)];
  for (let k = 0; k < 30000; k++) {
    let p = '';
    for (let n = Math.floor(next() * 7); n > 0; n--) p += parts[Math.floor(next() * parts.length)];
    const raw = `${p}.png`;
    assert.deepEqual(attachmentOf(raw), oldAttachmentOf(raw), JSON.stringify(raw));
    assert.deepEqual(attachmentOf(p, 'x.jpg'), oldAttachmentOf(p, 'x.jpg'), JSON.stringify(p));
  }
});
