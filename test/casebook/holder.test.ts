import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook, type AskResult, type Casebook } from '../../src/casebook/casebook.js';
import { CasebookHolder, type CasebookUpdater, type PageChange } from '../../src/casebook/holder.js';
import { BackgroundRebuilder } from '../../src/casebook/background.js';
import { casebook, FIXTURES, indexCopyOf, PAGES, tempDir, TWO_PAGES } from '../helpers.js';

const OLD_Q = '鱼台推选出多少名巷长';
const NEW_Q = '微山船头党课开展了多少场宣讲';
const strip = (r: AskResult) => ({ ...r, tookMs: 0 });

/** An updater whose updates finish when the test says. */
class ManualUpdater implements CasebookUpdater {
  calls: PageChange[][] = [];
  private finishers: ((cb: Casebook | Error) => void)[] = [];
  update(_current: Casebook, changes: readonly PageChange[]): Promise<Casebook> {
    this.calls.push([...changes]);
    return new Promise((resolve, reject) => this.finishers.push((x) => (x instanceof Error ? reject(x) : resolve(x))));
  }
  finish(x: Casebook | Error): void {
    this.finishers.shift()!(x);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the casebook holder', () => {
  it('takes changes that arrive during an update together in the next one', async () => {
    const a = casebook();
    const updater = new ManualUpdater();
    const holder = new CasebookHolder(a, updater);
    const swaps: Casebook[] = [];
    holder.onSwap((next) => swaps.push(next));
    const first = holder.refresh({ kind: 'add', page: 'p1.txt' });
    const second = holder.refresh({ kind: 'add', page: 'p2.txt' });
    const third = holder.refresh({ kind: 'remove', page: 'p0.txt' });
    expect(updater.calls).toEqual([[{ kind: 'add', page: 'p1.txt' }]]);
    expect(holder.busy).toBe(true);
    const b = Object.create(a) as Casebook;
    updater.finish(b);
    expect((await first).casebook).toBe(b);
    await tick();
    expect(updater.calls[1]).toEqual([
      { kind: 'add', page: 'p2.txt' },
      { kind: 'remove', page: 'p0.txt' },
    ]);
    // A failed update keeps the current casebook and says why.
    updater.finish(new Error('磁盘已满'));
    expect(await second).toEqual({ casebook: b, swapped: false, error: '磁盘已满' });
    expect(await third).toEqual({ casebook: b, swapped: false, error: '磁盘已满' });
    expect(holder.current).toBe(b);
    expect(swaps).toEqual([b]);
    expect(holder.busy).toBe(false);
  });

  it('keeps answering while a page is added in the background, and switches atomically', async () => {
    const seeds = tempDir('seeds-hold-');
    for (const name of TWO_PAGES) copyFileSync(join(PAGES, name), join(seeds, name));
    const indexDir = indexCopyOf('twoPagesIndexDir');
    const a = openCasebook({ seedsDir: seeds, indexDir });
    expect(a.info.origin).toBe('snapshot');
    const holder = new CasebookHolder(a, new BackgroundRebuilder({ seedsDir: seeds, indexDir }));
    const oldAnswer = strip(a.ask(OLD_Q));
    expect(oldAnswer.answer?.text).toContain('巷长5097名');
    expect(a.ask(NEW_Q).results.map((r) => r.headline)).not.toContain('微山“船头党课”开进湖区渔村');

    copyFileSync(join(FIXTURES, 'ingest', '2024-05-21_07.txt'), join(seeds, '2024-05-21_07.txt'));
    const served: { by: Casebook; old: AskResult; fresh: AskResult }[] = [];
    let done = false;
    const refreshed = holder.refresh({ kind: 'add', page: '2024-05-21_07.txt' }).finally(() => (done = true));
    // Questions every few milliseconds, as a busy chat would send them (leaving the build its core).
    while (!done) {
      const cb = holder.current;
      served.push({ by: cb, old: strip(cb.ask(OLD_Q)), fresh: strip(cb.ask(NEW_Q)) });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const outcome = await refreshed;
    expect(outcome.swapped).toBe(true);
    const b = holder.current;
    expect(b).not.toBe(a);

    // Answers flowed during the build, all from the old casebook, all identical to before.
    const during = served.filter((s) => s.by === a);
    expect(during.length).toBeGreaterThan(20);
    for (const s of during) expect(s.old).toEqual(oldAnswer);
    // The new casebook answers about the new page first, with its figure and its date…
    const fresh = b.ask(NEW_Q);
    expect(fresh.results[0]?.headline).toBe('微山“船头党课”开进湖区渔村');
    expect(fresh.answer?.text).toContain('680余场次');
    expect(b.article(fresh.results[0]!.id)).toMatchObject({ date: '2024-05-21', edition: '7' });
    // …and the old question with the same answer (scores move: the corpus grew). Nothing served
    // was a mix of the two casebooks.
    expect(b.ask(OLD_Q).answer).toEqual(oldAnswer.answer);
    expect(b.ask(OLD_Q).results[0]?.id).toBe(oldAnswer.results[0]?.id);
    const newAnswer = strip(b.ask(NEW_Q));
    for (const s of served.filter((x) => x.by === b)) expect(s.fresh).toEqual(newAnswer);
    // The old casebook, still held somewhere, answers exactly as it did.
    expect(strip(a.ask(OLD_Q))).toEqual(oldAnswer);
    expect(a.ask(NEW_Q).results.map((r) => r.headline)).not.toContain('微山“船头党课”开进湖区渔村');
  }, 180_000);
});
