import { helpLines } from '../commands.js';

/**
 * What the bot is, how to ask in this kind of chat, and the commands (from the command table).
 * An editor in a private chat also sees the editors' commands and how to add a page.
 */
export function helpText(articles: number, group: boolean, username: string, editor = false): string {
  const how = group ? `在群里，请用 /ask 加问题，或 @${username} 提问，或直接回复我的消息。` : '直接发问题给我就行。';
  return [
    '📚 <b>济宁党建典型经验案例库</b>',
    `收录《济宁日报》党建版面的 ${articles} 篇典型经验，答案附原文数字，可直接引用到材料里。`,
    how,
    ['<b>常用命令</b>', ...helpLines()].join('\n'),
    ...(editor
      ? [
          [
            '<b>编辑功能</b>',
            '添加版面：把版面的 .txt 文件发给我，说明里写上日期和版次（如 2024-05-21 第7版），核对预览后按“入库”。',
            ...helpLines(true),
          ].join('\n'),
        ]
      : []),
    '点下面的例子试试：',
  ].join('\n\n');
}
