/**
 * A card's element tree to PNG bytes, at build time and offline: satori
 * lays it out to SVG (text drawn as paths, with the Inter font shipped in
 * @fontsource/inter: WOFF, which satori reads), then resvg rasterizes it
 * without system fonts. A glyph Inter lacks (emoji, other scripts) is
 * left out: `loadAdditionalAsset` gives satori nothing, so it never fetches
 * anything. The same data gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type satoriFn from 'satori';
import type * as ResvgJs from '@resvg/resvg-js';
import { CARD_HEIGHT, CARD_WIDTH, cardTree, type CardData, type CardNode } from './card-tree.ts';

const require = createRequire(import.meta.url);

/** The font files the cards use (their bytes are part of the cache key: card-cache.ts). */
export const CARD_FONT_FILES = [400, 700].map((weight) => ({ weight: weight as 400 | 700, path: require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`) }));

let fonts: { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[] | null = null;

/** The fonts, read once. */
function cardFonts() {
  fonts ??= CARD_FONT_FILES.map((f) => ({ name: 'Inter', data: readFileSync(f.path), weight: f.weight, style: 'normal' as const }));
  return fonts;
}

/** No font or picture for what Inter lacks: nothing is ever fetched. */
const noAsset = async (): Promise<never[]> => [];

/** satori, loaded when the first card is drawn (~0.1 s to load: not at the start of every command that imports the build). */
let satori: typeof satoriFn | null = null;

/** An element tree as SVG (1200×630). */
export async function cardSvg(tree: CardNode): Promise<string> {
  satori ??= (await import('satori')).default;
  // satori's element type is React's; the tree has its shape.
  return satori(tree as unknown as Parameters<typeof satoriFn>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: cardFonts(), loadAdditionalAsset: noAsset });
}

let resvgModule: typeof ResvgJs | null = null;

/** resvg (a native addon, CommonJS), loaded when the first picture is drawn: a build whose cards and icon are cached never loads it. */
export function resvg(): typeof ResvgJs {
  resvgModule ??= require('@resvg/resvg-js') as typeof ResvgJs;
  return resvgModule;
}

/** SVG to PNG at its own size, with no system font. */
export function svgToPng(svg: string): Buffer {
  return new (resvg().Resvg)(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render().asPng();
}

/**
 * A card's PNG. resvg's native memory (~3.3 MB a card, its pixmap) is
 * given back only by the finalizers of its objects, which Node runs on a
 * turn of the event loop after a garbage collection: a loop awaiting
 * promises alone (microtasks) never gives them one, and a cold build of 50
 * jams held 2 GB of pixmaps long drawn. So each card ends with a turn of the
 * loop (satori's own garbage brings the collections).
 */
export async function renderCard(data: CardData): Promise<Buffer> {
  const png = svgToPng(await cardSvg(cardTree(data)));
  await new Promise((done) => setImmediate(done));
  return png;
}
