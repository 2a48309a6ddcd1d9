/** Time and timers, injected so that the scheduler can be tested without waiting. */
export interface Clock {
  now(): Date;
  setTimer(ms: number, fn: () => void): unknown;
  clearTimer(handle: unknown): void;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (ms, fn) => {
    const t = setTimeout(fn, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    t.unref?.();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
