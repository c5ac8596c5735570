/**
 * Regenerates config/units/admin-units-2025.json from the GSO reference list
 * (default ../shared/reference/admin-units/vn-2026.json, beside the repository). Run again when the list changes:
 *   npx tsx scripts/generate-admin-units.ts [reference.json]
 * tests/unit/config/admin-units.test.ts checks that the committed file is what this produces.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAdminUnits } from '../config/units/admin-units.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_REFERENCE = path.resolve(root, '../shared/reference/admin-units/vn-2026.json');
const input = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_REFERENCE;
const output = path.join(root, 'config/units/admin-units-2025.json');

const text = renderAdminUnits(JSON.parse(readFileSync(input, 'utf8')));
writeFileSync(output, text);
const count = (text.match(/\["\d{5}"/g) ?? []).length;
console.log(`${path.relative(root, output)}: ${text.split('\n').filter((l) => l.startsWith('  {')).length} provinces, ${count} commune-level units (from ${input})`);
