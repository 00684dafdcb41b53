/**
 * `/favicon.ico`, which browsers and feed readers ask for whatever the pages
 * link: the theme's `favicon.svg` drawn at 32×32 by resvg (no system fonts)
 * and wrapped in an ICO file holding that one PNG (ICO allows PNG images
 * since Windows Vista; every current browser reads them). The same SVG
 * gives the same bytes (card-cache.ts keeps them: resvg is loaded by the
 * first icon drawn, card-render.ts's resvg()).
 */
import { resvg } from './card-render.ts';

/** The ICO's size in pixels. */
export const ICO_SIZE = 32;

/** An ICO file holding one PNG of `size`×`size`. */
export function pngToIco(png: Uint8Array, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6); // width (0 means 256)
  header.writeUInt8(size >= 256 ? 0 : size, 7); // height
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9); // reserved
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14); // the image's size
  header.writeUInt32LE(header.length, 18); // and where it starts
  return Buffer.concat([header, png]);
}

/** The favicon.ico of an SVG icon. */
export function faviconIco(svg: string | Uint8Array): Buffer {
  const png = new (resvg().Resvg)(Buffer.from(svg), { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: ICO_SIZE } }).render().asPng();
  return pngToIco(png, ICO_SIZE);
}
