import type { Article, Caption, Warning } from '../corpus/types.js';
import { silentLogger, type Logger } from '../logger.js';
import { loadCorpus } from '../corpus/load.js';
import { COUNTIES, isCountyName } from '../corpus/registry.js';
import { CaseIndex, type Hit, type QueryTerm } from '../search/engine.js';
import { analyzeQuestion, type Question } from './question.js';
import { coverage, figureAnswer, mentions, quotes, summarize, type FigureAnswer } from './answer.js';
import { dictionaryPath, hashSeeds, loadSnapshot, saveSnapshot, type SnapshotData } from '../search/snapshot.js';
import { userWords } from '../search/dictionary.js';
import {
  dictionarySpec,
  FULL_DICTIONARY,
  pinDictionary,
  prunedDictionary,
  queryWords,
  useDictionary,
  type DictionarySpec,
} from '../search/tokenizer.js';
import { applyEdits, editsKey, readEdits, type CasebookEdits } from '../ingest/edits.js';
import { citation } from '../corpus/citation.js';
import { applyTimeScope, readTime, todayIn, type TimeScope } from './timeScope.js';
import { asksForTopic, topicInText, withTopicCases, type Topic } from './topics.js';

export interface ResultItem {
  id: string;
  headline: string;
  county: string | null;
  score: number;
  summary: string;
  quotes: string[];
  /** The page's issue date (`2024-05-21`) and 版次, or null when not recorded. */
  date: string | null;
  edition: string | null;
  /** How to cite it: `《济宁日报》2024年5月21日 第7版`, or `《济宁日报》（日期未录入）`. */
  citation: string;
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
  /** The period the question named (`2024年以来`, `最近`), which filtered or ordered the cases. */
  time: TimeScope | null;
  /** The topic the question asks for as a whole (`网格化的案例`), whose cases the results include. */
  topic?: { key: string; name: string } | null;
}

export interface AskOptions {
  /** How many results at most (default 5). */
  limit?: number;
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
    // [time questions, timeScope.ts] The time phrase is read off the question before analysis.
    const time = readTime(input, options.today ?? todayIn('Asia/Shanghai'));
    const q = analyzeQuestion(time.rest);
    const result: AskResult = {
      query: input.trim(),
      tookMs: 0,
      answer: null,
      counties: null,
      results: [],
      county: q.county ?? null,
      note: null,
      suggestions: [],
      time: time.scope,
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
    } else if (terms.length === 0 && words.length === 0 && time.scope) {
      // [time questions] Only a time (`最近的案例`, `2024年以来有哪些`): every case, for the scope below.
      hits = this.articles.map((a) => ({ id: a.id, score: 1, matched: [] }));
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
    const rankedHits = hits.map((h) => ({ article: this.byId.get(h.id)!, score: h.score }));
    let ranked = rankedHits.filter((_, i) => strong(hits[i]!));
    // A question for a topic as a whole (`网格化的案例`) gets all the topic's cases (see topics.ts).
    const topic = options.topics && topicInText(options.topics, q.text);
    if (topic && asksForTopic(topic, q.words)) {
      ranked = withTopicCases(ranked, topic, q.county, (id) => this.byId.get(id));
      result.topic = { key: topic.key, name: topic.name };
    }
    // [time questions] A period filters the dated cases (undated ones follow them); a vague time
    // puts newer cases first. Moves into the ranking stage of the answer pipeline when that lands.
    const dateOf = (r: { article: Article }) => r.article.date;
    const timed = applyTimeScope(ranked, dateOf, time.scope);
    if (timed.note)
      result.note = result.note
        ? `${result.note}
${timed.note}`
        : timed.note;
    const rankedAll = applyTimeScope(rankedHits, dateOf, time.scope).items;
    ranked = timed.items;

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
      date: article.date,
      edition: article.edition,
      citation: citation(article),
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

export interface OpenOptions {
  seedsDir: string;
  indexDir: string;
  /**
   * The state folder (`DATA_DIR`): the editors' corrections and page dates kept there
   * (`edits.json`) are applied. Without it, the casebook is the raw parse.
   */
  dataDir?: string;
  /** Progress and warnings, in Chinese, for the operator. */
  log?: Logger;
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
  /** Rebuild even when the snapshot matches. */
  force?: boolean;
}

/**
 * The start-up job: load the index snapshot if it matches the seeds (and the editors' edits),
 * otherwise parse the pages, apply the edits, build the index and write a new snapshot. A damaged
 * snapshot is rebuilt with a warning.
 */
export function openCasebook(options: OpenOptions): Casebook {
  const log = options.log ?? silentLogger;
  const edits = editsFor(options, log);
  if (options.force) {
    log.info('按要求重建索引，正在建立索引…');
    return buildCasebook(options, hashSeeds(options.seedsDir), edits, log);
  }
  const loaded = loadOrExplain(options, edits, log);
  if (loaded.casebook) return loaded.casebook;
  if (loaded.stale) log.info(`${loaded.reason}，正在建立索引…`);
  else log.warn(`${loaded.reason}，正在重建索引…`);
  return buildCasebook(options, loaded.seedsHash, edits, log);
}

/**
 * Loads the casebook from its index snapshot only: undefined (with the reason logged at debug
 * level) when the snapshot does not match the pages and edits, never a build. Used to pick up what
 * a background build wrote.
 */
export function loadCasebook(options: OpenOptions): Casebook | undefined {
  const log = options.log ?? silentLogger;
  const loaded = loadOrExplain(options, editsFor(options, log), log);
  if (!loaded.casebook) log.debug(`索引快照未载入：${loaded.reason}`);
  return loaded.casebook;
}

/** MiniSearch was restored through its public loadJS: its internals are not 7.2's (see engine.ts). */
function warnIfSlowPath(index: CaseIndex, log: Logger): void {
  if (index.restoredBy === 'loadJS')
    log.warn('MiniSearch 的内部结构与 7.2 版不同：索引改用其公开接口载入（启动较慢，答案不变）');
}

function editsFor(options: OpenOptions, log: Logger): CasebookEdits {
  const { edits, problem } = readEdits(options.dataDir);
  if (problem) log.warn(`${problem}，本次不应用编辑的修订`);
  return edits;
}

type Loaded =
  | { casebook: Casebook; reason?: undefined; stale?: undefined; seedsHash: string }
  | { casebook?: undefined; reason: string; stale: boolean; seedsHash: string };

function loadOrExplain(options: OpenOptions, edits: CasebookEdits, log: Logger): Loaded {
  const loaded = loadSnapshot(options.indexDir, options.seedsDir, editsKey(edits));
  if (!loaded.ok) return loaded;
  try {
    const { data, manifest } = loaded;
    const dictionary = queryDictionary(options.indexDir, manifest.dictionaryHash, data.userWords);
    const index = CaseIndex.load(data.index, data.articles);
    warnIfSlowPath(index, log);
    const casebook = new Casebook(
      data.pages,
      data.articles,
      data.captions,
      data.warnings,
      index,
      { builtAt: new Date(manifest.builtAt), origin: 'snapshot', seedsHash: loaded.seedsHash },
      dictionary,
    );
    return { casebook, seedsHash: loaded.seedsHash };
  } catch (err) {
    log.debug(`索引快照无法载入：${(err as Error).message}`);
    return { reason: `索引快照无法载入（${(err as Error).message}）`, stale: false, seedsHash: loaded.seedsHash };
  }
}

/** Segments queries with a snapshot's pruned dictionary (a pinned copy) and the corpus's user words. */
function queryDictionary(indexDir: string, hash: string, words: readonly string[]): DictionarySpec {
  const spec = dictionarySpec(pinDictionary(dictionaryPath(indexDir), hash), words, hash);
  useDictionary(spec);
  return spec;
}

/**
 * The build half of the start-up job, for a build thread: parse the pages, apply the edits, index
 * and write the snapshot (throws when it cannot be written). This thread's jieba is left holding
 * the build dictionary; nothing here answers questions.
 */
export function buildSnapshot(options: OpenOptions): { pages: number; articles: number } {
  const log = options.log ?? silentLogger;
  const edits = editsFor(options, log);
  const seedsHash = hashSeeds(options.seedsDir);
  const built = buildIndex(options, edits, log);
  saveBuilt(options, seedsHash, edits, built);
  return { pages: built.data.pages.length, articles: built.data.articles.length };
}

interface Built {
  index: CaseIndex;
  data: SnapshotData;
  builtAt: Date;
  dictionary: DictionarySpec;
}

/** Parses, applies the edits and indexes, segmenting with jieba's full dictionary. */
function buildIndex(options: OpenOptions, edits: CasebookEdits, log: Logger): Built {
  const corpus = loadCorpus(options.seedsDir);
  for (const w of corpus.warnings) log.warn(`${w.source}：${w.message}`);
  const edited = applyEdits(corpus.articles, edits);
  if (edited > 0) log.info(`已应用编辑的修订：${edited} 篇文章`);
  const words = userWords(corpus.articles);
  const dictionary = dictionarySpec(FULL_DICTIONARY, words);
  useDictionary(dictionary);
  const index = CaseIndex.build(corpus.articles, options.onProgress);
  warnIfSlowPath(index, log);
  const data: SnapshotData = {
    pages: corpus.pages,
    articles: corpus.articles,
    captions: corpus.captions,
    warnings: corpus.warnings,
    userWords: words,
    index: index.toData(),
  };
  return { index, data, builtAt: options.now?.() ?? new Date(), dictionary };
}

function saveBuilt(options: OpenOptions, seedsHash: string, edits: CasebookEdits, built: Built) {
  return saveSnapshot(
    options.indexDir,
    options.seedsDir,
    seedsHash,
    built.data,
    prunedDictionary([...built.index.terms(), ...built.data.userWords]),
    built.builtAt,
    editsKey(edits),
  );
}

function buildCasebook(options: OpenOptions, seedsHash: string, edits: CasebookEdits, log: Logger): Casebook {
  // Segment the articles with jieba's full dictionary…
  const built = buildIndex(options, edits, log);
  let dictionary = built.dictionary;
  try {
    const manifest = saveBuilt(options, seedsHash, edits, built);
    // …and answer with the pruned one, exactly as a warm start from this snapshot will.
    dictionary = queryDictionary(options.indexDir, manifest.dictionaryHash, built.data.userWords);
  } catch (err) {
    log.warn(`索引快照无法写入 ${options.indexDir}（${(err as Error).message}），下次启动将重新建立`);
  }
  const { data } = built;
  return new Casebook(
    data.pages,
    data.articles,
    data.captions,
    data.warnings,
    built.index,
    { builtAt: built.builtAt, origin: 'build', seedsHash },
    dictionary,
  );
}
