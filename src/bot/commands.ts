import type { BotCommand } from 'grammy/types';

/**
 * The command table: the one list that Telegram's command menu (setMyCommands) and /help are made
 * from. Every command here has a handler (a test checks this); /start is /help's alias and is not
 * listed.
 */
export interface Command {
  command: string;
  /** The description in Telegram's command menu. */
  menu: string;
  /** The command's line in /help: `/command args —— text`. Commands covered by another's line have none. */
  help?: { args?: string; text: string };
}

export const COMMANDS: readonly Command[] = [
  {
    command: 'ask',
    menu: '提问，如：金乡党代表工作室接待了多少人',
    help: { args: '问题', text: '提问，例如 /ask 金乡党代表工作室接待了多少党员群众' },
  },
  {
    command: 'county',
    menu: '按县区浏览案例，如：/county 金乡',
    help: { args: '县区', text: '某县区的全部案例，例如 /county 金乡' },
  },
  {
    command: 'topics',
    menu: '按专题浏览案例（从案例中提炼）',
    help: { text: '从案例中提炼的专题，点选查看案例（也可以问“网格化的案例”）' },
  },
  {
    command: 'export',
    menu: '导出 Word 素材汇编，如：/export 平时考核',
    help: { args: '问题|县区|专题', text: '导出 Word 素材汇编，例如 /export 平时考核、/export 金乡' },
  },
  { command: 'random', menu: '随机看一篇案例', help: { text: '随机看一篇' } },
  { command: 'case', menu: '按编号阅读全文', help: { args: '编号', text: '阅读全文（编号见案例下方）' } },
  {
    command: 'subscribe',
    menu: '订阅每日案例，如：/subscribe 09:00',
    help: { args: '09:00', text: '每天定时推送一篇案例（/subscription 查看，/unsubscribe 取消）' },
  },
  { command: 'subscription', menu: '查看每日案例订阅' },
  { command: 'unsubscribe', menu: '取消每日案例' },
  { command: 'stats', menu: '案例库统计（附统计图）', help: { text: '案例库统计，附各县区案例数的统计图' } },
  { command: 'help', menu: '使用说明' },
];

/** Telegram's command menu. */
export function menuCommands(): BotCommand[] {
  return COMMANDS.map(({ command, menu }) => ({ command, description: menu }));
}

/** The command lines of /help. */
export function helpLines(): string[] {
  return COMMANDS.flatMap(({ command, help }) =>
    help ? [`/${command}${help.args ? ` ${help.args}` : ''} —— ${help.text}`] : [],
  );
}
