import { Composer, type Context } from 'grammy';
import { format } from 'date-fns';
import { zhCN } from 'date-fns/locale';
import { TZDate } from '@date-fns/tz';
import type { BotDeps } from '../deps.js';
import { escapeHtml } from '../format.js';
import { replyHtml } from '../send.js';

export function statsText(deps: BotDeps): string {
  const cb = deps.casebook;
  const built = format(new TZDate(cb.info.builtAt.getTime(), deps.timeZone), 'yyyy年M月d日 HH:mm', { locale: zhCN });
  const per = cb
    .countyCounts()
    .filter((c) => c.count > 0)
    .map((c) => `${escapeHtml(c.county)} ${c.count}`)
    .join('、');
  const unplaced = cb.articles.filter((a) => !a.county).length;
  return [
    '📊 <b>案例库统计</b>',
    `版面 ${cb.pages.length} 个，文章 ${cb.articles.length} 篇，图片说明 ${cb.captions.length} 条。`,
    `各县区：${per || '无'}${unplaced ? `；未定县区 ${unplaced}` : ''}`,
    `索引建立于 ${built}（${cb.info.origin === 'snapshot' ? '启动时从快照载入' : '启动时重新建立'}）。`,
    cb.warnings.length ? `解析提示 ${cb.warnings.length} 条（见运行日志）。` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function statsFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command('stats', (ctx) => replyHtml(ctx, statsText(deps)));
  return c;
}
