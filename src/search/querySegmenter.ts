/**
 * jieba in another thread, called synchronously. jieba's dictionary is per thread and loading one
 * blocks the thread for tens of milliseconds (its HMM model, twice), so when an add changes the
 * query dictionary's words, the new dictionary is loaded here, in a segmenter thread, while the
 * main thread keeps answering; then the main thread's segmentation goes to that thread, over a
 * SharedArrayBuffer (a round trip of tens of microseconds), instead of reloading its own jieba.
 *
 * The segmenter thread is plain JavaScript (no TypeScript loader needed) and loads jieba exactly as
 * `loadDictionary` does (same files and stand-ins, see `jiebaLoadOptions`), then inserts the user
 * words, so it segments exactly as the main thread would with the same spec (a test checks this).
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { DictionarySpec } from './tokenizer.js';

/** What the thread needs to load a dictionary as `loadDictionary` does. */
export interface JiebaFiles {
  dict: string;
  hmmDict: string;
  /** The stand-in files' contents (written by the thread, as loadDictionary writes them). */
  stubs: { userDict: string; idfDict: string; stopWordDict: string };
}

const IDLE = 0;
const REQUEST = 1;
const DONE = 2;
const MAIL = 3;
const OP_CUT = 1;
const OP_INSERT = 2;
const OP_EXIT = 3;
const OP_TAG = 4;
/** How long a call waits awake for the answer before it sleeps (ms). */
const SPIN_MS = 0.5;
/** UTF-16 units for a request or an answer (4 MB). */
const CAPACITY = 2 * 1024 * 1024;

const THREAD = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');
const jieba = require(workerData.jieba);
const ctl = new Int32Array(workerData.sab, 0, 4);
const data = new Uint16Array(workerData.sab, 16);
const port = workerData.port;
const text = (n) => { let s = ''; for (let i = 0; i < n; i += 8192) s += String.fromCharCode.apply(null, data.subarray(i, Math.min(n, i + 8192))); return s; };
function load(m) {
  const dir = mkdtempSync(join(tmpdir(), 'jieba-'));
  try {
    const files = {};
    for (const [k, v] of Object.entries(m.files.stubs)) writeFileSync((files[k] = join(dir, k + '.utf8')), v);
    jieba.load({ dict: m.files.dict, hmmDict: m.files.hmmDict, userDict: files.userDict, idfDict: files.idfDict, stopWordDict: files.stopWordDict });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const w of m.words) if (w.length >= 2) jieba.insertWord(w);
}
function serve() {
  const op = ctl[2];
  const input = text(ctl[1]);
  if (op === ${OP_EXIT}) {
    ctl[1] = 0;
    Atomics.store(ctl, 0, ${DONE});
    Atomics.notify(ctl, 0);
    process.exit(0);
  }
  if (op === ${OP_INSERT}) {
    for (const w of input.split('\\n')) if (w.length >= 2) jieba.insertWord(w);
    ctl[1] = 0;
    return;
  }
  const words = op === ${OP_TAG} ? jieba.tag(input).flatMap((t) => [t.word, t.tag]) : jieba.cut(input, ctl[3] === 1);
  let at = 0;
  for (const w of words) {
    if (at + 2 + w.length > data.length) { ctl[1] = -1; return; }
    data[at++] = w.length >>> 16;
    data[at++] = w.length & 0xffff;
    for (let i = 0; i < w.length; i++) data[at++] = w.charCodeAt(i);
  }
  ctl[1] = at;
}
for (;;) {
  const state = Atomics.load(ctl, 0);
  if (state === ${REQUEST}) {
    try { serve(); } catch (err) { ctl[1] = -1; }
    Atomics.store(ctl, 0, ${DONE});
    Atomics.notify(ctl, 0);
  } else if (state === ${DONE}) {
    Atomics.wait(ctl, 0, ${DONE});
  } else if (state === ${MAIL}) {
    Atomics.compareExchange(ctl, 0, ${MAIL}, ${IDLE});
    let m;
    while ((m = receiveMessageOnPort(port))) {
      try { load(m.message); port.postMessage({ id: m.message.id }); }
      catch (err) { port.postMessage({ id: m.message.id, error: String(err && err.message || err) }); }
    }
  } else {
    Atomics.wait(ctl, 0, ${IDLE});
  }
}
`;

export class SegmenterError extends Error {
  override name = 'SegmenterError';
}

/** One segmenter thread. */
export class QuerySegmenter {
  private readonly worker: Worker;
  private readonly ctl: Int32Array;
  private readonly data: Uint16Array;
  private readonly port: MessagePort;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  /** The spec this thread holds, once loaded. */
  key: string | undefined;
  dead = false;

  constructor(private readonly timeoutMs = 5000) {
    const sab = new SharedArrayBuffer(16 + CAPACITY * 2);
    this.ctl = new Int32Array(sab, 0, 4);
    this.data = new Uint16Array(sab, 16);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const jieba = createRequire(import.meta.url).resolve('nodejieba');
    this.worker = new Worker(THREAD, { eval: true, workerData: { sab, port: port2, jieba }, transferList: [port2] });
    this.worker.unref();
    this.port.unref();
    this.port.on('message', (m: { id: number; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new SegmenterError(m.error));
      else w?.resolve();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new SegmenterError('分词线程已退出')));
  }

  private fail(err: Error): void {
    this.dead = true;
    this.key = undefined;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Loads a dictionary (in the thread; this thread goes on). */
  load(spec: DictionarySpec, files: JiebaFiles): Promise<void> {
    if (this.dead) return Promise.reject(new SegmenterError('分词线程已退出'));
    this.key = undefined;
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.port.ref();
    this.port.postMessage({ id, files, words: [...spec.words] });
    Atomics.compareExchange(this.ctl, 0, IDLE, MAIL);
    Atomics.notify(this.ctl, 0);
    return done.then(
      () => {
        this.port.unref();
        this.key = spec.key;
      },
      (err: Error) => {
        this.port.unref();
        throw err;
      },
    );
  }

  private call(op: number, text: string, flag = 0): number {
    if (this.dead) throw new SegmenterError('分词线程已退出');
    if (text.length > this.data.length) throw new SegmenterError('文本太长');
    for (let i = 0; i < text.length; i++) this.data[i] = text.charCodeAt(i);
    this.ctl[1] = text.length;
    this.ctl[2] = op;
    this.ctl[3] = flag;
    Atomics.store(this.ctl, 0, REQUEST);
    Atomics.notify(this.ctl, 0);
    // A short cut comes back in well under a millisecond: wait for it awake rather than be put to
    // sleep and woken again (a round trip's worth on a busy machine), then sleep if it takes longer.
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(this.ctl, 0) === REQUEST && performance.now() < spinUntil);
    Atomics.wait(this.ctl, 0, REQUEST, this.timeoutMs);
    if (Atomics.load(this.ctl, 0) !== DONE) {
      this.dead = true;
      this.key = undefined;
      void this.worker.terminate();
      throw new SegmenterError('分词线程没有响应');
    }
    const n = this.ctl[1];
    Atomics.store(this.ctl, 0, IDLE);
    Atomics.notify(this.ctl, 0);
    if (n < 0) throw new SegmenterError('分词失败');
    return n;
  }

  /** jieba's `cut`, in the thread. */
  cut(text: string, hmm: boolean): string[] {
    return this.strings(this.call(OP_CUT, text, hmm ? 1 : 0));
  }

  /** jieba's `tag`, in the thread. */
  tag(text: string): { word: string; tag: string }[] {
    const flat = this.strings(this.call(OP_TAG, text));
    const out: { word: string; tag: string }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ word: flat[i]!, tag: flat[i + 1]! });
    return out;
  }

  /** The strings an answer holds. */
  private strings(n: number): string[] {
    const out: string[] = [];
    const d = this.data;
    for (let at = 0; at < n;) {
      const len = (d[at]! << 16) | d[at + 1]!;
      at += 2;
      let w = '';
      for (let i = 0; i < len; i += 8192) w += String.fromCharCode(...d.subarray(at + i, at + Math.min(len, i + 8192)));
      out.push(w);
      at += len;
    }
    return out;
  }

  /** Inserts user words; the thread then holds `key`. */
  insert(words: readonly string[], key: string): void {
    this.call(OP_INSERT, words.join('\n'));
    this.key = key;
  }

  /** Ends the thread. */
  close(): Promise<number> {
    if (!this.dead) {
      try {
        this.call(OP_EXIT, '');
      } catch {
        // It exited (that is the point) before answering.
      }
    }
    this.dead = true;
    this.key = undefined;
    return this.worker.terminate();
  }
}

/**
 * Segmenter threads taking turns (two by default): one holds the query dictionary in use, the
 * other loads the next one; started when first needed, never keeping the process alive.
 */
export class SegmenterPool {
  private threads: QuerySegmenter[] = [];

  constructor(
    private readonly register: (s: QuerySegmenter) => void,
    private readonly unregister: (s: QuerySegmenter) => void,
    private readonly size = 2,
  ) {}

  /**
   * Loads `spec` into a thread other than the one holding `inUse` (the dictionary the answering
   * thread segments with now), which this thread's segmentation can go to once it resolves.
   */
  async prepare(spec: DictionarySpec, files: JiebaFiles, inUse: string | undefined): Promise<void> {
    for (const t of this.threads.filter((t) => t.dead)) this.unregister(t);
    this.threads = this.threads.filter((t) => !t.dead);
    if (this.threads.some((t) => t.key === spec.key)) return;
    let thread = this.threads.find((t) => t.key === undefined || t.key !== inUse);
    if (!thread && this.threads.length < this.size) {
      thread = new QuerySegmenter();
      this.threads.push(thread);
      this.register(thread);
    }
    if (!thread) throw new SegmenterError('没有空闲的分词线程');
    await thread.load(spec, files);
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    for (const t of threads) this.unregister(t);
    await Promise.all(threads.map((t) => t.close()));
  }
}
