/**
 * Text fidelity of the Twitter API importers (twarc2, twitter-api-v1):
 *
 * - a link cut short with the text ("https://t.co/b8kO…") is never a link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractUrls } from '../src/model/entities.ts';

// ------------------------------------------------------------------ links in text

test('extractUrls: a URL that runs into "…" is cut short and no link; sentence punctuation still ends a URL', () => {
  assert.deepEqual(extractUrls('RT @x: the recipe https://t.co/b8kO…'), []);
  assert.deepEqual(extractUrls('cut https://t.co/b8kO… then whole https://t.co/AbCdE12345.'), ['https://t.co/AbCdE12345']);
  assert.deepEqual(extractUrls('(see https://Example.COM/Jam/Q1)!'), ['https://example.com/Jam/Q1']);
});
