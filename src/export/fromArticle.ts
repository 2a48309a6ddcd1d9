import type { Article, Figure } from '../corpus/types.js';
import type { CompilationCase } from './compilation.js';

export interface CaseOptions {
  /** The citation line for the article's page (`《济宁日报》（日期未录入）` when undated). */
  citation: string;
  /** The sentences that answered the question, verbatim (none for county and topic lists). */
  quotes?: readonly string[];
  /** At most this many figure lines (default 10). */
  maxFigures?: number;
}

/** A calendar year (`2023年`) dates a clause; it is not a figure anyone cites. */
const isYear = (f: Figure) => f.unit === '年' && f.value >= 1900 && f.value <= 2100 && !/[余多]/u.test(f.text);

/**
 * The figure clauses of an article worth quoting, verbatim and in article order, one line per
 * clause. A clause too short to stand alone (`每次2个小时`) keeps the clause before it, as the
 * paragraph has it; neighbouring clauses of one sentence join into one line. Sizable figures
 * (10 or more, or a rate) are preferred, then any in digits; figures in words (`三个阶段`) are
 * used only when an article has few others.
 */
export function figureLines(article: Pick<Article, 'paragraphs' | 'figures'>, max = 10): string[] {
  const usable = article.figures.filter((f) => !isYear(f));
  const digits = usable.filter((f) => /^\d/u.test(f.text));
  // Sizable counts, amounts and rates are what reports cite; `抓实“1项”民主测评` is a heading.
  const sizable = digits.filter((f) => f.value >= 10 || f.unit === '%');
  const enough = (fs: readonly Figure[]) => new Set(fs.map((f) => f.clause)).size >= 3;
  const pool = enough(sizable) ? sizable : enough(digits) ? digits : usable;
  const lines: { paragraph: number; end: number; text: string }[] = [];
  for (const f of pool) {
    const paragraph = article.paragraphs[f.paragraph] ?? '';
    const at = paragraph.indexOf(f.clause);
    if (at < 0) continue;
    const end = at + f.clause.length;
    const last = lines[lines.length - 1];
    if (last && last.paragraph === f.paragraph && last.end >= end) continue; // already quoted
    // The clause before it, when the figure's own clause is too short to stand alone.
    let from = at;
    if ([...f.clause].length < 10 && at > 0 && /[，、；：]/u.test(paragraph[at - 1]!)) {
      const cut = Math.max(...['，', '、', '；', '：', '。', '！', '？'].map((p) => paragraph.lastIndexOf(p, at - 2)));
      from = cut + 1;
    }
    if (last && last.paragraph === f.paragraph && from <= last.end + 1 && lines.length > 0) {
      // Joins the previous line: one sentence, one line.
      last.text = paragraph.slice(last.end - last.text.length, end);
      last.end = end;
      continue;
    }
    if (lines.length === max) break;
    lines.push({ paragraph: f.paragraph, end, text: paragraph.slice(from, end) });
  }
  return lines.map((l) => l.text);
}

/** A compilation case from an article: the lead as the approach, the section leads, its figures. */
export function compilationCase(article: Article, options: CaseOptions): CompilationCase {
  return {
    headline: article.headline,
    county: article.county,
    citation: options.citation,
    approach: article.lead,
    sections: article.sections,
    figures: figureLines(article, options.maxFigures),
    quotes: options.quotes ?? [],
  };
}
