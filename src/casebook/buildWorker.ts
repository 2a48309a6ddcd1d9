/**
 * The worker thread behind background builds (see background.ts). It has its own jieba, whose
 * dictionary is per thread, so segmenting and indexing here never changes how the main thread's
 * casebook segments questions. It serves requests one at a time until it is terminated: build the
 * index snapshot for a pages folder and its edits, or segment texts with a given dictionary (tests
 * prove both threads segment alike).
 */
import { parentPort } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildSnapshot } from './casebook.js';
import { indexTerms, queryWords, useDictionary, type DictionarySpec } from '../search/tokenizer.js';

export type WorkerRequest =
  | { type: 'build'; seedsDir: string; indexDir: string; dataDir?: string; now: number }
  | { type: 'segment'; spec: DictionarySpec; texts: string[]; mode: 'query' | 'index' };

export type WorkerReply =
  | { type: 'built'; pages: number; articles: number }
  | { type: 'segmented'; words: string[][] }
  | { type: 'failed'; message: string };

/** What goes to the worker: a request and its number. */
export interface WorkerEnvelope {
  id: number;
  request: WorkerRequest;
}

/** What comes back: log lines while working, then the reply to request `id`. */
export type WorkerMessage = { type: 'log'; line: string } | { type: 'reply'; id: number; reply: WorkerReply };

const port = parentPort;
if (!port) throw new Error('buildWorker.ts 只能在工作线程中运行');

const post = (m: WorkerMessage) => port.postMessage(m);
/** Log lines go to the main thread's logger. */
const log = pino(
  { level: 'debug', base: undefined },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) post({ type: 'log', line });
      done();
    },
  }),
);

function serve(request: WorkerRequest): WorkerReply {
  try {
    if (request.type === 'build') {
      const built = buildSnapshot({
        seedsDir: request.seedsDir,
        indexDir: request.indexDir,
        dataDir: request.dataDir,
        log,
        now: () => new Date(request.now),
      });
      return { type: 'built', ...built };
    }
    useDictionary(request.spec);
    const cut = request.mode === 'query' ? queryWords : indexTerms;
    return { type: 'segmented', words: request.texts.map((t) => cut(t)) };
  } catch (err) {
    return { type: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}

port.on('message', ({ id, request }: WorkerEnvelope) => post({ type: 'reply', id, reply: serve(request) }));
