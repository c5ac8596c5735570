import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HOLIDAYS_DIR } from '../../../config/holidays/load.js';
import { UNITS_DIR } from '../../../config/units/load.js';
import { MIGRATIONS_DIR } from '../../../src/db/client.js';
import { LOCALES_DIR } from '../../../src/i18n/translator.js';
import { PROJECT_ROOT, projectRootFrom } from '../../../src/infra/project-root.js';

describe('project root', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'nhacviec-root-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  writeFileSync(path.join(tmp, 'package.json'), '{}');
  mkdirSync(path.join(tmp, 'src/infra'), { recursive: true });
  mkdirSync(path.join(tmp, 'dist/src/infra'), { recursive: true });

  it('is two folders above src/infra, and three above dist/src/infra', () => {
    expect(projectRootFrom(path.join(tmp, 'src/infra'))).toBe(tmp);
    expect(projectRootFrom(path.join(tmp, 'dist/src/infra'))).toBe(tmp);
  });

  it('keeps a folder named dist that is itself a project root', () => {
    const dist = path.join(tmp, 'elsewhere/dist');
    mkdirSync(path.join(dist, 'src/infra'), { recursive: true });
    writeFileSync(path.join(dist, 'package.json'), '{}');
    expect(projectRootFrom(path.join(dist, 'src/infra'))).toBe(dist);
  });

  it('holds the data files every reader looks for', () => {
    expect(existsSync(path.join(PROJECT_ROOT, 'package.json'))).toBe(true);
    expect(existsSync(path.join(HOLIDAYS_DIR, '2024.json'))).toBe(true);
    expect(existsSync(path.join(UNITS_DIR, 'common.json'))).toBe(true);
    expect(existsSync(path.join(LOCALES_DIR, 'vi.ftl'))).toBe(true);
    expect(existsSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'))).toBe(true);
  });
});
