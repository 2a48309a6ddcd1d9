import type { AskResult, ResultItem } from '../../casebook/casebook.js';
import { paginate, type PagedView } from '../keyboards/pagedList.js';
import { citationHtml, countyTag } from './cases.js';
import { clip, escapeHtml, fit } from './html.js';

/** Cases per answer message. */
export const ANSWER_PER_PAGE = 3;

/**
 * Page `page` (0-based) of an answer: on the first page the question, the quoted answer and the
 * counties, then the cases with their summaries and quotes.
 */
export function answerView(result: AskResult, page: number, truncated: boolean): PagedView<ResultItem> {
  const list = paginate(result.results, page, ANSWER_PER_PAGE);
  const p = list.page;
  const parts: string[] = [`🔎 <b>问：</b>${escapeHtml(clip(result.query, 80))}`];
  if (truncated) parts.push('<i>（问题较长，只按前 300 字检索）</i>');
  if (result.note) parts.push(`<i>${escapeHtml(result.note)}</i>`);
  if (result.results.length === 0) {
    parts.push(`没有找到与这个问题相关的案例。`);
    if (result.suggestions.length)
      parts.push(`可以换个说法，或试试这些词：${result.suggestions.map(escapeHtml).join('、')}`);
    parts.push('也可以发送 /county 按县区浏览全部案例。');
    return { text: parts.join('\n\n'), list };
  }
  if (p === 0 && result.answer) {
    const a = result.answer;
    const source = result.results.find((r) => r.id === a.id);
    parts.push(
      `📌 <b>答：</b>\n<blockquote>${escapeHtml(a.text)}</blockquote>\n——《${escapeHtml(a.headline)}》${source ? `，${citationHtml(source)}` : ''} ${escapeHtml(countyTag(a.county))}`,
    );
  } else if (p === 0 && result.answer === null && /多少|几/.test(result.query)) {
    parts.push('<i>没有找到直接回答这个数字的原文，以下是最相关的案例。</i>');
  }
  if (p === 0 && result.counties) {
    const lines = result.counties.map((c) => `• ${escapeHtml(countyTag(c.county))} 《${escapeHtml(c.headline)}》`);
    parts.push(
      lines.length
        ? `🗺 <b>有相关做法的县区（${lines.length}）：</b>\n${lines.join('\n')}`
        : '🗺 没有找到明确符合的县区，以下是最相关的案例。',
    );
  }
  list.items.forEach((r, i) => {
    const lines = [`<b>${list.offset + i + 1}. ${escapeHtml(r.headline)}</b> ${escapeHtml(countyTag(r.county))}`];
    const [lead, ...bullets] = r.summary.split('\n');
    lines.push(escapeHtml(clip(lead ?? '', 120)));
    for (const b of bullets.slice(0, 4)) lines.push(escapeHtml(clip(b, 60)));
    for (const q of r.quotes) lines.push(`<blockquote>${escapeHtml(clip(q, 160))}</blockquote>`);
    lines.push(`<i>${citationHtml(r)}</i>`);
    parts.push(lines.join('\n'));
  });
  return { text: fit(parts), list };
}
