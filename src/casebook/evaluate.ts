import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Casebook } from './casebook.js';
import type { Article } from '../corpus/types.js';
import { PlainBaseline } from './baseline.js';

/**
 * One evaluation question. Articles are named by a part of their headline that names exactly one
 * article (a full headline works too).
 */
export interface EvalQuestion {
  q: string;
  /** The kind the engine should see: figure, list, compare, county, request or plain. */
  kind?: string;
  /** Acceptable first cases. */
  expect?: string[];
  /** The figure the answer must quote (`586批次`). */
  figure?: string;
  /** Several figures asked in one question: each must be answered. */
  figures?: string[];
  /** The case gives no such figure: no number may be stated as the answer. */
  noFigure?: boolean;
  /** A list question's counties. */
  counties?: string[];
  /** A comparison: the counties (with their on-point cases) that must appear, those that may. */
  compare?: { required: Record<string, string[]>; allowed?: string[]; none?: string[] };
  /** Nothing in the casebook covers the question: the reply must say so. */
  offCorpus?: boolean;
  /** County browsing: every case of this county, and only its cases. */
  browse?: string;
  /** A town named only in a caption: the reply must name it in its note. */
  place?: string;
  /** A request for cases: the cases that are on point. */
  accept?: string[];
}

export interface QuestionFile {
  path: string;
  name: string;
  /** Page folders the questions are asked over (absolute). */
  pages: string[];
  about?: string;
  questions: EvalQuestion[];
}

/** The parts of an answer the evaluation reads (fields newer than an engine may be absent). */
interface Observed {
  kind?: string;
  answer: { text: string; figure: string } | null;
  answers?: { text: string; figure: string }[];
  counties: { county: string }[] | null;
  compare?: { county: string; headline: string }[] | null;
  results: { headline: string; county: string | null }[];
  note: string | null;
}

export interface EvalRow {
  q: string;
  ok: boolean;
  /** Whether every check but the kind passed. */
  okIgnoringKind: boolean;
  problems: string[];
}

/** Shares over the questions each measure applies to; null when none does. */
export interface EvalScores {
  questions: number;
  passed: number;
  /** Passed when the kind check is left out (engines without kinds can be compared). */
  passedIgnoringKind: number;
  top1: number | null;
  mrr5: number | null;
  /** Top-1 on how-questions worded unlike the articles (items of kind `plain` with a case). */
  paraphraseTop1: number | null;
  /** Asked figures found in the answer text (per figure). */
  figureInAnswer: number | null;
  /** Asked figures that are the answer's own figure (per figure). */
  ownFigure: number | null;
  /** Figure questions the case does not answer, answered without a number. */
  noFigureHonest: number | null;
  countyF1: number | null;
  /** County-set F1 of comparisons against their required counties (allowed extras not counted). */
  compareF1: number | null;
  offCorpusHonest: number | null;
  kindAccuracy: number | null;
  counts: Record<
    'ranked' | 'paraphrases' | 'figures' | 'noFigure' | 'lists' | 'compares' | 'offCorpus' | 'kinds',
    number
  >;
}

export interface EvalReport extends EvalScores {
  rows: EvalRow[];
}

export interface BaselineScores {
  top1: number | null;
  mrr5: number | null;
  paraphraseTop1: number | null;
  figureInAnswer: number | null;
  countyF1: number | null;
  compareF1: number | null;
}

const NO_MATCH = '没有找到直接相关的案例';

export function f1(got: readonly string[], want: readonly string[]): number {
  if (got.length === 0 && want.length === 0) return 1;
  const tp = got.filter((g) => want.includes(g)).length;
  if (tp === 0) return 0;
  const p = tp / got.length;
  const r = tp / want.length;
  return (2 * p * r) / (p + r);
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Reads a question file: JSON lines, the first of which may be a header `{"pages": [...]}`. */
export function readQuestionFile(path: string): QuestionFile {
  type Line = EvalQuestion & { pages?: string | string[]; about?: string };
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
  const header: Partial<Line> = lines[0] && !('q' in lines[0]) ? lines.shift()! : {};
  const folders = header.pages === undefined ? ['pages'] : [header.pages].flat();
  return {
    path,
    name: basename(path),
    pages: folders.map((f) => resolve(dirname(path), f)),
    about: header.about,
    questions: lines,
  };
}

/** Every question file (`questions*.jsonl`) in a folder, in name order. */
export function questionFiles(dir: string): QuestionFile[] {
  return readdirSync(dir)
    .filter((f) => /^questions.*\.jsonl$/.test(f))
    .sort()
    .map((f) => readQuestionFile(join(dir, f)));
}

/**
 * One seeds folder holding the pages of several folders (copied into a temporary folder named
 * after them); a single folder is used as it is.
 */
export function pagesFolder(folders: readonly string[]): string {
  if (folders.length === 1) return folders[0]!;
  const key = createHash('sha1').update(folders.join('\n')).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `casebook-eval-pages-${key}`);
  mkdirSync(dir, { recursive: true });
  const want = new Set<string>();
  for (const folder of folders) {
    for (const f of readdirSync(folder).filter((n) => n.endsWith('.txt'))) {
      want.add(f);
      cpSync(join(folder, f), join(dir, f), { preserveTimestamps: true });
    }
  }
  for (const f of readdirSync(dir)) if (!want.has(f)) rmSync(join(dir, f), { force: true });
  return dir;
}

/** Headline keys resolved against the casebook's articles: each must name exactly one. */
export class Headlines {
  private readonly all: string[];
  constructor(articles: readonly Article[]) {
    this.all = articles.map((a) => a.headline);
  }

  /** The headline a key names; throws when it names none or several. */
  resolve(key: string): string {
    if (this.all.includes(key)) return key;
    const found = this.all.filter((h) => h.includes(key));
    if (found.length !== 1)
      throw new Error(`“${key}”${found.length ? `对应 ${found.length} 篇文章` : '没有对应的文章'}，请写得更具体`);
    return found[0]!;
  }

  resolveAll(keys: readonly string[]): string[] {
    return keys.map((k) => this.resolve(k));
  }
}

function wantedFigures(item: EvalQuestion): string[] {
  return item.figures ?? (item.figure ? [item.figure] : []);
}

/** Scores a casebook's answers to questions; every failed check is named in the row. */
export function evaluate(
  casebook: Casebook,
  questions: readonly EvalQuestion[],
  ask: (q: string) => Observed = (q) => casebook.ask(q, { limit: 5 }),
): EvalReport {
  const heads = new Headlines(casebook.articles);
  const top1: number[] = [];
  const rr: number[] = [];
  const paraphrase: number[] = [];
  const inAnswer: number[] = [];
  const own: number[] = [];
  const honestNo: number[] = [];
  const f1s: number[] = [];
  const compareF1s: number[] = [];
  const offHonest: number[] = [];
  const kinds: number[] = [];
  const rows: EvalRow[] = [];
  for (const item of questions) {
    const r = ask(item.q);
    const problems: string[] = [];
    let kindWrong = false;
    const note = r.note ?? '';
    const answers = r.answers ?? (r.answer ? [r.answer] : []);
    const shown = r.results.map((x) => x.headline);
    if (item.kind) {
      kinds.push(r.kind === item.kind ? 1 : 0);
      if (r.kind !== item.kind) {
        kindWrong = true;
        problems.push(`类型 ${r.kind ?? '无'}，应为 ${item.kind}`);
      }
    }
    if (item.expect?.length) {
      const want = heads.resolveAll(item.expect);
      const rank = shown.findIndex((h) => want.includes(h));
      top1.push(rank === 0 ? 1 : 0);
      rr.push(rank >= 0 && rank < 5 ? 1 / (rank + 1) : 0);
      if (item.kind === 'plain') paraphrase.push(rank === 0 ? 1 : 0);
      if (rank !== 0)
        problems.push(`第一条是《${shown[0] ?? '无'}》，应为《${want[0]}》（名次 ${rank < 0 ? '>5' : rank + 1}）`);
    }
    for (const fig of wantedFigures(item)) {
      const found = answers.some((a) => a.text.includes(fig));
      inAnswer.push(found ? 1 : 0);
      // An expected figure without its measure word (`3520`) names the figure `3520人次`.
      const isOwn = answers.some((a) => a.figure === fig || (/\d$/.test(fig) && a.figure.startsWith(fig)));
      own.push(isOwn ? 1 : 0);
      if (!isOwn) problems.push(`答句“${answers.map((a) => a.text).join('／') || '无'}”的数字不是 ${fig}`);
    }
    if (item.noFigure) {
      honestNo.push(answers.length === 0 ? 1 : 0);
      if (answers.length) problems.push(`原文没有这个数字，却答了“${answers[0]!.text}”`);
    }
    if (item.counties) {
      const got = (r.counties ?? []).map((c) => c.county);
      const score = f1(got, item.counties);
      f1s.push(score);
      if (score < 1)
        problems.push(`县区 ${got.join('、') || '无'}，应为 ${item.counties.join('、')}（F1 ${score.toFixed(2)}）`);
    }
    if (item.compare) {
      const required = Object.keys(item.compare.required);
      const allowed = new Set([...required, ...(item.compare.allowed ?? [])]);
      const blocks = r.compare ?? [];
      const got = [...new Set(blocks.map((b) => b.county))];
      compareF1s.push(
        f1(
          got.filter((c) => !(item.compare!.allowed ?? []).includes(c)),
          required,
        ),
      );
      const missing = required.filter((c) => !got.includes(c));
      const extra = got.filter((c) => !allowed.has(c));
      if (missing.length) problems.push(`比较缺少 ${missing.join('、')}`);
      if (extra.length) problems.push(`比较多出 ${extra.join('、')}`);
      for (const [county, keys] of Object.entries(item.compare.required)) {
        for (const h of heads.resolveAll(keys))
          if (!blocks.some((b) => b.county === county && b.headline === h)) problems.push(`${county}缺少《${h}》`);
      }
      for (const county of item.compare.none ?? []) {
        if (got.includes(county)) problems.push(`${county}不应有匹配的案例`);
        if (!note.includes(county)) problems.push(`没有说明${county}没有相关案例`);
      }
    }
    if (item.offCorpus) {
      const honest = note.includes(NO_MATCH) && answers.length === 0 && !(r.compare?.length ?? 0);
      offHonest.push(honest ? 1 : 0);
      if (!honest) problems.push(`库中没有相关案例，却没有如实说明（第一条《${shown[0] ?? '无'}》）`);
    } else if (note.includes(NO_MATCH) || /没有匹配的案例/.test(note)) {
      const named = item.compare?.none ?? [];
      if (!named.length) problems.push(`误称没有相关案例：${note}`);
    }
    if (item.browse) {
      const want = casebook.byCounty(item.browse).map((a) => a.headline);
      const lost = want.filter((h) => !shown.includes(h));
      const strays = r.results.filter((x) => x.county !== item.browse);
      if (lost.length) problems.push(`${item.browse}的案例缺了 ${lost.length} 篇`);
      if (strays.length) problems.push(`混入其他县区的案例 ${strays.length} 篇`);
      if (item.place && !note.includes(item.place)) problems.push(`没有说明文章中未提到${item.place}`);
    }
    if (item.accept) {
      const ok = new Set(heads.resolveAll(item.accept));
      const need = Math.min(2, ok.size);
      const onTop = shown.slice(0, 3).filter((h) => ok.has(h)).length;
      if (!ok.has(shown[0] ?? '')) problems.push(`第一条《${shown[0] ?? '无'}》不切题`);
      else if (onTop < need) problems.push(`前三条只有 ${onTop} 条切题`);
    }
    if (item.kind && ['request', 'compare', 'county', 'list'].includes(item.kind) && r.answer)
      problems.push(`不是问数字，却给了答句“${r.answer.text}”`);
    rows.push({
      q: item.q,
      ok: problems.length === 0,
      okIgnoringKind: problems.length === (kindWrong ? 1 : 0),
      problems,
    });
  }
  return {
    questions: questions.length,
    passed: rows.filter((r) => r.ok).length,
    passedIgnoringKind: rows.filter((r) => r.okIgnoringKind).length,
    top1: mean(top1),
    mrr5: mean(rr),
    paraphraseTop1: mean(paraphrase),
    figureInAnswer: mean(inAnswer),
    ownFigure: mean(own),
    noFigureHonest: mean(honestNo),
    countyF1: mean(f1s),
    compareF1: mean(compareF1s),
    offCorpusHonest: mean(offHonest),
    kindAccuracy: mean(kinds),
    counts: {
      ranked: top1.length,
      paraphrases: paraphrase.length,
      figures: inAnswer.length,
      noFigure: honestNo.length,
      lists: f1s.length,
      compares: compareF1s.length,
      offCorpus: offHonest.length,
      kinds: kinds.length,
    },
    rows,
  };
}

/** The plain baseline's scores on the same questions (see PlainBaseline). */
export function evaluateBaseline(articles: readonly Article[], questions: readonly EvalQuestion[]): BaselineScores {
  const heads = new Headlines(articles);
  const baseline = new PlainBaseline(articles);
  const top1: number[] = [];
  const rr: number[] = [];
  const paraphrase: number[] = [];
  const inAnswer: number[] = [];
  const f1s: number[] = [];
  const compareF1s: number[] = [];
  for (const item of questions) {
    const r = baseline.ask(item.q);
    if (item.expect?.length) {
      const want = heads.resolveAll(item.expect);
      const rank = r.headlines.findIndex((h) => want.includes(h));
      top1.push(rank === 0 ? 1 : 0);
      rr.push(rank >= 0 ? 1 / (rank + 1) : 0);
      if (item.kind === 'plain') paraphrase.push(rank === 0 ? 1 : 0);
    }
    for (const fig of wantedFigures(item)) inAnswer.push(r.figureSentence?.includes(fig) ? 1 : 0);
    if (item.counties) f1s.push(f1(r.counties, item.counties));
    if (item.compare) compareF1s.push(f1(r.counties, Object.keys(item.compare.required)));
  }
  return {
    top1: mean(top1),
    mrr5: mean(rr),
    paraphraseTop1: mean(paraphrase),
    figureInAnswer: mean(inAnswer),
    countyF1: mean(f1s),
    compareF1: mean(compareF1s),
  };
}

interface ExpectedArticle {
  source: string;
  headline: string;
  county: string | null;
  sections: string[];
  figures: string[];
}

/**
 * How a pages folder must parse (`expected.json`, written by hand with the pages): a list of
 * articles with their source file, or (the parser's layout pages) a list of pages, each naming its
 * file and listing its articles.
 */
export interface ExpectedPages {
  articles?: ExpectedArticle[];
  pages?: { file: string; articles: Omit<ExpectedArticle, 'source'>[] }[];
}

export interface PagesReport {
  folder: string;
  articles: number;
  /** Articles found with the expected headline and county. */
  parsed: number;
  /** Articles whose section leads are exactly the expected ones. */
  sections: number;
  figureRecall: number;
  missing: { headline: string; figure: string }[];
}

/** Parse and figure recall of a pages folder against its `expected.json`; null without one. */
export function evaluatePages(folder: string, articles: readonly Article[]): PagesReport | null {
  const file = join(folder, 'expected.json');
  if (!existsSync(file)) return null;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as ExpectedPages;
  const expected = {
    articles: raw.articles ?? (raw.pages ?? []).flatMap((p) => p.articles.map((a) => ({ ...a, source: p.file }))),
  };
  let parsed = 0;
  let sections = 0;
  let found = 0;
  let total = 0;
  const missing: PagesReport['missing'] = [];
  for (const want of expected.articles) {
    const got = articles.find((a) => a.source === want.source && a.headline === want.headline);
    if (got && got.county === want.county) parsed++;
    if (got && JSON.stringify(got.sections) === JSON.stringify(want.sections)) sections++;
    const texts = new Set(got?.figures.map((f) => f.text) ?? []);
    for (const f of want.figures ?? []) {
      total++;
      if (texts.has(f)) found++;
      else missing.push({ headline: want.headline, figure: f });
    }
  }
  return {
    folder,
    articles: expected.articles.length,
    parsed,
    sections,
    figureRecall: total ? found / total : 1,
    missing,
  };
}

/** What a user sees of an answer, to tell whether a setting changed it. */
function signature(r: Observed & { results: { id?: string }[] }): string {
  return JSON.stringify([
    r.kind,
    r.results.map((x) => x.headline),
    (r.answers ?? (r.answer ? [r.answer] : [])).map((a) => a.figure),
    r.counties?.map((c) => c.county),
    r.compare?.map((c) => c.headline),
    r.note,
  ]);
}

/**
 * The questions whose answers differ between two settings (e.g. the speed-up that skips common
 * words, on and off): their text, so the evaluation can show that the speed-up changes nothing.
 */
export function changedAnswers(
  questions: readonly EvalQuestion[],
  a: (q: string) => Observed,
  b: (q: string) => Observed,
): string[] {
  return questions.filter((item) => signature(a(item.q)) !== signature(b(item.q))).map((item) => item.q);
}
