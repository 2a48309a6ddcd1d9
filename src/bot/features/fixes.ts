import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import type { IngestService } from '../../ingest/service.js';
import { parseFixArgs } from '../../ingest/commands.js';
import { replyHtml } from '../send.js';
import { pagedList } from '../keyboards/pagedList.js';
import { EDITOR_ONLY, fixesView, fixOutcomeText } from '../views/pages.js';
import { escapeHtml } from '../views/html.js';
import { editorOf } from '../editors.js';

export type FixesDeps = Pick<BotDeps, 'queries' | 'timeZone'> & { ingest: IngestService };

/**
 * Corrections, for editors: /fix 编号 县区 经开区, /fix 编号 标题 新标题 (answered once the
 * casebook shows it), and /fixes, every correction in force.
 */
export function fixesFeature(deps: FixesDeps): Composer<Context> {
  const c = new Composer<Context>();
  const { ingest } = deps;
  const fixes = pagedList(deps.queries, {
    kind: 'fixes',
    render: (_query, page) => fixesView(ingest.listFixes(), page, deps.timeZone),
  });

  c.command('fix', async (ctx) => {
    const by = editorOf(ctx, ingest);
    if (!by) return void (await replyHtml(ctx, EDITOR_ONLY));
    const args = parseFixArgs(ctx.match);
    if (!args.ok) return void (await replyHtml(ctx, escapeHtml(args.message)));
    const outcome = await ingest.fix(args.articleId, args.field, args.value, by);
    await replyHtml(ctx, fixOutcomeText(outcome));
  });

  c.command('fixes', async (ctx) => {
    if (!editorOf(ctx, ingest)) return void (await replyHtml(ctx, EDITOR_ONLY));
    await fixes.reply(ctx, '');
  });
  c.use(fixes.pageButtons);
  return c;
}
