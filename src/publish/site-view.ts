/**
 * The site as the templates and the publishing writers see it: the view
 * types that src/site builds once per jam (site/model.ts, site/site.ts)
 * and that everything downstream only reads. Publishing sits below the
 * site, so the types it receives are declared here, not imported upward.
 */

import type { Transcript } from '../model/transcript.ts';
import type { AvatarView } from './avatars.ts';
export type { AvatarView } from './avatars.ts';

/**
 * A picture or video of a message as the templates show it: the site's own
 * copy (`src`) when the export saved one, else a labelled link to `href`
 * (never loaded), else just the label.
 */
export interface AttachmentView {
  kind: 'image' | 'video';
  /** Root-relative URL of the site's copy (`/media/<hash>.<ext>`), or null. */
  src: string | null;
  width: number | null;
  height: number | null;
  /** The alt text ('' when the export has none). */
  alt: string;
  /** Where it is on the web (http/https only), for the link. */
  href: string | null;
  /** "Image: alt", "Video: alt", or "Image (not saved with the export): alt". */
  label: string;
}

export interface MessageView {
  id: string;
  /** Element id on the transcript page: `m-<id>`. */
  anchor: string;
  /** The message on its transcript page. */
  href: string;
  /** Transcript page number (1-based). */
  page: number;
  /** "Q1", or "none". */
  question: string;
  questionHref: string | null;
  /** The question this message asks, if it is one. */
  asks: string | null;
  /** The first message after the chat's end (the transcript marks where the chat ended). */
  endsChat: boolean;
  handle: string;
  name: string | null;
  /** The author's person page; null when they are not listed (a redacted author). */
  personHref: string | null;
  /** ISO time for `<time datetime>`. */
  time: string;
  timeLabel: string;
  timeTitle: string;
  /** Escaped and linkified chat text. */
  textHtml: string;
  /** Original post (http/https). */
  url: string | null;
  /** Where `url` goes, as its link says it ("on twitter.com"); null without one. */
  urlSite: string | null;
  /** The message it replies to: its place and author when it is on the site, and its text shortened (`excerpt`, plain; views/reply-excerpt.ts). */
  replyTo: { id: string; href: string | null; handle: string | null; excerpt?: string | null } | null;
  retweetOf: string | null;
  /** Where the recap quotes this message. */
  quotedHref: string | null;
  attachments: AttachmentView[];
  /** The author's generated avatar (initials and colour: publish/avatars.ts); absent: none shown. */
  avatar?: AvatarView;
}

export interface QuoteView {
  anchor: string;
  message: MessageView;
}

export type RecapBlock = { html: string; quote?: undefined } | { quote: QuoteView; html?: undefined };

/**
 * A question as the site-wide writers see it (feeds, API, CMS exports,
 * recap downloads): everything but the messages that answer it, which only
 * the jam's own pages list (a site of many jams keeps these, not every
 * answer: site/model.ts).
 */
export type QuestionSummary = Omit<QuestionView, 'answers' | 'answersShown'> & {
  /** How many messages answer it. */
  answerCount: number;
};

export interface QuestionView {
  id: string;
  number: number;
  /** Element id of the recap section (`q1`). */
  anchor: string;
  href: string;
  /** The question as asked (editor override first), or ''. */
  text: string;
  /** The editor's heading from `## Q1 · heading`, or null. */
  heading: string | null;
  /** What the section is titled: heading, else text, else the id. */
  title: string;
  blocks: RecapBlock[];
  featured: QuoteView[];
  asked: MessageView | null;
  answers: MessageView[];
  /** The answers listed on the recap page (all of them, unless the page would grow past ~1 MB). */
  answersShown: MessageView[];
  /** Answers left for the transcript to show. */
  answersMore: number;
  /** Where the question starts in the transcript. */
  transcriptHref: string | null;
  /**
   * An AMA's question only (the crowd asks, guests answer: Question.asker):
   * who asked it. The recap lists the answered ones by asker and counts the
   * others.
   */
  asker?: string;
  /** An AMA's question only: whether a guest answered it. */
  answered?: boolean;
  /** Its numbers under its heading on the recap: answers (as `answers` counts them), the people who wrote them, when (views/question-facts.ts). */
  facts?: QuestionFacts;
  /** The sections before and after it on the recap page (null at either end; absent for a question without a section). */
  prev?: QuestionLink | null;
  next?: QuestionLink | null;
}

/** A question's numbers as its recap section states them. */
export interface QuestionFacts {
  answers: number;
  /** Distinct authors of its answers (by handle key). */
  people: number;
  /** From the first answer's time to the last's ("7:03–7:19 PM"), or null without answers. */
  span: string | null;
  /** All of it in one line: "18 answers · 12 people · 7:03–7:19 PM". */
  label: string;
}

/** Another question's section, as a link to it. */
export interface QuestionLink {
  id: string;
  title: string;
  /** Element id of its section (`q2`). */
  anchor: string;
}

export interface ParticipantView {
  handle: string;
  name: string | null;
  /** One of the jam's hosts (an AMA's guests). */
  host: boolean;
  href: string;
  messages: number;
  questions: { id: string; href: string }[];
  /** Their generated avatar (publish/avatars.ts), for the participants table (the `avatar` macro). */
  avatar?: AvatarView;
}

export interface TranscriptSegment {
  heading: { id: string; anchor: string; title: string; href: string; continued: boolean } | null;
  /** The heading of a group that is not a question's: "Before the first question", "After the chat" (goodbyes, later chatter); null on the page it continues onto. */
  marker: string | null;
  /** The marker heading's element id (`before-the-questions`, `after-the-chat`). */
  markerId: string | null;
  messages: MessageView[];
}

export interface TranscriptPageView {
  jamSlug: string;
  jamTitle: string;
  jamHref: string;
  number: number;
  count: number;
  url: string;
  prevUrl: string | null;
  nextUrl: string | null;
  pages: { number: number; url: string; current: boolean }[];
  segments: TranscriptSegment[];
  messageCount: number;
  /** When the jam was, and the zone of the times on the page. */
  dateLabel: string;
  timezone: string;
  /** Every question's part of the transcript, on whichever page it starts: the index at the top of each page. */
  questionIndex: { id: string; title: string; href: string }[];
}

export interface DownloadView {
  name: string;
  href: string;
  bytes: number;
  size: string;
  mediaType: string;
  label: string;
}

export interface PersonJam {
  slug: string;
  title: string;
  href: string;
  dateLabel: string;
  participantsHref: string;
  count: number;
  /** Per question: the messages, and their places in the jam's list of messages (`at`: what the person page's key names them by). */
  groups: { id: string; label: string; href: string | null; at: number[]; messages: MessageView[] }[];
}

export interface PersonView {
  key: string;
  slug: string;
  handle: string;
  name: string | null;
  href: string;
  messages: number;
  jams: PersonJam[];
  /** Their generated avatar (publish/avatars.ts `avatarFor`), for the people table and their page. */
  avatar?: AvatarView;
}

/** One jam of a hashtag series, as the series page lists it. */
export interface SeriesJam {
  slug: string;
  title: string;
  href: string;
  /** As written in the front matter. */
  date: string;
  dateLabel: string;
  messages: number;
  participants: number;
}

/** Someone who posted in a series: their messages summed over its jams. */
export interface SeriesPerson {
  handle: string;
  name: string | null;
  /** Their person page. */
  href: string;
  /** Messages in all the series' jams. */
  messages: number;
  /** How many of the series' jams they posted in. */
  jams: number;
}

/** All the jams of one hashtag (site/series.ts): the series page at `/series/<slug>/`. */
export interface SeriesView {
  /** The hashtag (without `#`) as its newest jam writes it. */
  hashtag: string;
  slug: string;
  /** `/series/<slug>/`. */
  href: string;
  /** Newest first. */
  jams: SeriesJam[];
  /** Most messages first, then by handle. */
  people: SeriesPerson[];
  /** Messages in all its jams. */
  messages: number;
}

export interface HashedAsset {
  /** The theme's name for it: `site.css`. */
  name: string;
  /** Path under the output folder: `assets/site.0123abcd.css`. */
  file: string;
  /** Root-relative URL: `/assets/site.0123abcd.css`. */
  url: string;
  /** The first 8 hex digits of the SHA-256 of the bytes. */
  hash: string;
  bytes: Buffer;
}

/**
 * A chart drawn at build time (site/charts/): inline SVG with its title
 * and summary, and the numbers it shows as table rows for screen readers.
 */
export interface ChartView {
  /** Element ids inside the SVG start with it; unique on its page. */
  id: string;
  title: string;
  /** What the chart shows, in words (the figure's caption and the SVG's `<desc>`). */
  summary: string;
  /** The `<svg>` element, every text in it escaped; no style attributes. */
  svg: string;
  /** The table's column headings and rows (plain text: the templates escape them). */
  head: string[];
  rows: string[][];
}

/** One jam's views: what `JamModel` (site/model.ts) gives the templates and writers. */
export interface JamView {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
  /** As written in the front matter. */
  readonly date: string;
  readonly dateLabel: string;
  /** The start as UTC ISO. */
  readonly startsAt: string;
  readonly timezone: string;
  readonly hashtag: string;
  /** The page of the jam's hashtag series (`/series/<slug>/`). */
  readonly seriesHref: string;
  readonly hosts: { handle: string; href: string | null }[];
  readonly introBlocks: RecapBlock[];
  /** The intro's first paragraph. */
  readonly teaserHtml: string;
  readonly questions: QuestionView[];
  readonly participants: ParticipantView[];
  readonly messages: MessageView[];
  readonly transcriptPages: TranscriptPageView[];
  readonly transcriptHref: string;
  readonly participantsHref: string;
  readonly downloadHref: string;
  readonly stats: { messages: number; participants: number; questions: number; featured: number; outside: number };
  readonly transcript: Transcript;
  /** The questions without their answers' messages (what the site-wide writers need: a site keeps these for every jam). */
  readonly questionSummaries: QuestionSummary[];
  /** The text of each message the recap quotes, by id (as the transcript has it). */
  readonly quotedTexts: ReadonlyMap<string, string>;
  /** The pictures to copy into the output: path under it and bytes. */
  readonly media: readonly { url: string; bytes: Uint8Array }[];
  readonly downloads: DownloadView[];
}

/** The whole site's views (`SiteModel`, site/site.ts). */
export interface SiteView {
  /** Newest first. */
  readonly jams: readonly JamView[];
  readonly people: readonly PersonView[];
  readonly baseUrl: string;
}
