import { describe, expect, it } from 'vitest';
import { parseCallback } from '../../../src/bot/callbackData.js';
import { paginate, pagedKeyboard } from '../../../src/bot/keyboards/pagedList.js';

const labels = (kb: ReturnType<typeof pagedKeyboard>) => kb.inline_keyboard.map((row) => row.map((b) => b.text));
const data = (kb: ReturnType<typeof pagedKeyboard>) =>
  kb.inline_keyboard.map((row) => row.map((b) => parseCallback((b as { callback_data: string }).callback_data)));

describe('paginated list', () => {
  const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('pages items, numbering them across pages, and clamps the page', () => {
    expect(paginate(items, 0, 3)).toEqual({ items: ['a', 'b', 'c'], page: 0, pages: 3, offset: 0 });
    expect(paginate(items, 2, 3)).toEqual({ items: ['g'], page: 2, pages: 3, offset: 6 });
    expect(paginate(items, 9, 3).page).toBe(2);
    expect(paginate(items, -1, 3).page).toBe(0);
    expect(paginate([], 0, 3)).toEqual({ items: [], page: 0, pages: 1, offset: 0 });
  });

  const button = (item: string, n: number) => ({ label: `全文 ${n}`, data: `f:0000000${n}` });

  it('has a button per item shown, then ‹ i/N › on a middle page', () => {
    const kb = pagedKeyboard(paginate(items, 1, 3), button, 'Qid1');
    expect(labels(kb)).toEqual([
      ['全文 4', '全文 5', '全文 6'],
      ['‹ 上一页', '2/3', '下一页 ›'],
    ]);
    expect(data(kb)[1]).toEqual([
      { kind: 'page', query: 'Qid1', page: 0 },
      { kind: 'noop' },
      { kind: 'page', query: 'Qid1', page: 2 },
    ]);
  });

  it('leaves blank, inert slots at the ends', () => {
    const first = pagedKeyboard(paginate(items, 0, 3), button, 'Qid1');
    expect(labels(first)[1]).toEqual([' ', '1/3', '下一页 ›']);
    expect(data(first)[1]![0]).toEqual({ kind: 'noop' });
    const last = pagedKeyboard(paginate(items, 2, 3), button, 'Qid1');
    expect(labels(last)).toEqual([['全文 7'], ['‹ 上一页', '3/3', ' ']]);
  });

  it('has no page buttons for a single page, or without a saved query to page through', () => {
    expect(labels(pagedKeyboard(paginate(items.slice(0, 2), 0, 3), button, 'Qid1'))).toEqual([['全文 1', '全文 2']]);
    expect(labels(pagedKeyboard(paginate(items, 0, 3), button))).toEqual([['全文 1', '全文 2', '全文 3']]);
    expect(pagedKeyboard(paginate([], 0, 3), button, 'Qid1').inline_keyboard.flat()).toEqual([]);
  });
});
