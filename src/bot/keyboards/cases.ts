import { InlineKeyboard } from 'grammy';
import type { Article } from '../../corpus/types.js';
import { callbackData } from '../callbackData.js';
import { quotableSentence } from '../views/cases.js';
import { copyButton, copyTextButton } from './copy.js';
import type { Button } from './pagedList.js';

/** The buttons under a single case: read it in full, or see another; and copy a quote with its citation. */
export function caseKeyboard(article: Article): InlineKeyboard {
  const kb = new InlineKeyboard().text('阅读全文', callbackData.full(article.id)).text('换一篇', callbackData.random());
  return withCopyButton(kb, article);
}

/**
 * Adds a row with the case's copy button (its most quotable sentence, the one with its first key
 * figure, with the citation; see copy.ts), if one fits.
 */
export function withCopyButton(kb: InlineKeyboard, article: Article): InlineKeyboard {
  const copy = copyButton(quotableSentence(article), article);
  if (!copy) return kb;
  if (kb.inline_keyboard.at(-1)?.length) kb.row();
  return kb.add(copyTextButton(copy));
}

/** `全文 n`: the button under the n-th case of a list. */
export function fullTextButton(id: string, number: number): Button {
  return { label: `全文 ${number}`, data: callbackData.full(id) };
}
