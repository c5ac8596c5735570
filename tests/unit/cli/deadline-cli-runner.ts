/**
 * Test-only runner for `deadline explain` until the main CLI (src/cli/main.ts) wires it in:
 * `node --import tsx tests/unit/cli/deadline-cli-runner.ts deadline explain --jsonl --year 2024 < phrases.txt`
 */
import { Command } from 'commander';
import { registerDeadlineCommand } from '../../../src/cli/deadline-command.js';

const program = new Command('nhacviec');
registerDeadlineCommand(program);
await program.parseAsync(process.argv);
