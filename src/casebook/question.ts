import { findCounties } from '../corpus/registry.js';
import { normalizeQuery } from '../search/normalize.js';
import { queryWords } from '../search/tokenizer.js';

export type QuestionKind = 'count' | 'list' | 'plain';

export interface Question {
  /** The question as typed, trimmed. */
  raw: string;
  /** Normalised text: simplified characters, no tags, capped length. */
  text: string;
  kind: QuestionKind;
  /** For count questions: the units an answer may have (`多少户` → 户); empty means any. */
  units: string[];
  /** The words after the question word (`多少名巷长` → 巷长), which the number must belong to. */
  focus: string[];
  /** Words that change a figure's meaning when asked for (`增加`, `提高`). */
  wantsChange: boolean;
  /** A county named in the question (full, short or alias, or a town in it). */
  county?: string;
  /** Content words, question words removed, county names kept. */
  words: string[];
}

/** Which units answer `多少X` / `几X`. */
const UNIT_ANSWERS: [RegExp, string[]][] = [
  [/^人次/, ['人次']],
  [/^场次/, ['场次', '场']],
  [/^(名|位)/, ['名', '人']],
  [/^人/, ['人', '名', '人次']],
  [/^(钱|元|块|万元|资金|经费|金额)/, ['元', '万元', '亿元', '万']],
  [/^(个|家)/, ['个', '家', '处']],
  [/^处/, ['处', '个']],
  [/^(户)/, ['户']],
  [/^(项)/, ['项']],
  [/^(件)/, ['件']],
  [/^(次)/, ['次', '人次', '场次']],
  [/^(支)/, ['支']],
  [/^(条)/, ['条']],
  [/^(篇|封)/, ['篇', '封']],
  [/^(期)/, ['期']],
  [/^(分)/, ['分']],
  [/^(头)/, ['头']],
  [/^(亩)/, ['亩']],
  [/^(斤)/, ['斤', '万斤']],
  [/^(平方米|平米)/, ['平方米']],
  [/^(盏)/, ['盏']],
  [/^(所)/, ['所']],
  [/^(类)/, ['类']],
  [/^(档)/, ['档', '个']],
  [/^(讲|场)/, ['讲', '场', '场次']],
  [/^(%|百分之|比例|成)/, ['%']],
];

const MONEY_WORDS = /钱|资金|经费|金额|投资|补助|补贴|奖金|收入|销售额|价值/u;
/** Nouns for people: `多少党员群众` is answered by a count of people. */
const PEOPLE =
  /^(党员|群众|干部|人才|人员|居民|学员|村民|农户|志愿者|书记|代表|老人|儿童|青年|职工|工作者|网格员|调解员|教师|专家|选调生)/u;
const COUNT = /(多少|几|多大|多高|多长|多久|多重)/u;
const LIST = /(哪些|哪几个|哪个|哪里|哪儿|什么地方)(县市区|县区|区县|县|区|市|地方|单位|乡镇|街道)?/u;
const CHANGE = /增加|增长|提高|提升|减少|下降/u;

/** Reads a question: its kind, the unit and noun asked for, the county named, its words. */
export function analyzeQuestion(input: string): Question {
  const raw = input.trim();
  const text = normalizeQuery(raw);
  const countyMention = findCounties(text)[0];
  const list = LIST.exec(text);
  const count = COUNT.exec(text);

  let kind: QuestionKind = 'plain';
  if (list && (list[2] || /哪些|哪里|哪儿|什么地方/.test(list[1]!))) kind = 'list';
  if (count && !(list && list.index < count.index && list[2])) kind = 'count';

  // The question phrase (`哪些县区`, `多少名`, `几处`) is scaffolding, not topic.
  let topic = list ? text.replace(list[0], ' ') : text;
  let units: string[] = [];
  let focus: string[] = [];
  if (kind === 'count' && count) {
    const after = text.slice(count.index + count[0].length);
    topic = text.slice(0, count.index) + ' ' + after;
    for (const [re, answers] of UNIT_ANSWERS) {
      const m = re.exec(after);
      if (m) {
        units = answers;
        focus = queryWords(after.slice(m[0].length)).slice(0, 3);
        topic = text.slice(0, count.index) + ' ' + after.slice(m[0].length);
        break;
      }
    }
    if (units.length === 0) {
      if (MONEY_WORDS.test(text)) units = ['元', '万元', '亿元', '万'];
      else if (PEOPLE.test(after)) units = ['人', '名', '人次', '位'];
      focus = queryWords(after).slice(0, 3);
    }
    // `投资多少钱` asks for money whatever follows.
    if (focus.length === 0) focus = queryWords(text.slice(0, count.index)).slice(-2);
  }

  return {
    raw,
    text,
    kind,
    units,
    focus,
    wantsChange: CHANGE.test(text),
    county: countyMention?.county,
    words: queryWords(topic),
  };
}
