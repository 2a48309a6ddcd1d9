import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileUrl, FileDownloadError, httpFileFetcher, showFileUrl } from '../../src/bot/files.js';
import { tempDir } from '../helpers.js';

const TOKEN = '123456:secret-token-value';

describe('file URLs', () => {
  it('a relative path goes under the file route of the API root; an absolute one (local Bot API server) is a file URL', () => {
    expect(fileUrl('https://api.telegram.org', TOKEN, 'documents/file_3.txt').href).toBe(
      `https://api.telegram.org/file/bot${TOKEN}/documents/file_3.txt`,
    );
    expect(fileUrl('http://127.0.0.1:8081/', TOKEN, '/var/lib/telegram-bot-api/x/documents/a.txt').protocol).toBe(
      'file:',
    );
    expect(fileUrl('http://127.0.0.1:8081/', TOKEN, 'documents/a.txt').href).toBe(
      `http://127.0.0.1:8081/file/bot${TOKEN}/documents/a.txt`,
    );
    expect(showFileUrl(fileUrl('https://api.telegram.org', TOKEN, 'documents/a.txt'))).not.toContain('secret');
  });
});

describe('the production fetcher', () => {
  let server: Server;
  let root = '';
  const big = Buffer.alloc(5000, 0x41);

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.endsWith('/page.txt')) return void res.end('本报金乡讯');
      if (req.url?.endsWith('/declared-big.txt')) {
        res.writeHead(200, { 'content-length': big.length });
        return void res.end(big);
      }
      if (req.url?.endsWith('/streamed-big.txt')) {
        // No length given: the fetcher stops once it has read past the limit.
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 5; i++) res.write(big.subarray(0, 1000));
        return void res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads over HTTP through the agent it is given (the API calls’ proxy agent)', async () => {
    let connections = 0;
    const agent = new (class extends Agent {
      override createConnection(...args: Parameters<Agent['createConnection']>): Socket {
        connections++;
        return super.createConnection(...args) as Socket;
      }
    })();
    const bytes = await httpFileFetcher({ agent })(fileUrl(root, TOKEN, 'documents/page.txt'), { maxBytes: 1000 });
    expect(Buffer.from(bytes).toString('utf8')).toBe('本报金乡讯');
    expect(connections).toBe(1);
    agent.destroy();
  });

  it.each(['declared-big.txt', 'streamed-big.txt'])('refuses %s past the limit', async (name) => {
    await expect(
      httpFileFetcher()(fileUrl(root, TOKEN, `documents/${name}`), { maxBytes: 1000 }),
    ).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('a missing file is unavailable, and the error never shows the token', async () => {
    const err = await httpFileFetcher()(fileUrl(root, TOKEN, 'documents/gone.txt'), { maxBytes: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileDownloadError);
    expect(err).toMatchObject({ reason: 'unavailable' });
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('a connection refused is a network error, without the token', async () => {
    const err = await httpFileFetcher()(fileUrl('http://127.0.0.1:9', TOKEN, 'documents/a.txt'), {
      maxBytes: 1000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'network' });
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('reads a local Bot API server’s file from disk, with the same limit', async () => {
    const dir = tempDir('local-bot-api-');
    writeFileSync(join(dir, 'a.txt'), '本报嘉祥讯');
    writeFileSync(join(dir, 'big.txt'), big);
    const fetch = httpFileFetcher();
    expect(Buffer.from(await fetch(fileUrl(root, TOKEN, join(dir, 'a.txt')), { maxBytes: 1000 })).toString()).toBe(
      '本报嘉祥讯',
    );
    await expect(fetch(fileUrl(root, TOKEN, join(dir, 'big.txt')), { maxBytes: 1000 })).rejects.toMatchObject({
      reason: 'too-large',
    });
    await expect(fetch(fileUrl(root, TOKEN, join(dir, 'none.txt')), { maxBytes: 1000 })).rejects.toMatchObject({
      reason: 'unavailable',
    });
  });
});
