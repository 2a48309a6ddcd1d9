/**
 * Deep links into a private chat with the bot, `https://t.me/<bot>?start=<payload>`, and the /start
 * payloads they carry. Like callback data, this module is the only place that writes and reads them
 * (Telegram allows 1–64 characters of `A-Za-z0-9_-`).
 */
import { ARTICLE_ID } from '../corpus/page.js';

/** The payload of a case link (see caseLink). */
const CASE_PAYLOAD = new RegExp(`^case_(${ARTICLE_ID})$`);

export type StartPayload =
  /** A case in full: the 全文 button of an inline card. */
  { kind: 'case'; id: string };

/** The start parameter of the button above inline results (a hint, answered with /help). */
export const INLINE_HINT_PAYLOAD = 'inline';

/** `case_0badc0de`. */
export function casePayload(id: string): string {
  return `case_${id}`;
}

/** The link that opens a case in a private chat with the bot. */
export function caseLink(botUsername: string, id: string): string {
  return `https://t.me/${botUsername}?start=${casePayload(id)}`;
}

/** A /start payload this bot wrote, or undefined (none, a hint, or something else). */
export function parseStartPayload(text: string | undefined): StartPayload | undefined {
  const m = CASE_PAYLOAD.exec(text?.trim() ?? '');
  return m ? { kind: 'case', id: m[1]! } : undefined;
}
