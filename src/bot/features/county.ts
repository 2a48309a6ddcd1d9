import { Composer, InlineKeyboard, type Context } from 'grammy';
import { COUNTIES, resolveCounty } from '../../corpus/registry.js';
import type { BotDeps } from '../deps.js';
import { caseCard, countyTag, escapeHtml, fit } from '../format.js';
import { cb } from '../callbacks.js';
import { replyHtml } from '../send.js';
import { pageKeyboard } from './ask.js';

export const COUNTY_PER_PAGE = 5;

/** Every county with its number of cases, as buttons. */
export function countyKeyboard(deps: BotDeps): InlineKeyboard {
  const kb = new InlineKeyboard();
  deps.casebook.countyCounts().forEach(({ county, count }, i) => {
    kb.text(`${county}（${count}）`, cb.county(county));
    if (i % 3 === 2) kb.row();
  });
  return kb;
}

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

/** Page `page` of a county's cases in page order. */
export function renderCounty(deps: BotDeps, county: string, page: number, queryId?: string) {
  const cases = deps.casebook.byCounty(county);
  const pages = Math.max(1, Math.ceil(cases.length / COUNTY_PER_PAGE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const shown = cases.slice(p * COUNTY_PER_PAGE, (p + 1) * COUNTY_PER_PAGE);
  const head = `🏛 <b>${escapeHtml(county)}</b> ${escapeHtml(countyTag(county))} 共 ${cases.length} 篇案例${pages > 1 ? `（第 ${p + 1}/${pages} 页）` : ''}`;
  const text =
    cases.length === 0
      ? `${head}\n\n案例库里暂时没有${escapeHtml(county)}的案例。发送 /county 查看其他县区。`
      : fit([head, ...shown.map((a, i) => caseCard(a, p * COUNTY_PER_PAGE + i + 1))]);
  return {
    text,
    keyboard: pageKeyboard(
      shown.map((a) => a.id),
      p,
      pages,
      COUNTY_PER_PAGE,
      queryId,
    ),
    pages,
  };
}

export async function showCounty(ctx: Context, deps: BotDeps, county: string): Promise<void> {
  const first = renderCounty(deps, county, 0);
  const queryId = first.pages > 1 ? deps.queries.save('county', county, ctx.chat!.id) : undefined;
  const view = queryId ? renderCounty(deps, county, 0, queryId) : first;
  await replyHtml(ctx, view.text, view.keyboard);
}

export function countyFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command('county', async (ctx) => {
    const name = ctx.match.trim();
    if (!name) {
      await replyHtml(
        ctx,
        '🗺 <b>按县区浏览案例</b>\n点选县区，或发送 /county 县区名（如 /county 金乡）。',
        countyKeyboard(deps),
      );
      return;
    }
    const county = resolveCounty(name);
    if (!county) {
      const near = nearestCounties(name);
      const hint = near.length ? `您是不是要找：${near.map(escapeHtml).join('、')}？` : '案例库只收录济宁市的县市区。';
      await replyHtml(
        ctx,
        `没有找到“${escapeHtml(name.slice(0, 20))}”这个县区。${hint}\n请从下面选择：`,
        countyKeyboard(deps),
      );
      return;
    }
    await showCounty(ctx, deps, county);
  });
  c.callbackQuery(/^c:/, async (ctx) => {
    const county = resolveCounty(ctx.callbackQuery.data.slice(2));
    if (!county)
      return ctx.answerCallbackQuery({ text: '已过期，请重新发送 /county' }).then(
        () => {},
        () => {},
      );
    await ctx.answerCallbackQuery().catch(() => {});
    await showCounty(ctx, deps, county);
  });
  return c;
}
