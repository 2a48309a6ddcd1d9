/**
 * The pages of the casebook as the chat shows them: /pages (date, page, articles, who added each
 * and when), /latest (the newest cases), and the answers to /date, /removepage and /fix, /fixes.
 */
import type { Article } from '../../corpus/types.js';
import type { DateOutcome, FixListing, FixOutcome, PageListing, RemoveOutcome } from '../../ingest/service.js';
import type { PageRef } from '../../ingest/catalog.js';
import { paginate, type PagedView } from '../keyboards/pagedList.js';
import { caseCard } from './cases.js';
import { escapeHtml, fit } from './html.js';
import { shortTime } from './upload.js';

/** Pages per /pages message. */
export const PAGES_PER_PAGE = 8;
/** Cases per /latest message. */
export const LATEST_PER_PAGE = 5;
/** Corrections per /fixes message. */
export const FIXES_PER_PAGE = 8;

const VIA: Record<string, string> = { upload: '发送文件添加', folder: '放入页面目录', command: '添加' };

/** Page `page` of /pages: newest first, each with its articles and who added it when. */
export function pagesView(pages: readonly PageListing[], page: number, timeZone: string): PagedView<PageListing> {
  const list = paginate(pages, page, PAGES_PER_PAGE);
  const articles = pages.reduce((n, p) => n + p.articles, 0);
  const undated = pages.filter((p) => !p.date).length;
  const head = [
    `📰 <b>已收录的版面</b> 共 ${pages.length} 个，${articles} 篇文章${list.pages > 1 ? `（第 ${list.page + 1}/${list.pages} 页）` : ''}`,
    ...(undated ? [`<i>其中 ${undated} 个版面未录入日期，编辑可用 /date 补录。</i>`] : []),
  ].join('\n');
  if (pages.length === 0) return { text: `${head}\n\n页面目录里还没有版面。`, list };
  const items = list.items.map((p, i) => {
    const who = p.addedBy
      ? `${escapeHtml(p.addedBy.name)} ${VIA[p.via ?? ''] ?? '添加'}于 ${shortTime(p.addedAt, timeZone)}`
      : `启动前已在目录中（文件时间 ${shortTime(p.addedAt, timeZone)}）`;
    const label = p.date ? escapeHtml(p.label) : '日期未录入';
    return [
      `${list.offset + i + 1}. <b>${label}</b> · ${p.articles} 篇文章`,
      `    ${escapeHtml(p.page)} · ${who}`,
    ].join('\n');
  });
  return { text: fit([head, items.join('\n')]), list };
}

/** Page `page` of /latest: cases from the newest page first, undated pages last. */
export function latestView(cases: readonly Article[], page: number, county: string | null): PagedView<Article> {
  const list = paginate(cases, page, LATEST_PER_PAGE);
  const undated = cases.filter((a) => !a.date).length;
  const where = county ? `${escapeHtml(county)}的` : '';
  const head = [
    `🆕 <b>${where}最新案例</b>（按版面日期从新到旧）共 ${cases.length} 篇${list.pages > 1 ? `，第 ${list.page + 1}/${list.pages} 页` : ''}`,
    ...(undated === cases.length && cases.length > 0
      ? ['<i>这些案例的版面都还没有录入日期，以下按收录顺序列出。</i>']
      : undated
        ? [`<i>版面未录入日期的 ${undated} 篇排在最后。</i>`]
        : []),
  ].join('\n');
  if (cases.length === 0)
    return { text: `${head}\n\n${county ? `案例库里暂时没有${where}案例。` : '案例库还是空的。'}`, list };
  return { text: fit([head, ...list.items.map((a, i) => caseCard(a, list.offset + i + 1))]), list };
}

/** Candidates when what an editor typed names several pages. */
function candidates(pages: readonly PageRef[]): string {
  return pages.map((p) => `• ${escapeHtml(p.label)}（${escapeHtml(p.page)}）`).join('\n');
}

/** A page match that failed: not found, or ambiguous with the candidates. */
export function pageMatchText(outcome: {
  kind: 'not-found' | 'ambiguous';
  message: string;
  candidates?: PageRef[];
}): string {
  const more = outcome.kind === 'ambiguous' && outcome.candidates ? `\n${candidates(outcome.candidates)}` : '';
  return `${escapeHtml(outcome.message)}${more}`;
}

/** Asks to confirm a removal. */
export function removeConfirmText(page: PageRef, articles: number): string {
  return [
    `确定要移除这个版面吗？`,
    `<b>${escapeHtml(page.label)}</b>（${escapeHtml(page.page)}，${articles} 篇文章）`,
    '移除后它的案例不再出现在回答里；文件移入 DATA_DIR 下的回收站，不会删除，需要时可以放回页面目录。',
  ].join('\n');
}

export function removeOutcomeText(outcome: RemoveOutcome): string {
  if (outcome.kind === 'removed') {
    const note = outcome.answerable
      ? ''
      : `\n⚠️ 案例库暂未更新（${escapeHtml(outcome.error ?? '原因不明')}），稍后或重启后生效。`;
    return `🗑 ${escapeHtml(outcome.message)}${note}`;
  }
  if (outcome.kind === 'ambiguous' || outcome.kind === 'not-found') return pageMatchText(outcome);
  return escapeHtml(outcome.message);
}

export function dateOutcomeText(outcome: DateOutcome): string {
  if (outcome.kind === 'dated') {
    const lines = [`✅ ${escapeHtml(outcome.message)}`];
    if (!outcome.answerable)
      lines.push(`⚠️ 案例库暂未更新（${escapeHtml(outcome.error ?? '原因不明')}），稍后或重启后生效。`);
    for (const w of outcome.warnings) lines.push(`⚠️ ${escapeHtml(w)}`);
    return lines.join('\n');
  }
  if (outcome.kind === 'ambiguous' || outcome.kind === 'not-found') return pageMatchText(outcome);
  return escapeHtml(outcome.message);
}

export function fixOutcomeText(outcome: FixOutcome): string {
  if (outcome.kind === 'fixed') {
    const note = outcome.answerable
      ? ''
      : `\n⚠️ 案例库暂未更新（${escapeHtml(outcome.error ?? '原因不明')}），稍后或重启后生效。`;
    return `✅ ${escapeHtml(outcome.message)}${note}`;
  }
  return escapeHtml(outcome.message);
}

const FIELD = { county: '县区', headline: '标题' } as const;

/** Page `page` of /fixes: every correction in force, newest first. */
export function fixesView(fixes: readonly FixListing[], page: number, timeZone: string): PagedView<FixListing> {
  const list = paginate(fixes, page, FIXES_PER_PAGE);
  const head = `✏️ <b>更正</b> 共 ${fixes.length} 条${list.pages > 1 ? `（第 ${list.page + 1}/${list.pages} 页）` : ''}`;
  if (fixes.length === 0)
    return { text: `${head}\n\n还没有更正。用 /fix 编号 县区 经开区 或 /fix 编号 标题 新标题 更正案例。`, list };
  const items = list.items.map((f, i) => {
    const title = f.headline ? `《${escapeHtml(f.headline)}》` : '（案例已不在案例库中）';
    return [
      `${list.offset + i + 1}. ${f.articleId} ${title}`,
      `    ${FIELD[f.field]}：“${escapeHtml(f.was ?? '无')}” → “${escapeHtml(f.value ?? '无')}”`,
      `    ${escapeHtml(f.by.name)} 于 ${shortTime(Date.parse(f.at), timeZone)}`,
    ].join('\n');
  });
  return { text: fit([head, items.join('\n'), '<i>把值改回解析结果即撤销该更正。</i>']), list };
}

/** Said when someone who is not an editor uses an editor's command. */
export const EDITOR_ONLY = '这个命令只有编辑（ADMIN_USER_IDS 中的用户）可以使用。查询案例请直接提问。';
