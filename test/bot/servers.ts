/**
 * Real servers on 127.0.0.1 for the connectivity tests: the Bot API emulator, an HTTP CONNECT
 * proxy (the `proxy` package, from the same project as the agents), a small SOCKS5 server, and a
 * file server in the Bot API's download layout. Each records what it carried.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createProxy } from 'proxy';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startEmulator(): Promise<TelegramServer> {
  const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
  await server.start();
  return server;
}

function listen(server: Server | HttpServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeAll(server: Server | HttpServer, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface RecordingProxy {
  url: string;
  /** `host:port` of every tunnel opened. */
  tunnels: string[];
  /** Bytes carried from the target back to the client. */
  bytes(): number;
  close(): Promise<void>;
}

/** An HTTP CONNECT proxy, with Basic authentication when `credentials` (`user:pass`) is given. */
export async function startHttpProxy(credentials?: string): Promise<RecordingProxy> {
  const server = createProxy(createHttpServer());
  const tunnels: string[] = [];
  let bytes = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // Everything the proxy writes to the client, the tunnelled responses included.
    const write = s.write.bind(s) as (chunk: Buffer | string, ...rest: unknown[]) => boolean;
    const counting = (chunk: Buffer | string, ...rest: unknown[]): boolean => {
      bytes += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    };
    s.write = counting;
  });
  if (credentials) {
    server.authenticate = (req) =>
      req.headers['proxy-authorization'] === `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  server.on('connect', (req: { url?: string }) => tunnels.push(req.url ?? ''));
  const port = await listen(server);
  return {
    url: credentials ? `http://${credentials}@127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
    tunnels,
    bytes: () => bytes,
    close: () => closeAll(server, sockets),
  };
}

/** A SOCKS5 server (no authentication, CONNECT only): enough to prove traffic goes through it. */
export async function startSocks5(): Promise<RecordingProxy> {
  const tunnels: string[] = [];
  let bytes = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (greeting) => {
      if (greeting[0] !== 5) return client.destroy();
      client.write(Buffer.from([5, 0]));
      client.once('data', (req) => {
        const type = req[3];
        let host: string;
        let at: number;
        if (type === 1) {
          host = [...req.subarray(4, 8)].join('.');
          at = 8;
        } else if (type === 3) {
          host = req.subarray(5, 5 + req[4]!).toString();
          at = 5 + req[4]!;
        } else return client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
        const port = req.readUInt16BE(at);
        tunnels.push(`${host}:${port}`);
        const upstream = connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
          upstream.on('data', (chunk: Buffer) => (bytes += chunk.length));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on('close', () => {
          sockets.delete(upstream);
          client.destroy();
        });
        upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
        client.on('close', () => upstream.destroy());
      });
    });
  });
  const port = await listen(server);
  return { url: `socks5://127.0.0.1:${port}`, tunnels, bytes: () => bytes, close: () => closeAll(server, sockets) };
}

export interface FileServer {
  root: string;
  /** Paths requested. */
  paths: string[];
  close(): Promise<void>;
}

/** Serves `files` under `/file/bot<token>/`, as the Bot API serves downloads. */
export async function startFileServer(token: string, files: Record<string, Buffer>): Promise<FileServer> {
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    const prefix = `/file/bot${token}/`;
    const body = req.url?.startsWith(prefix) ? files[decodeURIComponent(req.url.slice(prefix.length))] : undefined;
    if (!body) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return { root: `http://127.0.0.1:${port}`, paths, close: () => closeAll(server, sockets) };
}
