import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InlineQueryResult, Update, User } from 'grammy/types';

/**
 * A small Bot API server on 127.0.0.1 in front of the `telegram-test-api` emulator, for end-to-end
 * tests of what the emulator cannot do. The emulator cannot deliver inline queries and has no
 * answerInlineQuery, sendDocument or sendPhoto (its catch-all route answers any method it lacks, and
 * shadows routes added later). So this server:
 * - adds inline queries injected by the test to the emulator's getUpdates answers;
 * - implements answerInlineQuery, sendDocument and sendPhoto, reading the multipart uploads grammY
 *   sends (file bytes, file name, caption), and keeps what they got;
 * - forwards every other request to the emulator unchanged.
 * The bot is pointed at this server (`apiRoot`); the emulator's clients talk to the emulator.
 */

/** A file the bot uploaded (or re-sent by id). */
export interface UploadedFile {
  method: 'sendDocument' | 'sendPhoto';
  chatId: number;
  messageId: number;
  fileName: string;
  /** The bytes uploaded; empty when a file id was re-sent. */
  bytes: Buffer;
  fileId: string;
  caption?: string;
  /** The other fields of the request (parse_mode, reply_markup…), as sent. */
  fields: Record<string, string>;
}

/** An answerInlineQuery the bot made. */
export interface InlineAnswerCall {
  inlineQueryId: string;
  results: InlineQueryResult[];
  fields: Record<string, unknown>;
}

interface Part {
  name: string;
  fileName?: string;
  data: Buffer;
}

/**
 * Reads a multipart/form-data body. grammY writes its parts as `content-disposition:form-data;
 * name="…";filename=…` with an unquoted file name, which general parsers reject, so this reads the
 * header leniently.
 */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/iu.exec(contentType);
  if (!boundary) throw new Error('multipart without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const chunk = body.subarray(start, next);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const head = chunk.subarray(0, headerEnd).toString('utf8');
    // The data runs to the CRLF before the next delimiter.
    const data = chunk.subarray(headerEnd + 4, chunk.length - 2);
    const name = /name="([^"]*)"/iu.exec(head)?.[1];
    const fileName = /filename=(?:"([^"]*)"|([^;\r\n]*))/iu.exec(head);
    if (name !== undefined)
      parts.push({ name, fileName: fileName ? (fileName[1] ?? fileName[2])?.trim() : undefined, data });
    at = next;
  }
  return parts;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The fields of a request, whatever its encoding, and its uploads. */
async function readRequest(req: IncomingMessage): Promise<{ fields: Record<string, string>; files: Part[] }> {
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const parts = parseMultipart(body, type);
    const fields: Record<string, string> = {};
    for (const p of parts) if (p.fileName === undefined) fields[p.name] = p.data.toString('utf8');
    return { fields, files: parts.filter((p) => p.fileName !== undefined) };
  }
  if (!body.length) return { fields: {}, files: [] };
  const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const fields = Object.fromEntries(
    Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  return { fields, files: [] };
}

export class BotApiFront {
  readonly uploads: UploadedFile[] = [];
  readonly inlineAnswers: InlineAnswerCall[] = [];
  private readonly pending: Update[] = [];
  private readonly waiters: (() => void)[] = [];
  private server: Server | undefined;
  private nextUpdateId = 1_000_000;
  private nextMessageId = 500_000;
  private nextQueryId = 1;

  /** `emulator` is the emulator's API root, e.g. `http://127.0.0.1:9001`. */
  constructor(private readonly emulator: string) {}

  /** Starts listening on 127.0.0.1; resolves to the API root to give the bot. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Queues an inline query from `from`, delivered with the bot's next getUpdates; returns its id. */
  injectInlineQuery(from: User, query: string): string {
    const id = `iq${this.nextQueryId++}`;
    this.pending.push({
      update_id: this.nextUpdateId++,
      inline_query: { id, from, query, offset: '', chat_type: 'sender' },
    });
    return id;
  }

  /** Resolves once `check` holds (checked after every request this server implements), or rejects after `ms`. */
  async waitFor<T>(check: () => T | undefined, ms = 8000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      const left = until - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the bot');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = /^\/bot[^/]+\/(\w+)/u.exec(req.url ?? '')?.[1];
    if (method === 'getUpdates') return this.getUpdates(req, res);
    if (method === 'answerInlineQuery') return this.answerInlineQuery(req, res);
    if (method === 'sendDocument' || method === 'sendPhoto') return this.sendFile(method, req, res);
    return this.forward(req, res, await readBody(req));
  }

  private reply(res: ServerResponse, result: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result }));
    this.notify();
  }

  /** The emulator's updates, with the injected inline queries first. */
  private async getUpdates(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const upstream = await this.call(req, body);
    const parsed = JSON.parse(upstream.body.toString('utf8')) as { ok: boolean; result?: Update[] };
    if (parsed.ok && this.pending.length) parsed.result = [...this.pending.splice(0), ...(parsed.result ?? [])];
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(parsed));
  }

  private async answerInlineQuery(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { fields } = await readRequest(req);
    const all = Object.fromEntries(
      Object.entries(fields).map(([k, v]) => {
        try {
          return [k, JSON.parse(v) as unknown];
        } catch {
          return [k, v];
        }
      }),
    );
    this.inlineAnswers.push({
      inlineQueryId: fields.inline_query_id ?? '',
      results: (all.results as InlineQueryResult[] | undefined) ?? [],
      fields: all,
    });
    this.reply(res, true);
  }

  private async sendFile(method: 'sendDocument' | 'sendPhoto', req: IncomingMessage, res: ServerResponse) {
    const { fields, files } = await readRequest(req);
    const key = method === 'sendDocument' ? 'document' : 'photo';
    // An upload is a part the field names (`attach://…`); a re-send is the file id itself.
    const ref = fields[key] ?? '';
    const attached = /^attach:\/\/(.+)$/u.exec(ref)?.[1];
    const part = files.find((f) => f.name === attached);
    const messageId = this.nextMessageId++;
    const fileId = part ? `front-${messageId}` : ref;
    const upload: UploadedFile = {
      method,
      chatId: Number(fields.chat_id),
      messageId,
      fileName: part?.fileName ?? '',
      bytes: part?.data ?? Buffer.alloc(0),
      fileId,
      caption: fields.caption,
      fields,
    };
    this.uploads.push(upload);
    const file = { file_id: fileId, file_unique_id: fileId, file_size: upload.bytes.length };
    this.reply(res, {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: upload.chatId, type: upload.chatId < 0 ? 'supergroup' : 'private' },
      ...(upload.caption ? { caption: upload.caption } : {}),
      ...(method === 'sendDocument'
        ? { document: { ...file, file_name: upload.fileName } }
        : { photo: [{ ...file, width: 0, height: 0 }] }),
    });
  }

  private call(req: IncomingMessage, body: Buffer): Promise<{ status: number; body: Buffer }> {
    const target = new URL(req.url ?? '/', this.emulator);
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        target,
        {
          method: req.method,
          headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
        },
        (upstream) => {
          readBody(upstream).then((b) => resolve({ status: upstream.statusCode ?? 502, body: b }), reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  private async forward(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const upstream = await this.call(req, body);
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(upstream.body);
  }
}
