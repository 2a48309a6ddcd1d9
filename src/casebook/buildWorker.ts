/**
 * The worker thread behind background builds and adds (see background.ts and incremental.ts). It
 * has its own jieba, whose dictionary is per thread, so segmenting and indexing here never changes
 * how the main thread's casebook segments questions. It serves requests one at a time until it is
 * terminated: build the index snapshot for a pages folder and its edits; apply a change to the
 * index on disk with the CasebookWriter it keeps between requests (jieba's full dictionary and
 * the casebook's state stay loaded) and send the delta back; compute the casebook's topics with its
 * query dictionary; compact; or segment texts with a given dictionary (tests prove both threads
 * segment alike).
 */
import { parentPort } from 'node:worker_threads';
import { setPriority } from 'node:os';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { buildSnapshot } from './open.js';
import { CasebookWriter, type CompactionPolicy, type DictionaryChange } from './writer.js';
import type { PageChange } from './holder.js';
import type { Manifest } from '../search/snapshot.js';
import { retainFullDictionary } from '../search/jiebaDictionary.js';
import { indexTerms, queryWords, useDictionary, type DictionarySpec } from '../search/tokenizer.js';
import { querySpec } from './live.js';
import { topics, type Topic } from './topics.js';

/** Where the writer works. */
export interface WriterPlace {
  seedsDir: string;
  indexDir: string;
  dataDir?: string;
  compaction?: Partial<CompactionPolicy>;
}

export type WorkerRequest =
  | { type: 'build'; seedsDir: string; indexDir: string; dataDir?: string; now: number }
  | { type: 'update'; place: WriterPlace; commit: string; changes: PageChange[]; now: number }
  | { type: 'compact'; place: WriterPlace; commit: string }
  | { type: 'open'; place: WriterPlace; commit: string; now: number }
  | { type: 'topics'; place: WriterPlace; commit: string; now: number }
  | { type: 'segment'; spec: DictionarySpec; texts: string[]; mode: 'query' | 'index' };

export type WorkerReply =
  | { type: 'built'; pages: number; articles: number }
  | {
      type: 'updated';
      from: string;
      /** The delta segment's bytes, as written to disk. */
      delta: Uint8Array;
      manifest: Manifest;
      dictionary?: DictionaryChange;
      compact: boolean;
      /** Time spent, for the log and the bench (ms). */
      ms: number;
    }
  | { type: 'unchanged' }
  | { type: 'stale'; commit: string }
  | { type: 'compacted'; manifest: Manifest }
  | { type: 'opened'; commit: string }
  /** The casebook's topics at `commit`, with its query dictionary (plain data). */
  | { type: 'topics'; commit: string; topics: Topic[]; ms: number }
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

// This thread keeps jieba's full dictionary as data (the bigram rule, the query dictionary).
retainFullDictionary();

/**
 * Builds and adds give way to answers: on Linux a thread's nice value is its own, so this lowers
 * only this thread (elsewhere it would lower the whole process, so it is left alone there).
 */
const BUILD_THREAD_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(BUILD_THREAD_NICE);
  } catch {
    // Not allowed here: it runs at the process's priority.
  }
}

/** The writer, kept between requests for the same folders. */
let writer: { key: string; writer: CasebookWriter; now: { at: number } } | undefined;

function writerFor(place: WriterPlace, commit: string, now: number): CasebookWriter {
  const key = JSON.stringify(place);
  if (!writer || writer.key !== key || writer.writer.commit !== commit) {
    writer = undefined;
    const clock = { at: now };
    writer = { key, now: clock, writer: CasebookWriter.open({ ...place, log, now: () => new Date(clock.at) }) };
  }
  writer.now.at = now;
  return writer.writer;
}

function serve(request: WorkerRequest): { reply: WorkerReply; transfer?: ArrayBuffer[] } {
  try {
    if (request.type === 'build') {
      writer = undefined;
      const built = buildSnapshot({
        seedsDir: request.seedsDir,
        indexDir: request.indexDir,
        dataDir: request.dataDir,
        log,
        now: () => new Date(request.now),
      });
      return { reply: { type: 'built', ...built } };
    }
    if (request.type === 'update') {
      const started = performance.now();
      const w = writerFor(request.place, request.commit, request.now);
      if (w.commit !== request.commit) return { reply: { type: 'stale', commit: w.commit } };
      const update = w.update(request.changes);
      if (!update) return { reply: { type: 'unchanged' } };
      const delta = new Uint8Array(update.bytes);
      return {
        reply: {
          type: 'updated',
          from: update.from,
          delta,
          manifest: update.manifest,
          dictionary: update.dictionary,
          compact: update.compact,
          ms: performance.now() - started,
        },
        transfer: [delta.buffer],
      };
    }
    if (request.type === 'open') {
      const w = writerFor(request.place, request.commit, request.now);
      w.warm();
      return { reply: { type: 'opened', commit: w.commit } };
    }
    if (request.type === 'topics') {
      // A newer commit is here already: the casebook asked about is no longer current.
      if (writer && writer.key === JSON.stringify(request.place) && writer.writer.commit !== request.commit)
        return { reply: { type: 'stale', commit: writer.writer.commit } };
      const started = performance.now();
      const w = writerFor(request.place, request.commit, request.now);
      if (w.commit !== request.commit) return { reply: { type: 'stale', commit: w.commit } };
      // With the casebook's own query dictionary, as the answering thread would compute them (the
      // next change loads the build dictionary again).
      const source = w.topicSource();
      const { file, hash, words } = source.dictionary;
      useDictionary(querySpec(file, hash, words));
      const list = topics(source.articles);
      return { reply: { type: 'topics', commit: w.commit, topics: list, ms: performance.now() - started } };
    }
    if (request.type === 'compact') {
      const w = writerFor(request.place, request.commit, Date.now());
      if (w.commit !== request.commit) return { reply: { type: 'stale', commit: w.commit } };
      return { reply: { type: 'compacted', manifest: w.compact() } };
    }
    useDictionary(request.spec);
    const cut = request.mode === 'query' ? queryWords : indexTerms;
    return { reply: { type: 'segmented', words: request.texts.map((t) => cut(t)) } };
  } catch (err) {
    // A writer that failed halfway may hold a state the disk does not: read it again next time.
    if (request.type !== 'segment') writer = undefined;
    return { reply: { type: 'failed', message: err instanceof Error ? err.message : String(err) } };
  }
}

port.on('message', ({ id, request }: WorkerEnvelope) => {
  const { reply, transfer } = serve(request);
  port.postMessage({ type: 'reply', id, reply } satisfies WorkerMessage, transfer ?? []);
  // Topics segmented with the query dictionary: make the build dictionary this thread's again now,
  // after the reply, rather than at the start of the next change (jieba keeps it loaded; this also
  // reads the writer's state if it was not read yet).
  if (reply.type === 'topics') {
    try {
      writer?.writer.warm();
    } catch {
      // The next change loads it.
    }
  }
});
