/**
 * A generated content folder for the site benchmark: N weekly jams of one
 * series, each a TweetChat room page (generated-chat.ts) and the editor's
 * recap.md (front matter, an introduction, a summary and 2-3 quotes per
 * question, every quote resolving to one message). Participants come from
 * one pool, so they overlap across jams. Deterministic for a seed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateChat, Prng, tweetchatRoom, WORD_LIST, type ChatMessage, type Person } from './generated-chat.ts';

export const HASHTAG = 'benchjam';
export const HOST: Person = { handle: 'jamhost', name: 'The Jam Host' };
export const QUESTIONS = 8;
const POOL = 120;
const PER_JAM = 45;
const ROOM_FILE = `${HASHTAG}-room.html`;

export interface SiteSpec {
  jams: number;
  messages: number;
  seed?: number;
}

/** What a generated jam holds: what its build must report. */
export interface GeneratedJam {
  slug: string;
  messages: number;
  questions: number;
  quotes: number;
  participants: number;
}

const FIRST = ['ann', 'bob', 'cara', 'dev', 'eli', 'fay', 'gus', 'hana', 'ivo', 'jo', 'kim', 'lee'];
const LAST = ['smith', 'ng', 'okafor', 'berg', 'rossi', 'diaz', 'kato', 'marsh', 'patel', 'hill'];

/** The series' regulars: `POOL` distinct people. */
function peoplePool(rng: Prng): Person[] {
  const out: Person[] = [];
  for (let i = 0; out.length < POOL; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const suffix = rng.int(3) === 0 ? String(rng.int(100)) : '';
    out.push({ handle: `${first}_${last}${suffix}`, name: `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}` });
  }
  return out;
}

function sentence(rng: Prng, n: number): string {
  const ws = Array.from({ length: n }, () => rng.pick(WORD_LIST));
  return `${ws[0][0].toUpperCase()}${ws[0].slice(1)} ${ws.slice(1).join(' ')}.`;
}

function paragraph(rng: Prng, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rng, 8 + rng.int(10))).join(' ');
}

/** 2 or 3 answers of question `q` to quote (answers' texts are unique per chat, so each resolves). */
function quotesFor(rng: Prng, chat: ChatMessage[], q: number): ChatMessage[] {
  const answers = chat.filter((m) => m.kind === 'answer' && m.question === q);
  return rng.sample(answers, Math.min(answers.length, 2 + rng.int(2)));
}

/** The editor's recap.md of a jam. */
function recapMarkdown(rng: Prng, title: string, date: string, chat: ChatMessage[], questionTexts: string[]): { text: string; quotes: number } {
  const lines = [
    '---',
    `title: ${title}`,
    `date: ${date}`,
    `hashtag: ${HASHTAG}`,
    `hosts: [${HOST.handle}]`,
    'timezone: America/New_York',
    `exports: [${ROOM_FILE}]`,
    '---',
    paragraph(rng, 4),
    '',
    paragraph(rng, 3),
    '',
  ];
  let quotes = 0;
  questionTexts.forEach((text, i) => {
    const q = i + 1;
    lines.push(`## Q${q} · ${text}`, '', paragraph(rng, 3), '');
    for (const m of quotesFor(rng, chat, q)) {
      lines.push(`> @${m.author.handle} ${m.quotable}`);
      quotes++;
    }
    lines.push('', paragraph(rng, 2), '');
  });
  return { text: lines.join('\n'), quotes };
}

/** One jam's folder: its room page and recap.md. */
function writeJam(root: string, rng: Prng, index: number, pool: Person[], messages: number): GeneratedJam {
  const day = new Date(Date.UTC(2013, 0, 2 + 7 * index, 18, 0, 0));
  const date = day.toISOString().slice(0, 10);
  const slug = `${date}-${HASHTAG}`;
  const questionTexts = Array.from({ length: QUESTIONS }, () => `What about ${sentence(rng, 4 + rng.int(6)).toLowerCase().replace(/\.$/, '')}?`);
  const people = rng.sample(pool, PER_JAM);
  const chat = generateChat({
    seed: rng.int(2 ** 31),
    messages,
    questions: QUESTIONS,
    hashtag: HASHTAG,
    host: HOST,
    people,
    start: day.getTime(),
    firstId: 300000000000000000n + BigInt(index) * 10000000000n,
    questionTexts,
  });
  const title = `Week ${index + 1} ${sentence(rng, 3).replace(/\.$/, '')}`;
  const recap = recapMarkdown(rng, title, date, chat, questionTexts);
  const dir = join(root, 'jams', slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ROOM_FILE), tweetchatRoom(HASHTAG, chat));
  writeFileSync(join(dir, 'recap.md'), recap.text);
  const authors = new Set(chat.map((m) => m.author.handle.toLowerCase()));
  return { slug, messages: chat.length, questions: QUESTIONS, quotes: recap.quotes, participants: authors.size };
}

/** Write `spec.jams` jams into `root/jams/`; what each holds. */
export function generateSite(root: string, spec: SiteSpec): GeneratedJam[] {
  const rng = new Prng(spec.seed ?? 2012);
  const pool = peoplePool(rng);
  const out: GeneratedJam[] = [];
  for (let i = 0; i < spec.jams; i++) out.push(writeJam(root, new Prng(rng.int(2 ** 31)), i, pool, spec.messages));
  return out;
}

/** The editor's one edit: a new first sentence in Q1's summary of `slug`; returns the sentence. */
export function editSummary(root: string, slug: string, stamp = 'Edited for the incremental build'): string {
  const file = join(root, 'jams', slug, 'recap.md');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('\n## Q1 ');
  if (at < 0) throw new Error(`${file}: no Q1 section to edit`);
  const bodyStart = text.indexOf('\n\n', at + 1) + 2;
  const sentence = `${stamp}.`;
  writeFileSync(file, `${text.slice(0, bodyStart)}${sentence} ${text.slice(bodyStart)}`);
  return sentence;
}
