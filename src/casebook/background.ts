/**
 * Building a casebook off the main thread. A worker thread parses the pages, applies the edits,
 * segments and indexes with its own jieba and writes the index snapshot; the main thread then
 * loads that snapshot (the warm-start path) and the holder swaps it in. Answers keep flowing on the
 * main thread meanwhile, with the main thread's dictionary untouched.
 */
import { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '../logger.js';
import { loadCasebook, openCasebook, type Casebook } from './casebook.js';
import type { CasebookUpdater, PageChange } from './holder.js';
import type { WorkerEnvelope, WorkerMessage, WorkerReply, WorkerRequest } from './buildWorker.js';

const LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
};

/**
 * Starts a worker. Under tsx (npm start, the tools) and vitest the sources are TypeScript, which
 * a bare worker cannot load: the worker then imports them through tsx's API.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./buildWorker.js', here));
  const target = new URL('./buildWorker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(target)}, ${JSON.stringify(target)}));`;
  return new Worker(code, { eval: true });
}

/**
 * One worker thread serving requests one at a time. It starts on the first request and ends after
 * `idleMs` without one (its jieba holds a full dictionary, a few hundred MB), so a batch of adds
 * pays the start once and a casebook at rest pays nothing. An idle worker never keeps the process
 * alive; a worker that fails is replaced at the next request.
 */
export class BuildThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger = silentLogger,
    private readonly idleMs = 60_000,
  ) {}

  /**
   * Runs one request (after those before it); rejects when the worker fails. When `unless` says so
   * at the request's turn, it is not sent and resolves as `stale` (a request that is no longer
   * wanted: topics of a casebook about to be replaced).
   */
  run(request: WorkerRequest, unless?: () => boolean): Promise<WorkerReply> {
    // A spec may be a live view (getters), which a message would lose: send its values.
    if (request.type === 'segment') {
      const { key, file, words } = request.spec;
      request = { ...request, spec: { key, file, words: [...words] } };
    }
    this.pending++;
    const result = this.queue
      .then(() => (unless?.() ? ({ type: 'stale', commit: '' } as const) : this.send(request)))
      .finally(() => this.pending--);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Whether a request is running or waiting. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Ends the worker now (a request in flight fails). */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private send(request: WorkerRequest): Promise<WorkerReply> {
    clearTimeout(this.idleTimer);
    const worker = this.ensureWorker();
    worker.ref();
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies WorkerEnvelope);
    }).finally(() => {
      if (this.worker !== worker) return;
      worker.unref();
      this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
      this.idleTimer.unref();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    this.worker = worker;
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'log') return this.relay(m.line);
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.reply.type === 'failed') w.reject(new Error(m.reply.message));
      else w.resolve(m.reply);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`后台线程已退出（代码 ${code}）`)));
    return worker;
  }

  private relay(line: string): void {
    try {
      const parsed = JSON.parse(line) as { level: number; msg?: string };
      this.log[LEVELS[parsed.level] ?? 'info'](parsed.msg ?? '');
    } catch {
      this.log.info(line);
    }
  }
}

export interface BackgroundOptions {
  seedsDir: string;
  indexDir: string;
  dataDir?: string;
  log?: Logger;
  now?: () => Date;
  /** Builds tried in the worker before building on the main thread instead (default 3). */
  attempts?: number;
  /** How long the build thread stays up after a build (ms, default 60 s). */
  idleMs?: number;
}

/**
 * The casebook updater of this issue: every change is a full build in the build thread, then a
 * load of the snapshot it wrote. If the snapshot no longer matches when the main thread loads it
 * (pages changed again during the build), the thread builds again; after `attempts`, or when the
 * thread itself fails, the main thread builds (answers pause for that build, which is logged).
 */
export class BackgroundRebuilder implements CasebookUpdater {
  readonly thread: BuildThread;

  constructor(
    private readonly o: BackgroundOptions,
    thread?: BuildThread,
  ) {
    this.thread = thread ?? new BuildThread(o.log, o.idleMs);
  }

  async update(_current: Casebook, _changes: readonly PageChange[]): Promise<Casebook> {
    const log = this.o.log ?? silentLogger;
    const options = { seedsDir: this.o.seedsDir, indexDir: this.o.indexDir, dataDir: this.o.dataDir, log };
    const attempts = this.o.attempts ?? 3;
    let problem = '';
    for (let i = 0; i < attempts; i++) {
      try {
        await this.thread.run({
          type: 'build',
          seedsDir: this.o.seedsDir,
          indexDir: this.o.indexDir,
          dataDir: this.o.dataDir,
          now: (this.o.now?.() ?? new Date()).getTime(),
        });
      } catch (err) {
        problem = (err as Error).message;
        break;
      }
      const loaded = loadCasebook(options);
      if (loaded) return loaded;
      problem = '后台建立的索引与版面不一致（建立期间版面又有变化）';
    }
    log.warn(`后台建立索引未成功（${problem}），改为在主线程建立，期间暂停回答`);
    return openCasebook({ ...options, now: this.o.now });
  }

  /** Ends the build thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}
