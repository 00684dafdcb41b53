/**
 * View models: everything the templates show, computed once per jam in
 * TypeScript so templates only loop and print. Templates never see raw
 * export markup; chat text reaches them either as plain strings (which
 * Nunjucks autoescapes) or as `textHtml`, built by `linkify` (every
 * character escaped, links only http(s) or the site's own pages).
 *
 * URLs are root-relative (`/jams/<slug>/...`).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import { handleKey, type Attachment, type Message, type Transcript } from '../model/transcript.ts';
import { safeHttpUrl } from '../model/entities.ts';
import { repeatsMessage } from '../model/text-match.ts';
import { linkify, safeHref, twitterHashtag, twitterProfile } from '../model/html.ts';
import { renderDownloads, type DownloadFile } from '../downloads/index.ts';
import { firstParagraph, renderMarkdown } from '../notes/markdown.ts';
import { MediaCollector, type MediaFile } from './media.ts';
import type { BodyBlock, QuoteRef } from '../notes/recap-body.ts';
import type { JamNotes } from './jam.ts';
import type { SiteOptions } from './options.ts';
import { parseFrontDate } from '../notes/recap-front.ts';
import { personSlug } from './slug.ts';
import { compareQuestionIds, questionNumber } from '../model/question-id.ts';

export type {
  AttachmentView, MessageView, QuoteView, RecapBlock, QuestionView, ParticipantView, TranscriptSegment, TranscriptPageView, DownloadView,
} from '../publish/site-view.ts';
import type { AttachmentView, MessageView, QuoteView, RecapBlock, QuestionView, ParticipantView, TranscriptSegment, TranscriptPageView, DownloadView, JamView } from '../publish/site-view.ts';

export type ResolvedQuotes = Map<QuoteRef, Message>;

const LOCALE = { locale: 'en-US' } as const;

/** One line of alt text (exports keep the tweet's line breaks in it). */
function altText(a: Attachment): string {
  return (a.alt ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * How an attachment is shown: its saved copy when there is one, else a
 * labelled link. The label leaves out an alt text that only repeats the
 * message's own words (Storify copies the tweet there), which is shown
 * right above it.
 */
export function attachmentView(a: Attachment, media: MediaFile | null, messageText = ''): AttachmentView {
  const alt = altText(a);
  const kind = a.kind === 'video' ? 'video' : 'image';
  const href = safeHttpUrl(a.url);
  const noun = kind === 'video' ? 'Video' : 'Image';
  const said = repeatsMessage(alt, messageText) ? '' : alt;
  const label = href ? `${noun}${said ? `: ${said}` : ''}` : `${noun} (not saved with the export)${said ? `: ${said}` : ''}`;
  const local = kind === 'image' ? media : null;
  return { kind, src: local?.url ?? null, width: local?.width ?? null, height: local?.height ?? null, alt, href, label };
}

/** Rough size of a message's attachments in its article. */
function attachmentBytes(v: MessageView): number {
  return v.attachments.reduce((n, a) => n + 200 + 2 * Buffer.byteLength(a.label) + Buffer.byteLength(a.href ?? ''), 0);
}

function jamHref(slug: string): string {
  return `/jams/${slug}/`;
}

export function transcriptUrl(slug: string, page: number): string {
  return page <= 1 ? `/jams/${slug}/transcript/` : `/jams/${slug}/transcript/${page}/`;
}

export function personHref(handle: string): string {
  return `/participants/${personSlug(handle)}/`;
}

function questionAnchor(id: string): string {
  return id.toLowerCase();
}

const TWITTERISH = /tweet|twitter|twarc|storify/i;

function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const DOWNLOAD_LABELS: [RegExp, string][] = [
  [/\.json$/, 'JSON (the transcript schema)'],
  [/-spreadsheet\.csv$/, "CSV for Excel and other spreadsheets (safe to double-click: a cell starting with = + - or @ gets a leading ')"],
  [/\.csv$/, 'CSV, exact (for scripts and re-import: every cell as in the JSON; open it in a spreadsheet through its import, not by double-click)'],
  [/\.md$/, 'Markdown'],
  [/\.txt$/, 'Plain text'],
  [/\.html$/, 'Web page (reads offline, prints)'],
  [/\.zip$/, 'Archive (all formats, the original exports, SHA-256 manifest)'],
];

/** Budget for the answers listed on one recap page (the rest of the page is small). */
const RECAP_ANSWERS_BYTES = 600_000;

/** Rough size of an answer in the recap's list. */
function estimateAnswerBytes(v: MessageView): number {
  return 450 + Buffer.byteLength(v.textHtml) + 2 * Buffer.byteLength(v.handle) + 2 * v.id.length + attachmentBytes(v);
}

/** Rough size of a message's article on a transcript page, for splitting pages. */
function estimateBytes(v: MessageView): number {
  return 900 + Buffer.byteLength(v.textHtml) + 3 * Buffer.byteLength(v.handle) + Buffer.byteLength(v.name ?? '') + Buffer.byteLength(v.url ?? '') + 6 * v.id.length + attachmentBytes(v);
}

export interface JamModelInput {
  notes: JamNotes;
  transcript: Transcript;
  quotes: ResolvedQuotes;
  exportPaths: string[];
  options: SiteOptions;
  /** Paths the transcript shows under a neutral name (redaction) -> the path in the jam's folder. */
  files?: ReadonlyMap<string, string>;
}

/**
 * One jam, ready for the templates. A class, not a plain object: Eleventy
 * deep-copies plain objects into every page's data, and a transcript of
 * tens of thousands of messages must be shared, not copied.
 */
export class JamModel implements JamView {
  readonly slug: string;
  readonly title: string;
  readonly href: string;
  readonly recapPath: string;
  /** As written in the front matter. */
  readonly date: string;
  readonly dateLabel: string;
  /** For sorting: the start as UTC ISO. */
  readonly startsAt: string;
  readonly timezone: string;
  readonly hashtag: string;
  readonly hosts: { handle: string; href: string | null }[];
  readonly introBlocks: RecapBlock[];
  /** The intro's first paragraph, for the home page. */
  readonly teaserHtml: string;
  readonly questions: QuestionView[];
  readonly participants: ParticipantView[];
  readonly messages: MessageView[];
  readonly transcriptPages: TranscriptPageView[];
  readonly transcriptHref: string;
  readonly participantsHref: string;
  readonly downloadHref: string;
  readonly stats: { messages: number; participants: number; questions: number; featured: number; outside: number };
  readonly featuredCount: number;
  readonly questionTexts: Record<string, string>;
  readonly exportPaths: string[];
  readonly transcript: Transcript;
  /** The pictures saved with the exports that the pages show, to copy into the output. */
  readonly media: MediaFile[];

  constructor(input: JamModelInput) {
    const { notes, transcript, quotes, options } = input;
    const { front } = notes;
    this.transcript = transcript;
    this.exportPaths = input.exportPaths;
    this.slug = notes.slug;
    this.recapPath = notes.recapPath;
    this.title = front.title;
    this.href = jamHref(this.slug);
    this.transcriptHref = transcriptUrl(this.slug, 1);
    this.participantsHref = `${this.href}participants/`;
    this.downloadHref = `${this.href}download/`;
    this.timezone = front.timezone;
    this.hashtag = front.hashtag;
    this.date = front.date;
    const start = parseFrontDate(front.date, front.timezone)!;
    this.startsAt = start.toUTC().toISO()!;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(front.date.trim());
    this.dateLabel = dateOnly ? start.toFormat('cccc, LLLL d, yyyy', LOCALE) : start.setZone(front.timezone).toFormat("cccc, LLLL d, yyyy, h:mm a ZZZZ", LOCALE);

    const zone = front.timezone;
    const participantKeys = new Set(transcript.participants.map((p) => handleKey(p.handle)));
    const days = new Set(transcript.messages.map((m) => DateTime.fromISO(m.time, { zone: 'utc' }).setZone(zone).toISODate()));
    const multiDay = days.size > 1;
    const twitterish = transcript.sources.some((s) => TWITTERISH.test(s.format));

    // Question ids from the transcript, the notes' sections and the overrides.
    const transcriptQuestions = new Map(transcript.questions.map((q) => [q.id, q]));
    const sectionById = new Map(notes.body.sections.map((s) => [s.id!, s]));
    const ids = new Set<string>([...transcriptQuestions.keys(), ...sectionById.keys(), ...Object.keys(front.questions)]);
    const order = [...ids].sort(compareQuestionIds);
    const askedBy = new Map(transcript.questions.map((q) => [q.messageId, q.id]));
    // Where the chat ended: the first message after its end (none when it ran to the last message).
    const firstAfter = transcript.jam.end ? transcript.messages.find((m) => m.time > transcript.jam.end!)?.id ?? null : null;
    this.questionTexts = {};
    for (const id of order) {
      const text = front.questions[id] ?? transcriptQuestions.get(id)?.text;
      if (text) this.questionTexts[id] = text;
    }

    // Quotes: first anchor per message gets the transcript's back-link.
    const quoteAnchors = new Map<QuoteRef, string>();
    const quotedAt = new Map<string, string>();
    const anchorCount = new Map<string, number>();
    for (const [ref, m] of quotes) {
      const n = (anchorCount.get(m.id) ?? 0) + 1;
      anchorCount.set(m.id, n);
      const anchor = n === 1 ? `quote-${m.id}` : `quote-${m.id}-${n}`;
      quoteAnchors.set(ref, anchor);
      if (n === 1) quotedAt.set(m.id, `${this.href}#${anchor}`);
    }

    // Messages, then pages by estimated size.
    const linkOptions = {
      mentionHref: (h: string) => (participantKeys.has(handleKey(h)) ? personHref(h) : twitterish ? twitterProfile(h) : null),
      hashtagHref: twitterish ? twitterHashtag : null,
      allowRelative: true,
    };
    const media = new MediaCollector(notes.dir);
    const views: MessageView[] = transcript.messages.map((m) => {
      const t = DateTime.fromISO(m.time, { zone: 'utc' }).setZone(zone);
      const dayOnly = m.timePrecision === 'day' || !t.isValid;
      const q = m.question ?? 'none';
      return {
        id: m.id,
        anchor: `m-${m.id}`,
        href: '',
        page: 1,
        question: q,
        questionHref: m.question ? `${this.href}#${questionAnchor(m.question)}` : null,
        asks: askedBy.get(m.id) ?? null,
        endsChat: m.id === firstAfter,
        handle: m.author.handle,
        name: m.author.name,
        personHref: participantKeys.has(handleKey(m.author.handle)) ? personHref(m.author.handle) : null,
        time: m.time,
        timeLabel: !t.isValid ? m.time : dayOnly ? t.toFormat('LLL d, yyyy', LOCALE) : t.toFormat(multiDay ? 'LLL d, h:mm a' : 'h:mm a', LOCALE),
        timeTitle: !t.isValid ? m.time : dayOnly ? t.toISODate()! : t.toFormat(m.timePrecision === 'minute' ? 'yyyy-LL-dd HH:mm ZZZZ' : 'yyyy-LL-dd HH:mm:ss ZZZZ', LOCALE),
        textHtml: linkify(m.text, linkOptions),
        url: safeHref(m.url),
        replyTo: m.replyTo ? { id: m.replyTo, href: null, handle: null } : null,
        retweetOf: m.retweetOf?.handle ?? null,
        quotedHref: quotedAt.get(m.id) ?? null,
        attachments: (m.attachments ?? []).map((a) => attachmentView(a, a.kind === 'image' ? media.get(a.file === null ? null : input.files?.get(a.file) ?? a.file) : null, m.text)),
      };
    });
    this.media = media.files();
    const byId = new Map<string, MessageView>();
    for (const v of views) if (!byId.has(v.id)) byId.set(v.id, v);

    // Split into pages: no page's estimated articles exceed the budget.
    const budget = Math.max(10_000, options.transcriptPageBytes);
    const pageOf: MessageView[][] = [[]];
    let used = 0;
    for (const v of views) {
      const size = estimateBytes(v);
      if (used + size > budget && pageOf[pageOf.length - 1].length) {
        pageOf.push([]);
        used = 0;
      }
      pageOf[pageOf.length - 1].push(v);
      used += size;
    }
    pageOf.forEach((list, i) => {
      for (const v of list) {
        v.page = i + 1;
        v.href = `${transcriptUrl(this.slug, i + 1)}#${v.anchor}`;
      }
    });
    for (const v of views) {
      if (!v.replyTo) continue;
      const target = byId.get(v.replyTo.id);
      v.replyTo.href = target?.href ?? null;
      v.replyTo.handle = target?.handle ?? null;
    }
    this.messages = views;

    const questionTitle = (id: string) => {
      const s = sectionById.get(id);
      return s?.heading ?? this.questionTexts[id] ?? id;
    };
    const pages = pageOf.map((_, i) => ({ number: i + 1, url: transcriptUrl(this.slug, i + 1) }));
    let currentQuestion: string | null = null;
    this.transcriptPages = pageOf.map((list, i) => {
      const segments: TranscriptSegment[] = [];
      for (const v of list) {
        const starts = v.asks;
        if (starts) currentQuestion = starts;
        if (v.endsChat) currentQuestion = null;
        const last = segments[segments.length - 1];
        if (v.endsChat) segments.push({ heading: null, marker: 'After the chat', messages: [v] });
        else if (!last || starts) {
          const qid: string | null = starts ?? currentQuestion;
          segments.push({
            heading: qid ? { id: qid, anchor: questionAnchor(qid), title: questionTitle(qid), href: `${this.href}#${questionAnchor(qid)}`, continued: !starts } : null,
            marker: null,
            messages: [v],
          });
        } else {
          last.messages.push(v);
        }
      }
      return {
        jamSlug: this.slug,
        jamTitle: this.title,
        jamHref: this.href,
        number: i + 1,
        count: pageOf.length,
        url: transcriptUrl(this.slug, i + 1),
        prevUrl: i > 0 ? transcriptUrl(this.slug, i) : null,
        nextUrl: i + 1 < pageOf.length ? transcriptUrl(this.slug, i + 2) : null,
        pages: pages.map((p) => ({ ...p, current: p.number === i + 1 })),
        segments,
        messageCount: list.length,
      };
    });

    // The recap: intro and one section per question, quotes in place.
    const blocks = (list: BodyBlock[], featured: QuoteView[]): RecapBlock[] =>
      list.map((b) => {
        if (b.kind === 'markdown') return { html: renderMarkdown(b.text) };
        const m = quotes.get(b)!;
        const qv: QuoteView = { anchor: quoteAnchors.get(b)!, message: byId.get(m.id)! };
        featured.push(qv);
        return { quote: qv };
      });
    const introFeatured: QuoteView[] = [];
    this.introBlocks = blocks(notes.body.intro.blocks, introFeatured);
    const firstHtml = this.introBlocks.find((b) => b.html !== undefined && firstParagraph(b.html));
    this.teaserHtml = firstHtml?.html ? firstParagraph(firstHtml.html) : '';
    this.questions = order.map((id) => {
      const section = sectionById.get(id);
      const tq = transcriptQuestions.get(id);
      const featured: QuoteView[] = [];
      const text = this.questionTexts[id] ?? '';
      return {
        id,
        number: questionNumber(id),
        anchor: questionAnchor(id),
        href: `${this.href}#${questionAnchor(id)}`,
        text,
        heading: section?.heading ?? null,
        title: section?.heading ?? (text || id),
        blocks: section ? blocks(section.blocks, featured) : [],
        featured,
        asked: tq ? (byId.get(tq.messageId) ?? null) : null,
        answers: views.filter((v) => v.question === id && v.asks !== id),
        answersShown: [],
        answersMore: 0,
        transcriptHref: tq ? (byId.get(tq.messageId)?.href ?? null) : null,
      };
    });
    // All answers go on the recap page unless that would make it too big to
    // serve comfortably; then each question lists its first answers (the
    // same share for every question) and links to the transcript for more.
    const answerBytes = this.questions.reduce((n, q) => n + q.answers.reduce((m, v) => m + estimateAnswerBytes(v), 0), 0);
    const share = answerBytes > RECAP_ANSWERS_BYTES ? RECAP_ANSWERS_BYTES / answerBytes : 1;
    for (const q of this.questions) {
      const shown = share < 1 ? Math.floor(q.answers.length * share) : q.answers.length;
      q.answersShown = q.answers.slice(0, shown);
      q.answersMore = q.answers.length - shown;
    }
    this.featuredCount = introFeatured.length + this.questions.reduce((n, q) => n + q.featured.length, 0);

    // Participants of this jam, with the questions they took part in.
    const questionsOf = new Map<string, Set<string>>();
    for (const v of views) {
      if (v.question === 'none') continue;
      const k = handleKey(v.handle);
      if (!questionsOf.has(k)) questionsOf.set(k, new Set());
      questionsOf.get(k)!.add(v.question);
    }
    this.participants = transcript.participants.map((p) => ({
      handle: p.handle,
      name: p.name,
      href: personHref(p.handle),
      messages: p.messages,
      questions: order.filter((id) => questionsOf.get(handleKey(p.handle))?.has(id)).map((id) => ({ id, href: `${this.href}#${questionAnchor(id)}` })),
    }));
    this.hosts = transcript.jam.hosts.map((h) => ({ handle: h, href: participantKeys.has(handleKey(h)) ? personHref(h) : null }));
    this.stats = {
      messages: transcript.messages.length,
      participants: transcript.participants.length,
      questions: order.length,
      featured: this.featuredCount,
      outside: views.filter((v) => v.question === 'none').length,
    };
  }

  /** The downloads, rendered once (on first use) and kept for writing. */
  get downloadFiles(): DownloadFile[] {
    this.downloadFilesCache ??= renderDownloads(this.transcript, {
      slug: this.slug,
      title: this.title,
      timezone: this.timezone,
      questionTexts: this.questionTexts,
      exports: this.exportPaths.map((p) => ({ name: basename(p), bytes: readFileSync(p) })),
    });
    return this.downloadFilesCache;
  }
  private downloadFilesCache?: DownloadFile[];

  get downloads(): DownloadView[] {
    return this.downloadFiles.map((f) => ({
      name: f.name,
      href: `${this.downloadHref}${encodeURIComponent(f.name)}`,
      bytes: f.bytes.length,
      size: humanSize(f.bytes.length),
      mediaType: f.mediaType,
      label: DOWNLOAD_LABELS.find(([re]) => re.test(f.name))?.[1] ?? f.mediaType,
    }));
  }
}

export function buildJamModel(input: JamModelInput): JamModel {
  return new JamModel(input);
}
