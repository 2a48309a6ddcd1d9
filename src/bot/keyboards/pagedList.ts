import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { SavedKind, SavedQueries } from '../../db/savedQueries.js';
import { callbackData, onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { isMessageNotModified } from '../telegramErrors.js';

/**
 * The one paginated list: answers, a county's cases, and any list added later. A list is shown a
 * page at a time with a button per item and ‹ 上一页 · i/N · 下一页 › below; the query behind it is
 * saved in SQLite under a short id (so the buttons survive a restart and callback data stays
 * small), and a page button edits the message in place.
 */

/** One page of a list. */
export interface ListPage<T> {
  /** The items shown. */
  items: readonly T[];
  /** The page shown, 0-based (a page past the end shows the last). */
  page: number;
  pages: number;
  /** How many items come before this page: the first shown is number `offset + 1`. */
  offset: number;
}

/** Page `page` of `all`, `perPage` at a time. */
export function paginate<T>(all: readonly T[], page: number, perPage: number): ListPage<T> {
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: all.slice(p * perPage, (p + 1) * perPage), page: p, pages, offset: p * perPage };
}

export interface Button {
  label: string;
  data: string;
}

/** A button that copies text to the clipboard (Bot API 7.11 `copy_text`, at most 256 characters). */
export interface CopyButton {
  label: string;
  copyText: string;
}

/**
 * Item buttons in one row, copy buttons (when the view gives any) in the next, then the page
 * buttons when there is more than one page to go to.
 */
export function pagedKeyboard<T>(
  list: ListPage<T>,
  itemButton?: (item: T, number: number) => Button,
  queryId?: string,
  copy?: readonly (CopyButton | undefined)[],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (itemButton)
    list.items.forEach((item, i) => {
      const b = itemButton(item, list.offset + i + 1);
      kb.text(b.label, b.data);
    });
  const copies = (copy ?? []).filter((b): b is CopyButton => b !== undefined);
  if (copies.length) {
    if (kb.inline_keyboard.at(-1)?.length) kb.row();
    for (const b of copies) kb.copyText(b.label, b.copyText);
  }
  if (list.pages > 1 && queryId) {
    const { page, pages } = list;
    kb.row();
    kb.text(page > 0 ? '‹ 上一页' : ' ', page > 0 ? callbackData.page(queryId, page - 1) : callbackData.noop());
    kb.text(`${page + 1}/${pages}`, callbackData.noop());
    kb.text(
      page < pages - 1 ? '下一页 ›' : ' ',
      page < pages - 1 ? callbackData.page(queryId, page + 1) : callbackData.noop(),
    );
  }
  return kb;
}

/** A rendered page: the message text and the page of the list it shows. */
export interface PagedView<T> {
  text: string;
  list: ListPage<T>;
  /** Copy buttons for the items shown (a quoted sentence with its citation), where there is one. */
  copy?: readonly (CopyButton | undefined)[];
}

export interface PagedListOptions<T> {
  /** What the saved query is (each list has its own kind). */
  kind: SavedKind;
  /** Renders page `page` of the list for `query` (the text the list was asked for). */
  render(query: string, page: number): PagedView<T>;
  /** The button under each item shown. */
  itemButton?(item: T, number: number): Button;
}

export interface PagedList {
  /** Sends the first page of the list for `query`, saving the query when there are more pages. */
  reply(ctx: Context, query: string): Promise<void>;
  /** Handles this list's page buttons (install it in the feature's composer). */
  readonly pageButtons: Composer<Context>;
}

/** A paginated list of one kind, over the saved queries. */
export function pagedList<T>(queries: Pick<SavedQueries, 'save' | 'get'>, options: PagedListOptions<T>): PagedList {
  const itemButton = options.itemButton?.bind(options);
  const pageButtons = new Composer<Context>();
  onCallback(pageButtons, 'page', async (ctx, data, next) => {
    const saved = queries.get(data.query);
    // Another list's page, or an unknown or expired id (answered by the fallback).
    if (!saved || saved.kind !== options.kind) return next();
    if (saved.chatId !== ctx.chat?.id) return answerCallback(ctx, EXPIRED);
    const view = options.render(saved.text, data.page);
    if (data.page >= view.list.pages) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    try {
      await ctx.editMessageText(view.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: pagedKeyboard(view.list, itemButton, saved.id, view.copy),
      });
    } catch (err) {
      if (!isMessageNotModified(err)) throw err;
    }
  });
  return {
    pageButtons,
    async reply(ctx, query) {
      const view = options.render(query, 0);
      const queryId = view.list.pages > 1 && ctx.chat ? queries.save(options.kind, query, ctx.chat.id) : undefined;
      await replyHtml(ctx, view.text, pagedKeyboard(view.list, itemButton, queryId, view.copy));
    },
  };
}
