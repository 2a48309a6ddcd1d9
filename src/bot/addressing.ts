import type { Context } from 'grammy';

const QUESTION_LIKE = /[？?]|哪些|哪个|哪里|多少|几[个名处项次人支条篇]|怎么|怎样|如何|什么|有没有|是否|吗$|呢$/u;

/** Looks like a question (for groups that asked the bot to answer every question). */
export function isQuestionLike(text: string): boolean {
  return QUESTION_LIKE.test(text);
}

/**
 * The question in a text message, or undefined when the bot should stay quiet. In private chats
 * any text is a question. In groups the bot answers replies to its own messages and @mentions,
 * and, with `answerAll` (privacy mode off), question-like messages.
 */
export function addressedQuestion(ctx: Context, answerAll: boolean): string | undefined {
  const msg = ctx.msg;
  const text = msg?.text;
  if (!msg || text === undefined || text.startsWith('/')) return undefined;
  if (ctx.chat?.type === 'private') return text;
  const me = ctx.me;
  if (msg.reply_to_message?.from?.id === me.id) return text;
  const mention = new RegExp(`@${me.username}\\b`, 'i');
  if (mention.test(text)) return text.replace(mention, ' ').trim();
  if (answerAll && isQuestionLike(text)) return text;
  return undefined;
}

/** True when the chat is a group or supergroup. */
export function inGroup(ctx: Context): boolean {
  return ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';
}
