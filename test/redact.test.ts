/**
 * Privacy: handles listed in `<content>/redact.yml` leave no trace in any
 * output file. The example jam is built with `handles: [JacobM,
 * "@kathyherrmann"]` (other case, an "@": both must still match):
 *
 * - jacobm wrote 1 tweet in the room (261150601507766273, "social business
 *   is a term developed my marketers/vendors ..."), featured in Q1, and is
 *   mentioned in ITSinsider's reply (featured too, by a quote that names
 *   "@jacobm");
 * - KathyHerrmann wrote 2 (261159535375286314 "To have holistic impact
 *   ...", 261159870919606316 "Global “ownership” isn't realistic ..."), one
 *   featured, and KimberlyEdwards retweeted the other (featured too).
 *
 * (Found with a Python regex over the room's `div.tweet` rows: the only
 * rows naming either handle, in any case, are these five. Both display
 * names equal the handles.)
 *
 * Decision for featured quotes of removed messages: the recap keeps the
 * quote's place and shows the message as removed ("removed at the
 * author's request", by @[removed]); the build and `check` warn at the
 * quote's line so the editor deletes it. An error would stop every site
 * from publishing until each recap is edited, while the opt-out must take
 * effect at once.
 *
 * The test first builds the same jam without redact.yml and finds every
 * needle there (so the search is known to work on each file type, the zip
 * included), then builds with it and finds none, in any file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import * as cheerio from 'cheerio';
import { unzipSync, strFromU8 } from 'fflate';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { makeContent } from './fixtures/editor-content.ts';
import { buildSite, type BuildResult } from '../src/site/build.ts';
import { clearSiteCaches } from '../src/site/jam.ts';
import { displayPath, formatProblem } from '../src/notes/problems.ts';
import { importFiles } from '../src/import/pipeline.ts';
import { validateTranscript } from '../src/model/validate.ts';
import { parseRedactList, redact, redactTranscript, REDACTED_HANDLE, REDACTED_TEXT, REPEATED_TEXT } from '../src/notes/redact.ts';
import { exportText, rows, transcriptObject, type Row } from './fixtures/hostile-pages.ts';

const SLUG = '2012-10-24-socbizchat';
const EXAMPLE = join(ROOT, 'content', 'jams', SLUG);
const ROOM = join(EXAMPLE, 'socbizchat-room.html');
const HANDLES = ['jacobm', 'kathyherrmann'];
/** Distinctive parts of their texts (each occurs in the room only in their tweets and the retweet). */
const TEXTS = ['marketers/vendors', 'no companies actually use it', 'holistic impact', 'part of corp DNA', 'realistic but global participation', 'champion or champion group'];
const NEEDLES = [...HANDLES, ...TEXTS].map((s) => s.toLowerCase());

let tmp: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'jamrecap-redact-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Every output file's text, the zip's entries one by one (`file!entry`), HTML also entity-decoded. */
function outputs(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        walk(p);
        continue;
      }
      const name = relative(dir, p).split(sep).join('/');
      const bytes = readFileSync(p);
      if (name.endsWith('.zip')) {
        const entries = unzipSync(new Uint8Array(bytes));
        for (const [entry, data] of Object.entries(entries)) out.set(`${name}!${entry}`, strFromU8(data));
        continue;
      }
      const text = bytes.toString('utf8');
      out.set(name, /\.html$/.test(name) ? `${text}\n${cheerio.load(text).text()}` : text);
    }
  };
  walk(dir);
  return out;
}

function hits(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of files) {
    const lower = text.toLowerCase();
    for (const n of NEEDLES) if (lower.includes(n)) found.push(`${name}: ${n}`);
  }
  return found;
}

describe('redact.yml', () => {
  let plain: BuildResult;
  let redacted: BuildResult;
  let content: string;
  const plainOut = () => join(tmp, 'plain-out');
  const out = () => join(tmp, 'redacted-out');

  before(async () => {
    content = makeContent(join(tmp, 'content'));
    cpSync(EXAMPLE, join(content, 'jams', SLUG), { recursive: true });
    clearSiteCaches();
    plain = await buildSite({ contentDir: content, outDir: plainOut(), cacheDir: join(tmp, 'cache') });
    writeFileSync(join(content, 'redact.yml'), '# People who asked to be left out of the recaps.\nhandles: [JacobM, "@kathyherrmann"]\n');
    redacted = await buildSite({ contentDir: content, outDir: out(), cacheDir: join(tmp, 'cache') });
  });

  test('without it, every needle is found (the search works on every file type)', () => {
    assert.equal(plain.ok, true, plain.problems.map((p) => formatProblem(p)).join('\n'));
    const files = outputs(plainOut());
    const found = hits(files);
    for (const n of NEEDLES) assert.ok(found.some((h) => h.endsWith(`: ${n}`)), `"${n}" is in the unredacted site`);
    for (const kind of ['.json', '.csv', '.md', '.txt', '.html', '-archive.zip!exports/socbizchat-room.html', '/transcript/index.html', 'participants/kathyherrmann/index.html']) {
      assert.ok(found.some((h) => h.includes(kind) && h.endsWith(': holistic impact')), `found in a ${kind} file`);
    }
    assert.ok(found.includes('participants/index.html: kathyherrmann'));
    assert.ok(found.includes(`jams/${SLUG}/participants/index.html: jacobm`));
  });

  test('with it, no output file holds their handles or their words', () => {
    assert.equal(redacted.ok, true, redacted.error?.message ?? redacted.problems.map((p) => formatProblem(p)).join('\n'));
    const files = outputs(out());
    assert.ok(files.size > 30, `${files.size} files searched`);
    assert.deepEqual(hits(files), []);
  });

  test('no link leads to a person page that does not exist (removed authors have none)', () => {
    const files = outputs(out());
    const broken: string[] = [];
    for (const [name, text] of files) {
      if (!name.endsWith('.html') || name.includes('!')) continue;
      for (const m of text.matchAll(/href="(\/participants\/[^"#]+)"/g)) {
        const target = join(out(), ...m[1].split('/').filter(Boolean), 'index.html');
        if (!existsSync(target)) broken.push(`${name}: ${m[1]}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  test('counts stay honest: messages unchanged, participants without them', () => {
    assert.deepEqual(plain.summaries.map((s) => [s.messages, s.participants, s.featured]), [[47, 27, 41]]);
    assert.deepEqual(redacted.summaries.map((s) => [s.messages, s.participants, s.featured]), [[47, 25, 41]]);
    const json = JSON.parse(readFileSync(join(out(), 'jams', SLUG, 'download', `${SLUG}.json`), 'utf8'));
    assert.deepEqual(validateTranscript(json), { ok: true, errors: [] });
    assert.equal(json.messages.length, 47);
    assert.equal(json.participants.length, 25);
    assert.deepEqual(
      json.messages.filter((m: { author: { handle: string } }) => m.author.handle === REDACTED_HANDLE).map((m: { id: string; text: string }) => [m.id, m.text]),
      [['removed-1', REDACTED_TEXT], ['removed-2', REDACTED_TEXT], ['removed-3', REDACTED_TEXT]],
    );
    const people = cheerio.load(readFileSync(join(out(), 'jams', SLUG, 'participants', 'index.html'), 'utf8'));
    assert.equal(people('table.participants tbody tr').length, 25);
    assert.equal(existsSync(join(out(), 'participants', 'jacobm')), false);
    assert.equal(existsSync(join(out(), 'participants', 'kathyherrmann')), false);
    assert.equal(existsSync(join(plainOut(), 'participants', 'jacobm')), true);
    const transcript = cheerio.load(readFileSync(join(out(), 'jams', SLUG, 'transcript', 'index.html'), 'utf8'));
    assert.equal(transcript('article.message').length, 47);
  });

  test('the archive leaves the original export out; the recap shows removed quotes as removed, with a warning', () => {
    const zip = unzipSync(new Uint8Array(readFileSync(join(out(), 'jams', SLUG, 'download', `${SLUG}-archive.zip`))));
    assert.deepEqual(Object.keys(zip).filter((n) => n.startsWith('exports/')), []);
    assert.doesNotMatch(strFromU8(zip['MANIFEST.sha256']), /exports\//);

    const $ = cheerio.load(readFileSync(join(out(), 'jams', SLUG, 'index.html'), 'utf8'));
    const texts = (id: string) => $(`section#${id} blockquote.featured p.text`).map((_, p) => $(p).text()).get();
    assert.equal(texts('q1')[0], REDACTED_TEXT); // jacobm's
    assert.equal(texts('q1')[1], '@ITSinsider @cmswire @[removed] link bait! not true. all biz going social - external and internal, just a matter of time. #socbizchat'.replace('@ITSinsider ', ''));
    assert.deepEqual(texts('q3').filter((t) => t === REDACTED_TEXT || t === REPEATED_TEXT), [REPEATED_TEXT, REDACTED_TEXT]);

    const recap = join(content, 'jams', SLUG, 'recap.md');
    const lines = readFileSync(recap, 'utf8').split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;
    const warning = "warning: this quote names a message removed at the author's request (redact.yml); the recap shows it as removed: delete the quote";
    assert.deepEqual(
      redacted.problems.map((p) => formatProblem(p, ROOT)),
      [
        ...[at('> @jacobm'), at('> @KimberlyEdwards'), at('> @KathyHerrmann')].map((line) => `${displayPath(recap, ROOT)}:${line}:3: ${warning}`),
        // The example's one true warning: its export ends as Q4 is asked.
        `${displayPath(recap, ROOT)}:${at('## Q4')}:1: warning: Q4: no message answers Q4 in the exports, so the recap lists none; the exports end with its question: add an export that holds the rest of the chat`,
      ],
    );
  });
});

describe('redact.yml naming the subject of a saved twitter.com page', () => {
  // mercury-twitter-permalink-2016.html: 11 of its 12 tweets are by KingBeyonceStan
  // (`data-screen-name`, all with data-name="Lina Morgana"), and the page's <title> is
  // "Lina Morgana on Twitter: "Now before you write me off ... all time favorites ..."".
  corpusTest('the drafted title names her: an error; once reworded, no trace in any file', ['twitter-html/mercury-twitter-permalink-2016.html'], async (_t, page) => {
    const content = makeContent(join(tmp, 'permalink'));
    const r = spawnSync(process.execPath, ['bin/jamrecap.js', 'new', 'thread', '--from', page, '--content', content], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, JAMRECAP_CACHE: join(tmp, 'cache') } });
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(content, 'redact.yml'), 'handles: [kingbeyoncestan]\n');
    const recap = join(content, 'jams', 'thread', 'recap.md');
    const text = readFileSync(recap, 'utf8');
    const titleLine = text.split('\n').findIndex((l) => l.startsWith('title: ')) + 1;
    clearSiteCaches();
    const refused = await buildSite({ contentDir: content, outDir: join(tmp, 'permalink-out'), drafts: true, cacheDir: join(tmp, 'cache') });
    assert.equal(refused.ok, false);
    assert.deepEqual(
      refused.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, ROOT)),
      [`${displayPath(recap, ROOT)}:${titleLine}:8: the title names Lina Morgana, who asked to be left out (redact.yml): the site must not publish it`],
    );
    assert.equal(existsSync(join(tmp, 'permalink-out')), false);

    writeFileSync(recap, text.replace(/^title: .*$/m, 'title: A thread about favourites'));
    const built = await buildSite({ contentDir: content, outDir: join(tmp, 'permalink-out'), drafts: true, cacheDir: join(tmp, 'cache') });
    assert.equal(built.ok, true, built.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(built.summaries.map((s) => [s.messages, s.participants]), [[12, 2]]);
    const needles = ['kingbeyoncestan', 'lina morgana', 'all time favorites', 'write me off as bias'];
    const found: string[] = [];
    for (const [name, body] of outputs(join(tmp, 'permalink-out'))) for (const n of needles) if (body.toLowerCase().includes(n)) found.push(`${name}: ${n}`);
    assert.deepEqual(found, []);
  });
});

/**
 * A generated room (TweetChat markup, saved as `vicky-chat.html`) plus a
 * jamrecap JSON export with pictures, where vicky ("Vicky Vale") opts out.
 * Every way the site could still point at her is seeded once:
 *
 * - carl, whose display name is "Carl fan of @vicky", retweets her: his
 *   message is removed as a repeat, and his name must be cleaned all the same;
 * - dana writes "Vicky Vale", vicky@example.org and
 *   https://twitter.com/i/web/status/<her first id>;
 * - eve links https://twitter.com/intent/user?screen_name=vicky and
 *   example.com/p?user=vicky; frank writes her second id bare;
 * - a row of hers with an unreadable time is skipped (the import's warning
 *   names its id), and her first text reappears nowhere else;
 * - hal's picture has the alt "Vicky Vale on stage", an address with
 *   `?by=vicky`, and a saved copy in `vicky-chat_files/`.
 *
 * The whole site (every file's name and bytes, each zip entry, the JSON,
 * sitemap, feeds, API, embeds, `_headers`) is searched for her handle in any
 * case, her name, each of her ids and each of her texts. Single-word display
 * names are by design not redacted (a name like "Social" is a word), so the
 * test gives her a two-word one.
 */
const VICKY_IDS = ['9300000000000000001', '9300000000000000004', '9300000000000000009', '9300000000000000100'];
const VICKY_TEXTS = ['purple elephants dance on the quarterly roadmap', 'marmalade governance beats every dashboard', 'lavender spreadsheets hum at midnight', 'tangerine audits sing softly'];
/** Labelled needles, so a failure says which leak came back; "vicky" alone catches every form. */
const VICKY_NEEDLES = [
  'vicky',
  'vicky vale',
  'fan of @vicky',
  'vicky@example.org',
  'screen_name=vicky',
  'user=vicky',
  'by=vicky',
  'vicky-chat',
  ...VICKY_IDS,
  ...VICKY_IDS.map((id) => `status/${id}`),
  ...VICKY_TEXTS,
];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

function vickyJam(content: string, summary = 'Summary one.'): string {
  const specs: Partial<Row>[] = [
    { handle: 'hosty', name: 'Host Person', bodyHtml: 'Q1: What is social business? #testchat' },
    { handle: 'vicky', name: 'Vicky Vale', bodyHtml: `A1 ${VICKY_TEXTS[0]} every single day #testchat` },
    { handle: 'carl', name: 'Carl fan of @vicky', bodyHtml: `RT @vicky: A1 ${VICKY_TEXTS[0]} every single day #testchat` },
    { handle: 'dana', name: 'Dana Doe', bodyHtml: `A1 agree with Vicky Vale, mail vicky@example.org or see https://twitter.com/i/web/status/${VICKY_IDS[0]}. #testchat` },
    { handle: 'VICKY', name: 'Vicky Vale', bodyHtml: `A1 ${VICKY_TEXTS[1]} #testchat` },
    { handle: 'hosty', name: 'Host Person', bodyHtml: 'Q2: How do you start? #testchat' },
    { handle: 'eve', name: 'Eve Ray', bodyHtml: 'A2 her profile https://twitter.com/intent/user?screen_name=vicky and example.com/p?user=vicky #testchat', linkHref: 'https://example.com/p?user=vicky' },
    { handle: 'frank', name: 'Frank Fox', bodyHtml: `A2 tweet ${VICKY_IDS[1]} said it best #testchat` },
    { handle: 'gus', name: 'Gus Gray', bodyHtml: 'A2 start small and measure #testchat' },
    { handle: 'vicky', name: 'Vicky Vale', bodyHtml: `A2 ${VICKY_TEXTS[2]} #testchat`, rawTime: 'not a time' },
  ];
  const room = rows(specs.length, (i, base) => ({ ...base, ...specs[i], time: new Date(Date.UTC(2016, 5, 20, 17, i, 0)) })).reverse();
  const dir = join(content, 'jams', 'vjam');
  mkdirSync(join(dir, 'vicky-chat_files'), { recursive: true });
  writeFileSync(join(dir, 'vicky-chat.html'), exportText('tweetchat', room));
  const pics = rows(2, (i, base) => ({
    ...base,
    id: i ? '9300000000000000110' : VICKY_IDS[3],
    handle: i ? 'hal' : 'VickY',
    name: i ? 'Hal Hill' : 'Vicky Vale',
    bodyHtml: i ? 'A2 look at this #testchat' : `A2 ${VICKY_TEXTS[3]} #testchat`,
    time: new Date(Date.UTC(2016, 5, 20, 17, 8, 30 + i)),
  }));
  const json = transcriptObject(pics) as { messages: Record<string, unknown>[] };
  json.messages[0].attachments = [{ kind: 'image', url: 'https://pbs.twimg.com/media/her.jpg', alt: 'her own picture', file: 'vicky-chat_files/her.png' }];
  json.messages[1].attachments = [
    { kind: 'image', url: 'https://pbs.twimg.com/media/x.jpg?by=vicky', alt: 'Vicky Vale on stage', file: 'vicky-chat_files/stage.png' },
    { kind: 'image', url: null, alt: 'a chart', file: 'vicky-chat_files/chart.png' },
  ];
  writeFileSync(join(dir, 'photos.json'), JSON.stringify(json));
  for (const f of ['her.png', 'stage.png', 'chart.png']) writeFileSync(join(dir, 'vicky-chat_files', f), PNG);
  writeFileSync(join(dir, 'recap.md'), `---\ntitle: A test chat\ndate: 2016-06-20T17:00:00Z\nhashtag: testchat\n---\nIntro.\n\n## Q1\n\n${summary}\n\n## Q2\n\nSummary two.\n`);
  return join(dir, 'recap.md');
}

/** Each needle found in a file's name or bytes (as `outputs` reads them), lower-cased. */
function vickyHits(dir: string): string[] {
  const found: string[] = [];
  for (const [name, text] of outputs(dir)) {
    const lower = `${name}\n${text}`.toLowerCase();
    for (const n of VICKY_NEEDLES) if (lower.includes(n)) found.push(`${name}: ${n}`);
  }
  return found;
}

describe('redact.yml on a generated room: every name on every path', () => {
  const build = async (name: string, handles: string | null, summary?: string) => {
    const content = makeContent(join(tmp, name));
    const recap = vickyJam(content, summary);
    if (handles !== null) writeFileSync(join(content, 'redact.yml'), `handles: [${handles}]\n`);
    clearSiteCaches();
    const out = join(tmp, `${name}-out`);
    const result = await buildSite({ contentDir: content, outDir: out, cacheDir: join(tmp, 'cache'), baseUrl: 'https://recaps.example.org' });
    return { result, out, recap };
  };

  test('without it, every needle is found (the search reaches each leak)', async () => {
    const { result, out } = await build('vicky-plain', null);
    assert.equal(result.ok, true, result.problems.map((p) => formatProblem(p)).join('\n'));
    const found = vickyHits(out);
    for (const n of VICKY_NEEDLES) assert.ok(found.some((h) => h.endsWith(`: ${n}`)), `"${n}" is in the unredacted site`);
    assert.ok(found.some((h) => h.includes('.zip!') && h.endsWith(': fan of @vicky')), 'the search reads zip entries');
  });

  test('with it, no file name or byte holds her handle, name, ids or words; others keep theirs', async () => {
    const { result, out } = await build('vicky', 'vicky');
    assert.equal(result.ok, true, result.problems.map((p) => formatProblem(p)).join('\n'));
    assert.deepEqual(vickyHits(out), []);
    assert.deepEqual(result.summaries.map((s) => [s.messages, s.participants]), [[11, 7]]);

    const t = JSON.parse(readFileSync(join(out, 'jams', 'vjam', 'download', 'vjam.json'), 'utf8'));
    assert.deepEqual(validateTranscript(t), { ok: true, errors: [] });
    const by = (h: string) => t.messages.find((m: { author: { handle: string } }) => m.author.handle === h);
    assert.equal(by('carl').author.name, 'Carl fan of @[removed]');
    assert.equal(by('carl').text, REPEATED_TEXT);
    assert.equal(by('dana').text, 'A1 agree with [removed], mail [removed] or see [removed]. #testchat');
    assert.equal(by('eve').text.startsWith('A2 her profile [removed] and [removed] #testchat'), true, by('eve').text);
    assert.deepEqual(by('eve').links, []);
    assert.equal(by('frank').text, 'A2 tweet removed-2 said it best #testchat');
    assert.equal(by('gus').text, 'A2 start small and measure #testchat');
    assert.deepEqual(by('hal').attachments.map((a: { url: string | null; alt: string }) => [a.url, a.alt]), [[null, '[removed] on stage'], [null, 'a chart']]);
    // Neutral names, and the site still finds the saved pictures behind them.
    assert.deepEqual(t.sources.map((s: { file: string }) => s.file).sort(), ['export-2.html', 'photos.json']);
    assert.match(by('hal').attachments[0].file, /^export-2_files\/stage\.png$/);
    const page = cheerio.load(readFileSync(join(out, 'jams', 'vjam', 'transcript', 'index.html'), 'utf8'));
    assert.deepEqual(page('img[src^="/media/"]').map((_, img) => page(img).attr('alt')).get(), ['[removed] on stage', 'a chart']);
  });

  test('a notes link to a removed post, or her id or e-mail, is an error at its file:line:col', async () => {
    const summary = [`See [her post](https://twitter.com/i/web/status/${VICKY_IDS[0]}) for more.`, `Also https://twitter.com/carl/status/9300000000000000002 and`, `- tweet ${VICKY_IDS[1]}`, `- write to vicky@example.org`].join('\n');
    const { result, out, recap } = await build('vicky-notes', 'vicky', summary);
    assert.equal(result.ok, false);
    assert.equal(existsSync(out), false);
    const line = readFileSync(recap, 'utf8').split('\n').findIndex((l) => l.startsWith('See [her post]')) + 1;
    const file = displayPath(recap, ROOT);
    const removed = "removed at the author's request (redact.yml): the site must not publish it";
    assert.deepEqual(
      result.problems.filter((p) => p.severity === 'error').map((p) => formatProblem(p, ROOT)),
      [
        `${file}:${line}:16: this line links to message ${VICKY_IDS[0]}, ${removed}`,
        `${file}:${line + 1}:6: this line links to message 9300000000000000002, ${removed}`,
        `${file}:${line + 2}:9: this line names message ${VICKY_IDS[1]}, ${removed}`,
        `${file}:${line + 3}:12: this line has the e-mail address of someone who asked to be left out (redact.yml): the site must not publish it`,
      ],
    );
  });
});

describe('redactTranscript (pure)', () => {
  const t = importFiles([ROOM]);

  test('removes their messages, retweets of them and mentions; keeps everything countable', () => {
    const before = structuredClone(t);
    const r = redact(t, ['JACOBM', 'KathyHerrmann']);
    assert.deepEqual(t, before, 'the input is not changed');
    assert.equal(r.changed, true);
    assert.deepEqual([...r.removedIds], [['261150601507766273', 'removed-1'], ['261159535375286314', 'removed-2'], ['261159870919606316', 'removed-3']]);
    assert.deepEqual([...r.repeated], ['261159703147446315']);
    const out = r.transcript;
    assert.deepEqual(validateTranscript(out), { ok: true, errors: [] });
    assert.equal(out.messages.length, 47);
    assert.equal(out.participants.length, 25);
    assert.deepEqual(out.participants.reduce((n, p) => n + p.messages, 0), 44);
    assert.deepEqual(out.messages.map((m) => m.question), t.messages.map((m) => m.question));
    const reply = out.messages.find((m) => m.id === '261150832194486274')!;
    assert.equal(reply.replyTo, 'removed-1');
    assert.deepEqual(reply.mentions, ['cmswire']);
    assert.match(reply.text, /^@cmswire @\[removed\] link bait!/);
    const json = JSON.stringify(out).toLowerCase();
    for (const n of NEEDLES) assert.ok(!json.includes(n), n);
  });

  test('the scrub takes linear time on long runs of what addresses are made of', () => {
    // Before e-mail addresses had to start where their run starts, 100,000 characters of "a." took over a minute.
    const mine = t.messages.find((m) => m.author.handle.toLowerCase() === 'jacobm')!;
    const other = t.messages.find((m) => m.author.handle === 'cmswire')!;
    for (const unit of ['a.', 'a-', 'a@a.', 'www.', 'x.co/', 'x=', '%', 'Jacob ', '@jacobm', '9']) {
      const text = unit.repeat(Math.ceil(100_000 / unit.length));
      const input = { ...t, messages: [mine, { ...other, text, author: { handle: 'cmswire', name: text } }] };
      const start = performance.now();
      redact(input, ['jacobm']);
      assert.ok(performance.now() - start < 3000, `"${unit}" x ${text.length / unit.length}: ${Math.round(performance.now() - start)} ms`);
    }
  });

  test('no handles, or handles not in the chat: the transcript as it was', () => {
    assert.equal(redactTranscript(t, []), t);
    const r = redact(t, ['nobody_here']);
    assert.equal(r.changed, false);
    assert.deepEqual(r.transcript, t);
  });
});

describe('redact.yml is checked like the notes', () => {
  test('every problem with its line and column', () => {
    const text = ['handels: [a]', 'handles:', '  - jacobm', '  - 12345', '  - "two words"', '  - JACOBM', '  - "@ok_handle"', ''].join('\n');
    const list = parseRedactList(text, 'redact.yml');
    assert.deepEqual(list.handles, ['jacobm', 'ok_handle']);
    assert.deepEqual(list.problems.map((p) => formatProblem(p)), [
      'redact.yml:1:1: unknown key "handels"; did you mean "handles"? (known keys: handles)',
      'redact.yml:4:5: each handle must be text, e.g. "someone" (put it in quotes)',
      'redact.yml:5:5: "two words" is not a handle',
      'redact.yml:6:5: warning: "JACOBM" is listed twice (handles are case-insensitive; also "jacobm")',
    ]);
    assert.deepEqual(parseRedactList('handles: jacobm\n', 'redact.yml').problems.map((p) => formatProblem(p)), ['redact.yml:1:10: handles must be a list, e.g. handles: [someone, someone_else]']);
    assert.deepEqual(parseRedactList('', 'redact.yml'), { path: 'redact.yml', handles: [], problems: [] });
  });

  test('a broken redact.yml stops the build: nothing is published while the list is unclear', async () => {
    const content = makeContent(join(tmp, 'broken'));
    cpSync(EXAMPLE, join(content, 'jams', SLUG), { recursive: true });
    writeFileSync(join(content, 'redact.yml'), 'handles: [jacobm\n');
    clearSiteCaches();
    const result = await buildSite({ contentDir: content, outDir: join(tmp, 'broken-out'), cacheDir: join(tmp, 'cache') });
    assert.equal(result.ok, false);
    assert.match(formatProblem(result.problems.find((p) => p.file.endsWith('redact.yml'))!), /redact\.yml:\d+:\d+: /);
    assert.equal(existsSync(join(tmp, 'broken-out')), false);
  });
});
