/**
 * A small HTTP server on 127.0.0.1 in front of the Bot API emulator (telegram-test-api), which has
 * no getFile method and no file route: it answers `getFile` for the files a test registers and
 * serves them at `/file/bot<token>/<file_path>`, as the Bot API does, and forwards every other
 * request to the emulator unchanged. The bot under test uses this server as its
 * TELEGRAM_API_ROOT, so a document is downloaded over real HTTP by the production code.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FrontFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
}

export class BotApiFileFront {
  /** Paths of the file downloads served, token included (to check the route the bot took). */
  readonly downloads: string[] = [];
  private readonly files = new Map<string, Uint8Array>();
  private server: Server | undefined;
  private next = 1;

  /** @param target The emulator's URL, e.g. `http://127.0.0.1:9000`. */
  constructor(private readonly target: string) {}

  /** Registers a file; put the returned object in a message's `document`. */
  addFile(bytes: Uint8Array): FrontFile {
    const id = `front${this.next++}`;
    this.files.set(id, bytes);
    return { file_id: id, file_unique_id: `u${id}`, file_size: bytes.length };
  }

  /** Starts listening on 127.0.0.1 (a free port); resolves to the server's URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = /^\/file\/bot[^/]+\/documents\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && file) {
      const bytes = this.files.get(decodeURIComponent(file[1]!));
      this.downloads.push(url.pathname);
      if (!bytes) return void res.writeHead(404).end('Not Found');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    if (/^\/bot[^/]+\/getFile$/.test(url.pathname)) {
      const body = await readBody(req);
      let fileId: string | undefined;
      try {
        fileId = (JSON.parse(body.toString('utf8') || '{}') as { file_id?: string }).file_id;
      } catch {
        fileId = new URLSearchParams(body.toString('utf8')).get('file_id') ?? undefined;
      }
      fileId ??= url.searchParams.get('file_id') ?? undefined;
      const bytes = fileId ? this.files.get(fileId) : undefined;
      res.writeHead(bytes ? 200 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          bytes
            ? {
                ok: true,
                result: {
                  file_id: fileId,
                  file_unique_id: `u${fileId}`,
                  file_size: bytes.length,
                  file_path: `documents/${fileId}`,
                },
              }
            : { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' },
        ),
      );
      return;
    }
    this.forward(req, res);
  }

  /** Passes a request on to the emulator and its answer back. */
  private forward(req: IncomingMessage, res: ServerResponse): void {
    const target = new URL(req.url ?? '/', this.target);
    const out = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
