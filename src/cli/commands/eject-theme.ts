/**
 * `jamrecap eject-theme`: copy the shipped theme (layouts, partials, pages,
 * styles, the embeds' stylesheet) into a folder of the publisher's, to edit.
 * Every file kept there replaces the shipped one of the same path
 * (src/site/theme-folder.ts); a file deleted there comes from jamrecap again.
 * Never overwrites: when any file to copy already exists, nothing is copied.
 */
import { constants, copyFileSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../main.ts';
import { SHIPPED_THEME_DIR, SIBLING_THEME, themeFiles } from '../../site/theme-folder.ts';
import { SHIPPED_THEME } from '../../site/theme.ts';

const usage = `Usage: jamrecap eject-theme [--out DIR]

Copies jamrecap's theme (layouts and partials in _includes/, the pages in
pages/, the stylesheet in assets/, embed.css) into DIR, to change the site's
look. Each file in DIR replaces the shipped file of the same path; delete the
ones you do not change, and they keep following jamrecap's updates. A theme
holds templates, styles, images and fonts only: JavaScript is refused.
Nothing is overwritten: if a file to copy exists, nothing is copied.

Options:
  --out DIR   where to copy the theme (default: ${SIBLING_THEME}, beside the default content folder)`;

/** The shipped theme's files an override may replace (theme paths, sorted): everything but its default site settings. */
export function ejectableFiles(): string[] {
  return [...themeFiles(SHIPPED_THEME, '_includes', { deep: true }), ...themeFiles(SHIPPED_THEME, 'pages'), ...themeFiles(SHIPPED_THEME, 'assets'), 'embed.css'].sort();
}

/** Copy `files` (theme paths) from the shipped theme into `out`; none is copied when any exists there. */
export function ejectTheme(out: string): { copied: string[]; existing: string[] } {
  const files = ejectableFiles();
  const existing = files.filter((rel) => existsSync(join(out, ...rel.split('/'))));
  if (existing.length) return { copied: [], existing };
  for (const rel of files) {
    const to = join(out, ...rel.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    // COPYFILE_EXCL: a file that appeared meanwhile is still never overwritten.
    copyFileSync(join(SHIPPED_THEME_DIR, ...rel.split('/')), to, constants.COPYFILE_EXCL);
  }
  return { copied: files, existing: [] };
}

export const command: Command = {
  summary: 'copy the shipped theme into a folder, to change the look',
  usage,
  async run(args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string', default: SIBLING_THEME } } });
    const out = resolve(values.out!);
    const shown = relative(process.cwd(), out) || '.';
    if (existsSync(out) && realpathSync(out) === realpathSync(SHIPPED_THEME_DIR)) {
      process.stderr.write(`jamrecap eject-theme: ${shown} is jamrecap's own theme: give a folder of yours with --out DIR (beside your content folder: <content>/../${SIBLING_THEME})\n`);
      return 2;
    }
    const { copied, existing } = ejectTheme(out);
    if (existing.length) {
      const list = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
      process.stderr.write(`jamrecap eject-theme: ${shown} already holds ${list}: nothing was copied (nothing is overwritten); move them away or give another --out DIR\n`);
      return 2;
    }
    const lines = [
      `jamrecap eject-theme: copied ${copied.length} files of the shipped theme to ${shown}/:`,
      ...copied.map((rel) => `  ${rel}`),
      'Next:',
      `  - edit the files you want to change, and delete the others: a deleted file comes from jamrecap again, with its updates;`,
      `  - jamrecap build, serve and check use ${SIBLING_THEME}/ beside the content folder; a theme elsewhere is given with --theme ${shown};`,
      `  - the site's name and language stay in the content folder's _data/siteMeta.json; README.md, "Changing the look", lists what each page receives.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
