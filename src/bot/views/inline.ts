import type { InlineQueryResultArticle } from 'grammy/types';
import type { Article } from '../../corpus/types.js';
import { leadPoint } from '../../casebook/answer.js';
import { citation } from '../../corpus/citation.js';
import { caseLink } from '../deepLinks.js';
import { copyButtons, copyTextButton } from '../keyboards/copy.js';
import { countyTag, keyFigures } from './cases.js';
import { clip, escapeHtml } from './html.js';

/** Telegram shows at most 50 inline results; the bot offers this many. */
export const INLINE_RESULTS = 10;

/**
 * A case card for inline mode, as posted into any chat: headline, county tag, the approach in one
 * line, two key figures quoted, the citation; 全文 opens the case in a private chat with the bot, and
 * each figure has a copy button.
 */
export function inlineCard(article: Article, botUsername: string): InlineQueryResultArticle {
  const figures = keyFigures(article).map((f) => f.clause);
  const approach = clip(leadPoint(article.lead, 70), 80);
  const text = [
    `<b>${escapeHtml(article.headline)}</b> ${escapeHtml(countyTag(article.county))}`,
    escapeHtml(approach),
    ...figures.map((f) => `📊 “${escapeHtml(clip(f, 60))}”`),
    `<i>${escapeHtml(citation(article))}</i>`,
  ].join('\n');
  const copies = copyButtons(figures.map((f) => ({ text: f, page: article })));
  return {
    type: 'article',
    id: article.id,
    title: clip(article.headline, 60),
    description: clip(`${countyTag(article.county)} ${approach}`, 100),
    input_message_content: { message_text: text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    reply_markup: {
      inline_keyboard: [
        [{ text: '📖 全文', url: caseLink(botUsername, article.id) }],
        ...(copies.length ? [copies.map(copyTextButton)] : []),
      ],
    },
  };
}
