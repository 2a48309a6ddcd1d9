/**
 * What editors see when they add pages: an upload's preview (articles with headline, county,
 * reporters, paragraphs and figures; captions; every warning), the reply to 入库, and messages
 * about pages dropped into the pages folder. HTML, escaped, each message under Telegram's limit.
 */
import type { AcceptOutcome, FolderEvent, UploadPreview } from '../../ingest/service.js';
import { countyTag } from './cases.js';
import { clip, escapeHtml, MAX_MESSAGE } from './html.js';

const STATUS_MARK: Record<UploadPreview['status'], string> = {
  new: '📄',
  replacement: '🔁',
  duplicate: '♻️',
  unusable: '⛔',
};

/** `6月2日 10:00` in the zone. */
export function shortTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/**
 * Lines into messages: each message holds whole lines and stays under `max`; later messages say
 * they continue. A line is never split (the callers keep lines short).
 */
export function packLines(lines: readonly string[], max = MAX_MESSAGE): string[] {
  const messages: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > max - 20 && current) {
      messages.push(current);
      current = `<i>（续）</i>\n${line}`;
    } else current = next;
  }
  if (current) messages.push(current.replace(/\n+$/, ''));
  return messages.length > 1 ? messages.map((m, i) => `${m}\n<i>（${i + 1}/${messages.length}）</i>`) : messages;
}

/** How an article is shown in a preview: two lines. */
function articleLines(a: UploadPreview['articles'][number], n: number): string[] {
  const who = a.reporters.length ? `通讯员 ${a.reporters.map(escapeHtml).join('、')}` : '未读出通讯员';
  const county = a.county
    ? escapeHtml(countyTag(a.county))
    : `<b>县区未识别</b>（入库后可用 /fix ${a.id} 县区 XX 指定）`;
  return [
    `${n}. <b>${escapeHtml(clip(a.headline, 60))}</b> ${county}`,
    `    ${who} · ${a.paragraphs} 段 · ${a.figures} 个数字 · 编号 ${a.id}`,
  ];
}

/**
 * The preview of an upload as messages (usually one; a page with very many articles or warnings
 * takes more, and the buttons go under the last). Every warning is shown.
 */
export function previewMessages(p: UploadPreview, timeZone: string): string[] {
  const lines: string[] = [`${STATUS_MARK[p.status]} <b>${escapeHtml(p.headline)}</b>`];
  const saveAs = p.status === 'duplicate' || p.status === 'unusable' ? '' : ` → 保存为 ${escapeHtml(p.target)}`;
  lines.push(`文件：${escapeHtml(clip(p.fileName, 60))}（${escapeHtml(p.encodingLabel)}）${saveAs}`);
  const from = p.dateSource === 'caption' ? '（来自说明）' : p.dateSource === 'file-name' ? '（来自文件名）' : '';
  lines.push(`引用：${escapeHtml(p.citation)}${from}`);
  if (p.duplicateOf) lines.push(`已入库的文件：${escapeHtml(p.duplicateOf.page)}`);
  for (const r of p.replaces)
    lines.push(`将替换：${escapeHtml(r.label)}（${escapeHtml(r.page)}，${r.articles} 篇文章），旧文件移入回收站`);

  if (p.articles.length) {
    lines.push('', `<b>文章（${p.articles.length}）</b>`);
    p.articles.forEach((a, i) => lines.push(...articleLines(a, i + 1)));
  }
  if (p.captions.length) {
    lines.push('', `<b>图片说明（${p.captions.length}）</b>`);
    for (const c of p.captions) {
      const by = c.photographers.length ? ` ■${c.photographers.map(escapeHtml).join('、')} 摄` : '';
      lines.push(`• ${escapeHtml(clip(c.text, 80))}${by}`);
    }
  }
  if (p.warnings.length) {
    lines.push('', `<b>⚠️ 提示（${p.warnings.length}）</b>`);
    for (const w of p.warnings) lines.push(`• ${escapeHtml(clip(w, 400))}`);
  }
  lines.push('');
  if (p.status === 'duplicate') lines.push('这个版面已经在案例库里了，不需要再次添加。');
  else if (p.status === 'unusable')
    lines.push('没有读出文章：请确认发送的是《济宁日报》党建版面的文字（每篇以“本报XX讯”开头）。');
  else {
    const until = p.expiresAt ? `，${shortTime(p.expiresAt, timeZone)} 前有效` : '';
    const verb = p.status === 'replacement' ? '“替换”' : '“入库”';
    lines.push(`请核对后按${verb}，或按“取消”放弃${until}。`);
  }
  return packLines(lines);
}

/** The reply to 入库 / 替换. */
export function acceptedText(outcome: Extract<AcceptOutcome, { kind: 'accepted' }>): string {
  const lines = [`${outcome.answerable ? '✅' : '⚠️'} ${escapeHtml(outcome.message)}`];
  lines.push(`文件：${escapeHtml(outcome.page.page)}`);
  for (const r of outcome.replaced) lines.push(`旧文件 ${escapeHtml(r.page.page)} 已移入回收站。`);
  if (outcome.articles.length) {
    lines.push('');
    for (const a of outcome.articles)
      lines.push(`• ${escapeHtml(clip(a.headline, 50))} ${escapeHtml(countyTag(a.county))} · 编号 ${a.id}`);
  }
  if (outcome.answerable) lines.push('', '可以直接提问试试，或发送 /latest 查看最新案例。');
  return packLines(lines)[0]!;
}

/** Messages to editors about a file that came or went in the pages folder (one, unless very long). */
export function folderEventMessages(event: FolderEvent): string[] {
  const mark = { added: '📂', replaced: '📂', refused: '⛔', duplicate: '♻️', removed: '🗑' }[event.kind];
  const lines = [`${mark} ${escapeHtml(event.message)}`];
  if (event.kind === 'added' || event.kind === 'replaced') {
    for (const a of event.articles)
      lines.push(`• ${escapeHtml(clip(a.headline, 50))} ${escapeHtml(countyTag(a.county))} · 编号 ${a.id}`);
    if (event.warnings.length) {
      lines.push('', `<b>⚠️ 提示（${event.warnings.length}）</b>`);
      for (const w of event.warnings) lines.push(`• ${escapeHtml(clip(w, 400))}`);
    }
  }
  return packLines(lines);
}

/** Said to someone who sends a document but is no editor. */
export function notEditorText(userId: number | undefined): string {
  return [
    '只有编辑可以通过发送文件添加版面。',
    `如需开通，请联系机器人管理员，把您的用户 ID${userId !== undefined ? ` <code>${userId}</code>` : ''} 加入 ADMIN_USER_IDS。`,
    '查询案例请直接发送文字问题。',
  ].join('\n');
}
