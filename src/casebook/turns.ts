/**
 * An update's turns in the answering thread (see incremental.ts). Each runs in a turn of the event
 * loop of its own once the loop has waited for something (I/O, a timer) since the turn was asked
 * for: so every question due meanwhile, and any that queued up behind it, is answered first, and
 * the update's work fills the gaps between questions. Under load that leaves no gap, the turns stop
 * waiting once the loop has been busy for `waitMs` of their waits, so an update still lands soon.
 */
export class Turns {
  /** How long each turn took (ms). */
  readonly took: number[] = [];
  /** How long the turns waited, in all, while the thread had something due (ms). */
  waited = 0;

  constructor(private readonly waitMs: number) {}

  run<T>(fn: () => T): Promise<T> {
    const asked = performance.eventLoopUtilization();
    return new Promise<T>((resolve, reject) => {
      const go = (busy: number) => {
        this.waited += busy;
        const t = performance.now();
        try {
          resolve(fn());
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
        this.took.push(performance.now() - t);
      };
      // The loop's idle time grows only while it waits for I/O or a timer, never while work is due;
      // only the time the loop was busy meanwhile counts against the budget.
      const check = () => {
        const since = performance.eventLoopUtilization(asked);
        if (since.idle > 0 || this.waited + since.active >= this.waitMs) go(since.active);
        else setTimeout(check, 1);
      };
      setImmediate(check);
    });
  }
}
