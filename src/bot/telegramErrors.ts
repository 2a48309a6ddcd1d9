import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../daily/queue.js';

/**
 * What Telegram's answers mean for the bot, in one place: the daily queue's retry policy
 * (`classify`), and the few answers handlers treat specially.
 */

/** Telegram's error, in the outgoing queue's terms (see FailureKind). */
export function classify(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) {
    const d = err.description;
    if (err.parameters?.migrate_to_chat_id)
      return new DeliveryError('migrated', d, undefined, err.parameters.migrate_to_chat_id);
    if (err.error_code === 429) return new DeliveryError('retryAfter', d, err.parameters?.retry_after ?? 5);
    if (err.error_code === 403 || /chat not found|user is deactivated|bot was kicked|have no rights/i.test(d))
      return new DeliveryError('gone', d);
    if (err.error_code >= 500) return new DeliveryError('network', d);
    return new DeliveryError('other', d);
  }
  if (err instanceof HttpError) return new DeliveryError('network', err.message);
  return new DeliveryError('other', err instanceof Error ? err.message : String(err));
}

/** The chat cannot be written to (blocked, kicked, gone): no point in apologising there. */
export function isUnreachableChat(err: unknown): boolean {
  return err instanceof GrammyError && classify(err).kind === 'gone';
}

/** An edit that would change nothing (a page button pressed twice). */
export function isMessageNotModified(err: unknown): boolean {
  return err instanceof GrammyError && /not modified/i.test(err.description);
}
