import { createHash } from 'node:crypto';
import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import type { IngestService } from '../../ingest/service.js';
import { parseDateArgs } from '../../ingest/commands.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { pagedList } from '../keyboards/pagedList.js';
import { removePageKeyboard } from '../keyboards/pages.js';
import {
  dateOutcomeText,
  EDITOR_ONLY,
  pageMatchText,
  pagesView,
  removeConfirmText,
  removeOutcomeText,
} from '../views/pages.js';
import { escapeHtml } from '../views/html.js';
import { editorOf } from '../editors.js';

export type PagesDeps = Pick<BotDeps, 'queries' | 'timeZone'> & { ingest: IngestService };

/** The key a removal button names a page by: short, and it stops working once the file is gone. */
export function pageKey(page: string): string {
  return createHash('sha1').update(page).digest('hex').slice(0, 12);
}

const REMOVE_USAGE =
  '用法：/removepage 页面（文件名、文件名开头几位、日期版次如 2024-05-21 第7版，或该版任一案例的编号；/pages 可查看）';

/**
 * The pages: /pages for everyone (date, page, articles, who added each and when), and for editors
 * /date (date a page already in the casebook) and /removepage (with a confirmation button; the
 * file goes to the trash).
 */
export function pagesFeature(deps: PagesDeps): Composer<Context> {
  const c = new Composer<Context>();
  const { ingest } = deps;
  const pages = pagedList(deps.queries, {
    kind: 'pages',
    render: (_query, page) => pagesView(ingest.listPages(), page, deps.timeZone),
  });
  c.command('pages', (ctx) => pages.reply(ctx, ''));
  c.use(pages.pageButtons);

  c.command('date', async (ctx) => {
    const by = editorOf(ctx, ingest);
    if (!by) return void (await replyHtml(ctx, EDITOR_ONLY));
    const args = parseDateArgs(ctx.match);
    if (!args.ok) return void (await replyHtml(ctx, escapeHtml(args.message)));
    const outcome = await ingest.setPageDate(args.page, args.date, by);
    await replyHtml(ctx, dateOutcomeText(outcome));
  });

  c.command('removepage', async (ctx) => {
    const by = editorOf(ctx, ingest);
    if (!by) return void (await replyHtml(ctx, EDITOR_ONLY));
    const query = ctx.match.trim();
    if (!query) return void (await replyHtml(ctx, escapeHtml(REMOVE_USAGE)));
    const match = ingest.resolvePage(query);
    if (match.kind !== 'found') return void (await replyHtml(ctx, pageMatchText(match)));
    const articles = ingest.listPages().find((p) => p.page === match.page.page)?.articles ?? 0;
    await replyHtml(ctx, removeConfirmText(match.page, articles), removePageKeyboard(pageKey(match.page.page)));
  });

  onCallback(c, 'removePage', async (ctx, data) => {
    const by = editorOf(ctx, ingest);
    if (!by) return answerCallback(ctx, EDITOR_ONLY);
    const page = ingest.listPages().find((p) => pageKey(p.page) === data.key);
    // The page is gone (removed already, or renamed): nothing to confirm any more.
    if (!page) {
      await answerCallback(ctx, EXPIRED);
      await ctx.editMessageText('这个版面已经不在页面目录中了（可能已被移除）。').catch(() => {});
      return;
    }
    if (!data.confirm) {
      await answerCallback(ctx, '已取消');
      await ctx.editMessageText(`已取消，${page.label} 保持不变。`).catch(() => {});
      return;
    }
    await answerCallback(ctx, '正在移除…');
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => {});
    const outcome = await ingest.removePage(page.page, by);
    await replyHtml(ctx, removeOutcomeText(outcome));
  });
  return c;
}
