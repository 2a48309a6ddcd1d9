import { Composer, InputFile, type Context } from 'grammy';
import type { Casebook } from '../../casebook/casebook.js';
import { renderStatsChart, statsChartInput } from '../../charts/stats.js';
import { formatDateZh } from '../../corpus/dates.js';
import type { BotDeps } from '../deps.js';
import { replyHtml, uploading } from '../send.js';
import { statsText } from '../views/stats.js';

export type StatsDeps = Pick<BotDeps, 'casebook' | 'timeZone' | 'log'>;

/** The chart of a casebook: its PNG, and Telegram's file id once sent (later sends reuse the upload). */
interface Chart {
  png: Buffer;
  fileId?: string;
}

/** The caption under the chart. */
export function chartCaption(casebook: Pick<Casebook, 'articles'>): string {
  const dated = casebook.articles.some((a) => a.date);
  return `📊 各县区案例数${dated ? '与各月案例数' : ''}（共 ${casebook.articles.length} 篇）`;
}

/** The chart's subtitle: the number of cases, and the latest page date when pages have dates. */
function subtitle(casebook: Pick<Casebook, 'articles'>): string {
  const latest = casebook.articles.reduce<string | null>((d, a) => (a.date && (!d || a.date > d) ? a.date : d), null);
  return `共${casebook.articles.length}篇案例${latest ? `，截至${formatDateZh(latest)}` : ''}`;
}

/**
 * /stats: what the casebook holds, as text at once, then as a chart (a PNG sent with sendPhoto).
 * The chart is drawn only when asked for (loading ECharts and the font the first time takes a
 * moment and some memory), once per casebook: a page added makes a new casebook and a new chart.
 */
export function statsFeature(deps: StatsDeps): Composer<Context> {
  const c = new Composer<Context>();
  const charts = new WeakMap<Casebook, Promise<Chart>>();
  const chartOf = (casebook: Casebook): Promise<Chart> => {
    let chart = charts.get(casebook);
    if (!chart) {
      chart = renderStatsChart(statsChartInput(casebook.articles, { subtitle: subtitle(casebook) })).then(
        ({ png }) => ({ png }),
      );
      // A failed drawing is tried again next time.
      chart.catch(() => charts.delete(casebook));
      charts.set(casebook, chart);
    }
    return chart;
  };

  c.command('stats', async (ctx) => {
    const casebook = deps.casebook;
    await replyHtml(ctx, statsText(casebook, deps.timeZone));
    if (casebook.articles.length === 0) return;
    let chart: Chart;
    try {
      await uploading(ctx, 'upload_photo');
      chart = await chartOf(casebook);
    } catch (err) {
      deps.log.warn(`统计图生成失败：${(err as Error).message}`);
      return;
    }
    const sent = await ctx.replyWithPhoto(chart.fileId ?? new InputFile(chart.png, 'stats.png'), {
      caption: chartCaption(casebook),
    });
    chart.fileId ??= sent.photo.at(-1)?.file_id;
  });
  return c;
}
