import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Bot } from 'grammy';
import type { Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { htmlToPlain } from '../bot/views/html.js';
import { FileDownloadError, httpFileFetcher, type FileFetcher } from '../bot/files.js';

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
  /** The id of the message a sendMessage call made. */
  messageId?: number;
}

export interface Button {
  label: string;
  /** The callback data; empty for buttons that send nothing (copy_text). */
  data: string;
  /** What a copy_text button copies to the clipboard (Bot API 7.11); such a button is not pressed. */
  copyText?: string;
}

/** A document to send as a user would: a file on disk, or bytes with a name. */
export type DocumentSource = { path: string; fileName?: string } | { bytes: Uint8Array; fileName: string };

interface HeldFile {
  bytes?: Uint8Array;
  path?: string;
  size: number;
}

const MIME: Record<string, string> = {
  '.txt': 'text/plain',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.wps': 'application/vnd.ms-works',
};

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
  /**
   * Answer getFile with the file's absolute path, as a local Bot API server (`--local`) does,
   * instead of a path under the file route.
   */
  localFilePaths = false;
  private readonly files = new Map<string, HeldFile>();
  private nextFileId = 1;
  private dispatching = 0;
  private nextMessageId = 1000;
  private nextUpdateId = 1;
  private sent: Message[] = [];

  constructor(readonly bot: Bot) {
    bot.api.config.use((_prev, method, payload) => {
      const p = (payload ?? {}) as Record<string, unknown>;
      const call: OutgoingCall = { method, payload: p };
      this.calls.push(call);
      const failure = this.fail(method, p);
      const result = failure ? undefined : this.result(method, p);
      if (method === 'sendMessage' && result) call.messageId = (result as Message).message_id;
      if (this.dispatching === 0 && this.onUnsolicited) for (const r of toReply(call)) this.onUnsolicited(r);
      if (failure) return Promise.resolve({ ok: false, ...failure } as never);
      if (result === undefined)
        return Promise.resolve({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } as never);
      return Promise.resolve({ ok: true, result } as never);
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
    if (method === 'getFile') {
      const id = String(p.file_id);
      const file = this.files.get(id);
      if (!file) return undefined;
      const path = this.localFilePaths && file.path ? file.path : `documents/${id}`;
      return { file_id: id, file_unique_id: `u${id}`, file_size: file.size, file_path: path };
    }
    return true;
  }

  /**
   * Serves the files sent with sendDocument, as the Bot API's file route would: the console's and
   * the tests' FileFetcher (pass it to createBot). `file:` URLs, which a local Bot API server's
   * paths become, are read from disk by the production fetcher.
   */
  readonly fetchFile: FileFetcher = async (url, options) => {
    if (url.protocol === 'file:') return httpFileFetcher()(url, options);
    const m = /\/file\/bot[^/]+\/documents\/([^/]+)$/.exec(url.pathname);
    const file = m ? this.files.get(decodeURIComponent(m[1]!)) : undefined;
    if (!file) throw new FileDownloadError('文件不存在（HTTP 404）', 'unavailable');
    if (file.size > options.maxBytes) throw new FileDownloadError('文件超过上限', 'too-large');
    return file.bytes ?? new Uint8Array(readFileSync(file.path!));
  };

  /**
   * Sends a document as Telegram delivers one: a message with `document` (file id, name, MIME
   * type, size) and the caption; the bytes are fetched later through getFile and the file route.
   */
  async sendDocument(source: DocumentSource, caption?: string, options: SendOptions = {}): Promise<Reply[]> {
    const fileId = `doc${this.nextFileId++}${extname(source.fileName ?? ('path' in source ? source.path : '')).toLowerCase()}`;
    let held: HeldFile;
    let fileName: string;
    if ('path' in source) {
      const path = resolve(source.path);
      held = { path, size: statSync(path).size };
      fileName = source.fileName ?? basename(path);
    } else {
      held = { bytes: source.bytes, size: source.bytes.length };
      fileName = source.fileName;
    }
    this.files.set(fileId, held);
    const mime = MIME[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
    const message: Partial<Message> = {
      document: {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_name: fileName,
        mime_type: mime,
        file_size: held.size,
      },
      ...(caption ? { caption } : {}),
    };
    return this.sendMessage(message, options);
  }

  /** A message the bot sent to a chat, by id. */
  sentMessage(chatId: number, messageId: number): Message | undefined {
    return this.sent.find((m) => m.chat.id === chatId && m.message_id === messageId);
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
    return this.calls.slice(before).flatMap((c) => toReply(c));
  }
}

function toReply(call: OutgoingCall): Reply[] {
  if (call.method !== 'sendMessage' && call.method !== 'editMessageText') return [];
  const p = call.payload;
  const markup = p.reply_markup as
    { inline_keyboard?: { text: string; callback_data?: string; copy_text?: { text: string } }[][] } | undefined;
  const html = typeof p.text === 'string' ? p.text : '';
  return [
    {
      method: call.method,
      messageId: Number(p.message_id ?? call.messageId ?? 0),
      chatId: Number(p.chat_id),
      threadId: p.message_thread_id === undefined ? undefined : Number(p.message_thread_id),
      html,
      text: htmlToPlain(html),
      buttons: (markup?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({
          label: b.text,
          data: b.callback_data ?? '',
          ...(b.copy_text ? { copyText: b.copy_text.text } : {}),
        })),
      ),
    },
  ];
}
