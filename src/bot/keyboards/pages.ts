import { InlineKeyboard } from 'grammy';
import type { UploadAction, UploadPreview } from '../../ingest/service.js';
import { callbackData } from '../callbackData.js';

const ACTION_LABELS: Record<UploadAction, string> = { accept: '入库', replace: '替换', cancel: '取消' };

/** 入库 / 替换 / 取消 under an upload's preview, as the preview offers them (none for a duplicate). */
export function uploadKeyboard(preview: Pick<UploadPreview, 'uploadId' | 'actions'>): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!preview.uploadId) return kb;
  for (const action of preview.actions) kb.text(ACTION_LABELS[action], callbackData.upload(action, preview.uploadId));
  return kb;
}

/** 确认移除 / 取消 under /removepage. */
export function removePageKeyboard(key: string): InlineKeyboard {
  return new InlineKeyboard()
    .text('确认移除', callbackData.removePage(true, key))
    .text('取消', callbackData.removePage(false, key));
}
