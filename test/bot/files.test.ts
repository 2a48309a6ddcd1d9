import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { botApiFileFetcher, DownloadError } from '../../src/bot/files.js';
import type { TelegramEndpoint } from '../../src/bot/proxy.js';
import { tempDir } from '../helpers.js';

const TOKEN = '123456:secret-token-value';

/** The production fetcher (proxy.ts's downloadFile); proxy.test.ts covers the route through a proxy. */
describe('the production fetcher', () => {
  let server: Server;
  let endpoint: TelegramEndpoint;
  const paths: string[] = [];
  const big = Buffer.alloc(5000, 0x41);

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url?.endsWith('/page.txt')) return void res.end('本报金乡讯');
      if (req.url?.endsWith('/declared-big.txt')) {
        res.writeHead(200, { 'content-length': big.length });
        return void res.end(big);
      }
      if (req.url?.endsWith('/streamed-big.txt')) {
        // No length given: the download stops once it has read past the limit.
        res.writeHead(200, { 'transfer-encoding': 'chunked' });
        for (let i = 0; i < 5; i++) res.write(big.subarray(0, 1000));
        return void res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = { apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, proxy: {} };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('downloads a relative file_path from the file route of the API root', async () => {
    const bytes = await botApiFileFetcher(endpoint, TOKEN)('documents/page.txt', { maxBytes: 1000 });
    expect(Buffer.from(bytes).toString('utf8')).toBe('本报金乡讯');
    expect(paths.at(-1)).toBe(`/file/bot${TOKEN}/documents/page.txt`);
  });

  it.each(['declared-big.txt', 'streamed-big.txt'])('refuses %s past the limit', async (name) => {
    await expect(botApiFileFetcher(endpoint, TOKEN)(`documents/${name}`, { maxBytes: 1000 })).rejects.toMatchObject({
      reason: 'too-large',
    });
  });

  it('a missing file is unavailable, and the error never shows the token', async () => {
    const err = await botApiFileFetcher(endpoint, TOKEN)('documents/gone.txt', { maxBytes: 1000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DownloadError);
    expect(err).toMatchObject({ reason: 'unavailable', status: 404 });
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('a connection refused is a network error, without the token', async () => {
    const err = await botApiFileFetcher({ apiRoot: 'http://127.0.0.1:9', proxy: {} }, TOKEN)('documents/a.txt', {
      maxBytes: 1000,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'network' });
    expect((err as Error).message).not.toContain('secret-token');
  });

  it('reads a local Bot API server’s absolute file_path from disk, with the same limit', async () => {
    const dir = tempDir('local-bot-api-');
    writeFileSync(join(dir, 'a.txt'), '本报嘉祥讯');
    writeFileSync(join(dir, 'big.txt'), big);
    const fetch = botApiFileFetcher(endpoint, TOKEN);
    const before = paths.length;
    expect(Buffer.from(await fetch(join(dir, 'a.txt'), { maxBytes: 1000 })).toString()).toBe('本报嘉祥讯');
    await expect(fetch(join(dir, 'big.txt'), { maxBytes: 1000 })).rejects.toMatchObject({ reason: 'too-large' });
    await expect(fetch(join(dir, 'none.txt'), { maxBytes: 1000 })).rejects.toMatchObject({ reason: 'unavailable' });
    // Nothing went over HTTP for them.
    expect(paths.length).toBe(before);
  });
});
