/**
 * The PNG renderer outlines chart text with fonts parsed once; the outlines must land where resvg's own text
 * layout (system fonts) puts the same text, for every anchor, weight and Vietnamese letters.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { barChartSvg } from '../../../src/app/digests/chart.js';
import { createPngRenderer, createTextOutliner, renderPng } from '../../../src/infra/png.js';

const outline = createTextOutliner();
const svgOf = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80" viewBox="0 0 600 80" font-family="DejaVu Sans, Arial, sans-serif">${body}</svg>`;
const inkBox = (svg: string) => {
  const box = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).innerBBox();
  if (!box) throw new Error('nothing drawn');
  return [box.x, box.y, box.x + box.width, box.y + box.height];
};

describe('chart text outlines (src/infra/png.ts)', () => {
  const cases = [
    '<text x="290" y="21" font-size="15" text-anchor="end" fill="#222">UBND xã Nghĩa Đàn &amp; Quỳnh Lưu</text>',
    '<text x="20" y="36" font-size="20" font-weight="bold" fill="#111">Đơn vị có nhiều nhiệm vụ quá hạn nhất</text>',
    '<text x="308" y="50" font-size="15" fill="#222">1234</text>',
    '<text x="300" y="60" font-size="12" text-anchor="middle">Sở Tư pháp</text>',
  ];
  for (const text of cases) {
    it(`puts ${text.slice(0, 60)}… where resvg's layout does`, () => {
      const original = svgOf(text);
      const outlined = outline(original);
      expect(outlined).not.toContain('<text');
      const [a, b] = [inkBox(original), inkBox(outlined)];
      expect(b.map((v, i) => Math.abs(v - a[i]!)).every((d) => d < 1.5), `${a.join(",")} vs ${b.join(",")}`).toBe(true);
    });
  }

  it('leaves text it does not understand to resvg', () => {
    const svg = svgOf('<text x="1" y="20" font-size="15" transform="rotate(10)">xoay</text><text x="1" y="40"><tspan>a</tspan></text>');
    expect(outline(svg)).toBe(svg);
  });

  it('renders a digest chart to a PNG of the same size as the reference renderer', () => {
    const svg = barChartSvg('Đơn vị có nhiều nhiệm vụ quá hạn nhất', [
      { label: 'UBND xã Nghĩa Đàn', value: 12 },
      { label: 'Sở Tài chính', value: 3 },
    ]);
    const fast = Buffer.from(createPngRenderer()(svg));
    const reference = Buffer.from(renderPng(svg));
    expect(fast.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width and height at bytes 16–23.
    expect(fast.subarray(16, 24)).toEqual(reference.subarray(16, 24));
  });
});
