/**
 * Mastodon API JSON, Mastodon account archives and Zulip JSON: mastodon-json,
 * mastodon-archive, zulip-json.
 *
 * The importers are not registered yet (the lead does that), so these tests
 * call each importer's detect/parse directly, as the pipeline would.
 *
 * Counts were verified independently with Python's json module over the raw
 * files (not with this code):
 * - bigbone-tag-timeline-2017.json: an array of 20 statuses, 17 accounts
 *   (all remote: acct user@server), 8 with in_reply_to_id, 3 with media, no
 *   reblog, no direct or private visibility; file order newest first,
 *   714859 (jeroenpraat, 2017-04-21T15:00:42Z) -> 692622 (GinnyMcQueen,
 *   14:18:49Z); 707682 is from 2017-04-08 (a late federated status).
 * - bigbone-status-context.json: 2 ancestors + 1 descendant; 6884692 replies
 *   to 6884492; the descendant 6886129 replies to 6886100, the status the
 *   context was fetched for, which is not in the file.
 * - outbox.json: 1,586 orderedItems = 1,260 Create + 326 Announce
 *   (totalItems says 1,557). 35 Creates are addressed to neither Public nor a
 *   followers collection (direct messages): 1,551 kept. Of the kept posts,
 *   228 reply to a Note of the archive and 176 to one outside it; 40 are
 *   followers-only; 159 have attachments; 16 are sensitive, 14 have a
 *   summary (CW). 323 of the 326 boosted addresses have the
 *   /users/NAME/statuses/ID form (3: fedi.astrid.tech, threads.net,
 *   yearning.gay). First 109305976208011760 (2022-11-08T03:07:14Z), last
 *   112837259854029549 (2024-07-23T18:39:06Z).
 * - lean-together-2019-questions-about-lean-4.json: an array of 20
 *   `{content, id, sender_full_name, timestamp}`, 6 senders (Joseph Corneli
 *   15), 154572312 at 1546871341 (2019-01-07T14:29:01Z) -> 154603322 at
 *   1546897082 (21:38:02Z); no e-mail address anywhere in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import type { ParseResult } from '../src/import/importer.ts';
import { mastodonJson } from '../src/import/formats/mastodon-json.ts';
import { mastodonArchive } from '../src/import/formats/mastodon-archive.ts';
import { hideEmails, zulipJson } from '../src/import/formats/zulip-json.ts';
import { handleProblem } from '../src/model/entities.ts';
import { CORPUS, CORPUS_EXPORTS, ROOT, corpusTest } from './helpers/corpus.ts';
import { readdirSync, statSync } from 'node:fs';

const FIX = join(ROOT, 'test/fixtures/mastodon-zulip');
const IMPORTERS = [mastodonJson, mastodonArchive, zulipJson];
const fixture = (name: string) => ExportFile.read(join(FIX, name));
const fromText = (name: string, text: string) => new ExportFile(name, Buffer.from(text));

/** What the pipeline keeps as an id (pipeline.ts MESSAGE_ID). */
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** found, kept, skipped; and every message passes the pipeline's rules (plausible handles, ids it keeps). */
function counts(r: ParseResult) {
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, m.author.handle);
    if (m.retweetOf) assert.equal(handleProblem(m.retweetOf.handle), null, m.retweetOf.handle);
    for (const id of [m.id, m.replyTo, m.retweetOf?.id ?? null]) if (id !== null) assert.match(id, MESSAGE_ID);
  }
  return [r.found, r.messages.length, r.skipped.length];
}
const codes = (ds: { code: string }[]) => ds.reduce<Record<string, number>>((a, d) => ((a[d.code] = (a[d.code] ?? 0) + 1), a), {});
const claimedBy = (f: ExportFile) => IMPORTERS.filter((i) => i.detect(f, {})).map((i) => i.name);
const byId = (r: ParseResult, id: string) => r.messages.find((m) => m.id === id)!;

/** Every e-mail address in a text, found independently of hideEmails (a plain regex, fine on test data). */
const EMAILS = (s: string) => s.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g) ?? [];

corpusTest('mastodon-json: tag timeline, 20 statuses kept in file order (newest first)', ['mastodon-json/bigbone-tag-timeline-2017.json'], (_t, path) => {
  const file = ExportFile.read(path);
  assert.deepEqual(claimedBy(file), ['mastodon-json']);
  const r = mastodonJson.parse(file, {});
  assert.deepEqual(counts(r), [20, 20, 0]);
  assert.equal(r.newestFirst, true);
  assert.deepEqual([r.messages[0].id, r.messages[0].author.handle, r.messages[0].time], ['714859', 'jeroenpraat@mastodon.social', '2017-04-21T15:00:42.000Z']);
  assert.deepEqual([r.messages[19].id, r.messages[19].author, r.messages[19].time], ['692622', { handle: 'GinnyMcQueen@mastodon.social', name: 'Ginny McQueen 🌻' }, '2017-04-21T14:18:49.000Z']);
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 17);
  assert.equal(r.messages.filter((m) => m.replyTo).length, 8);
  assert.equal(r.messages.filter((m) => m.attachments?.length).length, 3);
  assert.equal(r.messages.filter((m) => m.retweetOf).length, 0);
  // A reply: mentions and hashtags as text, the reply id as a string.
  const reply = byId(r, '714859');
  assert.equal(reply.replyTo, '675923');
  assert.match(reply.text, /^@alexl @deadsuperhero Yes, but not only #Mastodon should be compatible/);
  assert.equal(reply.url, 'https://mastodon.social/users/jeroenpraat/updates/2014093');
  // An attachment, with its web address.
  const pic = byId(r, '712113');
  assert.deepEqual(pic.attachments, [{ kind: 'image', url: 'https://d2zoeobnny43zx.cloudfront.net/media_attachments/files/000/046/852/original/db8366db12ccfa06.png?1492786540', alt: null, file: null }]);
  // A link kept whole (Mastodon shortens its text with hidden spans).
  assert.ok(byId(r, '707791').links.includes('https://takulog.info/20170420you-ming-gou/'));
  assert.ok(!r.messages.some((m) => /[<>]/.test(m.text)), 'no markup in any text');
  assert.deepEqual(r.diagnostics, []);
});

corpusTest('mastodon-json: a status context says its root status is missing', ['mastodon-json/bigbone-status-context.json'], (_t, path) => {
  const file = ExportFile.read(path);
  assert.deepEqual(claimedBy(file), ['mastodon-json']);
  const r = mastodonJson.parse(file, {});
  assert.deepEqual(counts(r), [3, 3, 0]);
  assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo, m.line]), [['6884492', null, 3], ['6884692', '6884492', 64], ['6886129', '6886100', 114]]);
  assert.deepEqual([r.messages[0].author.handle, r.messages[1].author.handle], ['test@mstdn.onosendai.jp', 'test2']);
  assert.equal(r.messages[0].attachments?.length, 1);
  const missing = r.diagnostics.find((d) => d.code === 'context-root-missing');
  assert.ok(missing && /6886100 \(1 reply\)/.test(missing.message), missing?.message);
});

test('mastodon-json: boosts, content warnings, media kinds, direct messages and broken entries', () => {
  const file = fixture('mastodon-hostile.json');
  assert.deepEqual(claimedBy(file), ['mastodon-json']);
  const r = mastodonJson.parse(file, {});
  assert.deepEqual(counts(r), [7, 3, 4]);
  assert.deepEqual(codes(r.skipped), { 'private-message': 1, 'time-unreadable': 1, 'not-a-message': 1, 'author-missing': 1 });
  assert.ok(r.skipped.every((d) => d.line && d.position), 'every skip has its line and position');
  // A boost: the booster's message, with the boosted status's author, id, warning, text and media.
  const boost = r.messages[0];
  assert.equal(boost.id, '110000000000000005');
  assert.deepEqual(boost.author, { handle: 'booster', name: 'Boo Ster' });
  assert.deepEqual(boost.retweetOf, { handle: 'host@other.example', id: '109999999999999999' });
  assert.equal(boost.text, 'CW: Q1 spoilers\n\nA1: see https://example.org/a/very/long/path & #jam');
  assert.deepEqual(boost.links, ['https://example.org/a/very/long/path', 'https://files.example/c.mp3']);
  assert.deepEqual(boost.attachments, [
    { kind: 'image', url: 'https://files.example/a.png', alt: 'A chart\nof answers', file: null },
    { kind: 'video', url: 'https://files.example/b.mp4', alt: null, file: null },
  ]);
  // The warning is plain text; scripts and javascript: links are gone.
  const cw = r.messages[1];
  assert.equal(cw.text, 'CW: <b>not markup</b>\n\n@host A1 with a bad link\nsecond line');
  assert.deepEqual([cw.url, cw.links, cw.replyTo], [null, [], '110000000000000001']);
  // An acct the pipeline would refuse: its username as the handle, the acct in the name; a number id beyond 2^53 read from the text, digit for digit.
  assert.deepEqual([r.messages[2].id, r.messages[2].author], ['12345678901234567890', { handle: 'evil', name: '@evil"<x>@bad.example' }]);
  assert.deepEqual(codes(r.diagnostics), { 'attachment-dropped': 1, sensitive: 2, 'followers-only': 1, 'handle-from-name': 1 });
  assert.ok(!JSON.stringify(r).includes('private secret'), 'a direct message is not quoted');
});

test('mastodon-json: an empty context and a file cut short are reported, not thrown', () => {
  const empty = mastodonJson.parse(fixture('mastodon-context-empty.json'), {});
  assert.deepEqual(counts(empty), [0, 0, 0]);
  assert.deepEqual(codes(empty.diagnostics), { 'context-root-missing': 1 });
  const cut = fixture('mastodon-truncated.json');
  assert.equal(mastodonJson.detect(cut, {}), true);
  assert.deepEqual(codes(mastodonJson.parse(cut, {}).diagnostics), { 'json-invalid': 1 });
  for (const text of ['', '[]', '{}', 'null', '[1,2]', '{"ancestors": 5}', '"x"']) {
    for (const imp of IMPORTERS) {
      const r = imp.parse(fromText('x.json', text), {});
      assert.equal(r.found, r.messages.length + r.skipped.length, `${imp.name} on ${text}`);
    }
  }
});

corpusTest('mastodon-archive: outbox.json with actor.json beside it', ['mastodon-archive/dealingwith-indieweb-social-2024/outbox.json'], (_t, path) => {
  const file = ExportFile.read(path);
  assert.deepEqual(claimedBy(file), ['mastodon-archive']);
  const r = mastodonArchive.parse(file, {});
  assert.deepEqual(counts(r), [1586, 1551, 35]);
  assert.deepEqual(codes(r.skipped), { 'private-message': 35 });
  assert.ok(!r.skipped.some((d) => d.message.includes('<')), 'no direct message text quoted');
  assert.equal(r.title, 'dealingwith (@dealingwith@indieweb.social)');
  assert.ok(r.messages.every((m) => m.author.handle === 'dealingwith@indieweb.social' && m.author.name === 'dealingwith'));
  const [first, last] = [r.messages[0], r.messages[r.messages.length - 1]];
  assert.deepEqual([first.id, first.time, first.url], ['109305976208011760', '2022-11-08T03:07:14.000Z', 'https://indieweb.social/@dealingwith/109305976208011760']);
  assert.equal(first.text, 'As Twitter crashes and burns, it’s a good time to pull these two articles out of my deep backlog of potential blog posts.\nhttps://daniel.industries/2022/11/07/less-twitter-more-indieweb/');
  assert.deepEqual([last.id, last.time], ['112837259854029549', '2024-07-23T18:39:06.000Z']);
  assert.deepEqual(last.attachments, [{ kind: 'image', url: null, alt: 'Photo of disheveled rug with something under it. That something is a cat', file: 'indiewebsocial/media_attachments/files/112/837/251/829/608/212/original/665c5945c6f5435c.jpg' }]);
  // Replies inside the archive; the others keep their parent as a link.
  assert.equal(r.messages.filter((m) => m.replyTo).length, 228);
  assert.equal(byId(r, '109563285831788379').replyTo, '109563279367759295');
  // Boosts: retweets of the boosted status, whose text the archive lacks.
  const boosts = r.messages.filter((m) => m.text.startsWith('http') && m.url === null);
  assert.equal(boosts.length, 326);
  assert.equal(r.messages.filter((m) => m.retweetOf).length, 323);
  assert.deepEqual(byId(r, '109449999597967268').retweetOf, { handle: 's0mmer@mastodon.social', id: '109440048909776763' });
  assert.equal(r.messages.filter((m) => m.attachments?.length).length, 159);
  assert.equal(r.messages.filter((m) => m.text.startsWith('CW: ')).length, 14);
  assert.deepEqual(codes(r.diagnostics), { sensitive: 16, 'followers-only': 40, edited: 45, 'retweet-author-unknown': 3, 'boost-text-missing': 1, 'reply-outside': 1, 'count-differs': 1 });
  assert.match(r.diagnostics.find((d) => d.code === 'reply-outside')!.message, /^176 post/);
});

corpusTest('mastodon-archive: actor.json is not claimed, and the JSON importers claim no other corpus file', ['mastodon-archive/dealingwith-indieweb-social-2024/actor.json'], (_t, actor) => {
  assert.deepEqual(claimedBy(ExportFile.read(actor)), []);
  const mine = new Set(['mastodon-json', 'mastodon-archive', 'zulip-archive-json']);
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const wrong: string[] = [];
  for (const path of walk(CORPUS)) {
    const folder = path.slice(CORPUS.length + 1).split('/')[0];
    if (mine.has(folder) || statSync(path).size > 64 * 1024 * 1024) continue;
    const claims = claimedBy(ExportFile.read(path));
    if (claims.length) wrong.push(`${path}: ${claims}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(CORPUS_EXPORTS.length > 0);
});

test('mastodon-archive: without actor.json the handle comes from the actor address, and says so', () => {
  const r = mastodonArchive.parse(fixture('no-actor/outbox.json'), {});
  assert.deepEqual(counts(r), [7, 4, 3]);
  assert.deepEqual(codes(r.skipped), { 'private-message': 1, 'not-a-message': 2 });
  assert.ok(r.messages.every((m) => m.author.handle === 'jam@ex.social' && m.author.name === null));
  const [q, a, remote, boost] = r.messages;
  assert.deepEqual([q.id, q.text, q.url], ['201', "CW: CW text\n\nQ1: what's up?", 'https://ex.social/@jam/201']);
  // The media file inside the archive is kept as a path; one escaping the folder is not; audio is neither.
  assert.deepEqual(q.attachments, [{ kind: 'image', url: null, alt: 'alt one', file: 'media_attachments/files/1/original/a.png' }]);
  assert.deepEqual([a.replyTo, remote.replyTo, remote.links], ['201', null, ['https://else.example/users/pal/statuses/99']]);
  assert.deepEqual([boost.id, boost.retweetOf, boost.text], ['205', { handle: 'pal@else.example', id: '100' }, 'https://else.example/users/pal/statuses/100']);
  assert.deepEqual(codes(r.diagnostics), { 'actor-missing': 1, 'attachment-dropped': 2, sensitive: 1, 'followers-only': 1, 'boost-text-missing': 1, 'reply-outside': 1, 'count-differs': 1 });
  assert.ok(!JSON.stringify(r).includes('private secret'));
});

corpusTest('zulip-json: zulip-archive topic file, 20 messages', ['zulip-archive-json/lean-together-2019-questions-about-lean-4.json'], (_t, path) => {
  const file = ExportFile.read(path);
  assert.deepEqual(claimedBy(file), ['zulip-json']);
  const r = zulipJson.parse(file, {});
  assert.deepEqual(counts(r), [20, 20, 0]);
  assert.deepEqual([r.messages[0].id, r.messages[0].author, r.messages[0].time, r.messages[0].line], ['154572312', { handle: 'Joseph Corneli', name: 'Joseph Corneli' }, '2019-01-07T14:29:01.000Z', 2]);
  assert.equal(r.messages[0].text, '"any chance of the tool you\'re presenting will allow us to reimplement parameters?"');
  assert.deepEqual([r.messages[19].id, r.messages[19].author.handle, r.messages[19].time], ['154603322', 'Simon Hudon', '2019-01-07T21:38:02.000Z']);
  assert.equal(r.messages[19].text, "@Kevin Buzzard That's a fair point. Before it's release, C++ 2011 was known as C++0x");
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 6);
  assert.equal(r.messages.filter((m) => m.author.handle === 'Joseph Corneli').length, 15);
  assert.match(byId(r, '154579901').text, /coming out\? 😁$/);
  assert.equal(r.title, null);
  assert.deepEqual(codes(r.diagnostics), { 'topic-unknown': 1 });
  const raw = readFileSync(path, 'utf8');
  const out = JSON.stringify(r);
  assert.deepEqual(EMAILS(raw).filter((e) => out.includes(e)), []);
});

test('zulip-json: API response: topics, quote-reply, math, emoji, private messages, and no e-mail address anywhere', () => {
  const file = fixture('zulip-api.json');
  assert.deepEqual(claimedBy(file), ['zulip-json']);
  const r = zulipJson.parse(file, {});
  assert.deepEqual(counts(r), [6, 3, 3]);
  assert.deepEqual(codes(r.skipped), { 'private-message': 1, 'time-unreadable': 1, 'author-missing': 1 });
  assert.equal(r.title, 'office hours');
  assert.deepEqual(r.notes, [
    { kind: 'text', position: 1, text: 'Topic: AMA with Ada' },
    { kind: 'text', position: 4, text: 'Topic: after the AMA' },
  ]);
  const [ask, answer, md] = r.messages;
  assert.equal(ask.text, 'Q1: ask me anything 👋 mail me at [e-mail hidden] or see the page and rules');
  assert.deepEqual(ask.links, ['https://docs.example.org/rules']);
  assert.deepEqual([answer.replyTo, answer.author], ['101', { handle: '[e-mail hidden] #12', name: '[e-mail hidden]' }]);
  assert.equal(answer.text, 'Ada Host said:\n\nQ1: ask me anything\n\nWhat is $x^2$? ping [e-mail hidden].');
  assert.deepEqual(answer.attachments, [{ kind: 'image', url: 'https://img.example.org/p.png', alt: 'p.png', file: null }]);
  assert.equal(md.text, '**A1** thanks! <b>not html</b> write to [e-mail hidden]');
  assert.deepEqual(md.author, { handle: 'Dee Friends Co~b34fa6', name: 'Dee & "Friends" / Co' });
  const emails = [...new Set(EMAILS(readFileSync(join(FIX, 'zulip-api.json'), 'utf8')))];
  assert.equal(emails.length, 7);
  const out = JSON.stringify(r);
  assert.deepEqual(emails.filter((e) => out.includes(e)), []);
  assert.ok(!out.includes('gravatar') && !out.includes('private note'));
});

test('zulip-json: a file cut short is reported; hideEmails is linear and keeps what is not an address', () => {
  const cut = fixture('zulip-truncated.json');
  assert.equal(zulipJson.detect(cut, {}), true);
  const r = zulipJson.parse(cut, {});
  // Its only message is cut inside its content: found and skipped at its line, the file's error at the line of the cut.
  assert.deepEqual(codes(r.diagnostics), { 'json-invalid': 1, 'topic-unknown': 1 });
  assert.deepEqual([r.found, r.messages.length, r.skipped.map((d) => [d.code, d.line])], [1, 0, [['json-invalid', 2]]]);
  assert.equal(r.diagnostics.find((d) => d.code === 'json-invalid')!.line, 5);
  assert.equal(hideEmails('mail a.b+c@x.example.org. or @handle, user@localhost, me@x.io'), 'mail [e-mail hidden]. or @handle, user@localhost, [e-mail hidden]');
  const t0 = process.hrtime.bigint();
  hideEmails('a'.repeat(200_000) + '@'.repeat(200_000) + 'b.'.repeat(100_000));
  hideEmails('a@'.repeat(200_000));
  assert.ok(Number(process.hrtime.bigint() - t0) / 1e6 < 500, 'linear on hostile input');
});

test('the three importers do not claim each other\'s files', () => {
  assert.deepEqual(claimedBy(fixture('mastodon-context-empty.json')), ['mastodon-json']);
  assert.deepEqual(claimedBy(fixture('no-actor/outbox.json')), ['mastodon-archive']);
  assert.deepEqual(claimedBy(fromText('x.json', '[{"type":"message","user":"U1","text":"hi","ts":"1.0"}]')), []);
});


// ------------------------------------------------------------------ files cut short, ids beyond 2^53

/** Where each entry of the array under `key` (null: the top-level array) ends (a byte offset), found by matching brackets outside strings (not the importers' code). */
function entryEnds(text: string, key: string | null): number[] {
  const ends: number[] = [];
  // The last array under the key, as JSON.parse keeps (the archive's outbox has an empty "orderedItems" before the real one).
  const at = key === null ? text.indexOf('[') : [...text.matchAll(new RegExp(`"${key}"\\s*:\\s*\\[`, 'g'))].at(-1)!.index! + key.length + 2;
  let depth = 0;
  for (let i = text.indexOf('[', at); i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      // In bytes, as the file is cut.
      if (depth === 1 && c === '}') ends.push(Buffer.byteLength(text.slice(0, i + 1)));
      if (depth === 0) break;
    }
  }
  return ends;
}

/**
 * 10 cut points spread over a file's bytes, from 3% to 97%, each moved back
 * to the start of a UTF-8 character (a file cut inside one is read as
 * another encoding by decode.ts, which is another question).
 */
function tenCuts(bytes: Uint8Array): number[] {
  return Array.from({ length: 10 }, (_, k) => {
    let at = Math.round(bytes.length * (0.03 + (0.94 * k) / 9));
    while (at > 0 && (bytes[at] & 0xc0) === 0x80) at--;
    return at;
  });
}

/**
 * A corpus file cut at 10 places: never throws, found = kept + skipped, an
 * error at the line of the cut, and exactly the entries complete before the
 * cut that the whole file keeps are kept, the same messages.
 */
function cutCorpus(path: string, importer: typeof mastodonJson, keys: (string | null)[]): void {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const whole = importer.parse(ExportFile.read(path), {});
  const ends = keys.flatMap((k) => entryEnds(text, k));
  const byPosition = new Map(whole.messages.map((m) => [m.position, m]));
  for (const cut of tenCuts(bytes)) {
    const f = new ExportFile(path, bytes.subarray(0, cut));
    let r!: ParseResult;
    assert.doesNotThrow(() => (r = importer.parse(f, {})), `cut at ${cut}`);
    const where = `${path} cut at ${cut}/${bytes.length}`;
    assert.equal(r.found, r.messages.length + r.skipped.length, where);
    const error = r.diagnostics.find((d) => d.code === 'json-invalid' && d.severity === 'error');
    assert.ok(error && typeof error.line === 'number' && error.line >= 1, `${where}: an error with the line of the cut`);
    const complete = ends.filter((e) => e <= cut).length;
    const expected = whole.messages.filter((m) => m.position <= complete);
    assert.deepEqual(r.messages.map((m) => m.position), expected.map((m) => m.position), where);
    if (expected.length) assert.ok(r.messages.length > 0, where);
    for (const m of r.messages) {
      const w = byPosition.get(m.position)!;
      assert.deepEqual([m.id, m.author, m.time, m.text, m.line], [w.id, w.author, w.time, w.text, w.line], where);
    }
    // The entry the cut falls in, when it started: found and skipped as json-invalid at its line.
    assert.ok(r.found === complete || r.found === complete + 1, `${where}: found ${r.found}, ${complete} complete`);
    if (r.found > complete) assert.ok(r.skipped.some((d) => d.code === 'json-invalid' && d.position === r.found && (d.line ?? 0) >= 1), where);
  }
}

corpusTest('mastodon-json, mastodon-archive, zulip-json: a corpus file cut at 10 places keeps the entries complete before the cut', [
  'mastodon-json/bigbone-tag-timeline-2017.json',
  'mastodon-json/bigbone-status-context.json',
  'mastodon-archive/dealingwith-indieweb-social-2024/outbox.json',
  'zulip-archive-json/lean-together-2019-questions-about-lean-4.json',
], (_t, timeline, context, outbox, zulip) => {
  cutCorpus(timeline, mastodonJson, [null]);
  cutCorpus(context, mastodonJson, ['ancestors', 'descendants']);
  cutCorpus(outbox, mastodonArchive, ['orderedItems']);
  cutCorpus(zulip, zulipJson, [null]);
});

test('mastodon-json, zulip-json: a file cut inside its second entry keeps the first; cut before any, nothing and an error', () => {
  const status = (id: string) => `{"id": "${id}", "created_at": "2024-03-01T18:00:00Z", "spoiler_text": "", "visibility": "public", "account": {"acct": "ana", "username": "ana"}, "content": "<p>hi ${id}</p>"}`;
  const two = `[\n${status('1')},\n${status('2')}\n]\n`;
  const m = mastodonJson.parse(fromText('t.json', two.slice(0, two.indexOf('hi 2'))), {});
  assert.deepEqual([m.found, m.messages.map((x) => x.id), m.skipped.map((d) => [d.code, d.line, d.position])], [2, ['1'], [['json-invalid', 3, 2]]]);
  assert.equal(m.diagnostics.find((d) => d.code === 'json-invalid')!.line, 3);
  const none = mastodonJson.parse(fromText('t.json', '[{"id": "1", "content'), {});
  assert.deepEqual([none.found, none.messages.length, none.skipped.map((d) => d.code), none.diagnostics.map((d) => [d.code, d.severity])], [1, 0, ['json-invalid'], [['json-invalid', 'error']]]);
  const nothing = mastodonJson.parse(fromText('t.json', '[{"id'), {});
  assert.deepEqual([nothing.found, nothing.diagnostics.map((d) => [d.code, d.severity, d.line])], [0, [['json-invalid', 'error', 1]]]);
  const msg = (id: number) => `{"id": ${id}, "sender_full_name": "A B", "timestamp": 1546871341, "content": "<p>m${id}</p>"}`;
  const z = `{"messages": [\n${msg(1)},\n${msg(2)},\n${msg(3)}\n]}`;
  const zr = zulipJson.parse(fromText('z.json', z.slice(0, z.indexOf('m3'))), {});
  assert.deepEqual([zr.found, zr.messages.map((x) => x.id), zr.skipped.map((d) => [d.code, d.line])], [3, ['1', '2'], [['json-invalid', 4]]]);
});

test('mastodon-json, zulip-json: ids that are JSON numbers beyond 2^53 keep their digits (ids, replies, boosts), minified too', () => {
  const big = '12345678901234567890';
  const status = (id: string, extra: string) => `{"id": ${id}, "created_at": "2024-03-01T18:00:00Z", "spoiler_text": "", "account": {"id": 99999999999999999999, "acct": "ana", "username": "ana"}, "content": "<p>hi</p>"${extra}}`;
  for (const sep of ['\n', '']) {
    const text = `[${sep}${status(big, '')},${sep}${status('90071992547409931', `, "in_reply_to_id": ${big}`)},${sep}${status('5', `, "reblog": ${status('98765432109876543210', '')}`)}]`;
    const r = mastodonJson.parse(fromText('t.json', text), {});
    assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo, m.retweetOf?.id ?? null]), [[big, null, null], ['90071992547409931', big, null], ['5', null, '98765432109876543210']]);
    assert.ok(!r.diagnostics.some((d) => d.code === 'id-imprecise'));
  }
  const z = zulipJson.parse(fromText('z.json', `[{"id": ${big}, "sender_full_name": "A B", "timestamp": 1546871341, "content": "<p>q</p>"}, {"id": 7, "sender_full_name": "C D", "timestamp": 1546871342, "content": "<p><a href="#narrow/stream/1-a/topic/b/near/${big}">said</a>: ok</p>"}]`.replace('<a href="#', '<a href=\\"#').replace('">said', '\\">said')), {});
  assert.deepEqual(z.messages.map((m) => [m.id, m.replyTo]), [[big, null], ['7', big]]);
  // Digits that cannot be read back (a number written with an exponent): no id, and a warning naming the status.
  const e = mastodonJson.parse(fromText('t.json', `[${status('1e21', '')}]`), {});
  assert.deepEqual([e.messages[0].id, e.diagnostics.filter((d) => d.code === 'id-imprecise').map((d) => [d.severity, d.position])], [null, [['warning', 1]]]);
  assert.match(e.diagnostics.find((d) => d.code === 'id-imprecise')!.message, /^status #1: its id is a number beyond 2\^53/);
});
