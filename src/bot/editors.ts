import type { Context } from 'grammy';
import type { User } from 'grammy/types';
import type { EditorRef } from '../ingest/edits.js';
import type { IngestService } from '../ingest/service.js';

/** An editor as the audit log names them: the Telegram user id and display name. */
export function editorRef(user: User): EditorRef & { id: number } {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return { id: user.id, name: name || (user.username ? `@${user.username}` : String(user.id)) };
}

/** The user behind an update as an editor, or undefined when they are none (ADMIN_USER_IDS). */
export function editorOf(
  ctx: Context,
  ingest: Pick<IngestService, 'isEditor'>,
): (EditorRef & { id: number }) | undefined {
  const user = ctx.from;
  return user && ingest.isEditor(user.id) ? editorRef(user) : undefined;
}
