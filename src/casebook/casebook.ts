import type { Article, Caption, Warning } from '../corpus/types.js';
import { COUNTIES, isCountyName } from '../corpus/registry.js';
import type { CaseIndex, Hit, QueryTerm } from '../search/engine.js';
import { analyzeQuestion, type Question } from './question.js';
import { coverage, figureAnswer, mentions, quotes, summarize, type FigureAnswer } from './answer.js';
import { queryWords, useDictionary, type DictionarySpec } from '../search/tokenizer.js';
import { asksForTopic, topicInText, withTopicCases, type Topic } from './topics.js';

export interface ResultItem {
  id: string;
  headline: string;
  county: string | null;
  score: number;
  summary: string;
  quotes: string[];
}

export interface CountyCase {
  county: string;
  id: string;
  headline: string;
}

export interface AskResult {
  query: string;
  tookMs: number;
  /** For 多少/几 questions: the clause holding the number asked for, with its source. */
  answer: FigureAnswer | null;
  /** For 哪些县/哪个地方 questions: the counties whose cases really match. */
  counties: CountyCase[] | null;
  results: ResultItem[];
  /** The county the question named, which filtered the results. */
  county: string | null;
  /** Something the user should know about the answer (e.g. the county had no match). */
  note: string | null;
  /** When nothing matched: close terms from the index to try instead. */
  suggestions: string[];
  /** The topic the question asks for as a whole (`网格化的案例`), whose cases the results include. */
  topic?: { key: string; name: string } | null;
}

export interface AskOptions {
  /** How many results at most (default 5). */
  limit?: number;
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

/** Hits weaker than this share of the best are noise, unless they cover the query well. */
const RELATIVE_FLOOR = 0.25;
/**
 * A list question's county counts when its case matched this share of the query's weight (by
 * IDF), however it ranks: a county that mentions the asked-for practice in passing still counts,
 * one that shares only common words does not.
 */
const LIST_COVERAGE = 0.6;
/** …and is not far down the ranking. */
const LIST_FLOOR = 0.05;

/** The casebook: the articles, their index, and the question answering over both. */
export class Casebook {
  private readonly byId: Map<string, Article>;

  constructor(
    readonly pages: readonly string[],
    readonly articles: readonly Article[],
    readonly captions: readonly Caption[],
    readonly warnings: readonly Warning[],
    private readonly index: CaseIndex,
    readonly info: CasebookInfo,
    /** The jieba dictionary this casebook's questions are segmented with (see useDictionary). */
    readonly dictionary?: DictionarySpec,
  ) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
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

  ask(input: string, options: AskOptions = {}): AskResult {
    const started = performance.now();
    // jieba's dictionary is per thread: make sure it is this casebook's.
    if (this.dictionary) useDictionary(this.dictionary);
    const limit = options.limit ?? 5;
    const q = analyzeQuestion(input);
    const result: AskResult = {
      query: q.raw,
      tookMs: 0,
      answer: null,
      counties: null,
      results: [],
      county: q.county ?? null,
      note: null,
      suggestions: [],
    };
    // A named county filters; its name as a search word would only reward repeating it.
    const words = q.county ? q.words.filter((w) => !isCountyName(w)) : q.words;
    // All the question's words judge figures, quotes and coverage; the index scores only the
    // selective ones (see CaseIndex.selective).
    const expanded = this.index.expand(words);
    const terms = this.index.selective(expanded);
    let hits: Hit[] = [];
    if (terms.length === 0 && q.county && words.length === 0) {
      // A bare county name: that county's cases, in page order.
      hits = this.byCounty(q.county).map((a) => ({ id: a.id, score: 1, matched: [] }));
    } else if (terms.length > 0) {
      hits = this.index.search(terms, { county: q.county, limit: 40 });
      if (q.county && hits.length === 0) {
        hits = this.index.search(terms, { limit: 40 });
        if (hits.length > 0) result.note = `${q.county}没有匹配的案例，以下是其他县区的相关案例。`;
      }
    }
    const top = hits[0]?.score ?? 0;
    // Weak hits are noise unless they match most of what was asked (a one-word query's hits all do).
    const strong = (h: Hit) => h.score >= top * RELATIVE_FLOOR || coverage(h.matched, terms, this.index) >= 0.5;
    const rankedAll = hits.map((h) => ({ article: this.byId.get(h.id)!, score: h.score }));
    let ranked = rankedAll.filter((_, i) => strong(hits[i]!));
    // A question for a topic as a whole (`网格化的案例`) gets all the topic's cases (see topics.ts).
    const topic = options.topics && topicInText(options.topics, q.text);
    if (topic && asksForTopic(topic, q.words)) {
      ranked = withTopicCases(ranked, topic, q.county, (id) => this.byId.get(id));
      result.topic = { key: topic.key, name: topic.name };
    }

    if (q.kind === 'count') {
      result.answer = figureAnswer(q, ranked, expanded, this.index);
      // The answer comes first, so its article leads the cases.
      const at = ranked.findIndex((r) => r.article.id === result.answer?.id);
      if (at > 0) ranked.unshift(...ranked.splice(at, 1));
    }
    if (q.kind === 'list') result.counties = this.countySet(rankedAll, expanded);
    result.results = ranked.slice(0, limit).map(({ article, score }) => ({
      id: article.id,
      headline: article.headline,
      county: article.county,
      score: Math.round(score * 1000) / 1000,
      summary: summarize(article),
      quotes: quotes(article, expanded, this.index),
    }));
    if (result.results.length === 0) result.suggestions = this.suggest(q);
    result.tookMs = Math.round((performance.now() - started) * 100) / 100;
    return result;
  }

  /**
   * The counties whose cases really match a list question, each with its best case: judged by
   * how much of the question (all its words, by IDF) the article text mentions.
   */
  private countySet(ranked: readonly { article: Article; score: number }[], terms: readonly QueryTerm[]): CountyCase[] {
    const top = ranked[0]?.score ?? 0;
    const out = new Map<string, CountyCase>();
    for (const { article, score } of ranked) {
      if (!article.county || out.has(article.county)) continue;
      if (score < top * LIST_FLOOR || mentions(article, terms, this.index) < LIST_COVERAGE) continue;
      out.set(article.county, { county: article.county, id: article.id, headline: article.headline });
    }
    return [...out.values()];
  }

  private suggest(q: Question): string[] {
    const out = new Set<string>();
    for (const w of q.words) for (const t of this.index.closeTerms(w, 4)) out.add(t);
    return [...out].slice(0, 6);
  }
}

export { buildSnapshot, loadCasebook, openCasebook, type OpenOptions } from './open.js';
