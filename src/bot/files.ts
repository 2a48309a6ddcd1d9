/**
 * Downloading a document a user sent, as the Bot API serves it: getFile gives the file's path, and
 * the bytes come from that path. The transfer is one injected function, the `FileFetcher`:
 * production uses `botApiFileFetcher`, which is proxy.ts's `downloadFile` (the file route of the
 * API root, through the same proxy as the API calls; a local Bot API server's absolute paths read
 * from disk); the console and the tests give the harness's. Everything around it (getFile, size
 * limits, errors) is the same code.
 */
import type { Api } from 'grammy';
import { DownloadError, downloadFile, scrubbed, type TelegramEndpoint } from './proxy.js';

export { DownloadError } from './proxy.js';

export interface FetchOptions {
  /** Refuse (and stop reading) past this many bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Fetches the bytes of a file getFile described, by its `file_path`: relative (under the API's
 * file route) or absolute (a local Bot API server's disk). Throws DownloadError.
 */
export type FileFetcher = (filePath: string, options: FetchOptions) => Promise<Uint8Array>;

/** The production fetcher: from the Bot API at `endpoint`'s root, through its proxy. */
export function botApiFileFetcher(endpoint: TelegramEndpoint, token: string): FileFetcher {
  return (filePath, options) => downloadFile(endpoint, token, filePath, options);
}

export interface DocumentRequest {
  api: Api;
  fileId: string;
  fetch: FileFetcher;
  maxBytes: number;
}

/**
 * getFile, then the bytes through the fetcher. Throws DownloadError with a reason a user can be
 * told (too large, no longer available, network).
 */
export async function downloadDocument(req: DocumentRequest): Promise<Uint8Array> {
  let file;
  try {
    file = await req.api.getFile(req.fileId);
  } catch (err) {
    throw new DownloadError(`无法取得文件信息（${scrubbed((err as Error).message)}）`, 'unavailable');
  }
  if (file.file_size !== undefined && file.file_size > req.maxBytes)
    throw new DownloadError(`文件有 ${file.file_size} 字节，超过上限`, 'too-large');
  if (!file.file_path) throw new DownloadError('Telegram 没有给出文件路径（文件可能超过 20 MB）', 'unavailable');
  return req.fetch(file.file_path, { maxBytes: req.maxBytes });
}
