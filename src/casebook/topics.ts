import { createHash } from 'node:crypto';
import { tagWords } from '../search/tokenizer.js';
import type { Article } from '../corpus/types.js';
import { countyNames } from '../corpus/registry.js';
import { leadPoint } from './answer.js';
import { useDictionary, type DictionarySpec } from '../search/tokenizer.js';

/**
 * Topics (专题) drawn from the corpus itself: phrases that at least two cases are about, found in
 * their headlines, section leads and the point of their leads, weighed by how rare they are in the
 * whole corpus. No list of topics or of words is kept anywhere: the same function over more pages
 * gives more (or other) topics.
 *
 * How a phrase is found and judged:
 * - Candidates are runs of one to three words (jieba, with part-of-speech tags) inside a clause of
 *   a headline, a section lead or the lead's point. Both ends must be words of two or more
 *   characters; a longer phrase never opens with a function word (adverb, preposition, numeral…:
 *   not `持续提升`) and is not verb after verb (`探索实施`), so `平时考核`, `乡村振兴`, `就业群体`
 *   qualify. County and place names are not topics.
 * - A case is about a phrase when the phrase stands in those leading parts *and* occurs at least
 *   twice in the article: a passing mention is not a topic. At least one of a topic's cases must
 *   state it in its headline or a section lead, not only in its lead (`党的建设` in two leads is
 *   background, not a theme).
 * - A phrase's weight is, over its cases, the sum of log2(1 + occurrences), times the square of its
 *   inverse document frequency over the articles' full text: words every article uses (`工作`,
 *   `党组织`) weigh nothing, the distinctive ones much.
 * - Near-synonyms are grouped: a phrase whose cases are mostly those of a heavier topic, and which
 *   shares a word with it or contains it (`网格化管理` → `网格化`, `识别干部` → `考察识别`), joins that
 *   topic as another name, and brings its cases.
 */

export interface Topic {
  /** A short hash of the name: what buttons carry. Stable as long as the topic exists. */
  key: string;
  /** The topic's name, a phrase from the articles: `平时考核`. */
  name: string;
  /** The name and the near-synonyms grouped under it, heaviest first. */
  phrases: string[];
  /** The cases, in corpus order. */
  caseIds: string[];
  /** The weight that ranked it (for display order and debugging). */
  weight: number;
}

/** What topics are drawn from: an article's leading parts and its full text. */
export type TopicSource = Pick<Article, 'id' | 'headline' | 'sections' | 'lead' | 'paragraphs'>;

/** A word with its part-of-speech tag, as jieba's `tag()` gives it. */
export interface TaggedWord {
  word: string;
  tag: string;
}

export interface TopicOptions {
  /** At most this many topics (default 20). */
  max: number;
  /** A topic has at least this many cases (default 2). */
  minCases: number;
  /** A case is about a phrase that occurs this often in it (default 2). */
  minOccurrences: number;
  /** Topics weighing less than this share of the heaviest are dropped (default 0.15). */
  minRelativeWeight: number;
  /** A related phrase joins a heavier topic when this share of the smaller case set is shared (default 0.6). */
  groupOverlap: number;
  /** Segments and tags a clause (default: jieba's tags with this thread's dictionary, see tagWords). */
  tag: (text: string) => TaggedWord[];
}

export const TOPIC_DEFAULTS: TopicOptions = {
  max: 20,
  minCases: 2,
  minOccurrences: 2,
  minRelativeWeight: 0.15,
  groupOverlap: 0.6,
  tag: (text) => tagWords(text),
};

/** A topic's key: the first 10 hex digits of the SHA-1 of its name. */
export function topicKey(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 10);
}

// Tags of function words (adverbs, prepositions, conjunctions, pronouns, numerals, measure words,
// particles), which cannot open a topic phrase, and of verbs.
const FUNCTION_TAG = /^(d|ad|p|c|r|m|q|u[a-z]*|f|y|e|o|zg)$/u;
const VERB = /^v[dgi]?$/u;
const HAN = /^\p{Script=Han}+$/u;
const MAX_WORDS = 3;
const MAX_CHARS = 8;

interface Candidate {
  phrase: string;
  /** Case index → occurrences in the article. */
  cases: Map<number, number>;
  /** Whether some case's headline or section leads (not only its lead) state it. */
  anchored: boolean;
  weight: number;
}

/** The leading parts of an article, as clauses: headline, section leads, the lead's point. */
function leadingClauses(a: TopicSource): string[] {
  return [a.headline, ...a.sections, leadPoint(a.lead)].flatMap((t) => t.split(/[^\p{Script=Han}]+/u)).filter(Boolean);
}

function occurrences(text: string, phrase: string): number {
  let n = 0;
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) n++;
  return n;
}

/** The phrases a clause offers (see the module comment). */
function phrasesOf(clause: string, tag: TopicOptions['tag'], places: ReadonlySet<string>): Set<string> {
  const words = tag(clause).filter((w) => HAN.test(w.word));
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const first = words[i]!;
    if (first.word.length < 2 || places.has(first.word)) continue;
    out.add(first.word);
    // Longer phrases open with a noun, adjective or verb, not a function word (`持续提升`), and a
    // verb opens one only before a noun (`就业群体`; not `探索实施`).
    if (FUNCTION_TAG.test(first.tag)) continue;
    let phrase = first.word;
    for (let n = 1; n < MAX_WORDS && i + n < words.length; n++) {
      const w = words[i + n]!;
      if (places.has(w.word)) break;
      phrase += w.word;
      if (phrase.length > MAX_CHARS) break;
      if (w.word.length >= 2 && !(VERB.test(first.tag) && VERB.test(w.tag))) out.add(phrase);
    }
  }
  return out;
}

/** Whether two phrases share a word of two or more characters, or one contains the other. */
function related(a: string, b: string, tag: TopicOptions['tag']): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const words = new Set(
    tag(a)
      .map((w) => w.word)
      .filter((w) => w.length >= 2),
  );
  return tag(b).some((w) => w.word.length >= 2 && words.has(w.word));
}

/**
 * The corpus's topics, heaviest first (by number of cases, then weight). A pure function of the
 * articles (given jieba's dictionary): the same articles always give the same topics and keys.
 */
export function topics(articles: readonly TopicSource[], options: Partial<TopicOptions> = {}): Topic[] {
  const o = { ...TOPIC_DEFAULTS, ...options };
  const places = new Set(countyNames());
  const full = articles.map((a) => [a.headline, ...a.paragraphs].join('\n'));

  // Candidates and the cases that are about them.
  const candidates = new Map<string, Candidate>();
  articles.forEach((a, i) => {
    const seen = new Set<string>();
    for (const clause of leadingClauses(a)) for (const p of phrasesOf(clause, o.tag, places)) seen.add(p);
    const stated = [a.headline, ...a.sections].join('\n');
    for (const phrase of seen) {
      const n = occurrences(full[i]!, phrase);
      if (n < o.minOccurrences) continue;
      let c = candidates.get(phrase);
      if (!c) candidates.set(phrase, (c = { phrase, cases: new Map(), anchored: false, weight: 0 }));
      c.cases.set(i, n);
      if (stated.includes(phrase)) c.anchored = true;
    }
  });

  // Weights: salience in its cases times the square of the inverse document frequency. Counting a
  // phrase's documents scans the corpus, so candidates are taken in order of an upper bound (the
  // phrase is in at least its own cases' documents) and the scan stops once no remaining bound
  // can reach the floor: the result is exact, and a large corpus skips most of its candidates.
  const N = articles.length;
  const bounded = [...candidates.values()]
    .filter((c) => c.cases.size >= o.minCases && c.anchored)
    .map((c) => {
      let salience = 0;
      for (const n of c.cases.values()) salience += Math.log2(1 + n);
      // Longer phrases are more specific: a two-character word counts a third, three characters two thirds.
      const base = salience * Math.min(1, (c.phrase.length - 1) / 3);
      return { c, base, bound: base * Math.log(N / c.cases.size) ** 2 };
    })
    .sort((a, b) => b.bound - a.bound);
  const ranked: Candidate[] = [];
  let best = 0;
  for (const { c, base, bound } of bounded) {
    if (bound < best * o.minRelativeWeight) break;
    const df = full.reduce((n, text) => n + (text.includes(c.phrase) ? 1 : 0), 0);
    c.weight = base * Math.log(N / df) ** 2;
    best = Math.max(best, c.weight);
    if (c.weight > 0) ranked.push(c);
  }
  ranked.sort((a, b) => b.weight - a.weight || (a.phrase < b.phrase ? -1 : a.phrase > b.phrase ? 1 : 0));

  // Greedy selection, grouping near-synonyms under the heavier topic.
  const chosen: { phrases: string[]; members: string[]; cases: Set<number>; weight: number }[] = [];
  const floor = (ranked[0]?.weight ?? 0) * o.minRelativeWeight;
  for (const c of ranked) {
    if (c.weight < floor) break;
    const cases = [...c.cases.keys()];
    const home = chosen.find((t) => {
      const shared = cases.filter((i) => t.cases.has(i)).length;
      return shared / Math.min(cases.length, t.cases.size) >= o.groupOverlap && related(t.phrases[0]!, c.phrase, o.tag);
    });
    if (home) {
      home.phrases.push(c.phrase);
      // A broader term inside the name (`考核` in 平时考核, `驻村` in 驻村帮扶) is another way to
      // ask for the topic, but its other cases are not the topic's.
      if (!home.phrases[0]!.includes(c.phrase)) {
        home.members.push(c.phrase);
        for (const i of cases) home.cases.add(i);
      }
      continue;
    }
    // Its cases all belong to one topic already, which it merely restates in other words.
    if (chosen.some((t) => cases.every((i) => t.cases.has(i)) && t.cases.size === cases.length)) continue;
    if (chosen.length < o.max)
      chosen.push({ phrases: [c.phrase], members: [c.phrase], cases: new Set(cases), weight: c.weight });
  }

  // Membership by the phrases themselves, not by how jieba happened to cut each headline
  // (`提升年轻干部素质` comes out 年轻/干部素质, yet the case is about 年轻干部).
  const leading = articles.map((a) => [a.headline, ...a.sections, leadPoint(a.lead)].join('\n'));
  for (const t of chosen) {
    articles.forEach((_, i) => {
      if (t.members.some((p) => leading[i]!.includes(p) && occurrences(full[i]!, p) >= o.minOccurrences))
        t.cases.add(i);
    });
  }

  return chosen
    .map((t) => ({
      key: topicKey(t.phrases[0]!),
      name: t.phrases[0]!,
      phrases: t.phrases,
      caseIds: [...t.cases].sort((a, b) => a - b).map((i) => articles[i]!.id),
      weight: Math.round(t.weight * 100) / 100,
    }))
    .sort((a, b) => b.caseIds.length - a.caseIds.length || b.weight - a.weight);
}

/** The topic a button's key names, or undefined when it is gone (the button answers 已过期). */
export function topicByKey(list: readonly Topic[], key: string): Topic | undefined {
  return list.find((t) => t.key === key);
}

/**
 * The topic a question names (`网格化的案例`, `平时考核有哪些做法`): the one whose name or grouped
 * phrase stands in it, the longest such phrase winning.
 */
export function topicInText(list: readonly Topic[], text: string): Topic | undefined {
  let best: { topic: Topic; length: number } | undefined;
  for (const topic of list) {
    // A grouped phrase of two characters (`群体` under 就业群体) is too loose to name the topic.
    for (const p of topic.phrases.filter((p, i) => i === 0 || p.length >= 3)) {
      if (text.includes(p) && (!best || p.length > best.length)) best = { topic, length: p.length };
    }
  }
  return best?.topic;
}

const computed = new WeakMap<readonly TopicSource[], Topic[]>();

/**
 * `topics(articles)` computed once per articles array: a casebook keeps its array for its life,
 * and a casebook with an added page is a new one, so its topics are computed afresh.
 */
export function topicsOf(articles: readonly TopicSource[]): Topic[] {
  let list = computed.get(articles);
  if (!list) computed.set(articles, (list = topics(articles)));
  return list;
}

/** The topics of `articles` if they were computed already (see `topicsOf`), without computing them. */
export function computedTopics(articles: readonly TopicSource[]): Topic[] | undefined {
  return computed.get(articles);
}

/**
 * Installs topics computed elsewhere (the build thread, over the same articles and dictionary) as
 * `articles`' topics, so that `casebookTopics` and `computedTopics` return them without computing.
 * Topics already computed for these articles are kept.
 */
export function installTopics(articles: readonly TopicSource[], list: Topic[]): Topic[] {
  const ready = computed.get(articles);
  if (ready) return ready;
  computed.set(articles, list);
  return list;
}

/** A casebook as topics see it: its articles, and the jieba dictionary its questions are cut with. */
export interface TopicCorpus {
  articles: readonly TopicSource[];
  dictionary?: DictionarySpec;
}

/**
 * A casebook's topics, computed once (about a second per thousand articles) with the casebook's own
 * jieba dictionary, as `topics` is tested. Call it off the answer path when a casebook is opened or
 * swapped in (the app has the build thread compute them: see BackgroundUpdater.topics); the
 * answer path reads `computedTopics` and never waits for it.
 */
export function casebookTopics(casebook: TopicCorpus): Topic[] {
  const ready = computed.get(casebook.articles);
  if (ready) return ready;
  if (casebook.dictionary) useDictionary(casebook.dictionary);
  return topicsOf(casebook.articles);
}

/**
 * Words that frame a request for cases without narrowing it: comparing (`比较一下各县`), asking for
 * material (`一些材料`), or for how things were done in general (`怎么开展工作`). Question words
 * (`哪些`, `怎么`) and `案例`, `做法`, `经验` never reach a question's words (search/stopwords.ts).
 */
const FRAMING = new Set(
  '比较 对比 比一比 各县 各县区 各县市区 各区 各区县 各地 各市 县区 区县 一些 全部 所有 相关 有关 材料 资料 素材 亮点 成效 情况 举措 措施 模式 开展 推进 工作 做 搞'.split(
    ' ',
  ),
);

/**
 * Whether a question asks for a topic as a whole (`网格化的案例`, `比较一下各县平时考核的做法`):
 * each of its words is part of one of the topic's phrases, a place, or framing. A question that
 * asks something more (`第一书记调解矛盾纠纷`) is answered by its words alone.
 */
export function asksForTopic(topic: Pick<Topic, 'phrases'>, words: readonly string[]): boolean {
  const places = placeNames();
  return words.every(
    (w) => FRAMING.has(w) || places.has(w) || topic.phrases.some((p) => p.includes(w) || w.includes(p)),
  );
}

let places: Set<string> | undefined;
const placeNames = () => (places ??= new Set(countyNames()));

/**
 * A ranking with a named topic's cases added: the ranked cases keep their order, and the topic's
 * cases the search did not rank follow in corpus order (only those of `county` when a county was
 * named). So `比较一下各县平时考核的做法` lists every 平时考核 case, however its words scored.
 */
export function withTopicCases<A extends { id: string; county: string | null }>(
  ranked: readonly { article: A; score: number }[],
  topic: Pick<Topic, 'caseIds'>,
  county: string | null | undefined,
  article: (id: string) => A | undefined,
): { article: A; score: number }[] {
  const seen = new Set(ranked.map((r) => r.article.id));
  const added = topic.caseIds
    .filter((id) => !seen.has(id))
    .map(article)
    .filter((a): a is A => a !== undefined && (!county || a.county === county))
    .map((a) => ({ article: a, score: 0 }));
  return [...ranked, ...added];
}
