/**
 * Building a casebook off the main thread. A worker thread parses the pages, applies the edits,
 * segments and indexes with its own jieba and writes the index snapshot; the main thread then
 * loads that snapshot (the warm-start path) and the holder swaps it in. Answers keep flowing on the
 * main thread meanwhile, with the main thread's dictionary untouched.
 */
import { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '../logger.js';
import type { DictionarySpec } from '../search/tokenizer.js';
import { loadCasebook, openCasebook, type Casebook } from './casebook.js';
import type { CasebookUpdater, PageChange } from './holder.js';
import type { WorkerMessage, WorkerRequest } from './buildWorker.js';

const LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
};

/**
 * Starts the worker. Under tsx (npm start, the tools) and vitest the sources are TypeScript, which
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

/** Runs one request in a fresh worker; its log lines go to `log`. The worker exits afterwards. */
export function runInWorker(request: WorkerRequest, log: Logger = silentLogger): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'log') {
        try {
          const line = JSON.parse(m.line) as { level: number; msg?: string };
          log[LEVELS[line.level] ?? 'info'](line.msg ?? '');
        } catch {
          log.info(m.line);
        }
        return;
      }
      if (m.type === 'failed') finish(() => reject(new Error(m.message)));
      else finish(() => resolve(m));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`后台线程意外退出（代码 ${code}）`))));
    worker.postMessage(request);
  });
}

/** Segments texts in a worker thread with the given dictionary: what that thread's jieba gives. */
export async function segmentInWorker(
  spec: DictionarySpec,
  texts: string[],
  mode: 'query' | 'index',
): Promise<string[][]> {
  const m = await runInWorker({ type: 'segment', spec, texts, mode });
  if (m.type !== 'segmented') throw new Error(`后台线程答非所问：${m.type}`);
  return m.words;
}

export interface BackgroundOptions {
  seedsDir: string;
  indexDir: string;
  dataDir?: string;
  log?: Logger;
  now?: () => Date;
  /** Builds tried in the worker before building on the main thread instead (default 3). */
  attempts?: number;
}

/**
 * The casebook updater of this issue: every change is a full build in a worker thread, then a
 * load of the snapshot it wrote. If the snapshot no longer matches when the main thread loads it
 * (pages changed again during the build), the worker builds again; after `attempts`, or when the
 * worker itself fails, the main thread builds (answers pause for that build, which is logged).
 */
export class BackgroundRebuilder implements CasebookUpdater {
  constructor(private readonly o: BackgroundOptions) {}

  async update(_current: Casebook, _changes: readonly PageChange[]): Promise<Casebook> {
    const log = this.o.log ?? silentLogger;
    const options = { seedsDir: this.o.seedsDir, indexDir: this.o.indexDir, dataDir: this.o.dataDir, log };
    const attempts = this.o.attempts ?? 3;
    let problem = '';
    for (let i = 0; i < attempts; i++) {
      try {
        const request: WorkerRequest = {
          type: 'build',
          seedsDir: this.o.seedsDir,
          indexDir: this.o.indexDir,
          dataDir: this.o.dataDir,
          now: (this.o.now?.() ?? new Date()).getTime(),
        };
        await runInWorker(request, log);
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
}
