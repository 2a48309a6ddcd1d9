import type { AskResult, CompareEntry, ResultItem } from '../../casebook/casebook.js';
import { paginate, type PagedView } from '../keyboards/pagedList.js';
import { citationHtml, countyTag } from './cases.js';
import { clip, escapeHtml, fit } from './html.js';

/** Cases per answer message. */
export const ANSWER_PER_PAGE = 3;

/**
 * Page `page` (0-based) of an answer, by the kind of question the casebook saw (`result.kind`):
 * on the first page the question, what the user should know (`note`), the quoted answers of a
 * quantity question, the counties of a list question or the counties of a comparison; then the
 * cases, each as a comparison entry, a county's case or a search hit.
 */
export function answerView(result: AskResult, page: number, truncated: boolean): PagedView<ResultItem> {
  const list = paginate(result.results, page, ANSWER_PER_PAGE);
  const p = list.page;
  const parts: string[] = [`🔎 <b>问：</b>${escapeHtml(clip(result.query, 80))}`];
  if (truncated) parts.push('<i>（问题较长，只按前 300 字检索）</i>');
  if (result.note) parts.push(`<i>${escapeHtml(result.note)}</i>`);
  if (result.results.length === 0) {
    if (!result.note) parts.push('没有找到与这个问题相关的案例。');
    if (result.suggestions.length)
      parts.push(`可以换个说法，或试试这些词：${result.suggestions.map(escapeHtml).join('、')}`);
    parts.push('也可以发送 /county 按县区浏览全部案例。');
    return { text: fit(parts), list };
  }
  if (p === 0) parts.push(...overview(result));
  const entries = new Map((result.compare ?? []).map((e) => [e.id, e]));
  list.items.forEach((r, i) => {
    const n = list.offset + i + 1;
    const entry = entries.get(r.id);
    if (entry) {
      // A county's heading above its first case on the page.
      const previous = i > 0 ? list.items[i - 1] : result.results[list.offset - 1];
      const first = !previous || entries.get(previous.id)?.county !== entry.county;
      parts.push(compareBlock(entry, r, n, first ? countyCount(result.compare!, entry.county) : undefined));
    } else parts.push(caseBlock(r, n, result.kind === 'county'));
  });
  return { text: fit(parts), list };
}

/** What stands above the cases on the first page: answers, counties, the comparison's counties. */
function overview(result: AskResult): string[] {
  const out: string[] = [];
  for (const a of result.answers) {
    const source = result.results.find((r) => r.id === a.id);
    out.push(
      `📌 <b>答：</b>\n<blockquote>${escapeHtml(a.text)}</blockquote>\n——《${escapeHtml(a.headline)}》${source ? `，${citationHtml(source)}` : ''} ${escapeHtml(countyTag(a.county))}`,
    );
  }
  if (result.counties) {
    const lines = result.counties.map((c) => `• ${escapeHtml(countyTag(c.county))} 《${escapeHtml(c.headline)}》`);
    out.push(
      lines.length
        ? `🗺 <b>有相关做法的县区（${lines.length}）：</b>\n${lines.join('\n')}`
        : '🗺 没有找到有相关做法的县区。',
    );
  }
  if (result.compare?.length) {
    const counties = [...new Set(result.compare.map((e) => e.county))];
    const list = counties.map((c) => `${escapeHtml(c)}（${countyCount(result.compare!, c)} 篇）`).join('、');
    out.push(`⚖️ <b>各县区做法对比：</b>${counties.length} 个县区有相关案例——${list}。逐一列出如下：`);
  }
  return out;
}

function countyCount(entries: readonly CompareEntry[], county: string): number {
  return entries.filter((e) => e.county === county).length;
}

/** One case of a comparison: its county's heading (first case only), approach, sections, figures. */
function compareBlock(e: CompareEntry, r: ResultItem, n: number, casesInCounty?: number): string {
  const lines: string[] = [];
  if (casesInCounty !== undefined)
    lines.push(`🏛 <b>${escapeHtml(e.county)}</b>（${casesInCounty} 篇） ${escapeHtml(countyTag(e.county))}`);
  lines.push(`<b>${n}. ${escapeHtml(e.headline)}</b>`);
  lines.push(`做法：${escapeHtml(clip(e.approach, 120))}`);
  for (const s of e.sections) lines.push(`• ${escapeHtml(clip(s, 60))}`);
  if (e.figures.length) lines.push(`📊 ${e.figures.map((f) => `“${escapeHtml(clip(f, 60))}”`).join('；')}`);
  lines.push(`<i>${citationHtml(r)}</i>`);
  return lines.join('\n');
}

/** A search hit or a county's case: headline, lead point, every section lead, key figures, quotes. */
function caseBlock(r: ResultItem, n: number, browsing: boolean): string {
  const tag = r.related ? ' <i>（部分相关）</i>' : '';
  const lines = [`<b>${n}. ${escapeHtml(r.headline)}</b> ${escapeHtml(countyTag(r.county))}${tag}`];
  const [lead, ...bullets] = r.summary.split('\n');
  lines.push(escapeHtml(clip(lead ?? '', 120)));
  for (const b of bullets) lines.push(escapeHtml(clip(b, 60)));
  if ((browsing || r.quotes.length === 0) && r.figures.length)
    lines.push(`📊 ${r.figures.map((f) => `“${escapeHtml(clip(f, 60))}”`).join('；')}`);
  for (const q of r.quotes) lines.push(`<blockquote>${escapeHtml(clip(q, 160))}</blockquote>`);
  lines.push(`<i>${citationHtml(r)}</i>`);
  return lines.join('\n');
}
