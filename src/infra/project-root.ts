/**
 * The project root: the folder that holds package.json, config/, migrations/ and src/i18n/locales/. Code that reads
 * data files finds them from here, so the same code works when it runs from the sources (`src/…` through tsx) and
 * when it runs compiled (`dist/src/…`): the build does not copy data files into dist/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Resolves the project root from the location of a module: `src/infra` → two folders up; from `dist/src/infra`
 * one more, past `dist`. Exported for tests; everyone else uses {@link PROJECT_ROOT}.
 */
export function projectRootFrom(moduleDir: string): string {
  const up = path.resolve(moduleDir, '../..');
  // dist/ has no package.json of its own; the root above it does.
  if (path.basename(up) === 'dist' && !existsSync(path.join(up, 'package.json'))) return path.dirname(up);
  return up;
}

/** Absolute path of the project root (see the module comment). */
export const PROJECT_ROOT = projectRootFrom(path.dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the project root: `projectPath('config', 'holidays')`. */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}
