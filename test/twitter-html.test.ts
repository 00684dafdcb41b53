/**
 * twitter-html importer: saved twitter.com pages in the legacy stream-item
 * markup. Counts were verified independently on the raw files with Python
 * regexes (every `<div class="tweet ...">` element with its data-tweet-id,
 * data-screen-name and data-time-ms); the raw-file cross-checks below
 * repeat that reading with regexes rather than trusting the importer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { corpusTest, ROOT } from './helpers/corpus.ts';
import { ExportFile } from '../src/import/export-file.ts';
import { snowflakeTime, twitterHtml } from '../src/import/formats/twitter-html.ts';
import { twitterEmbed } from '../src/import/formats/twitter-embed.ts';
import { detectImporter, importExports, importFiles } from '../src/import/pipeline.ts';
import { importers } from '../src/import/registry.ts';
import type { Message, Transcript } from '../src/model/transcript.ts';

const MERCURY = 'twitter-html/mercury-twitter-permalink-2016.html';
const METASCRAPER = 'twitter-html/metascraper-twitter-permalink-2017.html';
const SEARCH_FIXTURE = resolve(ROOT, 'test/fixtures/twitter-html-search.html');
const PERMALINK_FIXTURE = resolve(ROOT, 'test/fixtures/twitter-html-permalink.html');

/** Tweet elements read straight from the raw file: id, screen name, time (ms) and 1-based line, in order. */
function rawTweets(path: string): { id: string; handle: string; ms: number | null; line: number }[] {
  const text = readFileSync(path, 'utf8');
  const starts = [...text.matchAll(/<div class="tweet[\s"]/g)].map((m) => m.index!);
  return starts.map((s, i) => {
    const chunk = text.slice(s, starts[i + 1] ?? text.length);
    const ms = /data-time-ms="(\d+)"/.exec(chunk)?.[1];
    return {
      id: /data-tweet-id="([^"]*)"/.exec(chunk)![1],
      handle: /data-screen-name="([^"]*)"/.exec(chunk)![1],
      ms: ms ? Number(ms) : null,
      line: text.slice(0, s).split('\n').length,
    };
  });
}

function byId(t: Transcript): Map<string, Message> {
  return new Map(t.messages.map((m) => [m.id, m]));
}

function assertAccounting(t: Transcript): void {
  for (const s of t.sources) assert.equal(s.found, s.kept + s.merged + s.skipped, `${s.file}: found = kept + merged + skipped`);
}

test('registry: twitter-html after the specific formats, twitter-embed after it and before selectors', () => {
  const names = importers.map((i) => i.name);
  const at = (n: string) => names.indexOf(n);
  assert.ok(at('twitter-html') > at('tweetchat') && at('tweetchat') >= 0);
  if (at('storify') >= 0) assert.ok(at('twitter-html') > at('storify'));
  assert.ok(at('twitter-embed') > at('twitter-html'));
  if (at('selectors') >= 0) assert.ok(at('twitter-embed') < at('selectors'));
});

test('snowflakeTime: pre-Snowflake ids and non-ids carry no time', () => {
  assert.equal(snowflakeTime('29700859246'), null);
  assert.equal(snowflakeTime('20000000000'), null);
  assert.equal(snowflakeTime('abc'), null);
  assert.equal(snowflakeTime(''), null);
  assert.deepEqual(snowflakeTime('29700859247'), { time: '2010-11-04T01:43:01.738Z', precision: 'second' });
});

corpusTest('mercury permalink page (2016): 12 tweets, self-reply thread, photos as pic links', [MERCURY], (_t, path) => {
  const raw = rawTweets(path);
  assert.equal(raw.length, 12);
  const file = ExportFile.read(path);
  assert.equal(detectImporter(file).name, 'twitter-html');
  assert.equal(twitterEmbed.detect(file, {}), false);

  const t = importFiles([path]);
  assertAccounting(t);
  const [src] = t.sources;
  assert.equal(src.format, 'twitter-html');
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [12, 12, 0, 0]);
  assert.equal(src.title, "Lina Morgana on Twitter: \"Now before you write me off as bias I'm going to start out with one of my all time favorites. Like, I love her.\"");
  assert.deepEqual(
    t.participants.map((p) => [p.handle, p.name, p.messages]),
    [
      ['KingBeyonceStan', 'Lina Morgana', 10],
      ['LikeaStar1032', 'Naomi Shambles', 1],
      ['PurelyIdle', 'Idle', 1],
    ],
  );
  assert.equal(t.messages[0].time, '2016-06-21T02:46:05.000Z');
  assert.equal(t.messages.at(-1)!.time, '2016-06-23T05:52:23.000Z');

  // Every element of the raw file, with its id (a string above 2^53), author, exact time and line.
  const msgs = byId(t);
  for (const r of raw) {
    const m = msgs.get(r.id)!;
    assert.ok(m, `tweet ${r.id} imported`);
    assert.ok(BigInt(m.id) > 2n ** 53n);
    assert.equal(m.author.handle, r.handle);
    assert.equal(Date.parse(m.time), r.ms);
    assert.equal(m.timePrecision, 'second');
    assert.equal(m.origin.line, r.line);
    assert.equal(m.url, `https://twitter.com/${r.handle}/status/${r.id}`);
    // The id's Snowflake time agrees with the page's data-time-ms to the second.
    assert.equal(Math.floor(Date.parse(snowflakeTime(m.id)!.time) / 1000), r.ms! / 1000);
  }

  // Emoji image -> its character; entities decoded; the @-mention is plain text.
  assert.equal(
    msgs.get('745342225454751745')!.text,
    "@KingBeyonceStan I'm gonna use “she doesn't have the range” anytime somebody does too much with not enough 😂",
  );
  assert.deepEqual(msgs.get('745342225454751745')!.mentions, ['KingBeyonceStan']);
  // The 8 hidden photo links stay in the text as pic.twitter.com URLs (with the space Twitter trimmed).
  const amy = msgs.get('745277679436447745')!;
  assert.equal(amy.text, "Amy Lee:\n-The first white woman I ever loved.\n-Hauntingly beautiful timbre\n-She doesn't have the range. https://pic.twitter.com/YO67l8ooRc");
  assert.deepEqual(amy.links, ['https://pic.twitter.com/YO67l8ooRc']);
  assert.equal(t.messages.filter((m) => m.links.some((l) => l.startsWith('https://pic.twitter.com/'))).length, 8);
  assert.ok(t.messages.every((m) => !/t\.co\//.test(m.text) && !/[<>]/.test(m.text)));

  // replyTo: the focal tweet's parent from data-replied-tweet-id; the threaded self-replies
  // each reply to the tweet above; the two lone replies to the focal tweet; the ancestor is the root.
  const replies = Object.fromEntries(t.messages.map((m) => [m.id, m.replyTo]));
  assert.deepEqual(replies, {
    '745085351287455744': null,
    '745276948213968896': '745085351287455744',
    '745277679436447745': '745276948213968896',
    '745278392837115909': '745277679436447745',
    '745279035786174464': '745278392837115909',
    '745279838437572608': '745279035786174464',
    '745281102277906432': '745279838437572608',
    '745281313435881472': '745281102277906432',
    '745281845571379202': '745281313435881472',
    '745282480815509506': '745281845571379202',
    '745342225454751745': '745276948213968896',
    '745857012706189312': '745276948213968896',
  });
  assert.ok(t.messages.every((m) => m.retweetOf === null));
});

corpusTest('metascraper permalink page (2017): 6 tweets, expanded links, "Replying to" replies', [METASCRAPER], (_t, path) => {
  const raw = rawTweets(path);
  assert.equal(raw.length, 6);
  const t = importFiles([path]);
  assertAccounting(t);
  const [src] = t.sources;
  assert.equal(src.format, 'twitter-html');
  assert.equal(src.encoding, 'utf-8');
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [6, 6, 0, 0]);
  assert.equal(t.participants.length, 4);
  assert.deepEqual(
    t.participants.map((p) => [p.handle, p.messages]),
    [
      ['drewwilson', 2],
      ['Kikobeats', 2],
      ['Gisusete', 1],
      ['javivelasco', 1],
    ],
  );
  assert.equal(t.messages[0].time, '2017-06-28T19:01:34.000Z');
  assert.equal(t.messages.at(-1)!.time, '2017-07-03T08:43:18.000Z');
  const msgs = byId(t);
  for (const r of raw) assert.equal(Date.parse(msgs.get(r.id)!.time), r.ms);

  // A hidden card link: its text is split into invisible spans; the expanded URL is used.
  const drew = msgs.get('880143797375586304')!;
  assert.equal(drew.text, 'curious if you’re using my code??? :) https://github.com/drewwilson/atvImg');
  assert.deepEqual(drew.links, ['https://github.com/drewwilson/atvImg']);
  // A visible shortened link followed directly by a hidden photo link: two URLs, not one.
  const focal = msgs.get('880139124791029763')!;
  assert.equal(focal.text, 'Experimenting with Clearbit API + Apple TV 3D Parallax http://bit.ly/2tVueZ0 https://pic.twitter.com/5bcuqoEyAa');
  assert.deepEqual(focal.links, ['http://bit.ly/2tVueZ0', 'https://pic.twitter.com/5bcuqoEyAa']);
  assert.equal(focal.author.name, 'K I K O B E A T S ⚡️');
  assert.equal(msgs.get('880144054507499520')!.text, 'Yes, a React component port 😬');
  assert.equal(msgs.get('881795471592828928')!.author.name, 'Javi Velasco λ');

  const replies = Object.fromEntries(t.messages.map((m) => [m.id, m.replyTo]));
  assert.deepEqual(replies, {
    '880139124791029763': null,
    '880140834355765249': '880139124791029763',
    '880143797375586304': '880139124791029763',
    '880144054507499520': '880143797375586304',
    '880144113164705792': '880144054507499520',
    '881795471592828928': '880139124791029763',
  });
});

/** Media boxes of each tweet element in order, read from the raw file with regexes: photo URLs, their img alts, video boxes. */
function rawMedia(path: string): { id: string; photos: string[]; alts: string[]; videos: number }[] {
  const text = readFileSync(path, 'utf8');
  const starts = [...text.matchAll(/<div class="tweet[\s"]/g)].map((m) => m.index!);
  return starts.map((s, i) => {
    const chunk = text.slice(s, starts[i + 1] ?? text.length);
    const boxes = [...chunk.matchAll(/class="AdaptiveMedia-photoContainer[^"]*"\s+data-image-url="([^"]*)"[^>]*>\s*<img[^>]*\balt="([^"]*)"/g)];
    return {
      id: /data-tweet-id="([^"]*)"/.exec(chunk)![1],
      photos: boxes.map((b) => b[1]),
      alts: boxes.map((b) => b[2]),
      videos: chunk.split('class="AdaptiveMedia-videoContainer"').length - 1,
    };
  });
}

corpusTest('attachments: mercury has 8 photos, one in each of 8 tweets; metascraper one GIF', [MERCURY, METASCRAPER], (_t, mercury, metascraper) => {
  const raw = readFileSync(mercury, 'utf8');
  // No quoted tweet on the page (only the stylesheet names .QuoteTweet): every photo box is its tweet's own.
  assert.equal((raw.match(/class="QuoteTweet/g) ?? []).length, 0);
  assert.equal((raw.match(/AdaptiveMedia-photoContainer/g) ?? []).length, 8);
  const media = new Map(rawMedia(mercury).map((m) => [m.id, m]));
  assert.equal(media.size, 12);
  const photos = [...media.values()].filter((m) => m.photos.length);
  assert.equal(photos.length, 8);
  assert.ok(photos.every((m) => m.photos.length === 1 && m.alts[0] === '' && m.videos === 0));

  const t = importFiles([mercury]);
  assert.equal(t.messages.reduce((n, m) => n + m.attachments.length, 0), 8);
  for (const m of t.messages) {
    const want = media.get(m.id)!;
    // The img alts are all empty: no alt text. The img src is on the web (a page saved as HTML only): no file.
    assert.deepEqual(m.attachments, want.photos.map((url) => ({ kind: 'image', url, alt: null, file: null })), m.id);
  }
  assert.deepEqual(byId(t).get('745277679436447745')!.attachments, [{ kind: 'image', url: 'https://pbs.twimg.com/media/ClfCGLuVEAAaG8D.jpg', alt: null, file: null }]);

  // The GIF: one AdaptiveMedia-videoContainer holding one PlayableMedia--gif, no photo.
  const rawGif = readFileSync(metascraper, 'utf8');
  assert.equal((rawGif.match(/AdaptiveMedia-videoContainer/g) ?? []).length, 1);
  assert.equal((rawGif.match(/class="PlayableMedia[\s"]/g) ?? []).length, 1);
  assert.equal((rawGif.match(/AdaptiveMedia-photoContainer/g) ?? []).length, 0);
  assert.deepEqual(rawMedia(metascraper).map((m) => [m.id, m.photos.length, m.videos]).filter(([, p, v]) => p || v), [['880139124791029763', 0, 1]]);
  const gif = importFiles([metascraper]);
  assert.equal(gif.messages.reduce((n, m) => n + m.attachments.length, 0), 1);
  // Its data-playable-media-url is empty: the link is the media's page, the tweet's pic.twitter.com link.
  assert.deepEqual(byId(gif).get('880139124791029763')!.attachments, [{ kind: 'video', url: 'https://pic.twitter.com/5bcuqoEyAa', alt: null, file: null }]);
});

/** A legacy stream item for a hand-made page: a tweet element with its text and whatever media markup. */
function streamItem(id: string, handle: string, ms: number, inner: string, extra = ''): string {
  return `<li class="js-stream-item stream-item" data-item-id="${id}"><div class="tweet js-stream-tweet original-tweet" data-tweet-id="${id}" data-item-id="${id}" data-permalink-path="/${handle}/status/${id}" data-screen-name="${handle}" data-name="${handle}" ${extra}>
<div class="content"><small class="time"><a href="/${handle}/status/${id}" class="tweet-timestamp"><span class="_timestamp" data-time-ms="${ms}">x</span></a></small>
${inner}</div></div></li>`;
}

test('attachments: saved copies, alt text, several photos, videos, and a quoted tweet\'s photos stay with the quoted tweet', () => {
  const photo = (url: string, src: string, alt: string) =>
    `<div class="AdaptiveMedia-photoContainer js-adaptive-photo" data-image-url="${url}"><img data-aria-label-part src="${src}" alt="${alt}"></div>`;
  const text = (s: string) => `<div class="js-tweet-text-container"><p class="TweetTextSize js-tweet-text tweet-text" lang="en">${s}</p></div>`;
  const pic = (code: string) => `<a href="https://t.co/${code}" class="twitter-timeline-link u-hidden" data-pre-embedded="true">pic.twitter.com/${code}</a>`;
  const quote = (inner: string) =>
    `<div class="QuoteTweet u-block js-tweet-details-fixer"><div class="QuoteTweet-container"><a class="QuoteTweet-link js-nav" href="/other/status/600000000000000009"></a>
<div class="QuoteTweet-innerContainer js-permalink js-media-container" data-item-id="600000000000000009" data-screen-name="other"><div class="QuoteTweet-text tweet-text">their photo</div>${inner}</div></div></div>`;
  const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Saved search</title></head><body><ol id="stream-items-id">
${streamItem('600000000000000001', 'ana', 1_420_000_000_000, `${text(`A1 two of my desk ${pic('TwoPics01')}`)}
<div class="AdaptiveMedia is-double"><div class="AdaptiveMedia-container"><div class="AdaptiveMedia-doublePhoto">
${photo('https://pbs.twimg.com/media/AnaOne.jpg', './Search_files/AnaOne.jpg', 'My desk, from the left')}
${photo('https://pbs.twimg.com/media/AnaTwo.jpg', 'Search_files/AnaTwo.jpg', '')}
</div></div></div>`)}
${streamItem('600000000000000002', 'bob', 1_420_000_060_000, `${text('A1 look at this')}
${quote(`<div class="QuoteMedia"><div class="QuoteMedia-photoContainer" data-image-url="https://pbs.twimg.com/media/QuotedOne.jpg"><img src="Search_files/QuotedOne.jpg" alt="quoted"></div></div>
<div class="AdaptiveMedia"><div class="AdaptiveMedia-photoContainer" data-image-url="https://pbs.twimg.com/media/QuotedTwo.jpg"><img src="Search_files/QuotedTwo.jpg" alt="quoted too"></div></div>`)}`)}
${streamItem('600000000000000003', 'cat', 1_420_000_120_000, `${text(`A1 a GIF ${pic('GifCode01')}`)}
<div class="AdaptiveMedia"><div class="AdaptiveMedia-container"><div class="AdaptiveMedia-video"><div class="AdaptiveMedia-videoContainer"><div class="PlayableMedia PlayableMedia--gif"><div class="PlayableMedia-player" data-playable-media-url="" style="background-image:url('https://pbs.twimg.com/tweet_video_thumb/Cat.jpg')"></div></div></div></div></div></div>`)}
${streamItem('600000000000000004', 'dan', 1_420_000_180_000, `${text('A1 a video')}
<div class="PlayableMedia PlayableMedia--video"><div class="PlayableMedia-player" data-playable-media-url="https://video.twimg.com/ext_tw_video/Dan.mp4"></div></div>`)}
${streamItem('600000000000000001', 'ana', 1_420_000_000_000, `${text(`A1 two of my desk ${pic('TwoPics01')}`)}
${photo('https://pbs.twimg.com/media/AnaOne.jpg', './Search_files/AnaOne.jpg', 'My desk, from the left')}
${photo('https://pbs.twimg.com/media/AnaTwo.jpg', 'Search_files/AnaTwo.jpg', '')}`, 'data-retweeter="eve" data-retweet-id="600000000000000005"')}
${streamItem('600000000000000006', 'mal', 1_420_000_240_000, `${text('A1 tricks')}
${photo('javascript:alert(1)', '../../etc/passwd', ' ')}${photo('https://pbs.twimg.com/media/Fine.jpg', '/abs/Fine.jpg', 'fine')}${photo('https://pbs.twimg.com/media/Web.jpg', 'file:///C:/Web.jpg', 'web')}`)}
</ol></body></html>`;
  const t = importExports([new ExportFile('Search.html', Buffer.from(page))]);
  assertAccounting(t);
  assert.deepEqual([t.sources[0].format, t.sources[0].found, t.sources[0].kept], ['twitter-html', 6, 6]);
  const msgs = byId(t);
  // Two photos, in page order, with their saved copies beside the page and their alt text.
  assert.deepEqual(msgs.get('600000000000000001')!.attachments, [
    { kind: 'image', url: 'https://pbs.twimg.com/media/AnaOne.jpg', alt: 'My desk, from the left', file: 'Search_files/AnaOne.jpg' },
    { kind: 'image', url: 'https://pbs.twimg.com/media/AnaTwo.jpg', alt: null, file: 'Search_files/AnaTwo.jpg' },
  ]);
  // The quoted tweet's photos (QuoteMedia, and even an AdaptiveMedia box inside div.QuoteTweet) are not bob's.
  assert.deepEqual(msgs.get('600000000000000002')!.attachments, []);
  assert.equal(msgs.get('600000000000000002')!.text, 'A1 look at this');
  // A GIF (PlayableMedia inside a videoContainer) is one video; its link is the media's page.
  assert.deepEqual(msgs.get('600000000000000003')!.attachments, [{ kind: 'video', url: 'https://pic.twitter.com/GifCode01', alt: null, file: null }]);
  // A lone PlayableMedia with the video's address.
  assert.deepEqual(msgs.get('600000000000000004')!.attachments, [{ kind: 'video', url: 'https://video.twimg.com/ext_tw_video/Dan.mp4', alt: null, file: null }]);
  // A retweet shows the original, photos included.
  const rt = msgs.get('600000000000000005')!;
  assert.deepEqual(rt.retweetOf, { handle: 'ana', id: '600000000000000001' });
  assert.deepEqual(rt.attachments, msgs.get('600000000000000001')!.attachments);
  // No javascript: URL (a picture without an address of its own links to its tweet), no path out
  // of the page's folder, no absolute path or other scheme as a file.
  assert.deepEqual(msgs.get('600000000000000006')!.attachments, [
    { kind: 'image', url: 'https://twitter.com/mal/status/600000000000000006', alt: null, file: null },
    { kind: 'image', url: 'https://pbs.twimg.com/media/Fine.jpg', alt: 'fine', file: null },
    { kind: 'image', url: 'https://pbs.twimg.com/media/Web.jpg', alt: 'web', file: null },
  ]);
  // Only the photos' own addresses are added to the links of a tweet without a pic.twitter link.
  assert.deepEqual(msgs.get('600000000000000006')!.links, ['https://pbs.twimg.com/media/Fine.jpg', 'https://pbs.twimg.com/media/Web.jpg']);
  assert.equal(t.messages.reduce((n, m) => n + m.attachments.length, 0), 2 + 0 + 1 + 1 + 2 + 3);
});

test('parts found in one pass: inside media boxes, not in quoted tweets, not after <script/>; media boxes hold no second media', () => {
  const text = (s: string) => `<p class="js-tweet-text tweet-text">${s}</p>`;
  const item = (id: string, inner: string, permalink?: string) =>
    streamItem(id, 'ana', 1_420_000_000_000, inner).replace(`data-permalink-path="/ana/status/${id}"`, `data-permalink-path="${permalink ?? `/ana/status/${id}`}"`);
  const page = `<!DOCTYPE html><html><head><title>Parts</title></head><body><ol>
${item('700000000000000001', `<div class="QuoteTweet"><p class="tweet-text">quoted words</p><div class="AdaptiveMedia-photoContainer" data-image-url="https://pbs.twimg.com/media/Q.jpg"><img src="q.jpg"></div></div>
<div class="PlayableMedia"><span class="tweet-text">inside the video box</span><div class="AdaptiveMedia-photoContainer" data-image-url="https://pbs.twimg.com/media/In.jpg"></div><div class="PlayableMedia" data-playable-media-url="https://v.example/inner"></div></div>`)}
${item('700000000000000002', `${text('two')}<div class="AdaptiveMedia-photoContainer" data-image-url="https://pbs.twimg.com/media/P.jpg"><div class="PlayableMedia" data-playable-media-url="https://v.example/p"></div><img src="P_files/p.jpg" alt=" inside "></div>`, '/A_b/status/0012')}
${item('700000000000000003', `${text('three <a href="https://t.co/x" class="twitter-timeline-link" data-expanded-url="https://example.com/full">exam…</a> <a href="https://t.co/y" class="twitter-timeline-link" title="https://example.com/title">pic.twitter.com/AbC</a>')}`, '/x/status/3?s=1#top')}
${item('700000000000000004', text('four'), '/x/status/4 x')}
<script/>
${item('700000000000000005', text('after the script'))}
</ol></body></html>`;
  const r = twitterHtml.parse(new ExportFile('parts.html', Buffer.from(page)), {});
  assert.equal(r.title, 'Parts');
  assert.deepEqual(
    r.messages.map((m) => [m.id, m.text, m.url, m.links, m.attachments]),
    [
      // The quoted tweet's text and photo are not ana's; her text may sit inside her video's box, whose photo and inner player are
      // not more media (the player gives the video its address).
      ['700000000000000001', 'inside the video box', 'https://twitter.com/ana/status/700000000000000001', [], [{ kind: 'video', url: 'https://v.example/inner', alt: null, file: null }]],
      // A photo container holds one image (its first <img>), not the player inside it.
      [
        '700000000000000002',
        'two',
        'https://twitter.com/A_b/status/0012',
        ['https://pbs.twimg.com/media/P.jpg'],
        [{ kind: 'image', url: 'https://pbs.twimg.com/media/P.jpg', alt: 'inside', file: 'P_files/p.jpg' }],
      ],
      // The expanded URL wins over the visible text; without one, a pic.twitter.com text is the photo's page.
      ['700000000000000003', 'three https://example.com/full https://pic.twitter.com/AbC', 'https://twitter.com/x/status/3?s=1#top', ['https://example.com/full', 'https://pic.twitter.com/AbC'], []],
      // A permalink that is not in twitter.com's own form goes through the URL parser.
      ['700000000000000004', 'four', 'https://twitter.com/x/status/4%20x', [], []],
    ],
  );
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.position]),
    [['media-not-in-text', 2]],
  );
  // After <script/> the parser puts the rest of the page inside the script: that tweet is not read, but reported.
  assert.equal(r.found, 5);
  assert.deepEqual(
    r.skipped.map((d) => [d.code, d.position, d.line]),
    [['hidden-by-markup', 5, 16]],
  );
});

test('search-page fixture: retweet, duplicate, quote, photo, broken and hostile items', () => {
  const raw = rawTweets(SEARCH_FIXTURE);
  assert.equal(raw.length, 11);
  const file = ExportFile.read(SEARCH_FIXTURE);
  assert.equal(detectImporter(file).name, 'twitter-html');
  const parsed = twitterHtml.parse(file, {});
  assert.equal(parsed.found, 11);
  assert.equal(parsed.messages.length, 8);
  // Each skipped element is named with its own line.
  assert.deepEqual(
    parsed.skipped.map((d) => [d.code, d.position, d.line]),
    [
      ['time-unreadable', 6, raw[5].line],
      ['id-invalid', 7, raw[6].line],
      ['time-unreadable', 10, raw[9].line],
    ],
  );
  assert.deepEqual(
    parsed.diagnostics.map((d) => [d.code, d.position, d.line]),
    [['media-not-in-text', 8, raw[7].line]],
  );

  const t = importFiles([SEARCH_FIXTURE]);
  assertAccounting(t);
  const [src] = t.sources;
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [11, 7, 1, 3]);
  const dup = src.diagnostics.find((d) => d.code === 'duplicate')!;
  assert.equal(dup.messageId, '443808660976570369');
  assert.equal(dup.line, raw[4].line);
  assert.equal(t.participants.length, 6);
  assert.equal(t.messages[0].time, '2014-03-12T18:00:05.000Z');
  assert.equal(t.messages.at(-1)!.time, '2014-03-12T18:07:00.250Z');

  const msgs = byId(t);
  const q1 = msgs.get('443808660976570369')!;
  assert.equal(q1.text, 'Q1: What is your favourite tool? 🛠 #jamtest https://example.org/tools?x=1&y=2 https://pic.twitter.com/AbC123xyz');
  assert.deepEqual(q1.links, ['https://example.org/tools?x=1&y=2', 'https://pic.twitter.com/AbC123xyz']);
  assert.deepEqual(q1.hashtags, ['jamtest']);
  assert.equal(q1.origin.position, 1);

  // The retweet is the retweeter's message, timed by its own id, pointing at the original.
  const rt = msgs.get('443810402661306369')!;
  assert.deepEqual(rt.author, { handle: 'fan_1', name: 'Fan One' });
  assert.equal(rt.time, '2014-03-12T18:07:00.250Z');
  assert.deepEqual(rt.retweetOf, { handle: 'hostA', id: '443808660976570369' });
  assert.equal(rt.text, `RT @hostA: ${q1.text}`);
  assert.equal(rt.replyTo, null);

  // A search page does not say which tweet a reply answers: data-conversation-id is the root.
  const reply = msgs.get('443808933606330369')!;
  assert.equal(reply.text, '@hostA A1: pen & paper ✏️');
  assert.equal(reply.replyTo, null);
  // The quoted tweet's text does not leak into the quoting tweet.
  assert.equal(msgs.get('443809269150650369')!.text, 'A1: this 👇 #jamtest');
  // A photo with no pic.twitter link in the text keeps its URL in links.
  assert.deepEqual(msgs.get('443809646638010369')!.links, ['https://pbs.twimg.com/media/EveDesk1.jpg']);
  // Photos: 3 boxes in the raw file, one of them in the duplicate of q1, so 2 attachments; the quote has none.
  assert.deepEqual(rawMedia(SEARCH_FIXTURE).map((m) => m.photos.length), [1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
  assert.equal(t.messages.reduce((n, m) => n + m.attachments.length, 0), 2);
  assert.deepEqual(q1.attachments, [{ kind: 'image', url: 'https://pbs.twimg.com/media/AbC123xyz.jpg', alt: null, file: null }]);
  assert.deepEqual(msgs.get('443809646638010369')!.attachments, [{ kind: 'image', url: 'https://pbs.twimg.com/media/EveDesk1.jpg', alt: null, file: null }]);
  assert.deepEqual(msgs.get('443809269150650369')!.attachments, []);

  // Hostile markup: no script, style, handler or javascript: survives.
  const mal = msgs.get('443809982182330369')!;
  assert.equal(mal.text, 'A1 click done');
  assert.deepEqual(mal.links, []);
  assert.equal(mal.author.name, 'Mallory <script>');
  for (const m of t.messages) {
    assert.doesNotMatch(m.text, /alert|javascript|onerror|color:red|[<>]/);
    for (const l of m.links) assert.match(l, /^https?:\/\//);
  }
});

test('permalink fixture: replyTo only where the page states the parent', () => {
  const t = importFiles([PERMALINK_FIXTURE]);
  assertAccounting(t);
  const [src] = t.sources;
  assert.deepEqual([src.found, src.kept, src.merged, src.skipped], [10, 9, 1, 0]);
  const replies = Object.fromEntries(t.messages.map((m) => [m.author.handle + ':' + m.text, m.replyTo]));
  assert.deepEqual(replies, {
    'root_user:Starting a thread': null,
    // data-replied-tweet-id
    'host:Q1: which chain is this?': '594109007262650369',
    // first of a ThreadedConversation, "Replying to @host"
    'ana:A1 from Ana': '594111523845050369',
    // next in the chain, past a "View other replies" link
    'host:Thanks Ana': '594111775503290369',
    // after a collapsed "1 more reply": parent unknown
    'ana:After a gap': null,
    // "Replying to @someone_else" contradicts the layout
    'bob:Replying to someone else': null,
    // no data-has-parent-tweet
    'cat:No parent flag': null,
    // another conversation id
    'dan:Other conversation': null,
    'eve:A1 from Eve, no replying-to line': '594111523845050369',
  });
  // The focal tweet met again in the conversation is merged into the first (which keeps its parent).
  const dup = src.diagnostics.find((d) => d.code === 'duplicate')!;
  assert.equal(dup.messageId, '594111523845050369');
  assert.equal(dup.position, 10);
});

test('never throws on truncated or garbled pages; accounting holds', () => {
  const bytes = readFileSync(SEARCH_FIXTURE);
  for (let cut = 0; cut <= bytes.length; cut += 211) {
    const file = new ExportFile('cut.html', bytes.subarray(0, cut));
    const r = twitterHtml.parse(file, {});
    assert.equal(r.found, r.messages.length + r.skipped.length, `cut at ${cut}`);
    // (a lone "<" left at the cut is text, not markup)
    for (const m of r.messages) assert.doesNotMatch(m.text, /<[a-z!/]/i);
  }
  const garbled = Buffer.from(bytes.toString('utf8').replace(/data-time-ms="\d+"/g, 'data-time-ms="soon"').replace(/data-time="\d+"/g, ''));
  const r = twitterHtml.parse(new ExportFile('garbled.html', garbled), {});
  // Only the retweet still has a time (from its id); every other element is a diagnostic.
  assert.equal(r.found, 11);
  assert.deepEqual(r.messages.map((m) => m.id), ['443810402661306369']);
  assert.equal(r.skipped.length, 10);
});

test('detect: not an embed page, not plain text', () => {
  const page = (s: string) => new ExportFile('x.html', Buffer.from(s));
  assert.equal(twitterHtml.detect(page('<html><body><blockquote class="twitter-tweet"><p>hi</p></blockquote></body></html>'), {}), false);
  assert.equal(twitterHtml.detect(page('data-tweet-id="1" data-screen-name="a" class="tweet-text"'), {}), false);
  assert.equal(twitterHtml.detect(page(''), {}), false);
});
