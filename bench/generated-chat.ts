/**
 * A generated chat for benchmarks: a seeded PRNG, the messages of one jam
 * (host questions Q1..Qn, tagged answers, replies, retweets, warm-up and
 * closing chatter) and the TweetChat room page holding them (the corpus
 * page's markup, newest first, windows-1252). Deterministic for a seed.
 */
import iconv from 'iconv-lite';

/** A small seeded PRNG (mulberry32): the same seed gives the same numbers everywhere. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** `k` distinct items of `xs`, in a random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  }
}

const WORDS = (
  'social business collaboration strategy customers community engage value culture teams learning tools ' +
  'leaders trust content platform employees network listening feedback adoption metrics insight change ' +
  'knowledge sharing mobile search intranet governance policy training managers silos goals outcomes ' +
  'conversation brand support marketing sales service partners data privacy security budget pilot ' +
  'experiment measure impact stories voices openness transparency habits workflow email meetings ' +
  'documents wiki blog forum champions sponsors executives onboarding remote hybrid video events ' +
  'newsletter analytics dashboards roadmap vendors integration cloud adoption momentum curiosity'
).split(' ');
const ACCENTS = ['\u201cquoted\u201d', 'well\u2026', 'yes \u2013 and', 'caf\u00e9', 'na\u00efve'];

export interface Person {
  handle: string;
  name: string;
}

export type Kind = 'question' | 'answer' | 'reply' | 'retweet' | 'chatter';

export interface ChatMessage {
  id: string;
  kind: Kind;
  author: Person;
  /** Unix ms. */
  time: number;
  /** The words as the importer reads them (links written as their URL). */
  text: string;
  /** The question this message is about (0 before Q1). */
  question: number;
  replyTo: string | null;
  /** For answers: the start of the text an editor would quote (no link, no hashtag). */
  quotable: string | null;
}

export interface ChatSpec {
  seed: number;
  messages: number;
  questions: number;
  hashtag: string;
  host: Person;
  people: Person[];
  /** Unix ms of the first message. */
  start: number;
  /** First tweet id (ids grow by 1000 per message). */
  firstId: bigint;
  /** The questions' texts (length `questions`). */
  questionTexts: string[];
}

function words(rng: Prng, min: number, max: number): string {
  const n = min + rng.int(max - min + 1);
  const out = Array.from({ length: n }, () => rng.pick(WORDS));
  if (rng.int(4) === 0) out.splice(1 + rng.int(n - 1), 0, rng.pick(ACCENTS));
  return out.join(' ');
}

/** Where each question is asked: ~2% warm-up, then evenly spaced, ~2% closing chatter. */
function questionPositions(spec: ChatSpec): number[] {
  const warm = Math.max(1, Math.round(spec.messages * 0.02));
  const span = spec.messages - warm - Math.max(1, Math.round(spec.messages * 0.02));
  return Array.from({ length: spec.questions }, (_, i) => warm + Math.floor((i * span) / spec.questions));
}

/** The messages of one chat, oldest first. */
export function generateChat(spec: ChatSpec): ChatMessage[] {
  const rng = new Prng(spec.seed);
  const asked = questionPositions(spec);
  const closing = spec.messages - Math.max(1, Math.round(spec.messages * 0.02));
  const out: ChatMessage[] = [];
  const answers: ChatMessage[] = [];
  const seen = new Set<string>();
  let q = 0;
  for (let i = 0; i < spec.messages; i++) {
    const base = {
      id: (spec.firstId + BigInt(i) * 1000n).toString(),
      time: spec.start + i * 3600,
      replyTo: null as string | null,
      quotable: null as string | null,
    };
    if (asked[q] === i) {
      q++;
      out.push({ ...base, kind: 'question', author: spec.host, question: q, text: `Q${q}. ${spec.questionTexts[q - 1]} #${spec.hashtag}` });
      answers.length = 0;
      continue;
    }
    const author = rng.pick(spec.people);
    const roll = rng.int(100);
    if (q === 0 || i >= closing || roll < 5) {
      const link = rng.int(3) === 0 ? ` http://example.com/${spec.hashtag}/${i}` : '';
      const text = i >= closing ? `Thanks @${spec.host.handle} great chat ${words(rng, 3, 8)}${link} #${spec.hashtag}` : `Hello from ${words(rng, 2, 6)} @${spec.host.handle}${link} #${spec.hashtag}`;
      out.push({ ...base, kind: 'chatter', author, question: q, text });
    } else if (roll < 20 && answers.length) {
      const to = rng.pick(answers);
      out.push({ ...base, kind: 'reply', author, question: q, replyTo: to.id, text: `@${to.author.handle} ${words(rng, 4, 14)} #${spec.hashtag}` });
    } else if (roll < 30 && answers.length) {
      const of = rng.pick(answers);
      out.push({ ...base, kind: 'retweet', author, question: q, text: `RT @${of.author.handle}: ${of.text}` });
    } else {
      let quotable = `A${q}: ${words(rng, 8, 20)}`;
      while (seen.has(quotable)) quotable = `A${q}: ${words(rng, 8, 20)}`;
      seen.add(quotable);
      const link = rng.int(4) === 0 ? ` http://example.com/${spec.hashtag}/${i}` : '';
      const m: ChatMessage = { ...base, kind: 'answer', author, question: q, quotable, text: `${quotable}${link} #${spec.hashtag}` };
      out.push(m);
      answers.push(m);
    }
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A message's text as TweetChat marks it up: mentions, links and hashtags as anchors. */
function textMarkup(text: string): string {
  return text
    .split(' ')
    .map((w) => {
      if (/^@\w+:?$/.test(w)) {
        const h = w.replace(/[@:]/g, '');
        return `<a class="mention" href="http://twitter.com/${h}">@${h}</a>${w.endsWith(':') ? ':' : ''}`;
      }
      if (w.startsWith('http://')) return `<a class="link" href="${escapeHtml(w)}" target="_blank">${escapeHtml(w.slice(7))}</a>`;
      if (/^#\w+$/.test(w)) return `<a class="hashtag" href="http://twitter.com/search?q=%23${w.slice(1)}" target="_blank">${w}</a>`;
      return escapeHtml(w);
    })
    .join(' ');
}

/** Twitter's created_at as TweetChat shows it in the time link's title. */
function twitterTime(ms: number): string {
  return new Date(ms).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4');
}

function row(m: ChatMessage): string {
  const h = m.author.handle;
  const reply = m.replyTo ? ` <a class="in-reply-to" href="http://twitter.com/x/status/${m.replyTo}">in reply to</a>` : '';
  return `<div class="tweet${m.kind === 'question' ? ' highlight' : ''}" id="tweet_${m.id}">
<div class="avatar"><a href="http://twitter.com/${h}" target="_blank"><img src="./files/${h}_normal.png" width="48" height="48" alt="${h}"></a></div>
<div class="content">
<a class="user" href="http://twitter.com/${h}" target="_blank" title="${escapeHtml(m.author.name)}">${h}</a>
<span class="text">${textMarkup(m.text)}</span>
<div class="meta"><a class="time" href="http://twitter.com/${h}/status/${m.id}" target="_blank" title="${twitterTime(m.time)}">1 hour ago</a> from <span class="source">TweetChat</span>${reply}
<span class="actions"><a class="reply" href="#" onclick="return tc.reply('${m.id}')">reply</a> <a class="retweet" href="#" onclick="return tc.retweet('${m.id}')">retweet</a> <a class="favorite" href="#" onclick="return tc.fav('${m.id}')">favorite</a></span></div>
</div>
</div>`;
}

/** The saved TweetChat room page of a chat (newest first, windows-1252). */
export function tweetchatRoom(hashtag: string, messages: ChatMessage[]): Buffer {
  const rows = messages.map(row).reverse();
  const html = `<!DOCTYPE html>
<!-- saved from url=(0036)http://tweetchat.com/room/${hashtag} -->
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>TweetChat - #${hashtag}</title></head>
<body class="room"><div id="stream">
${rows.join('\n')}
</div></body></html>`;
  return iconv.encode(html, 'windows-1252');
}

export const WORD_LIST: readonly string[] = WORDS;
