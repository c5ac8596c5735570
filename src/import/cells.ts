/**
 * Cell text cleaning shared by all readers, so that the same plan in .txt, .docx, .xlsx or .pdf yields the
 * same text: HTML list markup removed, list items one per line as "- item", whitespace collapsed.
 */

const TAG = /<\/?(?:ul|ol|li|p|br|div|span)\b[^>]*>/gi;
/** A bullet that starts an item: at the start, after a line break, or inline after punctuation/space. */
const BULLET_AT_START = /^[-–•+]\s+/;

/**
 * Cleans one cell. List cells ("<ul …> - A; - B", "- A\n- B", "- Theo yêu cầu - Định kỳ quý") become
 * "- A\n- B"; other multi-line cells keep one line per line; runs of spaces collapse.
 */
export function cleanCell(raw: string): string {
  let text = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(TAG, '\n').replace(/\u00a0/g, ' ');
  const lines = text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l.length > 0);
  text = lines.join('\n');
  if (text.length === 0) return '';
  // A list: an item bullet at a line start, or inline after punctuation ("… đúng hạn; - Báo cáo …", the second half
  // of a list cell split by a page break).
  const isList = BULLET_AT_START.test(text) || lines.some((l) => BULLET_AT_START.test(l)) || /[;.]\s+[-–•]\s+\p{Lu}/u.test(text);
  if (!isList) return lines.join('\n');
  // Items start at line starts with a bullet, or inline at " - " followed by an upper-case letter
  // ("- Tháng 01 - Tháng 12", "- Quý I/2024 - Trong năm"); "2012 - 2015" and "tài chính - ngân sách" stay.
  // Bullets are kept as written (an item written without one keeps none), so that cleaning is idempotent and
  // the two halves of a cell split by a page break clean to the same text as the whole.
  const items: { text: string; bullet: boolean }[] = [];
  for (const line of lines) {
    const parts = line.split(/\s[-–•]\s+(?=\p{Lu})/u);
    parts.forEach((p, k) => {
      const bullet = k > 0 || BULLET_AT_START.test(p);
      const item = p.replace(BULLET_AT_START, '').trim();
      if (!item) return;
      if (bullet || items.length === 0) items.push({ text: item, bullet });
      else items[items.length - 1]!.text = `${items[items.length - 1]!.text} ${item}`;
    });
  }
  return items
    .map((i) => ({ ...i, text: i.text.replace(/[;,.…]+\s*$/, '').trim() }))
    .filter((i) => i.text)
    .map((i) => (i.bullet ? `- ${i.text}` : i.text))
    .join('\n');
}

/** The items of a cleaned cell (one per line, bullets removed). */
export function cellItems(cell: string): string[] {
  return cell
    .split('\n')
    .map((l) => l.replace(BULLET_AT_START, '').trim())
    .filter(Boolean);
}

/** A short title: the first sentence or 80 characters of `text`, on one line. */
export function shortTitle(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max)}…`;
}
