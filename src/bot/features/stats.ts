import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { replyHtml } from '../send.js';
import { statsText } from '../views/stats.js';

export type StatsDeps = Pick<BotDeps, 'casebook' | 'timeZone'>;

/** /stats: what the casebook holds. */
export function statsFeature(deps: StatsDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command('stats', (ctx) => replyHtml(ctx, statsText(deps.casebook, deps.timeZone)));
  return c;
}
