import type { Casebook } from './casebook.js';

/** One sample question: the articles that answer it, the figure to quote, or the county set. */
export interface EvalQuestion {
  q: string;
  expect?: string[];
  figure?: string;
  counties?: string[];
}

export interface EvalRow {
  q: string;
  ok: boolean;
  detail: string;
}

export interface EvalReport {
  top1: number | null;
  mrr5: number | null;
  figureHit: number | null;
  countyF1: number | null;
  rankedCount: number;
  figureCount: number;
  countyCount: number;
  rows: EvalRow[];
}

function f1(got: readonly string[], want: readonly string[]): number {
  if (got.length === 0 && want.length === 0) return 1;
  const tp = got.filter((g) => want.includes(g)).length;
  if (tp === 0) return 0;
  const p = tp / got.length;
  const r = tp / want.length;
  return (2 * p * r) / (p + r);
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Scores a casebook on sample questions. */
export function evaluate(casebook: Casebook, questions: readonly EvalQuestion[]): EvalReport {
  const top1: number[] = [];
  const rr: number[] = [];
  const figures: number[] = [];
  const f1s: number[] = [];
  const rows: EvalRow[] = [];
  for (const item of questions) {
    const r = casebook.ask(item.q, { limit: 5 });
    const problems: string[] = [];
    if (item.expect?.length) {
      const rank = r.results.findIndex((x) => item.expect!.includes(x.headline));
      top1.push(rank === 0 ? 1 : 0);
      rr.push(rank >= 0 ? 1 / (rank + 1) : 0);
      if (rank !== 0)
        problems.push(
          `第一条是《${r.results[0]?.headline ?? '无'}》，应为《${item.expect[0]}》（名次 ${rank < 0 ? '>5' : rank + 1}）`,
        );
    }
    if (item.figure) {
      const hit = r.answer?.text.includes(item.figure) ?? false;
      figures.push(hit ? 1 : 0);
      if (!hit) problems.push(`答句“${r.answer?.text ?? '无'}”不含 ${item.figure}`);
    }
    if (item.counties) {
      const got = (r.counties ?? []).map((c) => c.county);
      const score = f1(got, item.counties);
      f1s.push(score);
      if (score < 1)
        problems.push(`县区 ${got.join('、') || '无'}，应为 ${item.counties.join('、')}（F1 ${score.toFixed(2)}）`);
    }
    rows.push({ q: item.q, ok: problems.length === 0, detail: problems.join('；') });
  }
  return {
    top1: mean(top1),
    mrr5: mean(rr),
    figureHit: mean(figures),
    countyF1: mean(f1s),
    rankedCount: top1.length,
    figureCount: figures.length,
    countyCount: f1s.length,
    rows,
  };
}
