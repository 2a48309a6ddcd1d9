import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { SavedKind, SavedQueries } from '../../db/savedQueries.js';
import { callbackData, onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { isMessageNotModified } from '../telegramErrors.js';
import { copyRows, type CopyButton } from './copy.js';

/**
 * The one paginated list: answers, a county's cases, a topic's cases, and any list added later. A
 * list is shown a page at a time with a button per item, copy buttons for the figures it quotes,
 * ‹ 上一页 · i/N · 下一页 › and 导出Word below. The query behind it is saved in SQLite under a short
 * id (so the buttons survive a restart and callback data stays small) together with the message it
 * was sent in and the page shown (so a reply to the message can refine it); a page button edits the
 * message in place.
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

/** What goes under a page besides its item and page buttons. */
export interface PageExtras {
  /** Copy buttons for the figures the page quotes (see keyboards/copy.ts). */
  copies?: readonly CopyButton[];
  /** Adds 📄 导出Word (needs the saved query's id). */
  exportable?: boolean;
}

/** The label of the button that exports a list as a Word 素材汇编. */
export const EXPORT_LABEL = '📄 导出Word';

/**
 * Item buttons in one row, the copy buttons, the page buttons when there is more than one page to
 * go to, then 导出Word.
 */
export function pagedKeyboard<T>(
  list: ListPage<T>,
  itemButton?: (item: T, number: number) => Button,
  queryId?: string,
  extras: PageExtras = {},
): InlineKeyboard {
  const tap = (label: string, data: string) => InlineKeyboard.text(label, data);
  const rows: InlineKeyboardButton[][] = [];
  if (itemButton)
    rows.push(
      list.items.map((item, i) => {
        const b = itemButton(item, list.offset + i + 1);
        return tap(b.label, b.data);
      }),
    );
  rows.push(...copyRows(extras.copies ?? []));
  if (list.pages > 1 && queryId) {
    const { page, pages } = list;
    rows.push([
      tap(page > 0 ? '‹ 上一页' : ' ', page > 0 ? callbackData.page(queryId, page - 1) : callbackData.noop()),
      tap(`${page + 1}/${pages}`, callbackData.noop()),
      tap(
        page < pages - 1 ? '下一页 ›' : ' ',
        page < pages - 1 ? callbackData.page(queryId, page + 1) : callbackData.noop(),
      ),
    ]);
  }
  if (extras.exportable && queryId && list.items.length > 0)
    rows.push([tap(EXPORT_LABEL, callbackData.export(queryId))]);
  return new InlineKeyboard(rows.filter((r) => r.length > 0));
}

/** A rendered page: the message text, the page of the list it shows, and the quotes to copy. */
export interface PagedView<T> {
  text: string;
  list: ListPage<T>;
  copies?: readonly CopyButton[];
}

export interface PagedListOptions<T> {
  /** What the saved query is (each list has its own kind). */
  kind: SavedKind;
  /** Renders page `page` of the list for `query` (the text the list was asked for). */
  render(query: string, page: number): PagedView<T>;
  /** The button under each item shown. */
  itemButton?(item: T, number: number): Button;
  /** Offers 导出Word under the list. */
  exportable?: boolean;
}

export interface PagedList {
  readonly kind: SavedKind;
  /**
   * Sends page `page` (default the first) of the list for `query` as a new message, saving the
   * query with the message's id and the page, for its buttons and for replies to it.
   */
  reply(ctx: Context, query: string, page?: number): Promise<Message.TextMessage | undefined>;
  /** How many pages the list for `query` has. */
  pageCount(query: string): number;
  /** Handles this list's page buttons (install it in the feature's composer). */
  readonly pageButtons: Composer<Context>;
}

/** A paginated list of one kind, over the saved queries. */
export function pagedList<T>(
  queries: Pick<SavedQueries, 'save' | 'get' | 'attach' | 'setPage'>,
  options: PagedListOptions<T>,
): PagedList {
  const itemButton = options.itemButton?.bind(options);
  const extras = (view: PagedView<T>): PageExtras => ({ copies: view.copies, exportable: options.exportable });
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
        reply_markup: pagedKeyboard(view.list, itemButton, saved.id, extras(view)),
      });
    } catch (err) {
      if (!isMessageNotModified(err)) throw err;
    }
    queries.setPage(saved.id, view.list.page);
  });
  return {
    kind: options.kind,
    pageButtons,
    pageCount: (query) => options.render(query, 0).list.pages,
    async reply(ctx, query, page = 0) {
      const view = options.render(query, page);
      const queryId = ctx.chat ? queries.save(options.kind, query, ctx.chat.id, view.list.page) : undefined;
      const sent = await replyHtml(ctx, view.text, pagedKeyboard(view.list, itemButton, queryId, extras(view)));
      if (queryId) queries.attach(queryId, sent.message_id);
      return sent;
    },
  };
}
