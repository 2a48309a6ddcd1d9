import type { Article, Figure } from '../corpus/types.js';
import type { AskResult } from '../casebook/casebook.js';
import { leadPoint } from '../casebook/answer.js';

/** Telegram's limit for one message, less a margin for entities. */
export const MAX_MESSAGE = 4000;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cuts plain text to `max` characters (not code units), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** `#金乡县`: a tag users can tap to see the county's other messages. */
export function countyTag(county: string | null): string {
  return county ? `#${county}` : '#未定县区';
}

/** Two (or more) telling figures: sizable counts and amounts, one per clause, in article order. */
export function keyFigures(article: Article, n = 2): Figure[] {
  const seen = new Set<string>();
  const good = article.figures.filter(
    (f) => /^\d/.test(f.text) && f.value >= 10 && !['年', '%', '天', '小时'].includes(f.unit),
  );
  const pool = good.length >= n ? good : article.figures;
  const out: Figure[] = [];
  for (const f of pool) {
    if (seen.has(f.clause)) continue;
    seen.add(f.clause);
    out.push(f);
    if (out.length === n) break;
  }
  return out;
}

/** A case in a list: bold headline, county tag, one-line summary, key figures quoted. */
export function caseCard(article: Article, index?: number): string {
  const head = `<b>${index !== undefined ? `${index}. ` : ''}${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`;
  const summary = escapeHtml(clip(leadPoint(article.lead, 70), 80));
  const figures = keyFigures(article).map((f) => `“${escapeHtml(clip(f.clause, 40))}”`);
  return [head, summary, figures.length ? `📊 ${figures.join('；')}` : '', `<i>编号 ${article.id}</i>`]
    .filter(Boolean)
    .join('\n');
}

export interface PageView {
  text: string;
  page: number;
  pages: number;
  /** The articles shown on this page, for their 全文 buttons. */
  ids: string[];
}

/** Page `page` (0-based) of an answer: the quoted answer and counties first, then the cases. */
export function answerPage(result: AskResult, page: number, perPage: number, truncated: boolean): PageView {
  const pages = Math.max(1, Math.ceil(result.results.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  const parts: string[] = [`🔎 <b>问：</b>${escapeHtml(clip(result.query, 80))}`];
  if (truncated) parts.push('<i>（问题较长，只按前 300 字检索）</i>');
  if (result.note) parts.push(`<i>${escapeHtml(result.note)}</i>`);
  if (result.results.length === 0) {
    parts.push(`没有找到与这个问题相关的案例。`);
    if (result.suggestions.length)
      parts.push(`可以换个说法，或试试这些词：${result.suggestions.map(escapeHtml).join('、')}`);
    parts.push('也可以发送 /county 按县区浏览全部案例。');
    return { text: parts.join('\n\n'), page: 0, pages: 1, ids: [] };
  }
  if (p === 0 && result.answer) {
    const a = result.answer;
    parts.push(
      `📌 <b>答：</b>\n<blockquote>${escapeHtml(a.text)}</blockquote>\n——《${escapeHtml(a.headline)}》 ${escapeHtml(countyTag(a.county))}`,
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
  const shown = result.results.slice(p * perPage, (p + 1) * perPage);
  shown.forEach((r, i) => {
    const lines = [`<b>${p * perPage + i + 1}. ${escapeHtml(r.headline)}</b> ${escapeHtml(countyTag(r.county))}`];
    const [lead, ...bullets] = r.summary.split('\n');
    lines.push(escapeHtml(clip(lead ?? '', 120)));
    for (const b of bullets.slice(0, 4)) lines.push(escapeHtml(clip(b, 60)));
    for (const q of r.quotes) lines.push(`<blockquote>${escapeHtml(clip(q, 160))}</blockquote>`);
    parts.push(lines.join('\n'));
  });
  return { text: fit(parts), page: p, pages, ids: shown.map((r) => r.id) };
}

/** Joins message parts, dropping trailing parts that would pass Telegram's limit. */
export function fit(parts: readonly string[], max = MAX_MESSAGE): string {
  let text = '';
  for (const part of parts) {
    const next = text ? `${text}\n\n${part}` : part;
    if (next.length > max) break;
    text = next;
  }
  return text || clip(parts[0] ?? '', max);
}

/**
 * The whole article as messages under Telegram's limit, split at paragraph boundaries (a
 * paragraph longer than a message is split at sentence ends).
 */
export function fullText(article: Article, max = MAX_MESSAGE): string[] {
  const head = [
    `<b>${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`,
    `<i>本报${escapeHtml(article.dateline)}讯${article.reporters.length ? `（通讯员 ${escapeHtml(article.reporters.join(' '))}）` : ''} · ${escapeHtml(article.source)} · 编号 ${article.id}</i>`,
  ].join('\n');
  const pieces: string[] = [];
  for (const p of article.paragraphs) {
    const html = escapeHtml(p);
    if (html.length <= max - 50) {
      pieces.push(html);
      continue;
    }
    let buf = '';
    for (const s of p.split(/(?<=[。！？])/u)) {
      const h = escapeHtml(s);
      if (buf && buf.length + h.length > max - 50) {
        pieces.push(buf);
        buf = '';
      }
      buf += h.length > max - 50 ? h.slice(0, max - 50) : h;
    }
    if (buf) pieces.push(buf);
  }
  const messages: string[] = [];
  let current = head;
  for (const piece of pieces) {
    if (current.length + 2 + piece.length > max) {
      messages.push(current);
      current = piece;
    } else {
      current += `\n\n${piece}`;
    }
  }
  messages.push(current);
  if (messages.length > 1) return messages.map((m, i) => `${m}\n\n<i>（${i + 1}/${messages.length}）</i>`);
  return messages;
}

/** Plain text of an HTML message, for the console. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<blockquote>([\s\S]*?)<\/blockquote>/g, (_m, q: string) =>
      q
        .split('\n')
        .map((l) => `  │ ${l}`)
        .join('\n'),
    )
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
