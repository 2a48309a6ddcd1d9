import { describe, expect, it } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { classify, isMessageNotModified, isUnreachableChat } from '../../src/bot/telegramErrors.js';
import { DeliveryError } from '../../src/daily/queue.js';

/** An error as grammY raises it for a failed Bot API call. */
function telegram(error_code: number, description: string, parameters: Record<string, number> = {}): GrammyError {
  return new GrammyError(
    `Call to 'sendMessage' failed!`,
    { ok: false, error_code, description, parameters },
    'sendMessage',
    {},
  );
}

describe('classify', () => {
  it.each([
    [telegram(429, 'Too Many Requests: retry after 7', { retry_after: 7 }), 'retryAfter'],
    [telegram(403, 'Forbidden: bot was blocked by the user'), 'gone'],
    [telegram(403, 'Forbidden: user is deactivated'), 'gone'],
    [telegram(400, 'Bad Request: chat not found'), 'gone'],
    [telegram(400, 'Bad Request: not enough rights: have no rights to send a message'), 'gone'],
    [
      telegram(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -100123 }),
      'migrated',
    ],
    [telegram(502, 'Bad Gateway'), 'network'],
    [telegram(500, 'Internal Server Error'), 'network'],
    [telegram(400, "Bad Request: can't parse entities"), 'other'],
    [new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET')), 'network'],
    [new Error('something else'), 'other'],
    ['a string', 'other'],
  ] as const)('%s → %s', (err, kind) => {
    expect(classify(err).kind).toBe(kind);
  });

  it('keeps retry_after and the new chat id', () => {
    expect(classify(telegram(429, 'Too Many Requests', { retry_after: 7 })).retryAfter).toBe(7);
    expect(classify(telegram(429, 'Too Many Requests')).retryAfter).toBe(5);
    expect(classify(telegram(400, 'upgraded', { migrate_to_chat_id: -100123 })).newChatId).toBe(-100123);
  });

  it('passes a DeliveryError through', () => {
    const e = new DeliveryError('gone', 'x');
    expect(classify(e)).toBe(e);
  });
});

describe('special answers', () => {
  it('an edit that changes nothing', () => {
    expect(
      isMessageNotModified(telegram(400, 'Bad Request: message is not modified: specified new message content')),
    ).toBe(true);
    expect(isMessageNotModified(telegram(400, 'Bad Request: message to edit not found'))).toBe(false);
    expect(isMessageNotModified(new Error('message is not modified'))).toBe(false);
  });

  it('a chat that cannot be written to', () => {
    expect(isUnreachableChat(telegram(403, 'Forbidden: bot was kicked from the group chat'))).toBe(true);
    expect(isUnreachableChat(telegram(502, 'Bad Gateway'))).toBe(false);
    expect(isUnreachableChat(new HttpError('down', new Error('ECONNREFUSED')))).toBe(false);
  });
});
