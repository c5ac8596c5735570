/**
 * SVG → PNG with resvg (a native module shipped in npm). Fonts come from the system (DejaVu on Debian; the
 * container image installs fonts-dejavu-core), which covers Vietnamese.
 */
import { Resvg } from '@resvg/resvg-js';

export function renderPng(svg: string): Uint8Array {
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
}
