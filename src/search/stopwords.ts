/**
 * Words that carry no topic: question scaffolding (哪些、多少、是什么…) and function words.
 * They are dropped from queries and from the index, so they never decide a ranking.
 */
export const QUESTION_WORDS = [
  '哪些', '哪个', '哪里', '哪儿', '哪', '哪几个', '什么', '是什么', '怎么', '怎么样', '怎样', '如何', '多少', '几', '几个',
  '多大', '吗', '呢', '吧', '啊', '呀', '有没有', '是不是', '有无', '请问', '一下', '介绍', '讲讲', '说说', '告诉',
  '我', '我们', '你', '你们', '想', '知道', '了解', '查', '查询', '找', '搜索', '方面', '做法', '经验', '典型', '案例',
  '情况', '县区', '县市区', '区县', '地方', '有', '搞', '做', '在', '哪家',
];

export const FUNCTION_WORDS = [
  '的', '了', '和', '与', '及', '以及', '或', '并', '而', '也', '都', '又', '就', '还', '是', '为', '对', '等', '把',
  '被', '将', '从', '其', '之', '以', '于', '中', '上', '下', '个', '这', '那', '该', '各', '每', '着', '过', '到',
  '让', '使', '由', '向', '给', '所', '已', '已经', '着力', '进一步',
];

const QUERY_STOP = new Set([...QUESTION_WORDS, ...FUNCTION_WORDS]);
const INDEX_STOP = new Set(FUNCTION_WORDS);

export function isQueryStopword(term: string): boolean {
  return QUERY_STOP.has(term);
}

export function isIndexStopword(term: string): boolean {
  return INDEX_STOP.has(term);
}
