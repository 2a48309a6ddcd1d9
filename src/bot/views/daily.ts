import type { Article } from '../../corpus/types.js';
import { leadPoint } from '../../casebook/present.js';
import { dateLine, describeSlot, type Slot } from '../../daily/schedule.js';
import type { Subscription } from '../../daily/store.js';
import { citationHtml, countyTag, keyFigures } from './cases.js';
import { clip, escapeHtml } from './html.js';

/** The daily case: date line, headline, county tag, summary with section leads, key figures. */
export function dailyText(article: Article, now: Date, timeZone: string): string {
  const figures = keyFigures(article, 3).map((f) => `“${escapeHtml(clip(f.clause, 50))}”`);
  return [
    `☀️ <b>每日案例</b> · ${escapeHtml(dateLine(now, timeZone))}`,
    `<b>${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`,
    escapeHtml(leadPoint(article.lead, 120)),
    ...article.sections.map((s) => `• ${escapeHtml(s)}`),
    figures.length ? `📊 ${figures.join('\n📊 ')}` : '',
    `<i>${citationHtml(article)}</i>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** A chat's subscription: time, next delivery, and what is left of the deck. */
export function subscriptionText(
  sub: Subscription | undefined,
  next: Slot | undefined,
  now: Date,
  remaining: number,
): string {
  if (!sub?.active || !next) return '本会话还没有订阅每日案例。发送 /subscribe 09:00 订阅（时间可改）。';
  return [
    `📬 每天 <b>${escapeHtml(sub.time)}</b>（${escapeHtml(sub.timeZone)}）推送一篇案例${sub.threadId ? '到本话题' : ''}。`,
    `下一次：${escapeHtml(describeSlot(next, now, sub.timeZone))}`,
    `本轮还有 ${remaining} 篇没推送过，推完后重新洗牌。`,
  ].join('\n');
}
