/**
 * Casebook updaters that change the index in place (see writer.ts and live.ts) instead of
 * rebuilding it. Where an in-place change is impossible (no live state, an index loaded through
 * MiniSearch's public API, an index changed by another process, a failure), they fall back to a
 * full rebuild.
 */
import { silentLogger, type Logger } from '../logger.js';
import type { Casebook } from './casebook.js';
import type { CasebookUpdater, PageChange } from './holder.js';
import { liveOf, type LiveCasebook } from './live.js';
import { writerOptions, type OpenOptions } from './open.js';
import { CasebookWriter, type WriterUpdate } from './writer.js';
import { extendDictionary, type DictionarySpec } from '../search/tokenizer.js';

/**
 * Applies a writer's update to the live casebook: the query dictionary first (user words
 * inserted in place, or the new dictionary given as `prepared`), then the delta. Returns the new
 * casebook.
 */
export function applyUpdate(live: LiveCasebook, update: WriterUpdate, prepared?: DictionarySpec): Casebook {
  const change = update.dictionary;
  const before = live.dictionary.current;
  const spec = change ? (prepared ?? live.nextDictionary(change)) : undefined;
  const next = live.apply(update.from, update.delta, update.manifest, spec);
  // Only user words came: this thread's jieba takes them in place if it holds the casebook's
  // dictionary (otherwise the next question loads the new one).
  if (change && spec && !change.reload) extendDictionary(before, spec, change.added, { lazy: true });
  return next;
}

/**
 * The in-place updater in the calling thread: the writer segments here too, so jieba switches
 * between the build dictionary and the query dictionary at every change (a second or so each).
 * For tools and tests; the bot uses BackgroundUpdater, which writes in the build thread.
 */
export class LocalUpdater implements CasebookUpdater {
  private writer: CasebookWriter | undefined;
  private readonly log: Logger;

  constructor(private readonly o: OpenOptions) {
    this.log = o.log ?? silentLogger;
  }

  update(current: Casebook, changes: readonly PageChange[]): Promise<Casebook> {
    const live = liveOf(current);
    if (!live) throw new Error('这个案例库不能就地更新');
    try {
      if (!this.writer || this.writer.commit !== live.commit) this.writer = CasebookWriter.open(writerOptions(this.o));
      const update = this.writer.update(changes);
      if (!update) return Promise.resolve(current);
      const next = applyUpdate(live, update);
      if (update.compact) live.compacted(this.writer.compact());
      return Promise.resolve(next);
    } catch (err) {
      this.writer = undefined;
      this.log.warn(`索引无法就地更新：${(err as Error).message}`);
      throw err;
    }
  }
}
