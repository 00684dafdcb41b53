/**
 * The pictures jam of the attachment tests: the Storify fixture
 * (test/fixtures/story.html) with its saved `story_files/` (a real PNG, a
 * video, a not-a-picture) and a recap quoting two of its messages.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './corpus.ts';

export const PICTURES_FIXTURES = join(ROOT, 'test', 'fixtures');

export const PICTURES_RECAP = `---
title: Pictures of our workspaces
date: 2017-12-22
hashtag: fixchat
timezone: UTC
hosts: [host_h]
---
We showed each other where we work.

## Q1 · Workspaces

Whiteboards won.

> @alice_a A1 my whiteboard
> @bob_b A1 my desk
`;

/** Write the pictures jam into the jam folder `dir` (made if need be). */
export function writePicturesJam(dir: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(join(PICTURES_FIXTURES, 'story.html'), join(dir, 'story.html'));
  cpSync(join(PICTURES_FIXTURES, 'story_files'), join(dir, 'story_files'), { recursive: true });
  writeFileSync(join(dir, 'recap.md'), PICTURES_RECAP);
}
