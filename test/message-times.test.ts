/**
 * Message times on the pages (site/views/messages.ts): shown in the jam's
 * zone to the precision the export has; a day-precision time is a calendar
 * date and is shown as written, whatever the zone (a jam in New York once
 * showed 2012-10-24 as Oct 23, 2012: midnight UTC moved five hours back).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { importExports } from '../src/import/pipeline.ts';
import { messageViews } from '../src/site/views/messages.ts';
import { MediaCollector } from '../src/site/media.ts';

const doc = {
  schema: 'jamrecap.transcript/1',
  messages: [
    { id: '1', author: { handle: 'ann', name: null }, time: '2012-10-24', timePrecision: 'day', text: 'a day only', attachments: [] },
    { id: '2', author: { handle: 'bob', name: null }, time: '2012-10-24T03:30:00.000Z', timePrecision: 'minute', text: 'an instant', attachments: [] },
  ],
};

test('a day-precision time shows its own date in every zone; an instant moves into the zone', () => {
  const t = importExports([new ExportFile('days.json', Buffer.from(JSON.stringify(doc)))]);
  assert.equal(t.messages.length, 2);
  const dir = mkdtempSync(join(tmpdir(), 'jamrecap-times-'));
  try {
    const labels = (zone: string) =>
      messageViews(t, { jamHref: '/jams/x/', zone, participantKeys: new Set(['ann', 'bob']), askedBy: new Map(), firstAfter: null, quotedAt: new Map(), media: new MediaCollector(dir) })
        .map((v) => [v.timeLabel, v.timeTitle]);
    assert.deepEqual(labels('America/New_York'), [['Oct 24, 2012', '2012-10-24'], ['Oct 23, 11:30 PM', '2012-10-23 23:30 EDT']]);
    assert.deepEqual(labels('Pacific/Auckland'), [['Oct 24, 2012', '2012-10-24'], ['4:30 PM', '2012-10-24 16:30 GMT+13']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
