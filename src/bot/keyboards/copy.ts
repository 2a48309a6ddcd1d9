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
 * The part of a quote a label shows: its first number with the words just before it
 * (`…接待党员群众1200余人`), or, in a quote without digits, its start.
 */
function labelPart(quote: string): string {
  const text = quote.replace(/^[…\s]+/u, '');
  const m = /\d[\d.,，万亿%％]*[^\d\s，、；：。！？…]{0,2}/u.exec(text);
  if (!m) return clip(text, LABEL_CHARS);
  // The clause the number stands in, up to the number and its unit.
  const from = Math.max(...['，', '、', '；', '：', '。', '！', '？'].map((p) => text.lastIndexOf(p, m.index))) + 1;
  const part = text.slice(from, m.index + m[0].length).replace(/[，、；：。！？]+$/u, '');
  const chars = characters(part);
  return chars.length <= LABEL_CHARS ? part : `…${chars.slice(chars.length - (LABEL_CHARS - 1)).join('')}`;
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
