import { InlineKeyboard } from 'grammy';
import { callbackData } from '../callbackData.js';

/** Every county with its number of cases, three buttons a row. */
export function countyKeyboard(counts: readonly { county: string; count: number }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  counts.forEach(({ county, count }, i) => {
    kb.text(`${county}（${count}）`, callbackData.county(county));
    if (i % 3 === 2) kb.row();
  });
  return kb;
}
