import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { examplesKeyboard } from '../keyboards/examples.js';
import { helpText } from '../views/help.js';
import { parseStartPayload } from '../deepLinks.js';

export type HelpDeps = Pick<BotDeps, 'casebook'>;

/**
 * /start and /help: what the bot does, the commands, and example questions as buttons. A /start
 * from a deep link to a case (deepLinks.ts) is left to the feature that opens cases.
 */
export function helpFeature(deps: HelpDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command(['start', 'help'], (ctx, next) =>
    parseStartPayload(ctx.match)
      ? next()
      : replyHtml(ctx, helpText(deps.casebook.articles.length, inGroup(ctx), ctx.me.username), examplesKeyboard()),
  );
  return c;
}
