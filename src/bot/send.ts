import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';

/** Replies in HTML, without link previews, in the chat and forum topic the update came from. */
export function replyHtml(ctx: Context, html: string, keyboard?: InlineKeyboardMarkup) {
  return ctx.reply(html, {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(keyboard && keyboard.inline_keyboard.length ? { reply_markup: keyboard } : {}),
  });
}

/** Shows "typing…"; a failure (e.g. an API without the method) is harmless. */
export async function typing(ctx: Context): Promise<void> {
  try {
    await ctx.replyWithChatAction('typing');
  } catch {
    // Cosmetic only.
  }
}

/** Answers a button press; errors (query too old) are harmless. */
export async function answerCallback(ctx: Context, text?: string): Promise<void> {
  try {
    await ctx.answerCallbackQuery(text ? { text } : undefined);
  } catch {
    // The spinner times out by itself.
  }
}

export const EXPIRED = '已过期，请重新提问或发送 /help';

/** Shows "sending a file…"; a failure is harmless. */
export async function uploading(ctx: Context, action: 'upload_document' | 'upload_photo'): Promise<void> {
  try {
    await ctx.replyWithChatAction(action);
  } catch {
    // Cosmetic only.
  }
}
