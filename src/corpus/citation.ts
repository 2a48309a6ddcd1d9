/**
 * Citation lines for cases, shared by the bot's answers, the daily message and the Word export:
 * `《济宁日报》2024年5月21日 第7版`. An unknown date is said so (`《济宁日报》（日期未录入）`), never
 * invented. Plain text: callers escape it for their medium.
 */
import { editionLabel, formatDateZh, type PageDate } from './dates.js';

/** The paper every page comes from. */
export const PAPER = '济宁日报';

/** What an undated page's citation says instead of a date. */
export const UNDATED_NOTE = '（日期未录入）';

/** `《济宁日报》2024年5月21日 第7版`; `《济宁日报》2024年5月21日` without an edition; `《济宁日报》（日期未录入）`. */
export function citation(ref: PageDate): string {
  if (!ref.date) return `《${PAPER}》${UNDATED_NOTE}`;
  return `《${PAPER}》${pageLabel(ref)}`;
}

/**
 * A page as people name it: `2024年5月21日 第7版`. An undated page is named by its file, since
 * that is all that tells it apart: `日期未录入的版面（000_0baefce5c4f81754.txt）`.
 */
export function pageLabel(ref: PageDate, source?: string): string {
  if (!ref.date) return source ? `日期未录入的版面（${source}）` : '日期未录入的版面';
  return ref.edition ? `${formatDateZh(ref.date)} ${editionLabel(ref.edition)}` : formatDateZh(ref.date);
}

/** A clause with the mark that closes it. */
const CLAUSE = /[^，,；;：:。！？!?]+[，,；;：:。！？!?]*/gu;

/** Telegram's `copy_text` button holds at most this many characters. */
export const COPY_TEXT_LIMIT = 256;

/**
 * A quoted sentence with its citation, for a copy button: `“…。”（《济宁日报》2024年5月21日 第7版）`.
 * When it does not fit in `limit` characters (UTF-16 units, the stricter count), the sentence is
 * cut after its last whole clause that fits and ends `……`; when not even one clause fits, there is
 * nothing worth copying and the result is undefined (leave the button out).
 */
export function quoteWithCitation(sentence: string, ref: PageDate, limit = COPY_TEXT_LIMIT): string | undefined {
  const quote = sentence.trim();
  if (!quote) return undefined;
  const cite = `（${citation(ref)}）`;
  const whole = `“${quote}”${cite}`;
  if (whole.length <= limit) return whole;
  const room = limit - cite.length - '“……”'.length;
  let kept = '';
  for (const clause of quote.match(CLAUSE) ?? []) {
    if ((kept + clause).length > room) break;
    kept += clause;
  }
  // Each clause keeps its closing mark; the ellipsis replaces the last one.
  kept = kept.replace(/[，,、；;：:。！？!?]+$/u, '');
  if (!kept) return undefined;
  return `“${kept}……”${cite}`;
}
