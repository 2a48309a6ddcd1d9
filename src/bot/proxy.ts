/**
 * How the bot reaches the Bot API: the API root, the proxy (HTTP CONNECT or SOCKS) taken from the
 * environment, and the `http.Agent` that carries every request to Telegram through it, API calls
 * and file downloads alike. Nothing here prints the token.
 *
 * Proxy variables, first set wins: `HTTPS_PROXY`, `https_proxy`, `ALL_PROXY`, `all_proxy`. They
 * apply whatever the API root's scheme (a Bot API server reached over `http://` too), unless its host
 * matches `NO_PROXY`/`no_proxy`. `HTTP_PROXY` is not read: one variable governs Telegram traffic.
 */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { ApiClientOptions } from 'grammy';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { redactTokens } from '../logger.js';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';

/** The proxy variables, in the order they are consulted. */
export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'] as const;
const NO_PROXY_VARIABLES = ['NO_PROXY', 'no_proxy'] as const;

const PROXY_PROTOCOLS = new Set(['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:']);

export type Env = Readonly<Record<string, string | undefined>>;

/** The proxy chosen for one target. */
export interface ProxyChoice {
  /** The proxy, when one is used. */
  url?: URL;
  /** The variable that named it (or that named the proxy that NO_PROXY then bypassed). */
  variable?: string;
  /** The target matched NO_PROXY, so a configured proxy is not used. */
  bypassed?: boolean;
}

/** The Bot API as this process reaches it. */
export interface TelegramEndpoint {
  /** The API root, without a trailing slash. */
  apiRoot: string;
  proxy: ProxyChoice;
}

function firstSet(env: Env, names: readonly string[]): [string, string] | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return [name, value];
  }
  return undefined;
}

/** Parses a proxy setting; `127.0.0.1:7890` without a scheme means an HTTP proxy. */
export function parseProxyUrl(value: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  if (!URL.canParse(withScheme)) throw new Error('无法解析，应形如 http://127.0.0.1:7890 或 socks5://127.0.0.1:1080');
  const url = new URL(withScheme);
  if (!PROXY_PROTOCOLS.has(url.protocol)) {
    throw new Error(`不支持的代理协议 ${url.protocol}（可用 http://、https://、socks5://、socks5h://、socks4://）`);
  }
  if (!url.hostname) throw new Error('代理地址缺少主机名');
  return url;
}

function defaultPort(url: URL): string {
  if (url.port) return url.port;
  if (url.protocol === 'https:') return '443';
  if (url.protocol === 'http:') return '80';
  if (url.protocol.startsWith('socks')) return '1080';
  return '';
}

/** Whether `NO_PROXY` (comma or space separated: `*`, hosts, `.domain`, `*.domain`, `host:port`, IPs) covers the URL. */
export function matchesNoProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = defaultPort(target);
  for (const raw of noProxy.split(/[,\s]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1]!;
      entryPort = bracketed[2];
    } else if (isIP(entry) !== 6) {
      const m = /^(.*):(\d+)$/.exec(entry);
      if (m) {
        entry = m[1]!;
        entryPort = m[2];
      }
    }
    if (entryPort && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, '.');
    if (entry.startsWith('.') ? host === entry.slice(1) || host.endsWith(entry) : host === entry) return true;
  }
  return false;
}

/** The proxy the environment names for a target URL. Throws on a malformed proxy setting. */
export function proxyFor(target: string | URL, env: Env): ProxyChoice {
  const found = firstSet(env, PROXY_VARIABLES);
  if (!found) return {};
  const [variable, value] = found;
  const url = parseProxyUrl(value);
  const noProxy = firstSet(env, NO_PROXY_VARIABLES)?.[1];
  if (noProxy && matchesNoProxy(new URL(target), noProxy)) return { variable, bypassed: true };
  return { url, variable };
}

/** The endpoint for an API root (default api.telegram.org) under the given environment. */
export function telegramEndpoint(apiRoot: string | undefined, env: Env): TelegramEndpoint {
  const root = (apiRoot?.trim() || DEFAULT_API_ROOT).replace(/\/+$/, '');
  return { apiRoot: root, proxy: proxyFor(root, env) };
}

/**
 * A URL as it may be shown: scheme, host and port (the default port spelled out), and the path,
 * never user or password.
 */
export function showUrl(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${defaultPort(u)}${path}`;
}

/** `http://127.0.0.1:9（代理：socks5://127.0.0.1:1080，来自 ALL_PROXY）`, for log lines. */
export function describeEndpoint(endpoint: TelegramEndpoint): string {
  const { proxy } = endpoint;
  let via: string;
  if (proxy.url) via = `代理：${showUrl(proxy.url)}，来自 ${proxy.variable}`;
  else if (proxy.bypassed) via = `不走代理：NO_PROXY 包含此地址（${proxy.variable} 已设置）`;
  else via = '未使用代理';
  return `${showUrl(endpoint.apiRoot)}（${via}）`;
}

const agents = new Map<string, Agent>();
/** The last CONNECT an HTTP proxy refused, per agent: its status explains the failed request. */
const refusals = new WeakMap<Agent, { status: number; text: string; at: number }>();

/**
 * The agent for a proxy: HTTP CONNECT (`http://`, `https://` proxies) or SOCKS. `socks5://` is
 * treated as `socks5h://`: the proxy resolves the name, since a local DNS answer for
 * api.telegram.org is often wrong where it is blocked. One keep-alive agent per proxy.
 */
export function proxyAgent(proxy: URL): Agent {
  const key = proxy.href;
  let agent = agents.get(key);
  if (!agent) {
    if (proxy.protocol.startsWith('socks')) {
      const remote = new URL(proxy.href.replace(/^socks5:/, 'socks5h:').replace(/^socks4:/, 'socks4a:'));
      agent = new SocksProxyAgent(remote, { keepAlive: true });
    } else {
      const http = new HttpsProxyAgent(proxy, { keepAlive: true });
      http.on('proxyConnect', (connect: { statusCode: number; statusText?: string }) => {
        if (connect.statusCode === 200) refusals.delete(http);
        else refusals.set(http, { status: connect.statusCode, text: connect.statusText ?? '', at: Date.now() });
      });
      agent = http;
    }
    agents.set(key, agent);
  }
  return agent;
}

/** The agent for requests to this endpoint, or undefined to connect directly. */
export function endpointAgent(endpoint: TelegramEndpoint): Agent | undefined {
  return endpoint.proxy.url ? proxyAgent(endpoint.proxy.url) : undefined;
}

/** grammY client options: the API root, and the proxy agent when there is one. */
export function clientOptions(endpoint: TelegramEndpoint): ApiClientOptions {
  const agent = endpointAgent(endpoint);
  if (!agent) return { apiRoot: endpoint.apiRoot };
  const secure = endpoint.apiRoot.startsWith('https:');
  return { apiRoot: endpoint.apiRoot, baseFetchConfig: secure ? { agent, compress: true } : { agent } };
}

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface DownloadOptions {
  /** Refuse files larger than this (Telegram's cloud Bot API serves at most 20 MB). */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Give up when no byte arrived for this long (default 30 s). */
  idleTimeoutMs?: number;
}

/**
 * Downloads a file the Bot API keeps (`file_path` from getFile) over the same route as the API
 * calls: the same proxy, the same API root. Errors never name the token.
 */
export function downloadFile(
  endpoint: TelegramEndpoint,
  token: string,
  filePath: string,
  options: DownloadOptions = {},
): Promise<Buffer> {
  const { maxBytes = 20 * 1024 * 1024, idleTimeoutMs = 30_000 } = options;
  const url = new URL(`${endpoint.apiRoot}/file/bot${token}/${filePath.replace(/^\/+/, '')}`);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const shown = `${showUrl(endpoint.apiRoot)}/file/…/${filePath}`;
  return new Promise<Buffer>((resolve, reject) => {
    const fail = (message: string, status?: number) =>
      reject(new DownloadError(`下载 ${shown} 失败：${message}`, status));
    const req = request(url, { agent: endpointAgent(endpoint), signal: options.signal }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode}`, res.statusCode);
        return;
      }
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (declared > maxBytes) {
        res.destroy();
        fail(`文件有 ${declared} 字节，超过上限 ${maxBytes}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          fail(`文件超过上限 ${maxBytes} 字节`);
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', (err) => fail(networkReason(err)));
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => fail(networkReason(err)));
    req.end();
  });
}

/**
 * Why a request to this endpoint failed: the HTTP proxy's refusal of the tunnel when it just
 * refused one (a wrong password: 407; a target it cannot reach: 502), else the network error.
 */
export function failureReason(endpoint: TelegramEndpoint, err: unknown): string {
  const agent = endpointAgent(endpoint);
  const refusal = agent && refusals.get(agent);
  if (refusal && Date.now() - refusal.at < 60_000) {
    const what =
      refusal.status === 407
        ? '代理要求认证或用户名、密码不对'
        : refusal.status === 403
          ? '代理不允许连接此地址'
          : '代理无法连到此地址';
    return `${what}（代理返回 HTTP ${refusal.status}${refusal.text ? ` ${refusal.text}` : ''}）`;
  }
  return networkReason(err);
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝',
  ECONNRESET: '连接被重置',
  ETIMEDOUT: '连接超时',
  ESOCKETTIMEDOUT: '连接超时',
  ENOTFOUND: '域名无法解析',
  EAI_AGAIN: '域名暂时无法解析',
  EHOSTUNREACH: '主机不可达',
  ENETUNREACH: '网络不可达',
  EPIPE: '连接被中断',
  ABORT_ERR: '请求被取消',
  CERT_HAS_EXPIRED: 'TLS 证书已过期',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS 证书是自签名的',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS 证书无法验证',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS 证书与主机名不符',
};

/**
 * Why a request did not get through, in Chinese, from the error's code (never its message, which
 * may hold the request URL and so the token). Follows `cause` and grammY's `HttpError.error`.
 */
export function networkReason(err: unknown): string {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, type, name, message } = e as { code?: string; type?: string; name?: string; message?: string };
    if (code && REASONS[code]) return `${REASONS[code]}（${code}）`;
    if (type === 'invalid-json') return '对方返回的不是 Bot API 的应答（可能是代理或网关的错误页）';
    if (type === 'request-timeout' || name === 'TimeoutError') return '请求超时';
    if (name === 'AbortError') return '请求被取消';
    // Some libraries (socks) give the system error only in the message: take its code, nothing else.
    const inMessage = typeof message === 'string' ? /\b(E[A-Z]{4,}|ERR_TLS_[A-Z_]+)\b/.exec(message)?.[1] : undefined;
    if (inMessage && REASONS[inMessage]) return `${REASONS[inMessage]}（${inMessage}）`;
    if (typeof message === 'string' && /socks/i.test(message)) return `SOCKS 代理出错（${scrubbed(message)}）`;
    if (typeof message === 'string' && /timed out/i.test(message)) return '请求超时';
    if (code) return code;
    e = (e as { error?: unknown; cause?: unknown }).error ?? (e as { cause?: unknown }).cause;
  }
  return '网络错误';
}

/** A message with anything that looks like a bot token or a URL path with one blanked out. */
export function scrubbed(text: string): string {
  return redactTokens(text.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<令牌>'));
}
