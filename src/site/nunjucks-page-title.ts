/**
 * Every page's `pageTitle` (what the theme's layouts put in `<title>`),
 * added to a page's data when its templates render, rather than as
 * Eleventy computed data (`eleventyComputed`): computed data sends every
 * page through Eleventy's dependency machinery (its URL and output path
 * worked out again, proxies to find what each value reads, a graph), which
 * cost ~3% of a build's pages at 100 jams and ~2% at 10.
 *
 * A theme page's data names the function that titles it (`pageTitleOf`,
 * theme.ts); for the site's own Nunjucks environment, a render whose data
 * has that function and no `pageTitle` gets one. Layouts, the pages
 * themselves and the partials they include all see it, as they saw the
 * computed value.
 */
import nunjucks from 'nunjucks';

/** The data key of a theme page's title function. */
export const PAGE_TITLE_OF = 'pageTitleOf';

type Data = Record<string, unknown>;
type TitleOf = (data: Data) => string | undefined;

/** What nunjucks' Template holds (not in its type declarations). */
interface TemplateInternals {
  env: nunjucks.Environment;
  render(ctx?: unknown, parentFrame?: unknown, cb?: unknown): unknown;
}

const titledEnvs = new WeakSet<nunjucks.Environment>();
let installed = false;

/** The data with its page's title added (the same object when it has one already, or no title function). */
export function withPageTitle(data: unknown): unknown {
  if (!data || typeof data !== 'object' || 'pageTitle' in data) return data;
  const titleOf = (data as Data)[PAGE_TITLE_OF];
  if (typeof titleOf !== 'function') return data;
  return Object.assign({ pageTitle: (titleOf as TitleOf)(data as Data) }, data);
}

/** Give every render of `env`'s templates its page's `pageTitle`. */
export function addPageTitles(env: nunjucks.Environment): void {
  titledEnvs.add(env);
  if (installed) return;
  installed = true;
  const proto = nunjucks.Template.prototype as unknown as TemplateInternals;
  const render = proto.render;
  proto.render = function (this: TemplateInternals, ctx?: unknown, parentFrame?: unknown, cb?: unknown): unknown {
    return render.call(this, titledEnvs.has(this.env) ? withPageTitle(ctx) : ctx, parentFrame, cb);
  };
}
