import type { Figure } from './types.js';
import { splitClauses } from './text.js';
import { segment, tagWords } from '../search/tokenizer.js';
import {
  APPROX_AFTER,
  APPROX_BEFORE,
  CHINESE_NUMERAL_CHARS,
  CHINESE_NUMERAL_MEASURES,
  chineseNumber,
  halfWidthDigits,
  measureAt,
} from './vocabulary.js';

/**
 * Figures: a number followed by the measure word the text uses.
 *
 * - The number: Arabic (full-width digits read as half-width), with a decimal part; `万`/`亿`
 *   scales; `余`/`多` after it (`1800余名`, `1.3万余人`, `3100余万元`) and `近`/`约`/`逾` before it
 *   (`近14万人次`); a range (`30元至120元`, `3到5户`) is one figure.
 * - The measure word: the longest known one (`vocabulary.ts`: `人次` before `人`, `个百分点` before
 *   `个`); `大` + a word (`8大类`, `5大方面`); a character + `次` (`1320余家次`); else the word jieba
 *   segments right after the number, when it is a single character or one jieba tags as a
 *   measure word (`q`). So `63起`, `28门` and measure words nobody listed come out whole, while
 *   `12345热线` (a noun) and `90后` do not count.
 * - Not figures: years (`2021年`), dates (`10日`, `3月`), ordinals (`第3名`), numbers in quotes
 *   (`“134”模式`), and numbers with no measure word at all.
 * - Chinese numerals count only before the small set of measure words that do not open set
 *   phrases (`四个档次`, `三名导师`, `两次`; not `三会一课`, `五红`), and `一` alone never does.
 */

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const ARABIC = new RegExp(
  `(${APPROX_BEFORE.join('|')})?(${NUMBER})([${APPROX_AFTER.join('')}])?([万亿])?([${APPROX_AFTER.join('')}])?`,
  'gu',
);
const CHINESE = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'gu');
const RANGE = /^[至到~～－—-]/u;
const HAN = /^\p{Script=Han}+$/u;
/** Single characters after a number that are not measure words. */
const NOT_MEASURE = new Set([...'的后前以余多至到和与及或等左右上下内外中之来间其每为是在了']);
/** Date units: a number before them is a date, not a count. */
const DATE_UNITS = new Set(['日', '月', '号']);

interface Found {
  /** Where the figure starts and ends in the clause. */
  from: number;
  to: number;
  value: number;
  unit: string;
}

/** The measure word at `at` in a clause, or undefined. */
function measureWord(clause: string, at: number): string | undefined {
  const rest = clause.slice(at, at + 8);
  if (!rest || !/^\p{Script=Han}/u.test(rest)) return rest.startsWith('%') ? '%' : undefined;
  const known = measureAt(rest);
  // `8大类`, `5大方面`, `2大模块`: 大 + the word after it.
  if (rest[0] === '大' && known !== '大类') {
    const next = measureAt(rest, 1) ?? firstWord(rest.slice(1));
    if (next && next.length <= 2) return `大${next}`;
  }
  // A character and 次 (`家次`, `户次`, `架次`): a count of visits, whatever the character.
  if (!known?.endsWith('次') && rest[1] === '次' && !NOT_MEASURE.has(rest[0]!) && HAN.test(rest[0]!))
    return rest.slice(0, 2);
  if (known) return known;
  const word = firstWord(rest);
  if (!word || !HAN.test(word) || NOT_MEASURE.has(word)) return undefined;
  if ([...word].length === 1) return word;
  const tags = tagWords(word);
  return tags.length === 1 && tags[0]!.tag === 'q' ? word : undefined;
}

/** jieba's first word of a text (with the dictionary the thread segments with, see useDictionary). */
function firstWord(text: string): string | undefined {
  return segment(text)[0];
}

function arabicFigures(clause: string): Found[] {
  const out: Found[] = [];
  const re = new RegExp(ARABIC.source, 'gu');
  for (let m = re.exec(clause); m; m = re.exec(clause)) {
    const from = m.index;
    const numberAt = from + (m[1]?.length ?? 0);
    // Part of a longer number, a code in quotes, an ordinal or a formula (`1+N`).
    const before = clause[numberAt - 1] ?? '';
    if (/[\d.+]/.test(before) || before === '第' || /[“"《]/u.test(before)) continue;
    let to = from + m[0].length;
    let unit = measureWord(clause, to);
    const value = scaled(m[2]!, m[4]);
    // A range, one figure: `30元至120元`, `30至50户`, `3到5户`.
    const sep = RANGE.exec(clause.slice(to + (unit?.length ?? 0)));
    if (sep) {
      const at = to + (unit?.length ?? 0) + sep[0].length;
      const second = new RegExp(`^(${NUMBER})([${APPROX_AFTER.join('')}])?([万亿])?`, 'u').exec(clause.slice(at));
      const unit2 = second ? measureWord(clause, at + second[0].length) : undefined;
      if (second && unit2 && (!unit || unit === unit2)) {
        unit = unit2;
        to = at + second[0].length;
        re.lastIndex = to;
      }
    }
    if (!unit) {
      // A bare scale stands for the unit (`9万农户`, `播放量总计60万次` has its own).
      if (m[4] && !m[5]) out.push({ from, to, value, unit: m[4] });
      continue;
    }
    const end = to + unit.length;
    if (/[”"]/u.test(clause[end] ?? '')) continue;
    if (DATE_UNITS.has(unit)) continue;
    if (unit === '年' && (/^(19|20)\d\d$/.test(m[2]!) || /^(以来|来|底|初|前|度|起)/u.test(clause.slice(end))))
      continue;
    out.push({ from, to: end, value, unit });
  }
  return out;
}

function scaled(number: string, scale: string | undefined): number {
  const v = Number(number);
  return scale === '万' ? v * 1e4 : scale === '亿' ? v * 1e8 : v;
}

function chineseFigures(clause: string): Found[] {
  const out: Found[] = [];
  for (const m of clause.matchAll(CHINESE)) {
    const text = m[0];
    const before = clause[m.index - 1] ?? '';
    if (text === '一' || /[第每统唯万周]/u.test(before)) continue;
    const after = m.index + text.length;
    const unit = CHINESE_NUMERAL_MEASURES.find((u) => clause.startsWith(u, after));
    if (!unit) continue;
    const value = chineseNumber(text);
    if (!Number.isFinite(value) || value < 2) continue;
    out.push({ from: m.index, to: after + unit.length, value, unit });
  }
  return out;
}

/**
 * Every figure in the paragraphs, with the clause around it; the figure's text is verbatim but
 * for full-width digits, which are read as half-width (`５８６０件` → `5860件`), in the clause too.
 */
export function extractFigures(paragraphs: readonly string[]): Figure[] {
  const out: Figure[] = [];
  paragraphs.forEach((raw, index) => {
    for (const clause of splitClauses(halfWidthDigits(raw))) {
      if (!/[\d零〇二两三四五六七八九十百千]/u.test(clause)) continue;
      const found = [...arabicFigures(clause), ...chineseFigures(clause)].sort((a, b) => a.from - b.from);
      for (const f of found) {
        const text = clause.slice(f.from, f.to);
        out.push({ text, value: f.value, unit: f.unit === '％' ? '%' : f.unit, clause, paragraph: index });
      }
    }
  });
  return out;
}

/**
 * Gives an article a `figures` property computed from its paragraphs on first use (and kept).
 * Parsing an archive and answering a few questions needs the figures of only a few articles.
 */
export function lazyFigures<T extends { paragraphs: readonly string[] }>(article: T): T & { figures: Figure[] } {
  Object.defineProperty(article, 'figures', {
    configurable: true,
    enumerable: true,
    get(this: T) {
      const figures = extractFigures(this.paragraphs);
      Object.defineProperty(this, 'figures', { value: figures, configurable: true, enumerable: true, writable: true });
      return figures;
    },
  });
  return article as T & { figures: Figure[] };
}
