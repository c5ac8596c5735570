import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfig, envSchema } from '../../../config/env.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('.env.example', () => {
  const text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
  const vars = Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

  it('lists every variable of the schema, and no others', () => {
    expect(Object.keys(vars).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('is itself a valid configuration equal to the defaults', () => {
    expect(createConfig(vars)).toEqual(createConfig({}));
  });
});
