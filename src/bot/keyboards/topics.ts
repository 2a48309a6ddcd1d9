import { InlineKeyboard } from 'grammy';
import type { Topic } from '../../casebook/topics.js';
import { callbackData } from '../callbackData.js';
import { clip } from '../views/html.js';

/** Every topic with its number of cases, two buttons a row. */
export function topicsKeyboard(list: readonly Topic[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  list.forEach((t, i) => {
    kb.text(`${clip(t.name, 10)}（${t.caseIds.length}）`, callbackData.topic(t.key));
    if (i % 2 === 1 && i < list.length - 1) kb.row();
  });
  return kb;
}
