import type { Article } from '../../corpus/types.js';
import { paginate, type PagedView } from '../keyboards/pagedList.js';
import { caseCard, countyTag } from './cases.js';
import { clip, escapeHtml, fit } from './html.js';

/** Cases per county message. */
export const COUNTY_PER_PAGE = 5;

/** Above the county buttons of a bare /county. */
export const COUNTY_PICKER = '🗺 <b>按县区浏览案例</b>\n点选县区，或发送 /county 县区名（如 /county 金乡）。';

/** Page `page` of a county's cases (in page order): headline, summary and figures of each. */
export function countyView(county: string, cases: readonly Article[], page: number): PagedView<Article> {
  const list = paginate(cases, page, COUNTY_PER_PAGE);
  const head = `🏛 <b>${escapeHtml(county)}</b> ${escapeHtml(countyTag(county))} 共 ${cases.length} 篇案例${list.pages > 1 ? `（第 ${list.page + 1}/${list.pages} 页）` : ''}`;
  const text =
    cases.length === 0
      ? `${head}\n\n案例库里暂时没有${escapeHtml(county)}的案例。发送 /county 查看其他县区。`
      : fit([head, ...list.items.map((a, i) => caseCard(a, list.offset + i + 1))]);
  return { text, list };
}

/** A name that is no county: the nearest names, if any, above the county buttons. */
export function unknownCountyText(name: string, nearest: readonly string[]): string {
  const hint = nearest.length
    ? `您是不是要找：${nearest.map(escapeHtml).join('、')}？`
    : '案例库只收录济宁市的县市区。';
  return `没有找到“${escapeHtml(clip(name, 20))}”这个县区。${hint}\n请从下面选择：`;
}
