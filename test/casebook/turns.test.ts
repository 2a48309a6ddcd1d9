import { describe, expect, it } from 'vitest';
import { Turns } from '../../src/casebook/turns.js';

/** Keeps the event loop busy with work that is always due (no wait for I/O or a timer) until `stop()` says so. */
function busyLoop(stop: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    let rounds = 0;
    const round = () => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      rounds++;
      if (stop()) resolve(rounds);
      else setImmediate(round);
    };
    setImmediate(round);
  });
}

describe('Turns: an update’s work gives way to what is due', () => {
  it('a turn waits until the work due has been done', async () => {
    const turns = new Turns(60_000);
    let busy = 0;
    const ran: number[] = [];
    const chain = busyLoop(() => ++busy >= 40);
    const turn = turns.run(() => ran.push(busy));
    await Promise.all([chain, turn]);
    // It ran only after the 40 rounds that were due, not between them.
    expect(ran).toEqual([40]);
    expect(turns.took).toHaveLength(1);
  });

  it('under load that never stops, the turns run once they have waited their time', async () => {
    const turns = new Turns(30);
    let done = false;
    const chain = busyLoop(() => done);
    const first = await turns.run(() => 'first');
    const second = await turns.run(() => 'second');
    done = true;
    const rounds = await chain;
    expect([first, second]).toEqual(['first', 'second']);
    expect(turns.waited).toBeGreaterThanOrEqual(30);
    // The busy loop was still going when they ran: they did not wait for it to end.
    expect(rounds).toBeGreaterThan(0);
    expect(turns.took).toHaveLength(2);
  });

  it('waiting on a loop with nothing due costs nothing from the budget', async () => {
    const turns = new Turns(1000);
    for (let i = 0; i < 100; i++) await turns.run(() => i);
    // Each turn waited for a timer (a millisecond or so) with the loop idle: none of that counts.
    expect(turns.took).toHaveLength(100);
    expect(turns.waited).toBeLessThan(50);
  });

  it('a turn that throws rejects, and the next still runs', async () => {
    const turns = new Turns(100);
    await expect(
      turns.run(() => {
        throw new Error('坏了');
      }),
    ).rejects.toThrow('坏了');
    await expect(turns.run(() => 2)).resolves.toBe(2);
  });
});
