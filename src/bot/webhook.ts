/**
 * The webhook server: Telegram POSTs updates to it (through the operator's reverse proxy). The
 * secret header is checked before any of the body is read; bodies are capped, malformed ones are
 * refused with 400 (not 500, which Telegram would retry), and an update whose handling outlasts
 * Telegram's patience is still answered 200 while it finishes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.js';

/** Telegram's updates are a few kilobytes; a megabyte leaves room for any real one. */
export const MAX_WEBHOOK_BODY = 1024 * 1024;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookOptions {
  secret: string;
  host: string;
  port: number;
  log: Logger;
  /** Largest body accepted, in bytes (default MAX_WEBHOOK_BODY). */
  maxBodyBytes?: number;
}

export interface WebhookServer {
  server: Server;
  /** The port listened on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** An error answered with an HTTP status instead of 500. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  const value = Array.isArray(given) ? given[0] : given;
  if (value === undefined) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads a JSON update of at most `max` bytes; stops reading as soon as it is over. */
function readUpdate(req: IncomingMessage, max: number): Promise<Update> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > max) {
      reject(new BadRequest(413, `请求体 ${declared} 字节，超过上限 ${max}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        reject(new BadRequest(413, `请求体超过上限 ${max} 字节`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (size > max) return;
      let update: unknown;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reject(new BadRequest(400, '请求体不是 JSON'));
        return;
      }
      const id = (update as { update_id?: unknown } | null)?.update_id;
      if (typeof update !== 'object' || update === null || Array.isArray(update) || !Number.isInteger(id)) {
        reject(new BadRequest(400, '请求体不是 Telegram 更新（缺少 update_id）'));
        return;
      }
      resolve(update as Update);
    });
  });
}

/** Starts the webhook server for a bot whose `botInfo` is already known. */
export async function startWebhookServer(bot: Bot, options: WebhookOptions): Promise<WebhookServer> {
  const { secret, host, port, log, maxBodyBytes = MAX_WEBHOOK_BODY } = options;
  const handle = webhookCallback(
    bot,
    (req: IncomingMessage, res: ServerResponse) => ({
      get update() {
        return readUpdate(req, maxBodyBytes);
      },
      header: req.headers[SECRET_HEADER] as string | undefined,
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401).end('secret token is wrong'),
    }),
    // The secret is checked here, before grammY reads the body; grammY need not check it again.
    { onTimeout: 'return', timeoutMilliseconds: 10_000 },
  ) as (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (!sameSecret(req.headers[SECRET_HEADER], secret)) {
      // Nothing of the body is read: close the connection rather than drain it.
      res.writeHead(401, { Connection: 'close' }).end('secret token is wrong');
      return;
    }
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BadRequest) {
        log.warn(`webhook 拒绝了一个请求（${err.status}）：${err.message}`);
        if (!res.headersSent) res.writeHead(err.status, { Connection: 'close' }).end(err.message);
        return;
      }
      log.error({ err }, 'webhook 处理失败');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // A slow or stalled client cannot hold a connection for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    server,
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
