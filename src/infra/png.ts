/**
 * SVG → PNG with resvg (a native module shipped in npm). Fonts come from the system (DejaVu on Debian; the
 * container image installs fonts-dejavu-core), which covers Vietnamese.
 *
 * resvg looks a font up from its file for every glyph it lays out (its font database holds file paths, and
 * @resvg/resvg-js 2.6 cannot be given font data in memory): about 0.1–0.3 ms per character, most of a chart's
 * time. So {@link createPngRenderer} parses the fonts once with opentype.js and turns the simple `<text>` elements
 * of our own charts into outlines before resvg only rasterises them (bench:digest).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import opentype from 'opentype.js';

/** Where DejaVu Sans is looked for (Debian/Ubuntu, Fedora/Arch, Alpine, macOS with it installed). */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu', '/Library/Fonts'];

export interface PngRendererOptions {
  /** DejaVu Sans (regular and bold) font files. Default: found in the usual system font folders. */
  fonts?: { regular: string; bold: string };
}

const SYSTEM_FONTS = { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' };

/** Renders with resvg's own text layout (system fonts, loaded on every call): the reference the fast path matches. */
export function renderPng(svg: string): Uint8Array {
  return new Resvg(svg, SYSTEM_FONTS).render().asPng();
}

function findFonts(): { regular: string; bold: string } | undefined {
  for (const dir of FONT_DIRS) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  return undefined;
}

function loadFont(file: string): opentype.Font {
  const data = readFileSync(file);
  return opentype.parse(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

const round = (v: number) => Math.round(v * 100) / 100;
const glyphCache = new WeakMap<opentype.Font, Map<string, opentype.Glyph>>();
const kerningCache = new WeakMap<opentype.Font, Map<string, number>>();
const outlineCache = new WeakMap<opentype.Glyph, Map<number, opentype.PathCommand[]>>();

function glyphOf(font: opentype.Font, ch: string): opentype.Glyph {
  let m = glyphCache.get(font);
  if (!m) glyphCache.set(font, (m = new Map()));
  let g = m.get(ch);
  if (!g) m.set(ch, (g = font.charToGlyph(ch)));
  return g;
}

function kerningOf(font: opentype.Font, left: opentype.Glyph, right: opentype.Glyph): number {
  let m = kerningCache.get(font);
  if (!m) kerningCache.set(font, (m = new Map()));
  const key = `${left.index}|${right.index}`;
  let k = m.get(key);
  if (k === undefined) m.set(key, (k = font.getKerningValue(left, right)));
  return k;
}

/** The glyph's outline at `size`, its origin at 0,0 (SVG axes), kept per glyph and size. */
function outlineOf(glyph: opentype.Glyph, size: number): opentype.PathCommand[] {
  let m = outlineCache.get(glyph);
  if (!m) outlineCache.set(glyph, (m = new Map()));
  let commands = m.get(size);
  if (commands === undefined) m.set(size, (commands = glyph.getPath(0, 0, size).commands));
  return commands;
}

/** Path data of `commands` moved by (dx, dy), absolute coordinates (resvg's bounding boxes ignore transforms). */
function pathData(commands: readonly opentype.PathCommand[], dx: number, dy: number): string {
  let d = '';
  for (const c of commands) {
    if (c.type === 'Z') d += 'Z';
    else if (c.type === 'M' || c.type === 'L') d += `${c.type}${round(c.x + dx)} ${round(c.y + dy)}`;
    else if (c.type === 'Q') d += `Q${round(c.x1 + dx)} ${round(c.y1 + dy)} ${round(c.x + dx)} ${round(c.y + dy)}`;
    else d += `C${round(c.x1 + dx)} ${round(c.y1 + dy)} ${round(c.x2 + dx)} ${round(c.y2 + dy)} ${round(c.x + dx)} ${round(c.y + dy)}`;
  }
  return d;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
/** The attributes a `<text>` may carry to be outlined; any other keeps it for resvg. */
const OUTLINED_ATTRIBUTES = new Set(['x', 'y', 'font-size', 'font-weight', 'text-anchor', 'fill']);

/**
 * A renderer that parses DejaVu Sans once and outlines `<text>` elements with plain content and the attributes
 * x, y, font-size, font-weight (normal/bold), text-anchor and fill; other text stays for resvg. Without the font
 * files it is {@link renderPng}.
 */
export function createPngRenderer(options: PngRendererOptions = {}): (svg: string) => Uint8Array {
  const outline = createTextOutliner(options);
  return (svg) => {
    const outlined = outline(svg);
    return new Resvg(outlined, resvgOptions(outlined)).render().asPng();
  };
}

/**
 * The SVG with its simple `<text>` elements (see {@link createPngRenderer}) replaced by their outlines in DejaVu
 * Sans, kerned. Unchanged when the font files are not found.
 */
export function createTextOutliner(options: PngRendererOptions = {}): (svg: string) => string {
  // Fonts are parsed at the first chart, not at start-up (commands that never draw one do not pay for it).
  let fonts: { regular: opentype.Font; bold: opentype.Font } | null | undefined;
  const outline = (f: { regular: opentype.Font; bold: opentype.Font }, attrs: string, content: string): string | undefined => {
    const a: Record<string, string> = {};
    for (const m of attrs.matchAll(/([\w-]+)="([^"]*)"/g)) a[m[1]!] = m[2]!;
    if (Object.keys(a).some((k) => !OUTLINED_ATTRIBUTES.has(k))) return undefined;
    const x = Number(a.x ?? 0);
    const y = Number(a.y ?? 0);
    const size = Number(a['font-size'] ?? 12);
    const weight = a['font-weight'] ?? 'normal';
    if (![x, y, size].every(Number.isFinite) || !['normal', 'bold', '400', '700'].includes(weight)) return undefined;
    const font = weight === 'bold' || weight === '700' ? f.bold : f.regular;
    const text = unescape(content).normalize('NFC');
    const anchor = a['text-anchor'] ?? 'start';
    // Glyph by glyph with the font's kerning pairs: opentype.js's own text layout applies OpenType features it
    // does not all support (DejaVu's ccmp lookups throw), and precomposed Vietnamese letters need none of them.
    // Glyphs, kerning pairs and outlines are kept: a chart reuses the same few dozen letters.
    const scale = size / font.unitsPerEm;
    const glyphs = [...text].map((ch) => glyphOf(font, ch));
    const pens: number[] = [];
    let pen = 0;
    glyphs.forEach((g, i) => {
      pens.push(pen);
      pen += (g.advanceWidth ?? 0) + (i + 1 < glyphs.length ? kerningOf(font, g, glyphs[i + 1]!) : 0);
    });
    const width = pen * scale;
    const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
    const d = glyphs.map((g, i) => pathData(outlineOf(g, size), left + pens[i]! * scale, y)).join('');
    return `<path d="${d}" fill="${a.fill ?? '#000'}"/>`;
  };
  return (svg) => {
    if (fonts === undefined) {
      const files = options.fonts ?? findFonts();
      fonts = files ? { regular: loadFont(files.regular), bold: loadFont(files.bold) } : null;
    }
    const f = fonts;
    if (f === null) return svg;
    return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (whole, attrs: string, content: string) => outline(f, attrs, content) ?? whole);
  };
}

/** System fonts only when some text is left for resvg to lay out. */
function resvgOptions(svg: string) {
  return svg.includes('<text') ? SYSTEM_FONTS : { font: { loadSystemFonts: false }, background: '#ffffff' };
}
