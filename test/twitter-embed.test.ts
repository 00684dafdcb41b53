/**
 * twitter-embed importer: `blockquote.twitter-tweet` embeds in any page.
 * Counts were verified independently on the raw file with Python (regex over
 * the 16 blockquotes, html.unescape of the numeric references, strptime of
 * the link dates); the raw-file cross-check below repeats that with regexes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { twitterEmbed } from '../src/import/formats/twitter-embed.ts';
import { detectImporter, importFiles } from '../src/import/pipeline.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';

const TAKAGI = 'twitter-embed-blockquote/mercury-takagi-hiromitsu-diary-2019.html';
const HOSTILE = resolve(ROOT, 'test/fixtures/twitter-embed-hostile.html');

function byId(t: Transcript): Map<string, Message> {
  return new Map(t.messages.map((m) => [m.id, m]));
}

corpusTest('Takagi diary (ASCII page, EUC-JP meta): 16 embeds, 15 tweets, day precision', [TAKAGI], (_t, path) => {
  const rawText = readFileSync(path, 'latin1');
  // Raw file: pure ASCII, every Japanese character a numeric reference.
  assert.ok(!/[^\x00-\x7f]/.test(rawText));
  const rawEmbeds = [...rawText.matchAll(/<blockquote class="twitter-tweet"[^>]*>[\s\S]*?<\/blockquote>/g)];
  assert.equal(rawEmbeds.length, 16);
  const rawIds = rawEmbeds.map((m) => /\/status\/(\d+)\?ref_src=[^"]*">[^<]+<\/a>\s*<\/blockquote>$/.exec(m[0])![1]);
  const rawLines = rawEmbeds.map((m) => rawText.slice(0, m.index).split('\n').length);

  const file = ExportFile.read(path);
  assert.equal(detectImporter(file).name, 'twitter-embed');
  assert.equal(file.encoding, 'euc-jp');
  const parsed = twitterEmbed.parse(file, {});
  assert.deepEqual(parsed.messages.map((m) => m.id), rawIds);
  assert.deepEqual(parsed.messages.map((m) => m.line), rawLines);

  const t = importFiles([path]);
  for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped);
  const [src] = t.sources;
  assert.equal(src.format, 'twitter-embed');
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [16, 15, 1, 0]);
  // The ITmedia tweet is embedded twice (embeds 9 and 13).
  const dup = src.diagnostics.filter((d) => d.code === 'duplicate');
  assert.deepEqual(dup.map((d) => [d.messageId, d.position]), [['1092262735423856642', 13]]);
  assert.equal(src.title, '高木浩光＠自宅の日記 - 改正NICT法がプチ炎上、工場出荷時共通初期パスワードが識別符号に当たらないことが理解されていない');

  assert.equal(t.participants.length, 13);
  assert.deepEqual(t.participants.slice(0, 2).map((p) => [p.handle, p.messages]), [['Ivarn', 2], ['kitagawa_takuji', 2]]);
  assert.ok(t.messages.every((m) => m.timePrecision === 'day' && /^\d{4}-\d{2}-\d{2}$/.test(m.time)));
  assert.equal(t.messages[0].time, '2019-01-25');
  assert.equal(t.messages.at(-1)!.time, '2019-02-12');

  // Numeric references decoded everywhere; nothing left as a reference or a replacement char.
  for (const m of t.messages) {
    assert.doesNotMatch(m.text + (m.author.name ?? ''), /&#|&[a-z]+;|\uFFFD|[<>]/);
    assert.ok(BigInt(m.id) > 2n ** 53n);
    assert.equal(m.url, `https://twitter.com/${m.author.handle}/status/${m.id}`);
  }

  const msgs = byId(t);
  const nw9 = msgs.get('1088755839102418944')!;
  assert.deepEqual(nw9.author, { handle: 'nhk_nw9', name: 'ニュースウオッチ９' });
  assert.equal(nw9.time, '2019-01-25');
  assert.equal(
    nw9.text,
    '全国の家庭や企業にあるインターネット家電などいわゆる #Iot機器 に国が無差別に侵入を試みる。そんな世界でも例のない調査が来月から始まります。 #サイバー攻撃 対策の一環だということですが、実質的に不正アクセスと変わらない行為を特例的に国が行うことに懸念の声もあがっています。 #nhk #NW9 https://pic.twitter.com/9dX6bIoQIF',
  );
  assert.deepEqual(nw9.hashtags, ['Iot機器', 'サイバー攻撃', 'nhk', 'NW9']);
  assert.deepEqual(nw9.links, ['https://pic.twitter.com/9dX6bIoQIF']);

  // <br><br> -> blank line; full-width spaces in the name kept.
  const oguchi = msgs.get('1089081689366642688')!;
  assert.deepEqual(oguchi.author, { handle: 'oguchilaw', name: '弁護士\u3000小口\u3000幸人' });
  assert.equal(oguchi.time, '2019-01-26');
  assert.equal(
    oguchi.text,
    'なにこれ。例えるなら「鍵のかかってない家が多いらしいから、国が一軒ずつドアを開けて侵入してみます」ということ何ですが。\n\nこんな法改正が話題にならずに通ってたって、マスコミと野党何やってんだよ！\n\n総務省 ＩｏＴ機器に無差別侵入し調査へ 前例ない調査に懸念も NHK https://t.co/MsU3noh0Iq',
  );
  assert.deepEqual(oguchi.links, ['https://t.co/MsU3noh0Iq']);
  // A name with its own parentheses before "(@handle)".
  assert.equal(msgs.get('1091693165764009984')!.author.name, '透析テツ(脱被曝)');
  assert.equal(msgs.get('1092739232127307776')!.text, "あと、サイフ置きっぱなしにしないよな？と聞かれたら、しないけどそれを盗んだら置き引きとちゃうの？とか('・ω・')");
});

test('hostile embed fixture: no markup, no javascript: links; bad embeds are skipped diagnostics', () => {
  const file = ExportFile.read(HOSTILE);
  assert.equal(detectImporter(file).name, 'twitter-embed');
  const rawLines = [...readFileSync(HOSTILE, 'utf8').matchAll(/<blockquote class="twitter-tweet/g)].map(
    (m) => readFileSync(HOSTILE, 'utf8').slice(0, m.index).split('\n').length,
  );
  assert.equal(rawLines.length, 5);

  const t = importFiles([HOSTILE]);
  const [src] = t.sources;
  assert.equal(src.found, src.kept + src.merged + src.skipped);
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [5, 3, 0, 2]);
  const skipped = src.diagnostics.filter((d) => d.severity === 'warning');
  assert.deepEqual(
    skipped.map((d) => [d.code, d.position, d.line]),
    [
      ['status-link-missing', 2, rawLines[1]],
      ['time-unreadable', 3, rawLines[2]],
    ],
  );

  const msgs = byId(t);
  const mal = msgs.get('1090000000000000001')!;
  assert.equal(mal.text, 'Hello bold world click me 😀 #jamtest');
  assert.deepEqual(mal.author, { handle: 'mallory', name: 'Mal "Lory"' });
  assert.deepEqual(mal.links, []);
  assert.equal(mal.time, '2019-03-03');
  for (const m of t.messages) {
    assert.doesNotMatch(m.text, /<|>|script|alert|onerror|onmouseover/);
    for (const l of m.links) assert.doesNotMatch(l, /javascript:/i);
    assert.match(m.url!, /^https:\/\/twitter\.com\//);
  }

  // An x.com status link with an abbreviated month; a status URL inside the text is not the tweet's.
  const ex = msgs.get('1090000000000000004')!;
  assert.deepEqual(ex.author, { handle: 'ex_poster', name: 'Ex Poster' });
  assert.equal(ex.time, '2019-03-05');
  assert.equal(ex.url, 'https://twitter.com/ex_poster/status/1090000000000000004');
  assert.equal(ex.text, '@ana_b quoting https://twitter.com/other/status/1000000000000000000 https://pic.twitter.com/AbCdEf1234');
  assert.deepEqual(ex.mentions, ['ana_b']);
  // No "— Name (@handle)" line: the handle comes from the status link.
  assert.deepEqual(msgs.get('1090000000000000005')!.author, { handle: 'quiet_one', name: null });
});

test('detect: cheap text check, then a real blockquote.twitter-tweet', () => {
  const page = (s: string) => new ExportFile('x.html', Buffer.from(s));
  assert.equal(twitterEmbed.detect(page('<html><body><p>class="twitter-tweet" in prose</p></body></html>'), {}), false);
  assert.equal(twitterEmbed.detect(page('<html><body><div class="twitter-tweet">x</div></body></html>'), {}), false);
  assert.equal(twitterEmbed.detect(page('just text blockquote class="twitter-tweet"'), {}), false);
  // The cheap check passes but the document has no such element: only a script string and a comment.
  assert.equal(
    twitterEmbed.detect(page('<html><body><script>var s = \'<blockquote class="twitter-tweet">\';</script><!-- <blockquote class="twitter-tweet"> --></body></html>'), {}),
    false,
  );
  assert.equal(twitterEmbed.detect(page('<html><body><blockquote class="twitter-tweet tw-align-center"><p>x</p></blockquote></body></html>'), {}), true);
});

test('never throws on truncated embeds; accounting holds', () => {
  const bytes = readFileSync(HOSTILE);
  for (let cut = 0; cut <= bytes.length; cut += 37) {
    const r = twitterEmbed.parse(new ExportFile('cut.html', bytes.subarray(0, cut)), {});
    assert.equal(r.found, r.messages.length + r.skipped.length, `cut at ${cut}`);
    for (const m of r.messages) assert.doesNotMatch(m.text, /<[a-z!/]/i);
  }
});

/** The parse of a page holding `body`. */
function parsePage(body: string) {
  return twitterEmbed.parse(new ExportFile('page.html', Buffer.from(`<!DOCTYPE html><html><head></head><body>\n${body}\n</body></html>`)), {});
}
const embed = (href: string, byline = '&mdash; Jane Doe (@jane) ', date = 'January 26, 2019', text = 'hello') =>
  `<blockquote class="twitter-tweet"><p lang="en">${text}</p>${byline}<a href="${href}">${date}</a></blockquote>`;

test('status links: read by the regex rules (handle 1-30 word characters, id 1-25 digits, then the end or /?#)', () => {
  const h30 = `${'a'.repeat(29)}Z`;
  const cases: [string, string | null][] = [
    ['https://twitter.com/jane/status/123?ref_src=twsrc%5Etfw', 'https://twitter.com/jane/status/123'],
    [`https://twitter.com/${h30}/status/${'1'.repeat(25)}#x`, `https://twitter.com/${h30}/status/${'1'.repeat(25)}`],
    [`https://twitter.com/${'b'.repeat(31)}/status/1`, null],
    [`https://twitter.com/jane/status/${'2'.repeat(26)}`, null],
    ['https://twitter.com/jane/status/12a', null],
    ['https://twitter.com/jane/status/12.', null],
    ['https://twitter.com/jane/status/', null],
    ['https://twitter.com//status/12', null],
    ['https://twitter.com/jane/status/12/photo/1', 'https://twitter.com/jane/status/12'],
    // Other forms the pattern takes: the URL is written in the one form.
    ['https://twitter.com/jane/STATUS/12', 'https://twitter.com/jane/status/12'],
    ['https://twitter.com/jane/statuses/12', 'https://twitter.com/jane/status/12'],
    ['HTTP://Mobile.X.com/jane/status/12', 'https://twitter.com/jane/status/12'],
    ['https://www.twitter.com/jane/status/12?s=20', 'https://twitter.com/jane/status/12'],
  ];
  for (const [href, url] of cases) {
    const r = parsePage(embed(href));
    assert.equal(r.found, 1, href);
    if (url === null) assert.deepEqual([r.messages.length, r.skipped[0]?.code], [0, 'status-link-missing'], href);
    else assert.deepEqual([r.messages[0]?.url, r.messages[0]?.id], [url, url.slice(url.lastIndexOf('/') + 1)], href);
  }
});

test('embeds read in any markup around them: after <script/> (inside the script element), with comments, nested', () => {
  const ok = embed('https://twitter.com/jane/status/1');
  // After `<script/>` and `<style/>` the parser puts what follows inside them: the embeds there are read, a title there is not the page's.
  const r = parsePage(`<div><script/>${ok}</div><style/><title>Not the page's</title>${embed('https://twitter.com/jane/status/2')}`);
  assert.deepEqual(
    r.messages.map((m) => m.id),
    ['1', '2'],
  );
  assert.equal(r.title, null);
  const titled = parsePage(`${ok}<svg><title>Icon</title></svg><title>Late  title</title>`);
  assert.equal(titled.title, 'Icon');

  // Comments in the byline and the link; the byline split over text nodes; the date's white space tidied.
  const c = parsePage(embed('https://twitter.com/jane/status/3', '&mdash; Jane <!-- x -->Doe (@jane) <!-- y -->', '<!-- d --> January  26,\n2019 '));
  assert.deepEqual([c.messages[0].author, c.messages[0].time], [{ handle: 'jane', name: 'Jane Doe' }, '2019-01-26']);

  // Markup in the byline and a link after the status link: the last status link outside the text is the
  // tweet's; the byline ends with that link's text, not with "(@bo)", so it names nobody (the handle is the link's).
  const m = parsePage(
    `<blockquote class="twitter-tweet"><p>t <a href="https://twitter.com/z/status/9">z</a></p>&mdash; <b>Bo</b> (@bo) <a href="https://twitter.com/bo/status/4">January 2, 2019</a> <a href="https://example.com/">x</a></blockquote>`,
  );
  const bo = parsePage(`<blockquote class="twitter-tweet"><p>t</p>&mdash; <b>Bo</b> (@bo) <a href="https://twitter.com/bo/status/7">January 2, 2019</a></blockquote>`);
  assert.deepEqual(bo.messages[0].author, { handle: 'bo', name: 'Bo' });
  assert.deepEqual([m.messages[0].id, m.messages[0].author, m.messages[0].text], ['4', { handle: 'bo', name: null }, 't z']);

  // An embed inside an embed's text: both, outer first.
  const n = parsePage(
    `<blockquote class="twitter-tweet"><div><blockquote class="twitter-tweet"><p>in</p>&mdash; I (@i) <a href="https://twitter.com/i/status/6">May 1, 2019</a></blockquote></div><p>out</p>&mdash; O (@o) <a href="https://twitter.com/o/status/5">May 2, 2019</a></blockquote>`,
  );
  assert.deepEqual(
    n.messages.map((x) => [x.position, x.id, x.author.handle]),
    [
      [1, '5', 'o'],
      [2, '6', 'i'],
    ],
  );
});

test('messages of one byline share their author, and messages without pictures one empty link list; none can be changed', () => {
  const page = [1, 2, 3].map((i) => embed(`https://twitter.com/jane/status/${i}`, '&mdash; Jane Doe (@jane) ', 'January 26, 2019', i === 3 ? 'see <a href="https://t.co/x">pic.twitter.com/AbC</a>' : `hello ${i}`));
  const r = parsePage(page.join('\n'));
  const [a, b, c] = r.messages;
  assert.deepEqual(a.author, { handle: 'jane', name: 'Jane Doe' });
  assert.equal(a.author, b.author);
  assert.equal(a.links, b.links);
  assert.deepEqual(a.links, []);
  assert.deepEqual(c.links, ['https://pic.twitter.com/AbC']);
  assert.equal(c.text, 'see https://pic.twitter.com/AbC');
  assert.throws(() => a.links.push('https://example.com/'), TypeError);
  assert.throws(() => {
    (a.author as { name: string | null }).name = 'x';
  }, TypeError);
});
