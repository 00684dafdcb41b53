/**
 * Agreement with an editor's judgement: every message of the four corpus
 * tweet chats was labelled by reading (test/fixtures/labels/, made without
 * jamrecap's code: see each file's "method"), with the question it belongs
 * to, or "before"/"after" the chat. These tests import each chat and count
 * how many messages jamrecap files as the editor did. The counts are pinned
 * exactly, so a change that moves any message shows here; the README reports
 * them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { importFiles } from '../src/import/pipeline.ts';
import { handleKey, type Message } from '../src/model/transcript.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

interface Labels {
  export: string;
  hosts: string[];
  questions: { id: string; message: string }[];
  messages: { id: string; label: string; tagged: boolean }[];
}

const DIR = join(ROOT, 'test/fixtures/labels');

/** Per chat: messages, agreeing tagged answers / tagged, agreeing messages / all. */
const EXPECTED: Record<string, { messages: number; tagged: [number, number]; all: [number, number] }> = {
  'socbizchat-room.labels.json': { messages: 47, tagged: [32, 32], all: [46, 47] },
  'lrnchat-22nd-december-2017.labels.json': { messages: 224, tagged: [96, 96], all: [206, 224] },
  'guildchat-readdress-the-lms.labels.json': { messages: 294, tagged: [127, 127], all: [257, 294] },
  'unofficial-story-of-final-byod4lchat.labels.json': { messages: 207, tagged: [11, 11], all: [200, 207] },
};

/** What jamrecap says of a message, in the labels' terms. */
function filed(m: Message): string {
  return m.question ?? m.phase;
}

for (const name of readdirSync(DIR).filter((n) => n.endsWith('.labels.json')).sort()) {
  const labels = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Labels;
  corpusTest(`labels: ${labels.export} is sorted as an editor sorted it`, [labels.export], (t, file) => {
    const expected = EXPECTED[name];
    assert.ok(expected, `${name}: add its expected agreement to EXPECTED`);
    const transcript = importFiles([file]);
    // Every tweet kept: the labels list every unique tweet of the export.
    assert.equal(transcript.messages.length, labels.messages.length);
    assert.equal(transcript.messages.length, expected.messages);
    const byId = new Map(transcript.messages.map((m) => [m.id, m]));
    // The detected questions are exactly the hosts' question messages.
    assert.deepEqual(transcript.questions.map((q) => [q.id, q.messageId]), labels.questions.map((q) => [q.id, q.message]));
    // Inferred hosts are hosts the editor names.
    const hostKeys = new Set(labels.hosts.map(handleKey));
    assert.ok(transcript.jam.hosts.length > 0 && transcript.jam.hosts.every((h) => hostKeys.has(handleKey(h))), `hosts ${transcript.jam.hosts}`);

    const agree = (subset: Labels['messages']) => subset.filter((l) => filed(byId.get(l.id)!) === l.label).length;
    const tagged = labels.messages.filter((l) => l.tagged);
    const result = { tagged: [agree(tagged), tagged.length], all: [agree(labels.messages), labels.messages.length] };
    t.diagnostic(`tagged ${result.tagged[0]}/${result.tagged[1]} (${((100 * result.tagged[0]) / result.tagged[1]).toFixed(1)}%), all ${result.all[0]}/${result.all[1]} (${((100 * result.all[0]) / result.all[1]).toFixed(1)}%)`);
    assert.deepEqual(result, { tagged: expected.tagged, all: expected.all });
    assert.ok(result.tagged[0] >= 0.98 * result.tagged[1], 'at least 98% of tagged answers on the right question');
  });
}

/**
 * A second reader labelled two chats again, blind to the first labels
 * (test/fixtures/labels/second-reader/). How far two careful editors agree is
 * the ceiling a rule can be held to; jamrecap is measured against each reader
 * and on the messages both readers file alike.
 */
const SECOND: Record<string, { readers: [number, number]; second: number; agreed: number }> = {
  'lrnchat-22nd-december-2017.labels.json': { readers: [213, 224], second: 197, agreed: 196 },
  'guildchat-readdress-the-lms.labels.json': { readers: [276, 294], second: 262, agreed: 253 },
};

for (const [name, expected] of Object.entries(SECOND)) {
  const first = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Labels;
  const second = JSON.parse(readFileSync(join(DIR, 'second-reader', name), 'utf8')) as Labels;
  corpusTest(`labels: two readers of ${first.export}, and jamrecap against both`, [first.export], (t, file) => {
    const transcript = importFiles([file]);
    const byId = new Map(transcript.messages.map((m) => [m.id, m]));
    const other = new Map(second.messages.map((l) => [l.id, l.label]));
    assert.deepEqual([...other.keys()].sort(), first.messages.map((l) => l.id).sort(), 'both readers label every message');
    const alike = first.messages.filter((l) => other.get(l.id) === l.label);
    const result = {
      readers: [alike.length, first.messages.length],
      second: second.messages.filter((l) => filed(byId.get(l.id)!) === l.label).length,
      agreed: alike.filter((l) => filed(byId.get(l.id)!) === l.label).length,
    };
    t.diagnostic(`readers agree on ${result.readers[0]}/${result.readers[1]}; jamrecap agrees with the second reader on ${result.second}, and on ${result.agreed} of the ${alike.length} both readers file alike`);
    assert.deepEqual(result, expected);
  });
}
