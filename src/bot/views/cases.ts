import type { Article, Figure } from '../../corpus/types.js';
import { keyFigures as outcomeFigures, leadPoint, summarize } from '../../casebook/present.js';
import { citation } from '../../corpus/citation.js';
import type { PageDate } from '../../corpus/dates.js';
import { splitSentences } from '../../corpus/text.js';
import { clip, escapeHtml, MAX_MESSAGE, splitEscaped } from './html.js';

/** `#金乡县`: a tag users can tap to see the county's other messages. */
export function countyTag(county: string | null): string {
  return county ? `#${county}` : '#未定县区';
}

/** The citation line, escaped: `《济宁日报》2024年5月21日 第7版` or `《济宁日报》（日期未录入）`. */
export function citationHtml(ref: PageDate): string {
  return escapeHtml(citation(ref));
}

/**
 * The sentence of a case most worth quoting on its own: the one holding its first key figure,
 * else the lead's first sentence.
 */
export function quotableSentence(article: Article): string {
  const figure = keyFigures(article, 1)[0];
  if (figure) {
    const sentence = splitSentences(article.paragraphs[figure.paragraph] ?? '').find((s) => s.includes(figure.clause));
    if (sentence) return sentence.trim();
  }
  return (splitSentences(article.lead)[0] ?? article.lead).trim();
}

/**
 * A case's key figures: its outcomes before its structural counts, chosen by the casebook (see
 * keyFigures in casebook/present.ts), so /county, the daily message and comparisons agree.
 */
export function keyFigures(article: Article, n = 2): Figure[] {
  return outcomeFigures(article, n);
}

/** A case in a list: bold headline, county tag, one-line summary, key figures quoted. */
export function caseCard(article: Article, index?: number): string {
  const head = `<b>${index !== undefined ? `${index}. ` : ''}${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`;
  const summary = escapeHtml(clip(leadPoint(article.lead, 70), 80));
  const figures = keyFigures(article).map((f) => `“${escapeHtml(clip(f.clause, 40))}”`);
  return [
    head,
    summary,
    figures.length ? `📊 ${figures.join('；')}` : '',
    `<i>${citationHtml(article)} · 编号 ${article.id}</i>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** A single case: its card, then the section leads as bullets. */
export function caseText(article: Article): string {
  const bullets = summarize(article).split('\n').slice(1).map(escapeHtml);
  return [caseCard(article), ...bullets].join('\n');
}

/**
 * The whole article as messages under Telegram's limit, split at paragraph boundaries; a
 * paragraph longer than a message is split at sentence ends, and a sentence longer than a message
 * between characters (see splitEscaped). Nothing is left out.
 */
export function fullText(article: Article, max = MAX_MESSAGE): string[] {
  const head = [
    `<b>${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`,
    `<i>本报${escapeHtml(article.dateline)}讯${article.reporters.length ? `（通讯员 ${escapeHtml(article.reporters.join(' '))}）` : ''} · ${escapeHtml(article.source)} · 编号 ${article.id}</i>`,
    `<i>${citationHtml(article)}</i>`,
  ].join('\n');
  const limit = max - 50;
  const pieces: string[] = [];
  for (const p of article.paragraphs) {
    const html = escapeHtml(p);
    if (html.length <= limit) {
      pieces.push(html);
      continue;
    }
    let buf = '';
    for (const s of p.split(/(?<=[。！？])/u)) {
      for (const h of splitEscaped(s, limit)) {
        if (buf && buf.length + h.length > limit) {
          pieces.push(buf);
          buf = '';
        }
        buf += h;
      }
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
