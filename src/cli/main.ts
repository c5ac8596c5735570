/**
 * The `nhacviec` command line. Composition root for every subcommand: reads the environment, builds clients,
 * calls use cases. Messages for people are Vietnamese first.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, ROLES, configSecrets, loadConfig, type Config, type Role } from '../../config/env.js';
import { systemClock } from '../infra/system-clock.js';
import { projectPath } from '../infra/project-root.js';
import type { Logger } from '../infra/logger.js';
import type { CommandDeps } from './plan-command.js';
import { reportCliError } from './report-error.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

const PACKAGE_VERSION = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Ví dụ / Examples:
  $ nhacviec serve                                  # chạy dịch vụ (PostgreSQL nhúng, không cần cấu hình)
  $ NHACVIEC_ROLE=worker nhacviec serve             # chỉ chạy tiến trình gửi nhắc việc (scale trên Redis)
  $ nhacviec serve --role api,scheduler             # chỉ HTTP và bộ hẹn giờ
  $ nhacviec migrate                                # áp dụng migration cơ sở dữ liệu
  $ nhacviec jobs failed [--retry]                  # các việc trong hàng đợi đã thất bại (và chạy lại)
  $ nhacviec deadline explain "Quý I/2024" --year 2024
  $ nhacviec deadline explain "trước ngày 20/01/2024" --json
  $ nhacviec plan import ke-hoach-cchc-2024.docx --province nghe-an --year 2024 --dry-run
  $ nhacviec web link --unit so-noi-vu --role coordinator   # đường dẫn đăng nhập trang quản lý lần đầu
  $ nhacviec api token create --name he-thong-tinh --scope read   # token cho API JSON /api/v1

Biến môi trường chính / Main environment variables:
  DATABASE_URL   PostgreSQL ngoài (bỏ trống → PostgreSQL nhúng trong DATA_DIR)
  REDIS_URL      Redis cho hàng đợi (bỏ trống → hàng đợi trên PostgreSQL)
  TELEGRAM_BOT_TOKEN  token bot (bỏ trống → tin nhắn được ghi vào bảng outbox)
  PORT           cổng HTTP (mặc định 3000)
`;

/**
 * The subcommand groups, each loaded only when the command line names it (all of them for help or an unknown
 * command): `deadline explain` must start at once, without loading grammY, exceljs, pdfjs or the database driver.
 * Listed in the order `--help` shows them.
 */
const COMMAND_GROUPS: Record<string, (program: Command, deps: CommandDeps, io: CliIo) => Promise<void>> = {
  deadline: async (program, deps, io) => {
    const [{ registerDeadlineCommand }, { calendarForConfig }] = await Promise.all([
      import('./deadline-command.js'),
      import('../../config/holidays/load.js'),
    ]);
    registerDeadlineCommand(program, {
      stdin: io.stdin,
      stdout: io.stdout,
      clock: deps.clock,
      calendarFactory: () => calendarForConfig(deps.config),
    });
  },
  plan: async (program, deps) => {
    const [{ registerPlanCommand }, { registerPlanReviewCommands }] = await Promise.all([
      import('./plan-command.js'),
      import('./plan-review-command.js'),
    ]);
    registerPlanReviewCommands(registerPlanCommand(program, deps), deps);
  },
  units: async (program, deps) => {
    const [{ registerUnitsCommand }, { registerInviteCommand }, { registerFeedCommand }] = await Promise.all([
      import('./units-command.js'),
      import('./invite-command.js'),
      import('./feed-command.js'),
    ]);
    registerFeedCommand(registerUnitsCommand(program, deps), deps);
    registerInviteCommand(program, deps);
  },
  report: async (program, deps) => {
    (await import('./report-command.js')).registerReportCommand(program, deps);
  },
  simulate: async (program, deps) => {
    (await import('./simulate-command.js')).registerSimulateCommand(program, deps);
  },
  evidence: async (program, deps) => {
    (await import('./evidence-command.js')).registerEvidenceCommand(program, deps);
  },
  web: async (program, deps) => {
    (await import('./web-command.js')).registerWebCommand(program, deps);
  },
  api: async (program, deps) => {
    (await import('./api-command.js')).registerApiCommand(program, deps);
  },
  jobs: async (program, deps) => {
    (await import('./jobs-command.js')).registerJobsCommand(program, deps);
  },
  notify: async (program, deps) => {
    (await import('./notify-command.js')).registerNotifyCommand(program, {
      get config() {
        return deps.config;
      },
      stdout: deps.stdout,
      stderr: deps.stderr,
    });
  },
  health: async (program, deps, io) => {
    const [{ registerHealthCommand }, { openDatabaseForHealth }, { createLogger }] = await Promise.all([
      import('./health-command.js'),
      import('../main.js'),
      import('../infra/logger.js'),
    ]);
    registerHealthCommand(program, {
      get config() {
        return deps.config;
      },
      stdout: io.stdout,
      stderr: io.stderr,
      openDatabase: () => {
        const config = deps.config;
        return openDatabaseForHealth(config, createLogger({ level: 'error', secrets: configSecrets(config) }));
      },
    });
  },
};

/** Commands defined here, which need no group. */
const OWN_COMMANDS = new Set(['serve', 'migrate']);

/** The groups to load for `argv` (node, script, ...args): the one it names, none for serve/migrate, else all. */
export function commandGroupsFor(argv: readonly string[]): string[] {
  const args = argv.slice(2);
  const first = args.find((a) => !a.startsWith('-'));
  const wantsHelp = args.some((a) => a === '-h' || a === '--help' || a === 'help');
  if (first === undefined && args.some((a) => a === '-V' || a === '--version')) return [];
  if (first !== undefined && first in COMMAND_GROUPS) return [first];
  if (first !== undefined && OWN_COMMANDS.has(first) && !wantsHelp) return [];
  return Object.keys(COMMAND_GROUPS);
}

/** The program with the command groups `argv` needs (default: all of them). */
export async function buildProgram(io: CliIo, argv?: readonly string[]): Promise<Command> {
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
      const { createLogger } = await import('../infra/logger.js');
      const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
      await runService(config, logger);
    });

  program
    .command('migrate')
    .description('áp dụng migration cơ sở dữ liệu (và schema hàng đợi BullMQ khi dùng PostgreSQL)')
    .action(async () => {
      const config = readConfig(io);
      const [{ openDatabase }, { createLogger }] = await Promise.all([import('../main.js'), import('../infra/logger.js')]);
      const opened = await openDatabase(config, createLogger({ level: config.logLevel, secrets: configSecrets(config) }));
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
      const [{ openDatabase }, { createLogger }] = await Promise.all([import('../main.js'), import('../infra/logger.js')]);
      const opened = await openDatabase(
        config,
        createLogger({ level: config.logLevel === 'debug' ? 'debug' : 'warn', secrets: configSecrets(config) }),
      );
      return { ...opened.database, url: opened.url, close: opened.close };
    },
  };
  for (const group of argv ? commandGroupsFor(argv) : Object.keys(COMMAND_GROUPS)) {
    await COMMAND_GROUPS[group]!(program, commandDeps, io);
  }

  return program;
}

function readConfig(io: CliIo, overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...io.env, ...overrides });
}

async function runService(config: Config, logger: Logger): Promise<void> {
  const { startService } = await import('../main.js');
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
  const program = await buildProgram(io, argv);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError) {
      io.stderr.write(`Cấu hình không hợp lệ / ${err.message}\n`);
      return 2;
    }
    const { createLogger } = await import('../infra/logger.js');
    reportCliError(err, io.stderr, createLogger({ level: io.env.LOG_LEVEL === 'debug' ? 'debug' : 'error', write: (line) => io.stderr.write(`${line}\n`) }));
    return 1;
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

export type { Role };
