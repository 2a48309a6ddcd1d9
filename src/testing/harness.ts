import type { Bot } from 'grammy';
import type { Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { htmlToPlain } from '../bot/views/html.js';

/** The bot identity used where no Telegram server is asked (console chat, tests). */
export const CONSOLE_BOT: UserFromGetMe = {
  id: 700000001,
  is_bot: true,
  first_name: '济宁案例库',
  username: 'jining_casebook_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export const CONSOLE_USER: User = {
  id: 42,
  is_bot: false,
  first_name: '组工干部',
  username: 'zugong',
  language_code: 'zh-hans',
};
export const PRIVATE_CHAT: Chat.PrivateChat = { id: 42, type: 'private', first_name: '组工干部' };
export const GROUP_CHAT: Chat.SupergroupChat = { id: -1001234567890, type: 'supergroup', title: '组织部工作群' };

export interface OutgoingCall {
  method: string;
  payload: Record<string, unknown>;
}

export interface Button {
  label: string;
  data: string;
}

/** A message the bot sent or edited, as a user would see it. */
export interface Reply {
  method: 'sendMessage' | 'editMessageText';
  messageId: number;
  chatId: number;
  threadId?: number;
  html: string;
  text: string;
  buttons: Button[][];
}

export interface SendOptions {
  chat?: Chat;
  from?: User;
  threadId?: number;
  replyTo?: Message;
  edited?: boolean;
}

type Failure = (
  method: string,
  payload: Record<string, unknown>,
) => { error_code: number; description: string; parameters?: Record<string, unknown> } | undefined;

/**
 * Drives a bot through `handleUpdate` with an API transformer that records every outgoing call
 * and answers it as Telegram would, without any network.
 */
export class ChatHarness {
  readonly calls: OutgoingCall[] = [];
  /** Make a method fail (e.g. 403 or 429) to test error handling. */
  fail: Failure = () => undefined;
  /** What getChatMember answers. */
  memberStatus: (chatId: number, userId: number) => string = () => 'member';
  /** Called for messages the bot sends on its own (daily deliveries), outside any update. */
  onUnsolicited?: (reply: Reply) => void;
  private dispatching = 0;
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  private sent: Message[] = [];

  constructor(readonly bot: Bot) {
    bot.api.config.use((_prev, method, payload) => {
      const p = (payload ?? {}) as Record<string, unknown>;
      this.calls.push({ method, payload: p });
      if (this.dispatching === 0 && this.onUnsolicited)
        for (const r of toReply({ method, payload: p }, this.nextMessageId)) this.onUnsolicited(r);
      const failure = this.fail(method, p);
      if (failure) return Promise.resolve({ ok: false, ...failure } as never);
      return Promise.resolve({ ok: true, result: this.result(method, p) } as never);
    });
  }

  private result(method: string, p: Record<string, unknown>): unknown {
    if (method === 'sendMessage') {
      const chatId = Number(p.chat_id);
      const message = {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: chatId < 0 ? { ...GROUP_CHAT, id: chatId } : { ...PRIVATE_CHAT, id: chatId },
        from: { id: CONSOLE_BOT.id, is_bot: true, first_name: CONSOLE_BOT.first_name, username: CONSOLE_BOT.username },
        text: typeof p.text === 'string' ? p.text : '',
        ...(p.message_thread_id ? { message_thread_id: Number(p.message_thread_id), is_topic_message: true } : {}),
        ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
      } as Message;
      this.sent.push(message);
      return message;
    }
    if (method === 'editMessageText') return true;
    if (method === 'getChatMember') {
      return {
        status: this.memberStatus(Number(p.chat_id), Number(p.user_id)),
        user: { ...CONSOLE_USER, id: Number(p.user_id) },
      };
    }
    if (method === 'getMe') return this.bot.botInfo;
    return true;
  }

  /** The last message the bot sent to a chat. */
  lastSent(chatId: number): Message | undefined {
    return [...this.sent].reverse().find((m) => m.chat.id === chatId);
  }

  /** Sends a text (a command if it starts with `/`) and returns what the bot replied. */
  async send(text: string, options: SendOptions = {}): Promise<Reply[]> {
    const chat = options.chat ?? PRIVATE_CHAT;
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: options.from ?? CONSOLE_USER,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...(options.threadId ? { message_thread_id: options.threadId, is_topic_message: true } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    } as Message.TextMessage;
    const update = (options.edited ? { edited_message: { ...message, edit_date: message.date } } : { message }) as Omit<
      Update,
      'update_id'
    >;
    return this.dispatch(update);
  }

  /** Sends any message (a sticker, a photo…) built by the caller. */
  async sendMessage(message: Partial<Message>, options: SendOptions = {}): Promise<Reply[]> {
    const full = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: options.chat ?? PRIVATE_CHAT,
      from: options.from ?? CONSOLE_USER,
      ...message,
    } as Message;
    return this.dispatch({ message: full } as Omit<Update, 'update_id'>);
  }

  /** Presses an inline button (by its callback data) on a message the bot sent. */
  async press(data: string, on?: Message, options: SendOptions = {}): Promise<Reply[]> {
    const chat = options.chat ?? on?.chat ?? PRIVATE_CHAT;
    const message = on ?? this.lastSent(chat.id) ?? { message_id: 1, date: 0, chat };
    return this.dispatch({
      callback_query: {
        id: String(this.nextUpdateId * 7919),
        from: options.from ?? CONSOLE_USER,
        chat_instance: 'console',
        message: message as never,
        data,
      },
    });
  }

  /**
   * Presses a button on an inline message (one sent through inline mode, in someone else's chat):
   * the callback query carries an `inline_message_id` and no message or chat.
   */
  async pressInline(data: string, options: Pick<SendOptions, 'from'> = {}): Promise<Reply[]> {
    return this.dispatch({
      callback_query: {
        id: String(this.nextUpdateId * 7919),
        from: options.from ?? CONSOLE_USER,
        chat_instance: 'inline',
        inline_message_id: 'AAAAAQAAAAEAAAAB',
        data,
      },
    });
  }

  async dispatch(update: Omit<Update, 'update_id'>): Promise<Reply[]> {
    const before = this.calls.length;
    this.dispatching++;
    try {
      await this.bot.handleUpdate({ update_id: this.nextUpdateId++, ...update });
    } finally {
      this.dispatching--;
    }
    return this.calls.slice(before).flatMap((c) => toReply(c, this.nextMessageId));
  }
}

function toReply(call: OutgoingCall, fallbackId: number): Reply[] {
  if (call.method !== 'sendMessage' && call.method !== 'editMessageText') return [];
  const p = call.payload;
  const markup = p.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  const html = typeof p.text === 'string' ? p.text : '';
  return [
    {
      method: call.method,
      messageId: Number(p.message_id ?? fallbackId - 1),
      chatId: Number(p.chat_id),
      threadId: p.message_thread_id === undefined ? undefined : Number(p.message_thread_id),
      html,
      text: htmlToPlain(html),
      buttons: (markup?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({ label: b.text, data: b.callback_data ?? '' })),
      ),
    },
  ];
}
