/**
 * The card cache: a jam's rendered cards kept as one entry of the cache
 * folder (cache-files.ts, beside the downloads: `<cache>/cards/`), so that a
 * rebuild of an unchanged jam places its PNGs by a hard link or a copy
 * instead of drawing them again (~50-150 ms each). Key: sha256 of the
 * cards' code (src/site/cards, package.json with satori's, resvg's and the
 * font's versions), the font files' bytes, and every card's name and data.
 * Writing a jam's entry drops its older ones.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion, ownerTag } from '../cache.ts';
import { readFiles, storeFiles, type FilesEntry, type FileToStore, type PlaceMode } from '../cache-files.ts';
import { CARD_FONT_FILES } from './card-render.ts';
import type { JamCard } from './jam-cards.ts';

/** A card file as its entry line names it. */
export interface CardFileMeta {
  name: string;
}

let fontDigest: string | null = null;

/** The version of the code and fonts that draw cards. */
export function cardsVersion(): string {
  fontDigest ??= createHash('sha256').update(CARD_FONT_FILES.map((f) => createHash('sha256').update(readFileSync(f.path)).digest('hex')).join('\0')).digest('hex').slice(0, 16);
  return `${codeVersion('jamrecap-cards', ['src/site/cards'])}-${fontDigest}`;
}

/** The key a jam's cards are stored under: what they show. */
export function cardsKey(cards: readonly JamCard[]): string {
  return createHash('sha256').update(`${cardsVersion()}\0${JSON.stringify(cards.map((c) => [c.name, c.data]))}`).digest('hex');
}

const cardsDir = (cacheDir: string) => join(cacheDir, 'cards');
const prefixOf = (owner: string) => `${ownerTag(owner)}-`;
const isCardFile = (f: Partial<CardFileMeta>) => typeof f.name === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]*\.png$/.test(f.name);

/** The jam's entry for this key with its files intact, or null. Never throws. */
export function readCards(cacheDir: string, owner: string, key: string): FilesEntry<CardFileMeta> | null {
  try {
    const entry = readFiles<CardFileMeta>(cardsDir(cacheDir), prefixOf(owner), cardsVersion(), key, isCardFile);
    return typeof entry === 'string' ? null : entry;
  } catch {
    return null;
  }
}

/** Store a jam's cards (from bytes, or from files in the output by `mode`); failing only costs speed. */
export function storeCards(cacheDir: string, owner: string, key: string, files: FileToStore<CardFileMeta>[], mode: PlaceMode): boolean {
  return storeFiles(cardsDir(cacheDir), prefixOf(owner), cardsVersion(), key, files, mode);
}

/**
 * `/favicon.ico` of the theme's SVG icon (`draw`: favicon-ico.ts), kept in
 * `<cache>/favicon/<key>.ico` (the cards' version and the SVG's bytes): a
 * build whose icon is unchanged neither loads resvg nor draws it. The
 * newest icon only is kept. Without a cache it is drawn.
 */
export function cachedFavicon(cacheDir: string | null, svg: Uint8Array, draw: (svg: Uint8Array) => Buffer): Buffer {
  if (!cacheDir) return draw(svg);
  const dir = join(cacheDir, 'favicon');
  const name = `${createHash('sha256').update(`${cardsVersion()}\0`).update(svg).digest('hex').slice(0, 32)}.ico`;
  try {
    return readFileSync(join(dir, name));
  } catch {
    // not drawn yet
  }
  const ico = draw(svg);
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir)) if (old !== name) rmSync(join(dir, old), { force: true });
  writeFileSync(join(dir, `${name}.tmp-${process.pid}`), ico);
  renameSync(join(dir, `${name}.tmp-${process.pid}`), join(dir, name));
  return ico;
}
