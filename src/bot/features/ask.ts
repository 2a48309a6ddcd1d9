import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml, typing } from '../send.js';
import { addressedQuestion, inGroup } from '../addressing.js';
import { EXAMPLES } from '../keyboards/examples.js';
import { caseLists } from '../lists.js';

export type AskDeps = Pick<BotDeps, 'casebook' | 'queries' | 'answerAllGroupMessages'>;

/** Questions: /ask, free text addressed to the bot, the example buttons, and the answers' pages. */
export function askFeature(deps: AskDeps): Composer<Context> {
  const c = new Composer<Context>();
  const answers = caseLists(deps).ask;

  /** Answers a question in the chat: the quoted answer, then the first page of cases. */
  const answer = async (ctx: Context, text: string) => {
    const question = text.trim();
    if (!question) {
      await replyHtml(ctx, `请在 /ask 后面写上问题，例如：\n/ask ${EXAMPLES[0]}\n/ask ${EXAMPLES[1]}`);
      return;
    }
    await typing(ctx);
    await answers.reply(ctx, question);
  };

  c.command('ask', (ctx) => answer(ctx, ctx.match));
  onCallback(c, 'example', async (ctx, { index }) => {
    const question = EXAMPLES[index];
    if (!question) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    await answer(ctx, question);
  });
  c.use(answers.pageButtons);

  c.on(['message:text', 'edited_message:text'], async (ctx, next) => {
    const question = addressedQuestion(ctx, deps.answerAllGroupMessages);
    if (question === undefined) return next();
    if (!question.trim() && inGroup(ctx)) {
      await replyHtml(ctx, `我在。请直接提问，例如：${EXAMPLES[0]}`);
      return;
    }
    await answer(ctx, question);
  });
  return c;
}
