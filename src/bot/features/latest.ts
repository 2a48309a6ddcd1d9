import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { resolveCounty } from '../../corpus/registry.js';
import { replyHtml } from '../send.js';
import { caseLists } from '../lists.js';
import { clip, escapeHtml } from '../views/html.js';

export type LatestDeps = Pick<BotDeps, 'casebook' | 'queries' | 'timeZone' | 'now'>;

/**
 * /latest [县区]: the newest cases, by their page's date (undated pages last), a page at a time
 * (the list is in lists.ts, so that follow-ups and 导出Word work on it).
 */
export function latestFeature(deps: LatestDeps): Composer<Context> {
  const c = new Composer<Context>();
  const latest = caseLists(deps).latest;

  c.command('latest', async (ctx) => {
    const name = ctx.match.trim();
    const county = name ? resolveCounty(name) : undefined;
    if (name && !county)
      return void (await replyHtml(
        ctx,
        `没有找到“${escapeHtml(clip(name, 20))}”这个县区。发送 /latest 查看全部最新案例。`,
      ));
    await latest.reply(ctx, county ?? '');
  });
  c.use(latest.pageButtons);
  return c;
}
