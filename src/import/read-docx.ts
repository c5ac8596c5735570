/**
 * Reads .docx plans through mammoth's HTML: paragraphs become paragraph blocks, table rows become row blocks.
 * Merged cells are expanded (colspan → empty cells after, rowspan → empty cells below) so that columns keep
 * their index. Paragraphs inside a cell are kept one per line; list items get "- ".
 */
import mammoth from 'mammoth';
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';

/** Reads a .docx file's bytes. Throws `ImportError('unreadable-docx')` when mammoth cannot open it. */
export async function readDocx(bytes: Uint8Array): Promise<SourceDocument> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    html = result.value;
  } catch (err) {
    throw new ImportError('unreadable-docx', `Không đọc được tệp .docx (tệp hỏng hoặc không phải Word): ${(err as Error).message}`, {}, { cause: err });
  }
  return { format: 'docx', blocks: htmlToBlocks(html) };
}

interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: (Node | string)[];
}

const VOID = new Set(['br', 'img', 'hr']);

/** A small parser for mammoth's well-formed HTML subset. */
export function parseHtml(html: string): Node {
  const root: Node = { tag: '#root', attrs: {}, children: [] };
  const stack: Node[] = [root];
  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*?)(\/?)>|([^<]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.children.push(decodeEntities(m[5]));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (closing) {
      const at = stack.map((n) => n.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[a[1]!.toLowerCase()] = decodeEntities(a[2]!);
    const node: Node = { tag, attrs, children: [] };
    top.children.push(node);
    if (!VOID.has(tag) && m[4] !== '/') stack.push(node);
  }
  return root;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}

/** Text of a node: block children on their own lines, list items with "- ", <br> as a line break. */
function textOf(node: Node | string): string {
  if (typeof node === 'string') return node;
  if (node.tag === 'br') return '\n';
  const inner = node.children.map(textOf).join('');
  if (node.tag === 'li') return `\n- ${inner.trim()}\n`;
  if (['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'ul', 'ol'].includes(node.tag)) return `\n${inner}\n`;
  if (node.tag === 'td' || node.tag === 'th') return `${inner}\t`;
  return inner;
}

function clean(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Converts mammoth HTML into blocks in reading order. */
export function htmlToBlocks(html: string): Block[] {
  const root = parseHtml(html);
  const blocks: Block[] = [];
  let para = 0;
  let tableNo = 0;
  const walk = (node: Node) => {
    for (const child of node.children) {
      if (typeof child === 'string') {
        const t = clean(child);
        if (t) blocks.push({ kind: 'paragraph', text: t, ref: `đoạn ${++para}` });
        continue;
      }
      if (child.tag === 'table') {
        tableNo++;
        tableRows(child).forEach((cells, k) => blocks.push({ kind: 'row', cells, ref: `bảng ${tableNo}, hàng ${k + 1}` }));
        continue;
      }
      if (['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li'].includes(child.tag)) {
        const t = clean(textOf(child));
        if (t) for (const line of t.split('\n')) blocks.push({ kind: 'paragraph', text: line, ref: `đoạn ${++para}` });
        continue;
      }
      walk(child);
    }
  };
  walk(root);
  return blocks;
}

/** The rows of a table as a grid of cell texts, merged cells expanded. */
function tableRows(table: Node): string[][] {
  const trs: Node[] = [];
  const collect = (n: Node) => {
    for (const c of n.children) {
      if (typeof c === 'string') continue;
      if (c.tag === 'tr') trs.push(c);
      else if (c.tag !== 'table') collect(c);
    }
  };
  collect(table);
  const grid: string[][] = [];
  /** Columns still covered by a rowspan from above: column → rows left. */
  const pending = new Map<number, number>();
  for (const tr of trs) {
    const row: string[] = [];
    let col = 0;
    const skipCovered = () => {
      while ((pending.get(col) ?? 0) > 0) {
        row.push('');
        pending.set(col, pending.get(col)! - 1);
        col++;
      }
    };
    for (const td of tr.children) {
      if (typeof td === 'string' || (td.tag !== 'td' && td.tag !== 'th')) continue;
      skipCovered();
      const text = clean(td.children.map(textOf).join('\n'));
      const colspan = Math.max(1, Number(td.attrs.colspan ?? 1) || 1);
      const rowspan = Math.max(1, Number(td.attrs.rowspan ?? 1) || 1);
      for (let k = 0; k < colspan; k++) {
        row.push(k === 0 ? text : '');
        if (rowspan > 1) pending.set(col, rowspan - 1);
        col++;
      }
    }
    skipCovered();
    grid.push(row);
  }
  return grid;
}
