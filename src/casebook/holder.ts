/**
 * The current casebook, swapped atomically when pages are added, replaced or removed, or edits
 * change. Whoever answers reads `holder.current` once per request; a request never sees half a
 * change. How the next casebook is made is the updater's business: BackgroundUpdater
 * (incremental.ts) changes the index in place, BackgroundRebuilder (background.ts) rebuilds it.
 */
import { silentLogger, type Logger } from '../logger.js';
import type { Casebook } from './casebook.js';

/** What changed since the current casebook was made, for updaters that can use it. */
export type PageChange =
  | { kind: 'add'; page: string }
  | { kind: 'replace'; page: string; previous: string }
  | { kind: 'remove'; page: string }
  /** Corrections or page dates changed (for these articles or pages). */
  | { kind: 'edit'; articleIds?: string[]; pages?: string[] }
  /** The pages folder changed in ways not described (a file dropped in by hand, a start-up check). */
  | { kind: 'folder' };

/** Makes the next casebook from the current one and the changes. */
export interface CasebookUpdater {
  update(current: Casebook, changes: readonly PageChange[]): Promise<Casebook>;
  /** Gets ready for a change that is likely to come soon (optional; never changes the casebook). */
  prepare?(current: Casebook): void;
}

export interface RefreshOutcome {
  /** The casebook current when the refresh settled. */
  casebook: Casebook;
  /** Whether a new casebook was swapped in. */
  swapped: boolean;
  /** Why not, in Chinese, when the update failed (the previous casebook stays current). */
  error?: string;
}

interface Batch {
  changes: PageChange[];
  waiters: ((outcome: RefreshOutcome) => void)[];
}

/**
 * Holds the current casebook. `refresh` queues changes; one update runs at a time, and changes that
 * arrive during an update are taken together by the next one. Each caller's promise resolves once
 * a casebook that includes its change is current (or the update failed).
 */
export class CasebookHolder {
  private casebook: Casebook;
  private pending: Batch = { changes: [], waiters: [] };
  private running: Promise<void> | undefined;
  private readonly listeners = new Set<(next: Casebook, previous: Casebook) => void>();

  constructor(
    initial: Casebook,
    private readonly updater: CasebookUpdater,
    private readonly log: Logger = silentLogger,
  ) {
    this.casebook = initial;
  }

  /** The casebook to answer from now. Read it once per request. */
  get current(): Casebook {
    return this.casebook;
  }

  /** Calls `listener` after every swap; returns a function that stops it. */
  onSwap(listener: (next: Casebook, previous: Casebook) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the updater that a change is likely soon (an upload waiting for 入库), so it can get ready. */
  prepare(): void {
    try {
      this.updater.prepare?.(this.casebook);
    } catch (err) {
      this.log.debug(`预备更新失败：${(err as Error).message}`);
    }
  }

  /** Whether an update is running or queued. */
  get busy(): boolean {
    return this.running !== undefined || this.pending.waiters.length > 0;
  }

  /** Whether changes are waiting for the next update (not yet taken by a running one). */
  get queued(): boolean {
    return this.pending.waiters.length > 0;
  }

  /** Queues changes; resolves when a casebook including them is current, or the update failed. */
  refresh(...changes: PageChange[]): Promise<RefreshOutcome> {
    return new Promise((resolve) => {
      this.pending.changes.push(...changes);
      this.pending.waiters.push(resolve);
      this.kick();
    });
  }

  /** Resolves when no update is running or queued. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running || this.pending.waiters.length === 0) return;
    const batch = this.pending;
    this.pending = { changes: [], waiters: [] };
    this.running = this.run(batch).finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  private async run(batch: Batch): Promise<void> {
    let outcome: RefreshOutcome;
    try {
      const next = await this.updater.update(this.casebook, batch.changes);
      this.swap(next);
      outcome = { casebook: next, swapped: true };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.log.error(`案例库更新失败，继续使用原来的案例库：${error}`);
      outcome = { casebook: this.casebook, swapped: false, error };
    }
    for (const resolve of batch.waiters) resolve(outcome);
  }

  private swap(next: Casebook): void {
    const previous = this.casebook;
    this.casebook = next;
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch (err) {
        this.log.warn(`案例库切换的通知出错：${(err as Error).message}`);
      }
    }
  }
}
