/**
 * A page's issue date and page number (版次). They come from the page's file name
 * (`2024-05-21_07.txt`), from what the uploader writes (`2024-05-21 第7版`, `2024年5月21日 7版`),
 * or from an editor later; every article on the page inherits them. Dates are ISO `YYYY-MM-DD`
 * strings (a calendar day, no time zone); the edition is the page number as printed, without
 * leading zeros (`7`, `A3`).
 */
import { CHINESE_DIGITS } from './vocabulary.js';

/** When and where in the paper a page was printed; null where unknown. */
export interface PageDate {
  date: string | null;
  edition: string | null;
}

export const UNDATED: PageDate = Object.freeze({ date: null, edition: null });

/** What a caption or file name said, and what was wrong with it. */
export interface ParsedDateEdition {
  date?: string;
  edition?: string;
  /** Readable problems (an impossible date, page 0), in Chinese. */
  problems: string[];
}

/** Oldest and newest years a page of the paper can have. */
export const FIRST_YEAR = 1949;
export const LAST_YEAR = 2100;

/** `二十一` → 21, `十` → 10, `七` → 7; `二〇二四` → 2024 (digit by digit). */
function cnNumber(text: string): number | undefined {
  if (/^[〇零一二三四五六七八九]{2,}$/u.test(text)) return Number([...text].map((c) => CHINESE_DIGITS[c]).join(''));
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(text);
  if (!m || !text) return undefined;
  if (!m[2]) return m[1] && !m[3] ? CHINESE_DIGITS[m[1]] : undefined;
  return (m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]]! : 0);
}

const NOT_ALNUM_BEFORE = '(?<![0-9A-Za-z])';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z])';

/** Date forms, most explicit first. Each yields year, month and day groups. */
const DATE_FORMS: { re: RegExp; num: (s: string) => number | undefined }[] = [
  // 2024-05-21, 2024/5/21, 2024.5.21, 2024年5月21日, 2024 年 5 月 21 日
  {
    re: new RegExp(
      `${NOT_ALNUM_BEFORE}(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})(?!\\d)(?:\\s*[日号])?`,
      'u',
    ),
    num: Number,
  },
  // 20240521
  { re: new RegExp(`${NOT_ALNUM_BEFORE}(\\d{4})(\\d{2})(\\d{2})${NOT_ALNUM_AFTER}`, 'u'), num: Number },
  // 二〇二四年五月二十一日
  {
    re: /([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*[日号]/u,
    num: cnNumber,
  },
];

/** Edition forms: 第7版, 第07版, 第A7版, 第七版, 7版, A07版, 版次：7. */
const EDITION_FORMS: RegExp[] = [
  /第\s*([A-Za-z]?\s*\d{1,3}|[一二三四五六七八九十]{1,3})\s*版/u,
  new RegExp(`${NOT_ALNUM_BEFORE}([A-Za-z]?\\d{1,3})\\s*版`, 'u'),
  /版次\s*[:：]?\s*([A-Za-z]?\d{1,3})/u,
];

/** An edition right after the date, as in file names (`2024-05-21_07`) or `2024-05-21 7`. */
const EDITION_AFTER_DATE = /^[\s_-]+([A-Za-z]?\d{1,2})(?![0-9])/u;

/** `07` → `7`, `a07` → `A7`, `七` → `7`; undefined for page 0 or nonsense. */
export function normalizeEdition(raw: string): string | undefined {
  const text = raw.replace(/\s+/g, '');
  const cn = /^[一二三四五六七八九十]+$/u.test(text) ? cnNumber(text) : undefined;
  if (cn !== undefined) return cn > 0 ? String(cn) : undefined;
  const m = /^([A-Za-z]?)(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  return n > 0 ? `${m[1]!.toUpperCase()}${n}` : undefined;
}

/** `2024-05-21` from numbers, or undefined when no such day exists. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date and page named in free text: a caption (`2024-05-21 第7版`, `2024年5月21日 7版`,
 * `二〇二四年五月二十一日 第七版`) or a file name (`2024-05-21_07.txt`, `济宁日报20240521第07版.txt`).
 * Text that names no date gives no date; a date that does not exist is a problem, never guessed.
 */
export function parseDateEdition(text: string): ParsedDateEdition {
  const out: ParsedDateEdition = { problems: [] };
  let rest = text;
  for (const form of DATE_FORMS) {
    const m = form.re.exec(text);
    if (!m) continue;
    const [y, mo, d] = [form.num(m[1]!), form.num(m[2]!), form.num(m[3]!)];
    const date = y !== undefined && mo !== undefined && d !== undefined ? isoDate(y, mo, d) : undefined;
    if (date) out.date = date;
    else out.problems.push(`日期“${m[0].trim()}”不存在，请检查年月日`);
    const after = text.slice(m.index + m[0].length);
    const bare = EDITION_AFTER_DATE.exec(after);
    if (bare && !/^\s*[A-Za-z]?\d{1,3}\s*版/u.test(after)) {
      const edition = normalizeEdition(bare[1]!);
      if (edition) out.edition = edition;
    }
    rest = text.slice(0, m.index) + ' ' + after;
    break;
  }
  if (out.edition === undefined) {
    for (const re of EDITION_FORMS) {
      const m = re.exec(rest);
      if (!m) continue;
      const edition = normalizeEdition(m[1]!);
      if (edition) out.edition = edition;
      else out.problems.push(`版次“${m[0].trim()}”不对，应为第1版起的版号`);
      break;
    }
  }
  return out;
}

/** A page's date and edition from its file name; nothing when the name carries no date. */
export function dateFromFileName(name: string): PageDate {
  const stem = name.replace(/\.txt$/i, '');
  const parsed = parseDateEdition(stem);
  if (!parsed.date) return UNDATED;
  return { date: parsed.date, edition: parsed.edition ?? null };
}

/** The file name a page is stored under: `2024-05-21_07.txt` (`2024-05-21_A03.txt`, `2024-05-21.txt`). */
export function pageFileName(date: string, edition: string | null): string {
  if (!edition) return `${date}.txt`;
  const m = /^([A-Z]?)(\d+)$/.exec(edition);
  return `${date}_${m ? `${m[1]}${m[2]!.padStart(2, '0')}` : edition}.txt`;
}

/** `2024-05-21` → `2024年5月21日`. */
export function formatDateZh(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** `7` → `第7版`. */
export function editionLabel(edition: string): string {
  return `第${edition}版`;
}

/** Orders pages newest first: by date, then edition (numerically), undated last. */
export function compareNewestFirst(a: PageDate, b: PageDate): number {
  if (a.date !== b.date) {
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return editionOrder(a.edition) - editionOrder(b.edition);
}

function editionOrder(edition: string | null): number {
  if (!edition) return Number.MAX_SAFE_INTEGER;
  const m = /^([A-Z]?)(\d+)$/.exec(edition);
  return m ? (m[1] ? m[1].charCodeAt(0) - 64 : 0) * 1000 + Number(m[2]) : Number.MAX_SAFE_INTEGER - 1;
}
