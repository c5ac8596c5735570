/**
 * `nhacviec notify test --channel telegram|zalo|email --to <chat id | Zalo user id | address>`: sends a test
 * message through the real adapter of that channel (as configured: TELEGRAM_BOT_TOKEN, SMTP_URL …) and prints
 * the channel's answer, or how the failure was classified. Nothing is written to the database.
 */
import type { Command } from 'commander';
import { CHANNEL_KINDS, isChannelKind, type ChannelAdapters } from '../app/channels/port.js';
import { DeliveryError } from '../app/ports.js';
import type { Config } from '../../config/env.js';
import { fail } from './plan-command.js';

export interface NotifyCommandDeps {
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The configured adapters (default: src/channels-wiring.ts over the config). */
  adapters?: (config: Config) => Promise<ChannelAdapters>;
}

/** What each channel needs to be configured, for the error message. */
const NEEDS: Record<string, string> = {
  telegram: 'TELEGRAM_BOT_TOKEN',
  zalo: 'ZALO_BOT_TOKEN',
  email: 'SMTP_URL và MAIL_FROM',
};

async function configuredAdapters(config: Config): Promise<ChannelAdapters> {
  const [{ createChannelAdapters }, { createTelegramApi }, { createTranslator }] = await Promise.all([
    import('../channels-wiring.js'),
    import('../telegram/create-api.js'),
    import('../i18n/translator.js'),
  ]);
  const api = config.telegram.token ? createTelegramApi({ token: config.telegram.token, apiRoot: config.telegram.apiRoot }) : null;
  return createChannelAdapters(config, api, createTranslator());
}

export function registerNotifyCommand(program: Command, deps: NotifyCommandDeps): Command {
  const notify = program.command('notify').description('kênh gửi tin (Telegram, Zalo, thư điện tử): gửi thử');
  notify
    .command('test')
    .description('gửi một tin thử qua kênh đã cấu hình và in câu trả lời của kênh')
    .requiredOption('--channel <kind>', `kênh: ${CHANNEL_KINDS.join(' | ')}`)
    .requiredOption('--to <address>', 'mã cuộc trò chuyện Telegram, mã người dùng Zalo hoặc địa chỉ thư')
    .option('--json', 'in dạng JSON', false)
    .action(async (o: { channel: string; to: string; json: boolean }) => {
      if (!isChannelKind(o.channel)) fail(deps, o.json, 'notify', `Kênh "${o.channel}" không có; chọn một trong: ${CHANNEL_KINDS.join(', ')}.`);
      const kind = o.channel;
      const adapters = await (deps.adapters ?? configuredAdapters)(deps.config);
      const adapter = adapters[kind];
      if (!adapter) fail(deps, o.json, 'notify.not_configured', `Kênh ${kind} chưa được cấu hình (cần ${NEEDS[kind]}).`, { channel: kind });
      if (adapter.validAddress && !adapter.validAddress(o.to)) fail(deps, o.json, 'notify.address', `Địa chỉ "${o.to}" không hợp lệ cho kênh ${kind}.`);
      const { createTranslator } = await import('../i18n/translator.js');
      const t = createTranslator();
      try {
        const sent = await adapter.send({
          to: o.to,
          class: 'test',
          text: t('vi', 'notify-test-text', { channel: kind }),
          subject: `[Nhắc việc] ${t('vi', 'notify-test-text', { channel: kind }).split(':')[0]}`,
        });
        if (o.json) deps.stdout.write(`${JSON.stringify({ ok: true, channel: kind, to: o.to, messageId: sent.messageId, response: sent.response ?? null })}\n`);
        else deps.stdout.write(`Đã gửi tin thử qua ${kind} đến ${o.to}. Mã tin: ${sent.messageId}${sent.response ? `\nKênh trả lời: ${sent.response}` : ''}\n`);
      } catch (err) {
        const failure = err instanceof DeliveryError ? err.failure : adapter.classify(err);
        const reason = 'reason' in failure ? failure.reason : `retry after ${'retryAfterS' in failure ? failure.retryAfterS : '?'} s`;
        fail(deps, o.json, 'notify.failed', `Gửi thử qua ${kind} không thành công (${failure.kind}): ${reason}`, { channel: kind, failure });
      }
    });
  return notify;
}
