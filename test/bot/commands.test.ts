import { describe, expect, it } from 'vitest';
import { COMMANDS, editorMenuCommands, helpLines, menuCommands } from '../../src/bot/commands.js';
import { createBot } from '../../src/bot/createBot.js';
import { openDatabase } from '../../src/db/db.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { OutgoingQueue } from '../../src/daily/queue.js';
import { ManualClock } from '../../src/testing/clock.js';
import { ChatHarness, CONSOLE_BOT, CONSOLE_USER, GROUP_CHAT } from '../../src/testing/harness.js';
import { readOnlyIngest, tempDir, testDeps } from '../helpers.js';

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
  const editors = [CONSOLE_USER.id];
  const deps = testDeps(db, {
    daily: { store, scheduler, clock },
    adminUserIds: editors,
    ingest: readOnlyIngest(db, editors),
  });
  return new ChatHarness(createBot('0:test', deps, { botInfo: CONSOLE_BOT }));
}

describe('the command table', () => {
  it("feeds the command menus: everyone's, and editors' with their commands added", () => {
    expect(menuCommands().map((c) => c.command)).toEqual(COMMANDS.filter((c) => !c.editor).map((c) => c.command));
    expect(editorMenuCommands().map((c) => c.command)).toEqual(COMMANDS.map((c) => c.command));
    expect(menuCommands().map((c) => c.command)).not.toContain('removepage');
    for (const c of editorMenuCommands()) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
  });

  it("feeds /help: every line of the table is in it, in order; editors' lines only for editors in private", async () => {
    const h = bot();
    const [r] = await h.send('/help');
    const lines = [...helpLines(), ...helpLines(true)];
    expect(helpLines().length).toBeGreaterThanOrEqual(5);
    expect(helpLines(true).map((l) => l.split(' ')[0])).toEqual(['/date', '/fix', '/fixes', '/removepage']);
    const at = lines.map((l) => r!.text.indexOf(l));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const [someone] = await h.send('/help', {
      from: { ...CONSOLE_USER, id: 7 },
      chat: { id: 7, type: 'private', first_name: 'x' },
    });
    expect(someone!.text).not.toContain('/removepage');
    expect(someone!.text).toContain('/latest');
    const [group] = await h.send('/help', { chat: GROUP_CHAT });
    expect(group!.text).not.toContain('/removepage');
  });

  it.each(COMMANDS.map((c) => [c.command]))('/%s has a handler', async (command) => {
    const h = bot();
    const replies = await h.send(`/${command}`);
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) expect(r.text).not.toContain('没有这个命令');
  });
});
