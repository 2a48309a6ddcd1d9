import type { Article, Caption, Warning } from '../corpus/types.js';
import { COUNTIES } from '../corpus/registry.js';
import type { CaseIndex, QueryTerm } from '../search/engine.js';
import { analyse, type Question, type QuestionKind } from './analyse.js';
import { queryTerms, retrieve, type Candidate } from './retrieve.js';
import { Judge, type Judged, type JudgeMemo } from './judge.js';
import {
  comparison,
  countySet,
  figureAnswers,
  type CompareEntry,
  type CountyCase,
  type FigureAnswer,
} from './answer.js';
import { keyFigures, quotes, summarize } from './present.js';
import { answerOptions, type AnswerOptions } from './defaults.js';
import { queryWords, useDictionary, type DictionarySpec } from '../search/tokenizer.js';
import { citation } from '../corpus/citation.js';
import { applyTimeScope, readTime, todayIn, type TimeScope } from './timeScope.js';
import { asksForTopic, topicInText, type Topic } from './topics.js';
export type { QuestionKind } from './analyse.js';
export type { CompareEntry, CountyCase, FigureAnswer } from './answer.js';

export interface ResultItem {
  id: string;
  headline: string;
  county: string | null;
  score: number;
  /** The lead's point and every section lead (as `• …` lines). */
  summary: string;
  /** The sentences that best match the question (none repeats the summary). */
  quotes: string[];
  /** Key figures, each the verbatim clause that holds it. */
  figures: string[];
  /** True for a loosely related case shown after a no-match (see `note`). */
  related: boolean;
  /** The page's issue date (`2024-05-21`) and 版次, or null when not recorded. */
  date: string | null;
  edition: string | null;
  /** How to cite it: `《济宁日报》2024年5月21日 第7版`, or `《济宁日报》（日期未录入）`. */
  citation: string;
}

export interface AskResult {
  query: string;
  tookMs: number;
  /** What the question asks: figure, list, compare, county, request or plain. */
  kind: QuestionKind;
  /** For a quantity question: the clause holding the (first) number asked for, with its source. */
  answer: FigureAnswer | null;
  /** Every number asked for that the cases give (`多少人才，资金多少` → two). */
  answers: FigureAnswer[];
  /** For a list question (`哪些县区…`): the counties whose cases are on point. */
  counties: CountyCase[] | null;
  /** For a comparison: one entry per on-point case, grouped by county. */
  compare: CompareEntry[] | null;
  /** The on-point cases, best first (or, after a no-match, the loosely related ones). */
  results: ResultItem[];
  /** The county the question named (the first, when it names several). */
  county: string | null;
  /** What the user should know: no match, no such figure, a named county without a match. */
  note: string | null;
  /** When nothing matched: close terms from the index to try instead. */
  suggestions: string[];
  /** The period the question named (`2024年以来`, `最近`), which filtered or ordered the cases. */
  time: TimeScope | null;
  /** The topic the question asks for as a whole (`网格化的案例`), whose cases the results include. */
  topic?: { key: string; name: string } | null;
}

export interface AskOptions {
  /** How many results at most (default 5); county browsing and comparisons show all their cases. */
  limit?: number;
  /** Overrides of the engine's weights and thresholds (see `defaults.ts`). */
  tuning?: Partial<AnswerOptions>;
  /** Today (`YYYY-MM-DD`) for 今年/去年; default the system date in Asia/Shanghai. */
  today?: string;
  /**
   * The casebook's topics, when computed (see topics.ts): a question that asks for one as a whole
   * (`网格化的案例`, `比较一下各县平时考核的做法`) also gets the topic's cases its words did not rank.
   */
  topics?: readonly Topic[];
}

export interface CasebookInfo {
  builtAt: Date;
  /** Whether the index came from the snapshot or was built at start. */
  origin: 'snapshot' | 'build';
  seedsHash: string;
}

/** Said when no case covers the question. */
export const NO_MATCH = '没有找到直接相关的案例。';

/** The casebook: the articles, their index, and the question answering over both. */
export class Casebook {
  private readonly byId: ReadonlyMap<string, Article>;

  constructor(
    readonly pages: readonly string[],
    readonly articles: readonly Article[],
    readonly captions: readonly Caption[],
    readonly warnings: readonly Warning[],
    private readonly index: CaseIndex,
    readonly info: CasebookInfo,
    /** The jieba dictionary this casebook's questions are segmented with (see useDictionary). */
    readonly dictionary?: DictionarySpec,
    /**
     * The articles by id, when the caller keeps them already (a live casebook's pages, which follow
     * later changes as its index does); else made here.
     */
    byId?: ReadonlyMap<string, Article>,
  ) {
    this.byId = byId ?? new Map(articles.map((a) => [a.id, a]));
  }

  /** A question's words, segmented exactly as `ask` segments them. */
  queryWords(text: string): string[] {
    if (this.dictionary) useDictionary(this.dictionary);
    return queryWords(text);
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }

  /** A county's cases in page order. */
  byCounty(county: string): Article[] {
    return this.articles.filter((a) => a.county === county);
  }

  /** Every registry county with its number of cases, in registry order. */
  countyCounts(): { county: string; count: number }[] {
    return COUNTIES.map((c) => ({ county: c.name, count: this.articles.filter((a) => a.county === c.name).length }));
  }

  random(random: () => number = Math.random): Article | undefined {
    if (this.articles.length === 0) return undefined;
    return this.articles[Math.floor(random() * this.articles.length)];
  }

  /**
   * Answers a question in five stages: analyse (what is asked) → retrieve (the cases that share
   * its words) → judge (which of them cover it) → answer (the figure, the counties, the
   * comparison) → present (summaries, quotes and key figures, and a note when something is
   * missing).
   */
  ask(input: string, options: AskOptions = {}): AskResult {
    const started = performance.now();
    // jieba's dictionary is per thread: make sure it is this casebook's.
    if (this.dictionary) useDictionary(this.dictionary);
    const o = answerOptions(options.tuning);
    const limit = options.limit ?? 5;

    // Time questions (timeScope.ts): the period (`2024年以来`, `最近`) is read off first; it filters
    // or orders the cases once they are judged (see `inTime`).
    const time = readTime(input, options.today ?? todayIn('Asia/Shanghai'));
    const q = analyse(
      time.rest,
      (w) => this.index.docFreq(w) > 0,
      (w) => this.index.docFreq(w) >= o.genericShare * this.index.size,
    );
    const result: AskResult = {
      query: input.trim(),
      tookMs: 0,
      kind: q.kind,
      answer: null,
      answers: [],
      counties: null,
      compare: null,
      results: [],
      county: q.counties[0] ?? null,
      note: null,
      suggestions: [],
      time: time.scope,
    };
    if (q.kind === 'county') this.browse(q, result, o, time.scope);
    else if (q.words.length > 0) this.search(q, result, o, limit, options.topics, time.scope);
    // A comparison of counties that names no topic (`比较一下金乡和嘉祥的做法`): their cases side
    // by side, and a word on how to narrow it.
    else if (q.kind === 'compare' && q.counties.length > 0) this.compareCounties(q, result, o, time.scope);
    // Only a time (`最近的案例`, `2024年以来有哪些`): every case, in the period.
    else if (time.scope) {
      const all = this.articles.map((article) => ({ article, score: 1, matched: [] as string[] }));
      result.results = this.inTime(all, time.scope, result)
        .slice(0, limit)
        .map((c) => this.item(c, [], o, false));
    }
    // Nothing to search for (`？？`, an emoji): no cases, and nothing to say about them.
    if (result.results.length === 0 && q.words.length > 0) result.suggestions = this.suggest(q);
    result.tookMs = Math.round((performance.now() - started) * 100) / 100;
    return result;
  }

  /** Retrieve, judge, answer and present for every kind but county browsing. */
  private search(
    q: Question,
    result: AskResult,
    o: AnswerOptions,
    limit: number,
    topics: readonly Topic[] | undefined,
    time: TimeScope | null,
  ): void {
    const wide = q.kind === 'list' || q.kind === 'request' || q.kind === 'compare';
    let terms = queryTerms(q.words, this.index, o, false, wide);
    const ctx = { index: this.index, article: (id: string) => this.byId.get(id) };
    // A widened search judges its first candidates again, with the same words: worked out once.
    const memo: JudgeMemo = new Map();
    const judgeAll = (found: Candidate[]) =>
      new Judge(
        q.words,
        this.index,
        o,
        found.map((c) => c.article),
        memo,
      ).judge(found);
    // A list question asks which counties; a county in it does not limit the answer.
    const scope = q.kind === 'list' ? [] : q.counties;
    let judged = judgeAll(retrieve(terms, scope, ctx, o));
    let onPoint = judged.filter((j) => j.onPoint);
    // Nothing on point (or a compared county without a case): try again with the parts of long
    // words (`网格化` → 网格), which finds cases that word it differently but costs more.
    // Lists, comparisons and requests always try it: a case may name the topic by a compound's
    // head (`第一书记联盟` for `党建联盟`) and still be about it (see `central`).
    const countyMissing = () => q.kind === 'compare' && scope.some((c) => !onPoint.some((j) => j.article.county === c));
    const lacking = () => wide || onPoint.length === 0 || countyMissing();
    if (o.subwordWeight > 0 && lacking()) {
      const wider = queryTerms(q.words, this.index, o, true, wide);
      const known = new Set(terms.map((t) => t.term));
      // Widening a list that already has cases, parts most articles use (`党建` of 党建联盟) find
      // nothing central and cost the most (their posting lists are the longest): left out.
      const widening = onPoint.length > 0 && !countyMissing();
      const common = o.commonShare * this.index.size;
      const added = wider.filter((t) => !known.has(t.term) && !(widening && this.index.docFreq(t.term) > common));
      if (added.length > 0) {
        // Only the new terms are searched; the cases found before stay candidates.
        const seen = new Set(judged.map((j) => j.article.id));
        const more = retrieve(added, scope, ctx, o).filter((c) => !seen.has(c.article.id));
        const again = judgeAll([...judged, ...more]);
        if (again.filter((j) => j.onPoint).length > onPoint.length) {
          terms = wider;
          judged = again;
          onPoint = again.filter((j) => j.onPoint);
        } else if (wide && onPoint.length > 0) {
          // The candidates widen (for `central`); what is on point stays as judged.
          judged = again;
          onPoint = again.filter((j) => j.onPoint);
        }
      }
    }
    // Lists, comparisons and requests name the cases whose topic the question's is, not those that
    // mention it in passing (a named county keeps its on-point cases when none is central). Once
    // something is on point, a loosely related case may join when the topic is as central to it
    // (`红色骑手` for `快递员、外卖骑手`: it words the question differently, so covers less of it).
    if (q.kind === 'list' || q.kind === 'compare' || q.kind === 'request') {
      const near = onPoint.length > 0 ? judged.filter((j) => !j.onPoint && j.coverage >= o.related) : [];
      onPoint = this.central(q, onPoint, near, o, q.kind === 'compare' ? scope : []);
    }
    // Topics (topics.ts): a question asking for a topic as a whole (`网格化的案例`) also gets the
    // topic's cases its words did not bring, after the judged ones, within the counties named.
    const topic = topics && topicInText(topics, q.text);
    if (topic && asksForTopic(topic, q.words)) {
      result.topic = { key: topic.key, name: topic.name };
      const seen = new Set(onPoint.map((j) => j.article.id));
      const judge = new Judge(q.words, this.index, o);
      for (const id of topic.caseIds) {
        const article = this.byId.get(id);
        if (!article || seen.has(id) || (scope.length > 0 && !scope.includes(article.county ?? ''))) continue;
        onPoint.push({ article, score: 0, matched: [], coverage: judge.coverage(article), onPoint: true });
      }
    }
    onPoint = this.inTime(onPoint, time, result);
    if (scope.length > 0 && q.kind !== 'compare' && onPoint.length === 0) {
      const wider = judgeAll(retrieve(terms, [], ctx, o));
      const found = wider.filter((j) => j.onPoint);
      if (found.length > 0) {
        result.note = `${scope.join('、')}的案例中没有与这个问题直接相关的，以下是其他县区的相关案例。`;
        judged = wider;
        onPoint = found;
      }
    }

    const present = (cases: readonly Candidate[], related = false, shown: (a: Article) => string[] = () => []) =>
      cases.map((c) => this.item(c, terms, o, related, shown(c.article)));

    if (onPoint.length === 0) {
      const related = judged.filter((j) => j.coverage >= o.related).slice(0, o.relatedLimit);
      const named = q.kind === 'compare' && scope.length ? `${scope.join('、')}都${NO_MATCH}` : NO_MATCH;
      result.note = related.length ? `${named}以下几篇只是部分相关，仅供参考。` : named;
      if (q.kind === 'list') result.counties = [];
      if (q.kind === 'compare') result.compare = [];
      result.results = present(related, true);
      return;
    }

    switch (q.kind) {
      case 'figure': {
        const answers = figureAnswers(q.asks, onPoint, q.places, this.index, o);
        result.answers = answers.filter((a): a is FigureAnswer => a !== null);
        result.answer = result.answers[0] ?? null;
        const unanswered = q.asks.filter((_, i) => answers[i] === null);
        if (unanswered.length > 0)
          result.note = `${result.note ? `${result.note}\n` : ''}案例中没有找到“${unanswered.map((a) => a.text).join('”“')}”对应的数字，以下是原文中最接近的句子。`;
        // The answers' cases lead, in the order asked.
        const lead = [...new Set(result.answers.map((a) => a.id))];
        onPoint = [
          ...lead.map((id) => onPoint.find((c) => c.article.id === id)!),
          ...onPoint.filter((c) => !lead.includes(c.article.id)),
        ];
        result.results = present(onPoint.slice(0, limit), false, (a) =>
          result.answers.filter((x) => x.id === a.id).map((x) => x.text),
        );
        return;
      }
      case 'list':
        result.counties = countySet(onPoint);
        result.results = present(onPoint.slice(0, limit));
        return;
      case 'compare': {
        const { entries, missing } = comparison(onPoint, scope, o);
        result.compare = entries;
        if (missing.length) result.note = `${missing.join('、')}没有与这个问题相关的案例。`;
        result.results = present(inEntryOrder(onPoint, entries));
        return;
      }
      default:
        result.results = present(onPoint.slice(0, limit));
    }
  }

  /**
   * The cases to which the question's topic is central (see `Judge.centrality`), most central
   * first: those whose centrality reaches `central` (all the on-point cases when none does), and
   * any other within `centralShare` of the most central case's (a topic the question words unlike
   * the cases, `快递员、外卖骑手` for 新就业群体). `near` (loosely related cases) join only that way.
   * `named` counties are judged one by one.
   */
  private central(
    q: Question,
    onPoint: Judged[],
    near: Judged[],
    o: AnswerOptions,
    named: readonly string[],
  ): Judged[] {
    const judge = new Judge(
      q.words,
      this.index,
      o,
      [...onPoint, ...near].map((j) => j.article),
    );
    const scored = [...onPoint, ...near].map((j) => ({ j, c: judge.centrality(j.article) }));
    const best = Math.max(0, ...scored.map((x) => x.c));
    const keep = (group: typeof scored) => {
      const central = group.filter((x) => x.c >= o.central);
      const kept = central.length > 0 ? central : group.filter((x) => x.j.onPoint);
      // …and every case about as central as the most central one of all (a loosely related one
      // becomes on point); a named county's weak best sets no bar.
      const near = group.filter((x) => !kept.includes(x) && best > 0 && x.c >= o.centralShare * best);
      return [...kept, ...near.map((x) => ({ ...x, j: { ...x.j, onPoint: true } }))];
    };
    const kept =
      named.length > 0
        ? named.flatMap((county) => keep(scored.filter((x) => x.j.article.county === county)))
        : keep(scored);
    return kept.sort((a, b) => b.c - a.c).map((x) => x.j);
  }

  /**
   * A county's cases in page order, each with its key figures. A town named only in photo
   * captions, or nowhere, gets its county's cases with a note saying so.
   */
  private browse(q: Question, result: AskResult, o: AnswerOptions, time: TimeScope | null): void {
    let cases = q.counties.flatMap((c) => this.byCounty(c));
    const notes: string[] = [];
    for (const place of q.places) {
      const mentioned = cases.filter((a) => a.headline.includes(place) || a.paragraphs.some((p) => p.includes(place)));
      if (mentioned.length > 0) {
        // The cases that name the town come first.
        cases.sort((a, b) => Number(mentioned.includes(b)) - Number(mentioned.includes(a)));
        continue;
      }
      const inCaption = this.captions.some((c) => c.text.includes(place));
      notes.push(
        `没有文章提到${place}${inCaption ? '（只在图片说明中出现）' : ''}，以下是${q.counties.join('、')}的全部案例。`,
      );
    }
    if (cases.length === 0) notes.push(`案例库里暂时还没有${q.counties.join('、')}的案例。`);
    result.note = notes.length ? notes.join('\n') : null;
    cases = this.inTime(
      cases.map((article) => ({ article })),
      time,
      result,
    ).map((c) => c.article);
    result.results = cases.map((article) => this.item({ article, score: 1, matched: [] }, [], o, false));
  }

  /** Each named county's cases as a comparison (up to `casesPerCounty` each), when no topic is named. */
  private compareCounties(q: Question, result: AskResult, o: AnswerOptions, time: TimeScope | null): void {
    const cases = this.inTime(
      q.counties.flatMap((c) => this.byCounty(c)).map((article) => ({ article })),
      time,
      result,
    ).map(({ article }) => ({ article, score: 1, matched: [], coverage: 1, onPoint: true }));
    const { entries, missing } = comparison(cases, q.counties, o);
    result.compare = entries;
    const notes = [
      `问题没有说比较哪方面，以下是${q.counties.join('、')}的案例（每个县区最多 ${o.casesPerCounty} 篇）。` +
        `加上主题可以比较得更准，例如“比较${q.counties.join('和')}在XX方面的做法”。`,
    ];
    if (missing.length) notes.push(`案例库里暂时还没有${missing.join('、')}的案例。`);
    result.note = [result.note, ...notes].filter(Boolean).join('\n');
    result.results = inEntryOrder(cases, entries).map((c) => this.item(c, [], o, false));
  }

  /**
   * Time questions (timeScope.ts): a period keeps the dated cases inside it (undated ones follow,
   * with a note); a vague time (`最近`) puts newer cases first. Without a time, unchanged.
   */
  private inTime<T extends { article: Article }>(items: T[], time: TimeScope | null, result: AskResult): T[] {
    if (!time) return items;
    const timed = applyTimeScope(items, (c) => c.article.date, time);
    if (timed.note) result.note = result.note ? `${result.note}\n${timed.note}` : timed.note;
    return timed.items;
  }

  private item(
    c: Candidate | Judged,
    terms: readonly QueryTerm[],
    o: AnswerOptions,
    related: boolean,
    shown: string[] = [],
  ): ResultItem {
    const { article, score } = c;
    return {
      id: article.id,
      headline: article.headline,
      county: article.county,
      score: Math.round(score * 1000) / 1000,
      summary: summarize(article),
      quotes: terms.length ? quotes(article, terms, this.index, o.quotes, shown) : [],
      figures: keyFigures(article, o.keyFigures).map((f) => f.clause),
      related,
      date: article.date,
      edition: article.edition,
      citation: citation(article),
    };
  }

  /**
   * Terms to try instead, for the words the index does not know (`帆红驿` → 红帆驿站); a word it
   * knows needs no other spelling, and scanning the terms for it would cost for nothing.
   */
  private suggest(q: Question): string[] {
    const out = new Set<string>();
    for (const w of q.words) {
      if (this.index.docFreq(w) > 0) continue;
      for (const t of this.index.closeTerms(w, 4)) out.add(t);
    }
    return [...out].slice(0, 6);
  }
}

export { buildSnapshot, loadCasebook, openCasebook, type OpenOptions } from './open.js';

/** The cases a comparison shows, in the order of its entries. */
function inEntryOrder<T extends Candidate>(cases: readonly T[], entries: readonly CompareEntry[]): T[] {
  const order = new Map(entries.map((e, i) => [e.id, i]));
  return cases
    .filter((c) => order.has(c.article.id))
    .sort((a, b) => order.get(a.article.id)! - order.get(b.article.id)!);
}
