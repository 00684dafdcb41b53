/**
 * What the base layout's `<head>` says about a page besides its title (the
 * `pageMeta` filter, eleventy.ts): a plain-text description for search
 * engines and link previews, and its share card (the jam's recap card on
 * the jam's pages, the question's card on a question's embed), made from
 * the page's own data. Plain text only: the layout escapes it.
 */
import { plainText } from '../../publish/cms-post.ts';
import type { JamView, PersonView, SeriesView, TranscriptPageView, QuestionSummary } from '../../publish/site-view.ts';
import { countLabel, cutCardText } from './card-text.ts';
import { questionCardName, cardsHref, recapCardHref } from './jam-cards.ts';

/** The longest description, in characters (previews show ~160). */
export const DESCRIPTION_MAX = 200;

type MetaJam = Pick<JamView, 'slug' | 'title' | 'href' | 'hashtag' | 'dateLabel' | 'stats' | 'teaserHtml' | 'participantsHref'>;

/** The page data the layout hands over (whichever of them the page has). */
export interface PageMetaContext {
  url?: string;
  title?: string;
  jam?: MetaJam;
  tp?: Pick<TranscriptPageView, 'jamSlug' | 'jamTitle' | 'jamHref' | 'number' | 'count' | 'messageCount'>;
  person?: Pick<PersonView, 'handle' | 'name' | 'messages' | 'jams'>;
  series?: Pick<SeriesView, 'hashtag' | 'jams' | 'messages'>;
  contentPage?: { title: string; html: string };
  embed?: { jam: MetaJam; question: Pick<QuestionSummary, 'id' | 'anchor' | 'number'> };
  siteMeta?: { title?: string; description?: string };
}

/** The page's description and card (root-relative, or '' when it has none), and whether it is an article. */
export interface PageMeta {
  description: string;
  card: string;
  /** The card's alternative text. */
  cardAlt: string;
  type: 'article' | 'website';
}

/** "#chat, Monday, …: 120 messages from 14 participants, 5 questions." */
function jamFacts(jam: MetaJam): string {
  const s = jam.stats;
  return `#${jam.hashtag}, ${jam.dateLabel}: ${countLabel(s.messages, 'message', 'messages')} from ${countLabel(s.participants, 'participant', 'participants')}, ${countLabel(s.questions, 'question', 'questions')}.`;
}

/** The description of a page other than a jam's. */
function otherDescription(ctx: PageMetaContext): string {
  const siteTitle = ctx.siteMeta?.title ?? '';
  if (ctx.tp) {
    const tp = ctx.tp;
    return `The transcript of ${tp.jamTitle}${tp.count > 1 ? `, page ${tp.number} of ${tp.count}` : ''}: ${countLabel(tp.messageCount, 'message', 'messages')}.`;
  }
  if (ctx.person) {
    const p = ctx.person;
    return `${p.name ? `${p.name} (@${p.handle})` : `@${p.handle}`} in ${siteTitle}: ${countLabel(p.messages, 'message', 'messages')} in ${countLabel(p.jams.length, 'chat', 'chats')}.`;
  }
  if (ctx.series) return `Every #${ctx.series.hashtag} chat: ${countLabel(ctx.series.jams.length, 'recap', 'recaps')}, ${countLabel(ctx.series.messages, 'message', 'messages')}.`;
  if (ctx.contentPage) return plainText(ctx.contentPage.html) || `${ctx.contentPage.title} · ${siteTitle}`;
  if (ctx.siteMeta?.description) return ctx.siteMeta.description;
  // Not from the jam list: a page naming `site` is rendered again whenever any jam changes (site/page-cache.ts).
  if (ctx.url === '/participants/') return `Everyone who posted in the chats of ${siteTitle}, with their messages.`;
  if (ctx.url === '/') return `${siteTitle}: recaps of its chats, with every question, answer and transcript.`;
  return ctx.title ? `${ctx.title} · ${siteTitle}` : siteTitle;
}

/** A page's description, card and type. */
export function pageMeta(ctx: PageMetaContext): PageMeta {
  if (ctx.embed) {
    const { jam, question } = ctx.embed;
    return { description: cutCardText(`${question.id} of ${jam.title}. ${jamFacts(jam)}`, DESCRIPTION_MAX), card: `${cardsHref(jam.slug)}${questionCardName(question)}`, cardAlt: `${question.id} of ${jam.title}`, type: 'article' };
  }
  if (ctx.jam) {
    const jam = ctx.jam;
    const card = recapCardHref(jam.slug);
    const cardAlt = `${jam.title}: ${jamFacts(jam)}`;
    if (ctx.url === jam.participantsHref) {
      return { description: cutCardText(`Everyone who posted in ${jam.title}: ${jamFacts(jam)}`, DESCRIPTION_MAX), card, cardAlt, type: 'website' };
    }
    const teaser = plainText(jam.teaserHtml ?? '');
    return { description: cutCardText(`${jamFacts(jam)}${teaser ? ` ${teaser}` : ''}`, DESCRIPTION_MAX), card, cardAlt, type: ctx.url === jam.href ? 'article' : 'website' };
  }
  const card = ctx.tp ? recapCardHref(ctx.tp.jamSlug) : '';
  return { description: cutCardText(otherDescription(ctx), DESCRIPTION_MAX), card, cardAlt: ctx.tp ? `${ctx.tp.jamTitle}` : '', type: 'website' };
}
