import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture lint rules', () => {
  it('keep src/domain free of infrastructure imports', async () => {
    for (const mod of ['grammy', 'bullmq', 'ioredis', 'drizzle-orm', 'postgres', 'node-cron', 'node:fs']) {
      const msgs = await messagesFor('src/domain/x.ts', `import ${'m'} from '${mod}';\nexport const y = m;\n`);
      expect(msgs.some((m) => m.startsWith('no-restricted-imports')), mod).toBe(true);
    }
    const sub = await messagesFor('src/domain/x.ts', `import { eq } from 'drizzle-orm/sql';\nexport const y = eq;\n`);
    expect(sub.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('forbid reading the clock in src/domain and src/app, but not elsewhere', async () => {
    const code = `export const a = Date.now();\nexport const b = new Date();\n`;
    expect((await messagesFor('src/domain/x.ts', code)).filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(2);
    expect((await messagesFor('src/app/x.ts', code)).filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(2);
    expect(await messagesFor('src/infra/x.ts', code)).toEqual([]);
  });

  it('keep property tests on the fixed seed, with a stated number of runs', async () => {
    expect(await messagesFor('tests/unit/x.test.ts', `import fc from 'fast-check';\nexport const a = fc;\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*fixed seed/),
    ]);
    const helper = `import fc from '../helpers/fast-check.js';\n`;
    expect(await messagesFor('tests/unit/x.test.ts', `${helper}fc.assert(fc.property(fc.nat(), () => true));\n`)).toEqual([
      'no-restricted-syntax: State { numRuns } in fc.assert.',
    ]);
    expect(await messagesFor('tests/unit/x.test.ts', `${helper}fc.assert(fc.property(fc.nat(), () => true), { numRuns: 10 });\n`)).toEqual([]);
  });

  it('keep the database out of use cases and every front end, the CLI included (issue #13 §0)', async () => {
    const stat = `import { PostgresUnitDirectoryStore } from '../db/unit-store.js';\nexport const s = PostgresUnitDirectoryStore;\n`;
    const dyn = `export const s = () => import('../db/unit-store.js');\n`;
    for (const file of ['src/cli/main.ts', 'src/cli/units-command.ts', 'src/cli/simulate-command.ts', 'src/app/x.ts', 'src/web/x.tsx', 'src/bot/x.ts']) {
      expect((await messagesFor(file, stat)).some((m) => m.startsWith('no-restricted-imports')), file).toBe(true);
      expect((await messagesFor(file, dyn)).some((m) => m.startsWith('no-restricted-syntax')), file).toBe(true);
    }
    expect((await messagesFor('src/cli/x.ts', `export const s = () => import('postgres');\n`)).some((m) => m.startsWith('no-restricted-syntax'))).toBe(true);
    // The clock rules of src/app still hold beside it.
    expect((await messagesFor('src/app/x.ts', `export const a = Date.now();\n`)).filter((m) => m.startsWith('no-restricted-syntax'))).toHaveLength(1);
    // Composition modules wire the stores.
    expect(await messagesFor('src/units-wiring.ts', stat)).toEqual([]);
    expect(await messagesFor('src/cli/x.ts', `export const s = () => import('../units-wiring.js');\n`)).toEqual([]);
  });

  it('allow luxon in src/domain', async () => {
    expect(await messagesFor('src/domain/x.ts', `import { DateTime } from 'luxon';\nexport const d = DateTime.fromISO('2024-01-01');\n`)).toEqual([]);
  });
});
