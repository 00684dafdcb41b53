/**
 * Bluesky importers: bluesky-json (getPostThread v1 nested, v2 flat) and
 * bluesky-car (repository export).
 *
 * Corpus counts were checked independently of the code:
 * - JSON (jq): jimmyfallon-day-one has 171 `threadViewPost` nodes (root +
 *   170 replies, every reply's record.reply.parent.uri ends in the root's
 *   rkey 3jvuuju3amj2i), 161 distinct author DIDs and 161 distinct handles,
 *   one of them `handle.invalid` (3jvuvromubj26, did:plc:xum72mip7ti5niwqbgpvaqn4),
 *   no notFound/blocked nodes; createdAt 2023-05-16T21:55:03.191Z ->
 *   2025-11-10T18:51:44.950Z; 16 images#view embeds holding 19 images,
 *   14 external#view embeds; 10 link facets (python, slicing UTF-8 bytes),
 *   e.g. 3jvuwknpptm25 "primal.net/jack" -> https://primal.net/jack after a
 *   "’" (3 bytes). dancow-test-simple: 2 nodes, 1 self-reply.
 * - CAR (/tmp-style python script with its own minimal CAR/CBOR reader,
 *   not the library): 56 blocks: 1 commit (did:plc:nhxcyu4ewwhl5pqil4dotqjo),
 *   17 MST nodes, 23 app.bsky.feed.post (2 replies: 3lj2ex7vyjc2h ->
 *   3lizyzajiks23, 3kyozfaqkgc23 -> 3ktbrpnp5x227), 1 repost
 *   (3klyeqyfh3k26 of did:plc:xgs3qrwos3dwxmixoflcxrhu/3kly6ksx2kk27), and
 *   14 other records (profile 1, like 2, follow 3, lexicon schema 5, lexicon
 *   record 1, mushroom 1, linkat board 1). First post in block order
 *   3ljlyqislak2l (2025-03-05T03:06:28.212Z), last 3kly5whjwmc2v
 *   (2024-02-22T04:35:10.072Z). Link facet on 3l5xaggisv223 (bytes 8-35).
 * Fixtures in test/fixtures/bluesky/ are our own (make-cars.ts writes the CARs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ExportFile } from '../src/import/export-file.ts';
import { importFiles } from '../src/import/pipeline.ts';
import type { Importer, ParseResult } from '../src/import/importer.ts';
import { blueskyJson } from '../src/import/formats/bluesky-json.ts';
import { blueskyCar, parseCar, readCarBlocks } from '../src/import/formats/bluesky-car.ts';
import { expandFacets } from '../src/import/formats/bluesky-common.ts';
import { handleProblem } from '../src/model/entities.ts';
import { ROOT, corpusTest } from './helpers/corpus.ts';

const FALLON = 'bluesky-json/bsky-getPostThread-jimmyfallon-day-one.json';
const DANCOW = 'bluesky-json/bsky-getPostThread-dancow-test-simple.json';
const CAR = 'bluesky-car/indigo-bnewbold.robocracy.org-20250310.car';
const FIXTURES = join(ROOT, 'test/fixtures/bluesky');
const fixture = (name: string) => ExportFile.read(join(FIXTURES, name));

/** Parse with one importer, checking the accounting every result must keep. */
function parse(importer: Importer, file: ExportFile): ParseResult {
  const r = importer.parse(file, {});
  assert.equal(r.found, r.messages.length + r.skipped.length, `${file.name}: found = kept + skipped`);
  for (const m of r.messages) {
    assert.equal(handleProblem(m.author.handle), null, `${file.name}: handle ${m.author.handle}`);
    if (m.id !== null) assert.match(m.id, /^[A-Za-z0-9_.:-]{1,128}$/);
  }
  return r;
}
const summary = (r: ParseResult) => [r.found, r.messages.length, r.skipped.length];
const byId = (r: ParseResult, id: string) => r.messages.find((m) => m.id === id)!;
const codes = (ds: { code: string }[]) => ds.map((d) => d.code).sort();

corpusTest('bluesky-json: jimmyfallon thread, 171 posts, replies to the root, facets expanded', [FALLON], (_t, path) => {
  const file = ExportFile.read(path);
  assert.equal(blueskyJson.detect(file, {}), true);
  assert.equal(blueskyCar.detect(file, {}), false);
  const r = parse(blueskyJson, file);
  assert.deepEqual(summary(r), [171, 171, 0]);
  assert.equal(new Set(r.messages.map((m) => m.author.handle)).size, 161);
  const first = r.messages[0];
  assert.equal(first.id, '3jvuuju3amj2i');
  assert.equal(first.author.handle, 'jimmyfallon.bsky.social');
  assert.equal(first.author.name, 'Jimmy Fallon');
  assert.equal(first.time, '2023-05-16T21:55:03.191Z');
  assert.equal(first.text, 'Day one. Jumping in.');
  assert.equal(first.url, 'https://bsky.app/profile/did:plc:liq6fguhetsghzyo4cmv5zd4/post/3jvuuju3amj2i');
  assert.equal(r.messages.at(-1)!.id, '3lelqvbe7mk2t');
  const times = r.messages.map((m) => m.time).sort();
  assert.deepEqual([times[0], times.at(-1)], ['2023-05-16T21:55:03.191Z', '2025-11-10T18:51:44.950Z']);
  assert.equal(r.messages.filter((m) => m.replyTo === '3jvuuju3amj2i').length, 170);
  assert.equal(r.messages[1].id, '3jvveozk6vt2o');
  // Facet link after a 3-byte "’": the byte offsets land on "primal.net/jack".
  assert.equal(byId(r, '3jvuwknpptm25').text, 'if you want to follow jack, he\u2019s more active on nostr atm\n\nhttps://primal.net/jack');
  // handle.invalid becomes the DID.
  assert.equal(byId(r, '3jvuvromubj26').author.handle, 'did:plc:xum72mip7ti5niwqbgpvaqn4');
  assert.equal(r.messages.reduce((n, m) => n + (m.attachments?.length ?? 0), 0), 19);
  assert.equal(r.messages.filter((m) => m.attachments?.length).length, 16);
  assert.equal(r.title, 'Bluesky thread: @jimmyfallon.bsky.social');
});

corpusTest('bluesky-json: dancow minimal thread with a self-reply', [DANCOW], (_t, path) => {
  const r = parse(blueskyJson, ExportFile.read(path));
  assert.deepEqual(summary(r), [2, 2, 0]);
  assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo, m.text]), [
    ['3memlv65ejk2y', null, 'test'],
    ['3memlvffl6s2y', '3memlv65ejk2y', 'reply'],
  ]);
});

corpusTest('bluesky-car: the indigo test repository, 23 posts and a repost', [CAR], (_t, path) => {
  const file = ExportFile.read(path);
  assert.equal(blueskyCar.detect(file, {}), true);
  assert.equal(blueskyJson.detect(file, {}), false);
  const r = parse(blueskyCar, file);
  assert.deepEqual(summary(r), [24, 24, 0]);
  const posts = r.messages.filter((m) => !m.retweetOf);
  assert.equal(posts.length, 23);
  assert.deepEqual([posts[0].id, posts[0].time], ['3ljlyqislak2l', '2025-03-05T03:06:28.212Z']);
  assert.deepEqual([posts.at(-1)!.id, posts.at(-1)!.time], ['3kly5whjwmc2v', '2024-02-22T04:35:10.072Z']);
  for (const m of r.messages) assert.deepEqual(m.author, { handle: 'did:plc:nhxcyu4ewwhl5pqil4dotqjo', name: 'now roaming free' });
  assert.deepEqual(r.messages.filter((m) => m.replyTo).map((m) => [m.id, m.replyTo]), [
    ['3lj2ex7vyjc2h', '3lizyzajiks23'],
    ['3kyozfaqkgc23', '3ktbrpnp5x227'],
  ]);
  assert.equal(byId(r, '3l5xaggisv223').text, 'coooool\nhttps://linkat.blue/board/bnewbold.robocracy.org');
  assert.equal(byId(r, '3lj2ex7vyjc2h').attachments![0].alt, 'spray bottle "no" meme image');
  const rt = r.messages.find((m) => m.retweetOf)!;
  assert.equal(rt.id, 'repost-3klyeqyfh3k26');
  assert.deepEqual(rt.retweetOf, { handle: 'did:plc:xgs3qrwos3dwxmixoflcxrhu', id: '3kly6ksx2kk27' });
  const others = r.diagnostics.find((d) => d.code === 'records-not-messages')!;
  assert.match(others.message, /^14 record\(s\).*app\.bsky\.feed\.like 2, app\.bsky\.graph\.follow 3/);
  assert.equal(readCarBlocks(file.bytes, () => {}).blocks, 56);
});

test('bluesky-json: v1 parents, nested replies, blocked and missing posts, astral facets', () => {
  const r = parse(blueskyJson, fixture('thread-v1-parents.json'));
  assert.deepEqual(summary(r), [6, 4, 2]);
  assert.deepEqual(codes(r.skipped), ['blocked', 'not-found']);
  assert.equal(r.skipped[0].position, 1);
  assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo]), [
    ['3kaaaaaaaaa22', null],
    ['3kbbbbbbbbb22', '3kaaaaaaaaa22'],
    ['3kccccccccc22', '3kbbbbbbbbb22'],
    ['3kddddddddd22', '3kccccccccc22'],
  ]);
  const anchor = r.messages[1];
  assert.equal(anchor.text, 'Q2 🎉 what now? read more at https://example.org/q2/full-article');
  assert.deepEqual(anchor.links, ['https://example.org/q2/full-article', 'https://bsky.app/profile/did:plc:guestbbbbbbbbbbbbbbbbbbb/post/3kqqqqqqqqq22']);
  assert.deepEqual(anchor.attachments, [{ kind: 'image', url: 'https://cdn.example/f.jpg', alt: 'a chart of answers', file: null }]);
  assert.deepEqual(codes(r.diagnostics), ['facet-invalid']);
  assert.equal(r.messages[2].author.handle, 'did:plc:guestbbbbbbbbbbbbbbbbbbb');
  assert.equal(r.messages[2].attachments![0].kind, 'video');
  assert.deepEqual(r.messages[3].links, ['https://example.net/page']);
});

test('bluesky-json: v2 flat thread list', () => {
  const file = fixture('thread-v2.json');
  assert.equal(blueskyJson.detect(file, {}), true);
  const r = parse(blueskyJson, file);
  assert.deepEqual(summary(r), [7, 4, 3]);
  assert.deepEqual(codes(r.skipped), ['blocked', 'not-found', 'sign-in-required']);
  assert.deepEqual(r.messages.map((m) => m.id), ['3kaaaaaaaaa22', '3kbbbbbbbbb22', '3kccccccccc22', '3kddddddddd22']);
  assert.equal(r.messages[3].replyTo, '3kccccccccc22');
  for (const s of r.skipped) assert.ok(s.line, 'skipped items have a line');
});

test('bluesky-json: a thread nested 20,000 deep is read without recursion', () => {
  const depth = 20_000;
  const node = (i: number) =>
    `{"$type":"app.bsky.feed.defs#threadViewPost","post":{"uri":"at://did:plc:deep/app.bsky.feed.post/r${i}","author":{"did":"did:plc:deep","handle":"deep.test"},"record":{"text":"n${i}","createdAt":"2024-01-01T00:00:00.000Z"${i ? `,"reply":{"parent":{"uri":"at://did:plc:deep/app.bsky.feed.post/r${i - 1}"}}` : ''}}},"replies":[`;
  const parts: string[] = ['{"thread":'];
  for (let i = 0; i < depth; i++) parts.push(node(i));
  for (let i = 0; i < depth; i++) parts.push(']}');
  parts.push('}');
  const file = new ExportFile('/virtual/deep-thread.json', Buffer.from(parts.join('')));
  assert.equal(blueskyJson.detect(file, {}), true);
  const r = parse(blueskyJson, file);
  assert.deepEqual(summary(r), [depth, depth, 0]);
  assert.equal(r.messages.at(-1)!.replyTo, `r${depth - 2}`);
  // And a parent chain as deep.
  const chain: string[] = [];
  for (let i = 0; i < depth; i++) chain.push(`{"$type":"app.bsky.feed.defs#threadViewPost","post":{"uri":"at://did:plc:deep/app.bsky.feed.post/p${i}","author":{"did":"did:plc:deep","handle":"deep.test"},"record":{"text":"p","createdAt":"2024-01-01T00:00:00.000Z"}},"parent":`);
  const up = new ExportFile('/virtual/deep-parents.json', Buffer.from(`{"thread":${chain.join('')}{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://x/y/z","notFound":true}${'}'.repeat(depth)}}`));
  const u = parse(blueskyJson, up);
  assert.deepEqual(summary(u), [depth + 1, depth, 1]);
  assert.equal(u.messages[0].id, `p${depth - 1}`);
});

test('bluesky-json: damaged and foreign input is reported, never thrown', () => {
  const cut = new ExportFile('/virtual/cut.json', Buffer.from('{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":{"uri":"at://'));
  assert.equal(blueskyJson.detect(cut, {}), true);
  assert.deepEqual(codes(parse(blueskyJson, cut).diagnostics), ['json-invalid']);
  const other = new ExportFile('/virtual/other.json', Buffer.from('{"thread":"nope"}'));
  assert.deepEqual(codes(parse(blueskyJson, other).diagnostics), ['not-bluesky-thread']);
  const odd = new ExportFile('/virtual/odd.json', Buffer.from('{"thread":[1,{"uri":"at://a/b/c","value":{}},{"value":{"$type":"app.bsky.unspecced.defs#threadItemPost","post":{"uri":"at://did:plc:a/app.bsky.feed.post/x~y","record":{}}}}]}'));
  const r = parse(blueskyJson, odd);
  assert.deepEqual(summary(r), [3, 0, 3]);
  assert.deepEqual(codes(r.skipped), ['id-missing', 'not-a-post', 'not-a-post']);
});

test('expandFacets: byte offsets, astral characters, bad ranges', () => {
  const text = '😀😀 go to ex.com/…';
  const start = Buffer.byteLength('😀😀 go to ');
  const link = (s: number, e: number, uri = 'https://ex.com/full') => ({ index: { byteStart: s, byteEnd: e }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] });
  assert.deepEqual(expandFacets(text, [link(start, Buffer.byteLength(text))]), { text: '😀😀 go to https://ex.com/full', links: ['https://ex.com/full'], badFacets: 0 });
  // Out of range, inside a character, reversed, overlapping, not http: left as written.
  const r = expandFacets(text, [link(0, 999), link(1, 4), link(5, 3), link(start, start + 3), link(start + 1, start + 4), link(start + 4, start + 5, 'javascript:alert(1)')]);
  assert.equal(r.text, `😀😀 go to https://ex.com/full${text.slice(text.indexOf('ex.com') + 3)}`);
  assert.equal(r.badFacets, 4);
});

test('bluesky-car: our mini repository, posts with rkeys, a reply, a repost, facets over emoji', () => {
  const r = parse(blueskyCar, fixture('mini.car'));
  assert.deepEqual(summary(r), [3, 3, 0]);
  assert.deepEqual(r.messages.map((m) => [m.id, m.replyTo, m.text]), [
    ['3lbbbbbbbbb22', null, 'Q1 🦋 see https://example.com/a/long/path'],
    ['3lccccccccc22', '3lbbbbbbbbb22', 'A1 an answer'],
    ['repost-3lddddddddd22', null, 'RT @did:plc:jamrecaptestfixture0000: Q1 🦋 see https://example.com/a/long/path'],
  ]);
  assert.equal(r.messages[0].author.name, 'Fixture Person');
  assert.match(r.diagnostics.find((d) => d.code === 'records-not-messages')!.message, /app\.bsky\.actor\.profile 1, app\.bsky\.feed\.like 1/);
});

test('bluesky-car: truncated, huge declared length, too many blocks, not a CAR', () => {
  const cut = fixture('truncated.car');
  assert.equal(blueskyCar.detect(cut, {}), true);
  const t = parse(blueskyCar, cut);
  assert.deepEqual(summary(t), [2, 2, 0]);
  assert.ok(codes(t.diagnostics).includes('car-truncated'));

  const huge = parse(blueskyCar, fixture('huge-length.car'));
  assert.deepEqual(summary(huge), [0, 0, 0]);
  assert.ok(codes(huge.diagnostics).includes('car-block-too-large'));

  const many = parseCar(fixture('mini.car'), { maxBlocks: 3, maxBlockBytes: 4096 });
  assert.ok(codes(many.diagnostics).includes('car-too-many-blocks'));
  const big = parseCar(fixture('mini.car'), { maxBlocks: 100, maxBlockBytes: 16 });
  assert.ok(codes(big.diagnostics).includes('car-block-too-large'));

  for (const bytes of [Buffer.from('{"thread":{}}'), Buffer.alloc(0), Buffer.from([0x3a, 0xa2, 0x65, 0x72, 0x6f]), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]) {
    const f = new ExportFile('/virtual/x.car', bytes);
    assert.equal(blueskyCar.detect(f, {}), false);
    const r = parse(blueskyCar, f);
    assert.deepEqual(summary(r), [0, 0, 0]);
    assert.ok(codes(r.diagnostics).includes('not-car-v1'));
  }
  // A valid header followed by garbage: the block is refused by the library, reported.
  const mini = fixture('mini.car').bytes;
  const headerEnd = mini[0] + 1;
  const garbage = new ExportFile('/virtual/g.car', Buffer.concat([mini.subarray(0, headerEnd), Buffer.from([40]), Buffer.alloc(40, 7)]));
  assert.ok(codes(parse(blueskyCar, garbage).diagnostics).includes('car-block-invalid'));
});

test('bluesky importers: every prefix of the fixtures, and bytes flipped, parse without throwing', () => {
  const car = fixture('mini.car').bytes;
  for (let n = 0; n <= car.length; n++) {
    const f = new ExportFile('/virtual/p.car', car.subarray(0, n));
    blueskyCar.detect(f, {});
    parse(blueskyCar, f);
  }
  for (let i = 0; i < car.length; i += 3) {
    const flipped = Buffer.from(car);
    flipped[i] ^= 0xff;
    parse(blueskyCar, new ExportFile('/virtual/f.car', flipped));
  }
  const json = fixture('thread-v1-parents.json').bytes;
  for (let n = 0; n <= json.length; n += 37) {
    const f = new ExportFile('/virtual/p.json', json.subarray(0, n));
    blueskyJson.detect(f, {});
    parse(blueskyJson, f);
  }
});

corpusTest('bluesky-car through the pipeline: a binary file, so no finding about how its text was decoded', [CAR], (_t, path) => {
  const t = importFiles([path]);
  const [s] = t.sources;
  assert.deepEqual([s.format, s.kept], ['bluesky-car', 24]);
  assert.deepEqual(s.diagnostics.filter((d) => d.code.startsWith('encoding') || d.code === 'file-truncated'), []);
});

// ------------------------------------------------------------------ files cut short

/** Where the value that starts at `start` ends (a byte offset), by matching brackets outside strings (not the importer's code). */
function valueEndBytes(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return Buffer.byteLength(text.slice(0, i + 1));
  }
  return -1;
}

corpusTest('bluesky-json: a corpus thread cut at 10 places keeps the posts complete before the cut, never throws', [FALLON, DANCOW], (_t, ...paths) => {
  for (const path of paths) {
    const bytes = ExportFile.read(path).bytes;
    const text = bytes.toString('utf8');
    const whole = parse(blueskyJson, ExportFile.read(path));
    const rootId = whole.messages[0].id;
    // The thread's own post (the first "post" key) is whole once the cut passes its end.
    const rootEnd = valueEndBytes(text, text.indexOf('{', text.indexOf('"post"')));
    let cutsAfterRoot = 0;
    for (let k = 0; k < 10; k++) {
      let cut = Math.round(bytes.length * (0.03 + (0.94 * k) / 9));
      while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--; // at a character's start (see test/mastodon-zulip.test.ts)
      const where = `${path} cut at ${cut}/${bytes.length}`;
      let r!: ParseResult;
      assert.doesNotThrow(() => (r = parse(blueskyJson, new ExportFile(path, bytes.subarray(0, cut)))), where);
      const error = r.diagnostics.find((d) => d.code === 'json-invalid' && d.severity === 'error');
      assert.ok(error && (error.line ?? 0) >= 1, `${where}: an error with the line of the cut`);
      for (const m of r.messages) {
        const w = byId(whole, m.id!);
        assert.ok(w, `${where}: ${m.id} is a post of the whole file`);
        assert.deepEqual([m.author, m.time, m.text, m.replyTo], [w.author, w.time, w.text, w.replyTo], where);
      }
      if (cut >= rootEnd) {
        cutsAfterRoot++;
        assert.ok(r.messages.length > 0 && r.messages[0].id === rootId, `${where}: the thread's post is whole, kept`);
      }
      assert.ok(r.skipped.filter((d) => d.code === 'json-invalid').every((d) => (d.line ?? 0) >= 1), where);
    }
    assert.ok(cutsAfterRoot >= 5, `${path}: most cuts fall after the thread's post`);
  }
});

test('bluesky-json: a v1 thread cut inside a reply keeps the post and the replies before it; the cut reply is skipped at its line', () => {
  const post = (rkey: string, text: string) =>
    `{"uri": "at://did:plc:abc/app.bsky.feed.post/${rkey}", "cid": "c", "author": {"did": "did:plc:abc", "handle": "ana.bsky.social"}, "record": {"$type": "app.bsky.feed.post", "text": "${text}", "createdAt": "2024-03-01T18:00:00.000Z"}, "indexedAt": "2024-03-01T18:00:01.000Z"}`;
  const node = (rkey: string, text: string, replies = '') => `{"$type": "app.bsky.feed.defs#threadViewPost",\n"post": ${post(rkey, text)}${replies ? `,\n"replies": [${replies}]` : ''}}`;
  const full = `{"thread": ${node('3aaa', 'Q1?', `\n${node('3bbb', 'A1')},\n${node('3ccc', 'A2')}`)}}\n`;
  assert.deepEqual(summary(parse(blueskyJson, new ExportFile('/v/t.json', Buffer.from(full)))), [3, 3, 0]);
  const r = parse(blueskyJson, new ExportFile('/v/t.json', Buffer.from(full.slice(0, full.indexOf('"A2"')))));
  assert.deepEqual(summary(r), [3, 2, 1]);
  assert.deepEqual(r.messages.map((m) => m.text), ['Q1?', 'A1']);
  // The cut reply's post starts on line 7, where the file ends.
  assert.deepEqual(r.skipped.map((d) => [d.code, d.line]), [['json-invalid', 7]]);
  assert.equal(r.diagnostics.find((d) => d.code === 'json-invalid')!.line, 7);
});
