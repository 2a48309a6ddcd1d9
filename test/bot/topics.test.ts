import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/createBot.js';
import { callbackData, parseCallback } from '../../src/bot/callbackData.js';
import { EXPORT_LABEL } from '../../src/bot/keyboards/pagedList.js';
import { openCasebook, type Casebook } from '../../src/casebook/casebook.js';
import { casebookTopics, topicKey, type Topic } from '../../src/casebook/topics.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT } from '../../src/testing/harness.js';
import { answerFor } from '../../src/casebook/lists.js';
import { docxText } from './files.js';
import { FIXTURES, casebook, indexCopyOf, pagesCopy, tempDir, testDeps } from '../helpers.js';

/** A bot whose casebook can be swapped, as the app's holder does when a page is added. */
function setup(initial: Casebook) {
  let current = initial;
  const deps = testDeps(openDatabase(tempDir('data-')));
  const h = new ChatHarness(
    createBot(
      '0:test',
      {
        ...deps,
        get casebook() {
          return current;
        },
      },
      { botInfo: CONSOLE_BOT },
    ),
  );
  return { h, swap: (next: Casebook) => void (current = next) };
}

const labelOf = (t: Topic) => `${t.name}（${t.caseIds.length}）`;

describe('/topics', () => {
  let before: Topic[];
  beforeAll(() => {
    before = casebookTopics(casebook());
  });

  it('lists the themes drawn from the casebook as buttons with their number of cases', async () => {
    const { h } = setup(casebook());
    const [r] = await h.send('/topics');
    expect(r!.text).toContain(`共 ${before.length} 个`);
    const buttons = r!.buttons.flat();
    expect(buttons.map((b) => b.label)).toEqual(before.map(labelOf));
    for (const b of buttons) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
    expect(buttons.map((b) => parseCallback(b.data))).toEqual(before.map((t) => ({ kind: 'topic', key: t.key })));
  });

  it('a topic lists its cases, paged, with 全文, copy buttons and 导出Word', async () => {
    const { h } = setup(casebook());
    const topic = before.find((t) => t.name === '第一书记')!;
    const [r] = await h.press(callbackData.topic(topic.key));
    expect(r!.text).toContain(`专题：第一书记 共 ${topic.caseIds.length} 篇案例`);
    for (const id of topic.caseIds) expect(r!.text).toContain(casebook().article(id)!.headline);
    const labels = r!.buttons.flat().map((b) => b.label);
    expect(labels.filter((l) => l.startsWith('全文'))).toHaveLength(Math.min(5, topic.caseIds.length));
    expect(labels).toContain(EXPORT_LABEL);
    const copies = r!.buttons.flat().filter((b) => b.copy);
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies) {
      expect(c.copy!.length).toBeLessThanOrEqual(256);
      expect(c.copy).toMatch(/^“.+”（《济宁日报》（日期未录入））$/u);
    }
    // `/topics 名称` opens it directly; an unknown name gets the list.
    const [direct] = await h.send('/topics 第一书记');
    expect(direct!.text).toBe(r!.text);
    const [unknown] = await h.send('/topics <i>没有</i>');
    expect(unknown!.html).toContain('&lt;i&gt;没有');
    expect(unknown!.buttons.flat()).toHaveLength(before.length);
  });

  it('an old button whose topic is gone answers 已过期', async () => {
    const { h } = setup(casebook());
    h.calls.length = 0;
    await h.press(callbackData.topic(topicKey('早已不在的专题')));
    const answer = h.calls.find((c) => c.method === 'answerCallbackQuery');
    expect(answer?.payload.text).toMatch(/已过期/u);
    expect(h.calls.some((c) => c.method === 'sendMessage')).toBe(false);
  });

  describe('when pages are added', () => {
    let grown: Casebook;
    beforeAll(() => {
      const seeds = pagesCopy();
      cpSync(join(FIXTURES, 'pages-topics'), seeds, { recursive: true });
      grown = openCasebook({ seedsDir: seeds, indexDir: indexCopyOf('topicsIndexDir') });
      expect(grown.info.origin).toBe('snapshot');
    });

    it('the topics change, and buttons of topics that stay keep working', async () => {
      const { h, swap } = setup(casebook());
      const [old] = await h.send('/topics');
      swap(grown);
      const after = casebookTopics(grown);
      const [r] = await h.send('/topics');
      expect(r!.buttons.flat().map((b) => b.label)).toEqual(after.map(labelOf));
      expect(r!.text).not.toBe(old!.text);
      const fresh = after.filter((t) => !before.some((b) => b.key === t.key)).map((t) => t.name);
      expect(fresh).toContain('网格化管理');
      // An old button: the topic is still there (its key is its name's), or it is gone.
      for (const b of old!.buttons.flat()) {
        h.calls.length = 0;
        const replies = await h.press(b.data);
        const key = (parseCallback(b.data) as { key: string }).key;
        if (after.some((t) => t.key === key)) expect(replies[0]?.text).toContain('专题：');
        else expect(h.calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text).toMatch(/已过期/u);
      }
    });

    it('a question naming a topic lists the topic’s cases', async () => {
      const { h } = setup(grown);
      const topics = casebookTopics(grown);
      const topic = topics.find((t) => t.name === '网格化管理')!;
      expect(topic.caseIds.length).toBeGreaterThanOrEqual(2);
      const result = answerFor(grown, '网格化的案例', topics);
      expect(result.topic).toEqual({ key: topic.key, name: '网格化管理' });
      expect(result.results.map((r) => r.id)).toEqual(expect.arrayContaining(topic.caseIds));
      // Without the topics, the words alone may miss some of them.
      expect(answerFor(grown, '网格化的案例').topic).toBeUndefined();
      await h.send('网格化的案例');
      const [doc] = await h.send('导出');
      const text = docxText(doc!.file!.bytes!);
      for (const id of topic.caseIds) expect(text).toContain(grown.article(id)!.headline);
    });
  });
});
