/**
 * A synthetic TweetChat room page in the corpus page's markup (newest first,
 * windows-1252), for benchmarks and scale tests. Deterministic for a given count.
 */
import iconv from 'iconv-lite';

const WORDS = 'social business collaboration strategy customers community engage value culture teams learning tools'.split(' ');

export function tweetchatPage(count: number, { hosts = ['cmswire'], questionsEvery = 500 } = {}): Buffer {
  const start = Date.UTC(2012, 9, 24, 17, 0, 0);
  const rows: string[] = [];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < count; i++) {
    const id = (261150182077366272n + BigInt(i) * 1000n).toString();
    const isQuestion = i % questionsEvery === 0;
    const q = Math.floor(i / questionsEvery) + 1;
    const handle = isQuestion ? hosts[0] : `user${rand(2000)}`;
    const words = Array.from({ length: 8 + rand(12) }, () => WORDS[rand(WORDS.length)]).join(' ');
    const body = isQuestion ? `Q${q}. What about ${words}?` : `A${q}: ${words} \u2013 \u201cquoted\u201d\u2026 <a class="mention" href="http://twitter.com/${hosts[0]}">@${hosts[0]}</a> <a class="link" href="http://example.com/${i}">example.com/${i}</a>`;
    const t = new Date(start + i * 1500);
    const title = t.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 +0000 $4');
    rows.push(`<div class="tweet${isQuestion ? ' highlight' : ''}" id="tweet_${id}">
<div class="avatar"><a href="http://twitter.com/${handle}" target="_blank"><img src="./files/${handle}_normal.png" width="48" height="48" alt="${handle}"></a></div>
<div class="content">
<a class="user" href="http://twitter.com/${handle}" target="_blank" title="${handle}">${handle}</a>
<span class="text">${body} <a class="hashtag" href="http://twitter.com/search?q=%23socbizchat" target="_blank">#socbizchat</a></span>
<div class="meta"><a class="time" href="http://twitter.com/${handle}/status/${id}" target="_blank" title="${title}">1 hour ago</a> from <span class="source">TweetChat</span>
<span class="actions"><a class="reply" href="#" onclick="return tc.reply('${id}')">reply</a> <a class="retweet" href="#" onclick="return tc.retweet('${id}')">retweet</a> <a class="favorite" href="#" onclick="return tc.fav('${id}')">favorite</a></span></div>
</div>
</div>`);
  }
  rows.reverse();
  const html = `<!DOCTYPE html>
<!-- saved from url=(0036)http://tweetchat.com/room/socbizchat -->
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>TweetChat - #socbizchat</title></head>
<body class="room"><div id="stream">
${rows.join('\n')}
</div></body></html>`;
  return iconv.encode(html, 'windows-1252');
}
