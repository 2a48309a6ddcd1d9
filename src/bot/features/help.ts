import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { examplesKeyboard } from '../keyboards/examples.js';
import { helpText } from '../views/help.js';

export type HelpDeps = Pick<BotDeps, 'casebook'>;

/** /start and /help: what the bot does, the commands, and example questions as buttons. */
export function helpFeature(deps: HelpDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command(['start', 'help'], (ctx) =>
    replyHtml(ctx, helpText(deps.casebook.articles.length, inGroup(ctx), ctx.me.username), examplesKeyboard()),
  );
  return c;
}
