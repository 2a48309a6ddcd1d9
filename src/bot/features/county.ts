import { Composer, type Context } from 'grammy';
import { COUNTIES, resolveCounty } from '../../corpus/registry.js';
import type { BotDeps } from '../deps.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, replyHtml } from '../send.js';
import { countyKeyboard } from '../keyboards/counties.js';
import { caseLists } from '../lists.js';
import { COUNTY_PICKER, unknownCountyText } from '../views/county.js';

export type CountyDeps = Pick<BotDeps, 'casebook' | 'queries'>;

/** County names that look like what was typed: most shared characters first. */
export function nearestCounties(name: string, n = 3): string[] {
  const chars = new Set(name);
  return COUNTIES.map((c) => ({
    county: c.name,
    shared: Math.max(
      ...[c.name, c.short, ...c.aliases].map((x) => [...new Set(x)].filter((ch) => chars.has(ch)).length),
    ),
  }))
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, n)
    .map((x) => x.county);
}

/** /county: the county buttons, or a county's cases a page at a time. */
export function countyFeature(deps: CountyDeps): Composer<Context> {
  const c = new Composer<Context>();
  const cases = caseLists(deps).county;
  const picker = () => countyKeyboard(deps.casebook.countyCounts());

  c.command('county', async (ctx) => {
    const name = ctx.match.trim();
    if (!name) return void (await replyHtml(ctx, COUNTY_PICKER, picker()));
    const county = resolveCounty(name);
    if (!county) return void (await replyHtml(ctx, unknownCountyText(name, nearestCounties(name)), picker()));
    await cases.reply(ctx, county);
  });
  onCallback(c, 'county', async (ctx, data) => {
    const county = resolveCounty(data.county);
    if (!county) return answerCallback(ctx, '已过期，请重新发送 /county');
    await answerCallback(ctx);
    await cases.reply(ctx, county);
  });
  c.use(cases.pageButtons);
  return c;
}
