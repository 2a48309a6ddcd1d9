import { InlineKeyboard } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { quoteWithCitation } from '../../corpus/citation.js';
import type { PageDate } from '../../corpus/dates.js';
import { characters, clip } from '../views/html.js';

/**
 * Copy buttons: one tap copies a quoted sentence with its citation,
 * `“接待党员群众1200余人……”（《济宁日报》2024年5月21日 第7版）`, for pasting into a report. Every
 * reply that quotes figures (answers, comparisons, county and topic lists, inline cards) makes its
 * buttons here, so they look and behave alike.
 */

/** A copy button: its label and the text it copies (at most Telegram's 256 characters). */
export interface CopyButton {
  label: string;
  copy: string;
}

/** How long a copy button's label is, in characters after the 📋. */
const LABEL_CHARS = 12;
/** Copy buttons per row. */
const PER_ROW = 2;
/** At most this many copy buttons under one message. */
export const MAX_COPY_BUTTONS = 8;

/**
 * The part of a quote a label shows: the clause with its first number (`累计表扬5个科室19人`), cut
 * around the number when long (`符合条件的407名干部晋…`); in a quote without digits, its start.
 */
function labelPart(quote: string): string {
  const text = quote.replace(/^[…\s]+/u, '');
  const clauses = text.split(/(?<=[，、；：。！？])/u).map((c) => c.replace(/[，、；：。！？…]+$/u, ''));
  const clause = clauses.find((c) => /\d/u.test(c));
  if (!clause) return clip(text, LABEL_CHARS);
  const chars = characters(clause);
  if (chars.length <= LABEL_CHARS) return clause;
  const at = chars.findIndex((c) => /\d/u.test(c));
  const from = Math.max(0, Math.min(at - 5, chars.length - (LABEL_CHARS - 1)));
  const shown = chars.slice(from, from + LABEL_CHARS - 1).join('');
  return `${from > 0 ? '…' : ''}${shown}${from + LABEL_CHARS - 1 < chars.length ? '…' : ''}`;
}

/**
 * The copy button for a verbatim quote from a page: labelled with the quote's figure, copying the
 * quote with the page's citation. Undefined when not even one clause fits (leave it out).
 */
export function copyButton(quote: string, page: PageDate): CopyButton | undefined {
  const copy = quoteWithCitation(quote, page);
  if (!copy) return undefined;
  return { label: `📋 ${labelPart(quote)}`, copy };
}

/** Copy buttons for quotes, the same text once, at most `max`. */
export function copyButtons(quotes: readonly { text: string; page: PageDate }[], max = MAX_COPY_BUTTONS): CopyButton[] {
  const out: CopyButton[] = [];
  const seen = new Set<string>();
  for (const q of quotes) {
    if (out.length >= max) break;
    const b = copyButton(q.text, q.page);
    if (!b || seen.has(b.copy)) continue;
    seen.add(b.copy);
    out.push(b);
  }
  return out;
}

/** Copy buttons as keyboard rows, `PER_ROW` a row. */
export function copyRows(buttons: readonly CopyButton[]): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  buttons.forEach((b, i) => {
    if (i % PER_ROW === 0) rows.push([]);
    rows[rows.length - 1]!.push(copyTextButton(b));
  });
  return rows;
}

/** One copy button as Telegram's inline keyboard button. */
export function copyTextButton(b: CopyButton): InlineKeyboardButton.CopyTextButtonButton {
  return InlineKeyboard.copyText(b.label, b.copy);
}
