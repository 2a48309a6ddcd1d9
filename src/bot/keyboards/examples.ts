import { InlineKeyboard } from 'grammy';
import { callbackData } from '../callbackData.js';

/** Example questions: shown under /help as buttons, and in hints. */
export const EXAMPLES = [
  '金乡党代表工作室接待了多少党员群众',
  '哪些地方有红帆驿站',
  '泗水的第一书记',
  '鱼台推选出多少名巷长',
] as const;

/** One button per example question. */
export function examplesKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  EXAMPLES.forEach((q, i) => kb.text(q, callbackData.example(i)).row());
  return kb;
}
