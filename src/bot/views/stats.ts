import { format } from 'date-fns';
import { zhCN } from 'date-fns/locale';
import { TZDate } from '@date-fns/tz';
import type { Casebook } from '../../casebook/casebook.js';
import { escapeHtml } from './html.js';

/** Pages, articles, articles per county, and when and how the index was built. */
export function statsText(casebook: Casebook, timeZone: string): string {
  const built = format(new TZDate(casebook.info.builtAt.getTime(), timeZone), 'yyyy年M月d日 HH:mm', { locale: zhCN });
  const per = casebook
    .countyCounts()
    .filter((c) => c.count > 0)
    .map((c) => `${escapeHtml(c.county)} ${c.count}`)
    .join('、');
  const unplaced = casebook.articles.filter((a) => !a.county).length;
  return [
    '📊 <b>案例库统计</b>',
    `版面 ${casebook.pages.length} 个，文章 ${casebook.articles.length} 篇，图片说明 ${casebook.captions.length} 条。`,
    `各县区：${per || '无'}${unplaced ? `；未定县区 ${unplaced}` : ''}`,
    `索引建立于 ${built}（${casebook.info.origin === 'snapshot' ? '启动时从快照载入' : '启动时重新建立'}）。`,
    casebook.warnings.length ? `解析提示 ${casebook.warnings.length} 条（见运行日志）。` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
