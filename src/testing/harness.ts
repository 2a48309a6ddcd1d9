import { InputFile, type Bot } from 'grammy';
import type { Chat, InlineQueryResult, Message, Update, User, UserFromGetMe } from 'grammy/types';
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

/** A file the bot sent: its name and bytes, or Telegram's id of a file sent before. */
export interface SentFile {
  kind: 'document' | 'photo';
  fileName: string;
  /** The uploaded bytes (read from the multipart InputFile); absent when a file id was re-sent. */
  bytes?: Buffer;
  /** Telegram's id of the file: given when an earlier upload is re-sent, assigned to an upload. */
  fileId?: string;
}

export interface OutgoingCall {
  method: string;
  payload: Record<string, unknown>;
  /** For sendDocument and sendPhoto: the file sent. */
  file?: SentFile;
  /** For messages sent: the id the (pretend) Telegram gave them. */
  messageId?: number;
}

export interface Button {
  label: string;
  /** Callback data; empty for buttons that send none (links, copy buttons). */
  data: string;
  /** What a copy button copies. */
  copy?: string;
  /** Where a link button goes. */
  url?: string;
}

/** A message the bot sent or edited, as a user would see it. */
export interface Reply {
  method: 'sendMessage' | 'editMessageText' | 'sendDocument' | 'sendPhoto';
  messageId: number;
  chatId: number;
  threadId?: number;
  /** The text, or a file's caption, as sent (HTML). */
  html: string;
  text: string;
  buttons: Button[][];
  /** The document or photo sent. */
  file?: SentFile;
}

/** One inline result as a user would see it offered, and the message it would post. */
export interface InlineResult {
  id: string;
  title: string;
  description: string;
  /** The message the result posts (HTML), and as plain text. */
  html: string;
  text: string;
  buttons: Button[][];
}

/** The bot's answer to an inline query. */
export interface InlineAnswer {
  results: InlineResult[];
  /** The button above the results (a hint that opens a private chat), if any. */
  button?: { text: string; startParameter?: string };
  isPersonal: boolean;
  cacheTime?: number;
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
    bot.api.config.use(async (_prev, method, payload) => {
      const p = (payload ?? {}) as Record<string, unknown>;
      const call: OutgoingCall = { method, payload: p, file: await sentFile(method, p) };
      this.calls.push(call);
      const failure = this.fail(method, p);
      if (failure) return { ok: false, ...failure } as never;
      const result = this.result(call);
      if (this.dispatching === 0 && this.onUnsolicited) for (const r of toReply(call)) this.onUnsolicited(r);
      return { ok: true, result } as never;
    });
  }

  private result(call: OutgoingCall): unknown {
    const { method, payload: p } = call;
    if (method === 'sendMessage' || method === 'sendDocument' || method === 'sendPhoto') {
      const chatId = Number(p.chat_id);
      const id = this.nextMessageId++;
      call.messageId = id;
      const file = call.file;
      const fileId = file?.fileId ?? `file-${id}`;
      if (file) file.fileId = fileId;
      const message = {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: chatId < 0 ? { ...GROUP_CHAT, id: chatId } : { ...PRIVATE_CHAT, id: chatId },
        from: { id: CONSOLE_BOT.id, is_bot: true, first_name: CONSOLE_BOT.first_name, username: CONSOLE_BOT.username },
        ...(method === 'sendMessage'
          ? { text: typeof p.text === 'string' ? p.text : '' }
          : { caption: typeof p.caption === 'string' ? p.caption : undefined }),
        ...(method === 'sendDocument'
          ? {
              document: {
                file_id: fileId,
                file_unique_id: fileId,
                file_name: file?.fileName,
                file_size: file?.bytes?.length,
              },
            }
          : {}),
        ...(method === 'sendPhoto'
          ? {
              photo: [{ file_id: fileId, file_unique_id: fileId, width: 0, height: 0, file_size: file?.bytes?.length }],
            }
          : {}),
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

  /** The last text message the bot sent to a chat (an answer, a list), not a file or photo. */
  lastText(chatId: number): Message | undefined {
    return [...this.sent].reverse().find((m) => m.chat.id === chatId && m.text !== undefined);
  }

  /**
   * Types an inline query (`@bot 金乡 党代表`) and returns the bot's answer, or undefined when it
   * gave none.
   */
  async inline(
    query: string,
    options: Pick<SendOptions, 'from'> & { chatType?: string } = {},
  ): Promise<InlineAnswer | undefined> {
    const before = this.calls.length;
    await this.dispatch({
      inline_query: {
        id: String(this.nextUpdateId * 7907),
        from: options.from ?? CONSOLE_USER,
        query,
        offset: '',
        chat_type: (options.chatType ?? 'sender') as 'sender',
      },
    });
    const call = this.calls.slice(before).find((c) => c.method === 'answerInlineQuery');
    return call && toInlineAnswer(call.payload);
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
    return this.calls.slice(before).flatMap((c) => toReply(c));
  }
}

const REPLY_METHODS = new Set<string>(['sendMessage', 'editMessageText', 'sendDocument', 'sendPhoto']);

/** The file of a sendDocument or sendPhoto call: the multipart upload's bytes, or a re-sent file id. */
async function sentFile(method: string, p: Record<string, unknown>): Promise<SentFile | undefined> {
  const kind = method === 'sendDocument' ? 'document' : method === 'sendPhoto' ? 'photo' : undefined;
  if (!kind) return undefined;
  const input = p[kind];
  if (typeof input === 'string') return { kind, fileName: '', fileId: input };
  if (!(input instanceof InputFile)) return undefined;
  const raw = await input.toRaw();
  const chunks: Uint8Array[] = [];
  if (raw instanceof Uint8Array) chunks.push(raw);
  else for await (const chunk of raw as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return { kind, fileName: input.filename ?? '', bytes: Buffer.concat(chunks) };
}

type MarkupButton = { text: string; callback_data?: string; url?: string; copy_text?: { text: string } };

function buttonsOf(markup: unknown): Button[][] {
  const rows = (markup as { inline_keyboard?: MarkupButton[][] } | undefined)?.inline_keyboard ?? [];
  return rows.map((row) =>
    row.map((b) => ({
      label: b.text,
      data: b.callback_data ?? '',
      ...(b.copy_text ? { copy: b.copy_text.text } : {}),
      ...(b.url ? { url: b.url } : {}),
    })),
  );
}

function toReply(call: OutgoingCall): Reply[] {
  if (!REPLY_METHODS.has(call.method)) return [];
  const p = call.payload;
  const html = typeof p.text === 'string' ? p.text : typeof p.caption === 'string' ? p.caption : '';
  return [
    {
      method: call.method as Reply['method'],
      messageId: Number(call.messageId ?? p.message_id ?? 0),
      chatId: Number(p.chat_id),
      threadId: p.message_thread_id === undefined ? undefined : Number(p.message_thread_id),
      html,
      text: htmlToPlain(html),
      buttons: buttonsOf(p.reply_markup),
      ...(call.file ? { file: call.file } : {}),
    },
  ];
}

function toInlineAnswer(p: Record<string, unknown>): InlineAnswer {
  const results = (p.results as InlineQueryResult[]).map((r) => {
    const article = r as InlineQueryResult & {
      title?: string;
      description?: string;
      input_message_content?: { message_text?: string };
    };
    const html = article.input_message_content?.message_text ?? '';
    return {
      id: r.id,
      title: article.title ?? '',
      description: article.description ?? '',
      html,
      text: htmlToPlain(html),
      buttons: buttonsOf(r.reply_markup),
    };
  });
  const button = p.button as { text: string; start_parameter?: string } | undefined;
  return {
    results,
    ...(button ? { button: { text: button.text, startParameter: button.start_parameter } } : {}),
    isPersonal: p.is_personal === true,
    cacheTime: typeof p.cache_time === 'number' ? p.cache_time : undefined,
  };
}
