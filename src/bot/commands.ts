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
  /**
   * Editors' only (ADMIN_USER_IDS): shown in the menu of editors' private chats (a chat-scoped
   * command list) and in /help there, nowhere else.
   */
  editor?: boolean;
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
  { command: 'latest', menu: '最新的案例', help: { args: '[县区]', text: '按版面日期从新到旧列出案例' } },
  { command: 'pages', menu: '已收录的版面', help: { text: '已收录的版面：日期、版次、文章数、由谁何时添加' } },
  { command: 'help', menu: '使用说明' },
  {
    command: 'date',
    menu: '补录版面日期，如：/date 页面 2024-05-21 第7版',
    help: { args: '页面 2024-05-21 第7版', text: '给已入库的版面补录或更正日期、版次' },
    editor: true,
  },
  {
    command: 'fix',
    menu: '更正案例的县区或标题',
    help: { args: '编号 县区 经开区', text: '更正案例的县区；/fix 编号 标题 新标题 更正标题' },
    editor: true,
  },
  { command: 'fixes', menu: '已做的更正', help: { text: '列出所有更正' }, editor: true },
  {
    command: 'removepage',
    menu: '移除一个版面（移入回收站）',
    help: { args: '页面', text: '移除版面（确认后移入回收站，不会删除）' },
    editor: true,
  },
];

/** Telegram's command menu for everyone (editors' commands left out). */
export function menuCommands(): BotCommand[] {
  return COMMANDS.filter((c) => !c.editor).map(({ command, menu }) => ({ command, description: menu }));
}

/** The command menu of an editor's private chat: everyone's commands and the editors'. */
export function editorMenuCommands(): BotCommand[] {
  return COMMANDS.map(({ command, menu }) => ({ command, description: menu }));
}

/** The command lines of /help (with `editor`, the editors' commands only). */
export function helpLines(editor = false): string[] {
  return COMMANDS.flatMap(({ command, help, editor: only }) =>
    help && Boolean(only) === editor ? [`/${command}${help.args ? ` ${help.args}` : ''} —— ${help.text}`] : [],
  );
}
