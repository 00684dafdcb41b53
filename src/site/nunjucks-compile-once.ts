/**
 * Each page's template compiled once per build, not once per page:
 * Eleventy 3.1 (Engines/Nunjucks.js) makes a new `nunjucks.Template` from
 * the page's source for every paginated page and every permalink (it no
 * longer caches Nunjucks compiles itself), and each one is parsed and
 * compiled again on its first render. For the site's own environment, a
 * template's compiled functions are kept by path and source and shared by
 * every Template made from them, as Nunjucks shares precompiled templates.
 */
import nunjucks from 'nunjucks';

/** What nunjucks' Template holds (not in its type declarations). */
interface TemplateInternals {
  env: nunjucks.Environment & { asyncFilters: unknown; extensionsList: unknown; opts: unknown };
  path: string | undefined;
  tmplStr?: string;
  tmplProps?: object;
  _compile(): void;
}

const compiledByEnv = new WeakMap<nunjucks.Environment, Map<string, object>>();
let installed = false;

/** Compile the templates of `env` once per path and source (the same compiled functions for every Template of them). */
export function compileOncePerSource(env: nunjucks.Environment): void {
  compiledByEnv.set(env, new Map());
  if (installed) return;
  installed = true;
  const proto = nunjucks.Template.prototype as unknown as TemplateInternals;
  const compile = proto._compile;
  const { compile: compileSource } = (nunjucks as unknown as { compiler: { compile(...args: unknown[]): string } }).compiler;
  proto._compile = function (this: TemplateInternals): void {
    const cache = compiledByEnv.get(this.env);
    if (cache && !this.tmplProps && typeof this.tmplStr === 'string') {
      const key = `${this.path ?? ''}\0${this.tmplStr}`;
      let props = cache.get(key);
      if (!props) {
        const source = compileSource(this.tmplStr, this.env.asyncFilters, this.env.extensionsList, this.path, this.env.opts);
        props = new Function(source)() as object; // as nunjucks' own _compile does
        cache.set(key, props);
      }
      this.tmplProps = props;
    }
    compile.call(this);
  };
}
