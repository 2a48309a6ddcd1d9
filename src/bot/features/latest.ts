import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { compareNewestFirst } from '../../corpus/dates.js';
import { resolveCounty } from '../../corpus/registry.js';
import { replyHtml } from '../send.js';
import { pagedList } from '../keyboards/pagedList.js';
import { fullTextButton } from '../keyboards/cases.js';
import { latestView } from '../views/pages.js';
import { clip, escapeHtml } from '../views/html.js';

export type LatestDeps = Pick<BotDeps, 'casebook' | 'queries'>;

/** /latest [县区]: the newest cases, by their page's date (undated pages last), a page at a time. */
export function latestFeature(deps: LatestDeps): Composer<Context> {
  const c = new Composer<Context>();
  const newest = (county: string | null) =>
    // Sorting is stable: cases of one page keep their order on it.
    [...deps.casebook.articles].filter((a) => !county || a.county === county).sort(compareNewestFirst);
  const latest = pagedList(deps.queries, {
    kind: 'latest',
    render: (county, page) => latestView(newest(county || null), page, county || null),
    itemButton: (a, n) => fullTextButton(a.id, n),
  });

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
