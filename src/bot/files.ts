/**
 * Downloading a document a user sent, as the Bot API serves it: getFile gives the file's path,
 * and the bytes come from `{apiRoot}/file/bot{token}/{path}`, or, from a local Bot API server
 * (`--local`, TELEGRAM_API_ROOT), straight from the absolute path it gives. The transfer itself is
 * one injected function, the `FileFetcher`: production uses `httpFileFetcher` (through the same
 * proxy agent as the API calls, when one is given), the console and the tests a fetcher of their
 * own; everything around it (getFile, the URL, size limits, errors) is the same code.
 */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Api } from 'grammy';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';

export interface FetchOptions {
  /** Refuse (and stop reading) past this many bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

/** Fetches a file's bytes: `http(s):` from a Bot API server, `file:` from a local one's disk. */
export type FileFetcher = (url: URL, options: FetchOptions) => Promise<Uint8Array>;

/** A download that did not work; the message is Chinese and never holds the token. */
export class FileDownloadError extends Error {
  override name = 'FileDownloadError';
  constructor(
    message: string,
    readonly reason: 'too-large' | 'unavailable' | 'network',
  ) {
    super(message);
  }
}

/** The URL a file is downloaded from: the file route, or the local path a local server gives. */
export function fileUrl(apiRoot: string, token: string, filePath: string): URL {
  if (isAbsolute(filePath)) return pathToFileURL(filePath);
  return new URL(`${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${filePath.replace(/^\/+/, '')}`);
}

/** A URL as it may be logged or shown: the token replaced. */
export function showFileUrl(url: URL): string {
  return url.href.replace(/\/file\/bot[^/]+\//, '/file/bot<令牌>/');
}

export interface DownloadRequest {
  api: Api;
  fileId: string;
  apiRoot?: string;
  fetch: FileFetcher;
  maxBytes: number;
}

/**
 * getFile, then the bytes through the fetcher. Throws FileDownloadError with a reason a user can
 * be told (too large, no longer available, network).
 */
export async function downloadFile(req: DownloadRequest): Promise<Uint8Array> {
  let file;
  try {
    file = await req.api.getFile(req.fileId);
  } catch (err) {
    throw new FileDownloadError(
      `无法取得文件信息（${(err as Error).message.replace(/bot\d+:[\w-]+/g, 'bot<令牌>')}）`,
      'unavailable',
    );
  }
  if (file.file_size !== undefined && file.file_size > req.maxBytes)
    throw new FileDownloadError(`文件有 ${file.file_size} 字节，超过上限`, 'too-large');
  if (!file.file_path) throw new FileDownloadError('Telegram 没有给出文件路径（文件可能超过 20 MB）', 'unavailable');
  const url = fileUrl(req.apiRoot ?? DEFAULT_API_ROOT, req.api.token, file.file_path);
  return req.fetch(url, { maxBytes: req.maxBytes });
}

export interface HttpFetcherOptions {
  /** The agent of the API calls (a proxy's), so that downloads take the same route. */
  agent?: Agent;
  /** Give up when no byte arrived for this long (default 30 s). */
  idleTimeoutMs?: number;
}

/** The production fetcher: HTTP(S) through the given agent, and `file:` URLs from disk. */
export function httpFileFetcher(options: HttpFetcherOptions = {}): FileFetcher {
  const idle = options.idleTimeoutMs ?? 30_000;
  return (url, { maxBytes, signal }) => {
    if (url.protocol === 'file:') return readLocal(url, maxBytes);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const shown = showFileUrl(url);
    return new Promise<Uint8Array>((resolve, reject) => {
      const fail = (message: string, reason: FileDownloadError['reason']) =>
        reject(new FileDownloadError(`下载 ${shown} 失败：${message}`, reason));
      const req = request(url, { agent: options.agent, signal }, (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(`HTTP ${res.statusCode}`, res.statusCode === 404 ? 'unavailable' : 'network');
          return;
        }
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
          res.destroy();
          fail('文件超过上限', 'too-large');
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            res.destroy();
            fail('文件超过上限', 'too-large');
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
        res.on('error', (err) => fail(codeOf(err), 'network'));
      });
      req.setTimeout(idle, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => fail(codeOf(err), 'network'));
      req.end();
    });
  };
}

/** The error's code (never its message, which may quote the URL and so the token). */
function codeOf(err: Error): string {
  return (err as { code?: string }).code ?? err.name;
}

/** A file a local Bot API server stored on this machine. */
async function readLocal(url: URL, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(url, 'r');
  } catch (err) {
    throw new FileDownloadError(`读取本地 Bot API 服务器的文件失败（${codeOf(err as Error)}）`, 'unavailable');
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new FileDownloadError('文件超过上限', 'too-large');
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
