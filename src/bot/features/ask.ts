import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { answerPage } from '../format.js';
import { cb } from '../callbacks.js';
import { replyHtml, typing } from '../send.js';
import { addressedQuestion, inGroup } from '../addressing.js';

export const PER_PAGE = 3;
const MAX_RESULTS = 15;
const MAX_QUESTION = 300;

export const EXAMPLES = [
  '金乡党代表工作室接待了多少党员群众',
  '哪些地方有红帆驿站',
  '泗水的第一书记',
  '鱼台推选出多少名巷长',
];

/** A page of the answer to `text`, with 全文 buttons and, when needed, ‹ i/N › buttons. */
export function renderAnswer(deps: BotDeps, text: string, page: number, queryId?: string) {
  const result = deps.casebook.ask(text, { limit: MAX_RESULTS });
  const view = answerPage(result, page, PER_PAGE, [...text.trim()].length > MAX_QUESTION);
  return { view, keyboard: (id = queryId) => pageKeyboard(view.ids, view.page, view.pages, PER_PAGE, id) };
}

/** 全文 buttons for the cases shown, then ‹ i/N › when there is more than one page. */
export function pageKeyboard(
  ids: readonly string[],
  page: number,
  pages: number,
  perPage: number,
  queryId?: string,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  ids.forEach((id, i) => kb.text(`全文 ${page * perPage + i + 1}`, cb.full(id)));
  if (pages > 1 && queryId) {
    kb.row();
    kb.text(page > 0 ? '‹ 上一页' : ' ', page > 0 ? cb.page(queryId, page - 1) : cb.noop());
    kb.text(`${page + 1}/${pages}`, cb.noop());
    kb.text(page < pages - 1 ? '下一页 ›' : ' ', page < pages - 1 ? cb.page(queryId, page + 1) : cb.noop());
  }
  return kb;
}

/** Answers a question in the chat: the quoted answer, then the first page of cases. */
export async function answerQuestion(ctx: Context, deps: BotDeps, text: string): Promise<void> {
  const question = text.trim();
  if (!question) {
    await replyHtml(ctx, `请在 /ask 后面写上问题，例如：\n/ask ${EXAMPLES[0]}\n/ask ${EXAMPLES[1]}`);
    return;
  }
  await typing(ctx);
  const { view, keyboard } = renderAnswer(deps, question, 0);
  const queryId = view.pages > 1 ? deps.queries.save('ask', question, ctx.chat!.id) : undefined;
  await replyHtml(ctx, view.text, keyboard(queryId));
}

export function askFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command('ask', (ctx) => answerQuestion(ctx, deps, ctx.match));

  c.on(['message:text', 'edited_message:text'], async (ctx, next) => {
    const question = addressedQuestion(ctx, deps.answerAllGroupMessages);
    if (question === undefined) return next();
    if (!question.trim() && inGroup(ctx)) {
      await replyHtml(ctx, `我在。请直接提问，例如：${EXAMPLES[0]}`);
      return;
    }
    await answerQuestion(ctx, deps, question);
  });
  return c;
}
