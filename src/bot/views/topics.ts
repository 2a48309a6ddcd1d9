import type { Article } from '../../corpus/types.js';
import type { Topic } from '../../casebook/topics.js';
import { paginate, type PagedView } from '../keyboards/pagedList.js';
import { caseCard, countyTag } from './cases.js';
import { escapeHtml, fit } from './html.js';

/** Cases per topic message. */
export const TOPIC_PER_PAGE = 5;

/** Above the topic buttons of /topics. */
export function topicsText(list: readonly Topic[], articles: number): string {
  if (list.length === 0)
    return articles < 2
      ? '🏷 案例库里的案例还太少，提炼不出专题。'
      : '🏷 案例库里暂时没有两个以上案例共同的主题。可以直接提问，或发送 /county 按县区浏览。';
  return [
    `🏷 <b>专题</b>（从 ${articles} 篇案例中提炼，共 ${list.length} 个，括号里是案例数）`,
    '点选专题查看案例，也可以直接问，例如“' + escapeHtml(list[0]!.name) + '的案例”。',
  ].join('\n');
}

/** Said for a topic button or query whose topic is gone (the casebook changed). */
export const TOPIC_GONE = '这个专题已过期（案例库更新后专题会重新提炼）。发送 /topics 查看现在的专题。';

/** Page `page` of a topic's cases (in corpus order), or only those of `county`. */
export function topicView(topic: Topic, cases: readonly Article[], page: number, county?: string): PagedView<Article> {
  const list = paginate(cases, page, TOPIC_PER_PAGE);
  const where = county ? ` ${escapeHtml(countyTag(county))}` : '';
  const head = `🏷 <b>专题：${escapeHtml(topic.name)}</b>${where} 共 ${cases.length} 篇案例${list.pages > 1 ? `（第 ${list.page + 1}/${list.pages} 页）` : ''}`;
  const also =
    topic.phrases.length > 1 && list.page === 0
      ? `<i>相关说法：${topic.phrases.slice(1).map(escapeHtml).join('、')}</i>`
      : '';
  if (cases.length === 0)
    return {
      text: `${head}\n\n${county ? `${escapeHtml(county)}没有这个专题的案例。` : '这个专题暂时没有案例。'}发送 /topics 查看全部专题。`,
      list,
    };
  return {
    text: fit([also ? `${head}\n${also}` : head, ...list.items.map((a, i) => caseCard(a, list.offset + i + 1))]),
    list,
  };
}
