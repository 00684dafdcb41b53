/**
 * A transcript message for unit tests: the given fields, and the plain
 * defaults an importer would give (no links, no reply, in the chat).
 */
import type { Message } from '../../src/model/transcript.ts';

export function testMessage(fields: Pick<Message, 'id' | 'time' | 'text'> & { handle: string } & Partial<Message>): Message {
  const { handle, ...rest } = fields;
  return {
    author: { handle, name: null },
    timePrecision: 'second',
    url: null,
    replyTo: null,
    retweetOf: null,
    mentions: [],
    hashtags: [],
    links: [],
    question: null,
    questionVia: null,
    phase: 'chat',
    attachments: [],
    origin: { file: 'f', format: 'test', position: 1 },
    ...rest,
  };
}
