import { InputFile, type Context } from 'grammy';
import { compilationDocx, compilationFileName, type Compilation } from '../export/compilation.js';
import { replyHtml, uploading } from './send.js';
import { clip, escapeHtml } from './views/html.js';

/** Telegram's limit for a caption, less a margin for entities. */
export const MAX_CAPTION = 1000;

/** The caption of a 素材汇编. */
export function compilationCaption(compilation: Compilation): string {
  return [
    `📄 <b>${escapeHtml(clip(compilation.title, 80))}</b>`,
    `典型经验素材汇编，共 ${compilation.cases.length} 个案例，每个案例附出处、主要做法和关键数据。`,
    '按公文格式（GB/T 9704）排版，可用 Word 或 WPS 打开编辑。',
  ].join('\n');
}

/**
 * Sends a 素材汇编 as a Word document (sendDocument with the file's bytes and a Chinese file name),
 * or says why there is nothing to send: the list is gone (`undefined`) or empty.
 */
export async function replyCompilation(ctx: Context, compilation: Compilation | undefined): Promise<void> {
  if (!compilation) {
    await replyHtml(ctx, '这个列表已过期（案例库已更新），请重新提问或发送 /topics 后再导出。');
    return;
  }
  if (compilation.cases.length === 0) {
    await replyHtml(ctx, `“${escapeHtml(clip(compilation.title, 40))}”没有可以导出的案例。`);
    return;
  }
  await uploading(ctx, 'upload_document');
  const bytes = await compilationDocx(compilation);
  await ctx.replyWithDocument(new InputFile(bytes, compilationFileName(compilation)), {
    caption: compilationCaption(compilation),
    parse_mode: 'HTML',
  });
}
