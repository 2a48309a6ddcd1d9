import { findCounties, isCountyName } from '../corpus/registry.js';
import {
  CLASS_VERBS,
  classMeasure,
  PEOPLE_NOUNS,
  QUANTITY_NOUNS,
  REQUEST_WORDS,
  dimensionOf,
  halfWidthDigits,
  measureAt,
  MEASURE_WORDS,
  type Dimension,
} from '../corpus/vocabulary.js';
import { normalizeQuery } from '../search/normalize.js';
import { cutWords, queryWords } from '../search/tokenizer.js';
import { isQueryStopword } from '../search/stopwords.js';

/**
 * Stage 1 of answering: what the question asks.
 *
 * - `figure`: a quantity (`多少`, `几起`, `年龄多大`, `合格率`); one `FigureAsk` per quantity, so
 *   `回引了多少名人才，落地资金多少` asks two.
 * - `list`: which counties (`哪些县区…`, `哪些地方…`).
 * - `compare`: a side-by-side of counties (`比较`, `对比`, `有什么不同`, `各县…怎么搞`, or two or
 *   more counties named).
 * - `request`: cases to cite (`给我找几个…的例子`, `有没有…的案例`); `几个` there is no count.
 * - `county`: a county or town named with nothing else asked (`梁山有什么亮点`, `金乡的案例有哪些数据`).
 * - `plain`: anything else (`年轻干部培训怎么搞`, `红帆驿站`).
 */
export type QuestionKind = 'figure' | 'list' | 'compare' | 'county' | 'request' | 'plain';

/** One quantity asked for. */
export interface FigureAsk {
  /** The part of the question that asks it (`落地资金多少`). */
  text: string;
  /** The measure word asked for (`道`, `批次`, `个百分点`), when the question gives one. */
  measure?: string;
  /** What is measured (`money` for `多少钱`, `age` for `年龄多大`), from the measure word or nouns. */
  dimension?: Dimension;
  /** The content words of this part: the number must belong to them. */
  focus: string[];
  /** The word the number counts: the last after the question word, else the last before it. */
  head?: string;
  /** Whether a change is asked about (`提高了多少`, `降了多少`). */
  wantsChange: boolean;
  /** A kind counted (`几大类` → 类, `几个方面` → 方面): only a figure counting kinds answers it. */
  classOf?: string;
}

export interface Question {
  /** The question as typed, trimmed. */
  raw: string;
  /** Normalised text: simplified characters, half-width digits, no tags, capped length. */
  text: string;
  kind: QuestionKind;
  /** For figure questions, each quantity asked (empty otherwise). */
  asks: FigureAsk[];
  /** Counties named, by name, short name, alias or a town in them, in order of mention. */
  counties: string[];
  /** Towns, streets and communities named (`郭楼镇`), in order of mention. */
  places: string[];
  /** Topic words: what the question is about, without question scaffolding or county names. */
  words: string[];
  /** Whether the asker wants cases with figures (`有数据的例子`, `有哪些数据`). */
  wantsFigures: boolean;
}

/** The quantity question words; `几` only where it asks (see `DETERMINER`). */
const ASK = /多少|多大|多高|多长|多久|多重|百分之几|几/gu;
/** `几` that counts nothing: `几个案例`, `这几个地方`, `几个县的…` (a request or a comparison). */
const DETERMINER =
  /^几(个|位|篇|条)?(案例|例子|典型|材料|经验|做法|地方|县|区|市|乡镇|街道|单位|部门|村)|^几[个篇条]?$|^几[个条点]?[^，,。？?！!；;]{0,6}?(案例|例子|经验|做法|建议|启示|亮点)/u;
const BEFORE_DETERMINER = /[这那前好哪]$/u;
/** A question ending in a quantity noun asks for it without a question word (`…的办结率`). */
const HEAD_QUANTITY = /(率|比例|占比|比重|面积|年龄|规模|人数|数量|总数|金额|产量|亩产)(是)?[？?。！!\s]*$/u;

/** `分别` (`分别有什么数据`) and `各有` say "each", and compare only when two or more counties are named. */
const COMPARE = /比较|对比|比一比|比一下|相比|区别|不同|不一样|异同|差别|差异/u;
const EACH = /各(县|区|市|地|县区|区县|县市区|乡镇|街道|镇)|几个县|哪几个县/u;
const LIST = /(哪些|哪几个|哪个|哪里|哪儿|什么地方)(县市区|县区|区县|县|区|市|地方|单位|乡镇|街道|镇|村|部门)?/u;
const REQUEST_NOUN = /例子|案例|典型|材料|范例|样板/u;
const REQUEST_VERB = /给|找|推荐|举|列|来几|要几|有没有|有无|有.{0,12}[没吗]|几个|两个|三个|一些|若干|参考/u;
const CHANGE = /增加|增长|提高|提升|上升|减少|下降|降低|降了|降幅|涨|翻番|同比|多了|少了/u;
const DATA = /数据|数字|有数/u;

/**
 * Words that say what kind of answer is wanted, not what about: dropped from the topic (the
 * search's own question words, `stopwords.ts`, are dropped already).
 */
const SCAFFOLD = new Set([
  '例子',
  '案例',
  '典型',
  '材料',
  '范例',
  '样板',
  '经验',
  '做法',
  '亮点',
  '特色',
  '数据',
  '数字',
  '情况',
  '看看',
  '看',
  '找找',
  '推荐',
  '举',
  '列',
  '来',
  '要',
  '写',
  '一些',
  '些',
  '现成',
  '参考',
  '比较',
  '对比',
  '比',
  '一比',
  '相比',
  '区别',
  '不同',
  '不一样',
  '一样',
  '异同',
  '各有',
  '分别',
  '差别',
  '差异',
  '招',
  '高招',
  '妙招',
  '办法',
  '措施',
  '举措',
  '好',
  '啥',
  '干',
  '弄',
  '抓',
  '没',
  '没有',
  '吗',
  '呢',
  '各地',
  '各县',
  '各区',
  '各县区',
  '各县市区',
  '各乡镇',
  '县',
  '区',
  '市',
  '镇',
  '乡',
  '村里',
  '我们',
  '咱们',
  '能',
  '可以',
  '一共',
  '总共',
  '都',
  '是',
  '了',
  '请',
  '帮',
  '帮忙',
  '麻烦',
  '怎么办',
  '想',
  '想搞',
  '愿意',
  '才',
  '比一比',
  '比比',
  '几个',
  '两个',
  '三个',
  '几篇',
  '两篇',
  // Adverbs of frequency and degree: how the asker feels, not what about.
  '总是',
  '老是',
  '总',
  '一直',
  '经常',
  '常常',
  '往往',
  '到底',
  '究竟',
  '真正',
  '特别',
  '比较好',
  '可',
  // What a request for material asks of a case (see REQUEST_WORDS in the vocabulary).
  ...REQUEST_WORDS,
]);

/**
 * Reads a question: its kind, what it asks, the counties and places named, its topic words.
 * `known` tells the words the index knows; jieba's HMM glues unknown stretches of a question into
 * words (`建了`, `稻渔种`), which are split back into the known words and characters they hold.
 */
export function analyse(
  input: string,
  known: (word: string) => boolean = () => false,
  common: (word: string) => boolean = () => false,
): Question {
  lexicon = known;
  const raw = input.trim();
  const text = halfWidthDigits(normalizeQuery(raw));
  const mentions = findCounties(text);
  const counties = unique(mentions.filter((m) => isCountyName(m.name)).map((m) => m.county));
  const places = unique(mentions.filter((m) => !isCountyName(m.name)).map((m) => m.name));
  // A town names its county too, for filtering and comparing.
  const placeCounties = unique(mentions.filter((m) => !isCountyName(m.name)).map((m) => m.county));

  const list = LIST.exec(text);
  const named = unique([...counties, ...placeCounties]);
  const asks = findAsks(text);
  const scaffoldFree = (t: string) => topicWords(t).length > 0;
  // Words most cases use (`党建`, `基层`, `干部`) narrow nothing: a county named with only these
  // and request words (`经开区在基层党建上有啥典型做法`) is county browsing.
  const specific = (t: string) => topicWords(t).some((w) => !common(w));

  let kind: QuestionKind;
  if (COMPARE.test(text) || (named.length >= 2 && !list) || EACH.test(text)) kind = 'compare';
  else if (list && (list[2] || /哪里|哪儿|什么地方/u.test(list[1]!))) kind = 'list';
  else if (REQUEST_NOUN.test(text) && REQUEST_VERB.test(text) && scaffoldFree(withoutCountyNames(text)))
    kind = 'request';
  // A quantity asked about a generic word (`汶上有多少党员`) is still a figure question.
  else if ((named.length > 0 || places.length > 0) && !(asks.length ? scaffoldFree : specific)(withoutNames(text)))
    kind = 'county';
  else if (asks.length > 0) kind = 'figure';
  else kind = 'plain';

  // The question phrases (`哪些县区`, `多少名`, `几起`) are scaffolding, not topic.
  let topic = list && kind === 'list' ? text.replace(list[0], ' ') : text;
  if (kind === 'figure') for (const a of asks) topic = topic.replace(a.phrase, ' ');
  return {
    raw,
    text,
    kind,
    asks: kind === 'figure' ? asks.map(({ phrase: _phrase, ...ask }) => ask) : [],
    counties: kind === 'county' || kind === 'compare' ? named : counties.length ? counties : placeCounties,
    places,
    words: topicWords(withoutCountyNames(topic)),
    wantsFigures: DATA.test(text),
  };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Personal pronouns (`他们`, `自己`): who, never what about; rare in the pages, so weighty if kept. */
const PRONOUNS = new Set([
  '他',
  '她',
  '它',
  '他们',
  '她们',
  '它们',
  '自己',
  '大家',
  '咱们',
  '咱',
  '人家',
  '别人',
  '其他人',
]);

/** Content words of a text: no question words, function words or scaffolding; unique, in order. */
function topicWords(text: string): string[] {
  const words = queryWords(text)
    .filter((w) => !SCAFFOLD.has(w))
    .flatMap((w) => repair(w));
  return [...new Set(words)].filter(
    (w) =>
      !SCAFFOLD.has(w) &&
      !PRONOUNS.has(w) &&
      !isCountyName(w) &&
      !isQueryStopword(w) &&
      !NUMERAL_PHRASE.test(w) &&
      !GRAMMATICAL.has(w),
  );
}

/**
 * `一` with a measure or time word (`一年`, `一平米`, `一个`, `一人`): per what, not what about.
 * (`二级网格` names a level and stays; so does `每月`, which is how the articles say it.)
 */
const NUMERAL_PHRASE = new RegExp(
  `^一(${[...MEASURE_WORDS, '平米', '节', '节课', '张', '人', '年', '月', '天', '周'].join('|')})$`,
  'u',
);

/** The words the index knows, for the question being read. */
let lexicon: (word: string) => boolean = () => false;

const FUNCTION_CHAR = /^[了的着过地得]|[了的着过地得]$/gu;
/** Locatives, negations, modals and adverbs: characters that glue onto words without meaning. */
/** Locatives that end a word (`队里`, `家中`) and function characters that start one (`不能`, `以下`). */
const LOCATIVE_END = new Set([...'里下上中内外间前后']);
const FUNCTION_START = new Set([...'以之不没在把被给让才就都也还又很更最再已']);
const GRAMMATICAL = new Set([...LOCATIVE_END, ...FUNCTION_START]);
/** Verbs that HMM glues onto the word before a question phrase (`网格员有多少` → 员有). */
const VERB_END = new Set([...'有是']);

/**
 * An unknown word split into what the index knows: a function character glued on (`建了` → 建),
 * or known words run together (`稻渔种` → 稻渔, 种). A word with no known part stays whole: it
 * may be what the question is about (`彩礼`).
 */
function repair(word: string): string[] {
  if (lexicon(word)) return [word];
  // A lone grammatical character (`后`, `间`) says nothing about the topic.
  if (word.length < 2) return GRAMMATICAL.has(word) ? [] : [word];
  const stripped = word.replace(FUNCTION_CHAR, '');
  if (stripped !== word) return stripped ? repair(stripped) : [];
  // `下班以`: a grammatical character glued to the end or start of an unknown word.
  const trimmed = [...word];
  while (trimmed.length > 1 && (GRAMMATICAL.has(trimmed.at(-1)!) || VERB_END.has(trimmed.at(-1)!))) trimmed.pop();
  while (trimmed.length > 1 && FUNCTION_START.has(trimmed[0]!)) trimmed.shift();
  if (trimmed.length === 1 && GRAMMATICAL.has(trimmed[0]!)) return [];
  if (trimmed.length < word.length) return repair(trimmed.join(''));
  // Fewest pieces that cover the word with known words of two or more characters (single
  // characters fill the gaps); kept only when some known word is found.
  const chars = [...word];
  const best: (string[] | undefined)[] = [[]];
  for (let end = 1; end <= chars.length; end++) {
    for (let start = 0; start < end; start++) {
      const prev = best[start];
      const piece = chars.slice(start, end).join('');
      if (!prev || (end - start > 1 && !lexicon(piece) && !framing(piece))) continue;
      const next = [...prev, piece];
      const score = (xs: string[]) => xs.filter((x) => x.length > 1).length * 10 - xs.length;
      const current = best[end];
      if (!current || score(next) > score(current)) best[end] = next;
    }
  }
  const pieces = best[chars.length]!;
  if (pieces.some((p) => p.length > 1)) return pieces.filter((p) => !framing(p));
  // HMM glue of framing characters (`我要`, `写个`, `我列`) says nothing about the topic.
  if (chars.every((ch) => framing(ch) || GRAMMATICAL.has(ch) || /[个我你他她要]/u.test(ch))) return [];
  return [word];
}

/** Words of the question's framing: request words, question words, function words. */
function framing(word: string): boolean {
  return SCAFFOLD.has(word) || isQueryStopword(word);
}

/** The text with county names (not towns) blanked out. */
function withoutCountyNames(text: string): string {
  let out = text;
  for (const m of findCounties(text)
    .filter((x) => isCountyName(x.name))
    .reverse())
    out = out.slice(0, m.index) + ' ' + out.slice(m.index + m.name.length);
  return out;
}

/** The text with every county and place name blanked out. */
function withoutNames(text: string): string {
  let out = text;
  for (const m of findCounties(text).reverse()) out = out.slice(0, m.index) + ' ' + out.slice(m.index + m.name.length);
  return out;
}

interface FoundAsk extends FigureAsk {
  /** The question phrase itself (`多少名`, `几起`), removed from the topic. */
  phrase: string;
}

/**
 * Each quantity asked: a question word with its measure word, in its own part of the question
 * (parts split at punctuation, or at `和`/`以及` when both sides ask).
 */
function findAsks(text: string): FoundAsk[] {
  const parts = text.split(/[，,；;。？?！!]|以及|还有/u).filter((p) => p.trim());
  const out: FoundAsk[] = [];
  for (const part of parts) {
    let found = false;
    for (const m of part.matchAll(ASK)) {
      const after = part.slice(m.index + m[0].length);
      // `有几个` / `一共几个` at the end asks how many; `找几个` does not.
      const counts =
        m[0] === '几' &&
        /(有|是|共|分|为|成|了)$/u.test(part.slice(0, m.index)) &&
        /^几[个类种]?$/u.test(part.slice(m.index).trim());
      if (
        m[0] === '几' &&
        !counts &&
        (DETERMINER.test(part.slice(m.index)) || BEFORE_DETERMINER.test(part.slice(0, m.index)))
      )
        continue;
      // `几十名` is an amount, not a question.
      if (m[0] === '几' && /^[十百千万]/u.test(after)) continue;
      out.push(ask(part, m[0], m.index, after));
      found = true;
      break;
    }
    if (!found && HEAD_QUANTITY.test(part)) out.push(ask(part, '', part.length, ''));
  }
  return out;
}

function ask(part: string, word: string, at: number, after: string): FoundAsk {
  const rest = after;
  const measure = measureAt(rest);
  // `多少名巷长`: the measure word stands alone and is scaffolding. `多少人才`: it starts a word the
  // index knows, which stays a topic word (and the measure word still says what is counted).
  const standalone = measure !== undefined && !startsKnownWord(rest, measure.length);
  // `多少钱`: the noun says what is measured and is no topic either.
  const money = !measure && /^(块)?钱/u.exec(rest);
  const phrase = word + (standalone ? measure : money ? money[0] : '');
  // `几个方面`, `几大类`: a count of kinds; the dividing verbs (`分成`) are how it was counted.
  const next = measure === '个' ? cutWords(rest.slice(1, 8))[0] : undefined;
  const classOf = (measure && classMeasure(measure)) ?? (next ? classMeasure(next) : undefined);
  const dropped = (w: string) => classOf !== undefined && CLASS_VERBS.includes(w);
  const before = topicWords(withoutCountyNames(part.slice(0, at))).filter((w) => !dropped(w));
  const afterWords = topicWords(withoutCountyNames(rest.slice(phrase.length - word.length))).filter((w) => !dropped(w));
  const focus = [...new Set([...before, ...afterWords])];
  // The counted noun: the last word after the question word (`多少个技改项目` → 项目), else the
  // last before it (`每月补贴多少钱` → 补贴); a measure word fused to it is dropped (`道题` → 题).
  let head = afterWords[afterWords.length - 1] ?? before[before.length - 1];
  if (head && measure && !standalone && head.startsWith(measure) && head.length > measure.length)
    head = head.slice(measure.length);
  let dimension = measure ? dimensionOf(measure) : undefined;
  if (!dimension && !measure) {
    for (const [re, dim] of QUANTITY_NOUNS) {
      if (re.test(part)) {
        dimension = dim;
        break;
      }
    }
    if (!dimension && cutWords(part).some((w) => PEOPLE_NOUNS.test(w))) dimension = 'people';
  }
  return {
    text: part.trim(),
    measure,
    dimension,
    focus,
    head,
    wantsChange: CHANGE.test(part),
    phrase,
    ...(classOf ? { classOf } : {}),
  };
}

/** Whether the word jieba finds at the start of `text` is longer than `length` and known. */
function startsKnownWord(text: string, length: number): boolean {
  const first = cutWords(text.slice(0, length + 4))[0] ?? '';
  return first.length > length && lexicon(first);
}
