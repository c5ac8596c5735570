/**
 * Runs the `nhacviec` commands in-process as a coordinator would, against a test database: every command the
 * CLI registers, stdout/stderr captured, the exit code of a refusal returned instead of thrown.
 */
import { Command } from 'commander';
import { createConfig } from '../../config/env.js';
import { registerPlanCommand } from '../../src/cli/plan-command.js';
import { registerPlanReviewCommands } from '../../src/cli/plan-review-command.js';
import { registerUnitsCommand } from '../../src/cli/units-command.js';
import type { Clock } from '../../src/domain/clock.js';
import type { DeadlinePort } from '../../src/import/deadline-port.js';
import type { TestDatabase } from './db.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A runner of `plan …` and `units …` commands; `db()` is read at each call (tests may switch databases). */
export function cliRunner(options: { db: () => TestDatabase; clock: Clock; deadline: DeadlinePort }): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    let out = '';
    let err = '';
    const program = new Command().exitOverride();
    const db = options.db();
    const deps = {
      openDatabase: async () => ({ ...db, close: async () => {} }),
      clock: options.clock,
      config: createConfig({}),
      stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
      stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
      deadline: options.deadline,
      actor: 'cli:test',
    };
    registerPlanReviewCommands(registerPlanCommand(program, deps), deps);
    registerUnitsCommand(program, deps);
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: 0, out, err };
    } catch (e) {
      const code = (e as { exitCode?: number }).exitCode;
      if (code === undefined) throw e;
      return { code, out, err };
    }
  };
}

/** Runs `nhacviec <args>` in-process through the real entry point (`main`), with only PATH and `env` set. */
export async function runMain(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const { PassThrough } = await import('node:stream');
  const { main } = await import('../../src/cli/main.js');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(['node', 'nhacviec', ...args], { stdout, stderr, stdin: new PassThrough(), env: { PATH: process.env.PATH, ...env } });
  return { code, out, err };
}
