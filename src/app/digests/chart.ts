/**
 * A horizontal bar chart as SVG (pure). Rendered to PNG by an adapter (src/infra/png.ts) for digests, where a
 * picture of which units carry the most overdue tasks says it faster than a list.
 */
export interface Bar {
  label: string;
  value: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function barChartSvg(title: string, bars: readonly Bar[], options: { width?: number; maxBars?: number } = {}): string {
  const width = options.width ?? 800;
  const shown = bars.slice(0, options.maxBars ?? 15);
  const rowH = 32;
  const top = 60;
  const labelW = 300;
  const height = top + shown.length * rowH + 30;
  const max = Math.max(1, ...shown.map((b) => b.value));
  const barMax = width - labelW - 80;
  const rows = shown
    .map((b, i) => {
      const y = top + i * rowH;
      const w = Math.max(2, Math.round((b.value / max) * barMax));
      const label = b.label.length > 38 ? `${b.label.slice(0, 37)}…` : b.label;
      return [
        `<text x="${labelW - 10}" y="${y + 21}" font-size="15" text-anchor="end" fill="#222">${escape(label)}</text>`,
        `<rect x="${labelW}" y="${y + 6}" width="${w}" height="${rowH - 12}" fill="#c0392b" rx="3"/>`,
        `<text x="${labelW + w + 8}" y="${y + 21}" font-size="15" fill="#222">${b.value}</text>`,
      ].join('');
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="20" y="36" font-size="20" font-weight="bold" fill="#111">${escape(title)}</text>` +
    rows +
    `</svg>`
  );
}
