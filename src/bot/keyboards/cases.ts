import { InlineKeyboard } from 'grammy';
import type { Article } from '../../corpus/types.js';
import { callbackData } from '../callbackData.js';
import type { Button } from './pagedList.js';

/** The buttons under a single case: read it in full, or see another. */
export function caseKeyboard(article: Pick<Article, 'id'>): InlineKeyboard {
  return new InlineKeyboard().text('阅读全文', callbackData.full(article.id)).text('换一篇', callbackData.random());
}

/** `全文 n`: the button under the n-th case of a list. */
export function fullTextButton(id: string, number: number): Button {
  return { label: `全文 ${number}`, data: callbackData.full(id) };
}
