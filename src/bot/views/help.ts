import { helpLines } from '../commands.js';

/** What the bot is, how to ask in this kind of chat, and the commands (from the command table). */
export function helpText(articles: number, group: boolean, username: string): string {
  const how = group ? `在群里，请用 /ask 加问题，或 @${username} 提问，或直接回复我的消息。` : '直接发问题给我就行。';
  return [
    '📚 <b>济宁党建典型经验案例库</b>',
    `收录《济宁日报》党建版面的 ${articles} 篇典型经验，答案附原文数字，可直接引用到材料里。`,
    how,
    ['<b>常用命令</b>', ...helpLines()].join('\n'),
    '点下面的例子试试：',
  ].join('\n\n');
}
