/**
 * Entry points run as real processes (`node --import tsx …`, `npm start`), with their stderr log
 * lines (JSON) read as they come.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { PAGES, ROOT, tempDir } from './helpers.js';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stderr's JSON log lines so far. */
  logs(): LogLine[];
  /** Waits until a log line matches; rejects after `ms` or if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** Run as this user and group (root dropping privileges, so permissions apply). */
  uid?: number;
  gid?: number;
  input?: string;
}

/** The environment of an entry point under test: fixture pages, a copy of the shared index, JSON logs. */
export function entryEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(VITEST|TEST$|NODE_OPTIONS$)/.test(key)) delete env[key];
  return { ...env, SEEDS_DIR: PAGES, INDEX_DIR: indexCopy(), LOG_FORMAT: 'json', BOT_TOKEN: '', ...extra };
}

/** A private copy of the index the global setup built, readable by every user. */
export function indexCopy(): string {
  const dir = tempDir('entry-index-');
  cpSync(inject('indexDir'), dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, options: SpawnOptions = {}): Running {
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    uid: options.uid,
    gid: options.gid,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stdin.end(options.input ?? '');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const w of waiters.splice(0)) w();
    }),
  );
  const logs = (): LogLine[] =>
    err
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    waitForLog(match, ms = 20_000) {
      const deadline = Date.now() + ms;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = logs().find(match);
          if (found) return resolve(found);
          if (child.exitCode !== null || child.signalCode !== null)
            return reject(new Error(`process exited before the log line came:\n${err}`));
          if (Date.now() > deadline) return reject(new Error(`no such log line within ${ms} ms:\n${err}`));
          waiters.push(check);
          setTimeout(check, Math.min(200, Math.max(0, deadline - Date.now()))).unref();
        };
        check();
      });
    },
  };
}

/** `node --import tsx <script> …args` in the project. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, options?: SpawnOptions): Running {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], env, options);
}

/** Every descendant of a process (from /proc), children first. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let children: number[] = [];
    try {
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const text = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (text) children = children.concat(text.split(/\s+/).map(Number));
      }
    } catch {
      return;
    }
    for (const c of children) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by its parent) no longer runs.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Whether this test run can make permissions bite: as root (where chmod does not stop writes),
 * by running the process as `nobody`; as anyone else, directly. `reason` says why not.
 */
export function unprivileged(): { uid?: number; gid?: number } | { reason: string } {
  if (process.getuid?.() !== 0) return {};
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").readdirSync(process.argv[1])', ROOT], {
    uid: 65534,
    gid: 65534,
  });
  if (probe.error || probe.status !== 0)
    return { reason: `running as root and cannot run a process as nobody (65534) that reads ${ROOT}` };
  return { uid: 65534, gid: 65534 };
}
