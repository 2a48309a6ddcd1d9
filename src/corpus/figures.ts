import type { Figure } from './types.js';
import { splitClauses } from './text.js';

/** Units and measure words, longest first so that `人次` wins over `人`. */
const UNITS = [
  '平方公里',
  '平方米',
  '个百分点',
  '人次',
  '场次',
  '户次',
  '课时',
  '小时',
  '公里',
  '万元',
  '亿元',
  '名',
  '人',
  '个',
  '件',
  '次',
  '项',
  '处',
  '户',
  '元',
  '斤',
  '亩',
  '头',
  '条',
  '期',
  '场',
  '支',
  '篇',
  '份',
  '分',
  '盏',
  '辆',
  '家',
  '所',
  '类',
  '批',
  '届',
  '本',
  '套',
  '台',
  '道',
  '种',
  '张',
  '间',
  '座',
  '级',
  '档',
  '米',
  '吨',
  '倍',
  '轮',
  '讲',
  '岁',
  '天',
  '周',
  '年',
  '村',
  '室',
  '个月',
  '%',
  '％',
].sort((a, b) => b.length - a.length);

const NUM = String.raw`\d+(?:\.\d+)?`;
const SCALE = '[万亿]';
const APPROX = '[余多]';
const UNIT = `(?:${UNITS.join('|')})`;
/** One quantity: `1800余名`, `3.4万平方米`, `70余万元`, `1.3万余人`, `99%`. */
const QTY = `${NUM}${SCALE}?${APPROX}?${SCALE}?${UNIT}?`;
const RANGE_SEP = '[至到~－—-]';
const FIGURE = new RegExp(`(?<![\\d.])(${QTY})(?:${RANGE_SEP}(${QTY}))?`, 'gu');
const PARTS = new RegExp(`^(${NUM})(${SCALE})?(${APPROX})?(${SCALE})?(${UNIT})?$`, 'u');

interface Quantity {
  value: number;
  unit: string;
  scaled: boolean;
}

function parseQuantity(text: string): Quantity | undefined {
  const m = PARTS.exec(text);
  if (!m) return undefined;
  const scale = m[2] ?? m[4];
  let value = Number(m[1]);
  if (scale === '万') value *= 1e4;
  if (scale === '亿') value *= 1e8;
  // The measure word (`名`, `元`); a bare scale (`9万农户`) stands in for a missing one.
  const unit = m[5] ?? scale ?? '';
  return { value, unit: unit === '％' ? '%' : unit, scaled: scale !== undefined };
}

/** A year (`2018年`), a date part or a bare number without a unit is no figure. */
function isFigure(text: string, q: Quantity, after: string): boolean {
  if (!q.unit) return false;
  if (q.unit === '年' && /^(19|20)\d\d年/.test(text)) return false;
  if (q.unit === '年' && /^(以来|来|底|初|前)/.test(after)) return false;
  return true;
}

const CN_DIGITS: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/**
 * Small counts in Chinese numerals with a measure word (`四个档次`, `三名导师`); `一` is left out,
 * as `一个`/`一名` is an article, not a figure. Only measure words that do not start set phrases
 * (`四级网格`, `三会一课`) count.
 */
const CN_FIGURE =
  /(?<![第\d两二三四五六七八九十百千万每])([两二三四五六七八九十])(个|名|项|类|支|条|种|位|批|方面|阶段)/gu;

/**
 * Every number with a unit in the paragraphs, with the clause around it.
 * Ranges (`30元至120元`) are one figure; years and dates are left out.
 */
export function extractFigures(paragraphs: readonly string[]): Figure[] {
  const out: Figure[] = [];
  paragraphs.forEach((paragraph, index) => {
    for (const clause of splitClauses(paragraph)) {
      for (const m of clause.matchAll(FIGURE)) {
        let text = m[0];
        const first = parseQuantity(m[1]!);
        if (!first) continue;
        // `30至120元`: the unit of the range end applies to both.
        let unit = first.unit;
        if (m[2]) {
          const second = parseQuantity(m[2]);
          if (!second || (!second.unit && !first.unit)) text = m[1]!;
          else unit = unit || second.unit;
        }
        const after = clause.slice((m.index ?? 0) + text.length);
        if (!isFigure(text, { ...first, unit }, after)) continue;
        out.push({ text, value: first.value, unit, clause, paragraph: index });
      }
      for (const m of clause.matchAll(CN_FIGURE)) {
        out.push({ text: m[0], value: CN_DIGITS[m[1]!]!, unit: m[2]!, clause, paragraph: index });
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
