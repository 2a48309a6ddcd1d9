import { GrammyError, HttpError, type Api, type InlineKeyboard } from 'grammy';
import type { Article } from '../corpus/types.js';
import type { Casebook } from '../casebook/casebook.js';
import { leadPoint } from '../casebook/answer.js';
import { DeliveryError } from '../daily/queue.js';
import type { DailyJob, Transport } from '../daily/scheduler.js';
import { dateLine } from '../daily/schedule.js';
import type { Clock } from '../daily/clock.js';
import { clip, countyTag, escapeHtml, keyFigures } from './format.js';
import { caseKeyboard } from './features/article.js';

/** The daily case: date line, headline, county tag, summary with section leads, key figures. */
export function dailyMessage(
  article: Article,
  now: Date,
  timeZone: string,
): { text: string; keyboard: InlineKeyboard } {
  const figures = keyFigures(article, 3).map((f) => `“${escapeHtml(clip(f.clause, 50))}”`);
  const text = [
    `☀️ <b>每日案例</b> · ${escapeHtml(dateLine(now, timeZone))}`,
    `<b>${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`,
    escapeHtml(leadPoint(article.lead, 120)),
    ...article.sections.slice(0, 5).map((s) => `• ${escapeHtml(s)}`),
    figures.length ? `📊 ${figures.join('\n📊 ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return { text, keyboard: caseKeyboard(article) };
}

/** Telegram's answers, in the queue's terms. */
export function classify(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    const d = err.description;
    if (err.parameters?.migrate_to_chat_id)
      return new DeliveryError('migrated', d, undefined, err.parameters.migrate_to_chat_id);
    if (err.error_code === 429) return new DeliveryError('retryAfter', d, err.parameters?.retry_after ?? 5);
    if (err.error_code === 403 || /chat not found|user is deactivated|bot was kicked|have no rights/i.test(d))
      return new DeliveryError('gone', d);
    if (err.error_code >= 500) return new DeliveryError('network', d);
    return new DeliveryError('other', d);
  }
  if (err instanceof HttpError) return new DeliveryError('network', err.message);
  return new DeliveryError('other', err instanceof Error ? err.message : String(err));
}

/** Sends daily cases through a bot's API (looked up late, as the bot is built after the scheduler). */
export function telegramTransport(api: () => Api, casebook: Casebook, timeZone: string, clock: Clock): Transport {
  return {
    async send(job: DailyJob) {
      const article = casebook.article(job.articleId);
      if (!article) throw new DeliveryError('other', `案例 ${job.articleId} 已不在案例库中`);
      const m = dailyMessage(article, clock.now(), timeZone);
      try {
        const sent = await api().sendMessage(job.chatId, m.text, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: m.keyboard,
          ...(job.threadId ? { message_thread_id: job.threadId } : {}),
        });
        return sent.message_id;
      } catch (err) {
        throw classify(err);
      }
    },
  };
}
