/**
 * The worker thread behind background builds (see background.ts). It has its own jieba, whose
 * dictionary is per thread, so segmenting and indexing here never changes how the main thread's
 * casebook segments questions. One request per worker: build (or reuse) the index snapshot for a
 * pages folder and its edits, or segment texts with a given dictionary (tests prove both threads
 * segment alike).
 */
import { parentPort } from 'node:worker_threads';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openCasebook } from './casebook.js';
import { indexTerms, queryWords, useDictionary, type DictionarySpec } from '../search/tokenizer.js';

export type WorkerRequest =
  | { type: 'build'; seedsDir: string; indexDir: string; dataDir?: string; now: number }
  | { type: 'segment'; spec: DictionarySpec; texts: string[]; mode: 'query' | 'index' };

export type WorkerMessage =
  | { type: 'log'; line: string }
  | { type: 'built'; pages: number; articles: number; origin: 'snapshot' | 'build' }
  | { type: 'segmented'; words: string[][] }
  | { type: 'failed'; message: string };

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

port.once('message', (req: WorkerRequest) => {
  try {
    if (req.type === 'build') {
      const cb = openCasebook({
        seedsDir: req.seedsDir,
        indexDir: req.indexDir,
        dataDir: req.dataDir,
        log,
        now: () => new Date(req.now),
      });
      post({ type: 'built', pages: cb.pages.length, articles: cb.articles.length, origin: cb.info.origin });
    } else {
      useDictionary(req.spec);
      const cut = req.mode === 'query' ? queryWords : indexTerms;
      post({ type: 'segmented', words: req.texts.map((t) => cut(t)) });
    }
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
});
