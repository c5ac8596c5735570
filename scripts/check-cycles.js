#!/usr/bin/env node
// Import-cycle check over the project's own TypeScript (relative imports, type-only imports included:
// a cycle of types still couples modules). Exits 1 and prints every cycle found.
import fs from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'jobs', 'config'];
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const files = [];
const walk = (dir) => {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name)) files.push(p);
  }
};
ROOTS.forEach((r) => walk(path.join(root, r)));

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const graph = new Map();
for (const f of files) {
  const src = fs.readFileSync(f, 'utf8');
  const deps = new Set();
  for (const m of src.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    const target = path.resolve(path.dirname(f), spec).replace(/\.js$/, '.ts');
    const candidates = [target, target.endsWith('.ts') ? target : `${target}.ts`, path.join(target, 'index.ts')];
    const hit = candidates.find((c) => files.includes(c));
    if (hit) deps.add(hit);
  }
  graph.set(f, [...deps]);
}

// Tarjan's strongly connected components.
let index = 0;
const stack = [];
const meta = new Map();
const sccs = [];
const strong = (v) => {
  meta.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      strong(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).on) {
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
  }
  if (meta.get(v).low === meta.get(v).index) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) sccs.push(comp);
  }
};
for (const v of graph.keys()) if (!meta.has(v)) strong(v);

if (sccs.length > 0) {
  console.error(`import cycles found (${sccs.length}):`);
  for (const c of sccs) console.error('  ' + c.map((f) => path.relative(root, f)).join(' <-> '));
  process.exit(1);
}
console.log(`no import cycles (${files.length} files)`);
