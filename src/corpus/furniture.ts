/**
 * Page furniture: everything on a page that belongs to no article or caption. Column banners
 * (`●党员学习园地`, `★组工动态★`), follow-us lines (`关注“济宁组工”`), doubled banners
 * (`乡村振兴先锋乡村振兴先锋`, also when the wrap breaks them over lines), page headers and editor
 * lines (`2024年3月18日 星期一`, `责任编辑：王海燕`), and short lines that repeat on the page.
 */
import { findCounties } from './registry.js';

/** Longest line (in characters, spaces aside) that can be furniture. */
const MAX_LENGTH = 30;
/** Bullets and ornaments that open a banner or frame a column head. `■` is the photo credit's mark. */
const LEADING_ORNAMENT = /^[●◆▲★☆◇□◎○▼▽△※〓♦♥►▶◀◁◈◉⊙▪▫]/u;
const ORNAMENT = /[●◆▲★☆◇□◎○▼▽△※〓♦♥►▶◀◁◈◉⊙▪▫【】〖〗＊*#＃=＝~～|｜]/u;
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
  if (LEADING_ORNAMENT.test(l)) return true;
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
  const compact = lines.map((l) => l.replace(/\s+/g, ''));
  const marks = lines.map((l) => isFurniture(l));
  for (let i = 0; i < compact.length; i++) {
    if (!isShortPlain(compact[i]!)) continue;
    let joined = compact[i]!;
    for (let k = 1; k <= 2 && i + k < compact.length && isShortPlain(compact[i + k]!); k++) {
      joined += compact[i + k]!;
      if (joined.length >= 6 && periodic(joined, 2)) for (let j = i; j <= i + k; j++) marks[j] = true;
    }
  }
  const counts = new Map<string, number>();
  for (const l of compact) if (isShortPlain(l) && l.length <= 12) counts.set(l, (counts.get(l) ?? 0) + 1);
  for (let i = 0; i < compact.length; i++) {
    const l = compact[i]!;
    if ((counts.get(l) ?? 0) >= 2 && !namesPlace(l)) marks[i] = true;
  }
  return marks;
}

/** A line that is (mostly) a place name: a kicker such as `微山县`, `任城区观音阁街道` or `汶上县：`. */
function namesPlace(l: string): boolean {
  const named = findCounties(l).reduce((n, m) => n + m.name.length, 0);
  return named > 0 && named >= l.replace(/[：:]/gu, '').length - 2;
}
