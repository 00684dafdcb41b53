/**
 * A jam's messages as the transcript pages and the recap show them: times
 * labelled in the jam's timezone, text escaped and linkified (`linkify`),
 * attachments as the site's own copy or a labelled link, the author's
 * avatar as their saved picture's copy or their initials. Templates never
 * see raw export markup.
 */
import { handleKey, type Attachment, type Message, type Transcript } from '../../model/transcript.ts';
import { safeHttpUrl } from '../../model/entities.ts';
import { formatZoned, isoDate, zonedMessageTime, type ZonedTime } from '../../model/time-format.ts';
import { repeatsMessage } from '../../model/text-match.ts';
import { linkify, safeHref, twitterHashtag, twitterProfile, type LinkifyOptions } from '../../model/html.ts';
import type { MediaCollector, MediaFile } from '../media.ts';
import type { AttachmentView, AvatarView, MessageView } from '../../publish/site-view.ts';
import { avatarFor } from '../../publish/avatars.ts';
import { personHref, questionHref } from './urls.ts';
import { replyExcerpt } from './reply-excerpt.ts';

const TWITTERISH = /tweet|twitter|twarc|storify/i;

/** What every message of one jam is shown with. */
export interface MessageContext {
  /** The jam's recap page. */
  jamHref: string;
  /** The jam's timezone: times are shown in it. */
  zone: string;
  /** `handleKey` of each listed participant (a redacted author is not listed, so gets no person page). */
  participantKeys: ReadonlySet<string>;
  /** Message id -> the question it asks. */
  askedBy: ReadonlyMap<string, string>;
  /** The first message after the chat's end, if any. */
  firstAfter: string | null;
  /** Message id -> where the recap first quotes it. */
  quotedAt: ReadonlyMap<string, string>;
  /** Finds and keeps the saved copies of pictures. */
  media: MediaCollector;
  /** Paths the transcript shows under a neutral name (redaction) -> the path in the jam's folder. */
  files?: ReadonlyMap<string, string>;
}

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
export function attachmentBytes(v: MessageView): number {
  return v.attachments.reduce((n, a) => n + 200 + 2 * Buffer.byteLength(a.label) + Buffer.byteLength(a.href ?? ''), 0);
}

/** The first message after the jam's end (null when the chat ran to its last message or has no end). */
export function firstMessageAfterEnd(transcript: Transcript): string | null {
  const end = transcript.jam.end;
  return end ? transcript.messages.find((m) => m.time > end)?.id ?? null : null;
}

/** Whether the messages' local times (null: not a valid time) fall on more than one day (then times show the day too). */
function spansSeveralDays(times: (ZonedTime | null)[]): boolean {
  const days = new Set(times.map((t) => (t ? isoDate(t) : null)));
  return days.size > 1;
}

/**
 * How chat text links mentions and hashtags: a listed participant's
 * mention goes to their person page; on Twitter-like exports other
 * mentions and hashtags go to Twitter.
 */
function linkOptions(transcript: Transcript, participantKeys: ReadonlySet<string>): LinkifyOptions {
  const twitterish = transcript.sources.some((s) => TWITTERISH.test(s.format));
  return {
    mentionHref: (h: string) => (participantKeys.has(handleKey(h)) ? personHref(h) : twitterish ? twitterProfile(h) : null),
    hashtagHref: twitterish ? twitterHashtag : null,
    allowRelative: true,
  };
}

/** A message's time (`t`, in the jam's zone) as shown (`timeLabel`) and as its tooltip (`timeTitle`), to the precision the export has. */
function timeLabels(m: Message, t: ZonedTime | null, multiDay: boolean): { timeLabel: string; timeTitle: string } {
  if (!t) return { timeLabel: m.time, timeTitle: m.time };
  if (m.timePrecision === 'day') return { timeLabel: formatZoned(t, 'LLL d, yyyy'), timeTitle: isoDate(t) };
  return {
    timeLabel: formatZoned(t, multiDay ? 'LLL d, h:mm a' : 'h:mm a'),
    timeTitle: formatZoned(t, m.timePrecision === 'minute' ? 'yyyy-LL-dd HH:mm ZZZZ' : 'yyyy-LL-dd HH:mm:ss ZZZZ'),
  };
}

/** The saved copy of an image attachment, looked up under its real path when the transcript renamed it. */
function savedImage(a: Attachment, ctx: MessageContext): MediaFile | null {
  if (a.kind !== 'image') return null;
  return ctx.media.get(a.file === null ? null : ctx.files?.get(a.file) ?? a.file);
}

/** The attachments of every message that has none: one shared, frozen list. */
const NO_ATTACHMENTS: AttachmentView[] = Object.freeze([]) as unknown as AttachmentView[];

/**
 * One string per distinct value for a jam's views: the author's handle,
 * name and person page, the question and its link, the time's label repeat
 * over thousands of messages, and each message's view holds one copy.
 */
class Strings {
  private readonly seen = new Map<string, string>();
  private readonly made = new Map<string, string | null>();
  /** The one copy of `s`. */
  one(s: string): string;
  one(s: string | null): string | null;
  one(s: string | null): string | null {
    if (s === null) return null;
    const hit = this.seen.get(s);
    if (hit !== undefined) return hit;
    this.seen.set(s, s);
    return s;
  }
  /** `make()` once per `key`. */
  derived(key: string, make: () => string | null): string | null {
    let v = this.made.get(key);
    if (v === undefined) this.made.set(key, (v = make()));
    return v;
  }
}

/**
 * One message's view. Its place (`page`, `href`) and the handle it
 * replies to are filled in later (`placeOnPages`, `linkReplies`), once
 * every message has a view.
 */
function messageView(m: Message, time: ZonedTime | null, ctx: MessageContext, links: LinkifyOptions, multiDay: boolean, strings: Strings, avatars: Avatars): MessageView {
  const { timeLabel, timeTitle } = timeLabels(m, time, multiDay);
  const handle = strings.one(m.author.handle);
  return {
    id: m.id,
    anchor: `m-${m.id}`,
    href: '',
    page: 1,
    question: strings.one(m.question ?? 'none'),
    questionHref: m.question ? strings.derived(`q\0${m.question}`, () => questionHref(ctx.jamHref, m.question!)) : null,
    asks: ctx.askedBy.get(m.id) ?? null,
    endsChat: m.id === ctx.firstAfter,
    handle,
    name: strings.one(m.author.name),
    personHref: strings.derived(`p\0${handle}`, () => (ctx.participantKeys.has(handleKey(handle)) ? personHref(handle) : null)),
    time: m.time,
    timeLabel: strings.one(timeLabel),
    timeTitle,
    textHtml: linkify(m.text, links),
    url: safeHref(m.url),
    urlSite: m.url ? strings.derived(`u\0${m.url}`, () => originalSite(m.url!)) : null,
    replyTo: m.replyTo ? { id: m.replyTo, href: null, handle: null } : null,
    retweetOf: m.retweetOf ? strings.one(m.retweetOf.handle) : null,
    quotedHref: ctx.quotedAt.get(m.id) ?? null,
    attachments: m.attachments?.length ? m.attachments.map((a) => attachmentView(a, savedImage(a, ctx), m.text)) : NO_ATTACHMENTS,
    avatar: avatars.of(handle, m.author.name, m.author.avatar?.file),
  };
}

/**
 * One avatar per author (handle, name and saved picture) of a jam, shared by
 * all their messages' views: their picture's copy when the export saved a
 * real image for them (media.ts checks it; looked up under its real path when
 * redaction renamed it), else their initials.
 */
export class Avatars {
  private readonly made = new Map<string, AvatarView>();
  constructor(private readonly ctx?: Pick<MessageContext, 'media' | 'files'>) {}
  of(handle: string, name: string | null, file?: string): AvatarView {
    const key = `${handle}\0${name ?? ''}\0${file ?? ''}`;
    let a = this.made.get(key);
    if (!a) this.made.set(key, (a = this.make(handle, name, file)));
    return a;
  }
  private make(handle: string, name: string | null, file: string | undefined): AvatarView {
    const picture = file && this.ctx ? this.ctx.media.get(this.ctx.files?.get(file) ?? file) : null;
    return avatarFor(handle, name, picture?.url);
  }
}

/** Where a message's original post is, as its link says it ("on twitter.com"): the host without "www.", else "original". */
function originalSite(url: string): string {
  try {
    return `on ${new URL(url).hostname.replace(/^www\./, '')}`;
  } catch {
    return 'original';
  }
}

/** Every message of the transcript as a view, in transcript order. */
export function messageViews(transcript: Transcript, ctx: MessageContext): MessageView[] {
  const links = linkOptions(transcript, ctx.participantKeys);
  const times = transcript.messages.map((m) => zonedMessageTime(m, ctx.zone));
  const multiDay = spansSeveralDays(times);
  const strings = new Strings();
  const avatars = new Avatars(ctx);
  return transcript.messages.map((m, i) => messageView(m, times[i], ctx, links, multiDay, strings, avatars));
}

/** Message id -> its view (the first one, should an export repeat an id). */
export function viewsById(views: MessageView[]): Map<string, MessageView> {
  const byId = new Map<string, MessageView>();
  for (const v of views) if (!byId.has(v.id)) byId.set(v.id, v);
  return byId;
}

/** The text of each message some other message replies to, by id (the first, should an export repeat an id). */
export function repliedTexts(transcript: Transcript, views: readonly MessageView[]): Map<string, string> {
  const wanted = new Set<string>();
  for (const v of views) if (v.replyTo) wanted.add(v.replyTo.id);
  const texts = new Map<string, string>();
  if (!wanted.size) return texts;
  for (const m of transcript.messages) if (wanted.has(m.id) && !texts.has(m.id)) texts.set(m.id, m.text);
  return texts;
}

/**
 * Points each reply at the message it answers (its place, author and
 * shortened text: `texts` from `repliedTexts`), once every message has its place.
 */
export function linkReplies(views: MessageView[], byId: ReadonlyMap<string, MessageView>, texts: ReadonlyMap<string, string> = new Map()): void {
  const excerpts = new Map<string, string>();
  for (const v of views) {
    if (!v.replyTo) continue;
    const target = byId.get(v.replyTo.id);
    v.replyTo.href = target?.href ?? null;
    v.replyTo.handle = target?.handle ?? null;
    const text = target ? texts.get(target.id) : undefined;
    if (text === undefined) continue;
    let excerpt = excerpts.get(target!.id);
    if (excerpt === undefined) excerpts.set(target!.id, (excerpt = replyExcerpt(text)));
    v.replyTo.excerpt = excerpt;
  }
}
