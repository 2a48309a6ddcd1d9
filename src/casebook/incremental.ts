/**
 * The casebook updater that changes the index in place instead of rebuilding it. The build
 * thread's CasebookWriter parses the changed pages, segments only the articles that need it,
 * writes and commits a delta segment and sends it here; the main thread then applies it between
 * two questions (live.ts). When the change comes with a new query dictionary, its segmenter is made
 * first, in steps between questions too (segmenter.ts), so no question waits for it.
 *
 * Where an in-place change is impossible (no live state, an index loaded through MiniSearch's
 * public API, an index changed by another process, a failure), it falls back to a full rebuild in
 * the build thread (BackgroundRebuilder).
 */
import { silentLogger, type Logger } from '../logger.js';
import type { Casebook } from './casebook.js';
import type { CasebookUpdater, PageChange } from './holder.js';
import { commitOf, liveOf, type LiveCasebook } from './live.js';
import { BackgroundRebuilder, BuildThread, type BackgroundOptions } from './background.js';
import type { WorkerReply, WriterPlace } from './buildWorker.js';
import type { CompactionPolicy } from './writer.js';
import { computedTopics, installTopics, type Topic } from './topics.js';
import type { CasebookHolder } from './holder.js';
import { decodeDelta } from '../search/snapshot.js';
import { Turns } from './turns.js';
import { prepareQueryDictionary, type DictionarySpec } from '../search/tokenizer.js';

/** How long an update's turns may wait, in all, for the answering thread to have nothing due (ms). */
const TURNS_WAIT_MS = 100;

export interface IncrementalOptions extends BackgroundOptions {
  /** When the deltas are folded into a new base (see writer.ts). */
  compaction?: Partial<CompactionPolicy>;
}

/** How long the last update took, by stage (ms). */
export interface UpdateTimings {
  /** In the build thread: parse, segment, write and commit. */
  writer: number;
  /** Making the new query dictionary's segmenter, in turns (0 when the dictionary stayed as it was). */
  dictionary: number;
  /** In the main thread: decoding the delta, preparing it and making it, in separate turns. */
  apply: number;
  /** The longest of those turns, which questions due meanwhile wait for. */
  longestTurn: number;
  /** How long the turns waited, in all, while the thread had something due (see Turns). */
  waited: number;
}

export class BackgroundUpdater implements CasebookUpdater {
  readonly thread: BuildThread;
  private readonly rebuilder: BackgroundRebuilder;
  private readonly log: Logger;
  /** The last in-place update's timings. */
  last: UpdateTimings | undefined;

  constructor(private readonly o: IncrementalOptions) {
    this.log = o.log ?? silentLogger;
    this.thread = new BuildThread(o.log, o.idleMs);
    this.rebuilder = new BackgroundRebuilder(o, this.thread);
  }

  private get place(): WriterPlace {
    return {
      seedsDir: this.o.seedsDir,
      indexDir: this.o.indexDir,
      dataDir: this.o.dataDir,
      compaction: this.o.compaction,
    };
  }

  private now(): number {
    return (this.o.now?.() ?? new Date()).getTime();
  }

  /**
   * Gets the build thread ready for a change to `current` (started, jieba's full dictionary and
   * the casebook's state loaded), e.g. while an editor reads an upload's preview.
   */
  prepare(current: Casebook): void {
    const live = liveOf(current);
    // Not while an update is under way: its casebook is not current yet, and the build thread,
    // asked to open at the old commit, would drop its writer for one read again from disk.
    if (!live || this.thread.busy || this.updating) return;
    void this.thread
      .run({ type: 'open', place: this.place, commit: live.commit, now: this.now() })
      .catch(() => undefined);
  }

  async update(current: Casebook, changes: readonly PageChange[]): Promise<Casebook> {
    this.updating = true;
    try {
      return await this.updateInPlace(current, changes);
    } finally {
      this.updating = false;
    }
  }

  /** Whether `update` is under way (its turns in this thread leave the build thread idle). */
  private updating = false;

  private async updateInPlace(current: Casebook, changes: readonly PageChange[]): Promise<Casebook> {
    const live = liveOf(current);
    if (!live || !live.index.updatable) return this.rebuild(current, changes, '案例库不能就地更新');
    const started = performance.now();
    let reply: WorkerReply;
    try {
      reply = await this.thread.run({
        type: 'update',
        place: this.place,
        commit: live.commit,
        changes: [...changes],
        now: this.now(),
      });
    } catch (err) {
      return this.rebuild(current, changes, (err as Error).message);
    }
    if (reply.type === 'unchanged') return current;
    if (reply.type === 'stale') return this.rebuild(current, changes, '索引已被其他进程改动');
    if (reply.type !== 'updated')
      return this.rebuild(current, changes, reply.type === 'failed' ? reply.message : reply.type);
    const written = performance.now();
    // The answering thread's work comes in turns of its own (questions due meanwhile are answered
    // between them), and only the last changes the casebook.
    const turns = new Turns(TURNS_WAIT_MS);
    const timed = <T>(fn: () => T) => turns.run(fn);
    let spec: DictionarySpec | undefined;
    let dictionaryMs = 0;
    let next: Casebook;
    try {
      const change = reply.dictionary;
      if (change) {
        const making = performance.now();
        spec = await timed(() => live.nextDictionary(change));
        const steps = prepareQueryDictionary(spec);
        while (!(await timed(() => steps.next())).done);
        dictionaryMs = performance.now() - making;
      }
      const bytes = Buffer.from(reply.delta.buffer, reply.delta.byteOffset, reply.delta.byteLength);
      const delta = await timed(() => decodeDelta(bytes));
      const steps = live.prepareInSteps(reply.from, delta, reply.manifest);
      let step = await timed(() => steps.next());
      while (!step.done) step = await timed(() => steps.next());
      const ready = step.value;
      next = await timed(() => live.applyPrepared(ready, spec));
    } catch (err) {
      return this.rebuild(current, changes, (err as Error).message);
    }
    this.last = {
      writer: written - started,
      dictionary: dictionaryMs,
      apply: turns.took.reduce((sum, t) => sum + t, 0),
      longestTurn: Math.max(...turns.took),
      waited: turns.waited,
    };
    if (reply.compact) this.compact(live);
    return next;
  }

  /**
   * `casebook`'s topics (see topics.ts), computed in the build thread with the casebook's own query
   * dictionary, so the answering thread never spends the second per thousand articles they cost.
   * Call it when the casebook is swapped in. Undefined when a newer casebook has been made since
   * (its topics are asked for in turn), or when `unless` says so at the request's turn (a change is
   * waiting: its casebook's topics will be asked for instead); rejects when the casebook has no live state (none was
   * written to disk) or the thread failed, where the caller computes them itself.
   */
  async topics(casebook: Casebook, unless?: () => boolean): Promise<Topic[] | undefined> {
    const commit = commitOf(casebook);
    if (!commit) throw new Error('案例库没有索引快照，专题无法在后台线程提炼');
    const reply = await this.thread.run({ type: 'topics', place: this.place, commit, now: this.now() }, unless);
    if (reply.type === 'stale') return undefined;
    if (reply.type !== 'topics') throw new Error(`后台线程未能提炼专题（${reply.type}）`);
    return reply.topics;
  }

  /** Folds the deltas into a new base in the build thread, after the update that asked for it. */
  private compact(live: LiveCasebook): void {
    void this.thread
      .run({ type: 'compact', place: this.place, commit: live.commit })
      .then((reply) => {
        if (reply.type === 'compacted') live.compacted(reply.manifest);
        else if (reply.type === 'failed') this.log.warn(`索引合并未成功：${reply.message}`);
      })
      .catch((err: Error) => this.log.warn(`索引合并未成功：${err.message}`));
  }

  private rebuild(current: Casebook, changes: readonly PageChange[], why: string): Promise<Casebook> {
    this.log.warn(`索引无法就地更新（${why}），改为重建`);
    return this.rebuilder.update(current, changes);
  }

  /** Ends the build thread. */
  async close(): Promise<void> {
    await this.thread.close();
  }
}

export interface KeepTopicsOptions {
  log?: Logger;
  /**
   * Computes a casebook's topics in this thread (`casebookTopics`), soon after, never inside a
   * request: where the build thread cannot (a casebook without live state, a thread that failed).
   */
  computeHere: (casebook: Casebook) => void;
  /** Called when a casebook's topics came from the build thread and were installed (for the log). */
  onInstalled?: (casebook: Casebook, topics: Topic[], ms: number) => void;
}

/**
 * Keeps the current casebook's topics coming without computing them in the answering thread: for
 * the casebook held now and for each one swapped in, the build thread computes them
 * (`BackgroundUpdater.topics`) and they are installed for that casebook when they arrive
 * (`installTopics`). Until then answers go without topics (bot/lists.ts reads `computedTopics`).
 * Returns a function that stops it.
 */
export function keepTopics(
  holder: CasebookHolder,
  updater: Pick<BackgroundUpdater, 'topics'>,
  o: KeepTopicsOptions,
): () => void {
  const log = o.log ?? silentLogger;
  const here = (casebook: Casebook) => void setImmediate(() => o.computeHere(casebook)).unref();
  const asking = new WeakSet<Casebook>();
  const ask = (casebook: Casebook) => {
    if (computedTopics(casebook.articles) || asking.has(casebook)) return;
    asking.add(casebook);
    const started = performance.now();
    // Not when a change is waiting already: that change's casebook asks for its own.
    void updater
      .topics(casebook, () => holder.current !== casebook || holder.queued)
      .finally(() => asking.delete(casebook))
      .then(
        (list) => {
          // Undefined: a newer casebook was made since, or a change was waiting, and that casebook
          // asks for its own; should the change fail, this one asks again once the holder is idle.
          if (!list) {
            void holder.idle().then(() => holder.current === casebook && ask(casebook));
            return;
          }
          const installed = installTopics(casebook.articles, list);
          o.onInstalled?.(casebook, installed, performance.now() - started);
        },
        (err: Error) => {
          // Only for the casebook still answering: an old one's topics are no longer needed.
          if (holder.current !== casebook) return;
          log.debug(`专题改在主线程提炼：${err.message}`);
          here(casebook);
        },
      );
  };
  // The casebook held now, once the caller has had its turn (the console computes them at once).
  setImmediate(() => ask(holder.current)).unref();
  return holder.onSwap((next) => ask(next));
}
