/**
 * PageDigests (src/site/page-digests.ts): a page's digest is the SHA-256 of
 * its bytes, worked out once per build however many caches ask for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PageDigests } from '../src/site/page-digests.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('a page is read and hashed once; the digest is its bytes\' SHA-256, whether read or given', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-digests-'));
  try {
    mkdirSync(join(dir, 'jams', 'x', 'transcript'), { recursive: true });
    writeFileSync(join(dir, 'jams', 'x', 'transcript', 'index.html'), '<p>one</p>');
    writeFileSync(join(dir, 'jams', 'x', 'index.html'), '<p>two</p>');
    const digests = new PageDigests(dir);
    assert.equal(digests.of('jams/x/transcript/index.html'), sha('<p>one</p>'));
    // Written again after it was hashed: the build's digest stands (a build never rewrites a page it hashed).
    writeFileSync(join(dir, 'jams', 'x', 'transcript', 'index.html'), '<p>changed</p>');
    assert.equal(digests.of('jams/x/transcript/index.html'), sha('<p>one</p>'));
    assert.equal(digests.of('jams/x/index.html', Buffer.from('<p>two</p>')), sha('<p>two</p>'));
    assert.equal(digests.hashed, 2);
    // Another build's digests start afresh.
    assert.equal(new PageDigests(dir).of('jams/x/transcript/index.html'), sha('<p>changed</p>'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
