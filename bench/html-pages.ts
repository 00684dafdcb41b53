/**
 * Synthetic saved pages for benchmarks, one per HTML importer besides TweetChat
 * (see tweetchat-page.ts): a Storify story, a legacy twitter.com search page and
 * a blog page of embedded tweets, each in the corpus pages' markup, UTF-8,
 * oldest first. Deterministic for a given count.
 */

const WORDS = 'learning tools community strategy apps teams value culture design feedback practice ideas'.split(' ');
/** Twitter's Snowflake epoch (ms): an id whose time bits say `ms`. */
const SNOWFLAKE_EPOCH = 1288834974657n;
const START = Date.UTC(2017, 11, 21, 15, 0, 0);
const MONTHS = 'January February March April May June July August September October November December'.split(' ');

interface Row {
  id: string;
  handle: string;
  ms: number;
  words: string;
  question: boolean;
}

/** The rows every page shows: a host asking a question every `questionsEvery`, answers by 2,000 users. */
function rows(count: number, questionsEvery = 500): Row[] {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const ms = START + i * 1500;
    const question = i % questionsEvery === 0;
    const q = Math.floor(i / questionsEvery) + 1;
    const words = Array.from({ length: 8 + rand(12) }, () => WORDS[rand(WORDS.length)]).join(' ');
    return {
      id: ((BigInt(ms) - SNOWFLAKE_EPOCH) << 22n).toString(),
      handle: question ? 'lrnchat' : `user${rand(2000)}`,
      ms,
      words: question ? `Q${q}) What about ${words}?` : `A${q} ${words} \u2013 \u201cquoted\u201d \u{1F600}`,
      question,
    };
  });
}

const page = (head: string, body: string) => `<!DOCTYPE html>
${head}
<html lang="en"><head><meta charset="utf-8"><title>Bench page</title></head>
<body>
${body}
</body></html>
`;

/** A Storify story: `ol.s-elements > li.s-element[data-type=quote]`, as in storify-html/. */
export function storifyPage(count: number): Buffer {
  const items = rows(count).map(
    (r) =>
      `<li data-eid="e${r.id}" data-type="quote" data-source="twitter" data-permalink="https://twitter.com/${r.handle}/status/${r.id}" class="s-element s-element-quote"><div class="s-share-dropdown"></div><div class="s-element-container"><div class="s-quote s-element-content"><div class="s-quote-content"><div class="s-quote-avatar-author s-quote-avatar-twitter"><a href="https://twitter.com/${r.handle}" target="_blank" class="s-quote-avatar"><img src="./story_files/profile_image" alt="${r.handle}"></a><div class="s-quote-author"><a href="https://twitter.com/${r.handle}" target="_blank" class="s-quote-author-name">User ${r.handle}</a><a href="https://twitter.com/${r.handle}" target="_blank" class="s-quote-author-username">@${r.handle}</a></div></div><div class="s-quote-text emojify">${r.words} <a href="https://twitter.com/#!/search?q=%23lrnchat" title="#lrnchat" class="tweet-url hashtag" target="_blank" rel="nofollow">#lrnchat</a> <a href="https://t.co/Ab${r.id.slice(-6)}" target="_blank" title="https://example.com/${r.id}" rel="nofollow"><span class="tco-ellipsis"><span style="position:absolute;left:-9999px;">&nbsp;</span></span><span style="position:absolute;left:-9999px;">https://</span><span class="js-display-url">example.com/${r.id.slice(0, 6)}</span><span style="position:absolute;left:-9999px;">${r.id.slice(6)}</span><span class="tco-ellipsis"><span style="position:absolute;left:-9999px;">&nbsp;</span>…</span></a></div></div><div class="s-attribution"><div class="s-source s-twitter"><a href="https://twitter.com/" target="_blank" rel="nofollow"><div class="s-source-icon storifycon-source-twitter"></div></a></div><a href="https://twitter.com/${r.handle}/status/${r.id}" target="_blank" rel="nofollow" class="s-posted"><span data-timestamp="${new Date(r.ms).toISOString()}" class="timestamp">2 years ago</span></a><div class="s-element-actions"><a href="http://twitter.com/intent/tweet?in_reply_to=${r.id}&amp;related=storify" target="_blank" title="Reply" class="twitter-newwindow twitter-reply">Reply</a><a href="http://twitter.com/intent/retweet?tweet_id=${r.id}&amp;related=storify" target="_blank" title="Retweet" class="twitter-newwindow twitter-retweet">Retweet</a></div><div class="s-clear"></div></div></div><div class="s-clear"></div></div></li>`,
  );
  const body = `<div class="s-story"><h1 class="s-title emojify">#lrnchat bench story</h1><ol class="s-elements">${items.join('')}</ol></div>`;
  return Buffer.from(page('<!-- saved from url=(0045)https://storify.com/bench/lrnchat-bench-story -->', body), 'utf8');
}

/** A legacy twitter.com search page: `li.stream-item > div.tweet[data-tweet-id]`, as in twitter-html/. */
export function twitterSearchPage(count: number): Buffer {
  const items = rows(count).map(
    (r) => `<li class="js-stream-item stream-item stream-item" data-item-id="${r.id}" id="stream-item-tweet-${r.id}" data-item-type="tweet">
  <div class="tweet js-stream-tweet js-actionable-tweet js-profile-popup-actionable original-tweet js-original-tweet"
data-tweet-id="${r.id}" data-item-id="${r.id}" data-permalink-path="/${r.handle}/status/${r.id}"
data-screen-name="${r.handle}" data-name="User ${r.handle}" data-user-id="1${r.id.slice(-5)}">
    <div class="context"></div>
    <div class="content">
      <div class="stream-item-header">
        <a class="account-group js-account-group js-action-profile js-user-profile-link js-nav" href="/${r.handle}">
          <strong class="fullname js-action-profile-name show-popup-with-id" data-aria-label-part>User ${r.handle}</strong>
          <span>&rlm;</span><span class="username js-action-profile-name" data-aria-label-part><s>@</s><b>${r.handle}</b></span>
        </a>
        <small class="time"><a href="/${r.handle}/status/${r.id}" class="tweet-timestamp js-permalink js-nav js-tooltip" title="3:00 PM - 21 Dec 2017"><span class="_timestamp js-short-timestamp" data-aria-label-part="last" data-time="${Math.floor(r.ms / 1000)}" data-time-ms="${r.ms}" data-long-form="true">Dec 21</span></a></small>
      </div>
      <div class="js-tweet-text-container">
  <p class="TweetTextSize  js-tweet-text tweet-text" lang="en" data-aria-label-part="0">${r.words} <a href="/hashtag/lrnchat?src=hash" data-query-source="hashtag_click" class="twitter-hashtag pretty-link js-nav" dir="ltr"><s>#</s><b>lrnchat</b></a> <a href="https://t.co/Ab${r.id.slice(-6)}" rel="nofollow" dir="ltr" data-expanded-url="https://example.com/${r.id}" class="twitter-timeline-link" target="_blank" title="https://example.com/${r.id}"><span class="tco-ellipsis"></span><span class="invisible">https://</span><span class="js-display-url">example.com/${r.id.slice(0, 6)}</span><span class="invisible">${r.id.slice(6)}</span><span class="tco-ellipsis"><span class="invisible">&nbsp;</span>…</span></a></p>
</div>
      <div class="stream-item-footer"><div class="ProfileTweet-actionList js-actions" role="group"><div class="ProfileTweet-action ProfileTweet-action--reply"><button class="ProfileTweet-actionButton js-actionButton js-actionReply" type="button"><span class="ProfileTweet-actionCount">0</span></button></div></div></div>
    </div>
  </div>
</li>`,
  );
  const body = `<div class="stream"><ol class="stream-items js-navigable-stream" id="stream-items-id">\n${items.join('\n')}\n</ol></div>`;
  return Buffer.from(page('<!-- saved from url=(0043)https://twitter.com/search?q=%23lrnchat -->', body), 'utf8');
}

/** A blog page of embedded tweets: `blockquote.twitter-tweet` without widgets.js, as in twitter-embed-blockquote/. */
export function embedPage(count: number): Buffer {
  const items = rows(count).map((r) => {
    const d = new Date(r.ms);
    const date = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
    return `<p>Entry ${r.id.slice(-4)} of the diary.</p>
<blockquote class="twitter-tweet"><p lang="en" dir="ltr">${r.words} <a href="https://twitter.com/hashtag/lrnchat?src=hash&amp;ref_src=twsrc%5Etfw">#lrnchat</a></p>&mdash; User ${r.handle} (@${r.handle}) <a href="https://twitter.com/${r.handle}/status/${r.id}?ref_src=twsrc%5Etfw">${date}</a></blockquote>`;
  });
  return Buffer.from(page('', `<div class="entry">\n${items.join('\n')}\n</div>`), 'utf8');
}
