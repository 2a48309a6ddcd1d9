import { describe, expect, it } from 'vitest';
import { COMMANDS, helpLines, menuCommands } from '../../src/bot/commands.js';
import { createBot } from '../../src/bot/createBot.js';
import { openDatabase } from '../../src/db/db.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { OutgoingQueue } from '../../src/daily/queue.js';
import { ManualClock } from '../../src/testing/clock.js';
import { ChatHarness, CONSOLE_BOT } from '../../src/testing/harness.js';
import { tempDir, testDeps } from '../helpers.js';

function bot() {
  const db = openDatabase(tempDir('data-'));
  const clock = new ManualClock(new Date('2026-11-21T08:00:00+08:00'));
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock }),
    transport: { send: () => Promise.resolve(1) },
    articleIds: () => [],
  });
  return new ChatHarness(
    createBot('0:test', testDeps(db, { daily: { store, scheduler, clock } }), { botInfo: CONSOLE_BOT }),
  );
}

describe('the command table', () => {
  it('feeds the command menu', () => {
    expect(menuCommands().map((c) => c.command)).toEqual(COMMANDS.map((c) => c.command));
    for (const c of menuCommands()) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it('feeds /help: every line of the table is in it, in order', async () => {
    const h = bot();
    const [r] = await h.send('/help');
    const lines = helpLines();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const at = lines.map((l) => r!.text.indexOf(l));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it.each(COMMANDS.map((c) => [c.command]))('/%s has a handler', async (command) => {
    const h = bot();
    const replies = await h.send(`/${command}`);
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r.text).not.toContain('没有这个命令');
  });
});
