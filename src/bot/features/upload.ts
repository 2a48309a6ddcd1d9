import { Composer, type Api, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import type { FolderEvent, IngestService, UploadPreview } from '../../ingest/service.js';
import { formatBytes, SAVE_AS_TEXT_HINT } from '../../corpus/encoding.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, replyHtml, typing } from '../send.js';
import { downloadDocument, DownloadError, type FileFetcher } from '../files.js';
import { uploadKeyboard } from '../keyboards/pages.js';
import { acceptedText, folderEventMessages, notEditorText, previewMessages } from '../views/upload.js';
import { escapeHtml } from '../views/html.js';
import { editorRef } from '../editors.js';

export type UploadDeps = Pick<BotDeps, 'log' | 'timeZone'> & {
  ingest: IngestService;
  /** How the bytes of a document getFile described are fetched (see files.ts). */
  fetchFile: FileFetcher;
};

/** Sends a preview (in one message or a few), with its buttons under the last. */
async function sendPreview(ctx: Context, preview: UploadPreview, timeZone: string): Promise<void> {
  const parts = previewMessages(preview, timeZone);
  for (const [i, part] of parts.entries())
    await replyHtml(ctx, part, i === parts.length - 1 ? uploadKeyboard(preview) : undefined);
}

/** Takes the buttons off the message a button was pressed on; a failure (too old, gone) is harmless. */
async function dropButtons(ctx: Context): Promise<void> {
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
  } catch {
    // Cosmetic: the press is handled either way, and a second press is refused by the service.
  }
}

/** Whether a group message is meant for the bot: a reply to it, or @bot in the caption. */
function addressedInGroup(ctx: Context): boolean {
  const msg = ctx.msg;
  if (msg?.reply_to_message?.from?.id === ctx.me.id) return true;
  return new RegExp(`@${ctx.me.username}\\b`, 'i').test(msg?.caption ?? '');
}

/**
 * Adding a page from the chat: an editor sends the page's .txt as a document in a private chat,
 * the bot downloads it (getFile and the file route, through the injected fetcher), the ingest
 * service reads it, and the preview comes back with 入库/替换/取消; 入库 is answered once the page
 * is answerable. Others get a polite answer; in groups only when they address the bot.
 */
export function uploadFeature(deps: UploadDeps): Composer<Context> {
  const c = new Composer<Context>();
  const { ingest } = deps;

  c.on('message:document', async (ctx) => {
    if (ctx.chat.type !== 'private') {
      if (addressedInGroup(ctx))
        await replyHtml(ctx, '添加版面请在与我的私聊中发送 .txt 文件（仅限编辑）。群里请直接用文字提问。');
      return;
    }
    if (!ingest.isEditor(ctx.from.id)) return void (await replyHtml(ctx, notEditorText(ctx.from.id)));
    const doc = ctx.message.document;
    const declared = ingest.checkDeclaredSize(doc.file_size);
    if (declared) {
      // A big PDF or Word file is the usual mistake: say how to save the page as text.
      const kind = /pdf/i.test(`${doc.mime_type ?? ''} ${doc.file_name ?? ''}`)
        ? 'pdf'
        : /word|\.docx?$|\.wps$/i.test(`${doc.mime_type ?? ''} ${doc.file_name ?? ''}`)
          ? 'word'
          : undefined;
      const hint = kind ? `\n${SAVE_AS_TEXT_HINT[kind]}` : '';
      return void (await replyHtml(ctx, escapeHtml(declared.message + hint)));
    }
    await typing(ctx);
    let bytes: Uint8Array;
    try {
      bytes = await downloadDocument({
        api: ctx.api,
        fileId: doc.file_id,
        fetch: deps.fetchFile,
        maxBytes: ingest.settings.maxBytes,
      });
    } catch (err) {
      const why = err instanceof DownloadError ? err : undefined;
      deps.log.warn(`下载 ${doc.file_name ?? doc.file_id} 失败：${why?.message ?? (err as Error).name}`);
      const text =
        why?.reason === 'too-large'
          ? `文件超过 ${formatBytes(ingest.settings.maxBytes)} 的上限。一个版面的文字通常只有几十 KB，请确认发送的是单个版面的 .txt 文件。`
          : `文件没能下载下来（${why?.message ?? '网络错误'}），没有写入任何内容。请稍后重新发送一次。`;
      return void (await replyHtml(ctx, escapeHtml(text)));
    }
    const outcome = ingest.receive({
      bytes,
      fileName: doc.file_name ?? 'page.txt',
      caption: ctx.message.caption,
      by: editorRef(ctx.from),
      chatId: ctx.chat.id,
    });
    if (outcome.kind === 'refused') return void (await replyHtml(ctx, escapeHtml(outcome.message)));
    await sendPreview(ctx, outcome.preview, deps.timeZone);
  });

  onCallback(c, 'upload', async (ctx, data) => {
    if (!ingest.isEditor(ctx.from.id)) return answerCallback(ctx, '只有编辑可以处理上传的版面。');
    const by = editorRef(ctx.from);
    if (data.action === 'cancel') {
      const out = ingest.cancel(data.id, by);
      await answerCallback(ctx, out.kind === 'cancelled' ? '已取消' : undefined);
      if (out.kind !== 'refused') await dropButtons(ctx);
      await replyHtml(ctx, escapeHtml(out.message));
      return;
    }
    await answerCallback(ctx, '正在入库，请稍候…');
    await dropButtons(ctx);
    const out = await ingest.accept(data.id, by, { replace: data.action === 'replace' });
    switch (out.kind) {
      case 'accepted':
        await replyHtml(ctx, acceptedText(out));
        return;
      case 'changed':
        // Things changed since the preview (the page is in now, or would replace one): say so, and
        // show the preview as it stands, with the buttons that apply now.
        await replyHtml(ctx, escapeHtml(out.message));
        await sendPreview(ctx, out.preview, deps.timeZone);
        return;
      case 'refused': {
        await replyHtml(ctx, escapeHtml(out.message));
        // Nothing was written: the upload is open again, so its buttons come back.
        const again = ingest.preview(data.id);
        if (again.kind === 'preview') await sendPreview(ctx, again.preview, deps.timeZone);
        return;
      }
      default:
        await replyHtml(ctx, escapeHtml(out.message));
    }
  });
  return c;
}

/**
 * Tells editors, in their private chats, about pages that came or went in the pages folder (with
 * the parser's warnings). Use with `ingest.onFolderEvent`; an editor who never started a chat with
 * the bot cannot be messaged, which is logged.
 */
export function folderNotifier(
  api: () => Api,
  editors: readonly number[],
  log: BotDeps['log'],
): (event: FolderEvent) => void {
  return (event) => {
    const messages = folderEventMessages(event);
    void (async () => {
      for (const editor of editors)
        for (const text of messages) {
          try {
            await api().sendMessage(editor, text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
          } catch (err) {
            log.warn(`无法把页面目录的变化告诉编辑 ${editor}（${(err as Error).message}）`);
            break;
          }
        }
    })();
  };
}
