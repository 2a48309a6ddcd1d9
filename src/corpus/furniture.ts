/**
 * Page furniture: everything on a page that belongs to no article or caption. Column banners
 * (`●党员学习园地`, `★组工动态★`), follow-us lines (`关注“济宁组工”`), doubled banners
 * (`乡村振兴先锋乡村振兴先锋`, also when the wrap breaks them over lines), page headers and editor
 * lines (`2024年3月18日 星期一`, `责任编辑：王海燕`), and short lines that repeat on the page.
 */
import { findCounties } from './registry.js';

/** Longest line (in characters, spaces aside) that can be furniture. */
const MAX_LENGTH = 30;
/**
 * Ornaments: arrows, box drawing, blocks, geometric shapes, dingbats and the like (U+2190–U+27BF,
 * circled numbers aside), and the brackets and marks print uses to frame a column head. `■` and
 * `□` open photo credits and are not counted.
 */
const ORNAMENT_CHARS = String.raw`\u2190-\u21ff\u2300-\u23ff\u2500-\u259f\u25a2-\u27bf\u2b00-\u2bff〓※【】〖〗＊*#＃=＝~～|｜`;
const LEADING_ORNAMENT = new RegExp(`^[${ORNAMENT_CHARS}]`, 'u');
const ORNAMENT = new RegExp(`[${ORNAMENT_CHARS}]`, 'u');
/** A title framed by rules on both sides: `——组工视点——`, `==党建园地==`. */
const FRAMED = /^[—\-=＝~～*＊·•]{2,}.{1,14}[—\-=＝~～*＊·•]{2,}$/u;
const SENTENCE_PUNCTUATION = /[。，；！？,;!?]/u;
const SENTENCE_STOP = /[。，；]/u;
const CREDIT_END = /(?:摄|摄影|供图)\s*[）)]?$/u;
const EDITOR =
  /(?:责任编辑|责编|美术编辑|美编|版式设计|版式|校对|组版|照排|值班编辑|审读)(?:\s*[:：]\s*|\s+)\p{Script=Han}{2,4}(?:\s|$)/u;
const PAGE_NUMBER = /^第\s*[0-9０-９一二三四五六七八九十]+\s*版/u;
const WEEKDAY = /(?:星期|周)[一二三四五六日天]/u;
const DATE = /[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日/u;

/** True for a line that is furniture wherever it stands on the page. */
export function isFurniture(line: string): boolean {
  // Furniture is short and carries no sentence punctuation (body lines nearly always do).
  if (line.length > 60 || SENTENCE_STOP.test(line)) return false;
  const l = line.replace(/\s+/g, '');
  if (!l || l.length > 40) return false;
  if (CREDIT_END.test(l)) return false;
  // Page headers and editor lines may be long-ish.
  if (!/[！？]/u.test(l)) {
    if (EDITOR.test(line) || PAGE_NUMBER.test(l)) return true;
    if (WEEKDAY.test(l) && DATE.test(l)) return true;
  }
  if (l.length > MAX_LENGTH) return false;
  if (LEADING_ORNAMENT.test(l) || FRAMED.test(l)) return true;
  if (/^(?:扫码|欢迎|请)?关注[“"「].{1,12}[”"」]$/u.test(l)) return true;
  // Ornaments only (`————`, `* * *`); a wrapped line's lone `。` or `”。` is text.
  if (!/[\p{Script=Han}A-Za-z0-9０-９]/u.test(l) && l.length >= 2 && !/[。，、；：！？”’）》]/u.test(l)) return true;
  if (l.length <= 20 && ORNAMENT.test(l) && !SENTENCE_PUNCTUATION.test(l)) return true;
  return periodic(l, 2);
}

/**
 * True when `s` repeats itself with a period of 2–12 characters: at least `repeats` times
 * (`乡村振兴先锋乡村振兴先锋`), starting anywhere in the period (`兴先锋乡村振兴先锋乡村振`).
 */
function periodic(s: string, repeats: number): boolean {
  const chars = [...s];
  for (let p = 2; p <= 12 && p * repeats <= chars.length; p++) {
    let ok = true;
    for (let i = p; i < chars.length && ok; i++) ok = chars[i] === chars[i - p];
    if (ok) return true;
  }
  return false;
}

const isShortPlain = (l: string) => l.length > 0 && l.length <= 16 && !SENTENCE_PUNCTUATION.test(l);

/**
 * Marks the furniture lines of a page (trimmed lines in page order). Besides the lines that are
 * furniture on their own, it finds doubled banners broken over two or three lines by the wrap
 * (`乡村振兴先锋乡村振` / `兴先锋`), and short lines said two or more times on the page that name no
 * place (a repeated kicker such as `微山县` heads two articles and stays).
 */
export function markFurniture(lines: readonly string[]): boolean[] {
  // Only short lines without sentence punctuation can be furniture: look at those alone.
  const short = lines.map((l) => (l.length <= 40 && !SENTENCE_STOP.test(l) ? l.replace(/\s+/g, '') : ''));
  const plain = short.map((l) => isShortPlain(l));
  const marks = lines.map((l, i) => short[i] !== '' && isFurniture(l));
  const counts = new Map<string, number>();
  for (let i = 0; i < short.length; i++) {
    if (!plain[i]) continue;
    // Banners are short: a doubled one broken over two or three lines joins up to 24 characters.
    let joined = short[i]!;
    for (let k = 1; k <= 2 && i + k < short.length && plain[i + k]; k++) {
      joined += short[i + k]!;
      if (joined.length > 24) break;
      if (joined.length >= 6 && periodic(joined, 2)) for (let j = i; j <= i + k; j++) marks[j] = true;
    }
    // Wrap leftovers (`摄`, `年）`) repeat too: only lines of three characters or more count.
    const l = short[i]!;
    if (l.length >= 3 && l.length <= 12 && !CREDIT_END.test(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  for (let i = 0; i < short.length; i++) {
    const l = short[i]!;
    // A repeated kicker (`微山县`) or deck (`——…`) heads two articles; it stays.
    const deck = l.startsWith('——') && !l.endsWith('—');
    if (plain[i] && (counts.get(l) ?? 0) >= 2 && !deck && !namesPlace(l)) marks[i] = true;
  }
  return marks;
}

/** A line that is (mostly) a place name: a kicker such as `微山县`, `任城区观音阁街道` or `汶上县：`. */
function namesPlace(l: string): boolean {
  const named = findCounties(l).reduce((n, m) => n + m.name.length, 0);
  return named > 0 && named >= l.replace(/[：:]/gu, '').length - 2;
}
