/**
 * Watches the pages folder while the bot runs (`npm start` only; the other commands read the
 * folder once and exit). A `.txt` file that appears, changes or goes is handed on once it is
 * stable: the same size and modification time in two looks at least `stableMs` apart, so a file
 * still being copied is never read half-written. `fs.watch` makes it prompt where the platform
 * supports it; a slow poll catches what it misses (network drives, editors that swap files).
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { listPages } from '../corpus/load.js';
import { silentLogger, type Logger } from '../logger.js';
import { systemClock, type Clock } from '../daily/clock.js';
import { signature } from './catalog.js';
import type { FolderChanges } from './service.js';

/** The watcher's tunables. */
export interface WatcherSettings {
  /** How long a file's size and time must stay the same before it is taken (ms). */
  stableMs: number;
  /** How often the folder is looked at without a change event (ms). */
  pollMs: number;
}

export const WATCHER_DEFAULTS: Readonly<WatcherSettings> = {
  stableMs: 2000,
  pollMs: 5000,
};

export interface WatcherOptions {
  dir: string;
  /** Called with the stable changes; the watcher waits for it before looking again. */
  onChanges: (changes: FolderChanges) => Promise<unknown>;
  clock?: Clock;
  log?: Logger;
  settings?: Partial<WatcherSettings>;
}

/** What a page file looked like: its signature and since when (ms). */
interface Seen {
  signature: string | null;
  since: number;
}

export class PageWatcher {
  private readonly settings: WatcherSettings;
  private readonly clock: Clock;
  private readonly log: Logger;
  /** The folder as last handed on: page name → signature. */
  private known = new Map<string, string>();
  /** Pages that differ from `known`, as last seen (null: gone). */
  private readonly seen = new Map<string, Seen>();
  private timer: unknown;
  private fsWatcher: FSWatcher | undefined;
  private running = false;
  private checking: Promise<void> | undefined;
  private again = false;

  constructor(private readonly o: WatcherOptions) {
    this.settings = { ...WATCHER_DEFAULTS, ...o.settings };
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? silentLogger;
  }

  /** Starts watching; what is in the folder now counts as known (the casebook already read it). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.known = this.scan();
    try {
      this.fsWatcher = watch(this.o.dir, { persistent: false }, (_event, name) => {
        if (!name || String(name).toLowerCase().endsWith('.txt')) this.schedule(50);
      });
      this.fsWatcher.on('error', () => {
        this.fsWatcher?.close();
        this.fsWatcher = undefined;
      });
    } catch (err) {
      this.log.debug(`无法监听页面目录变化（${(err as Error).message}），改为定时查看`);
    }
    this.schedule(this.settings.pollMs);
  }

  /** Stops watching and waits for a check in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.fsWatcher?.close();
    this.fsWatcher = undefined;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  /** Looks at the folder now (tests, and the timer). */
  check(): Promise<void> {
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = this.look().finally(() => {
      this.checking = undefined;
      if (this.again && this.running) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.checking;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = this.clock.setTimer(ms, () => {
      this.timer = undefined;
      void this.check();
    });
  }

  private scan(): Map<string, string> {
    const out = new Map<string, string>();
    let names: string[];
    try {
      names = listPages(this.o.dir);
    } catch {
      return out;
    }
    for (const name of names) {
      const sig = signature(join(this.o.dir, name));
      if (sig !== undefined) out.set(name, sig);
    }
    return out;
  }

  private async look(): Promise<void> {
    const now = this.clock.now().getTime();
    const current = this.scan();
    const changes: FolderChanges = { added: [], changed: [], removed: [] };
    const settled = new Map<string, string | null>();
    let unsettled = false;
    const consider = (name: string, sig: string | null) => {
      if ((this.known.get(name) ?? null) === sig) {
        this.seen.delete(name);
        return;
      }
      const seen = this.seen.get(name);
      if (!seen || seen.signature !== sig) {
        this.seen.set(name, { signature: sig, since: now });
        unsettled = true;
        return;
      }
      if (now - seen.since < this.settings.stableMs) {
        unsettled = true;
        return;
      }
      settled.set(name, sig);
      if (sig === null) changes.removed.push(name);
      else if (this.known.has(name)) changes.changed.push(name);
      else changes.added.push(name);
    };
    for (const [name, sig] of current) consider(name, sig);
    for (const name of this.known.keys()) if (!current.has(name)) consider(name, null);

    if (settled.size > 0) {
      try {
        await this.o.onChanges(changes);
      } catch (err) {
        this.log.error(`处理页面目录的变化时出错：${(err as Error).message}`);
      }
      for (const [name, sig] of settled) {
        this.seen.delete(name);
        if (sig === null) this.known.delete(name);
        else this.known.set(name, sig);
      }
    }
    this.schedule(unsettled ? Math.min(this.settings.stableMs, this.settings.pollMs) : this.settings.pollMs);
  }
}
