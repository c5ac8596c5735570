/**
 * The `nhacviec` command line. Composition root for every subcommand: reads the environment, builds clients,
 * calls use cases. Messages for people are Vietnamese first.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, ROLES, loadConfig, type Config, type Role } from '../../config/env.js';
import { systemClock } from '../infra/system-clock.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { openDatabase, startService } from '../main.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { registerDeadlineCommand } from './deadline-command.js';
import { registerInviteCommand } from './invite-command.js';
import { registerPlanCommand, type CommandDeps } from './plan-command.js';
import { registerPlanReviewCommands } from './plan-review-command.js';
import { reportCliError } from './report-error.js';
import { registerEvidenceCommand } from './evidence-command.js';
import { registerSimulateCommand } from './simulate-command.js';
import { registerUnitsCommand } from './units-command.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Ví dụ / Examples:
  $ nhacviec serve                                  # chạy dịch vụ (PostgreSQL nhúng, không cần cấu hình)
  $ NHACVIEC_ROLE=worker nhacviec serve             # chỉ chạy tiến trình gửi nhắc việc (scale trên Redis)
  $ nhacviec serve --role api,scheduler             # chỉ HTTP và bộ hẹn giờ
  $ nhacviec migrate                                # áp dụng migration cơ sở dữ liệu
  $ nhacviec deadline explain "Quý I/2024" --year 2024
  $ nhacviec deadline explain "trước ngày 20/01/2024" --json
  $ nhacviec plan import ke-hoach-cchc-2024.docx --province nghe-an --year 2024 --dry-run

Biến môi trường chính / Main environment variables:
  DATABASE_URL   PostgreSQL ngoài (bỏ trống → PostgreSQL nhúng trong DATA_DIR)
  REDIS_URL      Redis cho hàng đợi (bỏ trống → hàng đợi trên PostgreSQL)
  TELEGRAM_BOT_TOKEN  token bot (bỏ trống → tin nhắn được ghi vào bảng outbox)
  PORT           cổng HTTP (mặc định 3000)
`;

export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('nhacviec')
    .description('Nhắc việc — theo dõi và nhắc hạn nhiệm vụ kế hoạch cải cách hành chính qua Telegram')
    .showHelpAfterError('(chạy "nhacviec --help" để xem hướng dẫn)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .version(PACKAGE_VERSION, '-V, --version', 'phiên bản')
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  program
    .command('serve', { isDefault: true })
    .description('chạy dịch vụ: HTTP, bộ hẹn giờ, tiến trình gửi nhắc việc (và bot khi có token)')
    .addOption(
      new Option('--role <roles>', `vai trò của tiến trình: all hoặc danh sách ${ROLES.join(',')} (env NHACVIEC_ROLE)`),
    )
    .option('--port <port>', 'cổng HTTP (env PORT, mặc định 3000)')
    .action(async (opts: { role?: string; port?: string }) => {
      const config = readConfig(io, {
        ...(opts.role ? { NHACVIEC_ROLE: opts.role } : {}),
        ...(opts.port ? { PORT: opts.port } : {}),
      });
      const logger = createLogger({ level: config.logLevel });
      await runService(config, logger);
    });

  program
    .command('migrate')
    .description('áp dụng migration cơ sở dữ liệu (và schema hàng đợi BullMQ khi dùng PostgreSQL)')
    .action(async () => {
      const config = readConfig(io);
      const logger = createLogger({ level: config.logLevel });
      const opened = await openDatabase(config, logger);
      await opened.close();
      io.stdout.write('Đã áp dụng migration. / Migrations applied.\n');
    });

  // Commands that work on the database: configuration is read when they run, not when the CLI is built.
  const lazyConfig = () => readConfig(io);
  const commandDeps: CommandDeps = {
    get config() {
      return lazyConfig();
    },
    clock: systemClock,
    stdout: io.stdout,
    stderr: io.stderr,
    openDatabase: async () => {
      const config = lazyConfig();
      const opened = await openDatabase(config, createLogger({ level: config.logLevel === 'debug' ? 'debug' : 'warn' }));
      return { ...opened.database, url: opened.url, close: opened.close };
    },
  };
  registerDeadlineCommand(program, {
    stdin: io.stdin,
    stdout: io.stdout,
    clock: systemClock,
    calendarFactory: () => calendarForConfig(lazyConfig()),
  });
  registerPlanReviewCommands(registerPlanCommand(program, commandDeps), commandDeps);
  registerUnitsCommand(program, commandDeps);
  registerInviteCommand(program, commandDeps);
  registerSimulateCommand(program, commandDeps);
  registerEvidenceCommand(program, commandDeps);

  return program;
}

function readConfig(io: CliIo, overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...io.env, ...overrides });
}

async function runService(config: Config, logger: Logger): Promise<void> {
  const service = await startService(config, { logger, clock: systemClock });
  logger.info(`nhacviec: ready (roles: ${service.roles.join(', ')}); Ctrl-C to stop`);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        logger.warn(`${signal} again: exiting now`);
        process.exit(130);
      }
      stopping = true;
      logger.info(`${signal}: shutting down (draining workers, closing pools, stopping the database)…`);
      service
        .close()
        .then(() => logger.info('stopped cleanly'))
        .catch((err: unknown) => logger.error('shutdown error', { err }))
        .finally(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      io.stderr.write(`Cấu hình không hợp lệ / ${err.message}\n`);
      return 2;
    }
    reportCliError(err, io.stderr, createLogger({ level: io.env.LOG_LEVEL === 'debug' ? 'debug' : 'error', write: (line) => io.stderr.write(`${line}\n`) }));
    return 1;
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export type { Role };
