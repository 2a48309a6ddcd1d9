/**
 * Questions about time: `2024年以来`, `今年`, `去年`, `2023年`, `近三年` name a period and filter the
 * dated cases to it; `近年来`, `最近`, `这两年` are vague and only put newer cases first. Cases whose
 * page has no date are never dropped by a filter: they follow the dated ones, and the note says
 * their date is unknown. Pure functions over the question text and ranked results; "today" is
 * passed in (an ISO day in the users' time zone), so 今年 and 去年 are testable.
 */
import { CHINESE_DIGITS } from '../corpus/vocabulary.js';
import { FIRST_YEAR, LAST_YEAR } from '../corpus/dates.js';

/** A period the question names: an explicit filter, or a vague wish for recent cases. */
export type TimeScope =
  | {
      kind: 'range';
      /** First day included (`2024-01-01`), or null for "up to". */
      from: string | null;
      /** Last day included (`2023-12-31`), or null for "since". */
      to: string | null;
      /** The words in the question (`2024年以来`). */
      phrase: string;
      /** How the note names the period: `2024年以来`, `今年（2026年）`. */
      label: string;
    }
  | { kind: 'recent'; phrase: string; label: string };

export interface TimeReading {
  scope: TimeScope | null;
  /** The question without the time phrase (so that `2024`, `年`, `以来` are not searched for). */
  rest: string;
}

export interface Scoped<T> {
  /** Dated cases in the period (or all, newest first, for a vague scope), then the undated ones. */
  items: T[];
  /** Dated cases outside the period, left out. */
  excluded: number;
  /** Undated cases kept after the dated ones. */
  undated: number;
  /** What the user should know, in Chinese; null when nothing needs saying. */
  note: string | null;
}

/** `2024` or `二〇二四` → 2024. */
function yearOf(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : Number([...text].map((c) => CHINESE_DIGITS[c]).join(''));
}

/** `3`, `三`, `两`, `十` → a small count. */
function countOf(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  if (text === '十') return 10;
  return CHINESE_DIGITS[text];
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearStart = (y: number) => `${y}-01-01`;
const yearEnd = (y: number) => `${y}-12-31`;
function monthEnd(y: number, m: number): string {
  return `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

const YEAR = '(?<![\\d〇零一二三四五六七八九])(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年';
const SINCE = '(?:以来|以后|之后|起|至今|来)';
const BEFORE = '(?:以前|之前|前)';

interface Form {
  re: RegExp;
  read(m: RegExpExecArray, thisYear: number): Omit<Extract<TimeScope, { kind: 'range' }>, 'kind' | 'phrase'> | null;
}

const validYear = (y: number) => y >= FIRST_YEAR && y <= LAST_YEAR;

/** Explicit periods, most specific first. */
const RANGE_FORMS: Form[] = [
  {
    // 2022年至2023年, 2022-2023年, 2022年到2023年
    re: new RegExp(`(?<!\\d)(\\d{4})\\s*年?\\s*(?:至|到|—|–|-|~|～)\\s*${YEAR}(?:度)?`, 'u'),
    read: (m) => {
      const [a, b] = [yearOf(m[1]!), yearOf(m[2]!)];
      if (!validYear(a) || !validYear(b) || a > b) return null;
      return { from: yearStart(a), to: yearEnd(b), label: `${a}年至${b}年` };
    },
  },
  {
    // 2024年5月, 2024年5月以来
    re: new RegExp(`${YEAR}\\s*(\\d{1,2})\\s*月份?(${SINCE})?`, 'u'),
    read: (m) => {
      const [y, mo] = [yearOf(m[1]!), Number(m[2])];
      if (!validYear(y) || mo < 1 || mo > 12) return null;
      if (m[3]) return { from: `${y}-${pad(mo)}-01`, to: null, label: `${y}年${mo}月以来` };
      return { from: `${y}-${pad(mo)}-01`, to: monthEnd(y, mo), label: `${y}年${mo}月` };
    },
  },
  {
    // 2024年以来, 2024年起
    re: new RegExp(`${YEAR}${SINCE}`, 'u'),
    read: (m) => {
      const y = yearOf(m[1]!);
      return validYear(y) ? { from: yearStart(y), to: null, label: `${y}年以来` } : null;
    },
  },
  {
    // 2023年以前
    re: new RegExp(`${YEAR}${BEFORE}`, 'u'),
    read: (m) => {
      const y = yearOf(m[1]!);
      return validYear(y) ? { from: null, to: yearEnd(y - 1), label: `${y}年以前` } : null;
    },
  },
  {
    // 2023年, 2023年度, 2023年底
    re: new RegExp(`${YEAR}(?:度)?`, 'u'),
    read: (m) => {
      const y = yearOf(m[1]!);
      return validYear(y) ? { from: yearStart(y), to: yearEnd(y), label: `${y}年` } : null;
    },
  },
  {
    // 近三年, 近3年来, 过去两年, 最近三年
    re: /(?:最近|近|过去)\s*(\d{1,2}|[一二两三四五六七八九十])\s*年(?:来|以来|里|内|中)?/u,
    read: (m, thisYear) => {
      const n = countOf(m[1]!);
      if (n === undefined || n < 1) return null;
      const from = thisYear - n + 1;
      return { from: yearStart(from), to: null, label: `近${m[1]}年（${from}年以来）` };
    },
  },
  {
    // 今年, 今年以来, 本年度
    re: /(?:今年|本年度)(?:以来|来)?/u,
    read: (_m, y) => ({ from: yearStart(y), to: yearEnd(y), label: `今年（${y}年）` }),
  },
  {
    // 去年, 上一年, 去年以来
    re: /(?:去年|上一年|上年度)(以来|至今)?/u,
    read: (m, y) =>
      m[1]
        ? { from: yearStart(y - 1), to: null, label: `去年（${y - 1}年）以来` }
        : { from: yearStart(y - 1), to: yearEnd(y - 1), label: `去年（${y - 1}年）` },
  },
  {
    re: /前年/u,
    read: (_m, y) => ({ from: yearStart(y - 2), to: yearEnd(y - 2), label: `前年（${y - 2}年）` }),
  },
];

/** Vague words: newer first, nothing filtered. */
const RECENT = /近年来|近些年|近几年|这些年|这几年|这两年|近年|最近|近期|近来|新近|最新/u;

/**
 * Reads the period a question names. `today` is `YYYY-MM-DD` in the users' zone. A question with
 * several time words takes the first explicit one; a vague word only counts when there is none.
 */
export function readTime(question: string, today: string): TimeReading {
  const text = question.normalize('NFKC');
  const thisYear = Number(today.slice(0, 4));
  for (const form of RANGE_FORMS) {
    const m = form.re.exec(text);
    if (!m) continue;
    const read = form.read(m, thisYear);
    if (!read) continue;
    return { scope: { kind: 'range', phrase: m[0], ...read }, rest: cut(text, m) };
  }
  const m = RECENT.exec(text);
  if (m) return { scope: { kind: 'recent', phrase: m[0], label: m[0] }, rest: cut(text, m) };
  return { scope: null, rest: question };
}

function cut(text: string, m: RegExpExecArray): string {
  return `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
}

/** Whether a day lies in the scope's period. */
export function inPeriod(date: string, scope: Extract<TimeScope, { kind: 'range' }>): boolean {
  return (scope.from === null || date >= scope.from) && (scope.to === null || date <= scope.to);
}

/**
 * Applies a time scope to ranked results (best first). A period keeps the dated cases in it, in
 * rank order, then every undated case, in rank order; a vague scope orders dated cases newest
 * first (rank order among the same day) and puts undated ones last. Nothing changes without a scope.
 */
export function applyTimeScope<T>(
  ranked: readonly T[],
  dateOf: (item: T) => string | null,
  scope: TimeScope | null,
): Scoped<T> {
  if (!scope) return { items: [...ranked], excluded: 0, undated: 0, note: null };
  const dated = ranked.filter((r) => dateOf(r) !== null);
  const undated = ranked.filter((r) => dateOf(r) === null);
  if (scope.kind === 'recent') {
    const newest = dated
      .map((item, i) => ({ item, i, date: dateOf(item)! }))
      .sort((a, b) => (a.date === b.date ? a.i - b.i : a.date < b.date ? 1 : -1))
      .map((x) => x.item);
    let note: string | null = null;
    if (ranked.length > 0 && dated.length === 0) note = `这些案例的版面都未录入日期，无法按时间先后排列。`;
    else if (undated.length > 0) note = `按时间由近及远排列；另有 ${undated.length} 篇案例的版面未录入日期，排在最后。`;
    return { items: [...newest, ...undated], excluded: 0, undated: undated.length, note };
  }
  const inside = dated.filter((r) => inPeriod(dateOf(r)!, scope));
  const excluded = dated.length - inside.length;
  const period = scope.label;
  const others = excluded > 0 ? `另有 ${excluded} 篇其他时间的相关案例未列出` : '';
  let note: string | null;
  if (inside.length > 0 && undated.length > 0)
    note = `只列出${period}的案例${others ? `（${others}）` : ''}；另有 ${undated.length} 篇案例的版面未录入日期，无法判断时间，列在后面。`;
  else if (inside.length > 0) note = others ? `只列出${period}的案例（${others}）。` : null;
  else if (undated.length > 0)
    note = `没有找到${period}的相关案例${others ? `（${others}）` : ''}。以下 ${undated.length} 篇案例的版面未录入日期，无法判断时间，仅供参考。`;
  else if (excluded > 0) note = `没有找到${period}的相关案例（${others}，去掉时间限定即可看到）。`;
  else note = null;
  return { items: [...inside, ...undated], excluded, undated: undated.length, note };
}

/** Today as `YYYY-MM-DD` in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // Building an Intl.DateTimeFormat costs more than answering many questions: one per zone.
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(timeZone, format);
  }
  return format.format(now);
}

const formats = new Map<string, Intl.DateTimeFormat>();
