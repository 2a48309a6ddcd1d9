/**
 * The one vocabulary of quantities: numbers, measure words and what they measure, and the words
 * that make a figure a change or an outcome. Figure extraction (`figures.ts`), question analysis
 * (`casebook/analyse.ts`) and the choice of key figures all read it from here.
 *
 * Measure words are an open class: the figure extractor also accepts a measure word it has never
 * seen, taken from jieba's segmentation of the text after the number (see `figures.ts`). The table
 * below says what the common ones measure, so that `多少钱` can be answered in `万元` and `多大年纪`
 * in `岁`; an unknown measure word measures only itself.
 */

/** What a measure word measures. */
export type Dimension =
  | 'people'
  | 'visits'
  | 'households'
  | 'money'
  | 'area'
  | 'weight'
  | 'length'
  | 'age'
  | 'ratio'
  | 'time'
  | 'score'
  | 'count';

const TABLE: Record<Dimension, readonly string[]> = {
  people: ['名', '人', '位'],
  // How many times something was done to people, households, firms: `1200人次`, `1320余家次`.
  visits: ['人次', '户次', '家次', '架次', '车次'],
  households: ['户'],
  money: ['元', '万元', '亿元', '块', '块钱'],
  area: ['平方米', '平米', '平方公里', '亩', '公顷'],
  weight: ['公斤', '千克', '斤', '万斤', '吨', '克'],
  length: ['米', '公里', '千米'],
  age: ['岁', '周岁'],
  ratio: ['%', '个百分点', '百分点', '成', '倍'],
  time: ['个月', '个工作日', '工作日', '小时', '分钟', '年', '天', '周', '日', '月'],
  score: ['分'],
  count: [
    '个',
    '项',
    '件',
    '次',
    '处',
    '家',
    '支',
    '条',
    '场',
    '场次',
    '期',
    '批',
    '批次',
    '类',
    '大类',
    '起',
    '道',
    '门',
    '座',
    '册',
    '份',
    '篇',
    '封',
    '台',
    '辆',
    '套',
    '本',
    '张',
    '间',
    '所',
    '级',
    '档',
    '轮',
    '讲',
    '种',
    '盏',
    '头',
    '只',
    '棵',
    '株',
    '届',
    '课时',
    '单',
    '趟',
    '组',
    '队',
    '村',
    '室',
    '节',
    '部',
    '首',
    '幅',
    '栋',
    '方面',
    '阶段',
    '大方面',
    '大模块',
  ],
};

const DIMENSION = new Map<string, Dimension>();
for (const [dimension, words] of Object.entries(TABLE) as [Dimension, readonly string[]][])
  for (const w of words) DIMENSION.set(w, dimension);

/** Known measure words, longest first (so that `人次` wins over `人`, `个百分点` over `个`). */
export const MEASURE_WORDS: readonly string[] = [...DIMENSION.keys()].sort((a, b) => b.length - a.length);

/** What a measure word measures; an unknown one measures only itself (undefined). */
export function dimensionOf(measure: string): Dimension | undefined {
  return DIMENSION.get(measure);
}

/** The known measure word that starts `text` at `at`, longest first; undefined if none. */
export function measureAt(text: string, at = 0): string | undefined {
  for (const m of MEASURE_WORDS) if (text.startsWith(m, at)) return m;
  return undefined;
}

/**
 * Measure words that may follow a Chinese numeral in a figure (`四个档次`, `三名导师`, `两次`).
 * Chinese numerals also open set phrases (`三会一课`, `四级网格`, `五红`, `十分`), so only these
 * count after them; Arabic numerals take any measure word.
 */
export const CHINESE_NUMERAL_MEASURES: readonly string[] = [
  '大类',
  '方面',
  '阶段',
  '个',
  '名',
  '位',
  '项',
  '类',
  '支',
  '条',
  '种',
  '批',
  '件',
  '次',
  '处',
  '家',
  '户',
  '道',
  '起',
  '门',
  '座',
  '册',
  '份',
  '篇',
  '场',
  '期',
  '轮',
  '届',
  '成',
];

/** Digits of Chinese numerals and their values; `十`, `百`, `千`, `万` are multipliers. */
export const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const MULTIPLIERS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** The value of a Chinese numeral (`二十三` → 23, `两` → 2, `一百二十` → 120); NaN if malformed. */
export function chineseNumber(text: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of text) {
    if (ch in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[ch]!;
    } else if (ch === '万') {
      total += (section + Math.max(digit, 0)) * 10000;
      section = 0;
      digit = -1;
    } else if (ch in MULTIPLIERS) {
      section += (digit < 0 ? 1 : digit) * MULTIPLIERS[ch]!;
      digit = -1;
    } else {
      return NaN;
    }
  }
  return total + section + Math.max(digit, 0);
}

/** Characters that make up a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万';

/**
 * Full-width digits, decimal point and percent sign as half-width (`５８６０件` → `5860件`),
 * one character for one, so offsets into the text stay valid.
 */
export function halfWidthDigits(text: string): string {
  if (!/[０-９％．]/u.test(text)) return text;
  return text.replace(/[０-９％．]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Words before a number that make it approximate; they are part of the figure (`近14万人次`). */
export const APPROX_BEFORE = ['近', '约', '逾'] as const;
/** Words after a number (before or after 万/亿) that make it approximate: `1800余名`, `1.3万余人`. */
export const APPROX_AFTER = ['余', '多'] as const;

/** Words that make a figure a change rather than a level (`提高6.3个百分点`, `同比下降21.5%`). */
export const CHANGE_WORDS = [
  '增加',
  '增长',
  '增至',
  '提高',
  '提升',
  '上升',
  '减少',
  '下降',
  '降低',
  '降至',
  '压降',
  '翻番',
  '同比',
  '环比',
  '增收',
] as const;

/**
 * Words that mark a result in a clause (`累计发放慰问金8.7万元`, `已回引303名优秀人才`): key
 * figures are taken from such clauses before structural counts (`组建5个党建联盟小组`).
 */
export const OUTCOME_WORDS = [
  '达到',
  '达',
  '实现',
  '累计',
  '共计',
  '总计',
  '共',
  '已',
  '完成',
  '办结',
  '带动',
  '帮助',
  '惠及',
  '解决',
  '增收',
  '收集',
  '服务',
  '培训',
  '接待',
  '发放',
  '落地',
  '回引',
  '化解',
  '调处',
  '节约',
  '销售',
] as const;

const CHANGE_RE = new RegExp(CHANGE_WORDS.join('|'), 'u');
const OUTCOME_RE = new RegExp(OUTCOME_WORDS.join('|'), 'u');

/** Whether a text holds a change word. */
export function hasChangeWord(text: string): boolean {
  return CHANGE_RE.test(text);
}

/** Whether a text holds an outcome word. */
export function hasOutcomeWord(text: string): boolean {
  return OUTCOME_RE.test(text);
}

/**
 * Nouns in a question that say what is measured when no measure word does: `资金多少` is money,
 * `年龄多大` an age, `覆盖率` a ratio, `多少党员` people. Checked in this order; the first match wins.
 */
export const QUANTITY_NOUNS: readonly [RegExp, Dimension][] = [
  [/百分之|百分比|比例|比重|占比|[率]|满意度/u, 'ratio'],
  [/年龄|年纪|岁数|多大岁/u, 'age'],
  [/面积|占地|多大地方/u, 'area'],
  [/重量|多重|亩产|产量/u, 'weight'],
  [
    /钱|资金|经费|投资|投入|补助|补贴|奖金|奖励|收入|增收|创收|分红|销售额|营业额|收益|贷款|金额|价格|售价|价|费用|成本|慰问金|罚没款|工资|报酬|产值/u,
    'money',
  ],
  [/多久|多长时间|时长|几年|几天|几个月/u, 'time'],
  [/分数|得分|成绩|多少分/u, 'score'],
];

/** Nouns for people: `多少党员群众` is answered by a count of people (`名`, `人`, `位`). */
export const PEOPLE_NOUNS =
  /^(党员|群众|干部|人才|人员|居民|学员|村民|农户|志愿者|书记|代表|老人|儿童|青年|职工|工作者|网格员|调解员|教师|专家|选调生|骑手|小哥|队员|成员|会员|老兵|退役军人|妇女|讲解员|代办员|指导员|考察员|联络员|人)/u;

/**
 * Words of a request for material, not of its topic: how a question asks for a case (`具体`,
 * `怎么推进`), what it wants from it (`做法`, `经验`, `成效`, `核心数据`), what for (`借鉴`,
 * `写材料`) and where it was seen (`见报`, `上了报纸`). A generic list for this domain, like a
 * stop-word list: a question's topic is what remains, and a case is never judged on these.
 */
export const REQUEST_WORDS: readonly string[] = [
  // what is wanted from a case
  ...['做法', '经验', '典型', '亮点', '特色', '成效', '效果', '成果', '实效', '成绩', '启示', '创新', '创新点'],
  ...['数据', '数字', '核心', '主要', '关键', '重点', '具体', '详细', '实际', '抓手', '举措', '措施', '办法'],
  ...['做法经验', '经验做法', '典型经验', '典型做法', '主要做法', '具体做法', '好做法', '好经验', '路径', '思路'],
  // how it was done
  ...['推进', '开展', '运行', '运作', '落实', '推行', '实施', '搞起来', '做起来', '抓', '怎么样', '如何', '咋'],
  // doing it at all (`哪些县区建了驿站`, `用了小程序`): the thing done is the topic
  ...['建', '建了', '建立', '建立了', '建成', '用', '用了', '使用', '办', '设', '设立', '搞', '搞了', '做', '推'],
  // what for
  ...['借鉴', '学习', '学习借鉴', '值得', '参考', '推广', '复制', '可复制', '可推广', '总结', '提炼', '梳理', '归纳'],
  ...['材料', '写', '写进', '汇报', '讲话', '报告', '素材', '用'],
  // where it was seen and when
  ...['见报', '报纸', '上报', '报道', '被报道', '报道过', '刊登', '登报', '媒体', '宣传', '上过', '上了'],
  ...['最近', '近期', '近来', '这两年', '这几年', '两年', '几年', '这些年', '近年', '近年来', '今年', '去年'],
  // the asker's own framing
  ...['那个', '这个', '这种', '那种', '事', '这事', '帮', '帮我', '能不能', '能否', '可以', '有啥', '啥', '哪些'],
  ...['取得', '分别', '各自', '一下', '几条', '有没有', '见'],
];

/**
 * Measure words that count kinds, not things (`6大类`, `三个方面`, `5大方面`): a question asking
 * `分成几大类` or `几个方面` is answered only by a figure counting the same kind, and the verbs
 * that divide (`CLASS_VERBS`) say how it was counted, not what about.
 */
export const CLASS_MEASURES: readonly string[] = [
  '类',
  '大类',
  '方面',
  '大方面',
  '种',
  '类别',
  '层次',
  '层面',
  '板块',
  '模块',
  '大模块',
  '环节',
  '维度',
  '领域',
];
export const CLASS_VERBS: readonly string[] = [
  '分成',
  '分为',
  '分',
  '划分',
  '划为',
  '分类',
  '归为',
  '归纳为',
  '分了',
  '设',
  '设了',
  '开了',
  '开设',
  '聚焦',
  '围绕',
  '从',
];

/** A class measure with its `大`/`个` stripped (`大类` → 类, `个方面` → 方面). */
export function classMeasure(measure: string): string | undefined {
  const bare = measure.replace(/^[大个]/u, '');
  return CLASS_MEASURES.includes(bare) || CLASS_MEASURES.includes(measure) ? bare : undefined;
}
