/**
 * Transcript pages group the messages by question (issue 13), as the
 * downloads do (downloads/layout.ts): each question's messages together in
 * time order under its heading, the warm-up and what came after the chat in
 * groups of their own; every message on exactly one page, once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { loadSite } from '../src/site/site.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { layoutTranscript } from '../src/downloads/layout.ts';
import type { JamModel } from '../src/site/model.ts';

/** Each segment of each page as "page:heading:messages" ("+" for a continued question, "-" for no heading). */
function outline(jam: JamModel): string[] {
  return jam.transcriptPages.flatMap((p) => p.segments.map((s) => `${p.number}:${s.heading ? `${s.heading.id}${s.heading.continued ? '+' : ''}` : s.marker ?? '-'}:${s.messages.length}`));
}

/** Every message on the pages once, in the downloads' sections, each section in time order. */
function assertGrouped(jam: JamModel): void {
  const onPages = jam.transcriptPages.flatMap((p) => p.segments.flatMap((s) => s.messages));
  assert.equal(onPages.length, jam.transcript.messages.length);
  assert.equal(new Set(onPages).size, onPages.length, 'no message twice');
  assert.equal(jam.transcriptPages.reduce((n, p) => n + p.messageCount, 0), jam.transcript.messages.length);
  const sections = layoutTranscript(jam.transcript, {}, jam.timezone);
  assert.deepEqual(onPages.map((v) => v.id), sections.flatMap((s) => s.days.flatMap((d) => d.messages.map((m) => m.id))));
  // Each page's link is where the message is.
  for (const p of jam.transcriptPages) for (const s of p.segments) for (const v of s.messages) assert.equal(v.href, `${p.url}#m-${v.id}`);
}

test('the example site: one group per question, the question first, nothing before or after', () => {
  clearSiteCaches();
  const site = loadSite(join(ROOT, 'content')).site!;
  const jam = site.jams[0] as JamModel;
  assert.deepEqual(outline(jam), ['1:Q1:18', '1:Q2:14', '1:Q3:14', '1:Q4:1']);
  assertGrouped(jam);
  // The editor's assign: CraigJWillis' "#q1" tweet, said during Q2, filed under Q2.
  const q2 = jam.transcriptPages[0].segments[1].messages;
  assert.equal(q2[0].asks, 'Q2');
  assert.ok(q2.some((v) => v.id === '261154250552246292'));
  assert.ok(q2.every((v) => v.question === 'Q2'));
  assert.deepEqual(jam.transcriptPages[0].questionIndex.map((q) => q.href), ['q1', 'q2', 'q3', 'q4'].map((a) => `/jams/2012-10-24-socbizchat/transcript/#${a}`));
});

corpusTest('a corpus tweet chat over small pages: the warm-up, every question and after the chat in their own groups, continued across pages', ['storify-html/lrnchat-22nd-december-2017.html'], (_t, path) => {
  const tmp = mkdtempSync(join(tmpdir(), 'jamrecap-transcript-groups-'));
  try {
    const dir = join(tmp, 'jams', 'lrnchat');
    mkdirSync(dir, { recursive: true });
    copyFileSync(path, join(dir, 'lrnchat.html'));
    writeFileSync(join(dir, 'recap.md'), '---\ntitle: lrnchat\ndate: 2017-12-21T20:30:00-05:00\nhashtag: lrnchat\ntimezone: America/New_York\nexports: [lrnchat.html]\n---\nIntro.\n');
    clearSiteCaches();
    const jam = loadSite(tmp, { baseUrl: '', pathPrefix: '/', transcriptPageBytes: 30_000 }).site!.jams[0] as JamModel;
    assertGrouped(jam);
    const segments = jam.transcriptPages.flatMap((p) => p.segments);
    // The groups in order, each once (a continued one has no marker of its own): 22 before, Q0-Q8 with their questions, 25 after.
    const groups: [string, number][] = [];
    for (const s of segments) {
      const key = s.heading?.id ?? (s.marker ?? 'continued');
      if (s.heading?.continued || (!s.heading && !s.marker)) groups[groups.length - 1][1] += s.messages.length;
      else groups.push([key, s.messages.length]);
    }
    assert.deepEqual(groups, [['Before the first question', 22], ['Q0', 17], ['Q1', 11], ['Q2', 29], ['Q3', 21], ['Q4', 26], ['Q5', 17], ['Q6', 22], ['Q7', 23], ['Q8', 11], ['After the chat', 25]]);
    assert.ok(jam.transcriptPages.length > 3, `${jam.transcriptPages.length} pages`);
    assert.ok(segments.some((s) => s.heading?.continued), 'a question continued on the next page');
    assert.deepEqual(segments.filter((s) => s.marker).map((s) => s.markerId), ['before-the-questions', 'after-the-chat']);
    // Each question's group in time order; the index links each question's first part once.
    for (const s of segments) assert.deepEqual(s.messages.map((v) => v.time), [...s.messages.map((v) => v.time)].sort());
    assert.deepEqual(jam.transcriptPages[0].questionIndex.map((q) => q.id), ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8']);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
