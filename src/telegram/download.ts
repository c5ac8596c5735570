/**
 * Downloads a file a user sent the bot (evidence of completion): `getFile`, then the Bot API's file endpoint
 * (`<apiRoot>/file/bot<token>/<file_path>`). The Bot API lets bots download files up to 20 MB; a bigger one is
 * reported as `too_large`, not as a failure to retry. The token is never part of an error message.
 */
import { type Api, GrammyError } from 'grammy';
import type { DownloadResult, FileDownloader } from '../app/evidence/archive.js';

/** The Bot API's limit on files a bot may download. */
export const BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export function createFileDownloader(options: { api: Api; token: string; apiRoot?: string; timeoutMs?: number }): FileDownloader {
  const root = (options.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, '');
  return async (fileId): Promise<DownloadResult> => {
    let file;
    try {
      file = await options.api.getFile(fileId);
    } catch (error) {
      if (error instanceof GrammyError && /file is too big/i.test(error.description)) return { kind: 'too_large', error: error.description };
      throw error;
    }
    if (file.file_size !== undefined && file.file_size > BOT_API_DOWNLOAD_LIMIT)
      return { kind: 'too_large', error: `file of ${file.file_size} bytes exceeds the Bot API's 20 MB download limit` };
    if (file.file_path === undefined) throw new Error('getFile answered without a file_path');
    const res = await fetch(`${root}/file/bot${options.token}/${file.file_path}`, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    if (!res.ok) throw new Error(`file download answered HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (file.file_size !== undefined && bytes.length !== file.file_size) throw new Error(`file download gave ${bytes.length} of ${file.file_size} bytes`);
    return { kind: 'ok', bytes };
  };
}
