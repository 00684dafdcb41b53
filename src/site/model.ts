/**
 * View models: everything the templates show, computed once per jam in
 * TypeScript so templates only loop and print. Templates never see raw
 * export markup; chat text reaches them either as plain strings (which
 * Nunjucks autoescapes) or as `textHtml`, built by `linkify` (every
 * character escaped, links only http(s) or the site's own pages).
 *
 * URLs are root-relative (`/jams/<slug>/...`).
 *
 * `JamModel` lists the steps; each step is a function of ./views/: urls,
 * messages, transcript-pages, recap-blocks, questions, participants and
 * downloads.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { handleKey, type SourceSummary, type Transcript } from '../model/transcript.ts';
import type { DownloadContext, DownloadFile } from '../downloads/index.ts';
import { cachedDownloads, downloadsKey, listDownloads, placeDownloads, renderAndStore, writeDownloadFiles, type DownloadEntry } from './download-cache.ts';
import type { PlaceMode } from './cache-files.ts';
import { MediaCollector, type MediaFile } from './media.ts';
import type { JamNotes } from './jam.ts';
import type { SiteOptions } from './options.ts';
import { publicUrl } from '../publish/urls.ts';
import { parseFrontDate, type RecapFront } from '../notes/recap-front.ts';
import { formatDateTime } from '../model/time-format.ts';
import { jamHref, transcriptUrl } from './views/urls.ts';
import { firstMessageAfterEnd, linkReplies, messageViews, repliedTexts, viewsById } from './views/messages.ts';
import { groupByQuestion, groupedOrder, placeOnPages, splitIntoPages, transcriptPageViews } from './views/transcript-pages.ts';
import { quoteAnchors, recapBlocks, teaserHtml, type ResolvedQuotes } from './views/recap-blocks.ts';
import { questionSources, questionTexts, questionTitle, questionViews, sectionQuestions, shareAnswerBudget } from './views/questions.ts';
import { hostViews, participantViews } from './views/participants.ts';
import { seriesHref, seriesSlug } from './series.ts';
import { downloadViews } from './views/downloads.ts';
import { addQuestionFacts } from './views/question-facts.ts';
import { recapCharts } from './charts/recap.ts';

export type {
  AttachmentView, MessageView, QuoteView, RecapBlock, QuestionView, ParticipantView, TranscriptSegment, TranscriptPageView, DownloadView,
} from '../publish/site-view.ts';
import type { ChartView, MessageView, RecapBlock, QuestionSummary, QuestionView, ParticipantView, TranscriptPageView, DownloadView, JamView, QuoteView } from '../publish/site-view.ts';
import { personParts, type PersonPart } from './views/person-parts.ts';
export { attachmentView } from './views/messages.ts';
export { personHref, transcriptUrl } from './views/urls.ts';
export type { ResolvedQuotes } from './views/recap-blocks.ts';

/** When the jam starts (UTC ISO, for sorting) and how its date reads: with the time in its timezone unless the front matter gives only a day. */
function jamDate(front: RecapFront): { startsAt: string; dateLabel: string } {
  const start = parseFrontDate(front.date, front.timezone)!;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(front.date.trim());
  return {
    startsAt: start.toUTC().toISO()!,
    dateLabel: dateOnly ? formatDateTime(start, 'cccc, LLLL d, yyyy') : formatDateTime(start.setZone(front.timezone), 'cccc, LLLL d, yyyy, h:mm a ZZZZ'),
  };
}

/** The jam's counts, for its page and the build's summary line. */
function jamStats(transcript: Transcript, views: MessageView[], questions: number, featured: number): JamView['stats'] {
  return {
    messages: transcript.messages.length,
    participants: transcript.participants.length,
    questions,
    featured,
    outside: views.filter((v) => v.question === 'none').length,
  };
}

export interface JamModelInput {
  notes: JamNotes;
  transcript: Transcript;
  quotes: ResolvedQuotes;
  exportPaths: string[];
  options: SiteOptions;
  /** Paths the transcript shows under a neutral name (redaction) -> the path in the jam's folder. */
  files?: ReadonlyMap<string, string>;
  /** The cache folder (src/site/cache.ts): the downloads are kept there by content hash; null or absent: rendered every time. */
  cacheDir?: string | null;
  /** What makes the transcript (download-cache.ts transcriptOrigin): the download key names it by this instead of hashing its JSON. */
  transcriptOrigin?: string | null;
}

/**
 * What only the jam's own pages (and its transcript downloads) need: every
 * message's view, the transcript pages, the transcript, the questions with
 * their answers. A model restored from the load cache starts without them
 * (jam-load-cache.ts keeps them in an entry of their own) and reads them
 * on first use, so a site lists, keys and links a jam it does not render
 * without holding its messages.
 */
export interface JamHeavy {
  messages: MessageView[];
  transcriptPages: TranscriptPageView[];
  transcript: Transcript;
  questions: QuestionView[];
}

/**
 * Where a model's heavy parts are kept besides memory (the load cache:
 * jam-load-cache.ts): the whole of them, and one person's messages.
 */
export interface StoredParts {
  heavy: () => JamHeavy;
  /** A participant's messages (by handle key), in transcript order; null when they cannot be read (the heavy parts are used instead). */
  person: (key: string) => MessageView[] | null;
}

/** Each model's stored parts (not a property: a model is serialized as data). */
const storedParts = new WeakMap<JamModel, StoredParts>();
/** Each model's person read last (a person page asks for each of their groups in turn). */
const lastPerson = new WeakMap<JamModel, { key: string; messages: MessageView[]; rank: Map<number, number> }>();
/** Each model's recap charts, drawn on first use (kept out of the model's data: the load cache does not store them). */
const drawnCharts = new WeakMap<JamModel, ChartView[]>();

/** The questions without their answers' messages. */
function questionSummaries(questions: QuestionView[]): QuestionSummary[] {
  return questions.map(({ answers, answersShown: _shown, ...rest }) => ({ ...rest, answerCount: answers.length }));
}

/** The text of every message the recap quotes (intro, sections, featured), by id. */
function quotedTexts(intro: RecapBlock[], questions: QuestionView[], transcript: Transcript): Map<string, string> {
  const quoted = new Set<string>();
  const add = (q: QuoteView) => quoted.add(q.message.id);
  for (const b of intro) if (b.quote) add(b.quote);
  for (const q of questions) {
    for (const b of q.blocks) if (b.quote) add(b.quote);
    q.featured.forEach(add);
  }
  const texts = new Map<string, string>();
  for (const m of transcript.messages) if (quoted.has(m.id) && !texts.has(m.id)) texts.set(m.id, m.text);
  return texts;
}

/**
 * One jam, ready for the templates. A class, not a plain object: Eleventy
 * deep-copies plain objects into every page's data, and a transcript of
 * tens of thousands of messages must be shared, not copied.
 */
export class JamModel implements JamView {
  readonly slug: string;
  readonly title: string;
  /** The notes say `draft: true`: built only with --drafts (and by serve), and the recap page says so in a banner. */
  readonly draft: boolean;
  readonly href: string;
  readonly recapPath: string;
  /** As written in the front matter. */
  readonly date: string;
  readonly dateLabel: string;
  /** For sorting: the start as UTC ISO. */
  readonly startsAt: string;
  readonly timezone: string;
  readonly hashtag: string;
  readonly seriesHref: string;
  readonly hosts: { handle: string; href: string | null }[];
  readonly introBlocks: RecapBlock[];
  /** The intro's first paragraph, for the home page. */
  readonly teaserHtml: string;
  readonly questionSummaries: QuestionSummary[];
  readonly quotedTexts: Map<string, string>;
  readonly participants: ParticipantView[];
  /** Each participant's part of their person page (views/person-parts.ts), by handle key. */
  readonly personParts: Map<string, PersonPart>;
  /** The exports the transcript was read from (`transcript.sources`). */
  readonly transcriptSources: SourceSummary[];
  readonly transcriptHref: string;
  readonly participantsHref: string;
  readonly downloadHref: string;
  readonly stats: { messages: number; participants: number; questions: number; featured: number; outside: number };
  readonly featuredCount: number;
  readonly questionTexts: Record<string, string>;
  readonly exportPaths: string[];
  /** The pictures saved with the exports that the pages show, to copy into the output. */
  readonly media: MediaFile[];

  /** Builds every view of the jam, step by step (the order matters: a message's place is known only once the pages are split). */
  constructor(input: JamModelInput) {
    const { notes, transcript, quotes, options } = input;
    const { front } = notes;
    this.transcriptSources = transcript.sources;
    this.exportPaths = input.exportPaths;
    this.jamDir = notes.dir;
    this.cacheDir = input.cacheDir ?? null;
    this.transcriptOrigin = input.transcriptOrigin ?? null;
    this.slug = notes.slug;
    this.recapPath = notes.recapPath;
    this.title = front.title;
    this.draft = front.draft === true;
    this.href = jamHref(this.slug);
    // The HTML download links back to the recap online: only with a base URL (an address a reader can open from a saved file).
    this.recapUrl = options.baseUrl ? publicUrl(this.href, { baseUrl: options.baseUrl, pathPrefix: options.pathPrefix }) : undefined;
    this.transcriptHref = transcriptUrl(this.slug, 1);
    this.participantsHref = `${this.href}participants/`;
    this.downloadHref = `${this.href}download/`;
    this.timezone = front.timezone;
    this.hashtag = front.hashtag;
    this.seriesHref = seriesHref(seriesSlug(this.hashtag));
    this.date = front.date;
    const when = jamDate(front);
    this.startsAt = when.startsAt;
    this.dateLabel = when.dateLabel;

    const participantKeys = new Set(transcript.participants.map((p) => handleKey(p.handle)));
    const questions = questionSources(transcript.questions, notes.body.sections, front.questions);
    this.questionTexts = questionTexts(questions, front.questions);
    const { anchors, quotedAt } = quoteAnchors(quotes, this.href);

    // Messages, then transcript pages by estimated size.
    const media = new MediaCollector(notes.dir);
    const views = messageViews(transcript, {
      jamHref: this.href,
      zone: front.timezone,
      participantKeys,
      askedBy: new Map(transcript.questions.map((q) => [q.messageId, q.id])),
      firstAfter: firstMessageAfterEnd(transcript),
      quotedAt,
      media,
      files: input.files,
    });
    this.media = media.files();
    const byId = viewsById(views);
    // The transcript's pages show the messages grouped by question, as the downloads do.
    const { order, keyOf } = groupedOrder(groupByQuestion(transcript, views, front.timezone));
    const pages = splitIntoPages(order, options.transcriptPageBytes);
    placeOnPages(pages, this.slug);
    linkReplies(views, byId, repliedTexts(transcript, views));
    const transcriptPages = transcriptPageViews(pages, this, (id) => questionTitle(questions, this.questionTexts, id), keyOf);

    // The recap: intro and one section per question, quotes in place.
    const intro = recapBlocks(notes.body.intro.blocks, { quotes, anchors, byId });
    this.introBlocks = intro.blocks;
    this.teaserHtml = teaserHtml(this.introBlocks);
    const questionList = questionViews(questions, { quotes, anchors, byId, jamHref: this.href, texts: this.questionTexts, views });
    shareAnswerBudget(questionList);
    addQuestionFacts(sectionQuestions(questionList));
    this.questionSummaries = questionSummaries(questionList);
    this.quotedTexts = quotedTexts(this.introBlocks, questionList, transcript);
    this.featuredCount = intro.featured.length + questionList.reduce((n, q) => n + q.featured.length, 0);
    this.heavyParts = { messages: views, transcriptPages, transcript, questions: questionList };

    this.participants = participantViews(transcript.participants, views, questions.order, this.href, transcript.jam.hosts);
    this.personParts = personParts(views, this.participants, questionList);
    this.hosts = hostViews(transcript.jam.hosts, participantKeys);
    this.stats = jamStats(transcript, views, questions.order.length, this.featuredCount);
  }

  /** Every message's view, in transcript order (heavy: see JamHeavy). */
  get messages(): MessageView[] {
    return this.heavy().messages;
  }

  get transcriptPages(): TranscriptPageView[] {
    return this.heavy().transcriptPages;
  }

  get transcript(): Transcript {
    return this.heavy().transcript;
  }

  /** The questions with their answers (the recap page lists them; the site-wide writers read `questionSummaries`). */
  get questions(): QuestionView[] {
    return this.heavy().questions;
  }

  /**
   * The recap page's charts (charts/recap.ts): activity over time, answers
   * and people per question (the questions with a section), the most
   * active participants. Drawn from the heavy parts on first use.
   */
  get charts(): ChartView[] {
    let drawn = drawnCharts.get(this);
    if (!drawn) {
      const { transcript, questions } = this.heavy();
      drawn = recapCharts({ messages: transcript.messages, asked: transcript.questions, questions: sectionQuestions(questions), participants: this.participants, zone: this.timezone });
      drawnCharts.set(this, drawn);
    }
    return drawn;
  }

  /** The heavy parts: in memory, or read where the load cache keeps them (kept until `dropHeavy`). */
  heavy(): JamHeavy {
    if (this.heavyParts) return this.heavyParts;
    const stored = storedParts.get(this);
    if (!stored) throw new Error(`the model of the jam "${this.slug}" has lost its messages`);
    this.heavyParts = stored.heavy();
    return this.heavyParts;
  }

  /** The heavy parts are kept in the load cache too (read back from there once dropped). */
  markStored(parts: StoredParts): void {
    storedParts.set(this, parts);
  }

  /** Let go of the heavy parts, when they are stored (`markStored`): a big site holds no jam's messages it is not rendering. */
  dropHeavy(): void {
    if (storedParts.has(this)) this.heavyParts = null;
    lastPerson.delete(this);
  }

  /**
   * A participant's messages in the groups of their person page (`at`:
   * places in `messages`, views/person-parts.ts): from the heavy parts when
   * they are in memory, else that person's own part of the load cache (not
   * the whole jam's), else the heavy parts read back.
   */
  personMessages(key: string, at: readonly number[]): MessageView[] {
    if (!this.heavyParts) {
      const mine = this.storedPerson(key);
      if (mine) return at.map((i) => mine.messages[mine.rank.get(i)!]);
    }
    return at.map((i) => this.messages[i]);
  }

  /** A person's messages from the load cache with each one's place in `messages` (null: not stored, unreadable or not as the lean model says). */
  private storedPerson(key: string): { messages: MessageView[]; rank: Map<number, number> } | null {
    const last = lastPerson.get(this);
    if (last?.key === key) return last;
    const places = this.personParts.get(key)?.groups.flatMap((g) => g.at).sort((a, b) => a - b);
    const messages = places ? storedParts.get(this)?.person(key) : null;
    if (!places || !messages || messages.length !== places.length) return null;
    const found = { key, messages, rank: new Map(places.map((p, i) => [p, i])) };
    lastPerson.set(this, found);
    return found;
  }

  /** Whether the heavy parts are in memory. */
  get holdsHeavy(): boolean {
    return this.heavyParts !== null;
  }

  /**
   * The model without its heavy parts, as plain data for the load cache
   * (restored by `JamModel.fromLean`); the download key is worked out
   * first, from the transcript, so the lean model never needs it.
   */
  leanCopy(): object {
    this.downloadKey();
    return { ...this, heavyParts: null };
  }

  /** A model from `leanCopy`'s data (deserialized), reading its heavy parts from `parts` on first use. */
  static fromLean(lean: object, parts: StoredParts): JamModel {
    const model = Object.setPrototypeOf(lean, JamModel.prototype) as JamModel;
    model.markStored(parts);
    return model;
  }

  /**
   * The downloads with their bytes, for writing them out: read from the
   * download cache, or rendered (and stored there), each time: the model
   * keeps no bytes, so a site holds one jam's at a time while they are
   * written. Without a cache folder (--no-cache) there is nowhere to read
   * them again from: rendered once and kept with the model, as before.
   */
  get downloadFiles(): DownloadFile[] {
    if (!this.cacheDir) {
      this.uncachedFiles ??= cachedDownloads(null, this.jamDir, this.transcript, this.downloadContext());
      this.downloadList ??= entriesOf(this.uncachedFiles);
      return this.uncachedFiles;
    }
    // The context (the exports' bytes) is read only to render on a miss: the key is kept.
    const files = cachedDownloads(this.cacheDir, this.jamDir, this.transcript, () => this.downloadContext(), this.downloadKey());
    this.downloadList ??= entriesOf(files);
    return files;
  }

  /**
   * Put the downloads in `dir` (made already, holding none of them): from
   * the download cache by `mode` (a hard link or a copy: cache-files.ts),
   * else rendered (and stored) and written. Returns how many.
   */
  placeDownloads(dir: string, mode: PlaceMode): number {
    if (!this.cacheDir) return writeDownloadFiles(dir, this.downloadFiles);
    const placed = placeDownloads(this.cacheDir, this.jamDir, this.downloadKey(), dir, mode);
    if (placed) {
      this.downloadList ??= placed;
      return placed.length;
    }
    const files = renderAndStore(this.cacheDir, this.jamDir, this.downloadKey(), this.transcript, this.downloadContext());
    this.downloadList ??= entriesOf(files);
    return writeDownloadFiles(dir, files);
  }

  /** The downloads as the download page lists them: names, types and sizes (from the cache entry's header when there is one). */
  get downloads(): DownloadView[] {
    this.downloadList ??= (this.cacheDir ? listDownloads(this.cacheDir, this.jamDir, this.downloadKey()) : null) ?? entriesOf(this.downloadFiles);
    return downloadViews(this.downloadList, this.downloadHref);
  }

  /** The download cache's key (the transcript named by its origin, the exports by their digests: no bytes read; made once). */
  private downloadKey(): string {
    const exports = this.exportPaths.map((p) => ({ name: basename(p), path: p }));
    this.downloadKeyCache ??= downloadsKey(this.transcript, { ...this.downloadSettings(), exports }, this.transcriptOrigin);
    return this.downloadKeyCache;
  }

  /** The download context but the exports (the key names them by digest, rendering needs their bytes). */
  private downloadSettings(): Omit<DownloadContext, 'exports'> {
    return { slug: this.slug, title: this.title, timezone: this.timezone, questionTexts: this.questionTexts, ...(this.recapUrl ? { recapUrl: this.recapUrl } : {}) };
  }

  private downloadContext(): DownloadContext {
    return { ...this.downloadSettings(), exports: this.exportPaths.map((p) => ({ name: basename(p), bytes: readFileSync(p) })) };
  }

  /** The recap's absolute address, when the site has a base URL. */
  private readonly recapUrl: string | undefined;
  private heavyParts: JamHeavy | null;
  private downloadList?: DownloadEntry[];
  private downloadKeyCache?: string;
  private readonly transcriptOrigin: string | null;
  /** Only without a cache folder. */
  private uncachedFiles?: DownloadFile[];
  private readonly jamDir: string;
  private readonly cacheDir: string | null;
}

/** What the download page needs of the files. */
function entriesOf(files: DownloadFile[]): DownloadEntry[] {
  return files.map((f) => ({ name: f.name, mediaType: f.mediaType, size: f.bytes.length }));
}

/** The jam's views, from its notes, transcript and resolved quotes. */
export function buildJamModel(input: JamModelInput): JamModel {
  return new JamModel(input);
}
